"""Former name of :mod:`bayesreg.sigma_priors` (kept so that existing imports keep working)."""

from .sigma_priors import HalfCauchySigma, JeffreysSigma, SigmaPrior

__all__ = ["SigmaPrior", "JeffreysSigma", "HalfCauchySigma"]
