"""The main job: Bayesian ridge, lasso and elastic net on the diabetes data vs their twins."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .estimators import BayesElasticNet, BayesLasso, BayesRidge
from .plots import plot_forest, write_teaching_figures
from .summary import compare_estimates, format_r_hat
from .tuning import DEFAULT_CV_RULE, MODELS, cross_validate_alpha

__all__ = ["load_diabetes_frame", "cv_choices", "choose_alphas", "run_demo", "DemoResult"]

#: Mixing weight of the demo's elastic net.
DEMO_L1_RATIO = 0.5


def load_diabetes_frame():
    """scikit-learn's diabetes data (Efron et al. 2004) as ``(X DataFrame, y Series)``.

    442 samples, 10 features (age, sex, bmi, bp, s1..s6), already centered and
    scaled by scikit-learn; ``y`` is disease progression after one year. Ships
    with scikit-learn: no download.
    """
    from sklearn.datasets import load_diabetes

    data = load_diabetes(as_frame=True)
    return data.data, data.target


def cv_choices(X, y, *, cv: int | None = None, rule: str = DEFAULT_CV_RULE, seed: int = 0) -> dict:
    """Each twin's cross-validation (:func:`bayesreg.tuning.cross_validate_alpha` on shuffled
    folds seeded by ``seed``), ``{"ridge": CVChoice, "lasso": ..., "elasticnet": ...}``."""
    return {name: cross_validate_alpha(name, X, y, l1_ratio=DEMO_L1_RATIO, cv=cv, rule=rule, random_state=seed)
            for name in MODELS}


def choose_alphas(X, y, *, cv: int | None = None, rule: str = DEFAULT_CV_RULE, seed: int = 0) -> dict:
    """Each twin's ``alpha`` by cross-validation on shuffled folds (:func:`cv_choices`), by
    default with the one-standard-error rule (Hastie, Tibshirani & Friedman 2009, section
    7.10). On the diabetes data the minimum-error rule sits at the end of the elastic net's
    grid (it wants no regularization); the 1-SE rule gives each model a strength that
    cross-validation cannot tell from the best one.

    Returns
    -------
    dict
        ``{"ridge": float, "lasso": float, "elasticnet": float}``.
    """
    return {name: c.alpha for name, c in cv_choices(X, y, cv=cv, rule=rule, seed=seed).items()}


@dataclass
class DemoResult:
    """Tables (one per model), fitted estimators, alphas, figure path and timing."""

    tables: dict
    estimators: dict
    alphas: dict
    figure: Path
    seconds: float


def _format_table(table: pd.DataFrame) -> str:
    shown = (table[["twin", "map", "mean", "median", "eti_lower", "eti_upper"]] + 0.0).rename(  # + 0.0: no "-0.000"
        columns={
            "twin": "twin (sklearn)",
            "map": "MAP (ours)",
            "mean": "post. mean",
            "median": "post. median",
            "eti_lower": f"{table.attrs['level']:.0%} CI low",
            "eti_upper": "CI high",
        }
    )
    return shown.to_string(float_format=lambda v: f"{v:10.3f}")


def _panel_title(name: str, title: str, alpha: float, n: int, sampler: str) -> str:
    """A forest panel's title: the model, its alpha in its twin's own units (ridge's also in
    ElasticNet's, ``alpha / n``), and the sampler."""
    model_name, alpha_text = title.split("  ")
    alpha_text = alpha_text.strip("()")
    if name == "ridge":
        alpha_text += f" (= n x {alpha / n:.3g} in ElasticNet's units)"
    return f"{model_name}\n{alpha_text}\n{sampler} sampler"


def run_demo(
    *, draws: int = 1000, tune: int = 1000, chains: int = 2, cores: int | None = None, seed: int = 0,
    sampler: str = "auto", out: str | Path = "bayesreg-demo", cv_folds: int | None = None,
    cv_rule: str = DEFAULT_CV_RULE, fast_figures: bool = False, echo=print,
) -> DemoResult:
    """Fit the three models to the diabetes data, print the comparison, write the figure.

    Parameters
    ----------
    draws, tune, chains : int
        Sampler settings per model.
    cores : int, optional
        Parallel chains (default: one per chain up to the CPU count).
    seed : int
        ``random_state`` of every fit and of the cross-validation folds.
    sampler : {"auto", "nuts", "gibbs", "exact"}
        "auto" takes the exact i.i.d. sampler for ridge and Gibbs for lasso and
        elastic net; "nuts" runs PyMC for all three.
    out : path
        Output folder (created); receives ``demo.png``, one CSV per model, and the
        teaching figures of :func:`bayesreg.plots.write_teaching_figures` (priors,
        shrinkage, geometry, paths).
    cv_folds, cv_rule : int, {"1se", "min"}
        Cross-validation that chooses each model's alpha (:func:`choose_alphas`).
    fast_figures : bool
        Fewer posterior fits along the paths of the teaching figures (tests).
    echo : callable
        Where lines are printed.

    Returns
    -------
    DemoResult
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt


    start = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    X, y = load_diabetes_frame()
    choices = cv_choices(X, y, cv=cv_folds, rule=cv_rule, seed=seed)
    alphas = {name: c.alpha for name, c in choices.items()}
    echo(f"Diabetes data: {X.shape[0]} samples x {X.shape[1]} features; y = disease progression.")
    echo(f"alpha per model: {choices['ridge'].describe().replace('the ridge twin', 'each twin')}"
         + (" (the largest alpha within one SE of the best CV error)." if cv_rule == "1se" else "."))
    common = dict(draws=draws, tune=tune, chains=chains, cores=cores, random_state=seed, sampler=sampler)
    estimators = {
        "ridge": BayesRidge(alpha=alphas["ridge"], **common),
        "lasso": BayesLasso(alpha=alphas["lasso"], **common),
        "elasticnet": BayesElasticNet(alpha=alphas["elasticnet"], l1_ratio=DEMO_L1_RATIO, **common),
    }
    titles = {
        "ridge": f"Bayesian ridge  (Ridge alpha = {alphas['ridge']:.4g})",
        "lasso": f"Bayesian lasso  (Lasso alpha = {alphas['lasso']:.4g})",
        "elasticnet": f"Bayesian elastic net  (ElasticNet alpha = {alphas['elasticnet']:.4g}, l1_ratio = {DEMO_L1_RATIO})",
    }
    tables = {}
    fig, axes = plt.subplots(1, 3, figsize=(16, 6.4), sharex=True, sharey=True, layout="constrained")
    for ax, (name, est) in zip(axes, estimators.items()):
        t0 = time.perf_counter()
        est.fit(X, y)
        table = compare_estimates(est, X, y)
        tables[name] = table
        table.to_csv(out / f"{name}.csv")
        a = table.attrs
        echo("")
        used = est.idata_.posterior.attrs["sampler"]
        echo(f"== {titles[name]} ==  ({time.perf_counter() - t0:.1f} s, {used}: {chains} chains x {draws} draws)")
        echo(_format_table(table))
        echo(
            f"max |MAP - twin| / max |twin| = {a['max_rel_map_twin']:.2e}   "
            f"(MAP KKT residual {est.map_.kkt_residual:.1e})   "
            f"max r_hat = {format_r_hat(a['r_hat'])}   min ess_bulk = {a['ess_bulk']:.0f}   "
            f"divergences = {a['divergences']}"
        )
        n_zero_map = int(np.sum(table["map"] == 0))
        n_zero_mean = int(np.sum(table["mean"] == 0))
        if name != "ridge":
            echo(
                f"exact zeros: MAP {n_zero_map}, posterior mean {n_zero_mean}"
                + ("  (the mode can be sparse; the mean never is)" if n_zero_map else "")
            )
        plot_forest(table, ax=ax, title=_panel_title(name, titles[name], alphas[name], X.shape[0], used))
        ax.set_xlabel("coefficient (per unit of a unit-norm feature)")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=6, fontsize=9)
    fig.suptitle("Diabetes: 95% posterior intervals with the posterior mean and median (upper mark of each row) "
                 "vs the MAP and the scikit-learn twin (lower mark)\nscikit-learn's diabetes features are "
                 "centered and scaled to unit norm (sum of squares 1), so a coefficient is the change in y "
                 "per unit-norm step of its feature")
    figure = out / "demo.png"
    fig.savefig(figure, dpi=110)
    plt.close(fig)
    teaching = write_teaching_figures(out, fast=fast_figures, random_state=seed, marks=alphas)
    seconds = time.perf_counter() - start
    echo("")
    echo(
        f"Wrote {figure.name}, {', '.join(f'{k}.csv' for k in tables)} and the teaching figures "
        f"{', '.join(p.name for p in teaching)} to {out}/  ({seconds:.0f} s in all)"
    )
    return DemoResult(tables=tables, estimators=estimators, alphas=alphas, figure=figure, seconds=seconds)
