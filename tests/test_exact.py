"""Exact conjugate-ridge posterior: against scikit-learn's BayesianRidge, against
numerical integration of the model's own log posterior, and i.i.d. draws against
the closed form (tolerance: the Monte Carlo rule of tests/_helpers.py)."""

import numpy as np
import pytest
from scipy import integrate
from sklearn.linear_model import BayesianRidge

from bayesreg import GaussianPrior, LaplacePrior, Model, StudentTLikelihood
from bayesreg.hyperpriors import GammaHyperprior
from bayesreg.noise import HalfCauchySigma
from bayesreg.posterior import exact_ridge_posterior, sample_exact

from ._helpers import MonteCarloChecks, seeded


def _data(seed, n, p, weights=False):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + rng.normal(size=p)
    w = rng.normal(size=p)
    y = 1.5 + X @ w + rng.normal(size=n)
    sw = rng.integers(1, 4, n).astype(float) if weights else None
    return X, y, sw


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("shape", [(40, 5), (15, 30)])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weights", [False, True])
def test_known_sigma_equals_bayesian_ridge(seed, shape, fit_intercept, weights):
    # BayesianRidge's coef_/sigma_ are the Gaussian posterior at its final alpha_
    # (noise precision) and lambda_ (weight precision): ours at sigma^2 = 1/alpha_,
    # alpha = lambda_/alpha_. Tolerance: 1e-13 times the condition number of
    # X'X + alpha I (SVD in sklearn vs Cholesky here; both backward stable).
    X, y, sw = _data(seed, *shape, weights)
    br = BayesianRidge(fit_intercept=fit_intercept, tol=1e-12, max_iter=1000).fit(X, y, sample_weight=sw)
    sigma = 1.0 / np.sqrt(br.alpha_)
    alpha = br.lambda_ / br.alpha_
    post = exact_ridge_posterior(Model(GaussianPrior(alpha), fit_intercept=fit_intercept), X, y, sw)
    mean, cov = post.known_sigma(sigma)
    tol = 1e-13 * np.linalg.cond(np.linalg.inv(post.unit_cov))
    assert tol < 1e-3
    np.testing.assert_allclose(mean, br.coef_, rtol=0, atol=tol * np.max(np.abs(br.coef_)))
    np.testing.assert_allclose(cov, br.sigma_, rtol=0, atol=tol * np.max(np.abs(br.sigma_)))
    assert np.max(np.abs(br.coef_)) > 0.1  # non-trivial
    np.testing.assert_allclose(post.intercept_mean, br.intercept_, rtol=0, atol=tol * (1 + abs(br.intercept_)))


def test_weights_equal_replicated_rows():
    X, y, _ = _data(3, 20, 4)
    sw = np.arange(1, 21) % 3 + 1.0
    model = Model(GaussianPrior(2.0))
    a = exact_ridge_posterior(model, X, y, sw)
    b = exact_ridge_posterior(model, np.repeat(X, sw.astype(int), 0), np.repeat(y, sw.astype(int)))
    for name in ("coef_mean", "unit_cov", "shape", "rate", "intercept_mean", "intercept_unit_var"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-10, atol=1e-12)


