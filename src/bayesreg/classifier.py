"""``BayesLogisticRegression``: scikit-learn's ``LogisticRegression`` as a posterior mode, with its posterior.

A thin shell over :class:`~bayesreg.bernoulli.LogisticModel`: the certified MAP
(:func:`bayesreg.map.map_estimate`), the Polya-Gamma Gibbs sampler
(:func:`bayesreg.posterior.sample_polya_gamma`) or PyMC's NUTS, and the classifier API.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy import special
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils import assert_all_finite
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d

from ._posterior_api import PosteriorMixin
from ._validation import Interval, Options, check_params, check_random_state, check_X_y, feature_names_of
from .bernoulli import LogisticModel
from .map import map_estimate
from .posterior._idata import check_pointwise
from .posterior._polya_gamma import sample_polya_gamma
from .posterior._pymc_logistic import sample_nuts_logistic
from .priors import ElasticNetPrior, GaussianPrior, HorseshoePrior, LaplacePrior
from .summary import coef_interval, diagnostics

__all__ = ["BayesLogisticRegression"]

_PRIORS = ("ridge", "lasso", "enet", "horseshoe")
_CONSTRAINTS = {
    "prior": [Options(_PRIORS)],
    "C": [Interval("real", 0, None, "neither"), Options((np.inf,))],
    "alpha": [Interval("real", 0, None, "neither"), Options((None,))],
    "l1_ratio": [Interval("real", 0, 1, "both")],
    "global_scale": [Interval("real", 0, None, "neither")],
    "fit_intercept": ["boolean"],
    "sampler": [Options(("auto", "gibbs", "nuts"))],
    "draws": [Interval("integral", 1, None)],
    "tune": [Interval("integral", 0, None)],
    "chains": [Interval("integral", 1, None)],
    "cores": [Interval("integral", 1, None), Options((None,))],
    "target_accept": [Interval("real", 0, 1, "neither")],
    "progressbar": ["boolean"],
}


def _flat(da, n_features=None):
    """(draws, ...) array of a posterior variable, chains stacked."""
    arr = da.transpose("chain", "draw", ...).to_numpy()
    return arr.reshape(-1, n_features) if n_features is not None else arr.reshape(-1)


class BayesLogisticRegression(ClassifierMixin, BaseEstimator):
    """Bayesian penalized logistic regression; its posterior mode is ``LogisticRegression``.

    Parameters
    ----------
    prior : {"ridge", "lasso", "enet", "horseshoe"}, default="ridge"
        Prior on the weights. "ridge": ``w_j ~ Normal(0, C)``; "lasso": ``Laplace(0, C)``;
        "enet": density ``exp(-(l1_ratio |w_j| + (1 - l1_ratio) w_j^2 / 2) / C)``; their
        posterior mode is ``LogisticRegression(C=C, l1_ratio=0 | 1 | l1_ratio)`` exactly
        (:func:`bayesreg.mapping.to_logistic_twin`). "horseshoe": ``w_j ~ N(0, lambda_j^2 tau^2)``,
        half-Cauchy local scales and ``tau ~ HalfCauchy(global_scale)`` (no mode, no twin).
    C : float, default=1.0
        scikit-learn's inverse regularization strength, ``> 0``; ``np.inf`` is the flat prior
        (ridge only; refused on separated classes). The prior scale (see ``prior``).
    alpha : float, optional
        Alternative to ``C`` on the mean log-loss scale of
        ``SGDClassifier(loss="log_loss", alpha)``: ``C = 1 / (n_samples alpha)``. Wins over ``C``.
    l1_ratio : float, default=0.5
        Elastic-net mixing in [0, 1]; used by ``prior="enet"`` only.
    global_scale : float, default=1.0
        Scale of the horseshoe's half-Cauchy prior on ``tau``; used by ``prior="horseshoe"`` only.
    fit_intercept : bool, default=True
        Intercept with a flat prior, never penalized (as scikit-learn's solvers but liblinear).
    sampler : {"auto", "gibbs", "nuts"}, default="auto"
        "auto" and "gibbs": the Polya-Gamma Gibbs sampler (Polson, Scott & Windle 2013);
        "nuts": PyMC's NUTS (not for the horseshoe).
    draws, tune, chains : int, default=2000, 500, 2
        Kept draws and warm-up iterations per chain; independent chains. The Polya-Gamma
        sweep is cheap (~0.2 ms on 569 x 30) but its draws alone are autocorrelated (10-25%
        effective on breast cancer); for fixed ridge, lasso and elastic-net priors the sampler
        adds independence Metropolis-Hastings steps fitted to the second half of the warm-up
        (:func:`bayesreg.posterior.sample_polya_gamma`), which raise that to 20-70% (a longer
        ``tune`` gives a better proposal).
    cores : int, optional
        NUTS worker processes.
    target_accept : float, default=0.9
        NUTS only.
    random_state : int, numpy.random.Generator or None
    progressbar : bool, default=False
        NUTS only.
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        Store the pointwise groups ``log_likelihood`` and ``posterior_predictive`` in
        ``idata_`` (8 and 1 bytes x chains x draws x n_samples), as the regression
        estimators do: "auto" when chains x draws x n_samples is at most
        :data:`bayesreg.posterior._idata.POINTWISE_BUDGET` (1e7), True always, False never,
        "log_likelihood" only that one (all ``az.loo`` and :func:`bayesreg.compare` need).
        ``idata_.posterior.attrs["pointwise_groups"]`` says what was stored;
        :func:`bayesreg.compare` computes a missing log-likelihood from ``X, y``, and
        :func:`bayesreg.posterior.add_pointwise_groups` adds both later (with ``y`` as 0/1).

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The labels; ``classes_[1]`` is the "positive" class whose probability is modelled.
    coef_ : ndarray of shape (1, n_features)
        Posterior mean of the weights (never sparse).
    intercept_ : ndarray of shape (1,)
        Posterior mean of the intercept (0 without ``fit_intercept``).
    coef_map_, intercept_map_ : ndarray of shape (1, n_features), (1,)
        Posterior mode: ``LogisticRegression``'s solution, with its exact zeros (not for the horseshoe).
    map_ : MAPResult or None
        The certified mode (``kkt_residual``, ``twin``).
    C_ : float
        The ``C`` used (from ``alpha`` when given; NaN for the horseshoe).
    model_ : LogisticModel
    idata_ : arviz.InferenceData
        The layout of the regression estimators (:func:`bayesreg.posterior.build_inference_data`),
        whichever sampler: ``posterior`` (``coef`` (chain, draw, feature), ``intercept``,
        ``tau`` for the horseshoe; no ``sigma``, the model has no noise scale),
        ``sample_stats`` (NUTS), ``observed_data`` (``y`` (obs) as 0/1 int8, 1 for ``classes_[1]``),
        ``constant_data`` (``X`` (obs, feature), ``sample_weight`` (obs)) and, per
        ``pointwise``, ``log_likelihood`` (``y`` (chain, draw, obs): ``s_i log p(y_i | draw)``,
        so ``az.loo`` and ``az.waic`` work) and ``posterior_predictive`` (``y``: one 0/1
        replicate data set per draw, for ``az.plot_ppc``). The common attributes
        (``bayesreg_version``, ``model``, ``prior``, ``likelihood``, ``sampler``, ...) on every
        group; ``posterior.attrs`` also has ``sampler_requested`` and ``classes``.
    diagnostics_ : dict
        ``r_hat``, ``ess_bulk``, ``ess_tail``, ``divergences`` (ArviZ).
    n_features_in_, feature_names_in_
        As in scikit-learn.

    Notes
    -----
    ``predict_proba`` is the posterior mean of ``expit(intercept + x w)``, the posterior
    predictive probability, which is less extreme than ``expit`` of the posterior mean
    log-odds (``decision_function``); ``predict`` thresholds it at 1/2 (the Bayes decision
    under 0-1 loss), so it can differ from the sign of ``decision_function`` near the boundary.

    Sample weights are frequency weights (a row of weight ``k`` is ``k`` identical rows): the
    likelihood is raised to ``s_i`` in the mode and in both samplers, and a row's
    ``log_likelihood`` entry is ``s_i`` times its log probability, so ``az.loo`` leaves out a
    row together with its replicates (as for the regression estimators).

    References
    ----------
    Polson, N. G., Scott, J. G. and Windle, J. (2013). Bayesian inference for logistic models
    using Polya-Gamma latent variables. JASA 108, 1339-1349.

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg import BayesLogisticRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 3)); y = (X[:, 0] + rng.logistic(size=100) > 0).astype(int)
    >>> clf = BayesLogisticRegression(prior="lasso", C=0.5, draws=300, tune=200, random_state=0).fit(X, y)
    >>> clf.predict_proba(X[:2]).shape, clf.predict_proba_interval(X[:2]).shape
    ((2, 2), (2, 2))
    """

    def __init__(
        self,
        prior: str = "ridge",
        *,
        C: float = 1.0,
        alpha: float | None = None,
        l1_ratio: float = 0.5,
        global_scale: float = 1.0,
        fit_intercept: bool = True,
        sampler: str = "auto",
        draws: int = 2000,
        tune: int = 500,
        chains: int = 2,
        cores: int | None = None,
        target_accept: float = 0.9,
        random_state=None,
        progressbar: bool = False,
        pointwise="auto",
    ):
        self.prior = prior
        self.C = C
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.global_scale = global_scale
        self.fit_intercept = fit_intercept
        self.sampler = sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.cores = cores
        self.target_accept = target_accept
        self.random_state = random_state
        self.progressbar = progressbar
        self.pointwise = pointwise

    def _expected_failed_checks(self) -> dict:
        """scikit-learn checks this estimator fails by design, ``{check name: reason}``."""
        return {
            "check_sample_weight_equivalence_on_dense_data": (
                "Same posterior, different random path: a weight k is one Polya-Gamma draw PG(k, eta) where "
                "k repeated rows draw k PG(1, eta) variables, so the random streams differ and predictions "
                "agree within Monte Carlo error, not to rtol=1e-7. The mode is exact: weighted == repeated "
                "is tested for the MAP (tests/test_logistic_map.py, tests/test_logistic_estimator.py)."
            ),
        }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def _make_prior(self, C, n):
        if self.prior == "horseshoe":
            return HorseshoePrior(self.global_scale)
        if not np.isfinite(C):
            if self.prior != "ridge":
                raise ValueError(
                    f"C = inf (the flat prior) is a ridge-only setting; prior={self.prior!r} needs a finite C."
                )
            return GaussianPrior(0.0)
        if self.prior == "ridge":
            return GaussianPrior(0.5 / C)
        if self.prior == "lasso":
            return LaplacePrior(1.0 / (n * C))
        return ElasticNetPrior(1.0 / (n * C), self.l1_ratio)

    def _encode(self, y):
        """Labels -> 0/1 (``classes_[1]`` is 1), with scikit-learn's checks and messages."""
        if y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None.")
        y = column_or_1d(y, warn=True)
        if y.dtype.kind in "fc":
            assert_all_finite(y, input_name="y")
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if self.classes_.shape[0] != 2:
            k = self.classes_.shape[0]
            raise ValueError(
                f"Only binary classification is supported: {type(self).__name__} needs exactly 2 classes; "
                f"y has {k} class{'es' if k != 1 else ''} ({self.classes_[:5].tolist()}{'...' if k > 5 else ''})."
            )
        return (y == self.classes_[1]).astype(np.float64)

    def fit(self, X, y, sample_weight=None):
        """Fit the posterior mode and sample the posterior.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Two classes (any labels).
        sample_weight : array-like of shape (n_samples,), optional
            Frequency weights, as ``LogisticRegression``'s ``sample_weight``.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad parameters (naming the parameter, ``pointwise`` included); not exactly two classes; NaN/inf in ``X``;
            ``C = inf`` on separated classes (no finite mode, improper posterior).

        Warns
        -----
        bayesreg.exceptions.SamplingWarning
            R-hat > 1.01, ESS < 100 per chain or divergences.
        """
        params = self.get_params(deep=False)
        check_pointwise(params.pop("pointwise"), type(self).__name__)
        check_params(type(self).__name__, params, _CONSTRAINTS)
        rng = check_random_state(self.random_state)
        names = feature_names_of(X)
        y01 = self._encode(y)
        X, y01, sample_weight = check_X_y(X, y01, sample_weight, owner=type(self).__name__)
        n = float(X.shape[0] if sample_weight is None else np.sum(sample_weight))
        self.C_ = float("nan") if self.prior == "horseshoe" else (1.0 / (n * self.alpha) if self.alpha is not None else float(self.C))
        model = LogisticModel(self._make_prior(self.C_, n), fit_intercept=self.fit_intercept)
        self.model_ = model
        feature_names = PosteriorMixin._record_features(self, names, X.shape[1])
        if self.prior == "horseshoe":
            self.map_ = None
            self.coef_map_ = self.intercept_map_ = None
            start = {"coef": np.zeros(X.shape[1]), "intercept": 0.0}
        else:
            self.map_ = map_estimate(model, X, y01, sample_weight)
            self.coef_map_ = self.map_.coef[None, :]
            self.intercept_map_ = np.array([self.map_.intercept])
            start = {"coef": self.map_.coef, "intercept": self.map_.intercept}
        if self.sampler == "nuts":
            if self.prior == "horseshoe":
                raise ValueError("sampler='nuts' does not sample the horseshoe (its funnel); use sampler='gibbs'.")
            idata = sample_nuts_logistic(
                model, X, y01, sample_weight, feature_names=feature_names, draws=self.draws, tune=self.tune,
                chains=self.chains, cores=self.cores, target_accept=self.target_accept, rng=rng, initvals=start,
                progressbar=self.progressbar, pointwise=self.pointwise,
            )
        else:
            idata = sample_polya_gamma(
                model, X, y01, sample_weight, feature_names=feature_names, draws=self.draws, tune=self.tune,
                chains=self.chains, rng=rng, initial_coef=start["coef"], initial_intercept=start["intercept"],
                pointwise=self.pointwise,
            )
        # The rest (groups, dims, common attributes) comes from the one InferenceData builder.
        idata.posterior.attrs.update({"sampler_requested": self.sampler, "classes": [str(c) for c in self.classes_]})
        self.idata_ = idata
        post = idata.posterior
        self.coef_ = post["coef"].mean(("chain", "draw")).to_numpy()[None, :]
        self.intercept_ = np.array([float(post["intercept"].mean()) if "intercept" in post else 0.0])
        self.diagnostics_ = diagnostics(idata, var_names=("coef", "intercept", "tau"))
        PosteriorMixin._warn_diagnostics(self)
        return self

    def _model_target(self, y):
        """Labels as the model's 0/1 outcomes (``classes_[1]`` is 1), for :func:`bayesreg.compare`.

        Raises
        ------
        ValueError
            A label not in ``classes_``.
        """
        check_is_fitted(self, "classes_")
        y = column_or_1d(y)
        unknown = ~np.isin(y, self.classes_)
        if unknown.any():
            raise ValueError(f"y has labels {np.unique(y[unknown])[:5].tolist()} not among classes_ "
                             f"{self.classes_.tolist()}.")
        return (y == self.classes_[1]).astype(np.float64)

    # ----------------------------------------------------------------------------- prediction

    def _check_X(self, X):
        return PosteriorMixin._check_predict_X(self, X)

    def _eta_draws(self, X):
        """Log-odds of every row under every posterior draw, shape (n_samples, n_draws)."""
        post = self.idata_.posterior
        eta = X @ _flat(post["coef"], self.n_features_in_).T
        if "intercept" in post:
            eta = eta + _flat(post["intercept"])[None, :]
        return eta

    def decision_function(self, X):
        """Log-odds at the posterior mean, ``X @ coef_.T + intercept_``, shape (n_samples,).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        ndarray of shape (n_samples,)
            The log-odds.
        """
        X = self._check_X(X)
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        """Posterior predictive class probabilities, shape (n_samples, 2).

        Column 1 is ``E_post[expit(intercept + x w)]`` for ``classes_[1]``; column 0 its complement.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Probabilities of ``classes_``.
        """
        X = self._check_X(X)
        p1 = special.expit(self._eta_draws(X)).mean(axis=1)
        return np.column_stack([1.0 - p1, p1])

    def predict_log_proba(self, X):
        """``log(predict_proba(X))``, shape (n_samples, 2).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Log probabilities of ``classes_``.
        """
        return np.log(self.predict_proba(X))

    def predict(self, X):
        """The class with posterior predictive probability above 1/2, shape (n_samples,).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        ndarray of shape (n_samples,)
            Predicted labels (from ``classes_``).
        """
        positive = self.predict_proba(X)[:, 1] > 0.5  # checks fitted first
        return self.classes_[positive.astype(int)]

    def predict_proba_interval(self, X, level: float = 0.95):
        """Equal-tailed credible interval of ``P(y = classes_[1] | x)`` at each row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        level : float, default=0.95
            Mass in (0, 1).

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Lower and upper posterior quantiles of ``expit(intercept + x w)``.
        """
        check_params(f"{type(self).__name__}.predict_proba_interval", {"level": level},
                     {"level": [Interval("real", 0, 1, "neither")]})
        X = self._check_X(X)
        p1 = special.expit(self._eta_draws(X))
        return np.quantile(p1, [(1 - level) / 2, (1 + level) / 2], axis=1).T

    def credible_interval(self, level: float = 0.95, kind: str = "eti"):
        """Credible interval of each weight, shape (n_features, 2) (see ``BayesLasso.credible_interval``).

        Parameters
        ----------
        level : float, default=0.95
            Mass in (0, 1).
        kind : {"eti", "hdi"}, default="eti"
            Equal-tailed quantiles, or ArviZ's highest-density interval.

        Returns
        -------
        ndarray of shape (n_features, 2)
            Lower and upper bounds.

        Raises
        ------
        TypeError
            If ``level`` is not a number.
        """
        check_is_fitted(self, "idata_")
        if not isinstance(level, numbers.Real):
            raise TypeError(f"level must be a float; got {type(level).__name__}.")
        check_params(f"{type(self).__name__}.credible_interval", {"level": level, "kind": kind},
                     {"level": [Interval("real", 0, 1, "neither")], "kind": [Options(("eti", "hdi"))]})
        return coef_interval(self.idata_, level=level, kind=kind)
