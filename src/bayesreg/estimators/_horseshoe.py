"""``BayesHorseshoe``: the horseshoe prior behind the same estimator API (Gibbs sampler)."""

from __future__ import annotations

from .._strategy import AlphaPlan
from .._validation import Interval, Options
from ..model import Model
from ..priors import HorseshoePrior
from ..sigma_priors import SigmaPrior
from ._base import EXACT_FIT_CHECKS, STOCHASTIC_PATH_CHECKS, BayesEstimatorBase

__all__ = ["BayesHorseshoe"]


class BayesHorseshoe(BayesEstimatorBase):
    """Bayesian regression with the horseshoe prior (Carvalho, Polson & Scott 2010).

    ``w_j | lambda_j, tau, sigma ~ Normal(0, sigma^2 lambda_j^2 tau^2)``,
    ``lambda_j ~ HalfCauchy(0, 1)``, ``tau ~ HalfCauchy(0, global_scale)``; flat intercept,
    Jeffreys ``p(sigma) ∝ 1/sigma`` by default. Sampled exactly by the auxiliary-variable
    Gibbs sampler of Makalic & Schmidt (2016).

    Unlike ridge, lasso and elastic net, the horseshoe has no penalized twin: its density
    is infinite at ``w = 0``, so it has no finite mode to compare with a penalized fit, and
    there are no ``coef_map_`` / ``map_`` attributes. Its posterior mean shrinks small
    weights strongly and large ones hardly at all.

    Parameters
    ----------
    global_scale : float, default=1.0
        Scale of the half-Cauchy prior on ``tau`` (> 0, unitless: ``tau`` multiplies
        ``sigma``). Piironen & Vehtari (2017) suggest ``p0 / (p - p0) / sqrt(n)`` for
        ``p0`` expected non-zero weights.
    fit_intercept : bool, default=True
    sigma_prior : None, "jeffreys" or SigmaPrior, default=None
        ``HalfCauchySigma(scale)`` is a proper alternative to Jeffreys'.
    sampler : {"auto", "gibbs"}, default="auto"
        Both mean the Gibbs sampler (PyMC's NUTS is known to diverge on the horseshoe).
    draws, tune, chains : int, default=1000, 1000, 2
    random_state : int, numpy.random.Generator or None
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        As in :class:`~bayesreg.BayesRidge`: ``log_likelihood`` and ``posterior_predictive``
        in ``idata_`` (for ``az.loo``, ``az.compare``, ``az.plot_ppc``).

    Attributes
    ----------
    coef_, intercept_, sigma_ : posterior means
    idata_ : arviz.InferenceData
        ``coef`` (chain, draw, feature), ``intercept``, ``sigma``, ``tau``; the other groups as
        in :class:`~bayesreg.BayesRidge`.
    diagnostics_ : dict
    n_features_in_, feature_names_in_, model_

    References
    ----------
    Carvalho, C. M., Polson, N. G. and Scott, J. G. (2010). The horseshoe estimator for
    sparse signals. Biometrika 97, 465-480.
    Makalic, E. and Schmidt, D. F. (2016). A simple sampler for the horseshoe estimator.
    IEEE Signal Processing Letters 23, 179-182.
    """

    _fixed_sampler = "gibbs"
    _parameter_constraints = {
        "global_scale": [Interval("real", 0, None, "neither")],
        "fit_intercept": ["boolean"],
        "sigma_prior": [Options((None, "jeffreys")), SigmaPrior],
        "sampler": [Options(("auto", "gibbs"))],
        "draws": [Interval("integral", 1, None)],
        "tune": [Interval("integral", 0, None)],
        "chains": [Interval("integral", 1, None)],
        "pointwise": [Options(("auto", "log_likelihood")), "boolean"],
    }

    def __init__(self, global_scale=1.0, *, fit_intercept=True, sigma_prior=None, sampler="auto", draws=1000,
                 tune=1000, chains=2, random_state=None, pointwise="auto"):
        self.global_scale = global_scale
        self.fit_intercept = fit_intercept
        self.sigma_prior = sigma_prior
        self.sampler = sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.random_state = random_state
        self.pointwise = pointwise

    def _expected_failed_checks(self) -> dict:
        """scikit-learn checks failed by design (see the lasso's): the Gibbs path with weights."""
        return {**STOCHASTIC_PATH_CHECKS, **EXACT_FIT_CHECKS}

    def _plan(self, data, rng):
        model = Model(HorseshoePrior(self.global_scale), sigma_prior=self._sigma_prior(), fit_intercept=self.fit_intercept)
        return AlphaPlan("fixed", model, self.global_scale)
