"""Assertions: a posterior mode equals a penalized fit; a vector is a penalized optimum.

Both raise a plain :class:`AssertionError` (no pytest needed) whose message
says what differs and which convention would make the two agree.
"""

from __future__ import annotations

import numpy as np

from ..map import MAPResult
from ..mapping import to_twin
from ._kkt import _Data, certify, diagnose, resolve_objective
from ._logistic import assert_logistic_map_equals, is_logistic
from ._pymc_mode import pymc_mode

__all__ = ["assert_penalized_optimum", "assert_map_equals_penalized"]


def assert_penalized_optimum(
    coef,
    X,
    y,
    *,
    objective,
    intercept=None,
    sample_weight=None,
    fit_intercept=True,
    sigma=None,
    tol: float = 1e-6,
    **params,
) -> None:
    """Assert that ``coef`` is the exact optimum of a named penalized objective (KKT).

    No second solver is run: the Karush-Kuhn-Tucker conditions of the convex
    objective are checked directly, so exact zeros must be exact.

    Parameters
    ----------
    coef : array-like of shape (n_features,)
        Candidate weights.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    objective : str or scikit-learn estimator
        ``"ridge"``, ``"lasso"``, ``"elasticnet"`` (scikit-learn's conventions),
        ``"glmnet"`` or ``"article"``, with their parameters as keywords (see
        :func:`bayesreg.testing.OBJECTIVES`); or an (unfitted or fitted) ``Ridge`` /
        ``Lasso`` / ``ElasticNet`` whose parameters define the objective.
    intercept : float, optional
        Checked against the optimal intercept given ``coef`` when given.
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.
    fit_intercept : bool, default=True
        Whether the objective has an (unpenalized) intercept; an estimator's own
        setting wins.
    sigma : float, optional
        Noise scale; only used to name "off by sigma" conventions in the diagnosis.
    tol : float, default=1e-6
        Largest accepted relative KKT residual (and relative intercept error).
        scikit-learn's coordinate descent at its default ``tol=1e-4`` typically
        leaves 1e-5 to 1e-3: fit with ``tol=1e-10`` for a sharp check.
    **params
        The objective's parameters: ``alpha``, ``l1_ratio`` (scikit-learn);
        ``lambda_``, ``alpha`` (glmnet); ``lambda_``, ``a`` (article).

    Raises
    ------
    AssertionError
        When the certificate fails; the message gives the residual, the worst
        coordinates' story (non-exact zeros) and any convention under which
        ``coef`` *is* optimal (e.g. "alpha divided by 2 * n_samples").
    ValueError, TypeError
        Bad inputs or an unknown objective.

    Notes
    -----
    With the canonical form ``0.5 ||r||^2 + l1 ||w||_1 + l2 / 2 ||w||^2``
    (half of :meth:`bayesreg.model.Model.penalty_weights` of the model that
    :mod:`bayesreg.mapping` builds from the objective) and
    ``g = X'(y - b0 - X w) - l2 w`` on centered data: ``g_j = l1 sign(w_j)``
    where ``w_j != 0`` and ``|g_j| <= l1`` where ``w_j = 0``
    (Tibshirani 1996; Friedman, Hastie & Tibshirani 2010).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Lasso
    >>> from bayesreg.testing import assert_penalized_optimum
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 4)); y = X[:, 0] + rng.normal(size=50)
    >>> fit = Lasso(alpha=0.1, tol=1e-12, max_iter=100_000).fit(X, y)
    >>> assert_penalized_optimum(fit.coef_, X, y, objective="lasso", alpha=0.1, intercept=fit.intercept_)
    """
    if not isinstance(objective, str) and hasattr(objective, "get_params"):
        fit_intercept = bool(objective.get_params().get("fit_intercept", fit_intercept))
    data = _Data(X, y, sample_weight, fit_intercept)
    w = data.check_coef(coef)
    obj = resolve_objective(objective, params, data.y, data.sample_weight, fit_intercept=fit_intercept, sigma=sigma)
    cert = certify(data, w, intercept, obj.l1, obj.l2)
    if cert.kkt <= tol and cert.intercept_error <= tol:
        return
    lines = [f"coef is not the exact optimum of {obj.label}:"]
    if cert.kkt > tol:
        lines.append(f"  relative KKT residual {cert.kkt:.3g} > tol {tol:g}")
    if cert.intercept_error > tol:
        lines.append(
            f"  intercept {float(intercept):.10g} differs from the optimal {data.intercept_star(w):.10g} given coef "
            f"(relative error {cert.intercept_error:.3g} > tol {tol:g})"
        )
    if cert.kkt > tol:
        lines += ["Diagnosis:"] + [f"  - {s}" for s in diagnose(data, w, obj, sigma=sigma, tol=tol)]
    raise AssertionError("\n".join(lines))


