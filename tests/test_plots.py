"""Teaching plots: the computations against independent oracles, and the drawn data.

No sampling here (see test_plots_posterior.py). Tolerances: closed forms and
scipy densities agree to rounding (rtol 1e-10); geometry against a brute-force
search on the constraint boundary refined by Brent (xtol 1e-12 on the angle),
so 1e-6 relative; MAP-based quantities inherit the solver's tol=1e-12.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import integrate, optimize, stats

from bayesreg import ElasticNetPrior, GaussianPrior, LaplacePrior, Model, map_estimate
from bayesreg.plots import (
    constraint_boundary,
    constraint_geometry,
    matched_priors,
    orthogonal_shrinkage,
    plot_coef_path,
    plot_constraint_geometry,
    plot_forest,
    plot_priors,
    plot_shrinkage,
    polynomial_data,
    predictive_band,
    prior_penalty_curves,
    with_alpha,
)
from bayesreg.plots._draw import FOREST_OFFSET, KAPPA_NOTE
from bayesreg.plots._posterior import entry_order
from bayesreg.plots._teaching import GEOMETRY_FEATURES, GEOMETRY_RADIUS, standardized_pair


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- priors vs penalties
@pytest.mark.parametrize("alpha, n, sigma", [(0.02, 100, 1.0), (0.5, 30, 2.5), (3.0, 442, 0.3)])
def test_matched_prior_densities_match_scipy(alpha, n, sigma):
    cur = prior_penalty_curves(matched_priors(alpha, n, l1_ratio=0.3), n_samples=n, sigma=sigma)
    w = cur.grid
    # Ridge(n alpha): w ~ Normal(0, sigma^2 / (n alpha)); Lasso(alpha): Laplace(0, sigma^2 / (n alpha)).
    np.testing.assert_allclose(cur.density["ridge"], stats.norm(scale=sigma / np.sqrt(n * alpha)).pdf(w), rtol=1e-10)
    np.testing.assert_allclose(cur.density["lasso"], stats.laplace(scale=sigma**2 / (n * alpha)).pdf(w), rtol=1e-10)
    # Elastic net, written out: exp(-(n / sigma^2)(alpha rho |w| + alpha (1 - rho) / 2 w^2)) / Z.
    def unnorm(v):
        return np.exp(-(n / sigma**2) * (alpha * 0.3 * np.abs(v) + alpha * 0.7 / 2 * v**2))

    Z = 2 * integrate.quad(unnorm, 0, np.inf, epsabs=0, epsrel=1e-13)[0]
    np.testing.assert_allclose(cur.density["elastic net"], unnorm(w) / Z, rtol=1e-9)
    assert cur.density["lasso"].max() > cur.density["ridge"].max()  # the Laplace peak


@pytest.mark.parametrize("sigma", [0.5, 1.0, 3.0])
def test_negative_log_prior_is_the_penalty(sigma):
    n, alpha, rho = 50, 0.1, 0.4
    cur = prior_penalty_curves(matched_priors(alpha, n, l1_ratio=rho), n_samples=n, sigma=sigma)
    w = cur.grid
    for name in cur.priors:
        scale = np.max(np.abs(cur.penalty[name]))
        np.testing.assert_allclose(cur.neg_log_prior[name], cur.penalty[name], rtol=0, atol=1e-12 * scale)
    # In nats, written out: ridge n alpha w^2 / (2 sigma^2), lasso n alpha |w| / sigma^2.
    np.testing.assert_allclose(cur.penalty["ridge"], n * alpha * w**2 / (2 * sigma**2), rtol=1e-12)
    np.testing.assert_allclose(cur.penalty["lasso"], n * alpha * np.abs(w) / sigma**2, rtol=1e-12)
    # Matched alpha: the elastic net is the l1_ratio-mixture of the two.
    np.testing.assert_allclose(cur.penalty["elastic net"], rho * cur.penalty["lasso"] + (1 - rho) * cur.penalty["ridge"],
                               rtol=1e-12, atol=1e-14)


def test_plot_priors_draws_the_curves():
    priors = matched_priors(0.02, 100)
    cur = prior_penalty_curves(priors, n_samples=100)
    ax = plot_priors(priors, n_samples=100, kind="density")
    lines = ax.get_lines()[:3]
    for line, name in zip(lines, priors):
        np.testing.assert_array_equal(line.get_xdata(), cur.grid)
        np.testing.assert_array_equal(line.get_ydata(), cur.density[name])
    ax2 = plot_priors(priors, n_samples=100, kind="penalty")
    solid, dots = ax2.get_lines()[0], ax2.get_lines()[1]
    np.testing.assert_array_equal(solid.get_ydata(), cur.penalty["ridge"])
    np.testing.assert_allclose(dots.get_ydata(), np.interp(dots.get_xdata(), cur.grid, cur.penalty["ridge"]),
                               rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match="'kind'"):
        plot_priors(priors, n_samples=100, kind="cdf")


# ---------------------------------------------------------------- constraint geometry
def _radius_oracle(prior, u, t):
    """Radius of {c(w) = t} along unit u, written out per family (c = penalty / alpha)."""
    l1 = np.abs(u).sum()
    if isinstance(prior, GaussianPrior):
        return np.sqrt(t)
    if isinstance(prior, LaplacePrior):
        return t / l1
    rho = prior.l1_ratio
    a, b = rho * l1, (1 - rho) / 2
    return (-a + np.sqrt(a * a + 4 * b * t)) / (2 * b)


def _boundary_argmin(prior, t, Xc, yc):
    """Brute force: minimize the RSS over the boundary by angle, then refine with Brent."""
    def rss(theta):
        u = np.array([np.cos(theta), np.sin(theta)])
        w = _radius_oracle(prior, u, t) * u
        r = yc - Xc @ w
        return r @ r

    th = np.linspace(0, 2 * np.pi, 20001)
    k = int(np.argmin([rss(v) for v in th]))
    res = optimize.minimize_scalar(rss, bounds=(th[max(k - 1, 0)], th[min(k + 1, th.size - 1)]),
                                   method="bounded", options={"xatol": 1e-12})
    u = np.array([np.cos(res.x), np.sin(res.x)])
    return _radius_oracle(prior, u, t) * u


PRIORS = [GaussianPrior(1.0), LaplacePrior(1.0), ElasticNetPrior(1.0, 0.5), ElasticNetPrior(1.0, 0.9)]


@pytest.mark.parametrize("prior", PRIORS, ids=repr)
def test_boundary_is_the_level_set(prior):
    t = 0.7
    pts = constraint_boundary(prior, t)
    vals = [prior.penalty(p) / prior.alpha for p in pts]
    np.testing.assert_allclose(vals, t, rtol=1e-12)
    np.testing.assert_allclose(pts[0], pts[-1], atol=1e-12)  # closed


@pytest.mark.parametrize("prior", PRIORS, ids=repr)
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("frac", [0.3, 0.7])
def test_touching_point_is_the_boundary_minimizer(prior, seed, frac):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, 2)) @ np.array([[1.0, 0.6], [0.0, 0.8]])
    y = 2.0 + X @ np.array([1.5, -0.7]) + 0.5 * rng.normal(size=60)
    Xc, yc = X - X.mean(0), y - y.mean()
    ols = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    t = frac * prior.penalty(ols) / prior.alpha
    g = constraint_geometry(Model(prior), X, y, budget=t)
    np.testing.assert_allclose(g.ols, ols, rtol=1e-10)
    assert g.alpha > 0
    np.testing.assert_allclose(prior.penalty(g.touch) / prior.alpha, t, rtol=1e-9)
    oracle = _boundary_argmin(prior, t, Xc, yc)
    np.testing.assert_allclose(g.touch, oracle, rtol=0, atol=1e-6 * np.abs(ols).max())
    np.testing.assert_allclose(g.loss_level, np.sum((yc - Xc @ g.touch) ** 2), rtol=1e-12)
    # The alpha form gives the same point back.
    g2 = constraint_geometry(Model(prior), X, y, alpha=g.alpha)
    np.testing.assert_allclose(g2.touch, g.touch, rtol=0, atol=1e-9 * np.abs(ols).max())
    np.testing.assert_allclose(g2.budget, t, rtol=1e-8)


def test_diamond_corner_catches_the_ellipse_on_diabetes(diabetes):
    X, y = diabetes
    names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
    X2, y2 = standardized_pair(pd.DataFrame(X, columns=names), pd.Series(y))
    r = GEOMETRY_RADIUS
    lasso = constraint_geometry(Model(LaplacePrior()), X2, y2, radius=r)
    assert lasso.touch[1] == 0.0  # exactly on the bmi axis: the corner
    np.testing.assert_allclose(lasso.touch[0], r, rtol=1e-10)
    assert lasso.ols[1] < -0.1  # while least squares gives s3 a clear weight
    from sklearn.linear_model import Lasso

    twin = Lasso(alpha=lasso.alpha, tol=1e-12, max_iter=10**6).fit(X2, y2)
    np.testing.assert_allclose(lasso.touch, twin.coef_, rtol=0, atol=1e-8)
    for prior in (GaussianPrior(1.0), ElasticNetPrior(1.0, 0.5)):
        g = constraint_geometry(Model(prior), X2, y2, radius=r)
        assert np.all(g.touch != 0)  # smooth sets touch off the axes
    assert list(GEOMETRY_FEATURES) == list(X2.columns)


def test_budget_beyond_least_squares_returns_ols():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 2))
    y = X @ [1.0, 2.0] + rng.normal(size=40)
    g = constraint_geometry(Model(LaplacePrior()), X, y, budget=1e6)
    assert g.alpha == 0.0
    np.testing.assert_array_equal(g.touch, g.ols)


def test_geometry_bad_input():
    X = np.random.default_rng(0).normal(size=(20, 3))
    y = X[:, 0]
    with pytest.raises(ValueError, match="2 columns"):
        constraint_geometry(Model(LaplacePrior()), X, y, alpha=1.0)
    with pytest.raises(ValueError, match="exactly one"):
        constraint_geometry(Model(LaplacePrior()), X[:, :2], y, alpha=1.0, budget=2.0)
    with pytest.raises(ValueError, match="exactly one"):
        constraint_geometry(Model(LaplacePrior()), X[:, :2], y)


def test_plot_constraint_geometry_draws_touch_and_set():
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.normal(size=(50, 2)), columns=["a", "b"])
    y = X @ [2.0, 0.3] + rng.normal(size=50)
    g = constraint_geometry(Model(LaplacePrior()), X, y, radius=0.8)
    ax = plot_constraint_geometry(Model(LaplacePrior()), X, y, radius=0.8)
    np.testing.assert_array_equal(ax.patches[0].get_xy()[:-1], g.boundary)  # fill polygon, closed by mpl
    marks = {tuple(np.ravel(line.get_xydata())) for line in ax.get_lines() if line.get_marker() == "o"}
    assert tuple(g.touch) in marks
    assert ax.get_xlabel() == "a" and ax.get_ylabel() == "b"
    # The title says which units alpha is in and defines t (the constraint's budget).
    assert ax.get_title() == (f"lasso: alpha = {g.alpha:.3g} (Lasso's units)\n"
                              f"constraint set {{w : ||w||_1 <= t}}, t = {g.budget:.3g}")
    g2 = constraint_geometry(Model(ElasticNetPrior(1.0, 0.5)), X, y, radius=0.8)
    title = plot_constraint_geometry(Model(ElasticNetPrior(1.0, 0.5)), X, y, radius=0.8).get_title()
    assert "(ElasticNet's units)" in title and "0.5 ||w||_1 + 0.25 ||w||_2^2 <= t" in title
    np.testing.assert_allclose(g2.budget, 0.5 * 0.8 + 0.25 * 0.8**2, rtol=1e-12)  # c([r, 0]) written out


# ---------------------------------------------------------------- orthogonal shrinkage
def _orthogonal_design(n, p, seed):
    """Centered columns with X'X = n I."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, p))
    A -= A.mean(0)
    Q, _ = np.linalg.qr(A)
    return Q * np.sqrt(n)


