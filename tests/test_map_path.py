"""map_path and alpha_max against scikit-learn's paths (solved at tol=1e-14) and closed forms.

Tolerance 1e-8 (absolute, on coefficients of order 1): both solvers certify a relative
duality gap <= ~1e-12, which bounds the coefficient error by ~1e-6 in the worst
conditioning here; observed agreement is ~1e-11.
"""

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, Ridge, enet_path, lasso_path

from bayesreg import ElasticNetPrior, GaussianPrior, LaplacePrior, Model
from bayesreg.map import alpha_max, map_path

TOL = 1e-8


def _data(seed, n, p):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3.0, size=p) + rng.normal(size=p)
    w = np.zeros(p)
    w[: min(3, p)] = [2.0, -1.0, 0.5][: min(3, p)]
    y = X @ w + 4.0 + rng.normal(size=n)
    sw = rng.integers(1, 4, size=n).astype(float)
    return X, y, sw


def _center(X, y, sw, fit_intercept):
    if not fit_intercept:
        return X, y
    xm = np.average(X, axis=0, weights=sw)
    ym = np.average(y, weights=sw)
    Xc, yc = X - xm, y - ym
    if sw is not None:
        Xc, yc = Xc * np.sqrt(sw)[:, None], yc * np.sqrt(sw)
    return Xc, yc


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("shape", [(60, 8), (25, 40)])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.4])
def test_path_matches_sklearn(seed, shape, fit_intercept, l1_ratio):
    X, y, _ = _data(seed, *shape)
    prior = LaplacePrior() if l1_ratio == 1.0 else ElasticNetPrior(l1_ratio=l1_ratio)
    model = Model(prior, fit_intercept=fit_intercept)
    alphas, coefs, intercepts = map_path(model, X, y, n_alphas=30, tol=1e-14)
    assert alphas.shape == (30,) and coefs.shape == (shape[1], 30) and intercepts.shape == (30,)
    assert np.all(np.diff(alphas) < 0)
    Xc, yc = _center(X, y, None, fit_intercept)
    _, ref, _ = enet_path(Xc, yc, alphas=alphas, l1_ratio=l1_ratio, tol=1e-14, max_iter=200_000)
    np.testing.assert_allclose(coefs, ref, rtol=0, atol=TOL)
    assert np.abs(coefs[:, -1]).max() > 0.1  # non-trivial end of the path
    # Intercepts: what the twin fits at one grid point.
    k = 20
    twin = ElasticNet(alpha=alphas[k], l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-14, max_iter=200_000)
    twin.fit(X, y)
    assert abs(intercepts[k] - twin.intercept_) <= TOL * max(1.0, abs(twin.intercept_))


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_first_point_exactly_zero_with_weights(fit_intercept):
    X, y, sw = _data(3, 50, 6)
    model = Model(LaplacePrior(), fit_intercept=fit_intercept)
    amax = alpha_max(model, X, y, sample_weight=sw)
    # Written out: max_j |sum_i s_i (x_ij - xbar_j)(y_i - ybar)| / sum_i s_i.
    xm = np.average(X, axis=0, weights=sw) if fit_intercept else 0.0
    ym = np.average(y, weights=sw) if fit_intercept else 0.0
    expected = np.max(np.abs(((X - xm) * sw[:, None]).T @ (y - ym))) / sw.sum()
    assert amax == pytest.approx(expected, rel=1e-13)
    alphas, coefs, intercepts = map_path(model, X, y, sample_weight=sw, n_alphas=10)
    assert alphas[0] == amax
    assert np.all(coefs[:, 0] == 0.0)
    assert intercepts[0] == pytest.approx(ym, rel=1e-14, abs=0)
    assert np.any(coefs[:, 1] != 0.0)  # just below alpha_max something enters
    # Frequency weights == repeated rows.
    rep = np.repeat(np.arange(len(y)), sw.astype(int))
    a2, c2, i2 = map_path(model, X[rep], y[rep], n_alphas=10, tol=1e-14)
    np.testing.assert_allclose(a2, alphas, rtol=1e-12)
    np.testing.assert_allclose(c2, map_path(model, X, y, sample_weight=sw, n_alphas=10, tol=1e-14)[1], atol=TOL)


def test_lasso_path_shape_and_values_as_sklearn_without_intercept():
    X, y, _ = _data(4, 40, 5)
    model = Model(LaplacePrior(), fit_intercept=False)
    alphas, coefs, intercepts = map_path(model, X, y, n_alphas=15, tol=1e-14)
    ref_alphas, ref, _ = lasso_path(X, y, alphas=15, tol=1e-14, max_iter=100_000)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    np.testing.assert_allclose(coefs, ref, atol=TOL)
    assert np.all(intercepts == 0.0)


@pytest.mark.parametrize("shape", [(30, 5), (10, 20)])
def test_ridge_path_closed_form(shape):
    X, y, sw = _data(5, *shape)
    model = Model(GaussianPrior())
    alphas, coefs, intercepts = map_path(model, X, y, sample_weight=sw, n_alphas=7)
    for k in (0, 3, 6):
        r = Ridge(alpha=alphas[k], solver="svd").fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(coefs[:, k], r.coef_, rtol=1e-8, atol=1e-12)
        assert intercepts[k] == pytest.approx(r.intercept_, rel=1e-8)
    # The default grid spans the data: heavy shrinkage at the top, little at the bottom.
    ls = np.linalg.lstsq(*_center(X, y, sw, True), rcond=None)[0]
    assert np.linalg.norm(coefs[:, 0]) < 2e-3 * np.linalg.norm(ls)


def test_alpha_max_errors_and_bad_input():
    X, y, _ = _data(6, 20, 3)
    with pytest.raises(ValueError, match="no finite alpha_max"):
        alpha_max(Model(GaussianPrior()), X, y)
    with pytest.raises(ValueError, match="n_alphas"):
        map_path(Model(LaplacePrior()), X, y, n_alphas=0)
    with pytest.raises(ValueError, match="eps"):
        map_path(Model(LaplacePrior()), X, y, eps=2.0)
    with pytest.raises(ValueError, match="alphas"):
        map_path(Model(LaplacePrior()), X, y, alphas=[1.0, -1.0])
    with pytest.raises(TypeError, match="model"):
        map_path(Lasso(), X, y)
