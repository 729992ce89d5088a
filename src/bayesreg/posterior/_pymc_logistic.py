"""PyMC model of a :class:`~bayesreg.bernoulli.LogisticModel`, sampled with NUTS.

The second path next to the Polya-Gamma Gibbs sampler (and its check). The log densities
are the model's own (:meth:`LogisticModel.log_posterior`, evaluated with PyTensor), so the
PyMC log posterior and the MAP objective are one formula.
"""

from __future__ import annotations

import os

import numpy as np

from .._ops import pytensor_ops
from ..bernoulli import LogisticModel
from ._idata import build_inference_data, check_pointwise
from ._pymc import _hyperparameter

__all__ = ["build_pymc_logistic_model", "sample_nuts_logistic"]


def build_pymc_logistic_model(model: LogisticModel, X, y, sample_weight=None, feature_names=None):
    """The PyMC model of ``model`` on ``(X, y)``.

    Parameters
    ----------
    model : LogisticModel
        Any prior but the horseshoe (refused: NUTS diverges on its funnel; use
        :func:`bayesreg.posterior.sample_polya_gamma`).
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Outcomes in {0, 1}.
    sample_weight : ndarray of shape (n_samples,), optional
        Frequency weights (multiply each row's log-likelihood).
    feature_names : sequence of str, optional

    Returns
    -------
    pymc.Model
        Free ``coef`` (dims ``feature``; flat base measure plus the prior as a potential,
        so its log density is :meth:`Prior.logpdf_terms` exactly), ``intercept_c`` (flat; with
        ``fit_intercept``: the intercept of the centered columns, which decorrelates it from
        ``coef``), the hyperparameter under a hyperprior; deterministic ``intercept``
        ``= intercept_c - mean(X) @ coef``; observed ``y``.

    Raises
    ------
    NotImplementedError
        For the horseshoe prior.
    """
    if not model.prior.has_mode:  # the horseshoe: infinite density at 0, a funnel for NUTS
        raise NotImplementedError(
            "build_pymc_logistic_model does not build HorseshoePrior (NUTS diverges on its funnel); "
            "use bayesreg.posterior.sample_polya_gamma."
        )
    import pymc as pm

    pt_ops = pytensor_ops()
    n_samples, n_features = X.shape
    n = float(n_samples if sample_weight is None else np.sum(sample_weight))
    names = [f"x{j}" for j in range(n_features)] if feature_names is None else list(map(str, feature_names))
    X_offset = np.average(X, axis=0, weights=sample_weight) if model.fit_intercept else np.zeros(n_features)
    Xc = X - X_offset
    prior, likelihood = model.prior, model.likelihood
    with pm.Model(coords={"feature": names}) as pm_model:
        hyper = _hyperparameter(prior)
        coef = pm.Flat("coef", dims="feature")
        pm.Potential("coef_prior", pt_ops.sum(prior.logpdf_terms(coef, model.kappa(n), 1.0, pt_ops, value=hyper)))
        eta = pm.math.dot(Xc, coef)
        if model.fit_intercept:
            intercept_c = pm.Flat("intercept_c")
            eta = eta + intercept_c
            pm.Deterministic("intercept", intercept_c - pm.math.dot(X_offset, coef))
        terms = likelihood.logpdf_terms(y, eta, pt_ops)
        pm.Potential("y_loglik", pt_ops.sum(terms if sample_weight is None else terms * sample_weight))
    pm_model.bayesreg_X_offset = X_offset
    return pm_model


def sample_nuts_logistic(
    model: LogisticModel,
    X,
    y,
    sample_weight=None,
    *,
    feature_names=None,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 2,
    cores: int | None = None,
    target_accept: float = 0.9,
    rng: np.random.Generator,
    initvals: dict | None = None,
    progressbar: bool = False,
    pointwise="auto",
):
    """Sample a logistic model's posterior with PyMC's NUTS.

    Parameters
    ----------
    model, X, y, sample_weight, feature_names
        As in :func:`build_pymc_logistic_model`.
    draws, tune, chains : int
    cores : int, optional
        Worker processes; default ``min(chains, os.cpu_count())``.
    target_accept : float
    rng : numpy.random.Generator
        Source of PyMC's seed; numpy's global state is not touched.
    initvals : dict, optional
        Starting point (e.g. the MAP): ``coef`` and ``intercept``.
    progressbar : bool
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        Store ``log_likelihood`` and ``posterior_predictive`` (:mod:`bayesreg.posterior._idata`).

    Returns
    -------
    arviz.InferenceData
        The layout of :func:`bayesreg.posterior.build_inference_data`, as for
        :func:`bayesreg.posterior.sample_polya_gamma`: ``posterior`` with ``coef`` (chain,
        draw, feature), ``intercept`` and the sampled hyperparameter (``lam``, not ``lam2``, for
        Park & Casella); ``sample_stats`` from PyMC; ``observed_data``, ``constant_data`` and,
        per ``pointwise``, ``log_likelihood`` and ``posterior_predictive``; attrs
        ``sampler="nuts"``.

    Raises
    ------
    ValueError
        A bad ``pointwise``.
    NotImplementedError
        For the horseshoe prior.
    """
    import pymc as pm  # lazy: PyMC is heavy (several seconds) and only NUTS needs it

    check_pointwise(pointwise, "sample_nuts_logistic")

    pm_model = build_pymc_logistic_model(model, X, y, sample_weight, feature_names)
    start = None
    if initvals is not None:
        start = {"coef": np.asarray(initvals["coef"], dtype=float)}
        if model.fit_intercept:
            start["intercept_c"] = float(initvals["intercept"] + pm_model.bayesreg_X_offset @ start["coef"])
    if cores is None:
        cores = max(1, min(chains, os.cpu_count() or 1))
    with pm_model:
        idata = pm.sample(
            draws=draws, tune=tune, chains=chains, cores=cores, random_seed=int(rng.integers(0, 2**31 - 1)),
            target_accept=target_accept, initvals=start, progressbar=progressbar,
            compute_convergence_checks=False, return_inferencedata=True,
        )
    post = idata.posterior
    # The sampler's own coordinate and, for Park & Casella, lam2 are not reported (the Gibbs sampler keeps lam).
    prior = model.prior
    hidden = {"intercept_c"}
    if prior.hyperprior is not None and prior.report_name != prior.hyper_name and prior.report_name in post:
        hidden.add(prior.hyper_name)
    posterior = {k: post[k].transpose("chain", "draw", ...).to_numpy() for k in post.data_vars if k not in hidden}
    return build_inference_data(
        model, X, y, sample_weight, posterior, sampler="nuts", feature_names=feature_names,
        sample_stats=getattr(idata, "sample_stats", None), pointwise=pointwise, rng=rng,
    )
