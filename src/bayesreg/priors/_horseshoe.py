"""The horseshoe prior (Carvalho, Polson & Scott 2010), scaled by the noise."""

from __future__ import annotations

import numpy as np
from scipy import special

from .. import _kinds
from .._ops import NP
from .._validation import Interval, ScaleTerm, check_params
from ._base import ScaleMixturePrior

__all__ = ["HorseshoePrior"]

_HALF_LOG_2PI3 = 0.5 * float(np.log(2.0 * np.pi**3))
_E1_ASYMPTOTIC = 600.0


def _log_exp_e1(z):
    """``log(exp(z) E1(z))`` for ``z >= 0`` (``E1`` the exponential integral), stable for large ``z``."""
    z = np.asarray(z, dtype=np.float64)
    small = np.minimum(z, _E1_ASYMPTOTIC)
    with np.errstate(divide="ignore"):
        direct = small + np.log(special.exp1(small))
    big = np.maximum(z, _E1_ASYMPTOTIC)  # exp(z) E1(z) = (1/z)(1 - 1/z + 2/z^2 - 6/z^3 + ...)
    asym = -np.log(big) + np.log1p(-1.0 / big + 2.0 / big**2 - 6.0 / big**3)
    return np.where(z < _E1_ASYMPTOTIC, direct, asym)


class HorseshoePrior(ScaleMixturePrior):
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
    Not a member of the elastic-net family (it has no rates, penalty or twin) and not a
    :class:`~bayesreg.priors.NonCenteredPrior`, so the MAP solver, the scikit-learn twin and
    the PyMC builder refuse it up front (NUTS is known to diverge on it). The marginal density of
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
    has_mode = False
    polya_gamma_form = "horseshoe"

    def __init__(self, global_scale: float = 1.0, tau: float | None = None):
        positive = [Interval("real", 0, None, "neither")]
        check_params(type(self).__name__, {"global_scale": global_scale}, {"global_scale": positive})
        if tau is not None:
            check_params(type(self).__name__, {"tau": tau}, {"tau": positive})
        self.global_scale = float(global_scale)
        self.tau = None if tau is None else float(tau)

    @property
    def hyper_value(self):
        return self.tau

    def with_value(self, value, hyperprior=None):
        if hyperprior is not None:
            raise ValueError("HorseshoePrior takes its hyperprior through 'global_scale', not 'hyperprior'.")
        return HorseshoePrior(self.global_scale, tau=float(value))

    @property
    def proper(self) -> bool:
        return True

    def scale_terms(self, model, sigma, n_samples):
        # tau (fixed) or global_scale (tau's half-Cauchy scale), both in units of sigma.
        if self.tau is not None:
            return (ScaleTerm("tau", self.tau, "the global scale tau", np.log(self.tau), 1.0, 2),)
        return (ScaleTerm("global_scale", self.global_scale, "the global scale's half-Cauchy scale global_scale",
                          np.log(self.global_scale), 1.0, 2),)

    def gibbs_terms(self, model, n, who):
        fixed = self.tau is not None
        return {"kind": _kinds.HORSESHOE, "u_b": 0.0, "u_g": 0.0,
                "h0": self.tau**2 if fixed else self.global_scale**2,
                "hyper_name": None if fixed else "tau", "laplace_form": "none", "hyper_sqrt": True,
                "has_hyper": not fixed, "hyper_shape": 0.0, "hyper_rate": 1.0 / self.global_scale**2}

    def logpdf_terms(self, w, kappa, sigma, xp=NP, value=None):
        """Log density of each weight given ``tau`` and ``sigma``, ``lambda_j`` integrated out.

        Parameters
        ----------
        w : array of shape (n_features,)
        kappa : float
            Unused (the prior is in units of ``sigma``).
        sigma : float
            Noise scale.
        xp : namespace, default=NP
            Only numpy (:data:`bayesreg._ops.NP`) is supported.
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
        """Exact prior draws ``sigma tau lambda_j z_j`` (``tau`` drawn once unless fixed or given).

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
            ``tau``; drawn from its half-Cauchy when neither fixed nor given.

        Returns
        -------
        ndarray of shape (size,)
            One draw of each weight.
        """
        tau = self.tau if value is None else value
        if tau is None:
            tau = self.global_scale * abs(rng.standard_cauchy())
        lam = np.abs(rng.standard_cauchy(size))
        return sigma * tau * lam * rng.standard_normal(size)
