"""Fit Bayesian ridge, lasso and elastic net to the diabetes data and compare with scikit-learn.

Fit Bayesian ridge, lasso and elastic net to scikit-learn's diabetes data (exact / Gibbs
samplers by default, PyMC NUTS with --sampler nuts) at alphas from each twin's cross-validation;
print, per model, the twin, MAP, posterior mean, median and 95% credible interval of every
coefficient; write figures and CSV tables to --out.
"""

from __future__ import annotations

from ._options import CV_HELP, add_cv_arguments, add_sampler_arguments

__all__ = ["add_arguments", "run"]


def add_arguments(parser) -> None:
    """Declare the options of ``bayesreg demo``."""
    parser.epilog = CV_HELP
    add_sampler_arguments(parser, sampler_help="posterior sampler (default auto: exact for ridge, Gibbs for lasso "
                                               "and elastic net; nuts: PyMC for all three)")
    add_cv_arguments(parser)
    parser.add_argument("--out", default="bayesreg-demo", help="output folder (default ./bayesreg-demo)")


def run(args) -> int:
    """Run the demo; returns the exit status."""
    from .. import demo  # lazy: scikit-learn and PyMC stay out of --help

    demo.run_demo(draws=args.draws, tune=args.tune, chains=args.chains, cores=args.cores, seed=args.seed,
                  sampler=args.sampler, out=args.out, cv_folds=args.cv_folds, cv_rule=args.cv_rule)
    return 0
