"""Likelihoods for ``y = intercept + X w + noise`` with a scale parameter.

Each likelihood owns its log density (one formula, evaluated with numpy or
PyTensor) and its factor ``kappa``: the number that turns the twin's data term
into the negative log-likelihood, ``-log p(y | w) = kappa * loss(r) + const``.
Priors use ``kappa`` to state themselves conditionally on the noise scale.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from ._ops import NP
from ._value import ValueObject
from ._validation import Interval, check_params

__all__ = ["Likelihood", "GaussianLikelihood", "LaplaceLikelihood", "StudentTLikelihood"]

_LOG_2PI = float(np.log(2.0 * np.pi))

#: Kinds of the compiled pointwise kernel (:mod:`bayesreg.posterior._pointwise_kernels`).
KERNEL_GAUSSIAN, KERNEL_LAPLACE, KERNEL_STUDENT_T = 0, 1, 2


def _loss_scale(convention: str, n_samples):
    """Weight ``c`` of the data term in the twin objective: 1 ("sum") or 1/(2n) ("mean")."""
    if convention == "sum":
        return 1.0
    if convention == "mean":
        return 1.0 / (2.0 * n_samples)
    raise ValueError(f"The 'convention' parameter must be one of {{'sum', 'mean'}}. Got {convention!r} instead.")


class Likelihood(ValueObject, ABC):
    """Noise model for the residuals ``r = y - intercept - X w`` with scale ``sigma``.

    Besides its densities, a likelihood declares what consumers may do with it (checked up
    front, so unsupported combinations are refused with a named error):

    Attributes
    ----------
    kappa_power : float
        Exponent of sigma in :meth:`kappa_sum` (``-2`` Gaussian and Student-t, ``-1`` Laplace):
        whether a prior's scale stays proportional to sigma (conjugate ``sigma^2`` Gibbs step).
    mode_solver : {"least-squares", "lad", "em"} or None
        The MAP solver for its data term (:func:`bayesreg.map.map_estimate`): coordinate
        descent / closed forms, the L1-loss linear program, EM on a normal scale mixture.
    twin_loss : {"squared", "absolute"} or None
        The data term of its scikit-learn twin (``Ridge``/``Lasso``/``ElasticNet``,
        ``QuantileRegressor(quantile=0.5)``); None when no scikit-learn estimator has it.
    gibbs_mixture : {"gaussian", "student-t", "laplace"} or None
        Its normal scale mixture in the Gibbs sampler (``"gaussian"``: none needed).
    scale_free_loss : bool
        Whether :meth:`loss` exists (the data term does not depend on sigma).
    gaussian : bool
        Whether the noise is Gaussian (conjugate samplers, Gaussian simulations and certificates).
    scale_name : str
        Name of the noise scale in a posterior (``"sigma"``); the InferenceData builder
        (:mod:`bayesreg.posterior._idata`) reads it from there. A likelihood without a scale
        (:class:`bayesreg.bernoulli.BernoulliLikelihood`) declares None.
    outcome_dtype : numpy dtype
        dtype of ``y`` in ``observed_data`` and ``posterior_predictive`` (float64).
    """

    gaussian: bool = False
    kappa_power: float = -2.0
    mode_solver: str | None = None
    twin_loss: str | None = None
    gibbs_mixture: str | None = None
    scale_free_loss: bool = True
    scale_name: str = "sigma"
    outcome_dtype = np.float64

    #: Kind of the compiled pointwise kernel; None: :meth:`pointwise_logpdf` (numpy) is used.
    _kernel_kind = None

    def pointwise_kernel_args(self):
        """Arguments of the compiled pointwise kernel (:mod:`bayesreg.posterior._pointwise_kernels`).

        ``const = log p(0 | sigma = 1)`` comes from :meth:`logpdf_terms`, so the kernel only
        adds the shape in the standardized residual and ``-log sigma``.

        Returns
        -------
        tuple of (int, float, float) or None
            ``(kind, nu, const)``; None for a likelihood without a kernel (the numpy
            :meth:`pointwise_logpdf` is used).
        """
        if self._kernel_kind is None:
            return None
        const = float(self.logpdf_terms(np.zeros(1), 1.0)[0])
        return self._kernel_kind, float(getattr(self, "nu", 0.0)), const

    @abstractmethod
    def loss(self, r, sample_weight=None) -> float:
        """The data term in "sum" convention (e.g. ``sum_i s_i r_i^2``).

        Parameters
        ----------
        r : array of shape (n_samples,) or tensor
            Residuals ``y - intercept - X w``.
        sample_weight : array of shape (n_samples,), optional
            Frequency weights (default 1).

        Returns
        -------
        float
            The twin's loss of the residuals.
        """

    @abstractmethod
    def kappa_sum(self, sigma):
        """Factor with ``-log p(y | w, sigma) = kappa_sum(sigma) * loss(r) + terms free of w``.

        Parameters
        ----------
        sigma : float or tensor
            Scale (> 0).

        Returns
        -------
        float or tensor
            ``1 / (2 sigma^2)`` (Gaussian), ``1 / sigma`` (Laplace), ...
        """

    @abstractmethod
    def logpdf_terms(self, r, sigma, xp=NP):
        """Log density of each residual, with all constants.

        Parameters
        ----------
        r : array of shape (n_samples,) or tensor
            Residuals ``y - intercept - X w``.
        sigma : float or tensor
            Scale (> 0).
        xp : namespace
            :data:`bayesreg._ops.NP` or :func:`bayesreg._ops.pytensor_ops`.

        Returns
        -------
        Same shape as ``r``.
        """

    def logpdf(self, r, sigma, sample_weight=None, xp=NP):
        """Log-likelihood ``sum_i s_i log p(r_i | sigma)``; ``s_i`` are frequency weights (default 1).

        Parameters
        ----------
        r : array of shape (n_samples,) or tensor
            Residuals ``y - intercept - X w``.
        sigma : float or tensor
            Scale (> 0).
        sample_weight : array of shape (n_samples,), optional
            Frequency weights (default 1).
        xp : namespace, default=NP
            :data:`bayesreg._ops.NP` (numpy) or :func:`bayesreg._ops.pytensor_ops` (a PyMC graph).

        Returns
        -------
        float or scalar tensor
            The weighted sum of :meth:`logpdf_terms`.
        """
        return _weighted_sum(self.logpdf_terms(r, sigma, xp), sample_weight, xp)

    def pointwise_logpdf(self, y, mu, sigma, sample_weight=None):
        """Pointwise log-likelihood of every observation at every posterior draw.

        Vectorized over draws and rows (one numpy expression, :meth:`logpdf_terms`); no
        Python loop over draws. This is ArviZ's ``log_likelihood`` group.

        Parameters
        ----------
        y : ndarray of shape (n_samples,)
            Observed responses.
        mu : ndarray of shape (..., n_samples)
            Mean ``intercept + X w`` at each draw (leading dims e.g. (chain, draw)).
        sigma : ndarray of shape (...)
            Scale at each draw (> 0), broadcast against ``mu``'s leading dims.
        sample_weight : ndarray of shape (n_samples,), optional
            Frequency weights: row ``i`` stands for ``s_i`` identical observations, so its
            entry is ``s_i log p(y_i | mu_i, sigma)`` (the log-likelihood of the block of
            replicates) and the sum over rows is the weighted log-likelihood the samplers
            target. Leave-one-out then leaves out a row with all its replicates.

        Returns
        -------
        ndarray of the shape of ``mu``
            Natural-log densities in units of ``-log(units of y)``.
        """
        sigma = np.asarray(sigma, dtype=np.float64)[..., None]
        out = self.logpdf_terms(np.subtract(y, mu), sigma)
        return out if sample_weight is None else out * sample_weight

    @abstractmethod
    def variance(self, sigma):
        """Variance of one observation's noise at scale ``sigma`` (array-friendly).

        Parameters
        ----------
        sigma : float or ndarray
            Scale (> 0).

        Returns
        -------
        float or ndarray
            The noise variance, in the units of ``y`` squared.
        """

    @abstractmethod
    def noise(self, sigma, rng, size):
        """Noise draws at scale ``sigma`` (broadcast to ``size``) from ``rng`` (a numpy Generator).

        Parameters
        ----------
        sigma : float or ndarray
            Scale (> 0).
        rng : numpy.random.Generator
            Source of the draws.
        size : int or tuple of int
            Shape of the draws.

        Returns
        -------
        ndarray of shape ``size``
            The noise draws.
        """

    def kappa(self, sigma, n_samples, convention: str):
        """Factor for a prior whose twin scales its data term by ``convention``.

        Parameters
        ----------
        sigma : float or tensor
        n_samples : float
            Number of samples (sum of the frequency weights).
        convention : {"sum", "mean"}

        Returns
        -------
        ``kappa_sum(sigma) / c`` with ``c = 1`` ("sum") or ``1 / (2 n)`` ("mean").
        """
        return self.kappa_sum(sigma) / _loss_scale(convention, n_samples)

    def data_term(self, r, sigma, sample_weight=None) -> float:
        """The data term in "sum" convention at scale ``sigma``, for any likelihood.

        ``sum_i s_i (log p(0 | sigma) - log p(r_i | sigma)) / kappa_sum(sigma)``: equal to
        :meth:`loss` where that exists (``||r||^2``, ``||r||_1``); for the Student-t,
        ``(nu + 1) sigma^2 sum_i s_i log(1 + r_i^2 / (nu sigma^2))``, which tends to
        ``||r||^2`` as ``nu -> inf``.

        Parameters
        ----------
        r : ndarray of shape (n_samples,)
            Residuals ``y - intercept - X w``.
        sigma : float
            Scale (> 0).
        sample_weight : array of shape (n_samples,), optional
            Frequency weights (default 1).

        Returns
        -------
        float
            The data term.
        """
        r = np.asarray(r, dtype=np.float64)
        terms = self.logpdf_terms(np.zeros(1), sigma)[0] - self.logpdf_terms(r, sigma)
        return float(_weighted_sum(terms, sample_weight, NP)) / float(self.kappa_sum(sigma))


def _weighted_sum(values, sample_weight, xp):
    return xp.sum(values) if sample_weight is None else xp.sum(sample_weight * values)


class GaussianLikelihood(Likelihood):
    """``y_i ~ Normal(intercept + x_i w, sigma^2)``: the squared (L2) loss.

    Notes
    -----
    ``-log p = ||r||^2 / (2 sigma^2) + n log sigma + (n/2) log(2 pi)``, so
    ``kappa_sum = 1 / (2 sigma^2)``.
    """

    _kernel_kind = KERNEL_GAUSSIAN
    gaussian = True
    mode_solver = "least-squares"
    twin_loss = "squared"
    gibbs_mixture = "gaussian"

    def loss(self, r, sample_weight=None):
        return float(_weighted_sum(np.square(r), sample_weight, NP))

    def kappa_sum(self, sigma):
        return 0.5 / (sigma * sigma)

    def logpdf_terms(self, r, sigma, xp=NP):
        return -0.5 * xp.square(r / sigma) - xp.log(sigma) - 0.5 * _LOG_2PI

    def variance(self, sigma):
        return np.square(sigma)

    def noise(self, sigma, rng, size):
        return sigma * rng.standard_normal(size)


class LaplaceLikelihood(Likelihood):
    """``y_i ~ Laplace(intercept + x_i w, s)``: the absolute (L1) loss.

    Notes
    -----
    ``-log p = ||r||_1 / s + n log(2 s)``, so ``kappa_sum = 1 / s``. With the
    "mean" convention ``||r||_1 / (2n)`` of ``QuantileRegressor(quantile=0.5)``
    (its pinball loss at 0.5 is ``|r| / 2``), ``kappa = 2 n / s``.
    """

    _kernel_kind = KERNEL_LAPLACE
    kappa_power = -1.0
    mode_solver = "lad"
    twin_loss = "absolute"
    gibbs_mixture = "laplace"

    def loss(self, r, sample_weight=None):
        return float(_weighted_sum(np.abs(r), sample_weight, NP))

    def kappa_sum(self, sigma):
        return 1.0 / sigma

    def logpdf_terms(self, r, sigma, xp=NP):
        return -xp.abs(r) / sigma - xp.log(2.0 * sigma)

    def variance(self, sigma):
        return 2.0 * np.square(sigma)

    def noise(self, sigma, rng, size):
        return sigma * rng.laplace(0.0, 1.0, size)


class StudentTLikelihood(Likelihood):
    """``y_i ~ StudentT(nu, intercept + x_i w, s)``: a robust loss.

    Parameters
    ----------
    nu : float, default=4.0
        Degrees of freedom (> 0).

    Notes
    -----
    ``-log p = (nu + 1)/2 sum log(1 + r^2 / (nu s^2)) + n log s + const``. The loss
    is not a multiple of a sigma-free function of ``r``; priors conditional on
    sigma use the Gaussian-limit factor ``kappa_sum = 1 / (2 s^2)`` (as ``nu -> inf``).
    """

    _kernel_kind = KERNEL_STUDENT_T
    mode_solver = "em"
    gibbs_mixture = "student-t"
    scale_free_loss = False

    def __init__(self, nu: float = 4.0):
        check_params(type(self).__name__, {"nu": nu}, {"nu": [Interval("real", 0, None, "neither")]})
        self.nu = float(nu)

    def loss(self, r, sample_weight=None):
        raise NotImplementedError("StudentTLikelihood has no scale-free loss; use logpdf.")

    def em_weights(self, r, sigma):
        """E-step weights of the normal scale mixture: ``E[1 / v_i | r_i] = (nu + 1) / (nu + (r_i / s)^2)``.

        ``y_i | v_i ~ Normal(mu_i, s^2 v_i)``, ``v_i ~ InvGamma(nu / 2, nu / 2)``
        (Lange, Little & Taylor 1989, JASA 84:881-896, eq. 4).

        Parameters
        ----------
        r : ndarray of shape (n_samples,)
            Residuals ``y - intercept - X w``.
        sigma : float
            Scale ``s`` (> 0).

        Returns
        -------
        ndarray of shape (n_samples,)
            The weights, in (0, (nu + 1) / nu].
        """
        z = np.asarray(r, dtype=np.float64) / sigma
        return (self.nu + 1.0) / (self.nu + z * z)

    def kappa_sum(self, sigma):
        return 0.5 / (sigma * sigma)

    def logpdf_terms(self, r, sigma, xp=NP):
        nu = self.nu
        const = float(NP.gammaln((nu + 1) / 2) - NP.gammaln(nu / 2) - 0.5 * np.log(nu * np.pi))
        return const - xp.log(sigma) - (nu + 1) / 2 * xp.log1p(xp.square(r / sigma) / nu)

    def variance(self, sigma):
        """``nu / (nu - 2) s^2`` for ``nu > 2``, else infinite.

        Parameters
        ----------
        sigma : float or ndarray
            Scale ``s`` (> 0).

        Returns
        -------
        float or ndarray
            The noise variance.
        """
        factor = self.nu / (self.nu - 2.0) if self.nu > 2 else np.inf
        return factor * np.square(sigma)

    def noise(self, sigma, rng, size):
        return sigma * rng.standard_t(self.nu, size)
