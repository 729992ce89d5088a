"""Data prepared once (issue 11): the Design object and "fit validates X exactly once"."""

import sys

import numpy as np
import pytest

import bayesreg
from bayesreg import BayesElasticNet, BayesHorseshoe, BayesLasso, BayesRidge, LaplacePrior, Model, map_estimate
from bayesreg import _validation
from bayesreg._data import Design
from bayesreg._stats_design import as_design
from bayesreg.hyperpriors import GammaHyperprior
from bayesreg.map import alpha_max
from bayesreg.posterior import _gibbs_data, sample_gibbs


def _data(seed=0, n=40, p=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * [1.0, 10.0, 0.1] + 5.0
    return X, X @ [1.0, 0.0, -2.0] + rng.normal(size=n), rng.integers(1, 4, size=n).astype(float)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_summaries_are_the_weighted_centered_statistics(fit_intercept, weighted):
    X, y, sw = _data()
    sw = sw if weighted else None
    d = Design(X, y, sw)
    s = np.ones(40) if sw is None else sw
    xm = (s @ X) / s.sum() if fit_intercept else np.zeros(3)
    ym = (s @ y) / s.sum() if fit_intercept else 0.0
    Xc, yc = X - xm, y - ym
    assert d.n == s.sum()
    np.testing.assert_allclose(d.offsets(fit_intercept)[0], xm, rtol=1e-14)
    stats = d.sufficient_stats(fit_intercept)
    np.testing.assert_allclose(stats.XtX, Xc.T @ (s[:, None] * Xc), rtol=1e-12)
    np.testing.assert_allclose(stats.Xty, Xc.T @ (s * yc), rtol=1e-12)
    assert stats.yty == pytest.approx(yc @ (s * yc), rel=1e-12)
    assert d.y_scale(fit_intercept) == pytest.approx(np.sqrt((s * yc**2).sum() / s.sum()), rel=1e-14)
    # Weight k == the row repeated k times.
    rep = Design(np.repeat(X, s.astype(int), axis=0), np.repeat(y, s.astype(int)))
    np.testing.assert_allclose(rep.sufficient_stats(fit_intercept).XtX, stats.XtX, rtol=1e-10)
    # Cached: the same object twice.
    assert d.sufficient_stats(fit_intercept) is stats and d.centered(fit_intercept) is d.centered(fit_intercept)


def test_as_design_passes_a_design_through_and_validates_arrays():
    X, y, sw = _data()
    d = Design(X, y, sw)
    assert as_design(d) is d
    with pytest.raises(ValueError, match="inside the Design"):
        as_design(d, y)
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="row 3"):
        as_design(X, y)


def test_consumers_give_the_same_answer_from_a_design():
    X, y, sw = _data(1)
    d = Design(X, y, sw)
    model = Model(LaplacePrior(0.05))
    np.testing.assert_array_equal(map_estimate(model, d).coef, map_estimate(model, X, y, sw).coef)
    assert alpha_max(model, d) == alpha_max(model, X, y, sw)
    a = sample_gibbs(model, d, draws=50, tune=10, chains=1, rng=0).posterior["coef"].values
    b = sample_gibbs(model, X, y, sw, draws=50, tune=10, chains=1, rng=0).posterior["coef"].values
    np.testing.assert_array_equal(a, b)


def _count_validations(monkeypatch):
    """Wrap every binding of the package's data validators; return the call log."""
    calls = []
    originals = {"check_X_y": _validation.check_X_y, "check_X": _validation.check_X,
                 "_as_arrays": _gibbs_data._as_arrays}
    # Not inside _validation itself: check_X_y calls check_X as part of the one validation.
    for mod in [m for name, m in sys.modules.items()
                if name.startswith("bayesreg") and name != "bayesreg._validation" and m is not None]:
        for name, original in originals.items():
            if getattr(mod, name, None) is original:
                def wrapper(*args, _name=name, _original=original, **kwargs):
                    calls.append(_name)
                    return _original(*args, **kwargs)

                monkeypatch.setattr(mod, name, wrapper)
    return calls


@pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning")  # tiny runs; not the subject
@pytest.mark.parametrize(
    "estimator",
    [
        BayesRidge(alpha=1.0),
        BayesRidge(alpha="empirical_bayes"),
        BayesRidge(alpha=GammaHyperprior(1.0, 1.0)),
        BayesLasso(alpha=0.05),
        BayesLasso(alpha=GammaHyperprior(1.0, 1.78), laplace_form="park_casella"),
        BayesElasticNet(alpha=0.05, l1_ratio=0.5),
        BayesHorseshoe(),
    ],
    ids=repr,
)
def test_fit_validates_the_data_exactly_once(monkeypatch, estimator):
    X, y, sw = _data(2)
    calls = _count_validations(monkeypatch)
    estimator.set_params(draws=100, tune=50, chains=2, random_state=0)
    if "sampler" in estimator.get_params() and not isinstance(estimator, BayesHorseshoe):
        estimator.set_params(sampler="auto")
    estimator.fit(X, y, sw)
    assert calls == ["check_X_y"], calls
    assert hasattr(estimator, "coef_") and bayesreg.__version__


@pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning")
def test_empirical_bayes_mcem_validates_once(monkeypatch):
    X, y, sw = _data(3)
    calls = _count_validations(monkeypatch)
    BayesLasso(alpha="empirical_bayes", draws=100, tune=50, chains=2, random_state=0).fit(X, y, sw)
    assert calls == ["check_X_y"], calls


def test_the_counter_sees_every_validation(monkeypatch):
    """The check above can fail: arrays handed to two consumers are validated twice."""
    X, y, sw = _data(4)
    calls = _count_validations(monkeypatch)
    model = Model(LaplacePrior(0.05))
    map_estimate(model, X, y, sw)
    sample_gibbs(model, X, y, sw, draws=20, tune=5, chains=1, rng=0)
    assert calls == ["check_X_y", "_as_arrays"], calls
