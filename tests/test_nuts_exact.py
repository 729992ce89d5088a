"""PyMC NUTS against the closed-form conjugate ridge posterior (issue 4).

Oracle: the Normal-Inverse-Gamma posterior (Student-t marginals for the weights and the
intercept, inverse gamma for sigma^2) from :func:`bayesreg.posterior.exact_ridge_posterior`,
itself tested against scikit-learn's BayesianRidge and numerical integration.
Tolerance: 4 Monte Carlo standard errors of the NUTS estimate (ArviZ ``mcse`` for means; for
sds the delta method on the variance, ``mcse(sd) = mcse((x - mean)^2) / (2 sd)``).
"""

import arviz as az
import numpy as np
import pytest
from scipy import special

from bayesreg import GaussianPrior, Model
from bayesreg.posterior import exact_ridge_posterior, sample_nuts

from ._helpers import make_regression_data


def _mcse_mean(x):
    return float(np.asarray(az.mcse(x, method="mean")).item())  # x: (chain, draw)


def _mcse_sd(x):
    sq = (x - x.mean()) ** 2
    return float(np.asarray(az.mcse(sq, method="mean")).item()) / (2 * x.std())


@pytest.mark.slow
@pytest.mark.parametrize("data", ["diabetes", "p>n"])
def test_nuts_agrees_with_the_exact_ridge_posterior(diabetes, data):
    if data == "diabetes":
        X, y = diabetes
        model = Model(GaussianPrior(1.0))
    else:
        X, y = make_regression_data(25, 40, seed=3)
        model = Model(GaussianPrior(2.0))
    exact = exact_ridge_posterior(model, X, y)
    post = sample_nuts(model, X, y, draws=1000, tune=1000, chains=2, cores=2, rng=np.random.default_rng(1)).posterior

    t = exact.coef_marginals()
    checks = [(f"coef[{j}]", post["coef"].values[..., j], t.mean()[j], t.std()[j]) for j in range(min(X.shape[1], 8))]
    b = exact.intercept_marginal()
    checks.append(("intercept", post["intercept"].values, b.mean(), b.std()))
    a, r = exact.shape, exact.rate  # sigma^2 ~ InvGamma(a, r): E[sigma] = sqrt(r) Gamma(a - 1/2) / Gamma(a)
    e_sigma = np.sqrt(r) * np.exp(special.gammaln(a - 0.5) - special.gammaln(a))
    checks.append(("sigma", post["sigma"].values, e_sigma, np.sqrt(r / (a - 1) - e_sigma**2)))
    for label, draws, mean, sd in checks:
        assert abs(draws.mean() - mean) < 4 * _mcse_mean(draws), f"{label} mean: nuts {draws.mean():.5g} vs exact {mean:.5g}"
        assert abs(draws.std() - sd) < 4 * _mcse_sd(draws), f"{label} sd: nuts {draws.std():.5g} vs exact {sd:.5g}"
