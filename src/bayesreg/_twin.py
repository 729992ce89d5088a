"""The scikit-learn twin of a model: the estimator whose optimum is the model's conditional mode.

Kept apart from :mod:`bayesreg.mapping` (which builds models and so imports
:mod:`bayesreg.model`) so that :meth:`bayesreg.model.Model.make_twin` can use it without an
import cycle. The twin is read off two declared capabilities: the likelihood's
:attr:`~bayesreg.likelihoods.Likelihood.twin_loss` and the prior's
:meth:`~bayesreg.priors.ElasticNetFamily.twin_alpha`, ``twin_penalty`` and ``l1_fraction``.
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.linear_model import ElasticNet, Lasso, QuantileRegressor, Ridge

from .priors import ElasticNetFamily

__all__ = ["to_twin", "need_positive"]


def need_positive(name, value):
    """``value`` as a float in (0, inf), or a ValueError naming ``name`` (also when it is None)."""
    if value is None:
        raise ValueError(f"This conversion needs '{name}'.")
    if not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"The '{name}' parameter must be a float in the range (0, inf). Got {value!r} instead.")
    return float(value)


def to_twin(model, *, sigma=None, n_samples=None, **kwargs):
    """The configured, unfitted scikit-learn estimator whose optimum is ``model``'s mode.

    Parameters
    ----------
    model : Model
    sigma, n_samples : float, optional
        Needed only by priors whose twin ``alpha`` depends on them (Park & Casella:
        ``Lasso(lam sigma / n)``, ``QuantileRegressor(lam / (2 n))``).
    **kwargs
        Passed to the estimator (e.g. ``tol``, ``max_iter``).

    Returns
    -------
    Ridge, Lasso, ElasticNet or QuantileRegressor
        ``fit_intercept`` as in the model. ``QuantileRegressor(quantile=0.5, solver="highs")``.

    Raises
    ------
    NotImplementedError
        For pairs without a scikit-learn twin (priors outside the elastic-net family such as
        the horseshoe; the Student-t likelihood; a Laplace likelihood with an L2 term).
    ValueError
        Missing ``sigma`` / ``n_samples`` where the twin's alpha needs them.

    Notes
    -----
    Gaussian likelihood (``docs/math-contract.md``): ``GaussianPrior(alpha)`` -> ``Ridge(alpha)``;
    ``LaplacePrior(alpha)`` -> ``Lasso(alpha)``; ``ElasticNetPrior(alpha, rho)`` ->
    ``ElasticNet(alpha, l1_ratio=rho)``; Park & Casella ``lam`` -> ``Lasso(lam sigma / n)``
    (their eq. 1 with the Gaussian likelihood). Laplace likelihood with scale ``s``:
    the prior ``Laplace(0, b)`` with ``b = s / (2 n alpha)`` (the alpha form under
    the "mean" convention) gives ``QuantileRegressor(quantile=0.5, alpha)`` (Koenker 2005,
    the L1 / LAD-lasso of Wang, Li & Jiang 2007).
    """
    prior, fi = model.prior, model.fit_intercept
    if not isinstance(prior, ElasticNetFamily):
        raise NotImplementedError(
            f"{type(prior).__name__} has no penalized twin (no scikit-learn estimator has its objective; "
            "it is not an elastic-net-family prior). Sample it with bayesreg.posterior.sample_gibbs."
        )
    loss = model.likelihood.twin_loss
    rho = prior.l1_fraction
    if loss == "squared" or (loss == "absolute" and rho == 1.0):
        if prior.sigma_free_mode:
            alpha = prior.twin_alpha(loss)
        else:
            if loss == "squared":
                sigma = need_positive("sigma", sigma)
            alpha = prior.twin_alpha(loss, sigma, need_positive("n_samples", n_samples))
        if loss == "absolute":
            return QuantileRegressor(quantile=0.5, alpha=alpha, fit_intercept=fi, **{"solver": "highs", **kwargs})
        if prior.twin_penalty == "ridge":
            return Ridge(alpha=alpha, fit_intercept=fi, **kwargs)
        if prior.twin_penalty == "lasso":
            return Lasso(alpha=alpha, fit_intercept=fi, **kwargs)
        return ElasticNet(alpha=alpha, l1_ratio=prior.l1_ratio, fit_intercept=fi, **kwargs)
    raise NotImplementedError(
        f"No scikit-learn estimator has the {type(model.likelihood).__name__} x {type(prior).__name__} "
        "objective; use bayesreg.map.map_estimate, which certifies its own optimum."
    )