def _is_pymc_model(obj) -> bool:
    return any(c.__module__.startswith("pymc") and c.__name__ == "Model" for c in type(obj).__mro__)


def _mode_of(mode, data, start, sigma):
    """(coef, intercept or None, sigma or None, description, bayesreg Model or None)."""
    if hasattr(mode, "map_") and isinstance(getattr(mode, "map_"), MAPResult):
        mode = mode.map_
    if isinstance(mode, MAPResult):
        return mode.coef, mode.intercept, mode.sigma, f"the MAP of {mode.model!r}", mode.model
    if _is_pymc_model(mode):
        coef, intercept, sig = pymc_mode(mode, start_coef=start[0], start_intercept=start[1], y=data.y)
        return coef, intercept, sig, "the mode of the PyMC model's log posterior", None
    if isinstance(mode, tuple) and len(mode) == 2:
        return np.asarray(mode[0], dtype=float), float(mode[1]), sigma, "the posterior mode", None
    return np.asarray(mode, dtype=float), None, sigma, "the posterior mode", None


def _fit_of(penalized, objective, params):
    """(coef, intercept or None, objective) of the penalized side."""
    if hasattr(penalized, "coef_") and hasattr(penalized, "get_params"):
        if objective is not None or params:
            raise ValueError(
                "Pass either a fitted scikit-learn estimator or a coefficient vector with objective=...; "
                "the estimator's own parameters define its objective."
            )
        return np.asarray(penalized.coef_, dtype=float), float(np.ravel(penalized.intercept_)[0]), penalized
    if objective is None:
        raise ValueError(
            "A coefficient vector needs its objective: objective='lasso' (with alpha=...), 'ridge', "
            "'elasticnet', 'glmnet' or 'article'."
        )
    if isinstance(penalized, tuple) and len(penalized) == 2:
        return np.asarray(penalized[0], dtype=float), float(penalized[1]), objective
    return np.asarray(penalized, dtype=float), None, objective


