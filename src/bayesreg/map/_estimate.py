"""Posterior mode (MAP) with our own certified solver, and the scikit-learn twin.

The solver is chosen by what the model declares: the likelihood's
:attr:`~bayesreg.likelihoods.Likelihood.mode_solver` and the prior's capability
(:class:`~bayesreg.priors.ElasticNetFamily`: penalty weights; or
:class:`~bayesreg.priors.MajorizeMinimizePrior`: a local mode by majorize-minimize).
An example is in :mod:`bayesreg.map`.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import optimize
from sklearn.exceptions import ConvergenceWarning

from .._stats_design import as_design, require_rows
from ..bernoulli import LogisticModel
from ..model import Model
from ..priors import ElasticNetFamily, MajorizeMinimizePrior
from . import _gram
from ._gaussian import duality_gap, kkt_residual, solve_canonical
from ._logistic import logistic_map
from ._mm import mm_solve
from ._result import MAPResult
from ._robust import lad_solve, student_t_solve

__all__ = ["MAPResult", "map_estimate", "sigma_mode", "supports_map"]

_SOLVERS = ("least-squares", "lad", "em")


def supports_map(model: Model) -> bool:
    """Whether :func:`map_estimate` has a solver for ``model``: a likelihood it knows with an
    elastic-net-family prior, or a Gaussian likelihood with a majorize-minimize prior.

    Parameters
    ----------
    model : Model or LogisticModel
        The model to check.

    Returns
    -------
    bool
        True when :func:`map_estimate` can compute its mode.
    """
    solver = model.likelihood.mode_solver
    if solver not in _SOLVERS:
        return False
    return isinstance(model.prior, ElasticNetFamily) or (
        isinstance(model.prior, MajorizeMinimizePrior) and solver == "least-squares"
    )


def sigma_mode(model: Model, coef, intercept, X, y, sample_weight=None) -> float:
    """Maximize the log posterior over sigma with the weights and intercept held fixed.

    One-dimensional Brent search on ``log sigma`` of :meth:`Model.log_posterior`
    (so sigma-dependent normalizers, such as the elastic net's, are included).
    Because the conditional mode of the weights does not depend on sigma for the
    alpha-form priors, this gives the joint mode.

    Parameters
    ----------
    model : Model
        The model whose log posterior is maximized.
    coef : ndarray of shape (n_features,)
        Weights, held fixed.
    intercept : float
        Intercept, held fixed (ignored without ``fit_intercept``).
    X : ndarray of shape (n_samples, n_features)
        Training data.
    y : ndarray of shape (n_samples,)
        Target.
    sample_weight : ndarray of shape (n_samples,), optional
        Frequency weights.

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
    y=None,
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
    model : Model or LogisticModel
        A :class:`~bayesreg.bernoulli.LogisticModel` (binary ``y`` in {0, 1}; proximal Newton,
        :func:`bayesreg.map._logistic.logistic_map`), or any likelihood (:class:`~bayesreg.likelihoods.GaussianLikelihood`,
        :class:`~bayesreg.likelihoods.LaplaceLikelihood`,
        :class:`~bayesreg.likelihoods.StudentTLikelihood`) with a
        :class:`~bayesreg.priors.GaussianPrior`, :class:`~bayesreg.priors.LaplacePrior`,
        :class:`~bayesreg.priors.ElasticNetPrior` or
        :class:`~bayesreg.priors.ParkCasellaLaplacePrior` (Gaussian likelihood: needs ``sigma``).
        A prior's hyperprior, if any, is not optimized over: the mode is the conditional
        mode at the prior's own value (the estimators pass the posterior mean).
    X : array-like of shape (n_samples, n_features), Design, SufficientStatistics, or dask input
        A :class:`~bayesreg._data.Design` (``y`` and ``sample_weight`` omitted) is used as
        prepared: neither re-validated nor re-centred. A :class:`~bayesreg.SufficientStatistics`
        (or dask input, reduced to it in one pass) serves the Gaussian likelihood: the mode by
        Gram-matrix coordinate descent (:mod:`bayesreg.map._gram`), same certificate.
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights: weight ``k`` is the row repeated ``k`` times.
    sigma : float, optional
        Noise scale at which to take the conditional mode. Without it, the joint mode
        over sigma is returned (for the Gaussian and Laplace likelihoods with alpha-form
        priors the weights' mode does not depend on sigma; for the Student-t it does, and
        weights and sigma are updated in turn).
    tol : float, default=1e-12
        Gaussian likelihood: relative duality-gap tolerance of coordinate descent. Other
        likelihoods: tolerance on the relative KKT residual (floored at 1e-9, the
        accuracy of the LP and of the iterative methods' final linear solves).
    max_iter : int, default=100000
        Coordinate-descent sweeps (Gaussian) or outer MM / EM iterations (at most 2000).
    coef_init : array of shape (n_features,), optional
        Warm start.

    Returns
    -------
    MAPResult
        ``duality_gap`` is NaN for the Laplace and Student-t likelihoods, which are
        certified by ``kkt_residual`` alone.

    Raises
    ------
    ValueError
        Bad data (see :class:`bayesreg._data.Design`), or a missing ``sigma``.
    TypeError
        A likelihood or prior this solver does not know.

    Warns
    -----
    sklearn.exceptions.ConvergenceWarning
        When the certificate is not met; the message says what to change.

    Notes
    -----
    Gaussian likelihood: ridge uses the closed form (Cholesky; the dual form when ``p > n``;
    the minimum-norm least-squares solution when ``alpha = 0``). Lasso and elastic net use
    coordinate descent with soft-thresholding (Friedman et al. 2010), a duality-gap
    stopping rule and a final exact solve on the support, then report the KKT residual.
    Laplace likelihood: a HiGHS linear program for an L1 (or no) prior, the
    ``QuantileRegressor(quantile=0.5)`` formulation (Koenker 2005); majorize-minimize plus an
    exact polish for priors with an L2 term. Student-t likelihood: EM on the normal scale
    mixture (Lange, Little & Taylor 1989) -- the problem is non-convex and the result is a
    local mode (certified by its first-order conditions only). ``alpha``'s meaning follows
    scikit-learn (``docs/math-contract.md``); see :mod:`bayesreg.mapping`. A
    :class:`~bayesreg.priors.MajorizeMinimizePrior` (Gaussian likelihood) gets a local mode by
    majorize-minimize (:func:`bayesreg.map._mm.mm_solve`), certified by the gradient.
    """
    if isinstance(model, LogisticModel):  # binary outcomes: proximal Newton (map/_logistic.py)
        data = as_design(X, y, sample_weight)
        return logistic_map(model, data.X, data.y, data.sample_weight, tol=tol, max_iter=min(int(max_iter), 1000),
                            coef_init=coef_init)
    if not isinstance(model, Model):
        raise TypeError(f"model must be a bayesreg.Model; got {type(model).__name__}.")
    solver = model.likelihood.mode_solver
    if solver not in _SOLVERS:
        raise TypeError(f"map_estimate does not know the likelihood {type(model.likelihood).__name__}.")
    prior = model.prior
    family = isinstance(prior, ElasticNetFamily)
    if not supports_map(model):
        raise TypeError(
            f"map_estimate has no mode for {type(prior).__name__}: it is neither an elastic-net-family prior "
            "nor (with a Gaussian likelihood) a prior with a majorize-minimize weighting; the horseshoe's density "
            "is infinite at w = 0 and it has no penalized twin. Sample it with bayesreg.posterior.sample_gibbs."
        )
    data = as_design(X, y, sample_weight)
    if sigma is not None and not (np.isfinite(sigma) and sigma > 0):
        raise ValueError(f"The 'sigma' parameter of map_estimate must be a float in the range (0, inf). Got {sigma!r} instead.")
    n = data.n
    model.check_scales(n, data.y_scale(model.fit_intercept))
    gaussian = solver == "least-squares"
    if family and not prior.sigma_free_mode and sigma is None and gaussian:
        raise ValueError(
            f"{type(prior).__name__}'s mode depends on sigma: pass 'sigma' to map_estimate."
        )
    if not gaussian:
        require_rows(data, f"The MAP under {type(model.likelihood).__name__}", "its loss is not a function of "
                     "X'X, X'y and y'y", "Fit it on rows in memory (a numpy sample), or use GaussianLikelihood.")
    if not family:
        return _mm_mode(model, data, sigma, tol, max_iter, coef_init)
    if not gaussian:
        return _robust_mode(model, data.X, data.y, data.sample_weight, n, sigma, tol, max_iter, coef_init)
    L1, L2 = model.penalty_weights(1.0 if sigma is None else sigma, n)
    l1, l2 = 0.5 * L1, 0.5 * L2  # canonical form 0.5 ||r||^2 + l1 ||w||_1 + l2/2 ||w||^2
    if not data.has_rows:
        return _gram_mode(model, data, sigma, l1, l2, tol, max_iter, coef_init)
    X, y, sample_weight = data.X, data.y, data.sample_weight
    Xc, yc, X_offset, y_offset = data.centered(model.fit_intercept)
    coef, n_iter, converged = solve_canonical(Xc, yc, l1, l2, tol=tol, max_iter=max_iter, coef_init=coef_init)
    intercept = float(y_offset - X_offset @ coef) if model.fit_intercept else 0.0
    sig = sigma_mode(model, coef, intercept, X, y, sample_weight) if sigma is None else float(sigma)
    if not prior.sigma_free_mode:
        twin = model.make_twin(sigma=sig, n_samples=n)
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


def _gram_mode(model, data, sigma, l1, l2, tol, max_iter, coef_init):
    """Gaussian likelihood, an elastic-net-family prior, from the sufficient statistics (:mod:`._gram`)."""
    fi = model.fit_intercept
    n = data.n
    stats = data.sufficient_stats(fi)
    Q, q, yy = stats.XtX, stats.Xty, float(stats.yty)
    coef, n_iter, converged = _gram.solve_gram(Q, q, yy, l1, l2, n_rows=data.n_samples, tol=tol, max_iter=max_iter,
                                               coef_init=coef_init)
    X_offset, y_offset = data.offsets(fi)
    intercept = float(y_offset - X_offset @ coef) if fi else 0.0
    sig = _gram.sigma_mode(model, data, coef) if sigma is None else float(sigma)
    if not model.prior.sigma_free_mode:
        twin, objective = model.make_twin(sigma=sig, n_samples=n), float("nan")
    else:
        twin, objective = model.make_twin(), model.twin_objective_from_loss(coef, _gram.rss(stats, coef), n)
    return MAPResult(
        coef=coef, intercept=intercept, sigma=sig, objective=objective,
        kkt_residual=_gram.kkt_residual(Q, q, coef, l1, l2),
        duality_gap=_gram.duality_gap(Q, q, yy, coef, l1, l2) if l1 > 0 else 0.0,
        n_iter=n_iter, converged=converged, twin=twin, model=model,
    )


def _mode_of_sigma(model, data, coef, intercept):
    """:func:`sigma_mode` on the design's rows, or from its sufficient statistics."""
    if data.has_rows:
        return sigma_mode(model, coef, intercept, data.X, data.y, data.sample_weight)
    return _gram.sigma_mode(model, data, coef)


def _mm_mode(model, data, sigma, tol, max_iter, coef_init):
    """Gaussian likelihood, a :class:`~bayesreg.priors.MajorizeMinimizePrior`: a local joint mode.

    At a fixed sigma, :func:`bayesreg.map._mm.mm_solve`; otherwise weights and sigma are updated
    in turn (each step increases the log posterior) until sigma settles, then the weights are
    re-solved at the final sigma so that they are its exact conditional mode.
    """
    ktol = max(tol, 1e-9)
    outer = min(int(max_iter), 5000)
    fi = model.fit_intercept
    n = data.n
    X_offset, y_offset = data.offsets(fi)
    stats = data.sufficient_stats(fi)
    G, q = stats.XtX, stats.Xty

    def intercept(w):
        return float(y_offset - X_offset @ w) if fi else 0.0

    if sigma is not None:
        sig = float(sigma)
    else:
        sig = data.y_scale(fi) or 1.0
    coef, n_iter = coef_init, 0
    for _ in range(1 if sigma is not None else 200):
        coef, it, kkt = mm_solve(model, G, q, sig, n, tol=ktol, max_iter=outer, coef_init=coef)
        n_iter += it
        if sigma is not None:
            break
        new = _mode_of_sigma(model, data, coef, intercept(coef))
        done = abs(np.log(new / sig)) <= 1e-9
        sig = new
        if done:
            break
    if sigma is None:
        coef, it, kkt = mm_solve(model, G, q, sig, n, tol=ktol, max_iter=outer, coef_init=coef)
        n_iter += it
    converged = bool(kkt <= ktol)
    if not converged:
        warnings.warn(
            f"The majorize-minimize MAP solver for {type(model.prior).__name__} stopped with a relative "
            f"gradient {kkt:.3g} > {ktol:g} after {n_iter} iterations; increase max_iter, loosen tol, or "
            "start elsewhere (coef_init): the problem is non-convex.",
            ConvergenceWarning,
            stacklevel=3,
        )
    b0 = intercept(coef)
    return MAPResult(
        coef=np.asarray(coef, dtype=np.float64),
        intercept=b0,
        sigma=sig,
        objective=(-float(model.log_posterior(coef, b0, sig, data.X, data.y, data.sample_weight)) if data.has_rows
                   else -_gram.log_posterior(model, data, coef, sig)),
        kkt_residual=float(kkt),
        duality_gap=float("nan"),
        n_iter=int(n_iter),
        converged=converged,
        twin=None,
        model=model,
    )


def _robust_mode(model, X, y, sw, n, sigma, tol, max_iter, coef_init):
    """Laplace and Student-t likelihoods (see :mod:`bayesreg.map._robust`)."""
    ktol = max(tol, 1e-9)
    outer = min(int(max_iter), 2000)
    fi = model.fit_intercept
    if model.likelihood.mode_solver == "lad":
        # The sum-form penalties do not depend on sigma for the priors here (kappa_sum = 1/s).
        L1, L2 = model.penalty_weights(1.0 if sigma is None else sigma, n)
        b0, coef, n_iter, kkt = lad_solve(X, y, sw, L1, L2, fi, tol=ktol, max_iter=outer, coef_init=coef_init)
        sig = sigma_mode(model, coef, b0, X, y, sw) if sigma is None else float(sigma)
        advice = "increase max_iter or loosen tol"
    else:
        lik = model.likelihood
        if sigma is not None:
            sig = float(sigma)
        else:
            r0 = y - (np.median(y) if fi else 0.0)
            sig = float(1.4826 * np.median(np.abs(r0 - np.median(r0)))) or float(np.std(y)) or 1.0
        coef = coef_init
        n_iter = 0
        for _ in range(1 if sigma is not None else 200):
            L1, L2 = model.penalty_weights(sig, n)
            b0, coef, it, kkt = student_t_solve(lik, X, y, sw, L1, L2, sig, fi, tol=ktol, max_iter=outer, coef_init=coef)
            n_iter += it
            if sigma is not None:
                break
            new = sigma_mode(model, coef, b0, X, y, sw)
            done = abs(np.log(new / sig)) <= 1e-9
            sig = new
            if done:
                break
        if sigma is None:  # re-solve at the final sigma so coef is its exact conditional mode
            L1, L2 = model.penalty_weights(sig, n)
            b0, coef, it, kkt = student_t_solve(lik, X, y, sw, L1, L2, sig, fi, tol=ktol, max_iter=outer, coef_init=coef)
            n_iter += it
        advice = "increase max_iter, loosen tol, or start elsewhere (coef_init): the problem is non-convex"
    converged = bool(kkt <= ktol)
    if not converged:
        warnings.warn(
            f"The {type(model.likelihood).__name__} MAP solver stopped with a relative KKT residual "
            f"{kkt:.3g} > {ktol:g} after {n_iter} iterations; {advice}.",
            ConvergenceWarning,
            stacklevel=3,
        )
    try:
        twin = model.make_twin(sigma=sig, n_samples=n)
    except NotImplementedError:
        twin = None
    return MAPResult(
        coef=np.asarray(coef, dtype=np.float64),
        intercept=float(b0) if fi else 0.0,
        sigma=sig,
        objective=model.twin_objective(coef, b0, X, y, sw, sigma=sig),
        kkt_residual=float(kkt),
        duality_gap=float("nan"),
        n_iter=int(n_iter),
        converged=converged,
        twin=twin,
        model=model,
    )
