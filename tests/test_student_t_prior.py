"""StudentTPrior: the proof that a prior is one class (issue 11).

Oracles: scipy's t density and distribution; a 2-D quadrature of the exact posterior;
scipy's L-BFGS on the model's own log posterior; PyMC's model log probability; NUTS
(Gibbs vs NUTS under the Monte Carlo rule of tests/_helpers.py); simulation-based calibration.
"""

import numpy as np
import pytensor.tensor as pt
import pytest
from scipy import integrate, optimize, stats

import bayesreg
from bayesreg import GaussianLikelihood, HalfCauchySigma, LaplaceLikelihood, Model, StudentTPrior, map_estimate
from bayesreg._ops import NP, pytensor_ops
from bayesreg.mapping import to_twin
from bayesreg.posterior import sample_gibbs, sample_nuts
from bayesreg.posterior._dispatch import resolve_sampler, sample_posterior
from bayesreg.testing import sbc

from ._helpers import MonteCarloChecks, make_regression_data, pymc_logp as _pymc_logp, seeded

W = np.array([-1e4, -50.0, -3.0, -0.5, 0.0, 1e-8, 0.7, 4.0, 60.0])


@pytest.mark.parametrize("nu", [0.5, 1.0, 3.0, 30.0])
@pytest.mark.parametrize("scale", [0.1, 2.5])
@pytest.mark.parametrize("sigma", [0.3, 1.0, 40.0])
def test_log_density_is_scipy_student_t_with_scale_s_sigma(nu, scale, sigma):
    prior = StudentTPrior(nu, scale)
    expected = stats.t(nu, 0.0, scale * sigma).logpdf(W)
    np.testing.assert_allclose(prior.logpdf_terms(W, None, sigma), expected, rtol=1e-12, atol=1e-12)
    # The same formula in PyTensor (the NUTS builder's namespace); sigma is a float64 tensor there
    # (a bare Python float that float32 represents exactly would be stored as float32).
    got = prior.logpdf_terms(W, None, pt.constant(sigma, dtype="float64"), pytensor_ops()).eval()
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_density_integrates_to_one():
    prior = StudentTPrior(3.0, 0.7)
    total, err = integrate.quad(lambda w: np.exp(prior.logpdf_terms(np.array([w]), None, 2.0)[0]), -np.inf, np.inf)
    assert total == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("nu, scale, sigma", [(1.0, 1.0, 1.0), (4.0, 0.3, 5.0)])
def test_exact_draws_follow_the_t_distribution(nu, scale, sigma):
    draws = StudentTPrior(nu, scale).sample(None, sigma, np.random.default_rng(0), 5000)
    assert stats.kstest(draws, stats.t(nu, 0.0, scale * sigma).cdf).pvalue > 1e-3
    # ... and the test can fail: the wrong scale is rejected.
    assert stats.kstest(draws, stats.t(nu, 0.0, 2 * scale * sigma).cdf).pvalue < 1e-6


@pytest.mark.parametrize("kwargs, match", [({"nu": 0.0}, "nu"), ({"scale": -1.0}, "scale")])
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        StudentTPrior(**kwargs)


