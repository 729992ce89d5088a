"""Horseshoe prior and half-Cauchy sigma in the Gibbs sampler, against exact oracles.

Oracle: given the scales (``lambda_j``, ``tau``, ``sigma``) the model is conjugate, so
``p(y | scales)`` and ``w | scales, y ~ N(A^-1 X'y, sigma^2 A^-1)`` are closed form
(``A = X'X + diag(1 / (lambda_j^2 tau^2))``). A dense grid over the log scales, with
the half-Cauchy and sigma-prior densities from scipy, gives the posterior of
``(scales, sigma)``; the weights' moments are those of the resulting Gaussian mixture.
Nothing here uses the sampler's code or the prior's E1 density formula.
Tolerance: the Monte Carlo rule of tests/_helpers.py (z-scores from ArviZ's ESS,
Bonferroni over each test's comparisons); grid error is far below that (edge mass is
asserted negligible).
"""

import numpy as np
import pytest
from scipy import integrate, stats

from bayesreg import GaussianPrior, HalfCauchySigma, HorseshoePrior, LaplacePrior, Model
from bayesreg.map import map_estimate
from bayesreg.mapping import to_twin
from bayesreg.posterior import build_pymc_model, sample_gibbs
from bayesreg.priors import ElasticNetFamily, NonCenteredPrior

from ._helpers import MonteCarloChecks, mcse_quantile, seeded


def _data(seed, n, p):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    w = np.zeros(p)
    w[0] = 1.0
    return X, X @ w + 0.8 * rng.normal(size=n)


def _log_sigma_prior(sigma, sigma_prior):
    """Log density of log(sigma): Jeffreys is flat; half-Cauchy's density times sigma."""
    if sigma_prior is None:
        return np.zeros_like(sigma)
    return stats.halfcauchy.logpdf(sigma, scale=sigma_prior.scale) + np.log(sigma)


def _oracle(X, y, axes, prior_var, log_prior, sigma_prior):
    """Posterior on a grid of (latent log scales..., log sigma), w integrated analytically.

    prior_var(mesh) -> (..., p) prior variances of w per unit sigma^2; log_prior(mesh) -> log
    density of the latent log scales. Returns the normalized grid probability, the grid, and
    the conditional means and variances of w at each grid point.
    """
    n, p = X.shape
    XtX, Xty, yty = X.T @ X, X.T @ y, y @ y
    mesh = np.meshgrid(*axes, indexing="ij")
    sigma = np.exp(mesh[-1])
    d = prior_var(mesh)
    A = XtX + np.eye(p) * (1.0 / d)[..., None, :]
    Ainv = np.linalg.inv(A)
    m = Ainv @ Xty
    quad = yty - m @ Xty
    logdet = np.linalg.slogdet(A)[1] + np.log(d).sum(-1)
    logp = -n * np.log(sigma) - 0.5 * logdet - quad / (2 * sigma**2) + log_prior(mesh)
    logp = logp + _log_sigma_prior(sigma, sigma_prior)
    prob = np.exp(logp - logp.max())
    prob /= prob.sum()
    for k in range(prob.ndim):  # edge mass must be negligible for a valid oracle
        marg = prob.sum(axis=tuple(i for i in range(prob.ndim) if i != k))
        assert marg[0] < 1e-6 and marg[-1] < 1e-6, f"grid too narrow along axis {k}"
    var = sigma[..., None] ** 2 * np.diagonal(Ainv, axis1=-2, axis2=-1)
    return prob, mesh, m, var


def _axis_summary(prob, axis, values):
    marg = prob.sum(axis=tuple(i for i in range(prob.ndim) if i != axis))
    mean = float((marg * values).sum())
    sd = float(np.sqrt((marg * (values - mean) ** 2).sum()))
    cdf = np.cumsum(marg) - 0.5 * marg
    return mean, sd, np.interp(0.025, cdf, values), np.interp(0.975, cdf, values)


def _check_weights(checks, coef, prob, m, var):
    for j in range(coef.shape[-1]):
        mean = float((prob * m[..., j]).sum())
        sd = float(np.sqrt((prob * (var[..., j] + m[..., j] ** 2)).sum() - mean**2))
        checks.draws_match(f"coef[{j}]", coef[..., j], mean, sd)


def _log_halfcauchy_log(log_x, scale=1.0):
    """Log density of log(x) for x ~ HalfCauchy(0, scale)."""
    x = np.exp(log_x)
    return stats.halfcauchy.logpdf(x, scale=scale) + log_x


LOG_LAM = np.linspace(-16.0, 11.0, 109)
LOG_SIGMA = np.linspace(np.log(0.15), np.log(6.0), 81)


