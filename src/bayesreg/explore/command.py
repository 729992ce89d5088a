"""``bayesreg explore``: write (and optionally open) the explorable page.

Imports only argparse at module level, so ``bayesreg --help`` stays fast.
"""

from __future__ import annotations

import sys

from ..cli._common import error_line  # the command line's one error format (argparse and re only)

__all__ = ["add_arguments", "run"]

DESCRIPTION = (
    "Write one self-contained, offline HTML page (Bokeh, no server) in which sliders on alpha and "
    "l1_ratio move, linked: the constraint set touching the loss ellipses of two features, the prior "
    "density next to the penalty, the MAP paths with the posterior median and 95%% band at the selected "
    "alpha, and the MAP vs posterior-mean shrinkage curve. Everything is precomputed in Python (Gibbs "
    "sampler per grid point); diabetes data by default, or DATA.csv --target COL."
)


def add_arguments(parser) -> None:
    """Add the ``explore`` options to an argparse (sub)parser."""
    parser.add_argument("data", nargs="?", metavar="DATA.csv", help="CSV file with a header row (default: diabetes)")
    parser.add_argument("--target", help="column to predict (required with DATA.csv)")
    parser.add_argument("--features", nargs="+", metavar="COL", help="feature columns (default: every other numeric one)")
    parser.add_argument("--dropna", action="store_true", help="drop rows with missing values instead of failing")
    parser.add_argument("--standardize", action="store_true",
                        help="z-score every feature first (coefficients then per standard deviation)")
    parser.add_argument("--pair", nargs=2, metavar="COL",
                        help="two features for the geometry panel (default: the first two to enter the lasso path)")
    parser.add_argument("--l1-ratios", nargs="+", type=float, metavar="R", default=None,
                        help="the L1/L2 mixes offered (default 0 0.25 0.5 0.75 1)")
    parser.add_argument("--n-alphas", type=int, default=21, help="alpha grid points (default 21)")
    parser.add_argument("--draws", type=int, default=500, help="posterior draws per chain and grid point (default 500)")
    parser.add_argument("--tune", type=int, default=200, help="Gibbs burn-in per chain (default 200)")
    parser.add_argument("--chains", type=int, default=2, help="chains per grid point (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="random_state (default 0)")
    parser.add_argument("--out", default="bayesreg-explore.html", help="page to write (default ./bayesreg-explore.html)")
    parser.add_argument("--open", action="store_true", help="open the page in the default web browser")


def _check_counts(args) -> None:
    for name, low in (("n_alphas", 2), ("draws", 1), ("tune", 0), ("chains", 1), ("seed", 0)):
        value = getattr(args, name)
        if value < low:
            raise ValueError(f"--{name.replace('_', '-')} must be an integer >= {low}; got {value}")
    if args.l1_ratios is not None and not all(0.0 <= r <= 1.0 for r in args.l1_ratios):
        raise ValueError(f"--l1-ratios must be numbers in [0, 1] (0 = ridge, 1 = lasso); got "
                         f"{' '.join(f'{r:g}' for r in args.l1_ratios)}")
    if args.data is not None and not args.target:
        raise ValueError("--target is required with DATA.csv")
    if args.data is None and (args.target or args.features):
        raise ValueError("--target and --features need DATA.csv")


def run(args, echo=print) -> int:
    """Run ``bayesreg explore`` with parsed ``args``; returns the exit status (2: one-line error)."""
    import time

    try:
        _check_counts(args)
        start = time.perf_counter()
        if args.data is None:
            from ..demo import load_diabetes_frame  # lazy: CLI path, kept off `bayesreg --help`

            X, y = load_diabetes_frame()
            label = "scikit-learn's diabetes data (features centered and scaled to unit norm)"
        else:
            from ..fit_csv import load_table  # lazy: CLI path, kept off `bayesreg --help`

            table = load_table(args.data, args.target, args.features, dropna=args.dropna, echo=echo)
            X, y = table.X, table.y
            label = f"{args.data}, target {args.target}"
        if args.standardize:
            from ..fit_csv import feature_scales  # lazy: CLI path, kept off `bayesreg --help`

            scale = feature_scales(X)
            X = (X - scale["mean"]) / scale["sd"]
            label += ", features standardized"
        if args.pair is not None:
            names = [str(c) for c in getattr(X, "columns", [])]
            unknown = [c for c in args.pair if c not in names]
            if names and (unknown or args.pair[0] == args.pair[1]):
                raise ValueError(f"--pair needs two different feature columns; got {' '.join(args.pair)} "
                                 f"(features: {', '.join(names)})")
        from . import DEFAULT_L1_RATIOS, explore_data, write_explore_page  # lazy: numpy, solvers, Bokeh

        data = explore_data(X, y, l1_ratios=DEFAULT_L1_RATIOS if args.l1_ratios is None else args.l1_ratios,
                            n_alphas=args.n_alphas, pair=args.pair, draws=args.draws, tune=args.tune,
                            chains=args.chains, random_state=args.seed, data_label=label)
        path = write_explore_page(data, args.out)
    except (ValueError, TypeError, OSError) as exc:
        print(error_line(exc), file=sys.stderr)
        return 2
    size = path.stat().st_size / 2**20
    echo(f"Wrote {path} ({size:.1f} MB, {len(data.l1_ratios)} x {len(data.alphas)} states, "
         f"{time.perf_counter() - start:.0f} s); it opens offline in any browser.")
    if args.open:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())
    return 0
