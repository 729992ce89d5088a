"""Reading a data file as a user hands it over: separator, row-name columns, row filters.

Used by ``bayesreg fit`` (and every subcommand that takes ``DATA --target COL``) through
:func:`bayesreg.fit_csv.load_table`. pandas does the parsing; this module decides what to
ask pandas for and says in one line what it found.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["SEPARATORS", "parse_sep", "detect_separator", "read_table", "index_like_columns",
           "row_counter_columns", "select_rows"]

#: Separator names accepted by ``--sep`` -> what pandas gets (``\s+``: runs of spaces and tabs).
SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|", "whitespace": r"\s+"}
_NAMES = {v: k for k, v in SEPARATORS.items()}
_PARQUET = (".parquet", ".pq")
_SNIFF_LINES = 200
#: Column names that usually hold row labels (with values a permutation of 0..n-1 or 1..n).
_INDEX_NAME = re.compile(
    r"^(?:.*[_ .-])?(?:id|idx|index|row|rows|rowid|rownames?|row[_ .-]?names?|row[_ .-]?(?:no|num|number)|"
    r"obs|no|#)$",
    re.IGNORECASE,
)


def parse_sep(text: str) -> str:
    """``--sep`` value -> pandas ``sep``: a name of :data:`SEPARATORS` or one character (``\\t`` = tab).

    Raises
    ------
    ValueError
        For anything else.
    """
    key = text.strip().lower() if text.strip() else text
    if key in SEPARATORS:
        return SEPARATORS[key]
    if text in ("\\t", "\t"):
        return "\t"
    if len(text) == 1:
        return text
    raise ValueError(f"expected one of {', '.join(SEPARATORS)} or a single character, got {text!r}")


def _fields(line: str, sep: str) -> int:
    if sep == r"\s+":
        return len(line.split())
    return len(next(csv.reader([line], delimiter=sep)))


def detect_separator(lines) -> str | None:
    """The separator under which every sampled line has the same number of fields (> 1).

    Tries tab, comma, semicolon, pipe, then runs of whitespace, in that order. The header
    may have one field fewer than the data rows (R's ``write.table`` leaves the row-name
    column unnamed). Returns None when no candidate splits the lines consistently.
    """
    lines = [ln.rstrip("\r\n") for ln in lines if ln.strip()]
    if len(lines) < 2:
        return None
    for sep in ("\t", ",", ";", "|", r"\s+"):
        header, *rows = (_fields(ln, sep) for ln in lines)
        counts = set(rows)
        if len(counts) == 1 and (width := counts.pop()) > 1 and header in (width, width - 1):
            return sep
    return None


def _short_header(lines, sep: str):
    """Column names with ``"Unnamed: 0"`` first when the header has one field fewer than the data rows."""
    if len(lines) < 2:
        return None
    header = lines[0].split() if sep == r"\s+" else next(csv.reader([lines[0]], delimiter=sep))
    if len(header) != _fields(lines[1], sep) - 1:
        return None
    return ["Unnamed: 0", *(h.strip() for h in header)]


def _decimal_comma(lines, sep: str) -> bool:
    """A semicolon file whose numbers use a decimal comma (``1,5;2,25``), as spreadsheets in many locales write."""
    if sep != ";":
        return False
    body = ";".join(lines[1:])
    return bool(re.search(r"(?:^|;)\s*-?\d+,\d+\s*(?:;|$)", body)) and not re.search(r"(?:^|;)\s*-?\d+\.\d+", body)


def read_table(path, sep: str | None = None):
    """Read a delimited text file (separator detected unless given) or a Parquet file.

    Parameters
    ----------
    path : path-like
    sep : str, optional
        pandas separator (see :func:`parse_sep`); default: :func:`detect_separator`.

    Returns
    -------
    frame : pandas.DataFrame
        String column names and a default ``RangeIndex`` (data row ``i`` is file line ``i + 2``).
        A row-name column without a header cell is kept as column ``"Unnamed: 0"``.
    described : str
        What was read, e.g. ``"tab-separated, 97 rows x 11 columns"``.

    Raises
    ------
    ValueError
        Missing or unreadable file, no consistent separator, or a Parquet file without a
        Parquet engine installed.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"cannot read {path}: no such file")
    if path.suffix.lower() in _PARQUET:
        try:
            frame = pd.read_parquet(path)
        except ImportError:
            raise ValueError(f"reading the Parquet file {path.name} needs pyarrow (pip install pyarrow)") from None  # or bayesreg[parquet]
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read {path.name} as Parquet: {exc}") from None
        kind = "Parquet"
    else:
        try:
            with path.open(encoding="utf-8-sig") as fh:
                head = [line for _, line in zip(range(_SNIFF_LINES), fh)]
        except UnicodeDecodeError:
            raise ValueError(f"cannot read {path.name}: not UTF-8 text (save it as CSV, UTF-8)") from None
        given = sep is not None
        sep = sep if given else detect_separator(head)
        if sep is None:
            if not any(line.strip() for line in head[1:]):
                raise ValueError(f"{path.name} has a header but no data rows." if head else f"{path.name} is empty.")
            raise ValueError(f"cannot tell the separator of {path.name} (its lines split into different numbers "
                             "of fields by comma, semicolon, tab, pipe and whitespace); pass --sep")
        lines = [ln.rstrip("\r\n") for ln in head if ln.strip()]
        decimal = "," if _decimal_comma(lines, sep) else "."
        names = _short_header(lines, sep)
        try:
            if names is None:
                frame = pd.read_csv(path, sep=sep, decimal=decimal, encoding="utf-8-sig")
            else:  # R's write.table: the row-name column has no header field; keep it as a column
                frame = pd.read_csv(path, sep=sep, decimal=decimal, encoding="utf-8-sig", header=None, skiprows=1,
                                    names=names)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise ValueError(f"cannot read {path.name} with --sep {_NAMES.get(sep, repr(sep))}: "
                             f"{' '.join(str(exc).split())}") from None
        if names is None:  # pandas renames a repeated header name 'a' to 'a.1' without a word: refuse
            header = pd.read_csv(path, sep=sep, header=None, nrows=1, dtype=str, encoding="utf-8-sig").iloc[0]
            seen = [str(v) for v in header if isinstance(v, str)]
            dupes = sorted({v for v in seen if seen.count(v) > 1})
            if dupes:
                raise ValueError(f"{path.name} has repeated column name(s) {dupes} in its header; give each column "
                                 "its own name.")
        kind = f"{_NAMES.get(sep, repr(sep))}-separated" + (", decimal commas" if decimal == "," else "")
        kind += "" if given else " (detected; --sep to override)"
    frame.columns = [str(c) for c in frame.columns]
    frame = frame.reset_index(drop=True)
    return frame, f"{kind}, {frame.shape[0]} rows x {frame.shape[1]} columns"


