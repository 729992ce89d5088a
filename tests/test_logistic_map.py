"""Logistic MAP == scikit-learn's LogisticRegression, the C <-> prior-scale mapping, separation.

Oracles: ``LogisticRegression`` at ``tol=1e-12`` -- "newton-cholesky" for L2 (Newton steps,
exact to ~1e-14) and "saga" for L1 / elastic net (the only solver with an L1 term and an
unpenalized intercept; liblinear penalizes the intercept and is refused). saga converges
linearly and stops on the change of the weights, so at ``tol=1e-12`` it leaves ~1e-9 relative
error (its KKT residual, printed in failures): the comparison tolerance is 1e-8 relative,
and our own solution is held to a KKT residual <= 1e-12 (measured ~1e-16). The C values for
saga are those where it converges within a few seconds on breast cancer (at C = 1 and L1 it
needs ~300,000 epochs). The prior densities are checked against scipy's.
"""

import numpy as np
import pytest
from scipy import stats
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from bayesreg import ElasticNetPrior, GaussianPrior, LaplacePrior, LogisticModel, map_estimate
from bayesreg.map._logistic import logistic_kkt, separation
from bayesreg.mapping import from_logistic_twin, to_logistic_twin
from bayesreg.testing import assert_map_equals_penalized

RTOL = 1e-8


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y.astype(float)


def _near_separable(seed, n=80, p=5):
    """Strong signal: a few rows on the wrong side, so the MLE exists but is large."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    eta = 3.0 * X[:, 0] - 2.0 * X[:, 1] + 0.5
    y = (eta + rng.logistic(size=n) > 0).astype(float)
    return X, y


def _oracle(C, l1_ratio, fit_intercept):
    solver = "newton-cholesky" if l1_ratio == 0 else "saga"
    return LogisticRegression(C=C, l1_ratio=l1_ratio, solver=solver, tol=1e-12, max_iter=1_000_000,
                              fit_intercept=fit_intercept)


def _check(X, y, C, l1_ratio, fit_intercept):
    sk = _oracle(C, l1_ratio, fit_intercept).fit(X, y)
    model = from_logistic_twin(sk, n_samples=X.shape[0])
    res = map_estimate(model, X, y)
    assert res.converged and res.kkt_residual <= 1e-12
    assert_map_equals_penalized(res, sk, X, y, rtol=RTOL)
    assert np.abs(sk.coef_).max() > 1e-3  # non-trivial
    # Our optimum's objective is not above scikit-learn's own (its scaling: C sum logloss + r(w)).
    sk_obj = C * model.objective(sk.coef_[0], sk.intercept_[0] if fit_intercept else 0.0, X, y)
    assert res.objective <= sk_obj + 1e-12 * abs(sk_obj)
    return res


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("C, l1_ratio", [(0.01, 0.0), (1.0, 0.0), (100.0, 0.0), (0.02, 1.0),
                                         (0.05, 0.5), (0.2, 0.5), (1.0, 0.5)])
def test_map_equals_logistic_regression_breast_cancer(cancer, C, l1_ratio, fit_intercept):
    res = _check(*cancer, C, l1_ratio, fit_intercept)
    if l1_ratio > 0 and C <= 0.2:
        assert np.sum(res.coef == 0) >= 5  # exact zeros, the same as saga's (checked by the assertion)


@pytest.mark.slow
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("C", [0.05, 0.2])
def test_map_equals_logistic_regression_breast_cancer_l1_slow_saga(cancer, C, fit_intercept):
    res = _check(*cancer, C, 1.0, fit_intercept)  # saga needs 2-15 s here
    assert np.sum(res.coef == 0) >= 5


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("C, l1_ratio", [(0.1, 0.0), (10.0, 0.0), (0.1, 1.0), (2.0, 1.0), (0.5, 0.3), (5.0, 0.8)])
def test_map_equals_logistic_regression_near_separable(seed, C, l1_ratio, fit_intercept):
    X, y = _near_separable(seed)
    assert not separation(X, y, fit_intercept=fit_intercept)
    _check(X, y, C, l1_ratio, fit_intercept)


def _separable(seed, n=40):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    return X, (X[:, 0] + 0.5 * X[:, 1] > 0).astype(float)


@pytest.mark.parametrize("C, l1_ratio", [(1.0, 0.0), (1.0, 1.0), (1.0, 0.5), (100.0, 0.0)])
def test_separable_data_mode_is_finite_with_a_proper_prior(C, l1_ratio):
    """Perfectly separable: the penalty (any l1 or l2 > 0) keeps the mode finite, still == sklearn."""
    X, y = _separable(0)
    assert separation(X, y)
    res = _check(X, y, C, l1_ratio, True)
    assert np.all(np.isfinite(res.coef)) and np.abs(res.coef).max() < 1e3


def test_separable_data_flat_prior_refused():
    X, y = _separable(1)
    with pytest.raises(ValueError, match="separated"):
        map_estimate(LogisticModel(GaussianPrior(0.0)), X, y)
    # Not separated: the flat prior's mode is the MLE == LogisticRegression(C=inf).
    Xn, yn = _near_separable(3)
    res = map_estimate(LogisticModel(GaussianPrior(0.0)), Xn, yn)
    sk = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(Xn, yn)
    assert_map_equals_penalized(res, sk, Xn, yn, rtol=RTOL)


def test_separation_detects_quasi_complete_separation():
    X, y = _separable(2)
    Xq = np.vstack([X, [[0.0, 0.0, 1.0], [0.0, 0.0, -1.0]]])  # two rows on the boundary, both classes
    yq = np.concatenate([y, [1.0, 0.0]])
    assert separation(Xq, yq)
    assert not separation(*_near_separable(0))


def test_sample_weight_equals_repeated_rows():
    X, y = _near_separable(4)
    sw = np.random.default_rng(0).integers(1, 4, size=y.size).astype(float)
    model = LogisticModel(ElasticNetPrior(0.01, 0.5))
    a = map_estimate(model, X, y, sample_weight=sw)
    reps = sw.astype(int)
    b = map_estimate(model, np.repeat(X, reps, axis=0), np.repeat(y, reps))
    np.testing.assert_allclose(a.coef, b.coef, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(a.intercept, b.intercept, rtol=1e-10)
    sk = _oracle(a.twin.C, 0.5, True).fit(X, y, sample_weight=sw)
    assert_map_equals_penalized(a, sk, X, y, sample_weight=sw, rtol=RTOL)


@pytest.mark.parametrize("C", [0.3, 2.0])
def test_C_is_the_prior_scale(C):
    """Ridge: w_j ~ N(0, variance C); lasso: Laplace(0, scale C) -- scipy densities, up to the model's kappa."""
    n = 50
    w = np.linspace(-3, 3, 13)
    ridge = LogisticModel(from_logistic_twin(LogisticRegression(C=C, l1_ratio=0.0)).prior)
    lasso = from_logistic_twin(LogisticRegression(C=C, l1_ratio=1.0), n_samples=n)
    lp_r = ridge.prior.logpdf_terms(w, ridge.kappa(n), 1.0)
    lp_l = lasso.prior.logpdf_terms(w, lasso.kappa(n), 1.0)
    np.testing.assert_allclose(lp_r, stats.norm(0, np.sqrt(C)).logpdf(w), rtol=1e-12)
    np.testing.assert_allclose(lp_l, stats.laplace(0, C).logpdf(w), rtol=1e-12)


