"""The Polya-Gamma Gibbs chain compiled whole (numba, cached on disk), ``p <= n``.

The PG draws are the ``polyagamma`` package's own C sampler, ``pgm_random_polyagamma_fill2``
(the C API its ``_polyagamma.pxd`` declares for Cython users), called from compiled code on the
chain's numpy bit generator: the same numbers as ``polyagamma.random_polyagamma(h, z,
random_state=rng)`` with its default (hybrid) method, without a trip through Python each
sweep and with the GIL released, so chains run in parallel threads. The rest of the sweep is
the existing compiled pieces (:mod:`._gibbs_kernels`): Rue's Cholesky factor and draw, the
prior precisions and the scale-mixture prior step (see :mod:`._polya_gamma`); with an
intercept, each sweep ends with :func:`intercept_move`, a Metropolis-Hastings step on the
intercept given the weights with ``omega`` integrated out. For the fixed ridge, lasso and
elastic-net priors the sweep also makes :func:`independence_move`, an independence
Metropolis-Hastings step on the whole ``(b, w)`` with ``omega`` and the latent scales
integrated out (multivariate-t proposal matched to the warm-up draws' moments), which then
replaces the intercept step.
"""

from __future__ import annotations

import llvmlite.binding as _llvm
import numpy as np
import polyagamma._polyagamma as _pgm
from numba import njit, types

from ._gibbs_kernels import cholesky_draw, cholesky_factor, prior_precision, prior_step
from ._gibbs_spec import RIDGE

__all__ = ["run_pg_chain", "bitgen_address", "independence_move", "MH_DF"]

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


#: Degrees of freedom of :func:`independence_move`'s multivariate-t proposal (chosen by the
#: acceptance rate on breast cancer; any finite value keeps the weight ``target / proposal``
#: bounded on the log-concave targets, whose tails are at most Gaussian).
MH_DF = 30.0


@njit(cache=True)
def _log_target(wb, eta, y, s, k, beta, gamma):
    """``sum_i s_i (y_i eta_i - log(1 + exp(eta_i))) - beta |w|_1 - gamma |w|^2 / 2``, ``w = wb[k:]``."""
    ll = 0.0
    for i in range(eta.shape[0]):
        ll += s[i] * (y[i] * eta[i] - _softplus(eta[i]))
    for j in range(k, wb.shape[0]):
        ll -= beta * abs(wb[j]) + 0.5 * gamma * wb[j] * wb[j]
    return ll


@njit(cache=True)
def _t_radius2(x, m, Lq):
    """``|Lq' (x - m)|^2`` (``Lq`` lower triangular)."""
    P = x.shape[0]
    r2 = 0.0
    for j in range(P):
        acc = 0.0
        for i in range(j, P):
            acc += Lq[i, j] * (x[i] - m[i])
        r2 += acc * acc
    return r2


@njit(cache=True)
def independence_move(rng, tries, wb, eta, X1, y, s, k, beta, gamma, m, Lq, df, scratch, eta_new):
    """``tries`` independence Metropolis-Hastings steps on ``wb = (b, w)`` (``b`` first when ``k = 1``).

    Target: the posterior ``p(b, w | y)`` with ``omega`` and the prior's latent scales
    integrated out, ``exp(_log_target)`` (flat ``b``; the Laplace part ``exp(-beta |w_j|)`` is
    the marginal of the Park & Casella mixture). Proposal, independent of the state: the
    multivariate t with ``df`` degrees of freedom, location ``m`` and scale matrix
    ``(Lq Lq')^{-1}``, density ``propto (1 + |Lq' (x - m)|^2 / df)^(-(df + P) / 2)``.
    Acceptance ``min(1, pi(x') q(x) / (pi(x) q(x')))`` (Tierney 1994, Section 2.3.3). ``wb`` and
    ``eta = X1 wb`` are updated in place; ``scratch`` (P,) and ``eta_new`` (n,) are work
    arrays. Returns the number of accepted steps.
    """
    P = wb.shape[0]
    lt = _log_target(wb, eta, y, s, k, beta, gamma)
    r2 = _t_radius2(wb, m, Lq)
    accepted = 0
    for _ in range(tries):
        f = np.sqrt(df / (2.0 * rng.standard_gamma(0.5 * df)))  # sqrt(df / chi-square(df))
        u2 = 0.0
        for j in range(P):
            z = rng.standard_normal() * f
            scratch[j] = z
            u2 += z * z
        for i in range(P - 1, -1, -1):  # solve Lq' (x - m) = u
            acc = scratch[i]
            for j in range(i + 1, P):
                acc -= Lq[j, i] * scratch[j]
            scratch[i] = acc / Lq[i, i]
        for j in range(P):
            scratch[j] += m[j]
        eta_new[:] = np.dot(X1, scratch)
        lt_new = _log_target(scratch, eta_new, y, s, k, beta, gamma)
        log_q_ratio = -0.5 * (df + P) * (np.log1p(r2 / df) - np.log1p(u2 / df))
        if np.log(rng.random()) < lt_new - lt + log_q_ratio:
            wb[:] = scratch
            eta[:] = eta_new
            lt, r2 = lt_new, u2
            accepted += 1
    return accepted


