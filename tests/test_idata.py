"""ArviZ-complete InferenceData (issue 12) from one builder for every sampler (issue 11, step 4).

Oracles: scipy densities for the pointwise log-likelihood (1e-10); the closed-form Student-t
predictive of conjugate ridge for brute-force leave-one-out; the same model sampled by
different samplers for the layout.
"""

import arviz as az
import numpy as np
import pytest
from scipy import stats

from bayesreg import (
    BayesElasticNet,
    BayesHorseshoe,
    BayesLasso,
    BayesRidge,
    GaussianLikelihood,
    GaussianPrior,
    HalfCauchySigma,
    HorseshoePrior,
    LaplaceLikelihood,
    LaplacePrior,
    Model,
    ParkCasellaLaplacePrior,
    StudentTLikelihood,
)
from bayesreg.hyperpriors import GammaHyperprior
from bayesreg.posterior import (
    add_pointwise_groups,
    exact_ridge_posterior,
    sample_exact,
    sample_gibbs,
    sample_nuts,
    sample_prior_predictive,
)
from bayesreg.posterior._idata import COMMON_ATTRS, DETAIL_ATTRS, POINTWISE_BUDGET

from .conftest import make_regression_data

pytestmark = pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning")
#: ArviZ's verdict on a tiny test posterior, not an error of the layout under test.
PARETO = "ignore:Estimated shape parameter of Pareto:UserWarning"
WAIC = "ignore:For one or more samples the posterior variance:UserWarning"
#: ArviZ 0.23's plots call a matplotlib API deprecated in matplotlib 3.11.
MPL = "ignore::matplotlib.MatplotlibDeprecationWarning"
#: ArviZ-generated attributes (time stamps, versions, PyMC's own), not the model's.
ARVIZ_ATTRS = {"created_at", "arviz_version", "inference_library", "inference_library_version",
               "sampling_time", "tuning_steps", "modeling_interface", "modeling_interface_version"}

N, P = 40, 3
FAST = dict(draws=300, tune=200, chains=2, random_state=1)


@pytest.fixture(scope="module")
def data():
    X, y = make_regression_data(N, P, seed=3)
    w = np.random.default_rng(0).integers(1, 4, size=N).astype(float)
    return X, y, w


def _layout(idata) -> dict:
    """Groups -> {var: dims}, coords and model attrs: what must not depend on the sampler."""
    out = {}
    for group in idata.groups():
        ds = idata[group]
        out[group] = {name: ds[name].dims for name in ds.data_vars}
    coords = {k: list(idata.posterior[k].to_numpy()) for k in ("feature",)}
    coords["obs"] = list(idata.observed_data["obs"].to_numpy())
    attrs = {k: v for k, v in idata.posterior.attrs.items() if k not in ARVIZ_ATTRS | set(DETAIL_ATTRS)}
    return {"vars": {g: v for g, v in out.items() if g != "sample_stats"}, "coords": coords, "attrs": attrs}


def _assert_same_layout(a, b):
    la, lb = _layout(a), _layout(b)
    assert la["vars"] == lb["vars"]
    assert la["coords"] == lb["coords"]
    assert set(la["attrs"]) == set(lb["attrs"]) >= set(COMMON_ATTRS)
    for key in set(la["attrs"]) - {"sampler", "sampler_requested"}:
        assert la["attrs"][key] == lb["attrs"][key], key


# ---------------------------------------------------------------- groups and dims, every estimator

ESTIMATORS = [
    ("ridge-exact", lambda: BayesRidge(alpha=1.0, sampler="exact", **FAST)),
    ("ridge-gibbs", lambda: BayesRidge(alpha=1.0, sampler="gibbs", **FAST)),
    ("ridge-hyper-gibbs", lambda: BayesRidge(alpha=GammaHyperprior(1.0, 1.0), **FAST)),
    ("lasso-gibbs", lambda: BayesLasso(alpha=0.05, **FAST)),
    ("lasso-pc-gibbs", lambda: BayesLasso(laplace_form="park_casella", alpha=GammaHyperprior(1.0, 1.78), **FAST)),
    ("enet-gibbs", lambda: BayesElasticNet(alpha=0.05, **FAST)),
    ("horseshoe-gibbs", lambda: BayesHorseshoe(**FAST)),
]


