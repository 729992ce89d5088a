"""The prior contract and the optional capabilities a consumer can require.

Every prior on the weights is a :class:`Prior`: a density of ``w`` given the noise scale
(numpy or PyTensor), exact draws, its regularization parameter (name, value, the same prior
at another value, how it is reported), properness and a description for InferenceData
attributes. What a prior can do beyond that it declares by also deriving from a
capability class; consumers check the capability up front (``isinstance(prior, Capability)``)
and refuse a prior without it, naming what they need:

======================================  =========================================================
capability                              used by
======================================  =========================================================
:class:`ElasticNetFamily`               the MAP solvers (penalty weights), ``map_path`` and
                                        ``alpha_max`` (:class:`AlphaForm`), the penalized twin
                                        (:mod:`bayesreg.mapping`), ``bayesreg.testing``'s KKT check
:class:`ConjugateNormalPrior`           the exact (Normal-Inverse-Gamma) sampler
:class:`ScaleMixturePrior`              the Gibbs sampler (kind and numbers of its latent update)
:class:`NonCenteredPrior`               the PyMC / NUTS builder (scale of the non-centred weights)
:class:`MajorizeMinimizePrior`          the MAP solver for priors that are not log-concave
======================================  =========================================================

The math of each prior is on the repository's math-contract page, ``docs/math-contract.md``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from .._ops import NP
from .._value import ValueObject
from ..hyperpriors import Hyperprior

__all__ = [
    "Prior",
    "ConjugateNormalPrior",
    "ScaleMixturePrior",
    "NonCenteredPrior",
    "MajorizeMinimizePrior",
    "set_hyperprior",
]


def set_hyperprior(prior, hyperprior) -> None:
    """Store an optional hyperprior (only when given, so fixed priors keep their repr).

    Raises
    ------
    TypeError
        ``hyperprior`` is neither None nor a :class:`~bayesreg.hyperpriors.Hyperprior`.
    """
    if hyperprior is None:
        return
    if not isinstance(hyperprior, Hyperprior):
        raise TypeError(
            f"The 'hyperprior' parameter of {type(prior).__name__} must be None or a "
            f"bayesreg.hyperpriors.Hyperprior; got {type(hyperprior).__name__}."
        )
    prior.hyperprior = hyperprior


class Prior(ValueObject, ABC):
    """A prior on the weights, conditional on the noise scale.

    Attributes
    ----------
    loss_convention : {"sum", "mean"}
        How the twin scales its data term: ``"sum"`` for ``Ridge`` (``||r||^2``), ``"mean"``
        for ``Lasso`` / ``ElasticNet`` (``||r||^2 / (2n)``). It fixes the likelihood factor
        ``kappa`` the prior is stated with (:meth:`bayesreg.likelihoods.Likelihood.kappa`).
    hyperprior : Hyperprior or None
        Prior on the regularization parameter (full Bayes); None when it is fixed.
    hyper_name : str
        Name of the parameter a hyperprior is placed on (``"alpha"``; ``"lam2"`` for Park &
        Casella, whose hyperprior is on ``lambda^2``).
    report_name : str
        Name under which the parameter is reported in a posterior (``"lam"`` for Park &
        Casella); :meth:`reported` maps a value of :attr:`hyper_name` to it.
    laplace_form : {"none", "alpha", "park-casella"}
        Which Laplace parameterization the prior uses (recorded in ``idata.attrs``).
    has_mode : bool
        Whether the posterior has a finite mode (a MAP estimate and a penalized twin);
        False for the horseshoe, whose density is infinite at ``w = 0``.
    polya_gamma_form : {"rates", "horseshoe"} or None
        How the Polya-Gamma logistic sampler treats the prior: ``"rates"`` by its unit rates
        (:meth:`~bayesreg.priors.ElasticNetFamily.rates_at`), ``"horseshoe"`` as a global-local
        mixture, None when it does not sample it.
    """

    loss_convention: str = "mean"
    hyperprior = None
    hyper_name: str = "alpha"
    laplace_form: str = "none"
    has_mode: bool = True
    polya_gamma_form: str | None = None

    @property
    def report_name(self) -> str:
        return self.hyper_name

    def reported(self, value):
        """The reported parameter (:attr:`report_name`) at a value of :attr:`hyper_name` (array-friendly).

        Parameters
        ----------
        value : float or ndarray
            A value of :attr:`hyper_name`.

        Returns
        -------
        float or ndarray
            The value of :attr:`report_name` (e.g. ``lambda = sqrt(lambda^2)`` for Park & Casella).
        """
        return value

    def unreported(self, reported):
        """Inverse of :meth:`reported`.

        Parameters
        ----------
        reported : float or ndarray
            A value of :attr:`report_name`.

        Returns
        -------
        float or ndarray
            The value of :attr:`hyper_name`.
        """
        return reported

    @property
    def hyper_value(self):
        """The prior's own value of :attr:`hyper_name` (``alpha``; ``lam**2`` for Park & Casella)."""
        return self.alpha

    @property
    def _value(self):  # historical name of hyper_value
        return self.hyper_value

    @abstractmethod
    def with_value(self, value, hyperprior=None):
        """The same prior with its parameter :attr:`hyper_name` set to ``value`` (``hyperprior`` attached).

        Parameters
        ----------
        value : float
            The new value of :attr:`hyper_name`.
        hyperprior : Hyperprior, optional
            Attached to the new prior (``value`` is then its starting value).

        Returns
        -------
        Prior
            A new prior of the same class; this one is unchanged.
        """

    @property
    def proper(self) -> bool:
        """Whether the prior is a proper density (``alpha > 0`` for the alpha-form priors)."""
        return getattr(self, "alpha", 1.0) > 0

    @abstractmethod
    def logpdf_terms(self, w, kappa, sigma, xp=NP, value=None):
        """Elementwise log prior density of ``w`` given the noise, normalizer included.

        Parameters
        ----------
        w : array of shape (n_features,) or tensor
        kappa : float or tensor
            The likelihood's factor for :attr:`loss_convention`.
        sigma : float or tensor
            Noise scale.
        xp : namespace
            :data:`bayesreg._ops.NP` or :func:`bayesreg._ops.pytensor_ops`.
        value : float or tensor, optional
            Value of :attr:`hyper_name` (a hyperprior's draw); default the prior's own.
        """

    @abstractmethod
    def sample(self, kappa, sigma, rng, size, value=None):
        """Exact draws of ``size`` weights given the noise (``rng`` a numpy Generator).

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
        """

    def logpdf(self, w, kappa, sigma, xp=NP):
        """Log prior density of ``w`` given the noise, summed over features.

        Parameters
        ----------
        w : array of shape (n_features,) or tensor
            Weights.
        kappa : float or tensor
            The likelihood's factor for this prior's loss convention.
        sigma : float or tensor
            Noise scale (> 0).
        xp : namespace, default=NP
            :data:`bayesreg._ops.NP` (numpy) or :func:`bayesreg._ops.pytensor_ops` (a PyMC graph).

        Returns
        -------
        float or scalar tensor
            The sum over features of :meth:`logpdf_terms`.
        """
        return xp.sum(self.logpdf_terms(w, kappa, sigma, xp))

    def scale_terms(self, model, sigma, n_samples) -> tuple:
        """The prior scales this prior's fixed parameters set, in units of sigma.

        Checked by :meth:`bayesreg.model.Model.check_scales` (one check,
        :func:`bayesreg._validation.check_prior_scales`) before a fit; a parameter with a
        hyperprior is not fixed and sets none.

        Parameters
        ----------
        model : Model
            The model (its likelihood's ``kappa``).
        sigma : float
            A data-based noise scale (the weighted standard deviation of ``y``).
        n_samples : float
            Sum of the frequency weights.

        Returns
        -------
        tuple of ScaleTerm
            Empty by default.
        """
        return ()

    def describe(self) -> dict:
        """InferenceData attributes that identify the prior: ``prior``, ``laplace_form``, ``hyperparameter``.

        Returns
        -------
        dict
            ``prior``, ``laplace_form`` and ``hyperparameter``.
        """
        return {"prior": repr(self), "laplace_form": self.laplace_form, "hyperparameter": self.report_name}


