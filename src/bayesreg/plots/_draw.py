"""Drawing. Each function takes models, fitted estimators, computed results or
InferenceData, does its arithmetic in :mod:`bayesreg.plots._compute` /
:mod:`bayesreg.plots._posterior`, accepts ``ax=None`` (a new figure), forwards
``**kwargs`` to matplotlib and returns the Axes."""

from __future__ import annotations

import numpy as np

from .._validation import feature_names_of
from ..priors import AlphaForm
from ._compute import orthogonal_shrinkage, prior_penalty_curves
from ._geometry import constraint_geometry
from ._posterior import coef_path, predictive_band

__all__ = [
    "plot_forest",
    "plot_priors",
    "plot_constraint_geometry",
    "plot_coef_path",
    "plot_shrinkage",
    "plot_overfitting",
]


#: What ``kappa`` is, written on every penalty panel (Gaussian likelihood; DESIGN.md's contract).
KAPPA_NOTE = ("kappa: -log p(y | w, sigma) = kappa x (the twin's data term) + const\n"
              "Ridge, ||r||^2 + alpha ||w||^2: kappa = 1 / (2 sigma^2)\n"
              "Lasso / ElasticNet, ||r||^2 / (2n) + ...: kappa = n / sigma^2")

#: Vertical offset of the posterior summaries (up) and point estimates (down) in a forest row.
FOREST_OFFSET = 0.17


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_forest(table, ax=None, *, title=None, interval=("eti_lower", "eti_upper"), ols=None, **kwargs):
    """Posterior intervals per feature with the point estimates marked.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`bayesreg.summary.compare_estimates` (columns ``twin``, ``map``,
        ``mean``, ``median`` and the interval bounds; an ``ols`` column is drawn if present).
    ax : matplotlib Axes, optional
    title : str, optional
    interval : tuple of str
        Columns holding the lower and upper bounds.
    ols : array-like of shape (n_features,), optional
        Least-squares weights (e.g. ``LinearRegression().fit(X, y).coef_``), drawn as
        grey diamonds; overrides an ``ols`` column.
    **kwargs
        Passed to the interval lines (``Axes.hlines``).

    Returns
    -------
    matplotlib.axes.Axes
        Each feature's row holds the posterior summaries (interval, mean, median) at
        ``y + FOREST_OFFSET`` and the point estimates (twin, MAP, OLS) at ``y - FOREST_OFFSET``.

    Raises
    ------
    ValueError
        If ``ols`` does not have one entry per row of ``table``.
    """
    ax = _axes(ax, figsize=(6, 0.5 * len(table) + 1.2))
    ypos = np.arange(len(table))[::-1]
    up, down = ypos + FOREST_OFFSET, ypos - FOREST_OFFSET
    lo, hi = table[interval[0]].to_numpy(), table[interval[1]].to_numpy()
    line_kw = {"color": "C0", "lw": 2.5, "alpha": 0.6, "label": f"{table.attrs.get('level', 0.95):.0%} interval"}
    line_kw.update(kwargs)
    # Posterior summaries on a row's upper half, point estimates on its lower half: no marker hides another.
    ax.hlines(up, lo, hi, **line_kw)
    ax.plot(table["mean"], up, "o", color="C0", ms=5, label="posterior mean", zorder=3)
    ax.plot(table["median"], up, "|", color="k", ms=10, mew=1.5, label="posterior median", zorder=3)
    ax.plot(table["twin"], down, "s", mfc="none", mec="C3", ms=9, label="scikit-learn twin")
    ax.plot(table["map"], down, "x", color="C1", ms=7, mew=2, label="MAP (ours)")
    if ols is None and "ols" in table.columns:
        ols = table["ols"].to_numpy()
    if ols is not None:
        ols = np.asarray(ols, dtype=float)
        if ols.shape != (len(table),):
            raise ValueError(f"'ols' must have shape ({len(table)},); got {ols.shape}.")
        ax.plot(ols, down, "D", mfc="none", mec="0.4", ms=6, label="least squares (OLS)")
    ax.axvline(0.0, color="0.6", lw=0.8, zorder=0)
    for y in ypos[1:] - 0.5:  # a faint rule between features
        ax.axhline(y, color="0.92", lw=0.8, zorder=0)
    ax.set_yticks(ypos, [str(f) for f in table.index])
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.set_xlabel("coefficient")
    if title:
        ax.set_title(title)
    return ax


