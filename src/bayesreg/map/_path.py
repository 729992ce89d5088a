"""MAP coefficient paths along a decreasing ``alpha`` grid, and ``alpha_max``.

The Gaussian-likelihood paths reuse one precomputation for the whole grid: the
SVD of the centered data for ridge, the Gram matrix ``X'X`` (``n >= p``) or a
Fortran-ordered copy of ``X`` (``p > n``) for the lasso / elastic net, with warm
starts from one grid point to the next (Friedman, Hastie & Tibshirani 2010, sec. 2.5).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import linalg

from .._stats_design import as_design, require_rows
from ..model import Model
from ..priors import AlphaForm
from ._cd import cd_resid, gram_path
from ._estimate import map_estimate
from ._gaussian import center_data
from ._robust import lad_alpha_max, weighted_median

__all__ = ["alpha_max", "map_path"]


def _check_path_model(model):
    if not isinstance(model, Model):
        raise TypeError(f"model must be a bayesreg.Model; got {type(model).__name__}.")
    if not isinstance(model.prior, AlphaForm):
        raise TypeError(
            "map_path needs an alpha-form prior (GaussianPrior, LaplacePrior or ElasticNetPrior); "
            f"got {type(model.prior).__name__}. A Park & Casella prior's mode depends on sigma."
        )


def _xty(X, y, sample_weight, fit_intercept):
    """``X'S(y - ybar)`` (``= Xc' S yc``, since the weighted residuals sum to zero): no copy of ``X``.

    The one computation behind :func:`alpha_max`, the default grid and the path's ``w = 0`` test,
    so the first grid point is exactly all-zero.
    """
    if not fit_intercept:
        return X.T @ (y if sample_weight is None else sample_weight * y)
    r = y - np.average(y, weights=sample_weight)
    sr = r if sample_weight is None else sample_weight * r
    # sum(sr) is zero only up to rounding; removing m sum(sr) keeps a large column mean m from
    # multiplying that rounding (the exact identity Xc'Sr = X'Sr - m 1'Sr).
    return X.T @ sr - np.average(X, axis=0, weights=sample_weight) * np.sum(sr)


def _data_xty(data, fit_intercept):
    """:func:`_xty` of a design: from its rows, or its sufficient statistics' ``Xc'Syc``."""
    if data.has_rows:
        return _xty(data.X, data.y, data.sample_weight, fit_intercept)
    return data.sufficient_stats(fit_intercept).Xty


def alpha_max(model: Model, X, y=None, sample_weight=None) -> float:
    """Smallest ``alpha`` at which the MAP weights are all exactly zero.

    Parameters
    ----------
    model : Model
        Supplies the likelihood, the prior family (its ``alpha`` is ignored;
        ``l1_ratio`` is used for the elastic net) and ``fit_intercept``.
    X : array-like of shape (n_samples, n_features), Design, SufficientStatistics, or dask input
        Statistics serve the Gaussian likelihood (``max_j |Xc'Syc|_j``).
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.

    Returns
    -------
    float
        ``alpha_max`` in the twin's units.

    Raises
    ------
    ValueError
        For priors without an L1 term (ridge, ``l1_ratio = 0``): their weights reach
        zero only as ``alpha -> inf``.
    NotImplementedError
        For the Student-t likelihood (non-convex: zero is a stationary point from
        a threshold on, but not necessarily the global mode).

    Notes
    -----
    Gaussian likelihood: ``alpha_max = max_j |sum_i s_i (x_ij - xbar_j)(y_i - ybar)| / (n rho)``
    with weighted means (centering only with ``fit_intercept``), ``n = sum_i s_i``
    and ``rho = l1_ratio`` -- the KKT condition of ``w = 0`` for the twin's objective
    ``||r||^2/(2n) + alpha rho ||w||_1 + ...`` (Friedman et al. 2010, sec. 2.5;
    scikit-learn ``_alpha_grid``).
    Laplace likelihood (``QuantileRegressor``'s ``||r||_1 / (2n)``): ``w = 0`` is optimal iff
    some subgradient ``u_i`` of ``|r_i|`` at the weighted-median fit (``u_i = sign(r_i)``, free in
    ``[-1, 1]`` where ``r_i = 0``, with ``sum_i s_i u_i = 0`` under an intercept) has
    ``||X' S u||_inf / (2n) <= alpha``; the smallest such bound is a linear program (HiGHS).
    """
    _check_path_model(model)
    data = as_design(X, y, sample_weight)
    rho = model.prior.l1_fraction
    if rho == 0.0:
        raise ValueError(
            f"{type(model.prior).__name__} has no L1 term: its weights are all zero only as alpha -> inf, "
            "so there is no finite alpha_max."
        )
    n = data.n
    solver = model.likelihood.mode_solver
    if solver == "least-squares":
        return float(np.max(np.abs(_data_xty(data, model.fit_intercept)), initial=0.0) / (n * rho))
    if solver == "lad":
        require_rows(data, "alpha_max under LaplaceLikelihood", "its condition is a linear program over the rows",
                     "Compute it on rows in memory (a numpy sample).")
        return lad_alpha_max(data.X, data.y, data.sample_weight, model.fit_intercept) / rho
    raise NotImplementedError(
        f"alpha_max is not defined for the non-convex {type(model.likelihood).__name__}."
    )


def _grid(top, n_alphas, eps):
    if not (isinstance(n_alphas, (int, np.integer)) and n_alphas >= 1):
        raise ValueError(f"The 'n_alphas' parameter of map_path must be an int >= 1. Got {n_alphas!r} instead.")
    if not (0 < eps < 1):
        raise ValueError(f"The 'eps' parameter of map_path must be a float in the range (0, 1). Got {eps!r} instead.")
    if top <= 0:
        return np.full(n_alphas, np.finfo(float).eps)
    return np.geomspace(top, top * eps, n_alphas)


def _ridge_path(Xc, yc, alphas):
    U, s, Vt = linalg.svd(Xc, full_matrices=False, lapack_driver="gesdd")
    Uty = U.T @ yc
    keep = s > s[0] * max(Xc.shape) * np.finfo(float).eps if s.size else s > 0
    coefs = np.empty((Xc.shape[1], alphas.size))
    for k, a in enumerate(alphas):
        d = np.zeros_like(s)
        d[keep] = s[keep] / (s[keep] ** 2 + a)
        coefs[:, k] = Vt.T @ (d * Uty)
    return coefs


def _gram_stats(X, y, sample_weight, fit_intercept, tol):
    """Centered Gram statistics without centering ``X``: ``Q = X'SX - n m m'``, ``q = X'S(y - ybar)``.

    ``S = diag(sample_weight)``, ``m`` the weighted column means, ``n = sum(S)``. Unweighted, ``X``
    is never copied (scikit-learn centers a copy first). The rank-one correction cancels when a
    column's mean is large against its spread: ``Q_jj = G_jj / (1 + m_j^2 / s_j^2)`` with
    ``G = X'SX``, so the rounding error of ``Q`` grows by ``r = max_j G_jj / Q_jj``. It is used only
    while ``r <= min(1e6, tol / (16 eps))`` (error below the duality-gap tolerance); otherwise the
    Gram matrix is formed from the centered copy (:func:`center_data`).

    Returns
    -------
    Q : ndarray of shape (n_features, n_features)
    q : ndarray of shape (n_features,)
    yc : ndarray of shape (n_samples,)
        ``sqrt(S) (y - ybar)``; ``yc @ yc`` is the ``y'y`` of the canonical problem.
    X_offset : ndarray of shape (n_features,)
    y_offset : float
    rank_one : bool
        Whether the rank-one correction was used (False also without ``fit_intercept``).
    """
    if fit_intercept:
        X_offset = np.average(X, axis=0, weights=sample_weight)
        y_offset = float(np.average(y, weights=sample_weight))
    else:
        X_offset, y_offset = np.zeros(X.shape[1]), 0.0
    sw = np.ones(y.size) if sample_weight is None else sample_weight
    Xs = X if sample_weight is None else X * np.sqrt(sample_weight)[:, None]
    yc = (y - y_offset) * np.sqrt(sw)
    q = _xty(X, y, sample_weight, fit_intercept)
    G = Xs.T @ Xs
    if not fit_intercept:
        return G, q, yc, X_offset, y_offset, False
    Q = G - float(np.sum(sw)) * np.outer(X_offset, X_offset)
    d_raw, d = np.diag(G), np.diag(Q)
    bound = min(1e6, tol / (16 * np.finfo(float).eps))
    if np.all(d * bound >= d_raw):
        return Q, q, yc, X_offset, y_offset, True
    Xc = center_data(X, y, sample_weight, True)[0]
    return Xc.T @ Xc, Xc.T @ yc, yc, X_offset, y_offset, False


def _gram_cd_path(Q, q, yy, l1s, l2s, tol, max_iter):
    """The whole Gram-form path in one compiled call: ``(coefs, n_iters, relative gaps)``."""
    coefs = np.zeros((q.shape[0], l1s.size))
    n_iters = np.zeros(l1s.size, dtype=np.int64)
    gaps = np.zeros(l1s.size)
    scale = max(0.5 * yy, np.finfo(float).tiny)
    gram_path(Q, q, yy, l1s, l2s, tol * scale, max_iter, coefs, n_iters, gaps)
    return coefs, n_iters, gaps / scale


def _cd_path(X, y, sample_weight, fit_intercept, l1s, l2s, tol, max_iter, stats=None):
    """Canonical lasso / elastic-net path; Gram form (whole path in one compiled call) for ``n >= p``.

    ``stats``: the output of :func:`_gram_stats` when the caller already has it.
    """
    n, p = X.shape
    coefs = np.zeros((p, l1s.size))
    n_iters = np.zeros(l1s.size, dtype=np.int64)
    gaps = np.zeros(l1s.size)
    if n >= p:
        if stats is None:
            stats = _gram_stats(X, y, sample_weight, fit_intercept, tol)
        Q, q, yc, X_offset, y_offset, _ = stats
        return (*_gram_cd_path(Q, q, float(yc @ yc), l1s, l2s, tol, max_iter), X_offset, y_offset)
    Xc, yc, X_offset, y_offset = center_data(X, y, sample_weight, fit_intercept)
    yy = float(yc @ yc)
    scale = max(0.5 * yy, np.finfo(float).tiny)
    w = np.zeros(p)
    Xf = np.asfortranarray(Xc)
    qmax = float(np.max(np.abs(_xty(X, y, sample_weight, fit_intercept)), initial=0.0))
    for k in range(l1s.size):
        l1, l2 = float(l1s[k]), float(l2s[k])
        if l1 >= qmax * (1.0 - 8 * np.finfo(float).eps):  # KKT of w = 0: |X'y|_j <= l1 (up to rounding)
            w[:] = 0.0
            continue
        n_iters[k], gaps[k] = cd_resid(Xf, yc, w, l1, l2, tol * scale, max_iter)
        coefs[:, k] = w
    return coefs, n_iters, gaps / scale, X_offset, y_offset


def map_path(model: Model, X, y=None, *, alphas=None, n_alphas=100, eps=1e-3, sample_weight=None, tol=1e-10):
    """MAP weights along a decreasing grid of ``alpha``, warm-started.

    Parameters
    ----------
    model : Model
        Supplies the likelihood, the prior family and ``fit_intercept``. The prior's
        own ``alpha`` is ignored; ``l1_ratio`` of an :class:`~bayesreg.priors.ElasticNetPrior`
        is used.
    X : array-like of shape (n_samples, n_features), Design, SufficientStatistics, or dask input
        Statistics serve the Gaussian likelihood: ridge from ``eigh(Xc'Xc)``, the lasso / elastic
        net by the Gram path kernel.
    y : array-like of shape (n_samples,)
    alphas : array-like of shape (n_alphas,), optional
        Grid in the twin's units; sorted into decreasing order. Default: ``n_alphas``
        points log-spaced from :func:`alpha_max` down to ``eps * alpha_max``, so the
        first point is exactly all-zero. For ridge (no finite ``alpha_max``) the default
        spans the data: from ``s_max^2 / eps`` down to ``s_max^2 * eps``, with ``s_max``
        the largest singular value of the (weighted, centered) ``X`` -- at the top every
        weight is shrunk by a factor ``<= eps / (1 + eps)`` of least squares, at the bottom
        directions with ``s^2 >> eps s_max^2`` are nearly unshrunk.
    n_alphas : int, default=100
    eps : float, default=1e-3
        Ratio of the smallest to the largest default alpha (ridge: the square root of it).
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.
    tol : float, default=1e-10
        Relative duality-gap tolerance at each grid point (coordinate descent).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        Decreasing.
    coefs : ndarray of shape (n_features, n_alphas)
        As scikit-learn's :func:`~sklearn.linear_model.lasso_path`, on the original scale of ``X``.
    intercepts : ndarray of shape (n_alphas,)
        ``ybar - xbar @ coef`` with weighted means when ``fit_intercept`` (zeros otherwise), so each
        column is a model some data set could have fitted -- unlike ``lasso_path``, which has no intercept.

    Raises
    ------
    TypeError
        For a prior other than Gaussian / Laplace / elastic net.
    ValueError
        For bad data, a negative alpha, or bad ``n_alphas`` / ``eps``.

    Notes
    -----
    Other likelihoods (Laplace, Student-t) solve each grid point with :func:`map_estimate`,
    warm-started from the previous one.

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg import Model, LaplacePrior
    >>> from bayesreg.map import map_path
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 3)); y = X @ [1.0, 0.0, -2.0] + 5 + rng.normal(size=40)
    >>> alphas, coefs, intercepts = map_path(Model(LaplacePrior()), X, y, n_alphas=5)
    >>> coefs.shape, bool(np.all(coefs[:, 0] == 0)), bool(np.isclose(intercepts[0], y.mean()))
    ((3, 5), True, True)
    """
    _check_path_model(model)
    data = as_design(X, y, sample_weight)
    if not data.has_rows:
        return _gram_map_path(model, data, alphas, n_alphas, eps, tol)
    X, y, sample_weight = data.X, data.y, data.sample_weight
    prior = model.prior
    rho = prior.l1_fraction
    n = data.n
    gaussian = model.likelihood.mode_solver == "least-squares"
    ridge = gaussian and rho == 0.0
    Xc = yc = stats = None
    if ridge:
        Xc, yc, X_offset, y_offset = data.centered(model.fit_intercept)
    if alphas is None:
        if rho == 0.0:
            if Xc is None:
                Xc = data.centered(model.fit_intercept)[0]
            smax2 = float(linalg.svdvals(Xc)[0] ** 2) if Xc.size else 0.0
            _grid(1.0, n_alphas, eps)  # validates n_alphas and eps
            if prior.loss_convention == "mean":
                smax2 /= n  # l2 = n alpha (1 - l1_ratio) in the "mean" convention
            alphas = np.geomspace(smax2 / eps, smax2 * eps, n_alphas) if smax2 > 0 else np.ones(n_alphas)
        elif gaussian:  # alpha_max from the data already validated here, with the kernel's own X'y
            if X.shape[0] >= X.shape[1]:
                stats = _gram_stats(X, y, sample_weight, model.fit_intercept, tol)
                xty = stats[1]
            else:
                xty = _xty(X, y, sample_weight, model.fit_intercept)
            top = float(np.max(np.abs(xty), initial=0.0)) / (n * rho)
            alphas = _grid(top, n_alphas, eps)
        else:
            alphas = _grid(alpha_max(model, data), n_alphas, eps)
    else:
        alphas = _check_alphas(alphas)
    if not gaussian:
        return alphas, *_generic_path(model, data, alphas, tol)
    # Canonical weights (l1, l2) = (L1, L2) / 2 of Model.penalty_weights at each grid point.
    weights = 0.5 * np.array([model.penalty_weights(1.0, n, value=a) for a in alphas]).reshape(-1, 2)
    if ridge:  # ridge, or the elastic net with l1_ratio = 0 (a ridge in the "mean" convention)
        coefs = _ridge_path(Xc, yc, weights[:, 1])
    else:
        l1s, l2s = weights[:, 0].copy(), weights[:, 1].copy()
        coefs, _, _, X_offset, y_offset = _cd_path(
            X, y, sample_weight, model.fit_intercept, l1s, l2s, tol, 100_000, stats
        )
    intercepts = y_offset - X_offset @ coefs if model.fit_intercept else np.zeros(alphas.size)
    return alphas, coefs, np.asarray(intercepts, dtype=np.float64)


def _check_alphas(alphas):
    alphas = np.sort(np.asarray(alphas, dtype=np.float64).ravel())[::-1].copy()
    if alphas.size == 0 or not np.all(np.isfinite(alphas)) or alphas[-1] < 0:
        raise ValueError("The 'alphas' parameter of map_path must be finite, non-negative and non-empty.")
    return alphas


def _gram_map_path(model, data, alphas, n_alphas, eps, tol):
    """:func:`map_path` from sufficient statistics: ridge by the eigendecomposition of ``Q = Xc'SXc``
    (``coef(a) = V diag(1 / (lambda + a)) V'q``, the Gram form of the SVD path), the lasso / elastic
    net by the Gram path kernel; same grids as from rows (``s_max^2`` is the top eigenvalue of ``Q``)."""
    if model.likelihood.mode_solver != "least-squares":
        require_rows(data, f"The MAP path under {type(model.likelihood).__name__}", "its loss is not a function of "
                     "X'X, X'y and y'y", "Fit it on rows in memory (a numpy sample), or use GaussianLikelihood.")
    fi = model.fit_intercept
    prior, n = model.prior, data.n
    rho = prior.l1_fraction
    stats = data.sufficient_stats(fi)
    Q, q, yy = stats.XtX, stats.Xty, float(stats.yty)
    X_offset, y_offset = data.offsets(fi)
    if rho == 0.0:
        lam, V = linalg.eigh(Q)
    if alphas is None:
        if rho == 0.0:
            smax2 = float(max(lam[-1], 0.0)) if lam.size else 0.0
            _grid(1.0, n_alphas, eps)  # validates n_alphas and eps
            if prior.loss_convention == "mean":
                smax2 /= n
            alphas = np.geomspace(smax2 / eps, smax2 * eps, n_alphas) if smax2 > 0 else np.ones(n_alphas)
        else:
            alphas = _grid(float(np.max(np.abs(q), initial=0.0)) / (n * rho), n_alphas, eps)
    else:
        alphas = _check_alphas(alphas)
    weights = 0.5 * np.array([model.penalty_weights(1.0, n, value=a) for a in alphas]).reshape(-1, 2)
    if rho == 0.0:
        keep = lam > (lam[-1] * lam.size * np.finfo(float).eps if lam.size else 0.0)
        Vq = V[:, keep].T @ q
        coefs = np.stack([V[:, keep] @ (Vq / (lam[keep] + a)) for a in weights[:, 1]], axis=1)
    else:
        coefs = _gram_cd_path(Q, q, yy, weights[:, 0].copy(), weights[:, 1].copy(), tol, 100_000)[0]
    intercepts = y_offset - X_offset @ coefs if fi else np.zeros(alphas.size)
    return alphas, coefs, np.asarray(intercepts, dtype=np.float64)


def _generic_path(model, data, alphas, tol):
    X, y, sample_weight = data.X, data.y, data.sample_weight
    coefs = np.zeros((X.shape[1], alphas.size))
    intercepts = np.zeros(alphas.size)
    w = None
    top = np.inf
    if model.likelihood.mode_solver == "lad" and model.prior.l1_fraction > 0:
        top = alpha_max(model, data)
    for k, a in enumerate(alphas):
        if a >= top:  # w = 0 is optimal (the LP optimum may be a face there: report its zero point)
            sw = np.ones(y.size) if sample_weight is None else sample_weight
            intercepts[k] = weighted_median(y, sw) if model.fit_intercept else 0.0
            continue
        res = map_estimate(replace(model, prior=model.prior.with_value(a)), data, tol=max(tol, 1e-12), coef_init=w)
        coefs[:, k] = res.coef
        intercepts[k] = res.intercept
        w = res.coef
    return coefs, intercepts
