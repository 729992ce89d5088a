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
   separated (its conditional given ``omega`` is much narrower than its posterior);
5. for the fixed ridge, lasso and elastic-net priors with ``p <= n``, between steps 2 and 3,
   :data:`MH_TRIES` independence Metropolis-Hastings steps on the whole ``(b, w)`` targeting
   ``p(b, w | y)`` (``omega`` and the latent scales integrated out; the prior density is
   written out), with a multivariate-t proposal (:data:`._polya_gamma_kernel.MH_DF` degrees of
   freedom) whose location and scale are the mean and covariance of warm-up draws pooled over
   chains (:func:`moment_proposal`): the first half of the warm-up runs steps 1-4 alone, the
   second half adds the steps with a proposal fitted to the second quarter, and the kept
   draws use a proposal refitted to that second half (its draws are less autocorrelated:
   acceptance 0.39 against 0.34 on breast cancer ridge). The proposal is fixed over the kept
   draws; the data-augmentation part then runs every :data:`PG_EVERY`-th iteration. The latent scales and ``omega`` are
   then drawn afresh from their conditionals, so the cycle of kernels leaves the joint
   posterior invariant (Tierney 1994). On nearly separated data the data-augmentation draws
   alone are strongly autocorrelated (10-15% effective on breast cancer); the independence
   steps (each one ``X1 (b, w)`` product and one log-likelihood, ``O(n p)``) make the kept
   draws 45-70% effective there, and step 4 is then left out (the independence steps move the
   intercept too, and its Newton iterations cost more than they add).
   A Laplace approximation at the mode as the proposal was tried first: it is accepted
   20% of the time on ridge and never on lasso (no curvature from the L1 part), against 34%
   and 6% for the moment-matched proposal.

The priors are those of :class:`bayesreg.bernoulli.LogisticModel`: the rates
``(beta, gamma)`` of the prior at the Bernoulli ``kappa`` (no noise scale), so the unit rates
``u_b, u_g`` come from :meth:`Prior.rates_at` as in :mod:`._gibbs_spec`.

References
----------
Polson, N. G., Scott, J. G. and Windle, J. (2013). Bayesian inference for logistic models
using Polya-Gamma latent variables. JASA 108, 1339-1349.
Windle, J., Polson, N. G. and Scott, J. G. (2014). Sampling Polya-Gamma random variates:
alternate and approximate techniques. arXiv:1405.0506.
Tierney, L. (1994). Markov chains for exploring posterior distributions. Ann. Statist. 22,
1701-1762.
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
from ._gibbs_data import intercept_draws, prepare_data
from ._gibbs_kernels import prior_precision, prior_step
from ._gibbs_spec import ALPHA_LASSO, ELASTIC_NET, HORSESHOE, PARK_CASELLA, RIDGE, GibbsSpec
from ._gibbs_weights import WideWeights
from ._idata import build_inference_data, check_pointwise

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
    if hyper is not None and not hyper.is_gamma:
        raise ValueError(f"{who} supports a GammaHyperprior; got {type(hyper).__name__}.")
    common = {
        "has_hyper": hyper is not None,
        "hyper_shape": hyper.shape if hyper is not None else 0.0,
        "hyper_rate": hyper.rate if hyper is not None else 0.0,
        "mixture": "polya-gamma",
    }
    if prior.polya_gamma_form == "horseshoe":
        fixed = prior.tau is not None
        common.update(has_hyper=not fixed, hyper_shape=0.0, hyper_rate=1.0 / prior.global_scale**2)
        h0 = prior.tau**2 if fixed else prior.global_scale**2
        return GibbsSpec(HORSESHOE, 0.0, 0.0, h0, hyper_name=None if fixed else "tau", laplace_form="none", **common)
    if prior.polya_gamma_form != "rates":
        raise ValueError(
            f"{who} needs a scale-mixture prior (GaussianPrior, LaplacePrior, ParkCasellaLaplacePrior, "
            f"ElasticNetPrior, HorseshoePrior); got {type(prior).__name__}."
        )
    u_b, u_g = (float(r) for r in prior.rates_at(model.kappa(n), 1.0, 1.0))
    name = prior.hyper_name.replace("lam2", "lam") if hyper is not None else None
    if prior.laplace_form == "park-casella":
        return GibbsSpec(PARK_CASELLA, u_b, 0.0, prior.lam**2, hyper_name=name, laplace_form="park-casella", **common)
    if prior.alpha == 0.0 and hyper is None:  # the flat prior: no latent scales, precision 0
        return GibbsSpec(RIDGE, 0.0, 0.0, 0.0, hyper_name=None, laplace_form="none", **common)
    if u_b == 0.0:
        return GibbsSpec(RIDGE, 0.0, u_g, prior.alpha, hyper_name=name, laplace_form="none", **common)
    if prior.twin_penalty == "elastic-net" and hyper is not None:  # pragma: no cover - takes no hyperprior
        raise ValueError(f"{who}: the elastic net takes a fixed alpha.")
    kind = ALPHA_LASSO if u_g == 0.0 else ELASTIC_NET
    return GibbsSpec(kind, u_b, u_g, prior.alpha, hyper_name=name, laplace_form="alpha", **common)


