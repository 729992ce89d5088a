"""Priors on the noise scale ``sigma``.

The default is Jeffreys' ``p(sigma^2) ∝ 1 / sigma^2`` (equivalently
``p(sigma) ∝ 1 / sigma``), as in Park & Casella (2008) and R's bayesreg: it is
invariant to the units of ``y``, so ``y`` scaled by 1e6 scales the posterior
of ``sigma`` by 1e6 and nothing else changes. It is improper; the posterior is
proper once there are at least two samples. A proper alternative is
:class:`HalfCauchySigma` (Gelman 2006).
"""

from __future__ import annotations

import numpy as np

from ._ops import NP
from ._value import ValueObject
from ._validation import Interval, check_params

__all__ = ["SigmaPrior", "JeffreysSigma", "HalfCauchySigma"]


class SigmaPrior(ValueObject):
    """Base class: ``logpdf(sigma)`` in the sigma parameterization.

    Attributes
    ----------
    proper : bool
        Whether the density integrates to one (then :meth:`sample` draws from it).
    jeffreys : bool
        Whether it is Jeffreys' ``1 / sigma`` (conjugate with the exact ridge posterior).
    gibbs_A2 : float or None
        How the Gibbs sampler handles it: ``0`` for Jeffreys, ``A^2`` for ``HalfCauchy(0, A)``
        (through its inverse-gamma auxiliary), None when it cannot.
    """

    proper: bool = True
    jeffreys: bool = False
    gibbs_A2 = None

    def logpdf(self, sigma, xp=NP):  # pragma: no cover - abstract
        """Log prior density of sigma.

        Parameters
        ----------
        sigma : float or tensor
            Noise scale (> 0).
        xp : namespace, default=NP
            :data:`bayesreg._ops.NP` (numpy) or :func:`bayesreg._ops.pytensor_ops` (a PyMC graph).

        Returns
        -------
        float or tensor
            The log density, up to a constant for the improper Jeffreys prior.
        """
        raise NotImplementedError

    def sample(self, rng, size=None):  # pragma: no cover - abstract
        """Draws from ``rng`` (a numpy Generator); proper priors only.

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the draws.
        size : int or tuple of int, optional
            Shape of the draws (one float when None).
        """
        raise NotImplementedError


class JeffreysSigma(SigmaPrior):
    """Improper Jeffreys prior ``p(sigma) ∝ 1 / sigma`` (``log p = -log sigma``)."""

    proper = False
    jeffreys = True
    gibbs_A2 = 0.0

    def logpdf(self, sigma, xp=NP):
        return -xp.log(sigma)


class HalfCauchySigma(SigmaPrior):
    """Proper ``HalfCauchy(0, scale)`` prior on sigma (Gelman 2006).

    Parameters
    ----------
    scale : float
        In the units of ``y`` (> 0).
    """

    def __init__(self, scale: float):
        check_params(type(self).__name__, {"scale": scale}, {"scale": [Interval("real", 0, None, "neither")]})
        self.scale = float(scale)

    @property
    def gibbs_A2(self) -> float:
        return self.scale**2

    def logpdf(self, sigma, xp=NP):
        s = self.scale
        return float(np.log(2.0 / (np.pi * s))) - xp.log1p(xp.square(sigma / s))

    def sample(self, rng, size=None):
        """Draws ``scale * |Cauchy|`` from ``rng`` (a numpy Generator).

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the draws.
        size : int or tuple of int, optional
            Shape of the draws (one float when None).

        Returns
        -------
        float or ndarray
            Draws of sigma.
        """
        return self.scale * np.abs(rng.standard_cauchy(size))
