"""Every `--model` and `--alpha` form of `bayesreg fit`, the sigma prior, the interval level and the
held-out report, end to end through ``bayesreg.cli.main``; every bad value a one-line error, exit 2.

Oracles: scikit-learn's twins (tol=1e-12) for the modes, ``BayesianRidge`` for the empirical-Bayes
ridge alpha, numpy quantiles of the saved draws for the interval level, and the per-row file
``heldout.csv`` for the held-out numbers.
"""

import json

import arviz as az
import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import BayesianRidge, ElasticNet, Lasso, Ridge

from bayesreg.cli import main
from bayesreg.tuning import choose_alpha

FAST = ["--draws", "200", "--tune", "100", "--seed", "2"]


@pytest.fixture(scope="module")
def csv(tmp_path_factory):
    rng = np.random.default_rng(11)
    n = 60
    frame = pd.DataFrame(rng.normal(size=(n, 4)), columns=["x1", "x2", "x3", "x4"])
    frame["y"] = 1.0 + frame @ np.array([1.5, 0.0, -0.8, 0.0]) + rng.normal(0, 1, n)
    path = tmp_path_factory.mktemp("models") / "sim.csv"
    frame.to_csv(path, index=False, float_format="%.17g")
    return path


def _xy(path):
    frame = pd.read_csv(path)
    return frame.drop(columns="y"), frame["y"]


def _fit(csv, tmp_path, capsys, *args):
    out = tmp_path / "out"
    assert main(["fit", str(csv), "--target", "y", "--out", str(out), *FAST, *args]) == 0, capsys.readouterr().err
    text = capsys.readouterr().out
    meta = json.loads((out / "summary.json").read_text())
    return text, meta, pd.read_csv(out / "summary.csv", index_col=0), out


def test_ridge_at_a_number(csv, tmp_path, capsys):
    _, meta, table, _ = _fit(csv, tmp_path, capsys, "--model", "ridge", "--alpha", "3.5")
    X, y = _xy(csv)
    np.testing.assert_allclose(table["map"], Ridge(alpha=3.5).fit(X, y).coef_, rtol=1e-10)
    assert meta["alpha"] == 3.5 and meta["alpha_strategy"] == "fixed" and meta["cv"] is None


@pytest.mark.parametrize("name, twin", [("lasso", Lasso), ("enet", ElasticNet), ("elasticnet", ElasticNet)])
def test_auto_is_the_shuffled_1se_choice(csv, tmp_path, capsys, name, twin):
    text, meta, table, _ = _fit(csv, tmp_path, capsys, "--model", name, "--alpha", "auto")
    X, y = _xy(csv)
    lib = "lasso" if name == "lasso" else "elasticnet"
    expected = choose_alpha(lib, X, y, l1_ratio=0.5, cv=10, rule="1se", shuffle=True, random_state=2)
    assert meta["alpha"] == expected and meta["model"] == lib
    assert meta["cv"] == {"folds": 10, "rule": "1se", "shuffled": True, "seed": 2, "grid_index": meta["cv"]["grid_index"],
                          "grid_size": 100, "at_grid_edge": None}
    assert f"the one-standard-error rule of the {lib} twin's shuffled (seed 2) 10-fold cross-validation" in text
    kw = {} if twin is Lasso else {"l1_ratio": 0.5}
    np.testing.assert_allclose(table["map"], twin(alpha=expected, tol=1e-12, max_iter=10**6, **kw).fit(X, y).coef_,
                               rtol=1e-8, atol=1e-12)


def test_cv_options_reach_the_choice(csv, tmp_path, capsys):
    _, meta, _, _ = _fit(csv, tmp_path, capsys, "--model", "lasso", "--cv-folds", "4", "--cv-rule", "min")
    X, y = _xy(csv)
    assert meta["alpha"] == choose_alpha("lasso", X, y, cv=4, rule="min", random_state=2)
    assert meta["cv"]["folds"] == 4 and meta["cv"]["rule"] == "min"