def _is_permutation(column: pd.Series) -> bool:
    """Values are exactly ``0..n-1`` or ``1..n`` in some order (row numbers)."""
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column) or column.isna().any():
        return False
    values = np.sort(column.to_numpy(dtype=float))
    n = values.size
    return bool(np.array_equal(values, np.arange(n)) or np.array_equal(values, np.arange(1, n + 1)))


def index_like_columns(frame: pd.DataFrame) -> list:
    """Columns that label rows rather than measure anything.

    A first column without a header (pandas' ``Unnamed: 0``), and columns with an id-like
    name (``id``, ``row_names``, ``index``, ``patient_id``, ...) whose values are a
    permutation of ``0..n-1`` or ``1..n``. On a file sorted by the target such a column is
    the strongest "predictor" there is.
    """
    found = []
    for i, name in enumerate(frame.columns):
        unnamed = re.fullmatch(r"Unnamed: \d+", name) is not None or not name.strip()
        if (unnamed and i == 0) or (_INDEX_NAME.match(name) and _is_permutation(frame[name])):
            found.append(name)
    return found


def row_counter_columns(frame: pd.DataFrame, columns) -> list:
    """Among ``columns``, those equal to ``1..n`` or ``0..n-1`` in file order (row counters)."""
    n = len(frame)
    return [c for c in columns if pd.api.types.is_numeric_dtype(frame[c]) and not frame[c].isna().any()
            and n > 2 and (np.array_equal(frame[c].to_numpy(), np.arange(n))
                           or np.array_equal(frame[c].to_numpy(), np.arange(1, n + 1)))]


def select_rows(frame: pd.DataFrame, expr: str, option: str = "--where") -> pd.Series:
    """Boolean mask of the rows where ``expr`` (a pandas query, e.g. ``"train == 'T'"``) holds.

    Raises
    ------
    ValueError
        Naming ``option``: an expression pandas cannot evaluate (unknown column, syntax),
        one that is not a true/false condition per row, or one that selects no row.
    """
    hint = "quote text values (\"train == 'T'\") and backquote column names with spaces (`my col` > 1)"
    try:
        mask = frame.eval(expr, engine="python")
    except (SyntaxError, NameError, KeyError, TypeError, ValueError, AttributeError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise ValueError(f"{option} {expr!r} cannot be evaluated: {message}; columns: {list(frame.columns)}; "
                         f"{hint}") from None
    if not isinstance(mask, pd.Series) or not pd.api.types.is_bool_dtype(mask) or len(mask) != len(frame):
        raise ValueError(f"{option} {expr!r} is not a true/false condition on each row; {hint}")
    if not mask.any():
        raise ValueError(f"{option} {expr!r} selects no rows (of {len(frame)}); {hint}")
    return mask
