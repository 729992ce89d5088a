"""Edge behaviour of the MAP solver: alpha -> 0, alpha >= alpha_max, duplicated columns, scaling."""

import warnings

import numpy as np
import pytest

from bayesreg import ElasticNetPrior, GaussianPrior, LaplaceLikelihood, LaplacePrior, Model, map_estimate
from bayesreg.map import alpha_max, map_path


def _data(seed, n, p):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = X @ rng.normal(size=p) + 1.5 + rng.normal(size=n)
    return X, y, rng.integers(1, 4, size=n).astype(float)


def test_alpha_zero_is_least_squares():
    X, y, sw = _data(0, 40, 5)
    res = map_estimate(Model(GaussianPrior(0.0)), X, y, sw)
    A = np.column_stack([np.ones(40), X]) * np.sqrt(sw)[:, None]
    ls = np.linalg.lstsq(A, y * np.sqrt(sw), rcond=None)[0]
    np.testing.assert_allclose(res.coef, ls[1:], rtol=1e-10)
    assert res.intercept == pytest.approx(ls[0], rel=1e-10)
    # Lasso with a tiny alpha: coefficients move by O(alpha / smallest eigenvalue of X'X / n).
    lasso = map_estimate(Model(LaplacePrior(1e-9)), X, y, sw)
    np.testing.assert_allclose(lasso.coef, ls[1:], rtol=1e-7)


def test_alpha_zero_p_gt_n_minimum_norm_with_warning():
    X, y, _ = _data(1, 10, 25)
    with pytest.warns(UserWarning, match="minimum-norm"):
        res = map_estimate(Model(GaussianPrior(0.0)), X, y)
    Xc, yc = X - X.mean(0), y - y.mean()
    np.testing.assert_allclose(res.coef, np.linalg.pinv(Xc) @ yc, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(X @ res.coef + res.intercept, y, atol=1e-9)  # interpolates
    # Ridge with alpha -> 0 tends to the same minimum-norm solution.
    near = map_estimate(Model(GaussianPrior(1e-10)), X, y)
    np.testing.assert_allclose(near.coef, res.coef, atol=1e-7)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("prior", [LaplacePrior(), ElasticNetPrior(l1_ratio=0.6)], ids=repr)
def test_alpha_at_and_above_alpha_max(prior, fit_intercept):
    X, y, sw = _data(2, 30, 6)
    model = Model(prior, fit_intercept=fit_intercept)
    amax = alpha_max(model, X, y, sw)
    for a in (amax, 2 * amax):
        kw = {"l1_ratio": prior.l1_ratio} if isinstance(prior, ElasticNetPrior) else {}
        res = map_estimate(Model(type(prior)(alpha=a, **kw), fit_intercept=fit_intercept), X, y, sw)
        assert np.all(res.coef == 0.0)
        assert res.intercept == (pytest.approx(np.average(y, weights=sw), rel=1e-14) if fit_intercept else 0.0)
    below = map_estimate(Model(type(prior)(alpha=0.99 * amax, **kw), fit_intercept=fit_intercept), X, y, sw)
    assert np.count_nonzero(below.coef) >= 1


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_lad_alpha_max_and_path(fit_intercept):
    X, y, sw = _data(3, 25, 4)
    model = Model(LaplacePrior(), LaplaceLikelihood(), fit_intercept=fit_intercept)
    amax = alpha_max(model, X, y, sw)
    alphas, coefs, intercepts = map_path(model, X, y, sample_weight=sw, n_alphas=4)
    assert alphas[0] == amax and np.all(coefs[:, 0] == 0)
    if fit_intercept:  # weighted median of y: half the weight on each side
        r = y - intercepts[0]
        assert sw[r < 0].sum() <= sw.sum() / 2 + 1e-12 and sw[r > 0].sum() <= sw.sum() / 2 + 1e-12
    res = map_estimate(Model(LaplacePrior(0.97 * amax), LaplaceLikelihood(), fit_intercept=fit_intercept), X, y, sw)
    assert np.count_nonzero(res.coef) >= 1


def test_duplicated_columns():
    X, y, _ = _data(4, 40, 3)
    Xd = np.column_stack([X, X[:, 0]])
    ridge = map_estimate(Model(GaussianPrior(1.0)), Xd, y)
    assert ridge.coef[0] == pytest.approx(ridge.coef[3], rel=1e-12)
    # Splitting evenly halves the penalty: equal to ridge with alpha/2 on the sum.
    single = map_estimate(Model(GaussianPrior(1.0)), X * np.array([np.sqrt(2), 1, 1]), y)
    assert ridge.coef[0] + ridge.coef[3] == pytest.approx(single.coef[0] * np.sqrt(2), rel=1e-10)
    lasso_d = map_estimate(Model(LaplacePrior(0.05)), Xd, y)
    lasso = map_estimate(Model(LaplacePrior(0.05)), X, y)
    assert lasso_d.coef[0] + lasso_d.coef[3] == pytest.approx(lasso.coef[0], rel=1e-9)
    np.testing.assert_allclose(lasso_d.coef[1:3], lasso.coef[1:], rtol=1e-9)


def test_scaling_y_by_1e6():
    X, y, sw = _data(5, 30, 4)
    c = 1e6
    r1 = map_estimate(Model(GaussianPrior(2.0)), X, y, sw)
    r2 = map_estimate(Model(GaussianPrior(2.0)), X, c * y, sw)
    np.testing.assert_allclose(r2.coef, c * r1.coef, rtol=1e-10)
    assert r2.intercept == pytest.approx(c * r1.intercept, rel=1e-10)
    # The L1 term is not scale-free: alpha scales with y (the same prior in units of y).
    l1 = map_estimate(Model(LaplacePrior(0.05)), X, y, sw)
    l2 = map_estimate(Model(LaplacePrior(0.05 * c)), X, c * y, sw)
    np.testing.assert_allclose(l2.coef, c * l1.coef, rtol=1e-10)
    assert np.array_equal(l2.coef == 0, l1.coef == 0)
    assert l2.sigma == pytest.approx(c * l1.sigma, rel=1e-8)


def test_frequency_weights_equal_repeated_rows():
    X, y, sw = _data(6, 20, 3)
    rep = np.repeat(np.arange(20), sw.astype(int))
    for model in (Model(LaplacePrior(0.05)), Model(LaplacePrior(0.02), LaplaceLikelihood()), Model(GaussianPrior(1.0), LaplaceLikelihood())):
        a = map_estimate(model, X, y, sw)
        b = map_estimate(model, X[rep], y[rep])
        np.testing.assert_allclose(a.coef, b.coef, rtol=1e-8, atol=1e-10)
        assert a.intercept == pytest.approx(b.intercept, rel=1e-8)


def test_convergence_warning_says_what_to_change():
    X, y, _ = _data(7, 30, 8)
    with pytest.warns(Warning, match="max_iter"):
        res = map_estimate(Model(LaplacePrior(0.01)), X, y, max_iter=1, tol=1e-16)
    assert not res.converged


def test_bad_input_messages():
    X, y, _ = _data(8, 10, 2)
    with pytest.raises(ValueError, match="sigma"):
        map_estimate(Model(LaplacePrior()), X, y, sigma=-1.0)
    with pytest.raises(TypeError, match="model"):
        map_estimate("lasso", X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        map_estimate(Model(LaplacePrior(0.1)), X, y)  # no stray warnings on a plain call
