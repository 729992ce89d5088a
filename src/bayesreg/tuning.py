"""Choosing ``alpha`` by the scikit-learn twin's cross-validation (the ``alpha="auto"`` rule)."""

from __future__ import annotations

import numpy as np

__all__ = ["choose_alpha", "MODELS"]

#: Model names of the command line and the demo.
MODELS = ("ridge", "lasso", "elasticnet")


def choose_alpha(model: str, X, y, *, l1_ratio: float = 0.5, cv: int = 5) -> float:
    """The twin's cross-validated ``alpha`` with unshuffled ``KFold(cv)`` (deterministic).

    Parameters
    ----------
    model : {"ridge", "lasso", "elasticnet"}
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    l1_ratio : float, default=0.5
        Elastic net mixing weight.
    cv : int, default=5
        Folds (reduced to ``n_samples`` when there are fewer rows).

    Returns
    -------
    float
        ``RidgeCV`` over ``logspace(-4, 2, 61)`` (Ridge's own scale) or the
        ``alpha_`` of ``LassoCV`` / ``ElasticNetCV`` on their default 100-point paths.

    Raises
    ------
    ValueError
        For an unknown ``model``.
    """
    from sklearn.linear_model import ElasticNetCV, LassoCV, RidgeCV
    from sklearn.model_selection import KFold

    folds = KFold(max(2, min(cv, len(y))))
    if model == "ridge":
        return float(RidgeCV(alphas=np.logspace(-4, 2, 61), cv=folds).fit(X, y).alpha_)
    if model == "lasso":
        return float(LassoCV(cv=folds, max_iter=100_000).fit(X, y).alpha_)
    if model == "elasticnet":
        return float(ElasticNetCV(l1_ratio=l1_ratio, cv=folds, max_iter=100_000).fit(X, y).alpha_)
    raise ValueError(f"The 'model' parameter must be one of {MODELS}. Got {model!r} instead.")
