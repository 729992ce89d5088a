"""The numbers behind the prior figures: prior vs penalty, orthogonal-design shrinkage.
Pure numpy/scipy on models; no matplotlib here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from ..likelihoods import GaussianLikelihood
from ..model import Model
from ..priors import AlphaForm, ElasticNetPrior, GaussianPrior, LaplacePrior, Prior

__all__ = [
    "matched_priors",
    "with_alpha",
    "PriorPenaltyCurves",
    "prior_penalty_curves",
    "ShrinkageCurve",
    "orthogonal_shrinkage",
]


def with_alpha(prior: Prior, alpha: float) -> Prior:
    """A copy of an alpha-form prior with another ``alpha`` (``l1_ratio`` kept).

    Parameters
    ----------
    prior : GaussianPrior, LaplacePrior or ElasticNetPrior
        The prior to copy.
    alpha : float
        The new regularization strength.

    Returns
    -------
    Prior
        A prior of the same class at ``alpha``.

    Raises
    ------
    TypeError
        If ``prior`` is not an alpha-form prior.
    """
    if not isinstance(prior, AlphaForm):
        raise TypeError(f"'prior' must be an alpha-form prior (ridge, lasso, elastic net); got {type(prior).__name__}.")
    return prior.with_value(alpha)


def matched_priors(alpha: float, n_samples: int, l1_ratio: float = 0.5) -> dict:
    """Ridge, lasso and elastic-net priors at one matched ``alpha``.

    "Matched" means the three penalties share the "mean" loss convention of
    ``ElasticNet``: the ridge prior is ``GaussianPrior(n_samples * alpha)``, because
    ``Ridge(n alpha)`` minimizes ``2 n`` times ``ElasticNet(alpha, l1_ratio=0)``'s
    objective. Then the elastic net's negative log prior is exactly
    ``l1_ratio * lasso + (1 - l1_ratio) * ridge`` (up to normalizers).

    Parameters
    ----------
    alpha : float
        ``ElasticNet``'s (and ``Lasso``'s) regularization strength.
    n_samples : int
        ``n`` of the "mean" loss convention.
    l1_ratio : float, default=0.5
        The elastic net's mixing parameter.

    Returns
    -------
    dict
        ``{"ridge": GaussianPrior, "lasso": LaplacePrior, "elastic net": ElasticNetPrior}``.
    """
    return {
        "ridge": GaussianPrior(alpha=n_samples * alpha),
        "lasso": LaplacePrior(alpha=alpha),
        "elastic net": ElasticNetPrior(alpha=alpha, l1_ratio=l1_ratio),
    }


@dataclass
class PriorPenaltyCurves:
    """Densities and penalties on a grid of one weight.

    Attributes
    ----------
    grid : ndarray of shape (n_grid,)
        Values of one weight ``w``, in the units of ``coef_``.
    density : dict of str -> ndarray of shape (n_grid,)
        Prior density ``p(w | sigma)`` (normalized).
    penalty : dict of str -> ndarray of shape (n_grid,)
        ``kappa * penalty(w)`` in nats: the twin's penalty times the likelihood factor.
    neg_log_prior : dict of str -> ndarray of shape (n_grid,)
        ``-log p(w | sigma) + log p(0 | sigma)``; equal to ``penalty`` (the prior-penalty link).
    priors : dict of str -> Prior
    kappa : dict of str -> float
    sigma : float
    """

    grid: np.ndarray
    density: dict
    penalty: dict
    neg_log_prior: dict
    priors: dict
    kappa: dict
    sigma: float


def prior_penalty_curves(priors: dict, *, n_samples: int, sigma: float = 1.0, grid=None,
                         likelihood=None) -> PriorPenaltyCurves:
    """Prior densities next to their penalties, for one weight.

    Parameters
    ----------
    priors : dict of str -> Prior
        E.g. :func:`matched_priors`.
    n_samples : int
        ``n`` of the "mean" loss convention.
    sigma : float, default=1.0
        Noise scale at which the conditional priors are drawn.
    grid : array-like of shape (n_grid,), optional
        Default: 801 points on ``[-4 s, 4 s]`` with ``s`` the largest prior sd.
    likelihood : Likelihood, optional
        Default Gaussian; supplies ``kappa`` (:meth:`~bayesreg.likelihoods.Likelihood.kappa`).

    Returns
    -------
    PriorPenaltyCurves
        The grid, densities, penalties and negative log priors.

    Raises
    ------
    ValueError
        If ``priors`` is empty.

    Notes
    -----
    For every prior, ``-log p(w | sigma) = kappa * penalty(w) + log Z`` (the math contract,
    ``docs/math-contract.md``), evaluated with the prior's own :meth:`~bayesreg.priors.Prior.logpdf_terms`
    and :meth:`~bayesreg.priors.AlphaForm.penalty`.
    """
    likelihood = GaussianLikelihood() if likelihood is None else likelihood
    if not priors:
        raise ValueError("'priors' must hold at least one prior.")
    kappas = {k: float(likelihood.kappa(sigma, n_samples, p.loss_convention)) for k, p in priors.items()}
    if grid is None:
        sds = []
        for k, p in priors.items():
            beta, gamma = p.rates(kappas[k], sigma)
            sds.append(max(np.sqrt(2.0) / beta if beta > 0 else 0.0, 1.0 / np.sqrt(gamma) if gamma > 0 else 0.0))
        half = 4.0 * max(sds)
        grid = np.linspace(-half, half, 801)
    grid = np.asarray(grid, dtype=float)
    dens, pen, nlp = {}, {}, {}
    for k, p in priors.items():
        logp = np.asarray(p.logpdf_terms(grid, kappas[k], sigma), dtype=float)
        logp0 = float(p.logpdf_terms(np.zeros(1), kappas[k], sigma)[0])
        dens[k] = np.exp(logp)
        nlp[k] = logp0 - logp
        pen[k] = kappas[k] * np.array([p.penalty(np.array([w])) for w in grid])
    return PriorPenaltyCurves(grid, dens, pen, nlp, dict(priors), kappas, float(sigma))


@dataclass
class ShrinkageCurve:
    """Estimates of one weight as functions of its least-squares estimate (orthogonal design).

    Attributes
    ----------
    ols : ndarray of shape (n_grid,)
        Least-squares estimate ``z``.
    map : ndarray of shape (n_grid,)
        Posterior mode (soft / proportional shrinkage).
    mean : ndarray of shape (n_grid,)
        Posterior mean given ``sigma``.
    sigma, n_samples : float
    """

    ols: np.ndarray
    map: np.ndarray
    mean: np.ndarray
    sigma: float
    n_samples: float


def orthogonal_shrinkage(model: Model, ols=None, *, sigma: float = 1.0, n_samples: int = 100,
                         gram: float | None = None) -> ShrinkageCurve:
    """MAP and posterior mean of a weight under an orthogonal design, given sigma.

    Parameters
    ----------
    model : Model
        Gaussian likelihood with a prior of the elastic-net family (ridge, lasso, elastic net,
        Park & Casella); its :meth:`~bayesreg.priors.Prior.rates` are used.
    ols : array-like of shape (n_grid,), optional
        Least-squares estimates ``z``; default 401 points on ``[-h, h]`` with
        ``h = 4 (sigma / sqrt(g) + beta sigma^2 / g)``: the sampling sd of ``z`` plus the
        lasso threshold, four times.
    sigma : float, default=1.0
        Noise scale (held fixed).
    n_samples : int, default=100
        ``n`` of the prior's "mean" loss convention (its ``kappa``).
    gram : float, optional
        The design's ``X'X = gram I`` (centered, uncorrelated columns of squared norm ``gram``).
        Default ``n_samples``: standardized columns. Unit-norm columns (scikit-learn's diabetes
        data) have ``gram = 1``; then ``z`` and the estimates are on that data's coefficient scale.

    Returns
    -------
    ShrinkageCurve

    Raises
    ------
    ValueError
        If ``gram`` is not positive.
    NotImplementedError
        For a likelihood other than the Gaussian.

    Notes
    -----
    With ``X'X = g I`` (``g = gram``) the posterior of ``w_j`` given sigma is proportional to
    ``exp(-g (w - z)^2 / (2 sigma^2) - beta |w| - gamma w^2 / 2)`` with the prior's rates
    ``(beta, gamma)``, i.e. ``exp(-(w - m)^2 / (2 v) - beta |w|)`` with
    ``v = 1 / (g / sigma^2 + gamma)``, ``m = v g z / sigma^2``. Its mode is the soft threshold
    ``sign(m) max(|m| - beta v, 0)``; it is a two-component mixture of normals truncated to
    ``w > 0`` (mean ``m - beta v``) and ``w < 0`` (mean ``m + beta v``), with log weights
    ``-beta m + log Phi((m - beta v) / sqrt v)`` and ``beta m + log Phi(-(m + beta v) / sqrt v)``,
    so the posterior mean is a closed form with Mills ratios (Hans 2009, sec. 2; Park &
    Casella 2008 use the same orthant representation).

    References
    ----------
    Hans, C. (2009). Bayesian lasso regression. Biometrika 96, 835-845.
    """
    if not model.likelihood.gaussian:
        raise NotImplementedError("orthogonal_shrinkage needs a Gaussian likelihood.")
    n = float(n_samples)
    g = n if gram is None else float(gram)
    if not g > 0:
        raise ValueError(f"The 'gram' parameter must be a float in the range (0, inf). Got {gram!r} instead.")
    beta, gamma = model.prior.rates(model.kappa(sigma, n), sigma)
    beta, gamma = float(beta), float(gamma)
    v = 1.0 / (g / sigma**2 + gamma)
    if ols is None:
        half = 4.0 * (sigma / np.sqrt(g) + beta * sigma**2 / g)
        z = np.linspace(-half, half, 401)
    else:
        z = np.asarray(ols, dtype=float)
    m = v * g * z / sigma**2
    mode = np.sign(m) * np.maximum(np.abs(m) - beta * v, 0.0)
    if beta == 0.0:
        return ShrinkageCurve(z, mode, m.copy(), float(sigma), n)
    sd = np.sqrt(v)
    mu_p, mu_m = m - beta * v, m + beta * v
    a_p, a_m = mu_p / sd, -mu_m / sd
    lw_p = -beta * m + special.log_ndtr(a_p)
    lw_m = beta * m + special.log_ndtr(a_m)
    pi_p = special.expit(lw_p - lw_m)
    # Mills ratios phi(a) / Phi(a) computed in logs (stable far in the tails).
    mills_p = np.exp(-0.5 * a_p**2 - 0.5 * np.log(2 * np.pi) - special.log_ndtr(a_p))
    mills_m = np.exp(-0.5 * a_m**2 - 0.5 * np.log(2 * np.pi) - special.log_ndtr(a_m))
    e_p = mu_p + sd * mills_p
    e_m = mu_m - sd * mills_m
    mean = pi_p * e_p + (1.0 - pi_p) * e_m
    return ShrinkageCurve(z, mode, mean, float(sigma), n)

