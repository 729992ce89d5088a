"""The data options every ``DATA --target COL`` subcommand shares (fit, compare, explore).

``add_data_arguments(parser)`` declares them; ``data_kwargs(args)`` turns the parsed
values into the keyword arguments of :func:`bayesreg.fit_csv.load_table`.
"""

from __future__ import annotations

import argparse

from ._common import open_unit_float

__all__ = ["add_data_arguments", "data_kwargs", "sep_value"]

_SEP_NAMES = ("comma", "semicolon", "tab", "pipe", "whitespace")


def sep_value(text: str) -> str:
    """``--sep``: a separator name or one character (checked again by :func:`bayesreg._tabular.parse_sep`)."""
    if text.strip().lower() in _SEP_NAMES or text in ("\\t", "\t") or len(text) == 1:
        return text
    raise argparse.ArgumentTypeError(f"expected one of {', '.join(_SEP_NAMES)} or a single character, got {text!r}")


def add_data_arguments(parser, *, heldout: bool = True) -> None:
    """``DATA``, ``--target``, ``--features``, ``--sep``, ``--where``, ``--dropna`` and, with
    ``heldout``, ``--test-where`` / ``--holdout``."""
    parser.add_argument("data", metavar="DATA",
                        help="data file with a header row: comma, semicolon, tab, pipe or whitespace separated "
                             "(detected), or Parquet (.parquet)")
    parser.add_argument("--target", required=True, help="column to predict")
    parser.add_argument("--features", nargs="+", metavar="COL",
                        help="feature columns (default: every other numeric column except index-like ones: an "
                             "unnamed first column, or id / row_names / index ... holding the row numbers)")
    parser.add_argument("--sep", type=sep_value, metavar="SEP",
                        help="column separator: comma, semicolon, tab, pipe, whitespace (runs of spaces/tabs) or "
                             "one character (default: detected, and said)")
    parser.add_argument("--where", metavar="EXPR",
                        help="fit only the rows where EXPR holds, a pandas query such as \"train == 'T'\" or "
                             "\"age > 50 and svi == 1\" (backquote names with spaces: `my col`)")
    if heldout:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--test-where", metavar="EXPR",
                           help="held-out rows (a pandas query, disjoint from --where): report their predictive "
                                "RMSE and interval coverage, write heldout.csv")
        group.add_argument("--holdout", type=open_unit_float, metavar="FRACTION",
                           help="hold out this fraction of the (--where) rows at random (seeded by --seed) and "
                                "report as --test-where does")
    parser.add_argument("--dropna", action="store_true", help="drop rows with missing values instead of failing")


def data_kwargs(args) -> dict:
    """Keyword arguments of :func:`bayesreg.fit_csv.load_table` from parsed arguments."""
    from .._tabular import parse_sep  # lazy: pandas stays out of --help

    return dict(target=args.target, features=args.features, sep=None if args.sep is None else parse_sep(args.sep),
                where=args.where, test_where=getattr(args, "test_where", None),
                holdout=getattr(args, "holdout", None), dropna=args.dropna)