def _check_groups(idata, n=N, p=P):
    chains, draws = idata.posterior.sizes["chain"], idata.posterior.sizes["draw"]
    assert idata.posterior["coef"].dims == ("chain", "draw", "feature")
    assert idata.log_likelihood["y"].dims == ("chain", "draw", "obs")
    assert idata.log_likelihood["y"].shape == (chains, draws, n)
    assert idata.posterior_predictive["y"].dims == ("chain", "draw", "obs")
    assert idata.observed_data["y"].dims == ("obs",) and idata.observed_data["y"].shape == (n,)
    assert idata.constant_data["X"].dims == ("obs", "feature") and idata.constant_data["X"].shape == (n, p)
    assert idata.constant_data["sample_weight"].dims == ("obs",)
    assert np.all(np.isfinite(idata.log_likelihood["y"].to_numpy()))
    assert np.all(np.isfinite(idata.posterior_predictive["y"].to_numpy()))


@pytest.mark.filterwarnings(PARETO)
@pytest.mark.filterwarnings(WAIC)
@pytest.mark.filterwarnings(MPL)
@pytest.mark.parametrize("name, make", ESTIMATORS, ids=[e[0] for e in ESTIMATORS])
def test_estimators_give_arviz_complete_idata(data, name, make):
    import matplotlib.pyplot as plt

    X, y, _ = data
    est = make().fit(X, y)
    idata = est.idata_
    _check_groups(idata)
    assert set(COMMON_ATTRS) <= set(idata.posterior.attrs)
    for group in ("log_likelihood", "posterior_predictive", "observed_data", "constant_data"):
        assert idata[group].attrs["model"] == repr(est.model_)
    loo, waic = az.loo(idata), az.waic(idata)
    assert np.isfinite(loo.elpd_loo) and np.isfinite(waic.elpd_waic)
    az.plot_ppc(idata, num_pp_samples=20)
    plt.close("all")


@pytest.mark.slow
@pytest.mark.filterwarnings(PARETO)
@pytest.mark.parametrize("make", [
    lambda: BayesRidge(alpha=1.0, sampler="nuts"),
    lambda: BayesLasso(alpha=0.05, sampler="nuts"),
    lambda: BayesElasticNet(alpha=0.05, sampler="nuts"),
], ids=["ridge", "lasso", "enet"])
def test_nuts_estimators_give_arviz_complete_idata(data, make):
    X, y, _ = data
    est = make().set_params(draws=150, tune=150, cores=1, random_state=0).fit(X, y)
    _check_groups(est.idata_)
    assert np.isfinite(az.loo(est.idata_).elpd_loo)


# ---------------------------------------------------------------- the pointwise log-likelihood

def _scipy_loglik(likelihood, y, mu, sigma, w):
    if isinstance(likelihood, StudentTLikelihood):
        dens = stats.t.logpdf(y, df=likelihood.nu, loc=mu, scale=sigma)
    elif isinstance(likelihood, LaplaceLikelihood):
        dens = stats.laplace.logpdf(y, loc=mu, scale=sigma)
    else:
        dens = stats.norm.logpdf(y, loc=mu, scale=sigma)
    return float(np.sum(w * dens))


