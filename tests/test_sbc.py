"""Simulation-based calibration: passes right samplers, flags a deliberately wrong one.

The elastic-net test uses an orthogonal design without intercept, where the posterior
has a closed form up to one dimension: given sigma the weights are independent
two-piece truncated normals, and sigma's marginal is evaluated on a fine grid of
log sigma (written out below from the densities, independently of bayesreg's
samplers). The wrong sampler is the same code without the prior's sigma-dependent
normalizer ``-p log Z(beta(sigma), gamma(sigma))``.

Thresholds: with a fixed seed each p-value is one number; under calibration the
combined (Bonferroni) p-value is uniform, so ``> 1e-3`` fails a right sampler with
probability 1e-3; the wrong sampler's p-value is far below 1e-6.
"""

import numpy as np
import pytest
from scipy import integrate, special, stats

from bayesreg import ElasticNetPrior, GaussianPrior, HalfCauchySigma, LaplacePrior, Model
from bayesreg.priors import enet_log_normalizer
from bayesreg.testing import PriorSimulator, SBCWarning, draw_enet_family, plot_sbc_ranks, rank_uniformity, sbc


@pytest.mark.parametrize("beta, gamma", [(2.0, 0.0), (0.0, 3.0), (1.5, 0.7), (8.0, 0.5), (0.3, 40.0)])
def test_draw_enet_family_matches_its_density(beta, gamma):
    rng = np.random.default_rng(0)
    draws = draw_enet_family(beta, gamma, rng, 4000)
    logz = enet_log_normalizer(beta, gamma, beta_zero=beta == 0, gamma_zero=gamma == 0)

    def cdf(x):  # numerical CDF of exp(-beta |w| - gamma w^2 / 2 - log Z)
        f = lambda w: np.exp(-beta * abs(w) - 0.5 * gamma * w * w - logz)  # noqa: E731
        return np.array([0.5 + np.sign(v) * integrate.quad(f, 0.0, abs(v))[0] for v in np.atleast_1d(x)])

    assert stats.kstest(draws, cdf).pvalue > 1e-3
    assert abs(np.mean(draws > 0) - 0.5) < 4 * 0.5 / np.sqrt(draws.size)


def _orthogonal_design(n, p, seed):
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, p)))
    return q * np.sqrt(n) * np.linspace(0.7, 1.3, p)  # X'X diagonal


def _grid_sampler(model, draws, with_normalizer=True):
    """Exact draws for an orthogonal X, no intercept, Gaussian likelihood, elastic-net prior."""
    prior = model.prior

    def sample(X, y, rng):
        n, p = X.shape
        d, c, yy = np.einsum("ij,ij->j", X, X), X.T @ y, float(y @ y)
        s_ols = np.sqrt(max(yy - np.sum(c * c / d), 1e-12 * yy) / n)
        log_s = np.linspace(np.log(s_ols) - 4.0, np.log(np.sqrt(yy / n)) + 3.0, 6000)
        s = np.exp(log_s)[:, None]
        beta, gamma = prior.rates(model.kappa(s, n), s)
        a = d / s**2 + gamma
        bp, bm = c / s**2 - beta, c / s**2 + beta
        half = 0.5 * np.log(2 * np.pi / a)
        lp = bp**2 / (2 * a) + half + special.log_ndtr(bp / np.sqrt(a))  # w > 0 piece
        lm = bm**2 / (2 * a) + half + special.log_ndtr(-bm / np.sqrt(a))  # w < 0 piece
        logm = -n * log_s - yy / (2 * np.exp(2 * log_s)) + np.logaddexp(lp, lm).sum(1)
        logm += model.sigma_prior.logpdf(np.exp(log_s)) + log_s  # sigma prior, Jacobian of log sigma
        if with_normalizer:
            logm -= p * enet_log_normalizer(beta[:, 0], gamma[:, 0])
        prob = np.exp(logm - logm.max())
        cdf = np.cumsum(prob) / prob.sum()
        k = np.searchsorted(cdf, rng.random(draws))
        step = log_s[1] - log_s[0]
        ls = log_s[k] + step * (rng.random(draws) - 0.5)
        s = np.exp(ls)[:, None]
        beta, gamma = prior.rates(model.kappa(s, n), s)
        a = d / s**2 + gamma
        bp, bm = c / s**2 - beta, c / s**2 + beta
        lp = bp**2 / (2 * a) + special.log_ndtr(bp / np.sqrt(a))
        lm = bm**2 / (2 * a) + special.log_ndtr(-bm / np.sqrt(a))
        pos = rng.random((draws, p)) < special.expit(lp - lm)
        sd = 1 / np.sqrt(a)
        wp = stats.truncnorm.rvs(-bp / a / sd, np.inf, loc=bp / a, scale=sd, random_state=rng)
        wm = stats.truncnorm.rvs(-np.inf, -bm / a / sd, loc=bm / a, scale=sd, random_state=rng)
        return {"coef": np.where(pos, wp, wm)[None], "sigma": np.exp(ls)[None]}

    return sample


