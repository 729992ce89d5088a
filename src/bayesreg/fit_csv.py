"""``bayesreg fit DATA.csv``: load a table, fit one model, write the results."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .tuning import MODELS, choose_alpha

__all__ = ["load_table", "run_fit", "FitResult", "feature_scales", "scale_note", "SCALE_RATIO_NOTE"]


@dataclass
class FitResult:
    """What ``bayesreg fit`` produced."""

    estimator: object
    table: pd.DataFrame
    alpha: float
    features: list
    n_dropped_rows: int
    files: list
    scale: pd.DataFrame | None = None


def load_table(path, target: str, features=None, *, dropna: bool = False, echo=print):
    """Read a CSV file and split it into ``X`` (numeric features) and ``y``.

    Parameters
    ----------
    path : path-like
        A CSV file with a header row.
    target : str
        Column holding ``y``.
    features : list of str, optional
        Columns for ``X``. Default: every other numeric column; non-numeric and constant
        ones are skipped with a note (a constant column tells nothing about ``y`` when there
        is an intercept; named here, it is kept and the fit warns).
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
        fewer than 2 complete rows, or no usable feature.
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
    if frame.shape[0] == 0:
        raise ValueError(f"{path.name} has a header but no data rows.")
    if target not in columns:
        hint = ""
        if len(columns) == 1 and any(sep in columns[0] for sep in ";\t|"):
            hint = " (the file looks separated by something other than commas; save it as comma-separated)"
        raise ValueError(f"--target {target!r} is not a column of {path.name}; columns: {columns}{hint}")
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(frame[c])}  # bools count as 0/1
    if target not in numeric:
        raise ValueError(f"--target column {target!r} is not numeric ({_first_text(frame[target])}).")
    if features:
        unknown = [f for f in features if f not in columns]
        if unknown:
            raise ValueError(f"--features {unknown} not in {path.name}; columns: {columns}")
        if target in features:
            raise ValueError(f"--features includes the target column {target!r}.")
        text = [f for f in features if f not in numeric]
        if text:
            raise ValueError(f"--features column(s) {text} are not numeric ({_first_text(frame[text[0]])}); "
                             "encode them as numbers or leave them out.")
        used = list(features)
    else:
        used = [c for c in columns if c != target and c in numeric]
        skipped = [c for c in columns if c != target and c not in numeric]
        if skipped:
            echo(f"note: skipping non-numeric column(s) {skipped}; encode them as numbers to use them.")
            for c in skipped:  # a numeric column spoiled by a few stray cells is probably a typo
                parsed = pd.to_numeric(frame[c], errors="coerce")
                if parsed.notna().sum() >= 0.9 * frame[c].notna().sum():
                    echo(f"note: column {c!r} is numeric except for a few cells ({_first_text(frame[c])}); "
                         "fix them to use it.")
    if not used:
        raise ValueError(f"no numeric feature columns in {path.name} besides the target {target!r}.")
    data = frame[used + [target]]
    missing = data.isna()
    n_dropped = 0
    if missing.to_numpy().any():
        if not dropna:
            row, col = np.argwhere(missing.to_numpy())[0]
            raise ValueError(
                f"missing value in column {data.columns[col]!r} at data row {row + 1} (line {row + 2} of "
                f"{path.name}; {int(missing.any(axis=1).sum())} row(s) affected); pass --dropna to drop them."
            )
        keep = ~missing.any(axis=1)
        n_dropped = int((~keep).sum())
        data = data[keep]
        echo(f"note: dropped {n_dropped} row(s) with missing values (--dropna).")
    if len(data) < 2:
        raise ValueError(f"need at least 2 complete rows in {path.name}; got {len(data)}.")
    if not features:
        # Constant columns carry no information with an intercept: their posterior would be the prior
        # (an arbitrarily wide interval). Skipped like text columns; name one in --features to keep it.
        const = [c for c in used if data[c].nunique() <= 1]
        if const:
            used = [c for c in used if c not in const]
            echo(f"note: skipping constant column(s) {const} (no information about {target!r}).")
            if not used:
                raise ValueError(f"every numeric feature column of {path.name} is constant; nothing to regress on.")
    X = data[used].astype(float)
    y = data[target].astype(float)
    inf = ~np.isfinite(data[used + [target]].to_numpy(dtype=float))
    if inf.any():
        row, col = np.argwhere(inf)[0]
        name = (used + [target])[col]
        raise ValueError(
            f"infinite value in column {name!r} at data row {data.index[row] + 1} (line {data.index[row] + 2} of "
            f"{path.name}); replace it or drop the row."
        )
    return X, y, n_dropped


def _first_text(column: pd.Series) -> str:
    """``row N has 'abc'`` for the first entry of a column that does not parse as a number."""
    bad = pd.to_numeric(column, errors="coerce").isna() & column.notna()
    if not bad.any():
        return "no numeric values"
    row = int(np.flatnonzero(bad.to_numpy())[0])
    return f"data row {row + 1} has {column.iloc[row]!r}"


#: Ratio of the largest to the smallest feature standard deviation above which ``bayesreg fit``
#: suggests ``--standardize`` (the penalties of ridge / lasso / elastic net are scale-dependent).
SCALE_RATIO_NOTE = 1e3


