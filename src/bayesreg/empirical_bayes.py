"""Empirical Bayes: the regularization strength that maximizes the marginal likelihood.

Two routes:

- :func:`ridge_evidence`: closed form for the conjugate ridge (MacKay 1992; the
  objective of scikit-learn's ``BayesianRidge``), maximized over the weight and
  noise precisions.
- :func:`mcem`: Monte Carlo EM for any prior (Park & Casella 2008, section 3.1;
  Casella 2001): the E-step samples ``(w, sigma)`` at the current value with the
  fastest exact sampler, the M-step maximizes the Monte Carlo average of
  ``log p(w | sigma, value)`` — the prior's own :meth:`~bayesreg.priors.Prior.logpdf_terms`,
  exact normalizer included, so the elastic net is handled like the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import linalg, optimize

from ._stats_design import as_design
from ._validation import check_random_state
from .model import Model
from .posterior._dispatch import sample_posterior

__all__ = ["ridge_evidence", "mcem", "MCEMResult"]


def _spectrum(data, fit_intercept):
    """Singular values ``s`` of ``Xc``, ``U'yc`` and ``yc'yc``: from the SVD of the rows, or (statistics
    only) from the eigendecomposition ``Xc'Xc = V diag(s^2) V'``, with ``U'yc = diag(1/s) V' Xc'yc``
    over the numerically non-zero ``s``."""
    if data.has_rows:
        Xc, yc, _, _ = data.centered(fit_intercept)
        U, s, _ = linalg.svd(Xc, full_matrices=False)
        return s, U.T @ yc, float(yc @ yc)
    stats = data.sufficient_stats(fit_intercept)
    lam, V = linalg.eigh(stats.XtX)
    lam, V = lam[::-1], V[:, ::-1]
    keep = lam > (lam[0] * lam.size * np.finfo(float).eps if lam.size else 0.0)
    s = np.sqrt(lam[keep])
    return s, (V[:, keep].T @ stats.Xty) / s, float(stats.yty)


def ridge_evidence(X, y=None, sample_weight=None, *, fit_intercept: bool = True) -> tuple[float, float]:
    """Type-II maximum likelihood of the ridge prior ``w | sigma ~ N(0, sigma^2 / alpha)``.

    Maximizes the evidence ``p(y | sigma, alpha) = N(y; 0, sigma^2 (I + X X' / alpha))``
    (centered data when ``fit_intercept``) jointly over ``sigma`` and ``alpha``. With the
    weight precision ``lambda = alpha / sigma^2`` and noise precision ``1 / sigma^2`` this is
    the objective that scikit-learn's ``BayesianRidge`` climbs by fixed-point updates
    (with its Gamma hyperpriors set to zero).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), Design, SufficientStatistics, or dask input
        A :class:`~bayesreg._data.Design` (``y`` and ``sample_weight`` omitted) is used as prepared;
        from :class:`~bayesreg.SufficientStatistics` the spectrum comes from ``eigh(Xc'Xc)``.
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.
    fit_intercept : bool, default=True

    Returns
    -------
    alpha : float
        ``Ridge``-scale strength (``lambda_ / alpha_`` in ``BayesianRidge``'s names).
    sigma : float
        Noise scale (``alpha_ ** -0.5``), in the units of ``y``.

    Notes
    -----
    With ``a = alpha`` and the eigenvalues ``s_i^2`` of ``X'X`` (zeros beyond the rank),
    profiling out ``sigma^2 = E(a) / n`` with ``E(a) = ||y - X w_a||^2 + a ||w_a||^2`` gives
    ``f(a) = p/2 log a - n/2 log E(a) - 1/2 sum_i log(s_i^2 + a)``, maximized in ``log a``
    by Brent's method (MacKay 1992, eq. 4.6 ff.; Bishop 2006, section 3.5).

    References
    ----------
    MacKay, D. J. C. (1992). Bayesian interpolation. Neural Computation 4, 415-447.
    """
    data = as_design(X, y, sample_weight)
    n = data.n
    p = data.n_features
    s, uy, yy = _spectrum(data, fit_intercept)
    s2 = np.zeros(p)
    s2[: s.size] = s**2
    resid_out = max(float(yy - uy @ uy), 0.0)  # part of y outside the column space of X
    if yy > 0 and resid_out <= 1e-12 * yy:
        # y in the span of X (p >= n - 1 with an intercept, or an exact linear fit): E(a) -> 0 as
        # a -> 0 and the evidence grows without bound, so "alpha = 0, sigma = 0" is no estimate.
        raise ValueError(
            f"empirical Bayes needs residual noise, but y is fitted exactly by X (n_samples = {n:g}, "
            f"rank {s.size}): the evidence has no maximum (alpha -> 0, sigma -> 0). Give alpha a "
            "number or a GammaHyperprior instead.")

    def energy(a):
        # ||y - X w||^2 + a ||w||^2 = sum_i a uy_i^2 / (s_i^2 + a) + the part outside the span.
        return float(np.sum(a * uy**2 / (s2[: s.size] + a)) + resid_out)

    def neg_f(log_a):
        a = np.exp(log_a)
        return -(0.5 * p * log_a - 0.5 * n * np.log(energy(a)) - 0.5 * np.sum(np.log(s2 + a)))

    scale = np.log(np.mean(s2) if np.mean(s2) > 0 else 1.0)
    res = optimize.minimize_scalar(neg_f, bracket=(scale - 2.0, scale + 2.0), method="brent",
                                   options={"xtol": 1e-12, "maxiter": 500})
    a = _polish_stationary(res.x, s2[: s.size], uy, resid_out, n, p)
    return a, float(np.sqrt(energy(a) / n))


def _polish_stationary(log_a, s2, uy, resid_out, n, p) -> float:
    """Refine Brent's maximizer to the root of ``df / d log a`` (Brent on ``f`` itself stops at
    ``sqrt(eps)`` relative, where ``f`` is flat; the root of the derivative is found to ``eps``).

    ``df/d log a = p/2 - (n/2) a E'(a) / E(a) - (1/2) sum_i a / (s_i^2 + a)`` with
    ``E'(a) = sum_i uy_i^2 s_i^2 / (s_i^2 + a)^2``; the zero eigenvalues beyond ``s`` add ``1/2`` each.
    """
    p_zero = p - s2.size

    def grad(t):
        a = np.exp(t)
        e = float(np.sum(a * uy**2 / (s2 + a)) + resid_out)
        de = float(np.sum(uy**2 * s2 / (s2 + a) ** 2))
        return 0.5 * p - 0.5 * n * a * de / e - 0.5 * float(np.sum(a / (s2 + a))) - 0.5 * p_zero

    lo, hi = log_a - 1e-3, log_a + 1e-3
    if not (np.isfinite(grad(lo)) and np.isfinite(grad(hi))) or grad(lo) * grad(hi) > 0:
        return float(np.exp(log_a))  # no sign change next to Brent's point: keep it
    return float(np.exp(optimize.brentq(grad, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)))


@dataclass
class MCEMResult:
    """Monte Carlo EM estimate of a prior's regularization parameter.

    Attributes
    ----------
    value : float
        The estimate of the prior's :attr:`~bayesreg.priors.Prior.hyper_name` parameter
        (``alpha``; ``lam2 = lambda^2`` for Park & Casella).
    history : ndarray of shape (n_iter + 1,)
        The value after each iteration (starting value first).
    n_iter : int
    """

    value: float
    history: np.ndarray = field(repr=False)
    n_iter: int


def mcem(
    model: Model, X, y=None, sample_weight=None, *, random_state=None, n_iter: int = 40, draws: int = 400,
    tune: int = 200, average_last: int = 10, sampler: str = "auto",
) -> MCEMResult:
    """Monte Carlo EM for the prior's regularization parameter (empirical Bayes).

    Parameters
    ----------
    model : Model
        Its prior's fixed value is the starting point; a hyperprior, if any, is ignored.
    X, y, sample_weight
        Training data, or a :class:`~bayesreg._data.Design` as ``X`` (used as prepared).
    random_state : int, Generator or None
    n_iter : int, default=40
        EM iterations.
    draws, tune : int
        Posterior draws per E-step (one chain) and warm-up sweeps.
    average_last : int, default=10
        The estimate is the geometric mean of the last ``average_last`` iterates, which
        damps the Monte Carlo noise of each step (Park & Casella 2008, section 3.1).
    sampler : str, default="auto"
        Passed to :func:`bayesreg.posterior._dispatch.sample_posterior`.

    Returns
    -------
    MCEMResult

    Notes
    -----
    M-step: ``argmax_v mean_s sum_j log p(w_sj | sigma_s, v)`` over ``log v`` (Brent). For the
    Park & Casella prior this has the closed form ``lambda^2 = 2p / sum_j E[tau_j^2]`` of their
    section 3.1 after integrating the latent ``tau``; the numerical M-step reaches the same
    fixed point without the latent variables.
    """
    data = as_design(X, y, sample_weight)
    rng = check_random_state(random_state)
    n = data.n
    prior = model.prior.with_value(model.prior.hyper_value)  # drops any hyperprior
    value = float(prior.hyper_value)
    history = [value]
    for _ in range(n_iter):
        current = Model(prior.with_value(value), model.likelihood, model.sigma_prior, model.fit_intercept)
        # only the posterior draws are needed (no pointwise groups, whose streams would
        # also be taken from rng)
        idata = sample_posterior(current, data, sampler=sampler, draws=draws, tune=tune,
                                 chains=1, rng=rng, pointwise=False)
        post = idata.posterior
        w = post["coef"].to_numpy().reshape(-1, data.n_features)
        sigma = post["sigma"].to_numpy().reshape(-1)
        kappa = model.kappa(sigma, n)[:, None]

        def neg_q(log_v, w=w, sigma=sigma, kappa=kappa):
            terms = prior.logpdf_terms(w, kappa, sigma[:, None], value=np.exp(log_v))
            return -float(np.mean(np.sum(terms, axis=1)))

        res = optimize.minimize_scalar(neg_q, bracket=(np.log(value) - 0.5, np.log(value) + 0.5),
                                       method="brent", options={"xtol": 1e-10})
        value = float(np.exp(res.x))
        history.append(value)
    tail = np.asarray(history[-max(1, min(average_last, n_iter)):])
    return MCEMResult(value=float(np.exp(np.mean(np.log(tail)))), history=np.asarray(history), n_iter=n_iter)