def _log_post(model, X, y):
    return lambda coef, b0, sigma: float(model.log_posterior(np.atleast_1d(coef), b0, sigma, X, y))


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("alpha", [0.5, 0.0])
def test_student_t_marginals_match_integrated_log_posterior(fit_intercept, alpha):
    # Oracle: the unnormalized marginal density of w (and of sigma), integrating
    # Model.log_posterior numerically; compared as density ratios at several points, so
    # normalizers cancel. With an intercept the double integral is adaptive quad over
    # log sigma of a 40-node Gauss-Hermite rule over the intercept: given (w, sigma) the
    # integrand in b0 is Gaussian with sd sigma / sqrt(n) (flat prior, Gaussian
    # likelihood), so nodes scaled by that sd make the rule accurate to ~1e-13 wherever
    # its centre sits (here the posterior mean, a few sds from the conditional one).
    # Relative accuracy ~1e-9 either way, at a tenth of dblquad's 10^5 calls per point.
    X, y, _ = _data(5, 12, 1)
    n = X.shape[0]
    model = Model(GaussianPrior(alpha), fit_intercept=fit_intercept)
    post = exact_ridge_posterior(model, X, y)
    lp = _log_post(model, X, y)
    t = post.coef_marginals()
    m, s = float(post.coef_mean[0]), float(t.std()[0])
    sig_hat = float(np.sqrt(post.rate / post.shape))
    shift = lp(m, post.intercept_mean, sig_hat)
    nodes, weights = np.polynomial.hermite.hermgauss(40)

    def over_intercept(w, log_sg):
        sg = np.exp(log_sg)
        h = np.sqrt(2.0 / n) * sg  # b0 = centre + h t turns the Gaussian factor into exp(-t^2)
        vals = [np.exp(lp(w, post.intercept_mean + h * tk, sg) - shift + tk * tk) for tk in nodes]
        return h * float(np.dot(weights, vals)) * sg  # d sigma = sigma d(log sigma)

    def w_density(w):
        if fit_intercept:
            lo, hi = np.log(1e-3 * sig_hat), np.log(50 * sig_hat)
            return integrate.quad(lambda u: over_intercept(w, u), lo, hi, epsabs=0, epsrel=1e-10)[0]
        return integrate.quad(lambda sg: np.exp(lp(w, 0.0, sg) - shift), 0, np.inf, epsabs=0, epsrel=1e-10)[0]

    grid = m + s * np.array([-2.5, -1.0, 0.3, 1.7])
    oracle = np.array([w_density(w) for w in grid])
    ours = t.pdf(grid[:, None])[:, 0]
    np.testing.assert_allclose(oracle / oracle[1], ours / ours[1], rtol=1e-6)

    if not fit_intercept:
        def s_density(sg):
            return integrate.quad(lambda w: np.exp(lp(w, 0.0, sg) - shift), m - 40 * s, m + 40 * s, epsrel=1e-10)[0]

        sig_grid = sig_hat * np.array([0.6, 0.9, 1.2, 1.8])
        oracle = np.array([s_density(sg) for sg in sig_grid])
        ours = post.sigma2_marginal().pdf(sig_grid**2) * 2 * sig_grid  # density of sigma
        np.testing.assert_allclose(oracle / oracle[1], ours / ours[1], rtol=1e-6)


@pytest.mark.parametrize("alpha", [1.0, 0.0])
def test_intercept_and_weights_match_the_uncentred_normal_inverse_gamma(alpha):
    # Oracle written out here, without centring: with a flat intercept the joint posterior
    # of theta = (b0, w) is Normal-Inverse-Gamma with precision Z'Z + diag(0, alpha I),
    # Z = [1, X]; sigma^2 ~ InvGamma(a, S / 2) with S = min_theta ||y - Z theta||^2 + alpha ||w||^2
    # and a = (n - 1 - p [alpha = 0]) / 2 (Jeffreys' 1/sigma; each proper Gaussian weight
    # brings a sigma^-1 that its integral cancels); the marginals are Student-t with 2a df.
    X, y, _ = _data(6, 30, 3)
    n, p = X.shape
    post = exact_ridge_posterior(Model(GaussianPrior(alpha)), X, y)
    Z = np.column_stack([np.ones(n), X])
    P = Z.T @ Z + np.diag([0.0] + [alpha] * p)
    theta = np.linalg.solve(P, Z.T @ y)
    S = float(np.sum((y - Z @ theta) ** 2) + alpha * theta[1:] @ theta[1:])
    a = (n - 1 - (p if alpha == 0 else 0)) / 2
    assert post.shape == pytest.approx(a, rel=1e-14)
    assert post.rate == pytest.approx(S / 2, rel=1e-10)
    cov = S / 2 / (a - 1) * np.linalg.inv(P)
    t = post.intercept_marginal()
    assert t.mean() == pytest.approx(theta[0], rel=1e-10)
    assert t.std() == pytest.approx(np.sqrt(cov[0, 0]), rel=1e-10)
    np.testing.assert_allclose(post.coef_mean, theta[1:], rtol=1e-10)
    np.testing.assert_allclose(post.coef_cov, cov[1:, 1:], rtol=1e-10)
    np.testing.assert_allclose(post.coef_marginals().std(), np.sqrt(np.diag(cov[1:, 1:])), rtol=1e-10)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("shape", [(30, 4), (10, 25)])
