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


# --- Gram statistics without centering X, screening and the exact support solve ---------------


def _independent_rel_gap(Xc, yc, w, l1, l2):
    """Duality gap of 0.5||yc - Xc w||^2 + l1 ||w||_1 + l2/2 ||w||^2 / (0.5 ||yc||^2), written out here
    (dual point: the residual scaled into the dual feasible set, Friedman et al. 2010 / scikit-learn)."""
    R = yc - Xc @ w
    dual_norm = np.max(np.abs(Xc.T @ R - l2 * w))
    c = min(1.0, l1 / dual_norm) if dual_norm > 0 else 1.0
    primal = 0.5 * R @ R + l1 * np.abs(w).sum() + 0.5 * l2 * w @ w
    dual = c * R @ yc - 0.5 * c**2 * (R @ R) - 0.5 * l2 * c**2 * (w @ w)
    return (primal - dual) / (0.5 * yc @ yc)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("mean_over_sd, rank_one", [(30.0, True), (1e5, False)])
def test_gram_rank_one_against_centered(weighted, mean_over_sd, rank_one):
    """X'SX - n m m' equals the centered Gram while the means are moderate; large means fall back."""
    from bayesreg.map._path import _gram_stats

    rng = np.random.default_rng(11)
    n, p = 80, 6
    sd = rng.uniform(0.5, 2.0, size=p)
    X = rng.normal(size=(n, p)) * sd + mean_over_sd * sd * rng.choice([-1, 1], size=p)
    y = X @ rng.normal(size=p) + 3.0 + rng.normal(size=n)
    sw = rng.integers(1, 4, size=n).astype(float) if weighted else None
    Q, q, yc, _, _, used = _gram_stats(X, y, sw, True, 1e-10)
    assert used is rank_one
    Xc, yc_ref = _center(X, y, sw, True)
    np.testing.assert_allclose(yc, yc_ref, rtol=1e-12, atol=1e-12 * np.abs(yc_ref).max())
    # Rounding of the rank-one form grows like (1 + m^2/s^2) eps: 30^2 * 2e-16 * n-ish << 1e-10.
    scale = np.sqrt(np.outer(np.diag(Xc.T @ Xc), np.diag(Xc.T @ Xc)))
    np.testing.assert_allclose(Q / scale, (Xc.T @ Xc) / scale, rtol=0, atol=1e-10)
    np.testing.assert_allclose(q, Xc.T @ yc_ref, rtol=0, atol=1e-9 * np.abs(Xc.T @ yc_ref).max())
    # The whole path stays at the duality-gap tolerance, checked on the centered data.
    model = Model(LaplacePrior(), fit_intercept=True)
    alphas, coefs, intercepts = map_path(model, X, y, sample_weight=sw, n_alphas=20, tol=1e-10)
    nw = n if sw is None else sw.sum()
    gaps = [_independent_rel_gap(Xc, yc_ref, coefs[:, k], nw * a, 0.0) for k, a in enumerate(alphas)]
    assert max(gaps) <= 1e-9, max(gaps)
    assert np.abs(coefs[:, -1]).max() > 0.1
    # Oracle: the twin, fitted with its own intercept handling (enet_path on the centered copy
    # stalled at a relative gap ~0.1 on this data with scikit-learn 1.9, so it is not used here).
    # Coefficient error <= sqrt(2 gap ||y||^2/2 / lambda_min(Q)) ~ 1e-4 relative at gap 1e-9.
    for k in (5, 12, 19):
        twin = Lasso(alpha=alphas[k], tol=1e-14, max_iter=1_000_000).fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(coefs[:, k], twin.coef_, rtol=0, atol=1e-4 * np.abs(twin.coef_).max())
        assert intercepts[k] == pytest.approx(twin.intercept_, rel=1e-4, abs=1e-4)


def test_gram_without_intercept_is_raw_gram():
    from bayesreg.map._path import _gram_stats

    X, y, sw = _data(12, 40, 5)
    Q, q, _, xm, ym, used = _gram_stats(X, y, sw, False, 1e-10)
    Xs = X * np.sqrt(sw)[:, None]
    np.testing.assert_allclose(Q, Xs.T @ Xs, rtol=1e-13)
    np.testing.assert_allclose(q, X.T @ (sw * y), rtol=1e-13)
    assert not used and np.all(xm == 0) and ym == 0.0


@pytest.mark.parametrize("l1_ratio", [1.0, 0.7])
def test_path_with_duplicate_constant_and_zero_columns(l1_ratio):
    """Collinear support (the exact solve must step aside), a constant and an all-zero column."""
    X, y, _ = _data(13, 70, 6)
    X = np.column_stack([X, X[:, 0], np.full(70, 2.5), np.zeros(70)])
    prior = LaplacePrior() if l1_ratio == 1.0 else ElasticNetPrior(l1_ratio=l1_ratio)
    alphas, coefs, _ = map_path(Model(prior), X, y, n_alphas=25, tol=1e-12)
    Xc, yc = _center(X, y, None, True)
    _, ref, _ = enet_path(Xc, yc, alphas=alphas, l1_ratio=l1_ratio, tol=1e-14, max_iter=500_000)
    n = X.shape[0]
    for k, a in enumerate(alphas):
        g = _independent_rel_gap(Xc, yc, coefs[:, k], n * a * l1_ratio, n * a * (1 - l1_ratio))
        assert g <= 1e-11, (k, g)
    assert np.all(coefs[7:, :] == 0.0)  # constant and zero columns never enter
    # Duplicated columns: the lasso splits freely between them, so compare their sum.
    s_ours, s_ref = coefs[0] + coefs[6], ref[0] + ref[6]
    np.testing.assert_allclose(s_ours, s_ref, atol=1e-6)
    np.testing.assert_allclose(coefs[1:6], ref[1:6], atol=1e-6)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_screened_kernel_gaps_and_sweeps(seed):
    """Every grid point certifies the gap of the full problem (screening never drops a feature)."""
    from bayesreg.map._path import _cd_path

    rng = np.random.default_rng(seed)
    n, p = 300, 60
    X = rng.normal(size=(n, p)) + 0.5 * rng.normal(size=(n, 1))  # correlated: slow plain CD
    y = X[:, :8] @ rng.normal(size=8) + rng.normal(size=n)
    Xc, yc = _center(X, y, None, True)
    amax = np.max(np.abs(Xc.T @ yc)) / n
    alphas = np.geomspace(amax, 1e-4 * amax, 40)
    coefs, n_iters, gaps, _, _ = _cd_path(X, y, None, True, n * alphas, 0 * alphas, 1e-12, 100_000)
    indep = [_independent_rel_gap(Xc, yc, coefs[:, k], n * a, 0.0) for k, a in enumerate(alphas)]
    assert max(gaps) <= 1e-12 and max(indep) <= 1e-11
    assert np.count_nonzero(coefs[:, -1]) > p // 2  # the end of the path is dense
    assert n_iters.max() < 1000  # the exact support solve cuts the linear tail of CD
