"""Compiled pointwise log-likelihood and posterior predictive draws (numba).

One kernel over the draws; at each, the means of all rows ``mu = intercept + X @ w``
(feature by feature over ``X^T``, so that the loops over rows vectorize), then either the
log densities ``weight_i (const + shape(z_i) - log sigma)`` of the standardized residuals
``z_i = (y_i - mu_i) / sigma`` (:func:`log_likelihood_draws`) or the replicates
``mu_i + sigma * noise`` (:func:`replicate_draws`; the noise from the likelihood's own
:meth:`~bayesreg.likelihoods.Likelihood.noise` at unit scale; Gaussian noise is drawn in the
loop by numba, which runs numpy's Generator algorithm on the same stream). Chains run in
threads, each chain's noise from its own stream (:func:`chain_streams`), so the draws do not
depend on the thread count. No temporaries of size draws x rows besides the output. On the
diabetes data (2000 draws x 442 rows) the log-likelihood takes 1.8 ms, 6x less than the
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

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from ..likelihoods import KERNEL_GAUSSIAN, KERNEL_LAPLACE

__all__ = ["chain_streams", "log_likelihood_draws", "replicate_draws"]


@njit(cache=True, nogil=True)
def _kernel(kind, nu, const, coef, b0, sigma, XT, y, w, rng, ll, pp, want_ll, want_pp):
    S, p = coef.shape
    n = XT.shape[1]
    mu = np.empty(n)
    for s in range(S):
        scale = sigma[s]
        inv = 1.0 / scale
        offset = const - np.log(scale)
        # The mean of every row at draw s, one feature at a time: loops over contiguous rows of
        # X^T that LLVM vectorizes (2.6x faster than a dot product per row when p is small).
        mu[:] = b0[s]
        for j in range(p):
            c = coef[s, j]
            for i in range(n):
                mu[i] += XT[j, i] * c
        # One loop per likelihood shape, so that the branch is outside the loop over rows.
        if want_ll and kind == KERNEL_GAUSSIAN:
            for i in range(n):
                z = (y[i] - mu[i]) * inv
                ll[s, i] = w[i] * (offset - 0.5 * z * z)
        elif want_ll and kind == KERNEL_LAPLACE:
            for i in range(n):
                ll[s, i] = w[i] * (offset - abs((y[i] - mu[i]) * inv))
        elif want_ll:
            for i in range(n):
                z = (y[i] - mu[i]) * inv
                ll[s, i] = w[i] * (offset - 0.5 * (nu + 1.0) * np.log1p(z * z / nu))
        if want_pp and kind == KERNEL_GAUSSIAN:
            # numba's Generator.standard_normal is numpy's algorithm on the same stream (tested
            # against the numpy path) and here 3x faster than numpy's own array fill
            for i in range(n):
                pp[s, i] = mu[i] + scale * rng.standard_normal()
        elif want_pp:  # pp holds the likelihood's unit-scale noise on entry
            for i in range(n):
                pp[s, i] = mu[i] + scale * pp[s, i]


def chain_streams(rng, chains: int) -> list:
    """One independent random stream per chain for the posterior predictive draws
    (``rng.spawn(chains)``), so that the replicates do not depend on how many threads drew them.

    Parameters
    ----------
    rng : numpy.random.Generator
    chains : int

    Returns
    -------
    list of numpy.random.Generator
    """
    return rng.spawn(chains)


def _run(likelihood, X, y, sample_weight, coef, intercept, sigma, streams, want_ll, want_pp):
    """The kernel over chains (leading axis of ``sigma``), one thread per chain up to the core count."""
    kind, nu, const = likelihood.pointwise_kernel_args()
    chains, draws = np.shape(sigma)
    n, p = X.shape
    coef = np.ascontiguousarray(coef, dtype=np.float64).reshape(chains, draws, p)
    b0 = (np.zeros((chains, draws)) if intercept is None
          else np.ascontiguousarray(intercept, dtype=np.float64).reshape(chains, draws))
    sigma = np.ascontiguousarray(sigma, dtype=np.float64)
    w = np.ones(n) if sample_weight is None else np.ascontiguousarray(sample_weight, dtype=np.float64)
    XT = np.ascontiguousarray(np.asarray(X, dtype=np.float64).T)
    y = np.zeros(n) if y is None else np.ascontiguousarray(y, dtype=np.float64)
    ll = np.empty((chains, draws, n) if want_ll else (chains, 0, 0))
    pp = np.empty((chains, draws, n) if want_pp else (chains, 0, 0))
    streams = streams if want_pp else [np.random.default_rng(0)] * chains  # unused without replicates

    def run_chain(c):
        if want_pp and kind != KERNEL_GAUSSIAN:
            # the likelihood's own noise at unit scale, shifted and scaled in the kernel; Gaussian
            # noise is drawn inside the kernel (3x faster than numpy's array fill)
            pp[c] = likelihood.noise(1.0, streams[c], (draws, n))
        _kernel(kind, float(nu), float(const), coef[c], b0[c], sigma[c], XT, y, w, streams[c], ll[c], pp[c],
                want_ll, want_pp)

    # The kernel releases the GIL: chains run in threads, like the Gibbs sampler's.
    with ThreadPoolExecutor(max(1, min(chains, os.cpu_count() or 1))) as pool:
        list(pool.map(run_chain, range(chains)))
    return ll if want_ll else pp


def log_likelihood_draws(likelihood, X, y, sample_weight, coef, intercept, sigma):
    """Pointwise log-likelihood at every draw, compiled; chains in parallel threads.

    Parameters
    ----------
    likelihood : Likelihood
        With :meth:`~bayesreg.likelihoods.Likelihood.pointwise_kernel_args`.
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,) or None
        Frequency weights (multiply each row's log density).
    coef : ndarray of shape (chain, draw, n_features)
    intercept : ndarray of shape (chain, draw) or None
    sigma : ndarray of shape (chain, draw)

    Returns
    -------
    ndarray of shape (chain, draw, n_samples)
    """
    return _run(likelihood, X, y, sample_weight, coef, intercept, sigma, None, True, False)


def replicate_draws(likelihood, X, coef, intercept, sigma, streams):
    """One replicate data set per draw, ``mu + sigma * noise``, compiled; chains in parallel threads.

    Parameters
    ----------
    likelihood : Likelihood
        With :meth:`~bayesreg.likelihoods.Likelihood.pointwise_kernel_args`.
    X : ndarray of shape (n_samples, n_features)
    coef : ndarray of shape (chain, draw, n_features)
    intercept : ndarray of shape (chain, draw) or None
    sigma : ndarray of shape (chain, draw)
    streams : sequence of numpy.random.Generator
        Chain ``c``'s noise comes from ``streams[c]`` (:func:`chain_streams`), which it advances.

    Returns
    -------
    ndarray of shape (chain, draw, n_samples)
    """
    return _run(likelihood, X, None, None, coef, intercept, sigma, streams, False, True)