def test_sample_exact_matches_closed_form(seed, shape, mc_seed):
    X, y, _ = _data(seed, *shape)
    model = Model(GaussianPrior(1.5))
    post = exact_ridge_posterior(model, X, y)
    idata = sample_exact(model, X, y, draws=4000, chains=2, rng=seeded(seed, mc_seed))
    coef = idata.posterior["coef"]
    assert coef.dims == ("chain", "draw", "feature") and coef.shape == (2, 4000, shape[1])
    assert idata.posterior.attrs["sampler"] == "exact" and idata.posterior.attrs["laplace_form"] == "none"
    assert "bayesreg_version" in idata.posterior.attrs
    checks = MonteCarloChecks()
    t = post.coef_marginals()
    sd = np.sqrt(np.diag(post.coef_cov))
    for j in range(shape[1]):
        checks.draws_match(f"coef[{j}]", coef.values[..., j], post.coef_mean[j], sd[j],
                           t.ppf(0.025)[j], t.ppf(0.975)[j])
    tb = post.intercept_marginal()
    checks.draws_match("intercept", idata.posterior["intercept"].values, post.intercept_mean, float(tb.std()))
    s2 = post.sigma2_marginal()
    sig_mean = float(integrate.quad(lambda v: np.sqrt(v) * s2.pdf(v), 0, np.inf)[0])
    checks.draws_match("sigma", idata.posterior["sigma"].values, sig_mean, None)
    checks.assert_ok()


def test_sample_exact_reproducible_and_leaves_global_state():
    X, y, _ = _data(0, 20, 3)
    model = Model(GaussianPrior(1.0))
    state = np.random.get_state()[1].copy()
    a = sample_exact(model, X, y, draws=50, rng=7, feature_names=["a", "b", "c"])
    b = sample_exact(model, X, y, draws=50, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.posterior["coef"].values, b.posterior["coef"].values)
    assert list(a.posterior["feature"].values) == ["a", "b", "c"]
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    assert not np.array_equal(a.posterior["coef"].values[0], a.posterior["coef"].values[1])


@pytest.mark.parametrize(
    "model, match",
    [
        (Model(LaplacePrior(1.0)), "GaussianPrior"),
        (Model(GaussianPrior(1.0, hyperprior=GammaHyperprior(1, 1))), "fixed alpha"),
        (Model(GaussianPrior(1.0), likelihood=StudentTLikelihood()), "GaussianLikelihood"),
        (Model(GaussianPrior(1.0), sigma_prior=HalfCauchySigma(1.0)), "JeffreysSigma"),
    ],
)
def test_refuses_non_conjugate_models(model, match):
    X, y, _ = _data(0, 10, 2)
    with pytest.raises(ValueError, match=match):
        sample_exact(model, X, y)


def test_flat_prior_needs_enough_samples():
    X, y, _ = _data(0, 5, 6)
    with pytest.raises(ValueError, match="alpha > 0"):
        exact_ridge_posterior(Model(GaussianPrior(0.0)), X, y)
    with pytest.raises(ValueError, match="draws"):
        sample_exact(Model(GaussianPrior(1.0)), X, y, draws=0)
