"""Weighted, centred sufficient statistics of a linear regression, mergeable across row chunks.

A Gaussian-likelihood posterior depends on the rows only through sums over them. This module
keeps those sums in the numerically stable *centred* form: the weight total ``n``, the weighted
means of the columns and of ``y``, and the weighted centred scatter ``Sxx = sum_i s_i (x_i - xbar)
(x_i - xbar)'``, ``Sxy`` and ``Syy``. Two chunks' statistics merge exactly (in exact arithmetic)
by the pairwise update of Chan, Golub & LeVeque (1979), generalized to weights and cross
products (Pébay 2008)::

    n = n_a + n_b,  d = mean_b - mean_a,
    mean = mean_a + d n_b / n,
    S = S_a + S_b + (n_a n_b / n) d d'.

Each chunk's scatter is accumulated about the chunk's own mean, so a column offset by ``1e6``
never forms ``x'x`` (which would lose twelve digits to ``x'x - n xbar xbar'``). Merging chunks as a
balanced binary tree keeps the rounding error growing with the logarithm of the number of chunks.

The statistics are what :class:`bayesreg._stats_design.StatsDesign` serves to every sampler and
solver that works from ``X'X``, ``X'y``, ``y'y`` (``bayesreg._data.SufficientStats``). Dask input is
reduced by :mod:`bayesreg._dask`.

References
----------
Chan, T. F., Golub, G. H. and LeVeque, R. J. (1979). Updating formulae and a pairwise algorithm for
computing sample variances. Stanford CS report STAN-CS-79-773.
Pébay, P. (2008). Formulas for robust, one-pass parallel computation of covariances and arbitrary-order
statistical moments. Sandia report SAND2008-6212.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._data import SufficientStats
from ._validation import _as_float_2d, _check_finite, check_X_y, feature_names_of

__all__ = ["SufficientStatistics", "tree_merge"]

#: Rows per block inside one array or chunk: bounds the centred copy (32768 x p float64).
BLOCK_ROWS = 32_768


@dataclass(frozen=True, eq=False)
class SufficientStatistics:
    """Weighted, centred sufficient statistics of ``(X, y)``: all a Gaussian-likelihood fit needs.

    Build them with :meth:`from_numpy`, :meth:`from_dask` (one pass over the chunks of a
    ``dask.array`` or ``dask.dataframe``, locally or on a ``dask.distributed`` cluster), or by adding
    two of them (``a + b`` is the statistics of the rows of both). Pass them in place of ``X`` (with
    ``y`` and ``sample_weight`` omitted) to an estimator's ``fit``, :func:`bayesreg.map_estimate`,
    :func:`bayesreg.map_path`, :func:`bayesreg.alpha_max`, :func:`bayesreg.posterior.sample_gibbs`,
    :func:`bayesreg.posterior.sample_exact`, :func:`bayesreg.posterior.exact_ridge_posterior` and
    :func:`bayesreg.empirical_bayes.ridge_evidence`; what needs the rows refuses with
    :class:`~bayesreg._stats_design.RowsRequiredError`.

    Attributes
    ----------
    n_rows : int
        Number of rows seen (including zero-weight rows).
    weight_sum : float
        ``n = sum_i s_i`` (``n_rows`` without weights).
    x_mean : ndarray of shape (n_features,)
        Weighted column means ``xbar``.
    y_mean : float
        Weighted mean of ``y``.
    sxx : ndarray of shape (n_features, n_features)
        ``sum_i s_i (x_i - xbar)(x_i - xbar)'``.
    sxy : ndarray of shape (n_features,)
        ``sum_i s_i (x_i - xbar)(y_i - ybar)``.
    syy : float
        ``sum_i s_i (y_i - ybar)^2``.
    feature_names : tuple of str or None
        Column names (from a DataFrame), else None.

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg import SufficientStatistics
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 3)); y = X @ [1.0, 2.0, 3.0] + rng.normal(size=100)
    >>> whole = SufficientStatistics.from_numpy(X, y)
    >>> merged = SufficientStatistics.from_numpy(X[:40], y[:40]) + SufficientStatistics.from_numpy(X[40:], y[40:])
    >>> bool(np.allclose(whole.sxx, merged.sxx, rtol=1e-13)), merged.n_rows
    (True, 100)
    """

    n_rows: int
    weight_sum: float
    x_mean: np.ndarray
    y_mean: float
    sxx: np.ndarray
    sxy: np.ndarray
    syy: float
    feature_names: tuple | None = None

    @property
    def n_features(self) -> int:
        return self.x_mean.shape[0]

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def empty(cls, n_features: int, feature_names=None) -> SufficientStatistics:
        """The statistics of no rows: the identity of ``+``.

        Parameters
        ----------
        n_features : int
        feature_names : sequence of str, optional

        Returns
        -------
        SufficientStatistics
        """
        p = int(n_features)
        z = np.zeros(p)
        return cls(0, 0.0, z, 0.0, np.zeros((p, p)), z.copy(), 0.0, _names(feature_names))

    @classmethod
    def from_numpy(cls, X, y, sample_weight=None, *, feature_names=None) -> SufficientStatistics:
        """Statistics of in-memory data, accumulated over blocks of rows and merged pairwise.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A pandas DataFrame's string column names become ``feature_names``.
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative frequency weights with a positive sum.
        feature_names : sequence of str, optional

        Returns
        -------
        SufficientStatistics

        Raises
        ------
        ValueError, TypeError
            As :func:`bayesreg._validation.check_X_y` (naming the row and column).
        """
        if feature_names is None:
            feature_names = feature_names_of(X)
        X, y, sample_weight = check_X_y(X, y, sample_weight, owner="SufficientStatistics")
        return cls._from_valid(X, y, sample_weight, feature_names)

    @classmethod
    def from_chunk(cls, X, y, sample_weight=None, *, where: str = "", feature_names=None) -> SufficientStatistics:
        """Statistics of one chunk of a larger data set (any length, zero-weight chunks allowed).

        Validates like :meth:`from_numpy` except for the rules that only the whole data set can
        break (at least two rows, a positive weight sum). ``where`` (e.g. ``" (partition 3)"``)
        is put after the array's name in error messages; rows are counted within the chunk. A
        float64 ndarray is used without a copy.

        Parameters
        ----------
        X : array-like of shape (m, n_features)
        y : array-like of shape (m,)
        sample_weight : array-like of shape (m,), optional
        where : str, default=""
            Where the chunk sits, for the messages.
        feature_names : sequence of str, optional
            Column names (default: a DataFrame's).

        Returns
        -------
        SufficientStatistics

        Raises
        ------
        ValueError, TypeError
            Non-numeric or non-finite cells, mismatched lengths, negative weights.
        """
        names = feature_names_of(X) if feature_names is None else feature_names
        X = X if isinstance(X, np.ndarray) and X.dtype == np.float64 and X.ndim == 2 else _as_float_2d(X, "X" + where)
        y = np.asarray(y, dtype=np.float64).reshape(-1)
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"X and y{where} have mismatched lengths: {X.shape[0]} and {y.shape[0]} rows.")
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight, dtype=np.float64).reshape(-1)
            if sample_weight.shape != y.shape:
                raise ValueError(f"sample_weight{where} must have shape {y.shape}; got {sample_weight.shape}.")
            _check_finite(sample_weight, "sample_weight" + where)
            if (sample_weight < 0).any():
                row = int(np.flatnonzero(sample_weight < 0)[0])
                raise ValueError(f"sample_weight{where} must be non-negative (first negative at row {row}).")
        out = cls._from_valid(X, y, sample_weight, names)
        if not out.finite():  # a NaN or inf cell propagates into the sums: only then look for it
            _check_finite(X, "X" + where, names)
            _check_finite(y, "y" + where)
            raise ValueError(f"The sums of squares of X or y{where} overflow float64: rescale the columns.")
        return out

    @classmethod
    def _from_valid(cls, X, y, sample_weight, feature_names) -> SufficientStatistics:
        parts = [
            _block(X[s : s + BLOCK_ROWS], y[s : s + BLOCK_ROWS],
                   None if sample_weight is None else sample_weight[s : s + BLOCK_ROWS])
            for s in range(0, X.shape[0], BLOCK_ROWS)
        ]
        out = tree_merge(parts) if parts else cls.empty(X.shape[1])
        return out.with_feature_names(feature_names)

    @classmethod
    def from_dask(cls, X, y=None, sample_weight=None, *, progress: bool = False) -> SufficientStatistics:
        """Statistics of a ``dask.array`` or ``dask.dataframe`` in one pass over its chunks.

        Each chunk (a row block of a dask array, a partition of a dask DataFrame) is reduced to its
        centred statistics where it lives; the small results are merged pairwise as a balanced tree
        (fixed order, so the result does not depend on which worker finishes first). The graph runs
        on the active scheduler: a ``dask.distributed.Client`` when one exists (``Client(address)``
        of an existing cluster, or a ``LocalCluster``), otherwise dask's default local scheduler.

        Parameters
        ----------
        X : dask.array.Array of shape (n_samples, n_features) or dask.dataframe.DataFrame
            Chunked along rows (a dask array's column chunks are joined).
        y : dask.array.Array, dask.dataframe.Series, or str
            The target; a string names a column of the DataFrame ``X`` (dropped from the features).
        sample_weight : dask.array.Array, dask.dataframe.Series, or str, optional
            Frequency weights; a string names a column of ``X`` (dropped from the features).
        progress : bool, default=False
            Show a tqdm progress bar over the chunks.

        Returns
        -------
        SufficientStatistics

        Raises
        ------
        ImportError
            When dask is not installed (``pip install bayesreg[dask]``).
        ValueError, TypeError
            Bad cells (naming the chunk, its row and the column), misaligned chunks, or a data
            set with fewer than two rows or no positive weight.

        Examples
        --------
        >>> import numpy as np, dask.array as da
        >>> from bayesreg import SufficientStatistics
        >>> X = da.from_array(np.arange(20.0).reshape(10, 2), chunks=(4, 2)); y = X[:, 0] * 2.0
        >>> SufficientStatistics.from_dask(X, y).sxy
        array([660., 660.])
        """
        from ._dask import dask_statistics  # lazy: dask is an optional dependency (bayesreg[dask])

        return dask_statistics(cls, X, y, sample_weight, progress=progress).checked()

    # -- algebra ------------------------------------------------------------------------------

    def __add__(self, other: SufficientStatistics) -> SufficientStatistics:
        """Statistics of the union of both row sets (Chan et al. 1979 pairwise update)."""
        if not isinstance(other, SufficientStatistics):
            return NotImplemented
        if other.n_features != self.n_features:
            raise ValueError(f"Cannot add statistics of {self.n_features} and {other.n_features} features.")
        if self.feature_names is not None and other.feature_names is not None and self.feature_names != other.feature_names:
            raise ValueError("Cannot add statistics of differently named features.")
        names = self.feature_names if self.feature_names is not None else other.feature_names
        na, nb = self.weight_sum, other.weight_sum
        n = na + nb
        rows = self.n_rows + other.n_rows
        if nb == 0.0 or na == 0.0:  # a side with no weight adds rows only
            keep = other if na == 0.0 else self
            return SufficientStatistics(rows, n, keep.x_mean, keep.y_mean, keep.sxx, keep.sxy, keep.syy, names)
        dx = other.x_mean - self.x_mean
        dy = other.y_mean - self.y_mean
        f = na * nb / n
        return SufficientStatistics(
            n_rows=rows,
            weight_sum=n,
            x_mean=self.x_mean + dx * (nb / n),
            y_mean=self.y_mean + dy * (nb / n),
            sxx=self.sxx + other.sxx + f * np.outer(dx, dx),
            sxy=self.sxy + other.sxy + f * dx * dy,
            syy=self.syy + other.syy + f * dy * dy,
            feature_names=names,
        )

    def with_feature_names(self, feature_names) -> SufficientStatistics:
        """A copy carrying ``feature_names`` (checked against ``n_features``).

        Parameters
        ----------
        feature_names : sequence of str or None

        Returns
        -------
        SufficientStatistics

        Raises
        ------
        ValueError
            Not ``n_features`` names.
        """
        names = _names(feature_names)
        if names is not None and len(names) != self.n_features:
            raise ValueError(f"feature_names has {len(names)} entries; the statistics have {self.n_features} features.")
        return SufficientStatistics(self.n_rows, self.weight_sum, self.x_mean, self.y_mean, self.sxx, self.sxy,
                                    self.syy, names)

    def finite(self) -> bool:
        """Whether every statistic is finite (a NaN or inf in the data makes some sum non-finite).

        Returns
        -------
        bool
        """
        return bool(np.isfinite(self.syy) and np.isfinite(self.y_mean) and np.all(np.isfinite(self.sxx))
                    and np.all(np.isfinite(self.x_mean)) and np.all(np.isfinite(self.sxy)))

    def constant_columns(self) -> tuple[np.ndarray, bool]:
        """``(x_constant, y_constant)``: which columns of ``X`` and whether ``y`` are constant.

        A constant column's centred scatter is zero up to the rounding of its mean: at most
        ``n (c eps |xbar|)^2`` with ``c = 1024`` covering the pairwise sums of the mean and of the
        merge, far below any column whose values actually differ in their first 12 digits.

        Returns
        -------
        x_constant : ndarray of bool of shape (n_features,)
        y_constant : bool
        """
        bound = 1024.0 * np.finfo(float).eps
        x_const = np.diag(self.sxx) <= self.weight_sum * (bound * self.x_mean) ** 2
        return x_const, bool(self.syy <= self.weight_sum * (bound * self.y_mean) ** 2)

    def checked(self) -> SufficientStatistics:
        """``self``, after the whole-data rules: at least two rows and a positive weight sum.

        Returns
        -------
        SufficientStatistics

        Raises
        ------
        ValueError
        """
        if self.n_rows < 2:
            raise ValueError(f"Need at least 2 samples to fit; got n_samples = {self.n_rows}.")
        if not self.weight_sum > 0:
            raise ValueError("sample_weight must have a positive sum; got all weights equal to zero.")
        return self

    # -- what the samplers and solvers read ---------------------------------------------------

    def offsets(self, fit_intercept: bool) -> tuple[np.ndarray, float]:
        """``(X_offset, y_offset)``: the weighted means with an intercept, zeros without.

        Parameters
        ----------
        fit_intercept : bool

        Returns
        -------
        X_offset : ndarray of shape (n_features,)
        y_offset : float
        """
        if fit_intercept:
            return self.x_mean.copy(), float(self.y_mean)
        return np.zeros(self.n_features), 0.0

    def gram(self, fit_intercept: bool) -> SufficientStats:
        """``Xc'SXc``, ``Xc'Syc``, ``yc'Syc`` of :class:`bayesreg._data.SufficientStats`.

        With an intercept these are the centred scatter itself. Without one they are the raw sums
        ``X'SX = Sxx + n xbar xbar'`` (and likewise for ``X'Sy``, ``y'Sy``): a model without an
        intercept is fitted to the raw columns, whose offsets are then part of the problem.

        Parameters
        ----------
        fit_intercept : bool

        Returns
        -------
        bayesreg._data.SufficientStats
        """
        if fit_intercept:
            return SufficientStats(self.sxx.copy(), self.sxy.copy(), float(self.syy))
        n, m, my = self.weight_sum, self.x_mean, self.y_mean
        return SufficientStats(self.sxx + n * np.outer(m, m), self.sxy + n * m * my, float(self.syy + n * my * my))

    def y_scale(self, fit_intercept: bool = True) -> float:
        """Weighted standard deviation of ``y`` (about 0 without an intercept), as ``Design.y_scale``.

        Parameters
        ----------
        fit_intercept : bool, default=True

        Returns
        -------
        float
            In the units of ``y``.
        """
        return float(np.sqrt(self.gram(fit_intercept).yty / self.weight_sum))

    def __repr__(self) -> str:
        return (f"SufficientStatistics(n_rows={self.n_rows}, weight_sum={self.weight_sum:g}, "
                f"n_features={self.n_features})")


def _names(feature_names):
    return None if feature_names is None else tuple(str(f) for f in feature_names)


def _block(X, y, sw) -> SufficientStatistics:
    """Centred statistics of one in-memory block (two passes over it: mean, then scatter)."""
    n = float(X.shape[0]) if sw is None else float(np.sum(sw))
    if n == 0.0:
        out = SufficientStatistics.empty(X.shape[1])
        return SufficientStatistics(X.shape[0], 0.0, out.x_mean, 0.0, out.sxx, out.sxy, 0.0)
    mx = (X.sum(axis=0) if sw is None else sw @ X) / n
    my = float((y.sum() if sw is None else sw @ y) / n)
    Xc = X - mx
    yc = y - my
    Xs, ys = (Xc, yc) if sw is None else (Xc * sw[:, None], yc * sw)
    return SufficientStatistics(n_rows=X.shape[0], weight_sum=n, x_mean=mx, y_mean=my,
                                sxx=Xc.T @ Xs, sxy=Xc.T @ ys, syy=float(yc @ ys))


def tree_merge(parts):
    """Sum a non-empty sequence with ``+`` as a balanced binary tree, in order (deterministic)."""
    parts = list(parts)
    if not parts:
        raise ValueError("tree_merge needs at least one part.")
    while len(parts) > 1:
        merged = [parts[k] + parts[k + 1] for k in range(0, len(parts) - 1, 2)]
        if len(parts) % 2:
            merged.append(parts[-1])
        parts = merged
    return parts[0]
