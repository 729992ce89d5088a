"""``bayesreg fit DATA.csv``: a flawed spreadsheet in, a clear table and files out, one-line errors.

The CSV has what real files have: an id and a text column, a missing value, a constant column,
a column on a 1e6 scale and one on a 1e-3 scale. Fits run in-process through
``bayesreg.cli.main`` with ``sampler=auto`` (Gibbs / exact: well under a second each); one
success and one failure also run as a subprocess, the way a shell runs them.
"""

import json
import subprocess
import sys

import arviz as az
import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Lasso, Ridge
from sklearn.preprocessing import StandardScaler

from bayesreg.cli import main

FAST = ["--draws", "300", "--tune", "100", "--seed", "1"]


@pytest.fixture(scope="module")
def csv(tmp_path_factory):
    rng = np.random.default_rng(7)
    n = 60
    frame = pd.DataFrame({
        "id": [f"p{i:03d}" for i in range(n)],
        "city": np.resize(["Oslo", "Lima", "Pune"], n),
        "age": rng.integers(20, 70, n).astype(float),
        "income": rng.normal(1e6, 3e5, n),  # 1e6 scale
        "dose": rng.normal(2e-3, 5e-4, n),  # 1e-3 scale: sds differ by ~1e9
        "site": 1.0,  # constant
    })
    frame["y"] = 3 + 0.05 * frame["age"] + 1e-6 * frame["income"] + 800 * frame["dose"] + rng.normal(0, 1, n)
    frame.loc[10, "age"] = np.nan  # data row 11, line 12 of the file
    path = tmp_path_factory.mktemp("data") / "patients.csv"
    frame.to_csv(path, index=False)
    return path


def _clean(path):
    """The rows and columns ``bayesreg fit --dropna`` keeps by default (the oracle's input)."""
    frame = pd.read_csv(path).dropna()
    return frame[["age", "income", "dose"]], frame["y"]


def _one_error_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].startswith("bayesreg")
    return lines[0]


