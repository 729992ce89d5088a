"""The ``(S, w)`` part of the blocked sweep, behind one interface for both regimes.

``factor(dinv)`` prepares a draw of ``w | sigma^2, d ~ N(A^{-1} X'y, sigma^2 A^{-1})``,
``A = X'X + diag(dinv)``, and returns the integrated residual ``S = y'y - y'X A^{-1} X'y``
that the ``sigma^2`` step needs; ``draw(rng, sigma)`` then returns ``w``.

- :class:`CholeskyWeights` (``p <= n``): Rue (2001), a ``p x p`` Cholesky of ``A`` from
  the sufficient statistics; a sweep costs ``O(p^3)`` and nothing in ``n``.
- :class:`WideWeights` (``p > n``): Bhattacharya, Chakraborty & Mallick (2016), an
  ``n x n`` Cholesky of ``M = I + X D X'``; ``S = y' M^{-1} y`` by Woodbury's identity.
  A sweep costs ``O(n^2 p)``.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

from ._gibbs_kernels import cholesky_draw, cholesky_factor

__all__ = ["CholeskyWeights", "WideWeights"]


class CholeskyWeights:
    """Rue (2001) draw from the sufficient statistics ``X'X``, ``X'y``, ``y'y``."""

    name = "cholesky"

    def __init__(self, data):
        self.XtX, self.Xty, self.yty = data.XtX, data.Xty, float(data.yty)
        p = self.Xty.shape[0]
        self._L = np.zeros((p, p))
        self._v = np.zeros(p)

    def factor(self, dinv) -> float:
        S = cholesky_factor(self.XtX, self.Xty, self.yty, dinv, self._L, self._v)
        if not np.isfinite(S):
            raise FloatingPointError("The Cholesky factorization of X'X + D^-1 failed (not positive definite).")
        return max(S, 0.0)

    def draw(self, rng, sigma) -> np.ndarray:
        w = np.empty_like(self._v)
        cholesky_draw(rng, self._L, self._v, sigma, w)
        return w


class WideWeights:
    """Bhattacharya, Chakraborty & Mallick (2016, Algorithm 1) for ``p > n``.

    With ``u ~ N(0, sigma^2 D)`` and ``delta ~ N(0, I_n)``, ``v = X u / sigma + delta``,
    ``M z = y / sigma - v`` and ``w = u + sigma D X' z`` is an exact draw of
    ``N(A^{-1} X'y, sigma^2 A^{-1})``.
    """

    name = "bhattacharya"

    def __init__(self, data):
        self.X, self.y = data.Xc, data.yc
        self._d = None
        self._cho = None

    def factor(self, dinv) -> float:
        d = 1.0 / dinv
        Xs = self.X * np.sqrt(d)
        M = Xs @ Xs.T
        M[np.diag_indices_from(M)] += 1.0
        self._cho = linalg.cho_factor(M, lower=True, overwrite_a=True, check_finite=False)
        self._d, self._Xs = d, Xs
        return max(float(self.y @ linalg.cho_solve(self._cho, self.y, check_finite=False)), 0.0)

    def draw(self, rng, sigma) -> np.ndarray:
        n, p = self.X.shape
        z1 = rng.standard_normal(p)
        v = self._Xs @ z1 + rng.standard_normal(n)
        z = linalg.cho_solve(self._cho, self.y / sigma - v, check_finite=False)
        return sigma * (np.sqrt(self._d) * z1 + self._d * (self.X.T @ z))
