"""Translate a :class:`~bayesreg.model.Model` into the numbers a Gibbs kernel needs.

Every supported prior is a normal scale mixture, conditionally on sigma
(DESIGN.md): ``w_j | sigma^2, d_j ~ N(0, sigma^2 d_j)`` with prior precision per unit
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

The horseshoe (``HORSESHOE``) is the one prior outside that family: ``inv_tau2_j`` is
``1 / lambda_j^2`` and ``h = tau^2``, so ``1 / d_j = inv_tau2_j / h`` (Makalic & Schmidt 2016).

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

from ..hyperpriors import GammaHyperprior
from ..likelihoods import GaussianLikelihood, LaplaceLikelihood, StudentTLikelihood
from ..model import Model
from ..noise import HalfCauchySigma, JeffreysSigma
from ..priors import (
    ElasticNetPrior,
    GaussianPrior,
    HorseshoePrior,
    LaplacePrior,
    ParkCasellaLaplacePrior,
)

__all__ = ["ALPHA_LASSO", "ELASTIC_NET", "HORSESHOE", "PARK_CASELLA", "RIDGE", "GibbsSpec", "gibbs_spec"]

RIDGE, PARK_CASELLA, ALPHA_LASSO, ELASTIC_NET, HORSESHOE = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class GibbsSpec:
    """Numbers that define the Gibbs kernel of one model on one data set.

    Attributes
    ----------
    kind : int
        ``RIDGE``, ``PARK_CASELLA``, ``ALPHA_LASSO``, ``ELASTIC_NET`` or ``HORSESHOE``.
    u_b, u_g : float
        Unit Laplace and Gaussian rates (see module docstring).
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

    def hyper_value(self, h):
        """The reported hyperparameter: ``sqrt(h)`` (``lam`` for Park & Casella, ``tau``), else ``h``."""
        return np.sqrt(h) if self.kind in (PARK_CASELLA, HORSESHOE) else h


def _unit_rates(model: Model, prior_at_one, n: float) -> tuple[float, float]:
    beta, gamma = prior_at_one.rates(model.kappa(1.0, n), 1.0)
    return float(beta), float(gamma)


_MIXTURES = {GaussianLikelihood: "gaussian", StudentTLikelihood: "student-t", LaplaceLikelihood: "laplace"}


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
        either form, elastic net, horseshoe) with a positive strength; a Gaussian,
        Student-t or Laplace likelihood (the latter with a prior whose scale is
        proportional to sigma); the Jeffreys or half-Cauchy sigma prior; and a Gamma
        hyperprior where one is given (none for the elastic net).
    """
    if not isinstance(model, Model):
        raise TypeError(f"{who} needs a bayesreg.Model; got {type(model).__name__}.")
    prior = model.prior
    mixture = _MIXTURES.get(type(model.likelihood))
    if mixture is None:
        raise ValueError(
            f"{who} needs a GaussianLikelihood, StudentTLikelihood or LaplaceLikelihood; "
            f"got {type(model.likelihood).__name__}."
        )
    if isinstance(model.sigma_prior, JeffreysSigma):
        sigma_A2 = 0.0
    elif isinstance(model.sigma_prior, HalfCauchySigma):
        sigma_A2 = model.sigma_prior.scale**2
    else:  # ValueError, as for every unsupported model part (supports_gibbs catches it)
        raise ValueError(  # noqa: TRY004
            f"{who} needs the JeffreysSigma or HalfCauchySigma prior on sigma; got {type(model.sigma_prior).__name__}."
        )
    hyper = prior.hyperprior
    if hyper is not None and not isinstance(hyper, GammaHyperprior):
        raise ValueError(f"{who} supports a GammaHyperprior; got {type(hyper).__name__}.")
    if isinstance(prior, (GaussianPrior, LaplacePrior, ElasticNetPrior)) and prior.alpha <= 0:
        raise ValueError(
            f"{who} needs alpha > 0 (alpha=0 is the improper flat prior, not a scale mixture); "
            f"got {type(prior).__name__}(alpha={prior.alpha!r}). Use sample_exact for ridge."
        )
    common = {
        "has_hyper": hyper is not None,
        "hyper_shape": hyper.shape if hyper is not None else 0.0,
        "hyper_rate": hyper.rate if hyper is not None else 0.0,
        "sigma_A2": sigma_A2,
        "mixture": mixture,
    }
    if isinstance(prior, HorseshoePrior):
        fixed = prior.tau is not None
        common.update(has_hyper=not fixed, hyper_shape=0.0, hyper_rate=1.0 / prior.global_scale**2)
        h0 = prior.tau**2 if fixed else prior.global_scale**2
        return GibbsSpec(HORSESHOE, 0.0, 0.0, h0, hyper_name=None if fixed else "tau", laplace_form="none", **common)
    if isinstance(prior, ParkCasellaLaplacePrior):
        u_b, _ = _unit_rates(model, ParkCasellaLaplacePrior(1.0), n)
        return GibbsSpec(
            PARK_CASELLA, u_b, 0.0, prior.lam**2, hyper_name="lam" if hyper else None,
            laplace_form="park-casella", **common,
        )
    lasso = isinstance(prior, LaplacePrior) or (isinstance(prior, ElasticNetPrior) and prior.l1_ratio == 1.0)
    if mixture == "laplace":
        # kappa = 1/s: only a Laplace scale proportional to s keeps sigma^2 conjugate.
        if lasso and hyper is None:
            u_b, _ = _unit_rates(model, LaplacePrior(1.0), n)
            return GibbsSpec(PARK_CASELLA, u_b * prior.alpha, 0.0, 1.0, hyper_name=None, laplace_form="alpha", **common)
        raise ValueError(
            f"{who} with a LaplaceLikelihood needs a prior whose scale is proportional to sigma "
            f"(ParkCasellaLaplacePrior, HorseshoePrior, or LaplacePrior with a fixed alpha); "
            f"{prior!r} is not (kappa = 1/s makes its scale proportional to s or sqrt(s) otherwise). "
            "Use sampler='nuts'."
        )
    if isinstance(prior, GaussianPrior):
        _, u_g = _unit_rates(model, GaussianPrior(1.0), n)
        return GibbsSpec(RIDGE, 0.0, u_g, prior.alpha, hyper_name="alpha" if hyper else None, laplace_form="none", **common)
    if lasso:
        u_b, _ = _unit_rates(model, LaplacePrior(1.0), n)
        return GibbsSpec(ALPHA_LASSO, u_b, 0.0, prior.alpha, hyper_name="alpha" if hyper else None, laplace_form="alpha", **common)
    if isinstance(prior, ElasticNetPrior):
        if hyper is not None:  # pragma: no cover - ElasticNetPrior takes no hyperprior argument
            raise ValueError(f"{who}: the elastic net takes a fixed alpha.")
        u_b, u_g = _unit_rates(model, ElasticNetPrior(1.0, prior.l1_ratio), n)
        kind = RIDGE if u_b == 0.0 else ELASTIC_NET
        return GibbsSpec(kind, u_b, u_g, prior.alpha, hyper_name=None, laplace_form="alpha" if u_b else "none", **common)
    raise ValueError(
        f"{who} needs a scale-mixture prior (GaussianPrior, LaplacePrior, ParkCasellaLaplacePrior, "
        f"ElasticNetPrior, HorseshoePrior); got {type(prior).__name__}."
    )
