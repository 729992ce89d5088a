"""Local posterior modes for priors that are not log-concave, by majorize-minimize.

For a prior with the :class:`~bayesreg.priors.MajorizeMinimizePrior` capability (a symmetric
normal scale mixture, e.g. the Student-t), ``-log p(w_j)`` is majorized at the current ``w0``
by ``q_j(w0) w_j^2 / 2`` plus a constant (Lange, Hunter & Yang 2000; the EM algorithm of the
scale mixture gives the same weights, Dempster, Laird & Rubin 1977). With a Gaussian
likelihood at a fixed sigma each step minimizes, on centered data (the flat intercept
profiled out),

    0.5 ||yc - Xc w||^2 + sum_j q_j w_j^2 / (4 kappa_sum),

a ridge problem with per-feature weights: ``(Xc'Xc + diag(q / (2 kappa_sum))) w = Xc'yc``. The
objective decreases monotonically; the limit is a stationary point -- a *local* mode, since the
posterior may be multimodal. The certificate is the gradient of the canonical objective,
``g = Xc'(yc - Xc w) - q(w) w / (2 kappa_sum)``, relative to ``||Xc'yc||_inf``.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

__all__ = ["mm_solve", "mm_kkt"]


def _weights(model, w, sigma, n):
    prior, lik = model.prior, model.likelihood
    return prior.mm_weights(w, model.kappa(sigma, n), sigma) / (2.0 * lik.kappa_sum(sigma))


def mm_kkt(model, G, q, scale, w, sigma, n) -> float:
    """Relative gradient norm ``||q - G w - d(w) w||_inf / scale`` (``G = Xc'Xc``, ``q = Xc'yc``)."""
    grad = q - G @ w - _weights(model, w, sigma, n) * w
    return float(np.max(np.abs(grad), initial=0.0) / scale)


def mm_solve(model, G, q, sigma, n, *, tol, max_iter, coef_init=None):
    """Majorize-minimize at a fixed ``sigma`` from the Gram statistics ``G = Xc'Xc``, ``q = Xc'yc``.

    Returns ``(w, n_iter, kkt)``.
    """
    p = q.shape[0]
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64)
    scale = max(float(np.max(np.abs(q), initial=0.0)), np.finfo(float).tiny)
    kkt = mm_kkt(model, G, q, scale, w, sigma, n)
    n_iter = 0
    while kkt > tol and n_iter < max_iter:
        n_iter += 1
        A = G.copy()
        A[np.diag_indices_from(A)] += _weights(model, w, sigma, n)
        w = linalg.solve(A, q, assume_a="pos")
        kkt = mm_kkt(model, G, q, scale, w, sigma, n)
    return w, n_iter, kkt
