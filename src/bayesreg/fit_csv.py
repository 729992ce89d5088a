"""``bayesreg fit DATA``: load a table, fit one model, write the results.

The functions here are the command's engine (messages name the command-line options);
:mod:`bayesreg.cli.fit` only parses the arguments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._heldout import format_heldout, heldout_report
from ._tabular import index_like_columns, read_table, row_counter_columns, select_rows
from .estimators import BayesElasticNet, BayesHorseshoe, BayesLasso, BayesRegression, BayesRidge
from .hyperpriors import Hyperprior
from .priors import ElasticNetPrior, GaussianPrior, HorseshoePrior, LaplacePrior
from .plots import plot_forest
from .summary import compare_estimates, format_r_hat
from .tuning import DEFAULT_CV_RULE, cross_validate_alpha

__all__ = ["load_table", "run_fit", "make_estimator", "Dataset", "FitResult", "FIT_MODELS", "feature_scales",
           "scale_note", "SCALE_RATIO_NOTE"]

#: ``--model`` values; "enet" is also accepted for "elasticnet".
FIT_MODELS = ("ridge", "lasso", "elasticnet", "horseshoe")
_ALIASES = {"enet": "elasticnet"}


@dataclass
class Dataset:
    """The rows and columns ``bayesreg fit`` uses.

    Attributes
    ----------
    X : pandas.DataFrame of shape (n_samples, n_features)
    y : pandas.Series of shape (n_samples,)
    X_test, y_test : pandas.DataFrame and Series, or None
        Held-out rows (``test_where`` or ``holdout``), same columns as ``X``.
    n_dropped : int
        Rows dropped for missing values (``dropna``), training and held-out together.
    heldout : str or None
        How the held-out rows were chosen, in command-line terms.
    read : str
        What was read (separator, shape).
    skipped_index : list of str
        Index-like columns left out.

    Index labels are 0-based data rows of the file (data row ``i + 1``, line ``i + 2``).
    """

    X: pd.DataFrame
    y: pd.Series
    X_test: pd.DataFrame | None = None
    y_test: pd.Series | None = None
    n_dropped: int = 0
    heldout: str | None = None
    read: str = ""
    skipped_index: list | None = None


@dataclass
class FitResult:
    """What ``bayesreg fit`` produced."""

    estimator: object
    table: pd.DataFrame
    alpha: float | None
    features: list
    n_dropped_rows: int
    files: list
    scale: pd.DataFrame | None = None
    cv: object = None
    heldout: dict | None = None


def _first_text(column: pd.Series) -> str:
    """``data row N has 'abc'`` for the first entry of a column that does not parse as a number."""
    bad = pd.to_numeric(column, errors="coerce").isna() & column.notna()
    if not bad.any():
        return "no numeric values"
    row = int(np.flatnonzero(bad.to_numpy())[0])
    return f"data row {column.index[row] + 1} has {column.iloc[row]!r}"


def _locate(path: Path, label, extra: str = "") -> str:
    """Where data row ``label`` (0-based) is, for messages: ``data row 11 (line 12 of x.csv; extra)``."""
    if path.suffix.lower() in (".parquet", ".pq"):
        return f"row {label + 1} of {path.name}" + (f" ({extra})" if extra else "")
    return f"data row {label + 1} (line {label + 2} of {path.name}" + (f"; {extra}" if extra else "") + ")"


def _complete(data: pd.DataFrame, path: Path, dropna: bool, what: str, echo):
    """``data`` without rows that have a missing value (only with ``dropna``; else a ValueError)."""
    missing = data.isna()
    if not missing.to_numpy().any():
        return data, 0
    if not dropna:
        row, col = np.argwhere(missing.to_numpy())[0]
        affected = f"{int(missing.any(axis=1).sum())} row(s) affected"
        raise ValueError(f"missing value in column {data.columns[col]!r} at "
                         f"{_locate(path, data.index[row], affected)}; pass --dropna to drop them.")
    keep = ~missing.any(axis=1)
    echo(f"note: dropped {int((~keep).sum())} {what}row(s) with missing values (--dropna).")
    return data[keep], int((~keep).sum())


def _check_finite(data: pd.DataFrame, path: Path) -> None:
    inf = ~np.isfinite(data.to_numpy(dtype=float))
    if inf.any():
        row, col = np.argwhere(inf)[0]
        raise ValueError(f"infinite value in column {data.columns[col]!r} at {_locate(path, data.index[row])}; "
                         "replace it or drop the row.")


def _choose_features(frame, target, features, numeric, name, echo):
    columns = list(frame.columns)
    if features:
        unknown = [f for f in features if f not in columns]
        if unknown:
            hint = ""
            split = [part.strip() for f in unknown if "," in f for part in f.split(",") if part.strip()]
            if split and all(part in columns for part in split):
                hint = f" (separate column names with spaces: --features {' '.join(split)})"
            raise ValueError(f"--features {unknown} not in {name}; columns: {columns}{hint}")
        if target in features:
            raise ValueError(f"--features includes the target column {target!r}.")
        text = [f for f in features if f not in numeric]
        if text:
            raise ValueError(f"--features column(s) {text} are not numeric ({_first_text(frame[text[0]])}); "
                             "encode them as numbers or leave them out.")
        return list(features), []
    index = [c for c in index_like_columns(frame) if c != target]
    if index:
        echo(f"note: skipping index-like column(s) {index} (row names or row numbers, not measurements); "
             "name them in --features to use them.")
    used = [c for c in columns if c != target and c in numeric and c not in index]
    skipped = [c for c in columns if c != target and c not in numeric and c not in index]
    if skipped:
        echo(f"note: skipping non-numeric column(s) {skipped}; encode them as numbers to use them.")
        for c in skipped:  # a numeric column spoiled by a few stray cells is probably a typo
            parsed = pd.to_numeric(frame[c], errors="coerce")
            if parsed.notna().sum() >= 0.9 * frame[c].notna().sum():
                echo(f"note: column {c!r} is numeric except for a few cells ({_first_text(frame[c])}); "
                     "fix them to use it.")
    counters = row_counter_columns(frame, used)
    if counters:
        echo(f"note: column(s) {counters} count the rows in file order (1..n or 0..n-1); if they are row "
             "numbers, leave them out with --features.")
    return used, index


def _split_rows(frame, where, test_where, holdout, seed, echo):
    """Boolean masks (training, held-out or None) and how the held-out rows were chosen."""
    n = len(frame)
    train = select_rows(frame, where) if where else pd.Series(True, index=frame.index)
    if where:
        echo(f"note: --where {where!r} keeps {int(train.sum())} of {n} rows.")
    if test_where:
        test = select_rows(frame, test_where, "--test-where")
        both = train & test
        if both.any():
            first = int(np.flatnonzero(both.to_numpy())[0]) + 1
            raise ValueError(f"--where and --test-where both select {int(both.sum())} row(s) (first: data row "
                             f"{first}); held-out rows must not be fitted.")
        echo(f"note: --test-where {test_where!r} holds out {int(test.sum())} rows.")
        return train, test, f"--test-where {test_where!r}"
    if holdout is not None:
        chosen = np.flatnonzero(train.to_numpy())
        k = int(round(holdout * chosen.size))
        if k < 1 or chosen.size - k < 2:
            raise ValueError(f"--holdout {holdout:g} of {chosen.size} rows leaves {k} held-out and "
                             f"{chosen.size - k} training rows; need at least 1 and 2.")
        picked = np.random.default_rng(seed).choice(chosen, size=k, replace=False)
        test = pd.Series(False, index=frame.index)
        test.iloc[picked] = True
        train = train & ~test
        echo(f"note: --holdout {holdout:g} holds out {k} random rows (seed {seed}).")
        return train, test, f"--holdout {holdout:g}, seed {seed}"
    return train, None, None


def load_table(path, target: str, features=None, *, sep: str | None = None, where: str | None = None,
               test_where: str | None = None, holdout: float | None = None, seed: int = 0,
               dropna: bool = False, echo=print) -> Dataset:
    """Read a data file and split it into ``X`` (numeric features) and ``y`` (and held-out rows).

    Parameters
    ----------
    path : path-like
        Delimited text with a header row (comma, semicolon, tab, pipe or whitespace;
        detected) or Parquet (``.parquet``, ``.pq``).
    target : str
        Column holding ``y``.
    features : list of str, optional
        Columns for ``X``. Default: every other numeric column, except index-like ones
        (:func:`bayesreg._tabular.index_like_columns`) and constant ones, each skipped
        with a note (a constant column tells nothing about ``y`` when there is an
        intercept; named here, it is kept and the fit warns).
    sep : str, optional
        pandas separator; default detected (:func:`bayesreg._tabular.detect_separator`).
    where : str, optional
        pandas query selecting the training rows, e.g. ``"train == 'T'"``.
    test_where : str, optional
        pandas query selecting held-out rows (disjoint from ``where``'s).
    holdout : float, optional
        Fraction in (0, 1) of the selected rows held out at random (``seed``).
    seed : int
        Seed of ``holdout``.
    dropna : bool, default=False
        Drop rows with a missing value in the used columns (reported) instead of failing.
    echo : callable
        Where notes are printed.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        Unreadable file, unknown columns, a non-numeric column named in ``features``
        or as ``target``, a bad row filter, missing values without ``dropna`` (naming row
        and column), fewer than 2 complete rows, or no usable feature.
    """
    path = Path(path)
    frame, described = read_table(path, sep)
    echo(f"read {path.name}: {described}")
    columns = list(frame.columns)
    if frame.shape[0] == 0:
        raise ValueError(f"{path.name} has a header but no data rows.")
    if target not in columns:
        hint = " (the file splits into one column: pass --sep)" if len(columns) == 1 else ""
        raise ValueError(f"--target {target!r} is not a column of {path.name}; columns: {columns}{hint}")
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(frame[c])}  # bools count as 0/1
    if target not in numeric:
        raise ValueError(f"--target column {target!r} is not numeric ({_first_text(frame[target])}).")
    used, index = _choose_features(frame, target, features, numeric, path.name, echo)
    if not used:
        raise ValueError(f"no numeric feature columns in {path.name} besides the target {target!r}.")
    train, test, heldout = _split_rows(frame, where, test_where, holdout, seed, echo)
    data, n_dropped = _complete(frame.loc[train, used + [target]], path, dropna, "", echo)
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
            data = data[used + [target]]
    _check_finite(data, path)
    X_test = y_test = None
    if test is not None:
        held, dropped = _complete(frame.loc[test, used + [target]], path, dropna, "held-out ", echo)
        if len(held) == 0:
            raise ValueError("no complete held-out rows left.")
        _check_finite(held, path)
        n_dropped += dropped
        X_test, y_test = held[used].astype(float), held[target].astype(float)
    return Dataset(X=data[used].astype(float), y=data[target].astype(float), X_test=X_test, y_test=y_test,
                   n_dropped=n_dropped, heldout=heldout, read=described, skipped_index=index)


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


def _check_model_options(model, alpha, laplace_form, sampler, l1_ratio, global_scale, likelihood, echo):
    """Refuse combinations the estimators cannot fit, in command-line terms, before reading the data."""
    if likelihood is not None and model != "horseshoe":
        if not isinstance(alpha, (float, Hyperprior)):
            raise ValueError("a non-Gaussian --likelihood needs --alpha NUMBER or gamma:SHAPE,RATE ('auto' "
                             "cross-validates the Gaussian twin and empirical_bayes is for the Gaussian likelihood).")
        if laplace_form != "alpha":
            raise ValueError("--laplace-form park_casella is for the Gaussian likelihood.")
    if model == "horseshoe":
        if alpha is not None:
            raise ValueError("--alpha does not apply to --model horseshoe (it has no penalty strength; its global "
                             "shrinkage is --global-scale).")
        if sampler not in ("auto", "gibbs"):
            raise ValueError(f"--model horseshoe is sampled by Gibbs only (--sampler auto or gibbs); got --sampler "
                             f"{sampler}.")
    elif global_scale is not None:
        echo(f"note: --global-scale applies to --model horseshoe only; ignored for {model}.")
    if laplace_form != "alpha":
        if model != "lasso":
            raise ValueError(f"--laplace-form applies to --model lasso only; got --model {model}.")
        if alpha is None or alpha == "auto" or isinstance(alpha, float):
            raise ValueError("--laplace-form park_casella needs --alpha empirical_bayes or gamma:SHAPE,RATE (a Gamma "
                             "prior on lambda^2, e.g. gamma:1,1.78 as Park & Casella 2008); a number or 'auto' is a "
                             "Lasso alpha, which belongs to --laplace-form alpha.")
    if model != "elasticnet" and l1_ratio is not None:
        echo(f"note: --l1-ratio applies to --model elasticnet only; ignored for {model}.")


def make_estimator(model: str, alpha, *, l1_ratio: float = 0.5, laplace_form: str = "alpha", sigma_prior=None,
                   likelihood=None, global_scale: float = 1.0, sampler: str = "auto", draws: int = 1000, tune: int = 1000,
                   chains: int = 2, cores: int | None = None, target_accept: float = 0.9, seed: int = 0,
                   progressbar: bool = False):
    """The unfitted estimator for a ``--model`` name (``alpha`` already resolved from "auto").

    With a ``likelihood`` (a non-Gaussian one), :class:`~bayesreg.BayesRegression` with the
    model's prior at ``alpha`` (a number, or a hyperprior whose mean starts the sampler).

    Returns
    -------
    BayesRidge, BayesLasso, BayesElasticNet, BayesHorseshoe or BayesRegression
    """
    common = dict(sigma_prior=sigma_prior, sampler=sampler, draws=draws, tune=tune, chains=chains, random_state=seed)
    if likelihood is not None:  # any likelihood: the general estimator with the model's prior
        hyper = alpha if isinstance(alpha, Hyperprior) else None
        value = hyper.mean if hyper is not None else alpha  # a hyperprior's mean only starts the sampler
        prior = {"horseshoe": lambda: HorseshoePrior(global_scale),
                 "ridge": lambda: GaussianPrior(value, hyperprior=hyper),
                 "lasso": lambda: LaplacePrior(value, hyperprior=hyper),
                 "elasticnet": lambda: ElasticNetPrior(value, l1_ratio, hyperprior=hyper)}[model]()
        return BayesRegression(prior, likelihood=likelihood, cores=cores, target_accept=target_accept,
                               progressbar=progressbar, **common)
    if model == "horseshoe":
        return BayesHorseshoe(global_scale=global_scale, **common)

    common.update(cores=cores, target_accept=target_accept, progressbar=progressbar)
    if model == "ridge":
        return BayesRidge(alpha=alpha, **common)
    if model == "lasso":
        return BayesLasso(alpha=alpha, laplace_form=laplace_form, **common)
    return BayesElasticNet(alpha=alpha, l1_ratio=l1_ratio, **common)


def _alpha_words(estimator, alpha) -> str:
    strategy = getattr(estimator, "alpha_strategy_", None)
    if strategy == "empirical_bayes":
        return f"alpha_ = {estimator.alpha_:.6g} (empirical Bayes: the marginal-likelihood estimate)"
    if strategy == "hyperprior":
        return f"alpha_ = {estimator.alpha_:.6g} (posterior mean under the hyperprior {alpha!r})"
    return ""


def _json_attrs(table) -> dict:
    """``table.attrs`` for ``summary.json``: numbers as floats (numpy scalars are not JSON), the rest kept."""
    return {k: (float(v) if not isinstance(v, (int, bool, str)) else v) for k, v in table.attrs.items()}


def _write_forest(table, title, path, plt):

    ax = plot_forest(table, title=title)
    handles, labels = ax.get_legend_handles_labels()
    shown = [(h, lab) for h, lab in zip(handles, labels) if not (hasattr(h, "get_xdata")
                                                               and np.isnan(np.asarray(h.get_xdata(), float)).all())]
    ax.legend(*zip(*shown), loc="best", fontsize=8)
    ax.figure.tight_layout()
    ax.figure.savefig(path, dpi=110)
    plt.close(ax.figure)


def run_fit(
    path, *, target, features=None, sep=None, where=None, test_where=None, holdout=None, model="lasso",
    alpha=None, l1_ratio=None, laplace_form="alpha", sigma_prior=None, likelihood=None, global_scale=None,
    cv_folds=None, cv_rule=DEFAULT_CV_RULE, level=0.95, sampler="auto", draws=1000, tune=1000,
    chains=2, cores=None, target_accept=0.9, seed=0, out="bayesreg-fit", dropna=False, standardize=False,
    progressbar=True, echo=print,
) -> FitResult:
    """Fit one Bayesian model to a data file and write ``summary.csv``, ``summary.json``,
    ``forest.png`` and ``posterior.nc`` (InferenceData, netCDF) to ``out`` (and
    ``heldout.csv`` with held-out rows).

    Parameters
    ----------
    path, target, features, sep, where, test_where, holdout, dropna
        As in :func:`load_table` (``holdout`` is seeded by ``seed``).
    model : {"ridge", "lasso", "elasticnet", "horseshoe"}
        "enet" is accepted for "elasticnet".
    alpha : float, "auto", "empirical_bayes", Hyperprior or None
        ``None`` means "auto" (not allowed with the horseshoe, which has no alpha). "auto":
        the twin's cross-validated alpha (:func:`bayesreg.tuning.cross_validate_alpha`
        with shuffled ``cv_folds``-fold CV seeded by ``seed`` and ``cv_rule``).
    l1_ratio : float, optional
        Elastic net mixing weight (default 0.5).
    laplace_form : {"alpha", "park_casella"}
        Lasso only; see :class:`bayesreg.BayesLasso`.
    sigma_prior : None, "jeffreys" or SigmaPrior
    likelihood : Likelihood, optional
        A non-Gaussian likelihood (Laplace, Student-t): fitted by :class:`~bayesreg.BayesRegression`;
        needs a numeric ``alpha`` or a hyperprior.
    global_scale : float, optional
        Horseshoe only (default 1).
    cv_folds : int, optional
        Default: :func:`bayesreg.tuning.default_folds` (10; fewer below 20 rows).
    cv_rule : {"1se", "min"}, default="1se"
    level : float, default=0.95
        Mass of the credible intervals in the table and of the held-out predictive interval.
    standardize : bool, default=False
        Z-score every feature (mean 0, sd 1, ``ddof=0``, from the training rows) before
        fitting: the penalty then treats features alike whatever their units, and each
        coefficient is the change in ``y`` per standard deviation of its feature (said in
        the output and in ``summary.json``, which also stores each feature's mean and sd).
        Held-out rows get the training rows' scaling. Otherwise a note suggests it when
        feature sds differ by more than :data:`SCALE_RATIO_NOTE`.
    sampler, draws, tune, chains, cores, target_accept, seed, progressbar
        Passed to the estimator (``seed`` is its ``random_state``; ``target_accept`` is NUTS's,
        unused by the horseshoe's Gibbs sampler).
    out : path-like
    echo : callable

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError
        Bad data or option combinations (see :func:`load_table` and the estimators).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt


    model = _ALIASES.get(model, model)
    if model not in FIT_MODELS:
        raise ValueError(f"--model must be one of {FIT_MODELS}; got {model!r}.")
    _check_model_options(model, alpha, laplace_form, sampler, l1_ratio, global_scale, likelihood, echo)
    l1_ratio = 0.5 if l1_ratio is None else l1_ratio
    global_scale = 1.0 if global_scale is None else global_scale
    if model != "horseshoe" and alpha is None:
        alpha = "auto"
    data = load_table(path, target, features, sep=sep, where=where, test_where=test_where, holdout=holdout,
                      seed=seed, dropna=dropna, echo=echo)
    X, y, X_test = data.X, data.y, data.X_test
    if np.ptp(y.to_numpy()) == 0.0:  # before any cross-validation or sampling
        raise ValueError(f"the target {target!r} is constant (every value is {y.iloc[0]:g}): nothing to regress.")
    out = Path(out)
    try:  # before the fit: an unwritable --out should fail in a second, not after sampling
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"cannot create the --out folder {out}: {exc.strerror or exc}") from None
    scale = None
    if standardize:
        scale = feature_scales(X)
        X = (X - scale["mean"]) / scale["sd"]
        if X_test is not None:
            X_test = (X_test - scale["mean"]) / scale["sd"]
        echo("note: features standardized (--standardize): each coefficient is per standard deviation "
             "of its feature; summary.json has each feature's mean and sd.")
    else:
        note = scale_note(X)
        if note:
            echo(note)
    cv = None
    if isinstance(alpha, str) and alpha == "auto":
        cv = cross_validate_alpha(model, X, y, l1_ratio=l1_ratio, cv=cv_folds, rule=cv_rule, shuffle=True,
                                  random_state=seed)
        alpha = cv.alpha
        echo(f"alpha = {alpha:.6g} ({cv.describe()}; grid point {cv.index + 1} of {cv.alphas.size}, "
             "largest first)")
    estimator = make_estimator(model, alpha, l1_ratio=l1_ratio, laplace_form=laplace_form, sigma_prior=sigma_prior,
                               likelihood=likelihood,
                               global_scale=global_scale, sampler=sampler, draws=draws, tune=tune, chains=chains,
                               cores=cores, target_accept=target_accept, seed=seed, progressbar=progressbar)
    strength = (f"global scale {global_scale:g}" if model == "horseshoe" else
                f"alpha = {alpha:.6g}" if isinstance(alpha, float) else f"alpha {alpha!r}")
    noise = "" if likelihood is None else f", {estimator.likelihood!r} likelihood"
    echo(f"fitting Bayesian {model} ({strength}{noise}) on {X.shape[0]} rows x {X.shape[1]} features; "
         f"sampler {sampler}, {chains} chains x {draws} draws ...")
    estimator.fit(X, y)
    table = compare_estimates(estimator, X, y, level=level)
    words = _alpha_words(estimator, alpha)
    if words:
        echo(words)
    heldout = rows = None
    if X_test is not None:
        heldout, rows = heldout_report(estimator, X_test, data.y_test, y, level=level)
        heldout["how"] = data.heldout
    files = [out / "summary.csv", out / "summary.json", out / "forest.png", out / "posterior.nc"]
    if rows is not None:
        files.append(out / "heldout.csv")
        rows.to_csv(files[-1])
    table.to_csv(files[0])
    fitted_alpha = getattr(estimator, "alpha_", None)
    if fitted_alpha is None and isinstance(alpha, float):
        fitted_alpha = alpha
    meta = {
        "data": str(path),
        "read": data.read,
        "target": target,
        "features": list(X.columns),
        "skipped_index_columns": data.skipped_index,
        "where": where,
        "model": model,
        "alpha": None if fitted_alpha is None else float(fitted_alpha),
        "alpha_requested": alpha if isinstance(alpha, (float, str)) or alpha is None else repr(alpha),
        "alpha_strategy": getattr(estimator, "alpha_strategy_", None),
        "cv": None if cv is None else {"folds": cv.folds, "rule": cv.rule, "shuffled": cv.shuffle,
                                       "seed": cv.random_state, "grid_index": cv.index, "grid_size": int(cv.alphas.size),
                                       "at_grid_edge": cv.edge},
        "l1_ratio": l1_ratio if model == "elasticnet" else None,
        "laplace_form": laplace_form if model == "lasso" else None,
        "global_scale": global_scale if model == "horseshoe" else None,
        "sigma_prior": repr(sigma_prior) if sigma_prior is not None else "jeffreys",
        "likelihood": repr(estimator.model_.likelihood),
        "level": level,
        "standardized": bool(standardize),
        "coefficient_units": ("per standard deviation of the feature" if standardize
                              else "per unit of the feature (as in the data file)"),
        "feature_scale": (None if scale is None else
                          {c: {"mean": float(scale.loc[c, "mean"]), "sd": float(scale.loc[c, "sd"])}
                           for c in scale.index}),
        "n_samples": int(X.shape[0]),
        "rows_dropped": data.n_dropped,
        "sampler": estimator.idata_.posterior.attrs.get("sampler"),
        "draws": draws,
        "tune": tune,
        "chains": chains,
        "seed": seed,
        "intercept_map": getattr(estimator, "intercept_map_", None),
        "intercept_mean": estimator.intercept_,
        "sigma_mean": estimator.sigma_,
        "heldout": heldout,
        **_json_attrs(table),
        "coefficients": json.loads(table.to_json(orient="index")),
    }
    files[1].write_text(json.dumps(meta, indent=2))
    title = (f"Bayesian {model} ({strength})" if fitted_alpha is None else
             f"Bayesian {model} (alpha = {fitted_alpha:.4g})") + (", standardized features" if standardize else "")
    _write_forest(table, title, files[2], plt)
    # netCDF attributes cannot be bools: record the units of coef as text next to the data.
    estimator.idata_.posterior.attrs["coef_units"] = meta["coefficient_units"]
    estimator.idata_.to_netcdf(str(files[3]))
    has_mode = getattr(estimator, "coef_map_", None) is not None
    has_twin = bool(table["twin"].notna().any())
    cols = (["twin"] if has_twin else []) + (["map"] if has_mode else []) + ["mean", "median", "eti_lower",
                                                                            "eti_upper", "p_positive"]
    shown = (table[cols] + 0.0).rename(columns={"eti_lower": f"{level:.0%} low", "eti_upper": f"{level:.0%} high"})
    echo(shown.to_string(float_format=lambda v: f"{v:10.4g}"))  # + 0.0 above: no "-0"
    a = table.attrs
    mode = (f"max |MAP - twin| / max |twin| = {a['max_rel_map_twin']:.2e}   " if has_twin else
            "no scikit-learn twin   " if has_mode else "no mode or twin   ")
    echo(f"{mode}max r_hat = {format_r_hat(a['r_hat'])}   min ess_bulk = {a['ess_bulk']:.0f}   "
         f"divergences = {a['divergences']}   (sampler {meta['sampler']})")
    if heldout is not None:
        echo(format_heldout(heldout, data.heldout))
    if standardize:
        echo("coefficients are per standard deviation of each feature (--standardize).")
    echo(f"wrote {', '.join(f.name for f in files)} to {out}/")
    return FitResult(estimator=estimator, table=table, alpha=None if fitted_alpha is None else float(fitted_alpha),
                     features=list(X.columns), n_dropped_rows=data.n_dropped, files=files, scale=scale, cv=cv,
                     heldout=heldout)
