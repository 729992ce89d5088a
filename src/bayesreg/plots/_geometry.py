"""Constraint geometry of a two-feature problem: loss ellipses, the L2 disk, the L1 diamond,
the elastic net's rounded diamond, and the point where they first touch (the MAP)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import optimize

from .._validation import check_X_y
from ..map import center_data, map_estimate
from ..model import Model
from ..priors import Prior
from ._compute import with_alpha

__all__ = ["ConstraintGeometry", "constraint_boundary", "constraint_geometry"]


@dataclass
class ConstraintGeometry:
    """The constrained view of a two-feature MAP problem.

    Attributes
    ----------
    model : Model
        The model at the touching ``alpha``.
    alpha : float
        Penalty weight whose MAP is the touching point (0 when the budget holds least squares).
    budget : float
        ``t`` with constraint ``penalty(w) / alpha <= t`` (ridge ``||w||^2``, lasso ``||w||_1``,
        elastic net ``rho ||w||_1 + (1 - rho) / 2 ||w||^2``).
    touch : ndarray of shape (2,)
        Where the smallest loss ellipse meets the constraint set: the MAP.
    ols : ndarray of shape (2,)
        Least-squares weights (centre of the ellipses).
    boundary : ndarray of shape (n_boundary, 2)
        Closed curve ``{w : penalty(w) / alpha = t}``.
    loss_level : float
        Residual sum of squares (centered data) at ``touch``.
    w1, w2 : ndarray of shape (n_grid,)
        Grid axes.
    rss : ndarray of shape (n_grid, n_grid)
        The RSS on the grid (``rss[i, j]`` at ``(w1[j], w2[i])``).
    feature_names : list of str
        The two feature names.
    """

    model: Model
    alpha: float
    budget: float
    touch: np.ndarray
    ols: np.ndarray
    boundary: np.ndarray
    loss_level: float
    w1: np.ndarray
    w2: np.ndarray
    rss: np.ndarray
    feature_names: list


def _unit_constraint(prior):
    """``c(w) = penalty(w) / alpha``, with the prior's own penalty."""
    return lambda w: prior.penalty(np.asarray(w, dtype=float)) / prior.alpha


def constraint_boundary(prior: Prior, budget: float, n_points: int = 721) -> np.ndarray:
    """Points of ``{w in R^2 : penalty(w) / alpha = budget}``, shape (n_points, 2), closed.

    Along a direction ``u`` the constraint is ``a r + b r^2`` (the elastic-net family), with
    ``a, b`` read off the prior's penalty at ``r = 1, 2``; the radius solves ``a r + b r^2 = t``.

    Parameters
    ----------
    prior : Prior
        Alpha-form prior (ridge, lasso or elastic net).
    budget : float
        The constraint level ``t``.
    n_points : int, default=721
        Number of points (the last equals the first).

    Returns
    -------
    ndarray of shape (n_points, 2)
        The closed boundary curve.
    """
    c = _unit_constraint(prior)
    theta = np.linspace(0.0, 2.0 * np.pi, n_points)
    pts = np.empty((n_points, 2))
    for i, th in enumerate(theta):
        u = np.array([np.cos(th), np.sin(th)])
        f1, f2 = c(u), c(2.0 * u)
        b = (f2 - 2.0 * f1) / 2.0
        a = f1 - b
        r = budget / a if b <= 1e-15 * max(f1, 1.0) else (-a + np.sqrt(a * a + 4.0 * b * budget)) / (2.0 * b)
        pts[i] = r * u
    return pts


