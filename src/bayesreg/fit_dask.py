"""``bayesreg fit 'data/*.parquet' --target y``: data beyond memory, through ``dask.dataframe``.

Taken instead of :func:`bayesreg.fit_csv.run_fit` when ``DATA`` is a glob pattern or a folder, or a
single file larger than :data:`OUT_OF_CORE_BYTES`. The files are read by ``dask.dataframe``
(Parquet, or delimited text in blocks) and reduced to :class:`~bayesreg.SufficientStatistics` in one
pass with a progress bar over the chunks; the model is then fitted from the statistics. What needs
the rows in memory (cross-validated ``--alpha auto``, held-out rows, ``--standardize``, non-Gaussian
likelihoods) is refused in command-line terms.
"""

from __future__ import annotations

import glob
import json
import os
from pathlib import Path

from ._stats import SufficientStatistics
from .fit_csv import FitResult, _alpha_words, _check_model_options, _json_attrs, _write_forest, make_estimator
from .summary import compare_estimates, format_r_hat

__all__ = ["OUT_OF_CORE_BYTES", "wants_dask", "run_fit_dask"]

#: A single data file larger than this (bytes) is read through dask.dataframe.
OUT_OF_CORE_BYTES = 2 * 2**30
_PARQUET = (".parquet", ".pq")


def _files(data: str) -> list[str]:
    path = Path(data)
    if path.is_dir():
        return sorted(str(p) for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "_")))
    return sorted(glob.glob(data)) if glob.has_magic(data) else ([data] if path.is_file() else [])


def wants_dask(data: str) -> bool:
    """Whether ``bayesreg fit DATA`` reads through dask: a glob pattern, a folder, or a file over the threshold."""
    path = Path(data)
    if glob.has_magic(data) or path.is_dir():
        return True
    return path.is_file() and path.stat().st_size > OUT_OF_CORE_BYTES


def _refuse_row_options(alpha, likelihood, test_where, holdout, standardize, dropna, sampler):
    row_only = [("--test-where", test_where is not None), ("--holdout", holdout is not None),
                ("--standardize", standardize), ("--dropna", dropna), ("--likelihood", likelihood is not None),
                ("--alpha auto", isinstance(alpha, str) and alpha == "auto"), ("--sampler nuts", sampler == "nuts")]
    used = [name for name, on in row_only if on]
    if used:
        raise ValueError(f"{', '.join(used)} need(s) the rows in memory; data read through dask (a glob, a folder "
                         "or a large file) are fitted from their sufficient statistics: give --alpha NUMBER, "
                         "empirical_bayes or gamma:SHAPE,RATE and a Gaussian likelihood, or fit one file.")


def _read(files, sep):
    try:
        import dask.dataframe as dd  # lazy: dask is the optional extra bayesreg[dask]
    except ImportError:
        raise ValueError("reading a glob, a folder or a large file needs Dask: pip install 'bayesreg[dask]'") from None
    if all(Path(f).suffix.lower() in _PARQUET for f in files):
        return dd.read_parquet(files), "Parquet"
    if any(Path(f).suffix.lower() in _PARQUET for f in files):
        raise ValueError("DATA mixes Parquet and text files; give one kind.")
    return dd.read_csv(files, sep=sep or ",", blocksize="64MB"), "delimited text"


