"""The Polya-Gamma Gibbs chain compiled whole (numba, cached on disk), ``p <= n``.

The PG draws are the ``polyagamma`` package's own C sampler, ``pgm_random_polyagamma_fill2``
(the C API its ``_polyagamma.pxd`` declares for Cython users), called from compiled code on the
chain's numpy bit generator: the same numbers as ``polyagamma.random_polyagamma(h, z,
random_state=rng)`` with its default (hybrid) method, without a trip through Python each
sweep and with the GIL released, so chains run in parallel threads. The rest of the sweep is
the existing compiled pieces (:mod:`._gibbs_kernels`): Rue's Cholesky factor and draw, the
prior precisions and the scale-mixture prior step (see :mod:`._polya_gamma`); with an
intercept, each sweep ends with :func:`intercept_move`, a Metropolis-Hastings step on the
intercept given the weights with ``omega`` integrated out.
"""

from __future__ import annotations

import llvmlite.binding as _llvm
import numpy as np
import polyagamma._polyagamma as _pgm
from numba import njit, types

from ._gibbs_kernels import cholesky_draw, cholesky_factor, prior_precision, prior_step
from ._gibbs_spec import RIDGE

__all__ = ["run_pg_chain", "bitgen_address"]

_llvm.load_library_permanently(_pgm.__file__)
#: void pgm_random_polyagamma_fill2(bitgen_t*, const double* h, const double* z, sampler_t, size_t n,
#: double* out); pointers passed as addresses (the same in the x86-64 and AArch64 calling conventions).
_pg_fill2 = types.ExternalFunction(
    "pgm_random_polyagamma_fill2",
    types.void(types.uintp, types.uintp, types.uintp, types.int32, types.uintp, types.uintp),
)
_HYBRID = 4  # sampler_t: GAMMA, DEVROYE, ALTERNATE, SADDLE, HYBRID (polyagamma's default method)


def bitgen_address(rng: np.random.Generator) -> int:
    """Address of ``rng``'s ``bitgen_t`` (keep ``rng`` alive while it is used)."""
    return int(rng.bit_generator.ctypes.bit_generator.value)


@njit(cache=True)
def _softplus(x):
    return x + np.log1p(np.exp(-x)) if x > 0.0 else np.log1p(np.exp(x))


@njit(cache=True)
def _intercept_loglik(b, offset, y, s):
    """``sum_i s_i (y_i eta_i - log(1 + exp(eta_i)))`` with ``eta = offset + b``; gradient; curvature."""
    ll = 0.0
    g = 0.0
    h = 0.0
    for i in range(offset.shape[0]):
        e = offset[i] + b
        ll += s[i] * (y[i] * e - _softplus(e))
        q = 1.0 / (1.0 + np.exp(-e))
        g += s[i] * (y[i] - q)
        h += s[i] * q * (1.0 - q)
    return ll, g, h


_T_DF = 5.0  # Student-t proposal: heavier tails than the log-concave target, so the ratio stays bounded


@njit(cache=True)
def intercept_move(rng, b, offset, y, s):
    """Metropolis-Hastings update of the intercept given the weights, ``omega`` integrated out.

    Target ``p(b | w, y) propto exp(sum_i s_i logloss_i)`` (flat prior; log-concave). Proposal: an
    independent Student-t (5 df) at the conditional mode ``b*`` (Newton's method from ``b``) with
    scale ``1 / sqrt(-l''(b*))``, the Laplace approximation. A valid step of the chain on
    ``(b, w)``: the Polya-Gamma sweep preserves the posterior of ``(b, w)`` with ``omega`` as an
    auxiliary, and so does this (Tierney 1994, mixtures and cycles of kernels). It fixes the slow
    mixing of the intercept in the data-augmentation sweep alone (its conditional given
    ``omega`` is narrower than its posterior when the classes are nearly separated).
    Returns the new intercept.
    """
    m = b
    ll0, g, h = _intercept_loglik(m, offset, y, s)
    for _ in range(50):
        if not h > 0.0:
            return b
        step = g / h
        m += step
        if abs(step) <= 1e-10 * (1.0 + abs(m)):
            break
        _, g, h = _intercept_loglik(m, offset, y, s)
    if not h > 0.0:
        return b
    scale = 1.0 / np.sqrt(h)
    t = rng.standard_normal() / np.sqrt(2.0 * rng.standard_gamma(0.5 * _T_DF) / _T_DF)
    b_new = m + scale * t
    ll1, _, _ = _intercept_loglik(b_new, offset, y, s)
    z0 = (b - m) / scale
    log_q_ratio = -0.5 * (_T_DF + 1.0) * (np.log1p(z0 * z0 / _T_DF) - np.log1p(t * t / _T_DF))
    if np.log(rng.random()) < ll1 - ll0 + log_q_ratio:
        return b_new
    return b


@njit(cache=True, nogil=True)
def run_pg_chain(
    rng, bitgen, X1, X1t, s, kappa, k, kind, u_b, u_g, h, has_hyper, a, b, inv_tau2, aux, eta, tune, draws, thin,
    out_wb, out_h,
):
    """A whole chain: ``X1`` (n, P) is ``[1, X]`` with an intercept (``k = 1``) or ``X`` (``k = 0``),
    ``X1t`` its transpose (contiguous), ``eta`` the starting log-odds (updated in place).

    Fills ``out_wb`` (draws, P: intercept first when ``k = 1``) and ``out_h``; returns 0, or the
    sweep (1-based) whose Cholesky failed.
    """
    n, P = X1.shape
    p = P - k
    omega = np.empty(n)
    W = np.empty((P, n))
    L = np.zeros((P, P))
    v = np.zeros(P)
    wb = np.zeros(P)
    w = np.zeros(p)
    dinv = np.empty(p)
    dinv1 = np.zeros(P)
    X1k = np.dot(X1t, kappa)
    y = (kappa / s) + 0.5
    kept = 0
    for it in range(tune + draws * thin):
        _pg_fill2(bitgen, s.ctypes.data, eta.ctypes.data, np.int32(_HYBRID), n, omega.ctypes.data)
        for j in range(P):
            for i in range(n):
                W[j, i] = X1t[j, i] * max(omega[i], 1e-300)
        G = np.dot(W, X1)
        prior_precision(kind, inv_tau2, h, u_g, dinv)
        dinv1[k:] = dinv
        cholesky_factor(G, X1k, 0.0, dinv1, L, v)
        if not np.isfinite(L[P - 1, P - 1]):
            return it + 1
        cholesky_draw(rng, L, v, 1.0, wb)
        w[:] = wb[k:]
        if kind != RIDGE or has_hyper:
            h = prior_step(rng, kind, w, 1.0, inv_tau2, h, u_b, u_g, has_hyper, a, b, aux)
        eta[:] = np.dot(X1, wb)
        if k == 1:
            offset = eta - wb[0]
            wb[0] = intercept_move(rng, wb[0], offset, y, s)
            eta[:] = offset + wb[0]
        if it >= tune and (it - tune) % thin == 0:
            out_wb[kept] = wb
            out_h[kept] = h
            kept += 1
    return 0
