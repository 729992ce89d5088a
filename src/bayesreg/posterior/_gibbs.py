"""Blocked Gibbs samplers for Gaussian linear regression with scale-mixture priors.

Models: ridge with a Gamma hyperprior on ``alpha``; the Bayesian lasso in both
Laplace forms (alpha form, fixed or Gamma on ``alpha``; Park & Casella 2008, fixed
``lam`` or Gamma on ``lam^2``); the elastic net of ``docs/math-contract.md`` (fixed ``alpha``); the
horseshoe (Makalic & Schmidt 2016). Gaussian likelihood, or Student-t / Laplace through
their normal scale mixtures (:mod:`._gibbs_robust`); Jeffreys or half-Cauchy prior on
sigma; flat intercept.

The sweep and its references are in :mod:`._gibbs_kernels`; the weight draw is
chosen by shape (:mod:`._gibbs_weights`): Rue's Cholesky from sufficient statistics
when ``p <= n`` (a sweep costs nothing in ``n``), Bhattacharya et al. when ``p > n``.
The conjugate kinds with ``p <= n`` and a Gaussian likelihood run a whole chain in one
compiled call.
"""

from __future__ import annotations

import copy
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from .._data import Design
from .._stats_design import require_rows, statistics_design
from .._validation import check_random_state
from ..model import Model
from ._gibbs_data import _as_arrays, intercept_draws, prepare_data
from ._idata import build_inference_data, check_pointwise
from ._gibbs_kernels import (
    prior_precision,
    prior_step,
    run_cholesky_chain,
    sigma2_conjugate,
    sigma2_draw,
)
from ._gibbs_robust import ScaleMixture
from ._gibbs_sigma import EnetSigmaStep
from ._gibbs_spec import (
    ELASTIC_NET,
    HORSESHOE,
    INV_GAMMA_SCALES,
    PARK_CASELLA,
    RIDGE,
    GibbsSpec,
    gibbs_spec,
)
from ._gibbs_weights import CholeskyWeights, WideWeights

__all__ = ["sample_gibbs"]

_WEIGHT_DRAWS = ("auto", "cholesky", "bhattacharya")


def _check_int(name, value, low):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
        raise ValueError(f"The {name!r} parameter of sample_gibbs must be an int >= {low}. Got {value!r} instead.")


def _initial_state(spec: GibbsSpec, data, p: int):
    """``(inv_tau2, h, aux)`` at the prior's typical scale, with ``sigma^2 = y'y / n_eff``.

    ``aux``: the half-Cauchy sigma's ``a`` (at ``A^2``), the horseshoe's ``xi`` and ``nu_j`` (at 1).
    """
    h = spec.h0
    sigma2 = max(data.yty / max(data.n_eff, 1.0), 1e-12)
    aux = np.ones(p + 2)
    if spec.sigma_A2 > 0:
        aux[0] = spec.sigma_A2
    if spec.kind in (HORSESHOE, INV_GAMMA_SCALES):
        return np.ones(p), h, aux
    if spec.kind == RIDGE:
        L2 = 0.0
    elif spec.kind == PARK_CASELLA:
        L2 = spec.u_b**2 * h
    else:
        L2 = (spec.u_b * h) ** 2 / sigma2
    inv_tau2 = np.full(p, 0.5 * L2 if L2 > 0 else 1.0)
    return inv_tau2, h, aux


def _python_chain(spec, make_weights, data, model, rng, tune, draws, thin, out, mixture=None):
    """The same sweep as :func:`run_cholesky_chain`, looped in Python: any weight draw, the
    Metropolis-Hastings sigma step of the elastic net, and the latent row scales of a
    Student-t or Laplace likelihood (``mixture``; the data are then reweighted each sweep
    and the intercept is drawn inside the sweep)."""
    out_w, out_sigma, out_h, out_accept, out_b0 = out
    p = data.n_features
    inv_tau2, h, aux = _initial_state(spec, data, p)
    dinv = np.empty(p)
    enet = EnetSigmaStep(model, data.n, data.n_eff, spec.u_b, h) if spec.kind == ELASTIC_NET else None
    weights = make_weights(data)
    sigma2 = None
    kept = 0
    for it in range(tune + draws * thin):
        if mixture is not None:
            data = mixture.data(keep_rows=weights.name == "bhattacharya")
            weights = make_weights(data)
        prior_precision(spec.kind, inv_tau2, h, spec.u_g, dinv)
        S = weights.factor(dinv)
        if enet is not None:
            extra = (0.5, 1.0 / aux[0]) if spec.sigma_A2 > 0 else (0.0, 0.0)
            sigma2, accepted = enet(rng, S, inv_tau2, sigma2, *extra)
            if spec.sigma_A2 > 0:
                aux[0] = (1.0 / sigma2 + 1.0 / spec.sigma_A2) / rng.standard_exponential()
        else:
            shape, rate = sigma2_conjugate(spec.kind, S, data.n_eff, inv_tau2, h, spec.u_b)
            sigma2, accepted = sigma2_draw(rng, shape, rate, spec.sigma_A2, aux), True
        sigma = np.sqrt(sigma2)
        w = weights.draw(rng, sigma)
        h = prior_step(
            rng, spec.kind, w, sigma2, inv_tau2, h, spec.u_b, spec.u_g, spec.has_hyper, spec.hyper_shape,
            spec.hyper_rate, aux,
        )
        b0 = None
        if mixture is not None:
            b0 = mixture.intercept(rng, data, w, sigma)
            mixture.update(rng, w, b0, sigma)
        if it >= tune and (it - tune) % thin == 0:
            out_w[kept], out_sigma[kept], out_h[kept], out_accept[kept] = w, sigma, h, accepted
            if b0 is not None:
                out_b0[kept] = b0
            kept += 1


