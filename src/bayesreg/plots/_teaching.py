"""The teaching figures written by ``bayesreg demo``: priors, geometry, paths, shrinkage."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..map import alpha_max
from ..model import Model
from ..priors import ElasticNetPrior, GaussianPrior, LaplacePrior
from ._compute import matched_priors
from ._draw import plot_coef_path, plot_constraint_geometry, plot_priors, plot_shrinkage
from .._validation import check_random_state
from ._posterior import entry_order, posterior_path

__all__ = ["write_teaching_figures", "standardized_pair", "path_alphas", "GEOMETRY_FEATURES", "GEOMETRY_RADIUS",
           "N_HIGHLIGHT"]

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


#: Features drawn in colour, with their bands, on the path figure (the rest thin grey): the first
#: ones to enter the lasso path, so that four bands stay readable instead of ten blending.
N_HIGHLIGHT = 4


def path_alphas(X, y, n_alphas: int = 100) -> np.ndarray:
    """The path figure's one grid, in ElasticNet's units, decreasing.

    From ``alpha_max`` of ``ElasticNet(l1_ratio=0.5)`` (every elastic-net and lasso weight is zero
    there) down five decades, so that ridge (``Ridge(n alpha)``) reaches least squares.
    """
    top = alpha_max(Model(ElasticNetPrior(1.0, l1_ratio=0.5)), X, y)
    return np.geomspace(top, top * 1e-5, n_alphas)


def write_teaching_figures(out_dir, fast: bool = False, *, random_state=0, marks=None) -> list[Path]:
    """Write the prior, shrinkage, geometry and path figures as PNG files.

    Parameters
    ----------
    out_dir : str or Path
        Created if missing.
    fast : bool, default=False
        Fewer posterior fits and draws along the paths (for tests and CI).
    random_state : int, Generator or None, default=0
        For the posterior bands along the paths (one stream per model via ``Generator.spawn``).
    marks : dict, optional
        ``{"ridge": a, "lasso": a, "elasticnet": a}`` in each twin's own units (Ridge's alpha for
        ridge), e.g. the demo's cross-validated alphas: marked on the paths (ridge's converted to
        ElasticNet's units, ``a / n``).

    Returns
    -------
    list of Path
        ``priors.png`` (matched Gaussian / Laplace / elastic-net densities; penalties with the
        negative log prior on top, kappa defined), ``shrinkage.png`` (orthogonal design: MAP vs
        posterior mean), ``geometry.png`` (disk, diamond, rounded diamond on the loss ellipses of the
        standardized diabetes ``bmi`` and ``s3``, one alpha convention) and ``paths.png`` (ridge /
        lasso / elastic-net MAP paths on the diabetes data against one alpha axis in ElasticNet's
        units, shared axes, the posterior median and 95% band of the first four features to enter
        the lasso path, and the marked alphas).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.datasets import load_diabetes

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    X, y = load_diabetes(return_X_y=True, as_frame=True)
    n = X.shape[0]
    written = []

    def save(fig, name):
        path = out / name
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    # Priors: at n alpha = 2 sigma^2 the Gaussian and Laplace priors share their variance.
    priors = matched_priors(alpha=0.02, n_samples=100, l1_ratio=0.5)
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), layout="constrained")
    plot_priors(priors, n_samples=100, kind="density", ax=axes[0])
    axes[0].set_title("Priors at matched alpha = 0.02 (n = 100, sigma = 1)\n"
                      "ridge in Ridge's own units: alpha = n x 0.02 = 2.0", fontsize=10)
    plot_priors(priors, n_samples=100, kind="penalty", ax=axes[1])
    axes[1].set_ylim(0, 12)
    axes[1].set_title("Penalty (lines) = negative log prior + const (circles)", fontsize=10)
    save(fig, "priors.png")

    fig, ax = plt.subplots(figsize=(6.2, 6.2), layout="constrained")
    z = np.linspace(-1.2, 1.2, 481)
    plot_shrinkage(Model(LaplacePrior(alpha=0.2)), sigma=1.0, n_samples=100, ols=z, label="lasso, alpha = 0.2", ax=ax)
    plot_shrinkage(Model(GaussianPrior(alpha=25.0)), sigma=1.0, n_samples=100, ols=z,
                   label="ridge, alpha = 0.25 (Ridge's own: n x 0.25 = 25)", ax=ax)
    ax.set_title("Orthogonal design X'X = n I, sigma = 1, n = 100; alpha in Lasso / ElasticNet's units\n"
                 "soft threshold at |z| = alpha = 0.2; ridge scales z by 1 / (1 + alpha) = 0.8", fontsize=9)
    save(fig, "shrinkage.png")

    X2, y2 = standardized_pair(X, y)
    radius = GEOMETRY_RADIUS
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.35), layout="constrained")
    for ax, rho, color in zip(axes, [0.0, 1.0, 0.5], ["C0", "C1", "C2"]):
        plot_constraint_geometry(Model(ElasticNetPrior(1.0, l1_ratio=rho)), X2, y2, radius=radius, ax=ax,
                                 color=color)
    fig.suptitle(f"Diabetes, standardized ({GEOMETRY_FEATURES[0]}, {GEOMETRY_FEATURES[1]}): constraint sets of "
                 f"radius {radius:g}; the MAP is where the loss ellipses first touch them.\n"
                 "One alpha convention: ElasticNet(alpha, l1_ratio) in all three (ridge = l1_ratio 0, "
                 "Ridge's own alpha = n x alpha; lasso = l1_ratio 1); t is the constraint's budget.")
    save(fig, "geometry.png")

    grid = path_alphas(X, y)
    order = entry_order(X, y)[:N_HIGHLIGHT]
    fig, axes = plt.subplots(1, 3, figsize=(18, 6.2), sharex=True, sharey=True, layout="constrained")
    rngs = check_random_state(random_state).spawn(3)
    n_band = 6 if fast else 12
    band_alphas = grid[np.linspace(0, grid.size - 1, n_band).round().astype(int)]
    marks = marks or {}
    panels = [("ridge", 0.0), ("lasso", 1.0), ("elasticnet", 0.5)]
    for ax, (name, rho), rng in zip(axes, panels, rngs):
        model = Model(ElasticNetPrior(1.0, l1_ratio=rho))
        band = posterior_path(model, X, y, band_alphas, draws=500 if fast else 2000, tune=200 if fast else 500,
                              chains=2 if fast else 4, random_state=rng)
        mark = {}
        if name in marks:
            a = float(marks[name]) / (n if name == "ridge" else 1.0)
            mark = {"demo's CV alpha" + (f" (Ridge's {marks[name]:.3g} / n)" if name == "ridge" else ""): a}
        plot_coef_path(model, X, y, alphas=grid, posterior=band, highlight=list(order), marks=mark, ax=ax)
        ax.set_title(f"{ax.get_title()}\n({band.sampler} sampler, {band_alphas.size} posterior fits)", fontsize=9)
        ax.set_xlabel("alpha (ElasticNet's units: Ridge's own alpha = n x alpha, n = 442; log scale)")
    fig.suptitle("Diabetes: MAP paths (solid), posterior median (dashed) and 95% band, one alpha axis and "
                 "one coefficient scale for the three models", fontsize=11)
    save(fig, "paths.png")
    return written
