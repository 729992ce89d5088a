"""Draws from a model's prior and likelihood on a fixed design, for calibration checks.

SBC needs a proper prior. Two proper set-ups are supported:

- ``sigma_prior`` proper (:class:`~bayesreg.sigma_priors.HalfCauchySigma`), or ``sigma`` fixed,
  with ``fit_intercept=False`` (the intercept's flat prior is improper);
- *pseudo-data* for the default improper priors (Jeffreys on sigma, flat intercept),
  which is what the exact and Gibbs samplers target: ``m`` extra rows with ``x = 0``
  and fixed responses ``y0`` (``+s0, -s0, ...``, mean 0) are appended to every data
  set. Their likelihood times the improper prior is proper: without an intercept
  ``sigma^2 ~ InvGamma(m / 2, S0 / 2)``; with one, ``sigma^2 ~ InvGamma((m - 1) / 2, S0c / 2)``
  and ``intercept | sigma ~ N(mean(y0), sigma^2 / m)`` (``S0 = sum y0^2``, ``S0c`` the
  centered sum; Gelman et al. 2013, sec. 3.3 and 14.2). A sampler run on the
  augmented data then targets the posterior under that proper prior exactly. The
  weights' prior uses ``n = n_samples + m`` (the sample size the sampler sees).
"""

from __future__ import annotations

import numpy as np

from .._validation import check_X
from ..priors import Prior, enet_sample

__all__ = ["draw_enet_family", "PriorSimulator"]


# Exact prior draws live with the density they sample (one formula family in one place).
draw_enet_family = enet_sample


class PriorSimulator:
    """Simulate ``(truth, X_fit, y_fit)`` from a model's (proper) prior.

    Parameters
    ----------
    model : Model
        Gaussian likelihood; a prior from :mod:`bayesreg.priors` (fixed, or with a
        Gamma hyperprior on its strength).
    X : array-like of shape (n_samples, n_features)
        Fixed design, reused by every replication.
    sigma : float, optional
        Fixed noise scale (a point-mass prior); sigma is then not ranked.
    pseudo_rows : int, optional
        Number ``m`` of pseudo-observations that make the improper Jeffreys / flat
        intercept priors proper (module docstring). Default: 6 with ``JeffreysSigma``
        and no fixed ``sigma``, else 0.
    pseudo_scale : float, default=1.0
        ``s0``, the pseudo-responses' magnitude (the prior scale of sigma).

    Raises
    ------
    ValueError
        An improper set-up that pseudo-data cannot fix, or a non-Gaussian likelihood.
    """

    def __init__(self, model, X, *, sigma=None, pseudo_rows=None, pseudo_scale: float = 1.0):
        if not model.likelihood.gaussian:
            raise ValueError(f"PriorSimulator simulates the GaussianLikelihood only; got {model.likelihood!r}.")
        self.model = model
        self.X = check_X(X)
        self.sigma = None if sigma is None else float(sigma)
        jeffreys = model.sigma_prior.jeffreys
        improper = jeffreys or model.fit_intercept
        if pseudo_rows is None:
            pseudo_rows = 6 if (jeffreys and sigma is None) else 0
        if pseudo_rows == 0 and improper:
            if model.fit_intercept:
                raise ValueError(
                    "SBC needs a proper prior: the intercept's flat prior is improper. Use fit_intercept=False "
                    "or pseudo_rows >= 2 (pseudo-data make it proper)."
                )
            if sigma is None:
                raise ValueError(
                    "SBC needs a proper prior on sigma: JeffreysSigma is improper. Pass sigma=<float>, a proper "
                    "sigma_prior (HalfCauchySigma), or pseudo_rows >= 1."
                )
        if pseudo_rows and (sigma is not None or not jeffreys):
            raise ValueError("pseudo_rows applies to the JeffreysSigma prior with sigma not fixed.")
        if pseudo_rows and model.fit_intercept and pseudo_rows < 2:
            raise ValueError("With fit_intercept=True, pseudo_rows must be >= 2.")
        if not (jeffreys or model.sigma_prior.proper) and sigma is None:
            raise ValueError(f"PriorSimulator cannot draw from {model.sigma_prior!r}; pass sigma=<float>.")
        self.m = int(pseudo_rows)
        self.y0 = pseudo_scale * np.where(np.arange(self.m) % 2 == 0, 1.0, -1.0)
        if self.m % 2:
            self.y0 = self.y0 - self.y0.mean()
        self.X_fit = np.vstack([self.X, np.zeros((self.m, self.X.shape[1]))])
        self.n_fit = float(self.X_fit.shape[0])
        prior = model.prior
        if not isinstance(prior, Prior):
            raise ValueError(f"PriorSimulator does not know how to draw from {prior!r}.")
        self.hyper = getattr(prior, "hyperprior", None)

    def _sigma(self, rng) -> float:
        if self.sigma is not None:
            return self.sigma
        if self.model.sigma_prior.proper:
            return float(self.model.sigma_prior.sample(rng))
        y0 = self.y0
        if self.model.fit_intercept:
            shape, rate = 0.5 * (self.m - 1), 0.5 * float(np.sum((y0 - y0.mean()) ** 2))
        else:
            shape, rate = 0.5 * self.m, 0.5 * float(np.sum(y0**2))
        return float(np.sqrt(rate / rng.gamma(shape)))

    def __call__(self, rng):
        """One replication.

        Returns
        -------
        truth : dict
            ``coef`` (n_features,), ``sigma`` (unless fixed), ``intercept`` (with
            ``fit_intercept``), and the hyperparameter (``alpha`` or ``lam``) under a hyperprior.
        X_fit : ndarray of shape (n_samples + m, n_features)
        y_fit : ndarray of shape (n_samples + m,)
        """
        prior = self.model.prior
        truth = {}
        value = None
        if self.hyper is not None:
            value = float(self.hyper.sample(rng))  # on alpha, or on lam^2 (prior.hyper_name)
            truth[prior.report_name] = float(prior.reported(value))
        sigma = self._sigma(rng)
        kappa = self.model.likelihood.kappa(sigma, self.n_fit, prior.loss_convention)
        coef = prior.sample(kappa, sigma, rng, self.X.shape[1], value=value)
        truth["coef"] = coef
        b0 = 0.0
        if self.model.fit_intercept:
            b0 = float(rng.normal(self.y0.mean() if self.m else 0.0, sigma / np.sqrt(self.m)))
            truth["intercept"] = b0
        if self.sigma is None:
            truth["sigma"] = sigma
        y = b0 + self.X @ coef + sigma * rng.standard_normal(self.X.shape[0])
        return truth, self.X_fit, np.concatenate([y, self.y0])

