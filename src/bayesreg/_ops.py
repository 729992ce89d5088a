"""Array namespaces so one formula serves numpy (MAP, tests) and PyTensor (PyMC).

Each formula in :mod:`bayesreg.priors` and :mod:`bayesreg.likelihoods` is written
once against ``xp`` and evaluated with :data:`NP` or :func:`pytensor_ops`.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import numpy as np
from scipy import special

NP = SimpleNamespace(
    name="numpy",
    abs=np.abs,
    log=np.log,
    log1p=np.log1p,
    sqrt=np.sqrt,
    sum=np.sum,
    square=np.square,
    erfcx=special.erfcx,
    gammaln=special.gammaln,
)


@lru_cache(maxsize=1)
def pytensor_ops() -> SimpleNamespace:
    """The same names backed by ``pytensor.tensor`` (imported lazily)."""
    import pytensor.tensor as pt

    return SimpleNamespace(
        name="pytensor",
        abs=pt.abs,
        log=pt.log,
        log1p=pt.log1p,
        sqrt=pt.sqrt,
        sum=pt.sum,
        square=pt.sqr,
        erfcx=pt.erfcx,
        gammaln=pt.gammaln,
    )
