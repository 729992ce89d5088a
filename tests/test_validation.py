"""The bad-input catalogue: one test per case, asserting the documented behaviour or the message.

Every refusal is a ``ValueError`` / ``TypeError`` naming the argument, row or column; every
accepted oddity (p >> n, 1e6 scales, duplicated or constant columns, tune=0, ...) is checked
against an oracle. Fits use ``sampler="auto"`` (exact draws for ridge, Gibbs for lasso and
elastic net: milliseconds), never NUTS.
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.exceptions import DataConversionWarning
from sklearn.linear_model import Lasso, Ridge

from bayesreg import BayesElasticNet, BayesLasso, BayesRidge
from bayesreg.exceptions import SamplingWarning

from ._helpers import make_regression_data

FAST = dict(draws=200, tune=100, random_state=0)
X0, Y0 = make_regression_data(30, 3, seed=0)


def _raises(exc, message, est, X, y, **fit_kw):
    """Assert ``est.fit`` raises ``exc`` whose message is exactly ``message`` (escaped)."""
    with pytest.raises(exc, match="^" + re.escape(message) + "$"):
        est.fit(X, y, **fit_kw)


# ---------------------------------------------------------------------- X: values


def test_nan_in_X_names_row_and_column():
    X = X0.copy()
    X[4, 2] = np.nan
    _raises(ValueError, "X contains NaN or infinity (first at row 4, column 2).", BayesRidge(**FAST), X, Y0)


def test_inf_in_dataframe_names_the_column():
    X = pd.DataFrame(X0, columns=["age", "bmi", "bp"])
    X.loc[7, "bmi"] = -np.inf
    _raises(ValueError, "X contains NaN or infinity (first at row 7, column 1 ('bmi')).", BayesLasso(**FAST), X, Y0)


def test_nullable_pandas_missing_value_is_reported_like_nan():
    # pd.NA in an Int64 column is a missing value, not "non-numeric text".
    X = pd.DataFrame({"a": pd.array(np.arange(30), dtype="Int64"), "b": X0[:, 0]})
    X.loc[3, "a"] = pd.NA
    _raises(ValueError, "X contains NaN or infinity (first at row 3, column 0 ('a')).", BayesRidge(**FAST), X, Y0)


def test_nan_in_y_names_the_row():
    y = pd.Series(Y0)
    y[11] = np.nan
    _raises(ValueError, "y contains NaN or infinity (first at row 11).", BayesRidge(**FAST), X0, y)


def test_inf_in_y_names_the_row():
    y = Y0.copy()
    y[0] = np.inf
    _raises(ValueError, "y contains NaN or infinity (first at row 0).", BayesElasticNet(**FAST), X0, y)


def test_complex_X_is_refused():
    _raises(ValueError, "X has complex values: Complex data not supported; pass the real part.",
            BayesRidge(**FAST), X0 + 1j, Y0)


# ---------------------------------------------------------------------- X: shapes


def test_mismatched_lengths_name_both():
    _raises(ValueError, "X and y have mismatched lengths: X has 30 rows, y has 29.", BayesRidge(**FAST), X0, Y0[:-1])


def test_one_dimensional_X_says_how_to_reshape():
    with pytest.raises(ValueError, match=r"^X must be 2-D .* got 1-D with shape \(30,\)\. Reshape your data .*"
                                         r"X\.reshape\(-1, 1\)"):
        BayesRidge(**FAST).fit(X0[:, 0], Y0)


def test_three_dimensional_X_is_refused():
    _raises(ValueError, "X must be 2-D of shape (n_samples, n_features); got 3-D with shape (30, 3, 1).",
            BayesRidge(**FAST), X0[:, :, None], Y0)


def test_ragged_rows_are_refused_with_the_argument_named():
    with pytest.raises(ValueError, match=r"^X cannot be read as a 2-D array \(rows of different lengths\?\)"):
        BayesRidge(**FAST).fit([[1.0, 2.0], [3.0]], [1.0, 2.0])


def test_no_rows():
    _raises(ValueError, "X is empty: found array with 0 sample(s) (shape=(0, 3)) while a minimum of 1 is required.",
            BayesRidge(**FAST), np.empty((0, 3)), np.empty(0))


def test_no_columns():
    _raises(ValueError, "X is empty: 0 feature(s) (shape=(30, 0)) while a minimum of 1 is required.",
            BayesRidge(**FAST), np.empty((30, 0)), Y0)


def test_single_row():
    _raises(ValueError, "Need at least 2 samples to fit; got n_samples = 1.", BayesLasso(**FAST), X0[:1], Y0[:1])


def test_two_rows_work_for_ridge():
    # Documented minimum: with a flat intercept and Jeffreys' sigma, 2 rows leave one residual degree of
    # freedom; the Gaussian prior keeps the weights proper. Oracle for the mode: scikit-learn's Ridge.
    X, y = X0[:2, :1], Y0[:2]
    est = BayesRidge(alpha=1.0, **FAST).fit(X, y)
    np.testing.assert_allclose(est.coef_map_, Ridge(alpha=1.0).fit(X, y).coef_, rtol=1e-10)
    assert np.isfinite(est.idata_.posterior["coef"]).all()


def test_more_features_than_rows_ridge_mode_is_the_twin():
    X, y = make_regression_data(20, 200, seed=1)
    # 1000 independent draws: with 200 draws, the largest of 200 R-hats passes 1.01 by chance.
    est = BayesRidge(alpha=0.5, **{**FAST, "draws": 1000}).fit(X, y)
    assert est.idata_.posterior.attrs["sampler"] == "exact"
    np.testing.assert_allclose(est.coef_map_, Ridge(alpha=0.5).fit(X, y).coef_, rtol=1e-8, atol=1e-12)
    assert np.isfinite(est.coef_).all() and est.coef_.shape == (200,)


def test_more_features_than_rows_lasso_uses_the_p_greater_than_n_sampler():
    X, y = make_regression_data(20, 200, seed=1)
    with warnings.catch_warnings():
        # 200 draws of 200 weights from 20 rows: a low ESS is the expected (and correct) verdict here.
        warnings.simplefilter("ignore", SamplingWarning)
        est = BayesLasso(alpha=0.5, **FAST).fit(X, y)
    assert est.idata_.posterior.attrs["sampler"] == "gibbs-bhattacharya"
    np.testing.assert_allclose(est.coef_map_, Lasso(alpha=0.5, tol=1e-12, max_iter=10**6).fit(X, y).coef_,
                               atol=1e-8)
    assert np.isfinite(est.idata_.posterior["coef"]).all()


# ---------------------------------------------------------------------- X: types


def test_object_array_with_text_names_the_cell():
    X = X0.astype(object)
    X[5, 1] = "n/a"
    _raises(TypeError, "X contains a non-numeric value 'n/a' (first at row 5, column 1: could not convert string "
                       "to float: 'n/a'); encode text columns as numbers (e.g. one-hot) or drop them.",
            BayesRidge(**FAST), X, Y0)


def test_numeric_text_is_converted():
    # Documented: strings that parse as numbers are numbers (as numpy's float conversion).
    a = BayesRidge(**FAST).fit(X0.astype(str), Y0)
    b = BayesRidge(**FAST).fit(X0, Y0)
    np.testing.assert_array_equal(a.coef_, b.coef_)


def test_dataframe_with_text_column_names_it():
    X = pd.DataFrame(X0, columns=["a", "b", "c"]).assign(city=["x"] * 30)
    _raises(TypeError, "X has non-numeric column(s) ['city']; encode or drop them before fitting.",
            BayesLasso(**FAST), X, Y0)


def test_dataframe_with_categorical_column_names_it():
    X = pd.DataFrame(X0, columns=["a", "b", "c"]).assign(size=pd.Categorical(["s", "m", "l"] * 10))
    _raises(TypeError, "X has non-numeric column(s) ['size']; encode or drop them before fitting.",
            BayesRidge(**FAST), X, Y0)


def test_bool_and_int_columns_are_numbers():
    X = pd.DataFrame({"flag": X0[:, 0] > 0, "count": np.arange(30), "x": X0[:, 1]})
    est = BayesRidge(**FAST).fit(X, Y0)
    np.testing.assert_allclose(est.coef_map_, Ridge(alpha=1.0).fit(X.astype(float), Y0).coef_, rtol=1e-10)
    assert list(est.feature_names_in_) == ["flag", "count", "x"]


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
def test_sparse_X_is_refused_with_the_fix(fmt):
    _raises(TypeError, "X is a sparse matrix; bayesreg needs dense data. Convert it with X.toarray().",
            BayesRidge(**FAST), sp.random(30, 3, density=0.5, format=fmt, random_state=0), Y0)


def test_fit_does_not_modify_the_callers_data():
    X = pd.DataFrame(X0, columns=["a", "b", "c"])
    X_before, y_before = X.copy(), Y0.copy()
    BayesRidge(**FAST).fit(X, Y0)
    pd.testing.assert_frame_equal(X, X_before)
    np.testing.assert_array_equal(Y0, y_before)


# ---------------------------------------------------------------------- y


def test_y_none():
    _raises(ValueError, "BayesLasso requires y to be passed, but the target y is None.", BayesLasso(**FAST), X0, None)


def test_y_with_two_columns():
    _raises(ValueError, "y must be 1-D of shape (n_samples,); got shape (30, 2).",
            BayesRidge(**FAST), X0, np.column_stack([Y0, Y0]))


def test_y_column_vector_warns_and_fits_as_1d():
    with pytest.warns(DataConversionWarning, match="A column-vector y was passed"):
        a = BayesRidge(**FAST).fit(X0, Y0[:, None])
    np.testing.assert_array_equal(a.coef_, BayesRidge(**FAST).fit(X0, Y0).coef_)


def test_y_text_names_the_row():
    y = Y0.astype(object)
    y[9] = "high"
    _raises(TypeError, "y contains a non-numeric value 'high' (first at row 9: could not convert string to float: "
                       "'high').", BayesRidge(**FAST), X0, y)


def test_constant_y_is_refused():
    _raises(ValueError, "y is constant (every value is 3.5): nothing to regress. With an intercept the residual "
                        "scale would be 0 and sigma's posterior improper.", BayesRidge(**FAST), X0, np.full(30, 3.5))


# ---------------------------------------------------------------------- uninformative columns


def test_constant_column_warns_and_its_posterior_is_the_prior():
    alpha = 2.0
    X = pd.DataFrame(X0, columns=["a", "b", "c"]).assign(k=7.0)
    with pytest.warns(UserWarning, match=r"X has constant column\(s\) 3 \('k'\): with an intercept"):
        est = BayesRidge(alpha=alpha, draws=2000, random_state=0).fit(X, Y0)
    assert est.coef_map_[3] == 0.0
    # Oracle: the prior w_k / sigma ~ Normal(0, 1 / alpha), untouched by the data. The exact sampler's
    # 4000 draws are independent, so the Monte Carlo SEs are sd / sqrt(N) and sd / sqrt(2 N).
    z = (est.idata_.posterior["coef"].sel(feature="k") / est.idata_.posterior["sigma"]).to_numpy().ravel()
    sd, n = 1 / np.sqrt(alpha), z.size
    assert abs(z.mean()) < 4 * sd / np.sqrt(n)
    assert abs(z.std() - sd) < 4 * sd / np.sqrt(2 * n)


def test_constant_column_without_intercept_is_a_regular_feature():
    # Without an intercept a constant column *is* the intercept: no warning (pytest turns one into an error).
    X = np.column_stack([X0, np.ones(30)])
    est = BayesRidge(alpha=1.0, fit_intercept=False, **FAST).fit(X, Y0)
    np.testing.assert_allclose(est.coef_map_, Ridge(alpha=1.0, fit_intercept=False).fit(X, Y0).coef_, rtol=1e-10)


def test_duplicated_columns_warn_and_ridge_splits_the_weight():
    X = pd.DataFrame(X0, columns=["a", "b", "c"]).assign(a2=X0[:, 0])
    with pytest.warns(UserWarning, match=r"X has identical columns 0 \('a'\) = 3 \('a2'\)"):
        est = BayesRidge(alpha=1.0, **FAST).fit(X, Y0)
    # Oracle: two copies with penalty alpha (w1^2 + w2^2) act as one column x sqrt(2) with weight
    # c = (w1 + w2) / sqrt(2), and the mode splits equally: w1 = w2 = c / sqrt(2).
    Xs = X0 * np.array([np.sqrt(2), 1, 1])
    c = Ridge(alpha=1.0).fit(Xs, Y0).coef_
    np.testing.assert_allclose(est.coef_map_, [c[0] / np.sqrt(2), c[1], c[2], c[0] / np.sqrt(2)], rtol=1e-10)


# ---------------------------------------------------------------------- scales


def test_X_scaled_by_1e6_ridge_draws_scale_exactly():
    # Ridge(alpha) on X is Ridge(alpha c^2) on c X with weights / c; the exact sampler draws the same
    # standard normals, so every draw scales (rtol 1e-6: rounding in a 1e12-scaled Gram matrix).
    c = 1e6
    a = BayesRidge(alpha=1.0, **FAST).fit(X0, Y0)
    b = BayesRidge(alpha=c**2, **FAST).fit(c * X0, Y0)
    np.testing.assert_allclose(b.idata_.posterior["coef"] * c, a.idata_.posterior["coef"], rtol=1e-6)


def test_y_scaled_by_1e_minus_6_ridge_draws_scale_exactly():
    c = 1e-6
    a = BayesRidge(alpha=1.0, **FAST).fit(X0, Y0)
    b = BayesRidge(alpha=1.0, **FAST).fit(X0, c * Y0)
    np.testing.assert_allclose(b.idata_.posterior["coef"], c * a.idata_.posterior["coef"], rtol=1e-6)
    np.testing.assert_allclose(b.sigma_, c * a.sigma_, rtol=1e-6)


def test_column_scaled_by_1e6_lasso_mode_is_the_twin():
    # Documented: the penalty is scale-dependent (as in scikit-learn); the fit still works, the mode is
    # Lasso's at the same alpha, and the big column's weight is on its own (tiny) scale.
    # Oracle: the KKT conditions of Lasso(0.1) checked directly (scikit-learn's own solver stalls at a
    # duality gap of 1e-8 on this scaling, so it cannot serve as the reference at tight tolerance).
    from bayesreg.testing import assert_penalized_optimum

    X = X0 * np.array([1.0, 1e6, 1.0])
    est = BayesLasso(alpha=0.1, **FAST).fit(X, Y0)
    assert_penalized_optimum(est.coef_map_, X, Y0, objective="lasso", alpha=0.1, intercept=est.intercept_map_)
    np.testing.assert_allclose(est.coef_map_[1] * 1e6, BayesLasso(alpha=0.1, **FAST).fit(X0, Y0).coef_map_[1],
                               rtol=0.5)  # same order of magnitude as unscaled: the 1e6 is absorbed
    assert np.isfinite(est.idata_.posterior["coef"]).all()


def test_y_scaled_by_1e6_lasso_mode_scales_with_alpha():
    c = 1e6
    a = BayesLasso(alpha=0.1, **FAST).fit(X0, Y0)
    b = BayesLasso(alpha=0.1 * c, **FAST).fit(X0, c * Y0)
    np.testing.assert_allclose(b.coef_map_, c * a.coef_map_, rtol=1e-8)
    # The posterior is scale equivariant too: means agree within 4 Monte Carlo SEs (from ArviZ's ESS).
    import arviz as az

    mcse = az.mcse(a.idata_, var_names=["coef"])["coef"].to_numpy()
    assert np.all(np.abs(b.coef_ / c - a.coef_) < 4 * np.sqrt(2) * mcse)


# ---------------------------------------------------------------------- parameters


@pytest.mark.parametrize("alpha", [-1.0, 0.0, np.nan, np.inf, "1.0"])
def test_bad_alpha(alpha):
    _raises(ValueError, "The 'alpha' parameter of BayesLasso must be a float in the range (0, inf) or one of "
                        f"{{'empirical_bayes'}} or an instance of Hyperprior. Got {alpha!r} instead.",
            BayesLasso(alpha=alpha, **FAST), X0, Y0)


@pytest.mark.parametrize("l1_ratio", [-0.1, 1.5, np.nan])
def test_l1_ratio_outside_unit_interval(l1_ratio):
    _raises(ValueError, f"The 'l1_ratio' parameter of BayesElasticNet must be a float in the range [0, 1]. "
                        f"Got {l1_ratio!r} instead.", BayesElasticNet(l1_ratio=l1_ratio, **FAST), X0, Y0)


@pytest.mark.parametrize("l1_ratio, twin", [(1.0, lambda a, n: Lasso(alpha=a, tol=1e-14, max_iter=10**6)),
                                            (0.0, lambda a, n: Ridge(alpha=n * a))])
def test_l1_ratio_at_the_ends_is_lasso_or_ridge(l1_ratio, twin):
    # l1_ratio = 0: ||r||^2 / (2n) + alpha / 2 ||w||^2 is Ridge with alpha_ridge = n alpha (closed form).
    est = BayesElasticNet(alpha=0.1, l1_ratio=l1_ratio, **FAST).fit(X0, Y0)
    np.testing.assert_allclose(est.coef_map_, twin(0.1, 30).fit(X0, Y0).coef_, rtol=1e-8)


@pytest.mark.parametrize(
    "param, value, must",
    [("draws", 0, "an int in the range [1, inf)"), ("chains", 0, "an int in the range [1, inf)"),
     ("tune", -1, "an int in the range [0, inf)"), ("draws", 100.0, "an int in the range [1, inf)"),
     ("target_accept", 1.0, "a float in the range (0, 1)"), ("fit_intercept", "yes", "a bool"),
     ("sampler", "gibs", "one of {'auto', 'nuts', 'gibbs', 'exact'}")],
)
def test_bad_sampler_settings_name_the_parameter(param, value, must):
    _raises(ValueError, f"The {param!r} parameter of BayesRidge must be {must}. Got {value!r} instead.",
            BayesRidge(**{**FAST, param: value}), X0, Y0)


def test_tune_zero_is_allowed():
    # Documented: exact and Gibbs samplers start at the MAP and need no tuning.
    est = BayesLasso(alpha=0.1, draws=200, tune=0, random_state=0).fit(X0, Y0)
    assert est.idata_.posterior.sizes["draw"] == 200


def test_one_chain_warns_that_convergence_is_unchecked():
    with pytest.warns(SamplingWarning, match=r"r_hat is undefined with 1 chain.*Fix: use chains >= 2"):
        BayesRidge(chains=1, **FAST).fit(X0, Y0)


@pytest.mark.parametrize("random_state, exc, message", [
    (1.5, TypeError, "random_state must be None, an int or a numpy.random.Generator; got float."),
    (np.random.RandomState(0), TypeError, "random_state must be None, an int or a numpy.random.Generator; got "
                                          "RandomState."),
    (-3, ValueError, "random_state must be a non-negative int; got -3."),
])
def test_bad_random_state(random_state, exc, message):
    _raises(exc, message, BayesRidge(**{**FAST, "random_state": random_state}), X0, Y0)


@pytest.mark.parametrize("sw, message", [
    (np.r_[np.ones(29), -1.0], "sample_weight must be non-negative (first negative at row 29)."),
    (np.ones(5), "sample_weight must have shape (30,); got (5,)."),
    (np.zeros(30), "sample_weight must have a positive sum; got all weights equal to zero."),
    (np.r_[np.nan, np.ones(29)], "sample_weight contains NaN or infinity (first at row 0)."),
])
def test_bad_sample_weight(sw, message):
    _raises(ValueError, message, BayesRidge(**FAST), X0, Y0, sample_weight=sw)


# ---------------------------------------------------------------------- predict


def test_predict_with_wrong_number_of_features():
    est = BayesRidge(**FAST).fit(X0, Y0)
    with pytest.raises(ValueError, match=r"^X has 2 features, but BayesRidge is expecting 3 features as input\.$"):
        est.predict(X0[:, :2])


def test_predict_with_renamed_columns():
    est = BayesRidge(**FAST).fit(pd.DataFrame(X0, columns=["a", "b", "c"]), Y0)
    with pytest.raises(ValueError, match=re.escape("Missing: ['c']; unexpected: ['d'].")):
        est.predict(pd.DataFrame(X0, columns=["a", "b", "d"]))


def test_predict_with_nan_names_the_cell():
    est = BayesRidge(**FAST).fit(X0, Y0)
    X = X0.copy()
    X[2, 0] = np.nan
    with pytest.raises(ValueError, match=re.escape("X contains NaN or infinity (first at row 2, column 0).")):
        est.predict(X)


def test_mixed_type_column_names_warn_and_fall_back_to_x0_x1():
    frame = pd.DataFrame(X0, columns=["a", 1, "c"])
    with pytest.warns(UserWarning, match=r"mixed types \['int', 'str'\].*astype\(str\)"):
        est = BayesRidge(alpha=1.0, **FAST).fit(frame, Y0)
    assert not hasattr(est, "feature_names_in_")
    assert list(est.idata_.posterior["coef"].coords["feature"].values) == ["x0", "x1", "x2"]


def test_all_integer_column_names_are_dropped_silently_as_in_scikit_learn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        est = BayesRidge(alpha=1.0, **FAST).fit(pd.DataFrame(X0, columns=[0, 1, 2]), Y0)
    assert not hasattr(est, "feature_names_in_")


@pytest.mark.parametrize("X, y", [
    (np.random.default_rng(0).normal(size=(10, 25)), np.random.default_rng(1).normal(size=10)),  # p > n
    (np.arange(1.0, 6.0)[:, None], 2.0 * np.arange(1.0, 6.0)),                                      # exact fit
])
def test_ridge_empirical_bayes_refuses_an_exact_fit(X, y):
    with pytest.raises(ValueError, match=r"^empirical Bayes needs residual noise, but y is fitted exactly by X"):
        BayesRidge(alpha="empirical_bayes", **FAST).fit(X, y)
