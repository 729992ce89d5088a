"""Full posteriors: PyMC NUTS (any model) and exact samplers where they exist."""

from ._exact import ExactRidgePosterior, exact_ridge_posterior, sample_exact
from ._gibbs import sample_gibbs
from ._idata import add_pointwise_groups, build_inference_data, sample_prior_predictive
from ._polya_gamma import sample_polya_gamma
from ._pymc import build_pymc_model, sample_nuts
from ._pymc_logistic import build_pymc_logistic_model, sample_nuts_logistic

__all__ = [
    "build_pymc_model",
    "sample_nuts",
    "ExactRidgePosterior",
    "exact_ridge_posterior",
    "sample_exact",
    "sample_gibbs",
    "build_inference_data",
    "add_pointwise_groups",
    "sample_prior_predictive",
    "sample_polya_gamma",
    "build_pymc_logistic_model",
    "sample_nuts_logistic",
]
