"""Student-t and Laplace likelihoods in the Gibbs sampler (normal scale mixtures) against
a grid oracle over (intercept, weight, log sigma) whose log-likelihood is scipy's
``t`` / ``laplace`` density of the residuals and whose prior is scipy's ``norm`` /
``laplace`` density at the prior's scale for that likelihood (DESIGN.md: ``kappa`` of the
Student-t is the Gaussian one; the Laplace likelihood's ``kappa_sum = 1/s``). Flat
intercept, Jeffreys sigma (flat on the log-sigma grid). Tolerance: the Monte Carlo rule
of tests/_helpers.py (Bonferroni over the comparisons of each test)."""

import numpy as np
import pytest
from scipy import stats

from bayesreg import (
    GaussianPrior,
    HalfCauchySigma,
    HorseshoePrior,
    LaplaceLikelihood,
    LaplacePrior,
    Model,
    ParkCasellaLaplacePrior,
    StudentTLikelihood,
)
from bayesreg.posterior import sample_gibbs

from ._helpers import MonteCarloChecks, seeded


def _data(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = 0.5 + 0.8 * x + 0.7 * rng.standard_t(3, size=n)
    return x[:, None], y


def _log_lik(kind, R, S):
    if kind == "t":
        return stats.t.logpdf(R, 4.0, scale=S[..., None]).sum(-1)
    return stats.laplace.logpdf(R, scale=S[..., None]).sum(-1)


def _log_prior(kind, W, S, n):
    if kind == "t-ridge":  # GaussianPrior(2): w ~ N(0, sigma^2 / alpha)
        return stats.norm.logpdf(W, scale=S / np.sqrt(2.0))
    if kind == "t-lasso":  # LaplacePrior(0.05): b = sigma^2 / (n alpha)
        return stats.laplace.logpdf(W, scale=S**2 / (n * 0.05))
    if kind == "lap-pc":  # ParkCasellaLaplacePrior(2): b = sigma / lam
        return stats.laplace.logpdf(W, scale=S / 2.0)
    if kind == "lap-lasso":  # LaplacePrior(0.05), kappa = 2n / s: b = s / (2 n alpha)
        return stats.laplace.logpdf(W, scale=S / (2 * n * 0.05))
    raise AssertionError(kind)


CASES = [
    ("t", "t-ridge", Model(GaussianPrior(2.0), likelihood=StudentTLikelihood(4.0))),
    ("t", "t-lasso", Model(LaplacePrior(0.05), likelihood=StudentTLikelihood(4.0))),
    ("laplace", "lap-pc", Model(ParkCasellaLaplacePrior(2.0), likelihood=LaplaceLikelihood())),
    ("laplace", "lap-lasso", Model(LaplacePrior(0.05), likelihood=LaplaceLikelihood())),
]


@pytest.mark.parametrize("weight_draw", ["cholesky", "bhattacharya"])
@pytest.mark.parametrize("lik, prior_kind, model", CASES, ids=[c[1] for c in CASES])
def test_robust_gibbs_matches_grid(lik, prior_kind, model, weight_draw, mc_seed):
    X, y = _data(0, 20)
    n = X.shape[0]
    idata = sample_gibbs(model, X, y, draws=3000, tune=300, chains=2, rng=seeded(2, mc_seed), weight_draw=weight_draw)
    post = idata.posterior
    assert post.attrs["likelihood_mixture"] == ("student-t" if lik == "t" else "laplace")
    draws = [post["intercept"].values, post["coef"].values[..., 0], post["sigma"].values]
    center = [np.median(d) for d in draws]
    half = [7 * draws[0].std(), 7 * draws[1].std(), 7 * np.log(draws[2]).std()]
    axes = [np.linspace(c - h, c + h, 81) for c, h in zip(center[:2], half[:2])]
    axes.append(np.linspace(np.log(center[2]) - half[2], np.log(center[2]) + half[2], 61))
    B, W, LS = np.meshgrid(*axes, indexing="ij")
    S = np.exp(LS)
    R = y - B[..., None] - W[..., None] * X[:, 0]
    logp = _log_lik(lik, R, S) + _log_prior(prior_kind, W, S, n)
    prob = np.exp(logp - logp.max())
    prob /= prob.sum()
    checks = MonteCarloChecks()
    for k, (d, vals, label) in enumerate(zip(draws, [axes[0], axes[1], np.exp(axes[2])], ["intercept", "coef", "sigma"])):
        marg = prob.sum(axis=tuple(i for i in range(3) if i != k))
        assert marg[0] < 1e-6 and marg[-1] < 1e-6, f"grid too narrow along {label}"
        mean = float((marg * vals).sum())
        sd = float(np.sqrt((marg * (vals - mean) ** 2).sum()))
        cdf = np.cumsum(marg) - 0.5 * marg
        checks.draws_match(label, d, mean, sd, np.interp(0.025, cdf, vals), np.interp(0.975, cdf, vals))
    checks.assert_ok()


def test_integer_weights_equal_replicated_rows_and_others_refused():
    X, y = _data(1, 12)
    sw = np.arange(12) % 3 + 0.0
    model = Model(HorseshoePrior(tau=1.0), likelihood=StudentTLikelihood(4.0), sigma_prior=HalfCauchySigma(1.0))
    a = sample_gibbs(model, X, y, sw, draws=50, tune=10, rng=3)
    b = sample_gibbs(model, np.repeat(X, sw.astype(int), 0), np.repeat(y, sw.astype(int)), draws=50, tune=10, rng=3)
    np.testing.assert_allclose(a.posterior["coef"].values, b.posterior["coef"].values, rtol=1e-10)
    with pytest.raises(ValueError, match="integer frequency weights"):
        sample_gibbs(model, X, y, sw + 0.5, draws=10)
    with pytest.raises(ValueError, match="NaN|infinity|finite"):
        sample_gibbs(model, np.where(X > 0, np.nan, X), y, draws=10)


def test_robust_reproducible():
    X, y = _data(2, 15)
    model = Model(LaplacePrior(0.05), likelihood=LaplaceLikelihood())
    a = sample_gibbs(model, X, y, draws=60, tune=10, chains=2, rng=9)
    b = sample_gibbs(model, X, y, draws=60, tune=10, chains=2, rng=np.random.default_rng(9))
    for v in ("coef", "intercept", "sigma"):
        np.testing.assert_array_equal(a.posterior[v].values, b.posterior[v].values)
