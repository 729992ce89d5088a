"""Option groups shared by subcommands: sampler settings and the cross-validation rule."""

from __future__ import annotations

from ._common import int_at_least, non_negative_int, positive_int

__all__ = ["add_sampler_arguments", "add_cv_arguments", "CV_HELP", "SAMPLERS", "CV_RULES", "DEFAULT_CV_RULE",
           "DEFAULT_CV_FOLDS"]

_folds = int_at_least(2, "an integer >= 2")

# Kept equal to bayesreg.tuning's (a test checks it) without importing numpy for --help.
CV_RULES = ("1se", "min")
DEFAULT_CV_RULE = "1se"
DEFAULT_CV_FOLDS = 10
SAMPLERS = ("auto", "nuts", "gibbs", "exact")

CV_HELP = ("alpha 'auto' is chosen by the scikit-learn twin's K-fold cross-validation on shuffled rows (seeded "
           "by --seed): with --cv-rule 1se (default) the largest alpha whose CV error is within one standard "
           "error of the best (Hastie, Tibshirani & Friedman, ESL 7.10), with min the best.")


def add_sampler_arguments(parser, *, sampler_help: str) -> None:
    """``--sampler --draws --tune --chains --cores --seed``."""
    parser.add_argument("--sampler", choices=SAMPLERS, default="auto", help=sampler_help)
    parser.add_argument("--draws", type=positive_int, default=1000, help="kept draws per chain (default 1000)")
    parser.add_argument("--tune", type=non_negative_int, default=1000, help="tuning draws per chain (default 1000)")
    parser.add_argument("--chains", type=positive_int, default=2, help="chains (default 2)")
    parser.add_argument("--cores", type=positive_int, default=None, help="parallel chains (default: one per chain)")
    parser.add_argument("--seed", type=non_negative_int, default=0,
                        help="random_state of the sampler, the cross-validation folds and --holdout (default 0)")


def add_cv_arguments(parser) -> None:
    """``--cv-folds`` and ``--cv-rule``."""
    parser.add_argument("--cv-folds", type=_folds, default=None, metavar="K",
                        help=f"folds of the cross-validation that chooses alpha 'auto' (default {DEFAULT_CV_FOLDS} as "
                             "glmnet's cv.glmnet; half the rows below 20 rows)")
    parser.add_argument("--cv-rule", choices=CV_RULES, default=DEFAULT_CV_RULE,
                        help="1se: largest alpha within one standard error of the best CV error (default, as the "
                             "demo); min: the best")

