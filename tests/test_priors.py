"""Prior and likelihood densities against scipy and numerical integration."""

import numpy as np
import pytest
from scipy import integrate, stats

from bayesreg import (
    ElasticNetPrior,
    GaussianLikelihood,
    GaussianPrior,
    LaplaceLikelihood,
    LaplacePrior,
    Model,
    ParkCasellaLaplacePrior,
    StudentTLikelihood,
)
from bayesreg.priors import enet_log_normalizer

W = np.array([-50.0, -3.0, -0.5, 0.0, 1e-8, 0.7, 4.0, 60.0])


@pytest.mark.parametrize("alpha", [1e-3, 0.3, 7.0])
@pytest.mark.parametrize("sigma", [0.2, 1.0, 35.0])
def test_gaussian_prior_is_normal_with_variance_sigma2_over_alpha(alpha, sigma):
    prior = GaussianPrior(alpha)
    kappa = GaussianLikelihood().kappa(sigma, 100, prior.loss_convention)
    expected = stats.norm(0, sigma / np.sqrt(alpha)).logpdf(W)
    np.testing.assert_allclose(prior.logpdf_terms(W, kappa, sigma), expected, rtol=1e-12)


@pytest.mark.parametrize("alpha", [1e-3, 0.3, 7.0])
@pytest.mark.parametrize("sigma", [0.2, 1.0, 35.0])
@pytest.mark.parametrize("n", [10, 442])
def test_laplace_prior_alpha_form_scale_is_sigma2_over_n_alpha(alpha, sigma, n):
    prior = LaplacePrior(alpha)
    kappa = GaussianLikelihood().kappa(sigma, n, prior.loss_convention)
    b = sigma**2 / (n * alpha)
    expected = -np.abs(W) / b - np.log(2 * b)  # scipy's laplace.logpdf underflows to -inf for tiny b
    np.testing.assert_allclose(prior.logpdf_terms(W, kappa, sigma), expected, rtol=1e-12)


@pytest.mark.parametrize("lam", [0.1, 2.0])
@pytest.mark.parametrize("sigma", [0.5, 20.0])
def test_park_casella_prior_scale_is_sigma_over_lambda(lam, sigma):
    prior = ParkCasellaLaplacePrior(lam)
    expected = stats.laplace(0, sigma / lam).logpdf(W)
    np.testing.assert_allclose(prior.logpdf_terms(W, None, sigma), expected, rtol=1e-12)
    assert prior.lasso_alpha(sigma, 50) == pytest.approx(lam * sigma / 50, rel=1e-15)


