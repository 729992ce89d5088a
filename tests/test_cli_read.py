"""Reading real data files for `bayesreg fit`: separators, index-like columns, row filters, held-out rows.

The oracle is the frame the file was written from: whatever the separator, ``load_table`` must
return exactly its numbers (text round trips of ``repr`` floats are exact). No sampling here.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bayesreg._tabular import detect_separator, index_like_columns, parse_sep, read_table
from bayesreg.cli import main
from bayesreg.fit_csv import load_table

PROSTATE = Path(__file__).parents[1] / "docs" / "data" / "prostate.data"
ESL_FEATURES = ["lcavol", "lweight", "age", "lbph", "svi", "lcp", "gleason", "pgg45"]


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(3)
    n = 30
    out = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n) * 100, "c": rng.integers(0, 5, n)})
    out["y"] = out["a"] - 0.01 * out["b"] + rng.normal(size=n)
    return out.sort_values("y", ignore_index=True)  # sorted by the target, as real files often are


def _write(frame, path, **kw):
    frame.to_csv(path, index=False, float_format="%.17g", **kw)
    return path


def _assert_same(data, frame, features=("a", "b", "c")):
    pd.testing.assert_frame_equal(data.X.reset_index(drop=True), frame[list(features)].astype(float))
    np.testing.assert_array_equal(data.y.to_numpy(), frame["y"].to_numpy())


@pytest.mark.parametrize("sep, name", [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_each_separator_is_detected_and_said(frame, tmp_path, sep, name):
    path = _write(frame, tmp_path / "d.txt", sep=sep)
    notes = []
    data = load_table(path, "y", echo=notes.append)
    _assert_same(data, frame)
    assert notes[0] == f"read d.txt: {name}-separated (detected; --sep to override), 30 rows x 4 columns"


def test_whitespace_aligned_columns_are_detected(frame, tmp_path):
    path = tmp_path / "aligned.txt"
    path.write_text(frame.to_string(index=False, float_format=lambda v: repr(float(v))) + "\n")
    notes = []
    data = load_table(path, "y", echo=notes.append)
    _assert_same(data, frame)
    assert notes[0].startswith("read aligned.txt: whitespace-separated (detected")


def test_semicolon_file_with_decimal_commas(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("x;z;y\n1,5;2;3,25\n-2,25;4;1,5\n3,0;1;0,75\n")
    data = load_table(path, "y", echo=lambda _: None)
    np.testing.assert_array_equal(data.X["x"], [1.5, -2.25, 3.0])
    np.testing.assert_array_equal(data.y, [3.25, 1.5, 0.75])
    assert data.read.startswith("semicolon-separated, decimal commas")


def test_sep_overrides_detection_and_a_wrong_one_gets_a_hint(frame, tmp_path):
    path = _write(frame, tmp_path / "d.csv", sep=";")
    data = load_table(path, "y", sep=";", echo=lambda _: None)
    assert data.read.startswith("semicolon-separated, 30 rows")  # no "(detected" when given
    with pytest.raises(ValueError, match=r"is not a column of d.csv; columns: \['a;b;c;y'\] \(the file splits "
                                         r"into one column: pass --sep\)"):
        load_table(path, "y", sep=",", echo=lambda _: None)


def test_inconsistent_lines_ask_for_sep(tmp_path):
    path = tmp_path / "ragged.txt"
    path.write_text("a b,c\n1 2\n3,4 5 6\n")
    assert detect_separator(path.read_text().splitlines()) is None
    with pytest.raises(ValueError, match="cannot tell the separator of ragged.txt .*pass --sep"):
        read_table(path)


@pytest.mark.parametrize("text, sep", [("comma", ","), ("TAB", "\t"), ("\\t", "\t"), ("whitespace", r"\s+"),
                                       (":", ":")])
def test_parse_sep(text, sep):
    assert parse_sep(text) == sep


def test_parse_sep_refuses_words():
    with pytest.raises(ValueError, match="expected one of comma, semicolon, tab, pipe, whitespace"):
        parse_sep("commas")


def test_parquet_is_read_or_refused_with_the_install_line(frame, tmp_path):
    path = tmp_path / "d.parquet"
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        path.write_bytes(b"PAR1")
        with pytest.raises(ValueError, match=r"reading the Parquet file d.parquet needs pyarrow \(pip install pyarrow\)"):
            read_table(path)
    else:  # pragma: no cover - only where pyarrow is installed
        frame.to_parquet(path)
        _assert_same(load_table(path, "y", echo=lambda _: None), frame)


# --- index-like columns ------------------------------------------------------------------------------


def test_pandas_default_index_column_is_skipped(frame, tmp_path):
    path = tmp_path / "with_index.csv"
    frame.to_csv(path, float_format="%.17g")  # index=True: an unnamed first column 0..n-1
    notes = []
    data = load_table(path, "y", echo=notes.append)
    _assert_same(data, frame)
    assert data.skipped_index == ["Unnamed: 0"]
    assert "note: skipping index-like column(s) ['Unnamed: 0'] (row names or row numbers" in notes[1]


def test_r_row_names_with_a_short_header_are_skipped(frame, tmp_path):
    """R's write.table: one header field fewer than the data rows (and the ESL prostate file)."""
    path = tmp_path / "r.txt"
    body = "\n".join(f"{i + 1} " + " ".join(repr(float(v)) for v in row) for i, row in enumerate(frame.to_numpy()))
    path.write_text(" ".join(frame.columns) + "\n" + body + "\n")
    data = load_table(path, "y", echo=lambda _: None)
    _assert_same(data, frame)
    assert data.skipped_index == ["Unnamed: 0"]


