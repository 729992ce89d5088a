"""``C`` <-> prior scale for logistic regression (re-exported by :mod:`bayesreg.mapping`).

scikit-learn's ``LogisticRegression(C, l1_ratio)`` minimizes (its User Guide, "Logistic
regression", binary case, checked against version 1.9)

    ``C sum_i s_i logloss_i + r(w)``,  ``r(w) = rho ||w||_1 + (1 - rho)/2 ||w||_2^2``,

``logloss_i = log(1 + exp(eta_i)) - y_i eta_i``, ``eta_i = b + x_i w``, ``rho = l1_ratio``,
``s_i = sample_weight``: the log-loss is *summed* and the penalty is scaled by ``1 / C``. The
intercept ``b`` is not penalized by the lbfgs, newton-cg, newton-cholesky, sag and saga
solvers; liblinear appends a constant column ``intercept_scaling`` and penalizes its weight
like the others (scikit-learn's docstring of ``intercept_scaling``), which is a Gaussian or
Laplace prior on the intercept, not our flat one -- so it is refused here when an intercept
is fitted. Dividing by ``C``, the objective is ``-log posterior + const`` of
:class:`~bayesreg.bernoulli.LogisticModel` with the prior density
``exp(-(rho |w_j| + (1 - rho) w_j^2 / 2) / C)``:

==============================================  ==========================================
prior (:mod:`bayesreg.priors`)                   ``LogisticRegression``
==============================================  ==========================================
``GaussianPrior(alpha)``, ``w_j ~ N(0, 1/(2 alpha))``  ``C = 1 / (2 alpha)``, ``l1_ratio = 0``
``LaplacePrior(alpha)``, ``Laplace(0, 1/(n alpha))``   ``C = 1 / (n alpha)``, ``l1_ratio = 1``
``ElasticNetPrior(alpha, rho)``                  ``C = 1 / (n alpha)``, ``l1_ratio = rho``
``ParkCasellaLaplacePrior(lam)``, ``Laplace(0, 1/lam)``  ``C = 1 / lam``, ``l1_ratio = 1``
flat (``alpha = 0``)                             ``C = inf``
==============================================  ==========================================

So ``C`` *is* the prior's scale: the ridge prior's variance and the lasso prior's Laplace
scale. The ``alpha`` of ``LaplacePrior`` / ``ElasticNetPrior`` keeps the "mean" convention of
``Lasso``: it is ``SGDClassifier(loss="log_loss", alpha)``'s alpha, whose objective is the
mean log-loss plus ``alpha r(w)``; ``GaussianPrior``'s keeps ``Ridge``'s "sum" convention,
summed log-loss plus ``alpha ||w||^2``.
"""

from __future__ import annotations

import numbers

import numpy as np

from .bernoulli import LogisticModel
from .priors import AlphaForm, ElasticNetPrior, GaussianPrior, LaplacePrior

__all__ = ["to_logistic_twin", "from_logistic_twin"]

_OWN_INTERCEPT = (
    "solver='liblinear' penalizes the intercept (it is the weight of a constant column of value "
    "intercept_scaling, under the same penalty), which is not the flat intercept prior of the "
    "Bayesian model; use solver='saga' (any l1_ratio), 'lbfgs' or 'newton-cholesky' (l1_ratio=0), "
    "or fit_intercept=False."
)


