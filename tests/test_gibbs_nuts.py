"""Gibbs vs PyMC NUTS on the same model (slow: samples with PyMC; kept tiny).

Each posterior mean, sd and 95% bound must agree within 4 combined Monte Carlo
standard errors ``4 sqrt(mcse_gibbs^2 + mcse_nuts^2)``.
"""

import arviz as az
import numpy as np
import pytest
from sklearn.datasets import load_diabetes

from bayesreg import (
    ElasticNetPrior,
    LaplaceLikelihood,
    LaplacePrior,
    Model,
    StudentTLikelihood,
)
from bayesreg.posterior import sample_gibbs, sample_nuts

pytestmark = pytest.mark.slow


def _stats(x):
    """Mean, sd and 95% bounds with their MCSEs. NUTS is often antithetic (ESS > draws),
    which makes ArviZ's MCSE optimistic: the flat intercept's sd on diabetes came out
    3.11 +- 0.05 with one seed and 3.58 with another (exact: 3.49). So every MCSE is
    inflated to what ESS = number of draws would give when the ESS exceeds it."""
    x = np.asarray(x)
    c2 = (x - x.mean()) ** 2
    ess = float(az.ess(x, method="mean"))
    cap = np.sqrt(max(1.0, float(az.ess(x, method="bulk")) / x.size))
    mcse_sd = np.sqrt(c2.var() / min(float(az.ess(c2, method="mean")), c2.size)) / (2 * x.std())
    out = {"mean": (x.mean(), x.std() / np.sqrt(min(ess, x.size))), "sd": (x.std(), mcse_sd)}
    for q in (0.025, 0.975):
        out[q] = (np.quantile(x, q), cap * float(az.mcse(x, method="quantile", prob=q)))
    return out


def _synthetic_wide():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(25, 40))
    w = np.zeros(40)
    w[:3] = [2.0, -1.5, 1.0]
    return X, X @ w + rng.normal(size=25)


@pytest.mark.parametrize(
    "data, model",
    [
        (load_diabetes(return_X_y=True), Model(LaplacePrior(0.05))),
        (load_diabetes(return_X_y=True), Model(ElasticNetPrior(0.05, 0.5))),
        (_synthetic_wide(), Model(LaplacePrior(0.1))),
    ],
    ids=["diabetes-lasso", "diabetes-enet", "wide-lasso"],
)
def test_gibbs_agrees_with_nuts(data, model):
    X, y = data
    gibbs = sample_gibbs(model, X, y, draws=4000, tune=500, chains=2, rng=0).posterior
    nuts = sample_nuts(model, X, y, draws=600, tune=600, chains=2, cores=2, rng=np.random.default_rng(0)).posterior
    p = X.shape[1]
    # The intercept's mean is compared; its spread is not: with 600 tuning steps NUTS's
    # intercept sd on diabetes-enet came out 3.11 (seed 0) and 3.58 (seed 1) against the
    # exact sqrt(E[sigma^2] / n) = 3.49 that Gibbs matches (x is centered, so the flat
    # intercept is independent of w). Gibbs's intercept is checked exactly in test_gibbs.py.
    checks = [("sigma", gibbs["sigma"].values, nuts["sigma"].values)]
    ga, na = _stats(gibbs["intercept"].values), _stats(nuts["intercept"].values)
    assert abs(ga["mean"][0] - na["mean"][0]) < 4 * np.hypot(ga["mean"][1], na["mean"][1])
    checks += [(f"coef[{j}]", gibbs["coef"].values[..., j], nuts["coef"].values[..., j]) for j in range(min(p, 10))]
    for label, a, b in checks:
        sa, sb = _stats(a), _stats(b)
        for key in sa:
            (va, ea), (vb, eb) = sa[key], sb[key]
            assert abs(va - vb) < 4 * np.hypot(ea, eb), f"{label} {key}: gibbs {va:.4g} vs nuts {vb:.4g}"


def _small_heavy_tailed():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 2))
    return X, 0.3 + X @ np.array([1.0, 0.0]) + 0.6 * rng.standard_t(3, size=30)


@pytest.mark.parametrize(
    "model",
    [
        Model(LaplacePrior(0.05), likelihood=StudentTLikelihood(4.0)),
        Model(LaplacePrior(0.05), likelihood=LaplaceLikelihood()),
    ],
    ids=["student-t", "laplace"],
)
def test_scale_mixture_gibbs_agrees_with_nuts(model):
    """Student-t / Laplace likelihood through the normal scale mixture vs NUTS on the
    likelihood's own density (tiny: n = 30, p = 2)."""
    X, y = _small_heavy_tailed()
    gibbs = sample_gibbs(model, X, y, draws=3000, tune=300, chains=2, rng=0).posterior
    nuts = sample_nuts(model, X, y, draws=500, tune=500, chains=2, cores=2, rng=np.random.default_rng(0)).posterior
    for label, a, b in [("sigma", gibbs["sigma"].values, nuts["sigma"].values),
                        ("intercept", gibbs["intercept"].values, nuts["intercept"].values)] + [
                        (f"coef[{j}]", gibbs["coef"].values[..., j], nuts["coef"].values[..., j]) for j in range(2)]:
        sa, sb = _stats(a), _stats(b)
        for key in sa:
            (va, ea), (vb, eb) = sa[key], sb[key]
            assert abs(va - vb) < 4 * np.hypot(ea, eb), f"{label} {key}: gibbs {va:.4g} vs nuts {vb:.4g}"