def test_ridge_empirical_bayes_is_bayesian_ridges_evidence(csv, tmp_path, capsys):
    text, meta, _, _ = _fit(csv, tmp_path, capsys, "--model", "ridge", "--alpha", "empirical_bayes")
    X, y = _xy(csv)
    br = BayesianRidge(alpha_1=0, alpha_2=0, lambda_1=0, lambda_2=0, tol=1e-12, max_iter=100_000).fit(X, y)
    assert meta["alpha"] == pytest.approx(br.lambda_ / br.alpha_, rel=1e-6)  # as tests/test_empirical_bayes.py
    assert meta["alpha_strategy"] == "empirical_bayes" and "(empirical Bayes" in text


def test_lasso_gamma_hyperprior(csv, tmp_path, capsys):
    text, meta, _, out = _fit(csv, tmp_path, capsys, "--model", "lasso", "--alpha", "gamma:2,10")
    assert meta["alpha_strategy"] == "hyperprior" and meta["alpha_requested"] == "GammaHyperprior(shape=2.0, rate=10.0)"
    post = az.from_netcdf(str(out / "posterior.nc")).posterior
    assert "alpha" in post  # the hyperparameter is sampled
    np.testing.assert_allclose(meta["alpha"], float(post["alpha"].mean()), rtol=1e-10)


def test_park_casella_form(csv, tmp_path, capsys):
    _, meta, _, out = _fit(csv, tmp_path, capsys, "--model", "lasso", "--laplace-form", "park_casella",
                           "--alpha", "gamma:1,1.78")
    post = az.from_netcdf(str(out / "posterior.nc")).posterior
    assert post.attrs["laplace_form"].replace("-", "_") == "park_casella"
    assert meta["laplace_form"] == "park_casella" and meta["alpha_strategy"] == "hyperprior"


def test_horseshoe_has_no_mode_and_says_so(csv, tmp_path, capsys):
    text, meta, table, out = _fit(csv, tmp_path, capsys, "--model", "horseshoe", "--global-scale", "0.5")
    assert meta["alpha"] is None and meta["global_scale"] == 0.5 and meta["intercept_map"] is None
    assert table["map"].isna().all() and table["twin"].isna().all()
    assert "no mode or twin" in text and "fitting Bayesian horseshoe (global scale 0.5)" in text
    assert "tau" in az.from_netcdf(str(out / "posterior.nc")).posterior


def test_sigma_prior_and_level(csv, tmp_path, capsys):
    text, meta, table, out = _fit(csv, tmp_path, capsys, "--model", "ridge", "--alpha", "1", "--sigma-prior",
                                  "halfcauchy:2", "--level", "0.8")
    post = az.from_netcdf(str(out / "posterior.nc")).posterior
    assert "HalfCauchySigma(scale=2.0)" in post.attrs["model"] and meta["sigma_prior"] == "HalfCauchySigma(scale=2.0)"
    draws = post["coef"].stack(s=("chain", "draw")).transpose("feature", "s").to_numpy()
    np.testing.assert_allclose(table["eti_lower"], np.quantile(draws, 0.1, axis=1), rtol=1e-12)
    np.testing.assert_allclose(table["eti_upper"], np.quantile(draws, 0.9, axis=1), rtol=1e-12)
    assert "80% low" in text and meta["level"] == 0.8


