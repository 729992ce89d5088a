"""Everything the explorable page shows, computed in Python on a grid of (l1_ratio, alpha).

The page only selects among these numbers (no model arithmetic in JavaScript): MAP paths,
posterior medians / means / equal-tailed bands, the two-feature constraint geometry, prior
densities and penalties, and the orthogonal-design shrinkage curves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_random_state, check_X_y, feature_names_of
from ..map import alpha_max, center_data, map_path
from ..model import Model
from ..plots import constraint_boundary, orthogonal_shrinkage, posterior_path, prior_penalty_curves
from ..plots._posterior import entry_order
from ..priors import ElasticNetPrior

__all__ = ["ExploreData", "explore_data", "DEFAULT_L1_RATIOS"]

#: The L1/L2 mixes the page offers: ridge (0), three elastic nets, lasso (1).
DEFAULT_L1_RATIOS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass
class ExploreData:
    """Precomputed states of the explorable page, indexed ``[i_l1_ratio, j_alpha]``.

    Every prior is ``ElasticNetPrior(alpha, l1_ratio)``: one alpha convention, scikit-learn's
    ``ElasticNet`` objective ``||y - b0 - X w||^2 / (2 n) + alpha (l1_ratio ||w||_1 +
    (1 - l1_ratio) / 2 ||w||_2^2)``. ``l1_ratio = 1`` is ``Lasso(alpha)``; ``l1_ratio = 0`` is
    ``Ridge(n alpha)`` (Ridge has no ``1 / (2 n)``; see DESIGN.md).

    Attributes
    ----------
    feature_names : list of str
    n_samples : int
    sigma : float
        Noise scale at which the conditional priors and the shrinkage curves are drawn: the
        least-squares residual sd ``sqrt(RSS / (n - p - 1))`` (intercept fitted), in the units of ``y``.
    l1_ratios : ndarray of shape (n_l1,)
        Increasing.
    alphas : ndarray of shape (n_alphas,)
        Increasing, log-spaced.
    map_coef : ndarray of shape (n_l1, n_alphas, n_features)
        MAP weights (exact zeros where the L1 term is active), :func:`bayesreg.map.map_path`.
    median, mean, lower, upper : ndarray of shape (n_l1, n_alphas, n_features)
        Posterior median, mean and equal-tailed ``level`` interval of each weight
        (:func:`bayesreg.plots.posterior_path`).
    level : float
    samplers : list of str
        Sampler used per ``l1_ratio``.
    pair : tuple of 2 str
        Features of the two-feature geometry panel.
    geo_ols : ndarray of shape (2,)
        Least squares of ``y`` on the pair (with intercept).
    geo_touch : ndarray of shape (n_l1, n_alphas, 2)
        MAP of the two-feature model: where the loss ellipse touches the constraint set.
    geo_boundary : ndarray of shape (n_l1, n_alphas, n_boundary, 2)
        Boundary of ``{w : c(w) <= c(touch)}``, ``c = penalty / alpha``
        (:func:`bayesreg.plots.constraint_boundary`).
    geo_ellipse : ndarray of shape (n_l1, n_alphas, n_ellipse, 2)
        The RSS level set through the touching point.
    geo_contours : ndarray of shape (n_contours, n_ellipse, 2)
        Fixed RSS level sets for the background.
    prior_w, prior_density, prior_penalty : ndarray of shape (n_l1, n_alphas, n_w)
        One weight's grid, its prior density ``p(w | sigma)`` and ``kappa * penalty(w)`` in nats
        (:func:`bayesreg.plots.prior_penalty_curves`).
    gram : float
        Median squared norm of the centered columns: the orthogonal design ``X'X = gram I`` of the
        shrinkage panel has columns of this data's scale (1 for unit-norm columns, ``n - 1`` for
        z-scored ones), so its ``z`` is on the coefficients' scale.
    shrink_z : ndarray of shape (n_z,)
        Least-squares estimates of one weight, on ``1.1 max |least squares|`` either side.
    shrink_map, shrink_mean : ndarray of shape (n_l1, n_alphas, n_z)
        MAP and posterior mean given sigma (:func:`bayesreg.plots.orthogonal_shrinkage`).
    data_label : str
        Where the data came from (shown on the page).
    """

    feature_names: list
    n_samples: int
    sigma: float
    l1_ratios: np.ndarray
    alphas: np.ndarray
    map_coef: np.ndarray
    median: np.ndarray
    mean: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    level: float
    samplers: list
    pair: tuple
    geo_ols: np.ndarray
    geo_touch: np.ndarray
    geo_boundary: np.ndarray
    geo_ellipse: np.ndarray
    geo_contours: np.ndarray
    prior_w: np.ndarray
    prior_density: np.ndarray
    prior_penalty: np.ndarray
    gram: float
    shrink_z: np.ndarray
    shrink_map: np.ndarray
    shrink_mean: np.ndarray
    data_label: str = ""

    def n_zeros(self, i: int, j: int) -> int:
        """Exact zeros of the MAP at state ``(i, j)``."""
        return int(np.sum(self.map_coef[i, j] == 0.0))


def _ellipse(center, A, level, n_points):
    """``{w : (w - center)' A (w - center) = level}`` as ``(n_points, 2)`` points (closed)."""
    L = np.linalg.cholesky(A)
    t = np.linspace(0.0, 2.0 * np.pi, n_points)
    u = np.vstack([np.cos(t), np.sin(t)])
    return (center[:, None] + np.sqrt(max(level, 0.0)) * np.linalg.solve(L.T, u)).T


def explore_data(X, y, *, l1_ratios=DEFAULT_L1_RATIOS, n_alphas: int = 25, alphas=None, pair=None,
                 level: float = 0.95, draws: int = 1000, tune: int = 300, chains: int = 2,
                 random_state=0, n_boundary: int = 145, n_ellipse: int = 97, n_w: int = 161,
                 n_z: int = 161, data_label: str = "") -> ExploreData:
    """Precompute the explorable page's states on a grid of ``l1_ratio`` x ``alpha``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        At least 2 features; a DataFrame's columns name them.
    y : array-like of shape (n_samples,)
    l1_ratios : sequence of float in [0, 1], default=(0, 0.25, 0.5, 0.75, 1)
    n_alphas : int, default=25
        Grid size when ``alphas`` is not given: log-spaced from ``alpha_max(l1_ratio=r) `` of the
        smallest positive ratio ``r`` (every penalty with an L1 part is all-zero there) down to
        ``1e-3 alpha_max(lasso)``.
    alphas : array-like, optional
        Explicit grid (ElasticNet's units); sorted increasing.
    pair : sequence of 2 str, optional
        Features of the geometry panel (default: the first two to enter the lasso path).
    level : float, default=0.95
        Mass of the posterior bands.
    draws, tune, chains : int
        Per state, for the Gibbs sampler (:func:`bayesreg.plots.posterior_path`, sampler "auto").
    random_state : int, Generator or None, default=0
        One stream per ``l1_ratio`` (``Generator.spawn``), spawned again per alpha.
    n_boundary, n_ellipse, n_w, n_z : int
        Points per constraint boundary, loss ellipse, prior curve and shrinkage curve.
    data_label : str
        Shown on the page.

    Returns
    -------
    ExploreData

    Raises
    ------
    ValueError
        Fewer than two features, an unknown or repeated ``pair`` name, an ``l1_ratio`` outside
        [0, 1], no positive ``l1_ratio`` without explicit ``alphas``, or a non-positive alpha.

    Notes
    -----
    ``sigma`` is held at the least-squares residual sd ``sqrt(RSS / (n - p - 1))`` for the prior and
    shrinkage panels only;
    the posterior bands come from the full posterior (sigma sampled, Jeffreys prior).
    """

    names = feature_names_of(X)
    X, y, _ = check_X_y(X, y)
    n, p = X.shape
    names = [str(v) for v in names] if names is not None else [f"x{j}" for j in range(p)]
    if p < 2:
        raise ValueError(f"The explorable page needs at least 2 features; got {p}.")
    rhos = np.asarray(l1_ratios, dtype=float).ravel()
    if rhos.size == 0 or np.any((rhos < 0) | (rhos > 1)):
        raise ValueError(f"The 'l1_ratios' parameter must be non-empty values in [0, 1]. Got {l1_ratios!r} instead.")
    rhos = np.unique(rhos)
    if alphas is None:
        positive = rhos[rhos > 0]
        if positive.size == 0:
            raise ValueError("Give 'alphas' when every l1_ratio is 0 (ridge has no alpha_max).")
        top = alpha_max(Model(ElasticNetPrior(1.0, float(positive.min()))), X, y)
        bottom = 1e-3 * alpha_max(Model(ElasticNetPrior(1.0, 1.0)), X, y)
        alphas = np.geomspace(bottom, top, int(n_alphas))
    alphas = np.sort(np.asarray(alphas, dtype=float).ravel())
    if alphas.size == 0 or np.any(alphas <= 0):
        raise ValueError("The 'alphas' parameter must be non-empty and positive.")

    Xc_all, yc_all, _, _ = center_data(X, y, None, True)
    ols = np.linalg.lstsq(Xc_all, yc_all, rcond=None)[0]
    sigma = float(np.sqrt(np.sum((yc_all - Xc_all @ ols) ** 2) / max(n - p - 1, 1)))
    gram = float(np.median(np.sum(Xc_all**2, axis=0)))

    if pair is None:
        first = entry_order(X, y)[:2]
        pair = (names[first[0]], names[first[1]])
    pair = tuple(str(v) for v in pair)
    if len(pair) != 2 or pair[0] == pair[1] or any(v not in names for v in pair):
        raise ValueError(f"The 'pair' parameter must name 2 different features of {names}. Got {list(pair)!r} instead.")
    cols = [names.index(v) for v in pair]
    X2 = X[:, cols]
    Xc, yc, _, _ = center_data(X2, y, None, True)
    A = Xc.T @ Xc
    ols2 = np.linalg.solve(A, Xc.T @ yc)
    d0 = float(ols2 @ A @ ols2)  # the RSS excess of w = 0: the level set through the origin
    contours = np.array([_ellipse(ols2, A, f**2 * d0, n_ellipse) for f in (0.25, 0.5, 0.75, 1.0, 1.3)])

    z_half = 1.1 * float(np.max(np.abs(ols)))  # the coefficients' own range, as in the paths panel
    shrink_z = np.linspace(-z_half, z_half, n_z)

    shape = (rhos.size, alphas.size)
    out = {k: np.empty(shape + (p,)) for k in ("map", "median", "mean", "lower", "upper")}
    touch = np.empty(shape + (2,))
    boundary = np.empty(shape + (n_boundary, 2))
    ellipse = np.empty(shape + (n_ellipse, 2))
    pw, pd_, pp = (np.empty(shape + (n_w,)) for _ in range(3))
    smap, smean = np.empty(shape + (n_z,)), np.empty(shape + (n_z,))
    samplers = []
    rngs = check_random_state(random_state).spawn(rhos.size)
    for i, (rho, rng) in enumerate(zip(rhos, rngs)):
        model = Model(ElasticNetPrior(1.0, float(rho)))
        _, coefs, _ = map_path(model, X, y, alphas=alphas)  # decreasing alphas back
        out["map"][i] = coefs[:, ::-1].T
        band = posterior_path(model, X, y, alphas, level=level, draws=draws, tune=tune, chains=chains,
                              random_state=rng)
        for key in ("median", "mean", "lower", "upper"):
            out[key][i] = getattr(band, key)[:, ::-1].T
        samplers.append(band.sampler)
        _, coefs2, _ = map_path(model, X2, y, alphas=alphas)
        touch[i] = coefs2[:, ::-1].T
        unit = ElasticNetPrior(1.0, float(rho))
        for j, a in enumerate(alphas):
            w = touch[i, j]
            boundary[i, j] = constraint_boundary(unit, float(unit.penalty(w)), n_points=n_boundary)
            ellipse[i, j] = _ellipse(ols2, A, float((w - ols2) @ A @ (w - ols2)), n_ellipse)
            prior = ElasticNetPrior(float(a), float(rho))
            cur = prior_penalty_curves({"p": prior}, n_samples=n, sigma=sigma)
            take = np.linspace(0, cur.grid.size - 1, n_w).round().astype(int)
            pw[i, j], pd_[i, j], pp[i, j] = cur.grid[take], cur.density["p"][take], cur.penalty["p"][take]
            shr = orthogonal_shrinkage(Model(prior), shrink_z, sigma=sigma, n_samples=n, gram=gram)
            smap[i, j], smean[i, j] = shr.map, shr.mean
    return ExploreData(
        feature_names=names, n_samples=int(n), sigma=sigma, l1_ratios=rhos, alphas=alphas,
        map_coef=out["map"], median=out["median"], mean=out["mean"], lower=out["lower"], upper=out["upper"],
        level=float(level), samplers=samplers, pair=pair, geo_ols=ols2, geo_touch=touch,
        geo_boundary=boundary, geo_ellipse=ellipse, geo_contours=contours, prior_w=pw, prior_density=pd_,
        prior_penalty=pp, gram=gram, shrink_z=shrink_z, shrink_map=smap, shrink_mean=smean, data_label=data_label,
    )
