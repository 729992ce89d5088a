"""Named penalized objectives, their KKT certificate, and the diagnosis of a mismatch.

Every named objective is turned into a :class:`~bayesreg.model.Model` by
:mod:`bayesreg.mapping` (the one place where conventions are converted), and
into the canonical weights ``(l1, l2)`` of
``0.5 ||r||^2 + l1 ||w||_1 + l2 / 2 ||w||_2^2`` by the one alpha -> penalty-weight function,
half of :meth:`~bayesreg.model.Model.penalty_weights`. Optimality is then the KKT
certificate of :func:`bayesreg.map._gaussian.kkt_residual`; nothing here
re-derives a convention.

A diagnosis re-runs that certificate for the conventions people confuse
(a missing ``1 / (2n)``, the ``1/2`` on the L2 term, glmnet's ``sd(y)``, the seed
article's form, a prior scale off by sigma) and names the ones under which the
coefficients *are* exact optima.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from sklearn import linear_model

from .. import mapping
from .._validation import check_X_y
from ..map._gaussian import center_data, kkt_residual

__all__ = ["OBJECTIVES", "Objective", "resolve_objective", "Certificate", "certify", "diagnose"]

#: Objective names understood by the assertions, with their parameters.
OBJECTIVES = {
    "ridge": ("alpha",),
    "lasso": ("alpha",),
    "elasticnet": ("alpha", "l1_ratio"),
    "glmnet": ("lambda_", "alpha"),
    "article": ("lambda_", "a"),
}

_SKLEARN_NAMES = {"ridge": "Ridge", "lasso": "Lasso", "elasticnet": "ElasticNet"}


@dataclass(frozen=True)
class Objective:
    """A named penalized objective resolved on one data set.

    Attributes
    ----------
    label : str
        Human-readable name with its parameters, e.g. ``"scikit-learn Lasso(alpha=0.1)"``.
    model : Model
        The bayesreg model whose conditional mode is this objective's optimum.
    l1, l2 : float
        Canonical weights: ``0.5 ||r||^2 + l1 ||w||_1 + l2 / 2 ||w||^2``.
    name : str
        One of :data:`OBJECTIVES`, or ``"estimator"`` for a scikit-learn estimator.
    params : dict
        The parameters as given.
    """

    label: str
    model: object
    l1: float
    l2: float
    name: str
    params: dict


def _fmt_params(params) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in params.items())


def _n_of(y, sample_weight) -> float:
    return float(len(y)) if sample_weight is None else float(np.sum(sample_weight))


def resolve_objective(objective, params, y, sample_weight=None, *, fit_intercept=True, sigma=None) -> Objective:
    """Turn a named objective (or a scikit-learn estimator) into canonical weights.

    Parameters
    ----------
    objective : str or scikit-learn estimator
        One of ``"ridge"``, ``"lasso"``, ``"elasticnet"`` (scikit-learn's conventions,
        parameters ``alpha`` and ``l1_ratio``), ``"glmnet"`` (``lambda_``, ``alpha`` =
        glmnet's mixing parameter; gaussian family, ``standardize=FALSE``), ``"article"``
        (``lambda_``, ``a``: ``||r||^2 + lambda (a ||w||_1 + (1 - a) ||w||_2^2)``); or a
        ``Ridge`` / ``Lasso`` / ``ElasticNet`` instance, whose parameters are read.
    params : dict
        The objective's parameters.
    y : ndarray of shape (n_samples,)
        Needed for glmnet's ``sd(y)`` and for ``n_samples``.
    sample_weight : ndarray of shape (n_samples,), optional
    fit_intercept : bool, default=True
        Ignored for an estimator (its own ``fit_intercept`` is used).
    sigma : float, optional
        Noise scale, for priors whose penalty depends on it.

    Returns
    -------
    Objective

    Raises
    ------
    ValueError
        Unknown name, missing or unexpected parameters.
    TypeError
        An estimator :func:`bayesreg.mapping.from_twin` does not know.
    NotImplementedError
        A non-Gaussian likelihood (e.g. ``QuantileRegressor``): its optimality
        conditions are not the ones certified here.
    """
    n = _n_of(y, sample_weight)
    if isinstance(objective, str):
        key = objective.lower().replace("_", "").replace("-", "").replace(" ", "")
        if key not in OBJECTIVES:
            raise ValueError(
                f"The 'objective' parameter must be one of {sorted(OBJECTIVES)} or a scikit-learn "
                f"Ridge / Lasso / ElasticNet. Got {objective!r} instead."
            )
        need = OBJECTIVES[key]
        missing = [k for k in need if k not in params]
        extra = [k for k in params if k not in need]
        if key == "elasticnet" and missing == ["l1_ratio"]:
            missing = []
            params = {**params, "l1_ratio": 0.5}  # scikit-learn's default
        if missing or extra:
            raise ValueError(
                f"The {key!r} objective takes the parameters {list(need)}; "
                + (f"missing {missing}" if missing else "")
                + ("; " if missing and extra else "")
                + (f"unexpected {extra}" if extra else "")
                + "."
            )
        for k, v in params.items():
            if not isinstance(v, numbers.Real) or isinstance(v, bool) or not np.isfinite(v) or v < 0:
                raise ValueError(f"The {k!r} parameter of the {key!r} objective must be a float >= 0. Got {v!r} instead.")
        if key in _SKLEARN_NAMES:
            est = getattr(linear_model, _SKLEARN_NAMES[key])(fit_intercept=fit_intercept, **params)
            model = mapping.from_twin(est)
            label = f"scikit-learn {_SKLEARN_NAMES[key]}({_fmt_params(params)})"
        elif key == "glmnet":
            model = mapping.from_glmnet(params["lambda_"], params["alpha"], y, sample_weight, fit_intercept=fit_intercept)
            label = f"glmnet (gaussian, standardize=FALSE) with lambda={params['lambda_']!r}, alpha={params['alpha']!r}"
        else:
            model = mapping.from_article(params["lambda_"], params["a"], n, fit_intercept=fit_intercept)
            label = f"the seed article's ||r||^2 + lambda (a ||w||_1 + (1-a) ||w||_2^2) with lambda={params['lambda_']!r}, a={params['a']!r}"
        name = key
    else:
        if params:
            raise ValueError(
                f"Parameters {sorted(params)} were given with a {type(objective).__name__} instance; "
                "set them on the estimator instead."
            )
        model = mapping.from_twin(objective)
        est_params = objective.get_params()
        shown = {k: est_params[k] for k in ("alpha", "l1_ratio") if k in est_params}
        label = f"scikit-learn {type(objective).__name__}({_fmt_params(shown)})"
        name, params = "estimator", shown
    if not model.likelihood.gaussian:
        raise NotImplementedError(
            f"{label} has a {type(model.likelihood).__name__}; bayesreg.testing certifies squared-loss "
            "objectives only (use bayesreg.map_estimate, whose MAPResult.kkt_residual certifies the others)."
        )
    l1, l2 = _canonical(model, n, sigma)
    return Objective(label=label, model=model, l1=float(l1), l2=float(l2), name=name, params=dict(params))


@dataclass(frozen=True)
class Certificate:
    """Optimality certificate of a coefficient vector for one objective.

    Attributes
    ----------
    kkt : float
        Relative KKT residual of the weights (0 is exact), intercept profiled out.
    intercept_error : float
        ``|b0 - b0*| / scale(y)`` with ``b0*`` the optimal intercept given the
        weights (0 when no intercept was given or fitted).
    """

    kkt: float
    intercept_error: float


class _Data:
    """Centered data, computed once per assertion."""

    def __init__(self, X, y, sample_weight, fit_intercept):
        self.X, self.y, self.sample_weight = check_X_y(X, y, sample_weight)
        self.fit_intercept = fit_intercept
        self.Xc, self.yc, self.X_offset, self.y_offset = center_data(self.X, self.y, self.sample_weight, fit_intercept)
        self.n = _n_of(self.y, self.sample_weight)
        y_scale = float(np.sqrt(np.average((self.y - self.y_offset) ** 2, weights=self.sample_weight)))
        self.y_scale = max(y_scale, abs(self.y_offset), np.finfo(float).tiny)

    def check_coef(self, coef, name="coef") -> np.ndarray:
        w = np.asarray(coef, dtype=np.float64)
        if w.ndim != 1 or w.shape[0] != self.X.shape[1]:
            raise ValueError(f"{name} must have shape ({self.X.shape[1]},) to match X; got {w.shape}.")
        if not np.all(np.isfinite(w)):
            raise ValueError(f"{name} contains NaN or infinity (first at index {int(np.flatnonzero(~np.isfinite(w))[0])}).")
        return w

    def intercept_star(self, w) -> float:
        return float(self.y_offset - self.X_offset @ w) if self.fit_intercept else 0.0


def certify(data: _Data, w, intercept, l1, l2) -> Certificate:
    """KKT residual of ``w`` and the intercept's error for canonical weights ``(l1, l2)``."""
    kkt = kkt_residual(data.Xc, data.yc, w, l1, l2)
    if intercept is None or not data.fit_intercept:
        err = 0.0
    else:
        err = abs(float(intercept) - data.intercept_star(w)) / data.y_scale
    return Certificate(kkt=float(kkt), intercept_error=float(err))


def _factor_names(data: _Data, sigma):
    out = [
        ("2 * n_samples", 2.0 * data.n, "scikit-learn's Lasso and ElasticNet divide the squared loss by 2 n_samples; Ridge does not"),
        ("n_samples", data.n, "a mean instead of a sum in the data term (or Ridge's alpha used in a Lasso-style objective)"),
        ("2", 2.0, "a factor 1/2 on the data term or on the penalty"),
    ]
    if sigma is not None:
        out += [
            ("sigma", float(sigma), f"a prior scale off by one factor of the noise scale sigma={sigma:.6g}; "
             "the alpha-form Laplace scale is sigma**2 / (n_samples alpha)"),
            ("sigma**2", float(sigma) ** 2, f"a prior stated without its sigma (sigma={sigma:.6g}); the alpha-form "
             "priors scale with sigma**2 so that the mode equals the twin for every sigma"),
        ]
    sd = mapping.glmnet_sd_y(data.y, data.sample_weight, data.fit_intercept)
    out.append(("sd(y)", sd, f"glmnet standardizes y by sd(y)={sd:.6g}"))
    return out


def _candidates(obj: Objective, data: _Data, sigma):
    """(description, l1, l2) for the conventions people confuse with ``obj``."""
    cands = []
    factors = [(name, f, why) for name, f, why in _factor_names(data, sigma) if np.isfinite(f) and f > 0 and f != 1.0]
    for name, f, why in factors:
        cands.append((f"alpha were multiplied by {name} ({why})", obj.l1 * f, obj.l2 * f))
        cands.append((f"alpha were divided by {name} ({why})", obj.l1 / f, obj.l2 / f))
    if obj.l1 > 0 and obj.l2 > 0:
        for name, f, why in factors:
            for term, j in (("L2", 1), ("L1", 0)):
                for verb, g in (("multiplied", f), ("divided", 1.0 / f)):
                    w = [obj.l1, obj.l2]
                    w[j] *= g
                    hint = why
                    if term == "L2" and name == "2":
                        hint = "the 1/2 on scikit-learn's L2 term alpha (1 - l1_ratio) / 2 ||w||^2 dropped or added"
                    cands.append((f"only the {term} weight were {verb} by {name} ({hint})", w[0], w[1]))
    # Named conventions read with the same numbers.
    n, y, sw, fi = data.n, data.y, data.sample_weight, data.fit_intercept
    p = obj.params
    alt = []
    if obj.name in ("elasticnet", "lasso", "estimator") and "alpha" in p:
        rho = p.get("l1_ratio", 1.0 if obj.name == "lasso" else None)
        if rho is not None:
            alt.append((f"it were glmnet's objective with lambda={p['alpha']!r}, alpha={rho!r} (glmnet rescales by sd(y))",
                        mapping.from_glmnet(p["alpha"], rho, y, sw, fit_intercept=fi)))
            alt.append((f"it were the seed article's lambda (a ||w||_1 + (1-a) ||w||_2^2) with lambda={p['alpha']!r}, a={rho!r} "
                        "(no 1/(2n) on the data term, no 1/2 on the L2 term)",
                        mapping.from_article(p["alpha"], rho, n, fit_intercept=fi)))
    if obj.name == "glmnet":
        alt.append((f"it were scikit-learn ElasticNet(alpha={p['lambda_']!r}, l1_ratio={p['alpha']!r}): glmnet's lambda used as "
                    "scikit-learn's alpha without glmnet's sd(y) rescaling",
                    mapping.from_twin(_sk("ElasticNet", alpha=p["lambda_"], l1_ratio=p["alpha"], fit_intercept=fi))))
    if obj.name == "article":
        alt.append((f"it were scikit-learn ElasticNet(alpha={p['lambda_']!r}, l1_ratio={p['a']!r}): the article's lambda and a used "
                    "as scikit-learn's alpha and l1_ratio",
                    mapping.from_twin(_sk("ElasticNet", alpha=p["lambda_"], l1_ratio=p["a"], fit_intercept=fi))))
    for desc, model in alt:
        l1, l2 = _canonical(model, n, None)
        cands.append((desc, float(l1), float(l2)))
    return cands


def _canonical(model, n, sigma):
    """``(l1, l2)`` of ``0.5 ||r||^2 + l1 ||w||_1 + l2/2 ||w||^2``: half of :meth:`Model.penalty_weights`."""
    L1, L2 = model.penalty_weights(1.0 if sigma is None else sigma, n)
    return 0.5 * L1, 0.5 * L2


def _sk(cls_name, **kw):
    return getattr(linear_model, cls_name)(**kw)


def diagnose(data: _Data, w, obj: Objective, *, sigma=None, tol=1e-6, who="coef") -> list[str]:
    """Sentences explaining why ``w`` is not the optimum of ``obj``, or under which convention it is.

    Parameters
    ----------
    data : _Data
    w : ndarray of shape (n_features,)
    obj : Objective
    sigma : float, optional
        Noise scale, to test "off by sigma" conventions.
    tol : float
        KKT tolerance of the assertion; a convention "matches" when its relative
        KKT residual is below ``max(100 tol, 1e-5)``.
    who : str
        How to call ``w`` in the sentences.

    Returns
    -------
    list of str
        Empty when nothing explains the mismatch.
    """
    out = []
    match_tol = max(100.0 * tol, 1e-5)
    own = kkt_residual(data.Xc, data.yc, w, obj.l1, obj.l2)
    scale = float(np.max(np.abs(w), initial=0.0))
    if obj.l1 > 0 and scale > 0:
        tiny = (w != 0) & (np.abs(w) <= 1e-6 * scale)
        if tiny.any():
            w0 = np.where(tiny, 0.0, w)
            k0 = kkt_residual(data.Xc, data.yc, w0, obj.l1, obj.l2)
            idx = np.flatnonzero(tiny)
            shown = ", ".join(f"{i}: {w[i]:.3g}" for i in idx[:8]) + (" ..." if idx.size > 8 else "")
            rest = (
                "which certifies it" if k0 <= match_tol
                else "so the other coefficients are not at the optimum either"
            )
            out.append(
                f"{idx.size} coefficient(s) of {who} are tiny but not exactly zero ({shown}); set to 0 they "
                f"give a KKT residual of {k0:.2g}, {rest}. A gradient optimizer (L-BFGS, pymc.find_MAP) does "
                "not produce exact zeros for an L1 term: use coordinate descent (scikit-learn, "
                "bayesreg.map_estimate) or a proximal method."
            )
    if scale == 0:
        out.append(
            f"{who} is all zeros, the optimum of every objective whose penalty is at least "
            "bayesreg.map.alpha_max: a convention slip that inflates alpha (e.g. a factor n_samples) "
            "cannot be told apart from the others here."
        )
        return out
    matches = []
    for desc, l1, l2 in _candidates(obj, data, sigma):
        k = kkt_residual(data.Xc, data.yc, w, l1, l2)
        if k <= match_tol and k < own:
            matches.append((k, desc))
    matches.sort(key=lambda t: t[0])
    for k, desc in matches[:3]:
        out.append(f"{who} is the exact optimum (KKT residual {k:.2g}) if {desc}; with that convention they match.")
    if not out and own > match_tol:
        out.append(
            f"no common convention slip explains it (KKT residual {own:.2g} for {obj.label}); if {who} came from "
            "an iterative solver, refit with a tighter tolerance (e.g. tol=1e-10) and more iterations."
        )
    return out
