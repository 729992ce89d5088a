"""The estimator fixes of issue 12: lam_, a fixed Park & Casella lambda, BayesRidge as alpha -> 0,
labelled credible intervals and the interval behind excludes_zero."""

import numpy as np
import pytest
from scipy import stats
from sklearn.linear_model import Lasso

from bayesreg import BayesLasso, BayesRidge, GaussianPrior, Model, ParkCasellaLaplacePrior
from bayesreg.hyperpriors import GammaHyperprior
from bayesreg.posterior import exact_ridge_posterior, sample_gibbs
from bayesreg.summary import compare_estimates

from .conftest import make_regression_data

pytestmark = pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning")


def test_lam_is_the_posterior_mean_of_lambda(diabetes):
    X, y = diabetes
    est = BayesLasso(alpha=GammaHyperprior(1.0, 1.78), laplace_form="park_casella", draws=1000, tune=300,
                     random_state=0).fit(X, y)
    lam = est.idata_.posterior["lam"].to_numpy()
    assert est.lam_ == pytest.approx(lam.mean(), rel=1e-12)
    assert est.lam_ < np.sqrt((lam**2).mean())  # what it used to report (Jensen: strictly larger)
    assert est.alpha_ == pytest.approx(est.lam_ * est.sigma_ / X.shape[0], rel=1e-12)


def test_park_casella_at_a_fixed_lambda_through_the_estimator(diabetes):
    X, y = diabetes
    est = BayesLasso(laplace_form="park_casella", lam=0.237, draws=500, tune=200, random_state=3).fit(X, y)
    assert est.lam_ == 0.237 and est.alpha_strategy_ == "fixed"
    assert est.model_.prior == ParkCasellaLaplacePrior(0.237)
    assert est.idata_.posterior.attrs["hyperparameters"] == "none" and "lam" not in est.idata_.posterior
    # the same draws as the sampler on the same model and seed
    direct = sample_gibbs(Model(ParkCasellaLaplacePrior(0.237)), X, y, draws=500, tune=200, rng=3)
    np.testing.assert_allclose(est.idata_.posterior["coef"].to_numpy(), direct.posterior["coef"].to_numpy(),
                               rtol=1e-12)
    # the reported mode is Lasso(alpha_) with alpha_ = lam sigma_ / n
    assert est.alpha_ == pytest.approx(0.237 * est.sigma_ / X.shape[0], rel=1e-12)
    twin = Lasso(alpha=est.alpha_, tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(est.coef_map_, twin.coef_, rtol=1e-7, atol=1e-7 * np.abs(twin.coef_).max())


@pytest.mark.parametrize("params, message", [
    (dict(lam=0.2), "needs laplace_form='park_casella'"),
    (dict(lam=0.2, laplace_form="park_casella", alpha="empirical_bayes"), "both a fixed lam=0.2 and alpha"),
    (dict(lam=-1.0, laplace_form="park_casella"), "'lam' parameter of BayesLasso must be"),
    (dict(alpha=0.1, laplace_form="park_casella"), "a fixed lambda is lam=..."),
])
def test_lam_parameter_errors(params, message):
    X, y = make_regression_data(20, 2, seed=0)
    with pytest.raises(ValueError, match=message):
        BayesLasso(**params).fit(X, y)


@pytest.mark.parametrize("n, p", [(100, 10), (442, 10)])
def test_ridge_as_alpha_goes_to_zero_is_narrower_than_least_squares(n, p):
    """The Notes of BayesRidge: for alpha -> 0+ the t marginals have n - 1 df and a scale smaller by
    sqrt((n - 1 - p) / (n - 1)) than the flat prior's (alpha = 0: n - 1 - p df), the exact factor
    in the limit since A and RSS converge."""
    X, y = make_regression_data(n, p, seed=1)
    tiny = exact_ridge_posterior(Model(GaussianPrior(1e-10)), X, y)
    flat = exact_ridge_posterior(Model(GaussianPrior(0.0)), X, y)
    assert tiny.df == n - 1 and flat.df == n - 1 - p
    ratio = tiny.coef_marginals().std() / flat.coef_marginals().std()  # the t sd includes df / (df - 2)
    scale = np.sqrt(tiny.rate / tiny.shape * np.diag(tiny.unit_cov)) / np.sqrt(
        flat.rate / flat.shape * np.diag(flat.unit_cov))
    np.testing.assert_allclose(scale, np.sqrt((n - 1 - p) / (n - 1)), rtol=1e-6)
    width = (stats.t.ppf(0.975, tiny.df) / stats.t.ppf(0.975, flat.df)) * scale
    if n == 100:
        assert 0.94 < width.max() < 0.955  # "5% narrower"
    else:
        assert 0.985 < width.max() < 0.995  # "1% on the diabetes data" (n = 442, p = 10)
    assert np.all(ratio < 1)


@pytest.mark.parametrize("kind", ["eti", "hdi"])
def test_credible_interval_as_a_labelled_table(kind):
    import pandas as pd

    X, y = make_regression_data(50, 3, seed=2)
    Xf = pd.DataFrame(X, columns=["a", "b", "c"])
    est = BayesRidge(alpha=1.0, draws=400, random_state=0).fit(Xf, y)
    table = est.credible_interval(0.9, kind=kind, as_frame=True)
    np.testing.assert_array_equal(table[["lower", "upper"]].to_numpy(), est.credible_interval(0.9, kind=kind))
    assert list(table.index) == ["a", "b", "c"] and table.index.name == "feature"
    assert table.attrs == {"level": 0.9, "kind": kind, "interval": f"90% {kind}"}
    np.testing.assert_array_equal(table["excludes_zero"], (table["lower"] > 0) | (table["upper"] < 0))


def test_summary_table_says_which_interval_excludes_zero(diabetes):
    X, y = diabetes
    est = BayesLasso(alpha=0.1, draws=300, tune=200, random_state=0).fit(X, y)
    table = compare_estimates(est, X, y, level=0.9)
    assert table.attrs["excludes_zero_interval"] == "90% eti (eti_lower, eti_upper)"
    np.testing.assert_array_equal(table["excludes_zero"], (table["eti_lower"] > 0) | (table["eti_upper"] < 0))
