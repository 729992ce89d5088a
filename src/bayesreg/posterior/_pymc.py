"""Build the PyMC model from a :class:`~bayesreg.model.Model` and sample it with NUTS.

The log densities come from the model's own prior and likelihood objects
(evaluated with PyTensor), so the PyMC log posterior and the MAP objective are
one formula (tested: they differ by a constant).
"""

from __future__ import annotations

import importlib.util
import os

import numpy as np

from .._data import Design, weighted_sd
from .._ops import NP, pytensor_ops
from ..model import Model
from ..priors import NonCenteredPrior
from ._idata import build_inference_data, check_pointwise

__all__ = ["build_pymc_model", "sample_nuts", "noncentered_scale", "to_sampler_point"]


def build_pymc_model(model: Model, X, y=None, sample_weight=None, feature_names=None):
    """The PyMC model of ``model`` on data ``(X, y)``.

    Parameters
    ----------
    model : Model
    X : ndarray of shape (n_samples, n_features), or Design
        Validated data (a :class:`~bayesreg._data.Design`: ``y`` and ``sample_weight`` omitted).
    y : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,), optional
        Frequency weights (each row's log-likelihood is multiplied by its weight).
    feature_names : sequence of str, optional
        Coordinates of the ``feature`` dimension; default ``x0, x1, ...``.

    Returns
    -------
    pymc.Model
        Free variables ``coef_z`` (dims ``feature``), ``intercept_z`` (flat; only with
        ``fit_intercept``) and ``sigma`` (positive, log-transformed); deterministic
        ``coef`` and ``intercept`` on the data's original scale; observed ``y``. The
        attribute ``bayesreg_transform`` holds the maps below.

    Notes
    -----
    NUTS sees rescaled, partially non-centered coordinates
    ``coef_j = c_j(sigma) * coef_z_j`` with ``c_j(sigma)^-2 = n sd(x_j)^2 / sigma^2 + gamma +
    beta^2 / 2`` (:func:`noncentered_scale`): roughly the conditional posterior sd of
    ``coef_j``, the data's precision plus the prior's (``beta, gamma`` from
    :meth:`~bayesreg.priors.NonCenteredPrior.nuts_precision`). So neither columns on very different scales (1 vs 1e6) nor
    the funnel between ``sigma`` and a prior scale proportional to ``sigma^2``
    (large ``alpha``) defeat NUTS's step size (Papaspiliopoulos, Roberts & Sköld 2007,
    on partial non-centering). The intercept is that of centered columns,
    ``intercept = y_loc + sd(y) * intercept_z - mean(X) @ coef`` (as bambi does).
    All maps are exact changes of variables: the density of ``coef_z`` includes the
    Jacobian ``sum_j log c_j(sigma)``, so the model's log probability equals
    :meth:`Model.log_posterior` plus that term (tested).
    """
    if not isinstance(model.prior, NonCenteredPrior):
        raise NotImplementedError(
            f"build_pymc_model does not build {type(model.prior).__name__} (it declares no non-centred "
            "form for NUTS; the horseshoe's density given tau has no PyTensor form here, and NUTS is known "
            "to diverge on it); use bayesreg.posterior.sample_gibbs."
        )
    import pymc as pm  # lazy: PyMC is heavy (several seconds) and only NUTS needs it

    if isinstance(X, Design):
        X, y, sample_weight = X.X, X.y, X.sample_weight
    pt_ops = pytensor_ops()
    n_samples, n_features = X.shape
    n = float(n_samples if sample_weight is None else np.sum(sample_weight))
    if feature_names is None:
        feature_names = [f"x{j}" for j in range(n_features)]
    transform = _standardizing_transform(X, y, sample_weight, model.fit_intercept)
    X_offset, x_sd = transform["X_offset"], transform["x_sd"]
    Xc = X - X_offset
    prior, likelihood = model.prior, model.likelihood

    with pm.Model(coords={"feature": list(map(str, feature_names))}) as pm_model:
        sigma = pm.HalfFlat("sigma")
        pm.Potential("sigma_prior", model.sigma_prior.logpdf(sigma, pt_ops))

        hyper = _hyperparameter(prior)

        def coef_logp(value, sigma_, *hyper_):
            h = hyper_[0] if hyper_ else None
            c = noncentered_scale(model, sigma_, n, x_sd, pt_ops, value=h)
            return prior.logpdf_terms(value * c, model.kappa(sigma_, n), sigma_, pt_ops, value=h) + pt_ops.log(c)

        params = (sigma,) if hyper is None else (sigma, hyper)
        coef_z = pm.CustomDist("coef_z", *params, logp=coef_logp, dims="feature")
        c = noncentered_scale(model, sigma, n, x_sd, pt_ops, value=hyper)
        coef = pm.Deterministic("coef", coef_z * c, dims="feature")
        mu = pm.math.dot(Xc, coef)
        if model.fit_intercept:
            intercept_z = pm.Flat("intercept_z")
            intercept_c = transform["y_loc"] + transform["y_scale"] * intercept_z
            mu = mu + intercept_c
            pm.Deterministic("intercept", intercept_c - pm.math.dot(X_offset, coef))

        def y_logp(value, mu_, sigma_):
            terms = likelihood.logpdf_terms(value - mu_, sigma_, pt_ops)
            return terms if sample_weight is None else terms * sample_weight

        pm.CustomDist("y", mu, sigma, logp=y_logp, observed=y)
    pm_model.bayesreg_transform = transform
    return pm_model


