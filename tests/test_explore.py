"""The explorable page's numbers (no browser): each precomputed state against an independent
oracle, the page's wiring, and the ``bayesreg explore`` command.

Tolerances: MAP vs scikit-learn at tol=1e-12 (relative 1e-7 of the largest weight; zeros exact);
geometry and densities are closed forms (rtol 1e-9); posterior bands from a few hundred Gibbs
draws are checked for their ordering and their non-sparsity only (their Monte Carlo accuracy is
tested in test_plots_posterior.py, through the same posterior_path).
"""

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from bayesreg.cli import main
from bayesreg.explore import explore_data, page_html, write_explore_page
from bayesreg.explore._page import state_key, status_html


@pytest.fixture(scope="module")
def small():
    from bayesreg.demo import load_diabetes_frame

    X, y = load_diabetes_frame()
    data = explore_data(X, y, l1_ratios=(0.0, 0.5, 1.0), n_alphas=5, draws=150, tune=50, random_state=1,
                        data_label="diabetes")
    return data, X, y


def _twin(alpha, rho, n):
    if rho == 0.0:
        return Ridge(alpha=n * alpha)  # ElasticNet(alpha, 0) == Ridge(n alpha): DESIGN.md's matched convention
    if rho == 1.0:
        return Lasso(alpha=alpha, tol=1e-12, max_iter=200_000)
    return ElasticNet(alpha=alpha, l1_ratio=rho, tol=1e-12, max_iter=200_000)


@pytest.mark.slow  # the module's precompute (Gibbs per state): ~7 s on 2 cores
def test_map_states_are_the_scikit_learn_twins(small):
    data, X, y = small
    n = X.shape[0]
    assert data.map_coef.shape == (3, 5, 10) and np.all(np.diff(data.alphas) > 0)
    for i, rho in enumerate(data.l1_ratios):
        for j, a in enumerate(data.alphas):
            ref = _twin(a, rho, n).fit(X, y).coef_
            np.testing.assert_allclose(data.map_coef[i, j], ref, rtol=0, atol=1e-7 * max(np.abs(ref).max(), 1.0))
            if rho > 0:
                np.testing.assert_array_equal(data.map_coef[i, j] == 0, ref == 0)
    # The default grid's top is alpha_max of the smallest positive l1_ratio: all-zero there for l1 > 0.
    assert data.n_zeros(1, 4) == 10 and data.n_zeros(2, 4) == 10 and data.n_zeros(0, 4) == 0


@pytest.mark.slow  # the module's precompute (Gibbs per state): ~7 s on 2 cores
def test_posterior_states_are_ordered_and_not_sparse(small):
    data, _, _ = small
    assert data.level == 0.95
    assert np.all(data.lower <= data.median) and np.all(data.median <= data.upper)
    assert np.all(data.median != 0) and np.all(data.mean != 0)
    zero = data.map_coef == 0
    assert zero.any() and np.all((data.lower[zero] < 0) & (data.upper[zero] > 0))  # bands straddle the MAP's zeros


@pytest.mark.slow  # the module's precompute (Gibbs per state): ~7 s on 2 cores
def test_geometry_states(small):
    data, X, y = small
    a, b = data.pair
    assert (a, b) == ("bmi", "s5")  # the first two to enter the diabetes lasso path (Efron et al. 2004)
    X2 = X[[a, b]].to_numpy()
    Xc, yc = X2 - X2.mean(0), y.to_numpy() - y.mean()
    ols = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    np.testing.assert_allclose(data.geo_ols, ols, rtol=1e-10)
    for i, rho in enumerate(data.l1_ratios):
        for j, alpha in enumerate(data.alphas):
            touch = data.geo_touch[i, j]
            ref = _twin(alpha, rho, X.shape[0]).fit(X2, y).coef_
            np.testing.assert_allclose(touch, ref, rtol=0, atol=1e-7 * max(np.abs(ref).max(), 1.0))
            rss = lambda w: np.sum((yc - Xc @ w.T) ** 2, axis=-1) if w.ndim == 1 else np.sum((yc[:, None] - Xc @ w.T) ** 2, axis=0)  # noqa: E731
            # The drawn ellipse is the RSS level set through the touching point.
            np.testing.assert_allclose(rss(data.geo_ellipse[i, j]), rss(touch), rtol=1e-9)
            # The boundary is the level set c(w) = c(touch), c = rho |w|_1 + (1 - rho) / 2 |w|_2^2 (written out).
            c = lambda w: rho * np.abs(w).sum(-1) + (1 - rho) / 2 * (w**2).sum(-1)  # noqa: E731
            np.testing.assert_allclose(c(data.geo_boundary[i, j]), c(touch), rtol=1e-9, atol=1e-12)


