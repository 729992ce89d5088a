"""Data summaries shared by every consumer, written once.

:func:`weighted_sd` is the (population) standard deviation with frequency weights, the
noise scale used wherever a data-based sigma is needed before any fit (the Park & Casella
lambda <-> Lasso alpha conversion of the estimators, the PyMC builder's scales).
"""

from __future__ import annotations

import numpy as np

__all__ = ["weighted_sd"]


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