def _check_int(name, value, low):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
        raise ValueError(f"The {name!r} parameter of sample_polya_gamma must be an int >= {low}. Got {value!r} instead.")


_MH_KINDS = (RIDGE, ALPHA_LASSO, ELASTIC_NET)


#: Independence steps per sweep: each costs one ``X1 (b, w)`` product and one log-likelihood
#: (``O(n p)``, against the sweep's ``O(n p^2)`` and ``n`` PG draws), so several per sweep are
#: cheap and make leaving the current point likely at 20-40% acceptance (breast cancer, data
#: augmentation every 2nd iteration: 8 steps gave 10-50% more min-ESS/s than 4, 1 step 30% less).
MH_TRIES = 8
#: With the independence steps, the data-augmentation part runs every ``PG_EVERY``-th iteration.
PG_EVERY = 2


def moment_proposal(draws: np.ndarray):
    """Location and Cholesky factor of the independence step's proposal from warm-up draws.

    Parameters
    ----------
    draws : ndarray of shape (n_draws, P)
        Warm-up draws of ``(b, w)`` (pooled over chains).

    Returns
    -------
    (m, Lq) or None
        ``m`` the mean and ``Lq`` the lower Cholesky factor of the inverse covariance of the
        draws (the multivariate t's scale matrix is ``(Lq Lq')^{-1}``, moment matching), or
        ``None`` when the draws are too few (``n_draws < 10 P``) or their covariance is
        singular. The proposal depends on the warm-up only, so it is fixed over the kept draws.
    """
    n_draws, P = draws.shape
    if n_draws < 10 * P:
        return None
    try:
        Lq = np.linalg.cholesky(np.linalg.inv(np.cov(draws.T).reshape(P, P)))
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(Lq)):
        return None
    return np.ascontiguousarray(draws.mean(0)), np.ascontiguousarray(Lq)


