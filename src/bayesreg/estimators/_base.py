"""The one ``fit`` of every estimator: validate -> plan -> mode -> sample -> finalize.

An estimator is class data (its parameter table, whether it has a strength ``alpha``)
plus a thin ``__init__`` and a :meth:`BayesEstimatorBase._plan` that turns its parameters
into the model to sample (:class:`~bayesreg._strategy.AlphaPlan`). The skeleton:

1. **validate** the parameters (one table, scikit-learn's message format) and the data,
   once, into a :class:`~bayesreg._data.Design` that everything below reuses;
2. **plan** the model (fixed strength, hyperprior, empirical Bayes);
3. **mode**: the certified posterior mode (:func:`bayesreg.map.map_estimate`), computed
   once -- before sampling when it does not depend on the posterior, after sampling when it
   is the conditional mode at the posterior mean of a hyperparameter or of sigma (then a
   starting point for NUTS is the only other MAP solve, and only for NUTS);
4. **sample** the posterior with the requested sampler;
5. **finalize**: summaries, reported strength, diagnostics warnings.
"""

from __future__ import annotations

from sklearn.base import BaseEstimator, RegressorMixin

from .._stats_design import as_design
from .._posterior_api import PosteriorMixin
from .._validation import Interval, Options, check_params, check_random_state, feature_names_of
from ..hyperpriors import Hyperprior
from ..map import map_estimate, supports_map
from ..posterior._dispatch import SAMPLERS, resolve_sampler, sample_posterior
from ..priors import ElasticNetFamily
from ..sigma_priors import JeffreysSigma, SigmaPrior

__all__ = ["BayesEstimatorBase", "SAMPLING_CONSTRAINTS", "ALPHA_CONSTRAINT"]

#: Parameters shared by the estimators that sample with any sampler.
SAMPLING_CONSTRAINTS = {
    "fit_intercept": ["boolean"],
    "sigma_prior": [Options((None, "jeffreys")), SigmaPrior],
    "sampler": [Options(SAMPLERS)],
    "nuts_sampler": [Options(("pymc", "nutpie", "numpyro"))],
    "draws": [Interval("integral", 1, None)],
    "tune": [Interval("integral", 0, None)],
    "chains": [Interval("integral", 1, None)],
    "cores": [Interval("integral", 1, None), Options((None,))],
    "target_accept": [Interval("real", 0, 1, "neither")],
    "progressbar": ["boolean"],
    "pointwise": [Options(("auto", "log_likelihood")), "boolean"],
}
ALPHA_CONSTRAINT = {"alpha": [Interval("real", 0, None, "neither"), Options(("empirical_bayes",)), Hyperprior]}

#: scikit-learn conformance checks that fail by design, {check name: reason}. scikit-learn 1.9 has
#: no tag for them: tests pass ``expected_failed_checks=lambda est: est._expected_failed_checks()``
#: to ``parametrize_with_checks`` (tests/test_sklearn_conformance.py).
STOCHASTIC_PATH_CHECKS = {
    "check_sample_weight_equivalence_on_dense_data": (
        "Same posterior, different random path: with p > n the Gibbs sampler uses Bhattacharya et al. "
        "(2016), which draws one noise value per row, so repeating rows changes the random stream "
        "(and NUTS sums the likelihood in a different order); predictions then agree within Monte "
        "Carlo error, not to rtol=1e-7. Weighted == repeated is tested for the samplers themselves "
        "(tests/test_gibbs.py, tests/test_exact.py)."
    ),
}

_EXACT_FIT = (
    "scikit-learn's toy data for this check are fitted exactly by X; with Jeffreys' prior the "
    "posterior of sigma under a prior whose scale is proportional to sigma (horseshoe, Student-t) is then "
    "improper and the sampler refuses with a ValueError (ridge, lasso and elastic net priors keep it proper)."
)
#: Checks failed by design with such priors, {check name: reason}.
EXACT_FIT_CHECKS = {"check_sample_weights_shape": _EXACT_FIT, "check_sample_weights_not_overwritten": _EXACT_FIT}


