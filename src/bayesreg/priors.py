"""Priors on the regression weights, each stated conditionally on the noise scale.

All priors here belong to one family: per weight, a density proportional to
``exp(-beta |w| - gamma w**2 / 2)`` with rates ``(beta, gamma)`` that depend on
the noise scale. Ridge is ``beta = 0``, lasso ``gamma = 0``, the elastic net
both. One log-normalizer (:func:`enet_log_normalizer`) serves them all.

How ``alpha`` maps to the rates follows DESIGN.md's math contract: with the
likelihood's factor ``kappa`` (``1 / (2 sigma**2)`` for a Gaussian likelihood
under the "sum" loss convention of ``Ridge``; ``n / sigma**2`` under the "mean"
convention of ``Lasso`` / ``ElasticNet``), the prior density is
``exp(-kappa * penalty(w)) / Z(kappa)`` where ``penalty`` is exactly the
scikit-learn twin's penalty. So the conditional posterior mode of ``w`` equals
the twin's solution with the same ``alpha`` for every sigma.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from ._ops import NP
from ._validation import Interval, check_params
from ._value import ValueObject

__all__ = [
    "Prior",
    "GaussianPrior",
    "LaplacePrior",
    "ParkCasellaLaplacePrior",
    "ElasticNetPrior",
    "HorseshoePrior",
    "enet_log_normalizer",
    "enet_logpdf",
    "enet_sample",
]

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
    beta, gamma : float or tensor
        Rates as in :func:`enet_log_normalizer`.

    Returns
    -------
    Same shape as ``w``.
    """
    out = -enet_log_normalizer(beta, gamma, xp, beta_zero=beta_zero, gamma_zero=gamma_zero)
    if not beta_zero:
        out = out - beta * xp.abs(w)
    if not gamma_zero:
        out = out - 0.5 * gamma * xp.square(w)
    return out


def _set_hyperprior(prior, hyperprior) -> None:
    """Store an optional hyperprior (only when given, so fixed priors keep their repr)."""
    if hyperprior is None:
        return
    from .hyperpriors import Hyperprior

    if not isinstance(hyperprior, Hyperprior):
        raise TypeError(
            f"The 'hyperprior' parameter of {type(prior).__name__} must be None or a "
            f"bayesreg.hyperpriors.Hyperprior; got {type(hyperprior).__name__}."
        )
    prior.hyperprior = hyperprior


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
    from scipy import stats

    sign = np.where(rng.random(size) < 0.5, -1.0, 1.0)
    if gamma == 0:
        return sign * rng.exponential(1.0 / beta, size)
    sd = 1.0 / np.sqrt(gamma)
    if beta == 0:
        return sign * np.abs(rng.normal(0.0, sd, size))
    mag = stats.truncnorm.rvs(beta * sd, np.inf, loc=-beta / gamma, scale=sd, size=size, random_state=rng)
    return sign * mag


