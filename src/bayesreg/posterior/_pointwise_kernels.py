"""Compiled pointwise log-likelihood and posterior predictive draws (numba).

One pass over (draw, row): the mean ``mu = intercept + x_i @ w``, the standardized residual
``z = (y_i - mu) / sigma``, the log density ``weight_i (const + shape(z) - log sigma)`` and,
optionally, a replicate ``mu + sigma * noise`` (the noise from the likelihood's own
:meth:`~bayesreg.likelihoods.Likelihood.noise` at unit scale; Gaussian noise is drawn in the
loop from the same numpy Generator, which numba runs on the same stream). No temporaries of size draws x rows besides
the two outputs; on the diabetes data (2000 draws x 442 rows) this is 4x faster than the
vectorized numpy version (:meth:`bayesreg.likelihoods.Likelihood.pointwise_logpdf`), which
remains the reference (tests: equal to 1e-12) and the path for likelihoods without a kernel.

Each likelihood gives its kernel arguments (:meth:`~bayesreg.likelihoods.Likelihood.pointwise_kernel_args`):
its kind, ``nu`` and the constant ``log p(0 | sigma = 1)`` taken from its own
``logpdf_terms``, so only the shape in ``z`` is written here:

- Gaussian: ``-z^2 / 2``;
- Laplace: ``-|z|``;
- Student-t: ``-(nu + 1) / 2 log(1 + z^2 / nu)``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..likelihoods import KERNEL_GAUSSIAN, KERNEL_LAPLACE

__all__ = ["pointwise_draws"]


@njit(cache=True, nogil=True, inline="always")
def _shape(kind, z, nu):
    if kind == KERNEL_GAUSSIAN:
        return -0.5 * z * z
    if kind == KERNEL_LAPLACE:
        return -abs(z)
    return -0.5 * (nu + 1.0) * np.log1p(z * z / nu)


@njit(cache=True, nogil=True)
def _kernel(kind, nu, const, coef, b0, sigma, X, y, w, rng, ll, pp, predictive):
    S, p = coef.shape
    n = X.shape[0]
    for s in range(S):
        scale = sigma[s]
        offset = const - np.log(scale)
        for i in range(n):
            m = b0[s]
            for j in range(p):
                m += X[i, j] * coef[s, j]
            ll[s, i] = w[i] * (offset + _shape(kind, (y[i] - m) / scale, nu))
            if predictive and kind == KERNEL_GAUSSIAN:
                # numba's Generator.standard_normal is numpy's (same stream: tested against the numpy path)
                pp[s, i] = m + scale * rng.standard_normal()
            elif predictive:  # pp holds the likelihood's unit-scale noise on entry
                pp[s, i] = m + scale * pp[s, i]


def pointwise_draws(likelihood, X, y, sample_weight, coef, intercept, sigma, rng, predictive=True):
    """Pointwise log-likelihood (and replicates) at every draw, compiled.

    Parameters
    ----------
    likelihood : Likelihood
        With :meth:`pointwise_kernel_args`.
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,) or None
        Frequency weights (multiply each row's log density).
    coef : ndarray of shape (..., n_features)
    intercept : ndarray of shape (...) or None
    sigma : ndarray of shape (...)
    rng : numpy.random.Generator
    predictive : bool

    Returns
    -------
    log_likelihood : ndarray of shape (..., n_samples)
    y_rep : ndarray of shape (..., n_samples) or None
    """
    kind, nu, const = likelihood.pointwise_kernel_args()
    lead = np.shape(sigma)
    n, p = X.shape
    coef = np.ascontiguousarray(coef, dtype=np.float64).reshape(-1, p)
    b0 = np.zeros(coef.shape[0]) if intercept is None else np.ascontiguousarray(intercept, dtype=np.float64).ravel()
    w = np.ones(n) if sample_weight is None else np.ascontiguousarray(sample_weight, dtype=np.float64)
    ll = np.empty((coef.shape[0], n))
    # Gaussian noise is drawn inside the kernel (3x faster than a separate numpy pass); any other
    # likelihood's own noise at unit scale is drawn first and shifted and scaled in the kernel
    if not predictive:
        pp = np.empty((0, 0))
    elif kind == KERNEL_GAUSSIAN:
        pp = np.empty((coef.shape[0], n))
    else:
        pp = np.ascontiguousarray(likelihood.noise(1.0, rng, (coef.shape[0], n)), dtype=np.float64)
    _kernel(kind, float(nu), float(const), coef, b0, np.ascontiguousarray(sigma, dtype=np.float64).ravel(),
            np.ascontiguousarray(X, dtype=np.float64), np.ascontiguousarray(y, dtype=np.float64), w, rng, ll, pp,
            predictive)
    return ll.reshape(lead + (n,)), (pp.reshape(lead + (n,)) if predictive else None)