LIKELIHOOD_CASES = [
    ("gaussian-exact", Model(GaussianPrior(1.0)), "exact"),
    ("gaussian-gibbs", Model(LaplacePrior(0.05)), "gibbs"),
    ("student-gibbs", Model(ParkCasellaLaplacePrior(1.0), likelihood=StudentTLikelihood(4.0)), "gibbs"),
    ("laplace-gibbs", Model(LaplacePrior(0.05), likelihood=LaplaceLikelihood()), "gibbs"),
    ("student-horseshoe", Model(HorseshoePrior(1.0), likelihood=StudentTLikelihood(3.0)), "gibbs"),
]


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weights"])
@pytest.mark.parametrize("name, model, sampler", LIKELIHOOD_CASES, ids=[c[0] for c in LIKELIHOOD_CASES])
def test_log_likelihood_sums_to_the_scipy_log_likelihood(data, name, model, sampler, weighted):
    X, y, w = data
    sw = w if weighted else None
    run = sample_exact if sampler == "exact" else sample_gibbs
    kwargs = {} if sampler == "exact" else {"tune": 100}
    idata = run(model, X, y, sw, draws=50, chains=2, rng=2, **kwargs)
    total = idata.log_likelihood["y"].sum("obs")
    post = idata.posterior
    for c, d in [(0, 0), (1, 17), (0, 49)]:
        mu = X @ post["coef"].to_numpy()[c, d] + float(post["intercept"][c, d])
        expected = _scipy_loglik(model.likelihood, y, mu, float(post["sigma"][c, d]), np.ones(N) if sw is None else sw)
        assert float(total[c, d]) == pytest.approx(expected, rel=1e-10, abs=1e-10)
    assert idata.posterior.attrs["likelihood"] == repr(model.likelihood)


@pytest.mark.slow
def test_nuts_student_t_log_likelihood_is_the_scipy_one(data):
    X, y, w = data
    model = Model(LaplacePrior(0.05), likelihood=StudentTLikelihood(4.0))
    idata = sample_nuts(model, X, y, w, draws=60, tune=100, chains=1, cores=1, rng=np.random.default_rng(0))
    post = idata.posterior
    for d in (0, 59):
        mu = X @ post["coef"].to_numpy()[0, d] + float(post["intercept"][0, d])
        expected = _scipy_loglik(model.likelihood, y, mu, float(post["sigma"][0, d]), w)
        assert float(idata.log_likelihood["y"].sum("obs")[0, d]) == pytest.approx(expected, rel=1e-10)


def test_integer_weights_equal_replicated_rows_in_the_log_likelihood(data):
    """Frequency weights: the weighted row's entry is the sum of its replicates' entries."""
    X, y, w = data
    model = Model(GaussianPrior(1.0))
    post = sample_exact(model, X, y, w, draws=20, chains=1, rng=0).posterior
    arrays = {k: post[k].to_numpy() for k in ("coef", "intercept", "sigma")}
    idata_w = add_pointwise_groups(az.from_dict(posterior=arrays, dims={"coef": ["feature"]}), model, X, y, w)
    reps = np.repeat(np.arange(N), w.astype(int))
    idata_r = add_pointwise_groups(az.from_dict(posterior=arrays, dims={"coef": ["feature"]}), model, X[reps], y[reps])
    ll_w = idata_w.log_likelihood["y"].to_numpy()
    ll_r = idata_r.log_likelihood["y"].to_numpy()
    np.testing.assert_allclose(ll_w, np.stack([ll_r[..., reps == i].sum(-1) for i in range(N)], axis=-1), rtol=1e-12)


def test_add_pointwise_groups_reproduces_the_builder(data):
    X, y, _ = data
    model = Model(LaplacePrior(0.05))
    full = sample_gibbs(model, X, y, draws=40, tune=50, chains=2, rng=4)
    bare = sample_gibbs(model, X, y, draws=40, tune=50, chains=2, rng=4, pointwise=False)
    assert "log_likelihood" not in bare and "posterior_predictive" not in bare
    assert bare.posterior.attrs["pointwise_groups"].startswith("none")
    add_pointwise_groups(bare, model, X, y, rng=0)
    np.testing.assert_array_equal(bare.log_likelihood["y"].to_numpy(), full.log_likelihood["y"].to_numpy())
    assert bare.posterior.attrs["pointwise_groups"] == "log_likelihood,posterior_predictive"


