"""Posterior mode (MAP) with our own certified solvers, MAP paths, and ``alpha_max``.

>>> import numpy as np
>>> from bayesreg import Model, LaplacePrior, map_estimate
>>> rng = np.random.default_rng(0)
>>> X = rng.normal(size=(50, 5)); y = X[:, 0] + rng.normal(size=50)
>>> res = map_estimate(Model(LaplacePrior(alpha=0.1)), X, y)
>>> bool(res.converged), int(np.sum(res.coef == 0)) > 0
(True, True)
"""

from ._estimate import MAPResult, map_estimate, sigma_mode, supports_map
from ._gaussian import center_data
from ._path import alpha_max, map_path

__all__ = ["MAPResult", "alpha_max", "center_data", "map_estimate", "map_path", "sigma_mode", "supports_map"]