@njit(cache=True, nogil=True)
def run_pg_chain(
    rng, bitgen, X1, X1t, s, kappa, k, kind, u_b, u_g, h, has_hyper, a, b, inv_tau2, aux, eta, tune, draws, thin,
    out_wb, out_h, mh_tries, pg_every, mh_m, mh_L, mh_df,
):
    """A whole chain: ``X1`` (n, P) is ``[1, X]`` with an intercept (``k = 1``) or ``X`` (``k = 0``),
    ``X1t`` its transpose (contiguous), ``eta`` the starting log-odds (updated in place).

    With ``mh_tries > 0`` (fixed ridge, lasso or elastic net: the prior is ``exp(-u_b h |w|_1 -
    u_g h |w|^2 / 2)``), each sweep makes ``mh_tries`` independence steps
    (:func:`independence_move`; location ``mh_m``, factor ``mh_L``, ``mh_df``) after the Gaussian draw of ``(b, w)`` and before the latent scales are
    redrawn given ``w``: the move leaves ``p(b, w | y)`` invariant and the scales and ``omega``
    are then drawn afresh from their conditionals, so the cycle leaves the joint posterior
    invariant (Tierney 1994). With them, the data-augmentation part (scales given ``w``,
    ``omega``, ``(b, w)``) runs every ``pg_every``-th iteration only (the scales are drawn given
    the current ``w`` just before ``omega``, so they are never stale), the independence steps
    every iteration, and the intercept step (:func:`intercept_move`) is left out. Without them
    ``pg_every`` must be 1.

    Fills ``out_wb`` (draws, P: intercept first when ``k = 1``) and ``out_h``; returns
    ``(failed, accepted)``: 0 or the sweep (1-based) whose Cholesky failed, and the number of
    accepted independence moves.
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
    scratch = np.empty(P)
    eta_new = np.empty(n)
    accepted = 0
    kept = 0
    for it in range(tune + draws * thin):
        if it % pg_every == 0:
            if mh_tries > 0 and it > 0 and (kind != RIDGE or has_hyper):  # scales afresh given the moved w
                w[:] = wb[k:]
                h = prior_step(rng, kind, w, 1.0, inv_tau2, h, u_b, u_g, has_hyper, a, b, aux)
            _pg_fill2(bitgen, s.ctypes.data, eta.ctypes.data, np.int32(_HYBRID), n, omega.ctypes.data)
            for j in range(P):
                for i in range(n):
                    W[j, i] = X1t[j, i] * max(omega[i], 1e-300)
            G = np.dot(W, X1)
            prior_precision(kind, inv_tau2, h, u_g, dinv)
            dinv1[k:] = dinv
            cholesky_factor(G, X1k, 0.0, dinv1, L, v)
            if not np.isfinite(L[P - 1, P - 1]):
                return it + 1, accepted
            cholesky_draw(rng, L, v, 1.0, wb)
            eta[:] = np.dot(X1, wb)
            if mh_tries == 0:
                w[:] = wb[k:]
                if kind != RIDGE or has_hyper:
                    h = prior_step(rng, kind, w, 1.0, inv_tau2, h, u_b, u_g, has_hyper, a, b, aux)
                if k == 1:
                    offset = eta - wb[0]
                    wb[0] = intercept_move(rng, wb[0], offset, y, s)
                    eta[:] = offset + wb[0]
        if mh_tries > 0:
            accepted += independence_move(
                rng, mh_tries, wb, eta, X1, y, s, k, u_b * h, u_g * h, mh_m, mh_L, mh_df, scratch, eta_new
            )
        if it >= tune and (it - tune) % thin == 0:
            out_wb[kept] = wb
            out_h[kept] = h
            kept += 1
    return 0, accepted
