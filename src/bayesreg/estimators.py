"""scikit-learn estimators over :class:`~bayesreg.model.Model`: thin shells, no math here."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from ._validation import Interval, Options, check_params, check_random_state, check_X, check_X_y, feature_names_of
from .map import map_estimate
from .model import Model
from .priors import ElasticNetPrior, GaussianPrior, LaplacePrior

__all__ = ["BayesRidge", "BayesLasso", "BayesElasticNet"]

_COMMON_CONSTRAINTS = {
    "alpha": [Interval("real", 0, None, "neither")],
    "fit_intercept": ["boolean"],
    "sampler": [Options(("nuts",))],
    "draws": [Interval("integral", 1, None)],
    "tune": [Interval("integral", 0, None)],
    "chains": [Interval("integral", 1, None)],
    "cores": [Interval("integral", 1, None), Options((None,))],
    "target_accept": [Interval("real", 0, 1, "neither")],
    "progressbar": ["boolean"],
}


class _BayesLinearBase(RegressorMixin, BaseEstimator):
    """Shared fit / predict for the Bayesian regularized regressions."""

    _extra_constraints: dict = {}

    def _make_prior(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _validate_params(self):
        check_params(
            type(self).__name__, self.get_params(deep=False), {**_COMMON_CONSTRAINTS, **self._extra_constraints}
        )
        check_random_state(self.random_state)  # type errors now, not after the MAP

    def fit(self, X, y, sample_weight=None):
        """Fit the posterior mode and sample the full posterior.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A pandas DataFrame's column names become the ``feature`` coordinates.
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), optional
            Frequency weights (weight ``k`` counts a row ``k`` times).

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad parameters (naming the parameter), NaN/inf in ``X`` or ``y`` (naming
            row and column), mismatched lengths, fewer than 2 samples.
        TypeError
            Sparse or non-numeric input.
        """
        self._validate_params()
        names = feature_names_of(X)
        X, y, sample_weight = check_X_y(X, y, sample_weight)
        rng = check_random_state(self.random_state)
        model = Model(self._make_prior(), fit_intercept=self.fit_intercept)
        n_features = X.shape[1]
        if names is not None:
            self.feature_names_in_ = names
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.n_features_in_ = n_features
        feature_names = list(names) if names is not None else [f"x{j}" for j in range(n_features)]

        self.map_ = map_estimate(model, X, y, sample_weight)
        self.coef_map_ = self.map_.coef
        self.intercept_map_ = self.map_.intercept
        self.model_ = model

        from .posterior import sample_nuts

        idata = sample_nuts(
            model,
            X,
            y,
            sample_weight,
            feature_names=feature_names,
            draws=self.draws,
            tune=self.tune,
            chains=self.chains,
            cores=self.cores,
            target_accept=self.target_accept,
            rng=rng,
            initvals={"coef": self.map_.coef, "intercept": self.map_.intercept, "sigma": self.map_.sigma},
            progressbar=self.progressbar,
        )
        from . import __version__

        idata.posterior.attrs.update(
            {
                "bayesreg_version": __version__,
                "sampler": "pymc-nuts",
                "model": repr(model),
                "prior": repr(model.prior),
                "laplace_form": "alpha" if isinstance(model.prior, (LaplacePrior, ElasticNetPrior)) else "none",
            }
        )
        self.idata_ = idata
        post = idata.posterior
        self.coef_ = post["coef"].mean(("chain", "draw")).to_numpy()
        self.intercept_ = float(post["intercept"].mean()) if self.fit_intercept else 0.0
        self.sigma_ = float(post["sigma"].mean())
        return self

    def predict(self, X):
        """Posterior mean of the regression function, ``X @ coef_ + intercept_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self, "coef_")
        X = check_X(X, n_features=self.n_features_in_)
        return X @ self.coef_ + self.intercept_

    def credible_interval(self, level: float = 0.95, kind: str = "eti"):
        """Posterior credible interval of each weight.

        Parameters
        ----------
        level : float, default=0.95
            Probability mass in (0, 1).
        kind : {"eti", "hdi"}, default="eti"
            Equal-tailed (quantiles) or highest-density (``arviz.hdi``).

        Returns
        -------
        ndarray of shape (n_features, 2)
            Lower and upper bounds, in the units of ``coef_``.

        Raises
        ------
        ValueError
            If ``level`` is not in (0, 1) or ``kind`` is unknown.
        """
        check_is_fitted(self, "idata_")
        check_params(
            f"{type(self).__name__}.credible_interval",
            {"level": level, "kind": kind},
            {"level": [Interval("real", 0, 1, "neither")], "kind": [Options(("eti", "hdi"))]},
        )
        from .summary import coef_interval

        return coef_interval(self.idata_, level=level, kind=kind)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.non_deterministic = False
        return tags


