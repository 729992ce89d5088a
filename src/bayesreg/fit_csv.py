"""``bayesreg fit DATA.csv``: load a table, fit one model, write the results."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .tuning import MODELS, choose_alpha

__all__ = ["load_table", "run_fit", "FitResult"]


@dataclass
class FitResult:
    """What ``bayesreg fit`` produced."""

    estimator: object
    table: pd.DataFrame
    alpha: float
    features: list
    n_dropped_rows: int
    files: list


def load_table(path, target: str, features=None, *, dropna: bool = False, echo=print):
    """Read a CSV file and split it into ``X`` (numeric features) and ``y``.

    Parameters
    ----------
    path : path-like
        A CSV file with a header row.
    target : str
        Column holding ``y``.
    features : list of str, optional
        Columns for ``X``. Default: every other numeric column; non-numeric ones are
        skipped with a note.
    dropna : bool, default=False
        Drop rows with a missing value in the used columns (reported) instead of failing.
    echo : callable
        Where notes are printed.

    Returns
    -------
    X : pandas.DataFrame of shape (n_samples, n_features)
    y : pandas.Series of shape (n_samples,)
    n_dropped : int

    Raises
    ------
    ValueError
        Unreadable file, unknown columns, a non-numeric column named in ``features``
        or as ``target``, missing values without ``dropna`` (naming row and column),
        or no usable feature.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError:
        raise ValueError(f"cannot read {path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path} as CSV: {exc}") from None
    columns = [str(c) for c in frame.columns]
    frame.columns = columns
    if target not in columns:
        raise ValueError(f"--target {target!r} is not a column of {path.name}; columns: {columns}")
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(frame[c])}  # bools count as 0/1
    if target not in numeric:
        raise ValueError(f"--target column {target!r} is not numeric (e.g. {frame[target].dropna().iloc[0]!r}).")
    if features:
        unknown = [f for f in features if f not in columns]
        if unknown:
            raise ValueError(f"--features {unknown} not in {path.name}; columns: {columns}")
        if target in features:
            raise ValueError(f"--features includes the target column {target!r}.")
        text = [f for f in features if f not in numeric]
        if text:
            raise ValueError(f"--features column(s) {text} are not numeric; encode them or leave them out.")
        used = list(features)
    else:
        used = [c for c in columns if c != target and c in numeric]
        skipped = [c for c in columns if c != target and c not in numeric]
        if skipped:
            echo(f"note: skipping non-numeric column(s) {skipped} (name numeric ones with --features).")
    if not used:
        raise ValueError(f"no numeric feature columns in {path.name} besides the target {target!r}.")
    data = frame[used + [target]]
    missing = data.isna()
    n_dropped = 0
    if missing.to_numpy().any():
        if not dropna:
            row, col = np.argwhere(missing.to_numpy())[0]
            raise ValueError(
                f"missing value in column {data.columns[col]!r} at data row {row + 1} "
                f"({int(missing.any(axis=1).sum())} row(s) affected); pass --dropna to drop them."
            )
        keep = ~missing.any(axis=1)
        n_dropped = int((~keep).sum())
        data = data[keep]
        echo(f"note: dropped {n_dropped} row(s) with missing values (--dropna).")
    X = data[used].astype(float)
    y = data[target].astype(float)
    return X, y, n_dropped


def run_fit(
    path, *, target, features=None, model="lasso", alpha="auto", l1_ratio=0.5, sampler="auto",
    draws=1000, tune=1000, chains=2, cores=None, seed=0, out="bayesreg-fit", dropna=False,
    progressbar=True, echo=print,
) -> FitResult:
    """Fit one Bayesian model to a CSV file and write ``summary.csv``, ``summary.json``,
    ``forest.png`` and ``posterior.nc`` (InferenceData, netCDF) to ``out``.

    Parameters
    ----------
    path, target, features, dropna
        As in :func:`load_table`.
    model : {"ridge", "lasso", "elasticnet"}
    alpha : float or "auto"
        "auto": the twin's 5-fold cross-validated alpha (:func:`bayesreg.tuning.choose_alpha`).
    l1_ratio : float
    sampler, draws, tune, chains, cores, seed, progressbar
        Passed to the estimator (``seed`` is its ``random_state``).
    out : path-like
    echo : callable

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError
        Bad data or parameters (see :func:`load_table` and the estimators).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .estimators import BayesElasticNet, BayesLasso, BayesRidge
    from .plots import plot_forest
    from .summary import compare_estimates

    if model not in MODELS:
        raise ValueError(f"--model must be one of {MODELS}; got {model!r}.")
    X, y, n_dropped = load_table(path, target, features, dropna=dropna, echo=echo)
    if isinstance(alpha, str):
        if alpha != "auto":
            raise ValueError(f"--alpha must be a positive number or 'auto'; got {alpha!r}.")
        alpha = choose_alpha(model, X, y, l1_ratio=l1_ratio)
        echo(f"alpha = {alpha:.6g} (the {model} twin's 5-fold cross-validated choice)")
    common = dict(sampler=sampler, draws=draws, tune=tune, chains=chains, cores=cores, random_state=seed,
                  progressbar=progressbar)
    estimator = {
        "ridge": lambda: BayesRidge(alpha=alpha, **common),
        "lasso": lambda: BayesLasso(alpha=alpha, **common),
        "elasticnet": lambda: BayesElasticNet(alpha=alpha, l1_ratio=l1_ratio, **common),
    }[model]()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        estimator.fit(X, y)
        table = compare_estimates(estimator, X, y)
    for w in caught:
        if issubclass(w.category, UserWarning):
            echo(f"warning: {w.message}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "summary.csv", out / "summary.json", out / "forest.png", out / "posterior.nc"]
    table.to_csv(files[0])
    meta = {
        "data": str(path),
        "target": target,
        "features": list(X.columns),
        "model": model,
        "alpha": alpha,
        "l1_ratio": l1_ratio if model == "elasticnet" else None,
        "n_samples": int(X.shape[0]),
        "rows_dropped": n_dropped,
        "sampler": estimator.idata_.posterior.attrs.get("sampler"),
        "draws": draws,
        "tune": tune,
        "chains": chains,
        "seed": seed,
        "intercept_map": estimator.intercept_map_,
        "intercept_mean": estimator.intercept_,
        "sigma_mean": estimator.sigma_,
        **{k: (float(v) if not isinstance(v, (int, bool)) else v) for k, v in table.attrs.items()},
        "coefficients": json.loads(table.to_json(orient="index")),
    }
    files[1].write_text(json.dumps(meta, indent=2))
    ax = plot_forest(table, title=f"Bayesian {model} (alpha = {alpha:.4g})")
    ax.legend(loc="best", fontsize=8)
    ax.figure.tight_layout()
    ax.figure.savefig(files[2], dpi=110)
    plt.close(ax.figure)
    estimator.idata_.to_netcdf(str(files[3]))
    shown = table[["twin", "map", "mean", "median", "eti_lower", "eti_upper", "p_positive"]]
    echo(shown.to_string(float_format=lambda v: f"{v:10.4g}"))
    a = table.attrs
    echo(
        f"max |MAP - twin| / max |twin| = {a['max_rel_map_twin']:.2e}   max r_hat = {a['r_hat']:.3f}   "
        f"min ess_bulk = {a['ess_bulk']:.0f}   divergences = {a['divergences']}"
    )
    echo(f"wrote {', '.join(f.name for f in files)} to {out}/")
    return FitResult(estimator=estimator, table=table, alpha=float(alpha), features=list(X.columns),
                     n_dropped_rows=n_dropped, files=files)