def run_fit_dask(
    data, *, target, features=None, sep=None, where=None, test_where=None, holdout=None, model="lasso",
    alpha=None, l1_ratio=None, laplace_form="alpha", sigma_prior=None, likelihood=None, global_scale=None,
    level=0.95, sampler="auto", draws=1000, tune=1000, chains=2, seed=0, out="bayesreg-fit", dropna=False,
    standardize=False, progressbar=True, echo=print,
) -> FitResult:
    """Fit one model to files read through ``dask.dataframe``; write ``summary.csv``, ``summary.json``,
    ``forest.png`` and ``posterior.nc`` to ``out``.

    Parameters
    ----------
    data : str
        A glob pattern (``'data/*.parquet'``), a folder, or one large file.
    target, features, sep, where, model, alpha, l1_ratio, laplace_form, sigma_prior, global_scale, level,
    sampler, draws, tune, chains, seed, out, progressbar, echo
        As :func:`bayesreg.fit_csv.run_fit`; ``alpha`` defaults to ``"empirical_bayes"`` (cross-validation
        needs the rows), ``where`` is a pandas query run by dask on each partition.
    test_where, holdout, likelihood, standardize, dropna
        Refused when given (they need the rows in memory).

    Returns
    -------
    FitResult
        ``n_dropped_rows`` is 0 and ``cv`` None.

    Raises
    ------
    ValueError
        No file matches, Dask missing, a missing or non-numeric column, NaN/inf (naming the partition,
        its row and the column), or an option that needs the rows.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    model = {"enet": "elasticnet"}.get(model, model)
    _refuse_row_options(alpha, likelihood, test_where, holdout, standardize, dropna, sampler)
    if model != "horseshoe" and alpha is None:
        alpha = "empirical_bayes"
        echo("note: alpha by empirical Bayes (--alpha auto cross-validates on rows, which are not in memory here).")
    _check_model_options(model, alpha, laplace_form, sampler, l1_ratio, global_scale, None, echo)
    files = _files(data)
    if not files:
        raise ValueError(f"no data file matches {data!r}")
    frame, kind = _read(files, sep)
    if target not in frame.columns:
        raise ValueError(f"no column {target!r} in {data} (columns: {', '.join(map(str, frame.columns[:20]))})")
    columns = list(features) if features else [c for c in frame.columns if c != target]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"--features names unknown column(s) {missing} in {data}")
    if where:
        frame = frame.query(where)
    frame = frame[[*columns, target]]
    echo(f"reading {len(files)} {kind} file(s) through dask.dataframe ({frame.npartitions} partitions) ...")
    stats = SufficientStatistics.from_dask(frame, target, progress=progressbar)
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"cannot create the --out folder {out}: {exc.strerror or exc}") from None
    l1_ratio = 0.5 if l1_ratio is None else l1_ratio
    global_scale = 1.0 if global_scale is None else global_scale
    estimator = make_estimator(model, alpha, l1_ratio=l1_ratio, laplace_form=laplace_form, sigma_prior=sigma_prior,
                               global_scale=global_scale, sampler=sampler, draws=draws, tune=tune, chains=chains,
                               seed=seed)
    echo(f"fitting Bayesian {model} from the sufficient statistics of {stats.n_rows:,} rows x {stats.n_features} "
         f"features; sampler {sampler}, {chains} chains x {draws} draws ...")
    estimator.fit(stats)
    table = compare_estimates(estimator, None, None, level=level)
    words = _alpha_words(estimator, alpha)
    if words:
        echo(words)
    files_out = [out / "summary.csv", out / "summary.json", out / "forest.png", out / "posterior.nc"]
    table.to_csv(files_out[0])
    fitted_alpha = getattr(estimator, "alpha_", None)
    meta = {
        "data": str(data), "files": len(files), "read": f"{kind} through dask.dataframe", "target": target,
        "features": columns, "where": where, "model": model,
        "alpha": None if fitted_alpha is None else float(fitted_alpha),
        "alpha_strategy": getattr(estimator, "alpha_strategy_", None),
        "n_samples": int(stats.n_rows), "sampler": estimator.idata_.posterior.attrs.get("sampler"),
        "draws": draws, "tune": tune, "chains": chains, "seed": seed, "level": level,
        "intercept_map": getattr(estimator, "intercept_map_", None), "intercept_mean": estimator.intercept_,
        "sigma_mean": estimator.sigma_,
        **_json_attrs(table),
        "coefficients": json.loads(table.to_json(orient="index")),
    }
    files_out[1].write_text(json.dumps(meta, indent=2))
    title = f"Bayesian {model}" + ("" if fitted_alpha is None else f" (alpha = {fitted_alpha:.4g})")
    _write_forest(table, title + f", {stats.n_rows:,} rows", files_out[2], plt)
    estimator.idata_.to_netcdf(os.fspath(files_out[3]))
    cols = (["map"] if getattr(estimator, "coef_map_", None) is not None else []) + [
        "mean", "median", "eti_lower", "eti_upper", "p_positive"]
    shown = (table[cols] + 0.0).rename(columns={"eti_lower": f"{level:.0%} low", "eti_upper": f"{level:.0%} high"})
    echo(shown.to_string(float_format=lambda v: f"{v:10.4g}"))
    a = table.attrs
    echo(f"no scikit-learn twin (it needs the rows)   max r_hat = {format_r_hat(a['r_hat'])}   "
         f"min ess_bulk = {a['ess_bulk']:.0f}   (sampler {meta['sampler']})")
    echo(f"wrote {', '.join(f.name for f in files_out)} to {out}/")
    return FitResult(estimator=estimator, table=table, alpha=None if fitted_alpha is None else float(fitted_alpha),
                     features=columns, n_dropped_rows=0, files=files_out)