def plot_priors(priors, *, n_samples, sigma=1.0, kind="density", grid=None, ax=None, **kwargs):
    """Prior densities, or penalties with the negative log prior overlaid.

    Parameters
    ----------
    priors : dict of str -> Prior
        E.g. :func:`bayesreg.plots.matched_priors`.
    n_samples : int
    sigma : float, default=1.0
    kind : {"density", "penalty"}
        ``"density"``: ``p(w | sigma)``. ``"penalty"``: ``kappa * penalty(w)`` (solid) and
        ``-log p(w | sigma) + log p(0 | sigma)`` (dots on top): the same curve.
    grid : array-like, optional
        Weight values (see :func:`bayesreg.plots.prior_penalty_curves`).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to the solid lines (``Axes.plot``).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If ``kind`` is not "density" or "penalty".
    """
    if kind not in ("density", "penalty"):
        raise ValueError(f"The 'kind' parameter must be one of {{'density', 'penalty'}}. Got {kind!r} instead.")
    cur = prior_penalty_curves(priors, n_samples=n_samples, sigma=sigma, grid=grid)
    ax = _axes(ax)
    for i, name in enumerate(cur.priors):
        color = f"C{i}"
        if kind == "density":
            ax.plot(cur.grid, cur.density[name], color=color, label=f"{name}: {cur.priors[name]!r}", **kwargs)
        else:
            ax.plot(cur.grid, cur.penalty[name], color=color,
                    label=f"{name}: kappa x penalty, kappa = {cur.kappa[name]:.3g}", **kwargs)
            step = max(1, cur.grid.size // 40)
            ax.plot(cur.grid[::step], cur.neg_log_prior[name][::step], "o", color=color, ms=3.5, mfc="none",
                    label=f"{name}: -log prior (+ const)")
    ax.axvline(0.0, color="0.7", lw=0.8, zorder=0)
    if kind == "density":
        ax.set_xlabel("weight w")
    else:
        ax.set_xlabel("weight w\n" + KAPPA_NOTE, fontsize=8)
    ax.set_ylabel(f"prior density p(w | sigma={sigma:g})" if kind == "density" else "nats (kappa x penalty)")
    if kind == "density":  # headroom so the legend sits above the peaks instead of on them
        top = max(float(np.max(cur.density[name])) for name in cur.priors)
        ax.set_ylim(0.0, 1.55 * top)
    ax.legend(fontsize=7, loc="upper left" if kind == "density" else "upper center")
    return ax


def plot_constraint_geometry(model, X, y, *, alpha=None, budget=None, radius=None, feature_names=None,
                             n_levels=6, ax=None, **kwargs):
    """Loss ellipses of a two-feature problem, the constraint set and where they first touch.

    Parameters
    ----------
    model : Model
        Ridge (disk), lasso (diamond) or elastic net (rounded diamond).
    X : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,)
    alpha, budget, radius : float
        Exactly one (see :func:`bayesreg.plots.constraint_geometry`).
    feature_names : sequence of 2 str, optional
        Axis labels (default: the DataFrame's columns, else ``w1, w2``).
    n_levels : int, default=6
        Loss contours drawn besides the touching one.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to the constraint set's fill (``Axes.fill``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if feature_names is None and feature_names_of(X) is not None:
        feature_names = list(feature_names_of(X))
    g = constraint_geometry(model, X, y, alpha=alpha, budget=budget, radius=radius, feature_names=feature_names)
    ax = _axes(ax, figsize=(5, 5))
    rss_min = float(g.rss.min())
    levels = np.unique(np.concatenate([
        rss_min + (g.loss_level - rss_min) * np.linspace(0.15, 2.5, n_levels) ** 2, [g.loss_level]]))
    ax.contour(g.w1, g.w2, g.rss, levels=np.sort(levels), colors="0.55", linewidths=0.8)
    ax.contour(g.w1, g.w2, g.rss, levels=[g.loss_level], colors="C3", linewidths=1.8)
    fill_kw = {"color": "C0", "alpha": 0.3}
    fill_kw.update(kwargs)
    ax.fill(g.boundary[:, 0], g.boundary[:, 1], **fill_kw)
    ax.plot(g.boundary[:, 0], g.boundary[:, 1], color="C0", lw=1.5)
    ax.plot(*g.ols, "k+", ms=10, mew=2, label="least squares")
    ax.plot(*g.touch, "o", color="C3", ms=7, label=f"MAP = touching point\n({g.touch[0]:.3g}, {g.touch[1]:.3g})")
    ax.axhline(0, color="0.7", lw=0.8, zorder=0)
    ax.axvline(0, color="0.7", lw=0.8, zorder=0)
    ax.set_aspect("equal")
    ax.set_xlabel(g.feature_names[0])
    ax.set_ylabel(g.feature_names[1])
    name, units, formula = _constraint_words(model.prior)
    ax.set_title(f"{name}: alpha = {g.alpha:.3g} ({units})\nconstraint set {{w : {formula} <= t}}, "
                 f"t = {g.budget:.3g}", fontsize=9)
    ax.legend(fontsize=7, loc="best")
    return ax


def _constraint_words(prior):
    """(name, alpha's units, the constraint ``c(w) = penalty(w) / alpha`` written out) for a title."""
    alpha_form = isinstance(prior, AlphaForm)
    if alpha_form and prior.twin_penalty == "ridge":
        return "ridge", "Ridge's units", "||w||_2^2"
    if alpha_form and prior.twin_penalty == "lasso":
        return "lasso", "Lasso's units", "||w||_1"
    if alpha_form and prior.twin_penalty == "elastic-net":
        rho = prior.l1_ratio
        if rho == 0.0:
            return "ridge as ElasticNet(l1_ratio=0)", "ElasticNet's units", "||w||_2^2 / 2"
        if rho == 1.0:
            return "lasso as ElasticNet(l1_ratio=1)", "ElasticNet's units", "||w||_1"
        return (f"elastic net, l1_ratio = {rho:g}", "ElasticNet's units",
                f"{rho:g} ||w||_1 + {(1 - rho) / 2:g} ||w||_2^2")
    return type(prior).__name__, "the prior's units", "penalty(w) / alpha"


def plot_coef_path(model, X, y, *, alphas=None, n_alphas=100, eps=1e-3, posterior=None, features=None,
                   highlight=None, marks=None, ax=None, **kwargs):
    """MAP coefficient paths against alpha, optionally with the posterior median and band.

    Parameters
    ----------
    model : Model
        Ridge, lasso or elastic net (its ``alpha`` is ignored; ``l1_ratio`` is used).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alphas, n_alphas, eps
        The grid, as in :func:`bayesreg.map.map_path`. The intercept is fitted, never
        penalized, and not drawn.
    posterior : PosteriorPath, optional
        From :func:`bayesreg.plots.posterior_path`: its median (dashed, markers) and band
        (shaded) are drawn at its alphas, for the highlighted features.
    features : sequence of int, optional
        Which features to draw (default all).
    highlight : sequence of int or str, optional
        Features drawn in colour, with their posterior median and band; the others are thin
        grey MAP lines without a band, so that the bands stay readable. Default: all.
    marks : dict of str -> float, optional
        Vertical dashed lines at these alphas (model's units), labelled by the keys, e.g. the
        alpha a fit used.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to the MAP lines (``Axes.plot``).

    Returns
    -------
    matplotlib.axes.Axes
        x axis: alpha in the model's own units (stated in the label) on a log scale, decreasing
        to the right (weights grow left to right).

    Raises
    ------
    ValueError
        For a ``highlight`` name or index that is not a drawn feature.
    """
    path = coef_path(model, X, y, alphas=alphas, n_alphas=n_alphas, eps=eps)
    ax = _axes(ax, figsize=(7, 4.5))
    idx = list(range(path.coefs.shape[0])) if features is None else list(features)
    if highlight is None:
        bright = set(idx)
    else:
        bright = set()
        for h in highlight:
            j = path.feature_names.index(h) if isinstance(h, str) and h in path.feature_names else h
            if not isinstance(j, (int, np.integer)) or j not in idx:
                raise ValueError(f"The 'highlight' parameter must name drawn features of {path.feature_names}. "
                                 f"Got {h!r} instead.")
            bright.add(int(j))
    k = 0
    for j in idx:
        if j not in bright:
            ax.plot(path.alphas, path.coefs[j], color="0.7", lw=0.9, zorder=1, **kwargs)
            continue
        color = f"C{k % 10}"
        k += 1
        ax.plot(path.alphas, path.coefs[j], color=color, lw=1.8, label=path.feature_names[j], zorder=3, **kwargs)
        if posterior is not None:
            ax.fill_between(posterior.alphas, posterior.lower[j], posterior.upper[j], color=color, alpha=0.18, lw=0,
                            zorder=2)
            ax.plot(posterior.alphas, posterior.median[j], "--", marker=".", color=color, lw=1, zorder=3)
    if len(bright) < len(idx):
        ax.plot([], [], color="0.7", lw=0.9, label="other features (MAP)")
    for label, a in (marks or {}).items():
        ax.axvline(a, color="k", ls=(0, (4, 3)), lw=1.2, zorder=4, label=f"{label}: alpha = {a:.3g}")
    ax.set_xscale("log")
    ax.invert_xaxis()
    ax.axhline(0, color="0.6", lw=0.8, zorder=0)
    units = _constraint_words(model.prior)[1]
    ax.set_xlabel(f"alpha ({units}, log scale)")
    ax.set_ylabel("coefficient")
    title = f"{_constraint_words(model.prior)[0]}: MAP path"
    if posterior is not None:
        title += f"; dashed: posterior median, band: {posterior.level:.0%} interval"
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, ncol=2)
    return ax


def plot_shrinkage(model, *, sigma=1.0, n_samples=100, ols=None, label=None, ax=None, **kwargs):
    """MAP and posterior mean of a weight vs its least-squares estimate (orthogonal design).

    Parameters
    ----------
    model : Model
    sigma, n_samples, ols
        As in :func:`bayesreg.plots.orthogonal_shrinkage`.
    label : str, optional
        Legend prefix (default: the prior's class name).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to both curves (``Axes.plot``).

    Returns
    -------
    matplotlib.axes.Axes
        The 45-degree line (no shrinkage) in grey, the MAP solid, the posterior mean dashed; where
        the two are equal (a Gaussian prior) one solid line labelled as both.
    """
    cur = orthogonal_shrinkage(model, ols, sigma=sigma, n_samples=n_samples)
    ax = _axes(ax, figsize=(5, 5))
    label = type(model.prior).__name__ if label is None else label
    if not any(line.get_label() == "least squares (no shrinkage)" for line in ax.get_lines()):
        ax.plot(cur.ols, cur.ols, color="0.7", lw=1, label="least squares (no shrinkage)")
    if np.array_equal(cur.mean, cur.map):  # Gaussian prior: one curve, said so (no invisible legend entry)
        ax.plot(cur.ols, cur.map, label=f"{label}: MAP = posterior mean (they coincide)", **kwargs)
    else:
        (line,) = ax.plot(cur.ols, cur.map, label=f"{label}: MAP", **kwargs)
        ax.plot(cur.ols, cur.mean, "--", color=line.get_color(), label=f"{label}: posterior mean", **kwargs)
    ax.set_xlabel("least-squares estimate z")
    ax.set_ylabel("estimate of w given sigma")
    ax.set_title(f"Orthogonal design X'X = n I, sigma = {sigma:g}, n = {n_samples}", fontsize=9)
    ax.legend(fontsize=7)
    return ax


def plot_overfitting(data, fits, *, level=0.95, kind="predictive", random_state=0, ax=None, colors=None, **kwargs):
    """The overfitting picture: noisy points, the truth, and each fit with its predictive band.

    Parameters
    ----------
    data : PolynomialData
        From :func:`bayesreg.plots.polynomial_data`.
    fits : dict of str -> fitted estimator
        Fitted on ``(data.X, data.y)``: scikit-learn regressors (curve only) or bayesreg
        estimators (their ``idata_`` gives a posterior predictive band).
    level : float, default=0.95
    kind : {"predictive", "mean"}, default="predictive"
        Band of new observations, or of the regression curve (:func:`bayesreg.plots.predictive_band`).
    random_state : int, Generator or None
        For the predictive noise draws.
    ax : matplotlib Axes, optional
    colors : sequence of colors, optional
        One per fit (default ``C0, C1, ...``); each fit's band takes its curve's colour.
    **kwargs
        Passed to the fitted curves (``Axes.plot``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax, figsize=(7, 4.5))
    ax.plot(data.x_grid, data.f_grid, color="0.5", lw=1, label="truth sin(2 pi x)")
    ax.plot(data.x, data.y, "ko", ms=4, label=f"{data.x.size} noisy points")
    for i, (name, est) in enumerate(fits.items()):
        color = f"C{i}" if colors is None else colors[i]
        ax.plot(data.x_grid, est.predict(data.X_grid), color=color, label=name, **kwargs)
        if hasattr(est, "idata_"):
            _, lo, hi = predictive_band(est.idata_, data.X_grid, level=level, kind=kind, random_state=random_state)
            what = "predictive band" if kind == "predictive" else "band of the curve"
            ax.fill_between(data.x_grid, lo, hi, color=color, alpha=0.2, lw=0, label=f"{name}: {level:.0%} {what}")
            ax.plot(data.x_grid, lo, color=color, lw=0.8, ls=":")
            ax.plot(data.x_grid, hi, color=color, lw=0.8, ls=":")
    span = data.y.max() - data.y.min()
    ax.set_ylim(data.y.min() - 0.5 * span, data.y.max() + 0.5 * span)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(f"Degree-{data.degree} polynomial", fontsize=9)
    ax.legend(fontsize=7)
    return ax