class Prior(ValueObject, ABC):
    """A prior on the weights, conditional on the noise scale.

    Subclasses provide the twin's penalty and the rates of the elastic-net family;
    the twin estimator itself is built in one place, :func:`bayesreg.mapping.to_twin`. The MAP solver, the PyMC builder and the estimators
    consume these; they never re-derive formulas.

    Attributes
    ----------
    loss_convention : {"sum", "mean"}
        How the twin scales its data term: ``"sum"`` for ``Ridge``
        (``||r||^2``), ``"mean"`` for ``Lasso``/``ElasticNet`` (``||r||^2 / (2n)``).
    """

    loss_convention: str = "mean"
    #: Optional :class:`bayesreg.hyperpriors.Hyperprior` on the regularization
    #: parameter (full Bayes); ``None`` means the parameter is fixed.
    hyperprior = None
    #: Structural zeros of the rates (used to simplify formulas).
    beta_zero: bool = False
    gamma_zero: bool = False

    #: Name of the parameter a hyperprior is placed on (``"alpha"``; ``"lam2"`` for Park & Casella).
    hyper_name: str = "alpha"
    #: Which Laplace form the prior has, stored in InferenceData attrs: ``"none"`` (no L1
    #: part), ``"alpha"`` (scale ``sigma^2 / (n alpha)``) or ``"park-casella"`` (``sigma / lam``).
    laplace_form: str = "none"

    def rates(self, kappa, sigma):
        """Rates ``(beta, gamma)`` at this prior's own (fixed) regularization value."""
        return self.rates_at(kappa, sigma, self._value)

    @property
    def _value(self):
        return self.alpha

    def with_value(self, value, hyperprior=None):
        """The same prior with its regularization parameter (:attr:`hyper_name`) set to ``value``.

        Parameters
        ----------
        value : float
            ``alpha`` (``lam2 = lambda^2`` for Park & Casella, ``tau`` for the horseshoe).
        hyperprior : Hyperprior, optional
            Attached to the new prior (``value`` is then its starting value).
        """
        return type(self)(float(value), hyperprior=hyperprior)

    @abstractmethod
    def rates_at(self, kappa, sigma, value):
        """Rates ``(beta, gamma)`` of the per-weight density given the noise.

        Parameters
        ----------
        kappa : float or tensor
            The likelihood's factor for this prior's loss convention
            (:meth:`bayesreg.likelihoods.Likelihood.kappa`).
        sigma : float or tensor
            Noise scale (used by scale-based forms such as Park & Casella's).
        value : float or tensor
            The regularization parameter named :attr:`hyper_name` (a hyperprior's draw).
        """

    @abstractmethod
    def penalty(self, w) -> float:
        """The twin's penalty of ``w`` (array of shape (n_features,)), in its own units."""

    @abstractmethod
    def canonical_penalty(self, n_samples: float, sigma: float = 1.0) -> tuple[float, float]:
        """``(l1, l2)`` of the canonical objective ``0.5 ||r||^2 + l1 ||w||_1 + l2/2 ||w||^2``.

        This is the twin objective multiplied by ``1/(2c)`` with ``c`` the data-term
        weight (``1`` or ``1/(2n)``), the form coordinate descent works in.
        """

    def logpdf_terms(self, w, kappa, sigma, xp=NP, value=None):
        """Elementwise log prior density of ``w`` given the noise.

        Parameters
        ----------
        w : array of shape (n_features,) or tensor
        kappa, sigma : float or tensor
            As in :meth:`rates`.
        value : float or tensor, optional
            Regularization value (see :meth:`rates_at`); default the prior's own.

        Returns
        -------
        Same shape as ``w``; includes the exact (sigma-dependent) normalizer.
        Zero for the improper flat prior (``alpha = 0``).
        """
        if value is None and not self.proper:
            return 0.0 * w
        beta, gamma = self.rates_at(kappa, sigma, self._value if value is None else value)
        return enet_logpdf(w, beta, gamma, xp, beta_zero=self.beta_zero, gamma_zero=self.gamma_zero)

    def sample(self, kappa, sigma, rng, size, value=None):
        """Draws of the weights given the noise (exact; :func:`enet_sample`).

        Parameters
        ----------
        kappa, sigma : float
            As in :meth:`rates`.
        rng : numpy.random.Generator
        size : int
            Number of weights.
        value : float, optional
            Regularization value (:meth:`rates_at`); default the prior's own.

        Raises
        ------
        ValueError
            For the improper flat prior (``alpha = 0``).
        """
        if value is None and not self.proper:
            raise ValueError(f"{self!r} is improper (alpha = 0): it has no draws.")
        beta, gamma = self.rates_at(kappa, sigma, self._value if value is None else value)
        return enet_sample(float(beta), float(gamma), rng, size)

    def logpdf(self, w, kappa, sigma, xp=NP):
        """Log prior density of ``w`` given the noise, summed over features."""
        return xp.sum(self.logpdf_terms(w, kappa, sigma, xp))

    @property
    def proper(self) -> bool:
        """Whether the prior is a proper density (``alpha > 0``)."""
        return getattr(self, "alpha", 1.0) > 0


_ALPHA = {"alpha": [Interval("real", 0, None, "left")]}


class GaussianPrior(Prior):
    """Ridge prior: ``w_j | sigma ~ Normal(0, sigma**2 / alpha)``.

    Parameters
    ----------
    alpha : float, default=1.0
        scikit-learn ``Ridge`` regularization strength, ``alpha >= 0``
        (``0`` is the improper flat prior).
    hyperprior : GammaHyperprior, optional
        Hyperprior on ``alpha`` (full Bayes); ``alpha`` is then only a starting value.

    Notes
    -----
    With a Gaussian likelihood, the negative log posterior given sigma is
    ``(||r||^2 + alpha ||w||^2) / (2 sigma^2)`` plus terms free of ``w``: the
    ``Ridge(alpha)`` objective (Hoerl & Kennard 1970) scaled by ``1/(2 sigma^2)``.
    """

    loss_convention = "sum"
    beta_zero = True

    def __init__(self, alpha: float = 1.0, hyperprior=None):
        check_params(type(self).__name__, {"alpha": alpha}, _ALPHA)
        self.alpha = float(alpha)
        _set_hyperprior(self, hyperprior)

    def rates_at(self, kappa, sigma, value):
        return 0.0, 2.0 * kappa * value

    def penalty(self, w) -> float:
        return self.alpha * float(np.dot(w, w))

    def canonical_penalty(self, n_samples, sigma=1.0):
        return 0.0, self.alpha


