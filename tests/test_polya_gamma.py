"""Polya-Gamma Gibbs sampler: against a quadrature oracle, against NUTS, and by SBC.

Tolerances come from Monte Carlo standard errors (ArviZ's ``mcse``): a posterior mean or sd
must be within 4 MCSE of the oracle (two-sided, ~6e-5 per comparison under a normal MCSE);
Gibbs vs NUTS within ``4 sqrt(mcse_gibbs^2 + mcse_nuts^2)``. SBC (Talts et al. 2018): ranks
of the true weights among thinned posterior draws, chi-square uniformity p > 0.01 per weight.
"""

import arviz as az
import numpy as np
import pytest
from scipy import special, stats

from bayesreg import ElasticNetPrior, GaussianPrior, HorseshoePrior, LaplacePrior, LogisticModel
from bayesreg.posterior import sample_nuts_logistic, sample_polya_gamma
from bayesreg.testing import logistic_sbc

from ._helpers import mcse_sd as _mcse_sd  # az.mcse(method="sd") trips over numba in ArviZ 0.23


def _data(seed, n=40, p=1, scale=1.5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = (rng.random(n) < special.expit(0.3 + X @ np.full(p, scale))).astype(float)
    return X, y


def _grid_moments(model, X, y, half_width=6.0, m=401):
    """Posterior means and sds of (intercept, w) for p = 1 by quadrature on a 2-D grid (scipy densities)."""
    from bayesreg.map import map_estimate

    mode = map_estimate(model, X, y)
    b = np.linspace(mode.intercept - half_width, mode.intercept + half_width, m)
    w = np.linspace(mode.coef[0] - half_width, mode.coef[0] + half_width, m)
    B, W = np.meshgrid(b, w, indexing="ij")
    eta = B[..., None] + W[..., None] * X[:, 0]
    loglik = stats.bernoulli.logpmf(y, special.expit(eta)).sum(-1)
    prior = model.prior
    n = X.shape[0]
    beta, gamma = prior.rates(model.kappa(n), 1.0)
    logprior = -beta * np.abs(W) - 0.5 * gamma * W**2  # the density written out, up to a constant
    lp = loglik + logprior
    P = np.exp(lp - lp.max())
    P /= P.sum()
    out = {}
    for name, G in (("intercept", B), ("coef", W)):
        mean = float((P * G).sum())
        out[name] = (mean, float(np.sqrt((P * (G - mean) ** 2).sum())))
    return out


@pytest.mark.parametrize("prior", [GaussianPrior(0.2), LaplacePrior(0.05), ElasticNetPrior(0.05, 0.5)])
@pytest.mark.parametrize("seed", [0, 1])
def test_gibbs_matches_quadrature(prior, seed):
    X, y = _data(seed)
    model = LogisticModel(prior)
    exact = _grid_moments(model, X, y)
    idata = sample_polya_gamma(model, X, y, draws=3000, tune=300, chains=2, rng=seed)
    for name in ("intercept", "coef"):
        da = idata.posterior[name]
        mean, sd = float(da.mean()), float(da.std())
        mcse_mean = float(az.mcse(idata, var_names=[name])[name].max())
        mcse_sd = float(np.max(_mcse_sd(da.values)))
        assert abs(mean - exact[name][0]) <= 4 * mcse_mean, (name, mean, exact[name][0], mcse_mean)
        assert abs(sd - exact[name][1]) <= 4 * mcse_sd, (name, sd, exact[name][1], mcse_sd)


def test_gibbs_reproducible():
    X, y = _data(2, n=30, p=2)
    model = LogisticModel(LaplacePrior(0.05))
    a = sample_polya_gamma(model, X, y, draws=50, tune=10, chains=2, rng=7)
    b = sample_polya_gamma(model, X, y, draws=50, tune=10, chains=2, rng=7)
    np.testing.assert_array_equal(a.posterior["coef"].values, b.posterior["coef"].values)
    assert a.posterior.attrs["sampler"] == "polya-gamma-cholesky"


def test_wide_weight_draw_matches_cholesky():
    """p > n uses Bhattacharya et al.; same posterior (means within 4 MCSE of the Cholesky path)."""
    X, y = _data(3, n=12, p=20, scale=0.3)
    model = LogisticModel(GaussianPrior(1.0))
    wide = sample_polya_gamma(model, X, y, draws=2000, tune=200, chains=2, rng=1)
    chol = sample_polya_gamma(model, X, y, draws=2000, tune=200, chains=2, rng=2, weight_draw="cholesky")
    assert wide.posterior.attrs["sampler"] == "polya-gamma-bhattacharya"
    for name in ("coef", "intercept"):
        d = np.abs(wide.posterior[name].mean(("chain", "draw")) - chol.posterior[name].mean(("chain", "draw")))
        se = np.sqrt(az.mcse(wide, var_names=[name])[name] ** 2 + az.mcse(chol, var_names=[name])[name] ** 2)
        assert np.all(d.values <= 4 * se.values)


def test_horseshoe_runs_and_refuses_nuts():
    X, y = _data(4, n=40, p=3)
    idata = sample_polya_gamma(LogisticModel(HorseshoePrior(0.5)), X, y, draws=200, tune=100, chains=2, rng=0)
    assert "tau" in idata.posterior and np.all(idata.posterior["tau"].values > 0)
    with pytest.raises(NotImplementedError, match="horseshoe|Horseshoe"):
        sample_nuts_logistic(LogisticModel(HorseshoePrior(0.5)), X, y, rng=np.random.default_rng(0))


def test_bad_options_are_named():
    X, y = _data(0)
    with pytest.raises(ValueError, match="'draws'"):
        sample_polya_gamma(LogisticModel(GaussianPrior(1.0)), X, y, draws=0)
    with pytest.raises(TypeError, match="LogisticModel"):
        sample_polya_gamma(object(), X, y)
    with pytest.raises(ValueError, match="y in"):
        sample_polya_gamma(LogisticModel(GaussianPrior(1.0)), X, 2 * y)


@pytest.mark.slow
@pytest.mark.parametrize("prior", [GaussianPrior(0.5), LaplacePrior(0.05), ElasticNetPrior(0.05, 0.5)])
def test_gibbs_agrees_with_nuts(prior):
    X, y = _data(5, n=60, p=3, scale=1.0)
    model = LogisticModel(prior)
    gibbs = sample_polya_gamma(model, X, y, draws=4000, tune=500, chains=2, rng=0)
    nuts = sample_nuts_logistic(model, X, y, draws=2000, tune=1000, chains=2, cores=1, rng=np.random.default_rng(1))
    for name in ("coef", "intercept"):
        g, u = gibbs.posterior[name], nuts.posterior[name]
        diff = np.abs(g.mean(("chain", "draw")) - u.mean(("chain", "draw"))).values
        se = np.sqrt(az.mcse(gibbs, var_names=[name])[name] ** 2 + az.mcse(nuts, var_names=[name])[name] ** 2).values
        assert np.all(diff <= 4 * se), (name, "mean", diff, se)
        diff = np.abs(g.std(("chain", "draw")) - u.std(("chain", "draw"))).values
        se = np.sqrt(_mcse_sd(g.values) ** 2 + _mcse_sd(u.values) ** 2)
        assert np.all(diff <= 4 * se), (name, "sd", diff, se)


@pytest.mark.parametrize("prior", [GaussianPrior(0.5), LaplacePrior(0.04)])
def test_sbc_small(prior):
    res = logistic_sbc(prior, n_replications=40, n_bins=5, random_state=11)
    assert np.all(res.pvalues > 0.01), res.pvalues


@pytest.mark.slow
@pytest.mark.parametrize("prior", [GaussianPrior(0.5), LaplacePrior(0.04), ElasticNetPrior(0.04, 0.5)])
def test_sbc_200_replications(prior):
    res = logistic_sbc(prior, n_replications=200, n_bins=10, random_state=12)
    assert np.all(res.pvalues > 0.01), res.pvalues


def test_intercept_move_leaves_its_conditional_invariant():
    """The MH intercept step alone, iterated, samples p(b | w, y) (1-D quadrature oracle, 4 MCSE)."""
    from bayesreg.posterior._polya_gamma_kernel import intercept_move

    X, y = _data(6, n=30, p=1)
    s = np.ones_like(y)
    offset = 1.3 * X[:, 0]
    rng = np.random.default_rng(0)
    b, draws = 3.0, np.empty(20000)
    for i in range(draws.size):
        b = intercept_move(rng, b, offset, y, s)
        draws[i] = b
    grid = np.linspace(-8, 8, 8001)
    lp = stats.bernoulli.logpmf(y, special.expit(offset + grid[:, None])).sum(1)
    w = np.exp(lp - lp.max())
    w /= w.sum()
    mean = float(w @ grid)
    sd = float(np.sqrt(w @ (grid - mean) ** 2))
    chain = draws[None, 1000:]
    assert abs(chain.mean() - mean) <= 4 * float(np.squeeze(az.mcse(chain))), (chain.mean(), mean)
    assert abs(chain.std() - sd) <= 4 * float(np.squeeze(_mcse_sd(chain))), (chain.std(), sd)
    assert np.mean(np.diff(draws) != 0) > 0.7  # the Laplace-t proposal is accepted most of the time
