"""Gibbs samplers against independent oracles: the exact ridge posterior, and
posterior moments from a dense grid over (weights, log sigma[, log hyperparameter])
of a log posterior written out here with scipy densities. Tolerance: the Monte Carlo
rule of tests/_helpers.py (z-scores from ArviZ's ESS, Bonferroni over each test's
comparisons); the grids' own error is far below that."""

import numpy as np
import pytest
from scipy import integrate, stats

from bayesreg import (
    ElasticNetPrior,
    GaussianPrior,
    LaplaceLikelihood,
    LaplacePrior,
    Model,
    ParkCasellaLaplacePrior,
)
from bayesreg.hyperpriors import GammaHyperprior
from bayesreg.noise import SigmaPrior
from bayesreg.posterior import exact_ridge_posterior, sample_gibbs

from ._helpers import MonteCarloChecks, seeded


def _data(seed, n, p):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + rng.normal(size=p)
    w = np.zeros(p)
    w[0] = 1.0
    y = 0.5 + X @ w + 0.8 * rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("weight_draw, shape", [("cholesky", (30, 3)), ("bhattacharya", (30, 3)), ("auto", (12, 20))])
def test_gibbs_ridge_matches_exact_posterior(weight_draw, shape, mc_seed):
    X, y = _data(0, *shape)
    model = Model(GaussianPrior(2.0))
    post = exact_ridge_posterior(model, X, y)
    idata = sample_gibbs(model, X, y, draws=3000, tune=200, chains=2, rng=seeded(1, mc_seed), weight_draw=weight_draw)
    assert idata.posterior.attrs["sampler"] == ("gibbs-bhattacharya" if weight_draw != "cholesky" else "gibbs-cholesky")
    t = post.coef_marginals()
    coef = idata.posterior["coef"].values
    checks = MonteCarloChecks()
    for j in range(min(shape[1], 4)):
        lo, hi = t.ppf(0.025)[j], t.ppf(0.975)[j]
        checks.draws_match(f"coef[{j}]", coef[..., j], post.coef_mean[j], t.std()[j], lo, hi)
    tb = post.intercept_marginal()
    checks.draws_match("intercept", idata.posterior["intercept"].values, tb.mean(), tb.std(), tb.ppf(0.025), tb.ppf(0.975))
    s2 = post.sigma2_marginal()
    m1 = integrate.quad(lambda v: np.sqrt(v) * s2.pdf(v), 0, np.inf)[0]
    sd = np.sqrt(s2.mean() - m1**2)
    checks.draws_match("sigma", idata.posterior["sigma"].values, m1, sd, np.sqrt(s2.ppf(0.025)), np.sqrt(s2.ppf(0.975)))
    checks.assert_ok()


# ---- grid oracle (fit_intercept=False, small p) --------------------------------------


def _enet_log_z_quad(beta, gamma):
    """log of int exp(-beta|w| - gamma w^2/2) dw by quadrature (independent of erfcx)."""
    f = lambda w: np.exp(-beta * w - 0.5 * gamma * w * w)
    return np.log(2 * integrate.quad(f, 0, np.inf, epsabs=0, epsrel=1e-12)[0])


def _log_prior(kind, W, S, H, n, par):
    """Log prior of the weights W (..., p) given sigma S and parameter H (broadcast), scipy densities."""
    if kind == "ridge":  # w ~ N(0, sigma^2 / alpha)
        return stats.norm.logpdf(W, scale=S[..., None] / np.sqrt(H[..., None])).sum(-1)
    if kind == "pc":  # w ~ Laplace(0, sigma / lam), H = lam^2
        return stats.laplace.logpdf(W, scale=S[..., None] / np.sqrt(H[..., None])).sum(-1)
    if kind == "alasso":  # w ~ Laplace(0, sigma^2 / (n alpha))
        return stats.laplace.logpdf(W, scale=S[..., None] ** 2 / (n * H[..., None])).sum(-1)
    if kind == "enet":  # exp(-(n/sigma^2)(alpha rho |w| + alpha (1-rho)/2 w^2)) / Z
        alpha, rho = par
        beta = n * alpha * rho / S**2
        gamma = n * alpha * (1 - rho) / S**2
        s_axis, inverse = np.unique(S, return_inverse=True)  # quad once per sigma grid value
        log_z = np.array([_enet_log_z_quad(n * alpha * rho / v**2, n * alpha * (1 - rho) / v**2) for v in s_axis])
        log_z = log_z[inverse].reshape(S.shape)
        return (-beta[..., None] * np.abs(W) - 0.5 * gamma[..., None] * W**2).sum(-1) - W.shape[-1] * log_z
    raise AssertionError(kind)


