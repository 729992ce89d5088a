"""Posterior-side plot computations: bands along the path, the overfitting picture,
and the demo's teaching figures. Uses the exact ridge sampler and the Gibbs sampler
(no PyMC); tolerances are 4 Monte Carlo standard errors, sd / sqrt(ess_bulk)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from sklearn.linear_model import LinearRegression, Ridge

from bayesreg import BayesRidge, GaussianPrior, LaplacePrior, Model, map_estimate
from bayesreg.plots import (
    coef_path,
    plot_coef_path,
    plot_overfitting,
    polynomial_data,
    posterior_path,
    write_teaching_figures,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("seed", [0, 1])
def test_ridge_posterior_mean_along_the_path_is_the_ridge_solution(diabetes, seed):
    # Conjugate ridge with Jeffreys sigma: w | y is multivariate t centred at Ridge(alpha).coef_.
    X, y = diabetes
    alphas = np.array([10.0, 1.0, 0.1, 0.01])
    band = posterior_path(Model(GaussianPrior()), X, y, alphas, draws=1000, chains=2, random_state=seed)
    assert band.sampler == "exact"
    for k, a in enumerate(band.alphas):
        ref = Ridge(alpha=a).fit(X, y).coef_
        mcse = band.sd[:, k] / np.sqrt(band.ess_bulk[:, k])
        np.testing.assert_array_less(np.abs(band.mean[:, k] - ref), 4 * mcse)
    assert np.all(band.lower <= band.median) and np.all(band.median <= band.upper)


def test_lasso_band_is_not_sparse_where_the_map_is(diabetes):
    X, y = diabetes
    alphas = np.array([1.0, 0.1])
    band = posterior_path(Model(LaplacePrior()), X, y, alphas, draws=2000, tune=500, chains=2, random_state=0)
    assert band.sampler.startswith("gibbs")
    for k, a in enumerate(band.alphas):
        mode = map_estimate(Model(LaplacePrior(a)), X, y).coef
        assert np.any(mode == 0)
        assert np.all(band.median[:, k] != 0) and np.all(band.mean[:, k] != 0)
        zero = mode == 0
        assert np.all((band.lower[zero, k] < 0) & (band.upper[zero, k] > 0))  # the band straddles the zero
    with pytest.raises(ValueError, match="'level'"):
        posterior_path(Model(LaplacePrior()), X, y, alphas, level=1.5)
    with pytest.raises(ValueError, match="'alphas'"):
        posterior_path(Model(LaplacePrior()), X, y, [0.0, 1.0])


def test_plot_coef_path_draws_the_band(diabetes):
    X, y = diabetes
    model = Model(LaplacePrior())
    path = coef_path(model, X, y, n_alphas=40)
    band = posterior_path(model, X, y, path.alphas[[5, 20, 35]], draws=300, tune=200, random_state=2)
    ax = plot_coef_path(model, X, y, n_alphas=40, posterior=band)
    fills = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(fills) == X.shape[1]
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == X.shape[1]
    for j, line in enumerate(dashed):
        np.testing.assert_array_equal(line.get_xdata(), band.alphas)
        np.testing.assert_array_equal(line.get_ydata(), band.median[j])
    # The path's intercepts are the unpenalized ones: ybar - xbar @ w.
    np.testing.assert_allclose(path.intercepts, y.mean() - X.mean(0) @ path.coefs, rtol=1e-12)


def test_plot_overfitting_draws_fits_and_bands():
    data = polynomial_data(15, 8, random_state=3)
    fits = {"ols": LinearRegression().fit(data.X, data.y),
            "ridge": BayesRidge(alpha=1.0, draws=2000, random_state=0).fit(data.X, data.y)}
    ax = plot_overfitting(data, fits, level=0.9)
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(lines["ols"].get_ydata(), fits["ols"].predict(data.X_grid))
    np.testing.assert_array_equal(lines["ridge"].get_ydata(), fits["ridge"].predict(data.X_grid))
    np.testing.assert_array_equal(lines["15 noisy points"].get_ydata(), data.y)
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1  # only the Bayesian fit has one
    # Least squares through 15 points with 9 parameters chases the noise more than ridge.
    rss = {k: np.sum((est.predict(data.X) - data.y) ** 2) for k, est in fits.items()}
    assert rss["ols"] < rss["ridge"]


@pytest.mark.slow
def test_write_teaching_figures(tmp_path):
    paths = write_teaching_figures(tmp_path / "fig", fast=True)
    assert [p.name for p in paths] == ["priors.png", "shrinkage.png", "geometry.png", "paths.png"]
    for p in paths:
        img = plt.imread(p)
        assert img.ndim == 3 and img.shape[0] > 300 and img.shape[1] > 500
        assert img[..., :3].std() > 0.05  # not blank
