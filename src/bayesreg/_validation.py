"""Input and parameter validation shared by every entry point.

Messages follow one format, after scikit-learn's parameter validation:
``The 'alpha' parameter of BayesLasso must be a float in the range [0, inf). Got -1 instead.``
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from .exceptions import RowsRequiredError

__all__ = [
    "Interval",
    "Options",
    "ScaleTerm",
    "check_params",
    "check_prior_scales",
    "check_X_y",
    "check_X",
    "check_random_state",
    "feature_names_of",
    "check_feature_names",
    "check_informative",
]


@dataclass(frozen=True)
class Interval:
    """A numeric constraint ``low <= x <= high`` (ends open when ``closed`` says so).

    Parameters
    ----------
    kind : {"real", "integral"}
        ``"integral"`` refuses floats and bools.
    low, high : float or None
        Bounds; ``None`` is unbounded.
    closed : {"both", "left", "right", "neither"}
        Which ends are included.
    """

    kind: str
    low: float | None
    high: float | None
    closed: str = "both"

    def accepts(self, value) -> bool:
        if isinstance(value, bool):
            return False
        if self.kind == "integral" and not isinstance(value, numbers.Integral):
            return False
        if not isinstance(value, numbers.Real) or not np.isfinite(value):
            return False
        lo_ok = self.low is None or (
            value >= self.low if self.closed in ("both", "left") else value > self.low
        )
        hi_ok = self.high is None or (
            value <= self.high if self.closed in ("both", "right") else value < self.high
        )
        return lo_ok and hi_ok

    def __str__(self) -> str:
        what = "an int" if self.kind == "integral" else "a float"
        left = "[" if self.closed in ("both", "left") and self.low is not None else "("
        right = "]" if self.closed in ("both", "right") and self.high is not None else ")"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        return f"{what} in the range {left}{low}, {high}{right}"


@dataclass(frozen=True)
class Options:
    """A constraint to one of a fixed set of values (e.g. strings or ``None``)."""

    values: tuple

    def accepts(self, value) -> bool:
        return any(value is v or (type(value) is type(v) and value == v) for v in self.values)

    def __str__(self) -> str:
        return "one of {" + ", ".join(repr(v) for v in self.values) + "}"


def check_params(owner: str, params: dict, constraints: dict) -> None:
    """Validate ``params`` against a table of constraints.

    Parameters
    ----------
    owner : str
        Name used in the message (a class or function name).
    params : dict
        Parameter name -> value.
    constraints : dict
        Parameter name -> list of accepted constraints (:class:`Interval`,
        :class:`Options`, a type, or ``"boolean"``); a value passes if any accepts it.

    Raises
    ------
    ValueError
        Naming the parameter, what it must be, and the value received.
    """
    for name, allowed in constraints.items():
        if name not in params:
            continue
        value = params[name]
        ok = False
        for c in allowed:
            if c == "boolean":
                ok = isinstance(value, (bool, np.bool_))
            elif isinstance(c, type):
                ok = isinstance(value, c)
            else:
                ok = c.accepts(value)
            if ok:
                break
        if not ok:
            described = " or ".join(
                "a bool" if c == "boolean" else (f"an instance of {c.__name__}" if isinstance(c, type) else str(c))
                for c in allowed
            )
            raise ValueError(
                f"The {name!r} parameter of {owner} must be {described}. Got {value!r} instead."
            )


@dataclass(frozen=True)
class ScaleTerm:
    """One prior scale that a parameter sets, for :func:`check_prior_scales`.

    Parameters
    ----------
    param : str
        The parameter's name (``"alpha"``, ``"lam"``, ``"global_scale"``, ``"scale"``).
    value : float
        Its value.
    formula : str
        The scale in units of sigma, as text (``"b / sigma = sigma / (n alpha)"``).
    log_ratio : float
        Natural log of that scale in units of sigma, computed in logs (so it is finite even
        where the scale itself under- or overflows).
    slope : float
        ``d log(ratio) / d log(value)`` (``-1/2`` for ridge's ``1 / sqrt(alpha)``, ``-1`` for a
        Laplace scale, ``1`` for a scale parameter).
    power : int
        The highest power of the ratio and of its inverse that the computation forms: 2 for a
        Gaussian scale (variance and precision), 4 for a Laplace scale (the Gibbs sampler's
        inverse-Gaussian step has mean ``L sigma / |w_j|``, about ``L^2 b / |w_j|`` with
        ``L = sigma / b``, and ``b / |w_j|`` is unbounded near ``w_j = 0``: the range keeps a
        factor ``1 / sqrt(tiny)`` of head-room for it).
    """

    param: str
    value: float
    formula: str
    log_ratio: float
    slope: float
    power: int


_LOG_TINY = float(np.log(np.finfo(float).tiny))


def _g(log_x: float) -> str:
    """``exp(log_x)`` printed with 3 significant digits, even where it under- or overflows."""
    if not np.isfinite(log_x):
        return "0" if log_x < 0 else "inf"
    e10 = log_x / np.log(10.0)
    exponent = int(np.floor(e10))
    mantissa = 10.0 ** (e10 - exponent)
    if mantissa >= 9.995:
        mantissa, exponent = 1.0, exponent + 1
    return f"{mantissa:.3g}e{exponent:+d}" if abs(exponent) >= 5 else f"{np.exp(log_x):.3g}"


def check_prior_scales(owner: str, terms, where: str = "") -> None:
    """Refuse a parameter whose prior scale is not representable in float64.

    Each :class:`ScaleTerm` ``r`` (a prior scale in units of sigma) must satisfy
    ``tiny <= r**power <= 1 / tiny`` (``tiny = numpy.finfo(float).tiny``, about 2.2e-308):
    ``r`` in ``[1.5e-154, 6.7e153]`` for a Gaussian scale and ``[1.2e-77, 8.2e76]`` for a
    Laplace scale. Then the variances, precisions and mixing rates that the MAP solvers and
    the samplers form stay finite and nonzero (``docs/math-contract.md``, "Representable
    parameters"). The one check behind the estimators, ``map_estimate``, the samplers and the
    command line.

    Parameters
    ----------
    owner : str
        Name used in the message (an estimator, prior or function name).
    terms : iterable of ScaleTerm
        The scales the prior's parameters set (:meth:`bayesreg.priors.Prior.scale_terms`).
    where : str, optional
        The data the scales were computed at (``"n = 442, sigma = sd(y) = 77.1"``).

    Raises
    ------
    ValueError
        Naming the parameter, the scale it implies, the representable range of the scale and
        the range of the parameter that gives it on these data.
    """
    terms = tuple(terms)
    bounds = [(_LOG_TINY / t.power, -_LOG_TINY / t.power) for t in terms]
    bad = [(t, b) for t, b in zip(terms, bounds) if not b[0] <= t.log_ratio <= b[1]]
    if not bad:
        return
    t, (lo, hi) = bad[0]
    low, high = -np.inf, np.inf  # the parameter's range that keeps every scale of its own in range
    for u, (a, b) in zip(terms, bounds):
        if u.param == t.param:
            ends = sorted(np.log(u.value) + (e - u.log_ratio) / u.slope for e in (a, b))
            low, high = max(low, ends[0]), min(high, ends[1])
    at = f" on these data ({where})" if where else ""
    raise ValueError(
        f"The {t.param!r} parameter of {owner} must be a float in the range [{_g(low)}, {_g(high)}]{at}: "
        f"it sets {t.formula} = {_g(t.log_ratio)}, which must lie in [{_g(lo)}, {_g(hi)}] for the "
        f"computation to stay finite and nonzero in float64. Got {t.value!r} instead."
    )


def feature_names_of(X) -> np.ndarray | None:
    """Column names of a pandas DataFrame as an object array, else ``None``."""
    columns = getattr(X, "columns", None)
    if columns is None:
        return None
    is_str = [isinstance(c, str) for c in columns]
    if not all(is_str):
        if any(is_str):  # mixed: scikit-learn refuses these; say why the names are dropped
            import warnings

            kinds = sorted({type(c).__name__ for c in columns})
            warnings.warn(
                f"X has column names of mixed types {kinds}, so they are not used as feature names "
                "(the features become x0, x1, ...); convert them all to strings, e.g. "
                "X.columns = X.columns.astype(str), to keep them.", UserWarning, stacklevel=3)
        return None  # scikit-learn's rule: only all-string column names are feature names
    return np.asarray(list(columns), dtype=object)


def _first_non_numeric(arr: np.ndarray) -> tuple[int, int, object, str] | None:
    """(row, column, value, reason) of the first entry of an object/string array that is not a number."""
    flat = arr.reshape(arr.shape[0], -1) if arr.ndim >= 2 else arr.reshape(-1, 1)
    for j in range(flat.shape[1]):
        for i, v in enumerate(flat[:, j]):
            try:
                float(v)
            except (TypeError, ValueError) as exc:
                return i, j, v, str(exc)
    return None


def _as_float_2d(X, name: str) -> np.ndarray:
    if hasattr(X, "toarray") or type(X).__module__.startswith("scipy.sparse"):
        raise TypeError(
            f"{name} is a sparse matrix; bayesreg needs dense data. Convert it with {name}.toarray()."
        )
    columns = getattr(X, "columns", None)
    if columns is not None and hasattr(X, "dtypes"):
        import pandas as pd

        bad = [str(c) for c, dt in zip(columns, X.dtypes)
               if not (pd.api.types.is_numeric_dtype(dt) or pd.api.types.is_bool_dtype(dt))]
        if bad:
            raise TypeError(
                f"{name} has non-numeric column(s) {bad}; encode or drop them before fitting."
            )
        # Nullable pandas dtypes (Int64, Float64, boolean) hold pd.NA: make it NaN so that the
        # finiteness check names the row and column, as for any other missing value.
        X = X.to_numpy(dtype=np.float64, na_value=np.nan)
    try:
        arr = np.asarray(X)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name} cannot be read as a 2-D array (rows of different lengths?): {exc}") from None
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} has complex values: Complex data not supported; pass the real part.")
    if arr.dtype == object or arr.dtype.kind in "USO":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            where = _first_non_numeric(arr)
            if where is None:  # pragma: no cover - astype failed for another reason
                raise TypeError(f"{name} contains non-numeric values.") from None
            row, col, value, reason = where
            place = f"row {row}" if arr.ndim < 2 else f"row {row}, column {col}"
            raise TypeError(
                f"{name} contains a non-numeric value {value!r} (first at {place}: {reason}); encode "
                "text columns as numbers (e.g. one-hot) or drop them."
            ) from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric; got dtype {arr.dtype}.")
    arr = np.array(arr, dtype=np.float64, copy=True)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D of shape (n_samples, n_features); got {arr.ndim}-D with shape {arr.shape}."
            + (" Reshape your data either using X.reshape(-1, 1) if your data has a single feature or "
               "X.reshape(1, -1) if it contains a single sample." if arr.ndim == 1 else "")
        )
    return arr


def _check_finite(arr: np.ndarray, name: str, names=None) -> None:
    bad = ~np.isfinite(arr)
    if bad.any():
        if arr.ndim == 1:
            row = int(np.flatnonzero(bad)[0])
            raise ValueError(f"{name} contains NaN or infinity (first at row {row}).")
        row, col = map(int, np.argwhere(bad)[0])
        col_name = f" ({names[col]!r})" if names is not None else ""
        raise ValueError(
            f"{name} contains NaN or infinity (first at row {row}, column {col}{col_name})."
        )


def check_X(X, *, n_features: int | None = None, name: str = "X", owner: str = "the estimator") -> np.ndarray:
    """Validate a design matrix: dense, numeric, 2-D, finite, non-empty.

    Returns
    -------
    ndarray of shape (n_samples, n_features), float64
        A copy; the caller's array is never modified.

    Raises
    ------
    TypeError
        Sparse input or non-numeric columns.
    ValueError
        Wrong dimension, empty, NaN/inf (naming row and column), or a feature
        count different from ``n_features``.
    """
    names = feature_names_of(X)
    arr = _as_float_2d(X, name)
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: found array with 0 sample(s) (shape={arr.shape}) while a "
                         "minimum of 1 is required.")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: 0 feature(s) (shape={arr.shape}) while a minimum of 1 is required.")
    _check_finite(arr, name, names)
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(
            f"{name} has {arr.shape[1]} features, but {owner} is expecting {n_features} features as input."
        )
    return arr


def check_X_y(X, y, sample_weight=None, *, owner: str = "This estimator") -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate training data.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        A column vector of shape (n_samples, 1) is accepted and raveled, with scikit-learn's
        ``DataConversionWarning``.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative frequency weights with a positive sum.
    owner : str
        Name used in messages (the estimator's class name).

    Returns
    -------
    X, y, sample_weight : float64 copies

    Raises
    ------
    ValueError
        NaN/inf, mismatched lengths, wrong shapes, fewer than 2 rows, ``y`` None, or bad
        weights (naming the first offending row); :class:`~bayesreg.exceptions.RowsRequiredError`
        for a dask collection (only the sufficient-statistics paths take one).
    TypeError
        Sparse or non-numeric input (naming the first offending row and column).
    """
    if y is None:
        raise ValueError(f"{owner} requires y to be passed, but the target y is None.")
    if any(hasattr(type(a), "__dask_graph__") for a in (X, y, sample_weight)):  # never load a dask collection whole
        raise RowsRequiredError(
            f"{owner} needs the rows of X in memory, and a dask collection was passed: it is not reduced to "
            "sufficient statistics here (not a Gaussian-likelihood fit). Call .compute() on data that fit in "
            "memory, or use a Gaussian-likelihood estimator (BayesRidge, BayesLasso, BayesElasticNet, "
            "BayesHorseshoe), which takes dask input in one pass."
        )
    X = check_X(X, owner=owner)
    if type(y).__module__.startswith("pandas") and hasattr(y, "to_numpy") and not hasattr(y, "columns"):
        import pandas as pd

        if pd.api.types.is_numeric_dtype(y.dtype) or pd.api.types.is_bool_dtype(y.dtype):
            y = y.to_numpy(dtype=np.float64, na_value=np.nan)  # pd.NA -> NaN, reported by row below
    y_arr = np.asarray(y)
    if y_arr.ndim == 2 and y_arr.shape[1] == 1:
        import warnings

        from sklearn.exceptions import DataConversionWarning

        warnings.warn(
            "A column-vector y was passed when a 1d array was expected. Please change the shape of y "
            "to (n_samples,), for example using ravel().",
            DataConversionWarning,
            stacklevel=3,
        )
        y_arr = y_arr[:, 0]
    if y_arr.ndim != 1:
        raise ValueError(f"y must be 1-D of shape (n_samples,); got shape {y_arr.shape}.")
    if y_arr.dtype.kind == "c":
        raise ValueError("y has complex values: Complex data not supported.")
    try:
        y_arr = np.array(y_arr, dtype=np.float64, copy=True)
    except (TypeError, ValueError):
        row, _, value, reason = _first_non_numeric(y_arr)
        raise TypeError(f"y contains a non-numeric value {value!r} (first at row {row}: {reason}).") from None
    if y_arr.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y have mismatched lengths: X has {X.shape[0]} rows, y has {y_arr.shape[0]}."
        )
    _check_finite(y_arr, "y")
    if X.shape[0] < 2:
        raise ValueError(f"Need at least 2 samples to fit; got n_samples = {X.shape[0]}.")
    if sample_weight is not None:
        sw = np.array(sample_weight, dtype=np.float64, copy=True)
        if sw.ndim == 0:  # scikit-learn accepts a scalar weight: the same for every row
            sw = np.full(X.shape[0], float(sw))
        if sw.shape != (X.shape[0],):
            raise ValueError(
                f"sample_weight must have shape ({X.shape[0]},); got {sw.shape}."
            )
        _check_finite(sw, "sample_weight")
        if (sw < 0).any():
            raise ValueError(
                f"sample_weight must be non-negative (first negative at row {int(np.flatnonzero(sw < 0)[0])})."
            )
        if sw.sum() <= 0:
            raise ValueError("sample_weight must have a positive sum; got all weights equal to zero.")
        sample_weight = sw
    return X, y_arr, sample_weight