def test_missing_value_exits_2_naming_column_row_and_fix(csv, tmp_path, capsys):
    assert main(["fit", str(csv), "--target", "y", "--out", str(tmp_path), *FAST]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert line == ("bayesreg: error: missing value in column 'age' at data row 11 (line 12 of patients.csv; "
                    "1 row(s) affected); pass --dropna to drop them.")
    assert not (tmp_path / "summary.csv").exists()


def test_flawed_csv_with_dropna_fits_and_writes_everything(csv, tmp_path, capsys):
    out = tmp_path / "fit"
    assert main(["fit", str(csv), "--target", "y", "--dropna", "--model", "lasso", "--alpha", "0.01",
                 "--out", str(out), *FAST]) == 0
    text = capsys.readouterr().out
    assert "note: skipping non-numeric column(s) ['id', 'city']" in text
    assert "note: dropped 1 row(s) with missing values (--dropna)." in text
    assert "note: skipping constant column(s) ['site']" in text
    assert "Consider --standardize" in text and "'income'" in text and "'dose'" in text
    for name in ("summary.csv", "summary.json", "forest.png", "posterior.nc"):
        assert (out / name).stat().st_size > 0
    meta = json.loads((out / "summary.json").read_text())
    assert meta["features"] == ["age", "income", "dose"] and meta["rows_dropped"] == 1 and meta["n_samples"] == 59
    assert meta["standardized"] is False and meta["sampler"].startswith("gibbs")
    # The mode in the table is Lasso's on the same rows and columns (oracle: scikit-learn, tol 1e-12;
    # the csv round trip is exact to ~1e-15, the 1e6 column makes 1e-7 relative the honest bound).
    X, y = _clean(csv)
    twin = Lasso(alpha=0.01, tol=1e-12, max_iter=10**6).fit(X, y)
    table = pd.read_csv(out / "summary.csv", index_col=0)
    np.testing.assert_allclose(table["map"].to_numpy(), twin.coef_, rtol=1e-7, atol=1e-12)
    idata = az.from_netcdf(str(out / "posterior.nc"))
    assert list(idata.posterior["feature"].values) == ["age", "income", "dose"]
    assert idata.posterior.attrs["coef_units"] == "per unit of the feature (as in the data file)"


def test_standardize_fits_z_scores_and_says_so(csv, tmp_path, capsys):
    out = tmp_path / "std"
    assert main(["fit", str(csv), "--target", "y", "--dropna", "--standardize", "--model", "ridge",
                 "--alpha", "2.0", "--out", str(out), *FAST]) == 0
    text = capsys.readouterr().out
    assert "features standardized (--standardize)" in text and "per standard deviation" in text
    assert "Consider --standardize" not in text
    meta = json.loads((out / "summary.json").read_text())
    assert meta["standardized"] is True and meta["coefficient_units"] == "per standard deviation of the feature"
    X, y = _clean(csv)
    # Oracle: scikit-learn's StandardScaler (ddof=0) then Ridge(2.0), closed form.
    twin = Ridge(alpha=2.0).fit(StandardScaler().fit_transform(X), y)
    table = pd.read_csv(out / "summary.csv", index_col=0)
    np.testing.assert_allclose(table["map"].to_numpy(), twin.coef_, rtol=1e-10)
    for col in X:
        np.testing.assert_allclose(meta["feature_scale"][col]["sd"], X[col].std(ddof=0), rtol=1e-12)
        np.testing.assert_allclose(meta["feature_scale"][col]["mean"], X[col].mean(), rtol=1e-12)
    assert az.from_netcdf(str(out / "posterior.nc")).posterior.attrs["coef_units"] == meta["coefficient_units"]


def test_constant_column_named_in_features_is_kept_with_a_warning(csv, tmp_path, capsys):
    out = tmp_path / "named"
    assert main(["fit", str(csv), "--target", "y", "--dropna", "--features", "age", "site", "--model",
                 "elasticnet", "--l1-ratio", "0.5", "--alpha", "auto", "--out", str(out), *FAST]) == 0
    text = capsys.readouterr().out
    assert "warning: X has constant column(s) 1 ('site')" in text
    assert "(the one-standard-error rule of the elasticnet twin's shuffled (seed 1) 10-fold cross-validation;" in text
    assert json.loads((out / "summary.json").read_text())["features"] == ["age", "site"]


@pytest.mark.parametrize("args, message", [
    (["--target", "Y"], "bayesreg: error: --target 'Y' is not a column of patients.csv; columns: ['id', 'city', "
                        "'age', 'income', 'dose', 'site', 'y']"),
    (["--target", "city"], "bayesreg: error: --target column 'city' is not numeric (data row 1 has 'Oslo')."),
    (["--target", "y", "--features", "age", "city"],
     "bayesreg: error: --features column(s) ['city'] are not numeric (data row 1 has 'Oslo'); encode them as "
     "numbers or leave them out."),
    (["--target", "y", "--features", "age", "nope"], "bayesreg: error: --features ['nope'] not in patients.csv"),
    (["--target", "y", "--features", "age", "y"], "bayesreg: error: --features includes the target column 'y'."),
    (["--target", "y", "--features", "age,dose"],
     "bayesreg: error: --features ['age,dose'] not in patients.csv; columns: ['id', 'city', 'age', 'income', 'dose', "
     "'site', 'y'] (separate column names with spaces: --features age dose)"),
    (["--target", "y", "--alpha", "-1"],
     "bayesreg: error: argument --alpha: expected a positive number, auto, empirical_bayes or gamma:SHAPE,RATE, "
     "got '-1'"),
    (["--target", "y", "--l1-ratio", "2"], "bayesreg: error: argument --l1-ratio: expected a number in [0, 1]"),
    (["--target", "y", "--draws", "0"], "bayesreg: error: argument --draws: expected a positive integer, got 0"),
    (["--target", "y", "--chains", "two"], "bayesreg: error: argument --chains: expected a positive integer"),
    (["--target", "y", "--model", "lars"], "bayesreg: error: argument --model: invalid choice: 'lars' (choose from "
                                           "ridge, lasso, enet, horseshoe) (see bayesreg fit --help)"),
    ([], "bayesreg: error: the following arguments are required: --target (see bayesreg fit --help)"),
])
def test_user_errors_exit_2_with_one_line(csv, tmp_path, capsys, args, message):
    assert main(["fit", str(csv), "--out", str(tmp_path), *args]) == 2
    assert _one_error_line(capsys.readouterr().err).startswith(message)


def test_file_problems_exit_2(csv, tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("a,y\n")
    blocker = tmp_path / "file"
    blocker.write_text("")
    cases = [
        ([str(tmp_path / "nope.csv"), "--target", "y"], "bayesreg: error: cannot read "),
        ([str(empty), "--target", "y"], "bayesreg: error: empty.csv has a header but no data rows."),
        ([str(csv), "--target", "y", "--dropna", "--out", str(blocker / "sub")],
         "bayesreg: error: cannot create the --out folder"),
    ]
    for args, message in cases:
        assert main(["fit", *args, *FAST]) == 2
        assert _one_error_line(capsys.readouterr().err).startswith(message)


def test_help_lists_every_option(capsys):
    assert main(["fit", "--help"]) == 0
    text = capsys.readouterr().out
    for flag in ("DATA", "--target", "--features", "--sep", "--where", "--test-where", "--holdout", "--model",
                 "{ridge,lasso,enet,horseshoe}", "--alpha", "{NUMBER,auto,empirical_bayes,gamma:SHAPE,RATE}",
                 "--l1-ratio", "--laplace-form", "--global-scale", "--sigma-prior", "--likelihood", "student-t", "--cv-folds",
                 "--cv-rule", "one standard error", "--level", "--sampler", "--draws", "--tune", "--chains",
                 "--cores", "--seed", "--dropna", "--standardize", "--no-progress", "--out", "summary.json",
                 "posterior.nc", "heldout.csv", "Parquet"):
        assert flag in text, flag
    assert "%%" not in text


def test_subprocess_success_and_failure(csv, tmp_path):
    out = tmp_path / "sub"
    ok = subprocess.run([sys.executable, "-m", "bayesreg", "fit", str(csv), "--target", "y", "--dropna", "--model",
                         "ridge", "--alpha", "1", "--out", str(out), *FAST], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "wrote summary.csv, summary.json, forest.png, posterior.nc" in ok.stdout
    assert (out / "posterior.nc").exists()
    bad = subprocess.run([sys.executable, "-m", "bayesreg", "fit", str(csv), "--target", "y", "--out", str(out)],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "missing value in column 'age'" in _one_error_line(bad.stderr)


def test_stray_text_cell_in_a_numeric_column_is_named(tmp_path):
    """One typo ('abc') makes a whole column text; the note must point at the cell, not just skip it."""
    from bayesreg.fit_csv import load_table

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(size=20), "c": rng.normal(size=20).round(3).astype(str)})
    frame.loc[4, "c"] = "abc"
    frame["y"] = frame["a"] * 2 + rng.normal(size=20)
    path = tmp_path / "stray.csv"
    frame.to_csv(path, index=False)
    notes = []
    data = load_table(path, "y", echo=notes.append)
    assert list(data.X.columns) == ["a"]
    assert any("column 'c' is numeric except for a few cells (data row 5 has 'abc')" in n for n in notes)