def _chain(spec, fit_intercept, wide, X, y, s, rng, tune, draws, thin, out_w, out_b0, out_h, state, proposal):
    """One chain of the sweep in the module docstring; fills the ``out_*`` arrays in place.

    ``p <= n``: the whole chain in one compiled call (:func:`._polya_gamma_kernel.run_pg_chain`):
    Rue's draw of ``(b, w)`` together from the ``(p + 1)``-dimensional normal with precision
    ``A = X1' Omega X1 + diag(0, 1 / d)`` and mean ``A^{-1} X1' kappa`` (``X1 = [1, X]``;
    ``Omega z = kappa``, so ``X1' kappa`` is fixed): one ``X1' Omega X1`` (``O(n p^2)``) and one
    Cholesky a sweep, and :data:`MH_TRIES` independence steps with ``proposal`` (from
    :func:`moment_proposal`) unless it is ``None``. ``state`` is ``(eta, inv_tau2, aux)``, the
    chain's log-odds and latent scales, updated in place (so a chain can be continued). Returns the number of accepted independence steps (0 without).
    ``p > n``: the intercept is integrated out by ``omega``-weighted centering
    and ``w`` drawn by :class:`._gibbs_weights.WideWeights` (a Python loop).
    """
    n, p = X.shape
    kappa = s * (y - 0.5)
    eta, inv_tau2, aux = state
    if not wide:
        from ._polya_gamma_kernel import MH_DF, bitgen_address, run_pg_chain  # lazy: numba kernels compile at import

        k = int(fit_intercept)
        X1 = np.ascontiguousarray(np.column_stack([np.ones(n), X]) if fit_intercept else X)
        out_wb = np.empty((draws, p + k))
        mh_m, mh_L = proposal if proposal is not None else (np.zeros(p + k), np.eye(p + k))
        failed, accepted = run_pg_chain(
            rng, bitgen_address(rng), X1, np.ascontiguousarray(X1.T), s, kappa, k, spec.kind, spec.u_b, spec.u_g,
            spec.h0, spec.has_hyper, spec.hyper_shape, spec.hyper_rate, inv_tau2, aux, eta, tune, draws, thin,
            out_wb, out_h, MH_TRIES if proposal is not None else 0, PG_EVERY if proposal is not None else 1, mh_m,
            mh_L, MH_DF,
        )
        if failed:
            raise FloatingPointError(
                f"Sweep {failed}: the Cholesky factorization of X'Omega X + D^-1 failed (collinear columns "
                "under a flat prior?)."
            )
        out_w[:] = out_wb[:, k:]
        out_b0[:] = out_wb[:, 0] if fit_intercept else 0.0
        return accepted
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
        eta[:] = X @ w + b0
        if it >= tune and (it - tune) % thin == 0:
            out_w[kept], out_b0[kept], out_h[kept] = w, b0, h
            kept += 1
    return 0


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
    independence_step: bool = True,
    pointwise="auto",
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
    independence_step : bool, default=True
        Add the independence Metropolis-Hastings steps (item 5 of the module docstring) to
        each kept sweep where they apply (fixed ridge, lasso or elastic net, ``p <= n``, and at
        least ``10 (p + 1)`` pooled draws in the second quarter of the warm-up). ``False`` gives
        the plain data-augmentation sampler (for comparisons).
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        Store ``log_likelihood`` and ``posterior_predictive`` (:mod:`bayesreg.posterior._idata`:
        "auto" up to 1e7 chains x draws x n_samples values; "log_likelihood" only the first).

    Returns
    -------
    arviz.InferenceData
        The layout of :func:`bayesreg.posterior.build_inference_data`, as for the regression
        samplers: ``posterior`` with ``coef`` (chain, draw, feature), ``intercept`` (with
        ``fit_intercept``) and the hyperparameter when it is sampled (``alpha``, ``lam``,
        ``tau``), no ``sigma`` (the model has no noise scale); ``observed_data`` ``y`` (obs;
        0/1 as int8); ``constant_data`` ``X`` (obs, feature) and ``sample_weight`` (obs; every
        row, those of weight 0 too); per ``pointwise``, ``log_likelihood`` ``y`` (chain, draw,
        obs; ``s_i log p(y_i | draw)``, frequency weights multiplying each row's log
        probability) and ``posterior_predictive`` ``y`` (one ``Bernoulli(expit(eta))``
        replicate per draw, int8). Attrs on every group: the common ones (``sampler``
        "polya-gamma-cholesky" or "polya-gamma-bhattacharya", ``likelihood``
        ``BernoulliLikelihood()``, ``sigma_prior`` "none", ...) and
        ``independence_acceptance`` (the fraction of accepted independence steps over all
        sweeps and chains; NaN without the step).

    Raises
    ------
    TypeError
        ``model`` is not a LogisticModel.
    ValueError
        An unsupported prior, ``y`` outside {0, 1}, bad options.
    """
    for name, value, low in (("draws", draws, 1), ("tune", tune, 0), ("chains", chains, 1), ("thin", thin, 1)):
        _check_int(name, value, low)
    if weight_draw not in _WEIGHT_DRAWS:
        raise ValueError(
            f"The 'weight_draw' parameter of sample_polya_gamma must be one of {_WEIGHT_DRAWS}. Got {weight_draw!r} instead."
        )
    check_pointwise(pointwise, "sample_polya_gamma")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("sample_polya_gamma needs y in {0, 1}.")
    data = (X, y, None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64))  # every row
    s = np.ones_like(y) if sample_weight is None else data[2]
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
    states = [(eta0.copy(), np.ones(p), np.ones(p + 2)) for _ in range(chains)]
    k = int(model.fit_intercept)
    two_phase = independence_step and not wide and not spec.has_hyper and spec.kind in _MH_KINDS
    proposal = None
    workers = max(1, min(chains, os.cpu_count() or 1))
    with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        if two_phase:
            # Warm-up in two halves: data augmentation alone, then with the steps fitted to the
            # second half of that; the kept draws' proposal is refitted to the second half's
            # draws (less autocorrelated, so better moments).
            def run_warmup(n_sweeps, prop):
                ws, b0s, hs = np.empty((chains, n_sweeps, p)), np.empty((chains, n_sweeps)), np.empty((chains, n_sweeps))
                list(pool.map(lambda c: _chain(spec, model.fit_intercept, wide, X, y, s, streams[c], 0, n_sweeps, 1,
                                               ws[c], b0s[c], hs[c], states[c], prop), range(chains)))
                return np.column_stack([b0s.reshape(-1), ws.reshape(-1, p)]) if model.fit_intercept else ws.reshape(-1, p)

            first = tune // 2
            proposal = moment_proposal(run_warmup(first, None).reshape(chains, first, -1)[:, first // 2:].reshape(-1, p + k))
            if proposal is not None and tune > first:
                refit = moment_proposal(run_warmup(tune - first, proposal))
                proposal = proposal if refit is None else refit

        def run_chain(c):
            return _chain(spec, model.fit_intercept, wide, X, y, s, streams[c], 0 if two_phase else tune, draws, thin,
                          out_w[c], out_b0[c], out_h[c], states[c], proposal)

        accepted = sum(pool.map(run_chain, range(chains)))
    posterior = {"coef": out_w}
    if model.fit_intercept:
        posterior["intercept"] = out_b0
    if spec.has_hyper:
        posterior[spec.hyper_name] = spec.hyper_value(out_h)
    details = {
        "independence_acceptance": accepted / (chains * draws * thin * MH_TRIES) if proposal is not None else np.nan,
    }
    return build_inference_data(
        model, *data, posterior, sampler="polya-gamma-bhattacharya" if wide else "polya-gamma-cholesky",
        feature_names=feature_names, details=details, pointwise=pointwise, rng=rng,
    )