def check_random_state(random_state) -> np.random.Generator:
    """Turn ``random_state`` (None, int, or Generator) into a ``numpy.random.Generator``.

    Never touches numpy's global random state.

    Raises
    ------
    TypeError
        For any other type (including the legacy ``RandomState``).
    """
    if random_state is None or isinstance(random_state, (numbers.Integral, np.integer)):
        if isinstance(random_state, bool):
            raise TypeError("random_state must be None, an int or a numpy.random.Generator; got a bool.")
        if random_state is not None and random_state < 0:
            raise ValueError(f"random_state must be a non-negative int; got {random_state}.")
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    raise TypeError(
        "random_state must be None, an int or a numpy.random.Generator; "
        f"got {type(random_state).__name__}."
    )


def _label(j: int, names) -> str:
    return f"{j} ({names[j]!r})" if names is not None else str(j)


def check_ranges(y_constant: bool, y_value: float, x_constant, names=None, *, fit_intercept: bool = True):
    """The range rules of :func:`check_informative`, from ``y``'s and the columns' constancy.

    Parameters
    ----------
    y_constant : bool
        Whether ``y`` is constant (its value is ``y_value``).
    x_constant : ndarray of bool of shape (n_features,)
        Which columns are constant.

    Returns
    -------
    ndarray of int
        The constant columns that were warned about (none without an intercept).

    Raises
    ------
    ValueError
        ``y`` constant with an intercept.
    """
    import warnings

    if fit_intercept and y_constant:
        raise ValueError(
            f"y is constant (every value is {y_value:g}): nothing to regress. With an intercept the "
            "residual scale would be 0 and sigma's posterior improper."
        )
    if not fit_intercept:
        return np.array([], dtype=int)
    const = np.flatnonzero(x_constant)
    if const.size:
        shown = [_label(j, names) for j in const[:10]]
        warnings.warn(
            f"X has constant column(s) {', '.join(shown)}{' ...' if const.size > 10 else ''}: with an "
            "intercept their weights are not identified by the data (MAP 0, posterior = prior). "
            "Drop them to silence this warning.",
            UserWarning,
            stacklevel=4,
        )
    return const


