"""Full posteriors: PyMC NUTS (any model) and exact samplers where they exist."""

from ._pymc import build_pymc_model, sample_nuts

__all__ = ["build_pymc_model", "sample_nuts"]
