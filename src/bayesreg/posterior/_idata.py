"""One InferenceData builder for every sampler (exact, Gibbs, NUTS on any backend).

Every sampler hands its draws to :func:`build_inference_data`, so that the same model
gives the same groups, variable names, dims, coords and attributes whatever sampled it:

- ``posterior``: ``coef`` (chain, draw, feature), ``intercept`` (chain, draw; with an
  intercept), ``sigma`` (chain, draw) and the sampled hyperparameter, if any (``alpha``;
  ``lam`` for Park & Casella; ``tau`` for the horseshoe);
- ``sample_stats``: the sampler's own statistics (NUTS: PyMC's; Gibbs: ``sigma_accept``);
- ``observed_data``: ``y`` (obs); ``constant_data``: ``X`` (obs, feature) and
  ``sample_weight`` (obs; ones without weights) -- a copy of the data, ``8 n (p + 1)`` bytes;
- ``log_likelihood``: ``y`` (chain, draw, obs), the model's own likelihood at each draw
  (compiled, :mod:`._pointwise_kernels`, for the built-in likelihoods; vectorized numpy,
  :meth:`bayesreg.likelihoods.Likelihood.pointwise_logpdf`, for any other; frequency weights
  multiply a row's log density, so a row and its replicates are one unit for leave-one-out);
- ``posterior_predictive``: ``y`` (chain, draw, obs), one replicate data set per draw,
  computed at first access (:mod:`._lazy`: the group, its shape and ``nbytes`` exist from the
  start; the first read -- ``az.plot_ppc``, ``.values``, ``to_netcdf`` -- draws the replicates
  and keeps them; ``idata.posterior_predictive.load()`` draws them at once). Chain ``c``'s
  noise comes from its own stream, spawned from ``rng`` when the group is built, so the
  values do not depend on when, or how often, they are read (:class:`Replicates`). Drawing
  them is most of the groups' cost, which a fit that never reads them does not pay
  (``benchmarks/idata_groups.py``).

The two pointwise groups cost ``8 x chains x draws x n_samples`` bytes each (2 chains x
1000 draws x 10 000 rows: 160 MB; the replicates once read). ``pointwise="auto"`` stores them when that product is
at most :data:`POINTWISE_BUDGET` values, ``True`` always, ``False`` never, and
``"log_likelihood"`` only the log-likelihood (all that ``az.loo`` and ``az.compare`` need);
``attrs["pointwise_groups"]`` says what was done. :func:`add_pointwise_groups` adds them later.

Attributes on every group: ``bayesreg_version``, ``model``, ``prior``, ``likelihood``,
``sigma_prior`` (reprs), ``sampler``, ``laplace_form``, ``hyperparameters`` (comma-separated
posterior names of the sampled hyperparameters, or ``"none"``) and ``pointwise_groups``;
a sampler may add only the detail attributes in :data:`DETAIL_ATTRS` (the Gibbs sampler's).
"""

from __future__ import annotations

import copy

import numpy as np
from threadpoolctl import threadpool_limits

from .._data import Design
from .._stats_design import as_design, require_rows
from .._validation import check_random_state
from .._version import __version__
from ._gibbs_data import _as_arrays
from ._lazy import lazy_dataset
from ._pointwise_kernels import chain_streams, log_likelihood_draws, replicate_draws

__all__ = [
    "POINTWISE_BUDGET",
    "COMMON_ATTRS",
    "DETAIL_ATTRS",
    "build_inference_data",
    "add_pointwise_groups",
    "mean_draws",
    "check_pointwise",
    "sample_prior_predictive",
    "to_inference_data",
]

#: Largest ``chains x draws x n_samples`` for which ``pointwise="auto"`` stores the pointwise groups.
POINTWISE_BUDGET = 10_000_000
#: Attributes of every group, identical for one model whatever the sampler (except ``sampler``).
COMMON_ATTRS = ("bayesreg_version", "model", "prior", "likelihood", "sigma_prior", "sampler", "laplace_form",
                "hyperparameters", "pointwise_groups")