def test_auto_leaves_the_pointwise_groups_out_above_the_budget(data, monkeypatch):
    import bayesreg.posterior._idata as idata_mod

    X, y, _ = data
    monkeypatch.setattr(idata_mod, "POINTWISE_BUDGET", 2 * 10 * N - 1)
    small = sample_exact(Model(GaussianPrior(1.0)), X, y, draws=10, chains=2, rng=0)
    assert "log_likelihood" not in small and "observed_data" in small
    forced = sample_exact(Model(GaussianPrior(1.0)), X, y, draws=10, chains=2, rng=0, pointwise=True)
    assert "log_likelihood" in forced
    assert POINTWISE_BUDGET == 10_000_000
    with pytest.raises(ValueError, match="'pointwise' parameter of sample_exact must be 'auto', 'log_likelihood', True"):
        sample_exact(Model(GaussianPrior(1.0)), X, y, pointwise="yes")
    only = sample_exact(Model(GaussianPrior(1.0)), X, y, draws=10, chains=2, rng=0, pointwise="log_likelihood")
    assert "log_likelihood" in only and "posterior_predictive" not in only
    assert only.posterior.attrs["pointwise_groups"] == "log_likelihood"
    np.testing.assert_array_equal(only.log_likelihood["y"], forced.log_likelihood["y"])


@pytest.mark.parametrize("likelihood", [GaussianLikelihood(), StudentTLikelihood(3.5), LaplaceLikelihood(), StudentTLikelihood(50.0)],
                         ids=repr)
def test_compiled_kernel_equals_the_numpy_reference(data, likelihood):
    """The compiled path (built-in likelihoods) and the vectorized numpy path (any likelihood)
    give the same log-likelihood (1e-12) and, from the same stream, the same replicates."""
    from bayesreg.posterior._idata import Replicates, _log_likelihood

    X, y, w = data
    rng = np.random.default_rng(9)
    post = {"coef": rng.normal(size=(2, 30, P)), "intercept": rng.normal(size=(2, 30)),
            "sigma": rng.uniform(0.5, 2.0, size=(2, 30))}

    class NoKernel(type(likelihood)):
        _kernel_kind = None

    plain = NoKernel.__new__(NoKernel)
    plain.__dict__.update(vars(likelihood))
    model, model_np = Model(GaussianPrior(1.0), likelihood=likelihood), Model(GaussianPrior(1.0), likelihood=plain)
    np.testing.assert_allclose(_log_likelihood(model, X, y, w, post), _log_likelihood(model_np, X, y, w, post),
                               rtol=1e-12, atol=1e-12)
    streams = np.random.default_rng(1).spawn(2)
    fast, ref = Replicates(likelihood, X, post, streams)(), Replicates(plain, X, post, streams)()
    np.testing.assert_allclose(fast, ref, rtol=1e-12, atol=1e-12)


def test_posterior_predictive_moments_match_the_likelihood(data):
    """y_rep - mu has the likelihood's variance at each draw (Laplace: 2 sigma^2)."""
    X, y, _ = data
    model = Model(LaplacePrior(0.05), likelihood=LaplaceLikelihood())
    idata = sample_gibbs(model, X, y, draws=500, tune=100, chains=2, rng=1)
    post = idata.posterior
    mu = post["coef"].to_numpy() @ X.T + post["intercept"].to_numpy()[..., None]
    z = (idata.posterior_predictive["y"].to_numpy() - mu) / post["sigma"].to_numpy()[..., None]
    # 40 000 standardized Laplace draws: variance 2 with sd sqrt((mu4 - 4) / S) = sqrt(20 / 40000)
    assert np.var(z) == pytest.approx(2.0, abs=4 * np.sqrt(20 / z.size))


# ---------------------------------------------------------------- PSIS-LOO vs brute-force LOO

def _exact_log_predictive(model, X, y, x_new, y_new):
    """log p(y_new | y) under conjugate ridge: Student-t with 2a df, location intercept + x mu and
    squared scale (b / a) (1 + 1/n + (x - xbar)' A^-1 (x - xbar)) (BDA3 section 14.2)."""
    post = exact_ridge_posterior(model, X, y)
    xc = x_new - post.X_offset
    loc = post.intercept_mean + x_new @ post.coef_mean
    scale2 = post.rate / post.shape * (1.0 + 1.0 / post.n + xc @ post.unit_cov @ xc)
    return float(stats.t.logpdf(y_new, df=post.df, loc=loc, scale=np.sqrt(scale2)))


