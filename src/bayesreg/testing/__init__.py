"""Assertions and calibration checks for your own test suite.

- :func:`assert_map_equals_penalized`: a posterior mode (a bayesreg estimator or
  MAP, a coefficient vector, a PyMC model) equals a penalized fit (a scikit-learn
  estimator, or a coefficient vector with its objective named), with the alpha
  mapping of :mod:`bayesreg.mapping` applied; a failure names the convention that
  would make them agree.
- :func:`assert_penalized_optimum`: a coefficient vector is the exact optimum of a
  named penalized objective, from its KKT conditions (no second solver).
- :func:`sbc`: simulation-based calibration (Talts et al. 2018) of a sampler,
  returning rank statistics and uniformity p-values; :func:`plot_sbc_ranks` draws
  the rank histograms; :func:`logistic_sbc` the same for the Polya-Gamma Gibbs sampler of
  logistic regression.

Works without pytest: failures are plain :class:`AssertionError`.
"""

from ._assertions import assert_map_equals_penalized, assert_penalized_optimum
from ._kkt import OBJECTIVES
from ._logistic import logistic_sbc
from ._plot import plot_sbc_ranks
from ._sbc import SBCResult, SBCWarning, estimator_sampler, rank_histograms, rank_uniformity, sbc
from ._simulate import PriorSimulator, draw_enet_family

__all__ = [
    "OBJECTIVES",
    "assert_map_equals_penalized",
    "assert_penalized_optimum",
    "sbc",
    "logistic_sbc",
    "SBCResult",
    "SBCWarning",
    "PriorSimulator",
    "draw_enet_family",
    "estimator_sampler",
    "rank_uniformity",
    "rank_histograms",
    "plot_sbc_ranks",
]