@pytest.mark.parametrize("prior", [LaplacePrior(0.3), GaussianPrior(40.0), ElasticNetPrior(0.3, 0.6)], ids=repr)
@pytest.mark.parametrize("seed", [0, 1])
def test_orthogonal_map_is_map_estimate(prior, seed):
    n, p = 80, 6
    X = _orthogonal_design(n, p, seed)
    rng = np.random.default_rng(seed + 10)
    y = 1.0 + X @ rng.normal(scale=0.5, size=p) + rng.normal(size=n)
    z = X.T @ (y - y.mean()) / n  # least squares under X'X = n I
    model = Model(prior)
    cur = orthogonal_shrinkage(model, z, n_samples=n)
    ref = map_estimate(model, X, y).coef
    np.testing.assert_allclose(cur.map, ref, rtol=0, atol=1e-10 * np.abs(z).max())
    if isinstance(prior, LaplacePrior):
        assert np.sum(cur.map == 0) > 0 and np.array_equal(cur.map == 0, ref == 0)


@pytest.mark.parametrize("prior", [LaplacePrior(0.3), ElasticNetPrior(0.3, 0.6), LaplacePrior(2.0)], ids=repr)
@pytest.mark.parametrize("sigma", [0.5, 1.0, 2.0])
def test_posterior_mean_closed_form_vs_quadrature(prior, sigma):
    n = 20
    rho = getattr(prior, "l1_ratio", 1.0)
    beta, gamma = n * prior.alpha * rho / sigma**2, n * prior.alpha * (1 - rho) / sigma**2  # written out
    z = np.array([-3.0, -0.5, -0.05, 0.0, 0.1, 0.4, 1.0, 6.0]) * sigma
    cur = orthogonal_shrinkage(Model(prior), z, sigma=sigma, n_samples=n)
    for zi, mean in zip(z, cur.mean):
        def logk(w):
            return -n * (w - zi) ** 2 / (2 * sigma**2) - beta * abs(w) - gamma * w**2 / 2

        c = max(logk(0.0), logk(zi))
        num = sum(integrate.quad(lambda w: w * np.exp(logk(w) - c), a, b, epsabs=1e-14, epsrel=1e-12)[0]
                  for a, b in [(-np.inf, 0), (0, np.inf)])
        den = sum(integrate.quad(lambda w: np.exp(logk(w) - c), a, b, epsabs=1e-14, epsrel=1e-12)[0]
                  for a, b in [(-np.inf, 0), (0, np.inf)])
        np.testing.assert_allclose(mean, num / den, rtol=1e-7, atol=1e-12)
    # The mode is sparse, the mean is not.
    assert np.any(cur.map == 0)
    assert np.all(cur.mean[z != 0] != 0)
    # Far in the tails the mean tends to the mode (both shifted by the threshold).
    far = orthogonal_shrinkage(Model(prior), np.array([50.0]) * sigma, sigma=sigma, n_samples=n)
    np.testing.assert_allclose(far.mean, far.map, rtol=1e-8)


