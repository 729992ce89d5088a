"""The elastic-net family of priors: per weight ``exp(-beta |w| - gamma w**2 / 2) / Z``.

Ridge is ``beta = 0``, lasso ``gamma = 0``, the elastic net both. One log-normalizer
(:func:`enet_log_normalizer`) and one exact sampler (:func:`enet_sample`) serve them all.

How ``alpha`` maps to the rates follows the math contract (``docs/math-contract.md``): with
the likelihood's factor ``kappa`` (``1 / (2 sigma**2)`` for a Gaussian likelihood under the
"sum" loss convention of ``Ridge``; ``n / sigma**2`` under the "mean" convention of ``Lasso`` /
``ElasticNet``), the prior density is ``exp(-kappa * penalty(w)) / Z(kappa)`` where ``penalty``
is exactly the scikit-learn twin's penalty. So the conditional posterior mode of ``w`` equals
the twin's solution with the same ``alpha`` for every sigma.
"""

from __future__ import annotations

from abc import abstractmethod

import numpy as np
from scipy import stats

from .._ops import NP
from .._validation import ScaleTerm
from ._base import NonCenteredPrior

__all__ = ["ElasticNetFamily", "AlphaForm", "enet_log_normalizer", "enet_logpdf", "enet_sample"]

_LOG2 = float(np.log(2.0))
_LOGPI = float(np.log(np.pi))


def enet_log_normalizer(beta, gamma, xp=NP, *, beta_zero=False, gamma_zero=False):
    """Log of ``Z = int exp(-beta |w| - gamma w**2 / 2) dw`` over the real line.

    Parameters
    ----------
    beta, gamma : float or tensor
        Non-negative rates (``beta`` of the absolute value, ``gamma`` of the square),
        not both zero.
    xp : namespace
        :data:`bayesreg._ops.NP` or :func:`bayesreg._ops.pytensor_ops`.
    beta_zero, gamma_zero : bool
        Structural zeros, known before evaluation (ridge, lasso): they pick the
        closed form without the general branch, which keeps PyTensor graphs simple.

    Returns
    -------
    float or tensor
        ``log Z``.

    Notes
    -----
    Completing the square gives ``Z = 2 sqrt(pi / (2 gamma)) erfcx(beta / sqrt(2 gamma))``
    (Li & Lin 2010, eq. 3, written with the scaled complementary error function
    ``erfcx(x) = exp(x**2) erfc(x)`` for stability at large ``beta / sqrt(gamma)``).
    Special cases: ``gamma = 0`` gives the Laplace ``Z = 2 / beta``; ``beta = 0``
    the Gaussian ``Z = sqrt(2 pi / gamma)``.

    References
    ----------
    Li, Q. and Lin, N. (2010). The Bayesian elastic net. Bayesian Analysis 5, 151-170.
    """
    if gamma_zero:
        return _LOG2 - xp.log(beta)
    if beta_zero:
        return 0.5 * (_LOG2 + _LOGPI - xp.log(gamma))
    return _LOG2 + 0.5 * (_LOGPI - _LOG2 - xp.log(gamma)) + xp.log(xp.erfcx(beta / xp.sqrt(2.0 * gamma)))


def enet_logpdf(w, beta, gamma, xp=NP, *, beta_zero=False, gamma_zero=False):
    """Elementwise log density ``-beta |w| - gamma w**2 / 2 - log Z(beta, gamma)``.

    Parameters
    ----------
    w : array-like or tensor of shape (n_features,)
        Weights.
    beta, gamma : float or tensor
        Rates as in :func:`enet_log_normalizer`.
    xp : namespace, default=NP
        :data:`bayesreg._ops.NP` (numpy) or :func:`bayesreg._ops.pytensor_ops` (a PyMC graph).
    beta_zero, gamma_zero : bool, default=False
        Structural zeros of the rates (Gaussian or Laplace limits), which drop the term.

    Returns
    -------
    ndarray or tensor
        Same shape as ``w``.
    """
    out = -enet_log_normalizer(beta, gamma, xp, beta_zero=beta_zero, gamma_zero=gamma_zero)
    if not beta_zero:
        out = out - beta * xp.abs(w)
    if not gamma_zero:
        out = out - 0.5 * gamma * xp.square(w)
    return out


