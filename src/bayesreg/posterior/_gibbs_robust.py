"""Student-t and Laplace likelihoods in the Gibbs sampler, through their normal scale mixtures.

Both write ``y_i | v_i ~ N(mu_i, sigma^2 v_i)`` with a per-row latent ``v_i``:

- Student-t(nu, s): ``v_i ~ InvGamma(nu/2, nu/2)``, so
  ``v_i | r_i, s ~ InvGamma((nu + 1)/2, (nu + r_i^2 / s^2) / 2)``
  (Lange, Little & Taylor 1989; Geweke 1993);
- Laplace(s): ``v_i ~ Exp(rate 1/2)`` (Andrews & Mallows 1974: ``Laplace(0, s)`` is
  ``N(0, s^2 v)`` with that mixing law), so
  ``1 / v_i | r_i, s ~ InverseGaussian(mean s / |r_i|, shape 1)`` (as Park & Casella's
  ``1 / tau_j^2``, with ``lambda = 1``).

The mixing laws do not involve ``s``, so given ``v`` the likelihood is Gaussian with
row weights ``1 / v_i`` and the rest of the sweep is the Gaussian one on reweighted
data. Cost: the sufficient statistics ``X' V^-1 X`` change every sweep, so a sweep
costs ``O(n p^2)`` (``p <= n``) instead of the Gaussian likelihood's ``O(p^3)``, plus
``O(n p)`` for the residuals: fine for moderate ``n`` (``n = 1000, p = 20``: ~0.1 ms).

Frequency weights: each replicated row has its own latent ``v_i``, so integer weights
are expanded into rows (a weight of 3 is three rows); other weights are refused.
"""

from __future__ import annotations

import numpy as np

from .._validation import _check_finite
from ._gibbs_data import prepare_data
from ._gibbs_kernels import wald_array

__all__ = ["ScaleMixture"]

_TINY = 1e-300


class ScaleMixture:
    """Per-row latent variances ``v`` of a Student-t or Laplace likelihood.

    Parameters
    ----------
    mixture : {"student-t", "laplace"}
    likelihood : StudentTLikelihood or LaplaceLikelihood
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,) or None
        Non-negative integer frequency weights (expanded into rows).
    fit_intercept : bool

    Raises
    ------
    ValueError
        Non-integer ``sample_weight``; NaN or infinity in ``X`` or ``y``.
    """

    def __init__(self, mixture, likelihood, X, y, sample_weight, fit_intercept):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        _check_finite(X, "X")  # names the row and column
        _check_finite(y, "y")
        if sample_weight is not None:
            sw = np.asarray(sample_weight, dtype=np.float64)
            if sw.shape != y.shape or np.any(sw < 0) or np.any(sw != np.round(sw)):
                raise ValueError(
                    "sample_gibbs with a Student-t or Laplace likelihood needs integer frequency "
                    "weights in 'sample_weight' (each replicated row has its own latent scale); "
                    "got non-integer or negative weights."
                )
            reps = sw.astype(np.int64)
            X, y = np.repeat(X, reps, axis=0), np.repeat(y, reps)
        self.mixture, self.likelihood = mixture, likelihood
        self.X, self.y, self.fit_intercept = X, y, fit_intercept
        self.n = float(X.shape[0])
        self.v = np.ones(X.shape[0])
        self.omega_sum = self.n

    def data(self, keep_rows: bool):
        """Summaries of the data reweighted by ``1 / v`` (``n`` and ``n_eff`` count rows)."""
        omega = 1.0 / self.v
        self.omega_sum = float(omega.sum())
        data = prepare_data(self.X, self.y, omega, fit_intercept=self.fit_intercept, keep_rows=keep_rows)
        data.n = self.n
        data.n_eff = self.n - 1.0 if self.fit_intercept else self.n
        return data

    def intercept(self, rng, data, w, sigma) -> float:
        """``intercept | w, sigma, v ~ N(ybar - xbar @ w, sigma^2 / sum(1 / v))`` (weighted means; flat prior)."""
        if not self.fit_intercept:
            return 0.0
        return float(data.y_offset - data.X_offset @ w + sigma / np.sqrt(self.omega_sum) * rng.standard_normal())

    def update(self, rng, w, intercept, sigma) -> None:
        """Draw every ``v_i`` from its conditional given the residuals and ``sigma``."""
        z = (self.y - intercept - self.X @ w) / sigma
        if self.mixture == "student-t":
            nu = self.likelihood.nu
            self.v = np.maximum(0.5 * (nu + z * z) / rng.standard_gamma(0.5 * (nu + 1.0), z.shape), _TINY)
        else:
            mean = 1.0 / np.maximum(np.abs(z), 1e-150)  # keeps mean^2 finite in the Wald draw
            self.v = 1.0 / np.maximum(wald_array(rng, mean, 1.0), _TINY)
