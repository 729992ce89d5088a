"""Pick and run a posterior sampler for a model: "nuts", "gibbs", "exact" or "auto"."""

from __future__ import annotations

from .._data import Design
from .._stats_design import require_rows
from ._exact import sample_exact
from ._gibbs import sample_gibbs
from ._pymc import sample_nuts
from ._support import supports_exact, supports_gibbs

__all__ = ["SAMPLERS", "resolve_sampler", "sample_posterior"]

SAMPLERS = ("auto", "nuts", "gibbs", "exact")
_SUPPORTS = {"exact": supports_exact, "gibbs": supports_gibbs}


def _supports(kind: str, model) -> bool:
    return _SUPPORTS[kind](model)


def resolve_sampler(model, sampler: str) -> str:
    """The concrete sampler for ``sampler`` (``"auto"``: exact, else Gibbs, else NUTS).

    Raises
    ------
    ValueError
        When the model cannot be sampled by the requested sampler (naming why).
    """
    if sampler not in SAMPLERS:
        raise ValueError(f"The 'sampler' parameter must be one of {SAMPLERS}. Got {sampler!r} instead.")
    if sampler == "auto":
        for kind in ("exact", "gibbs"):
            if _supports(kind, model):
                return kind
        return "nuts"
    if sampler != "nuts" and not _supports(sampler, model):
        raise ValueError(
            f"sampler={sampler!r} cannot sample {model.prior!r} with {model.likelihood!r} and "
            f"{model.sigma_prior!r}; use sampler='nuts' (any model) or 'auto'."
        )
    return sampler


def sample_posterior(model, X, y=None, sample_weight=None, *, sampler="auto", feature_names=None, draws=1000,
                     tune=1000, chains=2, cores=None, rng, initvals=None, progressbar=False,
                     target_accept=0.9, nuts_sampler="pymc", pointwise="auto"):
    """Sample the posterior of ``model`` with the chosen sampler.

    Returns
    -------
    arviz.InferenceData
        The common layout of :func:`bayesreg.posterior.build_inference_data` (``coef``
        (chain, draw, feature), ``intercept``, ``sigma``; ``log_likelihood`` and
        ``posterior_predictive`` per ``pointwise``); ``posterior.attrs["sampler"]`` names the
        sampler actually used.
    """
    kind = resolve_sampler(model, sampler)
    if isinstance(X, Design):  # the estimators' path; they have checked with their own name already
        model.check_scales(X.n, X.y_scale(model.fit_intercept))
    common = dict(feature_names=feature_names, draws=draws, chains=chains, rng=rng, pointwise=pointwise)
    if kind == "exact":
        return sample_exact(model, X, y, sample_weight, **common)
    if kind == "gibbs":
        return sample_gibbs(model, X, y, sample_weight, tune=tune, **common)
    if isinstance(X, Design):
        require_rows(X, "NUTS", "PyMC evaluates the likelihood over the rows", "Use sampler='gibbs' or 'exact' "
                     "(a Gaussian likelihood with a ridge, lasso, elastic-net or horseshoe prior), or a numpy sample.")
    return sample_nuts(model, X, y, sample_weight, tune=tune, cores=cores, target_accept=target_accept,
                       initvals=initvals, progressbar=progressbar, nuts_sampler=nuts_sampler, **common)