def enet_sample(beta, gamma, rng, size):
    """Exact draws from the density proportional to ``exp(-beta |w| - gamma w^2 / 2)``.

    Parameters
    ----------
    beta, gamma : float
        Non-negative rates, not both zero (:meth:`Prior.rates`).
    rng : numpy.random.Generator
    size : int

    Returns
    -------
    ndarray of shape (size,)

    Notes
    -----
    The density is symmetric; on ``w > 0`` it is the ``Normal(-beta / gamma, 1 / gamma)``
    density truncated to ``(0, inf)`` (complete the square, as for :func:`enet_log_normalizer`),
    so ``w = s |T|`` with a random sign ``s``. ``gamma = 0`` is the Laplace (exponential
    magnitude), ``beta = 0`` the Normal.
    """
    sign = np.where(rng.random(size) < 0.5, -1.0, 1.0)
    if gamma == 0:
        return sign * rng.exponential(1.0 / beta, size)
    sd = 1.0 / np.sqrt(gamma)
    if beta == 0:
        return sign * np.abs(rng.normal(0.0, sd, size))
    mag = stats.truncnorm.rvs(beta * sd, np.inf, loc=-beta / gamma, scale=sd, size=size, random_state=rng)
    return sign * mag


class ElasticNetFamily(NonCenteredPrior):
    """Capability: per weight ``exp(-beta |w| - gamma w^2 / 2) / Z(beta, gamma)``.

    The rates ``(beta, gamma)`` depend on the likelihood's ``kappa`` and on sigma
    (:meth:`rates_at`). Dividing the negative log posterior in ``w`` by the likelihood's
    ``kappa_sum`` gives the sum-form objective ``D(r) + L1 ||w||_1 + L2/2 ||w||^2`` whose
    weights :meth:`bayesreg.model.Model.penalty_weights` computes -- the one place an
    ``alpha`` becomes penalty weights.

    Attributes
    ----------
    beta_zero, gamma_zero : bool
        Structural zeros of the rates (ridge, lasso), which simplify formulas.
    sigma_free_mode : bool
        Whether the penalty weights do not depend on sigma for a likelihood whose
        ``kappa_sum`` is a power of sigma (the alpha forms; not Park & Casella's scale form).
    twin_penalty : {"ridge", "lasso", "elastic-net"}
        The penalty of the scikit-learn twin under a squared loss (``Ridge``, ``Lasso``,
        ``ElasticNet``).
    """

    twin_penalty: str = "elastic-net"
    beta_zero: bool = False
    gamma_zero: bool = False
    sigma_free_mode: bool = True
    polya_gamma_form: str | None = "rates"

    @abstractmethod
    def rates_at(self, kappa, sigma, value):
        """Rates ``(beta, gamma)`` given the likelihood factor ``kappa``, sigma and the parameter value.

        Parameters
        ----------
        kappa : float or tensor
            The likelihood's factor for this prior's loss convention.
        sigma : float or tensor
            Noise scale (> 0).
        value : float or tensor
            The parameter named :attr:`hyper_name` (a hyperprior's draw).
        """

    def rates(self, kappa, sigma):
        """Rates at this prior's own (fixed) value.

        Parameters
        ----------
        kappa : float or tensor
            The likelihood's factor for this prior's loss convention.
        sigma : float or tensor
            Noise scale (> 0).

        Returns
        -------
        beta, gamma : float or tensor
            The rates of ``exp(-beta |w| - gamma w^2 / 2)``.
        """
        return self.rates_at(kappa, sigma, self.hyper_value)

    @property
    def l1_fraction(self) -> float:
        """Share of the strength on the L1 term (1 for the lasso, ``l1_ratio`` for the elastic net)."""
        return 0.0 if self.beta_zero else (1.0 if self.gamma_zero else float(self.l1_ratio))

    @abstractmethod
    def twin_alpha(self, twin_loss: str, sigma=None, n_samples=None) -> float:
        """The scikit-learn twin's ``alpha`` for a likelihood whose twin loss is ``twin_loss``.

        ``twin_loss`` is ``"squared"`` (``Ridge`` / ``Lasso`` / ``ElasticNet``) or
        ``"absolute"`` (``QuantileRegressor(quantile=0.5)``).

        Parameters
        ----------
        twin_loss : {"squared", "absolute"}
            The twin's data term (``Ridge`` / ``Lasso`` / ``ElasticNet``, or ``QuantileRegressor``).
        sigma : float, optional
            Noise scale, for scale-form priors (Park & Casella's).
        n_samples : float, optional
            Number of samples (sum of the frequency weights).

        Returns
        -------
        float
            The twin's ``alpha``.
        """

    def logpdf_terms(self, w, kappa, sigma, xp=NP, value=None):
        if value is None and not self.proper:
            return 0.0 * w
        beta, gamma = self.rates_at(kappa, sigma, self.hyper_value if value is None else value)
        return enet_logpdf(w, beta, gamma, xp, beta_zero=self.beta_zero, gamma_zero=self.gamma_zero)

    def sample(self, kappa, sigma, rng, size, value=None):
        """Exact draws (:func:`~bayesreg.priors.enet_sample`).

        Parameters
        ----------
        kappa : float
            The likelihood's factor for this prior's loss convention.
        sigma : float
            Noise scale (> 0).
        rng : numpy.random.Generator
            Source of the draws.
        size : int
            Number of weights.
        value : float, optional
            The parameter named :attr:`hyper_name`; default the prior's own.

        Returns
        -------
        ndarray of shape (size,)
            One draw of each weight.

        Raises
        ------
        ValueError
            For the improper flat prior (``alpha = 0``).
        """
        if value is None and not self.proper:
            raise ValueError(f"{self!r} is improper (alpha = 0): it has no draws.")
        beta, gamma = self.rates_at(kappa, sigma, self.hyper_value if value is None else value)
        return enet_sample(float(beta), float(gamma), rng, size)

    def nuts_precision(self, kappa, sigma, value=None):
        if value is not None:
            beta, gamma = self.rates_at(kappa, sigma, value)
        else:
            beta, gamma = self.rates(kappa, sigma) if self.proper else (0.0, 0.0)
        return gamma + 0.5 * beta * beta