#: Sampler-specific detail attributes a sampler may add (the Gibbs sampler's sigma step and mixture).
DETAIL_ATTRS = ("sigma_step", "likelihood_mixture")
_STANDARD = ("coef", "intercept", "sigma")
_POINTWISE = ("log_likelihood", "posterior_predictive")


#: Values of the ``pointwise`` option besides True and False.
POINTWISE_OPTIONS = ("auto", "log_likelihood")


def check_pointwise(value, who: str):
    """Validate the ``pointwise`` option (``"auto"``, ``"log_likelihood"``, True or False) of ``who``."""
    if value not in POINTWISE_OPTIONS and not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"The 'pointwise' parameter of {who} must be 'auto', 'log_likelihood', True or False. "
                         f"Got {value!r} instead.")
    return value


def _wants_pointwise(pointwise, n_values: int) -> bool:
    return n_values <= POINTWISE_BUDGET if pointwise == "auto" else bool(pointwise)


def mean_draws(posterior, X) -> np.ndarray:
    """``intercept + X @ coef`` at every draw.

    Parameters
    ----------
    posterior : mapping
        ``coef`` of shape (chain, draw, n_features) and optionally ``intercept`` (chain, draw);
        a dict of arrays or an ``xarray.Dataset`` in the layout of this module.
    X : ndarray of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (chain, draw, n_samples)
    """
    coef = np.asarray(posterior["coef"])
    X = np.asarray(X)
    # One (chain x draw, p) x (p, n) product; one BLAS thread: on a shared machine a threaded
    # BLAS call of this size is often 10-50x slower than a single-threaded one.
    with threadpool_limits(1, user_api="blas"):
        mu = (coef.reshape(-1, coef.shape[-1]) @ X.T).reshape(coef.shape[:-1] + (X.shape[0],))
    if "intercept" in posterior:
        mu += np.asarray(posterior["intercept"])[..., None]
    return mu


def _attrs(model, sampler: str, hyper_names, pointwise_note: str, details=None) -> dict:
    details = dict(details or {})
    unknown = set(details) - set(DETAIL_ATTRS)
    if unknown:  # pragma: no cover - a programming error in a sampler
        raise ValueError(f"Unknown sampler detail attributes {sorted(unknown)}; allowed: {DETAIL_ATTRS}.")
    return {
        "bayesreg_version": __version__,
        "model": repr(model),
        "prior": repr(model.prior),
        "likelihood": repr(model.likelihood),
        "sigma_prior": repr(model.sigma_prior),
        "sampler": sampler,
        "laplace_form": getattr(model.prior, "laplace_form", "none"),
        "hyperparameters": ",".join(hyper_names) if hyper_names else "none",
        "pointwise_groups": pointwise_note,
        **details,
    }


def _log_likelihood(model, X, y, sample_weight, posterior) -> np.ndarray:
    """The ``log_likelihood`` array (chain, draw, obs): compiled for the built-in likelihoods
    (:mod:`._pointwise_kernels`), vectorized numpy for any other."""
    likelihood = model.likelihood
    if likelihood.pointwise_kernel_args() is not None:
        return log_likelihood_draws(likelihood, X, y, sample_weight, posterior["coef"], posterior.get("intercept"),
                                    posterior["sigma"])
    return likelihood.pointwise_logpdf(y, mean_draws(posterior, X), np.asarray(posterior["sigma"]), sample_weight)