def _neg_log_post(model, X, y, sw=None):
    p = X.shape[1]

    def f(theta):
        return -float(model.log_posterior(theta[:p], theta[p], np.exp(theta[p + 1]), X, y, sw))

    return f


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("weighted", [False, True])
def test_map_is_a_certified_local_mode(seed, weighted):
    """Our majorize-minimize mode vs L-BFGS on the model's own log posterior over (w, b, log sigma).

    L-BFGS started at our mode finds nothing better (relative 1e-10) and stays put (1e-5:
    L-BFGS's own accuracy); a finite-difference gradient at our mode is zero (1e-5 relative).
    """
    X, y = make_regression_data(40, 4, seed=seed)
    sw = np.random.default_rng(seed).integers(1, 4, size=40).astype(float) if weighted else None
    model = Model(StudentTPrior(2.0, 0.2))
    res = map_estimate(model, X, y, sw)
    assert res.converged and res.kkt_residual <= 1e-9 and res.twin is None
    f = _neg_log_post(model, X, y, sw)
    theta = np.concatenate([res.coef, [res.intercept, np.log(res.sigma)]])
    assert res.objective == pytest.approx(f(theta), rel=1e-12)
    opt = optimize.minimize(f, theta, method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 5000})
    assert opt.fun >= f(theta) - 1e-10 * abs(f(theta))
    np.testing.assert_allclose(opt.x, theta, atol=1e-5 * max(1.0, np.max(np.abs(theta))))
    grad = optimize.approx_fprime(theta, f, 1e-7)
    assert np.max(np.abs(grad)) < 1e-5 * max(1.0, np.max(np.abs(X.T @ (y - y.mean()))))
    # Not trivially: the mode shrinks the least-squares fit.
    ols = np.linalg.lstsq(np.column_stack([X, np.ones(40)]), y, rcond=None)[0][:4]
    assert np.max(np.abs(res.coef - ols)) > 1e-3


def test_map_at_a_fixed_sigma_is_the_conditional_mode():
    X, y = make_regression_data(30, 3, seed=4)
    model = Model(StudentTPrior(1.0, 0.1))  # Cauchy: strongly non-log-concave
    res = map_estimate(model, X, y, sigma=0.8)
    assert res.sigma == 0.8 and res.converged

    def f(v):
        return -float(model.log_posterior(v[:3], v[3], 0.8, X, y))

    theta = np.concatenate([res.coef, [res.intercept]])
    opt = optimize.minimize(f, theta, method="BFGS", options={"gtol": 1e-10})
    assert opt.fun >= f(theta) - 1e-10 * abs(f(theta))


def _quadrature_posterior(model, x, y):
    """Posterior mean and sd of w and sigma for p = 1, no intercept, on a (w, log sigma) grid."""
    w = np.linspace(-3.0, 3.0, 1201)
    ls = np.linspace(np.log(0.05), np.log(5.0), 801)
    Wg, Lg = np.meshgrid(w, ls, indexing="ij")
    S = np.exp(Lg)
    logp = (stats.norm.logpdf(y[None, None, :], Wg[..., None] * x[None, None, :], S[..., None]).sum(-1)
            + stats.t.logpdf(Wg, model.prior.nu, 0.0, model.prior.scale * S))  # Jeffreys 1/sigma x d sigma = d log sigma
    dens = np.exp(logp - logp.max())
    Z = integrate.trapezoid(integrate.trapezoid(dens, ls, axis=1), w)

    def moment(f):
        return integrate.trapezoid(integrate.trapezoid(f * dens, ls, axis=1), w) / Z

    mw, ms = moment(Wg), moment(S)
    return mw, np.sqrt(moment(Wg**2) - mw**2), ms, np.sqrt(moment(S**2) - ms**2)


def test_gibbs_matches_the_exact_posterior_by_quadrature(mc_seed):
    rng = np.random.default_rng(7)
    x = rng.normal(size=12)
    y = 0.4 * x + 0.5 * rng.normal(size=12)
    model = Model(StudentTPrior(2.0, 0.3), fit_intercept=False)
    mw, sw_, ms, ss = _quadrature_posterior(model, x, y)
    post = sample_gibbs(model, x[:, None], y, draws=20000, tune=500, chains=2, rng=seeded(0, mc_seed)).posterior
    checks = MonteCarloChecks()
    checks.draws_match("coef", post["coef"].values[..., 0], mw, sw_)
    checks.draws_match("sigma", post["sigma"].values, ms, ss)
    checks.assert_ok()
    assert post.attrs["likelihood_mixture"] == "gaussian" and post.attrs["laplace_form"] == "none"


