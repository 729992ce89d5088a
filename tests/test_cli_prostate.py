"""Issue 13's held-out check on the ESL prostate file exactly as distributed.

``bayesreg fit prostate.data --target lpsa --where "train == 'T'" --standardize --alpha auto`` for
lasso, ridge and elastic net: the row-name column is reported as skipped, the chosen alpha is not at
an edge of the grid, and the same command on the rows shuffled picks an alpha within a factor of 3.

Oracles for the held-out numbers: ESL (Hastie, Tibshirani & Friedman 2009), Table 3.3 and its text:
the base error rate (predicting every test lpsa by the training mean) is 1.057; the test errors are
0.492 (ridge) and 0.479 (lasso) with standard errors 0.165 and 0.164. Our alphas come from a
different CV (shuffled 10-fold, 1-SE rule), so the check is agreement within ESL's standard error.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from bayesreg.cli import main
from bayesreg.fit_csv import feature_scales, load_table
from bayesreg.tuning import cross_validate_alpha

PROSTATE = Path(__file__).parents[1] / "docs" / "data" / "prostate.data"
ESL_TEST_MSE = {"ridge": (0.492, 0.165), "lasso": (0.479, 0.164)}
MODELS = {"lasso": "lasso", "ridge": "ridge", "enet": "elasticnet"}


@pytest.fixture(scope="module")
def shuffled(tmp_path_factory):
    """The same file with its data lines in a random order (row names travel with their rows)."""
    header, *rows = PROSTATE.read_text().splitlines(keepends=True)
    order = np.random.default_rng(0).permutation(len(rows))
    path = tmp_path_factory.mktemp("prostate") / "prostate_shuffled.data"
    path.write_text(header + "".join(rows[i] for i in order))
    return path


def _choice(path, model):
    """What `bayesreg fit ... --standardize --alpha auto --seed 0` chooses, through the same functions."""
    data = load_table(path, "lpsa", where="train == 'T'", echo=lambda _: None)
    scale = feature_scales(data.X)
    return cross_validate_alpha(model, (data.X - scale["mean"]) / scale["sd"], data.y, random_state=0)


@pytest.mark.parametrize("model", sorted(set(MODELS.values())))
def test_alpha_is_inside_the_grid_and_stable_under_row_order(shuffled, model):
    sorted_rows, shuffled_rows = _choice(PROSTATE, model), _choice(shuffled, model)
    for choice in (sorted_rows, shuffled_rows):
        assert choice.edge is None and 0 < choice.index < choice.alphas.size - 1
    assert 1 / 3 < sorted_rows.alpha / shuffled_rows.alpha < 3


def test_the_row_name_column_would_have_been_the_best_predictor():
    """Why it must be skipped: on the file sorted by lpsa the row number alone explains most of lpsa."""
    data = load_table(PROSTATE, "lpsa", features=["Unnamed: 0"], where="train == 'T'", echo=lambda _: None)
    r = np.corrcoef(data.X["Unnamed: 0"], data.y)[0, 1]
    assert r > 0.95


@pytest.mark.slow
@pytest.mark.parametrize("model", sorted(MODELS))
def test_held_out_check_end_to_end(tmp_path, capsys, shuffled, model):
    alphas = {}
    for path in (PROSTATE, shuffled):
        out = tmp_path / path.stem
        argv = ["fit", str(path), "--target", "lpsa", "--where", "train == 'T'", "--test-where", "train == 'F'",
                "--standardize", "--alpha", "auto", "--model", model, "--draws", "400", "--tune", "200",
                "--out", str(out)]
        assert main(argv) == 0
        text = capsys.readouterr().out
        assert "note: skipping index-like column(s) ['Unnamed: 0']" in text
        assert "warning:" not in text and "grid point" in text
        meta = json.loads((out / "summary.json").read_text())
        assert meta["features"] == ["lcavol", "lweight", "age", "lbph", "svi", "lcp", "gleason", "pgg45"]
        assert meta["n_samples"] == 67 and meta["cv"]["at_grid_edge"] is None
        alphas[path.stem] = meta["alpha"]
        held = meta["heldout"]
        assert held["n"] == 30
        assert abs(held["mse_baseline"] - 1.057) < 5e-4  # ESL's base error rate
        assert held["mse_mean"] < held["mse_baseline"]
        if MODELS[model] in ESL_TEST_MSE:
            esl, se = ESL_TEST_MSE[MODELS[model]]
            assert abs(held["mse_mean"] - esl) < se
    assert 1 / 3 < alphas["prostate"] / alphas["prostate_shuffled"] < 3
