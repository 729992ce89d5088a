"""The numbers behind the path, forest and overfitting figures: MAP paths with names,
posterior summaries along an alpha grid, posterior predictive bands, the polynomial data."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .._validation import check_random_state, check_X_y, feature_names_of
from ..map import map_path
from ..model import Model
from ..posterior._dispatch import sample_posterior
from ..priors import LaplacePrior
from ._compute import with_alpha

__all__ = ["CoefPath", "coef_path", "entry_order", "PosteriorPath", "posterior_path", "predictive_band",
           "PolynomialData", "polynomial_data"]


@dataclass
class CoefPath:
    """MAP weights along a decreasing alpha grid (from :func:`bayesreg.map.map_path`).

    Attributes
    ----------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    intercepts : ndarray of shape (n_alphas,)
        The unpenalized intercept at each alpha (original scale of ``y``).
    feature_names : list of str
    model : Model
    """

    alphas: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray
    feature_names: list
    model: Model


def coef_path(model: Model, X, y, *, alphas=None, n_alphas: int = 100, eps: float = 1e-3,
              sample_weight=None) -> CoefPath:
    """:func:`bayesreg.map.map_path` with the feature names kept (a DataFrame's columns).

    Parameters
    ----------
    model : Model
        As in :func:`bayesreg.map.map_path`.
    X : array-like of shape (n_samples, n_features)
        Training data; a DataFrame's columns name the features.
    y : array-like of shape (n_samples,)
        Target.
    alphas : array-like, optional
        As in :func:`bayesreg.map.map_path`.
    n_alphas : int, default=100
        As in :func:`bayesreg.map.map_path`.
    eps : float, default=1e-3
        As in :func:`bayesreg.map.map_path`.
    sample_weight : array-like of shape (n_samples,), optional
        Frequency weights.

    Returns
    -------
    CoefPath
        The path with the feature names (errors as in :func:`bayesreg.map.map_path`).
    """
    names = feature_names_of(X)
    a, coefs, b = map_path(model, X, y, alphas=alphas, n_alphas=n_alphas, eps=eps, sample_weight=sample_weight)
    names = list(map(str, names)) if names is not None else [f"x{j}" for j in range(coefs.shape[0])]
    return CoefPath(a, coefs, b, names, model)


def entry_order(X, y) -> np.ndarray:
    """Feature indices in the order they leave zero along the lasso path (ties: column order).

    Uses :func:`bayesreg.map.map_path` on 200 alphas from ``alpha_max`` down to ``1e-4 alpha_max``;
    features still zero at the end come last.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,)
        Target.

    Returns
    -------
    ndarray of int, shape (n_features,)
    """
    _, coefs, _ = map_path(Model(LaplacePrior()), X, y, n_alphas=200, eps=1e-4)
    entry = np.array([np.argmax(row != 0) if np.any(row != 0) else coefs.shape[1] for row in coefs])
    return np.lexsort((np.arange(entry.size), entry))


@dataclass
class PosteriorPath:
    """Posterior summaries of the weights at each alpha of a grid.

    Attributes
    ----------
    alphas : ndarray of shape (n_alphas,)
    median, mean, sd, lower, upper : ndarray of shape (n_features, n_alphas)
        Posterior median, mean, sd and equal-tailed ``level`` interval bounds.
    ess_bulk : ndarray of shape (n_features, n_alphas)
        ArviZ's bulk effective sample size of each weight (for Monte Carlo errors).
    level : float
    sampler : str
    """

    alphas: np.ndarray
    median: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    ess_bulk: np.ndarray
    level: float
    sampler: str


def _coef_draws(model, X, y, rng, draws, tune, chains, sampler):
    """Posterior draws of the weights, shape (n_draws, n_features), their ESS, and the sampler's name.

    Through :func:`bayesreg.posterior._dispatch.sample_posterior` (``"auto"``: the exact
    ridge posterior, else the blocked Gibbs sampler, else NUTS), as the estimators do.
    """
    idata = sample_posterior(model, X, y, sampler=sampler, draws=draws, tune=tune, chains=chains, cores=1, rng=rng,
                             pointwise=False)  # only the weights are needed
    import arviz as az

    c = idata.posterior["coef"]
    name = str(idata.posterior.attrs.get("sampler", "nuts"))
    ess = az.ess(idata, var_names=["coef"], method="bulk")["coef"].to_numpy()
    return c.stack(sample=("chain", "draw")).transpose("sample", "feature").to_numpy(), ess, name


def posterior_path(model: Model, X, y, alphas, *, level: float = 0.95, draws: int = 500, tune: int = 500,
                   chains: int = 2, sampler: str = "auto", random_state=None) -> PosteriorPath:
    """Posterior median, mean and credible band of the weights at each alpha.

    Parameters
    ----------
    model : Model
        Alpha-form prior (its ``alpha`` is replaced by each grid value).
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alphas : array-like of shape (n_alphas,)
        Keep it short: one posterior fit per value.
    level : float, default=0.95
        Mass of the equal-tailed interval (95%, as every summary of the package).
    draws, tune, chains : int
        Per alpha.
    sampler : {"auto", "nuts", "gibbs", "exact"}, default="auto"
        ``"auto"`` picks the exact ridge posterior, else the Gibbs sampler, else NUTS.
    random_state : int, numpy.random.Generator or None
        One stream per alpha via ``Generator.spawn``.

    Returns
    -------
    PosteriorPath
        Posterior summaries of each weight along ``alphas``.

    Raises
    ------
    ValueError
        If ``level`` is outside (0, 1) or ``alphas`` is empty or not positive.
    """
    X, y, _ = check_X_y(X, y)
    if not 0 < level < 1:
        raise ValueError(f"The 'level' parameter must be a float in the range (0, 1). Got {level!r} instead.")
    alphas = np.sort(np.asarray(alphas, dtype=float).ravel())[::-1]
    if alphas.size == 0 or np.any(alphas <= 0):
        raise ValueError("The 'alphas' parameter must be non-empty and positive.")
    rngs = check_random_state(random_state).spawn(alphas.size)
    p = X.shape[1]
    out = {k: np.empty((p, alphas.size)) for k in ("median", "mean", "sd", "lower", "upper", "ess")}
    q = [(1 - level) / 2, 0.5, (1 + level) / 2]
    name = ""
    for k, (a, rng) in enumerate(zip(alphas, rngs)):
        w, ess, name = _coef_draws(replace(model, prior=with_alpha(model.prior, a)), X, y, rng, draws, tune, chains,
                              sampler)
        lo, med, hi = np.quantile(w, q, axis=0)
        out["lower"][:, k], out["median"][:, k], out["upper"][:, k] = lo, med, hi
        out["mean"][:, k] = w.mean(axis=0)
        out["sd"][:, k] = w.std(axis=0, ddof=1)
        out["ess"][:, k] = ess
    return PosteriorPath(alphas, out["median"], out["mean"], out["sd"], out["lower"], out["upper"], out["ess"],
                         float(level), name)


def predictive_band(idata, X_new, *, level: float = 0.95, kind: str = "predictive", random_state=None):
    """Posterior (predictive) median and equal-tailed band at new inputs.

    Parameters
    ----------
    idata : arviz.InferenceData
        ``posterior`` with ``coef`` (chain, draw, feature), ``intercept`` and ``sigma``.
    X_new : array-like of shape (n_new, n_features)
    level : float, default=0.95
    kind : {"predictive", "mean"}
        ``"predictive"``: new observations ``y = intercept + x w + sigma eps`` with Gaussian
        ``eps``; ``"mean"``: the regression function ``intercept + x w`` only.
    random_state : int, numpy.random.Generator or None
        For the noise draws of ``"predictive"``.

    Returns
    -------
    median, lower, upper : ndarray of shape (n_new,)
        Median and band bounds at each new input.

    Raises
    ------
    ValueError
        If ``kind`` or ``level`` is invalid, or ``X_new`` has the wrong number of columns.
    """
    if kind not in ("predictive", "mean"):
        raise ValueError(f"The 'kind' parameter must be one of {{'predictive', 'mean'}}. Got {kind!r} instead.")
    if not 0 < level < 1:
        raise ValueError(f"The 'level' parameter must be a float in the range (0, 1). Got {level!r} instead.")
    post = idata.posterior
    w = post["coef"].stack(sample=("chain", "draw")).transpose("sample", "feature").to_numpy()
    b = post["intercept"].stack(sample=("chain", "draw")).to_numpy() if "intercept" in post else 0.0
    X_new = np.asarray(X_new, dtype=float)
    if X_new.ndim != 2 or X_new.shape[1] != w.shape[1]:
        raise ValueError(f"'X_new' must have shape (n_new, {w.shape[1]}); got {X_new.shape}.")
    mu = w @ X_new.T + np.reshape(b, (-1, 1))
    if kind == "predictive":
        s = post["sigma"].stack(sample=("chain", "draw")).to_numpy()
        mu = mu + s[:, None] * check_random_state(random_state).standard_normal(mu.shape)
    lo, med, hi = np.quantile(mu, [(1 - level) / 2, 0.5, (1 + level) / 2], axis=0)
    return med, lo, hi


@dataclass
class PolynomialData:
    """The overfitting example: noisy samples of a smooth curve and a polynomial design.

    Attributes
    ----------
    x, y : ndarray of shape (n_points,)
    x_grid, f_grid : ndarray of shape (n_grid,)
        Dense inputs and the true curve ``sin(2 pi x)``.
    X, X_grid : ndarray of shape (n_points, degree), (n_grid, degree)
        Powers ``x^1..x^degree`` standardized with the training mean and sd.
    degree : int
    noise : float
    """

    x: np.ndarray
    y: np.ndarray
    x_grid: np.ndarray
    f_grid: np.ndarray
    X: np.ndarray
    X_grid: np.ndarray
    degree: int
    noise: float


def polynomial_data(n_points: int = 15, degree: int = 8, *, noise: float = 0.3, random_state=None,
                    n_grid: int = 300) -> PolynomialData:
    """Noisy points of ``sin(2 pi x)`` on ``[0, 1]`` and their degree-``degree`` design.

    The seed article's picture: 15 points, a degree-8 polynomial (Bishop 2006, sec. 1.1).
    Columns are standardized (``sklearn.preprocessing.StandardScaler`` on the training
    powers) so that one ``alpha`` treats every power alike.

    Parameters
    ----------
    n_points : int, default=15
        Number of training points (>= 2).
    degree : int, default=8
        Polynomial degree (>= 1): the design has ``degree`` columns ``x, ..., x^degree``.
    noise : float, default=0.3
        Standard deviation of the Gaussian noise on ``y``.
    random_state : int, numpy.random.Generator or None
        Source of the points and the noise.
    n_grid : int, default=300
        Number of points of the dense grid on ``[0, 1]`` for drawing curves.

    Returns
    -------
    PolynomialData
        Training points, design, and the grid with its design.

    Raises
    ------
    ValueError
        If ``degree < 1`` or ``n_points < 2``.
    """
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    if not (isinstance(degree, (int, np.integer)) and degree >= 1):
        raise ValueError(f"The 'degree' parameter must be an int >= 1. Got {degree!r} instead.")
    if not (isinstance(n_points, (int, np.integer)) and n_points >= 2):
        raise ValueError(f"The 'n_points' parameter must be an int >= 2. Got {n_points!r} instead.")
    rng = check_random_state(random_state)
    x = np.sort(rng.uniform(0.0, 1.0, n_points))
    y = np.sin(2 * np.pi * x) + noise * rng.standard_normal(n_points)
    x_grid = np.linspace(0.0, 1.0, n_grid)
    poly = PolynomialFeatures(degree, include_bias=False)
    scaler = StandardScaler().fit(poly.fit_transform(x[:, None]))
    X = scaler.transform(poly.transform(x[:, None]))
    X_grid = scaler.transform(poly.transform(x_grid[:, None]))
    return PolynomialData(x, y, x_grid, np.sin(2 * np.pi * x_grid), X, X_grid, int(degree), float(noise))
