"""One pass of Dask over the row chunks: per-chunk centred statistics, merged as a fixed tree.

Imported only when Dask input is met (dask is the optional extra ``bayesreg[dask]``): this module
imports dask at the top, and nothing outside it imports dask eagerly.

The graph is ``n_chunks`` leaf tasks (read a chunk, reduce it to
:class:`~bayesreg._stats.SufficientStatistics`, a few kB) and ``n_chunks - 1`` merge tasks in a
balanced binary tree. It runs on the active scheduler: a ``dask.distributed`` client when there is
one (a ``LocalCluster`` or ``Client(address)`` of an existing cluster), else dask's default local
scheduler. The tree's shape is fixed by the chunk order, so the floating-point result does not depend
on the scheduler or on which worker finishes first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd

if TYPE_CHECKING:  # the caller passes the class in: _stats imports this module (lazily)
    from ._stats import SufficientStatistics

__all__ = ["dask_statistics", "is_dask"]


def is_dask(obj) -> bool:
    """Whether ``obj`` is a Dask collection (array, DataFrame, Series)."""
    return dask.is_dask_collection(obj)


def _add(a, b):
    return a + b


def _array_chunk(stats_cls, X, y, sw, k):
    return stats_cls.from_chunk(X, y, sw, where=f" (chunk {k})")


def _frame_chunk(stats_cls, part, features, y, sw, k):
    """A partition (pandas) to statistics: one float64 copy of the columns used, then views of it."""
    where = f" (partition {k})"
    named = [c for c in (y, sw) if isinstance(c, str)]
    cols = list(features) + named
    frame = part if list(part.columns) == cols else part[cols]
    bad = [str(c) for c, dt in zip(frame.columns, frame.dtypes)
           if not (pd.api.types.is_numeric_dtype(dt) or pd.api.types.is_bool_dtype(dt))]
    if bad:
        raise TypeError(f"Partition {k} has non-numeric column(s) {bad}; encode or drop them before fitting.")
    # na_value costs a pass (pandas masks every cell): only nullable extension dtypes (Float64, Int64) hold pd.NA.
    nullable = any(isinstance(dt, pd.api.extensions.ExtensionDtype) for dt in frame.dtypes)
    arr = frame.to_numpy(dtype=np.float64, na_value=np.nan) if nullable else frame.to_numpy(dtype=np.float64)
    p = len(features)
    yk = arr[:, cols.index(y)] if isinstance(y, str) else _column(y)
    wk = None if sw is None else (arr[:, cols.index(sw)] if isinstance(sw, str) else _column(sw))
    return stats_cls.from_chunk(arr[:, :p], yk, wk, where=where, feature_names=[str(c) for c in features])


def _column(s):
    if s is None or not hasattr(s, "to_numpy"):
        return s
    try:
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        raise TypeError(f"Column {s.name!r} is not numeric (dtype {s.dtype}).") from None


def _frame_leaves(stats_cls, X, y, sample_weight):
    drop = [c for c in (y, sample_weight) if isinstance(c, str)]
    for c in drop:
        if c not in X.columns:
            raise ValueError(f"Column {c!r} is not in the DataFrame (columns: {list(X.columns)[:20]}).")
    features = [c for c in X.columns if c not in drop]
    if not features:
        raise ValueError("The DataFrame has no feature columns besides the target and weight.")
    if y is None:
        raise ValueError("y is required: a dask Series, or the name of the target column of X.")
    series = {}
    for label, c in (("y", y), ("sample_weight", sample_weight)):
        if c is None or isinstance(c, str):
            continue
        if not isinstance(c, dd.Series):
            raise TypeError(f"With a dask DataFrame X, {label} must be a dask Series or a column name; "
                            f"got {type(c).__name__}.")
        if c.npartitions != X.npartitions:
            raise ValueError(f"{label} has {c.npartitions} partitions; X has {X.npartitions}: pass columns of "
                             "one DataFrame (or their names).")
        series[label] = c.to_delayed()
    leaf = dask.delayed(_frame_chunk, pure=True)
    leaves = []
    for k, part in enumerate(X.to_delayed()):
        yk = series["y"][k] if "y" in series else y
        wk = series["sample_weight"][k] if "sample_weight" in series else sample_weight
        key = f"bayesreg-chunk-stats-{dask.base.tokenize(part.key, yk, wk, k)}"
        leaves.append(leaf(stats_cls, part, features, yk, wk, k, dask_key_name=key))
    return leaves, [str(c) for c in features]


def _as_row_chunks(a, chunks, name):
    if isinstance(a, (dd.Series, dd.DataFrame)):
        raise TypeError(f"With a dask array X, {name} must be a dask or numpy array; got a dask {type(a).__name__}.")
    if not is_dask(a):
        a = np.asarray(a, dtype=np.float64).reshape(-1)
    elif a.ndim == 2 and a.shape[1] == 1:
        a = a.reshape(-1)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D; got a dask array of shape {a.shape}.")
    if a.shape[0] != sum(chunks):
        raise ValueError(f"X and {name} have mismatched lengths: X has {sum(chunks)} rows, {name} has {a.shape[0]}.")
    if not is_dask(a):
        return da.from_array(a, chunks=(chunks,))
    return a if a.chunks[0] == chunks else a.rechunk((chunks,))


def _array_leaves(stats_cls, X, y, sample_weight):
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D of shape (n_samples, n_features); got a dask array of shape {X.shape}.")
    if y is None:
        raise ValueError("y is required with a dask array X.")
    if any(np.isnan(c) for c in X.chunks[0]):
        X = X.compute_chunk_sizes()
    if len(X.chunks[1]) > 1:
        X = X.rechunk({1: -1})  # each task needs whole rows
    rows = X.chunks[0]
    y = _as_row_chunks(y, rows, "y")
    sw = None if sample_weight is None else _as_row_chunks(sample_weight, rows, "sample_weight").to_delayed()
    leaf = dask.delayed(_array_chunk, pure=True)
    Xd, yd = X.to_delayed()[:, 0], y.to_delayed()
    leaves = [
        leaf(stats_cls, Xd[k], yd[k], None if sw is None else sw[k], k,
             dask_key_name=f"bayesreg-chunk-stats-{dask.base.tokenize(X.name, y.name, k, sw is None)}")
        for k in range(len(rows))
    ]
    return leaves, None


def _tree(leaves):
    merge = dask.delayed(_add, pure=True)
    level = list(leaves)
    depth = 0
    while len(level) > 1:
        nxt = [merge(level[k], level[k + 1], dask_key_name=f"bayesreg-merge-{depth}-{k}-{level[k].key}")
               for k in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level, depth = nxt, depth + 1
    return level[0]


def _client():
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:  # no client: dask's local scheduler
        return None


def _bar(total, progress):
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="chunk", desc="sufficient statistics")


def _run(leaves, root, progress):
    client = _client()
    bar = _bar(len(leaves), progress)
    try:
        if client is not None:
            from distributed import as_completed

            futures = client.compute([root, *leaves]) if bar is not None else [client.compute(root)]
            if bar is not None:
                for _ in as_completed(futures[1:]):
                    bar.update()
            return futures[0].result()
        if bar is None:
            return dask.compute(root)[0]
        from dask.callbacks import Callback

        keys = {leaf.key for leaf in leaves}

        class _Progress(Callback):
            def _posttask(self, key, result, dsk, state, worker_id):
                if key in keys:
                    bar.update()

        with _Progress():
            return dask.compute(root)[0]
    finally:
        if bar is not None:
            bar.close()


def dask_statistics(stats_cls, X, y, sample_weight=None, *, progress=False) -> SufficientStatistics:
    """The statistics (a ``stats_cls``, :class:`~bayesreg._stats.SufficientStatistics`) of Dask input in one
    pass (see :meth:`SufficientStatistics.from_dask`)."""
    if isinstance(X, dd.DataFrame):
        leaves, names = _frame_leaves(stats_cls, X, y, sample_weight)
    elif isinstance(X, da.Array):
        if isinstance(y, str) or isinstance(sample_weight, str):
            raise TypeError("Column names for y / sample_weight need a dask DataFrame X, not a dask array.")
        leaves, names = _array_leaves(stats_cls, X, y, sample_weight)
    else:
        raise TypeError(f"from_dask needs a dask.array.Array or dask.dataframe.DataFrame X; got {type(X).__name__}.")
    if not leaves:
        raise ValueError("X has no chunks (no rows).")
    stats = _run(leaves, _tree(leaves), progress)
    return stats.with_feature_names(names) if names is not None else stats



def predict_chunks(method, X, n_outputs: int, *, split: bool = False):
    """Apply a fitted estimator's row-wise ``method`` (e.g. ``est.predict``) to each chunk of ``X``, lazily.

    Parameters
    ----------
    method : callable ``(ndarray or DataFrame) -> ndarray of shape (m,) or (m, k), or tuple of (m,)``
    X : dask.array.Array or dask.dataframe.DataFrame
    n_outputs : int
        ``k``, the columns of one chunk's stacked output (1 for a plain prediction).
    split : bool, default=False
        Return the ``k`` output columns as a tuple of 1-D collections.

    Returns
    -------
    dask.array.Array of shape (n_samples,) or (n_samples, k), or a dask Series / DataFrame with ``X``'s
    index; with ``split``, a tuple of ``k`` of them.
    """

    def stacked(block):
        out = method(block)
        return np.column_stack(out) if isinstance(out, tuple) else np.asarray(out)

    if isinstance(X, dd.DataFrame):
        if n_outputs == 1:
            return X.map_partitions(lambda part: pd.Series(stacked(part), index=part.index), meta=(None, "f8"))
        meta = pd.DataFrame({j: pd.Series(dtype="f8") for j in range(n_outputs)})
        out = X.map_partitions(lambda part: pd.DataFrame(stacked(part), index=part.index), meta=meta)
        return tuple(out[j] for j in range(n_outputs)) if split else out
    if not isinstance(X, da.Array) or X.ndim != 2:
        raise TypeError(f"Dask input to predict must be a 2-D dask array or a dask DataFrame; got {type(X).__name__}.")
    X = X.rechunk({1: -1})
    if n_outputs == 1:
        return X.map_blocks(stacked, drop_axis=1, dtype=np.float64)
    out = X.map_blocks(stacked, chunks=(X.chunks[0], (n_outputs,)), dtype=np.float64)
    return tuple(out[:, j] for j in range(n_outputs)) if split else out