def test_ridge_mean_equals_map_and_plot_shrinkage():
    cur = orthogonal_shrinkage(Model(GaussianPrior(25.0)), n_samples=100)
    np.testing.assert_allclose(cur.map, cur.ols * 100 / 125, rtol=1e-12)  # n / (n + alpha)
    np.testing.assert_array_equal(cur.mean, cur.map)
    lasso = Model(LaplacePrior(0.2))
    ref = orthogonal_shrinkage(lasso, n_samples=100)
    ax = plot_shrinkage(lasso, n_samples=100)
    ident, mode, mean = ax.get_lines()[:3]
    np.testing.assert_array_equal(ident.get_ydata(), ref.ols)
    np.testing.assert_array_equal(mode.get_ydata(), ref.map)
    np.testing.assert_array_equal(mean.get_ydata(), ref.mean)
    plot_shrinkage(Model(GaussianPrior(25.0)), n_samples=100, ax=ax)
    assert sum(line.get_label().startswith("least squares") for line in ax.get_lines()) == 1
    # Ridge's MAP and mean coincide: one line, labelled as both (no legend entry for an invisible line).
    ridge = [line for line in ax.get_lines() if line.get_label().startswith("GaussianPrior")]
    assert len(ridge) == 1 and "coincide" in ridge[0].get_label()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == len(ax.get_lines()) == 4


