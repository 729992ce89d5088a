"""Gibbs vs PyMC NUTS on the same model (slow: samples with PyMC; kept tiny).

Each posterior mean, sd and 95% bound is compared as a z-score with the combined
Monte Carlo standard error ``sqrt(mcse_gibbs^2 + mcse_nuts^2)``, under the rule of
tests/_helpers.py (ESS capped at the number of draws, Bonferroni over the test's
comparisons).
"""

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

from ._helpers import MonteCarloChecks, seeded

pytestmark = pytest.mark.slow


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
def test_gibbs_agrees_with_nuts(data, model, mc_seed):
    X, y = data
    gibbs = sample_gibbs(model, X, y, draws=4000, tune=500, chains=2, rng=seeded(0, mc_seed)).posterior
    nuts = sample_nuts(model, X, y, draws=1000, tune=1500, chains=2, cores=2,
                       rng=np.random.default_rng(seeded(0, mc_seed))).posterior
    p = X.shape[1]
    checks = MonteCarloChecks()
    for label, a, b in [("sigma", gibbs["sigma"].values, nuts["sigma"].values),
                        ("intercept", gibbs["intercept"].values, nuts["intercept"].values)] + [
                        (f"coef[{j}]", gibbs["coef"].values[..., j], nuts["coef"].values[..., j]) for j in range(min(p, 10))]:
        checks.draws_agree(label, a, b)
    checks.assert_ok()


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
def test_scale_mixture_gibbs_agrees_with_nuts(model, mc_seed):
    """Student-t / Laplace likelihood through the normal scale mixture vs NUTS on the
    likelihood's own density (tiny: n = 30, p = 2)."""
    X, y = _small_heavy_tailed()
    gibbs = sample_gibbs(model, X, y, draws=3000, tune=300, chains=2, rng=seeded(0, mc_seed)).posterior
    nuts = sample_nuts(model, X, y, draws=500, tune=500, chains=2, cores=2,
                       rng=np.random.default_rng(seeded(0, mc_seed))).posterior
    checks = MonteCarloChecks()
    for label, a, b in [("sigma", gibbs["sigma"].values, nuts["sigma"].values),
                        ("intercept", gibbs["intercept"].values, nuts["intercept"].values)] + [
                        (f"coef[{j}]", gibbs["coef"].values[..., j], nuts["coef"].values[..., j]) for j in range(2)]:
        checks.draws_agree(label, a, b)
    checks.assert_ok()
