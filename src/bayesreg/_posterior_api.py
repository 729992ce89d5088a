"""Posterior-side behaviour shared by every estimator: summaries, diagnostics, prediction."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from ._validation import (
    Interval,
    Options,
    check_feature_names,
    check_params,
    check_random_state,
    check_X,
)
from .exceptions import SamplingWarning
from .hyperpriors import Hyperprior
from .model import Model
from .posterior._idata import sample_prior_predictive
from .summary import coef_interval, diagnostics

__all__ = ["PosteriorMixin", "RHAT_MAX", "ESS_PER_CHAIN_MIN"]

#: Diagnostic thresholds (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021).
RHAT_MAX = 1.01
ESS_PER_CHAIN_MIN = 100


class PosteriorMixin:
    """Needs ``idata_``, ``model_``, ``n_features_in_``, ``chains``, ``sampler`` and ``random_state``."""

    def _record_features(self, names, n_features: int) -> list:
        """Set ``n_features_in_`` and (for string column names) ``feature_names_in_``; return the
        ``feature`` coordinates (the names, or scikit-learn's ``x0, x1, ...``)."""
        if names is not None:
            self.feature_names_in_ = names
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.n_features_in_ = n_features
        return list(names) if names is not None else [f"x{j}" for j in range(n_features)]

    def _set_posterior_summaries(self):
        """``coef_``, ``intercept_``, ``sigma_`` (posterior means) and ``diagnostics_`` from ``idata_``."""
        post = self.idata_.posterior
        self.coef_ = post["coef"].mean(("chain", "draw")).to_numpy()
        self.intercept_ = float(post["intercept"].mean()) if "intercept" in post else 0.0
        self.sigma_ = float(post["sigma"].mean())
        self.diagnostics_ = diagnostics(self.idata_)

    def _warn_diagnostics(self):
        d, chains = self.diagnostics_, self.chains
        sampler = self.idata_.posterior.attrs.get("sampler", self.sampler)
        problems = []
        if chains < 2:  # R-hat compares chains: with one there is nothing to compare (ArviZ gives NaN)
            problems.append("r_hat is undefined with 1 chain, so convergence is unchecked")
        elif not d["r_hat"] <= RHAT_MAX:
            problems.append(f"max r_hat = {d['r_hat']:.3f} > {RHAT_MAX} (chains disagree)")
        for key in ("ess_bulk", "ess_tail"):
            if not d[key] >= ESS_PER_CHAIN_MIN * chains:
                problems.append(f"min {key} = {d[key]:.0f} < {ESS_PER_CHAIN_MIN * chains} "
                                f"({ESS_PER_CHAIN_MIN} per chain x {chains} chains)")
        if d["divergences"]:
            problems.append(f"{d['divergences']} divergent transitions")
        if problems:
            fixes = "use chains >= 2, " if chains < 2 else ""
            fixes += "increase draws and tune"
            if d["divergences"]:
                fixes += ", raise target_accept (e.g. 0.95 or 0.99)"
            if sampler.startswith("nuts"):
                fixes += ", or use sampler='gibbs' / 'exact' where the model allows"
            warnings.warn(
                f"{type(self).__name__} ({sampler}): " + "; ".join(problems) + f". Fix: {fixes}. "
                "The numbers are in diagnostics_.",
                SamplingWarning,
                stacklevel=3,
            )

    def _check_predict_X(self, X):
        check_is_fitted(self, "coef_")
        check_feature_names(self, X)
        return check_X(X, n_features=self.n_features_in_, owner=type(self).__name__)

    def predict(self, X, return_std: bool = False):
        """Posterior mean of the regression function, ``X @ coef_ + intercept_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), dask array or DataFrame
            Dask input is predicted chunk by chunk and returned as a lazy dask array (a dask Series,
            with ``X``'s index, for a DataFrame).
        return_std : bool, default=False
            Also return the posterior predictive standard deviation of a new
            observation (uncertainty of the weights and intercept plus the noise).

        Returns
        -------
        y_mean : ndarray of shape (n_samples,)
        y_std : ndarray of shape (n_samples,)
            Only with ``return_std=True``; in the units of ``y``:
            ``sqrt(Var_post[intercept + x w] + E_post[Var(noise | sigma)])``.
        """
        if hasattr(type(X), "__dask_graph__"):  # dask input: chunk by chunk, lazily (dask is optional: import late)
            from ._dask import predict_chunks  # lazy: dask is an optional dependency (bayesreg[dask])

            return predict_chunks(lambda block: self.predict(block, return_std), X, 2 if return_std else 1,
                                  split=True)
        X = self._check_predict_X(X)
        mean = X @ self.coef_ + self.intercept_
        if not return_std:
            return mean
        mu = self._mu_draws(X)
        noise_var = self.model_.likelihood.variance(self._sigma_draws())
        return mean, np.sqrt(mu.var(axis=1) + np.mean(noise_var))

    def predict_interval(self, X, level: float = 0.95):
        """Equal-tailed posterior predictive interval of a new observation at each row of ``X``.

        One predictive draw per posterior draw (noise included), seeded from
        ``random_state``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), dask array or DataFrame
            Dask input: chunk by chunk, lazily (a dask array, or a DataFrame with columns 0 and 1).
        level : float, default=0.95

        Returns
        -------
        ndarray of shape (n_samples, 2)
        """
        check_params(f"{type(self).__name__}.predict_interval", {"level": level},
                     {"level": [Interval("real", 0, 1, "neither")]})
        if hasattr(type(X), "__dask_graph__"):  # dask input: chunk by chunk, lazily (each chunk reseeded)
            from ._dask import predict_chunks  # lazy: dask is an optional dependency (bayesreg[dask])

            return predict_chunks(lambda block: self.predict_interval(block, level), X, 2)
        X = self._check_predict_X(X)
        mu = self._mu_draws(X)
        rng = check_random_state(self.random_state)
        y_rep = mu + self.model_.likelihood.noise(self._sigma_draws()[None, :], rng, size=mu.shape)
        return np.quantile(y_rep, [(1 - level) / 2, (1 + level) / 2], axis=1).T

    def _sigma_draws(self):
        return self.idata_.posterior["sigma"].to_numpy().reshape(-1)

    def _mu_draws(self, X):
        post = self.idata_.posterior
        coef = post["coef"].transpose("chain", "draw", "feature").to_numpy().reshape(-1, self.n_features_in_)
        mu = X @ coef.T
        if "intercept" in post:
            mu = mu + post["intercept"].to_numpy().reshape(-1)[None, :]
        return mu

    def credible_interval(self, level: float = 0.95, kind: str = "eti", *, as_frame: bool = False):
        """Posterior credible interval of each weight.

        Parameters
        ----------
        level : float, default=0.95
            Probability mass in (0, 1).
        kind : {"eti", "hdi"}, default="eti"
            Equal-tailed (quantiles) or highest-density (``arviz.hdi``).
        as_frame : bool, default=False
            Return a labelled table instead of an array.

        Returns
        -------
        ndarray of shape (n_features, 2), or pandas.DataFrame
            Lower and upper bounds, in the units of ``coef_``. With ``as_frame``: index
            ``feature`` (the feature names), columns ``lower``, ``upper`` and
            ``excludes_zero`` (this interval lies entirely on one side of 0);
            ``df.attrs`` holds ``level``, ``kind`` and ``interval`` (e.g. "95% eti").

        Raises
        ------
        ValueError
            If ``level`` is not in (0, 1) or ``kind`` is unknown.
        """
        check_is_fitted(self, "idata_")
        check_params(
            f"{type(self).__name__}.credible_interval",
            {"level": level, "kind": kind},
            {"level": [Interval("real", 0, 1, "neither")], "kind": [Options(("eti", "hdi"))]},
        )
        bounds = coef_interval(self.idata_, level=level, kind=kind)
        if not as_frame:
            return bounds
        df = pd.DataFrame(
            {"lower": bounds[:, 0], "upper": bounds[:, 1], "excludes_zero": (bounds[:, 0] > 0) | (bounds[:, 1] < 0)},
            index=pd.Index(self.idata_.posterior["feature"].to_numpy(), name="feature"),
        )
        df.attrs.update({"level": level, "kind": kind, "interval": f"{level:.0%} {kind}"})
        return df

    def sample_prior_predictive(self, X, y=None, sample_weight=None, *, draws: int = 500, random_state=None):
        """Draws from the prior and the prior predictive distribution of this model.

        Fitted, the model is the one sampled (an empirical-Bayes ``alpha`` resolved) and the
        ``prior`` and ``prior_predictive`` groups are also added to ``idata_``; unfitted, the
        estimator's parameters must fix ``alpha`` or give it a hyperprior.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), optional
            Observed responses, for ``az.plot_ppc(idata, group="prior")``.
        sample_weight : array-like of shape (n_samples,), optional
            Frequency weights.
        draws : int, default=500
        random_state : int, numpy.random.Generator or None
            Default: the estimator's ``random_state``.

        Returns
        -------
        arviz.InferenceData
            ``prior``, ``prior_predictive`` (``y``: chain, draw, obs), ``constant_data`` and,
            with ``y``, ``observed_data`` (:func:`bayesreg.posterior.sample_prior_predictive`:
            the flat intercept has no draws; predictions are centred on the mean of ``y``).

        Raises
        ------
        ValueError
            Under Jeffreys' improper sigma prior (the default), which has no draws: pass
            ``sigma_prior=HalfCauchySigma(scale)``; for ``alpha="empirical_bayes"`` before ``fit``.
        """
        fitted = hasattr(self, "idata_")
        if fitted:
            model = self.model_
            X = self._check_predict_X(X)
        else:
            model = self._prior_model()
        rng = check_random_state(self.random_state if random_state is None else random_state)
        names = list(self.idata_.posterior["feature"].to_numpy()) if fitted else None
        prior = sample_prior_predictive(model, X, y, sample_weight, draws=draws, rng=rng, feature_names=names)
        if fitted:
            self.idata_.extend(prior, join="left")  # adds prior and prior_predictive; keeps the data groups
        return prior

    def _prior_model(self):
        """The model of the unfitted estimator's parameters (no data needed)."""
        if not hasattr(self, "_make_prior"):  # no strength to resolve (the horseshoe): its plan needs no data
            return self._plan(None, None).model
        alpha = self._alpha_param()
        if isinstance(alpha, str):
            raise ValueError(
                f"{type(self).__name__}(alpha={alpha!r}) learns alpha from the data: call fit first, "
                "or give a fixed alpha or a hyperprior."
            )
        hyper = alpha if isinstance(alpha, Hyperprior) else None
        prior = self._make_prior(hyper.mean if hyper is not None else float(alpha), hyper)
        return Model(prior, sigma_prior=self._sigma_prior(), fit_intercept=self.fit_intercept)