class ConjugateNormalPrior(Prior):
    """Capability: ``w_j | sigma ~ Normal(0, sigma^2 / alpha)`` with ``Ridge``'s ``alpha``.

    Conjugate with a Gaussian likelihood and Jeffreys' sigma prior, so the posterior is
    Normal-Inverse-Gamma and :func:`bayesreg.posterior.sample_exact` draws it i.i.d.
    """


class ScaleMixturePrior(Prior):
    """Capability: a normal scale mixture with closed-form Gibbs conditionals."""

    @abstractmethod
    def gibbs_terms(self, model, n: float, who: str) -> dict:
        """Kind and numbers of the Gibbs kernel (:mod:`bayesreg._kinds`).

        Parameters
        ----------
        model : Model
            The model being sampled (its likelihood and sigma prior matter).
        n : float
            Number of samples (sum of the frequency weights).
        who : str
            The sampler's name, for error messages.

        Returns
        -------
        dict
            ``kind``, ``u_b``, ``u_g``, ``h0``, ``hyper_name`` (posterior name, or None when
            fixed), ``laplace_form``, ``hyper_sqrt`` (whether the kernel's ``h`` is the
            square of the reported parameter), and optionally ``has_hyper``,
            ``hyper_shape``, ``hyper_rate`` overriding the hyperprior's.

        Raises
        ------
        ValueError
            A combination the kernels cannot sample, naming what is needed.
        """


