"""Rank fitted models by their expected predictive accuracy (PSIS-LOO or WAIC, from ArviZ).

``compare`` takes estimators (fitted, or fitted here on ``X, y``) or InferenceData, makes
sure each has its pointwise ``log_likelihood`` (computing it from the posterior and the data
when a posterior was stored without it) and returns ``arviz.compare``'s table with the number
of observations whose Pareto k exceeds ArviZ's threshold. Nothing here re-implements LOO:
PSIS-LOO is Vehtari, Gelman & Gabry (2017), Statistics and Computing 27, 1413-1432; the
ranking, stacking weights and standard errors are ArviZ's.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from .posterior._idata import add_pointwise_groups

__all__ = ["compare", "plot_compare"]


def _quiet_arviz_deprecations() -> None:
    """Inside ``warnings.catch_warnings()``: arviz 0.23 calls ``DataFrame.sort_values(inplace=True)``
    (deprecated by pandas 3.1) and a matplotlib API deprecated in matplotlib 3.11."""
    warnings.filterwarnings("ignore", message="The inplace keyword", category=Warning)
    warnings.filterwarnings("ignore", message="Passing a dict or None as alias_mapping", category=Warning)


def _named(models) -> dict:
    if isinstance(models, dict):
        named = {str(k): v for k, v in models.items()}
    else:
        named, counts = {}, {}
        for m in models:
            base = type(m).__name__ if hasattr(m, "fit") else "model"
            counts[base] = counts.get(base, 0) + 1
            named[base if counts[base] == 1 else f"{base}_{counts[base]}"] = m
    if len(named) < 2:
        raise ValueError(f"compare needs at least two models; got {len(named)}.")
    return named


def _idata_of(name, model, X, y, sample_weight):
    import arviz as az  # lazy: ArviZ takes about a second to import

    if isinstance(model, az.InferenceData):
        if "log_likelihood" not in model:
            raise ValueError(f"The InferenceData of model {name!r} has no log_likelihood group; pass the estimator "
                             "(with X and y) or add it with bayesreg.posterior.add_pointwise_groups.")
        return model
    if not hasattr(model, "fit"):
        raise TypeError(f"Model {name!r} must be a bayesreg estimator or an arviz.InferenceData; "
                        f"got {type(model).__name__}.")
    try:
        check_is_fitted(model, "idata_")
        fitted = model
    except NotFittedError:
        if X is None or y is None:
            raise ValueError(f"Model {name!r} is not fitted: pass X and y to fit it.") from None
        fitted = clone(model).fit(X, y, sample_weight=sample_weight)
    idata = fitted.idata_
    if "log_likelihood" not in idata:
        if X is None or y is None:
            raise ValueError(f"Model {name!r} was stored without log_likelihood (pointwise=False or a large "
                             "data set): pass X and y to compute it.")
        idata = idata.copy()
        # A classifier's labels become its model's 0/1 outcomes; a regressor's y is used as it is.
        target = fitted._model_target(y) if hasattr(fitted, "_model_target") else np.asarray(y, float)
        add_pointwise_groups(idata, fitted.model_, np.asarray(X, float), target, sample_weight,
                             posterior_predictive=False)
    return idata


def compare(models, X=None, y=None, sample_weight=None, *, ic: str = "loo", method: str = "stacking",
            scale: str = "log"):
    """Rank models by PSIS-LOO (or WAIC) expected log predictive density.

    Parameters
    ----------
    models : dict of str -> estimator or arviz.InferenceData, or a list of them
        bayesreg estimators (fitted ones are used as they are, unfitted ones are cloned and
        fitted on ``X, y``; regressors or ``BayesLogisticRegression``, whose ``y`` holds its
        labels) or InferenceData with a ``log_likelihood`` group. A list is
        named by class (``BayesLasso``, ``BayesLasso_2``, ...).
    X : array-like of shape (n_samples, n_features), optional
    y : array-like of shape (n_samples,), optional
        Needed to fit unfitted estimators, or for a posterior stored without its
        log-likelihood.
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights (each row's log-likelihood is multiplied by its weight, so
        leave-one-out leaves out a row with its replicates).
    ic : {"loo", "waic"}, default="loo"
    method : {"stacking", "BB-pseudo-BMA", "pseudo-BMA"}, default="stacking"
        How ArviZ computes the model weights.
    scale : {"log", "negative_log", "deviance"}, default="log"

    Returns
    -------
    pandas.DataFrame
        ``arviz.compare``'s table, best model first: ``rank``, ``elpd_loo`` (or
        ``elpd_waic``), ``p_loo``, ``elpd_diff``, ``weight``, ``se``, ``dse``, ``warning``,
        ``scale``, plus ``n_bad_k`` (observations with Pareto k above ArviZ's threshold
        ``min(1 - 1/log10(S), 0.7)``; 0 for WAIC) and ``sampler``. ``df.attrs["n_obs"]``
        holds the number of observations.

    Warns
    -----
    UserWarning
        Once, naming the models whose PSIS-LOO has Pareto k above the threshold (its
        estimate is then unreliable there; refit those rows or use K-fold CV).

    Raises
    ------
    ValueError
        Fewer than two models, models fitted to different numbers of observations, or
        missing data where it is needed (naming the model).
    TypeError
        A model that is neither an estimator nor InferenceData.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from bayesreg import BayesLasso, BayesRidge, compare
    >>> X, y = load_diabetes(return_X_y=True)
    >>> table = compare({"ridge": BayesRidge(alpha=1.0, random_state=0),
    ...                  "lasso": BayesLasso(alpha=0.1, random_state=0)}, X, y)  # doctest: +SKIP
    >>> list(table.index)  # doctest: +SKIP
    ['lasso', 'ridge']
    """
    import arviz as az  # lazy: ArviZ takes about a second to import

    if ic not in ("loo", "waic"):
        raise ValueError(f"The 'ic' parameter must be one of ('loo', 'waic'). Got {ic!r} instead.")
    named = _named(models)
    idatas = {name: _idata_of(name, m, X, y, sample_weight) for name, m in named.items()}
    sizes = {name: int(d.log_likelihood.sizes.get("obs", next(iter(d.log_likelihood.sizes.values()))))
             for name, d in idatas.items()}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"The models were fitted to different numbers of observations: {sizes}.")
    elpd, bad_k = {}, {}
    with warnings.catch_warnings():
        # ArviZ warns per model about high Pareto k or WAIC's variance; counted and said once below.
        warnings.simplefilter("ignore", UserWarning)
        _quiet_arviz_deprecations()
        for name, d in idatas.items():
            elpd[name] = az.loo(d, pointwise=True) if ic == "loo" else az.waic(d, pointwise=True)
            bad_k[name] = int((elpd[name].pareto_k > elpd[name].good_k).sum()) if ic == "loo" else 0
        table = az.compare(elpd, ic=ic, method=method, scale=scale)
    table["n_bad_k"] = [bad_k[name] for name in table.index]
    table["sampler"] = [str(idatas[name].posterior.attrs.get("sampler", "?")) for name in table.index]
    table.attrs["n_obs"] = next(iter(sizes.values()))
    flagged = [f"{name} ({bad_k[name]})" for name in table.index if bad_k[name]]
    if flagged:
        warnings.warn(
            "PSIS-LOO is unreliable for some observations (Pareto k above "
            f"{float(next(iter(elpd.values())).good_k):.2f}): " + ", ".join(flagged)
            + "; their elpd_loo is optimistic. Refit without those rows (exact LOO) or use K-fold CV.",
            UserWarning,
            stacklevel=2,
        )
    return table


def plot_compare(table: pd.DataFrame, ax=None, *, title: str | None = None):
    """ArviZ's comparison plot of a :func:`compare` table (elpd with its SE, differences with dse).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`compare`.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    import arviz as az  # lazy: ArviZ takes about a second to import

    columns = [c for c in table.columns if c not in ("n_bad_k", "sampler")]
    with warnings.catch_warnings():
        _quiet_arviz_deprecations()
        ax = az.plot_compare(table[columns], ax=ax, insample_dev=False, show=False)
    if title:
        ax.set_title(title)
    return ax
