"""The numbers behind the teaching figures: prior vs penalty, constraint geometry,
orthogonal-design shrinkage. Pure numpy/scipy on models; no matplotlib here."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import optimize, special

from .._validation import check_X_y
from ..likelihoods import GaussianLikelihood
from ..model import Model
from ..priors import ElasticNetPrior, GaussianPrior, LaplacePrior, Prior

__all__ = [
    "matched_priors",
    "with_alpha",
    "PriorPenaltyCurves",
    "prior_penalty_curves",
    "ConstraintGeometry",
    "constraint_boundary",
    "constraint_geometry",
    "ShrinkageCurve",
    "orthogonal_shrinkage",
]


def with_alpha(prior: Prior, alpha: float) -> Prior:
    """A copy of an alpha-form prior with another ``alpha`` (``l1_ratio`` kept)."""
    if not isinstance(prior, (GaussianPrior, LaplacePrior, ElasticNetPrior)):
        raise TypeError(f"'prior' must be an alpha-form prior (ridge, lasso, elastic net); got {type(prior).__name__}.")
    if isinstance(prior, ElasticNetPrior):
        return ElasticNetPrior(alpha=alpha, l1_ratio=prior.l1_ratio)
    return type(prior)(alpha=alpha)


def matched_priors(alpha: float, n_samples: int, l1_ratio: float = 0.5) -> dict:
    """Ridge, lasso and elastic-net priors at one matched ``alpha``.

    "Matched" means the three penalties share the "mean" loss convention of
    ``ElasticNet``: the ridge prior is ``GaussianPrior(n_samples * alpha)``, because
    ``Ridge(n alpha)`` minimizes ``2 n`` times ``ElasticNet(alpha, l1_ratio=0)``'s
    objective. Then the elastic net's negative log prior is exactly
    ``l1_ratio * lasso + (1 - l1_ratio) * ridge`` (up to normalizers).

    Returns
    -------
    dict
        ``{"ridge": GaussianPrior, "lasso": LaplacePrior, "elastic net": ElasticNetPrior}``.
    """
    return {
        "ridge": GaussianPrior(alpha=n_samples * alpha),
        "lasso": LaplacePrior(alpha=alpha),
        "elastic net": ElasticNetPrior(alpha=alpha, l1_ratio=l1_ratio),
    }


@dataclass
class PriorPenaltyCurves:
    """Densities and penalties on a grid of one weight.

    Attributes
    ----------
    grid : ndarray of shape (n_grid,)
        Values of one weight ``w``, in the units of ``coef_``.
    density : dict of str -> ndarray of shape (n_grid,)
        Prior density ``p(w | sigma)`` (normalized).
    penalty : dict of str -> ndarray of shape (n_grid,)
        ``kappa * penalty(w)`` in nats: the twin's penalty times the likelihood factor.
    neg_log_prior : dict of str -> ndarray of shape (n_grid,)
        ``-log p(w | sigma) + log p(0 | sigma)``; equal to ``penalty`` (the prior-penalty link).
    priors : dict of str -> Prior
    kappa : dict of str -> float
    sigma : float
    """

    grid: np.ndarray
    density: dict
    penalty: dict
    neg_log_prior: dict
    priors: dict
    kappa: dict
    sigma: float


def prior_penalty_curves(priors: dict, *, n_samples: int, sigma: float = 1.0, grid=None,
                         likelihood=None) -> PriorPenaltyCurves:
    """Prior densities next to their penalties, for one weight.

    Parameters
    ----------
    priors : dict of str -> Prior
        E.g. :func:`matched_priors`.
    n_samples : int
        ``n`` of the "mean" loss convention.
    sigma : float, default=1.0
        Noise scale at which the conditional priors are drawn.
    grid : array-like of shape (n_grid,), optional
        Default: 801 points on ``[-4 s, 4 s]`` with ``s`` the largest prior sd.
    likelihood : Likelihood, optional
        Default Gaussian; supplies ``kappa`` (:meth:`~bayesreg.likelihoods.Likelihood.kappa`).

    Returns
    -------
    PriorPenaltyCurves

    Notes
    -----
    For every prior, ``-log p(w | sigma) = kappa * penalty(w) + log Z`` (DESIGN.md's
    math contract), evaluated with the prior's own :meth:`~bayesreg.priors.Prior.logpdf_terms`
    and :meth:`~bayesreg.priors.Prior.penalty`.
    """
    likelihood = GaussianLikelihood() if likelihood is None else likelihood
    if not priors:
        raise ValueError("'priors' must hold at least one prior.")
    kappas = {k: float(likelihood.kappa(sigma, n_samples, p.loss_convention)) for k, p in priors.items()}
    if grid is None:
        sds = []
        for k, p in priors.items():
            beta, gamma = p.rates(kappas[k], sigma)
            sds.append(max(np.sqrt(2.0) / beta if beta > 0 else 0.0, 1.0 / np.sqrt(gamma) if gamma > 0 else 0.0))
        half = 4.0 * max(sds)
        grid = np.linspace(-half, half, 801)
    grid = np.asarray(grid, dtype=float)
    dens, pen, nlp = {}, {}, {}
    for k, p in priors.items():
        logp = np.asarray(p.logpdf_terms(grid, kappas[k], sigma), dtype=float)
        logp0 = float(p.logpdf_terms(np.zeros(1), kappas[k], sigma)[0])
        dens[k] = np.exp(logp)
        nlp[k] = logp0 - logp
        pen[k] = kappas[k] * np.array([p.penalty(np.array([w])) for w in grid])
    return PriorPenaltyCurves(grid, dens, pen, nlp, dict(priors), kappas, float(sigma))


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
        Grid axes; ``rss`` of shape (n_grid, n_grid) is the RSS on it (``rss[i, j]`` at ``(w1[j], w2[i])``).
    feature_names : list of str
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

    Returns
    -------
    ConstraintGeometry

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
    from ..map import center_data, map_estimate

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


@dataclass
class ShrinkageCurve:
    """Estimates of one weight as functions of its least-squares estimate (orthogonal design).

    Attributes
    ----------
    ols : ndarray of shape (n_grid,)
        Least-squares estimate ``z``.
    map : ndarray of shape (n_grid,)
        Posterior mode (soft / proportional shrinkage).
    mean : ndarray of shape (n_grid,)
        Posterior mean given ``sigma``.
    sigma, n_samples : float
    """

    ols: np.ndarray
    map: np.ndarray
    mean: np.ndarray
    sigma: float
    n_samples: float


def orthogonal_shrinkage(model: Model, ols=None, *, sigma: float = 1.0, n_samples: int = 100) -> ShrinkageCurve:
    """MAP and posterior mean of a weight under an orthogonal design, given sigma.

    Parameters
    ----------
    model : Model
        Gaussian likelihood with a prior of the elastic-net family (ridge, lasso, elastic net,
        Park & Casella); its :meth:`~bayesreg.priors.Prior.rates` are used.
    ols : array-like of shape (n_grid,), optional
        Least-squares estimates ``z``; default 401 points on ``[-h, h]`` with
        ``h = 4 (sigma / sqrt(n) + beta sigma^2 / n)``: the sampling sd of ``z`` plus the
        lasso threshold, four times.
    sigma : float, default=1.0
        Noise scale (held fixed).
    n_samples : int, default=100
        ``n``; the design has ``X'X = n I`` (standardized, uncorrelated columns).

    Returns
    -------
    ShrinkageCurve

    Notes
    -----
    With ``X'X = n I`` the posterior of ``w_j`` given sigma is proportional to
    ``exp(-n (w - z)^2 / (2 sigma^2) - beta |w| - gamma w^2 / 2)`` with the prior's rates
    ``(beta, gamma)``, i.e. ``exp(-(w - m)^2 / (2 v) - beta |w|)`` with
    ``v = 1 / (n / sigma^2 + gamma)``, ``m = v n z / sigma^2``. Its mode is the soft threshold
    ``sign(m) max(|m| - beta v, 0)``; it is a two-component mixture of normals truncated to
    ``w > 0`` (mean ``m - beta v``) and ``w < 0`` (mean ``m + beta v``), with log weights
    ``-beta m + log Phi((m - beta v) / sqrt v)`` and ``beta m + log Phi(-(m + beta v) / sqrt v)``,
    so the posterior mean is a closed form with Mills ratios (Hans 2009, sec. 2; Park &
    Casella 2008 use the same orthant representation).

    References
    ----------
    Hans, C. (2009). Bayesian lasso regression. Biometrika 96, 835-845.
    """
    if not isinstance(model.likelihood, GaussianLikelihood):
        raise NotImplementedError("orthogonal_shrinkage needs a Gaussian likelihood.")
    n = float(n_samples)
    beta, gamma = model.prior.rates(model.kappa(sigma, n), sigma)
    beta, gamma = float(beta), float(gamma)
    v = 1.0 / (n / sigma**2 + gamma)
    if ols is None:
        half = 4.0 * (sigma / np.sqrt(n) + beta * sigma**2 / n)
        z = np.linspace(-half, half, 401)
    else:
        z = np.asarray(ols, dtype=float)
    m = v * n * z / sigma**2
    mode = np.sign(m) * np.maximum(np.abs(m) - beta * v, 0.0)
    if beta == 0.0:
        return ShrinkageCurve(z, mode, m.copy(), float(sigma), n)
    sd = np.sqrt(v)
    mu_p, mu_m = m - beta * v, m + beta * v
    a_p, a_m = mu_p / sd, -mu_m / sd
    lw_p = -beta * m + special.log_ndtr(a_p)
    lw_m = beta * m + special.log_ndtr(a_m)
    pi_p = special.expit(lw_p - lw_m)
    # Mills ratios phi(a) / Phi(a) computed in logs (stable far in the tails).
    mills_p = np.exp(-0.5 * a_p**2 - 0.5 * np.log(2 * np.pi) - special.log_ndtr(a_p))
    mills_m = np.exp(-0.5 * a_m**2 - 0.5 * np.log(2 * np.pi) - special.log_ndtr(a_m))
    e_p = mu_p + sd * mills_p
    e_m = mu_m - sd * mills_m
    mean = pi_p * e_p + (1.0 - pi_p) * e_m
    return ShrinkageCurve(z, mode, mean, float(sigma), n)

