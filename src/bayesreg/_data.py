"""Training data prepared once: :class:`Design`, built at the boundary and passed down.

An estimator's ``fit`` (or a public function called with arrays) validates ``X``, ``y`` and
``sample_weight`` once into a :class:`Design`; the MAP solvers, ``alpha_max`` / ``map_path``,
empirical Bayes and the exact, Gibbs and NUTS samplers accept it in place of ``X`` (with
``y`` and ``sample_weight`` omitted) and neither re-validate nor re-centre. What they need
is computed lazily, once per ``fit_intercept``, and cached on the object:

- ``n``, the sum of the frequency weights;
- the weighted column means and mean of ``y`` (the offsets of a flat intercept);
- the centered, ``sqrt(weight)``-scaled rows ``Xc``, ``yc``;
- the weighted sufficient statistics ``Xc'Xc``, ``Xc'yc``, ``yc'yc``, accumulated in row
  blocks so that a large ``X`` is never copied whole for them.

The statistics are exactly what a out-of-core or distributed source would have to supply
(block sums over rows): a subclass that overrides :meth:`Design.offsets` and
:meth:`Design.sufficient_stats` serves every sampler that works from sufficient statistics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import check_X_y, check_informative

__all__ = ["Design", "SufficientStats", "weighted_sd"]

_BLOCK_ROWS = 32_768


def weighted_sd(a, sample_weight=None, axis=0, center=True):
    """``sqrt(sum_i s_i (a_i - abar)^2 / sum_i s_i)`` along ``axis`` (``abar = 0`` without ``center``).

    Parameters
    ----------
    a : ndarray
    sample_weight : ndarray of shape (a.shape[axis],), optional
        Frequency weights (weight ``k`` == the row repeated ``k`` times).
    axis : int, default=0
    center : bool, default=True
        Subtract the weighted mean first (an intercept is fitted).

    Returns
    -------
    float or ndarray
    """
    mean = np.average(a, axis=axis, weights=sample_weight) if center else 0.0
    return np.sqrt(np.average((a - mean) ** 2, axis=axis, weights=sample_weight))


@dataclass(frozen=True)
class SufficientStats:
    """Weighted, centered sufficient statistics of a linear regression.

    Attributes
    ----------
    XtX : ndarray of shape (n_features, n_features)
        ``Xc' S Xc`` (``Xc`` centered with the weighted means when an intercept is fitted,
        ``S = diag(sample_weight)``).
    Xty : ndarray of shape (n_features,)
        ``Xc' S yc``.
    yty : float
        ``yc' S yc``.
    """

    XtX: np.ndarray
    Xty: np.ndarray
    yty: float


class Design:
    """Validated training data and its lazily cached summaries.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.
    owner : str, default="This estimator"
        Name used in validation messages.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,) or None
    n : float
        Sum of the frequency weights (``n_samples`` without weights).

    Raises
    ------
    ValueError, TypeError
        As :func:`bayesreg._validation.check_X_y` (naming the row and column).

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg._data import Design
    >>> d = Design(np.arange(6.0).reshape(3, 2), [1.0, 2.0, 4.0])
    >>> d.n, d.offsets(True)[1]
    (3.0, 2.3333333333333335)
    """

    #: Whether the rows are kept (False for :class:`bayesreg._stats_design.StatsDesign`).
    has_rows = True
    #: Column names known to the design itself (a statistics-backed design keeps them), else None.
    feature_names = None

    def __init__(self, X, y, sample_weight=None, *, owner: str = "This estimator"):
        X, y, sample_weight = check_X_y(X, y, sample_weight, owner=owner)
        self._set(X, y, sample_weight)

    @classmethod
    def from_arrays(cls, X, y, sample_weight=None) -> Design:
        """A design of arrays that are already float64 and valid (no checks, no copies).

        For internal reweighting (a scale-mixture likelihood's latent row weights); data from a
        user go through the constructor.
        """
        self = cls.__new__(cls)
        self._set(X, y, sample_weight)
        return self

    def _set(self, X, y, sample_weight):
        self.X, self.y, self.sample_weight = X, y, sample_weight
        self.n = float(X.shape[0] if sample_weight is None else np.sum(sample_weight))
        self._cache = {}

    @property
    def n_samples(self) -> int:
        return self.X.shape[0]

    @property
    def n_features(self) -> int:
        return self.X.shape[1]

    def _cached(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def offsets(self, fit_intercept: bool) -> tuple[np.ndarray, float]:
        """``(X_offset, y_offset)``: weighted means with an intercept, zeros without."""

        def compute():
            if not fit_intercept:
                return np.zeros(self.n_features), 0.0
            sw = self.sample_weight
            return np.average(self.X, axis=0, weights=sw), float(np.average(self.y, weights=sw))

        return self._cached(("offsets", bool(fit_intercept)), compute)

    def centered(self, fit_intercept: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """``(Xc, yc, X_offset, y_offset)``: rows centered and scaled by ``sqrt(sample_weight)``.

        The intercept of a solution ``w`` is ``y_offset - X_offset @ w`` (flat intercept prior:
        profiling it out of a Gaussian likelihood is exact).
        """

        def compute():
            X_offset, y_offset = self.offsets(fit_intercept)
            Xc, yc = self.X - X_offset, self.y - y_offset
            if self.sample_weight is not None:
                sq = np.sqrt(self.sample_weight)
                Xc, yc = Xc * sq[:, None], yc * sq
            return Xc, yc, X_offset, y_offset

        return self._cached(("centered", bool(fit_intercept)), compute)

    def sufficient_stats(self, fit_intercept: bool) -> SufficientStats:
        """``Xc'SXc``, ``Xc'Syc``, ``yc'Syc``, accumulated over blocks of rows (no copy of ``X``)."""

        def compute():
            X, y, sw = self.X, self.y, self.sample_weight
            X_offset, y_offset = self.offsets(fit_intercept)
            p = X.shape[1]
            XtX, Xty, yty = np.zeros((p, p)), np.zeros(p), 0.0
            for start in range(0, X.shape[0], _BLOCK_ROWS):
                Xb = X[start : start + _BLOCK_ROWS] - X_offset
                yb = y[start : start + _BLOCK_ROWS] - y_offset
                if sw is not None:
                    s = np.sqrt(sw[start : start + _BLOCK_ROWS])
                    Xb *= s[:, None]
                    yb = yb * s
                XtX += Xb.T @ Xb
                Xty += Xb.T @ yb
                yty += float(yb @ yb)
            return SufficientStats(XtX, Xty, yty)

        return self._cached(("stats", bool(fit_intercept)), compute)

    def check_informative(self, names=None, *, fit_intercept: bool = True) -> None:
        """:func:`bayesreg._validation.check_informative` on the rows (constant y refused, constant or
        identical columns warned about)."""
        check_informative(self.X, self.y, names, fit_intercept=fit_intercept)

    def y_scale(self, fit_intercept: bool = True) -> float:
        """Weighted standard deviation of ``y`` (about 0 without an intercept): a data-based sigma."""
        return self._cached(("y_scale", bool(fit_intercept)),
                            lambda: float(weighted_sd(self.y, self.sample_weight, center=fit_intercept)))