class NonCenteredPrior(Prior):
    """Capability: the PyMC builder can sample the prior with non-centred weight coordinates."""

    @abstractmethod
    def nuts_precision(self, kappa, sigma, value=None):
        """The prior's precision per weight near zero, for the scale of the non-centred coordinates.

        ``gamma + beta^2 / 2`` for the elastic-net family (:func:`bayesreg.posterior._pymc.noncentered_scale`).

        Parameters
        ----------
        kappa : float or tensor
            The likelihood's factor for this prior's loss convention
            (:meth:`bayesreg.likelihoods.Likelihood.kappa`).
        sigma : float or tensor
            Noise scale (> 0).
        value : float or tensor, optional
            The parameter named :attr:`hyper_name`; default the prior's own.

        Returns
        -------
        float or tensor
            The precision.
        """


class MajorizeMinimizePrior(Prior):
    """Capability: a quadratic majorizer of ``-log p(w_j)`` (priors that are not log-concave).

    ``-log p(w) <= -log p(w0) + q(w0) (w^2 - w0^2) / 2`` for a symmetric normal scale mixture
    (Lange, Hunter & Yang 2000), so each step of the MAP solver is a ridge problem with
    per-feature weights ``q``; the gradient of ``-log p`` is ``q(w) w``.
    """

    @abstractmethod
    def mm_weights(self, w, kappa, sigma, value=None):
        """Per-feature ``q(w)`` of shape (n_features,), ``> 0``.

        Parameters
        ----------
        w : ndarray of shape (n_features,)
            The current weights.
        kappa : float or tensor
            The likelihood's factor for this prior's loss convention
            (:meth:`bayesreg.likelihoods.Likelihood.kappa`).
        sigma : float or tensor
            Noise scale (> 0).
        value : float or tensor, optional
            The parameter named :attr:`hyper_name`; default the prior's own.

        Returns
        -------
        ndarray of shape (n_features,)
            The majorizer's weights ``q(w) > 0``.
        """
