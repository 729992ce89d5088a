"""Fit one Bayesian model to a data file.

Fit a Bayesian ridge, lasso, elastic net or horseshoe to a data file (CSV and other
delimited text, detected; or Parquet); print, per feature, the scikit-learn twin, the MAP,
the posterior mean and median and the credible interval; write summary.csv, summary.json,
forest.png and posterior.nc (ArviZ InferenceData) to --out, and heldout.csv with
--test-where / --holdout.
"""

from __future__ import annotations

import argparse

from ._common import (
    GammaSpec,
    HalfCauchySpec,
    LikelihoodSpec,
    alpha_value,
    likelihood_value,
    open_unit_float,
    positive_float,
    sigma_prior_value,
    unit_float,
)
from ._data import add_data_arguments, data_kwargs
from ._options import CV_HELP, add_cv_arguments, add_sampler_arguments

__all__ = ["add_arguments", "run"]

MODELS = ("ridge", "lasso", "enet", "horseshoe")
_MODEL_ALIASES = {"elasticnet": "enet", "elastic-net": "enet", "elastic_net": "enet"}


def _model(text: str) -> str:
    name = _MODEL_ALIASES.get(text.lower(), text.lower())
    if name not in MODELS:
        raise argparse.ArgumentTypeError(f"invalid choice: {text!r} (choose from {', '.join(MODELS)})")
    return name


def add_arguments(parser) -> None:
    """Declare the options of ``bayesreg fit``."""
    parser.epilog = CV_HELP + " Errors: one line, exit status 2."
    add_data_arguments(parser)
    parser.add_argument("--standardize", action="store_true",
                        help="z-score every feature (training rows' mean and sd) before fitting, so that the penalty "
                             "treats features alike whatever their units; coefficients are then per standard "
                             "deviation of the feature")
    model = parser.add_argument_group("model")
    model.add_argument("--model", type=_model, default="lasso", metavar="{" + ",".join(MODELS) + "}",
                       help="prior / penalty (default lasso; elasticnet is accepted for enet)")
    model.add_argument("--alpha", type=alpha_value, default=None, metavar="{NUMBER,auto,empirical_bayes,gamma:SHAPE,RATE}",
                       help="regularization strength in scikit-learn's units; auto: cross-validated (default for "
                            "ridge, lasso, enet); empirical_bayes: maximize the marginal likelihood; gamma:SHAPE,RATE: "
                            "a Gamma hyperprior, sampled with the rest (on lambda^2 with --laplace-form "
                            "park_casella). Not for horseshoe")
    model.add_argument("--l1-ratio", type=unit_float, default=None, metavar="R",
                       help="elastic net mixing weight in [0, 1] (default 0.5)")
    model.add_argument("--laplace-form", choices=("alpha", "park_casella"), default="alpha",
                       help="lasso prior: alpha (default; Laplace(0, sigma^2/(n alpha)), its mode is Lasso(alpha)) or "
                            "park_casella (Laplace(0, sigma/lambda); needs --alpha empirical_bayes or gamma:SHAPE,RATE)")
    model.add_argument("--global-scale", type=positive_float, default=None, metavar="S",
                       help="horseshoe: scale of the half-Cauchy prior on the global shrinkage tau (default 1)")
    model.add_argument("--sigma-prior", type=sigma_prior_value, default="jeffreys",
                       metavar="{jeffreys,halfcauchy:SCALE}",
                       help="prior on the noise sd: jeffreys (default, p(sigma) ~ 1/sigma) or a half-Cauchy with SCALE "
                            "in the units of the target")
    model.add_argument("--likelihood", type=likelihood_value, default=LikelihoodSpec("gaussian"),
                       metavar="{gaussian,laplace,student-t[:NU]}",
                       help="noise model (default gaussian); laplace (L1 loss: LAD-lasso with --model lasso) and "
                            "student-t (NU degrees of freedom, default 4) are robust to outliers and need --alpha "
                            "NUMBER or gamma:SHAPE,RATE")
    cv = parser.add_argument_group("choosing alpha 'auto'")
    add_cv_arguments(cv)
    out = parser.add_argument_group("sampling and output")
    add_sampler_arguments(out, sampler_help="posterior sampler (default auto: the fastest exact one for the model)")
    out.add_argument("--target-accept", type=open_unit_float, default=0.9, metavar="P",
                     help="NUTS target acceptance rate (default 0.9; raise it when NUTS reports divergences)")
    out.add_argument("--level", type=open_unit_float, default=0.95,
                     help="mass of the credible and predictive intervals (default 0.95)")
    out.add_argument("--no-progress", action="store_true",
                     help="hide the sampling progress bar (shown by NUTS; exact and Gibbs take seconds)")
    out.add_argument("--out", default="bayesreg-fit", help="output folder (default ./bayesreg-fit)")


def _library_values(args):
    """The objects the library takes for the spec-valued options."""
    alpha = args.alpha
    if isinstance(alpha, GammaSpec):
        from ..hyperpriors import GammaHyperprior  # lazy: numpy and scipy stay out of --help

        alpha = GammaHyperprior(alpha.shape, alpha.rate)
    sigma_prior = args.sigma_prior
    if isinstance(sigma_prior, HalfCauchySpec):
        from ..sigma_priors import HalfCauchySigma  # lazy: numpy stays out of --help

        sigma_prior = HalfCauchySigma(sigma_prior.scale)
    likelihood = None
    if args.likelihood.kind != "gaussian":
        from .. import likelihoods  # lazy: numpy stays out of --help

        likelihood = (likelihoods.LaplaceLikelihood() if args.likelihood.kind == "laplace"
                      else likelihoods.StudentTLikelihood(args.likelihood.nu))
    return alpha, (None if sigma_prior == "jeffreys" else sigma_prior), likelihood


def run(args) -> int:
    """Run ``bayesreg fit``; returns the exit status."""
    from ..fit_csv import run_fit  # lazy: pandas, scikit-learn and PyMC stay out of --help
    from ..fit_dask import run_fit_dask, wants_dask  # lazy: the Dask fit path, kept off `bayesreg --help`

    alpha, sigma_prior, likelihood = _library_values(args)
    if wants_dask(args.data):  # a glob, a folder or a large file: one Dask pass to sufficient statistics
        run_fit_dask(
            args.data, **data_kwargs(args), model={"enet": "elasticnet"}.get(args.model, args.model), alpha=alpha,
            l1_ratio=args.l1_ratio, laplace_form=args.laplace_form, sigma_prior=sigma_prior, likelihood=likelihood,
            global_scale=args.global_scale, level=args.level, sampler=args.sampler, draws=args.draws,
            tune=args.tune, chains=args.chains, seed=args.seed, out=args.out, standardize=args.standardize,
            progressbar=not args.no_progress,
        )
        return 0
    run_fit(
        args.data, **data_kwargs(args), model={"enet": "elasticnet"}.get(args.model, args.model), alpha=alpha,
        l1_ratio=args.l1_ratio, laplace_form=args.laplace_form, sigma_prior=sigma_prior, likelihood=likelihood,
        global_scale=args.global_scale, cv_folds=args.cv_folds, cv_rule=args.cv_rule, level=args.level,
        sampler=args.sampler, draws=args.draws, tune=args.tune, chains=args.chains, cores=args.cores,
        target_accept=args.target_accept,
        seed=args.seed, out=args.out, standardize=args.standardize, progressbar=not args.no_progress,
    )
    return 0
