"""Command line: a thin layer over the public API (``bayesreg demo``, ``bayesreg fit``)."""

from __future__ import annotations

import argparse
import sys

from . import cli_compare
from ._cli_types import _alpha, _int_at_least, _non_negative_int, _positive_int, _unit_float  # noqa: F401

__all__ = ["main", "build_parser"]


class _OneLineParser(argparse.ArgumentParser):
    """argparse with one-line errors: ``bayesreg fit: error: ... (see bayesreg fit --help)``, status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="bayesreg",
        description="The Bayesian view of regularized linear regression.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    demo = sub.add_parser(
        "demo",
        help="fit Bayesian ridge, lasso and elastic net to the diabetes data and compare with scikit-learn",
        description=(
            "Fit Bayesian ridge, lasso and elastic net to scikit-learn's diabetes data (exact / Gibbs "
            "samplers by default, PyMC NUTS with --sampler nuts) at alphas from the twins' 5-fold "
            "cross-validation (one-standard-error rule); print, per model, the twin, MAP, posterior mean, "
            "median and 95% credible interval of every coefficient; write figures and CSV tables to --out."
        ),
    )
    demo.add_argument("--draws", type=_positive_int, default=1000, help="kept draws per chain (default 1000)")
    demo.add_argument("--tune", type=_non_negative_int, default=1000, help="tuning draws per chain (default 1000)")
    demo.add_argument("--chains", type=_positive_int, default=2, help="chains (default 2)")
    demo.add_argument("--cores", type=_positive_int, default=None, help="parallel chains (default: one per chain)")
    demo.add_argument("--seed", type=_non_negative_int, default=0, help="random_state of every fit (default 0)")
    demo.add_argument("--sampler", choices=("auto", "nuts", "gibbs", "exact"), default="auto",
                      help="posterior sampler (default auto: exact for ridge, Gibbs for lasso and elastic net; "
                           "nuts: PyMC for all three)")
    demo.add_argument("--out", default="bayesreg-demo", help="output folder (default ./bayesreg-demo)")

    fit = sub.add_parser(
        "fit",
        help="fit one Bayesian model to a CSV file",
        description=(
            "Fit a Bayesian ridge, lasso or elastic net to a CSV file; print, per feature, the "
            "scikit-learn twin, the MAP, the posterior mean and median and the 95% interval; write "
            "summary.csv, summary.json, forest.png and posterior.nc (ArviZ InferenceData) to --out."
        ),
    )
    fit.add_argument("data", metavar="DATA.csv", help="CSV file with a header row")
    fit.add_argument("--target", required=True, help="column to predict")
    fit.add_argument("--features", nargs="+", metavar="COL",
                     help="feature columns (default: every other numeric column)")
    fit.add_argument("--model", choices=("ridge", "lasso", "elasticnet"), default="lasso",
                     help="prior / penalty (default lasso)")
    fit.add_argument("--alpha", type=_alpha, default="auto", metavar="{A,auto}",
                     help="regularization strength in scikit-learn's units, or 'auto' for the twin's "
                          "5-fold cross-validated choice (default auto)")
    fit.add_argument("--l1-ratio", type=_unit_float, default=0.5, metavar="R", help="elastic net mixing weight (default 0.5)")
    fit.add_argument("--sampler", choices=("auto", "nuts", "gibbs", "exact"), default="auto",
                     help="posterior sampler (default auto: the fastest exact one for the model)")
    fit.add_argument("--draws", type=_positive_int, default=1000, help="kept draws per chain (default 1000)")
    fit.add_argument("--tune", type=_non_negative_int, default=1000, help="tuning draws per chain (default 1000)")
    fit.add_argument("--chains", type=_positive_int, default=2, help="chains (default 2)")
    fit.add_argument("--cores", type=_positive_int, default=None, help="parallel chains (default: one per chain)")
    fit.add_argument("--seed", type=_non_negative_int, default=0, help="random_state (default 0)")
    fit.add_argument("--dropna", action="store_true", help="drop rows with missing values instead of failing")
    fit.add_argument("--standardize", action="store_true",
                     help="z-score every feature before fitting, so that the penalty treats features alike "
                          "whatever their units; coefficients are then per standard deviation of the feature")
    fit.add_argument("--no-progress", action="store_true", help="hide the sampling progress bar (shown by NUTS; exact and Gibbs take seconds)")
    fit.add_argument("--out", default="bayesreg-fit", help="output folder (default ./bayesreg-fit)")

    cli_compare.add_arguments(sub.add_parser("compare", help=cli_compare.HELP, description=cli_compare.DESCRIPTION))
    from .explore import command as explore_command  # argparse only: keeps --help fast

    explore = sub.add_parser("explore", help="write an interactive, offline HTML page of the prior-penalty link",
                             description=explore_command.DESCRIPTION)
    explore_command.add_arguments(explore)
    return parser


def _quiet_pymc() -> None:
    """PyMC logs every sampler start at INFO (and sets that level on import); the commands
    print their own summary, so keep PyMC's logger at WARNING."""
    import logging

    import pymc  # noqa: F401  (import first: it resets its logger's level)

    logging.getLogger("pymc").setLevel(logging.WARNING)


def main(argv=None) -> int:
    """Entry point of the ``bayesreg`` command. Returns the exit status.

    User errors exit with status 2 and one line on stderr, never a traceback.
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2, one line already printed)
        return int(exc.code or 0)
    if args.command == "explore":
        from .explore.command import run

        return run(args)
    _quiet_pymc()
    try:
        if args.command == "demo":
            from .demo import run_demo

            run_demo(
                draws=args.draws, tune=args.tune, chains=args.chains, cores=args.cores,
                seed=args.seed, sampler=args.sampler, out=args.out,
            )
        elif args.command == "fit":
            from .fit_csv import run_fit

            run_fit(
                args.data, target=args.target, features=args.features, model=args.model, alpha=args.alpha,
                l1_ratio=args.l1_ratio, sampler=args.sampler, draws=args.draws, tune=args.tune,
                chains=args.chains, cores=args.cores, seed=args.seed, out=args.out, dropna=args.dropna,
                standardize=args.standardize, progressbar=not args.no_progress,
            )
        elif args.command == "compare":
            return cli_compare.run(args)
    except (ValueError, TypeError, OSError) as exc:
        print(f"bayesreg: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bayesreg: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