def _grid_moments(kind, X, y, half_widths, center, hyper=None, fixed=None, par=None, n_grid=(121, 61, 121)):
    """Marginal moments/quantiles of each weight and sigma (and the hyperparameter) on a grid."""
    n, p = X.shape
    XtX, Xty, yty = X.T @ X, X.T @ y, y @ y
    axes = [np.linspace(c - h, c + h, n_grid[0]) for c, h in zip(center[:p], half_widths[:p])]
    log_s = np.linspace(np.log(center[p]) - half_widths[p], np.log(center[p]) + half_widths[p], n_grid[1])
    axes.append(log_s)
    if hyper is not None:
        axes.append(np.linspace(np.log(center[p + 1]) - half_widths[p + 1], np.log(center[p + 1]) + half_widths[p + 1], n_grid[2]))
    mesh = np.meshgrid(*axes, indexing="ij")
    W = np.stack(mesh[:p], -1)
    S = np.exp(mesh[p])
    H = np.exp(mesh[p + 1]) if hyper is not None else np.full(S.shape, fixed)
    rss = yty - 2 * W @ Xty + np.einsum("...i,ij,...j->...", W, XtX, W)
    logp = -n * np.log(S) - rss / (2 * S**2) + _log_prior(kind, W, S, H, n, par)
    # Jeffreys p(sigma) ∝ 1/sigma times d sigma = sigma d(log sigma): no term on a log-sigma grid
    if hyper is not None:  # density of log H: Gamma(H) * H
        logp += stats.gamma.logpdf(H, hyper.shape, scale=1 / hyper.rate) + np.log(H)
    prob = np.exp(logp - logp.max())
    prob /= prob.sum()
    values = [W[..., j] for j in range(p)] + [S] + ([np.sqrt(H) if kind == "pc" else H] if hyper is not None else [])
    out = []
    for k, v in enumerate(values):
        axis_others = tuple(i for i in range(prob.ndim) if i != k)
        marg = prob.sum(axis=axis_others)
        vals = np.moveaxis(v, k, 0).reshape(v.shape[k], -1)[:, 0]
        mean = float((marg * vals).sum())
        sd = float(np.sqrt((marg * (vals - mean) ** 2).sum()))
        # edge mass must be negligible for a valid oracle
        assert marg[0] < 1e-6 and marg[-1] < 1e-6, f"grid too narrow along axis {k}"
        cdf = np.cumsum(marg) - 0.5 * marg
        out.append((mean, sd, np.interp(0.025, cdf, vals), np.interp(0.975, cdf, vals)))
    return out


CASES = [
    ("pc", Model(ParkCasellaLaplacePrior(2.0), fit_intercept=False), None, 4.0, None, "park-casella"),
    ("alasso", Model(LaplacePrior(0.05), fit_intercept=False), None, 0.05, None, "alpha"),
    ("enet", Model(ElasticNetPrior(0.05, 0.5), fit_intercept=False), None, 0.05, (0.05, 0.5), "alpha"),
    ("pc", Model(ParkCasellaLaplacePrior(1.0, GammaHyperprior(1.0, 1.78)), fit_intercept=False), "h", None, None, "park-casella"),
    ("alasso", Model(LaplacePrior(0.05, GammaHyperprior(2.0, 20.0)), fit_intercept=False), "h", None, None, "alpha"),
    ("ridge", Model(GaussianPrior(1.0, GammaHyperprior(2.0, 1.0)), fit_intercept=False), "h", None, None, "none"),
]


@pytest.mark.parametrize("kind, model, hyper, fixed, par, form", CASES, ids=[f"{c[0]}-{c[2] or 'fixed'}" for c in CASES])
def test_gibbs_matches_grid_posterior(kind, model, hyper, fixed, par, form, mc_seed):
    p = 2 if hyper is None else 1
    X, y = _data(3, 15, p)
    y = y - 0.5
    idata = sample_gibbs(model, X, y, draws=4000, tune=300, chains=2, rng=seeded(5, mc_seed))
    post = idata.posterior
    assert post.attrs["laplace_form"] == form
    hp = model.prior.hyperprior
    # grid centred on the draws, +-7 sd wide (edge mass is asserted negligible)
    draws = [post["coef"].values[..., j] for j in range(p)] + [post["sigma"].values]
    name = None
    if hp is not None:
        name = "lam" if kind == "pc" else "alpha"
        draws.append(post[name].values)
    center = [np.median(d) for d in draws]
    half = [7 * d.std() for d in draws[:p]]
    half += [7 * np.log(draws[p]).std()]
    if hp is not None:
        hd = draws[p + 1] ** 2 if kind == "pc" else draws[p + 1]
        center[p + 1] = np.median(hd)
        half.append(9 * np.log(hd).std())
    ref = _grid_moments(kind, X, y, half, center, hyper=hp, fixed=fixed, par=par)
    labels = [f"coef[{j}]" for j in range(p)] + ["sigma"] + ([name] if hp is not None else [])
    checks = MonteCarloChecks()
    for d, r, label in zip(draws, ref, labels):
        checks.draws_match(label, d, *r)
    checks.assert_ok()
    if kind == "enet":
        assert float(idata.sample_stats["sigma_accept"].mean()) > 0.5


