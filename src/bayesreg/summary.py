"""Compare point estimates with the posterior: one table, computed with ArviZ and pandas."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

__all__ = ["coef_interval", "diagnostics", "fit_twin", "compare_estimates", "relative_difference", "sparsity_table", "format_r_hat"]


def coef_interval(idata, level: float = 0.95, kind: str = "eti", var_name: str = "coef") -> np.ndarray:
    """Credible interval of each weight.

    Parameters
    ----------
    idata : arviz.InferenceData
        With ``posterior[var_name]`` of dims (chain, draw, feature).
    level : float
        Mass in (0, 1).
    kind : {"eti", "hdi"}
        Equal-tailed quantiles, or ArviZ's highest-density interval.
    var_name : str, default="coef"
        Posterior variable with a ``feature`` dimension.

    Returns
    -------
    ndarray of shape (n_features, 2)
        Lower and upper bound of each feature's interval.

    Raises
    ------
    ValueError
        If ``kind`` is not "eti" or "hdi".
    """
    da = idata.posterior[var_name]
    if kind == "eti":
        q = da.quantile([(1 - level) / 2, (1 + level) / 2], dim=("chain", "draw"))
        return q.transpose("feature", "quantile").to_numpy()
    if kind == "hdi":
        import arviz as az

        hdi = az.hdi(idata, var_names=[var_name], hdi_prob=level)[var_name]
        return hdi.transpose("feature", "hdi").to_numpy()
    raise ValueError(f"The 'kind' parameter must be one of {{'eti', 'hdi'}}. Got {kind!r} instead.")


def diagnostics(idata, var_names=("coef", "intercept", "sigma")) -> dict:
    """Convergence numbers from ArviZ.

    Parameters
    ----------
    idata : arviz.InferenceData
        With a ``posterior`` group (and ``sample_stats.diverging`` for NUTS).
    var_names : sequence of str, default=("coef", "intercept", "sigma")
        Posterior variables to summarize; those absent from ``idata`` are skipped.

    Returns
    -------
    dict
        ``r_hat`` (largest rank-normalized split R-hat; NaN with one chain), ``ess_bulk`` and
        ``ess_tail`` (smallest), ``divergences`` (count; 0 for samplers without them).
    """
    import arviz as az

    names = [v for v in var_names if v in idata.posterior]
    if idata.posterior.sizes["chain"] < 2:
        # R-hat compares chains: undefined for one (ArviZ would log a shape error and return NaN).
        ess = az.ess(idata, var_names=names, method="bulk")
        tail = az.ess(idata, var_names=names, method="tail")
        summ = pd.DataFrame({
            "r_hat": [np.nan],
            "ess_bulk": [min(float(ess[v].min()) for v in names)],
            "ess_tail": [min(float(tail[v].min()) for v in names)],
        })
    else:
        summ = az.summary(idata, var_names=names, kind="diagnostics")
    div = 0
    if "sample_stats" in idata and "diverging" in idata.sample_stats:
        div = int(idata.sample_stats["diverging"].sum())
    return {
        "r_hat": float(summ["r_hat"].max()),
        "ess_bulk": float(summ["ess_bulk"].min()),
        "ess_tail": float(summ["ess_tail"].min()),
        "divergences": div,
    }


def fit_twin(map_result, X, y, sample_weight=None, *, tol: float = 1e-12, max_iter: int = 1_000_000):
    """Fit the MAP result's scikit-learn twin tightly (``tol=1e-12`` by default).

    Parameters
    ----------
    map_result : MAPResult
        A posterior mode from :func:`bayesreg.map_estimate`; its ``twin`` is cloned.
    X : array-like of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,)
        Target.
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.
    tol : float, default=1e-12
        Solver tolerance, where the twin has one.
    max_iter : int, default=1_000_000
        Iteration cap, where the twin has one.

    Returns
    -------
    sklearn.base.RegressorMixin or None
        The fitted scikit-learn estimator, or None when the model has no scikit-learn twin.
    """
    from sklearn.base import clone

    if map_result.twin is None:
        return None
    from sklearn.exceptions import ConvergenceWarning

    twin = clone(map_result.twin)
    params = twin.get_params()
    twin.set_params(**{k: v for k, v in {"tol": tol, "max_iter": max_iter}.items() if k in params})
    with warnings.catch_warnings():
        # Ridge's solvers ignore max_iter; a tight tol can make CD say it stopped early:
        # the relative difference reported next to the table is the real check.
        warnings.simplefilter("ignore", ConvergenceWarning)
        twin.fit(X, y, sample_weight=sample_weight)
    return twin


def format_r_hat(value: float) -> str:
    """R-hat for printing: three decimals, or "n/a (1 chain)" when undefined.

    Parameters
    ----------
    value : float
        R-hat (NaN when undefined).

    Returns
    -------
    str
        The printed form.
    """
    return "n/a (1 chain)" if not np.isfinite(value) else f"{value:.3f}"


def relative_difference(a, b) -> float:
    """``max_j |a_j - b_j| / max_j |b_j|`` (0 when both are all zero).

    Parameters
    ----------
    a, b : array-like of shape (n_features,)
        The estimate and the reference.

    Returns
    -------
    float
        The largest absolute difference relative to the reference's largest entry
        (the absolute difference when the reference is all zero).
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    denom = float(np.max(np.abs(b), initial=0.0))
    diff = float(np.max(np.abs(a - b), initial=0.0))
    return diff / denom if denom > 0 else diff