class AlphaForm(ElasticNetFamily):
    """Capability: an elastic-net-family prior in scikit-learn's ``alpha`` units.

    Its conditional mode equals the twin's solution at the same ``alpha`` for every sigma, so
    it has an ``alpha_max`` and a path over ``alpha``. Attributes ``alpha`` and ``l1_ratio``
    (``0`` for ridge, which uses the "sum" convention of ``Ridge``).
    """

    laplace_form = "alpha"

    def twin_alpha(self, twin_loss, sigma=None, n_samples=None):
        return self.alpha

    def scale_terms(self, model, sigma, n_samples):
        # The Laplace scale b = 1 / beta and the normal sd 1 / sqrt(gamma) that alpha sets (rates
        # linear in alpha), in units of sigma.
        if self.hyperprior is not None or not self.proper:
            return ()
        beta1, gamma1 = (float(r) for r in self.rates_at(model.kappa(sigma, n_samples), sigma, 1.0))
        log_a, log_s = np.log(self.alpha), np.log(sigma)
        gaussian = model.likelihood.gaussian
        rho = self.l1_fraction
        terms = []
        if not self.beta_zero:
            f = ("sigma / (n alpha)" if rho == 1 else "sigma / (n alpha l1_ratio)") if gaussian else "1 / (beta sigma)"
            terms.append(ScaleTerm("alpha", self.alpha, f"the Laplace prior scale b / sigma = {f}",
                                   -log_a - np.log(beta1) - log_s, -1.0, 4))
        if not self.gamma_zero:
            if gaussian:
                f = "1 / sqrt(alpha)" if self.beta_zero else "1 / sqrt(n alpha (1 - l1_ratio))"
            else:
                f = "1 / (sqrt(gamma) sigma)"
            terms.append(ScaleTerm("alpha", self.alpha, f"the normal prior scale sd / sigma = {f}",
                                   -0.5 * (log_a + np.log(gamma1)) - log_s, -0.5, 2))
        return tuple(terms)

    @abstractmethod
    def penalty(self, w) -> float:
        """The twin's penalty of ``w`` (array of shape (n_features,)), in its own units.

        Parameters
        ----------
        w : array-like of shape (n_features,)
            Weights.

        Returns
        -------
        float
            The penalty, in the twin's units.
        """