def test_bhattacharya_matches_cholesky_when_p_exceeds_n(mc_seed):
    X, y = _data(4, 15, 25)
    model = Model(LaplacePrior(0.05))
    a = sample_gibbs(model, X, y, draws=2000, tune=300, chains=2, rng=seeded(1, mc_seed), weight_draw="bhattacharya")
    b = sample_gibbs(model, X, y, draws=2000, tune=300, chains=2, rng=seeded(2, mc_seed), weight_draw="cholesky")
    checks = MonteCarloChecks()
    for var in ("coef", "sigma", "intercept"):
        xa, xb = a.posterior[var].values, b.posterior[var].values
        xa = xa.reshape(2, 2000, -1)
        xb = xb.reshape(2, 2000, -1)
        for j in range(min(xa.shape[-1], 5)):
            checks.draws_agree(f"{var}[{j}]", xa[..., j], xb[..., j], keys=("mean", "sd"))
    checks.assert_ok()


def test_frequency_weights_equal_replicated_rows():
    X, y = _data(5, 20, 3)
    sw = np.arange(20) % 3 + 1.0
    model = Model(LaplacePrior(0.05))
    a = sample_gibbs(model, X, y, sw, draws=200, tune=50, rng=3)
    b = sample_gibbs(model, np.repeat(X, sw.astype(int), 0), np.repeat(y, sw.astype(int)), draws=200, tune=50, rng=3)
    np.testing.assert_allclose(a.posterior["coef"].values, b.posterior["coef"].values, rtol=1e-6, atol=1e-8)


def test_layout_reproducibility_and_global_state():
    X, y = _data(0, 30, 3)
    model = Model(ParkCasellaLaplacePrior(1.0, GammaHyperprior(1.0, 1.78)))
    state = np.random.get_state()[1].copy()
    a = sample_gibbs(model, X, y, draws=100, tune=10, chains=3, rng=11, feature_names=["a", "b", "c"], thin=2)
    b = sample_gibbs(model, X, y, draws=100, tune=10, chains=3, rng=np.random.default_rng(11), feature_names=["a", "b", "c"], thin=2)
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    for v in ("coef", "intercept", "sigma", "lam"):
        np.testing.assert_array_equal(a.posterior[v].values, b.posterior[v].values)
    assert a.posterior["coef"].dims == ("chain", "draw", "feature")
    assert a.posterior["coef"].shape == (3, 100, 3)
    assert list(a.posterior["feature"].values) == ["a", "b", "c"]
    attrs = a.posterior.attrs
    assert attrs["sampler"] == "gibbs-cholesky" and attrs["laplace_form"] == "park-casella" and "bayesreg_version" in attrs
    assert not np.array_equal(a.posterior["coef"].values[0], a.posterior["coef"].values[1])


class _OtherSigma(SigmaPrior):
    def logpdf(self, sigma, xp=None):
        return 0.0 * sigma


@pytest.mark.parametrize(
    "model, match",
    [
        (Model(GaussianPrior(1.0), likelihood=LaplaceLikelihood()), "proportional to sigma"),
        (Model(ElasticNetPrior(1.0), likelihood=LaplaceLikelihood()), "proportional to sigma"),
        (Model(LaplacePrior(1.0, GammaHyperprior(1, 1)), likelihood=LaplaceLikelihood()), "proportional to sigma"),
        (Model(GaussianPrior(1.0), sigma_prior=_OtherSigma()), "JeffreysSigma or HalfCauchySigma"),
        (Model(LaplacePrior(0.0)), "alpha > 0"),
        (Model(GaussianPrior(0.0)), "alpha > 0"),
    ],
)
def test_refuses_models_without_closed_form_conditionals(model, match):
    X, y = _data(0, 10, 2)
    with pytest.raises(ValueError, match=match):
        sample_gibbs(model, X, y, draws=10)


def test_refuses_bad_arguments():
    X, y = _data(0, 10, 2)
    with pytest.raises(TypeError, match="Model"):
        sample_gibbs("not a model", X, y)
    with pytest.raises(ValueError, match="weight_draw"):
        sample_gibbs(Model(GaussianPrior(1.0, GammaHyperprior(1, 1))), X, y, weight_draw="qr")
    with pytest.raises(ValueError, match="thin"):
        sample_gibbs(Model(GaussianPrior(1.0, GammaHyperprior(1, 1))), X, y, thin=0)
    with pytest.raises(ValueError, match="NaN|infinity|finite"):
        sample_gibbs(Model(LaplacePrior(1.0)), np.where(X > 1, np.nan, X), y)