@pytest.mark.parametrize("gram", [1.0, 7.5, 442.0])
def test_orthogonal_shrinkage_with_another_column_scale(gram):
    # X'X = gram I, written out: ridge (Ridge(n alpha) in the mean convention) scales z by gram / (gram + n alpha);
    # the lasso soft-thresholds z at n alpha / gram; the mean is the quadrature of the same density.
    n, alpha, sigma = 442, 0.05, 3.0
    z = np.array([-40.0, -5.0, 0.3, 12.0, 60.0])
    ridge = orthogonal_shrinkage(Model(ElasticNetPrior(alpha, 0.0)), z, sigma=sigma, n_samples=n, gram=gram)
    np.testing.assert_allclose(ridge.map, z * gram / (gram + n * alpha), rtol=1e-12)
    lasso = orthogonal_shrinkage(Model(LaplacePrior(alpha)), z, sigma=sigma, n_samples=n, gram=gram)
    thr = n * alpha / gram
    np.testing.assert_allclose(lasso.map, np.sign(z) * np.maximum(np.abs(z) - thr, 0), rtol=1e-12, atol=1e-12)
    beta = n * alpha / sigma**2
    for zi, mean in zip(z, lasso.mean):
        def logk(w):
            return -gram * (w - zi) ** 2 / (2 * sigma**2) - beta * abs(w)

        c = max(logk(0.0), logk(zi))
        reach = abs(zi) + 40 * sigma / np.sqrt(gram)  # 40 likelihood sds: the rest is below 1e-300
        parts = [(-reach, min(0.0, zi)), (min(0.0, zi), max(0.0, zi)), (max(0.0, zi), reach)]  # kinks at 0, peak near z
        num = sum(integrate.quad(lambda w: w * np.exp(logk(w) - c), a, b, epsabs=1e-14, epsrel=1e-12)[0] for a, b in parts)
        den = sum(integrate.quad(lambda w: np.exp(logk(w) - c), a, b, epsabs=1e-14, epsrel=1e-12)[0] for a, b in parts)
        np.testing.assert_allclose(mean, num / den, rtol=1e-7, atol=1e-10)
    with pytest.raises(ValueError, match="'gram'"):
        orthogonal_shrinkage(Model(LaplacePrior(alpha)), z, gram=0.0)