@pytest.mark.filterwarnings(PARETO)  # n = 30 has influential rows; the comparison below covers them too
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_psis_loo_matches_brute_force_leave_one_out(seed):
    X, y = make_regression_data(30, 3, seed=seed, noise=1.5)
    model = Model(GaussianPrior(2.0))
    idata = sample_exact(model, X, y, draws=4000, chains=2, rng=seed)
    loo = az.loo(idata, pointwise=True)
    keep = np.ones(30, dtype=bool)
    brute = []
    for i in range(30):
        keep[:] = True
        keep[i] = False
        brute.append(_exact_log_predictive(model, X[keep], y[keep], X[i], y[i]))
    brute = np.array(brute)
    assert abs(loo.elpd_loo - brute.sum()) < loo.se  # the criterion
    # and much tighter (measured: at most 0.08 nats on these seeds): where Pareto k is good, PSIS
    # error plus the Monte Carlo error of 8000 i.i.d. draws stay under 0.05 nats per row.
    good = loo.pareto_k.to_numpy() <= loo.good_k
    np.testing.assert_allclose(loo.loo_i.to_numpy()[good], brute[good], atol=0.05)
    np.testing.assert_allclose(loo.loo_i.to_numpy(), brute, atol=0.25)


# ---------------------------------------------------------------- Gibbs vs NUTS elpd

def _elpd_mc_sd(idata):
    """Conservative Monte Carlo sd of the lppd: sum over rows of the delta-method sd of
    log mean_s exp(ll_is) (rows fully correlated is the worst case), with ArviZ's bulk ESS."""
    ll = idata.log_likelihood["y"].to_numpy()
    flat = ll.reshape(-1, ll.shape[-1])
    lik = np.exp(flat - flat.max(axis=0))
    ess = az.ess(az.convert_to_dataset(ll[..., :5]))["x"].to_numpy().min()  # a few rows: ESS of the likelihood
    return float(np.sum(lik.std(axis=0) / lik.mean(axis=0)) / np.sqrt(ess))


@pytest.mark.slow
def test_gibbs_and_nuts_elpd_loo_agree(diabetes):
    X, y = diabetes
    model = Model(LaplacePrior(0.1))
    gibbs = sample_gibbs(model, X, y, draws=1000, tune=500, chains=2, rng=0)
    nuts = sample_nuts(model, X, y, draws=500, tune=500, chains=2, cores=1, rng=np.random.default_rng(0))
    lg, ln = az.loo(gibbs), az.loo(nuts)
    mc = np.hypot(_elpd_mc_sd(gibbs), _elpd_mc_sd(nuts))
    assert abs(lg.elpd_loo - ln.elpd_loo) < 4 * mc
    assert abs(lg.elpd_loo - ln.elpd_loo) < min(lg.se, ln.se)
    assert abs(lg.p_loo - ln.p_loo) < 4 * mc + 0.5


# ---------------------------------------------------------------- one layout whatever the sampler

def _pair(est_factory, samplers, X, y, **fit):
    return [est_factory().set_params(sampler=s, **fit).fit(X, y).idata_ for s in samplers]


@pytest.mark.filterwarnings(PARETO)
def test_ridge_exact_and_gibbs_share_one_layout(data):
    X, y, _ = data
    a, b = _pair(lambda: BayesRidge(alpha=1.0, **FAST), ["exact", "gibbs"], X, y)
    _assert_same_layout(a, b)
    assert a.posterior.attrs["sampler"] == "exact" and b.posterior.attrs["sampler"] == "gibbs-cholesky"


def test_horseshoe_estimator_and_sampler_share_one_layout(data):
    X, y, _ = data
    est = BayesHorseshoe(**FAST).fit(X, y)
    direct = sample_gibbs(est.model_, X, y, draws=50, tune=50, chains=2, rng=0, feature_names=["x0", "x1", "x2"])
    la, lb = _layout(est.idata_), _layout(direct)
    assert la["vars"] == lb["vars"] and la["coords"] == lb["coords"]
    assert set(la["attrs"]) - {"sampler_requested"} == set(lb["attrs"])


