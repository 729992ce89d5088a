"""Posterior modes under the Laplace (L1 loss) and Student-t likelihoods.

Both work on the *sum-form* objective ``D(r) + L1 ||w||_1 + L2/2 ||w||^2`` with
``D = sum_i s_i d(r_i)`` the likelihood's data term (:meth:`Likelihood.data_term`)
and ``(L1, L2) = (beta, gamma) / kappa_sum`` from the prior's rates
(:meth:`bayesreg.model.Model.penalty_weights`): dividing the
negative log posterior in ``w`` by the likelihood's ``kappa_sum`` gives exactly this.

* Laplace likelihood, no L2 term: a linear program solved by HiGHS (exact vertex;
  the LP duals are the certificate). With an L2 term (ridge, elastic net) the
  problem is a convex piecewise quadratic: majorize-minimize on the Gaussian scale
  mixture ``|r| = min_e (r^2 / e + e) / 2`` (a weighted elastic net per step, solved
  by coordinate descent), then an exact *polish*: with the set ``Z`` of
  interpolated rows and the support ``A`` fixed, the optimality conditions are one
  linear system; its solution is kept when its KKT residual is zero to rounding.
* Student-t likelihood: the EM algorithm on its normal scale mixture (Lange,
  Little & Taylor 1989), each M-step a weighted elastic net. The problem is
  **non-convex**: the result is a local mode, certified only by the first-order
  (KKT) conditions; different starts can reach different modes.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import linalg, optimize
from sklearn.exceptions import ConvergenceWarning

from ._gaussian import center_data, solve_canonical

__all__ = ["lad_solve", "lad_alpha_max", "lad_kkt", "student_t_solve", "smooth_kkt", "weighted_median"]


def _design(X, fit_intercept):
    return np.column_stack([np.ones(X.shape[0]), X]) if fit_intercept else X


def lad_kkt(X, y, sw, b0, w, L1, L2, fit_intercept):
    """KKT residual of ``sum_i s_i |r_i| + L1 ||w||_1 + L2/2 ||w||^2`` at ``(b0, w)``.

    The conditions ask for ``u`` with ``u_i = s_i sign(r_i)`` where ``r_i != 0``,
    ``|u_i| <= s_i`` where ``r_i = 0``, ``sum_i u_i = 0`` (intercept), and
    ``X_j' u - L2 w_j = L1 sign(w_j)`` (``|.| <= L1`` where ``w_j = 0``). The free ``u_i``
    are chosen by a small LP minimizing the largest violation; the residual is that
    violation relative to ``max(||X' S 1||_inf, L1)`` (0 is exact).
    """
    r = y - X @ w - b0
    # A residual is "exactly zero" up to the rounding of the sum that computed it: relative to
    # each row's terms |y_i| + sum_j |x_ij w_j| + |b0|, not to y alone (large cancelling
    # coefficients leave residuals of 1e-12 on rows that are interpolated exactly).
    magnitude = np.abs(y) + np.abs(X) @ np.abs(w) + abs(b0)
    zero = np.abs(r) <= np.finfo(float).eps * 64 * np.maximum(magnitude, 1.0)
    u_fixed = np.where(zero, 0.0, sw * np.sign(r))
    Z = np.flatnonzero(zero)
    g_fixed = X.T @ u_fixed - L2 * w
    nz = w != 0
    target = L1 * np.sign(w)
    XZ = X[Z].T  # (p, |Z|)
    # Variables (u_Z, t); minimize t.
    m = Z.size
    rows, rhs = [], []
    for j in range(X.shape[1]):
        a = np.concatenate([XZ[j], [-1.0]])
        if nz[j]:
            rows += [a, np.concatenate([-XZ[j], [-1.0]])]
            rhs += [target[j] - g_fixed[j], g_fixed[j] - target[j]]
        else:
            rows += [a, np.concatenate([-XZ[j], [-1.0]])]
            rhs += [L1 - g_fixed[j], L1 + g_fixed[j]]
    A_ub = np.array(rows) if rows else None
    b_ub = np.array(rhs) if rhs else None
    A_eq = b_eq = None
    if fit_intercept:
        A_eq = np.concatenate([np.ones(m), [0.0]])[None, :]
        b_eq = np.array([-u_fixed.sum()])
    bounds = [(-sw[i], sw[i]) for i in Z] + [(0, None)]
    c = np.zeros(m + 1)
    c[-1] = 1.0
    res = optimize.linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
    scale = max(float(np.max(np.abs(X.T @ sw), initial=0.0)), L1, np.finfo(float).tiny)
    if res.status != 0:
        return np.inf
    return float(res.x[-1] / scale)


def lad_alpha_max(X, y, sw, fit_intercept) -> float:
    """``alpha_max`` of ``QuantileRegressor(quantile=0.5)``: ``min_u ||X' S u||_inf / (2n)`` (see alpha_max)."""
    sw = np.ones(X.shape[0]) if sw is None else sw
    if fit_intercept:
        b0 = weighted_median(y, sw)
    else:
        b0 = 0.0
    n = float(np.sum(sw))
    return lad_kkt_bound(X, y, sw, b0, fit_intercept) / (2.0 * n)


def lad_kkt_bound(X, y, sw, b0, fit_intercept):
    """``min ||X' u||_inf`` over the subgradients ``u`` of ``sum_i s_i |y_i - b0|``."""
    w = np.zeros(X.shape[1])
    # Zero L1 makes the LP of lad_kkt return max_j |X_j' u| minimized over u.
    scale = max(float(np.max(np.abs(X.T @ sw), initial=0.0)), np.finfo(float).tiny)
    return lad_kkt(X, y, sw, b0, w, 0.0, 0.0, fit_intercept) * scale


def weighted_median(y, sw):
    order = np.argsort(y)
    cw = np.cumsum(sw[order])
    half = 0.5 * cw[-1]
    k = int(np.searchsorted(cw, half))
    if np.isclose(cw[k], half, rtol=1e-15, atol=0) and k + 1 < y.size:
        return 0.5 * (y[order[k]] + y[order[k + 1]])
    return float(y[order[k]])


def _lad_lp(X, y, sw, L1, fit_intercept):
    """HiGHS LP for ``min sum s_i |r_i| + L1 ||w||_1``; returns ``(b0, w, n_iter)``."""
    keep = sw > 0
    X, y, sw = X[keep], y[keep], sw[keep]
    n, p = X.shape
    D = _design(X, fit_intercept)
    k = D.shape[1]
    pen = np.full(k, L1)
    if fit_intercept:
        pen[0] = 0.0
    c = np.concatenate([pen, pen, sw, sw])
    eye = np.eye(n)
    A_eq = np.hstack([D, -D, eye, -eye])
    res = optimize.linprog(c, A_eq=A_eq, b_eq=y, bounds=(0, None), method="highs")
    if res.status != 0:
        raise RuntimeError(f"HiGHS failed on the L1-loss linear program: {res.message}")
    beta = res.x[:k] - res.x[k : 2 * k]
    b0 = float(beta[0]) if fit_intercept else 0.0
    return b0, np.array(beta[1:] if fit_intercept else beta), int(res.nit)


def _lad_polish(X, y, sw, b0, w, L1, L2, fit_intercept, Z, A):
    """Exact solve with the interpolated rows ``Z`` and the support ``A`` fixed (see module notes)."""
    r = y - X @ w - b0
    N = np.setdiff1d(np.arange(y.size), Z)
    XA = X[:, A]
    DZ = _design(XA[Z], fit_intercept)  # (|Z|, k)
    k = DZ.shape[1]
    off = 1 if fit_intercept else 0
    # Stationarity in theta = (b0, w_A): H theta - DZ' u_Z = DN' uN - L1 sgn;  DZ theta = y_Z.
    H = np.zeros((k, k))
    H[off:, off:] = L2 * np.eye(A.size)
    sgn = np.zeros(k)
    sgn[off:] = np.sign(w[A])
    rhs1 = _design(XA[N], fit_intercept).T @ (sw[N] * np.sign(r[N])) - L1 * sgn
    K = np.block([[H, -DZ.T], [DZ, np.zeros((Z.size, Z.size))]])
    sol = linalg.lstsq(K, np.concatenate([rhs1, y[Z]]), lapack_driver="gelsd")[0]
    cand = np.zeros_like(w)
    cand[A] = sol[off:k]
    return (float(sol[0]) if fit_intercept else 0.0), cand


def lad_solve(X, y, sw, L1, L2, fit_intercept, *, tol, max_iter, coef_init=None):
    """Mode of ``sum_i s_i |r_i| + L1 ||w||_1 + L2/2 ||w||^2``.

    Without an L2 term: the HiGHS LP. With one: Huber continuation -- for a decreasing
    ``delta`` the Huber-smoothed problem is solved by majorize-minimize (weights
    ``s_i / max(|r_i|, delta)``, each step a weighted elastic net), then the rows with
    ``|r_i| <= delta`` and the support are fixed and the exact L1 problem solved on them
    (finite identification: Madsen & Nielsen 1993, BIT 33:682-700). Stops when the KKT
    residual (:func:`lad_kkt`) is ``<= tol``.

    Returns ``(b0, w, n_iter, kkt)``; ``n_iter`` counts MM steps (LP iterations for the LP).
    """
    sw = np.ones(X.shape[0]) if sw is None else sw
    if L2 == 0.0:
        b0, w, nit = _lad_lp(X, y, sw, L1, fit_intercept)
        return b0, w, nit, lad_kkt(X, y, sw, b0, w, L1, L2, fit_intercept)
    w = np.zeros(X.shape[1]) if coef_init is None else np.array(coef_init, dtype=float)
    b0 = weighted_median(y - X @ w, sw) if fit_intercept else 0.0
    delta = max(float(np.std(y)), np.finfo(float).tiny)
    best = (np.inf, b0, w)
    n_iter = 0
    with warnings.catch_warnings():
        # Inner weighted problems need not be exact: the polish below is.
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(40):
            for _ in range(500):
                n_iter += 1
                wt = sw / np.maximum(np.abs(y - X @ w - b0), delta)
                Xc, yc, xo, yo = center_data(X, y, wt, fit_intercept)
                wn, _, _ = solve_canonical(Xc, yc, L1, L2, tol=1e-13, max_iter=100_000, coef_init=w)
                bn = float(yo - xo @ wn) if fit_intercept else 0.0
                change = max(float(np.max(np.abs(wn - w), initial=0.0)), abs(bn - b0))
                w, b0 = wn, bn
                if change <= 1e-13 * max(1.0, float(np.max(np.abs(w), initial=0.0))) or n_iter >= max_iter:
                    break
            Z = np.flatnonzero(np.abs(y - X @ w - b0) <= delta)
            pb0, pw = _lad_polish(X, y, sw, b0, w, L1, L2, fit_intercept, Z, np.flatnonzero(w))
            kkt = lad_kkt(X, y, sw, pb0, pw, L1, L2, fit_intercept)
            if kkt < best[0]:
                best = (kkt, pb0, pw)
            if kkt <= tol or n_iter >= max_iter:
                break
            delta *= 0.1
    kkt, b0, w = best
    return b0, w, n_iter, kkt


def smooth_kkt(X, y, sw, b0, w, L1, L2, fit_intercept, psi):
    """KKT residual for a smooth data term with derivative ``psi(r)`` (per row, times ``s_i``).

    Conditions: ``g = X' (s psi(r)) - L2 w`` equals ``L1 sign(w_j)`` on the support,
    ``|g_j| <= L1`` off it, and ``sum_i s_i psi(r_i) = 0`` with an intercept. Relative
    to ``max(||X' s psi(y - b0)||_inf, L1)``.
    """
    r = y - X @ w - b0
    v = sw * psi(r)
    g = X.T @ v - L2 * w
    viol = np.where(w != 0, np.abs(g - L1 * np.sign(w)), np.maximum(np.abs(g) - L1, 0.0))
    worst = float(np.max(viol, initial=0.0))
    if fit_intercept:
        worst = max(worst, abs(float(np.sum(v))))
    scale = max(float(np.max(np.abs(X.T @ (sw * psi(y - (b0 if fit_intercept else 0.0)))), initial=0.0)), L1)
    return worst / max(scale, np.finfo(float).tiny)


def _t_newton(likelihood, X, y, sw, b0, w, l1, l2, sigma, fit_intercept):
    """Newton's method on the stationarity equations with the support and signs fixed."""
    A = np.flatnonzero(w)
    D = _design(X[:, A], fit_intercept)
    off = 1 if fit_intercept else 0
    theta = np.concatenate([[b0], w[A]]) if fit_intercept else w[A].copy()
    sgn = np.concatenate([[0.0] * off, np.sign(w[A])])
    ridge = np.concatenate([[0.0] * off, np.full(A.size, l2)])
    for _ in range(50):
        r = y - D @ theta
        u = likelihood.em_weights(r, sigma)
        psi = u * r
        # d psi / d r = u + r du/dr, with du/dr = -2 r u^2 / ((nu + 1) sigma^2).
        dpsi = u - 2.0 * r * r * u * u / ((likelihood.nu + 1.0) * sigma * sigma)
        F = D.T @ (sw * psi) - ridge * theta - l1 * sgn
        J = D.T @ (D * (sw * dpsi)[:, None]) + np.diag(ridge)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", linalg.LinAlgWarning)
                step = linalg.solve(J, F, assume_a="sym")
        except (linalg.LinAlgError, linalg.LinAlgWarning, ValueError):
            return b0, w  # singular Hessian on the support: keep the EM iterate
        theta = theta + step
        if np.max(np.abs(step), initial=0.0) <= 1e-15 * max(1.0, float(np.max(np.abs(theta), initial=0.0))):
            break
    cand = np.zeros_like(w)
    cand[A] = theta[off:]
    if not np.all(np.isfinite(theta)) or not np.all(np.sign(cand[A]) == np.sign(w[A])):
        return b0, w
    return (float(theta[0]) if fit_intercept else 0.0), cand


def student_t_solve(likelihood, X, y, sw, L1, L2, sigma, fit_intercept, *, tol, max_iter, coef_init=None):
    """EM for ``sum_i s_i d_t(r_i) + L1 ||w||_1 + L2/2 ||w||^2`` at a fixed scale ``sigma``.

    ``d_t(r) = (nu + 1) sigma^2 log(1 + r^2 / (nu sigma^2))``; E-step weights
    ``(nu + 1) / (nu + r^2 / sigma^2)`` (:meth:`StudentTLikelihood.em_weights`); the
    M-step minimizes ``sum_i s_i u_i r_i^2 + ...``, a weighted elastic net whose
    canonical penalties are ``(L1 / 2, L2 / 2)``. Monotone in the objective; converges
    to a stationary point (a local mode: the problem is non-convex). Near it (and every
    10 steps), Newton's method on the support finishes the job when it lands on a KKT point.

    Returns ``(b0, w, n_iter, kkt)``.
    """
    sw = np.ones(X.shape[0]) if sw is None else sw
    w = np.zeros(X.shape[1]) if coef_init is None else np.array(coef_init, dtype=float)
    b0 = float(np.median(y - X @ w)) if fit_intercept else 0.0
    l1, l2 = 0.5 * L1, 0.5 * L2

    def psi(r):  # d_t'(r) / 2, the "canonical" half-derivative
        return likelihood.em_weights(r, sigma) * r

    kkt = np.inf
    n_iter = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for n_iter in range(1, max_iter + 1):
            u = likelihood.em_weights(y - X @ w - b0, sigma)
            Xc, yc, xo, yo = center_data(X, y, sw * u, fit_intercept)
            w, _, _ = solve_canonical(Xc, yc, l1, l2, tol=1e-14, max_iter=100_000, coef_init=w)
            b0 = float(yo - xo @ w) if fit_intercept else 0.0
            kkt = smooth_kkt(X, y, sw, b0, w, l1, l2, fit_intercept, psi)
            if kkt <= tol:
                break
            if kkt < 1e-2 or n_iter % 10 == 0:
                nb0, nw = _t_newton(likelihood, X, y, sw, b0, w, l1, l2, sigma, fit_intercept)
                nk = smooth_kkt(X, y, sw, nb0, nw, l1, l2, fit_intercept, psi)
                if nk < kkt:
                    b0, w, kkt = nb0, nw, nk
                    if kkt <= tol:
                        break
    return b0, w, n_iter, kkt
