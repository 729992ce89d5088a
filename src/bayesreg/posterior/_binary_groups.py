"""``log_likelihood``, ``posterior_predictive`` and ``observed_data`` groups for binary outcomes.

One function for both logistic samplers (Polya-Gamma Gibbs and NUTS), so that ``az.loo`` and
posterior predictive checks work on ``BayesLogisticRegression.idata_``.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ..bernoulli import BernoulliLikelihood

__all__ = ["add_binary_groups"]


def add_binary_groups(idata, X, y, rng) -> None:
    """Add the three groups to ``idata`` in place.

    Parameters
    ----------
    idata : arviz.InferenceData
        With ``posterior["coef"]`` (chain, draw, feature) and optionally ``intercept``.
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Outcomes in {0, 1}.
    rng : numpy.random.Generator
        For the posterior predictive draws.

    Notes
    -----
    ``log_likelihood["y"][c, d, i] = log p(y_i | draw (c, d))`` per row, unweighted (with
    frequency weights, a row of weight ``k`` stands for ``k`` observations that PSIS-LOO
    would leave out one at a time: replicate the rows instead). ``posterior_predictive["y"]``
    holds one ``Bernoulli(expit(eta))`` replicate per draw (0/1).
    """
    import arviz as az

    post = idata.posterior
    coef = post["coef"].transpose("chain", "draw", "feature").to_numpy()
    eta = np.einsum("cdf,nf->cdn", coef, X)
    if "intercept" in post:
        eta += post["intercept"].transpose("chain", "draw").to_numpy()[:, :, None]
    loglik = BernoulliLikelihood().logpdf_terms(y[None, None, :], eta)
    y_rep = (rng.random(eta.shape) < special.expit(eta)).astype(np.int8)
    dims = {"y": ["obs_id"]}
    extra = az.from_dict(
        log_likelihood={"y": loglik},
        posterior_predictive={"y": y_rep},
        observed_data={"y": y.astype(np.int8)},
        dims=dims,
        coords={"obs_id": np.arange(y.shape[0])},
    )
    idata.extend(extra)
