"""The exact posterior of conjugate ridge (Normal-Inverse-Gamma) and i.i.d. draws from it.

Model (``docs/math-contract.md``): ``y = intercept + X w + e``, ``e ~ N(0, sigma^2)``,
``w | sigma ~ N(0, sigma^2 / alpha I)``, flat intercept, Jeffreys
``p(sigma^2) ∝ 1 / sigma^2``. With ``A = Xc'Xc + alpha I`` on centered data,

- ``w | sigma, y ~ N(mu, sigma^2 A^{-1})`` with ``mu = A^{-1} Xc'yc`` (the ``Ridge(alpha)`` solution);
- ``sigma^2 | y ~ InvGamma(a, b)`` with ``a = n_eff / 2`` (``(n_eff - p) / 2`` for the flat
  ``alpha = 0``), ``b = (yc'yc - mu' Xc'yc) / 2`` and ``n_eff = n - 1`` with an intercept;
- ``w | y`` is multivariate Student-t with ``2a`` degrees of freedom, location ``mu``
  and scale matrix ``(b / a) A^{-1}``;
- ``intercept | w, sigma, y ~ N(ybar - xbar' w, sigma^2 / n)``, so its marginal is
  Student-t with the same degrees of freedom, location ``ybar - xbar' mu`` and squared
  scale ``(b / a) (xbar' A^{-1} xbar + 1 / n)``.

At a known ``sigma`` the mean and covariance are scikit-learn ``BayesianRidge``'s
``coef_`` and ``sigma_`` with ``alpha_ = 1 / sigma^2`` and ``lambda_ = alpha / sigma^2``.

References: Gelman et al. (2013) Bayesian Data Analysis, 3rd ed., section 14.2;
O'Hagan & Forster (2004) Kendall's Advanced Theory of Statistics 2B, ch. 11
(Normal-Inverse-Gamma regression).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, stats

from .._data import Design
from .._stats_design import statistics_design
from .._validation import check_random_state
from ..model import Model
from ..priors import ConjugateNormalPrior
from ._gibbs_data import Data, intercept_draws, prepare_data
from ._idata import build_inference_data, check_pointwise

__all__ = ["ExactRidgePosterior", "exact_ridge_posterior", "sample_exact"]


@dataclass(frozen=True)
class ExactRidgePosterior:
    """Closed-form Normal-Inverse-Gamma posterior of conjugate ridge.

    Attributes
    ----------
    coef_mean : ndarray of shape (n_features,)
        Posterior mean (and mode, median) of the weights: the ``Ridge(alpha)`` solution.
    unit_cov : ndarray of shape (n_features, n_features)
        ``A^{-1} = (Xc'Xc + alpha I)^{-1}``: the weights' covariance per unit ``sigma^2``.
    shape, rate : float
        ``sigma^2 | y ~ InvGamma(shape, rate)`` (units of ``y`` squared for ``rate``).
    intercept_mean : float
        Posterior mean of the intercept (original scale; 0 without an intercept).
    intercept_unit_var : float
        ``xbar' A^{-1} xbar + 1 / n``: the intercept's variance per unit ``sigma^2``
        (0 without an intercept).
    X_offset : ndarray of shape (n_features,)
        Column means of ``X`` (weighted).
    n : float
        Sum of the frequency weights.
    y_offset : float
        Mean of ``y`` (weighted).
    fit_intercept : bool
    """

    coef_mean: np.ndarray
    unit_cov: np.ndarray
    shape: float
    rate: float
    intercept_mean: float
    intercept_unit_var: float
    X_offset: np.ndarray
    n: float
    y_offset: float
    fit_intercept: bool

    @property
    def df(self) -> float:
        """Degrees of freedom ``2 * shape`` of the Student-t marginals."""
        return 2.0 * self.shape

    @property
    def coef_cov(self) -> np.ndarray:
        """Marginal covariance of the weights, ``rate / (shape - 1) A^{-1}`` (needs ``shape > 1``)."""
        if self.shape <= 1:
            raise ValueError(f"The Student-t covariance needs more than 2 degrees of freedom; got {self.df}.")
        return self.rate / (self.shape - 1.0) * self.unit_cov

    def known_sigma(self, sigma: float) -> tuple[np.ndarray, np.ndarray]:
        """Mean and covariance of the Gaussian ``w | sigma, y``.

        Parameters
        ----------
        sigma : float
            Noise scale (> 0), in the units of ``y``.

        Returns
        -------
        mean : ndarray of shape (n_features,)
            Posterior mean of the weights (independent of ``sigma``).
        cov : ndarray of shape (n_features, n_features)
            Posterior covariance ``sigma^2 (X'X + alpha I)^-1``.
        """
        return self.coef_mean, sigma**2 * self.unit_cov

    def coef_marginals(self):
        """Student-t marginal of each weight (Normal-Inverse-Gamma posterior).

        Returns
        -------
        scipy.stats.rv_continuous
            Frozen ``scipy.stats.t`` vectorized over the features (``df = 2 shape``).
        """
        scale = np.sqrt(self.rate / self.shape * np.diag(self.unit_cov))
        return stats.t(df=self.df, loc=self.coef_mean, scale=scale)

    def intercept_marginal(self):
        """Student-t marginal of the intercept.

        Returns
        -------
        scipy.stats.rv_continuous
            Frozen ``scipy.stats.t`` of the intercept, on the original scale.

        Raises
        ------
        ValueError
            If the model has no intercept (``fit_intercept=False``).
        """
        if not self.fit_intercept:
            raise ValueError("The model has no intercept (fit_intercept=False).")
        return stats.t(df=self.df, loc=self.intercept_mean, scale=np.sqrt(self.rate / self.shape * self.intercept_unit_var))

    def sigma2_marginal(self):
        """Inverse-gamma marginal of ``sigma^2``.

        Returns
        -------
        scipy.stats.rv_continuous
            Frozen ``scipy.stats.invgamma(shape, scale=rate)``.
        """
        return stats.invgamma(self.shape, scale=self.rate)

    def sample(self, rng, size: tuple[int, ...]) -> dict:
        """I.i.d. draws: ``sigma^2`` from its inverse gamma, then ``w | sigma^2``, then the intercept.

        Parameters
        ----------
        rng : int, numpy.random.Generator or None
        size : tuple of int
            Leading shape, e.g. ``(chains, draws)``.

        Returns
        -------
        dict
            ``coef`` of shape ``size + (n_features,)``, ``sigma`` and (with an intercept)
            ``intercept`` of shape ``size``.
        """
        rng = check_random_state(rng)
        p = self.coef_mean.shape[0]
        sigma2 = self.rate / rng.standard_gamma(self.shape, size=size)
        sigma = np.sqrt(sigma2)
        chol = linalg.cholesky(self.unit_cov, lower=True)
        z = rng.standard_normal(size + (p,))
        coef = self.coef_mean + sigma[..., None] * (z @ chol.T)
        out = {"coef": coef}
        if self.fit_intercept:
            out["intercept"] = intercept_draws(self.y_offset, self.X_offset, self.n, coef, sigma, rng)
        out["sigma"] = sigma
        return out


def _check_conjugate(model: Model, who: str) -> ConjugateNormalPrior:
    if not isinstance(model, Model):
        raise TypeError(f"{who} needs a bayesreg.Model; got {type(model).__name__}.")
    problems = []
    if not isinstance(model.prior, ConjugateNormalPrior):
        problems.append(f"a GaussianPrior (got {type(model.prior).__name__})")
    elif model.prior.hyperprior is not None:
        problems.append("a fixed alpha (got a hyperprior; use sample_gibbs)")
    if model.likelihood.gibbs_mixture != "gaussian":
        problems.append(f"a GaussianLikelihood (got {type(model.likelihood).__name__})")
    if not model.sigma_prior.jeffreys:
        problems.append(f"the JeffreysSigma prior (got {type(model.sigma_prior).__name__})")
    if problems:
        raise ValueError(f"{who} is exact only for conjugate ridge: it needs " + "; ".join(problems) + ".")
    return model.prior


def _from_data(model: Model, data: Data) -> ExactRidgePosterior:
    alpha = model.prior.alpha
    p = data.n_features
    shape = 0.5 * (data.n_eff - (p if alpha == 0 else 0))
    if shape <= 0:
        raise ValueError(
            f"The flat prior (alpha=0) with {p} features needs more than {p} effective samples; "
            f"got {data.n_eff:g}. Use alpha > 0."
        )
    A = data.XtX + alpha * np.eye(p)
    try:
        cho = linalg.cho_factor(A, lower=True)
    except linalg.LinAlgError:
        raise ValueError("X'X is singular and alpha=0: the posterior is improper. Use alpha > 0.") from None
    mu = linalg.cho_solve(cho, data.Xty)
    unit_cov = linalg.cho_solve(cho, np.eye(p))
    unit_cov = 0.5 * (unit_cov + unit_cov.T)
    rss = max(data.yty - float(mu @ data.Xty), 0.0)
    if data.fit_intercept:
        b0 = data.y_offset - float(data.X_offset @ mu)
        b0_var = float(data.X_offset @ unit_cov @ data.X_offset) + 1.0 / data.n
    else:
        b0, b0_var = 0.0, 0.0
    return ExactRidgePosterior(
        coef_mean=mu,
        unit_cov=unit_cov,
        shape=shape,
        rate=0.5 * rss,
        intercept_mean=b0,
        intercept_unit_var=b0_var,
        X_offset=data.X_offset,
        n=data.n,
        y_offset=data.y_offset,
        fit_intercept=data.fit_intercept,
    )


def exact_ridge_posterior(model: Model, X, y=None, sample_weight=None) -> ExactRidgePosterior:
    """Closed-form posterior of conjugate ridge.

    Parameters
    ----------
    model : Model
        ``GaussianPrior`` with a fixed ``alpha``, ``GaussianLikelihood``, ``JeffreysSigma``.
    X : array-like of shape (n_samples, n_features), Design, SufficientStatistics, or dask input
        The posterior needs only the sufficient statistics: a
        :class:`~bayesreg.SufficientStatistics` (``y`` and ``sample_weight`` omitted) or dask input
        (reduced in one pass) gives the same posterior.
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.

    Returns
    -------
    ExactRidgePosterior

    Raises
    ------
    ValueError
        For a non-conjugate model (naming what is missing), or an improper posterior
        (``alpha = 0`` with singular ``X'X``).

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg import Model, GaussianPrior
    >>> from bayesreg.posterior import exact_ridge_posterior
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(30, 3)); y = X @ [1.0, 0.0, -1.0] + rng.normal(size=30)
    >>> post = exact_ridge_posterior(Model(GaussianPrior(alpha=1.0)), X, y)
    >>> post.df
    29.0
    """
    _check_conjugate(model, "exact_ridge_posterior")
    data = prepare_data(X, y, sample_weight, fit_intercept=model.fit_intercept)
    return _from_data(model, data)


def sample_exact(
    model: Model,
    X,
    y=None,
    sample_weight=None,
    *,
    feature_names=None,
    draws: int = 1000,
    chains: int = 2,
    rng=None,
    pointwise="auto",
):
    """I.i.d. draws from the exact conjugate-ridge posterior, as InferenceData.

    Parameters
    ----------
    model, X, y, sample_weight
        As in :func:`exact_ridge_posterior`.
    feature_names : sequence of str, optional
        Coordinates of the ``feature`` dimension; default ``x0, x1, ...``.
    draws, chains : int
        Draws per "chain" (independent streams, spawned from ``rng``; kept for the
        layout shared with MCMC samplers).
    rng : int, numpy.random.Generator or None
    pointwise : {"auto", "log_likelihood", True, False}, default="auto"
        Store ``log_likelihood`` and ``posterior_predictive`` (:mod:`bayesreg.posterior._idata`:
        8 x chains x draws x n_samples bytes each; "auto" up to 1e7 values; "log_likelihood"
        only the first).

    Returns
    -------
    arviz.InferenceData
        The layout of :func:`bayesreg.posterior.build_inference_data`: ``posterior`` with
        ``coef`` (chain, draw, feature), ``intercept`` (original scale, with
        ``fit_intercept``) and ``sigma``; ``observed_data``, ``constant_data``,
        ``log_likelihood``, ``posterior_predictive``; attrs ``sampler="exact"``,
        ``laplace_form="none"``, ``bayesreg_version``, ``model``, ...

    Raises
    ------
    ValueError
        As :func:`exact_ridge_posterior`; non-positive ``draws`` or ``chains``.
    """
    for name, value in (("draws", draws), ("chains", chains)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"The {name!r} parameter of sample_exact must be an int >= 1. Got {value!r} instead.")
    check_pointwise(pointwise, "sample_exact")
    rng = check_random_state(rng)
    reduced = None if isinstance(X, Design) else statistics_design(X, y, sample_weight)
    if reduced is not None:  # statistics or dask input: reduce once, then pass the design down
        X, y, sample_weight = reduced, None, None
    post = exact_ridge_posterior(model, X, y, sample_weight)
    streams = rng.spawn(chains)
    parts = [post.sample(s, (draws,)) for s in streams]
    posterior = {k: np.stack([part[k] for part in parts]) for k in parts[0]}
    return build_inference_data(model, X, y, sample_weight, posterior, sampler="exact", feature_names=feature_names,
                                pointwise=pointwise, rng=rng)
