"""bayesreg: the Bayesian view of regularized linear regression."""
from .bernoulli import BernoulliLikelihood, LogisticModel
from .classifier import BayesLogisticRegression
from .comparison import compare
from .estimators import BayesElasticNet, BayesHorseshoe, BayesLasso, BayesRegression, BayesRidge
from .likelihoods import GaussianLikelihood, LaplaceLikelihood, StudentTLikelihood
from . import mapping
from .map import MAPResult, alpha_max, map_estimate, map_path
from .model import Model
from .priors import (
    ElasticNetPrior,
    GaussianPrior,
    HorseshoePrior,
    LaplacePrior,
    ParkCasellaLaplacePrior,
    StudentTPrior,
)
from .sigma_priors import HalfCauchySigma, JeffreysSigma
from ._version import __version__

__all__ = [
    "BayesRidge",
    "BayesLasso",
    "BayesElasticNet",
    "BayesHorseshoe",
    "BayesRegression",
    "BayesLogisticRegression",
    "BernoulliLikelihood",
    "LogisticModel",
    "GaussianLikelihood",
    "LaplaceLikelihood",
    "StudentTLikelihood",
    "GaussianPrior",
    "LaplacePrior",
    "ParkCasellaLaplacePrior",
    "ElasticNetPrior",
    "HorseshoePrior",
    "StudentTPrior",
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
