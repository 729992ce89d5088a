"""Issue 16: ``bayesreg fit 'data/*.parquet' --target y`` reads through dask.dataframe in one pass.

Oracle: the estimator fitted to the concatenated files in memory (same seed: the Gibbs chain sees the
same statistics up to the summation order, so draws agree to 1e-9, see test_sufficient_stats.py)."""

import json

import numpy as np
import pandas as pd
import pytest

from bayesreg import BayesLasso
from bayesreg.cli import main

FAST = ["--draws", "300", "--tune", "100", "--seed", "1", "--no-progress"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    rng = np.random.default_rng(2)
    path = tmp_path_factory.mktemp("parts")
    frames = []
    for k in range(3):
        X = rng.normal(size=(80, 3))
        frame = pd.DataFrame(X, columns=["a", "b", "c"]).assign(y=1.0 + X @ [2.0, 0.0, -1.0] + rng.normal(size=80))
        frame.to_parquet(path / f"part-{k}.parquet")
        frames.append(frame)
    return path, pd.concat(frames, ignore_index=True)


def test_parquet_glob_fits_from_the_statistics(folder, tmp_path, capsys):
    path, whole = folder
    out = tmp_path / "out"
    assert main(["fit", str(path / "*.parquet"), "--target", "y", "--model", "lasso", "--alpha", "0.05",
                 "--out", str(out), *FAST]) == 0
    text = capsys.readouterr().out
    assert "through dask.dataframe (3 partitions)" in text and "240 rows x 3 features" in text
    meta = json.loads((out / "summary.json").read_text())
    ref = BayesLasso(alpha=0.05, draws=300, tune=100, random_state=1).fit(whole[["a", "b", "c"]], whole["y"])
    got = np.array([meta["coefficients"][c]["mean"] for c in ("a", "b", "c")])
    np.testing.assert_allclose(got, ref.coef_, rtol=0, atol=1e-9)
    maps = np.array([meta["coefficients"][c]["map"] for c in ("a", "b", "c")])
    np.testing.assert_allclose(maps, ref.coef_map_, rtol=1e-10, atol=1e-12)
    assert {f.name for f in out.iterdir()} >= {"summary.csv", "summary.json", "forest.png", "posterior.nc"}


def test_folder_with_where_and_default_alpha(folder, tmp_path, capsys):
    path, whole = folder
    assert main(["fit", str(path), "--target", "y", "--model", "ridge", "--where", "a > 0", "--out",
                 str(tmp_path), *FAST]) == 0
    text = capsys.readouterr().out
    assert "empirical Bayes" in text
    assert json.loads((tmp_path / "summary.json").read_text())["n_samples"] == int((whole["a"] > 0).sum())


@pytest.mark.parametrize(("extra", "needle"), [(["--holdout", "0.2"], "--holdout"), (["--alpha", "auto"], "--alpha auto"),
                                               (["--likelihood", "laplace", "--alpha", "0.1"], "--likelihood")])
def test_options_that_need_rows_exit_2_in_one_line(folder, tmp_path, capsys, extra, needle):
    path, _ = folder
    assert main(["fit", str(path / "*.parquet"), "--target", "y", *extra, "--out", str(tmp_path), *FAST]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert needle in err and "rows in memory" in err


def test_no_matching_file_exits_2(tmp_path, capsys):
    assert main(["fit", str(tmp_path / "*.parquet"), "--target", "y", "--out", str(tmp_path)]) == 2
    assert "no data file matches" in capsys.readouterr().err