class Replicates:
    """The ``posterior_predictive`` array (chain, draw, obs), ``y_rep = mu + noise`` at every draw:
    what the lazy group computes at first access (:mod:`._lazy`).

    Compiled for the built-in likelihoods (:func:`._pointwise_kernels.replicate_draws`),
    ``mu + likelihood.noise(sigma)`` in numpy for any other. Chain ``c``'s noise comes from
    ``streams[c]``, copied at each call, so every call gives the same values.

    Parameters
    ----------
    likelihood : Likelihood
    X : ndarray of shape (n_samples, n_features)
    posterior : mapping
        ``coef`` (chain, draw, n_features), ``sigma`` (chain, draw), optionally ``intercept``.
    streams : list of numpy.random.Generator
        One per chain (:func:`._pointwise_kernels.chain_streams`).
    """

    def __init__(self, likelihood, X, posterior, streams):
        self.likelihood = likelihood
        self.X = X
        self.posterior = {k: np.asarray(posterior[k]) for k in ("coef", "intercept", "sigma") if k in posterior}
        self.streams = [copy.deepcopy(stream) for stream in streams]

    @property
    def shape(self) -> tuple:
        """``(chain, draw, n_samples)``."""
        return self.posterior["sigma"].shape + (self.X.shape[0],)

    def __call__(self) -> np.ndarray:
        streams = [copy.deepcopy(stream) for stream in self.streams]
        post, likelihood = self.posterior, self.likelihood
        if likelihood.pointwise_kernel_args() is not None:
            return replicate_draws(likelihood, self.X, post["coef"], post.get("intercept"), post["sigma"], streams)
        mu = mean_draws(post, self.X)
        return mu + np.stack([likelihood.noise(post["sigma"][c, :, None], streams[c], mu.shape[1:])
                              for c in range(mu.shape[0])])


def _add_replicates(idata, replicates: Replicates) -> None:
    """Add ``posterior_predictive`` (computed at first access) to ``idata``, replacing any, with the
    posterior's chain and draw coordinates and attributes."""
    post = idata.posterior
    group = lazy_dataset("y", replicates, replicates.shape, ("chain", "draw", "obs"),
                         {"chain": post["chain"].to_numpy(), "draw": post["draw"].to_numpy(),
                          "obs": np.arange(replicates.shape[-1])}, post.attrs)
    if "posterior_predictive" in idata.groups():
        delattr(idata, "posterior_predictive")
    idata.add_groups(posterior_predictive=group)


def build_inference_data(model, X, y, sample_weight, posterior: dict, *, sampler: str, feature_names=None,
                         sample_stats=None, details=None, pointwise="auto", rng=None):
    """The InferenceData of one posterior sample, in the layout of this module.

    Parameters
    ----------
    model : bayesreg.Model
        The model that was sampled (its likelihood gives ``log_likelihood`` and the
        posterior predictive noise).
    X : array-like of shape (n_samples, n_features), or Design
        A :class:`~bayesreg._data.Design` carries ``y`` and ``sample_weight`` (then None).
    y : array-like of shape (n_samples,) or None
    sample_weight : array-like of shape (n_samples,) or None
        Frequency weights.
    posterior : dict of str -> ndarray
        ``coef`` (chain, draw, n_features), ``intercept`` (with ``fit_intercept``), ``sigma``
        (chain, draw), then any hyperparameter (chain, draw).
    sampler : str
        Name stored in ``attrs["sampler"]``.
    feature_names : sequence of str, optional
        ``feature`` coordinates; default ``x0, x1, ...``.
    sample_stats : dict of str -> ndarray or xarray.Dataset, optional
    details : dict, optional
        Sampler detail attributes (keys in :data:`DETAIL_ATTRS`).
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        Store ``log_likelihood`` and ``posterior_predictive`` (see the module docstring).
    rng : int, numpy.random.Generator or None
        Source of the posterior predictive noise (one stream per chain is spawned from it
        now; the replicates are drawn at first access).

    Returns
    -------
    arviz.InferenceData

    Raises
    ------
    ValueError
        ``feature_names`` of the wrong length, a bad ``pointwise``.
    """
    import arviz as az  # lazy: ArviZ takes about a second to import

    check_pointwise(pointwise, "build_inference_data")
    rows = not isinstance(X, Design) or X.has_rows
    if not rows:
        # Sufficient statistics (dask input): no rows, so no observed/constant data or pointwise groups.
        if pointwise not in ("auto", False):
            require_rows(X, f"pointwise={pointwise!r}", "the log-likelihood and the replicates are per row",
                         "Use pointwise='auto' or False, or bayesreg.posterior.add_pointwise_groups on a "
                         "numpy sample of the rows.")
        n, p = X.n_samples, X.n_features
    else:
        X, y, sample_weight = _arrays(X, y, sample_weight)
        n, p = X.shape
    feature_names = _feature_names(feature_names, p)
    posterior = {k: np.asarray(posterior[k]) for k in _order(posterior)}
    chains, draws = posterior["sigma"].shape
    hyper_names = [k for k in posterior if k not in _STANDARD]
    log_likelihood, replicates = None, None
    if not rows:
        note = "none (the data are sufficient statistics, without rows)"
    elif _wants_pointwise(pointwise, chains * draws * n):
        log_likelihood = _log_likelihood(model, X, y, sample_weight, posterior)
        if pointwise != "log_likelihood":
            replicates = Replicates(model.likelihood, X, posterior, chain_streams(check_random_state(rng), chains))
        note = "log_likelihood" if replicates is None else ",".join(_POINTWISE)
    else:
        note = (f"none (chains x draws x n_samples = {chains * draws * n} > {POINTWISE_BUDGET}; "
                "pointwise=True or bayesreg.posterior.add_pointwise_groups adds them)")
    attrs = _attrs(model, sampler, hyper_names, note, details)
    stats_attrs = {}
    if sample_stats is not None and hasattr(sample_stats, "data_vars"):  # an xarray.Dataset (PyMC's)
        stats_attrs = {k: v for k, v in sample_stats.attrs.items() if k in ("sampling_time", "tuning_steps")}
        sample_stats = {k: v.to_numpy() for k, v in sample_stats.data_vars.items()}
    if rows:
        weights = np.ones(n) if sample_weight is None else sample_weight
        data_groups = {"observed_data": {"y": y}, "constant_data": {"X": X, "sample_weight": weights}}
    else:
        data_groups = {}
    idata = az.from_dict(
        posterior=posterior,
        sample_stats=sample_stats,
        log_likelihood=None if log_likelihood is None else {"y": log_likelihood},
        **data_groups,
        coords={"feature": feature_names, "obs": np.arange(n)} if rows else {"feature": feature_names},
        dims={"coef": ["feature"], "y": ["obs"], "X": ["obs", "feature"], "sample_weight": ["obs"]},
    )
    _stamp(idata, attrs)
    if replicates is not None:
        _add_replicates(idata, replicates)
    if stats_attrs:
        idata.sample_stats.attrs.update(stats_attrs)
    return idata


