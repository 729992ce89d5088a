"""Hyperpriors on a prior's regularization parameter (full Bayes).

A hyperprior is passed to a prior in place of a fixed value through the prior's
``hyperprior=`` argument; the fixed value then only serves as a sampler's
starting point. Which quantity the hyperprior is placed on is the prior's
choice and is documented there:

======================================  ====================  =============================
prior                                   hyperprior on         conditional (Gibbs) update
======================================  ====================  =============================
:class:`~bayesreg.GaussianPrior`        ``alpha``             ``Gamma(a + p/2, b + ||w||^2 / (2 sigma^2))``
:class:`~bayesreg.LaplacePrior`         ``alpha``             ``Gamma(a + p, b + n ||w||_1 / sigma^2)``
:class:`~bayesreg.ParkCasellaLaplacePrior`  ``lam**2``        ``Gamma(a + p, b + sum(tau^2) / 2)`` given ``tau``
======================================  ====================  =============================

Each row is conjugate: the complete-data likelihood of the parameter is a Gamma
kernel, so the class only needs :meth:`GammaHyperprior.updated` (add shape and
rate) and a draw. The Gibbs sampler draws Park & Casella's ``lam**2`` given ``w``
instead (``tau`` integrated out, which mixes far better when ``p`` is large); that
conditional, ``Gamma(a, b)`` times ``lam^p exp(-lam ||w||_1 / sigma)``, is not Gamma and
gets a slice-sampling step (see :mod:`bayesreg.posterior._gibbs_kernels`). The math lives here so that the PyMC builder can use the same
object (:meth:`GammaHyperprior.logpdf`).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ._validation import Interval, check_params
from ._value import ValueObject

__all__ = ["Hyperprior", "GammaHyperprior"]

_POSITIVE = [Interval("real", 0, None, "neither")]


class Hyperprior(ValueObject):
    """Base class of hyperpriors: value-based equality, hashing and repr.

    Attributes
    ----------
    is_gamma : bool
        Whether it is a Gamma density with ``shape`` and ``rate`` attributes (what the Gibbs
        sampler's conjugate updates and the PyMC builder support).
    """

    is_gamma: bool = False


class GammaHyperprior(Hyperprior):
    """``Gamma(shape, rate)`` density ``rate^shape x^(shape-1) exp(-rate x) / Gamma(shape)``.

    Parameters
    ----------
    shape : float
        Shape ``a > 0``.
    rate : float
        Rate ``b > 0`` (inverse scale), in the inverse units of the parameter it
        is placed on.

    Notes
    -----
    Park & Casella (2008, section 3.1) put ``Gamma(1, 1.78)`` on ``lambda^2`` in
    their diabetes analysis; that is ``ParkCasellaLaplacePrior(hyperprior=GammaHyperprior(1, 1.78))``.

    Examples
    --------
    >>> from bayesreg.hyperpriors import GammaHyperprior
    >>> GammaHyperprior(1.0, 2.0).updated(3.0, 1.0)
    GammaHyperprior(shape=4.0, rate=3.0)
    """

    is_gamma = True

    def __init__(self, shape: float, rate: float):
        check_params(type(self).__name__, {"shape": shape, "rate": rate}, {"shape": _POSITIVE, "rate": _POSITIVE})
        self.shape = float(shape)
        self.rate = float(rate)

    def logpdf(self, x, xp=None):
        """Log density at ``x > 0`` (numpy; pass ``xp`` from :mod:`bayesreg._ops` for PyTensor).

        Parameters
        ----------
        x : float, ndarray or tensor
            Value of the regularization parameter (> 0).
        xp : namespace, optional
            :data:`bayesreg._ops.NP` (numpy, the default) or :func:`bayesreg._ops.pytensor_ops`.

        Returns
        -------
        float, ndarray or tensor
            ``shape log(rate) + (shape - 1) log(x) - rate x - log Gamma(shape)``.
        """
        log = np.log if xp is None else xp.log
        a, b = self.shape, self.rate
        return a * np.log(b) - float(special.gammaln(a)) + (a - 1.0) * log(x) - b * x

    def updated(self, shape_add: float, rate_add: float) -> GammaHyperprior:
        """The conjugate conditional: ``Gamma(shape + shape_add, rate + rate_add)``.

        Parameters
        ----------
        shape_add, rate_add : float
            What the likelihood of the parameter adds to the shape and the rate.

        Returns
        -------
        GammaHyperprior
            The updated distribution; this one is unchanged.
        """
        return GammaHyperprior(self.shape + shape_add, self.rate + rate_add)

    def sample(self, rng: np.random.Generator, size=None):
        """Draws from the distribution (``rng.gamma`` with ``scale = 1 / rate``).

        Parameters
        ----------
        rng : numpy.random.Generator
            Source of the draws.
        size : int or tuple of int, optional
            Shape of the draws (one float when None).

        Returns
        -------
        float or ndarray
            The draws.
        """
        return rng.gamma(self.shape, 1.0 / self.rate, size=size)

    @property
    def mean(self) -> float:
        """``shape / rate``."""
        return self.shape / self.rate