SAME_MODEL = [
    ("ridge", lambda: BayesRidge(alpha=1.0), ["exact", "gibbs", "nuts"]),
    ("ridge-hyper", lambda: BayesRidge(alpha=GammaHyperprior(1.0, 1.0)), ["gibbs", "nuts"]),
    ("lasso", lambda: BayesLasso(alpha=0.05), ["gibbs", "nuts"]),
    ("lasso-pc-hyper", lambda: BayesLasso(laplace_form="park_casella", alpha=GammaHyperprior(1.0, 1.78)),
     ["gibbs", "nuts"]),
    ("enet", lambda: BayesElasticNet(alpha=0.05), ["gibbs", "nuts"]),
]


@pytest.mark.slow
@pytest.mark.filterwarnings(PARETO)
@pytest.mark.parametrize("name, make, samplers", SAME_MODEL, ids=[c[0] for c in SAME_MODEL])
def test_same_model_same_layout_whatever_the_sampler(data, name, make, samplers):
    X, y, _ = data
    idatas = _pair(make, samplers, X, y, draws=100, tune=100, cores=1, random_state=0)
    for other in idatas[1:]:
        _assert_same_layout(idatas[0], other)
    if name == "lasso-pc-hyper":
        assert idatas[0].posterior.attrs["hyperparameters"] == "lam" and "lam2" not in idatas[1].posterior


# ---------------------------------------------------------------- prior predictive

def test_prior_predictive_needs_a_proper_sigma_prior(data):
    X, y, _ = data
    with pytest.raises(ValueError, match="improper.*HalfCauchySigma"):
        BayesLasso(alpha=0.05).sample_prior_predictive(X, y)
    with pytest.raises(ValueError, match="call fit first"):
        BayesLasso(alpha="empirical_bayes", sigma_prior=HalfCauchySigma(1.0)).sample_prior_predictive(X, y)


@pytest.mark.parametrize("alpha", [0.5, 4.0])
def test_ridge_prior_draws_have_the_prior_scale(data, alpha):
    """w_j | sigma ~ N(0, sigma^2 / alpha) (sum convention): w / sigma has variance 1 / alpha."""
    X, y, _ = data
    idata = BayesRidge(alpha=alpha, sigma_prior=HalfCauchySigma(2.0)).sample_prior_predictive(
        X, y, draws=4000, random_state=0)
    z = (idata.prior["coef"] / idata.prior["sigma"]).to_numpy().ravel()
    assert np.var(z) == pytest.approx(1 / alpha, rel=4 * np.sqrt(2 / z.size))
    # half-Cauchy(2): median 2; the sample median's sd is about pi * 2 / (2 sqrt(S))
    assert np.median(idata.prior["sigma"]) == pytest.approx(2.0, abs=4 * np.pi / np.sqrt(4000))
    assert idata.prior_predictive["y"].dims == ("chain", "draw", "obs")
    assert idata.observed_data["y"].shape == (N,)


@pytest.mark.filterwarnings(MPL)
def test_fitted_prior_predictive_extends_idata_and_plots(data):
    import matplotlib.pyplot as plt

    X, y, _ = data
    est = BayesLasso(alpha=GammaHyperprior(2.0, 20.0), sigma_prior=HalfCauchySigma(3.0), **FAST).fit(X, y)
    prior = est.sample_prior_predictive(X, y, draws=200)
    assert {"prior", "prior_predictive", "posterior", "log_likelihood"} <= set(est.idata_.groups())
    assert set(prior.prior.data_vars) == {"coef", "sigma", "alpha"}
    az.plot_ppc(est.idata_, group="prior", num_pp_samples=20)
    plt.close("all")
    pc = sample_prior_predictive(Model(ParkCasellaLaplacePrior(1.0, GammaHyperprior(1.0, 1.78)),
                                       sigma_prior=HalfCauchySigma(1.0)), X, draws=50, rng=0)
    assert "lam2" in pc.prior and "observed_data" not in pc


