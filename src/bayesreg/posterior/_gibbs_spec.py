"""Translate a :class:`~bayesreg.model.Model` into the numbers a Gibbs kernel needs.

Every supported prior is a normal scale mixture, conditionally on sigma
(``docs/math-contract.md``): ``w_j | sigma^2, d_j ~ N(0, sigma^2 d_j)`` with prior precision per unit
``sigma^-2``

    1 / d_j = inv_tau2_j + u_g * h,

where ``h`` is the regularization parameter (fixed, or drawn under a hyperprior),
``u_g`` the prior's Gaussian rate at ``h = 1`` and ``inv_tau2_j = 1 / tau_j^2`` the
Laplace part's latent precision (Park & Casella 2008; Li & Lin 2010):
``tau_j^2 ~ Exp(rate L^2 / 2)`` with ``L = u_b sqrt(h)`` (Park & Casella form,
``h = lam^2``) or ``L = u_b h / sigma`` (alpha form, ``h = alpha``).

The unit rates ``u_b`` and ``u_g`` come from the prior's own :meth:`Prior.rates`
evaluated at ``h = 1`` and ``sigma = 1``, so no mapping from ``alpha`` to rates is
re-derived here.

The horseshoe (``HORSESHOE``) is outside that family: ``inv_tau2_j`` is
``1 / lambda_j^2`` and ``h = tau^2``, so ``1 / d_j = inv_tau2_j / h`` (Makalic & Schmidt 2016);
``INV_GAMMA_SCALES`` has the same precision with inverse-gamma latent scales (Student-t).

Each prior produces its own kind and numbers
(:meth:`~bayesreg.priors.ScaleMixturePrior.gibbs_terms`); this module only checks the parts
every kind shares (likelihood mixture, sigma prior, hyperprior) and packs the numbers.

Likelihoods: the Gaussian, and the Student-t and Laplace through their normal scale
mixtures ``y_i | v_i ~ N(mu_i, sigma^2 v_i)`` (:mod:`._gibbs_robust`). Given ``v`` the
sweep is the Gaussian one on reweighted data, so the ``sigma^2`` step stays conjugate
whenever the prior's scale is proportional to sigma: always for the Student-t (its
``kappa`` is the Gaussian one), and for the Laplace likelihood (``kappa_sum = 1 / s``)
only for scale-form priors (Park & Casella, horseshoe) and the alpha-form lasso with a
fixed alpha, whose Laplace scale ``s / (2 n alpha)`` is then the Park & Casella one with
``lam = 2 n alpha``.

Sigma priors: Jeffreys, or ``HalfCauchySigma(A)`` through its auxiliary variable
(``sigma_A2 = A^2``; see :mod:`._gibbs_kernels`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._kinds import ALPHA_LASSO, ELASTIC_NET, HORSESHOE, INV_GAMMA_SCALES, PARK_CASELLA, RIDGE
from ..model import Model
from ..priors import ScaleMixturePrior

__all__ = [
    "ALPHA_LASSO", "ELASTIC_NET", "HORSESHOE", "INV_GAMMA_SCALES", "PARK_CASELLA", "RIDGE", "GibbsSpec", "gibbs_spec",
]


@dataclass(frozen=True)
class GibbsSpec:
    """Numbers that define the Gibbs kernel of one model on one data set.

    Attributes
    ----------
    kind : int
        A kind of :mod:`bayesreg._kinds` (``RIDGE``, ``PARK_CASELLA``, ``ALPHA_LASSO``,
        ``ELASTIC_NET``, ``HORSESHOE``, ``INV_GAMMA_SCALES``).
    u_b, u_g : float
        Unit Laplace and Gaussian rates (see module docstring); the latent law's shape and
        rate for ``INV_GAMMA_SCALES``.
    h0 : float
        Fixed value, or starting value under a hyperprior (``lam**2`` for Park & Casella).
    has_hyper : bool
    hyper_shape, hyper_rate : float
        Gamma hyperprior (0 when fixed); for the horseshoe ``hyper_rate = 1 / global_scale^2``.
    hyper_name : str or None
        Posterior variable name of the hyperparameter (``"alpha"``, ``"lam"`` or ``"tau"``).
    laplace_form : {"none", "alpha", "park-casella"}
    sigma_A2 : float
        ``A^2`` of a ``HalfCauchySigma(A)`` prior; 0 for Jeffreys.
    mixture : {"gaussian", "student-t", "laplace"}
        The likelihood's normal scale mixture (``"gaussian"``: none).
    hyper_sqrt : bool
        Whether the kernel's ``h`` is the square of the reported parameter (``lam``, ``tau``).
    """

    kind: int
    u_b: float
    u_g: float
    h0: float
    has_hyper: bool
    hyper_shape: float
    hyper_rate: float
    hyper_name: str | None
    laplace_form: str
    sigma_A2: float = 0.0
    mixture: str = "gaussian"
    hyper_sqrt: bool = False

    def hyper_value(self, h):
        """The reported hyperparameter: ``sqrt(h)`` (``lam`` for Park & Casella, ``tau``), else ``h``."""
        return np.sqrt(h) if self.hyper_sqrt else h


def gibbs_spec(model: Model, n: float, who: str = "sample_gibbs") -> GibbsSpec:
    """Check that ``model`` has closed-form Gibbs conditionals and return its spec.

    Parameters
    ----------
    model : Model
    n : float
        Sum of the frequency weights (the ``n`` of the "mean" loss convention).
    who : str
        Name used in error messages.

    Raises
    ------
    TypeError
        ``model`` is not a :class:`~bayesreg.model.Model`.
    ValueError
        Naming what the sampler needs: a scale-mixture prior (Gaussian, Laplace in
        either form, elastic net, horseshoe, Student-t) with a positive strength; a Gaussian,
        Student-t or Laplace likelihood (the latter with a prior whose scale is
        proportional to sigma); the Jeffreys or half-Cauchy sigma prior; and a Gamma
        hyperprior where one is given (none for the elastic net).
    """
    if not isinstance(model, Model):
        raise TypeError(f"{who} needs a bayesreg.Model; got {type(model).__name__}.")
    prior = model.prior
    mixture = model.likelihood.gibbs_mixture
    if mixture is None:
        raise ValueError(
            f"{who} needs a GaussianLikelihood, StudentTLikelihood or LaplaceLikelihood; "
            f"got {type(model.likelihood).__name__}."
        )
    sigma_A2 = model.sigma_prior.gibbs_A2
    if sigma_A2 is None:
        raise ValueError(
            f"{who} needs the JeffreysSigma or HalfCauchySigma prior on sigma; got {type(model.sigma_prior).__name__}."
        )
    hyper = prior.hyperprior
    if hyper is not None and not hyper.is_gamma:
        raise ValueError(f"{who} supports a GammaHyperprior; got {type(hyper).__name__}.")
    if not isinstance(prior, ScaleMixturePrior):
        raise ValueError(
            f"{who} needs a scale-mixture prior (GaussianPrior, LaplacePrior, ParkCasellaLaplacePrior, "
            f"ElasticNetPrior, HorseshoePrior, StudentTPrior); got {type(prior).__name__}."
        )
    terms = {
        "has_hyper": hyper is not None,
        "hyper_shape": hyper.shape if hyper is not None else 0.0,
        "hyper_rate": hyper.rate if hyper is not None else 0.0,
        **prior.gibbs_terms(model, n, who),
    }
    return GibbsSpec(sigma_A2=float(sigma_A2), mixture=mixture, **terms)
