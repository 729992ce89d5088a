"""Posterior mode of the weights under a Gaussian likelihood and an elastic-net-family prior."""

from __future__ import annotations

import warnings

import numpy as np
from scipy import linalg
from sklearn.exceptions import ConvergenceWarning

from ._cd import _gap, cd_gram, cd_resid

__all__ = ["center_data", "solve_canonical", "kkt_residual", "kkt_from_gradient", "duality_gap", "warn_min_norm", "warn_not_converged"]


def center_data(X, y, sample_weight, fit_intercept):
    """Center (weighted) and scale rows by ``sqrt(sample_weight)``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Training data.
    y : ndarray of shape (n_samples,)
        Target.
    sample_weight : ndarray of shape (n_samples,) or None
        Frequency weights.
    fit_intercept : bool
        Whether to centre (otherwise the offsets are zeros).

    Returns
    -------
    Xc : ndarray of shape (n_samples, n_features)
    yc : ndarray of shape (n_samples,)
    X_offset : ndarray of shape (n_features,)
    y_offset : float
        With ``fit_intercept`` the weighted means, else zeros. The intercept of
        the solution ``w`` is ``y_offset - X_offset @ w`` (flat intercept prior:
        profiling it out of a Gaussian likelihood is exact).
    """
    if fit_intercept:
        X_offset = np.average(X, axis=0, weights=sample_weight)
        y_offset = float(np.average(y, weights=sample_weight))
    else:
        X_offset = np.zeros(X.shape[1])
        y_offset = 0.0
    Xc = X - X_offset
    yc = y - y_offset
    if sample_weight is not None:
        sq = np.sqrt(sample_weight)
        Xc = Xc * sq[:, None]
        yc = yc * sq
    return Xc, yc, X_offset, y_offset


def kkt_residual(Xc, yc, w, l1, l2) -> float:
    """Largest violation of the optimality conditions of the canonical problem.

    For ``0.5 ||y - X w||^2 + l1 ||w||_1 + l2/2 ||w||^2``, with ``g = X'(y - X w) - l2 w``:
    ``g_j = l1 sign(w_j)`` where ``w_j != 0`` and ``|g_j| <= l1`` where ``w_j = 0``.
    Returned relative to ``max(||X'y||_inf, l1)`` (0 means exact).
    """
    return kkt_from_gradient(Xc.T @ (yc - Xc @ w) - l2 * w, w, l1, Xc.T @ yc)


def kkt_from_gradient(g, w, l1, xty) -> float:
    """:func:`kkt_residual` from the smooth part's negative gradient ``g = X'(y - X w) - l2 w`` and ``X'y``."""
    nz = w != 0
    viol = np.where(nz, np.abs(g - l1 * np.sign(w)), np.maximum(np.abs(g) - l1, 0.0))
    scale = max(float(np.max(np.abs(xty), initial=0.0)), l1, np.finfo(float).tiny)
    return float(np.max(viol, initial=0.0) / scale)


def duality_gap(Xc, yc, w, l1, l2) -> float:
    """Duality gap of the canonical problem, relative to ``0.5 ||y||^2`` (>= 0 up to rounding)."""
    R = yc - Xc @ w
    yy = float(yc @ yc)
    gap = float(_gap(Xc.T @ R, float(R @ R), float(R @ yc), w, float(l1), float(l2)))
    return gap / max(0.5 * yy, np.finfo(float).tiny)


def warn_min_norm(n, p, stacklevel):
    """Warn that ``alpha = 0`` with ``p > n`` has many least-squares solutions (the minimum-norm one is returned)."""
    if p > n:
        warnings.warn(
            f"alpha = 0 with more features ({p}) than samples ({n}): the least-squares "
            "solution is not unique; returning the minimum-norm one.",
            UserWarning,
            stacklevel=stacklevel,
        )


def _ridge(Xc, yc, l2):
    n, p = Xc.shape
    if l2 == 0.0:
        warn_min_norm(n, p, stacklevel=5)
        return linalg.lstsq(Xc, yc, lapack_driver="gelsd")[0]
    if p <= n:
        A = Xc.T @ Xc
        A[np.diag_indices_from(A)] += l2
        return linalg.solve(A, Xc.T @ yc, assume_a="pos")
    K = Xc @ Xc.T
    K[np.diag_indices_from(K)] += l2
    return Xc.T @ linalg.solve(K, yc, assume_a="pos")


def support_solve(A, b, w, act, l1, l2):
    """The exact minimizer on the support ``act`` with the signs of ``w`` fixed, or None.

    Solves ``(A + l2 I) w_act = b - l1 sign(w_act)`` (``A``, ``b``: the support's block of the
    Gram matrix and of ``X'y``); None when the system is singular or a sign flips, i.e. when
    the support and signs of ``w`` are not those of the optimum.
    """
    A = A.copy()
    A[np.diag_indices_from(A)] += l2
    try:
        wa = linalg.solve(A, b - l1 * np.sign(w[act]), assume_a="pos")
    except (linalg.LinAlgError, ValueError):
        return None
    if not np.all(np.sign(wa) == np.sign(w[act])):
        return None
    cand = np.zeros_like(w)
    cand[act] = wa
    return cand