@pytest.mark.parametrize("weight_draw", ["cholesky", "bhattacharya"])
@pytest.mark.parametrize("sigma_prior", [None, HalfCauchySigma(0.5)], ids=["jeffreys", "halfcauchy"])
def test_horseshoe_fixed_tau_matches_grid(weight_draw, sigma_prior, mc_seed):
    X, y = _data(1, 12, 2)
    tau = 0.6
    kw = {} if sigma_prior is None else {"sigma_prior": sigma_prior}
    model = Model(HorseshoePrior(tau=tau), fit_intercept=False, **kw)
    idata = sample_gibbs(model, X, y, draws=4000, tune=300, chains=2, rng=seeded(3, mc_seed), weight_draw=weight_draw)
    prob, _mesh, m, var = _oracle(
        X, y, [LOG_LAM, LOG_LAM, LOG_SIGMA],
        prior_var=lambda g: np.stack([np.exp(2 * g[0]), np.exp(2 * g[1])], -1) * tau**2,
        log_prior=lambda g: _log_halfcauchy_log(g[0]) + _log_halfcauchy_log(g[1]),
        sigma_prior=sigma_prior,
    )
    checks = MonteCarloChecks()
    _check_weights(checks, idata.posterior["coef"].values, prob, m, var)
    checks.draws_match("sigma", idata.posterior["sigma"].values, *_axis_summary(prob, 2, np.exp(LOG_SIGMA)))
    checks.assert_ok()
    assert "tau" not in idata.posterior


@pytest.mark.parametrize("weight_draw", ["cholesky", "bhattacharya"])
def test_horseshoe_random_tau_matches_grid(weight_draw, mc_seed):
    X, y = _data(2, 10, 1)
    g = 0.5
    model = Model(HorseshoePrior(global_scale=g), fit_intercept=False)
    idata = sample_gibbs(model, X, y, draws=5000, tune=300, chains=2, rng=seeded(4, mc_seed), weight_draw=weight_draw)
    log_tau = np.linspace(-16.0, 11.0, 109)
    prob, _mesh, m, var = _oracle(
        X, y, [LOG_LAM, log_tau, LOG_SIGMA],
        prior_var=lambda gr: np.exp(2 * gr[0] + 2 * gr[1])[..., None],
        log_prior=lambda gr: _log_halfcauchy_log(gr[0]) + _log_halfcauchy_log(gr[1], g),
        sigma_prior=None,
    )
    checks = MonteCarloChecks()
    _check_weights(checks, idata.posterior["coef"].values, prob, m, var)
    checks.draws_match("sigma", idata.posterior["sigma"].values, *_axis_summary(prob, 2, np.exp(LOG_SIGMA)))
    # tau's posterior is heavy-tailed (half-Cauchy): compare log(tau), whose moments exist
    lt = np.log(idata.posterior["tau"].values)
    checks.draws_match("log tau", lt, *_axis_summary(prob, 1, log_tau))
    checks.assert_ok()


@pytest.mark.parametrize("weight_draw", ["cholesky", "bhattacharya"])
def test_halfcauchy_sigma_ridge_matches_grid(weight_draw, mc_seed):
    """Ridge (w ~ N(0, sigma^2 / alpha)) with sigma ~ HalfCauchy(0, 0.3): a 1-D grid in log sigma."""
    X, y = _data(3, 8, 2)
    alpha, sp = 2.0, HalfCauchySigma(0.3)
    model = Model(GaussianPrior(alpha, hyperprior=None), sigma_prior=sp, fit_intercept=False)
    idata = sample_gibbs(model, X, y, draws=4000, tune=200, chains=2, rng=seeded(5, mc_seed), weight_draw=weight_draw)
    log_s = np.linspace(np.log(0.15), np.log(4.0), 801)
    prob, _mesh, m, var = _oracle(
        X, y, [log_s], prior_var=lambda gr: np.full(gr[0].shape + (2,), 1.0 / alpha),
        log_prior=lambda gr: np.zeros(gr[0].shape), sigma_prior=sp,
    )
    checks = MonteCarloChecks()
    _check_weights(checks, idata.posterior["coef"].values, prob, m, var)
    checks.draws_match("sigma", idata.posterior["sigma"].values, *_axis_summary(prob, 0, np.exp(log_s)))
    checks.assert_ok()


