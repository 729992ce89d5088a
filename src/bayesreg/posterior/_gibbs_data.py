"""Data preparation shared by the exact and Gibbs samplers (their InferenceData: :mod:`._idata`).

The intercept has a flat prior. Integrating it out of a Gaussian likelihood
leaves the likelihood of the weights on centered data with ``n - 1`` effective
samples, and its conditional ``intercept | w, sigma ~ N(ybar - xbar @ w, sigma^2 / n)``
(``n`` = sum of the frequency weights). Everything the samplers need when
``p <= n`` is then in the sufficient statistics ``X'X``, ``X'y`` and ``y'y`` of
the centered, weight-scaled data, accumulated in row blocks so that a large
``X`` is never copied whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._data import Design
from .._stats_design import require_rows, statistics_design
from .._validation import _check_finite

__all__ = ["Data", "prepare_data", "intercept_draws"]


@dataclass
class Data:
    """Centered data summaries.

    Attributes
    ----------
    XtX : ndarray of shape (n_features, n_features)
        ``Xc' S Xc`` with ``Xc`` the (weighted-)centered ``X`` and ``S = diag(sample_weight)``.
    Xty : ndarray of shape (n_features,)
    yty : float
    n : float
        Sum of the frequency weights (``n_samples`` without weights).
    n_eff : float
        ``n - 1`` with an intercept (it is integrated out), else ``n``.
    X_offset : ndarray of shape (n_features,)
    y_offset : float
    Xc, yc : ndarray or None
        Centered, ``sqrt(weight)``-scaled rows; kept only when ``keep_rows`` (``p > n``).
    """

    XtX: np.ndarray
    Xty: np.ndarray
    yty: float
    n: float
    n_eff: float
    X_offset: np.ndarray
    y_offset: float
    fit_intercept: bool
    Xc: np.ndarray | None = None
    yc: np.ndarray | None = None

    @property
    def n_features(self) -> int:
        return self.Xty.shape[0]


def _as_arrays(X, y, sample_weight):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D of shape (n_samples, n_features); got shape {X.shape}.")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X; got {y.shape}.")
    if X.shape[0] < 2:
        raise ValueError(f"Need at least 2 samples; got {X.shape[0]}.")
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight, dtype=np.float64)
        if sample_weight.shape != y.shape:
            raise ValueError(f"sample_weight must have shape {y.shape}; got {sample_weight.shape}.")
        if not np.all(np.isfinite(sample_weight)) or (sample_weight < 0).any() or sample_weight.sum() <= 0:
            raise ValueError("sample_weight must be finite, non-negative, with a positive sum.")
    return X, y, sample_weight


def prepare_data(X, y=None, sample_weight=None, *, fit_intercept=True, keep_rows=False) -> Data:
    """Center (weighted), scale rows by ``sqrt(sample_weight)`` and summarize.

    The summaries are the :class:`~bayesreg._data.Design`'s cached ones, so a design passed in
    (``y`` and ``sample_weight`` omitted) is neither re-validated nor re-centred.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), or Design
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.
    fit_intercept : bool
    keep_rows : bool
        Also keep the centered rows (needed by the ``p > n`` weight draw).

    Returns
    -------
    Data

    Raises
    ------
    ValueError
        Wrong shapes, bad weights, or NaN/inf in ``X`` or ``y`` (naming row and column).
    """
    design = X if isinstance(X, Design) else statistics_design(X, y, sample_weight)
    if design is None:
        design = Design.from_arrays(*_as_arrays(X, y, sample_weight))
    if keep_rows:
        require_rows(design, "The p > n weight draw (Bhattacharya et al. 2016)", "it solves an n x n system in the rows",
                     "Use weight_draw='cholesky' (Rue's draw from the Gram matrix, O(p^3) a sweep).")
    X_offset, y_offset = design.offsets(fit_intercept)
    if not (np.all(np.isfinite(X_offset)) and np.isfinite(y_offset)):
        _check_finite(design.X, "X")
        _check_finite(design.y, "y")
    stats = design.sufficient_stats(fit_intercept)
    Xc, yc = design.centered(fit_intercept)[:2] if keep_rows else (None, None)
    n = design.n
    return Data(
        XtX=stats.XtX,
        Xty=stats.Xty,
        yty=stats.yty,
        n=n,
        n_eff=n - 1.0 if fit_intercept else n,
        X_offset=X_offset,
        y_offset=y_offset,
        fit_intercept=fit_intercept,
        Xc=Xc,
        yc=yc,
    )


def intercept_draws(y_offset, X_offset, n, coef, sigma, rng):
    """``intercept | coef, sigma ~ N(y_offset - X_offset @ coef, sigma^2 / n)`` (flat prior).

    Parameters
    ----------
    y_offset : float
    X_offset : ndarray of shape (n_features,)
    n : float
        Sum of the frequency weights.
    coef : ndarray of shape (n_chains, n_draws, n_features)
    sigma : ndarray of shape (n_chains, n_draws)

    Returns
    -------
    ndarray of shape (n_chains, n_draws)
    """
    mean = y_offset - coef @ X_offset
    return mean + sigma / np.sqrt(n) * rng.standard_normal(mean.shape)