class BayesRidge(_BayesLinearBase):
    """Bayesian ridge regression whose posterior mode is ``Ridge(alpha)``.

    Prior ``w_j | sigma ~ Normal(0, sigma^2 / alpha)``, Gaussian likelihood, flat
    intercept, Jeffreys ``p(sigma) ∝ 1/sigma``.

    Parameters
    ----------
    alpha : float, default=1.0
        ``Ridge``'s regularization strength (> 0); objective ``||r||^2 + alpha ||w||^2``.
    fit_intercept : bool, default=True
    sampler : {"nuts"}, default="nuts"
        PyMC's NUTS.
    draws, tune, chains : int, default=1000, 1000, 2
    cores : int, optional
        Parallel chains; default ``min(chains, cpu count)``.
    target_accept : float, default=0.9
    random_state : int, numpy.random.Generator or None
    progressbar : bool, default=False

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Posterior mean of the weights.
    intercept_ : float
        Posterior mean of the intercept.
    sigma_ : float
        Posterior mean of the noise scale.
    coef_map_, intercept_map_ : ndarray of shape (n_features,), float
        Posterior mode, equal to ``Ridge(alpha)``'s ``coef_`` and ``intercept_``.
    map_ : MAPResult
        The certified mode (objective, KKT residual, twin).
    idata_ : arviz.InferenceData
        Posterior draws; ``coef`` has dims (chain, draw, feature).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)
        Only when ``X`` had string column names.

    References
    ----------
    Hoerl, A. E. and Kennard, R. W. (1970). Ridge regression. Technometrics 12, 55-67.

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg import BayesRidge
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 3)); y = X @ [1.0, 0.0, -2.0] + rng.normal(size=40)
    >>> est = BayesRidge(alpha=1.0, draws=200, tune=200, random_state=0).fit(X, y)  # doctest: +SKIP
    >>> est.credible_interval().shape  # doctest: +SKIP
    (3, 2)
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        sampler="nuts",
        draws=1000,
        tune=1000,
        chains=2,
        cores=None,
        target_accept=0.9,
        random_state=None,
        progressbar=False,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.sampler = sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.cores = cores
        self.target_accept = target_accept
        self.random_state = random_state
        self.progressbar = progressbar

    def _make_prior(self):
        return GaussianPrior(self.alpha)


class BayesLasso(_BayesLinearBase):
    """Bayesian lasso whose posterior mode is ``Lasso(alpha)``.

    Prior ``w_j | sigma ~ Laplace(0, sigma^2 / (n alpha))`` (the alpha form of
    DESIGN.md), Gaussian likelihood, flat intercept, Jeffreys prior on sigma. The
    mode has exact zeros; the posterior mean and median do not.

    Parameters
    ----------
    alpha : float, default=1.0
        ``Lasso``'s regularization strength (> 0); objective
        ``||r||^2 / (2 n) + alpha ||w||_1``.
    fit_intercept, sampler, draws, tune, chains, cores, target_accept, random_state, progressbar
        As in :class:`BayesRidge`.

    Attributes
    ----------
    coef_, intercept_, sigma_, coef_map_, intercept_map_, map_, idata_, n_features_in_, feature_names_in_
        As in :class:`BayesRidge`; ``coef_map_`` equals ``Lasso(alpha).coef_``.

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
        sampler="nuts",
        draws=1000,
        tune=1000,
        chains=2,
        cores=None,
        target_accept=0.9,
        random_state=None,
        progressbar=False,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.sampler = sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.cores = cores
        self.target_accept = target_accept
        self.random_state = random_state
        self.progressbar = progressbar

    def _make_prior(self):
        return LaplacePrior(self.alpha)


class BayesElasticNet(_BayesLinearBase):
    """Bayesian elastic net whose posterior mode is ``ElasticNet(alpha, l1_ratio)``.

    Prior density given sigma proportional to
    ``exp(-(n / sigma^2) (alpha rho |w| + alpha (1 - rho) / 2 w^2))`` with its exact
    sigma-dependent normalizer (Li & Lin 2010).

    Parameters
    ----------
    alpha : float, default=1.0
        ``ElasticNet``'s regularization strength (> 0).
    l1_ratio : float, default=0.5
        Mixing weight ``rho`` in [0, 1].
    fit_intercept, sampler, draws, tune, chains, cores, target_accept, random_state, progressbar
        As in :class:`BayesRidge`.

    Attributes
    ----------
    coef_, intercept_, sigma_, coef_map_, intercept_map_, map_, idata_, n_features_in_, feature_names_in_
        As in :class:`BayesRidge`; ``coef_map_`` equals ``ElasticNet(alpha, l1_ratio).coef_``.

    References
    ----------
    Zou, H. and Hastie, T. (2005). Regularization and variable selection via the elastic net. JRSS-B 67, 301-320.
    Li, Q. and Lin, N. (2010). The Bayesian elastic net. Bayesian Analysis 5, 151-170.
    """

    _extra_constraints = {"l1_ratio": [Interval("real", 0, 1)]}

    def __init__(
        self,
        alpha=1.0,
        l1_ratio=0.5,
        *,
        fit_intercept=True,
        sampler="nuts",
        draws=1000,
        tune=1000,
        chains=2,
        cores=None,
        target_accept=0.9,
        random_state=None,
        progressbar=False,
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.sampler = sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.cores = cores
        self.target_accept = target_accept
        self.random_state = random_state
        self.progressbar = progressbar

    def _make_prior(self):
        return ElasticNetPrior(self.alpha, self.l1_ratio)
