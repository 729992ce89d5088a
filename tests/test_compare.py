"""bayesreg.compare and ``bayesreg compare`` (issue 12): ArviZ's table, our inputs."""

import arviz as az
import numpy as np
import pandas as pd
import pytest

from bayesreg import BayesHorseshoe, BayesLasso, BayesRidge, compare
from bayesreg.cli import main
from bayesreg.comparison import plot_compare

from .conftest import make_regression_data

pytestmark = [
    pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning"),
    pytest.mark.filterwarnings("ignore::matplotlib.MatplotlibDeprecationWarning"),
    # arviz 0.23's own az.compare (called here as the oracle) uses an inplace sort pandas 3.1 deprecates
    pytest.mark.filterwarnings("ignore:The inplace keyword:Warning"),
]
FAST = dict(draws=400, tune=200, random_state=0)


@pytest.fixture(scope="module")
def data():
    # one strong weight and four nulls: the lasso and horseshoe should not lose to a weak ridge
    X, y = make_regression_data(80, 5, seed=7, n_informative=1)
    return X, y


@pytest.fixture(scope="module")
def fitted(data):
    X, y = data
    return {
        "ridge": BayesRidge(alpha=1.0, **FAST).fit(X, y),
        "lasso": BayesLasso(alpha=0.05, **FAST).fit(X, y),
        "horseshoe": BayesHorseshoe(**FAST).fit(X, y),
    }


def test_compare_returns_arviz_table_ranked_by_elpd(fitted):
    table = compare(fitted)
    expected = az.compare({k: v.idata_ for k, v in fitted.items()})
    assert list(table.index) == list(expected.index)
    np.testing.assert_allclose(table["elpd_loo"], expected["elpd_loo"], rtol=1e-12)
    np.testing.assert_allclose(table["se"], expected["se"], rtol=1e-12)
    assert {"rank", "elpd_loo", "p_loo", "elpd_diff", "weight", "se", "dse", "warning", "n_bad_k", "sampler"} <= set(
        table.columns)
    assert (np.diff(table["elpd_loo"].to_numpy()) <= 0).all()
    assert table.attrs["n_obs"] == 80
    assert table.loc["ridge", "sampler"] == "exact"


def test_compare_fits_unfitted_estimators_and_names_a_list(data, fitted):
    X, y = data
    table = compare([BayesRidge(alpha=1.0, **FAST), BayesLasso(alpha=0.05, **FAST), BayesLasso(alpha=0.05, **FAST)],
                    X, y)
    assert set(table.index) == {"BayesRidge", "BayesLasso", "BayesLasso_2"}
    # the same seed and data: the clone fitted here is the fixture's fit
    assert table.loc["BayesRidge", "elpd_loo"] == pytest.approx(compare(fitted).loc["ridge", "elpd_loo"], rel=1e-12)


def test_compare_computes_a_missing_log_likelihood(data, fitted):
    X, y = data
    bare = BayesLasso(alpha=0.05, pointwise=False, **FAST).fit(X, y)
    assert "log_likelihood" not in bare.idata_
    with pytest.raises(ValueError, match="'lasso' was stored without log_likelihood"):
        compare({"lasso": bare, "ridge": fitted["ridge"]})
    table = compare({"lasso": bare, "ridge": fitted["ridge"]}, X, y)
    assert table.loc["lasso", "elpd_loo"] == pytest.approx(az.loo(fitted["lasso"].idata_).elpd_loo, rel=1e-12)
    assert "log_likelihood" not in bare.idata_  # the estimator's own idata_ is not modified


def test_compare_accepts_inference_data_and_waic(fitted):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # WAIC's variance warning is ArviZ's verdict
        table = compare({k: v.idata_ for k, v in fitted.items()}, ic="waic")
    assert "elpd_waic" in table.columns and (table["n_bad_k"] == 0).all()


