"""Hyperparameter strategies: empirical Bayes (evidence, Monte Carlo EM) and hyperpriors (issue 4)."""

import numpy as np
import pytest
from sklearn.linear_model import BayesianRidge

from bayesreg import BayesElasticNet, BayesLasso, BayesRidge, LaplacePrior, Model, ParkCasellaLaplacePrior
from bayesreg.empirical_bayes import mcem, ridge_evidence
from bayesreg.hyperpriors import GammaHyperprior

from ._helpers import make_regression_data


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("shape,seed", [((442, 10), None), ((60, 8), 0), ((100, 30), 1)])
def test_ridge_evidence_equals_bayesian_ridge(diabetes, fit_intercept, shape, seed):
    """BayesianRidge with its Gamma hyperpriors at zero climbs the same evidence: alpha = lambda_ / alpha_,
    sigma = alpha_^-1/2. Tolerance 1e-6: sklearn's fixed point stops on coefficient change (tol=1e-12)."""
    X, y = diabetes if seed is None else make_regression_data(*shape, seed=seed)
    alpha, sigma = ridge_evidence(X, y, fit_intercept=fit_intercept)
    br = BayesianRidge(alpha_1=0, alpha_2=0, lambda_1=0, lambda_2=0, tol=1e-12, max_iter=100_000,
                       fit_intercept=fit_intercept).fit(X, y)
    assert alpha == pytest.approx(br.lambda_ / br.alpha_, rel=1e-6)
    assert sigma == pytest.approx(br.alpha_**-0.5, rel=1e-6)


def test_park_casella_diabetes_marginal_likelihood_lambda(diabetes):
    """Park & Casella (2008, section 3.1 and figure 1): the MCEM estimate of lambda on the diabetes data
    is 0.237. Our Monte Carlo EM must agree within 4 standard deviations of its last iterates."""
    X, y = diabetes
    res = mcem(Model(ParkCasellaLaplacePrior(1.0)), X, y, random_state=0, n_iter=40, draws=400)
    lam, tail = np.sqrt(res.value), np.sqrt(res.history[-10:])
    assert abs(lam - 0.237) < 4 * tail.std(ddof=1) + 1e-3
    assert tail.std(ddof=1) < 0.01  # the Monte Carlo noise itself is small
    assert res.history[0] == 1.0 and abs(np.sqrt(res.history[1]) - 1.0) > 0.1  # it moved from the start


def test_mcem_for_ridge_is_close_to_the_evidence_maximizer(diabetes):
    """MCEM maximizes the marginal likelihood with sigma integrated under Jeffreys' prior; the evidence of
    ridge_evidence profiles sigma instead. The two differ by O(1/n): within 2% here."""
    from bayesreg import GaussianPrior

    X, y = diabetes
    res = mcem(Model(GaussianPrior(1.0)), X, y, random_state=1, n_iter=30, draws=400)
    assert res.value == pytest.approx(ridge_evidence(X, y)[0], rel=0.02)


@pytest.mark.parametrize(
    "est,strategy,sampler",
    [
        (BayesRidge(alpha="empirical_bayes"), "empirical_bayes", "exact"),
        (BayesRidge(alpha=GammaHyperprior(1.0, 1.0)), "hyperprior", "gibbs"),
        (BayesLasso(alpha="empirical_bayes"), "empirical_bayes", "gibbs"),
        (BayesLasso(alpha=GammaHyperprior(1.0, 100.0)), "hyperprior", "gibbs"),
        (BayesLasso(alpha=GammaHyperprior(1.0, 1.78), laplace_form="park_casella"), "hyperprior", "gibbs"),
        (BayesElasticNet(alpha="empirical_bayes"), "empirical_bayes", "gibbs"),
    ],
    ids=lambda v: repr(v) if not isinstance(v, str) else v,
)
def test_estimator_strategies_record_what_they_did(diabetes, est, strategy, sampler):
    X, y = diabetes
    est.set_params(draws=400, tune=200, random_state=0).fit(X, y)
    assert est.alpha_strategy_ == strategy
    assert est.idata_.posterior.attrs["sampler"].startswith(sampler)
    assert est.alpha_ > 0
    if strategy == "hyperprior":
        name = "lam" if getattr(est, "laplace_form", "alpha") == "park_casella" else "alpha"
        draws = est.idata_.posterior[name].to_numpy()
        assert draws.std() > 0  # sampled, not fixed
    # The reported mode is the twin at alpha_ (scikit-learn's units).
    from sklearn.base import clone

    twin = clone(est.map_.twin).set_params(**({"tol": 1e-12, "max_iter": 100_000} if "Ridge" not in
                                               type(est.map_.twin).__name__ else {}))
    twin.fit(X, y)
    np.testing.assert_allclose(est.coef_map_, twin.coef_, rtol=1e-7, atol=1e-7 * np.abs(twin.coef_).max())
    np.testing.assert_allclose(est.map_.twin.alpha, est.alpha_, rtol=1e-12)


def test_park_casella_form_refuses_a_fixed_alpha():
    X, y = make_regression_data(20, 2, seed=0)
    with pytest.raises(ValueError, match="laplace_form='park_casella' must be a hyperprior on lambda"):
        BayesLasso(alpha=0.1, laplace_form="park_casella").fit(X, y)


def test_bayesian_lasso_mean_is_not_sparse_while_its_mode_is(diabetes):
    """DESIGN.md: exact zeros only at the mode. At a strong alpha the MAP zeroes most weights; no
    posterior draw and no posterior mean or median is exactly zero."""
    X, y = diabetes
    est = BayesLasso(alpha=0.5, draws=1000, random_state=0).fit(X, y)
    assert np.sum(est.coef_map_ == 0) >= 5
    draws = est.idata_.posterior["coef"].to_numpy()
    assert np.all(draws != 0)
    assert np.all(est.coef_ != 0)
    assert np.all(np.median(draws.reshape(-1, 10), axis=0) != 0)


def test_strategies_use_the_alpha_form_prior_class():
    assert isinstance(Model(LaplacePrior(0.1, hyperprior=GammaHyperprior(1.0, 1.0))).prior.hyperprior, GammaHyperprior)


def test_sparsity_table_contrasts_exact_zeros_with_posterior_mass(diabetes):
    from bayesreg.summary import sparsity_table

    X, y = diabetes
    est = BayesLasso(alpha=0.5, draws=1000, random_state=0).fit(X, y)
    table = sparsity_table(est, eps=50.0)
    assert table["map_is_zero"].sum() >= 5
    assert (table["p_exactly_zero"] == 0).all()
    draws = est.idata_.posterior["coef"].to_numpy().reshape(-1, 10)
    np.testing.assert_allclose(table["p_near_zero"], (np.abs(draws) <= 50.0).mean(axis=0))
    # Features zeroed by the mode carry more posterior mass near zero than the ones it keeps.
    assert table.loc[table.map_is_zero, "p_near_zero"].mean() > table.loc[~table.map_is_zero, "p_near_zero"].mean()