class BayesEstimatorBase(PosteriorMixin, RegressorMixin, BaseEstimator):
    """Shared ``fit`` of the Bayesian regressions (see the module docstring for its steps).

    Class data a subclass sets:

    - ``_parameter_constraints``: ``{parameter: [constraint, ...]}`` checked at ``fit``;
    - ``_has_alpha``: whether it reports a strength (``alpha_``, ``alpha_strategy_``, ``eb_``);
    - ``_fixed_sampler``: a sampler it always uses (the horseshoe's Gibbs), else None.
    """

    _parameter_constraints: dict = {}
    _has_alpha: bool = False
    _fixed_sampler: str | None = None

    # -- hooks -------------------------------------------------------------------------------
    def _plan(self, data, rng):  # pragma: no cover - abstract
        """The :class:`~bayesreg._strategy.AlphaPlan` of the model to sample."""
        raise NotImplementedError

    def _check_params(self) -> None:
        """Extra checks across parameters (after the table); none by default."""

    def _report(self, plan, idata, data):
        """Report the strength (``alpha_`` and the like) after sampling; returns the value of the
        prior's parameter the reported mode is taken at (None: the plan's own)."""
        return None

    def _mode_model(self, plan, value):
        """The model whose mode is reported: the sampled one, or fixed at ``value`` of its parameter."""
        if value is None:
            return plan.model
        m = plan.model
        return type(m)(m.prior.with_value(value), m.likelihood, m.sigma_prior, m.fit_intercept)

    # -- skeleton ----------------------------------------------------------------------------
    def _validate_params(self):
        check_params(type(self).__name__, self.get_params(deep=False), self._parameter_constraints)
        self._check_params()
        check_random_state(self.random_state)  # type errors now, not after the MAP

    def _sigma_prior(self):
        return JeffreysSigma() if self.sigma_prior in (None, "jeffreys") else self.sigma_prior

    def fit(self, X, y=None, sample_weight=None):
        """Fit the posterior mode (where there is one) and sample the full posterior.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), dask array or DataFrame, or SufficientStatistics
            A pandas or dask DataFrame's column names become the ``feature`` coordinates. Dask input is
            reduced to :class:`~bayesreg.SufficientStatistics` in one pass over its chunks; a Gaussian
            likelihood with the exact or Gibbs sampler then runs from them (what needs the rows, such
            as NUTS, raises :class:`~bayesreg.exceptions.RowsRequiredError`).
        y : array-like of shape (n_samples,), dask array or Series, or str
            Omitted with SufficientStatistics; the name of a column of a dask DataFrame ``X``.
        sample_weight : array-like of shape (n_samples,), dask array or Series, or str, optional
            Frequency weights (weight ``k`` counts a row ``k`` times).

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad parameters (naming the parameter), NaN/inf in ``X`` or ``y`` (naming
            row and column), mismatched lengths, fewer than 2 samples, constant ``y``.
        TypeError
            Sparse or non-numeric input.

        Warns
        -----
        SamplingWarning
            When R-hat > 1.01, bulk or tail ESS < 100 per chain, or any divergence.
        UserWarning
            For constant columns of ``X`` (their weights are then informed by the prior alone).
        """
        # 1. validate
        self._validate_params()
        data = as_design(X, y, sample_weight, owner=type(self).__name__)  # the only validation of the data
        names = feature_names_of(X) if data.has_rows else data.feature_names  # dask: the frame's columns
        data.check_informative(names, fit_intercept=self.fit_intercept)
        rng = check_random_state(self.random_state)
        # 2. plan
        plan = self._plan(data, rng)
        model = self.model_ = plan.model
        model.check_scales(data.n, data.y_scale(model.fit_intercept), owner=type(self).__name__)
        feature_names = self._record_features(names, data.n_features)
        self.n_samples_ = data.n
        # 3. mode (once), before sampling when it does not depend on the posterior
        has_mode = supports_map(model)
        scale_form = isinstance(model.prior, ElasticNetFamily) and not model.prior.sigma_free_mode
        mode_after = has_mode and (plan.strategy == "hyperprior" or scale_form)
        sampler = self._fixed_sampler or self.sampler
        mode = None
        if has_mode and (not mode_after or resolve_sampler(model, sampler) == "nuts"):
            mode = map_estimate(model, data, sigma=data.y_scale(True) if scale_form else None)
        # 4. sample
        options = {} if self._fixed_sampler else {
            "nuts_sampler": self.nuts_sampler, "cores": self.cores, "target_accept": self.target_accept,
            "progressbar": self.progressbar,
        }
        initvals = None if mode is None else {"coef": mode.coef, "intercept": mode.intercept, "sigma": mode.sigma}
        idata = sample_posterior(model, data, sampler=sampler, feature_names=feature_names, draws=self.draws,
                                 tune=self.tune, chains=self.chains, rng=rng, initvals=initvals,
                                 pointwise=self.pointwise, **options)
        # 5. finalize
        idata.posterior.attrs["sampler_requested"] = sampler  # the rest: the one InferenceData builder
        self.idata_ = idata
        self._set_posterior_summaries()
        value = self._report(plan, idata, data)
        if mode_after:
            # The conditional mode at the posterior mean of the hyperparameter (and, for the scale
            # form, of sigma), so that coef_map_ is the twin at alpha_.
            mode = map_estimate(self._mode_model(plan, value), data, sigma=self.sigma_ if scale_form else None)
        if has_mode:
            self.map_ = mode
            self.coef_map_, self.intercept_map_ = mode.coef, mode.intercept
        self._warn_diagnostics()
        return self