def test_holdout_report_matches_its_rows(csv, tmp_path, capsys):
    text, meta, _, out = _fit(csv, tmp_path, capsys, "--model", "ridge", "--alpha", "1", "--holdout", "0.25",
                              "--standardize")
    rows = pd.read_csv(out / "heldout.csv", index_col=0)
    held = meta["heldout"]
    assert held["n"] == len(rows) == 15 and meta["n_samples"] == 45
    np.testing.assert_allclose(held["rmse_mean"], np.sqrt(np.mean((rows["y"] - rows["predicted"]) ** 2)), rtol=1e-12)
    assert held["covered"] == int(((rows["lower"] <= rows["y"]) & (rows["y"] <= rows["upper"])).sum())
    X, y = _xy(csv)
    train = y.drop(index=rows.index - 1)
    np.testing.assert_allclose(held["rmse_baseline"], np.sqrt(np.mean((rows["y"] - train.mean()) ** 2)), rtol=1e-12)
    assert text.count("held-out (--holdout 0.25, seed 2): 15 rows; RMSE posterior mean") == 1


@pytest.mark.parametrize("spec, expected", [("laplace", "LaplaceLikelihood()"),
                                            ("student-t:3", "StudentTLikelihood(nu=3.0)")])
def test_robust_likelihoods(csv, tmp_path, capsys, spec, expected):
    """A non-Gaussian likelihood goes to BayesRegression with the model's prior at --alpha; the MAP of
    the Laplace likelihood + Laplace prior is the LAD-lasso (its twin QuantileRegressor checks it)."""
    text, meta, table, out = _fit(csv, tmp_path, capsys, "--model", "lasso", "--likelihood", spec, "--alpha", "0.05",
                                  "--holdout", "0.2")
    post = az.from_netcdf(str(out / "posterior.nc")).posterior
    assert meta["likelihood"] == expected and expected in post.attrs["model"] and meta["alpha"] == 0.05
    assert f"{expected} likelihood" in text and meta["heldout"]["n"] == 12
    if spec == "laplace":
        assert table["twin"].notna().all() and meta["max_rel_map_twin"] < 1e-6
    else:
        assert "no scikit-learn twin" in text and table["map"].notna().all()


def test_target_accept_reaches_the_estimator(monkeypatch, csv, tmp_path, capsys):
    import bayesreg.fit_csv as fit_csv

    made = {}
    real = fit_csv.make_estimator

    def spy(*args, **kwargs):
        made["estimator"] = real(*args, **kwargs)
        return made["estimator"]

    monkeypatch.setattr(fit_csv, "make_estimator", spy)
    _fit(csv, tmp_path, capsys, "--model", "ridge", "--alpha", "1", "--target-accept", "0.97")
    assert made["estimator"].target_accept == 0.97


