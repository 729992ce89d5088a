"""The PyMC model and the MAP objective are one log posterior (issue 2)."""

import numpy as np
import pytest

from scipy import stats

from bayesreg import ElasticNetPrior, GaussianPrior, LaplacePrior, Model, ParkCasellaLaplacePrior
from bayesreg.hyperpriors import GammaHyperprior
from bayesreg.posterior import build_pymc_model
from bayesreg._ops import NP
from bayesreg.posterior._pymc import noncentered_scale, to_sampler_point

from ._helpers import make_regression_data, pymc_logp as _pymc_logp


PRIORS = [GaussianPrior(0.8), LaplacePrior(0.05), ElasticNetPrior(0.05, 0.3), ElasticNetPrior(0.2, 1.0)]


@pytest.mark.parametrize("prior", PRIORS, ids=repr)
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_pymc_logp_equals_model_log_posterior(prior, fit_intercept, weighted):
    X, y = make_regression_data(30, 5, seed=11)
    rng = np.random.default_rng(5)
    sw = rng.integers(1, 4, size=30).astype(float) if weighted else None
    model = Model(prior, fit_intercept=fit_intercept)
    _, logp = _pymc_logp(model, X, y, sw)
    for _ in range(5):
        w, b, sigma = rng.normal(size=5), rng.normal(), np.exp(rng.normal())
        b = b if fit_intercept else 0.0
        ours = model.log_posterior(w, b, sigma, X, y, sw)
        assert logp(w, b, sigma) == pytest.approx(ours, rel=1e-10)


@pytest.mark.parametrize("prior", PRIORS, ids=repr)
def test_pymc_logp_and_map_objective_differ_by_a_constant_at_fixed_sigma(prior):
    X, y = make_regression_data(40, 6, seed=2)
    model = Model(prior)
    _, logp = _pymc_logp(model, X, y)
    rng = np.random.default_rng(0)
    sigma = 1.3
    kappa = model.kappa(sigma, X.shape[0])
    diffs = []
    for _ in range(8):
        w, b = 2 * rng.normal(size=6), rng.normal()
        diffs.append(logp(w, b, sigma) + kappa * model.twin_objective(w, b, X, y))
    assert np.ptp(diffs) < 1e-9 * max(1.0, abs(diffs[0]))
    # ... and not trivially: the objective itself varies a lot between the points.
    objectives = [model.twin_objective(2 * rng.normal(size=6), 0.0, X, y) for _ in range(3)]
    assert np.ptp(objectives) > 1e-2


def test_pymc_model_has_feature_dimension():
    X, y = make_regression_data(20, 3, seed=0)
    pm_model = build_pymc_model(Model(LaplacePrior(0.1)), X, y, feature_names=["a", "b", "c"])
    assert list(pm_model.coords["feature"]) == ["a", "b", "c"]
    assert pm_model.named_vars_to_dims["coef"] == ("feature",)


def test_sampler_coordinates_scale_with_the_columns():
    """c_j is the conditional posterior sd scale: columns scaled by 1e6 scale c_j by 1e-6."""
    from bayesreg.posterior._pymc import _standardizing_transform

    X, y = make_regression_data(50, 3, seed=7)
    factors = np.array([1.0, 1e6, 1e3])
    model = Model(LaplacePrior(1e-4))  # weak prior: prior precision (n alpha)^2 / 2 = 1.25e-5 << data's ~50
    t1 = _standardizing_transform(X, y, None, True)
    t2 = _standardizing_transform(X * factors, y, None, True)
    np.testing.assert_allclose(t1["x_sd"], X.std(axis=0), rtol=1e-12)
    c1 = noncentered_scale(model, 1.0, 50, t1["x_sd"], NP)
    c2 = noncentered_scale(model, 1.0, 50, t2["x_sd"], NP)
    # Data precision n sd^2 / sigma^2 dominates here, so c scales as 1 / factor (to within the prior's share).
    np.testing.assert_allclose(c2 * factors, c1, rtol=1e-3)
    # With a dominating prior (huge alpha) c follows the prior's scale sigma^2 / (n alpha), not the data.
    strong = Model(LaplacePrior(1e6))
    b = 1.0 / (50 * 1e6)
    np.testing.assert_allclose(noncentered_scale(strong, 1.0, 50, t1["x_sd"], NP), np.sqrt(2) * b, rtol=1e-6)


@pytest.mark.parametrize(
    "prior",
    [GaussianPrior(1.0, hyperprior=GammaHyperprior(2.0, 0.5)),
     LaplacePrior(0.05, hyperprior=GammaHyperprior(1.0, 10.0)),
     ParkCasellaLaplacePrior(1.0, hyperprior=GammaHyperprior(1.0, 1.78))],
    ids=repr,
)
def test_pymc_logp_with_gamma_hyperprior(prior):
    """With a sampled hyperparameter h: log p = model.log_posterior(at h) + Gamma logpdf(h) (scipy)."""
    X, y = make_regression_data(30, 4, seed=1)
    model = Model(prior)
    pm_model = build_pymc_model(model, X, y)
    fn = pm_model.compile_logp(jacobian=False)
    transform, n, name = pm_model.bayesreg_transform, 30.0, prior.hyper_name
    rng = np.random.default_rng(2)
    for _ in range(4):
        w, b, sigma, h = rng.normal(size=4), rng.normal(), np.exp(rng.normal()), np.exp(rng.normal())
        point = to_sampler_point(model, transform, w, b, sigma, n, value=h)
        point["sigma_log__"] = np.log(point.pop("sigma"))
        point[f"{name}_log__"] = np.log(point.pop(name))
        log_jac = np.sum(np.log(noncentered_scale(model, sigma, n, transform["x_sd"], NP, value=h)))
        fixed = Model(type(prior)(h) if name == "alpha" else ParkCasellaLaplacePrior(np.sqrt(h)))
        expected = fixed.log_posterior(w, b, sigma, X, y) + stats.gamma(prior.hyperprior.shape,
                                                                         scale=1 / prior.hyperprior.rate).logpdf(h)
        assert float(fn(point)) - log_jac == pytest.approx(expected, rel=1e-10)