def compare_estimates(estimator, X, y, sample_weight=None, *, level: float = 0.95) -> pd.DataFrame:
    """One row per feature: twin, MAP, posterior mean, median, sd and intervals.

    Parameters
    ----------
    estimator : fitted BayesRidge, BayesLasso, BayesElasticNet or BayesHorseshoe
        The estimator to tabulate (the horseshoe has no mode or twin: those columns are NaN).
    X, y : array-like or None
        The training data (to fit the scikit-learn twin at ``tol=1e-12``), or None: no twin (a fit from
        sufficient statistics, whose rows are not in memory).
    sample_weight : array-like of shape (n_samples,), optional
        The frequency weights of the fit.
    level : float, default=0.95
        Mass of the credible intervals.

    Returns
    -------
    pandas.DataFrame
        Index ``feature``; columns ``twin`` (NaN without a scikit-learn twin), ``map`` (NaN without a
        mode: horseshoe), ``mean``, ``median``, ``sd``,
        ``eti_lower``, ``eti_upper``, ``hdi_lower``, ``hdi_upper``, ``p_positive``
        (posterior P(w_j > 0)), ``excludes_zero`` (the equal-tailed interval at ``level``,
        ``eti_lower``-``eti_upper``, excludes 0). ``df.attrs`` holds ``max_rel_map_twin``,
        ``level``, ``excludes_zero_interval`` (which interval ``excludes_zero`` used, e.g.
        "95% eti (eti_lower, eti_upper)") and the :func:`diagnostics` numbers.
    """
    mode = getattr(estimator, "map_", None)  # None for priors without a finite mode (horseshoe)
    twin = None if mode is None or X is None else fit_twin(mode, X, y, sample_weight)
    post = estimator.idata_.posterior["coef"]
    draws = post.stack(sample=("chain", "draw")).transpose("feature", "sample").to_numpy()
    eti = coef_interval(estimator.idata_, level, "eti")
    hdi = coef_interval(estimator.idata_, level, "hdi")
    df = pd.DataFrame(
        {
            "twin": twin.coef_ if twin is not None else np.full(draws.shape[0], np.nan),
            "map": estimator.coef_map_ if mode is not None else np.full(draws.shape[0], np.nan),
            "mean": draws.mean(axis=1),
            "median": np.median(draws, axis=1),
            "sd": draws.std(axis=1, ddof=1),
            "eti_lower": eti[:, 0],
            "eti_upper": eti[:, 1],
            "hdi_lower": hdi[:, 0],
            "hdi_upper": hdi[:, 1],
            "p_positive": (draws > 0).mean(axis=1),
            "excludes_zero": (eti[:, 0] > 0) | (eti[:, 1] < 0),
        },
        index=pd.Index(post["feature"].to_numpy(), name="feature"),
    )
    df.attrs["max_rel_map_twin"] = (
        relative_difference(estimator.coef_map_, twin.coef_) if twin is not None else float("nan")
    )
    df.attrs["level"] = level
    df.attrs["excludes_zero_interval"] = f"{level:.0%} eti (eti_lower, eti_upper)"
    df.attrs.update(diagnostics(estimator.idata_))
    return df


def sparsity_table(estimator, *, eps: float | None = None) -> pd.DataFrame:
    """The MAP's exact zeros next to the posterior mass near zero, one row per feature.

    Under a Laplace or elastic-net prior the mode has exact zeros, but the posterior is a
    continuous density: ``P(w_j = 0 | y) = 0`` for every feature, and the posterior mean
    and median are never exactly zero (``docs/math-contract.md``). What the posterior does say is how
    much mass lies in a small interval around zero.

    Parameters
    ----------
    estimator : fitted BayesRidge, BayesLasso or BayesElasticNet
    eps : float, optional
        Half-width of the interval ``[-eps, eps]`` around zero, in the units of ``coef_``.
        Default: 1% of the largest absolute posterior mean.

    Returns
    -------
    pandas.DataFrame
        Index ``feature``; columns ``map``, ``map_is_zero``, ``mean``, ``median``,
        ``p_exactly_zero`` (the fraction of draws exactly 0: always 0 for these priors),
        ``p_near_zero`` (``P(|w_j| <= eps)``). ``df.attrs["eps"]`` holds ``eps``.
    """
    post = estimator.idata_.posterior["coef"]
    draws = post.stack(sample=("chain", "draw")).transpose("feature", "sample").to_numpy()
    mean = draws.mean(axis=1)
    if eps is None:
        eps = 0.01 * float(np.max(np.abs(mean), initial=0.0))
    df = pd.DataFrame(
        {
            "map": estimator.coef_map_,
            "map_is_zero": estimator.coef_map_ == 0.0,
            "mean": mean,
            "median": np.median(draws, axis=1),
            "p_exactly_zero": (draws == 0.0).mean(axis=1),
            "p_near_zero": (np.abs(draws) <= eps).mean(axis=1),
        },
        index=pd.Index(post["feature"].to_numpy(), name="feature"),
    )
    df.attrs["eps"] = eps
    return df
