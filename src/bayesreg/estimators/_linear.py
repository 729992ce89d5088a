"""``BayesRidge``, ``BayesLasso``, ``BayesElasticNet``: class data over the one ``fit`` skeleton.

Each is a parameter table, a prior factory (``_make_prior``) and a thin ``__init__``; the
strength ``alpha`` is planned by :func:`bayesreg._strategy.plan_alpha` (fixed, hyperprior or
empirical Bayes). No math here: the model's prior and likelihood own it.
"""

from __future__ import annotations

from .._strategy import hyperparameter_estimate, plan_alpha
from .._validation import Interval, Options
from ..empirical_bayes import ridge_evidence
from ..hyperpriors import Hyperprior
from ..map import alpha_max
from ..model import Model
from ..priors import ElasticNetPrior, GaussianPrior, LaplacePrior, ParkCasellaLaplacePrior
from ._base import ALPHA_CONSTRAINT, SAMPLING_CONSTRAINTS, STOCHASTIC_PATH_CHECKS, BayesEstimatorBase

__all__ = ["BayesRidge", "BayesLasso", "BayesElasticNet"]


class _AlphaEstimator(BayesEstimatorBase):
    """An estimator whose prior has one strength ``alpha`` (fixed, hyperprior or empirical Bayes)."""

    _parameter_constraints = {**ALPHA_CONSTRAINT, **SAMPLING_CONSTRAINTS}
    _has_alpha = True

    def _expected_failed_checks(self) -> dict:
        """scikit-learn checks this configuration fails by design, ``{check name: reason}``.

        The exact conjugate sampler (``BayesRidge`` with a fixed ``alpha`` and
        ``sampler`` "auto" or "exact") consumes the same random numbers for weighted and
        repeated rows, so it passes every check; the Gibbs and NUTS paths do not.
        """
        exact = (isinstance(self, BayesRidge) and self.sampler in ("auto", "exact")
                 and not isinstance(self.alpha, (str, Hyperprior)) and self.sigma_prior in (None, "jeffreys"))
        return {} if exact else dict(STOCHASTIC_PATH_CHECKS)

    def _make_prior(self, value, hyperprior):  # pragma: no cover - abstract
        """The prior with regularization ``value`` (and an optional hyperprior)."""
        raise NotImplementedError

    def _start_value(self, data, probe_prior=None):
        """Starting value of the prior's parameter for hyperprior samplers and Monte Carlo EM:
        a tenth of ``alpha_max`` (the smallest alpha with all-zero weights) for L1 priors."""
        probe = Model(probe_prior or self._make_prior(1.0, None), fit_intercept=self.fit_intercept)
        return 0.1 * alpha_max(probe, data)

    def _report_alpha(self, value, sigma):
        """``alpha_`` in the twin's units from the prior's parameter value."""
        return value

    def _alpha_param(self):
        """What :func:`plan_alpha` resolves: ``alpha`` (a fixed ``lam**2`` for Park & Casella's ``lam``)."""
        return self.alpha

    def _plan(self, data, rng):
        base = Model(self._make_prior(1.0, None), sigma_prior=self._sigma_prior(), fit_intercept=self.fit_intercept)
        return plan_alpha(self._alpha_param(), self._make_prior, base, data, rng=rng,
                          start=lambda: self._start_value(data))

    def _report(self, plan, idata, data):
        self.alpha_strategy_ = plan.strategy
        self.eb_ = plan.eb
        value = hyperparameter_estimate(plan, idata)
        self.alpha_ = self._report_alpha(value, self.sigma_)
        return value


