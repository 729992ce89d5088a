"""``BayesHorseshoe``: the horseshoe prior behind the same estimator API (Gibbs sampler)."""

from __future__ import annotations

from sklearn.base import BaseEstimator, RegressorMixin

from ._posterior_api import PosteriorMixin
from ._validation import (
    Interval,
    Options,
    check_informative,
    check_params,
    check_random_state,
    feature_names_of,
)
from ._data import Design
from .estimators import _STOCHASTIC_PATH_CHECKS
from .model import Model
from .posterior._dispatch import sample_posterior
from .priors import HorseshoePrior
from .sigma_priors import JeffreysSigma, SigmaPrior

__all__ = ["BayesHorseshoe"]


class BayesHorseshoe(PosteriorMixin, RegressorMixin, BaseEstimator):
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

    _constraints = {
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
        exact_fit = (
            "scikit-learn's toy data for this check are fitted exactly by X; with Jeffreys' prior the "
            "horseshoe posterior of sigma is then improper and the sampler refuses with a ValueError "
            "(ridge, lasso and elastic net priors keep it proper)."
        )
        return {**_STOCHASTIC_PATH_CHECKS, "check_sample_weights_shape": exact_fit,
                "check_sample_weights_not_overwritten": exact_fit}

    def _build_prior(self):
        return HorseshoePrior(self.global_scale)

    def fit(self, X, y, sample_weight=None):
        """Sample the posterior.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), optional
            Frequency weights.

        Returns
        -------
        self

        Raises
        ------
        ValueError, TypeError
            As the other estimators (bad parameters or data, naming the argument).
        """
        check_params(type(self).__name__, self.get_params(deep=False), self._constraints)
        rng = check_random_state(self.random_state)
        names = feature_names_of(X)
        data = Design(X, y, sample_weight, owner=type(self).__name__)  # the only validation of the data
        check_informative(data.X, data.y, names, fit_intercept=self.fit_intercept)
        sigma_prior = JeffreysSigma() if self.sigma_prior in (None, "jeffreys") else self.sigma_prior
        self.model_ = Model(self._build_prior(), sigma_prior=sigma_prior,
                            fit_intercept=self.fit_intercept)
        feature_names = self._record_features(names, data.n_features)
        self.idata_ = sample_posterior(self.model_, data, sampler="gibbs",
                                       feature_names=feature_names, draws=self.draws, tune=self.tune,
                                       chains=self.chains, rng=rng, pointwise=self.pointwise)
        self.idata_.posterior.attrs["sampler_requested"] = self.sampler
        self._set_posterior_summaries()
        self._warn_diagnostics()
        return self
