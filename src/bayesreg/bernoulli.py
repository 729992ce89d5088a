"""Binary outcomes: the Bernoulli (logit) likelihood and the logistic-regression model.

``y_i ~ Bernoulli(expit(eta_i))``, ``eta_i = intercept + x_i w``; no noise scale. The
negative log-likelihood is scikit-learn's log-loss summed over rows,

    ``-log p(y | w) = sum_i s_i (log(1 + exp(eta_i)) - y_i eta_i)``

(``s_i`` frequency weights), so the likelihood's factor is ``kappa_sum = 1``. Priors keep
their own loss conventions (:mod:`bayesreg.priors`): in the "sum" convention of ``Ridge``
the data term is the summed log-loss (``kappa = 1``); in the "mean" convention of
``Lasso`` / ``ElasticNet`` it is the *mean* log-loss of ``SGDClassifier(loss="log_loss")``
(``kappa = n``). Either way the prior is ``exp(-beta |w| - gamma w^2 / 2)`` with the rates
``(beta, gamma)`` of :meth:`bayesreg.priors.Prior.rates` at that ``kappa`` (and
``sigma = 1``), and the negative log posterior is

    ``sum_i s_i logloss_i + beta ||w||_1 + gamma / 2 ||w||_2^2 + const``

which is ``1 / C`` times ``LogisticRegression(C, l1_ratio)``'s objective with
``1 / C = beta + gamma`` and ``l1_ratio = beta / (beta + gamma)`` (see
:func:`bayesreg.mapping.to_logistic_twin`). So ``C`` is the prior's scale: ridge is
``w_j ~ Normal(0, C)``, lasso ``w_j ~ Laplace(0, C)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import special

from ._ops import NP
from ._value import ValueObject
from .priors import Prior

__all__ = ["BernoulliLikelihood", "LogisticModel"]


def _softplus(eta, xp):
    """``log(1 + exp(eta))`` without overflow (numpy or PyTensor)."""
    if getattr(xp, "name", "numpy") == "pytensor":
        import pytensor.tensor as pt

        return pt.softplus(eta)
    return np.logaddexp(0.0, eta)


class BernoulliLikelihood(ValueObject):
    """``y_i ~ Bernoulli(expit(eta_i))``: the logistic log-loss (no noise scale).

    Notes
    -----
    ``log p(y_i | eta_i) = y_i eta_i - log(1 + exp(eta_i))``, ``y_i in {0, 1}``;
    ``kappa_sum = 1``. Polson, Scott & Windle (2013) write
    ``exp(eta)^y / (1 + exp(eta)) = exp((y - 1/2) eta) E[exp(-omega eta^2 / 2)] / 2``
    with ``omega ~ PG(1, 0)``, the identity behind the Gibbs sampler of
    :func:`bayesreg.posterior.sample_polya_gamma`.

    For the InferenceData builder (:mod:`bayesreg.posterior._idata`) it declares
    ``scale_name = None`` (no noise scale, so a posterior has no ``sigma``) and
    ``outcome_dtype = int8`` (0/1 outcomes, so ``az.plot_ppc`` draws them as discrete), and
    gives the pointwise log-likelihood (:meth:`pointwise_logpdf`) and the replicates
    (:meth:`replicates`) at every draw of the log-odds.

    References
    ----------
    Polson, N. G., Scott, J. G. and Windle, J. (2013). Bayesian inference for logistic
    models using Polya-Gamma latent variables. JASA 108, 1339-1349.
    """

    #: Name of the noise scale in a posterior: None, the Bernoulli likelihood has none.
    scale_name = None
    #: dtype of the outcomes in ``observed_data`` and ``posterior_predictive``.
    outcome_dtype = np.int8

    def logpdf_terms(self, y, eta, xp=NP):
        """Log-likelihood of each row, ``y_i eta_i - log(1 + exp(eta_i))``.

        Parameters
        ----------
        y : array of shape (n_samples,)
            Outcomes in {0, 1}.
        eta : array or tensor of shape (n_samples,)
            Linear predictor (log-odds).
        xp : namespace
            :data:`bayesreg._ops.NP` or :func:`bayesreg._ops.pytensor_ops`.

        Returns
        -------
        ndarray or tensor of shape (n_samples,)
            The log-likelihood of each row.
        """
        return y * eta - _softplus(eta, xp)

    def logpdf(self, y, eta, sample_weight=None, xp=NP):
        """``sum_i s_i log p(y_i | eta_i)``.

        Parameters
        ----------
        y : array of shape (n_samples,)
            Outcomes in {0, 1}.
        eta : array or tensor of shape (n_samples,)
            Linear predictor (log-odds).
        sample_weight : array of shape (n_samples,), optional
            Frequency weights (default 1).
        xp : namespace, default=NP
            :data:`bayesreg._ops.NP` (numpy) or :func:`bayesreg._ops.pytensor_ops` (a PyMC graph).

        Returns
        -------
        float or scalar tensor
            The weighted log-likelihood.
        """
        terms = self.logpdf_terms(y, eta, xp)
        return xp.sum(terms) if sample_weight is None else xp.sum(sample_weight * terms)

    def pointwise_logpdf(self, y, eta, sample_weight=None):
        """Pointwise log-likelihood ``s_i log p(y_i | eta_i)`` of every row at every posterior draw.

        Vectorized over draws and rows (no Python loop over draws); this is ArviZ's
        ``log_likelihood`` group. Written as ``-log(1 + exp((1 - 2 y_i) eta_i))``, which equals
        ``y_i eta_i - log(1 + exp(eta_i))`` for ``y_i in {0, 1}`` without its cancellation at
        large ``|eta_i|``.

        Parameters
        ----------
        y : ndarray of shape (n_samples,)
            Outcomes in {0, 1}.
        eta : ndarray of shape (..., n_samples)
            Log-odds at each draw (leading dims e.g. (chain, draw)).
        sample_weight : ndarray of shape (n_samples,), optional
            Frequency weights: row ``i`` stands for ``s_i`` identical observations, so its
            entry is ``s_i log p(y_i | eta_i)`` (the log-likelihood of the block of
            replicates), as for the regression likelihoods
            (:meth:`bayesreg.likelihoods.Likelihood.pointwise_logpdf`); leave-one-out then
            leaves out a row with all its replicates.

        Returns
        -------
        ndarray of the shape of ``eta``
            Natural-log probabilities (<= 0).

        Raises
        ------
        ValueError
            ``y`` outside {0, 1}.
        """
        y = np.asarray(y, dtype=np.float64)
        if not np.all((y == 0.0) | (y == 1.0)):
            raise ValueError("The Bernoulli log-likelihood needs y in {0, 1}; encode the two classes as 0 and 1.")
        out = np.multiply(eta, 1.0 - 2.0 * y)
        np.logaddexp(0.0, out, out=out)
        np.negative(out, out=out)
        if sample_weight is not None:
            out *= sample_weight
        return out

    def replicates(self, eta, rng):
        """One replicate data set per draw, ``y_rep ~ Bernoulli(expit(eta))``, as 0/1 ``int8``.

        ``y_rep = 1`` where ``logit(u) < eta`` for ``u ~ Uniform(0, 1)`` (the same event as
        ``u < expit(eta)``), computed in place on the uniforms.

        Parameters
        ----------
        eta : ndarray of shape (..., n_samples)
            Log-odds at each draw.
        rng : numpy.random.Generator
            Source of the uniforms.

        Returns
        -------
        ndarray of int8, the shape of ``eta``
            The outcomes 0 / 1 (ArviZ's ``posterior_predictive`` group).
        """
        u = rng.random(np.shape(eta))
        special.logit(u, out=u)
        return np.less(u, eta).view(np.int8)

    def loss(self, y, eta, sample_weight=None) -> float:
        """Summed log-loss ``-logpdf`` (scikit-learn's ``log_loss(normalize=False)``).

        Parameters
        ----------
        y : array of shape (n_samples,)
            Outcomes in {0, 1}.
        eta : array of shape (n_samples,)
            Linear predictor (log-odds).
        sample_weight : array of shape (n_samples,), optional
            Frequency weights (default 1).

        Returns
        -------
        float
            The summed log-loss.
        """
        return -float(self.logpdf(np.asarray(y, float), np.asarray(eta, float), sample_weight))

    def kappa_sum(self, sigma=None):
        """``1``: ``-log p(y | w) = 1 * loss``; there is no scale.

        Parameters
        ----------
        sigma : None, optional
            Unused (no scale).

        Returns
        -------
        float
            ``1.0``.
        """
        return 1.0

    def kappa(self, sigma, n_samples, convention: str):
        """Factor for a prior in ``convention``: 1 ("sum": summed log-loss), ``n`` ("mean": mean log-loss).

        Parameters
        ----------
        sigma : None
            Unused (the Bernoulli likelihood has no scale).
        n_samples : float
            Number of samples (sum of the frequency weights).
        convention : {"sum", "mean"}
            The prior's loss convention.

        Returns
        -------
        float
            ``1`` or ``n_samples``.

        Raises
        ------
        ValueError
            For another convention.
        """
        if convention == "sum":
            return 1.0
        if convention == "mean":
            return float(n_samples)
        raise ValueError(f"The 'convention' parameter must be one of {{'sum', 'mean'}}. Got {convention!r} instead.")

    @staticmethod
    def mean(eta):
        """``P(y = 1 | eta) = expit(eta)``.

        Parameters
        ----------
        eta : float or ndarray
            Linear predictor (log-odds).

        Returns
        -------
        float or ndarray
            The probability of class 1.
        """
        return special.expit(eta)

    def sample(self, eta, rng):
        """Outcome draws ``y ~ Bernoulli(expit(eta))`` (float 0/1, same shape as ``eta``).

        Parameters
        ----------
        eta : ndarray
            Linear predictor (log-odds).
        rng : numpy.random.Generator
            Source of the draws.

        Returns
        -------
        ndarray
            Outcomes 0.0 / 1.0, same shape as ``eta``.
        """
        return (rng.random(np.shape(eta)) < special.expit(eta)).astype(np.float64)


@dataclass(frozen=True)
class LogisticModel:
    """Bayesian logistic regression ``y ~ Bernoulli(expit(intercept + X w))``, ``w ~ prior``.

    The intercept has a flat (improper) prior and is never penalized, as in scikit-learn's
    ``LogisticRegression`` with the lbfgs, newton-cg, newton-cholesky, sag or saga solvers
    (not liblinear, which penalizes it: see :func:`bayesreg.mapping.to_logistic_twin`).

    Parameters
    ----------
    prior : Prior
        Prior on the weights (stated at ``sigma = 1``; see the module docstring).
    fit_intercept : bool, default=True
    likelihood : BernoulliLikelihood, default=BernoulliLikelihood()
    """

    prior: Prior
    fit_intercept: bool = True
    likelihood: BernoulliLikelihood = field(default_factory=BernoulliLikelihood)

    def kappa(self, n_samples):
        """The likelihood factor in the prior's loss convention (1 or ``n``).

        Parameters
        ----------
        n_samples : float
            Number of samples (sum of the frequency weights).

        Returns
        -------
        float
            ``kappa``.
        """
        return self.likelihood.kappa(1.0, n_samples, self.prior.loss_convention)

    def penalty_weights(self, n_samples) -> tuple[float, float]:
        """``(l1, l2)`` of the negative log posterior ``sum logloss + l1 ||w||_1 + l2/2 ||w||^2``.

        The prior's rates ``(beta, gamma)`` at ``kappa`` and ``sigma = 1``; ``(0, 0)`` for the
        improper flat prior (``alpha = 0``).

        Parameters
        ----------
        n_samples : float
            Number of samples (sum of the frequency weights).

        Returns
        -------
        l1, l2 : float
            The penalty weights.

        Raises
        ------
        NotImplementedError
            For the horseshoe (no penalty; no mode).
        """
        if not self.prior.has_mode:
            self.prior.penalty(np.zeros(1))  # raises the horseshoe's own explanation
        if not self.prior.proper:
            return 0.0, 0.0
        beta, gamma = self.prior.rates(self.kappa(n_samples), 1.0)
        return float(beta), float(gamma)

    def objective(self, coef, intercept, X, y, sample_weight=None) -> float:
        """``sum_i s_i logloss_i + l1 ||w||_1 + l2/2 ||w||^2``: ``-log posterior`` up to a constant.

        Equal to ``LogisticRegression``'s objective divided by ``C``.

        Parameters
        ----------
        coef : ndarray of shape (n_features,)
            Weights.
        intercept : float
            Intercept (ignored without ``fit_intercept``).
        X : ndarray of shape (n_samples, n_features)
            Training data.
        y : ndarray of shape (n_samples,)
            Outcomes in {0, 1}.
        sample_weight : ndarray of shape (n_samples,), optional
            Frequency weights.

        Returns
        -------
        float
            The objective.
        """
        n = X.shape[0] if sample_weight is None else float(np.sum(sample_weight))
        l1, l2 = self.penalty_weights(n)
        coef = np.asarray(coef, dtype=np.float64)
        eta = X @ coef + (intercept if self.fit_intercept else 0.0)
        return self.likelihood.loss(y, eta, sample_weight) + l1 * float(np.abs(coef).sum()) + 0.5 * l2 * float(coef @ coef)

    def log_posterior(self, coef, intercept, X, y, sample_weight=None, xp=NP, value=None):
        """Unnormalized log posterior ``log p(y | .) + log p(coef)`` (flat intercept).

        Parameters
        ----------
        coef : array of shape (n_features,) or tensor
        intercept : float or tensor
            Ignored when ``fit_intercept=False``.
        X : ndarray of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
            Outcomes in {0, 1}.
        sample_weight : ndarray of shape (n_samples,), optional
        xp : namespace, default=NP
            :data:`bayesreg._ops.NP` (numpy) or :func:`bayesreg._ops.pytensor_ops` (a PyMC graph).
        value : float, optional
            The prior's hyperparameter (``tau`` of a random-scale horseshoe).

        Returns
        -------
        float or scalar tensor
            ``log p(y | .) + log p(coef)``.
        """
        n = X.shape[0] if sample_weight is None else float(np.sum(sample_weight))
        eta = X @ coef
        if self.fit_intercept:
            eta = eta + intercept
        prior = xp.sum(self.prior.logpdf_terms(coef, self.kappa(n), 1.0, xp, value=value))
        return self.likelihood.logpdf(y, eta, sample_weight, xp) + prior
