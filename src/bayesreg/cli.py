"""Command line: a thin layer over the public API (``bayesreg demo``)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["main", "build_parser"]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bayesreg",
        description="The Bayesian view of regularized linear regression.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    demo = sub.add_parser(
        "demo",
        help="fit Bayesian ridge, lasso and elastic net to the diabetes data and compare with scikit-learn",
        description=(
            "Fit Bayesian ridge, lasso and elastic net (PyMC NUTS) to scikit-learn's diabetes data at "
            "the twins' cross-validated alphas; print, per model, the twin, MAP, posterior mean, median "
            "and 95%% credible interval of every coefficient; write a figure and CSV tables to --out."
        ),
    )
    demo.add_argument("--draws", type=_positive_int, default=1000, help="kept draws per chain (default 1000)")
    demo.add_argument("--tune", type=_non_negative_int, default=1000, help="tuning draws per chain (default 1000)")
    demo.add_argument("--chains", type=_positive_int, default=2, help="chains (default 2)")
    demo.add_argument("--cores", type=_positive_int, default=None, help="parallel chains (default: one per chain)")
    demo.add_argument("--seed", type=_non_negative_int, default=0, help="random_state of every fit (default 0)")
    demo.add_argument("--out", default="bayesreg-demo", help="output folder (default ./bayesreg-demo)")
    return parser


def main(argv=None) -> int:
    """Entry point of the ``bayesreg`` command. Returns the exit status.

    User errors exit with status 2 and one line on stderr, never a traceback.
    """
    args = build_parser().parse_args(argv)
    import logging

    # PyMC logs every sampler start at INFO; the command prints its own summary.
    logging.getLogger("pymc").setLevel(logging.WARNING)
    try:
        if args.command == "demo":
            from .demo import run_demo

            run_demo(
                draws=args.draws, tune=args.tune, chains=args.chains, cores=args.cores,
                seed=args.seed, out=args.out,
            )
    except (ValueError, TypeError, OSError) as exc:
        print(f"bayesreg: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bayesreg: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
