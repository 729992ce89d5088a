"""Penalty conventions, mapped both ways and in one place.

Each function states its formula and its source. The objectives involved, with
``r = y - b0 - X w``, frequency weights ``s_i`` and ``n = sum_i s_i``:

============================  =================================================================
scikit-learn ``Ridge``        ``sum_i s_i r_i^2 + alpha ||w||_2^2``
``Lasso``                     ``sum_i s_i r_i^2 / (2n) + alpha ||w||_1``
``ElasticNet``                ``sum_i s_i r_i^2 / (2n) + alpha rho ||w||_1 + alpha (1-rho)/2 ||w||_2^2``
``QuantileRegressor(0.5)``    ``sum_i s_i |r_i| / (2n) + alpha ||w||_1`` (pinball loss at 0.5 is ``|r|/2``)
glmnet (gaussian)             ``sum_i s_i r_i^2 / (2n) + lambda (a ||w||_1 + (1-a)/2 ||w||_2^2)`` on ``y / sd(y)``
``LogisticRegression``        ``C sum_i s_i logloss_i + rho ||w||_1 + (1-rho)/2 ||w||_2^2`` (:func:`to_logistic_twin`)
seed article                  ``||r||_2^2 + lambda (a ||w||_1 + (1-a) ||w||_2^2)`` (no 1/2)
============================  =================================================================

scikit-learn's weighting conventions (checked against its source, version 1.9):
``Ridge`` multiplies squared residuals by ``sample_weight``; ``Lasso`` / ``ElasticNet``
rescale ``sample_weight`` to sum to ``n_samples`` (so the data term is the weighted mean
over ``sum_i s_i``); ``QuantileRegressor`` multiplies its ``alpha`` by ``sum_i s_i``.
All three agree with frequency weights (weight ``k`` == the row repeated ``k`` times).
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import ElasticNet, Lasso, QuantileRegressor, Ridge

from ._twin import need_positive as _need
from ._twin import to_twin
from .likelihoods import LaplaceLikelihood
from .model import Model
from .priors import AlphaForm, ElasticNetPrior, GaussianPrior, LaplacePrior, ParkCasellaLaplacePrior

from ._mapping_logistic import from_logistic_twin, to_logistic_twin  # logistic regression: C <-> prior scale

__all__ = [
    "to_twin", "from_twin", "to_glmnet", "from_glmnet", "to_article", "from_article", "glmnet_sd_y",
    "to_logistic_twin", "from_logistic_twin",
]


def from_twin(estimator, *, sigma=None, n_samples=None, laplace_form: str = "alpha") -> Model:
    """The model whose mode is ``estimator``'s optimum (inverse of :func:`to_twin`).

    Parameters
    ----------
    estimator : Ridge, Lasso, ElasticNet or QuantileRegressor(quantile=0.5)
        Fitted or not; only its parameters are read.
    sigma, n_samples : float, optional
        Needed for ``laplace_form="park_casella"``: ``lam = alpha n / sigma`` (``Lasso``) or
        ``lam = 2 n alpha`` (``QuantileRegressor``).
    laplace_form : {"alpha", "park_casella"}, default="alpha"
        Which Laplace prior to return for ``Lasso`` / ``QuantileRegressor``.

    Returns
    -------
    Model
        ``fit_intercept`` as in the estimator; default sigma prior.

    Raises
    ------
    TypeError
        For another estimator type.
    ValueError
        For ``quantile != 0.5``, an array ``alpha``, an unknown ``laplace_form``, or missing
        ``sigma`` / ``n_samples``.
    """
    if laplace_form not in ("alpha", "park_casella"):
        raise ValueError(
            f"The 'laplace_form' parameter of from_twin must be one of {{'alpha', 'park_casella'}}. Got {laplace_form!r} instead."
        )
    params = estimator.get_params() if hasattr(estimator, "get_params") else {}
    alpha = params.get("alpha")
    if alpha is not None and np.ndim(alpha) != 0:
        raise ValueError("from_twin needs a scalar 'alpha'; got an array (one alpha per target).")
    fi = bool(params.get("fit_intercept", True))
    # Exact type checks: subclasses (LassoCV, MultiTaskLasso, ...) have other objectives.
    if type(estimator) is Ridge:
        return Model(GaussianPrior(alpha), fit_intercept=fi)
    if type(estimator) is Lasso:
        if laplace_form == "park_casella":
            n, sig = _need("n_samples", n_samples), _need("sigma", sigma)
            return Model(ParkCasellaLaplacePrior(ParkCasellaLaplacePrior.lam_of_twin_alpha(alpha, "squared", sig, n)),
                         fit_intercept=fi)
        return Model(LaplacePrior(alpha), fit_intercept=fi)
    if type(estimator) is ElasticNet:
        return Model(ElasticNetPrior(alpha, params["l1_ratio"]), fit_intercept=fi)
    if type(estimator) is QuantileRegressor:
        if params["quantile"] != 0.5:
            raise ValueError(
                f"Only QuantileRegressor(quantile=0.5) is a posterior mode of the Laplace likelihood; got quantile={params['quantile']!r}."
            )
        if laplace_form == "park_casella":
            lam = ParkCasellaLaplacePrior.lam_of_twin_alpha(alpha, "absolute", n_samples=_need("n_samples", n_samples))
            return Model(ParkCasellaLaplacePrior(lam), LaplaceLikelihood(), fit_intercept=fi)
        return Model(LaplacePrior(alpha), LaplaceLikelihood(), fit_intercept=fi)
    raise TypeError(
        f"from_twin knows Ridge, Lasso, ElasticNet and QuantileRegressor; got {type(estimator).__name__}."
    )


def glmnet_sd_y(y, sample_weight=None, fit_intercept=True) -> float:
    """glmnet's ``sd(y)`` for ``family="gaussian"``: ``sqrt(sum_i v_i (y_i - ybar)^2)``.

    ``v`` are the weights normalized to sum to 1 (population sd, divisor ``n`` not
    ``n - 1``); ``ybar = sum_i v_i y_i`` with an intercept and ``0`` without. Source:
    glmnet's Fortran ``standard`` / ``standard1`` routines (``ys=sqrt(dot_product(y,y))``
    after ``y=v*(y-ym)``), Friedman, Hastie & Tibshirani (2010), sec. 2.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Target.
    sample_weight : array-like of shape (n_samples,), optional
        Observation weights (glmnet's ``weights``); equal weights by default.
    fit_intercept : bool, default=True
        Whether ``y`` is centred first (glmnet's ``intercept``).

    Returns
    -------
    float
        glmnet's ``sd(y)``.
    """
    y = np.asarray(y, dtype=np.float64)
    v = np.ones_like(y) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    v = v / v.sum()
    ym = float(v @ y) if fit_intercept else 0.0
    return float(np.sqrt(v @ (y - ym) ** 2))


def _n_of(y, sample_weight):
    return float(np.size(y)) if sample_weight is None else float(np.sum(sample_weight))


def to_glmnet(model: Model, y, sample_weight=None) -> tuple[float, float]:
    """glmnet's ``(lambda, alpha)`` for a Gaussian-likelihood model (``standardize=FALSE``).

    Parameters
    ----------
    model : Model
        Gaussian likelihood with a Gaussian, Laplace or elastic-net prior.
    y : array-like of shape (n_samples,)
        The response, for glmnet's ``sd(y)`` (:func:`glmnet_sd_y`).
    sample_weight : array-like of shape (n_samples,), optional

    Returns
    -------
    lambda_ : float
    alpha : float
        glmnet's mixing parameter (1 = lasso, 0 = ridge).

    Notes
    -----
    glmnet fits ``y / sd`` with ``lambda / sd`` and multiplies the coefficients back by
    ``sd``; on the original scale its objective is
    ``||r||^2/(2n) + lambda a ||w||_1 + lambda (1-a)/(2 sd) ||w||^2`` -- the quadratic term
    is divided by ``sd(y)``. Matching scikit-learn's ``ElasticNet(alpha_s, rho)``:
    ``lambda a = alpha_s rho`` and ``lambda (1-a) / sd = alpha_s (1-rho)``, so
    ``lambda = alpha_s (rho + (1-rho) sd)`` and ``a = alpha_s rho / lambda``. ``Ridge(alpha_R)``
    is ``ElasticNet(alpha_R / n, 0)``. With glmnet's default ``standardize=TRUE`` the penalty
    applies to coefficients of ``x_j / sd(x_j)``: standardize ``X`` yourself and pass
    ``standardize=FALSE`` to compare. Sources: glmnet vignette ("Linear Regression:
    family = gaussian"); Friedman, Hastie & Tibshirani (2010), J. Stat. Softw. 33(1), eq. 1.

    Raises
    ------
    NotImplementedError
        For other likelihoods or the Park & Casella prior.
    """
    if model.likelihood.twin_loss != "squared":
        raise NotImplementedError("glmnet's gaussian family has the Gaussian likelihood only.")
    prior = model.prior
    if not isinstance(prior, AlphaForm):
        raise NotImplementedError(f"No glmnet form for {type(prior).__name__}.")
    sd = glmnet_sd_y(y, sample_weight, model.fit_intercept)
    if prior.twin_penalty == "ridge":
        return prior.alpha * sd / _n_of(y, sample_weight), 0.0
    if prior.twin_penalty == "lasso":
        return prior.alpha, 1.0
    rho = prior.l1_ratio
    lam = prior.alpha * (rho + (1.0 - rho) * sd)
    return lam, (prior.alpha * rho / lam if lam > 0 else 1.0)


def from_glmnet(lambda_, alpha, y, sample_weight=None, *, fit_intercept=True) -> Model:
    """The model whose mode is glmnet's solution at ``(lambda, alpha)`` (inverse of :func:`to_glmnet`).

    ``alpha = 1`` gives ``LaplacePrior(lambda)``; ``alpha = 0`` gives
    ``GaussianPrior(n lambda / sd)`` (``Ridge``'s convention); otherwise
    ``ElasticNetPrior(alpha_s, rho)`` with ``alpha_s = lambda (a + (1-a) / sd)`` and
    ``rho = lambda a / alpha_s``. See :func:`to_glmnet` for the derivation.

    Parameters
    ----------
    lambda_ : float
        glmnet's ``lambda`` (>= 0).
    alpha : float
        glmnet's mixing ``alpha`` in [0, 1] (1: lasso, 0: ridge).
    y : array-like of shape (n_samples,)
        Target (glmnet rescales its ridge part by :func:`glmnet_sd_y`).
    sample_weight : array-like of shape (n_samples,), optional
        Observation weights.
    fit_intercept : bool, default=True
        Whether the model has an intercept.

    Returns
    -------
    Model
        A Gaussian-likelihood model with the matching prior.

    Raises
    ------
    ValueError
        ``lambda_ < 0`` or ``alpha`` outside [0, 1].
    """
    if not (np.isfinite(lambda_) and lambda_ >= 0):
        raise ValueError(f"The 'lambda_' parameter of from_glmnet must be a float in the range [0, inf). Got {lambda_!r} instead.")
    if not (0.0 <= alpha <= 1.0):
        raise ValueError(f"The 'alpha' parameter of from_glmnet must be a float in the range [0, 1]. Got {alpha!r} instead.")
    sd = glmnet_sd_y(y, sample_weight, fit_intercept)
    if alpha == 1.0:
        return Model(LaplacePrior(lambda_), fit_intercept=fit_intercept)
    if alpha == 0.0:
        return Model(GaussianPrior(_n_of(y, sample_weight) * lambda_ / sd), fit_intercept=fit_intercept)
    a_s = lambda_ * (alpha + (1.0 - alpha) / sd)
    return Model(ElasticNetPrior(a_s, lambda_ * alpha / a_s if a_s > 0 else 0.5), fit_intercept=fit_intercept)


def to_article(model: Model, n_samples) -> tuple[float, float]:
    """The seed article's ``(lambda, a)`` of ``||r||^2 + lambda (a ||w||_1 + (1-a) ||w||_2^2)``.

    Notes
    -----
    The article's data term is the residual sum of squares (as in Zou & Hastie 2005's
    "naive" elastic net, eq. 3) and its quadratic penalty has no 1/2. Dividing by ``2n``
    and matching ``ElasticNet(alpha_s, rho)``: ``alpha_s rho = lambda a / (2n)`` and
    ``alpha_s (1-rho) = lambda (1-a) / n``, so ``lambda = n alpha_s (1 + rho)`` and
    ``a = 2 rho / (1 + rho)``. ``Ridge(alpha_R)`` is
    ``(alpha_R, 0)``; ``Lasso(alpha)`` is ``(2 n alpha, 1)``.

    Parameters
    ----------
    model : Model
        A Gaussian-likelihood model with a Gaussian, Laplace (alpha form) or elastic-net prior.
    n_samples : float
        Number of samples (sum of the frequency weights).

    Returns
    -------
    lambda_ : float
        The article's ``lambda``.
    a : float
        The article's mixing ``a`` in [0, 1].

    Raises
    ------
    NotImplementedError
        For other likelihoods or the Park & Casella prior.
    """
    if model.likelihood.twin_loss != "squared":
        raise NotImplementedError("The seed article's form has the squared loss only.")
    n = _need("n_samples", n_samples)
    prior = model.prior
    if not isinstance(prior, AlphaForm):
        raise NotImplementedError(f"No article form for {type(prior).__name__}.")
    if prior.twin_penalty == "ridge":
        return prior.alpha, 0.0
    if prior.twin_penalty == "lasso":
        return 2.0 * n * prior.alpha, 1.0
    rho = prior.l1_ratio
    return n * prior.alpha * (1.0 + rho), 2.0 * rho / (1.0 + rho)


def from_article(lambda_, a, n_samples, *, fit_intercept=True) -> Model:
    """Inverse of :func:`to_article`.

    ``a = 0``: ``GaussianPrior(lambda)``; ``a = 1``: ``LaplacePrior(lambda / (2n))``; otherwise
    ``ElasticNetPrior(alpha_s, rho)`` with ``rho = a / (2 - a)`` and
    ``alpha_s = lambda (2 - a) / (2n)``.

    Parameters
    ----------
    lambda_ : float
        The article's ``lambda`` (>= 0).
    a : float
        The article's mixing ``a`` in [0, 1].
    n_samples : float
        Number of samples (sum of the frequency weights).
    fit_intercept : bool, default=True
        Whether the model has an intercept.

    Returns
    -------
    Model
        A Gaussian-likelihood model with the matching prior.

    Raises
    ------
    ValueError
        ``lambda_ < 0``, ``a`` outside [0, 1], or a bad ``n_samples``.
    """
    n = _need("n_samples", n_samples)
    if not (np.isfinite(lambda_) and lambda_ >= 0):
        raise ValueError(f"The 'lambda_' parameter of from_article must be a float in the range [0, inf). Got {lambda_!r} instead.")
    if not (0.0 <= a <= 1.0):
        raise ValueError(f"The 'a' parameter of from_article must be a float in the range [0, 1]. Got {a!r} instead.")
    if a == 0.0:
        return Model(GaussianPrior(lambda_), fit_intercept=fit_intercept)
    if a == 1.0:
        return Model(LaplacePrior(lambda_ / (2.0 * n)), fit_intercept=fit_intercept)
    return Model(ElasticNetPrior(lambda_ * (2.0 - a) / (2.0 * n), a / (2.0 - a)), fit_intercept=fit_intercept)