class BayesRidge(_AlphaEstimator):
    """Bayesian ridge regression whose posterior mode is ``Ridge(alpha)``.

    Prior ``w_j | sigma ~ Normal(0, sigma^2 / alpha)``, Gaussian likelihood, flat
    intercept, Jeffreys ``p(sigma) ∝ 1/sigma``.

    Parameters
    ----------
    alpha : float, GammaHyperprior or "empirical_bayes", default=1.0
        ``Ridge``'s regularization strength (> 0); objective ``||r||^2 + alpha ||w||^2``.
        A :class:`~bayesreg.hyperpriors.GammaHyperprior` samples ``alpha`` too (full Bayes);
        "empirical_bayes" maximizes the evidence in closed form (MacKay 1992; the
        objective of scikit-learn's ``BayesianRidge``).
    fit_intercept : bool, default=True
    sigma_prior : None, "jeffreys" or SigmaPrior, default=None
        Prior on the noise scale; ``None``/"jeffreys" is ``p(sigma) ∝ 1/sigma``
        (scale invariant, as Park & Casella 2008); :class:`~bayesreg.HalfCauchySigma`
        is a proper alternative.
    sampler : {"auto", "nuts", "gibbs", "exact"}, default="auto"
        "nuts": PyMC's NUTS (any model); "exact": i.i.d. draws where the posterior
        is known in closed form; "gibbs": closed-form conditionals; "auto": the
        fastest exact option for the model (recorded in ``idata_.posterior.attrs["sampler"]``).
    nuts_sampler : {"pymc", "nutpie", "numpyro"}, default="pymc"
        NUTS implementation when NUTS runs (the last two are optional installs).
    draws, tune, chains : int, default=1000, 1000, 2
    cores : int, optional
        Parallel chains; default ``min(chains, cpu count)``.
    target_accept : float, default=0.9
    random_state : int, numpy.random.Generator or None
    progressbar : bool, default=False
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        Store the pointwise groups ``log_likelihood`` and ``posterior_predictive`` in
        ``idata_`` (each chains x draws x n_samples float64: 8 bytes each, 16 MB for
        2 chains x 1000 draws x 1000 rows), so that ``az.loo``, ``az.waic``,
        ``az.compare`` and ``az.plot_ppc`` work on ``idata_``. "auto" stores them up to
        1e7 values per group and leaves them out above (``idata_.posterior.attrs
        ["pointwise_groups"]`` says so; :func:`bayesreg.compare` then computes the
        log-likelihood itself); "log_likelihood" stores only that group (what ``az.loo``
        and ``az.compare`` need). The posterior predictive replicates are drawn at the
        first read of the group (``az.plot_ppc``, ``.values``; ``.load()`` draws them at
        once), from streams fixed at ``fit``, so the values do not depend on when they are read.
        Sample weights are frequency weights: a row's entry is its
        weight times its log density, so leave-one-out leaves a row out with its replicates.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Posterior mean of the weights.
    intercept_ : float
        Posterior mean of the intercept.
    sigma_ : float
        Posterior mean of the noise scale.
    diagnostics_ : dict
        ``r_hat`` (max), ``ess_bulk`` and ``ess_tail`` (min) from ArviZ, ``divergences``.
    alpha_ : float
        The strength used: the fixed ``alpha``, the empirical-Bayes estimate, or the
        posterior mean under a hyperprior (in the twin's units).
    alpha_strategy_ : {"fixed", "hyperprior", "empirical_bayes"}
    eb_ : MCEMResult or None
        Monte Carlo EM details when they were used.
    coef_map_, intercept_map_ : ndarray of shape (n_features,), float
        Posterior mode, equal to ``Ridge(alpha_)``'s ``coef_`` and ``intercept_`` (under a
        hyperprior: the conditional mode at the posterior mean of ``alpha``).
    map_ : MAPResult
        The certified mode (objective, KKT residual, twin).
    idata_ : arviz.InferenceData
        Posterior draws (``coef`` has dims (chain, draw, feature), ``intercept``, ``sigma``),
        ``sample_stats``, ``observed_data`` (``y``), ``constant_data`` (``X``,
        ``sample_weight``) and, per ``pointwise``, ``log_likelihood`` and
        ``posterior_predictive`` (``y``: chain, draw, obs); the same names, dims and attrs
        whatever the sampler (:mod:`bayesreg.posterior._idata`).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)
        Only when ``X`` had string column names.

    Notes
    -----
    As ``alpha -> 0`` the posterior does **not** tend to the least-squares (flat-prior)
    posterior. The prior's scale ``sigma / sqrt(alpha)`` is proportional to sigma, so for
    every ``alpha > 0`` it contributes ``sigma^-p`` to the density, and
    ``sigma^2 | y ~ InvGamma((n - 1) / 2, RSS / 2)`` instead of the flat prior's
    ``InvGamma((n - 1 - p) / 2, RSS / 2)``: the weights' Student-t marginals have
    ``n - 1`` instead of ``n - 1 - p`` degrees of freedom and a scale smaller by
    ``sqrt((n - 1 - p) / (n - 1))``, so the intervals are narrower by about that factor
    (5% with n = 100, p = 10; 1% on the diabetes data). The exact least-squares posterior
    is ``Model(GaussianPrior(0.0))`` sampled by :func:`bayesreg.posterior.sample_exact`
    (Gelman et al. 2013, BDA3 section 14.2).

    References
    ----------
    Hoerl, A. E. and Kennard, R. W. (1970). Ridge regression. Technometrics 12, 55-67.
    Gelman, A. et al. (2013). Bayesian Data Analysis, 3rd ed., section 14.2.

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg import BayesRidge
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 3)); y = X @ [1.0, 0.0, -2.0] + rng.normal(size=40)
    >>> est = BayesRidge(alpha=1.0, draws=1000, random_state=0).fit(X, y)  # exact i.i.d. draws
    >>> est.idata_.posterior.attrs["sampler"]
    'exact'
    >>> est.credible_interval(0.95).shape
    (3, 2)
    >>> from sklearn.linear_model import Ridge
    >>> bool(np.allclose(est.coef_map_, Ridge(alpha=1.0).fit(X, y).coef_, rtol=1e-10))
    True
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        sigma_prior=None,
        sampler="auto",
        nuts_sampler="pymc",
        draws=1000,
        tune=1000,
        chains=2,
        cores=None,
        target_accept=0.9,
        random_state=None,
        progressbar=False,
        pointwise="auto",
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.sigma_prior = sigma_prior
        self.sampler = sampler
        self.nuts_sampler = nuts_sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.cores = cores
        self.target_accept = target_accept
        self.random_state = random_state
        self.progressbar = progressbar
        self.pointwise = pointwise

    def _make_prior(self, value, hyperprior):
        return GaussianPrior(value, hyperprior=hyperprior)

    def _start_value(self, data):
        return ridge_evidence(data, fit_intercept=self.fit_intercept)[0]


class BayesLasso(_AlphaEstimator):
    """Bayesian lasso whose posterior mode is ``Lasso(alpha)``.

    Prior ``w_j | sigma ~ Laplace(0, sigma^2 / (n alpha))`` (the alpha form of
    ``docs/math-contract.md``), Gaussian likelihood, flat intercept, Jeffreys prior on sigma. The
    mode has exact zeros; the posterior mean and median do not.

    Parameters
    ----------
    alpha : float, GammaHyperprior or "empirical_bayes", default=1.0
        ``Lasso``'s regularization strength (> 0); objective
        ``||r||^2 / (2 n) + alpha ||w||_1``. A hyperprior is placed on ``alpha`` (alpha
        form) or on ``lambda^2`` (Park & Casella form); "empirical_bayes" runs Monte Carlo
        EM (Park & Casella 2008, section 3.1).
    fit_intercept, sigma_prior, sampler, nuts_sampler, draws, tune, chains, cores, target_accept, random_state, progressbar, pointwise
        As in :class:`BayesRidge`.
    laplace_form : {"alpha", "park_casella"}, default="alpha"
        "alpha": ``Laplace(0, sigma^2 / (n alpha))``, whose mode is ``Lasso(alpha)`` for
        every sigma. "park_casella": ``Laplace(0, sigma / lambda)`` (Park & Casella 2008);
        ``lambda`` is then fixed by ``lam``, or ``alpha`` is a hyperprior on ``lambda^2``
        or "empirical_bayes".
    lam : float, optional
        Park & Casella form only: a fixed ``lambda`` (> 0); ``alpha`` is then not used
        (leave it at its default).

    Attributes
    ----------
    coef_, intercept_, sigma_, coef_map_, intercept_map_, map_, idata_, diagnostics_, n_features_in_, feature_names_in_
        As in :class:`BayesRidge`; ``coef_map_`` equals ``Lasso(alpha_).coef_``.
    alpha_, alpha_strategy_, eb_
        As in :class:`BayesRidge`.
    lam_ : float
        Park & Casella form only: the fixed ``lam``, the empirical-Bayes ``lambda``, or under
        a hyperprior the posterior mean ``E[lambda | y]`` (the mean of the ``lam`` draws, not
        ``sqrt(E[lambda^2])``); ``alpha_ = lam_ * sigma_ / n`` and ``coef_map_`` is the
        conditional mode at ``lam_`` and ``sigma_``.

    References
    ----------
    Tibshirani, R. (1996). Regression shrinkage and selection via the lasso. JRSS-B 58, 267-288.
    Park, T. and Casella, G. (2008). The Bayesian lasso. JASA 103, 681-686.
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        sigma_prior=None,
        sampler="auto",
        nuts_sampler="pymc",
        draws=1000,
        tune=1000,
        chains=2,
        cores=None,
        target_accept=0.9,
        random_state=None,
        progressbar=False,
        pointwise="auto",
        laplace_form="alpha",
        lam=None,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.sigma_prior = sigma_prior
        self.sampler = sampler
        self.nuts_sampler = nuts_sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.cores = cores
        self.target_accept = target_accept
        self.random_state = random_state
        self.progressbar = progressbar
        self.pointwise = pointwise
        self.laplace_form = laplace_form
        self.lam = lam

    _parameter_constraints = {
        **_AlphaEstimator._parameter_constraints,
        "laplace_form": [Options(("alpha", "park_casella"))],
        "lam": [Interval("real", 0, None, "neither"), Options((None,))],
    }

    def _check_params(self):
        if self.lam is not None and self.laplace_form != "park_casella":
            raise ValueError(
                "The 'lam' parameter of BayesLasso is Park & Casella's lambda: it needs "
                f"laplace_form='park_casella' (got {self.laplace_form!r}); the alpha form takes 'alpha'."
            )
        if self.lam is not None and isinstance(self.alpha, (Hyperprior, str)):
            raise ValueError(
                f"BayesLasso got both a fixed lam={self.lam!r} and alpha={self.alpha!r}; give one of them."
            )
        if self.laplace_form == "park_casella" and self.lam is None and not isinstance(self.alpha, (Hyperprior, str)):
            raise ValueError(
                "The 'alpha' parameter of BayesLasso with laplace_form='park_casella' must be a hyperprior on "
                "lambda^2 (e.g. GammaHyperprior(1, 1.78)) or 'empirical_bayes'; a fixed lambda is lam=..., and a "
                f"fixed alpha belongs to the alpha form (laplace_form='alpha'). Got {self.alpha!r} instead."
            )

    def _alpha_param(self):
        return self.alpha if self.lam is None else float(self.lam) ** 2  # the prior's value is lambda^2

    def _make_prior(self, value, hyperprior):
        if self.laplace_form == "park_casella":
            return ParkCasellaLaplacePrior().with_value(value, hyperprior)  # value is lambda^2
        return LaplacePrior(value, hyperprior=hyperprior)

    def _start_value(self, data):
        alpha0 = super()._start_value(data, probe_prior=LaplacePrior(1.0))
        if self.laplace_form == "park_casella":  # lambda = n alpha / sigma matches the modes
            lam = ParkCasellaLaplacePrior.lam_of_twin_alpha(alpha0, "squared", data.y_scale(True), data.n)
            return float(lam**2)
        return alpha0

    def _report_alpha(self, value, sigma):
        if self.laplace_form == "park_casella":
            prior = ParkCasellaLaplacePrior().with_value(value)
            self.lam_ = prior.lam
            return prior.lasso_alpha(sigma, self.n_samples_)
        return value


