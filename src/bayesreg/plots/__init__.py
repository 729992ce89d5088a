"""Figures that teach the prior-penalty link.

Computations (testable without a figure) and drawing are separate: the ``plot_*``
functions call the public compute functions listed here and draw their results.
"""

from ._compute import (
    PriorPenaltyCurves,
    ShrinkageCurve,
    matched_priors,
    orthogonal_shrinkage,
    prior_penalty_curves,
    with_alpha,
)
from ._draw import (
    plot_coef_path,
    plot_constraint_geometry,
    plot_forest,
    plot_overfitting,
    plot_priors,
    plot_shrinkage,
)
from ._geometry import ConstraintGeometry, constraint_boundary, constraint_geometry
from ._posterior import (
    CoefPath,
    PolynomialData,
    PosteriorPath,
    coef_path,
    entry_order,
    polynomial_data,
    posterior_path,
    predictive_band,
)
from ._teaching import write_teaching_figures

__all__ = [
    "plot_forest",
    "plot_priors",
    "plot_constraint_geometry",
    "plot_coef_path",
    "plot_shrinkage",
    "plot_overfitting",
    "write_teaching_figures",
    "matched_priors",
    "with_alpha",
    "prior_penalty_curves",
    "PriorPenaltyCurves",
    "constraint_geometry",
    "constraint_boundary",
    "ConstraintGeometry",
    "orthogonal_shrinkage",
    "ShrinkageCurve",
    "coef_path",
    "CoefPath",
    "entry_order",
    "posterior_path",
    "PosteriorPath",
    "predictive_band",
    "polynomial_data",
    "PolynomialData",
]