def constraint_geometry(model: Model, X, y, *, alpha=None, budget=None, radius=None,
                        n_grid: int = 201, feature_names=None) -> ConstraintGeometry:
    """Loss ellipses, constraint set and their touching point for two features.

    Give exactly one of ``alpha`` (penalized form), ``budget`` (constrained form,
    ``penalty(w)/alpha <= t``) or ``radius`` (the set's corner on each axis: the budget
    is ``penalty([radius, 0]) / alpha``, so a disk, a diamond and a rounded diamond
    of one radius share their four axis points).

    Parameters
    ----------
    model : Model
        Gaussian likelihood with a ridge, lasso or elastic-net prior (its ``alpha`` is
        replaced; ``l1_ratio`` and ``fit_intercept`` are used).
    X : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,)
    alpha, budget, radius : float, optional
    n_grid : int, default=201
        Grid size per axis for the RSS contours.
    feature_names : sequence of 2 str, optional
        Axis names (default ``["w1", "w2"]``).

    Returns
    -------
    ConstraintGeometry
        Everything the geometry figure draws.

    Raises
    ------
    ValueError
        If ``X`` does not have 2 columns, or not exactly one of alpha / budget / radius is given.

    Notes
    -----
    By Lagrangian duality the constrained minimizer of the RSS over ``{c(w) <= t}`` is the
    penalized minimizer (the MAP) at the ``alpha`` where ``c(w_alpha) = t``, found by Brent's
    method on ``log alpha`` (``c(w_alpha)`` does not increase with ``alpha``). Each MAP is
    :func:`bayesreg.map.map_estimate` (certified by its KKT residual). Tibshirani (1996), fig. 2.
    """
    X, y, _ = check_X_y(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"constraint_geometry needs X with 2 columns; got {X.shape[1]}.")
    if sum(v is not None for v in (alpha, budget, radius)) != 1:
        raise ValueError("Give exactly one of 'alpha', 'budget' or 'radius'.")
    prior = model.prior
    c = _unit_constraint(with_alpha(prior, 1.0))
    Xc, yc, _, _ = center_data(X, y, None, model.fit_intercept)
    ols = np.linalg.lstsq(Xc, yc, rcond=None)[0]

    def solve(a):
        return map_estimate(replace(model, prior=with_alpha(prior, a)), X, y).coef

    if radius is not None:
        budget = c(np.array([float(radius), 0.0]))
    if alpha is not None:
        alpha = float(alpha)
        touch = solve(alpha) if alpha > 0 else ols
        budget = c(touch)
    elif budget >= c(ols):
        alpha, touch = 0.0, ols
    else:
        g = lambda la: c(solve(np.exp(la))) - budget  # noqa: E731 - decreasing in log alpha
        lo, hi = -2.0, 2.0  # widen in steps of e^2 (a far-too-small alpha makes CD crawl)
        while g(hi) > 0:
            lo, hi = hi, hi + 2.0
        while g(lo) < 0:
            lo, hi = lo - 2.0, lo
        la = optimize.brentq(g, lo, hi, xtol=1e-14, rtol=1e-14, maxiter=500)
        alpha = float(np.exp(la))
        touch = solve(alpha)
    boundary = constraint_boundary(with_alpha(prior, 1.0), budget)
    pts = np.vstack([boundary, ols, np.zeros(2)])
    lo_, hi_ = pts.min(axis=0), pts.max(axis=0)
    pad = 0.15 * (hi_ - lo_)
    w1 = np.linspace(lo_[0] - pad[0], hi_[0] + pad[0], n_grid)
    w2 = np.linspace(lo_[1] - pad[1], hi_[1] + pad[1], n_grid)
    W1, W2 = np.meshgrid(w1, w2)
    R = yc[None, None, :] - W1[..., None] * Xc[:, 0] - W2[..., None] * Xc[:, 1]
    rss = np.einsum("ijk,ijk->ij", R, R)
    loss_level = float(np.sum((yc - Xc @ touch) ** 2))
    names = list(feature_names) if feature_names is not None else ["w1", "w2"]
    model_at = replace(model, prior=with_alpha(prior, alpha)) if alpha > 0 else model
    return ConstraintGeometry(model_at, alpha, float(budget), np.asarray(touch, float), ols, boundary,
                              loss_level, w1, w2, rss, names)
