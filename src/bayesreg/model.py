"""``Model = Likelihood x Prior (+ sigma prior)``: the one log posterior used everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._ops import NP
from ._twin import to_twin
from ._validation import check_prior_scales
from .likelihoods import GaussianLikelihood, Likelihood, _loss_scale
from .priors import AlphaForm, ElasticNetFamily, Prior
from .sigma_priors import JeffreysSigma, SigmaPrior

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
    ``-kappa * twin_objective + const`` (the math contract, ``docs/math-contract.md``).
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

    def penalty_weights(self, sigma, n_samples, value=None) -> tuple[float, float]:
        """``(L1, L2)`` of the sum-form objective ``D(r) + L1 ||w||_1 + L2/2 ||w||^2``.

        The one place a strength (``alpha``, ``lam``) becomes penalty weights: the prior's rates
        over the likelihood's ``kappa_sum``, which is the negative log posterior in ``w`` divided
        by ``kappa_sum`` (``D`` is the likelihood's sum-form data term: ``||r||^2`` Gaussian,
        ``||r||_1`` Laplace). Coordinate descent works with half of them,
        ``0.5 ||r||^2 + l1 ||w||_1 + l2/2 ||w||^2`` (``l1, l2 = L1 / 2, L2 / 2``).

        Parameters
        ----------
        sigma : float
            Noise scale (the alpha-form weights do not depend on it).
        n_samples : float
            Sum of the frequency weights.
        value : float, optional
            Value of the prior's parameter (:attr:`~bayesreg.priors.Prior.hyper_name`); default its own.

        Returns
        -------
        (float, float)
            ``(0, 0)`` for the improper flat prior (``alpha = 0``).

        Raises
        ------
        TypeError
            For a prior outside the elastic-net family (e.g. the horseshoe).
        """
        prior = self.prior
        if not isinstance(prior, ElasticNetFamily):
            raise TypeError(f"{type(prior).__name__} is not an elastic-net-family prior: it has no penalty weights.")
        if value is None and not prior.proper:
            return 0.0, 0.0
        beta, gamma = prior.rates_at(self.kappa(sigma, n_samples), sigma, prior.hyper_value if value is None else value)
        ks = self.likelihood.kappa_sum(sigma)
        return float(beta) / ks, float(gamma) / ks

    def check_scales(self, n_samples, sigma, owner=None) -> None:
        """Refuse fixed prior parameters whose prior scale is not representable in float64.

        The one check (:func:`bayesreg._validation.check_prior_scales`) behind the estimators,
        :func:`~bayesreg.map_estimate`, the samplers and the command line: each scale the prior
        sets (:meth:`bayesreg.priors.Prior.scale_terms`, in units of sigma) must have its square
        (a Gaussian scale) or fourth power (a Laplace scale) and their inverses finite and nonzero
        in float64 (``docs/math-contract.md``, "Representable parameters").

        Parameters
        ----------
        n_samples : float
            Sum of the frequency weights.
        sigma : float
            A data-based noise scale: the weighted standard deviation of ``y`` (the scale the
            estimators already use where a sigma is needed before a fit).
        owner : str, optional
            Name in the message (default the prior's class name).

        Raises
        ------
        ValueError
            Naming the parameter, the prior scale it sets, and the representable ranges.
        """
        if not (np.isfinite(sigma) and sigma > 0):
            return  # constant or non-finite y is refused by the data checks, with its own message
        terms = self.prior.scale_terms(self, float(sigma), float(n_samples))
        where = f"n = {float(n_samples):g}, sigma = sd(y) = {float(sigma):.4g}"
        check_prior_scales(owner or type(self.prior).__name__, terms, where)

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
        return self.log_posterior_from_loglik(coef, sigma, self.likelihood.logpdf(r, sigma, sample_weight, xp), n, xp)

    def log_posterior_from_loglik(self, coef, sigma, loglik, n_samples, xp=NP):
        """:meth:`log_posterior` from the log-likelihood ``loglik`` (e.g. computed from sufficient
        statistics) and the weight total ``n_samples``: ``loglik + log p(coef | sigma) + log p(sigma)``.

        Parameters
        ----------
        coef : array of shape (n_features,) or tensor
        sigma : float or tensor
        loglik : float or tensor
            ``log p(y | coef, intercept, sigma)``.
        n_samples : float
            Sum of the frequency weights.
        xp : namespace, default=NP

        Returns
        -------
        float or scalar tensor
        """
        return (
            loglik
            + self.prior.logpdf(coef, self.kappa(sigma, n_samples), sigma, xp)
            + self.sigma_prior.logpdf(sigma, xp)
        )

    def twin_objective(self, coef, intercept, X, y, sample_weight=None, *, sigma=None) -> float:
        """The scikit-learn twin's objective: ``c * loss(r) + penalty(coef)``.

        ``c`` is 1 for the "sum" convention (``Ridge``) and ``1 / (2n)`` for the
        "mean" convention (``Lasso``, ``ElasticNet``, ``QuantileRegressor``).
        ``sigma`` is needed only by likelihoods without a scale-free loss
        (Student-t), whose data term is :meth:`Likelihood.data_term` at ``sigma``, and by
        Park & Casella's prior under a Gaussian likelihood (its twin's alpha is ``lam sigma / n``).

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
            Noise scale, for the Student-t data term and Park & Casella's twin alpha.

        Returns
        -------
        float
            The twin's objective at ``(coef, intercept)``.
        """
        n = X.shape[0] if sample_weight is None else float(np.sum(sample_weight))
        r = y - X @ coef - (intercept if self.fit_intercept else 0.0)
        if sigma is not None and not self.likelihood.scale_free_loss:
            loss = self.likelihood.data_term(r, sigma, sample_weight)
        else:
            loss = self.likelihood.loss(r, sample_weight)
        return self.twin_objective_from_loss(coef, loss, n, sigma=sigma)

    def twin_objective_from_loss(self, coef, loss, n_samples, *, sigma=None) -> float:
        """:meth:`twin_objective` from the sum-form data term ``loss`` (e.g. a residual sum of
        squares computed from sufficient statistics) and the weight total ``n_samples``.

        Parameters
        ----------
        coef : ndarray of shape (n_features,)
        loss : float
            The likelihood's data term in "sum" convention at ``coef``.
        n_samples : float
            Sum of the frequency weights.
        sigma : float, optional
            As in :meth:`twin_objective`.

        Returns
        -------
        float
        """
        n = n_samples
        c = _loss_scale(self.prior.loss_convention, n)
        prior = self.prior
        if isinstance(prior, AlphaForm):
            penalty = prior.penalty(coef)
        else:  # a scale form (Park & Casella): the lasso penalty at the twin's alpha for this sigma
            alpha = prior.twin_alpha(self.likelihood.twin_loss or "squared", sigma, n)
            penalty = alpha * float(np.sum(np.abs(coef)))
        return c * loss + penalty

    def make_twin(self, **kwargs):
        """The scikit-learn estimator whose optimum is this model's conditional mode.

        Delegates to :func:`bayesreg.mapping.to_twin` (``sigma``, ``n_samples`` and estimator
        options as keywords).

        Parameters
        ----------
        **kwargs
            Passed to :func:`bayesreg.mapping.to_twin` (``sigma``, ``n_samples``, estimator options).

        Returns
        -------
        sklearn.base.RegressorMixin
            The unfitted scikit-learn estimator, with the mapped ``alpha``.

        Raises
        ------
        NotImplementedError
            When no scikit-learn estimator has this likelihood x prior objective.
        """
        return to_twin(self, **kwargs)
