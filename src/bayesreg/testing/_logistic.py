"""``assert_map_equals_penalized`` for binary outcomes: a logistic MAP equals ``LogisticRegression``.

The objective is ``LogisticRegression``'s, divided by ``C``: ``sum_i s_i logloss_i + l1 ||w||_1 +
l2/2 ||w||^2`` with ``l1 = l1_ratio / C`` and ``l2 = (1 - l1_ratio) / C``
(:mod:`bayesreg._mapping_logistic`); both sides are certified with its KKT conditions
(:func:`bayesreg.map._logistic.logistic_kkt`).
"""

from __future__ import annotations

import numpy as np

from .._mapping_logistic import _OWN_INTERCEPT, _penalty_of
from .._validation import check_random_state, check_X_y
from ..bernoulli import LogisticModel
from ..map import MAPResult
from ..map._logistic import logistic_kkt
from ..posterior import sample_polya_gamma
from ._sbc import SBCResult, rank_uniformity

__all__ = ["is_logistic", "assert_logistic_map_equals"]

#: Conventions that are easy to confuse, as factors on C: (factor name, C multiplier).
_SLIPS = (
    ("C multiplied by n_samples (alpha used as 1 / C without the mean's n)", "n"),
    ("C divided by n_samples", "1/n"),
    ("1 / C used for C", "inv"),
    ("C doubled (the ridge prior's variance 2C instead of C)", 2.0),
    ("C halved", 0.5),
)


def is_logistic(obj) -> bool:
    """Whether ``obj`` is a ``LogisticRegression``, a logistic MAP, or a ``BayesLogisticRegression``."""
    if type(obj).__name__ in ("LogisticRegression", "BayesLogisticRegression"):
        return True
    return isinstance(getattr(obj, "model", None), LogisticModel)


def _side(obj, p):
    """(coef, intercept or None) of a fitted estimator, MAPResult, vector or pair."""
    if type(obj).__name__ == "BayesLogisticRegression":
        obj = obj.map_
    if isinstance(obj, MAPResult):
        return np.asarray(obj.coef, float), float(obj.intercept)
    if hasattr(obj, "coef_") and hasattr(obj, "get_params"):
        return np.asarray(obj.coef_, float).reshape(-1), float(np.ravel(obj.intercept_)[0])
    if isinstance(obj, tuple) and len(obj) == 2:
        return np.asarray(obj[0], float).reshape(-1), float(obj[1])
    return np.asarray(obj, float).reshape(-1), None


def assert_logistic_map_equals(mode, penalized, X, y, *, sample_weight=None, rtol=1e-6, atol=0.0, exact_zeros=True):
    """Assert that a logistic posterior mode equals a fitted ``LogisticRegression``.

    Parameters
    ----------
    mode : MAPResult, fitted BayesLogisticRegression, array-like or (coef, intercept)
    penalized : fitted sklearn.linear_model.LogisticRegression
        Binary; its ``C``, ``l1_ratio`` (or deprecated ``penalty``) and ``fit_intercept``
        define the objective. ``solver="liblinear"`` with an intercept is refused
        (it penalizes the intercept).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Two classes; ``penalized.classes_[1]`` is coded 1.
    sample_weight : array-like of shape (n_samples,), optional
    rtol, atol : float
        ``|mode - fit| <= atol + rtol * max(|fit coef|, |fit intercept|)``.
    exact_zeros : bool, default=True
        With an L1 term, require the same exact zeros.

    Raises
    ------
    AssertionError
        With the largest differences, each side's KKT residual, and any slipped convention
        under which the mode *is* optimal (``C`` times ``n``, ``1 / C``, ``2 C`` ...).
    """
    params = penalized.get_params()
    fi = bool(params["fit_intercept"])
    if params["solver"] == "liblinear" and fi:
        raise ValueError(_OWN_INTERCEPT)
    classes = getattr(penalized, "classes_", None)
    y = np.asarray(y)
    y01 = (y == classes[1]).astype(float) if classes is not None else y.astype(float)
    X, y01, sw = check_X_y(X, y01, sample_weight, owner="assert_map_equals_penalized")
    n = float(X.shape[0] if sw is None else sw.sum())
    C, rho = _penalty_of(params)
    l1, l2 = (rho / C, (1.0 - rho) / C) if np.isfinite(C) else (0.0, 0.0)
    f_coef, f_b0 = _side(penalized, X.shape[1])
    m_coef, m_b0 = _side(mode, X.shape[1])
    if m_coef.shape != f_coef.shape:
        raise ValueError(f"The mode has {m_coef.size} weights; the fit has {f_coef.size}.")
    scale = max(float(np.max(np.abs(f_coef), initial=0.0)), abs(f_b0) if fi else 0.0)
    bound = atol + rtol * scale
    diff = np.abs(m_coef - f_coef)
    b_diff = abs(m_b0 - f_b0) if (fi and m_b0 is not None) else 0.0
    zeros = np.flatnonzero((m_coef == 0) != (f_coef == 0)) if (exact_zeros and l1 > 0) else np.array([], int)
    if np.all(diff <= bound) and b_diff <= bound and zeros.size == 0:
        return
    label = f"LogisticRegression(C={C:g}, l1_ratio={rho:g}, fit_intercept={fi})"
    lines = [f"The posterior mode does not equal {label}:",
             f"  max |mode - fit| = {max(float(diff.max(initial=0.0)), b_diff):.3g} > {bound:.3g}"]
    for j in np.argsort(-diff)[:8]:
        if diff[j] > bound:
            lines.append(f"  {j:6d} mode {m_coef[j]:13.6g}  fit {f_coef[j]:13.6g}")
    if zeros.size:
        lines.append(f"  exact zeros differ at index {', '.join(map(str, zeros[:8]))}")
    lines.append("Diagnosis:")
    tol = max(rtol, 1e-9)

    def kkt(w, b, l1_, l2_):
        b = b if b is not None else 0.0
        return logistic_kkt(X, y01, sw, w, b, l1_, l2_, fi)

    for who, (w, b) in (("the penalized fit", (f_coef, f_b0)), ("the posterior mode", (m_coef, m_b0))):
        k = kkt(w, b, l1, l2)
        verdict = "is" if k <= tol else "is not"
        lines.append(f"  - {who} {verdict} the optimum of {label} (relative KKT residual {k:.2g}).")
    if np.isfinite(C):
        for text, factor in _SLIPS:
            C2 = C * n if factor == "n" else C / n if factor == "1/n" else 1.0 / C if factor == "inv" else C * factor
            if kkt(m_coef, m_b0, rho / C2, (1.0 - rho) / C2) <= tol:
                lines.append(f"  - the posterior mode is optimal with {text}: C = {C2:g}.")
    raise AssertionError("\n".join(lines))


