"""The result of a MAP solve (:class:`MAPResult`), below the solvers that return it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..model import Model

__all__ = ["MAPResult"]


@dataclass
class MAPResult:
    """A certified posterior mode.

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
        Mode of the weights; exact zeros where the L1 term is active.
    intercept : float
        Mode of the intercept (0.0 when ``fit_intercept=False``).
    sigma : float
        Joint mode of the noise scale given ``coef`` and ``intercept``.
    objective : float
        The twin's objective at the mode (scikit-learn's scaling); for pairs without
        a twin, the same form ``c * data_term + penalty`` (:meth:`Model.twin_objective`);
        for a :class:`~bayesreg.priors.MajorizeMinimizePrior`, the negative log posterior
        (:meth:`Model.log_posterior`); NaN for Park & Casella (no sigma-free penalty).
    kkt_residual : float
        Largest violation of the optimality conditions, relative (0 is exact).
    duality_gap : float
        Relative duality gap of the weight problem.
    n_iter : int
        Coordinate-descent sweeps (0 for closed forms), LP iterations (HiGHS), or
        MM / EM iterations.
    converged : bool
        Whether the certificate met the tolerance.
    twin : sklearn estimator or None
        Unfitted scikit-learn estimator with the mapped ``alpha``; None for pairs
        without a twin (see :func:`bayesreg.mapping.to_twin`).
    model : Model
    """

    coef: np.ndarray
    intercept: float
    sigma: float
    objective: float
    kkt_residual: float
    duality_gap: float
    n_iter: int
    converged: bool
    twin: object = field(repr=False)
    model: Model = field(repr=False)
