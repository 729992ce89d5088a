"""Compiled pieces of the blocked Gibbs sweep (numba, cached on disk).

One sweep, given the latent precisions ``inv_tau2`` and the hyperparameter ``h``
(notation of :mod:`._gibbs_spec`):

1. ``(sigma^2, w)`` as a block (Rajaratnam et al., arXiv:1509.03697): ``sigma^2``
   from its conditional with ``w`` integrated out, then ``w | sigma^2`` from
   ``N(A^{-1} X'y, sigma^2 A^{-1})``, ``A = X'X + diag(1 / d)`` (Rue 2001: one Cholesky
   of ``A`` gives both the integrated residual ``S = y'y - y'X A^{-1} X'y`` and the draw);
2. ``inv_tau2_j | w, sigma ~ InverseGaussian(L sigma / |w_j|, L^2)`` (Park & Casella 2008, eq. 5);
3. ``h`` ahead of step 2, drawn with ``inv_tau2`` integrated out (so ``(h, inv_tau2)``
   move as a block, which keeps ``lam`` mixing when ``p`` is large): the conjugate Gamma
   conditional for ridge and the alpha form (see :mod:`bayesreg.hyperpriors`); for Park &
   Casella's Gamma on ``lam^2`` a slice-sampling step on ``log(lam^2)``, whose conditional
   given ``w`` is log-concave but not Gamma.

``sigma^2 | inv_tau2, h, y ~ InvGamma(n_eff / 2 + e_shape, S / 2 + e_rate)`` with
``e = (0, 0)`` for ridge, the Park & Casella form and the horseshoe, and
``e = (p, (u_b h)^2 sum(tau^2) / 2)`` for the alpha form, whose Laplace scale
``sigma^2 / (n alpha)`` adds ``sigma^-2p`` (``docs/math-contract.md``). A ``HalfCauchy(0, A)`` prior on
sigma adds ``(1/2, 1/a)`` through its auxiliary ``a`` (Makalic & Schmidt 2016:
``sigma^2 | a ~ InvGamma(1/2, 1/a)``, ``a ~ InvGamma(1/2, 1/A^2)``), drawn after
``sigma^2`` from ``a | sigma^2 ~ InvGamma(1, 1/sigma^2 + 1/A^2)``.

The horseshoe (Makalic & Schmidt 2016) keeps ``inv_tau2_j = 1 / lambda_j^2`` and
``h = tau^2``, so ``1 / d_j = inv_tau2_j / h``; its auxiliaries ``nu_j`` and ``xi`` live in
``aux[2:]`` and ``aux[1]`` (``aux[0]`` is the half-Cauchy sigma's ``a``). Its conditionals:
``lambda_j^2 ~ InvGamma(1, 1/nu_j + w_j^2 / (2 tau^2 sigma^2))``,
``nu_j ~ InvGamma(1, 1 + 1/lambda_j^2)``, ``tau^2 ~ InvGamma((p + 1)/2, 1/xi +
sum(w_j^2 / lambda_j^2) / (2 sigma^2))``, ``xi ~ InvGamma(1, 1/A_tau^2 + 1/tau^2)``.
``INV_GAMMA_SCALES`` (a Student-t prior ``t_nu(0, s sigma)`` as ``N(0, sigma^2 s^2 lambda_j)``
with ``lambda_j ~ InvGamma(nu/2, nu/2)``; ``h = s^2``, ``u_b = u_g = nu/2``) has
``1 / lambda_j | w, sigma ~ Gamma(u_b + 1/2, u_g + w_j^2 / (2 h sigma^2))`` (Geweke 1993,
for the regression coefficients instead of the errors) and ``1 / d_j = (1 / lambda_j) / h``.
Random numbers come from the ``numpy.random.Generator`` passed in.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .._kinds import ALPHA_LASSO, HORSESHOE, INV_GAMMA_SCALES, PARK_CASELLA, RIDGE

_TINY = 1e-300


@njit(cache=True)
def wald(rng, mu, lam):
    """One draw of the inverse Gaussian ``IG(mu, lam)`` (mean ``mu``, shape ``lam``).

    Michael, Schucany & Haas (1976) with the root written without cancellation:
    ``x = mu (1 + r - sqrt(r^2 + 2 r)) = mu / (1 + r + sqrt(r^2 + 2 r))``, ``r = mu z^2 / (2 lam)``.
    numpy's ``Generator.wald`` uses the first form, which loses every digit when ``mu / lam``
    is large (a weight near zero on a column of large scale: ``mu = L sigma / |w_j|``), and
    returned garbage precisions that blew the chain up to 1e148.
    """
    z = rng.standard_normal()
    r = mu * z * z / (2.0 * lam)
    x = mu / (1.0 + r + np.sqrt(r * r + 2.0 * r))
    if rng.random() * (mu + x) <= mu:
        return x
    return mu * (mu / x)  # not mu * mu / x: mu ~ L^2 b / |w_j| passes sqrt(max) near the range's edge


@njit(cache=True)
def wald_array(rng, mu, lam):
    """:func:`wald` for each entry of the array ``mu`` (common shape ``lam``)."""
    out = np.empty(mu.shape[0])
    for i in range(mu.shape[0]):
        out[i] = wald(rng, mu[i], lam)
    return out


@njit(cache=True)
def cholesky_factor(XtX, Xty, yty, dinv, L, v):
    """Cholesky ``L L' = X'X + diag(dinv)`` in place, ``v = L^{-1} X'y``; returns ``S = y'y - v'v``."""
    p = XtX.shape[0]
    for i in range(p):
        for j in range(i + 1):
            s = XtX[i, j] + (dinv[i] if i == j else 0.0)
            for k in range(j):
                s -= L[i, k] * L[j, k]
            if i == j:
                L[i, i] = np.sqrt(s) if s > 0.0 else np.nan
            else:
                L[i, j] = s / L[j, j]
    for i in range(p):
        s = Xty[i]
        for k in range(i):
            s -= L[i, k] * v[k]
        v[i] = s / L[i, i]
    return yty - np.dot(v, v)