def sample_gibbs(
    model,
    X,
    y=None,
    sample_weight=None,
    *,
    feature_names=None,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 2,
    rng=None,
    thin: int = 1,
    weight_draw: str = "auto",
    pointwise="auto",
):
    """Sample the posterior with a blocked Gibbs sampler.

    Parameters
    ----------
    model : Model
        A scale-mixture prior: ``GaussianPrior`` (with a ``GammaHyperprior`` on ``alpha``,
        or fixed), ``LaplacePrior`` (alpha form; fixed or Gamma on ``alpha``),
        ``ParkCasellaLaplacePrior`` (fixed ``lam`` or Gamma on ``lam**2``),
        ``ElasticNetPrior`` (fixed), ``HorseshoePrior`` (fixed ``tau`` or half-Cauchy).
        Strengths must be positive. Likelihood: Gaussian, Student-t, or Laplace (with a
        prior whose scale is proportional to sigma: Park & Casella, horseshoe, fixed-alpha
        ``LaplacePrior``). Sigma prior: ``JeffreysSigma`` or ``HalfCauchySigma``.
    X : array-like of shape (n_samples, n_features), Design, SufficientStatistics, or dask input
        A :class:`~bayesreg._data.Design` (``y`` and ``sample_weight`` then omitted) is used as
        prepared, without re-validation. :class:`~bayesreg.SufficientStatistics` (or dask input,
        reduced to them in one pass) serve the Gaussian likelihood with Rue's Cholesky draw.
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights (integers for the Student-t and Laplace likelihoods, whose
        replicated rows each get a latent scale).
    feature_names : sequence of str, optional
        Coordinates of the ``feature`` dimension; default ``x0, x1, ...``.
    draws, tune : int
        Kept sweeps per chain (after thinning) and discarded warm-up sweeps.
    chains : int
        Independent chains, each with its own stream spawned from ``rng``.
    rng : int, numpy.random.Generator or None
    thin : int, default=1
        Keep every ``thin``-th sweep.
    weight_draw : {"auto", "cholesky", "bhattacharya"}
        ``"auto"``: Cholesky from sufficient statistics when ``n_features <= n_samples`` or the
        data are sufficient statistics (Dask input), else Bhattacharya et al. (2016).
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        Store ``log_likelihood`` and ``posterior_predictive`` (:mod:`bayesreg.posterior._idata`:
        8 x chains x draws x n_samples bytes each; "auto" up to 1e7 values; "log_likelihood"
        only the first).

    Returns
    -------
    arviz.InferenceData
        The layout of :func:`bayesreg.posterior.build_inference_data` (also ``observed_data``,
        ``constant_data``, ``log_likelihood``, ``posterior_predictive``). ``posterior``: ``coef`` (chain, draw, feature), ``intercept`` (original scale; with
        ``fit_intercept``), ``sigma``, and the hyperparameter under a hyperprior (``alpha``,
        ``lam`` for Park & Casella, ``tau`` for the horseshoe). ``sample_stats``: ``sigma_accept`` (1 for the
        conjugate sigma steps). Attrs: ``sampler`` (``"gibbs-cholesky"`` or
        ``"gibbs-bhattacharya"``), ``laplace_form`` (``"alpha"``, ``"park-casella"`` or
        ``"none"``), ``sigma_step``, ``likelihood_mixture`` (``"gaussian"``, ``"student-t"``,
        ``"laplace"``), ``bayesreg_version``, ``model``.

    Raises
    ------
    ValueError
        A model without closed-form conditionals (the message names what is needed),
        bad data or options.
    TypeError
        ``model`` is not a Model.

    References
    ----------
    Park & Casella (2008); Li & Lin (2010); Rue (2001); Bhattacharya, Chakraborty &
    Mallick (2016); Rajaratnam, Sparks, Khare & Zhang (arXiv:1509.03697); Makalic &
    Schmidt (2016) (horseshoe, half-Cauchy sigma); Lange, Little & Taylor (1989) and
    Andrews & Mallows (1974) (Student-t and Laplace scale mixtures).
    """
    for name, value, low in (("draws", draws, 1), ("tune", tune, 0), ("chains", chains, 1), ("thin", thin, 1)):
        _check_int(name, value, low)
    if weight_draw not in _WEIGHT_DRAWS:
        raise ValueError(
            f"The 'weight_draw' parameter of sample_gibbs must be one of {_WEIGHT_DRAWS}. Got {weight_draw!r} instead."
        )
    if not isinstance(model, Model):
        raise TypeError(f"sample_gibbs needs a bayesreg.Model; got {type(model).__name__}.")
    check_pointwise(pointwise, "sample_gibbs")
    rng = check_random_state(rng)
    spec = gibbs_spec(model, 1.0)  # refuse unsupported models before touching the data
    design = X if isinstance(X, Design) else statistics_design(X, y, sample_weight)
    if design is not None:
        X = design
        y = sample_weight = None
    shape = (design.n_samples, design.n_features) if design is not None else np.shape(X)
    rows = design is None or design.has_rows  # statistics only: "auto" is Rue's draw from the Gram matrix
    wide = weight_draw == "bhattacharya" or (weight_draw == "auto" and rows and len(shape) == 2 and shape[1] > shape[0])
    mixture = None
    if spec.mixture != "gaussian":
        if design is not None:
            require_rows(design, f"Gibbs under {type(model.likelihood).__name__}", "each row has its own latent "
                         "scale, so the statistics change every sweep", "Use GaussianLikelihood, or sample a numpy "
                         "sample of the rows.")
            X, y, sample_weight = design.X, design.y, design.sample_weight
        else:
            X, y, _ = _as_arrays(X, y, sample_weight)
        mixture = ScaleMixture(spec.mixture, model.likelihood, X, y, sample_weight, model.fit_intercept)
        data = mixture.data(keep_rows=wide)
    else:
        data = prepare_data(X, y, sample_weight, fit_intercept=model.fit_intercept, keep_rows=wide)
    spec = gibbs_spec(model, data.n)
    p = data.n_features
    streams = rng.spawn(chains)
    out_w = np.empty((chains, draws, p))
    out_sigma = np.empty((chains, draws))
    out_h = np.empty((chains, draws))
    accept = np.ones((chains, draws))
    out_b0 = np.empty((chains, draws))
    compiled = not wide and spec.kind != ELASTIC_NET and mixture is None

    def run_chain(c):
        if compiled:
            inv_tau2, h, aux = _initial_state(spec, data, p)
            failed = run_cholesky_chain(
                streams[c], data.XtX, data.Xty, float(data.yty), float(data.n_eff), spec.kind, spec.u_b, spec.u_g, h,
                spec.has_hyper, spec.hyper_shape, spec.hyper_rate, inv_tau2, aux, spec.sigma_A2, tune, draws, thin,
                out_w[c], out_sigma[c], out_h[c],
            )
            if failed:
                raise FloatingPointError(f"Chain {c}: the Cholesky factorization failed at sweep {failed}.")
        else:
            chain_mixture = None if mixture is None else copy.copy(mixture)  # own latent v per chain
            _python_chain(
                spec, WideWeights if wide else CholeskyWeights, data, model, streams[c], tune, draws, thin,
                (out_w[c], out_sigma[c], out_h[c], accept[c], out_b0[c]), chain_mixture,
            )

    # Chains run in threads (the compiled kernel releases the GIL; numpy's BLAS does too),
    # each with its own random stream, so results do not depend on the thread count.
    # BLAS gets one thread per chain: many small calls run several times faster than
    # with oversubscribed threads on a shared machine (200 x 2000 Gram matrix: 2.4 ms
    # with one thread vs 10-60 ms with two under load).
    workers = max(1, min(chains, os.cpu_count() or 1))
    with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        list(pool.map(run_chain, range(chains)))
    posterior = {"coef": out_w}
    if model.fit_intercept and mixture is not None:
        posterior["intercept"] = out_b0
    elif model.fit_intercept:
        posterior["intercept"] = intercept_draws(data.y_offset, data.X_offset, data.n, out_w, out_sigma, rng)
    posterior["sigma"] = out_sigma
    if spec.has_hyper:
        posterior[spec.hyper_name] = spec.hyper_value(out_h)
    details = {
        "sigma_step": "blocked-metropolis" if spec.kind == ELASTIC_NET else "blocked-conjugate",
        "likelihood_mixture": spec.mixture,
    }
    return build_inference_data(
        model, X, y, sample_weight, posterior, sampler="gibbs-bhattacharya" if wide else "gibbs-cholesky",
        feature_names=feature_names, sample_stats={"sigma_accept": accept}, details=details, pointwise=pointwise,
        rng=rng,
    )
