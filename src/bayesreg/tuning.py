"""Choosing ``alpha`` by the scikit-learn twin's cross-validation (the ``alpha="auto"`` rule)."""

from __future__ import annotations

import warnings

import numpy as np

from .map import alpha_max
from .model import Model
from .priors import ElasticNetPrior, LaplacePrior

__all__ = ["choose_alpha", "cv_curve", "MODELS"]

#: Model names of the command line and the demo.
MODELS = ("ridge", "lasso", "elasticnet")


def _twin(model: str, l1_ratio: float, fit_intercept: bool = True):
    from sklearn.linear_model import ElasticNet, Lasso, Ridge

    if model == "ridge":
        return Ridge(fit_intercept=fit_intercept)
    if model == "lasso":
        return Lasso(fit_intercept=fit_intercept, max_iter=100_000)
    return ElasticNet(l1_ratio=l1_ratio, fit_intercept=fit_intercept, max_iter=100_000)


def _grid(model: str, X, y, l1_ratio: float, n_alphas: int) -> np.ndarray:
    """Decreasing grid: from ``alpha_max`` (all weights zero) down 1e6-fold for L1 models;
    for ridge, ``s_max^2 * [1e2 .. 1e-6]`` with ``s_max^2`` the largest eigenvalue of ``Xc'Xc``."""
    if model == "ridge":
        Xc = np.asarray(X, dtype=float) - np.mean(np.asarray(X, dtype=float), axis=0)
        top = float(np.linalg.norm(Xc, 2) ** 2) or 1.0
        return top * np.logspace(2, -6, n_alphas)
    prior = LaplacePrior(1.0) if model == "lasso" else ElasticNetPrior(1.0, l1_ratio)
    amax = alpha_max(Model(prior), np.asarray(X, dtype=float), np.asarray(y, dtype=float))
    return amax * np.logspace(0, -6, n_alphas)


def cv_curve(model: str, X, y, *, l1_ratio: float = 0.5, cv: int = 5, n_alphas: int = 100):
    """Cross-validated mean squared error of the twin along a decreasing alpha grid.

    Uses ``sklearn.model_selection.validation_curve`` with unshuffled ``KFold(cv)``.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    mse : ndarray of shape (n_alphas,)
        Mean over folds.
    se : ndarray of shape (n_alphas,)
        Standard error over folds (``std / sqrt(cv)``).
    """
    from sklearn.model_selection import KFold, validation_curve

    alphas = _grid(model, X, y, l1_ratio, n_alphas)
    with warnings.catch_warnings():
        # Tiny alphas on collinear data make CD stop at max_iter; the CV error is still valid.
        from sklearn.exceptions import ConvergenceWarning

        warnings.simplefilter("ignore", ConvergenceWarning)
        _, test = validation_curve(_twin(model, l1_ratio), X, y, param_name="alpha", param_range=alphas,
                                   cv=KFold(cv), scoring="neg_mean_squared_error")
    mse = -test.mean(axis=1)
    se = test.std(axis=1, ddof=1) / np.sqrt(cv)
    return alphas, mse, se


def choose_alpha(model: str, X, y, *, l1_ratio: float = 0.5, cv: int = 5, rule: str = "min") -> float:
    """The twin's cross-validated ``alpha`` with unshuffled ``KFold(cv)`` (deterministic).

    Parameters
    ----------
    model : {"ridge", "lasso", "elasticnet"}
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    l1_ratio : float, default=0.5
        Elastic net mixing weight.
    cv : int, default=5
    rule : {"min", "1se"}, default="min"
        "min": the alpha with the smallest mean CV error (what ``LassoCV`` returns);
        "1se": the largest alpha whose error is within one standard error of that
        minimum, the one-standard-error rule (Hastie, Tibshirani & Friedman 2009, ESL
        section 7.10): a simpler model that cross-validation cannot tell apart.

    Returns
    -------
    float
        In the twin's own units (scikit-learn ``Ridge`` / ``Lasso`` / ``ElasticNet``).

    Raises
    ------
    ValueError
        For an unknown ``model`` or ``rule``, fewer than ``2 cv`` rows (each fold needs two
        rows for its error), or ``l1_ratio = 0`` with the elastic net (no ``alpha_max``).

    Warns
    -----
    UserWarning
        When the chosen alpha is the smallest on the grid (cross-validation wants less
        regularization than a 1e6-fold grid offers: the value is a bound, not an optimum).
    """
    if model not in MODELS:
        raise ValueError(f"The 'model' parameter must be one of {MODELS}. Got {model!r} instead.")
    if rule not in ("min", "1se"):
        raise ValueError(f"The 'rule' parameter must be one of ('min', '1se'). Got {rule!r} instead.")
    n = len(y)
    if n < 2 * cv:
        raise ValueError(
            f"choosing alpha by {cv}-fold cross-validation needs at least {2 * cv} rows; got {n}. "
            "Give alpha as a number instead."
        )
    if model == "elasticnet" and l1_ratio == 0.0:
        raise ValueError(
            "choosing alpha automatically needs l1_ratio > 0 for the elastic net (a pure L2 penalty has "
            "no alpha_max to start the grid); give alpha as a number or use ridge."
        )
    alphas, mse, se = cv_curve(model, X, y, l1_ratio=l1_ratio, cv=cv)
    best = int(np.argmin(mse))
    if rule == "1se":
        best = int(np.flatnonzero(mse <= mse[best] + se[best])[0])  # alphas decrease: first = largest
    if best == len(alphas) - 1:
        warnings.warn(
            f"cross-validation chose the smallest alpha on the grid ({alphas[best]:.3g}): the {model} twin "
            "wants less regularization than the grid offers, so this alpha is a bound, not an optimum.",
            UserWarning,
            stacklevel=2,
        )
    return float(alphas[best])