def feature_scales(X: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard deviation (``ddof=0``, as ``StandardScaler``) of each column.

    A constant column gets ``sd = 1`` so that standardizing leaves it constant (and the
    fit warns about it) instead of dividing by zero.
    """
    mean, sd = X.mean(axis=0), X.std(axis=0, ddof=0)
    return pd.DataFrame({"mean": mean, "sd": sd.where(sd > 0, 1.0)})


def scale_note(X: pd.DataFrame) -> str | None:
    """One line suggesting ``--standardize`` when column sds differ by more than :data:`SCALE_RATIO_NOTE`."""
    sd = X.std(axis=0, ddof=0)
    sd = sd[sd > 0]
    if sd.size < 2 or sd.max() <= SCALE_RATIO_NOTE * sd.min():
        return None
    lo, hi = sd.idxmin(), sd.idxmax()
    return (f"note: feature scales differ by {sd.max() / sd.min():.1e}x (sd of {hi!r} = {sd.max():.3g}, of "
            f"{lo!r} = {sd.min():.3g}); the penalty treats a unit of each feature alike, so small-scale "
            "features are shrunk far more. Consider --standardize (coefficients then per sd).")


def run_fit(
    path, *, target, features=None, model="lasso", alpha="auto", l1_ratio=0.5, sampler="auto",
    draws=1000, tune=1000, chains=2, cores=None, seed=0, out="bayesreg-fit", dropna=False,
    standardize=False, progressbar=True, echo=print,
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
    standardize : bool, default=False
        Z-score every feature (mean 0, sd 1, ``ddof=0``) before fitting: the penalty then
        treats features alike whatever their units, and each coefficient is the change in
        ``y`` per standard deviation of its feature (said in the output and in
        ``summary.json``, which also stores each feature's mean and sd). Otherwise a note
        suggests it when feature sds differ by more than :data:`SCALE_RATIO_NOTE`.
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
    from .summary import compare_estimates, format_r_hat

    if model not in MODELS:
        raise ValueError(f"--model must be one of {MODELS}; got {model!r}.")
    X, y, n_dropped = load_table(path, target, features, dropna=dropna, echo=echo)
    if np.ptp(y.to_numpy()) == 0.0:  # before any cross-validation or sampling
        raise ValueError(f"the target {target!r} is constant (every value is {y.iloc[0]:g}): nothing to regress.")
    if model != "elasticnet" and l1_ratio != 0.5:
        echo(f"note: --l1-ratio applies to --model elasticnet only; ignored for {model}.")
    out = Path(out)
    try:  # before the fit: an unwritable --out should fail in a second, not after sampling
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"cannot create the --out folder {out}: {exc.strerror or exc}") from None
    scale = None
    if standardize:
        scale = feature_scales(X)
        X = (X - scale["mean"]) / scale["sd"]
        echo("note: features standardized (--standardize): each coefficient is per standard deviation "
             "of its feature; summary.json has each feature's mean and sd.")
    else:
        note = scale_note(X)
        if note:
            echo(note)
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
    echo(f"fitting Bayesian {model} (alpha = {alpha:.6g}) on {X.shape[0]} rows x {X.shape[1]} features; "
         f"sampler {sampler}, {chains} chains x {draws} draws ...")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        estimator.fit(X, y)
        table = compare_estimates(estimator, X, y)
    seen = set()
    for w in caught:  # every warning once, as one line (pytest-style duplicates dropped)
        text = " ".join(str(w.message).split())
        if text not in seen:
            seen.add(text)
            echo(f"warning: {text}")
    files = [out / "summary.csv", out / "summary.json", out / "forest.png", out / "posterior.nc"]
    table.to_csv(files[0])
    meta = {
        "data": str(path),
        "target": target,
        "features": list(X.columns),
        "model": model,
        "alpha": alpha,
        "l1_ratio": l1_ratio if model == "elasticnet" else None,
        "standardized": bool(standardize),
        "coefficient_units": ("per standard deviation of the feature" if standardize
                              else "per unit of the feature (as in the CSV)"),
        "feature_scale": (None if scale is None else
                          {c: {"mean": float(scale.loc[c, "mean"]), "sd": float(scale.loc[c, "sd"])}
                           for c in scale.index}),
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
        **{k: (float(v) if not isinstance(v, (int, bool, str)) else v) for k, v in table.attrs.items()},
        "coefficients": json.loads(table.to_json(orient="index")),
    }
    files[1].write_text(json.dumps(meta, indent=2))
    ax = plot_forest(table, title=f"Bayesian {model} (alpha = {alpha:.4g})"
                                  + (", standardized features" if standardize else ""))
    ax.legend(loc="best", fontsize=8)
    ax.figure.tight_layout()
    ax.figure.savefig(files[2], dpi=110)
    plt.close(ax.figure)
    # netCDF attributes cannot be bools: record the units of coef as text next to the data.
    estimator.idata_.posterior.attrs["coef_units"] = meta["coefficient_units"]
    estimator.idata_.to_netcdf(str(files[3]))
    shown = table[["twin", "map", "mean", "median", "eti_lower", "eti_upper", "p_positive"]] + 0.0  # no "-0"
    echo(shown.to_string(float_format=lambda v: f"{v:10.4g}"))
    a = table.attrs
    echo(
        f"max |MAP - twin| / max |twin| = {a['max_rel_map_twin']:.2e}   max r_hat = {format_r_hat(a['r_hat'])}   "
        f"min ess_bulk = {a['ess_bulk']:.0f}   divergences = {a['divergences']}   "
        f"(sampler {meta['sampler']})"
    )
    if standardize:
        echo("coefficients are per standard deviation of each feature (--standardize).")
    echo(f"wrote {', '.join(f.name for f in files)} to {out}/")
    return FitResult(estimator=estimator, table=table, alpha=float(alpha), features=list(X.columns),
                     n_dropped_rows=n_dropped, files=files, scale=scale)
