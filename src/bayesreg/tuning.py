"""Choosing ``alpha`` by the scikit-learn twin's cross-validation (the ``alpha="auto"`` rule).

One rule for the command line (``bayesreg fit``, ``bayesreg demo``) and the library: shuffled
``KFold`` (seeded), the twin's mean squared error along a decreasing alpha grid, and the
one-standard-error rule by default (Hastie, Tibshirani & Friedman 2009, ESL section 7.10),
10 folds (as glmnet's ``cv.glmnet``) or ``n // 2`` when there are fewer than 20 rows.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .map import alpha_max
from .model import Model
from .priors import ElasticNetPrior, LaplacePrior

__all__ = ["choose_alpha", "cross_validate_alpha", "cv_curve", "default_folds", "CVChoice", "MODELS", "CV_RULES",
           "DEFAULT_CV_RULE", "DEFAULT_CV_FOLDS"]

#: Model names of the command line and the demo.
MODELS = ("ridge", "lasso", "elasticnet")
#: Selection rules: "1se" (largest alpha within one standard error of the best) and "min".
CV_RULES = ("1se", "min")
#: The default of the library, ``bayesreg fit`` and ``bayesreg demo``.
DEFAULT_CV_RULE = "1se"
#: 10, as glmnet's ``cv.glmnet`` and ESL (section 7.10); fewer only when the data have under 20 rows.
#: On the ESL prostate training rows the 1-SE choice varies 5-7x across shuffles with 5 folds
#: and 2-2.5x with 10 (20 seeds; ridge, lasso, elastic net).
DEFAULT_CV_FOLDS = 10
#: Rows per feature in a training fold below which an edge-of-grid choice is blamed on too little data.
_ROWS_PER_FEATURE = 5
#: |Spearman rho| between row number and target above which unshuffled folds are blamed.
_ORDER_RHO = 0.5


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


def _folds(cv: int, shuffle: bool, random_state):
    from sklearn.model_selection import KFold

    return KFold(cv, shuffle=True, random_state=random_state) if shuffle else KFold(cv)


def _ridge_fold_errors(X, y, alphas, folds) -> np.ndarray:
    """Held-out mean squared error of ``Ridge(alpha)`` for every alpha and fold, shape (n_alphas, n_folds).

    One SVD of each fold's centred training rows gives the whole path:
    ``w(alpha) = V diag(s / (s^2 + alpha)) U' (y - mean(y))``, intercept ``mean(y) - mean(X) w``
    (Hoerl & Kennard 1970; scikit-learn's ``Ridge`` objective ``||r||^2 + alpha ||w||^2``).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    errors = []
    for fit_rows, test_rows in folds.split(X):
        x_mean, y_mean = X[fit_rows].mean(axis=0), y[fit_rows].mean()
        U, s, Vt = np.linalg.svd(X[fit_rows] - x_mean, full_matrices=False)
        coefs = Vt.T @ (s / (s**2 + alphas[:, None]) * (U.T @ (y[fit_rows] - y_mean))).T  # (p, n_alphas)
        pred = (X[test_rows] - x_mean) @ coefs + y_mean
        errors.append(np.mean((pred - y[test_rows][:, None]) ** 2, axis=0))
    return np.column_stack(errors)


def _l1_fold_errors(X, y, alphas, folds, l1_ratio) -> np.ndarray:
    """The same for ``ElasticNet(alpha, l1_ratio)`` (``Lasso`` at ``l1_ratio=1``): scikit-learn's
    ``ElasticNetCV`` on the given grid and folds (warm-started coordinate descent along the path)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import ElasticNetCV

    with warnings.catch_warnings():
        # Tiny alphas on collinear data make CD stop at max_iter; the CV error is still valid.
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = ElasticNetCV(l1_ratio=l1_ratio, alphas=alphas, cv=folds, tol=1e-10, max_iter=100_000).fit(X, y)
    return fitted.mse_path_  # rows follow ``alphas`` (both decreasing)


def cv_curve(model: str, X, y, *, l1_ratio: float = 0.5, cv: int = DEFAULT_CV_FOLDS, n_alphas: int = 100,
             shuffle: bool = True, random_state=0):
    """Cross-validated mean squared error of the twin along a decreasing alpha grid.

    Folds: ``KFold(cv, shuffle=True, random_state=random_state)`` (or unshuffled folds in
    file order with ``shuffle=False``). The fold errors are those of scikit-learn's
    ``Ridge`` (closed form along the path) or ``ElasticNetCV`` / lasso (``l1_ratio=1``).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    mse : ndarray of shape (n_alphas,)
        Mean over folds.
    se : ndarray of shape (n_alphas,)
        Standard error over folds (``std / sqrt(cv)``).
    """
    alphas = _grid(model, X, y, l1_ratio, n_alphas)
    folds = _folds(cv, shuffle, random_state)
    if model == "ridge":
        errors = _ridge_fold_errors(X, y, alphas, folds)
    else:
        errors = _l1_fold_errors(X, y, alphas, folds, 1.0 if model == "lasso" else l1_ratio)
    return alphas, errors.mean(axis=1), errors.std(axis=1, ddof=1) / np.sqrt(cv)


@dataclass(frozen=True)
class CVChoice:
    """The outcome of :func:`cross_validate_alpha`.

    Attributes
    ----------
    alpha : float
        The chosen strength, in the twin's units.
    model, rule : str
    folds : int
    shuffle : bool
    random_state : int or None
    alphas, mse, se : ndarray of shape (n_alphas,)
        The decreasing grid and the CV curve (mean and standard error over folds).
    index : int
        Position of ``alpha`` on the grid.
    edge : {None, "smallest", "largest"}
        Whether the choice sits at an end of the grid.
    """

    alpha: float
    model: str
    rule: str
    folds: int
    shuffle: bool
    random_state: object
    alphas: np.ndarray
    mse: np.ndarray
    se: np.ndarray
    index: int
    edge: str | None

    def describe(self) -> str:
        """How alpha was chosen, in words (for printed output)."""
        rule = "one-standard-error rule" if self.rule == "1se" else "minimum"
        order = f"shuffled (seed {self.random_state})" if self.shuffle else "unshuffled"
        return f"the {rule} of the {self.model} twin's {order} {self.folds}-fold cross-validation"


def _edge_reasons(edge: str, X, y, cv: int, shuffle: bool) -> list:
    """The explanations of an edge-of-grid choice that apply to these data."""
    from scipy.stats import spearmanr

    reasons = []
    n, p = np.shape(X)
    if not shuffle:
        rho = float(spearmanr(np.arange(n), np.asarray(y, dtype=float)).statistic)
        if abs(rho) >= _ORDER_RHO:
            reasons.append(
                f"the rows are ordered by the target (Spearman rho = {rho:.2f} between row number and y) and "
                "the folds are not shuffled, so each fold predicts a range of y that its training rows lack"
            )
    n_train = n - -(-n // cv)  # rows in the smallest training fold
    if n_train < _ROWS_PER_FEATURE * p:
        reasons.append(f"too little data: {n_train} training rows per fold for {p} features "
                       f"(fewer than {_ROWS_PER_FEATURE} per feature), so the CV error is noisy")
    if not reasons:
        reasons.append(
            "least squares predicts as well as any penalized fit on these data (strong signal, few features)"
            if edge == "smallest" else
            "no feature predicts y better than its mean within the cross-validation error"
        )
    return reasons


def default_folds(n_samples: int) -> int:
    """:data:`DEFAULT_CV_FOLDS`, or ``n_samples // 2`` (each fold needs two rows) when that is smaller."""
    return max(2, min(DEFAULT_CV_FOLDS, n_samples // 2))


def cross_validate_alpha(model: str, X, y, *, l1_ratio: float = 0.5, cv: int | None = None,
                         rule: str = DEFAULT_CV_RULE, shuffle: bool = True, random_state=0) -> CVChoice:
    """Choose the twin's ``alpha`` by K-fold cross-validation; see :func:`choose_alpha`.

    Returns
    -------
    CVChoice
        The alpha with the grid, the CV curve and where the choice sits on the grid.

    Raises
    ------
    ValueError
        As :func:`choose_alpha`.

    Warns
    -----
    UserWarning
        As :func:`choose_alpha`: a choice at an end of the grid, with the explanations that apply.
    """
    if model not in MODELS:
        raise ValueError(f"The 'model' parameter must be one of {MODELS}. Got {model!r} instead.")
    if rule not in CV_RULES:
        raise ValueError(f"The 'rule' parameter must be one of {CV_RULES}. Got {rule!r} instead.")
    n = len(y)
    cv = default_folds(n) if cv is None else cv
    if isinstance(cv, bool) or not isinstance(cv, (int, np.integer)) or cv < 2:
        raise ValueError(f"The 'cv' parameter must be an integer >= 2. Got {cv!r} instead.")
    if n < 2 * cv:
        raise ValueError(
            f"choosing alpha by {cv}-fold cross-validation needs at least {2 * cv} rows; got {n}. "
            "Give alpha as a number instead, or use fewer folds."
        )
    if model == "elasticnet" and l1_ratio == 0.0:
        raise ValueError(
            "choosing alpha automatically needs l1_ratio > 0 for the elastic net (a pure L2 penalty has "
            "no alpha_max to start the grid); give alpha as a number or use ridge."
        )
    alphas, mse, se = cv_curve(model, X, y, l1_ratio=l1_ratio, cv=cv, shuffle=shuffle, random_state=random_state)
    best = int(np.argmin(mse))
    if rule == "1se":
        best = int(np.flatnonzero(mse <= mse[best] + se[best])[0])  # alphas decrease: first = largest
    edge = "smallest" if best == len(alphas) - 1 else "largest" if best == 0 else None
    if edge is not None:
        reasons = _edge_reasons(edge, X, y, cv, shuffle)
        meaning = ("a bound, not an optimum (the grid spans 1e6 below its largest value)" if edge == "smallest" else
                   "the strongest regularization on the grid (for L1 models: every weight of the twin is zero)")
        warnings.warn(
            f"cross-validation chose the {edge} alpha on the grid ({alphas[best]:.3g}), {meaning}. "
            f"Likely: {'; '.join(reasons)}.",
            UserWarning,
            stacklevel=2,
        )
    return CVChoice(alpha=float(alphas[best]), model=model, rule=rule, folds=cv, shuffle=shuffle,
                    random_state=random_state if shuffle else None, alphas=alphas, mse=mse, se=se,
                    index=best, edge=edge)


def choose_alpha(model: str, X, y, *, l1_ratio: float = 0.5, cv: int | None = None,
                 rule: str = DEFAULT_CV_RULE, shuffle: bool = True, random_state=0) -> float:
    """The twin's cross-validated ``alpha``.

    Parameters
    ----------
    model : {"ridge", "lasso", "elasticnet"}
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    l1_ratio : float, default=0.5
        Elastic net mixing weight.
    cv : int, optional
        Number of folds (>= 2); default :func:`default_folds` (10, fewer below 20 rows).
    rule : {"1se", "min"}, default="1se"
        "1se": the largest alpha whose error is within one standard error of the minimum,
        the one-standard-error rule (Hastie, Tibshirani & Friedman 2009, ESL section 7.10):
        a simpler model that cross-validation cannot tell apart from the best. "min": the
        alpha with the smallest mean CV error (what ``LassoCV`` returns).
    shuffle : bool, default=True
        Shuffle the rows before splitting them into folds. Unshuffled folds on a file sorted
        by the target (or by anything related to it) predict ranges of ``y`` their training
        rows never saw, and every model collapses to the smallest alpha.
    random_state : int or None, default=0
        Seed of the shuffle (same seed, same folds, same alpha).

    Returns
    -------
    float
        In the twin's own units (scikit-learn ``Ridge`` / ``Lasso`` / ``ElasticNet``).

    Raises
    ------
    ValueError
        For an unknown ``model`` or ``rule``, ``cv < 2``, fewer than ``2 cv`` rows (each fold
        needs two rows for its error), or ``l1_ratio = 0`` with the elastic net (no ``alpha_max``).

    Warns
    -----
    UserWarning
        When the chosen alpha is at an end of the grid (the value is then a bound, not an
        optimum); the message names the explanations that apply to the data: unshuffled
        folds on rows ordered by the target, too few rows per feature, or else the data
        themselves (least squares as good as any penalty, or no feature better than the mean).
    """
    return cross_validate_alpha(model, X, y, l1_ratio=l1_ratio, cv=cv, rule=rule, shuffle=shuffle,
                                random_state=random_state).alpha
