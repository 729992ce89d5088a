"""``BayesRegression``: any prior, likelihood and sigma prior behind the estimator API."""

from __future__ import annotations

from .._strategy import AlphaPlan, hyperparameter_estimate
from .._validation import Options
from ..likelihoods import GaussianLikelihood, Likelihood
from ..model import Model
from ..priors import ElasticNetFamily, GaussianPrior, Prior
from ._base import EXACT_FIT_CHECKS, SAMPLING_CONSTRAINTS, STOCHASTIC_PATH_CHECKS, BayesEstimatorBase

__all__ = ["BayesRegression"]


class BayesRegression(BayesEstimatorBase):
    """Bayesian linear regression with a prior and likelihood of your choice.

    The general form of :class:`~bayesreg.BayesRidge`, :class:`~bayesreg.BayesLasso` and the
    others: ``prior`` is any :class:`~bayesreg.priors.Prior` (e.g.
    :class:`~bayesreg.StudentTPrior`), used as given (its strength fixed, or with the
    hyperprior it carries); the samplers and the MAP solver accept or refuse it by the
    capabilities it declares (``docs/math-contract.md``).

    Parameters
    ----------
    prior : Prior, optional
        Prior on the weights given sigma; default ``GaussianPrior(1.0)`` (ridge).
    likelihood : Likelihood, optional
        Default :class:`~bayesreg.GaussianLikelihood`.
    fit_intercept, sigma_prior, sampler, nuts_sampler, draws, tune, chains, cores, target_accept, random_state, progressbar, pointwise
        As in :class:`~bayesreg.BayesRidge`; ``sampler="auto"`` picks the exact sampler, else
        Gibbs, else NUTS, as the model allows.

    Attributes
    ----------
    coef_, intercept_, sigma_ : posterior means
    idata_ : arviz.InferenceData
        ``coef`` (chain, draw, feature), ``intercept``, ``sigma`` (and a sampled hyperparameter).
    map_ : MAPResult or None
        The certified posterior mode (a local mode for priors that are not log-concave, such as
        the Student-t); None when the model has no MAP solver (the horseshoe).
    coef_map_, intercept_map_ : ndarray of shape (n_features,), float
        Only when there is a mode.
    diagnostics_, model_, n_features_in_, feature_names_in_

    Examples
    --------
    >>> import numpy as np
    >>> from bayesreg import BayesRegression, StudentTPrior
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3)); y = X @ [3.0, 0.0, -1.0] + rng.normal(size=50)
    >>> est = BayesRegression(StudentTPrior(nu=3, scale=0.5), draws=500, tune=200, random_state=0).fit(X, y)
    >>> est.idata_.posterior.attrs["sampler"], est.coef_.shape
    ('gibbs-cholesky', (3,))
    """

    _parameter_constraints = {"prior": [Options((None,)), Prior], "likelihood": [Options((None,)), Likelihood], **SAMPLING_CONSTRAINTS}

    def __init__(
        self,
        prior=None,
        *,
        likelihood=None,
        fit_intercept=True,
        sigma_prior=None,
        sampler="auto",
        nuts_sampler="pymc",
        draws=1000,
        tune=1000,
        chains=2,
        cores=None,
        target_accept=0.9,
        random_state=None,
        progressbar=False,
        pointwise="auto",
    ):
        self.prior = prior
        self.likelihood = likelihood
        self.fit_intercept = fit_intercept
        self.sigma_prior = sigma_prior
        self.sampler = sampler
        self.nuts_sampler = nuts_sampler
        self.draws = draws
        self.tune = tune
        self.chains = chains
        self.cores = cores
        self.target_accept = target_accept
        self.random_state = random_state
        self.progressbar = progressbar
        self.pointwise = pointwise

    def _expected_failed_checks(self) -> dict:
        """scikit-learn checks failed by design (see :class:`~bayesreg.BayesLasso`'s and the horseshoe's)."""
        scale_form = self.prior is not None and not isinstance(self.prior, ElasticNetFamily)
        return {**STOCHASTIC_PATH_CHECKS, **(EXACT_FIT_CHECKS if scale_form else {})}

    def _plan(self, data, rng):
        likelihood = GaussianLikelihood() if self.likelihood is None else self.likelihood
        prior = GaussianPrior(1.0) if self.prior is None else self.prior
        model = Model(prior, likelihood, self._sigma_prior(), self.fit_intercept)
        strategy = "fixed" if prior.hyperprior is None else "hyperprior"
        return AlphaPlan(strategy, model, prior.hyper_value)

    def _report(self, plan, idata, data):
        # Under a hyperprior the mode is taken at the posterior mean of the hyperparameter.
        return hyperparameter_estimate(plan, idata) if plan.strategy == "hyperprior" else None
