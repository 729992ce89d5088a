"""Input and parameter validation shared by every entry point.

Messages follow one format, after scikit-learn's parameter validation:
``The 'alpha' parameter of BayesLasso must be a float in the range [0, inf). Got -1 instead.``
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Interval",
    "Options",
    "check_params",
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


def feature_names_of(X) -> np.ndarray | None:
    """Column names of a pandas DataFrame as an object array, else ``None``."""
    columns = getattr(X, "columns", None)
    if columns is None or not all(isinstance(c, str) for c in columns):
        return None  # scikit-learn's rule: only all-string column names are feature names
    return np.asarray(list(columns), dtype=object)


def _as_float_2d(X, name: str) -> np.ndarray:
    if hasattr(X, "toarray") or type(X).__module__.startswith("scipy.sparse"):
        raise TypeError(
            f"{name} is a sparse matrix; bayesreg needs dense data. Convert it with {name}.toarray()."
        )
    columns = getattr(X, "columns", None)
    if columns is not None and hasattr(X, "dtypes"):
        bad = [str(c) for c, dt in zip(columns, X.dtypes) if not (np.issubdtype(dt, np.number) or dt == bool)]
        if bad:
            raise TypeError(
                f"{name} has non-numeric column(s) {bad}; encode or drop them before fitting."
            )
    arr = np.asarray(X)
    if arr.dtype == object or arr.dtype.kind in "USO":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} contains non-numeric values: {exc}") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric; got dtype {arr.dtype}.")
    arr = np.array(arr, dtype=np.float64, copy=True)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D of shape (n_samples, n_features); got {arr.ndim}-D with shape {arr.shape}."
            + (" Reshape a single feature with X.reshape(-1, 1)." if arr.ndim == 1 else "")
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


def check_X(X, *, n_features: int | None = None, name: str = "X") -> np.ndarray:
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
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: shape {arr.shape}; need at least one row and one column.")
    _check_finite(arr, name, names)
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(
            f"{name} has {arr.shape[1]} features, but the estimator was fitted with {n_features}."
        )
    return arr


def check_X_y(X, y, sample_weight=None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate training data.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative frequency weights with a positive sum.

    Returns
    -------
    X, y, sample_weight : float64 copies

    Raises
    ------
    ValueError
        NaN/inf, mismatched lengths, wrong shapes, fewer than 2 rows, or bad weights.
    TypeError
        Sparse or non-numeric input.
    """
    X = check_X(X)
    y_arr = np.asarray(y)
    if y_arr.ndim == 2 and y_arr.shape[1] == 1:
        y_arr = y_arr[:, 0]
    if y_arr.ndim != 1:
        raise ValueError(f"y must be 1-D of shape (n_samples,); got shape {y_arr.shape}.")
    try:
        y_arr = np.array(y_arr, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"y contains non-numeric values: {exc}") from None
    if y_arr.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y have mismatched lengths: X has {X.shape[0]} rows, y has {y_arr.shape[0]}."
        )
    _check_finite(y_arr, "y")
    if X.shape[0] < 2:
        raise ValueError(f"Need at least 2 samples to fit; got n_samples = {X.shape[0]}.")
    if sample_weight is not None:
        sw = np.array(sample_weight, dtype=np.float64, copy=True)
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
            raise ValueError("sample_weight must have a positive sum.")
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


def check_informative(X: np.ndarray, y: np.ndarray, names=None, *, fit_intercept: bool = True) -> None:
    """Refuse a constant ``y``; warn about constant columns of ``X``.

    Raises
    ------
    ValueError
        When ``y`` is constant (with an intercept the residual scale would be 0
        and the posterior of sigma improper under Jeffreys' prior).

    Warns
    -----
    UserWarning
        For each constant column (with an intercept): its weight is not identified by
        the data, so its posterior equals its prior and its MAP is 0.
    """
    import warnings

    if fit_intercept and np.ptp(y) == 0.0:
        raise ValueError(
            f"y is constant (every value is {y[0]:g}): nothing to regress. With an intercept the "
            "residual scale would be 0 and sigma's posterior improper."
        )
    if fit_intercept:
        const = np.flatnonzero(np.ptp(X, axis=0) == 0.0)
        if const.size:
            shown = [f"{j} ({names[j]!r})" if names is not None else str(j) for j in const[:10]]
            warnings.warn(
                f"X has constant column(s) {', '.join(shown)}{' ...' if const.size > 10 else ''}: with an "
                "intercept their weights are not identified by the data (MAP 0, posterior = prior). "
                "Drop them to silence this warning.",
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
