"""``bayesreg compare DATA --target COL --models ridge,lasso,enet,horseshoe``: rank models by PSIS-LOO.

Fits each model to the same table (the alpha of ridge, lasso and elastic net: a number, or
"auto" for each twin's cross-validated choice, as ``bayesreg fit``), prints
:func:`bayesreg.compare`'s table and writes ``compare.csv`` and ``compare.png`` to ``--out``.
Registered in :data:`bayesreg.cli.COMMANDS`.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

from ._common import non_negative_int, positive_float, positive_int, unit_float
from ._data import add_data_arguments, data_kwargs
from ._options import CV_HELP, add_cv_arguments

__all__ = ["add_arguments", "run", "MODEL_NAMES"]

#: Accepted ``--models`` names -> the name used in the table.
MODEL_NAMES = {"ridge": "ridge", "lasso": "lasso", "enet": "enet", "elasticnet": "enet", "horseshoe": "horseshoe"}
HELP = "rank Bayesian ridge, lasso, elastic net and horseshoe fits of a CSV file by PSIS-LOO"
DESCRIPTION = (
    "Fit several Bayesian models to one CSV file and rank them by their expected log predictive "
    "density (PSIS-LOO from ArviZ; --ic waic for WAIC): print ArviZ's comparison table (elpd, its "
    "standard error, effective number of parameters p_loo, difference to the best with its SE, "
    "stacking weight, observations with a bad Pareto k) and write compare.csv and compare.png to --out."
)


def _alpha(text: str):
    """``--alpha``: "auto" or a positive number."""
    return "auto" if text.strip().lower() == "auto" else positive_float(text)


def _models(text: str) -> list:
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    unknown = [t for t in names if t not in MODEL_NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown model(s) {unknown}; choose from ridge, lasso, enet, horseshoe")
    out = list(dict.fromkeys(MODEL_NAMES[t] for t in names))
    if len(out) < 2:
        raise argparse.ArgumentTypeError(f"expected at least two models separated by commas, got {text!r}")
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``bayesreg compare`` on ``parser``."""
    add_data_arguments(parser, heldout=False)
    parser.add_argument("--models", type=_models, default=["ridge", "lasso", "enet", "horseshoe"],
                        metavar="M1,M2,...", help="comma-separated models: ridge, lasso, enet, horseshoe "
                                                  "(default: all four)")
    parser.add_argument("--alpha", type=_alpha, default="auto", metavar="{A,auto}",
                        help="regularization strength of ridge, lasso and enet in scikit-learn's units, or 'auto' "
                             "for each twin's cross-validated choice (default auto; " + CV_HELP + ")")
    add_cv_arguments(parser)
    parser.add_argument("--l1-ratio", type=unit_float, default=0.5, metavar="R",
                        help="elastic net mixing weight (default 0.5)")
    parser.add_argument("--ic", choices=("loo", "waic"), default="loo", help="criterion (default loo)")
    parser.add_argument("--draws", type=positive_int, default=1000, help="kept draws per chain (default 1000)")
    parser.add_argument("--tune", type=non_negative_int, default=1000, help="tuning draws per chain (default 1000)")
    parser.add_argument("--chains", type=positive_int, default=2, help="chains (default 2)")
    parser.add_argument("--seed", type=non_negative_int, default=0,
                        help="random_state of every fit and of the cross-validation folds (default 0)")
    parser.add_argument("--standardize", action="store_true", help="z-score every feature before fitting")
    parser.add_argument("--out", default="bayesreg-compare", help="output folder (default ./bayesreg-compare)")


def _estimator(name, alpha, l1_ratio, common):
    from ..estimators import BayesElasticNet, BayesHorseshoe, BayesLasso, BayesRidge  # lazy: fast --help

    if name == "horseshoe":
        return BayesHorseshoe(**common)
    if name == "ridge":
        return BayesRidge(alpha=alpha, **common)
    if name == "lasso":
        return BayesLasso(alpha=alpha, **common)
    return BayesElasticNet(alpha=alpha, l1_ratio=l1_ratio, **common)


def run(args, echo=print) -> int:
    """Run ``bayesreg compare`` with parsed ``args``; returns the exit status (0).

    Raises
    ------
    ValueError
        Bad data or options (the CLI prints it as one line and exits with status 2).
    """
    # lazy, as every command's heavy imports: `bayesreg --help` must not load matplotlib
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..comparison import compare, plot_compare  # lazy: fast --help (ArviZ, samplers)
    from ..fit_csv import feature_scales, load_table  # lazy: fast --help (pandas)
    from ..tuning import choose_alpha  # lazy: fast --help (scikit-learn)

    kwargs = data_kwargs(args)
    target = kwargs.pop("target")
    data = load_table(args.data, target, seed=args.seed, echo=echo, **kwargs)
    X, y = data.X, data.y
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"cannot create the --out folder {out}: {exc.strerror or exc}") from None
    if args.standardize:
        scale = feature_scales(X)
        X = (X - scale["mean"]) / scale["sd"]
    common = dict(draws=args.draws, tune=args.tune, chains=args.chains, random_state=args.seed)
    fitted, alphas = {}, {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in args.models:
            alpha = None
            if name != "horseshoe":
                twin = "elasticnet" if name == "enet" else name
                alpha = (choose_alpha(twin, X, y, l1_ratio=args.l1_ratio, cv=args.cv_folds, rule=args.cv_rule,
                                      random_state=args.seed) if args.alpha == "auto" else args.alpha)
            alphas[name] = alpha
            echo(f"fitting {name}" + (f" (alpha = {alpha:.6g})" if alpha is not None else "") + " ...")
            fitted[name] = _estimator(name, alpha, args.l1_ratio, common).fit(X, y)
        table = compare(fitted, ic=args.ic)
    seen = set()
    for w in caught:
        text = " ".join(str(w.message).split())
        if text not in seen:
            seen.add(text)
            echo(f"warning: {text}")
    table.insert(0, "alpha", [alphas[name] for name in table.index])
    table.to_csv(out / "compare.csv")
    ax = plot_compare(table.drop(columns="alpha"), title=f"{args.ic.upper()} on {Path(args.data).name} "
                                                          f"({table.attrs['n_obs']} rows)")
    ax.figure.tight_layout()
    ax.figure.savefig(out / "compare.png", dpi=110)
    plt.close(ax.figure)
    elpd = f"elpd_{args.ic}"
    p_eff = f"p_{args.ic}"
    shown = table[["rank", "alpha", elpd, "se", p_eff, "elpd_diff", "dse", "weight", "n_bad_k", "sampler"]]
    two = lambda v: f"{v:.2f}"  # noqa: E731  (elpd and its SEs: nats, two decimals)
    formats = {elpd: two, "se": two, p_eff: two, "elpd_diff": two, "dse": two, "weight": lambda v: f"{v:.3f}",
               "alpha": lambda v: f"{v:.4g}"}
    echo(shown.to_string(formatters=formats, na_rep="-"))
    echo(f"best: {table.index[0]}; elpd_diff is each model's {elpd} minus the best's, dse its standard error "
         "(a difference within ~2 dse is not distinguishable).")
    echo(f"wrote compare.csv, compare.png to {out}/")
    return 0
