"""Ridge, lasso (both Laplace forms) and elastic-net priors: the elastic-net family."""

from __future__ import annotations

import numpy as np

from .. import _kinds
from .._validation import Interval, ScaleTerm, check_params
from ._base import ConjugateNormalPrior, ScaleMixturePrior, set_hyperprior
from ._family import AlphaForm, ElasticNetFamily

__all__ = ["GaussianPrior", "LaplacePrior", "ParkCasellaLaplacePrior", "ElasticNetPrior"]

_ALPHA = {"alpha": [Interval("real", 0, None, "left")]}


def _unit_rates(prior, model, n):
    """Rates of ``prior`` at parameter value 1 and sigma = 1: the Gibbs kernel's ``(u_b, u_g)``."""
    beta, gamma = prior.rates_at(model.kappa(1.0, n), 1.0, 1.0)
    return float(beta), float(gamma)


def _positive_alpha(prior, who):
    if prior.alpha <= 0:
        raise ValueError(
            f"{who} needs alpha > 0 (alpha=0 is the improper flat prior, not a scale mixture); "
            f"got {type(prior).__name__}(alpha={prior.alpha!r}). Use sample_exact for ridge."
        )


def _laplace_likelihood_refusal(prior, who):
    return ValueError(
        f"{who} with a LaplaceLikelihood needs a prior whose scale is proportional to sigma "
        f"(ParkCasellaLaplacePrior, HorseshoePrior, or LaplacePrior with a fixed alpha); "
        f"{prior!r} is not (kappa = 1/s makes its scale proportional to s or sqrt(s) otherwise). "
        "Use sampler='nuts'."
    )


def _lasso_terms(prior, model, n, who):
    """Gibbs terms of an alpha-form lasso (``LaplacePrior``, ``ElasticNetPrior(l1_ratio=1)``)."""
    u_b, _ = _unit_rates(LaplacePrior(1.0), model, n)
    hyper = prior.hyperprior
    if model.likelihood.kappa_power == -1:
        # kappa = 1/s: a fixed-alpha Laplace scale s / (2 n alpha) is Park & Casella's with lam = 2 n alpha.
        if hyper is None:
            return {"kind": _kinds.PARK_CASELLA, "u_b": u_b * prior.alpha, "u_g": 0.0, "h0": 1.0,
                    "hyper_name": None, "laplace_form": "alpha"}
        raise _laplace_likelihood_refusal(prior, who)
    return {"kind": _kinds.ALPHA_LASSO, "u_b": u_b, "u_g": 0.0, "h0": prior.alpha,
            "hyper_name": "alpha" if hyper else None, "laplace_form": "alpha"}


class GaussianPrior(AlphaForm, ConjugateNormalPrior, ScaleMixturePrior):
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
    twin_penalty = "ridge"
    beta_zero = True
    l1_ratio = 0.0
    laplace_form = "none"

    def __init__(self, alpha: float = 1.0, hyperprior=None):
        check_params(type(self).__name__, {"alpha": alpha}, _ALPHA)
        self.alpha = float(alpha)
        set_hyperprior(self, hyperprior)

    def with_value(self, value, hyperprior=None):
        return GaussianPrior(float(value), hyperprior=hyperprior)

    def rates_at(self, kappa, sigma, value):
        return 0.0, 2.0 * kappa * value

    def penalty(self, w) -> float:
        """``Ridge``'s penalty ``alpha ||w||^2``.

        Parameters
        ----------
        w : array-like of shape (n_features,)
            Weights.

        Returns
        -------
        float
            The penalty, in the twin's units.
        """
        return self.alpha * float(np.dot(w, w))

    def gibbs_terms(self, model, n, who):
        _positive_alpha(self, who)
        if model.likelihood.kappa_power == -1:
            raise _laplace_likelihood_refusal(self, who)
        _, u_g = _unit_rates(self, model, n)
        return {"kind": _kinds.RIDGE, "u_b": 0.0, "u_g": u_g, "h0": self.alpha,
                "hyper_name": "alpha" if self.hyperprior else None, "laplace_form": "none"}