def test_penalty_panel_defines_kappa():
    priors = matched_priors(0.02, 100)
    ax = plot_priors(priors, n_samples=100, kind="penalty")
    assert KAPPA_NOTE in ax.get_xlabel()
    labels = [line.get_label() for line in ax.get_lines()]
    # Ridge's sum convention: kappa = 1 / (2 sigma^2); lasso / elastic net's mean convention: n / sigma^2.
    assert "ridge: kappa x penalty, kappa = 0.5" in labels
    assert "lasso: kappa x penalty, kappa = 100" in labels
    assert "elastic net: kappa x penalty, kappa = 100" in labels


# ---------------------------------------------------------------- coefficient paths
@pytest.mark.parametrize("prior", [LaplacePrior(), ElasticNetPrior(l1_ratio=0.7), GaussianPrior()], ids=repr)
def test_plot_coef_path_lines_are_the_map(diabetes, prior):
    X, y = diabetes
    ax = plot_coef_path(Model(prior), X, y, n_alphas=30)
    lines = ax.get_lines()[: X.shape[1]]
    alphas = lines[0].get_xdata()
    assert np.all(np.diff(alphas) < 0)
    assert ax.get_xscale() == "log" and ax.xaxis_inverted()
    drawn = np.array([line.get_ydata() for line in lines])
    for k in [0, 5, 12, 29]:
        ref = map_estimate(Model(with_alpha(prior, alphas[k])), X, y).coef
        np.testing.assert_allclose(drawn[:, k], ref, rtol=0, atol=1e-7 * np.abs(ref).max(initial=1.0))
        np.testing.assert_array_equal(drawn[:, k] == 0, ref == 0)  # the zeros are the MAP's
    if not isinstance(prior, GaussianPrior):
        assert np.all(drawn[:, 0] == 0) and np.sum(drawn[:, 12] == 0) > 0