@pytest.mark.parametrize("args, start", [
    (["--alpha", "0"], "argument --alpha: expected a positive number, auto, empirical_bayes or gamma:SHAPE,RATE, got '0'"),
    (["--alpha", "inf"], "argument --alpha: expected a positive number"),
    (["--alpha", "gamma:1"], "argument --alpha: expected gamma:SHAPE,RATE with two positive numbers (e.g. gamma:1,1.78)"),
    (["--alpha", "gamma:-1,2"], "argument --alpha: expected gamma:SHAPE,RATE with two positive numbers, got"),
    (["--alpha", "bayes"], "argument --alpha: expected a positive number, auto, empirical_bayes"),
    (["--sigma-prior", "cauchy"], "argument --sigma-prior: expected jeffreys or halfcauchy:SCALE"),
    (["--sigma-prior", "halfcauchy:0"], "argument --sigma-prior: expected jeffreys or halfcauchy:SCALE"),
    (["--level", "1"], "argument --level: expected a number strictly between 0 and 1, got '1'"),
    (["--level", "0"], "argument --level: expected a number strictly between 0 and 1"),
    (["--cv-folds", "1"], "argument --cv-folds: expected an integer >= 2, got 1"),
    (["--cv-rule", "max"], "argument --cv-rule: invalid choice: 'max'"),
    (["--global-scale", "-1"], "argument --global-scale: expected a positive number"),
    (["--likelihood", "cauchy"], "argument --likelihood: expected gaussian, laplace or student-t[:NU] (NU > 0)"),
    (["--likelihood", "student-t:0"], "argument --likelihood: expected gaussian, laplace or student-t[:NU]"),
    (["--likelihood", "laplace"], "a non-Gaussian --likelihood needs --alpha NUMBER or gamma:SHAPE,RATE"),
    (["--likelihood", "laplace", "--alpha", "empirical_bayes"], "a non-Gaussian --likelihood needs --alpha NUMBER"),
    (["--laplace-form", "pc"], "argument --laplace-form: invalid choice: 'pc'"),
    (["--target-accept", "1"], "argument --target-accept: expected a number strictly between 0 and 1"),
    (["--model", "horseshoe", "--alpha", "1"], "--alpha does not apply to --model horseshoe"),
    (["--model", "horseshoe", "--sampler", "nuts"], "--model horseshoe is sampled by Gibbs only"),
    (["--model", "ridge", "--laplace-form", "park_casella"], "--laplace-form applies to --model lasso only"),
    (["--laplace-form", "park_casella", "--alpha", "0.1"], "--laplace-form park_casella needs --alpha empirical_bayes "
                                                           "or gamma:SHAPE,RATE"),
    (["--laplace-form", "park_casella"], "--laplace-form park_casella needs --alpha"),
    (["--cv-folds", "40"], "choosing alpha by 40-fold cross-validation needs at least 80 rows; got 60."),
    (["--model", "enet", "--l1-ratio", "0"], "choosing alpha automatically needs l1_ratio > 0"),
    (["--model", "ridge", "--alpha", "1", "--sampler", "exact", "--sigma-prior", "halfcauchy:1"],
     "--sampler exact cannot sample GaussianPrior(alpha=1.0) with GaussianLikelihood() and HalfCauchySigma(scale=1.0); "
     "use --sampler nuts (any model) or 'auto'."),
])
def test_bad_values_are_one_line_errors(csv, tmp_path, capsys, args, start):
    assert main(["fit", str(csv), "--target", "y", "--out", str(tmp_path / "bad"), *FAST, *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"bayesreg: error: {start}"), err
    assert "Traceback" not in err[0] and "parameter of Bayes" not in err[0]
    assert not (tmp_path / "bad" / "summary.json").exists()


SLOW_FORMS = {("enet", "empirical_bayes"), ("enet", "gamma:2,10")}  # Monte Carlo EM, NUTS: 7-30 s


@pytest.mark.parametrize("model, alpha, strategy", [
    pytest.param(m, a, st, marks=[pytest.mark.slow] if (m, a) in SLOW_FORMS else [])
    for m in ("ridge", "lasso", "enet")
    for a, st in (("0.5", "fixed"), ("auto", "fixed"), ("empirical_bayes", "empirical_bayes"), ("gamma:2,10", "hyperprior"))
])
def test_every_model_takes_every_alpha_form(csv, tmp_path, capsys, model, alpha, strategy):
    _, meta, table, _ = _fit(csv, tmp_path, capsys, "--model", model, "--alpha", alpha, "--no-progress")
    assert meta["alpha_strategy"] == strategy and 0 < meta["alpha"] < np.inf
    assert (meta["cv"] is not None) == (alpha == "auto")
    if alpha == "0.5":
        assert meta["alpha"] == 0.5
    assert table["mean"].notna().all() and table["map"].notna().all()
    if (model, alpha) == ("enet", "gamma:2,10"):  # the hyperprior's alpha-dependent normalizer: NUTS only
        assert meta["sampler"] == "nuts"


def test_options_for_another_model_get_a_note(csv, tmp_path, capsys):
    text, _, _, _ = _fit(csv, tmp_path, capsys, "--model", "ridge", "--alpha", "1", "--l1-ratio", "0.3",
                         "--global-scale", "2")
    assert "note: --l1-ratio applies to --model elasticnet only; ignored for ridge." in text
    assert "note: --global-scale applies to --model horseshoe only; ignored for ridge." in text
