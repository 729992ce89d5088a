"""Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018).

For each replication: draw the parameters from the prior, data from the
likelihood, run the sampler under test, thin its draws to roughly independent
ones (by the effective sample size), and record the rank of each true parameter
among ``n_ranks`` draws. If the sampler targets the posterior of the model that
simulated the data, every rank is uniform on ``{0, ..., n_ranks}``. Uniformity is
tested per parameter by a chi-square test on binned ranks; the combined p-value
is Bonferroni's ``min(1, k * min p)`` over the ``k`` ranked parameters.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import stats
from sklearn.base import clone

from .._validation import check_random_state
from ..exceptions import SamplingWarning
from ._simulate import PriorSimulator

__all__ = ["SBCResult", "SBCWarning", "sbc", "rank_uniformity", "rank_histograms", "estimator_sampler"]


class SBCWarning(UserWarning):
    """Too few effectively independent draws for the requested number of ranks."""


@dataclass
class SBCResult:
    """Ranks and uniformity tests of a simulation-based calibration run.

    Attributes
    ----------
    params : list of str
        Scalar parameter names, e.g. ``["coef[0]", "coef[1]", "sigma"]``.
    ranks : ndarray of shape (n_replications, n_params), int
        Rank of each true value among ``n_ranks`` thinned posterior draws, in ``0..n_ranks``.
    truths : ndarray of shape (n_replications, n_params)
        The simulated true values.
    n_ranks : int
        ``L``: the number of draws each rank counts among.
    n_bins : int
        Bins of the chi-square test (divides ``n_ranks + 1``).
    pvalues : ndarray of shape (n_params,)
        Chi-square uniformity p-value per parameter.
    pvalue : float
        Bonferroni-combined p-value ``min(1, n_params * min(pvalues))``.
    ess : ndarray of shape (n_replications,)
        Smallest bulk ESS (``arviz.ess``) over the parameters in each replication.
    """

    params: list
    ranks: np.ndarray
    truths: np.ndarray
    n_ranks: int
    n_bins: int
    pvalues: np.ndarray
    pvalue: float
    ess: np.ndarray = field(repr=False)

    def to_frame(self):
        """One row per parameter: p-value, mean normalized rank (0.5 when calibrated).

        Returns
        -------
        pandas.DataFrame
            Index ``param``; columns ``pvalue`` and ``mean_rank``.
        """
        import pandas as pd

        return pd.DataFrame(
            {"pvalue": self.pvalues, "mean_rank": self.ranks.mean(axis=0) / self.n_ranks},
            index=pd.Index(self.params, name="param"),
        )


def _default_bins(n_ranks: int, n_replications: int) -> int:
    """Largest divisor of ``n_ranks + 1`` with at least 5 expected counts per bin (>= 2)."""
    divisors = [d for d in range(2, n_ranks + 2) if (n_ranks + 1) % d == 0]
    ok = [d for d in divisors if n_replications / d >= 5]
    return max(ok) if ok else min(divisors)


def rank_uniformity(ranks, n_ranks: int, n_bins: int | None = None):
    """Chi-square test that ranks are uniform on ``{0, ..., n_ranks}``.

    Parameters
    ----------
    ranks : array-like of shape (n_replications, n_params) or (n_replications,)
    n_ranks : int
    n_bins : int, optional
        Must divide ``n_ranks + 1`` so that every bin has the same probability.

    Returns
    -------
    pvalues : ndarray of shape (n_params,)
    n_bins : int

    Raises
    ------
    ValueError
        ``n_bins`` does not divide ``n_ranks + 1``, or ranks outside ``0..n_ranks``.
    """
    r = np.asarray(ranks)
    if r.ndim == 1:
        r = r[:, None]
    if r.size and (r.min() < 0 or r.max() > n_ranks):
        raise ValueError(f"ranks must lie in 0..{n_ranks}; got {r.min()}..{r.max()}.")
    if n_bins is None:
        n_bins = _default_bins(n_ranks, r.shape[0])
    if (n_ranks + 1) % n_bins:
        raise ValueError(f"n_bins={n_bins} must divide n_ranks + 1 = {n_ranks + 1}.")
    width = (n_ranks + 1) // n_bins
    counts = np.stack([np.bincount(r[:, k] // width, minlength=n_bins) for k in range(r.shape[1])])
    return np.atleast_1d(stats.chisquare(counts, axis=1).pvalue), n_bins


def rank_histograms(result: SBCResult, level: float = 0.99):
    """Binned rank counts and the band a uniform histogram stays within.

    Parameters
    ----------
    result : SBCResult
    level : float, default=0.99
        Per-bin probability of the band (binomial quantiles, as in Talts et al. 2018, fig. 3).

    Returns
    -------
    counts : ndarray of shape (n_params, n_bins)
    edges : ndarray of shape (n_bins + 1,)
        Bin edges in rank units.
    band : tuple of float
        ``(low, high)`` counts.
    """
    width = (result.n_ranks + 1) // result.n_bins
    counts = np.stack([np.bincount(result.ranks[:, k] // width, minlength=result.n_bins) for k in range(len(result.params))])
    edges = np.arange(result.n_bins + 1) * width - 0.5
    n = result.ranks.shape[0]
    q = (1.0 - level) / 2.0
    band = tuple(float(v) for v in stats.binom.ppf([q, 1.0 - q], n, 1.0 / result.n_bins))
    return counts, edges, band


def _as_draws(out) -> dict:
    """Name -> array of shape (chain, draw, ...) from InferenceData or a dict."""
    post = getattr(out, "posterior", None)
    if post is not None:
        return {k: np.asarray(post[k].values) for k in post.data_vars}
    if isinstance(out, dict):
        return {k: np.asarray(v) for k, v in out.items()}
    raise TypeError(f"A sampler must return arviz.InferenceData or a dict of draws; got {type(out).__name__}.")


def _flatten(truth: dict, draws: dict):
    names, values, chains = [], [], []
    for key, val in truth.items():
        if key not in draws:
            raise ValueError(f"The sampler's draws have no {key!r} (have {sorted(draws)}); it cannot be ranked.")
        d = draws[key]
        val = np.asarray(val, dtype=float)
        if d.ndim == val.ndim + 1:
            d = d[None]
        if d.shape[2:] != val.shape:
            raise ValueError(f"Draws of {key!r} have shape {d.shape}; expected (chain, draw) + {val.shape}.")
        d = d.reshape(d.shape[0], d.shape[1], -1)
        flat = val.reshape(-1)
        for j in range(flat.size):
            names.append(key if val.ndim == 0 else f"{key}[{j}]")
            values.append(flat[j])
            chains.append(d[:, :, j])
    return names, np.array(values), chains


def _thin_and_rank(values, chains, n_ranks):
    """Ranks among ``n_ranks`` draws evenly spaced over all draws (a thinning by ``N / n_ranks``).

    Talts et al. (2018, sec. 5) thin to about ESS draws; keeping ``n_ranks <= ESS`` evenly
    spaced draws does that.
    """
    import arviz as az

    ess = min(float(az.ess(c)) for c in chains)
    kept = [c.reshape(-1) for c in chains]
    if kept[0].size < n_ranks:
        raise ValueError(f"The sampler returned {kept[0].size} draws; sbc needs at least n_ranks={n_ranks}.")
    idx = np.round(np.linspace(0, kept[0].size - 1, n_ranks)).astype(int)
    ranks = np.array([int(np.sum(k[idx] < v)) for k, v in zip(kept, values)])
    return ranks, ess


def sbc(model, X, sampler, *, n_replications: int = 100, n_ranks: int = 99, n_bins=None, sigma=None,
        pseudo_rows=None, pseudo_scale: float = 1.0, random_state=None) -> SBCResult:
    """Simulation-based calibration of a posterior sampler.

    Parameters
    ----------
    model : Model
        The model the sampler claims to sample; its prior simulates the truths
        (see :class:`bayesreg.testing.PriorSimulator` for proper set-ups: a proper
        ``sigma_prior`` with ``fit_intercept=False``, a fixed ``sigma``, or pseudo-data
        for the default Jeffreys / flat-intercept priors).
    X : array-like of shape (n_samples, n_features)
        Fixed design.
    sampler : callable or estimator
        ``sampler(X, y, rng)`` returning ``arviz.InferenceData`` or a dict with
        ``coef`` (chain, draw, n_features), ``sigma``, ... (a leading chain axis may be
        omitted), e.g. ``lambda X, y, rng: sample_gibbs(model, X, y, draws=400, rng=rng)``,
        or a PyMC model builder wrapped by the user. An object with ``fit`` (a
        bayesreg estimator) is wrapped by :func:`estimator_sampler`.
    n_replications : int, default=100
    n_ranks : int, default=99
        ``L``; each replication needs at least ``L`` effectively independent draws
        (for i.i.d. samplers draw about ``1.2 L``, as ESS estimates are noisy).
    n_bins : int, optional
        Divides ``n_ranks + 1``; default: largest with >= 5 expected counts per bin.
    sigma, pseudo_rows, pseudo_scale
        Passed to :class:`~bayesreg.testing.PriorSimulator`.
    random_state : int, numpy.random.Generator or None
        One stream per replication is spawned from it.

    Returns
    -------
    SBCResult

    Warns
    -----
    SBCWarning
        When the median over replications of the smallest ESS is below ``0.8 n_ranks``
        (ranks then come from correlated draws and the test is anti-conservative; the
        median, because single ESS estimates from ~100 draws vary by +-20% or more).

    Raises
    ------
    ValueError
        Improper priors, draws missing a parameter, bad sizes.

    References
    ----------
    Talts, S., Betancourt, M., Simpson, D., Vehtari, A. and Gelman, A. (2018).
    Validating Bayesian inference algorithms with simulation-based calibration. arXiv:1804.06788.
    """
    for name, value, low in (("n_replications", n_replications, 2), ("n_ranks", n_ranks, 1)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
            raise ValueError(f"The {name!r} parameter of sbc must be an int >= {low}. Got {value!r} instead.")
    simulate = PriorSimulator(model, X, sigma=sigma, pseudo_rows=pseudo_rows, pseudo_scale=pseudo_scale)
    if hasattr(sampler, "fit"):
        sampler = estimator_sampler(sampler)
    rng = check_random_state(random_state)
    all_ranks, truths, esss, names = [], [], [], None
    for stream in rng.spawn(n_replications):
        sim_rng, fit_rng = stream.spawn(2)
        truth, X_fit, y_fit = simulate(sim_rng)
        draws = _as_draws(sampler(X_fit, y_fit, fit_rng))
        nm, values, chains = _flatten(truth, draws)
        names = names or nm
        ranks, ess = _thin_and_rank(values, chains, n_ranks)
        all_ranks.append(ranks)
        truths.append(values)
        esss.append(ess)
    median_ess = float(np.median(esss))
    if median_ess < 0.8 * n_ranks:
        warnings.warn(
            f"The median (over replications) of the smallest ESS is {median_ess:.3g} < 0.8 n_ranks = "
            f"{0.8 * n_ranks:g}: fewer effectively independent draws than ranks. Draw more (or lower "
            "n_ranks) for a valid test.",
            SBCWarning,
            stacklevel=2,
        )
    ranks = np.array(all_ranks)
    pvalues, n_bins = rank_uniformity(ranks, n_ranks, n_bins)
    return SBCResult(
        params=list(names),
        ranks=ranks,
        truths=np.array(truths),
        n_ranks=int(n_ranks),
        n_bins=int(n_bins),
        pvalues=pvalues,
        pvalue=float(min(1.0, len(pvalues) * float(np.min(pvalues)))),
        ess=np.array(esss),
    )


def estimator_sampler(estimator):
    """Wrap a bayesreg estimator as an SBC sampler: ``clone``, seed, ``fit``, return ``idata_``.

    Parameters
    ----------
    estimator : BayesRidge, BayesLasso, BayesElasticNet (or any object with ``fit`` and ``idata_``)
        Its model must be the one ``sbc`` simulates from.

    Returns
    -------
    callable
        ``sampler(X, y, rng) -> arviz.InferenceData``. The estimator's own
        :class:`~bayesreg.exceptions.SamplingWarning` is silenced inside (it would
        repeat once per replication); :attr:`SBCResult.ess` reports the ESS.
    """
    def run(X, y, rng):
        est = clone(estimator)
        if "random_state" in est.get_params():
            est.set_params(random_state=int(rng.integers(2**31 - 1)))
        with warnings.catch_warnings():
            # Per-fit R-hat / ESS warnings would repeat once per replication; SBC judges
            # calibration over all replications, and reports the ESS it used.
            warnings.simplefilter("ignore", SamplingWarning)
            est.fit(X, y)
        return est.idata_

    return run