@pytest.mark.parametrize("l1_ratio", [0.0, 0.2, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("alpha,sigma,n", [(0.1, 1.0, 20), (2.0, 3.0, 100), (1e-3, 50.0, 442)])
def test_elastic_net_prior_integrates_to_one(l1_ratio, alpha, sigma, n):
    prior = ElasticNetPrior(alpha, l1_ratio)
    kappa = GaussianLikelihood().kappa(sigma, n, prior.loss_convention)
    beta, gamma = prior.rates(kappa, sigma)
    # Scale of the density: integrate over many widths around 0 (it is symmetric).
    width = 40.0 / max(beta, np.sqrt(gamma))
    total, err = integrate.quad(lambda w: np.exp(prior.logpdf_terms(np.array([w]), kappa, sigma)[0]), -width, width,
                                points=[0.0], limit=200)
    assert total == pytest.approx(1.0, abs=1e-8)


@pytest.mark.parametrize("beta,gamma", [(1e3, 1e-6), (1e6, 1e-2), (1e-8, 1e4), (5.0, 3.0)])
def test_enet_log_normalizer_is_stable_and_matches_log_quadrature(beta, gamma):
    value = enet_log_normalizer(beta, gamma)
    assert np.isfinite(value)
    # Reference: Z = 2 * int_0^inf exp(-beta w - gamma w^2 / 2) dw, in log space via scaling by the
    # dominant rate so that quad sees an O(1) integrand.
    s = 1.0 / max(beta, np.sqrt(gamma))
    ref, _ = integrate.quad(lambda u: np.exp(-beta * s * u - 0.5 * gamma * (s * u) ** 2), 0, np.inf)
    assert value == pytest.approx(np.log(2 * s * ref), rel=1e-9, abs=1e-9)


def test_elastic_net_limits_are_laplace_and_gaussian():
    sigma, n = 2.0, 30
    for l1_ratio, twin in [(1.0, LaplacePrior(0.4)), (0.0, None)]:
        prior = ElasticNetPrior(0.4, l1_ratio)
        kappa = GaussianLikelihood().kappa(sigma, n, "mean")
        got = prior.logpdf_terms(W, kappa, sigma)
        if twin is not None:
            expected = twin.logpdf_terms(W, kappa, sigma)
        else:  # rho = 0: Normal with variance sigma^2 / (n alpha)
            expected = stats.norm(0, sigma / np.sqrt(n * 0.4)).logpdf(W)
        np.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize("sigma", [0.3, 4.0])
def test_likelihoods_match_scipy(sigma):
    r = np.array([-7.0, -0.2, 0.0, 1.3, 20.0])
    np.testing.assert_allclose(GaussianLikelihood().logpdf(r, sigma), stats.norm(0, sigma).logpdf(r).sum(), rtol=1e-13)
    np.testing.assert_allclose(LaplaceLikelihood().logpdf(r, sigma), stats.laplace(0, sigma).logpdf(r).sum(), rtol=1e-13)
    np.testing.assert_allclose(StudentTLikelihood(3.5).logpdf(r, sigma), stats.t(3.5, 0, sigma).logpdf(r).sum(), rtol=1e-13)
    sw = np.array([1.0, 2.0, 0.0, 3.0, 1.0])
    np.testing.assert_allclose(
        GaussianLikelihood().logpdf(r, sigma, sw), np.repeat(stats.norm(0, sigma).logpdf(r), sw.astype(int)).sum(),
        rtol=1e-13,
    )


@pytest.mark.parametrize("prior", [GaussianPrior(0.7), LaplacePrior(0.05), ElasticNetPrior(0.05, 0.3)])
def test_log_posterior_at_fixed_sigma_is_minus_kappa_times_twin_objective(prior):
    """DESIGN.md's contract: log p(w, b | y, sigma) = -kappa(sigma) * twin_objective + const(sigma)."""
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(25, 4)), rng.normal(size=25)
    model = Model(prior)
    sigma = 1.7
    kappa = model.kappa(sigma, 25)
    vals = []
    for _ in range(6):
        w, b = rng.normal(size=4), rng.normal()
        vals.append(model.log_posterior(w, b, sigma, X, y) + kappa * model.twin_objective(w, b, X, y))
    assert np.ptp(vals) < 1e-10 * max(1.0, abs(vals[0]))


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf, "a", True])
def test_prior_rejects_bad_alpha_with_named_message(bad):
    with pytest.raises(ValueError, match="'alpha' parameter of LaplacePrior"):
        LaplacePrior(bad)


def test_elastic_net_rejects_l1_ratio_outside_unit_interval():
    with pytest.raises(ValueError, match=r"'l1_ratio' parameter of ElasticNetPrior must be a float in the range \[0, 1\]"):
        ElasticNetPrior(1.0, 1.5)


def _enet_logpdf_quad(W, beta, gamma):
    """exp(-beta |w| - gamma w^2 / 2) / Z with Z by quadrature (not the erfcx normalizer)."""
    z = 2 * integrate.quad(lambda w: np.exp(-beta * w - 0.5 * gamma * w * w), 0, np.inf, epsabs=0, epsrel=1e-12)[0]
    return -beta * np.abs(W) - 0.5 * gamma * W**2 - np.log(z)


# with_value(4.0) against scipy / written-out densities at the new value (sigma = 1.3, n = 30).
WITH_VALUE_CASES = [
    (GaussianPrior(0.7), lambda W, s, n: stats.norm(0, s / np.sqrt(4.0)).logpdf(W)),
    (LaplacePrior(0.05), lambda W, s, n: -np.abs(W) / (s**2 / (n * 4.0)) - np.log(2 * s**2 / (n * 4.0))),
    (ElasticNetPrior(0.05, 0.3), lambda W, s, n: _enet_logpdf_quad(W, n / s**2 * 4.0 * 0.3, n / s**2 * 4.0 * 0.7)),
    (ParkCasellaLaplacePrior(1.5), lambda W, s, n: stats.laplace(0, s / 2.0).logpdf(W)),  # value = lam^2 = 4
]


@pytest.mark.parametrize("prior, expected", WITH_VALUE_CASES, ids=[repr(c[0]) for c in WITH_VALUE_CASES])
def test_with_value_sets_the_hyperparameter_and_round_trips(prior, expected):
    """with_value takes the prior's own parameter (lam^2 for Park & Casella) and returns an equal
    prior; at a new value its density is the textbook one at that value."""
    assert prior.with_value(prior._value) == prior
    sigma, n = 1.3, 30
    other = prior.with_value(4.0)
    kappa = GaussianLikelihood().kappa(sigma, n, other.loss_convention)
    np.testing.assert_allclose(other.logpdf_terms(W, kappa, sigma), expected(W, sigma, n), rtol=1e-10)
    assert not np.allclose(prior.logpdf_terms(W, kappa, sigma), expected(W, sigma, n))  # the value mattered
