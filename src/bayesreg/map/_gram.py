"""Gaussian-likelihood posterior modes from the sufficient statistics alone (no rows).

Everything :func:`bayesreg.map.map_estimate` needs under a Gaussian likelihood is a function of the
centred ``Q = Xc'SXc``, ``q = Xc'Syc`` and ``yy = yc'Syc``: the canonical problem
``0.5 ||yc - Xc w||^2 + l1 ||w||_1 + l2/2 ||w||^2`` has ``||yc - Xc w||^2 = yy - 2 w'q + w'Qw``, its
gradient is ``q - Qw - l2 w``, and its duality gap is computed from ``Qw`` in ``O(p)``
(:func:`bayesreg.map._cd._gap_gram`). The solver is the Gram coordinate descent of
:mod:`bayesreg.map._cd`, polished by one exact solve on the support; the certificate is the same
relative KKT residual and duality gap as for rows. Used for a
:class:`~bayesreg._stats_design.StatsDesign` (Dask input or :class:`~bayesreg.SufficientStatistics`).
"""

from __future__ import annotations

import numpy as np
from scipy import linalg, optimize

from ._cd import _gap_gram, cd_gram
from ._gaussian import kkt_from_gradient, support_solve, warn_min_norm, warn_not_converged

__all__ = ["rss", "log_posterior", "sigma_mode", "solve_gram", "kkt_residual", "duality_gap"]


def rss(stats, coef) -> float:
    """``||yc - Xc w||^2 = yy - 2 w'q + w'Qw`` (the weighted RSS with the profiled intercept), >= 0."""
    coef = np.asarray(coef, dtype=np.float64)
    return max(float(stats.yty - coef @ (2.0 * stats.Xty - stats.XtX @ coef)), 0.0)


def log_posterior(model, data, coef, sigma) -> float:
    """:meth:`Model.log_posterior` at the profiled intercept ``ybar - xbar'w``, from the statistics.

    Gaussian likelihood only: ``log p(y | w, sigma) = n log N(0 | 0, sigma) - kappa_sum(sigma) RSS``
    (each row's log density is its value at ``r = 0`` minus ``r^2 / (2 sigma^2)``).
    """
    lik = model.likelihood
    n = data.n
    r2 = rss(data.sufficient_stats(model.fit_intercept), coef)
    loglik = n * float(lik.logpdf_terms(np.zeros(1), sigma)[0]) - float(lik.kappa_sum(sigma)) * r2
    return float(model.log_posterior_from_loglik(coef, sigma, loglik, n))


def sigma_mode(model, data, coef) -> float:
    """The mode of sigma given ``coef`` (and the profiled intercept): Brent on ``log sigma``.

    As :func:`bayesreg.map.sigma_mode`, with the log posterior from the statistics.
    """
    scale = float(np.sqrt(rss(data.sufficient_stats(model.fit_intercept), coef) / data.n))
    if not np.isfinite(scale) or scale <= 0:
        scale = data.y_scale(model.fit_intercept) or 1.0
    center = np.log(scale)
    res = optimize.minimize_scalar(
        lambda log_s: -log_posterior(model, data, coef, float(np.exp(log_s))),
        bracket=(center - 1.0, center + 1.0), method="brent", options={"xtol": 1e-12},
    )
    return float(np.exp(res.x))


def kkt_residual(Q, q, w, l1, l2) -> float:
    """:func:`bayesreg.map._gaussian.kkt_residual` in Gram form."""
    return kkt_from_gradient(q - Q @ w - l2 * w, w, l1, q)


def duality_gap(Q, q, yy, w, l1, l2) -> float:
    """:func:`bayesreg.map._gaussian.duality_gap` in Gram form, relative to ``0.5 yy``."""
    gap = float(_gap_gram(q, Q @ w, float(yy), w, float(l1), float(l2)))
    return gap / max(0.5 * yy, np.finfo(float).tiny)


def _ridge(Q, q, l2, n):
    p = q.shape[0]
    if l2 == 0.0:
        warn_min_norm(n, p, stacklevel=6)
        # The least-squares solutions solve Q w = q; the minimum-norm one is pinv(Q) q.
        return linalg.lstsq(Q, q, lapack_driver="gelsd")[0]
    A = Q.copy()
    A[np.diag_indices_from(A)] += l2
    return linalg.solve(A, q, assume_a="pos")


def _polish(Q, q, w, l1, l2):
    """Re-solve exactly on the support with signs fixed; keep it if it is at least as optimal."""
    act = np.flatnonzero(w)
    if act.size == 0:
        return w
    cand = support_solve(Q[np.ix_(act, act)], q[act], w, act, l1, l2)
    if cand is not None and kkt_residual(Q, q, cand, l1, l2) <= kkt_residual(Q, q, w, l1, l2):
        return cand
    return w


def solve_gram(Q, q, yy, l1, l2, *, n_rows, tol=1e-12, max_iter=100_000, coef_init=None):
    """Minimize ``0.5 (yy - 2 w'q + w'Qw) + l1 ||w||_1 + l2/2 ||w||^2``.

    As :func:`bayesreg.map._gaussian.solve_canonical` (same stopping rule, polish and warning) from
    the Gram matrix; ``n_rows`` only decides the minimum-norm warning of ``l1 = l2 = 0``.

    Returns
    -------
    w : ndarray of shape (n_features,)
    n_iter : int
    converged : bool
    """
    p = q.shape[0]
    if l1 == 0.0:
        return _ridge(Q, q, l2, n_rows), 0, True
    qmax = float(np.max(np.abs(q), initial=0.0))
    if l1 >= qmax * (1.0 - 8 * np.finfo(float).eps):
        return np.zeros(p), 0, True
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64, copy=True)
    abs_tol = tol * max(0.5 * yy, np.finfo(float).tiny)
    n_iter, gap = cd_gram(np.ascontiguousarray(Q), q, float(yy), w, float(l1), float(l2), abs_tol, int(max_iter))
    w = _polish(Q, q, w, l1, l2)
    converged = bool(gap <= abs_tol) or duality_gap(Q, q, yy, w, l1, l2) <= tol
    if not converged:
        warn_not_converged(tol, max_iter, gap, yy, stacklevel=5)
    return w, int(n_iter), converged
