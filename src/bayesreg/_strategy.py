"""How an estimator's ``alpha`` becomes a prior: fixed, hyperprior (full Bayes) or empirical Bayes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .empirical_bayes import mcem, ridge_evidence
from .hyperpriors import Hyperprior
from .model import Model
from .posterior._support import supports_exact

__all__ = ["AlphaPlan", "plan_alpha", "hyperparameter_estimate"]


@dataclass
class AlphaPlan:
    """The prior to sample and what the estimator reports about its strength.

    Attributes
    ----------
    strategy : {"fixed", "hyperprior", "empirical_bayes"}
    model : Model
        The model to sample (carries the hyperprior, if any).
    value : float
        The fixed / empirical-Bayes value of the prior's parameter (``alpha``, or
        ``lam2`` for Park & Casella), or the sampler's starting value under a hyperprior.
    eb : object or None
        The empirical-Bayes result (``MCEMResult``) when MCEM was used.
    """

    strategy: str
    model: Model
    value: float
    eb: object = None


def plan_alpha(alpha, make_prior, base_model: Model, data, *, rng, start) -> AlphaPlan:
    """Resolve ``alpha`` (float, Hyperprior or ``"empirical_bayes"``) into an :class:`AlphaPlan`.

    Parameters
    ----------
    alpha : float, Hyperprior or "empirical_bayes"
    make_prior : callable ``(value, hyperprior) -> Prior``
    base_model : Model
        Likelihood, sigma prior and intercept setting to keep.
    data : Design
        The training data, validated once by the estimator.
    rng : numpy Generator
        For Monte Carlo EM.
    start : callable ``() -> float``
        Starting value for hyperprior samplers and MCEM (called only when needed).
    """
    def model_with(prior):
        return Model(prior, base_model.likelihood, base_model.sigma_prior, base_model.fit_intercept)

    if isinstance(alpha, Hyperprior):
        value = start()
        return AlphaPlan("hyperprior", model_with(make_prior(value, alpha)), value)
    if isinstance(alpha, str):  # "empirical_bayes" (validated by the estimator)
        candidate = model_with(make_prior(1.0, None))
        if supports_exact(candidate):  # conjugate ridge: closed-form evidence
            value, _ = ridge_evidence(data, fit_intercept=base_model.fit_intercept)
            return AlphaPlan("empirical_bayes", model_with(make_prior(value, None)), value)
        result = mcem(model_with(make_prior(start(), None)), data, random_state=rng)
        return AlphaPlan("empirical_bayes", model_with(make_prior(result.value, None)), result.value, eb=result)
    value = float(alpha)
    return AlphaPlan("fixed", model_with(make_prior(value, None)), value)


def hyperparameter_estimate(plan: AlphaPlan, idata) -> float:
    """The sampled hyperparameter's posterior mean, in the prior's units; the plan's value otherwise.

    Samplers record the parameter under the prior's :attr:`~bayesreg.priors.Prior.report_name`
    (``lam`` for Park & Casella) and NUTS also under :attr:`~bayesreg.priors.Prior.hyper_name`.
    The mean is taken of the reported parameter: for Park & Casella the value is ``E[lambda | y]^2``,
    so that ``lam_ = sqrt(value)`` is the posterior mean of lambda, not ``sqrt(E[lambda^2])``.
    """
    if plan.strategy != "hyperprior":
        return plan.value
    post = idata.posterior
    prior = plan.model.prior
    if prior.report_name in post:
        return float(prior.unreported(float(np.asarray(post[prior.report_name]).mean())))
    return float(np.asarray(post[prior.hyper_name]).mean())