class LaplacePrior(Prior):
    """Lasso prior in the *alpha form*: ``w_j | sigma ~ Laplace(0, b)``, ``b = sigma**2 / (n alpha)``.

    Parameters
    ----------
    alpha : float, default=1.0
        scikit-learn ``Lasso`` regularization strength, ``alpha >= 0``.
    hyperprior : GammaHyperprior, optional
        Hyperprior on ``alpha`` (full Bayes); ``alpha`` is then only a starting value.

    Notes
    -----
    With a Gaussian likelihood the negative log posterior given sigma is
    ``(n / sigma^2) (||r||^2 / (2n) + alpha ||w||_1)`` plus terms free of ``w``, so the
    conditional mode equals ``Lasso(alpha)`` (Tibshirani 1996) for every sigma.
    For the scale form of the Bayesian lasso literature (``b = sigma / lambda``,
    Park & Casella 2008) use :class:`ParkCasellaLaplacePrior`.
    """

    gamma_zero = True
    laplace_form = "alpha"

    def __init__(self, alpha: float = 1.0, hyperprior=None):
        check_params(type(self).__name__, {"alpha": alpha}, _ALPHA)
        self.alpha = float(alpha)
        _set_hyperprior(self, hyperprior)

    def rates_at(self, kappa, sigma, value):
        return kappa * value, 0.0

    def penalty(self, w) -> float:
        return self.alpha * float(np.sum(np.abs(w)))

    def canonical_penalty(self, n_samples, sigma=1.0):
        return n_samples * self.alpha, 0.0


class ParkCasellaLaplacePrior(Prior):
    """Bayesian-lasso prior of Park & Casella (2008): ``w_j | sigma ~ Laplace(0, sigma / lam)``.

    Parameters
    ----------
    lam : float, default=1.0
        Park & Casella's ``lambda`` (> 0); the density is
        ``lam / (2 sigma) exp(-lam |w| / sigma)``.
    hyperprior : GammaHyperprior, optional
        Hyperprior on ``lam**2`` (Park & Casella 2008, eq. 6: ``Gamma(1, 1.78)`` in their
        diabetes analysis); ``lam`` is then only a starting value.

    Notes
    -----
    At a fixed sigma its mode is ``Lasso(alpha = lam * sigma / n)``: the mapping
    depends on sigma, unlike :class:`LaplacePrior`.

    References
    ----------
    Park, T. and Casella, G. (2008). The Bayesian lasso. JASA 103, 681-686, eq. (1).
    """

    gamma_zero = True
    laplace_form = "park-casella"

    def __init__(self, lam: float = 1.0, hyperprior=None):
        check_params(type(self).__name__, {"lam": lam}, {"lam": [Interval("real", 0, None, "neither")]})
        self.lam = float(lam)
        _set_hyperprior(self, hyperprior)

    hyper_name = "lam2"

    @property
    def _value(self):
        return self.lam * self.lam

    def with_value(self, value, hyperprior=None):
        return ParkCasellaLaplacePrior(float(np.sqrt(value)), hyperprior=hyperprior)  # value = lam^2

    def rates_at(self, kappa, sigma, value):
        return value**0.5 / sigma, 0.0  # value = lam^2 (P&C's hyperprior is on lambda^2)

    def penalty(self, w) -> float:
        raise NotImplementedError(
            "ParkCasellaLaplacePrior has no sigma-free penalty; use "
            "canonical_penalty(n_samples, sigma) or lasso_alpha(sigma, n_samples)."
        )

    def lasso_alpha(self, sigma: float, n_samples: float) -> float:
        """The ``Lasso`` alpha of the conditional mode at noise scale ``sigma``: ``lam sigma / n``."""
        return self.lam * sigma / n_samples

    def canonical_penalty(self, n_samples, sigma=1.0):
        return self.lam * sigma, 0.0


    @property
    def proper(self) -> bool:
        return True


