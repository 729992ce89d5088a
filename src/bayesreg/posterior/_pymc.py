"""Build the PyMC model from a :class:`~bayesreg.model.Model` and sample it with NUTS.

The log densities come from the model's own prior and likelihood objects
(evaluated with PyTensor), so the PyMC log posterior and the MAP objective are
one formula (tested: they differ by a constant).
"""

from __future__ import annotations

import numpy as np

from .._ops import pytensor_ops
from ..model import Model

__all__ = ["build_pymc_model", "sample_nuts"]


def build_pymc_model(model: Model, X, y, sample_weight=None, feature_names=None):
    """The PyMC model of ``model`` on data ``(X, y)``.

    Parameters
    ----------
    model : Model
    X : ndarray of shape (n_samples, n_features)
        Validated data.
    y : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,), optional
        Frequency weights (each row's log-likelihood is multiplied by its weight).
    feature_names : sequence of str, optional
        Coordinates of the ``feature`` dimension; default ``x0, x1, ...``.

    Returns
    -------
    pymc.Model
        Free variables ``intercept_centered`` (flat; only with ``fit_intercept``),
        ``coef`` (dims ``feature``) and ``sigma`` (positive, log-transformed);
        deterministic ``intercept`` on the data's original scale; observed ``y``.

    Notes
    -----
    The sampler sees the columns of ``X`` centered at their (weighted) means and
    the intercept ``intercept_centered = intercept + mean(X) @ coef``. Under the flat
    intercept prior this shift has unit Jacobian, so the posterior is unchanged
    while the intercept decorrelates from the weights (as bambi does).
    """
    import pymc as pm

    pt_ops = pytensor_ops()
    n_samples, n_features = X.shape
    n = float(n_samples if sample_weight is None else np.sum(sample_weight))
    if feature_names is None:
        feature_names = [f"x{j}" for j in range(n_features)]
    X_offset = np.average(X, axis=0, weights=sample_weight) if model.fit_intercept else np.zeros(n_features)
    Xc = X - X_offset
    prior, likelihood = model.prior, model.likelihood

    with pm.Model(coords={"feature": list(map(str, feature_names))}) as pm_model:
        sigma = pm.HalfFlat("sigma")
        pm.Potential("sigma_prior", model.sigma_prior.logpdf(sigma, pt_ops))

        def coef_logp(value, sigma_):
            return prior.logpdf_terms(value, model.kappa(sigma_, n), sigma_, pt_ops)

        coef = pm.CustomDist("coef", sigma, logp=coef_logp, dims="feature")
        mu = pm.math.dot(Xc, coef)
        if model.fit_intercept:
            intercept_c = pm.Flat("intercept_centered")
            mu = mu + intercept_c
            pm.Deterministic("intercept", intercept_c - pm.math.dot(X_offset, coef))

        def y_logp(value, mu_, sigma_):
            terms = likelihood.logpdf_terms(value - mu_, sigma_, pt_ops)
            return terms if sample_weight is None else terms * sample_weight

        pm.CustomDist("y", mu, sigma, logp=y_logp, observed=y)
    pm_model.bayesreg_X_offset = X_offset
    return pm_model


def sample_nuts(
    model: Model,
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
    nuts_sampler: str = "pymc",
):
    """Sample the posterior with PyMC's NUTS.

    Parameters
    ----------
    model, X, y, sample_weight, feature_names
        As in :func:`build_pymc_model`.
    draws, tune, chains : int
        Kept draws, tuning draws, and chains.
    cores : int, optional
        Worker processes; default ``min(chains, os.cpu_count())`` (PyMC's own
        guess is often 1 on small machines).
    target_accept : float
    rng : numpy.random.Generator
        Source of the seed from which PyMC spawns one stream per chain;
        numpy's global state is not touched.
    initvals : dict, optional
        Starting point, e.g. the MAP: keys ``coef``, ``intercept`` and ``sigma``.
    progressbar : bool
    nuts_sampler : {"pymc", "nutpie", "numpyro"}, default="pymc"
        NUTS implementation, passed to ``pymc.sample``. "nutpie" and "numpyro" are
        optional packages (``pip install nutpie`` / ``pip install numpyro``).

    Returns
    -------
    arviz.InferenceData
        ``posterior`` with ``coef`` (chain, draw, feature), ``intercept`` (original
        scale) and ``sigma``; ``sample_stats`` from PyMC.
    """
    import importlib.util
    import os

    import pymc as pm

    backends = {"pymc": "pymc", "nutpie": "nutpie", "numpyro": "numpyro"}
    if nuts_sampler not in backends:
        raise ValueError(
            f"The 'nuts_sampler' parameter must be one of {tuple(backends)}. Got {nuts_sampler!r} instead."
        )
    if importlib.util.find_spec(backends[nuts_sampler]) is None:
        raise ImportError(
            f"nuts_sampler={nuts_sampler!r} needs the {backends[nuts_sampler]!r} package, which is not "
            f"installed: pip install {backends[nuts_sampler]}, or use nuts_sampler='pymc'."
        )
    pm_model = build_pymc_model(model, X, y, sample_weight, feature_names)
    seed = int(rng.integers(0, 2**31 - 1))  # PyMC spawns per-chain streams from it
    if cores is None:
        cores = max(1, min(chains, os.cpu_count() or 1))
    start = None
    if initvals is not None:
        start = {"coef": np.asarray(initvals["coef"], dtype=float), "sigma": float(initvals["sigma"])}
        if model.fit_intercept:
            start["intercept_centered"] = float(initvals["intercept"] + pm_model.bayesreg_X_offset @ start["coef"])
    with pm_model:
        idata = pm.sample(
            draws=draws,
            tune=tune,
            chains=chains,
            cores=cores,
            random_seed=seed,
            target_accept=target_accept,
            initvals=start,
            progressbar=progressbar,
            nuts_sampler=nuts_sampler,
            compute_convergence_checks=False,
            return_inferencedata=True,
        )
    if "intercept_centered" in idata.posterior:
        idata.posterior = idata.posterior.drop_vars("intercept_centered")
    idata.posterior.attrs["sampler"] = "nuts" if nuts_sampler == "pymc" else f"nuts-{nuts_sampler}"
    return idata
