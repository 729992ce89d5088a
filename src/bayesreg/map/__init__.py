"""Posterior mode (MAP) with our own certified solver, and the scikit-learn twin.

>>> import numpy as np
>>> from bayesreg import Model, LaplacePrior, map_estimate
>>> rng = np.random.default_rng(0)
>>> X = rng.normal(size=(50, 5)); y = X[:, 0] + rng.normal(size=50)
>>> res = map_estimate(Model(LaplacePrior(alpha=0.1)), X, y)
>>> bool(res.converged), int(np.sum(res.coef == 0)) > 0
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

from .._validation import check_X_y
from ..likelihoods import GaussianLikelihood
from ..model import Model
from ..priors import ParkCasellaLaplacePrior
from ._gaussian import center_data, duality_gap, kkt_residual, solve_canonical
from ._path import alpha_max, map_path

__all__ = ["MAPResult", "alpha_max", "map_estimate", "map_path", "sigma_mode"]


@dataclass
class MAPResult:
    """A certified posterior mode.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        Mode of the weights; exact zeros where the L1 term is active.
    intercept : float
        Mode of the intercept (0.0 when ``fit_intercept=False``).
    sigma : float
        Joint mode of the noise scale given ``coef`` and ``intercept``.
    objective : float
        The twin's objective at the mode (scikit-learn's scaling).
    kkt_residual : float
        Largest violation of the optimality conditions, relative (0 is exact).
    duality_gap : float
        Relative duality gap of the weight problem.
    n_iter : int
        Coordinate-descent sweeps (0 for closed forms).
    converged : bool
    twin : sklearn estimator
        Unfitted scikit-learn estimator with the mapped ``alpha``.
    model : Model
    """

    coef: np.ndarray
    intercept: float
    sigma: float
    objective: float
    kkt_residual: float
    duality_gap: float
    n_iter: int
    converged: bool
    twin: object = field(repr=False)
    model: Model = field(repr=False)


def sigma_mode(model: Model, coef, intercept, X, y, sample_weight=None) -> float:
    """Maximize the log posterior over sigma with the weights and intercept held fixed.

    One-dimensional Brent search on ``log sigma`` of :meth:`Model.log_posterior`
    (so sigma-dependent normalizers, such as the elastic net's, are included).
    Because the conditional mode of the weights does not depend on sigma for the
    alpha-form priors, this gives the joint mode.

    Returns
    -------
    float
        Mode of sigma, in the units of ``y``.
    """
    r = y - X @ coef - (intercept if model.fit_intercept else 0.0)
    w = np.ones_like(r) if sample_weight is None else sample_weight
    scale = float(np.sqrt(np.sum(w * r * r) / np.sum(w)))
    if not np.isfinite(scale) or scale <= 0:
        scale = float(np.std(y)) or 1.0

    def nlp(log_s):
        return -float(model.log_posterior(coef, intercept, np.exp(log_s), X, y, sample_weight))

    center = np.log(scale)
    res = optimize.minimize_scalar(
        nlp, bracket=(center - 1.0, center + 1.0), method="brent", options={"xtol": 1e-12}
    )
    return float(np.exp(res.x))


def map_estimate(
    model: Model,
    X,
    y,
    sample_weight=None,
    *,
    sigma: float | None = None,
    tol: float = 1e-12,
    max_iter: int = 100_000,
    coef_init=None,
) -> MAPResult:
    """Posterior mode of ``model`` on ``(X, y)``.

    Parameters
    ----------
    model : Model
        Gaussian likelihood with a :class:`~bayesreg.priors.GaussianPrior`,
        :class:`~bayesreg.priors.LaplacePrior`, :class:`~bayesreg.priors.ElasticNetPrior`
        or :class:`~bayesreg.priors.ParkCasellaLaplacePrior` (the latter needs ``sigma``).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.
    sigma : float, optional
        Noise scale at which to take the conditional mode; needed only by
        scale-form priors (Park & Casella), whose mode depends on sigma.
    tol : float, default=1e-12
        Relative duality-gap tolerance of coordinate descent.
    max_iter : int, default=100000
    coef_init : array of shape (n_features,), optional
        Warm start.

    Returns
    -------
    MAPResult

    Raises
    ------
    NotImplementedError
        For a likelihood other than Gaussian (other pairs: issue #3).
    ValueError
        Bad data (see :func:`bayesreg._validation.check_X_y`), or a missing ``sigma``.

    Notes
    -----
    Ridge uses the closed form (Cholesky; the dual form when ``p > n``; the
    minimum-norm least-squares solution when ``alpha = 0``). Lasso and elastic net use
    coordinate descent with soft-thresholding (Friedman et al. 2010), a duality-gap
    stopping rule and a final exact solve on the support, then report the KKT
    residual. ``alpha``'s meaning follows scikit-learn (DESIGN.md).
    """
    if not isinstance(model.likelihood, GaussianLikelihood):
        raise NotImplementedError(
            f"map_estimate supports the Gaussian likelihood so far; got {type(model.likelihood).__name__}."
        )
    X, y, sample_weight = check_X_y(X, y, sample_weight)
    n = X.shape[0] if sample_weight is None else float(np.sum(sample_weight))
    prior = model.prior
    if isinstance(prior, ParkCasellaLaplacePrior) and sigma is None:
        raise ValueError(
            "ParkCasellaLaplacePrior's mode depends on sigma: pass 'sigma' to map_estimate."
        )
    l1, l2 = prior.canonical_penalty(n, 1.0 if sigma is None else sigma)
    Xc, yc, X_offset, y_offset = center_data(X, y, sample_weight, model.fit_intercept)
    coef, n_iter, converged = solve_canonical(Xc, yc, l1, l2, tol=tol, max_iter=max_iter, coef_init=coef_init)
    intercept = float(y_offset - X_offset @ coef) if model.fit_intercept else 0.0
    sig = sigma_mode(model, coef, intercept, X, y, sample_weight) if sigma is None else float(sigma)
    if isinstance(prior, ParkCasellaLaplacePrior):
        twin = prior.make_twin(fit_intercept=model.fit_intercept, sigma=sig, n_samples=n)
        objective = float(np.nan)
    else:
        twin = model.make_twin()
        objective = model.twin_objective(coef, intercept, X, y, sample_weight)
    return MAPResult(
        coef=coef,
        intercept=intercept,
        sigma=sig,
        objective=objective,
        kkt_residual=kkt_residual(Xc, yc, coef, l1, l2),
        duality_gap=duality_gap(Xc, yc, coef, l1, l2) if l1 > 0 else 0.0,
        n_iter=n_iter,
        converged=converged,
        twin=twin,
        model=model,
    )