@pytest.mark.parametrize("prior, n, expected", [
    (GaussianPrior(0.25), 10, {"C": 2.0, "l1_ratio": 0.0, "solver": "newton-cholesky"}),
    (LaplacePrior(0.1), 10, {"C": 1.0, "l1_ratio": 1.0, "solver": "saga"}),
    (ElasticNetPrior(0.05, 0.3), 40, {"C": 0.5, "l1_ratio": 0.3, "solver": "saga"}),
    (GaussianPrior(0.0), 10, {"C": np.inf, "l1_ratio": 0.0}),
])
def test_mapping_both_ways(prior, n, expected):
    model = LogisticModel(prior, fit_intercept=False)
    twin = to_logistic_twin(model, n_samples=n)
    params = twin.get_params()
    for key, value in expected.items():
        assert params[key] == pytest.approx(value, rel=1e-15) if isinstance(value, float) else params[key] == value
    assert params["fit_intercept"] is False
    assert from_logistic_twin(twin, n_samples=n) == model


def test_liblinear_refused_with_an_intercept():
    with pytest.raises(ValueError, match="liblinear.*intercept"):
        to_logistic_twin(LogisticModel(GaussianPrior(1.0)), solver="liblinear")
    with pytest.raises(ValueError, match="liblinear"):
        from_logistic_twin(LogisticRegression(solver="liblinear"))
    # Without an intercept liblinear's objective is the same.
    assert to_logistic_twin(LogisticModel(GaussianPrior(1.0), fit_intercept=False), solver="liblinear").C == 0.5


def test_bad_inputs_are_named():
    X, y = _near_separable(0)
    model = LogisticModel(LaplacePrior(0.01))
    with pytest.raises(ValueError, match="row 3"):
        yb = y.copy()
        yb[3] = 2.0
        map_estimate(model, X, yb)
    with pytest.raises(ValueError, match="both classes"):
        map_estimate(model, X, np.ones_like(y))
    with pytest.raises(ValueError, match="n_samples"):
        to_logistic_twin(model)


def test_assertion_names_a_slipped_convention():
    """A mode computed with C * n (alpha read as 1 / C) is diagnosed as such."""
    X, y = _near_separable(5)
    n = X.shape[0]
    sk = _oracle(0.05, 0.0, True).fit(X, y)
    wrong = map_estimate(LogisticModel(GaussianPrior(0.5 / (0.05 * n))), X, y)
    with pytest.raises(AssertionError, match="C multiplied by n_samples"):
        assert_map_equals_penalized(wrong, sk, X, y, rtol=RTOL)


def test_kkt_certificate_fails_off_the_optimum(cancer):
    X, y = cancer
    res = map_estimate(LogisticModel(LaplacePrior(1.0 / (X.shape[0] * 0.05))), X, y)
    l1 = 1.0 / 0.05
    assert logistic_kkt(X, y, None, res.coef, res.intercept, l1, 0.0, True) <= 1e-12
    nudged = res.coef.copy()
    nudged[np.flatnonzero(nudged)[0]] *= 1.0 + 1e-6
    assert logistic_kkt(X, y, None, nudged, res.intercept, l1, 0.0, True) > 1e-8