def _stamp(idata, attrs: dict) -> None:
    """Put ``attrs`` on every group (``az.from_dict(attrs=...)`` does not reach the groups)."""
    for group in idata.groups():
        idata[group].attrs.update(attrs)


def add_pointwise_groups(idata, model, X, y, sample_weight=None, *, rng=None, posterior_predictive=True):
    """Add (or replace) ``log_likelihood`` and ``posterior_predictive`` of a posterior, in place.

    For posteriors stored without them (``pointwise=False``, or above the budget of
    ``"auto"``) or built elsewhere. Also adds ``observed_data`` and ``constant_data``
    when missing.

    Parameters
    ----------
    idata : arviz.InferenceData
        With ``posterior`` in this module's layout.
    model : bayesreg.Model
    X, y, sample_weight
        The data the posterior was fitted to (frequency weights).
    rng : int, numpy.random.Generator or None
        Source of the posterior predictive noise (as in :func:`build_inference_data`).
    posterior_predictive : bool, default=True
        Add ``posterior_predictive`` (computed at first access).

    Returns
    -------
    arviz.InferenceData
        ``idata`` itself.

    Raises
    ------
    ValueError
        When ``X`` does not have the posterior's number of features.
    """
    import arviz as az  # lazy: ArviZ takes about a second to import

    data = as_design(X, y, sample_weight, owner="add_pointwise_groups")  # user data: validated here
    X, y, sample_weight = data.X, data.y, data.sample_weight
    post = idata.posterior
    p = post.sizes["feature"]
    if X.shape[1] != p:
        raise ValueError(f"X has {X.shape[1]} features; the posterior has {p}.")
    arrays = {k: post[k].transpose("chain", "draw", ...).to_numpy() for k in ("coef", "intercept", "sigma") if k in post}
    log_likelihood = _log_likelihood(model, X, y, sample_weight, arrays)
    n = X.shape[0]
    coords = {"feature": post["feature"].to_numpy(), "obs": np.arange(n)}
    dims = {"y": ["obs"], "X": ["obs", "feature"], "sample_weight": ["obs"]}
    extra = az.from_dict(
        log_likelihood={"y": log_likelihood},
        observed_data=None if "observed_data" in idata else {"y": y},
        constant_data=None if "constant_data" in idata else {
            "X": X, "sample_weight": np.ones(n) if sample_weight is None else sample_weight},
        coords=coords, dims=dims,
    )
    _stamp(extra, {k: v for k, v in post.attrs.items() if k not in ("created_at", "arviz_version")})
    idata.extend(extra, join="right")
    if posterior_predictive:
        streams = chain_streams(check_random_state(rng), arrays["sigma"].shape[0])
        _add_replicates(idata, Replicates(model.likelihood, X, arrays, streams))
    note = ",".join(g for g in _POINTWISE if g in idata.groups())
    for group in idata.groups():
        if "pointwise_groups" in idata[group].attrs:
            idata[group].attrs["pointwise_groups"] = note
    return idata