class ElasticNetPrior(Prior):
    """Elastic-net prior, density given sigma proportional to
    ``exp(-(n / sigma^2) (alpha rho |w| + alpha (1 - rho) / 2 w^2))``.

    Parameters
    ----------
    alpha : float, default=1.0
        scikit-learn ``ElasticNet`` regularization strength, ``alpha >= 0``.
    l1_ratio : float, default=0.5
        Mixing weight ``rho`` in [0, 1] (``1`` is the lasso, ``0`` a ridge in
        the "mean" loss convention).
    hyperprior : GammaHyperprior, optional
        Hyperprior on ``alpha`` (full Bayes; sampled with NUTS, which uses the exact
        sigma- and alpha-dependent normalizer).

    Notes
    -----
    The conditional mode equals ``ElasticNet(alpha, l1_ratio)`` (Zou & Hastie 2005).
    The normalizer depends on sigma; :func:`enet_log_normalizer` gives it exactly
    (Li & Lin 2010), as needed whenever sigma is sampled.
    """

    def __init__(self, alpha: float = 1.0, l1_ratio: float = 0.5, hyperprior=None):
        check_params(
            type(self).__name__,
            {"alpha": alpha, "l1_ratio": l1_ratio},
            {**_ALPHA, "l1_ratio": [Interval("real", 0, 1, "both")]},
        )
        self.alpha = float(alpha)
        self.l1_ratio = float(l1_ratio)
        # Structural zeros at the ends of the mixing range.
        self.beta_zero = self.l1_ratio == 0.0
        self.gamma_zero = self.l1_ratio == 1.0
        _set_hyperprior(self, hyperprior)

    def __repr__(self) -> str:
        hyper = f", hyperprior={self.hyperprior!r}" if self.hyperprior is not None else ""
        return f"ElasticNetPrior(alpha={self.alpha!r}, l1_ratio={self.l1_ratio!r}{hyper})"

    def with_value(self, value, hyperprior=None):
        return ElasticNetPrior(float(value), self.l1_ratio, hyperprior=hyperprior)

    @property
    def laplace_form(self) -> str:
        return "none" if self.beta_zero else "alpha"

    def rates_at(self, kappa, sigma, value):
        return kappa * value * self.l1_ratio, kappa * value * (1.0 - self.l1_ratio)

    def penalty(self, w) -> float:
        w = np.asarray(w)
        return self.alpha * (
            self.l1_ratio * float(np.sum(np.abs(w))) + 0.5 * (1.0 - self.l1_ratio) * float(np.dot(w, w))
        )

    def canonical_penalty(self, n_samples, sigma=1.0):
        return n_samples * self.alpha * self.l1_ratio, n_samples * self.alpha * (1.0 - self.l1_ratio)



_NO_TWIN = (
    "The horseshoe has no penalized twin: its marginal density has a pole at w = 0 and is not "
    "exp(-penalty); it has no rates of the elastic-net family, no MAP and no PyMC builder here. "
    "Sample it with bayesreg.posterior.sample_gibbs (Makalic & Schmidt 2016)."
)
_HALF_LOG_2PI3 = 0.5 * float(np.log(2.0 * np.pi**3))
_E1_ASYMPTOTIC = 600.0


def _log_exp_e1(z):
    """``log(exp(z) E1(z))`` for ``z >= 0`` (``E1`` the exponential integral), stable for large ``z``."""
    from scipy import special

    z = np.asarray(z, dtype=np.float64)
    small = np.minimum(z, _E1_ASYMPTOTIC)
    with np.errstate(divide="ignore"):
        direct = small + np.log(special.exp1(small))
    big = np.maximum(z, _E1_ASYMPTOTIC)  # exp(z) E1(z) = (1/z)(1 - 1/z + 2/z^2 - 6/z^3 + ...)
    asym = -np.log(big) + np.log1p(-1.0 / big + 2.0 / big**2 - 6.0 / big**3)
    return np.where(z < _E1_ASYMPTOTIC, direct, asym)


