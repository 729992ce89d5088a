"""BayesLogisticRegression: the classifier API, its MAP == LogisticRegression, its InferenceData."""

import warnings

import arviz as az
import numpy as np
import pytest
from scipy import special
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from bayesreg import BayesLogisticRegression
from bayesreg.testing import assert_map_equals_penalized


def _data(seed=0, n=120, p=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = np.where(rng.random(n) < special.expit(0.4 + X @ np.linspace(1.0, -0.5, p)), "yes", "no")
    return X, y


@pytest.fixture(scope="module")
def fitted():
    X, y = _data()
    return X, y, BayesLogisticRegression(prior="lasso", C=0.5, draws=800, tune=300, random_state=0).fit(X, y)


def test_labels_and_probabilities(fitted):
    X, y, clf = fitted
    assert list(clf.classes_) == ["no", "yes"]
    proba = clf.predict_proba(X)
    assert proba.shape == (X.shape[0], 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert set(clf.predict(X)) <= {"no", "yes"}
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[(proba[:, 1] > 0.5).astype(int)])
    lo_hi = clf.predict_proba_interval(X, level=0.9)
    assert np.all(lo_hi[:, 0] <= proba[:, 1]) and np.all(proba[:, 1] <= lo_hi[:, 1])
    assert clf.score(X, y) > 0.6
    # The posterior mean probability is less extreme than expit(mean log-odds) (Jensen, expit convex/concave).
    plug_in = special.expit(clf.decision_function(X))
    far = np.abs(plug_in - 0.5) > 0.3
    assert np.all(np.abs(proba[far, 1] - 0.5) <= np.abs(plug_in[far] - 0.5) + 1e-12)
    np.testing.assert_allclose(clf.predict_log_proba(X[:5]), np.log(proba[:5]))


def test_map_is_logistic_regression_and_posterior_mean_is_not_sparse():
    X, y = _data(1, n=150, p=6)
    clf = BayesLogisticRegression(prior="lasso", C=0.05, draws=2000, tune=500, random_state=1).fit(X, y)
    sk = LogisticRegression(C=0.05, l1_ratio=1.0, solver="saga", tol=1e-12, max_iter=1_000_000).fit(X, y)
    assert_map_equals_penalized(clf, sk, X, y, rtol=1e-8)
    assert clf.coef_map_.shape == (1, 6) and clf.intercept_map_.shape == (1,)
    assert np.sum(clf.coef_map_ == 0) >= 1
    assert np.all(clf.coef_ != 0)  # the posterior mean is never sparse
    assert clf.map_.kkt_residual <= 1e-12


def test_inference_data_groups_and_loo(fitted):
    X, _, clf = fitted
    idata = clf.idata_
    for group in ("posterior", "log_likelihood", "posterior_predictive", "observed_data"):
        assert group in idata.groups()
    assert idata.log_likelihood["y"].shape == (2, 800, X.shape[0])
    assert set(np.unique(idata.posterior_predictive["y"].values)) <= {0, 1}
    loo = az.loo(idata)
    assert np.isfinite(loo.elpd_loo)
    assert idata.posterior.attrs["sampler"] == "polya-gamma-cholesky"
    assert clf.credible_interval().shape == (X.shape[1], 2)


def test_alpha_is_the_mean_log_loss_scale():
    X, y = _data(2)
    n = X.shape[0]
    a = BayesLogisticRegression(prior="enet", alpha=0.02, l1_ratio=0.4, draws=200, tune=100, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few draws: diagnostics may warn; only the mode matters here
        a.fit(X, y)
    assert a.C_ == pytest.approx(1.0 / (n * 0.02))
    sk = LogisticRegression(C=a.C_, l1_ratio=0.4, solver="saga", tol=1e-12, max_iter=1_000_000).fit(X, y)
    assert_map_equals_penalized(a, sk, X, y, rtol=1e-8)


def test_sample_weight_map_equals_repeated_rows():
    X, y = _data(3, n=60)
    sw = np.random.default_rng(0).integers(1, 4, size=60)
    kw = {"prior": "ridge", "C": 0.7, "draws": 300, "tune": 100, "random_state": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = BayesLogisticRegression(**kw).fit(X, y, sample_weight=sw)
        b = BayesLogisticRegression(**kw).fit(np.repeat(X, sw, axis=0), np.repeat(y, sw))
    np.testing.assert_allclose(a.coef_map_, b.coef_map_, rtol=1e-10)


def test_errors_are_named():
    X, y = _data()
    with pytest.raises(ValueError, match="Only binary classification.*y has 3"):
        BayesLogisticRegression().fit(X, np.arange(X.shape[0]) % 3)
    with pytest.raises(ValueError, match="'C' parameter"):
        BayesLogisticRegression(C=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="'prior' parameter"):
        BayesLogisticRegression(prior="cauchy").fit(X, y)
    with pytest.raises(ValueError, match="ridge-only"):
        BayesLogisticRegression(prior="lasso", C=np.inf).fit(X, y)
    with pytest.raises(ValueError, match="nuts"):
        BayesLogisticRegression(prior="horseshoe", sampler="nuts").fit(X, y)
    Xs = X.copy()
    Xs[:, 0] = np.where(y == "yes", 1.0, -1.0)  # perfectly separated by column 0
    with pytest.raises(ValueError, match="separated"):
        BayesLogisticRegression(C=np.inf).fit(Xs, y)


def test_horseshoe_and_pipeline_and_clone():
    X, y = _data(4, n=100, p=4)
    pipe = make_pipeline(StandardScaler(), BayesLogisticRegression(prior="horseshoe", global_scale=0.5, draws=300,
                                                                   tune=200, random_state=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the horseshoe's tau mixes slowly with few draws
        pipe.fit(X, y)
    clf = pipe[-1]
    assert clf.map_ is None and clf.coef_map_ is None and "tau" in clf.idata_.posterior
    assert pipe.predict_proba(X).shape == (100, 2)
    c = clone(clf)
    assert c.get_params() == clf.get_params() and not hasattr(c, "coef_")


@pytest.mark.slow
def test_nuts_path_matches_gibbs_means():
    X, y = _data(5, n=80, p=2)
    kw = {"prior": "ridge", "C": 1.0, "draws": 1000, "tune": 500, "random_state": 0}
    g = BayesLogisticRegression(**kw).fit(X, y)
    u = BayesLogisticRegression(sampler="nuts", cores=1, **kw).fit(X, y)
    se = np.sqrt(az.mcse(g.idata_, var_names=["coef"])["coef"] ** 2 + az.mcse(u.idata_, var_names=["coef"])["coef"] ** 2)
    assert np.all(np.abs(g.coef_[0] - u.coef_[0]) <= 4 * se.values)
    assert "log_likelihood" in u.idata_.groups() and u.idata_.posterior.attrs["sampler"] == "nuts"
