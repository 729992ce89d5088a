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
    return _gap_finish(dual_norm, l1norm, w2, RtR, Rty, l1, l2)


@njit(cache=True)
def _gap_finish(dual_norm, l1norm, w2, RtR, Rty, l1, l2):
    """The gap from its sums: ``dual_norm = max_j |x_j'R - l2 w_j|``, ``||w||_1``, ``||w||^2``, ``R'R``, ``R'y``."""
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


# --- Whole-path kernel (Gram form) -------------------------------------------------------


@njit(cache=True)
def _gap_gram(q, H, yty, w, l1, l2):
    """Duality gap in Gram form, ``O(p)`` from ``H = Q w``: ``R'R = y'y - 2 w'q + w'H``, ``X'R = q - H``."""
    dual_norm = 0.0
    l1norm = 0.0
    w2 = 0.0
    wq = 0.0
    wH = 0.0
    for j in range(w.shape[0]):
        wj = w[j]
        dual_norm = max(dual_norm, abs(q[j] - H[j] - l2 * wj))
        l1norm += abs(wj)
        w2 += wj * wj
        wq += wj * q[j]
        wH += wj * H[j]
    return _gap_finish(dual_norm, l1norm, w2, yty - 2.0 * wq + wH, yty - wq, l1, l2)


@njit(cache=True)
def _newton_support(Q, q, w, H, l1, l2):
    """Exact minimizer on the current support with the current signs (one Cholesky solve).

    Solves ``(Q_AA + l2 I) w_A = q_A - l1 sign(w_A)``; accepted (``w``, ``H = Q w`` updated
    in place, returns True) only if every sign is kept, so the lasso objective cannot increase.
    """
    act = _active(w)
    m = act.shape[0]
    A = np.empty((m, m))
    b = np.empty(m)
    for a in range(m):
        ja = act[a]
        for c in range(m):
            A[a, c] = Q[ja, act[c]]
        A[a, a] += l2
        b[a] = q[ja] - l1 * np.sign(w[ja])
    L = A  # in-place Cholesky, rows contiguous; single-threaded on purpose (threaded LAPACK on
    # a small matrix thrashes on shared cores). A tiny pivot means collinear support columns:
    # leave those to coordinate descent.
    for a in range(m):
        for c in range(a + 1):
            s = L[a, c]
            for t in range(c):
                s -= L[a, t] * L[c, t]
            if c < a:
                L[a, c] = s / L[c, c]
            elif s <= 1e-10 * L[a, a]:  # pivot lost > 10 digits to the other support columns
                return False
            else:
                L[a, a] = np.sqrt(s)
    for a in range(m):  # forward then back substitution: L L' x = b
        s = b[a]
        for c in range(a):
            s -= L[a, c] * b[c]
        b[a] = s / L[a, a]
    for a in range(m - 1, -1, -1):
        s = b[a]
        for c in range(a + 1, m):
            s -= L[c, a] * b[c]
        b[a] = s / L[a, a]
    for a in range(m):
        if b[a] * w[act[a]] <= 0.0:
            return False
    H[:] = 0.0
    for a in range(m):
        ja = act[a]
        w[ja] = b[a]
        for i in range(H.shape[0]):
            H[i] += b[a] * Q[ja, i]
    return True


@njit(cache=True)
def gram_path(Q, q, yty, l1s, l2s, tol, max_iter, coefs, n_iters, gaps):
    """Gram coordinate descent along a decreasing grid, warm-started, with strong-rule screening.

    At grid point ``k`` the working set is the support of the previous solution plus the
    coordinates passing the sequential strong rule ``|x_j'R(k-1)| >= 2 l1_k - l1_(k-1)``
    (Tibshirani et al. 2012, eq. 7). Cyclic sweeps run over the working set only; after each
    sweep the duality gap of the *full* problem is computed in ``O(p)`` (it bounds the
    suboptimality whatever the working set) and any coordinate outside the set that violates
    its KKT condition ``|x_j'R| <= l1`` joins it, so screening never changes the answer.
    Once the support and signs have stayed the same for two sweeps, one exact solve on the
    support (:func:`_newton_support`) replaces the slow linear tail of coordinate descent;
    it is kept only if it keeps the signs and does not increase the gap.

    Fills ``coefs[:, k]``, ``n_iters[k]`` (sweeps) and ``gaps[k]`` (absolute duality gap;
    0 where ``w = 0`` is optimal up to rounding, ``l1 >= max_j |q_j| (1 - 8 eps)``).
    """
    p = q.shape[0]
    w = np.zeros(p)
    H = np.zeros(p)
    w_old = np.empty(p)
    H_old = np.empty(p)
    sgn = np.zeros(p, dtype=np.int8)
    qmax = 0.0
    for j in range(p):
        qmax = max(qmax, abs(q[j]))
    in_ws = np.zeros(p, dtype=np.bool_)
    ws = np.empty(p, dtype=np.int64)
    l1_prev = qmax
    for k in range(l1s.shape[0]):
        l1 = l1s[k]
        l2 = l2s[k]
        if l1 >= qmax * (1.0 - 8.0 * 2.220446049250313e-16):
            w[:] = 0.0
            H[:] = 0.0
            coefs[:, k] = 0.0
            n_iters[k] = 0
            gaps[k] = 0.0
            l1_prev = min(l1, qmax)
            continue
        thr = 2.0 * l1 - min(l1_prev, qmax)
        n_ws = 0
        for j in range(p):
            in_ws[j] = Q[j, j] > 0.0 and (w[j] != 0.0 or abs(q[j] - H[j]) >= thr)
            if in_ws[j]:
                ws[n_ws] = j
                n_ws += 1
        gap = np.inf
        it = 0
        stable = 0  # sweeps without a change of support or sign
        since = 0  # sweeps since the last exact solve (or change of support)
        while it < max_iter:
            it += 1
            _sweep_gram(Q, q, w, H, l1, l2, ws[:n_ws])
            gap = _gap_gram(q, H, yty, w, l1, l2)
            if gap <= tol:
                break
            for j in range(p):  # KKT violators outside the working set join it
                if not in_ws[j] and Q[j, j] > 0.0 and abs(q[j] - H[j]) > l1:
                    in_ws[j] = True
                    ws[n_ws] = j
                    n_ws += 1
            changed = False
            nnz = 0
            for j in range(p):
                s = np.int8(1) if w[j] > 0.0 else (np.int8(-1) if w[j] < 0.0 else np.int8(0))
                if s != sgn[j]:
                    changed = True
                    sgn[j] = s
                if s != 0:
                    nnz += 1
            if changed:
                stable = 0
                since = 0
                continue
            stable += 1
            since += 1
            # An exact solve costs ~nnz^3/3 flops (LAPACK), a sweep ~nnz p (axpy): try it once the
            # support is stable, and again only after as many sweeps as it costs.
            if stable >= 2 and nnz > 0 and since * 12 * p >= nnz * nnz:
                since = -(nnz * nnz) // (12 * p) - 2
                w_old[:] = w
                H_old[:] = H
                if _newton_support(Q, q, w, H, l1, l2):
                    new_gap = _gap_gram(q, H, yty, w, l1, l2)
                    if new_gap <= gap:
                        gap = new_gap
                        if gap <= tol:
                            break
                    else:
                        w[:] = w_old
                        H[:] = H_old
        coefs[:, k] = w
        n_iters[k] = it
        gaps[k] = gap
        l1_prev = l1
    return w
