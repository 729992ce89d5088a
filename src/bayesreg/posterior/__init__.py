"""Full posteriors: PyMC NUTS (any model) and exact samplers where they exist."""

from ._exact import ExactRidgePosterior, exact_ridge_posterior, sample_exact
from ._gibbs import sample_gibbs
from ._idata import add_pointwise_groups, build_inference_data, sample_prior_predictive
from ._pymc import build_pymc_model, sample_nuts

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
]