def test_plot_coef_path_highlight_marks_and_units(diabetes):
    X, y = diabetes
    model = Model(ElasticNetPrior(l1_ratio=0.0))
    ax = plot_coef_path(model, X, y, n_alphas=20, highlight=[2, 8], marks={"chosen": 0.01})
    coloured = [line for line in ax.get_lines() if line.get_label() in ("x2", "x8")]
    grey = [line for line in ax.get_lines() if line.get_color() == "0.7" and line.get_xydata().size]
    assert len(coloured) == 2 and len(grey) == X.shape[1] - 2
    marks = [line for line in ax.get_lines() if line.get_label().startswith("chosen")]
    assert len(marks) == 1 and np.all(np.asarray(marks[0].get_xdata()) == 0.01)
    assert "ElasticNet's units" in ax.get_xlabel() and ax.get_title().startswith("ridge as ElasticNet(l1_ratio=0)")
    assert "Lasso's units" in plot_coef_path(Model(LaplacePrior()), X, y, n_alphas=5).get_xlabel()
    with pytest.raises(ValueError, match="'highlight'"):
        plot_coef_path(model, X, y, n_alphas=5, highlight=["bmi"])  # arrays: features are x0..x9


def test_entry_order_is_the_lasso_path_order(diabetes):
    X, y = diabetes
    order = entry_order(X, y)
    assert sorted(order) == list(range(X.shape[1]))
    # Oracle: scikit-learn's lasso_path on its own grid; the first to leave zero is bmi (column 2),
    # then s5 (column 8) -- Efron et al. (2004), LARS, fig. 1.
    from sklearn.linear_model import lasso_path

    Xc, yc = X - X.mean(0), y - y.mean()
    top = np.max(np.abs(Xc.T @ yc)) / X.shape[0]
    _, coefs, _ = lasso_path(Xc, yc, alphas=np.geomspace(top, 1e-4 * top, 200), tol=1e-12, max_iter=1_000_000)
    first = [int(np.argmax(row != 0)) for row in coefs]
    assert list(order[:2]) == [2, 8] and first[2] < first[8] < min(first[j] for j in order[2:])


# ---------------------------------------------------------------- forest
def _table():
    idx = pd.Index(["a", "b", "c"], name="feature")
    df = pd.DataFrame({"twin": [1.0, 0.0, -2.0], "map": [1.0, 0.0, -2.0], "mean": [0.9, 0.1, -1.8],
                       "median": [0.95, 0.05, -1.9], "eti_lower": [0.2, -0.5, -3.0], "eti_upper": [1.5, 0.7, -0.5]},
                      index=idx)
    df.attrs["level"] = 0.9
    return df