def test_sbc_flags_enet_sampler_without_sigma_normalizer_and_passes_the_right_one():
    model = Model(ElasticNetPrior(alpha=0.5, l1_ratio=0.5), sigma_prior=HalfCauchySigma(1.0), fit_intercept=False)
    X = _orthogonal_design(8, 3, 0)
    kw = dict(n_replications=200, n_ranks=99, random_state=11)
    right = sbc(model, X, _grid_sampler(model, 120), **kw)
    wrong = sbc(model, X, _grid_sampler(model, 120, with_normalizer=False), **kw)
    assert right.params == ["coef[0]", "coef[1]", "coef[2]", "sigma"]
    assert right.pvalue > 1e-3, right.to_frame()
    assert wrong.pvalue < 1e-6, wrong.to_frame()
    # The missing 1/Z(sigma)^p (Z grows with sigma) pushes sigma up: true values rank low.
    k = wrong.params.index("sigma")
    assert wrong.ranks[:, k].mean() / wrong.n_ranks < 0.4


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("seed", [0, 1])
def test_sbc_passes_the_exact_conjugate_ridge_sampler(fit_intercept, seed):
    from bayesreg.posterior import sample_exact

    model = Model(GaussianPrior(2.0), fit_intercept=fit_intercept)  # Jeffreys sigma: pseudo-data make it proper
    X = np.random.default_rng(seed).normal(size=(15, 3))
    res = sbc(model, X, lambda X, y, rng: sample_exact(model, X, y, draws=120, chains=1, rng=rng),
              n_replications=150, random_state=seed)
    assert res.params == ["coef[0]", "coef[1]", "coef[2]"] + (["intercept"] if fit_intercept else []) + ["sigma"]
    assert res.pvalue > 1e-3, res.to_frame()
    assert np.median(res.ess) > 0.6 * 120  # i.i.d. draws (min over parameters of noisy ESS estimates)


def test_sbc_flags_a_sampler_of_the_wrong_ridge_strength():
    from bayesreg.posterior import sample_exact

    model = Model(GaussianPrior(2.0), fit_intercept=False)
    wrong_model = Model(GaussianPrior(8.0), fit_intercept=False)
    X = np.random.default_rng(3).normal(size=(10, 3))
    res = sbc(model, X, lambda X, y, rng: sample_exact(wrong_model, X, y, draws=120, chains=1, rng=rng),
              n_replications=150, random_state=3)
    assert res.pvalue < 1e-6, res.to_frame()


def test_pseudo_data_prior_is_the_stated_inverse_gamma():
    model = Model(LaplacePrior(0.5), fit_intercept=True)
    sim = PriorSimulator(model, np.ones((5, 2)), pseudo_rows=6, pseudo_scale=2.0)
    rng = np.random.default_rng(0)
    sig = np.array([sim(rng)[0]["sigma"] for _ in range(3000)])
    # sigma^2 ~ InvGamma((m - 1) / 2, S0c / 2) with S0c = m s0^2 = 24.
    assert stats.kstest(sig**2, stats.invgamma(2.5, scale=12.0).cdf).pvalue > 1e-3


def test_rank_uniformity_and_plot():
    rng = np.random.default_rng(0)
    ranks = np.column_stack([rng.integers(0, 100, 400), np.minimum(rng.integers(0, 100, 400), 60)])
    p, bins = rank_uniformity(ranks, 99)
    assert bins == 50 and p[0] > 1e-3 and p[1] < 1e-10
    with pytest.raises(ValueError, match="must divide"):
        rank_uniformity(ranks, 99, n_bins=7)
    model = Model(GaussianPrior(2.0), fit_intercept=False)
    from bayesreg.posterior import sample_exact

    res = sbc(model, rng.normal(size=(10, 2)), lambda X, y, r: sample_exact(model, X, y, draws=110, chains=1, rng=r),
              n_replications=20, random_state=0)
    axes = plot_sbc_ranks(res)
    assert len(axes) == 3 and axes[0].get_title().startswith("coef[0]  p=")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_too_few_draws_warn_and_improper_priors_are_refused():
    from bayesreg.posterior import sample_exact

    model = Model(GaussianPrior(2.0), fit_intercept=False)
    X = np.random.default_rng(0).normal(size=(10, 2))

    def sticky(X, y, rng):  # 25 i.i.d. draws, each repeated 4 times: ESS about 25 of 100
        post = sample_exact(model, X, y, draws=25, chains=1, rng=rng).posterior
        return {k: np.repeat(post[k].values, 4, axis=1) for k in ("coef", "sigma")}

    with pytest.warns(SBCWarning, match=r"smallest ESS is .* < 0.8 n_ranks"):
        sbc(model, X, sticky, n_replications=5, random_state=0)
    with pytest.raises(ValueError, match="intercept's flat prior is improper"):
        PriorSimulator(Model(GaussianPrior(1.0), sigma_prior=HalfCauchySigma(1.0)), X)
    with pytest.raises(ValueError, match="proper prior on sigma"):
        PriorSimulator(Model(GaussianPrior(1.0), fit_intercept=False), X, pseudo_rows=0)


def test_sbc_runs_on_a_bayesreg_estimator():
    from bayesreg import BayesLasso

    model = Model(LaplacePrior(0.2))  # Jeffreys sigma, flat intercept: pseudo-data
    est = BayesLasso(alpha=0.2, sampler="gibbs", draws=400, tune=200, chains=2)  # passes its own diagnostics
    X = np.random.default_rng(4).normal(size=(12, 2))
    res = sbc(model, X, est, n_replications=25, random_state=4)
    assert res.params == ["coef[0]", "coef[1]", "intercept", "sigma"]
    assert res.pvalue > 1e-3, res.to_frame()
