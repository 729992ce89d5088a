"""Posterior mode of Bayesian logistic regression: proximal Newton with an exact inner solve.

Minimizes ``F(b, w) = sum_i s_i (log(1 + exp(eta_i)) - y_i eta_i) + l1 ||w||_1 + l2/2 ||w||^2``,
``eta = b + X w`` (flat, unpenalized intercept ``b``), the negative log posterior of
:class:`bayesreg.bernoulli.LogisticModel`.

Each outer step replaces the log-loss by its second-order expansion at the current point,
the weighted least squares ``1/2 sum_i W_i (z_i - eta_i)^2`` with ``W_i = s_i p_i (1 - p_i)``
and working response ``z_i = eta_i - (p_i - y_i) / (p_i (1 - p_i))`` (IRLS), and minimizes it
plus the penalty *exactly* with the Gaussian solver of :mod:`bayesreg.map._gaussian`
(coordinate descent with soft-thresholding, a duality-gap stop and an exact solve on the
support; the intercept profiled out by weighted centering). A backtracking line search on
``F`` with the proximal-Newton decrease ``Delta`` (Lee, Sun & Saunders 2014, eq. 2.16;
Yuan, Ho & Lin 2012, newGLMNET) makes every step descend. Once the support and signs
settle this is Newton's method on the support, which converges quadratically, so the
mode is exact to rounding: zeros are exact, and the KKT residual is ~1e-15.

On perfectly (or quasi-) separable data the log-loss has no minimizer (it decreases to 0
along a separating direction); any proper prior with ``l1 > 0`` or ``l2 > 0`` makes ``F``
coercive in ``w`` and the mode finite, and the intercept's flat prior is harmless as long
as both classes occur. The flat prior (``l1 = l2 = 0``, ``C = inf``) is refused on such
data by :func:`separation`, a linear program after Konis (2007).

References
----------
Lee, J. D., Sun, Y. and Saunders, M. A. (2014). Proximal Newton-type methods for
minimizing composite functions. SIAM J. Optim. 24, 1420-1443.
Yuan, G.-X., Ho, C.-H. and Lin, C.-J. (2012). An improved GLMNET for L1-regularized
logistic regression. JMLR 13, 1999-2030.
Albert, A. and Anderson, J. A. (1984). On the existence of maximum likelihood estimates in
logistic regression models. Biometrika 71, 1-10.
Konis, K. (2007). Linear programming algorithms for detecting separated data in binary
logistic regression models. DPhil thesis, University of Oxford.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import optimize, special
from sklearn.exceptions import ConvergenceWarning

from .._mapping_logistic import to_logistic_twin
from ._gaussian import center_data, solve_canonical
from ._result import MAPResult

__all__ = ["logistic_kkt", "logistic_map", "logistic_solve", "separation"]

# Floor on the IRLS weights relative to the largest frequency weight. It changes only the
# Newton direction for saturated rows (p_i(1 - p_i) ~ 0), never the fixed point: the
# weighted least-squares stationarity X'W(z - eta) = -X's(p - y) does not involve W.
_W_FLOOR = 1e-10


def _loss(X, y, s, b, w):
    eta = X @ w + b
    return float(np.sum(s * (np.logaddexp(0.0, eta) - y * eta)))


def _gradients(X, y, s, b, w, l2):
    """Gradient of the smooth part (log-loss + ``l2/2 ||w||^2``) in ``w`` and ``b``; and ``p``."""
    p = special.expit(X @ w + b)
    r = s * (p - y)
    return X.T @ r + l2 * w, float(r.sum()), p


def logistic_kkt(X, y, sample_weight, coef, intercept, l1, l2, fit_intercept) -> float:
    """Relative KKT residual of the logistic MAP problem (0 is exact).

    With ``g = X'(s (p - y)) + l2 w`` and ``g_b = sum_i s_i (p_i - y_i)``: ``g_j = -l1 sign(w_j)``
    where ``w_j != 0``, ``|g_j| <= l1`` where ``w_j = 0``, and ``g_b = 0`` with an intercept.
    Returned relative to ``max(||X'(s (p0 - y))||_inf, l1)``, the gradient of the null model
    (``p0`` the weighted mean of ``y`` with an intercept, 1/2 without).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        In {0, 1}.
    sample_weight : ndarray of shape (n_samples,) or None
    coef : ndarray of shape (n_features,)
    intercept : float
    l1, l2 : float
    fit_intercept : bool
    """
    s = np.ones_like(y) if sample_weight is None else sample_weight
    w = np.asarray(coef, dtype=np.float64)
    b = float(intercept) if fit_intercept else 0.0
    g, gb, _ = _gradients(X, y, s, b, w, l2)
    viol = np.where(w != 0, np.abs(g + l1 * np.sign(w)), np.maximum(np.abs(g) - l1, 0.0))
    worst = float(np.max(viol, initial=0.0))
    if fit_intercept:
        worst = max(worst, abs(gb))
    p0 = float(np.average(y, weights=s)) if fit_intercept else 0.5
    scale = max(float(np.max(np.abs(X.T @ (s * (p0 - y))), initial=0.0)), l1, float(np.sum(s)) * 1e-12)
    return worst / scale


def separation(X, y, sample_weight=None, fit_intercept=True) -> bool:
    """Whether the classes are (completely or quasi-completely) separated: no finite MLE.

    Solves the linear program ``max sum_i t_i eta_i`` subject to ``t_i eta_i >= 0`` for every
    row and ``|b|, |w_j| <= 1`` (``t_i = 2 y_i - 1``, ``eta = b + X w``; HiGHS). A positive
    optimum is a direction along which the log-likelihood increases to 0: the maximum
    likelihood estimate does not exist (Albert & Anderson 1984; Konis 2007). Rows with zero
    weight are ignored.

    Returns
    -------
    bool
    """
    keep = np.ones(y.shape[0], bool) if sample_weight is None else np.asarray(sample_weight) > 0
    Xk, t = X[keep], 2.0 * y[keep] - 1.0
    A = np.column_stack([np.ones(Xk.shape[0]), Xk]) if fit_intercept else Xk
    TA = t[:, None] * A
    res = optimize.linprog(-TA.sum(axis=0), A_ub=-TA, b_ub=np.zeros(TA.shape[0]), bounds=(-1.0, 1.0), method="highs")
    if res.status != 0:  # pragma: no cover - the feasible set is a non-empty box section
        raise RuntimeError(f"The separation linear program failed: {res.message}")
    scale = max(float(np.abs(TA).sum()), 1.0)
    return bool(-res.fun > 1e-9 * scale)


def logistic_solve(X, y, sample_weight, l1, l2, fit_intercept, *, tol=1e-12, max_iter=200, coef_init=None):
    """Minimize the logistic negative log posterior (see the module docstring).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        In {0, 1}.
    sample_weight : ndarray of shape (n_samples,) or None
        Frequency weights.
    l1, l2 : float
        Non-negative penalty weights (the prior's rates).
    fit_intercept : bool
    tol : float, default=1e-12
        Stop when the relative KKT residual (:func:`logistic_kkt`) is below ``tol``
        (floored at 1e-14, near the rounding of the gradient).
    max_iter : int, default=200
        Outer (Newton) iterations.
    coef_init : ndarray of shape (n_features,), optional
        Warm start.

    Returns
    -------
    coef : ndarray of shape (n_features,)
    intercept : float
    n_iter : int
    kkt : float
        Relative KKT residual at the returned point.
    """
    n, p = X.shape
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    ybar = float(np.clip(np.average(y, weights=s), 1e-12, 1 - 1e-12))
    b = float(special.logit(ybar)) if fit_intercept else 0.0
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64, copy=True)
    ktol = max(float(tol), 1e-14)
    smax = float(np.max(s))

    def F(b_, w_):
        return _loss(X, y, s, b_, w_) + l1 * float(np.abs(w_).sum()) + 0.5 * l2 * float(w_ @ w_)

    f = F(b, w)
    kkt = logistic_kkt(X, y, s, w, b, l1, l2, fit_intercept)
    it = 0
    for it in range(1, max_iter + 1):
        if kkt <= ktol:
            it -= 1
            break
        g, gb, prob = _gradients(X, y, s, b, w, l2)
        W = np.maximum(s * prob * (1.0 - prob), _W_FLOOR * smax)
        eta = X @ w + b
        z = eta - s * (prob - y) / W
        Xc, zc, X_off, z_off = center_data(X, z, W, fit_intercept)
        with warnings.catch_warnings():  # the outer KKT residual certifies the result, not the inner gap
            warnings.simplefilter("ignore", ConvergenceWarning)
            w_new, _, _ = solve_canonical(Xc, zc, l1, l2, tol=1e-13, coef_init=w)
        b_new = float(z_off - X_off @ w_new) if fit_intercept else 0.0
        dw, db = w_new - w, b_new - b
        gw_smooth = g - l2 * w  # the ridge term is inside the quadratic model exactly
        delta = float(gw_smooth @ dw + gb * db) + l1 * float(np.abs(w_new).sum() - np.abs(w).sum()) + 0.5 * l2 * float(
            w_new @ w_new - w @ w
        )
        t = 1.0
        while True:
            bt, wt = b + t * db, w + t * dw
            ft = F(bt, wt)
            # Within rounding of F the decrease cannot be seen: judge by the KKT residual instead.
            if ft <= f + 0.25 * t * delta or abs(delta) <= 1e-13 * max(abs(f), 1.0):
                break
            t *= 0.5
            if t < 1e-10:
                break
        kt = logistic_kkt(X, y, s, wt, bt, l1, l2, fit_intercept)
        if ft > f and kt >= kkt:  # no progress in either sense: stop at the better point
            break
        b, w, f, kkt = bt, wt, ft, kt
    return w, (b if fit_intercept else 0.0), it, kkt


def logistic_map(model, X, y, sample_weight=None, *, tol=1e-12, max_iter=200, coef_init=None):
    """Certified posterior mode of a :class:`~bayesreg.bernoulli.LogisticModel`.

    Parameters
    ----------
    model : LogisticModel
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Outcomes in {0, 1} (validated floats).
    sample_weight : ndarray of shape (n_samples,), optional
        Frequency weights (scikit-learn's ``sample_weight`` of ``LogisticRegression``).
    tol, max_iter, coef_init
        As in :func:`logistic_solve`.

    Returns
    -------
    MAPResult
        ``sigma`` and ``duality_gap`` are NaN (no noise scale; certified by the KKT residual);
        ``objective`` is ``LogisticRegression``'s own objective ``C sum logloss + r(w)``
        (NaN for the flat prior); ``twin`` the mapped ``LogisticRegression``
        (:func:`bayesreg.mapping.to_logistic_twin`).

    Raises
    ------
    ValueError
        ``y`` not in {0, 1} or a single class; the flat prior (``alpha = 0``) on separated
        data (no finite mode; the message says to use a proper prior); the horseshoe (no mode).

    Warns
    -----
    sklearn.exceptions.ConvergenceWarning
        When the KKT residual stays above ``tol``.
    """
    if not model.prior.has_mode:
        raise ValueError(
            "The horseshoe prior has no posterior mode (its density is infinite at w = 0) and no "
            "penalized twin; sample it with bayesreg.posterior.sample_polya_gamma."
        )
    y = np.asarray(y, dtype=np.float64)
    if not np.all((y == 0) | (y == 1)):
        bad = int(np.flatnonzero((y != 0) & (y != 1))[0])
        raise ValueError(f"A logistic model needs y in {{0, 1}}; row {bad} has y = {y[bad]!r}.")
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    weights = np.ones_like(y) if sw is None else sw
    if np.all(y[weights > 0] == y[weights > 0][0]):
        raise ValueError(f"A logistic model needs both classes in y; every (weighted) row has y = {y[weights > 0][0]:g}.")
    n = float(np.sum(weights))
    l1, l2 = model.penalty_weights(n)
    if l1 == 0.0 and l2 == 0.0 and separation(X, y, sw, model.fit_intercept):
        raise ValueError(
            "The classes are separated (a hyperplane puts every row on its own side, or on it): under "
            "the flat prior (C = inf, alpha = 0) the likelihood increases without bound and there is no "
            "finite mode or proper posterior. Use a proper prior (a finite C): ridge, lasso and elastic "
            "net keep the mode finite on any data with both classes."
        )
    coef, b0, n_iter, kkt = logistic_solve(
        X, y, sw, l1, l2, model.fit_intercept, tol=tol, max_iter=max_iter, coef_init=coef_init
    )
    converged = bool(kkt <= max(tol, 1e-14))
    if not converged:
        warnings.warn(
            f"The logistic MAP solver stopped with a relative KKT residual {kkt:.3g} > {tol:g} after "
            f"{n_iter} Newton iterations; increase max_iter or loosen tol.",
            ConvergenceWarning,
            stacklevel=2,
        )
    twin = to_logistic_twin(model, n_samples=n)
    C = twin.get_params()["C"]
    objective = float("nan") if not np.isfinite(C) else C * model.objective(coef, b0, X, y, sw)
    return MAPResult(
        coef=coef, intercept=float(b0), sigma=float("nan"), objective=objective, kkt_residual=float(kkt),
        duality_gap=float("nan"), n_iter=int(n_iter), converged=converged, twin=twin, model=model,
    )
