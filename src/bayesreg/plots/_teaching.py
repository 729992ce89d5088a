"""The teaching figures written by ``bayesreg demo``: priors, geometry, paths, shrinkage."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..model import Model
from ..priors import ElasticNetPrior, GaussianPrior, LaplacePrior
from ._compute import matched_priors
from ._draw import plot_coef_path, plot_constraint_geometry, plot_priors, plot_shrinkage
from .._validation import check_random_state
from ._posterior import coef_path, posterior_path

__all__ = ["write_teaching_figures", "standardized_pair", "GEOMETRY_FEATURES", "GEOMETRY_RADIUS"]

#: The two diabetes columns of the geometry figure: with both standardized, least squares is
#: (0.51, -0.21) and the lasso keeps s3 at exactly zero for every L1 budget below 0.30.
GEOMETRY_FEATURES = ("bmi", "s3")
#: The constraint sets' radius in the geometry figure (standardized units).
GEOMETRY_RADIUS = 0.25


def standardized_pair(X, y, features=GEOMETRY_FEATURES):
    """Two columns of ``X`` and ``y``, each centered and scaled to unit sd (pandas, ddof=1).

    On standardized data the weights are of order one, so the elastic net's L1 and L2
    terms are of similar size and its constraint set is visibly a rounded diamond.
    """
    X2 = X[list(features)]
    return (X2 - X2.mean()) / X2.std(), (y - y.mean()) / y.std()


def write_teaching_figures(out_dir, fast: bool = False, *, random_state=0) -> list[Path]:
    """Write the prior, shrinkage, geometry and path figures as PNG files.

    Parameters
    ----------
    out_dir : str or Path
        Created if missing.
    fast : bool, default=False
        Fewer posterior fits and draws along the paths (for tests and CI).
    random_state : int, Generator or None, default=0
        For the posterior bands along the paths (one stream per model via ``Generator.spawn``).

    Returns
    -------
    list of Path
        ``priors.png`` (matched Gaussian / Laplace / elastic-net densities; penalties with the
        negative log prior on top), ``shrinkage.png`` (orthogonal design: MAP vs posterior
        mean), ``geometry.png`` (disk, diamond, rounded diamond on the loss ellipses of the
        standardized diabetes ``bmi`` and ``s3``) and ``paths.png`` (ridge / lasso / elastic-net MAP paths on the
        diabetes data with the posterior median and 90% band at every few alphas).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_diabetes

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    X, y = load_diabetes(return_X_y=True, as_frame=True)
    written = []

    def save(fig, name):
        fig.tight_layout()
        path = out / name
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    # Priors: at n alpha = 2 sigma^2 the Gaussian and Laplace priors share their variance.
    priors = matched_priors(alpha=0.02, n_samples=100, l1_ratio=0.5)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    plot_priors(priors, n_samples=100, kind="density", ax=axes[0])
    axes[0].set_title("Priors at matched alpha = 0.02 (n = 100, sigma = 1)\n"
                      "ridge in Ridge's own units: alpha = n x 0.02 = 2.0", fontsize=10)
    plot_priors(priors, n_samples=100, kind="penalty", ax=axes[1])
    axes[1].set_ylim(0, 12)
    axes[1].set_title("Penalty (lines) = negative log prior + const (circles)", fontsize=10)
    save(fig, "priors.png")

    fig, ax = plt.subplots(figsize=(6, 6))
    z = np.linspace(-1.2, 1.2, 481)
    plot_shrinkage(Model(LaplacePrior(alpha=0.2)), sigma=1.0, n_samples=100, ols=z, label="lasso alpha=0.2", ax=ax)
    plot_shrinkage(Model(GaussianPrior(alpha=25.0)), sigma=1.0, n_samples=100, ols=z, label="ridge alpha=25", ax=ax)
    save(fig, "shrinkage.png")

    X2, y2 = standardized_pair(X, y)
    radius = GEOMETRY_RADIUS
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    for ax, prior, color in zip(
        axes, [GaussianPrior(1.0), LaplacePrior(1.0), ElasticNetPrior(1.0, l1_ratio=0.5)], ["C0", "C1", "C2"]
    ):
        plot_constraint_geometry(Model(prior), X2, y2, radius=radius, ax=ax, color=color)
    fig.suptitle(f"Diabetes, standardized ({GEOMETRY_FEATURES[0]}, {GEOMETRY_FEATURES[1]}): constraint sets of "
                 f"radius {radius:g}; the MAP is where the loss ellipses first touch them")
    save(fig, "geometry.png")

    fig, axes = plt.subplots(1, 3, figsize=(18, 5.5))
    rngs = check_random_state(random_state).spawn(3)
    n_band = 6 if fast else 12
    for ax, prior, rng in zip(axes, [GaussianPrior(), LaplacePrior(), ElasticNetPrior(l1_ratio=0.5)], rngs):
        model = Model(prior)
        grid = coef_path(model, X, y).alphas
        band_alphas = grid[np.linspace(0, grid.size - 1, n_band).round().astype(int)]
        band = posterior_path(model, X, y, band_alphas, draws=500 if fast else 2000, tune=200 if fast else 500,
                              chains=2 if fast else 4, random_state=rng)
        plot_coef_path(model, X, y, posterior=band, ax=ax)
        label = "ElasticNetPrior(l1_ratio=0.5)" if prior.twin_penalty == "elastic-net" else type(prior).__name__
        ax.set_title(f"{label}: MAP (solid), posterior median (dashed),\n90% band ({band.sampler} sampler)",
                     fontsize=9)
    save(fig, "paths.png")
    return written