class BayesElasticNet(_AlphaEstimator):
    """Bayesian elastic net whose posterior mode is ``ElasticNet(alpha, l1_ratio)``.

    Prior density given sigma proportional to
    ``exp(-(n / sigma^2) (alpha rho |w| + alpha (1 - rho) / 2 w^2))`` with its exact
    sigma-dependent normalizer (Li & Lin 2010).

    Parameters
    ----------
    alpha : float, GammaHyperprior or "empirical_bayes", default=1.0
        ``ElasticNet``'s regularization strength (> 0); a hyperprior on ``alpha`` is
        sampled with NUTS (the exact alpha- and sigma-dependent normalizer);
        "empirical_bayes" runs Monte Carlo EM.
    l1_ratio : float, default=0.5
        Mixing weight ``rho`` in [0, 1].
    fit_intercept, sigma_prior, sampler, nuts_sampler, draws, tune, chains, cores, target_accept, random_state, progressbar, pointwise
        As in :class:`BayesRidge`.

    Attributes
    ----------
    coef_, intercept_, sigma_, coef_map_, intercept_map_, map_, idata_, diagnostics_, n_features_in_, feature_names_in_
        As in :class:`BayesRidge`; ``coef_map_`` equals ``ElasticNet(alpha_, l1_ratio).coef_``.
    alpha_, alpha_strategy_, eb_
        As in :class:`BayesRidge`.

    References
    ----------
    Zou, H. and Hastie, T. (2005). Regularization and variable selection via the elastic net. JRSS-B 67, 301-320.
    Li, Q. and Lin, N. (2010). The Bayesian elastic net. Bayesian Analysis 5, 151-170.
    """

    _parameter_constraints = {**_AlphaEstimator._parameter_constraints, "l1_ratio": [Interval("real", 0, 1)]}

    def __init__(
        self,
        alpha=1.0,
        l1_ratio=0.5,
        *,
        fit_intercept=True,
        sigma_prior=None,
        sampler="auto",
        nuts_sampler="pymc",
        draws=1000,
        tune=1000,
        chains=2,
        cores=None,
        target_accept=0.9,
        random_state=None,
        progressbar=False,
        pointwise="auto",
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.sigma_prior = sigma_prior
        self.sampler = sampler
        self.nuts_sampler = nuts_sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.cores = cores
        self.target_accept = target_accept
        self.random_state = random_state
        self.progressbar = progressbar
        self.pointwise = pointwise

    def _make_prior(self, value, hyperprior):
        return ElasticNetPrior(value, self.l1_ratio, hyperprior=hyperprior)
