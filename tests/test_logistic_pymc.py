"""The PyMC model of a LogisticModel has the MAP module's log posterior (up to a constant)."""

import numpy as np
import pytest

from bayesreg import ElasticNetPrior, GaussianPrior, LaplacePrior, LogisticModel
from bayesreg.posterior import build_pymc_logistic_model


@pytest.mark.parametrize("prior, fit_intercept", [(GaussianPrior(0.3), True), (LaplacePrior(0.05), True),
                                                   (ElasticNetPrior(0.05, 0.4), True), (ElasticNetPrior(0.05, 0.4), False)])
def test_pymc_logp_equals_log_posterior_up_to_a_constant(prior, fit_intercept):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 3))
    y = (rng.random(30) < 0.5).astype(float)
    sw = rng.integers(1, 3, size=30).astype(float)
    model = LogisticModel(prior, fit_intercept=fit_intercept)
    pm_model = build_pymc_logistic_model(model, X, y, sample_weight=sw)
    logp = pm_model.compile_logp()
    offset = pm_model.bayesreg_X_offset
    diffs = []  # (PyMC logp - log posterior, log posterior + objective) at random points
    for _ in range(5):
        coef, b0 = rng.normal(size=3), float(rng.normal())
        point = {"coef": coef}
        if fit_intercept:
            point["intercept_c"] = b0 + offset @ coef
        ours = float(model.log_posterior(coef, b0, X, y, sw))
        diffs.append((float(logp(point)) - ours, ours + model.objective(coef, b0, X, y, sw)))
    a, b = np.array(diffs).T
    np.testing.assert_allclose(a, a[0], atol=1e-9)
    np.testing.assert_allclose(b, b[0], atol=1e-9)