def to_inference_data(posterior: dict, feature_names, n_features: int, attrs: dict, sample_stats=None):
    """The posterior-only layout (``coef`` with a ``feature`` dim, ``attrs`` on every group) for
    samplers outside :func:`build_inference_data`'s regression model (the logistic Polya-Gamma sampler).

    Parameters
    ----------
    posterior : dict of str -> ndarray
        ``coef`` of shape (chain, draw, feature); scalars of shape (chain, draw).
    feature_names : sequence of str or None
    n_features : int
    attrs : dict
        ``bayesreg_version`` is added.
    sample_stats : dict of str -> ndarray, optional
    """
    import arviz as az  # lazy: ArviZ takes about a second to import

    idata = az.from_dict(posterior=posterior, sample_stats=sample_stats,
                         coords={"feature": _feature_names(feature_names, n_features)}, dims={"coef": ["feature"]})
    _stamp(idata, {"bayesreg_version": __version__, **attrs})
    return idata


def _arrays(X, y, sample_weight):
    """``(X, y, sample_weight)`` as float arrays, from a :class:`~bayesreg._data.Design` or from arrays
    a sampler has validated already (shapes are checked, values are not scanned again)."""
    if isinstance(X, Design):
        return X.X, X.y, X.sample_weight
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    sample_weight = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if X.ndim != 2 or y.shape != (X.shape[0],) or (sample_weight is not None and sample_weight.shape != y.shape):
        raise ValueError(f"X, y and sample_weight must have shapes (n, p), (n,), (n,); got {X.shape}, {y.shape}"
                         + ("" if sample_weight is None else f", {sample_weight.shape}") + ".")
    return X, y, sample_weight


def _feature_names(feature_names, p: int) -> list:
    if feature_names is None:
        return [f"x{j}" for j in range(p)]
    names = [str(f) for f in feature_names]
    if len(names) != p:
        raise ValueError(f"feature_names has {len(names)} entries; X has {p} features.")
    return names


def _order(posterior) -> list:
    """Standard variables first (coef, intercept, sigma), then the hyperparameters as given."""
    return [k for k in _STANDARD if k in posterior] + [k for k in posterior if k not in _STANDARD]