def test_halfcauchy_sigma_prior_alone(mc_seed):
    """With almost no data the sigma posterior is close to the prior: check the auxiliary
    representation (sigma^2 | a ~ IG(1/2, 1/a), a ~ IG(1/2, 1/A^2)) against HalfCauchy's median."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 1))
    y = rng.normal(size=2)
    sp = HalfCauchySigma(2.0)
    model = Model(GaussianPrior(1.0), sigma_prior=sp, fit_intercept=False)
    idata = sample_gibbs(model, X, y, draws=4000, tune=200, chains=2, rng=seeded(1, mc_seed))
    s = idata.posterior["sigma"].values
    # exact posterior of sigma: p(y | sigma) p(sigma), y | sigma ~ N(0, sigma^2 (I + X X' / alpha))
    C = np.eye(2) + X @ X.T
    q = y @ np.linalg.solve(C, y)
    post = lambda v: np.exp(-2 * np.log(v) - q / (2 * v * v)) * stats.halfcauchy.pdf(v, scale=2.0)
    z = integrate.quad(post, 0, np.inf)[0]
    cdf = lambda t: integrate.quad(post, 0, t)[0] / z
    from scipy.optimize import brentq

    ref = brentq(lambda t: cdf(t) - 0.5, 1e-3, 1e3)
    checks = MonteCarloChecks()
    checks.add("sigma median", float(np.median(s)), ref, mcse_quantile(s, 0.5))
    checks.assert_ok()


def test_density_matches_quadrature():
    """logpdf_terms (E1 closed form) vs quadrature over lambda of N(w; 0, (sigma tau lambda)^2) C+(lambda)."""
    prior = HorseshoePrior(tau=0.7)
    sigma = 1.3
    w = np.array([1e-3, 0.05, 0.3, 2.0, 50.0, -7.0])


    def quad(v):
        f = lambda lam: stats.norm.pdf(v, scale=sigma * 0.7 * lam) * stats.halfcauchy.pdf(lam)
        c = abs(v) / (sigma * 0.7)  # the integrand peaks near lambda = |w| / (sigma tau)
        opts = {"limit": 400, "epsabs": 0, "epsrel": 1e-11}
        return np.log(integrate.quad(f, 0, c, **opts)[0] + integrate.quad(f, c, np.inf, **opts)[0])

    ref = [quad(v) for v in w]
    np.testing.assert_allclose(prior.logpdf_terms(w, None, sigma), ref, rtol=1e-7)
    # far tail (asymptotic branch): p(w) ~ 1 / (sqrt(2 pi^3) s z), z = w^2 / (2 s^2); the
    # leading term is off by a relative 1/z, the size of the tolerance in log.
    s, big = 0.91, 4e3
    z = big**2 / (2 * s**2)
    got = HorseshoePrior(tau=s).logpdf_terms(np.array([big]), None, 1.0)[0]
    assert abs(got - (-0.5 * np.log(2 * np.pi**3) - np.log(s * z))) < 2 / z
    assert np.isinf(prior.logpdf_terms(np.array([0.0]), None, sigma)[0])
    with pytest.raises(ValueError, match="value=tau"):
        HorseshoePrior().logpdf_terms(w, None, sigma)


def test_prior_draws_match_density(mc_seed):
    prior = HorseshoePrior(tau=0.5)
    draws = prior.sample(None, 2.0, np.random.default_rng(seeded(0, mc_seed)), 20000)
    # P(|w| < c) by quadrature of the closed-form density
    c = 0.4
    ref = 2 * integrate.quad(lambda v: np.exp(prior.logpdf_terms(np.array([v]), None, 2.0)[0]), 0, c, points=[0.0])[0]
    checks = MonteCarloChecks()  # i.i.d. draws: the binomial standard error is exact
    checks.add("P(|w| < 0.4)", np.mean(np.abs(draws) < c), ref, np.sqrt(ref * (1 - ref) / draws.size))
    checks.assert_ok()


def test_reproducible_and_layout():
    X, y = _data(0, 30, 4)
    model = Model(HorseshoePrior(global_scale=0.3), sigma_prior=HalfCauchySigma(1.0))
    a = sample_gibbs(model, X, y, draws=100, tune=20, chains=2, rng=7)
    b = sample_gibbs(model, X, y, draws=100, tune=20, chains=2, rng=np.random.default_rng(7))
    for v in ("coef", "intercept", "sigma", "tau"):
        np.testing.assert_array_equal(a.posterior[v].values, b.posterior[v].values)
    assert a.posterior["coef"].dims == ("chain", "draw", "feature")
    assert a.posterior["tau"].dims == ("chain", "draw")
    assert a.posterior.attrs["sampler"] == "gibbs-cholesky"


def test_estimator_sampler_auto_routes_to_gibbs():
    from bayesreg.posterior._dispatch import resolve_sampler

    assert resolve_sampler(Model(HorseshoePrior()), "auto") == "gibbs"
    assert resolve_sampler(Model(LaplacePrior(0.1), sigma_prior=HalfCauchySigma(1.0)), "auto") == "gibbs"


def test_refused_up_front_where_there_is_no_twin():
    X, y = _data(0, 20, 3)
    model = Model(HorseshoePrior())
    with pytest.raises(TypeError, match="HorseshoePrior"):
        map_estimate(model, X, y)
    with pytest.raises(NotImplementedError, match="no penalized twin"):
        to_twin(model)
    with pytest.raises(NotImplementedError, match="sample_gibbs"):
        build_pymc_model(model, X, y)
    # The prior declares no elastic-net capability instead of stubbing its methods (issue 11).
    assert not isinstance(model.prior, ElasticNetFamily) and not isinstance(model.prior, NonCenteredPrior)
    for name in ("penalty", "canonical_penalty", "rates_at"):
        assert not hasattr(model.prior, name)


@pytest.mark.parametrize("kwargs, match", [({"global_scale": 0.0}, "global_scale"), ({"tau": -1.0}, "tau")])
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        HorseshoePrior(**kwargs)