def test_user_reachable_path_and_refusals():
    assert bayesreg.StudentTPrior is StudentTPrior and "StudentTPrior" in bayesreg.__all__
    X, y = make_regression_data(30, 3, seed=0)
    model = Model(StudentTPrior())
    assert resolve_sampler(model, "auto") == "gibbs"
    idata = sample_posterior(model, X, y, sampler="auto", draws=200, tune=100, chains=1, rng=np.random.default_rng(0))
    assert idata.posterior["coef"].shape == (1, 200, 3)
    with pytest.raises(NotImplementedError, match="no penalized twin"):
        to_twin(model)
    with pytest.raises(TypeError, match="StudentTPrior"):
        map_estimate(Model(StudentTPrior(), LaplaceLikelihood()), X, y)
    with pytest.raises(ValueError, match="no hyperprior"):
        StudentTPrior().with_value(2.0, hyperprior=object())
    assert StudentTPrior(3.0, 2.0).with_value(0.5) == StudentTPrior(3.0, 0.5)
    assert Model(StudentTPrior(), GaussianLikelihood()).prior.describe()["prior"] == "StudentTPrior(nu=3.0, scale=1.0)"


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_log_posterior_equals_pymc_logp(fit_intercept, weighted):
    X, y = make_regression_data(30, 4, seed=3)
    rng = np.random.default_rng(1)
    sw = rng.integers(1, 4, size=30).astype(float) if weighted else None
    model = Model(StudentTPrior(2.5, 0.4), fit_intercept=fit_intercept)
    _, logp = _pymc_logp(model, X, y, sw)
    for _ in range(5):
        w, b, sigma = rng.normal(size=4), rng.normal() if fit_intercept else 0.0, np.exp(rng.normal())
        assert logp(w, b, sigma) == pytest.approx(model.log_posterior(w, b, sigma, X, y, sw, xp=NP), rel=1e-10)


@pytest.mark.slow
def test_gibbs_agrees_with_nuts(mc_seed):
    X, y = make_regression_data(40, 3, seed=5)
    model = Model(StudentTPrior(3.0, 0.5))
    gibbs = sample_gibbs(model, X, y, draws=4000, tune=500, chains=2, rng=seeded(0, mc_seed)).posterior
    nuts = sample_nuts(model, X, y, draws=1000, tune=1500, chains=2, cores=2,
                       rng=np.random.default_rng(seeded(0, mc_seed))).posterior
    checks = [("sigma", gibbs["sigma"].values, nuts["sigma"].values),
              ("intercept", gibbs["intercept"].values, nuts["intercept"].values)]
    checks += [(f"coef[{j}]", gibbs["coef"].values[..., j], nuts["coef"].values[..., j]) for j in range(3)]
    mc = MonteCarloChecks()
    for label, a, b in checks:
        mc.draws_agree(label, a, b)
    mc.assert_ok()


@pytest.mark.parametrize("seed", [0, 1])
def test_sbc_passes_the_gibbs_sampler_with_a_proper_sigma_prior(seed):
    model = Model(StudentTPrior(3.0, 0.8), sigma_prior=HalfCauchySigma(1.0), fit_intercept=False)
    X = np.random.default_rng(seed).normal(size=(15, 3))
    res = sbc(model, X, lambda X, y, rng: sample_gibbs(model, X, y, draws=200, tune=100, chains=1, thin=3, rng=rng),
              n_replications=150, random_state=seed)
    assert res.params == ["coef[0]", "coef[1]", "coef[2]", "sigma"]
    assert res.pvalue > 1e-3, res.to_frame()


def test_sbc_flags_a_gibbs_sampler_of_the_wrong_scale():
    model = Model(StudentTPrior(3.0, 0.8), sigma_prior=HalfCauchySigma(1.0), fit_intercept=False)
    wrong = Model(StudentTPrior(3.0, 3.0), sigma_prior=HalfCauchySigma(1.0), fit_intercept=False)
    X = np.random.default_rng(3).normal(size=(15, 3))
    res = sbc(model, X, lambda X, y, rng: sample_gibbs(wrong, X, y, draws=200, tune=100, chains=1, thin=3, rng=rng),
              n_replications=150, random_state=3)
    assert res.pvalue < 1e-6, res.to_frame()