def check_informative(X: np.ndarray, y: np.ndarray, names=None, *, fit_intercept: bool = True) -> None:
    """Refuse a constant ``y``; warn about constant and duplicated columns of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    names : array of str, optional
        Column names, used in the messages.
    fit_intercept : bool

    Raises
    ------
    ValueError
        When ``y`` is constant (with an intercept the residual scale would be 0
        and the posterior of sigma improper under Jeffreys' prior).

    Warns
    -----
    UserWarning
        For constant columns (with an intercept): their weights are not identified by
        the data, so their posterior equals their prior and their MAP is 0. For identical
        columns: only the sum of their weights is identified by the data; the prior splits
        it (ridge: equal halves; lasso: the mode is not unique).
    """
    import warnings

    const = check_ranges(np.ptp(y) == 0.0, y[0], np.ptp(X, axis=0) == 0.0, names, fit_intercept=fit_intercept)
    # Identical (non-constant) columns: hash the columns, then compare candidates exactly.
    varying = np.setdiff1d(np.arange(X.shape[1]), const)
    if varying.size > 1:
        _, first, inverse = np.unique(X[:, varying].T, axis=0, return_index=True, return_inverse=True)
        inverse = np.asarray(inverse).reshape(-1)
        pairs = [(int(varying[first[g]]), int(varying[k])) for k, g in enumerate(inverse) if varying[first[g]] != varying[k]]
        if pairs:
            shown = [f"{_label(a, names)} = {_label(b, names)}" for a, b in pairs[:10]]
            warnings.warn(
                f"X has identical columns {', '.join(shown)}{' ...' if len(pairs) > 10 else ''}: the data "
                "identify only the sum of their weights; the prior splits it (ridge: equal parts; lasso: "
                "the mode is not unique). Drop the copies to silence this warning.",
                UserWarning,
                stacklevel=3,
            )


def check_feature_names(estimator, X) -> None:
    """scikit-learn's feature-name consistency between ``fit`` and ``predict``.

    Raises
    ------
    ValueError
        When ``X`` has column names that differ from those seen in ``fit``.

    Warns
    -----
    UserWarning
        When names were seen in ``fit`` but ``X`` has none, or the reverse.
    """
    import warnings

    fitted = getattr(estimator, "feature_names_in_", None)
    names = feature_names_of(X)
    owner = type(estimator).__name__
    if fitted is None and names is not None:
        warnings.warn(f"X has feature names, but {owner} was fitted without feature names", UserWarning,
                      stacklevel=3)
    elif fitted is not None and names is None:
        warnings.warn(f"X does not have valid feature names, but {owner} was fitted with feature names",
                      UserWarning, stacklevel=3)
    elif fitted is not None and list(names) != list(fitted):
        missing = [n for n in fitted if n not in set(names)]
        unexpected = [n for n in names if n not in set(fitted)]
        raise ValueError(
            "The feature names should match those that were passed during fit. "
            f"Missing: {missing}; unexpected: {unexpected}"
            + ("; same names in a different order." if not missing and not unexpected else ".")
        )