class HorseshoePrior(Prior):
    """Horseshoe prior (Carvalho, Polson & Scott 2010), scaled by the noise.

    ``w_j | lambda_j, tau, sigma ~ Normal(0, sigma^2 lambda_j^2 tau^2)``,
    ``lambda_j ~ HalfCauchy(0, 1)`` (local scales) and the global scale
    ``tau ~ HalfCauchy(0, global_scale)``, or ``tau`` fixed.

    Parameters
    ----------
    global_scale : float, default=1.0
        Scale of the half-Cauchy prior on ``tau`` (> 0, unitless: ``tau`` multiplies
        ``sigma``). Piironen & Vehtari (2017) suggest ``p0 / (p - p0) / sqrt(n)`` for
        ``p0`` expected non-zero weights. Ignored when ``tau`` is given.
    tau : float, optional
        A fixed global scale (> 0) instead of the half-Cauchy prior.

    Notes
    -----
    Not a member of the elastic-net family: :meth:`rates_at`, :meth:`penalty` and
    :meth:`canonical_penalty` raise ``NotImplementedError``, so the MAP solver, the
    scikit-learn twin and the PyMC builder refuse it up front. The marginal density of
    one weight given ``tau`` and ``sigma`` (``lambda_j`` integrated out) is closed form,

        ``p(w | tau, sigma) = exp(z) E1(z) / (sqrt(2 pi^3) tau sigma)``, ``z = w^2 / (2 tau^2 sigma^2)``

    (Carvalho, Polson & Scott 2010, section 2, with ``E1`` the exponential integral);
    :meth:`logpdf_terms` returns it. It is infinite at ``w = 0``. The marginal over ``tau``
    has no closed form, so with a random ``tau`` :meth:`logpdf_terms` is conditional on
    ``tau`` and needs it as ``value``. The prior does not depend on the likelihood's
    ``kappa``: like :class:`ParkCasellaLaplacePrior` it is stated in units of ``sigma``.
    The Gibbs sampler uses the auxiliary-variable representation of Makalic & Schmidt
    (2016): ``lambda_j^2 | nu_j ~ InvGamma(1/2, 1/nu_j)``, ``nu_j ~ InvGamma(1/2, 1)``,
    and the same for ``tau^2`` with ``xi ~ InvGamma(1/2, 1 / global_scale^2)``.

    References
    ----------
    Carvalho, C. M., Polson, N. G. and Scott, J. G. (2010). The horseshoe estimator for
    sparse signals. Biometrika 97, 465-480.
    Makalic, E. and Schmidt, D. F. (2016). A simple sampler for the horseshoe estimator.
    IEEE Signal Processing Letters 23, 179-182.
    """

    hyper_name = "tau"

    def __init__(self, global_scale: float = 1.0, tau: float | None = None):
        positive = [Interval("real", 0, None, "neither")]
        check_params(type(self).__name__, {"global_scale": global_scale}, {"global_scale": positive})
        if tau is not None:
            check_params(type(self).__name__, {"tau": tau}, {"tau": positive})
        self.global_scale = float(global_scale)
        self.tau = None if tau is None else float(tau)

    @property
    def _value(self):
        return self.tau

    def with_value(self, value, hyperprior=None):
        if hyperprior is not None:
            raise ValueError("HorseshoePrior takes its hyperprior through 'global_scale', not 'hyperprior'.")
        return HorseshoePrior(self.global_scale, tau=float(value))

    @property
    def proper(self) -> bool:
        return True

    def rates_at(self, kappa, sigma, value):
        raise NotImplementedError(_NO_TWIN)

    def penalty(self, w) -> float:
        raise NotImplementedError(_NO_TWIN)

    def canonical_penalty(self, n_samples, sigma=1.0):
        raise NotImplementedError(_NO_TWIN)

    def logpdf_terms(self, w, kappa, sigma, xp=NP, value=None):
        """Log density of each weight given ``tau`` and ``sigma``, ``lambda_j`` integrated out.

        Parameters
        ----------
        w : array of shape (n_features,)
        kappa : float
            Unused (the prior is in units of ``sigma``).
        sigma : float
            Noise scale.
        value : float, optional
            ``tau``; required when ``tau`` is not fixed.

        Returns
        -------
        ndarray of shape (n_features,)
            ``+inf`` where ``w == 0`` (the horseshoe's pole). numpy only.

        Raises
        ------
        ValueError
            ``value`` missing while ``tau`` has a hyperprior.
        """
        tau = self.tau if value is None else value
        if tau is None:
            raise ValueError(
                "HorseshoePrior with a random tau has no closed-form marginal density; "
                "pass value=tau to get the density conditional on tau."
            )
        scale = float(tau) * float(sigma)
        w = np.asarray(w, dtype=np.float64)
        z = np.square(w / scale) / 2.0
        return _log_exp_e1(z) - _HALF_LOG_2PI3 - np.log(scale)

    def sample(self, kappa, sigma, rng, size, value=None):
        """Exact prior draws ``sigma tau lambda_j z_j`` (``tau`` drawn once unless fixed or given)."""
        tau = self.tau if value is None else value
        if tau is None:
            tau = self.global_scale * abs(rng.standard_cauchy())
        lam = np.abs(rng.standard_cauchy(size))
        return sigma * tau * lam * rng.standard_normal(size)