@pytest.mark.parametrize("name", ["id", "ID", "row_names", "rownames", "index", "patient_id", "No"])
def test_id_like_names_holding_a_permutation_are_skipped(frame, tmp_path, name):
    rows = np.random.default_rng(0).permutation(len(frame)) + 1
    path = _write(frame.assign(**{name: rows})[[name, "a", "b", "c", "y"]], tmp_path / "ids.csv")
    data = load_table(path, "y", echo=lambda _: None)
    _assert_same(data, frame)
    assert data.skipped_index == [name]


@pytest.mark.parametrize("name, values", [("id", lambda n: np.arange(n) * 7 + 1004),  # ids, not row numbers
                                          ("weight", lambda n: np.arange(1, n + 1)[::-1])])  # not an id-like name
def test_other_columns_stay_features(frame, tmp_path, name, values):
    path = _write(frame.assign(**{name: values(len(frame))}), tmp_path / "keep.csv")
    notes = []
    data = load_table(path, "y", echo=notes.append)
    assert name in data.X.columns and data.skipped_index == []
    assert not any("index-like" in n for n in notes)


def test_a_row_counter_with_another_name_gets_a_note(frame, tmp_path):
    path = _write(frame.assign(patient=np.arange(1, len(frame) + 1)), tmp_path / "counter.csv")
    notes = []
    data = load_table(path, "y", echo=notes.append)
    assert "patient" in data.X.columns
    assert any("column(s) ['patient'] count the rows in file order" in n for n in notes)


def test_features_can_name_an_index_column(tmp_path, frame):
    path = tmp_path / "with_index.csv"
    frame.to_csv(path, float_format="%.17g")
    data = load_table(path, "y", ["Unnamed: 0", "a"], echo=lambda _: None)
    assert list(data.X.columns) == ["Unnamed: 0", "a"]
    np.testing.assert_array_equal(data.X["Unnamed: 0"], np.arange(len(frame)))


def test_index_like_columns_on_the_prostate_file_as_distributed():
    frame, described = read_table(PROSTATE)
    assert described == "tab-separated (detected; --sep to override), 97 rows x 11 columns"
    assert index_like_columns(frame) == ["Unnamed: 0"]
    assert frame["lpsa"].is_monotonic_increasing  # why the row names would "predict" lpsa


# --- row filters ---------------------------------------------------------------------------------------


def test_where_selects_the_esl_training_rows():
    notes = []
    data = load_table(PROSTATE, "lpsa", where="train == 'T'", test_where="train == 'F'", echo=notes.append)
    assert list(data.X.columns) == ESL_FEATURES  # row names and the text train column left out
    assert len(data.y) == 67 and len(data.y_test) == 30  # ESL section 3.2.1: 67 training, 30 test
    assert "note: --where \"train == 'T'\" keeps 67 of 97 rows." in notes
    assert "note: --test-where \"train == 'F'\" holds out 30 rows." in notes
    assert data.heldout == "--test-where \"train == 'F'\""
    raw = pd.read_csv(PROSTATE, sep="\t", index_col=0)  # oracle: pandas told what the file is
    np.testing.assert_array_equal(data.X.to_numpy(), raw.loc[raw.train == "T", ESL_FEATURES].to_numpy())
    np.testing.assert_array_equal(data.X_test.to_numpy(), raw.loc[raw.train == "F", ESL_FEATURES].to_numpy())


