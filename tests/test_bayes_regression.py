"""BayesRegression: any prior behind the one fit skeleton (issue 11); the StudentTPrior's estimator path."""

import numpy as np
import pytest
from sklearn.base import clone

from bayesreg import (
    BayesHorseshoe,
    BayesLasso,
    BayesRegression,
    BayesRidge,
    GaussianPrior,
    HorseshoePrior,
    LaplacePrior,
    StudentTLikelihood,
    StudentTPrior,
    map_estimate,
)
from bayesreg.hyperpriors import GammaHyperprior


def _data(seed=0, n=50):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    return X, X @ [3.0, 0.0, -1.0] + 2.0 + rng.normal(size=n)


@pytest.mark.parametrize(
    "general, special",
    [
        (BayesRegression(LaplacePrior(0.05), sampler="gibbs"), BayesLasso(alpha=0.05, sampler="gibbs")),
        (BayesRegression(GaussianPrior(2.0)), BayesRidge(alpha=2.0)),
        (BayesRegression(LaplacePrior(0.1, hyperprior=GammaHyperprior(1.0, 1.0)), sampler="gibbs"),
         BayesLasso(alpha=GammaHyperprior(1.0, 1.0), sampler="gibbs")),
        (BayesRegression(HorseshoePrior(0.5), sampler="gibbs"), BayesHorseshoe(0.5)),
    ],
    ids=["lasso", "ridge", "lasso-hyperprior", "horseshoe"],
)
def test_same_skeleton_same_numbers_as_the_special_estimator(general, special):
    """The general estimator and the preset run the same fit: identical draws for the same seed.

    The hyperprior case starts from the prior's own alpha instead of alpha_max / 10, so only the
    reported mode at the posterior mean is compared there (it is a deterministic function of it)."""
    X, y = _data()
    kw = dict(draws=300, tune=100, chains=2, random_state=0)
    g, s = clone(general).set_params(**kw).fit(X, y), clone(special).set_params(**kw).fit(X, y)
    if "hyperprior" not in repr(general.prior):
        np.testing.assert_array_equal(g.idata_.posterior["coef"].values, s.idata_.posterior["coef"].values)
        np.testing.assert_array_equal(g.coef_, s.coef_)
    if hasattr(s, "map_"):
        fixed = type(g.model_)(g.model_.prior.with_value(float(g.idata_.posterior["alpha"].mean()))
                               if g.model_.prior.hyperprior else g.model_.prior)
        np.testing.assert_allclose(g.coef_map_, map_estimate(fixed, X, y).coef, rtol=1e-12, atol=1e-14)
    else:
        assert not hasattr(g, "map_")


def test_student_t_prior_through_the_estimator():
    X, y = _data(1)
    est = BayesRegression(StudentTPrior(nu=3.0, scale=0.5), draws=400, tune=200, random_state=0).fit(X, y)
    assert est.idata_.posterior.attrs["sampler"] == "gibbs-cholesky"
    assert est.idata_.posterior.attrs["prior"] == "StudentTPrior(nu=3.0, scale=0.5)"
    assert est.map_.converged and est.map_.twin is None
    np.testing.assert_array_equal(est.coef_map_, map_estimate(est.model_, X, y).coef)
    assert est.predict(X).shape == (50,) and np.corrcoef(est.predict(X), y)[0, 1] > 0.9
    assert clone(est).get_params()["prior"] == StudentTPrior(nu=3.0, scale=0.5)


def test_student_t_likelihood_and_default_prior():
    X, y = _data(2)
    est = BayesRegression(likelihood=StudentTLikelihood(4.0), draws=300, tune=100, random_state=0).fit(X, y)
    assert est.model_.prior == GaussianPrior(1.0) and est.idata_.posterior.attrs["likelihood_mixture"] == "student-t"


@pytest.mark.parametrize("kwargs, match", [({"prior": "ridge"}, "'prior' parameter"),
                                           ({"prior": GaussianPrior(), "likelihood": 3}, "'likelihood' parameter")])
def test_bad_parameters_are_named(kwargs, match):
    X, y = _data()
    with pytest.raises((TypeError, ValueError), match=match):
        BayesRegression(**kwargs).fit(X, y)
