"""``Model = Likelihood x Prior (+ sigma prior)``: the one log posterior used everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._ops import NP
from .likelihoods import GaussianLikelihood, Likelihood, StudentTLikelihood, _loss_scale
from .noise import JeffreysSigma, SigmaPrior
from .priors import Prior

__all__ = ["Model"]


@dataclass(frozen=True)
class Model:
    """A Bayesian linear regression model.

    ``y = intercept + X w + noise``; the intercept has a flat (improper) prior and is
    never penalized, as in scikit-learn.

    Parameters
    ----------
    prior : Prior
        Prior on the weights given the noise scale.
    likelihood : Likelihood, default=GaussianLikelihood()
    sigma_prior : SigmaPrior, default=JeffreysSigma()
    fit_intercept : bool, default=True

    Notes
    -----
    :meth:`log_posterior` is the unnormalized log posterior density of
    ``(intercept, coef, sigma)``; at fixed sigma it equals
    ``-kappa * twin_objective + const`` (DESIGN.md's math contract).
    """

    prior: Prior
    likelihood: Likelihood = field(default_factory=GaussianLikelihood)
    sigma_prior: SigmaPrior = field(default_factory=JeffreysSigma)
    fit_intercept: bool = True

    def kappa(self, sigma, n_samples):
        """The likelihood factor in the prior's loss convention (see :mod:`bayesreg.priors`).

        Parameters
        ----------
        sigma : float or tensor
            Noise scale (> 0).
        n_samples : float
            Number of samples (sum of the frequency weights).

        Returns
        -------
        float or tensor
            ``kappa(sigma)``, with ``log p(w | sigma) = -kappa(sigma) penalty(w) + const``.
        """
        return self.likelihood.kappa(sigma, n_samples, self.prior.loss_convention)

    def log_posterior(self, coef, intercept, sigma, X, y, sample_weight=None, xp=NP):
        """Unnormalized log posterior.

        Parameters
        ----------
        coef : array of shape (n_features,) or tensor
        intercept : float or tensor
            Ignored (must be 0) when ``fit_intercept=False``.
        sigma : float or tensor
            Noise scale (> 0).
        X : ndarray of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
        sample_weight : ndarray of shape (n_samples,), optional
        xp : namespace, default=NP
            :data:`bayesreg._ops.NP` (numpy) or :func:`bayesreg._ops.pytensor_ops` (a PyMC graph).

        Returns
        -------
        float or scalar tensor
            ``log p(y | .) + log p(coef | sigma) + log p(sigma)``; flat intercept.
        """
        n = X.shape[0] if sample_weight is None else float(np.sum(sample_weight))
        mu = X @ coef
        if self.fit_intercept:
            mu = mu + intercept
        r = y - mu
        return (
            self.likelihood.logpdf(r, sigma, sample_weight, xp)
            + self.prior.logpdf(coef, self.kappa(sigma, n), sigma, xp)
            + self.sigma_prior.logpdf(sigma, xp)
        )

    def twin_objective(self, coef, intercept, X, y, sample_weight=None, *, sigma=None) -> float:
        """The scikit-learn twin's objective: ``c * loss(r) + penalty(coef)``.

        ``c`` is 1 for the "sum" convention (``Ridge``) and ``1 / (2n)`` for the
        "mean" convention (``Lasso``, ``ElasticNet``, ``QuantileRegressor``).
        ``sigma`` is needed only by likelihoods without a scale-free loss
        (Student-t), whose data term is :meth:`Likelihood.data_term` at ``sigma``.

        Parameters
        ----------
        coef : ndarray of shape (n_features,)
            Weights.
        intercept : float
            Intercept (ignored without ``fit_intercept``).
        X : ndarray of shape (n_samples, n_features)
            Training data.
        y : ndarray of shape (n_samples,)
            Target.
        sample_weight : ndarray of shape (n_samples,), optional
            Frequency weights.
        sigma : float, optional
            Noise scale, for the Student-t data term.

        Returns
        -------
        float
            The twin's objective at ``(coef, intercept)``.
        """
        n = X.shape[0] if sample_weight is None else float(np.sum(sample_weight))
        r = y - X @ coef - (intercept if self.fit_intercept else 0.0)
        c = _loss_scale(self.prior.loss_convention, n)
        if sigma is not None and isinstance(self.likelihood, StudentTLikelihood):
            loss = self.likelihood.data_term(r, sigma, sample_weight)
        else:
            loss = self.likelihood.loss(r, sample_weight)
        return c * loss + self.prior.penalty(coef)

    def make_twin(self, **kwargs):
        """The scikit-learn estimator whose optimum is this model's conditional mode.

        Delegates to :func:`bayesreg.mapping.to_twin`, where every mapping lives.

        Parameters
        ----------
        **kwargs
            Passed to the scikit-learn estimator (e.g. ``tol``, ``max_iter``).

        Returns
        -------
        sklearn.base.RegressorMixin
            The unfitted scikit-learn estimator, with the mapped ``alpha``.

        Raises
        ------
        NotImplementedError
            When no scikit-learn estimator has this likelihood x prior objective.
        """
        from .mapping import to_twin

        return to_twin(self, **kwargs)
