"""Held-out predictive checks of a fitted estimator (``bayesreg fit --test-where / --holdout``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["heldout_report", "format_heldout"]


def _rmse(a, b) -> float:
    return float(np.sqrt(np.mean((np.asarray(a, float) - np.asarray(b, float)) ** 2)))


def heldout_report(estimator, X_test, y_test, y_train, *, level: float = 0.95):
    """Predictive error and interval coverage on rows the fit did not see.

    Parameters
    ----------
    estimator : fitted bayesreg estimator
        With ``predict`` and ``predict_interval`` (posterior predictive, noise included).
    X_test : pandas.DataFrame of shape (n_test, n_features)
        On the scale the estimator was fitted on.
    y_test : pandas.Series of shape (n_test,)
    y_train : array-like
        Training targets, for the baseline that predicts their mean.
    level : float
        Mass of the posterior predictive interval.

    Returns
    -------
    summary : dict
        ``n``, ``rmse_mean`` (posterior-mean prediction), ``rmse_map`` (the mode's prediction,
        None without a mode), ``rmse_baseline`` (training mean), ``mse_*`` likewise,
        ``coverage`` (fraction of ``y_test`` inside the ``level`` interval), ``covered``,
        ``mean_width`` and ``level``.
    rows : pandas.DataFrame
        Per held-out row: ``y``, ``predicted`` (posterior mean), ``lower``, ``upper``, ``inside``.
    """
    y = np.asarray(y_test, dtype=float)
    mean = estimator.predict(X_test)
    bounds = estimator.predict_interval(X_test, level=level)
    inside = (bounds[:, 0] <= y) & (y <= bounds[:, 1])
    mode = None
    if getattr(estimator, "coef_map_", None) is not None:
        mode = np.asarray(X_test, dtype=float) @ estimator.coef_map_ + estimator.intercept_map_
    baseline = np.full_like(y, float(np.mean(y_train)))
    summary = {
        "n": int(y.size),
        "rmse_mean": _rmse(mean, y),
        "rmse_map": None if mode is None else _rmse(mode, y),
        "rmse_baseline": _rmse(baseline, y),
        "coverage": float(inside.mean()),
        "covered": int(inside.sum()),
        "mean_width": float(np.mean(bounds[:, 1] - bounds[:, 0])),
        "level": float(level),
    }
    for key in ("mean", "map", "baseline"):
        value = summary[f"rmse_{key}"]
        summary[f"mse_{key}"] = None if value is None else value**2
    rows = pd.DataFrame({"y": y, "predicted": mean, "lower": bounds[:, 0], "upper": bounds[:, 1], "inside": inside},
                        index=X_test.index)
    rows.index.name = "data_row"
    rows.index = rows.index + 1  # 1-based, as the messages count data rows
    return summary, rows


def format_heldout(summary: dict, how: str) -> str:
    """The printed line, e.g. ``held-out (--test-where ...): 30 rows; RMSE ...; 95% interval covers 28/30``."""
    s = summary
    mode = "" if s["rmse_map"] is None else f", MAP {s['rmse_map']:.4g}"
    return (f"held-out ({how}): {s['n']} rows; RMSE posterior mean {s['rmse_mean']:.4g}{mode}, training mean "
            f"{s['rmse_baseline']:.4g} (baseline); {s['level']:.0%} predictive interval covers {s['covered']}/"
            f"{s['n']} ({s['coverage']:.0%}), mean width {s['mean_width']:.4g}")