def _polish(Xc, yc, w, l1, l2):
    """Re-solve exactly on the support with signs fixed; keep it if it is at least as optimal."""
    act = np.flatnonzero(w)
    if act.size == 0 or act.size > Xc.shape[0]:
        return w
    XA = Xc[:, act]
    cand = support_solve(XA.T @ XA, XA.T @ yc, w, act, l1, l2)
    if cand is not None and kkt_residual(Xc, yc, cand, l1, l2) <= kkt_residual(Xc, yc, w, l1, l2):
        return cand
    return w


def _full_support(Xc, yc, l1, l2):
    """The exact minimizer with every weight nonzero and the signs of the ridge (``l2``) solution, or None."""
    try:
        w0 = _ridge(Xc, yc, l2) if l2 > 0 else linalg.lstsq(Xc, yc, lapack_driver="gelsd")[0]
    except (linalg.LinAlgError, ValueError):
        return None
    if not np.all(w0 != 0):
        return None
    return support_solve(Xc.T @ Xc, Xc.T @ yc, w0, np.arange(Xc.shape[1]), l1, l2)


def solve_canonical(Xc, yc, l1, l2, *, tol=1e-12, max_iter=100_000, coef_init=None):
    """Minimize ``0.5 ||yc - Xc w||^2 + l1 ||w||_1 + l2/2 ||w||^2``.

    Parameters
    ----------
    Xc : ndarray of shape (n_samples, n_features)
    yc : ndarray of shape (n_samples,)
    l1, l2 : float
        Non-negative penalty weights.
    tol : float
        Stop when the duality gap is below ``tol * ||yc||^2 / 2``; then the
        support's coordinates are polished by one exact linear solve. When ``l1`` is below
        ``sqrt(eps) ||X'y||_inf`` (the gap cannot certify there) and ``n >= p``, the exact solve
        on the full support is tried first and accepted when its relative KKT residual is at
        most ``tol``.
    max_iter : int
        Maximum number of full coordinate sweeps.
    coef_init : ndarray of shape (n_features,), optional
        Warm start.

    Returns
    -------
    w : ndarray of shape (n_features,)
    n_iter : int
        Full sweeps (0 for the closed form).
    converged : bool
    """
    n, p = Xc.shape
    if l1 == 0.0:
        return _ridge(Xc, yc, l2), 0, True
    qmax = float(np.max(np.abs(Xc.T @ yc), initial=0.0))
    if l1 >= qmax * (1.0 - 8 * np.finfo(float).eps):
        # KKT of w = 0 (|X'y|_j <= l1) holds up to the rounding of alpha_max = qmax / n.
        return np.zeros(p), 0, True
    if n >= p and l1 < np.sqrt(np.finfo(float).eps) * qmax:
        # l1 below the rounding of X'r: the duality gap cannot certify (its dual point is scaled by
        # l1 / ||X'r||_inf), so try the exact support solve from the ridge solution's signs and
        # certify it by the KKT residual instead.
        cand = _full_support(Xc, yc, l1, l2)
        if cand is not None and kkt_residual(Xc, yc, cand, l1, l2) <= tol:
            return cand, 0, True
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64, copy=True)
    yy = float(yc @ yc)
    abs_tol = tol * max(0.5 * yy, np.finfo(float).tiny)
    Xf = np.asfortranarray(Xc)
    if n >= p:
        Q = Xf.T @ Xf
        q = Xf.T @ yc
        n_iter, gap = cd_gram(Q, q, yy, w, float(l1), float(l2), abs_tol, int(max_iter))
    else:
        n_iter, gap = cd_resid(Xf, yc, w, float(l1), float(l2), abs_tol, int(max_iter))
    w = _polish(Xc, yc, w, l1, l2)
    converged = bool(gap <= abs_tol) or duality_gap(Xc, yc, w, l1, l2) <= tol
    if not converged:
        warn_not_converged(tol, max_iter, gap, yy, stacklevel=4)
    return w, int(n_iter), converged


def warn_not_converged(tol, max_iter, gap, yy, stacklevel):
    """ConvergenceWarning of coordinate descent (``gap`` absolute, ``yy = ||yc||^2``)."""
    warnings.warn(
        f"Coordinate descent did not reach the duality-gap tolerance {tol:g} in {max_iter} sweeps "
        f"(relative gap {gap / max(0.5 * yy, 1e-300):.3g}). Increase max_iter, loosen tol, or "
        "standardize the columns of X.",
        ConvergenceWarning,
        stacklevel=stacklevel,
    )
