"""Estimator basics: shapes, feature names, intervals, predict, bad input (issue 2)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from bayesreg import BayesElasticNet, BayesLasso, BayesRidge
from bayesreg.summary import compare_estimates, relative_difference

from ._helpers import make_regression_data

FAST = dict(draws=150, tune=150, chains=2, cores=1, random_state=0, sampler="nuts")

# These runs are deliberately tiny (seconds); their diagnostics warnings are tested on their own below.
pytestmark = pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning")


@pytest.fixture(scope="module")
def frame():
    X, y = make_regression_data(60, 4, seed=4)
    return pd.DataFrame(X, columns=["alpha_col", "bmi", "bp", "s1"]), pd.Series(y, name="target")


@pytest.fixture(scope="module")
def fitted_lasso(frame):
    X, y = frame
    return BayesLasso(alpha=0.05, **FAST).fit(X, y)


@pytest.mark.slow
def test_fitted_attributes_and_shapes(fitted_lasso, frame):
    X, y = frame
    est = fitted_lasso
    assert est.coef_.shape == (4,) and est.coef_map_.shape == (4,)
    assert isinstance(est.intercept_, float) and isinstance(est.intercept_map_, float)
    assert est.n_features_in_ == 4
    assert list(est.feature_names_in_) == ["alpha_col", "bmi", "bp", "s1"]
    post = est.idata_.posterior
    assert post["coef"].dims == ("chain", "draw", "feature")
    assert post["coef"].shape == (2, 150, 4)
    assert list(post["feature"].to_numpy()) == ["alpha_col", "bmi", "bp", "s1"]
    assert {"intercept", "sigma"} <= set(post.data_vars)
    assert post.attrs["sampler"] == "nuts" and post.attrs["laplace_form"] == "alpha"
    # Posterior mean is what coef_ reports.
    np.testing.assert_allclose(est.coef_, post["coef"].mean(("chain", "draw")).to_numpy())
    assert est.predict(X).shape == (60,)
    np.testing.assert_allclose(est.predict(X), X.to_numpy() @ est.coef_ + est.intercept_)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["eti", "hdi"])
def test_credible_interval_shape_and_order(fitted_lasso, kind):
    ci = fitted_lasso.credible_interval(0.9, kind=kind)
    assert ci.shape == (4, 2)
    assert np.all(ci[:, 0] < ci[:, 1])
    wider = fitted_lasso.credible_interval(0.99, kind=kind)
    assert np.all(wider[:, 0] <= ci[:, 0]) and np.all(wider[:, 1] >= ci[:, 1])


@pytest.mark.slow
def test_eti_matches_numpy_quantiles(fitted_lasso):
    draws = fitted_lasso.idata_.posterior["coef"].to_numpy().reshape(-1, 4)
    expected = np.quantile(draws, [0.025, 0.975], axis=0).T
    np.testing.assert_allclose(fitted_lasso.credible_interval(0.95), expected, rtol=1e-12)


@pytest.mark.slow
def test_map_equals_twin_and_comparison_table(fitted_lasso, frame):
    X, y = frame
    twin = Lasso(alpha=0.05, tol=1e-12, max_iter=100_000).fit(X, y)
    assert relative_difference(fitted_lasso.coef_map_, twin.coef_) <= 1e-8
    table = compare_estimates(fitted_lasso, X, y)
    assert list(table.index) == ["alpha_col", "bmi", "bp", "s1"]
    assert table.attrs["max_rel_map_twin"] <= 1e-8
    assert {"twin", "map", "mean", "median", "sd", "eti_lower", "eti_upper", "hdi_lower", "hdi_upper",
            "p_positive", "excludes_zero"} <= set(table.columns)
    # The table's diagnostics are ArviZ's, over every sampled quantity (az.summary rounds
    # R-hat to 0.01 and ESS to integers), and its columns are the draws' own statistics.
    import arviz as az

    names = ["coef", "intercept", "sigma"]
    idata = fitted_lasso.idata_
    rhat = az.rhat(idata, var_names=names)
    ess = az.ess(idata, var_names=names, method="bulk")
    assert table.attrs["r_hat"] == pytest.approx(max(float(rhat[v].max()) for v in names), abs=0.005 + 1e-12)
    assert table.attrs["ess_bulk"] == pytest.approx(min(float(ess[v].min()) for v in names), abs=0.5 + 1e-9)
    draws = idata.posterior["coef"].to_numpy().reshape(-1, 4)
    np.testing.assert_allclose(table["mean"], draws.mean(0), rtol=1e-12)
    np.testing.assert_allclose(table["sd"], draws.std(0, ddof=1), rtol=1e-12)
    np.testing.assert_array_equal(table["p_positive"], (draws > 0).mean(0))
    np.testing.assert_array_equal(table["twin"], twin.coef_)


@pytest.mark.slow
@pytest.mark.parametrize(
    "est,twin",
    [(BayesRidge(alpha=2.0, **FAST), Ridge(alpha=2.0)),
     (BayesElasticNet(alpha=0.05, l1_ratio=0.3, **FAST), ElasticNet(alpha=0.05, l1_ratio=0.3, tol=1e-12))],
)
def test_ridge_and_elastic_net_estimators(est, twin):
    X, y = make_regression_data(40, 3, seed=1)
    est.fit(X, y)
    twin.fit(X, y)
    assert relative_difference(est.coef_map_, twin.coef_) <= 1e-8
    assert list(est.idata_.posterior["feature"].to_numpy()) == ["x0", "x1", "x2"]
    assert not hasattr(est, "feature_names_in_")
    # The posterior mean is near the mode for this well-determined problem (within 5 posterior sds).
    sd = est.idata_.posterior["coef"].std(("chain", "draw")).to_numpy()
    assert np.all(np.abs(est.coef_ - est.coef_map_) < 5 * sd)


@pytest.mark.slow
def test_same_random_state_gives_identical_draws():
    X, y = make_regression_data(30, 2, seed=3)
    a = BayesRidge(alpha=1.0, **{**FAST, "draws": 50, "tune": 50}).fit(X, y)
    state = np.random.get_state()[1].copy()
    b = BayesRidge(alpha=1.0, **{**FAST, "draws": 50, "tune": 50}).fit(X, y)
    np.testing.assert_array_equal(a.idata_.posterior["coef"], b.idata_.posterior["coef"])
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # global state untouched


def test_get_params_and_clone_keep_constructor_arguments():
    est = BayesElasticNet(alpha=0.3, l1_ratio=0.7, draws=10, random_state=4)
    params = est.get_params()
    assert params["alpha"] == 0.3 and params["l1_ratio"] == 0.7 and params["draws"] == 10
    assert clone(est).get_params() == params


@pytest.mark.parametrize(
    "X,y,message",
    [
        (np.array([[1.0, np.nan], [2.0, 3.0], [0.0, 1.0]]), np.array([1.0, 2.0, 3.0]), r"X contains NaN .*row 0, column 1"),
        (np.ones((3, 2)), np.array([1.0, np.inf, 3.0]), r"y contains NaN or infinity \(first at row 1\)"),
        (np.ones((4, 2)), np.ones(3), "mismatched lengths: X has 4 rows, y has 3"),
        (np.ones(4), np.ones(4), "X must be 2-D"),
        (np.ones((1, 2)), np.ones(1), "at least 2 samples to fit; got n_samples = 1"),
    ],
)
def test_bad_input_raises_clear_value_error(X, y, message):
    with pytest.raises(ValueError, match=message):
        BayesLasso(alpha=0.1).fit(X, y)


def test_nan_in_named_column_names_it():
    X = pd.DataFrame({"age": [1.0, 2.0, 3.0], "bmi": [1.0, None, 2.0]})
    with pytest.raises(ValueError, match=r"row 1, column 1 \('bmi'\)"):
        BayesRidge().fit(X, [1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    "params,message",
    [
        ({"alpha": -1.0}, r"The 'alpha' parameter of BayesLasso must be a float in the range \(0, inf\) or one of "
                          r"\{'empirical_bayes'\} or an instance of Hyperprior. Got -1.0 instead."),
        ({"draws": 0}, "The 'draws' parameter of BayesLasso must be an int in the range"),
        ({"chains": 1.5}, "The 'chains' parameter of BayesLasso"),
        ({"sampler": "gibs"}, "The 'sampler' parameter of BayesLasso must be one of"),
    ],
)
def test_bad_parameters_raise_named_errors(params, message):
    X, y = make_regression_data(10, 2, seed=0)
    with pytest.raises(ValueError, match=message):
        BayesLasso(**params).fit(X, y)


@pytest.mark.slow
@pytest.mark.filterwarnings("error::bayesreg.exceptions.SamplingWarning")
def test_sampling_warning_names_the_numbers_and_a_fix():
    from bayesreg.exceptions import SamplingWarning

    X, y = make_regression_data(30, 2, seed=3)
    est = BayesRidge(alpha=1.0, draws=20, tune=20, chains=2, cores=1, random_state=0, sampler="nuts")
    with pytest.warns(SamplingWarning, match=r"ess_bulk = \d+ < 200 \(100 per chain x 2 chains\).*Fix: increase draws"):
        est.fit(X, y)
    assert set(est.diagnostics_) == {"r_hat", "ess_bulk", "ess_tail", "divergences"}
    assert est.diagnostics_["ess_bulk"] < 200


@pytest.mark.slow
def test_predict_return_std_and_interval_include_the_noise(fitted_lasso, frame):
    X, _ = frame
    mean, std = fitted_lasso.predict(X, return_std=True)
    sigma2 = fitted_lasso.idata_.posterior["sigma"].to_numpy() ** 2
    assert np.all(std >= np.sqrt(sigma2.mean()))  # noise variance is a floor
    np.testing.assert_allclose(mean, fitted_lasso.predict(X))
    band = fitted_lasso.predict_interval(X, level=0.9)
    assert band.shape == (60, 2) and np.all(band[:, 0] < mean) and np.all(mean < band[:, 1])
    # A 90% Gaussian-like predictive band is about 2 * 1.645 predictive sds wide (+-25% Monte Carlo slack
    # for 300 draws per row).
    width = band[:, 1] - band[:, 0]
    np.testing.assert_allclose(np.median(width / (2 * 1.645 * std)), 1.0, rtol=0.25)


@pytest.mark.parametrize(
    "est,expected",
    [(BayesRidge(alpha=1.0), "exact"), (BayesLasso(alpha=0.1), "gibbs"), (BayesElasticNet(alpha=0.1), "gibbs")],
)
def test_auto_sampler_picks_the_fastest_exact_option_and_records_it(est, expected):
    X, y = make_regression_data(40, 3, seed=2)
    est.set_params(draws=200, tune=100, random_state=1)
    est.fit(X, y)
    attrs = est.idata_.posterior.attrs
    assert attrs["sampler"].startswith(expected) and attrs["sampler_requested"] == "auto"