def assert_map_equals_penalized(
    mode,
    penalized,
    X,
    y,
    *,
    objective=None,
    sample_weight=None,
    fit_intercept=None,
    sigma=None,
    rtol: float = 1e-6,
    atol: float = 0.0,
    exact_zeros: bool = True,
    **params,
) -> None:
    """Assert that a posterior mode equals a penalized fit, with the alpha mapping applied.

    Parameters
    ----------
    mode : fitted bayesreg estimator, MAPResult, pymc.Model, array-like or tuple
        The posterior mode: an estimator's ``map_``, a
        :class:`~bayesreg.map.MAPResult`, a PyMC model whose log posterior is
        maximized here (free variables ``coef`` of shape (n_features,), ``sigma`` and
        optionally ``intercept``; other free variables are maximized too), a weight
        vector of shape (n_features,), or a ``(coef, intercept)`` pair.
    penalized : fitted scikit-learn estimator, array-like or tuple
        A fitted ``Ridge`` / ``Lasso`` / ``ElasticNet`` (its parameters name the
        objective), or weights / ``(coef, intercept)`` with ``objective=``. A fitted binary
        ``LogisticRegression`` compares a logistic mode (``BayesLogisticRegression``, or the
        ``MAPResult`` of a ``LogisticModel``) under ``C sum logloss + r(w)``
        (:func:`bayesreg.mapping.to_logistic_twin`).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    objective : str, optional
        For a coefficient vector: ``"ridge"``, ``"lasso"``, ``"elasticnet"``,
        ``"glmnet"`` or ``"article"``, parameters as keywords.
    sample_weight : array-like of shape (n_samples,), optional
    fit_intercept : bool, optional
        Default: the estimator's or MAP's setting, else True.
    sigma : float, optional
        Noise scale at the mode, used by the diagnosis (found automatically for
        bayesreg and PyMC modes).
    rtol, atol : float, default=1e-6, 0.0
        ``|mode - fit| <= atol + rtol * max(|fit|)`` for every weight and the intercept.
    exact_zeros : bool, default=True
        With an L1 term, also require the same exact zeros on both sides.
    **params
        The objective's parameters (see :func:`assert_penalized_optimum`).

    Returns
    -------
    None
        Passes silently; a mismatch raises AssertionError.

    Raises
    ------
    AssertionError
        With the largest differences, whether each side is the exact optimum of the
        named objective (KKT), and which convention would make them agree
        (e.g. "alpha divided by 2 * n_samples", "glmnet's lambda used as scikit-learn's
        alpha without glmnet's sd(y) rescaling", "alpha multiplied by sigma").
    ValueError, TypeError
        Bad inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Lasso
    >>> from bayesreg import Model, LaplacePrior, map_estimate
    >>> from bayesreg.testing import assert_map_equals_penalized
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 4)); y = X[:, 0] + rng.normal(size=50)
    >>> mode = map_estimate(Model(LaplacePrior(alpha=0.1)), X, y)
    >>> fit = Lasso(alpha=0.1, tol=1e-12, max_iter=100_000).fit(X, y)
    >>> assert_map_equals_penalized(mode, fit, X, y)
    """
    if is_logistic(penalized):  # binary outcomes: LogisticRegression (testing/_logistic.py)
        return assert_logistic_map_equals(mode, penalized, X, y, sample_weight=sample_weight, rtol=rtol,
                                          atol=atol, exact_zeros=exact_zeros)
    fit_coef, fit_b0, obj_spec = _fit_of(penalized, objective, params)
    if fit_intercept is None:
        src = getattr(getattr(mode, "map_", mode), "model", None)
        if hasattr(penalized, "get_params"):
            fit_intercept = bool(penalized.get_params().get("fit_intercept", True))
        elif src is not None and hasattr(src, "fit_intercept"):
            fit_intercept = bool(src.fit_intercept)
        else:
            fit_intercept = True
    data = _Data(X, y, sample_weight, fit_intercept)
    fit_coef = data.check_coef(fit_coef, "the penalized fit's coef")
    m_coef, m_b0, m_sigma, m_desc, m_model = _mode_of(mode, data, (fit_coef, fit_b0), sigma)
    m_coef = data.check_coef(m_coef, "the posterior mode's coef")
    sigma = m_sigma if sigma is None else sigma
    obj = resolve_objective(obj_spec, params if objective is not None else {}, data.y, data.sample_weight,
                            fit_intercept=fit_intercept)

    scale = max(float(np.max(np.abs(fit_coef), initial=0.0)), abs(fit_b0 or 0.0))
    bound = atol + rtol * scale
    diff = np.abs(m_coef - fit_coef)
    b0_diff = abs(m_b0 - fit_b0) if (fit_intercept and m_b0 is not None and fit_b0 is not None) else 0.0
    zero_mismatch = np.flatnonzero((m_coef == 0) != (fit_coef == 0)) if (exact_zeros and obj.l1 > 0) else np.array([], int)
    if np.all(diff <= bound) and b0_diff <= bound and zero_mismatch.size == 0:
        return

    lines = [f"{m_desc} does not equal the penalized fit ({obj.label}):"]
    if np.any(diff > bound) or b0_diff > bound:
        lines.append(
            f"  max |mode - fit| = {max(float(diff.max(initial=0.0)), b0_diff):.3g} > atol + rtol * max|fit| = {bound:.3g}"
        )
        order = np.argsort(-diff)[:8]
        lines.append("   index          mode           fit          diff")
        for j in order:
            if diff[j] > bound:
                lines.append(f"  {j:6d} {m_coef[j]:13.6g} {fit_coef[j]:13.6g} {m_coef[j] - fit_coef[j]:13.3g}")
        if b0_diff > bound:
            lines.append(f"  {'b0':>6} {m_b0:13.6g} {fit_b0:13.6g} {m_b0 - fit_b0:13.3g}")
    if zero_mismatch.size:
        shown = ", ".join(f"{j} (mode {m_coef[j]:.3g}, fit {fit_coef[j]:.3g})" for j in zero_mismatch[:8])
        lines.append(f"  exact zeros differ at index {shown}")
    lines.append("Diagnosis:")
    tol = max(rtol, 1e-9)
    for who, w in (("the penalized fit", fit_coef), ("the posterior mode", m_coef)):
        cert = certify(data, w, None, obj.l1, obj.l2)
        if cert.kkt <= tol:
            lines.append(f"  - {who} is the exact optimum of {obj.label} (KKT residual {cert.kkt:.2g}).")
        else:
            lines.append(f"  - {who} is not the optimum of {obj.label} (KKT residual {cert.kkt:.2g}):")
            lines += [f"      {s}" for s in diagnose(data, w, obj, sigma=sigma, tol=tol, who=who)]
    if m_model is not None:
        try:
            twin = to_twin(m_model, sigma=sigma, n_samples=data.n)
            lines.append(f"  - {m_desc} maps to {twin!r} (bayesreg.mapping.to_twin).")
        except (NotImplementedError, ValueError):
            pass
    raise AssertionError("\n".join(lines))