def test_compare_bad_input(data, fitted):
    X, y = data
    with pytest.raises(ValueError, match="at least two models"):
        compare({"ridge": fitted["ridge"]})
    with pytest.raises(ValueError, match="'lasso' is not fitted: pass X and y"):
        compare({"lasso": BayesLasso(), "ridge": fitted["ridge"]})
    with pytest.raises(TypeError, match="'junk' must be a bayesreg estimator or an arviz.InferenceData"):
        compare({"junk": 3, "ridge": fitted["ridge"]})
    with pytest.raises(ValueError, match="has no log_likelihood group"):
        compare({"bare": az.from_dict(posterior={"coef": np.zeros((1, 5, 5))}), "ridge": fitted["ridge"]})
    with pytest.raises(ValueError, match="different numbers of observations"):
        compare({"short": BayesRidge(**FAST).fit(X[:50], y[:50]), "ridge": fitted["ridge"]})
    with pytest.raises(ValueError, match="'ic' parameter"):
        compare(fitted, ic="aic")


def test_compare_warns_once_about_bad_pareto_k():
    """One gross outlier under a Gaussian likelihood: its PSIS importance weights have a heavy tail."""
    X, y = make_regression_data(25, 2, seed=1)
    y[0] += 40.0
    models = {"a": BayesRidge(alpha=1.0, draws=1000, random_state=0), "b": BayesRidge(alpha=10.0, draws=1000,
                                                                                      random_state=1)}
    with pytest.warns(UserWarning, match=r"PSIS-LOO is unreliable for some observations .*a \(1\)") as record:
        table = compare(models, X, y)
    assert len([w for w in record if "PSIS-LOO" in str(w.message)]) == 1
    assert table["n_bad_k"].min() >= 1


def test_plot_compare_draws_one_row_per_model(fitted):
    import matplotlib.pyplot as plt

    ax = plot_compare(compare(fitted), title="t")
    assert ax.get_title() == "t" and len(ax.get_yticklabels()) >= 3
    plt.close("all")


# ---------------------------------------------------------------- the command line

@pytest.fixture(scope="module")
def diabetes_csv(tmp_path_factory, diabetes):
    X, y = diabetes
    path = tmp_path_factory.mktemp("cmp") / "diabetes.csv"
    frame = pd.DataFrame(X, columns=["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
    frame.assign(target=y).to_csv(path, index=False)
    return path


def test_cli_compare_prints_table_and_writes_files(diabetes_csv, tmp_path, capsys):
    out = tmp_path / "cmp"
    code = main(["compare", str(diabetes_csv), "--target", "target", "--models", "ridge,lasso,horseshoe",
                 "--draws", "300", "--tune", "200", "--alpha", "0.1", "--out", str(out)])
    text = capsys.readouterr().out
    assert code == 0
    for word in ("elpd_loo", "p_loo", "elpd_diff", "dse", "weight", "n_bad_k", "ridge", "lasso", "horseshoe"):
        assert word in text
    table = pd.read_csv(out / "compare.csv", index_col=0)
    assert set(table.index) == {"ridge", "lasso", "horseshoe"} and (out / "compare.png").stat().st_size > 1000
    assert table.loc["ridge", "alpha"] == 0.1 and np.isnan(table.loc["horseshoe", "alpha"])


@pytest.mark.parametrize("args, message", [
    (["--models", "ridge"], "at least two models"),
    (["--models", "ridge,forest"], "unknown model"),
    (["--target", "nope"], "not a column"),
])
def test_cli_compare_user_errors_exit_2_with_one_line(diabetes_csv, tmp_path, capsys, args, message):
    base = {"--target": "target", "--models": "ridge,lasso", "--out": str(tmp_path / "o")}
    for flag, value in zip(args[::2], args[1::2]):
        base[flag] = value
    code = main(["compare", str(diabetes_csv)] + [x for kv in base.items() for x in kv])
    err = capsys.readouterr().err.strip()
    assert code == 2 and message in err and "\n" not in err and "Traceback" not in err
