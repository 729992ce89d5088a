"""bayesreg: the Bayesian view of regularized linear regression.

The public names below are imported on first use (PEP 562 module ``__getattr__``),
so that ``import bayesreg`` -- and with it ``bayesreg --help`` -- does not pay for
scikit-learn, PyMC and ArviZ. ``from bayesreg import BayesLasso`` works as usual.
To add a public name, add one line to ``_LAZY`` (name -> defining module).
"""
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

try:
    __version__ = version("bayesreg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

#: public name -> module (relative to this package) that defines it; ``None``: the name is a submodule.
_LAZY = {
    "BayesRidge": ".estimators",
    "BayesLasso": ".estimators",
    "BayesElasticNet": ".estimators",
    "BayesHorseshoe": ".horseshoe",
    "GaussianLikelihood": ".likelihoods",
    "LaplaceLikelihood": ".likelihoods",
    "StudentTLikelihood": ".likelihoods",
    "GaussianPrior": ".priors",
    "LaplacePrior": ".priors",
    "ParkCasellaLaplacePrior": ".priors",
    "ElasticNetPrior": ".priors",
    "HorseshoePrior": ".priors",
    "JeffreysSigma": ".noise",
    "HalfCauchySigma": ".noise",
    "Model": ".model",
    "MAPResult": ".map",
    "map_estimate": ".map",
    "map_path": ".map",
    "alpha_max": ".map",
    "mapping": None,
}

__all__ = list(_LAZY)


def __getattr__(name):
    """Import a public name on first access and cache it in the module namespace."""
    try:
        where = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = import_module(f".{name}" if where is None else where, __name__)
    if where is not None:
        value = getattr(value, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # static analysers and IDEs see the eager imports
    from . import mapping
    from .estimators import BayesElasticNet, BayesLasso, BayesRidge
    from .horseshoe import BayesHorseshoe
    from .likelihoods import GaussianLikelihood, LaplaceLikelihood, StudentTLikelihood
    from .map import MAPResult, alpha_max, map_estimate, map_path
    from .model import Model
    from .noise import HalfCauchySigma, JeffreysSigma
    from .priors import ElasticNetPrior, GaussianPrior, HorseshoePrior, LaplacePrior, ParkCasellaLaplacePrior