def test_compiled_replicates_come_from_one_spawned_stream_per_chain(monkeypatch):
    """numba runs numpy's Generator in place: chain c's replicates are the first normals of
    ``rng.spawn(chains)[c]``, whatever the number of threads; a second build spawns new streams
    (no repeated numbers); computing the lazy group twice gives the same values."""
    from bayesreg.posterior import _pointwise_kernels
    from bayesreg.posterior._idata import Replicates

    post = {"coef": np.zeros((2, 4, 1)), "intercept": np.zeros((2, 4)), "sigma": np.ones((2, 4))}

    def replicates(rng):
        return Replicates(GaussianLikelihood(), np.ones((3, 1)), post, rng.spawn(2))

    rng = np.random.default_rng(0)
    first, second = replicates(rng), replicates(rng)
    ref = np.random.default_rng(0)
    for expected in (first(), second()):
        streams = ref.spawn(2)
        for c in range(2):
            np.testing.assert_array_equal(expected[c].ravel(), streams[c].standard_normal(12))
    assert not np.isin(first(), second()).any()
    np.testing.assert_array_equal(first(), first())
    monkeypatch.setattr(_pointwise_kernels.os, "cpu_count", lambda: 1)  # one thread
    np.testing.assert_array_equal(replicates(np.random.default_rng(0))(), first())


# ---------------------------------------------------------------- the lazy posterior predictive group

@pytest.fixture()
def count_replicates(monkeypatch):
    """Counts the computations of the replicates (Replicates.__call__)."""
    from bayesreg.posterior import _idata

    calls = []
    original = _idata.Replicates.__call__

    def counted(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(_idata.Replicates, "__call__", counted)
    return calls


@pytest.mark.parametrize("sampler", ["gibbs", "exact"])
def test_replicates_are_computed_once_at_first_access(data, count_replicates, sampler):
    """The group has its shape, dims and nbytes from the fit; the replicates are drawn at the
    first read only, and the same values come back on every later read."""
    X, y, _ = data
    model = Model(GaussianPrior(1.0))
    run = sample_gibbs if sampler == "gibbs" else sample_exact
    idata = run(model, X, y, draws=50, chains=2, rng=0)
    pp = idata.posterior_predictive["y"]
    assert pp.dims == ("chain", "draw", "obs") and pp.shape == (2, 50, N) and pp.nbytes == 8 * 2 * 50 * N
    assert count_replicates == []
    first = pp.to_numpy().copy()
    np.testing.assert_array_equal(idata.posterior_predictive["y"].to_numpy(), first)
    assert float(idata.posterior_predictive["y"].mean()) == pytest.approx(first.mean(), rel=1e-14)
    assert len(count_replicates) == 1
    again = run(model, X, y, draws=50, chains=2, rng=0)  # same seed: same replicates
    np.testing.assert_array_equal(again.posterior_predictive["y"].to_numpy(), first)


def test_lazy_group_pickles_copies_and_round_trips_netcdf(data, tmp_path):
    """A pickled or copied InferenceData, before or after the first read, gives the original's
    replicates; to_netcdf writes them (computing them) and from_netcdf reads them back."""
    import copy
    import pickle

    X, y, _ = data
    idata = sample_gibbs(Model(GaussianPrior(1.0)), X, y, draws=40, chains=2, rng=5)
    before = pickle.loads(pickle.dumps(idata))
    deep = copy.deepcopy(idata)
    values = idata.posterior_predictive["y"].to_numpy()
    after = pickle.loads(pickle.dumps(idata))
    for other in (before, deep, after):
        np.testing.assert_array_equal(other.posterior_predictive["y"].to_numpy(), values)
    idata.to_netcdf(tmp_path / "fit.nc")
    np.testing.assert_array_equal(az.from_netcdf(tmp_path / "fit.nc").posterior_predictive["y"].to_numpy(), values)
    loaded = deep.posterior_predictive.load()
    assert isinstance(loaded["y"].variable._data, np.ndarray)  # .load() leaves plain numpy data


@pytest.mark.filterwarnings(MPL)
def test_arviz_reads_the_lazy_group(data):
    """az.plot_ppc, az.loo_pit and az.summary work on the lazy group; loo_pit is a probability."""
    import matplotlib.pyplot as plt

    X, y, _ = data
    idata = sample_gibbs(Model(LaplacePrior(0.1)), X, y, draws=100, chains=2, rng=2)
    az.plot_ppc(idata, num_pp_samples=10)
    plt.close("all")
    pit = az.loo_pit(idata, y="y")
    assert pit.shape == (N,) and np.all((pit >= 0) & (pit <= 1))
    assert az.summary(idata, group="posterior_predictive").shape[0] == N