def logistic_sbc(prior, *, n_samples=25, n_features=2, n_replications=200, n_ranks=99, thin=5, n_bins=10,
                 tune=200, random_state=None):
    """Simulation-based calibration (Talts et al. 2018) of the Polya-Gamma Gibbs sampler.

    Each replication draws ``X ~ N(0, I)`` (``n_samples x n_features``), ``w`` from ``prior``
    (:meth:`Prior.sample` at the Bernoulli ``kappa``), ``y ~ Bernoulli(expit(X w))``, samples
    the posterior of :class:`~bayesreg.bernoulli.LogisticModel` without intercept (its flat
    prior has no draws) and ranks each true weight among ``n_ranks`` draws kept every
    ``thin`` sweeps (one chain). Every data set is kept (one class included: the prior keeps
    the posterior proper), so nothing conditions the ranks.

    Parameters
    ----------
    prior : Prior
        A proper prior with exact draws (ridge, lasso, elastic net).
    n_samples, n_features, n_replications, n_ranks, thin, n_bins, tune : int
    random_state : int, numpy.random.Generator or None

    Returns
    -------
    SBCResult
        ``params`` ``coef[j]``; ``pvalues`` from :func:`rank_uniformity` with ``n_bins``;
        ``ess`` the smallest bulk ESS of the kept draws per replication.
    """
    import arviz as az
    from scipy import special

    rng = check_random_state(random_state)
    model = LogisticModel(prior, fit_intercept=False)
    n, p = int(n_samples), int(n_features)
    ranks = np.empty((n_replications, p), dtype=int)
    truths = np.empty((n_replications, p))
    ess = np.empty(n_replications)
    for r in range(n_replications):
        X = rng.normal(size=(n, p))
        w = prior.sample(model.kappa(n), 1.0, rng, p)
        y = (rng.random(n) < special.expit(X @ w)).astype(float)
        idata = sample_polya_gamma(model, X, y, draws=n_ranks * thin, tune=tune, chains=1, rng=rng,
                                   pointwise=False)  # ranks need the posterior only
        draws = idata.posterior["coef"].values[0, ::thin]
        ranks[r], truths[r] = (draws < w).sum(axis=0), w
        ess[r] = min(float(az.ess(draws[None, :, j])) for j in range(p))
    pvalues, bins = rank_uniformity(ranks, n_ranks, n_bins)
    return SBCResult([f"coef[{j}]" for j in range(p)], ranks, truths, n_ranks, bins, pvalues,
                     float(min(1.0, p * pvalues.min())), ess)
