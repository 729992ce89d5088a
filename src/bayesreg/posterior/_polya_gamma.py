"""Polya-Gamma Gibbs sampler for Bayesian logistic regression (Polson, Scott & Windle 2013).

With ``kappa_i = s_i (y_i - 1/2)`` and latent ``omega_i ~ PG(s_i, 0)`` the Bernoulli
likelihood of row ``i`` (frequency weight ``s_i``) is, as a function of ``eta_i = b + x_i w``,

    ``exp(eta_i)^(s_i y_i) / (1 + exp(eta_i))^s_i  propto  exp(kappa_i eta_i) E[exp(-omega_i eta_i^2 / 2)]``

(their Theorem 1). Given ``omega`` the likelihood is Gaussian in ``(b, w)``: the pseudo-data
``z_i = kappa_i / omega_i ~ N(eta_i, 1 / omega_i)``. One sweep:

1. ``omega_i | eta_i ~ PG(s_i, eta_i)`` (the ``polyagamma`` package, Devroye's / the
   alternate sampler of Windle, Polson & Scott 2014);
2. ``(w, b) | omega, d`` as a block, the weighted Gaussian regression of ``z`` with prior
   precisions ``1 / d_j`` (flat for ``b``) and unit noise, by the existing weight draws: Rue's
   Cholesky kernels when ``p <= n`` (``b`` and ``w`` jointly), Bhattacharya, Chakraborty &
   Mallick (2016) when ``p > n`` (:mod:`._gibbs_weights`; ``b`` integrated out, then
   ``b | w, omega ~ N(zbar - xbar' w, 1 / sum(omega))``, :func:`._gibbs_data.intercept_draws`);
3. the prior's latent scales and hyperparameter given ``w`` with the existing compiled
   scale-mixture step (:func:`._gibbs_kernels.prior_step`) at ``sigma = 1``: the Laplace
   part's ``1 / tau_j^2 ~ InverseGaussian(beta / |w_j|, beta^2)`` (Park & Casella 2008), the
   horseshoe's auxiliaries (Makalic & Schmidt 2016), Gamma hyperpriors;
4. with an intercept and ``p <= n``, a Metropolis-Hastings step on the intercept given the
   weights with ``omega`` integrated out (:func:`._polya_gamma_kernel.intercept_move`): the
   data-augmentation sweep alone moves the intercept slowly when the classes are nearly
   separated (its conditional given ``omega`` is much narrower than its posterior).

The priors are those of :class:`bayesreg.bernoulli.LogisticModel`: the rates
``(beta, gamma)`` of the prior at the Bernoulli ``kappa`` (no noise scale), so the unit rates
``u_b, u_g`` come from :meth:`Prior.rates_at` as in :mod:`._gibbs_spec`.

References
----------
Polson, N. G., Scott, J. G. and Windle, J. (2013). Bayesian inference for logistic models
using Polya-Gamma latent variables. JASA 108, 1339-1349.
Windle, J., Polson, N. G. and Scott, J. G. (2014). Sampling Polya-Gamma random variates:
alternate and approximate techniques. arXiv:1405.0506.
Makalic, E. and Schmidt, D. F. (2016). High-dimensional Bayesian regularised regression with
the BayesReg package. arXiv:1611.06649 (logistic regression by PG augmentation).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from .._validation import check_random_state
from ..bernoulli import LogisticModel
from ..hyperpriors import GammaHyperprior
from ..priors import ElasticNetPrior, GaussianPrior, HorseshoePrior, LaplacePrior, ParkCasellaLaplacePrior
from ._gibbs_data import intercept_draws, prepare_data
from ._gibbs_kernels import prior_precision, prior_step
from ._gibbs_spec import ALPHA_LASSO, ELASTIC_NET, HORSESHOE, PARK_CASELLA, RIDGE, GibbsSpec
from ._gibbs_weights import WideWeights

__all__ = ["sample_polya_gamma", "logistic_gibbs_spec"]

_WEIGHT_DRAWS = ("auto", "cholesky", "bhattacharya")


def logistic_gibbs_spec(model: LogisticModel, n: float, who: str = "sample_polya_gamma") -> GibbsSpec:
    """The scale-mixture numbers of ``model``'s prior for the Polya-Gamma sweep.

    Parameters
    ----------
    model : LogisticModel
    n : float
        Sum of the frequency weights (the ``n`` of the "mean" loss convention).
    who : str
        Name used in error messages.

    Raises
    ------
    TypeError
        ``model`` is not a LogisticModel.
    ValueError
        An unsupported prior or hyperprior (the message names the supported ones).
    """
    if not isinstance(model, LogisticModel):
        raise TypeError(f"{who} needs a bayesreg.bernoulli.LogisticModel; got {type(model).__name__}.")
    prior = model.prior
    hyper = prior.hyperprior
    if hyper is not None and not isinstance(hyper, GammaHyperprior):
        raise ValueError(f"{who} supports a GammaHyperprior; got {type(hyper).__name__}.")
    common = {
        "has_hyper": hyper is not None,
        "hyper_shape": hyper.shape if hyper is not None else 0.0,
        "hyper_rate": hyper.rate if hyper is not None else 0.0,
        "mixture": "polya-gamma",
    }
    if isinstance(prior, HorseshoePrior):
        fixed = prior.tau is not None
        common.update(has_hyper=not fixed, hyper_shape=0.0, hyper_rate=1.0 / prior.global_scale**2)
        h0 = prior.tau**2 if fixed else prior.global_scale**2
        return GibbsSpec(HORSESHOE, 0.0, 0.0, h0, hyper_name=None if fixed else "tau", laplace_form="none", **common)
    if not isinstance(prior, (GaussianPrior, LaplacePrior, ElasticNetPrior, ParkCasellaLaplacePrior)):
        raise ValueError(
            f"{who} needs a scale-mixture prior (GaussianPrior, LaplacePrior, ParkCasellaLaplacePrior, "
            f"ElasticNetPrior, HorseshoePrior); got {type(prior).__name__}."
        )
    u_b, u_g = (float(r) for r in prior.rates_at(model.kappa(n), 1.0, 1.0))
    name = prior.hyper_name.replace("lam2", "lam") if hyper is not None else None
    if isinstance(prior, ParkCasellaLaplacePrior):
        return GibbsSpec(PARK_CASELLA, u_b, 0.0, prior.lam**2, hyper_name=name, laplace_form="park-casella", **common)
    if prior.alpha == 0.0 and hyper is None:  # the flat prior: no latent scales, precision 0
        return GibbsSpec(RIDGE, 0.0, 0.0, 0.0, hyper_name=None, laplace_form="none", **common)
    if u_b == 0.0:
        return GibbsSpec(RIDGE, 0.0, u_g, prior.alpha, hyper_name=name, laplace_form="none", **common)
    if isinstance(prior, ElasticNetPrior) and hyper is not None:  # pragma: no cover - takes no hyperprior
        raise ValueError(f"{who}: the elastic net takes a fixed alpha.")
    kind = ALPHA_LASSO if u_g == 0.0 else ELASTIC_NET
    return GibbsSpec(kind, u_b, u_g, prior.alpha, hyper_name=name, laplace_form="alpha", **common)


def _check_int(name, value, low):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
        raise ValueError(f"The {name!r} parameter of sample_polya_gamma must be an int >= {low}. Got {value!r} instead.")


def _chain(spec, fit_intercept, wide, X, y, s, rng, tune, draws, thin, out_w, out_b0, out_h, eta0):
    """One chain of the sweep in the module docstring; fills the ``out_*`` arrays in place.

    ``p <= n``: the whole chain in one compiled call (:func:`._polya_gamma_kernel.run_pg_chain`):
    Rue's draw of ``(b, w)`` together from the ``(p + 1)``-dimensional normal with precision
    ``A = X1' Omega X1 + diag(0, 1 / d)`` and mean ``A^{-1} X1' kappa`` (``X1 = [1, X]``;
    ``Omega z = kappa``, so ``X1' kappa`` is fixed): one ``X1' Omega X1`` (``O(n p^2)``) and one
    Cholesky a sweep. ``p > n``: the intercept is integrated out by ``omega``-weighted centering
    and ``w`` drawn by :class:`._gibbs_weights.WideWeights` (a Python loop).
    """
    n, p = X.shape
    kappa = s * (y - 0.5)
    inv_tau2 = np.ones(p)
    aux = np.ones(p + 2)
    eta = np.array(eta0, dtype=np.float64, copy=True)
    if not wide:
        from ._polya_gamma_kernel import bitgen_address, run_pg_chain

        k = int(fit_intercept)
        X1 = np.ascontiguousarray(np.column_stack([np.ones(n), X]) if fit_intercept else X)
        out_wb = np.empty((draws, p + k))
        failed = run_pg_chain(
            rng, bitgen_address(rng), X1, np.ascontiguousarray(X1.T), s, kappa, k, spec.kind, spec.u_b, spec.u_g,
            spec.h0, spec.has_hyper, spec.hyper_shape, spec.hyper_rate, inv_tau2, aux, eta, tune, draws, thin,
            out_wb, out_h,
        )
        if failed:
            raise FloatingPointError(
                f"Sweep {failed}: the Cholesky factorization of X'Omega X + D^-1 failed (collinear columns "
                "under a flat prior?)."
            )
        out_w[:] = out_wb[:, k:]
        out_b0[:] = out_wb[:, 0] if fit_intercept else 0.0
        return
    from polyagamma import random_polyagamma

    dinv = np.empty(p)
    h = spec.h0
    omega = np.empty(n)
    kept = 0
    for it in range(tune + draws * thin):
        random_polyagamma(s, eta, random_state=rng, out=omega)
        np.maximum(omega, 1e-300, out=omega)
        prior_precision(spec.kind, inv_tau2, h, spec.u_g, dinv)
        data = prepare_data(X, kappa / omega, omega, fit_intercept=fit_intercept, keep_rows=True)
        weights = WideWeights(data)
        weights.factor(dinv)
        w = weights.draw(rng, 1.0)
        b0 = float(intercept_draws(data.y_offset, data.X_offset, data.n, w, 1.0, rng)) if fit_intercept else 0.0
        if spec.kind != RIDGE or spec.has_hyper:
            h = prior_step(
                rng, spec.kind, w, 1.0, inv_tau2, h, spec.u_b, spec.u_g, spec.has_hyper, spec.hyper_shape,
                spec.hyper_rate, aux,
            )
        eta = X @ w + b0
        if it >= tune and (it - tune) % thin == 0:
            out_w[kept], out_b0[kept], out_h[kept] = w, b0, h
            kept += 1


def sample_polya_gamma(
    model,
    X,
    y,
    sample_weight=None,
    *,
    feature_names=None,
    draws: int = 1000,
    tune: int = 500,
    chains: int = 2,
    rng=None,
    thin: int = 1,
    weight_draw: str = "auto",
    initial_coef=None,
    initial_intercept: float = 0.0,
):
    """Sample the posterior of a logistic model with the Polya-Gamma Gibbs sampler.

    Parameters
    ----------
    model : LogisticModel
        Prior: ``GaussianPrior`` (fixed, Gamma hyperprior on ``alpha``, or the flat
        ``alpha = 0`` on data with a finite MLE), ``LaplacePrior`` (fixed or Gamma on
        ``alpha``), ``ParkCasellaLaplacePrior`` (fixed or Gamma on ``lam**2``),
        ``ElasticNetPrior`` (fixed), ``HorseshoePrior`` (fixed or half-Cauchy ``tau``).
    X : ndarray of shape (n_samples, n_features)
        Validated data.
    y : ndarray of shape (n_samples,)
        Outcomes in {0, 1}.
    sample_weight : ndarray of shape (n_samples,), optional
        Frequency weights (the PG shape ``s_i``; non-integer weights are exact too, the
        identity holds for any ``s_i > 0``). Rows of weight 0 are dropped.
    feature_names : sequence of str, optional
    draws, tune : int
        Kept sweeps per chain (after thinning) and warm-up sweeps.
    chains : int
        Independent chains, each with its own stream spawned from ``rng``.
    rng : int, numpy.random.Generator or None
    thin : int, default=1
    weight_draw : {"auto", "cholesky", "bhattacharya"}
        As in :func:`bayesreg.posterior.sample_gibbs`.
    initial_coef : ndarray of shape (n_features,), optional
        Starting weights (e.g. the MAP; default zeros).
    initial_intercept : float, default=0.0

    Returns
    -------
    arviz.InferenceData
        ``posterior``: ``coef`` (chain, draw, feature), ``intercept`` (with
        ``fit_intercept``), and the hyperparameter when it is sampled (``alpha``, ``lam``,
        ``tau``). Attrs: ``sampler`` ("polya-gamma-cholesky" or "polya-gamma-bhattacharya"),
        ``laplace_form``, ``model``, ``prior``, ``bayesreg_version``.

    Raises
    ------
    TypeError
        ``model`` is not a LogisticModel.
    ValueError
        An unsupported prior, ``y`` outside {0, 1}, bad options.
    """
    from ._idata import to_inference_data  # lazy: the regression layout's module (no cycle, kept local)

    for name, value, low in (("draws", draws, 1), ("tune", tune, 0), ("chains", chains, 1), ("thin", thin, 1)):
        _check_int(name, value, low)
    if weight_draw not in _WEIGHT_DRAWS:
        raise ValueError(
            f"The 'weight_draw' parameter of sample_polya_gamma must be one of {_WEIGHT_DRAWS}. Got {weight_draw!r} instead."
        )
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("sample_polya_gamma needs y in {0, 1}.")
    s = np.ones_like(y) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    keep = s > 0
    X, y, s = X[keep], y[keep], s[keep]
    spec = logistic_gibbs_spec(model, float(s.sum()))
    rng = check_random_state(rng)
    n, p = X.shape
    wide = weight_draw == "bhattacharya" or (weight_draw == "auto" and p > n)
    coef0 = np.zeros(p) if initial_coef is None else np.asarray(initial_coef, dtype=np.float64)
    eta0 = X @ coef0 + (float(initial_intercept) if model.fit_intercept else 0.0)
    streams = rng.spawn(chains)
    out_w = np.empty((chains, draws, p))
    out_b0 = np.empty((chains, draws))
    out_h = np.empty((chains, draws))

    def run_chain(c):
        _chain(spec, model.fit_intercept, wide, X, y, s, streams[c], tune, draws, thin, out_w[c], out_b0[c], out_h[c], eta0)

    workers = max(1, min(chains, os.cpu_count() or 1))
    with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        list(pool.map(run_chain, range(chains)))
    posterior = {"coef": out_w}
    if model.fit_intercept:
        posterior["intercept"] = out_b0
    if spec.has_hyper:
        posterior[spec.hyper_name] = spec.hyper_value(out_h)
    attrs = {
        "sampler": "polya-gamma-bhattacharya" if wide else "polya-gamma-cholesky",
        "laplace_form": spec.laplace_form,
        "likelihood": "bernoulli-logit",
        "model": repr(model),
        "prior": repr(model.prior),
    }
    return to_inference_data(posterior, feature_names, p, attrs)
