"""Coordinate descent for ``0.5 ||y - X w||^2 + l1 ||w||_1 + l2/2 ||w||^2``.

Compiled with numba (on-disk cache). Two variants: Gram (``X'X`` precomputed,
cost per sweep ``O(p^2)``, for ``n >= p``) and residual (``O(n p)``, for ``p > n``).
Both use active-set iterations: full sweeps alternate with sweeps over the
non-zero coordinates until those settle. The update of coordinate ``j`` is the
proximal operator of the elastic-net penalty (soft-thresholding then shrinking):
``w_j = S(z_j, l1) / (||x_j||^2 + l2)`` (Friedman, Hastie & Tibshirani 2010, eq. 5).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _soft(z, t):
    if z > t:
        return z - t
    if z < -t:
        return z + t
    return 0.0


@njit(cache=True)
def _sweep_gram(Q, q, w, H, l1, l2, idx):
    max_dw = 0.0
    max_w = 0.0
    p = q.shape[0]
    for k in range(idx.shape[0]):
        j = idx[k]
        qjj = Q[j, j]
        if qjj == 0.0:
            continue
        wj = w[j]
        z = q[j] - H[j] + qjj * wj
        new = _soft(z, l1) / (qjj + l2)
        if new != wj:
            d = new - wj
            for i in range(p):  # Q is symmetric: read row j (contiguous) for column j
                H[i] += d * Q[j, i]
            w[j] = new
            if abs(d) > max_dw:
                max_dw = abs(d)
        if abs(new) > max_w:
            max_w = abs(new)
    return max_dw, max_w


@njit(cache=True)
def _sweep_resid(X, col2, w, R, l1, l2, idx):
    max_dw = 0.0
    max_w = 0.0
    n = X.shape[0]
    for k in range(idx.shape[0]):
        j = idx[k]
        cj = col2[j]
        if cj == 0.0:
            continue
        wj = w[j]
        z = 0.0
        for i in range(n):
            z += X[i, j] * R[i]
        z += cj * wj
        new = _soft(z, l1) / (cj + l2)
        if new != wj:
            d = new - wj
            for i in range(n):
                R[i] -= d * X[i, j]
            w[j] = new
            if abs(d) > max_dw:
                max_dw = abs(d)
        if abs(new) > max_w:
            max_w = abs(new)
    return max_dw, max_w


@njit(cache=True)
def _gap(XtR, RtR, Rty, w, l1, l2):
    """Duality gap of the canonical elastic-net problem (dual point scaled from R)."""
    p = w.shape[0]
    dual_norm = 0.0
    l1norm = 0.0
    w2 = 0.0
    for j in range(p):
        a = abs(XtR[j] - l2 * w[j])
        if a > dual_norm:
            dual_norm = a
        l1norm += abs(w[j])
        w2 += w[j] * w[j]
    if dual_norm > l1 and dual_norm > 0.0:
        const = l1 / dual_norm
        gap = 0.5 * (RtR + RtR * const * const)
    else:
        const = 1.0
        gap = RtR
    gap += l1 * l1norm - const * Rty + 0.5 * l2 * (1.0 + const * const) * w2
    return gap


@njit(cache=True)
def _active(w):
    count = 0
    for j in range(w.shape[0]):
        if w[j] != 0.0:
            count += 1
    out = np.empty(count, dtype=np.int64)
    k = 0
    for j in range(w.shape[0]):
        if w[j] != 0.0:
            out[k] = j
            k += 1
    return out


@njit(cache=True)
def cd_gram(Q, q, yty, w, l1, l2, tol, max_iter):
    """Gram coordinate descent. ``w`` is updated in place (warm start).

    Returns ``(n_iter, gap)``; stops when the duality gap is ``<= tol``.
    """
    p = q.shape[0]
    H = Q @ w
    all_idx = np.arange(p)
    gap = np.inf
    n_iter = 0
    for it in range(max_iter):
        n_iter = it + 1
        max_dw, max_w = _sweep_gram(Q, q, w, H, l1, l2, all_idx)
        # Active-set sweeps until the support's coordinates settle.
        act = _active(w)
        for _ in range(1000):
            if act.shape[0] == 0:
                break
            dw, mw = _sweep_gram(Q, q, w, H, l1, l2, act)
            if dw <= 1e-10 * mw or dw == 0.0:
                break
        if max_w == 0.0 or max_dw <= max_w * 1e-4 or it == max_iter - 1:
            wq = 0.0
            wH = 0.0
            for j in range(p):
                wq += w[j] * q[j]
                wH += w[j] * H[j]
            RtR = yty - 2.0 * wq + wH
            gap = _gap(q - H, RtR, yty - wq, w, l1, l2)
            if gap <= tol:
                break
    return n_iter, gap


@njit(cache=True)
def cd_resid(X, y, w, l1, l2, tol, max_iter):
    """Residual-update coordinate descent for ``p > n``. ``w`` updated in place.

    Returns ``(n_iter, gap)``.
    """
    n, p = X.shape
    col2 = np.empty(p)
    for j in range(p):
        s = 0.0
        for i in range(n):
            s += X[i, j] * X[i, j]
        col2[j] = s
    R = y - X @ w
    all_idx = np.arange(p)
    gap = np.inf
    n_iter = 0
    for it in range(max_iter):
        n_iter = it + 1
        max_dw, max_w = _sweep_resid(X, col2, w, R, l1, l2, all_idx)
        act = _active(w)
        for _ in range(1000):
            if act.shape[0] == 0:
                break
            dw, mw = _sweep_resid(X, col2, w, R, l1, l2, act)
            if dw <= 1e-10 * mw or dw == 0.0:
                break
        if max_w == 0.0 or max_dw <= max_w * 1e-4 or it == max_iter - 1:
            XtR = X.T @ R
            gap = _gap(XtR, R @ R, R @ y, w, l1, l2)
            if gap <= tol:
                break
    return n_iter, gap