def sample_prior_predictive(model, X, y=None, sample_weight=None, *, draws: int = 500, rng=None,
                            feature_names=None):
    """Draws from the prior and the prior predictive distribution, as InferenceData.

    ``sigma`` from the sigma prior, the hyperparameter from its hyperprior (when there is
    one), ``coef | sigma`` from the prior (exact draws, :meth:`bayesreg.priors.Prior.sample`),
    then ``y_rep = intercept + X coef + noise`` from the likelihood.

    The intercept's prior is flat (improper), so it has no draws: with ``fit_intercept``
    the predictive draws are conditional on the intercept that centres them on the
    (weighted) mean of ``y`` (or on 0 without ``y``), ``intercept = mean(y) - mean(X) @ coef``.

    Parameters
    ----------
    model : bayesreg.Model
        Its sigma prior must be proper (e.g. :class:`~bayesreg.HalfCauchySigma`).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), optional
        Stored as ``observed_data`` (for ``az.plot_ppc(idata, group="prior")``).
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights (they set the ``n`` of the "mean" convention priors and the means).
    draws : int, default=500
    rng : int, numpy.random.Generator or None
    feature_names : sequence of str, optional

    Returns
    -------
    arviz.InferenceData
        ``prior``: ``coef`` (chain, draw, feature) with one chain, ``sigma`` and the
        hyperprior's variable (``alpha``; ``lam2`` for Park & Casella, whose Gamma is on
        ``lambda^2``); ``prior_predictive``: ``y`` (chain, draw, obs); ``observed_data``
        with ``y``; ``constant_data``. Attributes as :func:`build_inference_data`'s.

    Raises
    ------
    ValueError
        An improper sigma prior (Jeffreys' ``1/sigma`` has no draws) or weight prior
        (``alpha = 0``), or bad ``draws``.
    """
    import arviz as az  # lazy: ArviZ takes about a second to import

    if not isinstance(draws, (int, np.integer)) or isinstance(draws, bool) or draws < 1:
        raise ValueError(f"The 'draws' parameter of sample_prior_predictive must be an int >= 1. Got {draws!r} instead.")
    if not model.sigma_prior.proper:
        raise ValueError(
            f"The sigma prior {model.sigma_prior!r} is improper (Jeffreys' p(sigma) ∝ 1/sigma has no draws), "
            "so the prior predictive distribution does not exist; use a proper one, e.g. "
            "sigma_prior=HalfCauchySigma(scale) with scale about the sd of y."
        )
    rng = check_random_state(rng)
    X = np.asarray(X, dtype=np.float64)
    y_obs = None if y is None else np.asarray(y, dtype=np.float64)
    X, _, sample_weight = _as_arrays(X, np.zeros(X.shape[0]) if y_obs is None else y_obs, sample_weight)
    n_rows, p = X.shape
    n = float(n_rows if sample_weight is None else sample_weight.sum())
    prior, hyper = model.prior, model.prior.hyperprior
    sigma = np.asarray(model.sigma_prior.sample(rng, draws), dtype=np.float64)
    values = None if hyper is None else np.asarray(hyper.sample(rng, draws), dtype=np.float64)
    # One exact draw of the p weights per prior draw (the rates depend on that draw's sigma and value).
    coef = np.stack([
        prior.sample(model.kappa(s, n), s, rng, p, value=None if values is None else v)
        for s, v in zip(sigma, values if values is not None else [None] * draws)
    ])
    draws_dict = {"coef": coef[None], "sigma": sigma[None]}
    if model.fit_intercept:
        y_mean = 0.0 if y_obs is None else float(np.average(y_obs, weights=sample_weight))
        draws_dict["intercept"] = (y_mean - coef @ np.average(X, axis=0, weights=sample_weight))[None]
    mu = mean_draws(draws_dict, X)
    y_rep = mu + model.likelihood.noise(sigma[None, :, None], rng, mu.shape)
    prior_vars = {k: draws_dict[k] for k in _order(draws_dict) if k != "intercept"}
    if values is not None:
        prior_vars[prior.hyper_name] = values[None]
    attrs = _attrs(model, "prior", [prior.hyper_name] if values is not None else [], "prior_predictive")
    weights = np.ones(n_rows) if sample_weight is None else sample_weight
    idata = az.from_dict(
        prior=prior_vars,
        prior_predictive={"y": y_rep},
        observed_data=None if y_obs is None else {"y": y_obs},
        constant_data={"X": X, "sample_weight": weights},
        coords={"feature": _feature_names(feature_names, p), "obs": np.arange(n_rows)},
        dims={"coef": ["feature"], "y": ["obs"], "X": ["obs", "feature"], "sample_weight": ["obs"]},
    )
    _stamp(idata, attrs)
    return idata