@njit(cache=True)
def cholesky_draw(rng, L, v, sigma, w):
    """``w = L'^{-1} (v + sigma z)``, ``z ~ N(0, I)``: a draw of ``N(A^{-1} X'y, sigma^2 A^{-1})``."""
    p = v.shape[0]
    for i in range(p):
        w[i] = v[i] + sigma * rng.standard_normal()
    for i in range(p - 1, -1, -1):
        s = w[i]
        for k in range(i + 1, p):
            s -= L[k, i] * w[k]
        w[i] = s / L[i, i]


@njit(cache=True)
def prior_precision(kind, inv_tau2, h, u_g, dinv):
    """``1 / d_j = inv_tau2_j + u_g h`` (``inv_tau2`` unused for ridge; ``inv_tau2_j / h`` for the
    horseshoe and the inverse-gamma scales)."""
    for j in range(dinv.shape[0]):
        if kind == HORSESHOE or kind == INV_GAMMA_SCALES:
            dinv[j] = inv_tau2[j] / h
        else:
            dinv[j] = (0.0 if kind == RIDGE else inv_tau2[j]) + u_g * h


@njit(cache=True)
def sigma2_draw(rng, shape, rate, sigma_A2, aux):
    """Draw ``sigma^2 ~ InvGamma(shape, rate)`` under Jeffreys (``sigma_A2 = 0``), or with the
    half-Cauchy's ``(1/2, 1/a)`` added and then ``a = aux[0]`` updated (``sigma_A2 = A^2``)."""
    if sigma_A2 > 0.0:
        shape += 0.5
        rate += 1.0 / aux[0]
    if not rate > 0.0:
        raise ValueError(
            "The data are fitted exactly (zero residual sum of squares): under Jeffreys' prior the "
            "posterior of sigma is improper. Use a proper sigma prior, e.g. HalfCauchySigma(scale)."
        )
    sigma2 = rate / rng.standard_gamma(shape)
    if sigma_A2 > 0.0:
        aux[0] = (1.0 / sigma2 + 1.0 / sigma_A2) / rng.standard_exponential()
    return sigma2


@njit(cache=True)
def horseshoe_step(rng, w, sigma2, inv_lam2, tau2, has_hyper, rate_xi, aux):
    """Makalic & Schmidt (2016) updates of ``1 / lambda_j^2``, ``nu_j``, ``tau^2``, ``xi``; returns ``tau^2``."""
    p = w.shape[0]
    for j in range(p):
        nu = aux[2 + j]
        inv_lam2[j] = max(rng.standard_exponential() / (1.0 / nu + 0.5 * w[j] * w[j] / (tau2 * sigma2)), _TINY)
        aux[2 + j] = max((1.0 + inv_lam2[j]) / rng.standard_exponential(), _TINY)
    if has_hyper:
        q = 0.0
        for j in range(p):
            q += w[j] * w[j] * inv_lam2[j]
        # Clamped away from 0: on degenerate data tau^2 can underflow, and numba raises on x / 0.
        tau2 = max((1.0 / aux[1] + 0.5 * q / sigma2) / rng.standard_gamma(0.5 * (p + 1)), _TINY)
        aux[1] = max((rate_xi + 1.0 / tau2) / rng.standard_exponential(), _TINY)
    return tau2


@njit(cache=True)
def sigma2_conjugate(kind, S, n_eff, inv_tau2, h, u_b):
    """Shape and rate of ``sigma^2 | inv_tau2, h, y`` (conjugate kinds; Jeffreys prior)."""
    shape = 0.5 * n_eff
    rate = 0.5 * S
    if kind == ALPHA_LASSO:
        p = inv_tau2.shape[0]
        shape += p
        rate += 0.5 * (u_b * h) ** 2 * np.sum(1.0 / inv_tau2)
    return shape, rate


