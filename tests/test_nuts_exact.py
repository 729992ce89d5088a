"""PyMC NUTS against the closed-form conjugate ridge posterior (issue 4).

Oracle: the Normal-Inverse-Gamma posterior (Student-t marginals for the weights and the
intercept, inverse gamma for sigma^2) from :func:`bayesreg.posterior.exact_ridge_posterior`,
itself tested against scikit-learn's BayesianRidge and numerical integration.
Tolerance: the Monte Carlo rule of tests/_helpers.py (z-scores with ArviZ's ESS, capped at
the number of draws; Bonferroni over the test's comparisons).
"""

import numpy as np
import pytest
from scipy import special

from bayesreg import GaussianPrior, Model
from bayesreg.posterior import exact_ridge_posterior, sample_nuts

from ._helpers import MonteCarloChecks, make_regression_data, seeded


@pytest.mark.slow
@pytest.mark.parametrize("data", ["diabetes", "p>n"])
def test_nuts_agrees_with_the_exact_ridge_posterior(diabetes, data, mc_seed):
    if data == "diabetes":
        X, y = diabetes
        model = Model(GaussianPrior(1.0))
    else:
        X, y = make_regression_data(25, 40, seed=3)
        model = Model(GaussianPrior(2.0))
    exact = exact_ridge_posterior(model, X, y)
    post = sample_nuts(model, X, y, draws=1000, tune=1000, chains=2, cores=2, rng=np.random.default_rng(seeded(1, mc_seed))).posterior

    t = exact.coef_marginals()
    lo, hi = t.ppf(0.025), t.ppf(0.975)
    checks = [(f"coef[{j}]", post["coef"].values[..., j], t.mean()[j], t.std()[j], lo[j], hi[j])
              for j in range(min(X.shape[1], 8))]
    b = exact.intercept_marginal()
    checks.append(("intercept", post["intercept"].values, b.mean(), b.std(), b.ppf(0.025), b.ppf(0.975)))
    a, r = exact.shape, exact.rate  # sigma^2 ~ InvGamma(a, r): E[sigma] = sqrt(r) Gamma(a - 1/2) / Gamma(a)
    e_sigma = np.sqrt(r) * np.exp(special.gammaln(a - 0.5) - special.gammaln(a))
    s2 = exact.sigma2_marginal()
    checks.append(("sigma", post["sigma"].values, e_sigma, np.sqrt(r / (a - 1) - e_sigma**2),
                   np.sqrt(s2.ppf(0.025)), np.sqrt(s2.ppf(0.975))))
    mc = MonteCarloChecks()
    for label, draws, *reference in checks:
        mc.draws_match(label, draws, *reference)
    mc.assert_ok()
