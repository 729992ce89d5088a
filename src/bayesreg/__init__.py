"""bayesreg: the Bayesian view of regularized linear regression."""
from importlib.metadata import PackageNotFoundError, version

from .comparison import compare
from .estimators import BayesElasticNet, BayesLasso, BayesRidge
from .horseshoe import BayesHorseshoe
from .likelihoods import GaussianLikelihood, LaplaceLikelihood, StudentTLikelihood
from . import mapping
from .map import MAPResult, alpha_max, map_estimate, map_path
from .model import Model
from .noise import HalfCauchySigma, JeffreysSigma
from .priors import ElasticNetPrior, GaussianPrior, HorseshoePrior, LaplacePrior, ParkCasellaLaplacePrior

try:
    __version__ = version("bayesreg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "BayesRidge",
    "BayesLasso",
    "BayesElasticNet",
    "BayesHorseshoe",
    "GaussianLikelihood",
    "LaplaceLikelihood",
    "StudentTLikelihood",
    "GaussianPrior",
    "LaplacePrior",
    "ParkCasellaLaplacePrior",
    "ElasticNetPrior",
    "HorseshoePrior",
    "JeffreysSigma",
    "HalfCauchySigma",
    "Model",
    "MAPResult",
    "map_estimate",
    "map_path",
    "alpha_max",
    "mapping",
    "compare",
]