@pytest.mark.slow  # the module's precompute (Gibbs per state): ~7 s on 2 cores
def test_prior_and_shrinkage_states(small):
    data, X, y = small
    n = X.shape[0]
    resid = np.linalg.lstsq(np.c_[np.ones(n), X], y, rcond=None)[0]
    sigma = np.sqrt(np.sum((y - np.c_[np.ones(n), X] @ resid) ** 2) / (n - 11))
    np.testing.assert_allclose(data.sigma, sigma, rtol=1e-10)
    np.testing.assert_allclose(data.gram, 1.0, rtol=1e-10)  # diabetes columns have unit norm
    i, j = 2, 1  # lasso: Laplace(0, sigma^2 / (n alpha))
    b = data.sigma**2 / (n * data.alphas[j])
    np.testing.assert_allclose(data.prior_density[i, j], stats.laplace(scale=b).pdf(data.prior_w[i, j]), rtol=1e-9)
    np.testing.assert_allclose(data.prior_penalty[i, j], n * data.alphas[j] * np.abs(data.prior_w[i, j]) / data.sigma**2,
                               rtol=1e-12)
    i = 0  # ridge: Normal(0, sigma^2 / (n alpha))
    sd = data.sigma / np.sqrt(n * data.alphas[j])
    np.testing.assert_allclose(data.prior_density[i, j], stats.norm(scale=sd).pdf(data.prior_w[i, j]), rtol=1e-9)
    # Orthogonal design with X'X = gram I = I: lasso soft threshold n alpha, ridge factor 1 / (1 + n alpha).
    z = data.shrink_z
    thr = n * data.alphas[j]
    np.testing.assert_allclose(data.shrink_map[2, j], np.sign(z) * np.maximum(np.abs(z) - thr, 0), atol=1e-9)
    np.testing.assert_allclose(data.shrink_map[0, j], z / (1 + n * data.alphas[j]), rtol=1e-12)
    np.testing.assert_array_equal(data.shrink_mean[0, j], data.shrink_map[0, j])
    assert np.all(data.shrink_mean[2, j][z != 0] != 0)


@pytest.mark.slow  # the module's precompute (Gibbs per state): ~7 s on 2 cores
def test_page_wiring(small):
    from bokeh.models import CustomJS

    from bayesreg.explore._page import build_layout

    data, _, _ = small
    text = page_html(data)
    assert "<script src=" not in text and "cdn.bokeh.org" not in text  # inlined: works offline
    layout = build_layout(data)
    (cb,) = {m for m in layout.references() if isinstance(m, CustomJS)}
    args = cb.args
    keys = {state_key(i, j) for i in range(3) for j in range(5)}
    assert set(args["texts"]) == keys and args["n_alphas"] == 5
    for i in range(3):
        for j in range(5):
            assert f"<span class='bayesreg-zeros'>{data.n_zeros(i, j)}</span>" in args["texts"][state_key(i, j)]
    assert len(args["targets"]) == len(args["stores"]) == len(args["fields"])
    for src, store, fields in zip(args["targets"], args["stores"], args["fields"]):
        assert set(store.data) == {f"{f}|{k}" for f in fields for k in keys}
        assert set(fields) <= set(src.data)
    # The forest / marker source holds the MAP of the starting state (lasso, middle alpha), float32.
    (at,) = [s_ for s_ in args["targets"] if "feature" in s_.data]
    np.testing.assert_allclose(at.data["map"], data.map_coef[2, 2], rtol=1e-6)
    np.testing.assert_allclose(args["stores"][args["targets"].index(at)].data["map|1_3"], data.map_coef[1, 3], rtol=1e-6)
    assert "Lasso(alpha=" in status_html(data, 2, 0) and "Ridge(alpha = n" in status_html(data, 0, 0)


def test_explore_data_bad_input():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(30, 3)), columns=["a", "b", "c"])
    y = X["a"] + rng.normal(size=30)
    with pytest.raises(ValueError, match="'pair'"):
        explore_data(X, y, pair=("a", "zz"), n_alphas=2, draws=10, tune=0)
    with pytest.raises(ValueError, match="'pair'"):
        explore_data(X, y, pair=("a", "a"), n_alphas=2, draws=10, tune=0)
    with pytest.raises(ValueError, match="'l1_ratios'"):
        explore_data(X, y, l1_ratios=(0.5, 1.5), n_alphas=2)
    with pytest.raises(ValueError, match="'alphas'"):
        explore_data(X, y, l1_ratios=(0.0,), n_alphas=2)
    with pytest.raises(ValueError, match="at least 2 features"):
        explore_data(X[["a"]], y)


@pytest.mark.slow  # the module's precompute (Gibbs per state): ~7 s on 2 cores
def test_explore_command_on_a_csv(tmp_path, capsys):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 3)) * [1.0, 10.0, 0.1]
    df = pd.DataFrame(X, columns=["u", "v", "w"])
    df["y"] = 2 * df["u"] + 0.1 * df["v"] + rng.normal(size=60)
    df["label"] = "text"  # skipped with a note
    csv = tmp_path / "d.csv"
    df.to_csv(csv, index=False)
    out = tmp_path / "sub" / "page.html"
    code = main(["explore", str(csv), "--target", "y", "--standardize", "--pair", "u", "w", "--n-alphas", "3",
                 "--l1-ratios", "0.5", "1", "--draws", "50", "--tune", "20", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert re.search(r"Wrote .*page\.html \(\d+\.\d MB, 2 x 3 states", printed)
    text = out.read_text(encoding="utf-8")
    assert "u and w alone" in text and "features standardized" in text


@pytest.mark.parametrize("argv, message", [
    (["explore", "--n-alphas", "1"], "--n-alphas must be an integer >= 2"),
    (["explore", "--target", "y"], "--target and --features need DATA.csv"),
    (["explore", "nowhere.csv"], "--target is required"),
    (["explore", "nowhere.csv", "--target", "y"], "nowhere.csv"),
    (["explore", "--l1-ratios", "0.5", "2"], "--l1-ratios must be numbers in [0, 1] (0 = ridge, 1 = lasso); got 0.5 2"),
    (["explore", "--pair", "bmi", "nope"], "--pair needs two different feature columns; got bmi nope (features: age, "),
    (["explore", "--pair", "bmi", "bmi"], "--pair needs two different feature columns; got bmi bmi"),
])
def test_explore_command_errors_are_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("bayesreg: error:") and message in err


@pytest.mark.slow  # the module's precompute (Gibbs per state): ~7 s on 2 cores
def test_write_explore_page_creates_folders(small, tmp_path):
    data, _, _ = small
    path = write_explore_page(data, tmp_path / "a" / "b" / "p.html")
    assert path.exists() and path.stat().st_size > 100_000