def test_where_keeps_file_row_numbers_in_missing_value_messages(frame, tmp_path):
    f = frame.copy()
    f.loc[20, "a"] = np.nan  # data row 21, line 22
    path = _write(f, tmp_path / "m.csv")
    with pytest.raises(ValueError, match=r"missing value in column 'a' at data row 21 \(line 22 of m.csv; 1 row\(s\)"):
        load_table(path, "y", where="c >= 0", echo=lambda _: None)


def test_holdout_is_seeded_and_disjoint(frame, tmp_path):
    path = _write(frame, tmp_path / "h.csv")
    a = load_table(path, "y", holdout=0.25, seed=4, echo=lambda _: None)
    b = load_table(path, "y", holdout=0.25, seed=4, echo=lambda _: None)
    c = load_table(path, "y", holdout=0.25, seed=5, echo=lambda _: None)
    assert len(a.y_test) == 8 and len(a.y) == 22  # round(0.25 * 30) held out
    assert list(a.X_test.index) == list(b.X_test.index) != list(c.X_test.index)
    assert set(a.X.index).isdisjoint(a.X_test.index)


@pytest.mark.parametrize("kwargs, message", [
    (dict(where="nope > 1"), r"--where 'nope > 1' cannot be evaluated: .*nope.*; columns: \['a', 'b', 'c', 'y'\]"),
    (dict(where="a >"), r"--where 'a >' cannot be evaluated"),
    (dict(where="a + 1"), r"--where 'a \+ 1' is not a true/false condition on each row"),
    (dict(where="a > 1e9"), r"--where 'a > 1e9' selects no rows \(of 30\)"),
    (dict(where="c >= 0", test_where="c == 1"), r"--where and --test-where both select \d+ row\(s\) \(first: data row"),
    (dict(test_where="c > 99"), r"--test-where 'c > 99' selects no rows"),
    (dict(holdout=0.01), r"--holdout 0.01 of 30 rows leaves 0 held-out and 30 training rows"),
])
def test_bad_row_filters_are_named(frame, tmp_path, kwargs, message):
    path = _write(frame, tmp_path / "f.csv")
    with pytest.raises(ValueError, match=message):
        load_table(path, "y", echo=lambda _: None, **kwargs)


@pytest.mark.parametrize("args, start", [
    (["--where", "nope > 1"], "bayesreg: error: --where 'nope > 1' cannot be evaluated"),
    (["--sep", "commas"], "bayesreg: error: argument --sep: expected one of comma, semicolon, tab, pipe, whitespace"),
    (["--test-where", "train == 'F'", "--holdout", "0.3"],
     "bayesreg: error: argument --holdout: not allowed with argument --test-where"),
    (["--holdout", "1.5"], "bayesreg: error: argument --holdout: expected a number strictly between 0 and 1"),
    (["--where", "train == 'T'", "--test-where", "train == 'T'"], "bayesreg: error: --where and --test-where both"),
])
def test_row_filter_errors_from_the_command_line(tmp_path, capsys, args, start):
    assert main(["fit", str(PROSTATE), "--target", "lpsa", "--out", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(start), err


@pytest.mark.parametrize("sep", ["tab", "whitespace", "\\t"])
def test_sep_names_read_the_prostate_file_alike(sep):
    data = load_table(PROSTATE, "lpsa", sep=parse_sep(sep), echo=lambda _: None)
    assert list(data.X.columns) == ESL_FEATURES and data.skipped_index == ["Unnamed: 0"] and len(data.y) == 97


def test_where_with_a_backquoted_column_name(tmp_path):
    path = tmp_path / "spaces.csv"
    pd.DataFrame({"my col": [1, 2, 3, 4, 5], "x": [0.1, 0.5, 0.2, 0.9, 0.4], "y": [1.0, 2.5, 2.0, 4.1, 3.3]}).to_csv(
        path, index=False)
    data = load_table(path, "y", where="`my col` > 2", echo=lambda _: None)
    assert list(data.y) == [2.0, 4.1, 3.3]


def test_a_repeated_header_name_is_refused_not_renamed(tmp_path, capsys):
    path = tmp_path / "dup.csv"
    path.write_text("a,a,y\n1,2,3\n2,1,4\n3,0,5.5\n4,3,7\n5,2,8.1\n")
    with pytest.raises(ValueError, match=r"^dup\.csv has repeated column name\(s\) \['a'\] in its header"):
        read_table(path)
    assert main(["fit", str(path), "--target", "y", "--alpha", "0.1", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("bayesreg: error: dup.csv has repeated column name(s) ['a']")