def test_plot_forest_marks_every_estimate_and_ols():
    df = _table()
    ax = plot_forest(df, ols=[1.2, 0.4, -2.5])
    lines = {line.get_label(): line for line in ax.get_lines()}
    ypos = np.array([2, 1, 0])
    # Posterior summaries on the row's upper half, point estimates on its lower half: none hides another.
    for label, col, dy in [("posterior mean", "mean", FOREST_OFFSET), ("posterior median", "median", FOREST_OFFSET),
                           ("scikit-learn twin", "twin", -FOREST_OFFSET), ("MAP (ours)", "map", -FOREST_OFFSET)]:
        np.testing.assert_array_equal(lines[label].get_xdata(), df[col].to_numpy())
        np.testing.assert_array_equal(lines[label].get_ydata(), ypos + dy)
    assert 0 < FOREST_OFFSET < 0.5  # markers stay inside their own row
    np.testing.assert_array_equal(lines["least squares (OLS)"].get_xdata(), [1.2, 0.4, -2.5])
    np.testing.assert_array_equal(lines["least squares (OLS)"].get_ydata(), ypos - FOREST_OFFSET)
    segs = ax.collections[0].get_segments()
    np.testing.assert_array_equal([s[:, 0] for s in segs], df[["eti_lower", "eti_upper"]].to_numpy())
    np.testing.assert_array_equal([s[:, 1] for s in segs], np.repeat(ypos + FOREST_OFFSET, 2).reshape(3, 2))
    df["ols"] = [3.0, 2.0, 1.0]
    ax2 = plot_forest(df)
    assert any(np.array_equal(line.get_xdata(), [3.0, 2.0, 1.0]) for line in ax2.get_lines())
    with pytest.raises(ValueError, match="'ols'"):
        plot_forest(_table(), ols=[1.0, 2.0])


# ---------------------------------------------------------------- polynomial + predictive band
def test_polynomial_data_is_standardized_and_seeded():
    d = polynomial_data(15, 8, random_state=4)
    assert d.X.shape == (15, 8) and d.X_grid.shape == (300, 8)
    np.testing.assert_allclose(d.X.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(d.X.std(0), 1, rtol=1e-12)
    np.testing.assert_allclose(d.X[:, 1], (d.x**2 - np.mean(d.x**2)) / np.std(d.x**2), rtol=1e-10)
    d2 = polynomial_data(15, 8, random_state=4)
    np.testing.assert_array_equal(d.y, d2.y)
    with pytest.raises(ValueError, match="'degree'"):
        polynomial_data(15, 0)


@pytest.mark.parametrize("seed", [0, 1])
def test_predictive_band_against_closed_form(seed):
    import arviz as az

    rng = np.random.default_rng(seed)
    chains, draws = 4, 10_000
    coef = np.broadcast_to([1.0, -2.0], (chains, draws, 2)).copy()
    idata = az.from_dict(posterior={"coef": coef, "intercept": np.full((chains, draws), 0.5),
                                    "sigma": np.full((chains, draws), 2.0)},
                         dims={"coef": ["feature"]})
    Xn = rng.normal(size=(5, 2))
    mu = 0.5 + Xn @ [1.0, -2.0]
    med, lo, hi = predictive_band(idata, Xn, level=0.9, kind="mean")
    np.testing.assert_allclose([med, lo, hi], [mu, mu, mu], rtol=1e-12)
    med, lo, hi = predictive_band(idata, Xn, level=0.9, random_state=seed)
    # Quantile q of N iid draws: sd ~ sqrt(q (1 - q) / N) / density at the quantile.
    N = chains * draws
    for q, got in [(0.05, lo), (0.5, med), (0.95, hi)]:
        truth = stats.norm(mu, 2.0)
        se = np.sqrt(q * (1 - q) / N) / truth.pdf(truth.ppf(q))
        np.testing.assert_array_less(np.abs(got - truth.ppf(q)), 4 * se)
    with pytest.raises(ValueError, match="'kind'"):
        predictive_band(idata, Xn, kind="draws")
    with pytest.raises(ValueError, match="X_new"):
        predictive_band(idata, Xn[:, :1])
