"""BayesHorseshoe: the horseshoe behind the estimator API (issue 5)."""

import numpy as np
import pytest
from sklearn.base import clone

from bayesreg import BayesHorseshoe, BayesRidge

from ._helpers import make_regression_data


def test_horseshoe_estimator_fits_predicts_and_shrinks_noise_weights():
    """Sparse truth (3 of 30 weights non-zero, n = 60): the horseshoe's posterior means of the null
    weights are smaller than ridge's at the evidence-maximizing alpha, while the signals survive."""
    X, y = make_regression_data(60, 30, seed=5, n_informative=3, noise=1.0)
    hs = BayesHorseshoe(draws=5000, random_state=0).fit(X, y)  # tau mixes slowly: many cheap draws
    assert hs.idata_.posterior.attrs["sampler"].startswith("gibbs")
    assert hs.coef_.shape == (30,) and hs.credible_interval().shape == (30, 2)
    assert {"coef", "intercept", "sigma", "tau"} <= set(hs.idata_.posterior.data_vars)
    assert hs.predict(X).shape == (60,)
    ridge = BayesRidge(alpha="empirical_bayes", draws=1500, random_state=0).fit(X, y)
    null = slice(3, None)
    assert np.median(np.abs(hs.coef_[null])) < np.median(np.abs(ridge.coef_[null]))
    Xt, yt = make_regression_data(60, 30, seed=5, n_informative=3, noise=0.0)  # same draws, no noise
    w_true = np.linalg.lstsq(Xt, yt - 1.5, rcond=None)[0]
    strong = np.abs(w_true) > 1.0  # clear signals survive the shrinkage
    assert strong.sum() >= 2 and np.all(np.abs(hs.coef_[strong]) > 0.5 * np.abs(w_true[strong]))
    assert not hasattr(hs, "coef_map_")  # no finite mode: infinite density at zero


def test_horseshoe_estimator_is_reproducible_and_clonable():
    X, y = make_regression_data(40, 5, seed=1)
    a = BayesHorseshoe(draws=400, tune=200, random_state=3)
    b = clone(a)
    fa = a.fit(X, y).idata_.posterior["coef"].to_numpy()
    fb = b.fit(X, y).idata_.posterior["coef"].to_numpy()
    np.testing.assert_array_equal(fa, fb)


def test_horseshoe_estimator_rejects_bad_global_scale():
    X, y = make_regression_data(10, 2, seed=0)
    with pytest.raises(ValueError, match="The 'global_scale' parameter of BayesHorseshoe must be a float"):
        BayesHorseshoe(global_scale=-1.0).fit(X, y)