def _hyperparameter(prior):
    """The PyMC variable of the prior's hyperparameter, or None when it is fixed.

    A :class:`~bayesreg.hyperpriors.GammaHyperprior` on ``alpha`` (ridge, lasso) or on
    ``lam2 = lambda^2`` (Park & Casella); the latter also records ``lam``.
    """
    import pymc as pm  # lazy: PyMC is heavy (several seconds) and only NUTS needs it

    hyper = prior.hyperprior
    if hyper is None:
        return None
    if not hyper.is_gamma:
        raise ValueError(f"The PyMC backend supports a GammaHyperprior; got {type(hyper).__name__}.")
    # numpy float64 parameters: PyTensor may store an exactly-representable Python float as float32.
    value = pm.Gamma(prior.hyper_name, alpha=np.float64(hyper.shape), beta=np.float64(hyper.rate))
    if prior.report_name != prior.hyper_name:  # e.g. Park & Casella: lam from lam^2
        pm.Deterministic(prior.report_name, prior.reported(value))
    return value


def _standardizing_transform(X, y, sample_weight, fit_intercept) -> dict:
    """Column offsets and scales of the sampler's coordinates (see :func:`build_pymc_model`)."""
    n_features = X.shape[1]
    x_sd = weighted_sd(X, sample_weight, center=fit_intercept)
    x_sd = np.where(x_sd > 0, x_sd, 1.0)
    y_sd = float(weighted_sd(y, sample_weight, center=fit_intercept))
    y_sd = y_sd if y_sd > 0 else 1.0
    return {
        "X_offset": np.average(X, axis=0, weights=sample_weight) if fit_intercept else np.zeros(n_features),
        "x_sd": x_sd,
        "y_loc": float(np.average(y, weights=sample_weight)) if fit_intercept else 0.0,
        "y_scale": y_sd,
    }


def noncentered_scale(model: Model, sigma, n_samples, x_sd, xp, value=None):
    """Scale ``c_j(sigma)`` of the sampler's weight coordinates (see :func:`build_pymc_model`).

    Parameters
    ----------
    model : Model
    sigma : float or tensor
    n_samples : float
    x_sd : ndarray of shape (n_features,)
        Column standard deviations (1 for constant columns).
    xp : namespace
    value : float or tensor, optional
        The prior's hyperparameter when it is sampled.

    Returns
    -------
    array or tensor of shape (n_features,)
        ``(n x_sd^2 / sigma^2 + prec)^(-1/2)`` with the prior's
        :meth:`~bayesreg.priors.NonCenteredPrior.nuts_precision` ``prec`` (``gamma + beta^2 / 2``
        for the elastic-net family).
    """
    prior_precision = model.prior.nuts_precision(model.kappa(sigma, n_samples), sigma, value=value)
    precision = n_samples * x_sd**2 / (sigma * sigma) + prior_precision
    return 1.0 / xp.sqrt(precision)