@njit(cache=True)
def _log_lam2_density(x, A, b, s):
    """Log density of ``x = log(lam^2)`` given ``w, sigma`` with ``tau`` integrated out:
    ``lam^2 ~ Gamma(a, b)`` times ``prod_j lam / (2 sigma) exp(-lam |w_j| / sigma)``, so
    ``A x - b e^x - s e^(x/2)`` with ``A = a + p/2`` and ``s = ||w||_1 / sigma`` (concave in x)."""
    return A * x - b * np.exp(x) - s * np.exp(0.5 * x)


@njit(cache=True)
def slice_log_lam2(rng, x0, A, b, s):
    """One slice-sampling update (Neal 2003, stepping out and shrinkage) of ``x = log(lam^2)``."""
    width = 3.0 / np.sqrt(A)
    log_y = _log_lam2_density(x0, A, b, s) - rng.standard_exponential()
    left = x0 - width * rng.random()
    right = left + width
    while _log_lam2_density(left, A, b, s) > log_y:
        left -= width
    while _log_lam2_density(right, A, b, s) > log_y:
        right += width
    while True:
        x1 = left + (right - left) * rng.random()
        if _log_lam2_density(x1, A, b, s) > log_y:
            return x1
        if x1 < x0:
            left = x1
        else:
            right = x1


@njit(cache=True)
def prior_step(rng, kind, w, sigma2, inv_tau2, h, u_b, u_g, has_hyper, a, b, aux):
    """Update ``inv_tau2`` (and ``aux``) in place and return the new ``h`` (steps 2-3 of the sweep)."""
    p = w.shape[0]
    sigma = np.sqrt(sigma2)
    if kind == HORSESHOE:
        return horseshoe_step(rng, w, sigma2, inv_tau2, h, has_hyper, b, aux)
    if kind == INV_GAMMA_SCALES:
        # w_j ~ N(0, sigma^2 h lambda_j), lambda_j ~ InvGamma(u_b, u_g): 1 / lambda_j is Gamma.
        for j in range(p):
            rate = u_g + 0.5 * w[j] * w[j] / (h * sigma2)
            inv_tau2[j] = max(rng.standard_gamma(u_b + 0.5) / rate, _TINY)
        return h
    if kind == RIDGE:
        if has_hyper:
            h = rng.gamma(a + 0.5 * p, 1.0 / (b + 0.5 * u_g * np.dot(w, w) / sigma2))
        return h
    if kind == ALPHA_LASSO and has_hyper:
        h = rng.gamma(a + p, 1.0 / (b + u_b * np.sum(np.abs(w)) / sigma2))
    if kind == PARK_CASELLA:
        if has_hyper:
            s_w = u_b * np.sum(np.abs(w)) / sigma
            h = np.exp(slice_log_lam2(rng, np.log(h), a + 0.5 * p, b, s_w))
        L_sigma = u_b * np.sqrt(h) * sigma
    else:
        L_sigma = u_b * h
    L2 = (L_sigma / sigma) ** 2
    for j in range(p):
        aw = max(abs(w[j]), _TINY)
        inv_tau2[j] = max(wald(rng, L_sigma / aw, L2), _TINY)
    return h


@njit(cache=True, nogil=True)
def run_cholesky_chain(
    rng, XtX, Xty, yty, n_eff, kind, u_b, u_g, h, has_hyper, a, b, inv_tau2, aux, sigma_A2, tune, draws, thin,
    out_w, out_sigma, out_h,
):
    """A whole chain of the conjugate kinds from sufficient statistics (``p <= n``).

    ``out_w`` (draws, p), ``out_sigma`` and ``out_h`` (draws,) are filled in place.
    Returns the number of sweeps whose Cholesky failed (0 on success).
    """
    p = Xty.shape[0]
    L = np.zeros((p, p))
    v = np.zeros(p)
    w = np.zeros(p)
    dinv = np.zeros(p)
    kept = 0
    total = tune + draws * thin
    for it in range(total):
        prior_precision(kind, inv_tau2, h, u_g, dinv)
        S = cholesky_factor(XtX, Xty, yty, dinv, L, v)
        if not np.isfinite(S) or not np.isfinite(L[p - 1, p - 1]):
            return it + 1
        shape, rate = sigma2_conjugate(kind, max(S, 0.0), n_eff, inv_tau2, h, u_b)
        sigma2 = sigma2_draw(rng, shape, rate, sigma_A2, aux)
        cholesky_draw(rng, L, v, np.sqrt(sigma2), w)
        h = prior_step(rng, kind, w, sigma2, inv_tau2, h, u_b, u_g, has_hyper, a, b, aux)
        if it >= tune and (it - tune) % thin == 0:
            out_w[kept] = w
            out_sigma[kept] = np.sqrt(sigma2)
            out_h[kept] = h
            kept += 1
    return 0
