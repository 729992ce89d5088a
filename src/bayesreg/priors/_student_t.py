"""The Student-t prior on the weights, scaled by the noise: ``w_j | sigma ~ t_nu(0, s sigma)``."""

from __future__ import annotations

import numpy as np
from scipy import special

from .. import _kinds
from .._ops import NP
from .._validation import Interval, ScaleTerm, check_params
from ._base import MajorizeMinimizePrior, NonCenteredPrior, ScaleMixturePrior

__all__ = ["StudentTPrior"]

_POSITIVE = [Interval("real", 0, None, "neither")]


class StudentTPrior(ScaleMixturePrior, NonCenteredPrior, MajorizeMinimizePrior):
    """Student-t prior: ``w_j | sigma ~ StudentT(nu, 0, scale * sigma)``, independently.

    The heavy-tailed prior of rstanarm's ``student_t()`` and of Gelman et al. (2008), stated
    conditionally on the noise scale like every prior here (``scale`` is unitless).

    Parameters
    ----------
    nu : float, default=3.0
        Degrees of freedom (> 0); ``nu = 1`` is the Cauchy prior, ``nu -> inf`` the ridge prior
        ``Normal(0, scale^2 sigma^2)``.
    scale : float, default=1.0
        Scale ``s`` (> 0) in units of sigma.

    Notes
    -----
    Density of one weight, ``b = s sigma``:
    ``Gamma((nu+1)/2) / (Gamma(nu/2) sqrt(nu pi) b) (1 + w^2 / (nu b^2))^(-(nu+1)/2)``.
    It is the normal scale mixture ``w_j | lambda_j ~ N(0, sigma^2 s^2 lambda_j)``,
    ``lambda_j ~ InvGamma(nu/2, nu/2)`` (Andrews & Mallows 1974), which gives

    - Gibbs: ``1 / lambda_j | w, sigma ~ Gamma((nu + 1)/2, (nu + w_j^2 / (s sigma)^2) / 2)``, and
      ``sigma^2`` stays conjugate (the prior scale is proportional to sigma), kind
      ``INV_GAMMA_SCALES`` of :mod:`bayesreg._kinds`;
    - MAP: majorize-minimize with the EM weights ``q(w) = (nu + 1) / (nu b^2 + w^2)``
      (Lange, Little & Taylor 1989). The prior is not log-concave, so the posterior can be
      multimodal: the mode found is a *local* mode, certified by its gradient;
    - NUTS: non-centred weights ``w = c z`` with ``c^-2`` the data precision plus the prior's
      curvature at zero, ``(nu + 1) / (nu b^2)``.

    There is no penalized twin (``-log p`` is not a scikit-learn penalty). No hyperprior:
    ``nu`` and ``scale`` are fixed.

    References
    ----------
    Gelman, A., Jakulin, A., Pittau, M. G. and Su, Y.-S. (2008). A weakly informative default
    prior distribution for logistic and other regression models. Ann. Appl. Stat. 2, 1360-1383.
    Goodrich, B., Gabry, J., Ali, I. and Brilleman, S. (2024). rstanarm: Bayesian applied
    regression modeling via Stan (``student_t`` prior).
    Lange, K. L., Little, R. J. A. and Taylor, J. M. G. (1989). Robust statistical modeling using
    the t distribution. JASA 84, 881-896.

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg import Model, StudentTPrior, map_estimate
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 3)); y = X @ [2.0, 0.0, -1.0] + rng.normal(size=60)
    >>> res = map_estimate(Model(StudentTPrior(nu=3.0, scale=0.5)), X, y)
    >>> bool(res.converged), res.twin is None
    (True, True)
    """

    hyper_name = "scale"

    def __init__(self, nu: float = 3.0, scale: float = 1.0):
        check_params(type(self).__name__, {"nu": nu, "scale": scale}, {"nu": _POSITIVE, "scale": _POSITIVE})
        self.nu = float(nu)
        self.scale = float(scale)

    @property
    def hyper_value(self):
        return self.scale

    @property
    def proper(self) -> bool:
        return True

    def scale_terms(self, model, sigma, n_samples):
        return (ScaleTerm("scale", self.scale, "the t scale / sigma = scale", np.log(self.scale), 1.0, 2),)

    def with_value(self, value, hyperprior=None):
        if hyperprior is not None:
            raise ValueError("StudentTPrior takes no hyperprior: its nu and scale are fixed.")
        return StudentTPrior(self.nu, float(value))

    def _b(self, sigma, value):
        return (self.scale if value is None else value) * sigma

    def logpdf_terms(self, w, kappa, sigma, xp=NP, value=None):
        nu = self.nu
        const = float(special.gammaln((nu + 1) / 2) - special.gammaln(nu / 2) - 0.5 * np.log(nu * np.pi))
        b = self._b(sigma, value)
        return const - xp.log(b) - (nu + 1) / 2 * xp.log1p(xp.square(w / b) / nu)

    def sample(self, kappa, sigma, rng, size, value=None):
        return self._b(sigma, value) * rng.standard_t(self.nu, size)

    def gibbs_terms(self, model, n, who):
        return {"kind": _kinds.INV_GAMMA_SCALES, "u_b": 0.5 * self.nu, "u_g": 0.5 * self.nu, "h0": self.scale**2,
                "hyper_name": None, "laplace_form": "none"}

    def nuts_precision(self, kappa, sigma, value=None):
        b = self._b(sigma, value)
        return (self.nu + 1.0) / (self.nu * b * b)

    def mm_weights(self, w, kappa, sigma, value=None):
        b = self._b(sigma, value)
        return (self.nu + 1.0) / (self.nu * b * b + np.square(w))