def to_sampler_point(model: Model, transform: dict, coef, intercept, sigma, n_samples, value=None) -> dict:
    """Free-variable values (``coef_z``, ``intercept_z``, ``sigma``, hyperparameter) of a point
    on the original scale; ``value`` is the hyperparameter when it is sampled (default: the prior's own)."""
    coef = np.asarray(coef, dtype=float)
    if model.prior.hyperprior is not None and value is None:
        value = model.prior.hyper_value
    c = noncentered_scale(model, float(sigma), n_samples, transform["x_sd"], NP, value=value)
    point = {"coef_z": coef / c, "sigma": float(sigma)}
    if model.prior.hyperprior is not None:
        point[model.prior.hyper_name] = float(value)
    if transform["y_scale"] and intercept is not None:
        point["intercept_z"] = float(
            (intercept + transform["X_offset"] @ coef - transform["y_loc"]) / transform["y_scale"]
        )
    return point


def sample_nuts(
    model: Model,
    X,
    y=None,
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
    pointwise="auto",
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
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        Store ``log_likelihood`` and ``posterior_predictive`` (:mod:`bayesreg.posterior._idata`:
        8 x chains x draws x n_samples bytes each; "auto" up to 1e7 values; "log_likelihood"
        only the first).

    Returns
    -------
    arviz.InferenceData
        The layout of :func:`bayesreg.posterior.build_inference_data`, as for the exact and
        Gibbs samplers: ``posterior`` with ``coef`` (chain, draw, feature), ``intercept``
        (original scale), ``sigma`` and the sampled hyperparameter (``lam``, not ``lam2``,
        for Park & Casella); ``sample_stats`` from the NUTS backend; the log-likelihood is
        the model's own (the same formula as the PyMC model's, frequency weights included).

    Raises
    ------
    ValueError
        If ``nuts_sampler`` is not one of the three names, or a bad ``pointwise``.
    ImportError
        If the optional package of "nutpie" or "numpyro" is not installed.
    """
    import pymc as pm  # lazy: PyMC is heavy (several seconds) and only NUTS needs it

    backends = {"pymc": "pymc", "nutpie": "nutpie", "numpyro": "numpyro"}
    if nuts_sampler not in backends:
        raise ValueError(
            f"The 'nuts_sampler' parameter must be one of {tuple(backends)}. Got {nuts_sampler!r} instead."
        )
    check_pointwise(pointwise, "sample_nuts")
    if importlib.util.find_spec(backends[nuts_sampler]) is None:
        raise ImportError(
            f"nuts_sampler={nuts_sampler!r} needs the {backends[nuts_sampler]!r} package, which is not "
            f"installed: pip install {backends[nuts_sampler]}, or use nuts_sampler='pymc'."
        )
    if isinstance(X, Design):
        X, y, sample_weight = X.X, X.y, X.sample_weight
    pm_model = build_pymc_model(model, X, y, sample_weight, feature_names)
    seed = int(rng.integers(0, 2**31 - 1))  # PyMC spawns per-chain streams from it
    if cores is None:
        cores = max(1, min(chains, os.cpu_count() or 1))
    start = None
    if initvals is not None:
        n = float(X.shape[0] if sample_weight is None else np.sum(sample_weight))
        start = to_sampler_point(
            model, pm_model.bayesreg_transform, initvals["coef"],
            initvals["intercept"] if model.fit_intercept else None, initvals["sigma"], n,
        )
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
    post = idata.posterior
    # The sampler's own coordinates are not part of the model; the hyperparameter is kept under its
    # report_name only (lam, not lam2, for Park & Casella), as the Gibbs sampler records it.
    prior = model.prior
    hidden = {"coef_z", "intercept_z"}
    if prior.report_name != prior.hyper_name and prior.report_name in post:
        hidden.add(prior.hyper_name)
    posterior = {k: post[k].transpose("chain", "draw", ...).to_numpy() for k in post.data_vars if k not in hidden}
    return build_inference_data(
        model, X, y, sample_weight, posterior, sampler="nuts" if nuts_sampler == "pymc" else f"nuts-{nuts_sampler}",
        feature_names=feature_names, sample_stats=getattr(idata, "sample_stats", None), pointwise=pointwise, rng=rng,
    )
