"""A :class:`~bayesreg._data.Design` backed by sufficient statistics only (no rows).

It overrides what the samplers and solvers read -- ``n``, :meth:`offsets`,
:meth:`sufficient_stats`, :meth:`y_scale` -- from a
:class:`~bayesreg._stats.SufficientStatistics`, so every Gaussian-likelihood path runs on it
without touching rows: the exact ridge posterior, the Cholesky (Rue 2001) Gibbs samplers, the MAP
by Gram-matrix coordinate descent with its certificate, the alpha path and ridge empirical Bayes.
A path that needs the rows calls :func:`require_rows`, which refuses with a
:class:`RowsRequiredError` naming the reason and the alternative.
"""

from __future__ import annotations

import numpy as np

from ._data import Design
from .exceptions import RowsRequiredError
from ._stats import SufficientStatistics
from ._validation import check_ranges

__all__ = ["RowsRequiredError", "StatsDesign", "as_design", "require_rows", "statistics_design"]


def require_rows(data, what: str, why: str, alternative: str) -> None:
    """Raise :class:`RowsRequiredError` when ``data`` is a :class:`StatsDesign`.

    Parameters
    ----------
    data : Design
    what : str
        The computation (e.g. ``"NUTS"``).
    why : str
        Why it needs the rows.
    alternative : str
        What to do instead.
    """
    if not data.has_rows:
        raise RowsRequiredError(
            f"{what} needs the rows of X ({why}), but the data are sufficient statistics (dask input or "
            f"SufficientStatistics), which keep only X'X, X'y, y'y and the means. {alternative}"
        )


class StatsDesign(Design):
    """Training data known through their weighted, centred sufficient statistics.

    Parameters
    ----------
    stats : SufficientStatistics
    owner : str, default="This estimator"
        Name used in messages.

    Attributes
    ----------
    stats : SufficientStatistics
    n : float
        Sum of the frequency weights.
    feature_names : ndarray of str or None

    Raises
    ------
    ValueError
        Fewer than two rows or no positive weight.
    """

    has_rows = False

    def __init__(self, stats, *, owner: str = "This estimator"):
        if not isinstance(stats, SufficientStatistics):
            raise TypeError(f"StatsDesign needs a SufficientStatistics; got {type(stats).__name__}.")
        self.stats = stats.checked()
        self.owner = owner
        self.sample_weight = None
        self.n = float(stats.weight_sum)
        names = stats.feature_names
        self.feature_names = None if names is None else np.asarray(names, dtype=object)
        self._cache = {}

    @property
    def X(self):
        require_rows(self, "This computation", "it reads X row by row",
                     "Use a model with a Gaussian likelihood and the 'exact' or 'gibbs' sampler.")

    @property
    def y(self):
        require_rows(self, "This computation", "it reads y row by row",
                     "Use a model with a Gaussian likelihood and the 'exact' or 'gibbs' sampler.")

    @property
    def n_samples(self) -> int:
        return self.stats.n_rows

    @property
    def n_features(self) -> int:
        return self.stats.n_features

    def offsets(self, fit_intercept: bool):
        return self._cached(("offsets", bool(fit_intercept)), lambda: self.stats.offsets(fit_intercept))

    def centered(self, fit_intercept: bool):
        require_rows(self, "The centred rows", "they are the data themselves",
                     "Work from sufficient_stats(fit_intercept) instead.")

    def sufficient_stats(self, fit_intercept: bool):
        return self._cached(("stats", bool(fit_intercept)), lambda: self.stats.gram(fit_intercept))

    def y_scale(self, fit_intercept: bool = True) -> float:
        return self._cached(("y_scale", bool(fit_intercept)), lambda: self.stats.y_scale(fit_intercept))

    def check_informative(self, names=None, *, fit_intercept: bool = True) -> None:
        """As :func:`bayesreg._validation.check_informative`, from the statistics.

        A constant ``y`` is refused and constant columns are warned about (zero centred scatter up
        to rounding, :meth:`SufficientStatistics.constant_columns`); identical columns are not
        detected (that needs the rows).
        """
        x_const, y_const = self.stats.constant_columns()
        check_ranges(y_const, self.stats.y_mean, x_const, names, fit_intercept=fit_intercept)


def as_design(X, y=None, sample_weight=None, *, owner: str = "This estimator") -> Design:
    """``X`` itself when it is a :class:`Design` (then ``y`` and ``sample_weight`` must be omitted),
    the statistics-backed design of a :class:`~bayesreg._stats.SufficientStatistics` (likewise), the
    statistics of Dask input computed in one pass (:meth:`SufficientStatistics.from_dask`), else a new,
    validated :class:`Design`.

    Raises
    ------
    ValueError
        ``y`` or ``sample_weight`` passed with a Design; bad data (see :class:`Design`).
    """
    if isinstance(X, Design):
        if y is not None or sample_weight is not None:
            raise ValueError("Pass y and sample_weight inside the Design, not next to it.")
        return X
    design = statistics_design(X, y, sample_weight, owner=owner)
    return Design(X, y, sample_weight, owner=owner) if design is None else design


def statistics_design(X, y=None, sample_weight=None, *, owner: str = "This estimator"):
    """The statistics-backed design of a :class:`~bayesreg._stats.SufficientStatistics` ``X`` or of
    Dask input (one pass, :meth:`~bayesreg._stats.SufficientStatistics.from_dask`); None for other input.

    Raises
    ------
    ValueError
        ``y`` or ``sample_weight`` passed next to statistics; bad Dask data.
    """
    if isinstance(X, SufficientStatistics):
        if y is not None or sample_weight is not None:
            raise ValueError("Pass y and sample_weight inside the SufficientStatistics, not next to them.")
        return StatsDesign(X, owner=owner)
    if any(hasattr(type(a), "__dask_graph__") for a in (X, y, sample_weight)):  # dask's collection protocol
        # dask is imported only inside from_dask (optional extra).
        return StatsDesign(SufficientStatistics.from_dask(X, y, sample_weight), owner=owner)
    return None