def to_logistic_twin(model, *, n_samples=None, **kwargs):
    """The unfitted ``LogisticRegression`` whose optimum is ``model``'s posterior mode.

    Parameters
    ----------
    model : LogisticModel
    n_samples : float, optional
        Sum of the frequency weights; needed for ``LaplacePrior`` / ``ElasticNetPrior``
        (``C = 1 / (n alpha)``).
    **kwargs
        Passed to ``LogisticRegression`` (``tol``, ``max_iter``, ``solver``...).

    Returns
    -------
    sklearn.linear_model.LogisticRegression
        ``C = 1 / (l1 + l2)`` and ``l1_ratio = l1 / (l1 + l2)`` from the prior's rates
        (:meth:`LogisticModel.penalty_weights`; ``C = inf`` for the flat prior); default
        ``solver`` "newton-cholesky" for ``l1_ratio = 0`` (Newton steps: exact at
        ``tol=1e-12``), "saga" otherwise (the only solver with L1 and an unpenalized
        intercept). ``penalty`` is not set (deprecated since scikit-learn 1.8).

    Raises
    ------
    ValueError
        ``solver="liblinear"`` with an intercept (it penalizes it); missing ``n_samples``.
    NotImplementedError
        The horseshoe (no twin).

    Examples
    --------
    >>> from bayesreg.bernoulli import LogisticModel
    >>> from bayesreg.priors import LaplacePrior
    >>> from bayesreg.mapping import to_logistic_twin
    >>> to_logistic_twin(LogisticModel(LaplacePrior(alpha=0.01)), n_samples=50)
    LogisticRegression(C=2.0, l1_ratio=1.0, solver='saga')
    """
    from sklearn.linear_model import LogisticRegression

    prior = model.prior
    if isinstance(prior, AlphaForm) and prior.loss_convention == "mean" and prior.proper:
        if n_samples is None or not isinstance(n_samples, numbers.Real) or not n_samples > 0:
            raise ValueError(
                f"to_logistic_twin needs 'n_samples' (> 0) for {type(model.prior).__name__}: "
                f"its alpha is on the mean log-loss scale, C = 1 / (n alpha). Got {n_samples!r}."
            )
    l1, l2 = model.penalty_weights(1.0 if n_samples is None else float(n_samples))
    total = l1 + l2
    C = np.inf if total == 0 else 1.0 / total
    l1_ratio = 0.0 if total == 0 else l1 / total
    kw = {"solver": "newton-cholesky" if l1_ratio == 0 else "saga", **kwargs}
    if kw["solver"] == "liblinear" and model.fit_intercept:
        raise ValueError(_OWN_INTERCEPT)
    return LogisticRegression(C=float(C), l1_ratio=float(l1_ratio), fit_intercept=model.fit_intercept, **kw)


def _penalty_of(params) -> tuple[float, float]:
    """``(C, l1_ratio)`` honouring a (deprecated) explicit ``penalty``."""
    C, rho, penalty = float(params["C"]), params.get("l1_ratio"), params.get("penalty", "deprecated")
    if penalty in ("deprecated", "elasticnet"):
        rho = 0.0 if rho is None else float(rho)
    elif penalty == "l2":
        rho = 0.0
    elif penalty == "l1":
        rho = 1.0
    elif penalty is None or penalty == "none":
        C, rho = np.inf, 0.0
    else:
        raise ValueError(f"Unknown LogisticRegression penalty {penalty!r}.")
    return C, rho


def from_logistic_twin(estimator, *, n_samples=None):
    """The :class:`~bayesreg.bernoulli.LogisticModel` whose mode is ``estimator``'s optimum.

    Parameters
    ----------
    estimator : sklearn.linear_model.LogisticRegression
        Fitted or not; only its parameters are read.
    n_samples : float, optional
        Needed for ``l1_ratio > 0`` (``alpha = 1 / (n C)``).

    Returns
    -------
    LogisticModel
        ``GaussianPrior(1 / (2 C))`` for ``l1_ratio = 0``, ``LaplacePrior(1 / (n C))`` for 1,
        ``ElasticNetPrior(1 / (n C), l1_ratio)`` in between, ``GaussianPrior(0)`` (flat)
        for ``C = inf`` or ``penalty=None``.

    Raises
    ------
    TypeError
        Not a ``LogisticRegression``.
    ValueError
        liblinear with an intercept, ``class_weight`` set, or a missing ``n_samples``.
    """
    from sklearn.linear_model import LogisticRegression

    if type(estimator) is not LogisticRegression:
        raise TypeError(f"from_logistic_twin needs a LogisticRegression; got {type(estimator).__name__}.")
    params = estimator.get_params()
    fi = bool(params["fit_intercept"])
    if params["solver"] == "liblinear" and fi:
        raise ValueError(_OWN_INTERCEPT)
    if params.get("class_weight") is not None:
        raise ValueError("from_logistic_twin does not map class_weight; pass the weights as sample_weight instead.")
    C, rho = _penalty_of(params)
    if not np.isfinite(C):
        return LogisticModel(GaussianPrior(0.0), fit_intercept=fi)
    if rho == 0.0:
        return LogisticModel(GaussianPrior(0.5 / C), fit_intercept=fi)
    if n_samples is None or not n_samples > 0:
        raise ValueError("from_logistic_twin needs 'n_samples' (> 0) for l1_ratio > 0: alpha = 1 / (n C).")
    alpha = 1.0 / (float(n_samples) * C)
    if rho == 1.0:
        return LogisticModel(LaplacePrior(alpha), fit_intercept=fi)
    return LogisticModel(ElasticNetPrior(alpha, rho), fit_intercept=fi)