class LaplacePrior(AlphaForm, ScaleMixturePrior):
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
    l1_ratio = 1.0
    twin_penalty = "lasso"

    def __init__(self, alpha: float = 1.0, hyperprior=None):
        check_params(type(self).__name__, {"alpha": alpha}, _ALPHA)
        self.alpha = float(alpha)
        set_hyperprior(self, hyperprior)

    def with_value(self, value, hyperprior=None):
        return LaplacePrior(float(value), hyperprior=hyperprior)

    def rates_at(self, kappa, sigma, value):
        return kappa * value, 0.0

    def penalty(self, w) -> float:
        """``Lasso``'s penalty ``alpha ||w||_1``.

        Parameters
        ----------
        w : array-like of shape (n_features,)
            Weights.

        Returns
        -------
        float
            The penalty, in the twin's units.
        """
        return self.alpha * float(np.sum(np.abs(w)))

    def gibbs_terms(self, model, n, who):
        _positive_alpha(self, who)
        return _lasso_terms(self, model, n, who)


class ParkCasellaLaplacePrior(ElasticNetFamily, ScaleMixturePrior):
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
    depends on sigma, unlike :class:`LaplacePrior`. :meth:`lasso_alpha` and
    :meth:`lam_of_lasso_alpha` are the one place that conversion is written.

    References
    ----------
    Park, T. and Casella, G. (2008). The Bayesian lasso. JASA 103, 681-686, eq. (1).
    """

    gamma_zero = True
    twin_penalty = "lasso"
    sigma_free_mode = False
    hyper_name = "lam2"
    laplace_form = "park-casella"

    def __init__(self, lam: float = 1.0, hyperprior=None):
        check_params(type(self).__name__, {"lam": lam}, {"lam": [Interval("real", 0, None, "neither")]})
        self.lam = float(lam)
        set_hyperprior(self, hyperprior)

    @property
    def report_name(self) -> str:
        return "lam"

    def reported(self, value):
        return value**0.5  # lam from lam^2

    def unreported(self, reported):
        return reported**2

    @property
    def hyper_value(self):
        return self.lam * self.lam

    @property
    def proper(self) -> bool:
        return True

    def with_value(self, value, hyperprior=None):
        return ParkCasellaLaplacePrior(float(np.sqrt(value)), hyperprior=hyperprior)  # value = lam^2

    def rates_at(self, kappa, sigma, value):
        return value**0.5 / sigma, 0.0  # value = lam^2 (P&C's hyperprior is on lambda^2)

    def scale_terms(self, model, sigma, n_samples):
        if self.hyperprior is not None:
            return ()
        return (ScaleTerm("lam", self.lam, "the Laplace prior scale b / sigma = 1 / lam", -np.log(self.lam), -1.0, 4),)

    def lasso_alpha(self, sigma: float, n_samples: float) -> float:
        """The ``Lasso`` alpha of the conditional mode at noise scale ``sigma``: ``lam sigma / n``.

        Parameters
        ----------
        sigma : float
            Noise scale, in the units of ``y``.
        n_samples : float
            Number of samples (sum of the frequency weights).

        Returns
        -------
        float
            ``Lasso(alpha)`` whose optimum is the mode given ``sigma``.
        """
        return self.lam * sigma / n_samples

    def twin_alpha(self, twin_loss, sigma=None, n_samples=None):
        """``Lasso``: ``lam sigma / n``; ``QuantileRegressor`` (``kappa_sum = 1/s``): ``lam / (2 n)``.

        Parameters
        ----------
        twin_loss : {"squared", "absolute"}
            The twin's data term (``Ridge`` / ``Lasso`` / ``ElasticNet``, or ``QuantileRegressor``).
        sigma : float, optional
            Noise scale, for scale-form priors (Park & Casella's).
        n_samples : float, optional
            Number of samples (sum of the frequency weights).

        Returns
        -------
        float
            The twin's ``alpha``.
        """
        if twin_loss == "absolute":
            # -log posterior x s: sum |r| + lam ||w||_1 = 2n (sum |r| / (2n) + lam / (2n) ||w||_1).
            return self.lam / (2.0 * n_samples)
        return self.lasso_alpha(sigma, n_samples)

    @staticmethod
    def lam_of_twin_alpha(alpha: float, twin_loss: str = "squared", sigma=None, n_samples=None) -> float:
        """Inverse of :meth:`twin_alpha`: ``lam = n alpha / sigma`` (``Lasso``), ``2 n alpha`` (``QuantileRegressor``).

        ``sigma`` should be the weighted noise scale of the data the twin is fitted to.

        Parameters
        ----------
        alpha : float
            The twin's ``alpha``.
        twin_loss : {"squared", "absolute"}
            The twin's data term (``Ridge`` / ``Lasso`` / ``ElasticNet``, or ``QuantileRegressor``).
        sigma : float, optional
            Noise scale, for scale-form priors (Park & Casella's).
        n_samples : float, optional
            Number of samples (sum of the frequency weights).

        Returns
        -------
        float
            Park & Casella's ``lambda``.
        """
        if twin_loss == "absolute":
            return 2.0 * n_samples * alpha
        return alpha * n_samples / sigma

    def gibbs_terms(self, model, n, who):
        u_b, _ = _unit_rates(self, model, n)
        return {"kind": _kinds.PARK_CASELLA, "u_b": u_b, "u_g": 0.0, "h0": self.lam**2,
                "hyper_name": "lam" if self.hyperprior else None, "laplace_form": "park-casella",
                "hyper_sqrt": True}


class ElasticNetPrior(AlphaForm, ScaleMixturePrior):
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
    The normalizer depends on sigma; :func:`~bayesreg.priors.enet_log_normalizer` gives it
    exactly (Li & Lin 2010), as needed whenever sigma is sampled.
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
        set_hyperprior(self, hyperprior)

    def __repr__(self) -> str:
        hyper = f", hyperprior={self.hyperprior!r}" if self.hyperprior is not None else ""
        return f"ElasticNetPrior(alpha={self.alpha!r}, l1_ratio={self.l1_ratio!r}{hyper})"

    @property
    def laplace_form(self) -> str:
        return "none" if self.beta_zero else "alpha"

    def with_value(self, value, hyperprior=None):
        return ElasticNetPrior(float(value), self.l1_ratio, hyperprior=hyperprior)

    def rates_at(self, kappa, sigma, value):
        return kappa * value * self.l1_ratio, kappa * value * (1.0 - self.l1_ratio)

    def penalty(self, w) -> float:
        """``ElasticNet``'s penalty ``alpha (rho ||w||_1 + (1 - rho) / 2 ||w||^2)``.

        Parameters
        ----------
        w : array-like of shape (n_features,)
            Weights.

        Returns
        -------
        float
            The penalty, in the twin's units.
        """
        w = np.asarray(w)
        return self.alpha * (
            self.l1_ratio * float(np.sum(np.abs(w))) + 0.5 * (1.0 - self.l1_ratio) * float(np.dot(w, w))
        )

    def gibbs_terms(self, model, n, who):
        _positive_alpha(self, who)
        if self.gamma_zero:
            return _lasso_terms(self, model, n, who)
        if model.likelihood.kappa_power == -1:
            raise _laplace_likelihood_refusal(self, who)
        if self.hyperprior is not None:
            raise ValueError(f"{who}: the elastic net takes a fixed alpha.")
        u_b, u_g = _unit_rates(ElasticNetPrior(1.0, self.l1_ratio), model, n)
        kind = _kinds.RIDGE if u_b == 0.0 else _kinds.ELASTIC_NET
        return {"kind": kind, "u_b": u_b, "u_g": u_g, "h0": self.alpha, "hyper_name": None,
                "laplace_form": "alpha" if u_b else "none"}
