"""bayesreg.testing assertions: pass on right inputs, fail with the diagnosing message on the classic wrong ones.

The "wrong" fits are produced independently of bayesreg.mapping: each test writes
out the convention slip as a scikit-learn fit whose objective is derived in a comment.
Fits use tol=1e-12 so that the right answers have KKT residuals near 1e-12, far below
the assertions' default tolerances (1e-6), and the wrong ones O(1e-2) or more.
"""

import numpy as np
import pytest
from scipy import optimize
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from bayesreg import ElasticNetPrior, GaussianPrior, LaplacePrior, Model, map_estimate
from bayesreg.testing import assert_map_equals_penalized, assert_penalized_optimum

from ._helpers import make_regression_data

TIGHT = {"tol": 1e-12, "max_iter": 1_000_000}


def _fit(cls, X, y, fit_intercept=True, **params):
    return cls(fit_intercept=fit_intercept, **TIGHT, **params).fit(X, y) if cls is not Ridge else cls(
        fit_intercept=fit_intercept, **params
    ).fit(X, y)


CASES = [
    (GaussianPrior(3.0), Ridge, {"alpha": 3.0}, "ridge"),
    (LaplacePrior(0.2), Lasso, {"alpha": 0.2}, "lasso"),
    (ElasticNetPrior(0.3, 0.4), ElasticNet, {"alpha": 0.3, "l1_ratio": 0.4}, "elasticnet"),
]


@pytest.mark.parametrize("prior, cls, params, name", CASES, ids=[c[3] for c in CASES])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed, n, p", [(0, 60, 6), (1, 25, 40)])
def test_right_inputs_pass(prior, cls, params, name, fit_intercept, seed, n, p):
    X, y = make_regression_data(n, p, seed, noise=2.0)
    mode = map_estimate(Model(prior, fit_intercept=fit_intercept), X, y)
    fit = _fit(cls, X, y, fit_intercept, **params)
    assert np.any(fit.coef_ != 0)  # non-trivial
    assert_map_equals_penalized(mode, fit, X, y)
    assert_map_equals_penalized((mode.coef, mode.intercept), (fit.coef_, fit.intercept_), X, y,
                                objective=name, fit_intercept=fit_intercept, **params)
    assert_penalized_optimum(fit.coef_, X, y, objective=name, intercept=fit.intercept_,
                             fit_intercept=fit_intercept, **params)
    assert_penalized_optimum(mode.coef, X, y, objective=fit, intercept=mode.intercept)


def test_lasso_missing_one_over_2n_is_diagnosed():
    X, y = make_regression_data(80, 8, 3, noise=2.0)
    n, alpha = X.shape[0], 1.0
    # Hand-rolled "lasso" ||r||^2 + alpha ||w||_1 = 2n (||r||^2 / (2n) + alpha / (2n) ||w||_1): Lasso(alpha / (2n)).
    hand = _fit(Lasso, X, y, alpha=alpha / (2 * n))
    mode = map_estimate(Model(LaplacePrior(alpha / 20)), X, y)  # any mode: the fit is what is wrong
    with pytest.raises(AssertionError, match=r"alpha were divided by 2 \* n_samples"):
        assert_penalized_optimum(hand.coef_, X, y, objective="lasso", alpha=alpha)
    with pytest.raises(AssertionError, match=r"penalized fit is the exact optimum .* alpha were divided by 2 \* n_samples"):
        assert_map_equals_penalized(mode, (hand.coef_, hand.intercept_), X, y, objective="lasso", alpha=alpha)


def test_enet_without_the_half_is_diagnosed():
    X, y = make_regression_data(70, 6, 4, noise=2.0)
    alpha, rho = 0.2, 0.5
    # ||r||^2/(2n) + alpha rho ||w||_1 + alpha (1-rho) ||w||^2 (no 1/2): ElasticNet with
    # alpha' rho' = alpha rho and alpha' (1-rho') = 2 alpha (1-rho).
    a2 = alpha * rho + 2 * alpha * (1 - rho)
    wrong = _fit(ElasticNet, X, y, alpha=a2, l1_ratio=alpha * rho / a2)
    mode = map_estimate(Model(ElasticNetPrior(alpha, rho)), X, y)
    msg = r"only the L2 weight were multiplied by 2 \(the 1/2 on scikit-learn's L2 term"
    with pytest.raises(AssertionError, match=msg):
        assert_penalized_optimum(wrong.coef_, X, y, objective="elasticnet", alpha=alpha, l1_ratio=rho)
    with pytest.raises(AssertionError, match=msg):
        assert_map_equals_penalized(mode, (wrong.coef_, wrong.intercept_), X, y, objective="elasticnet",
                                    alpha=alpha, l1_ratio=rho)


def _glmnet_fit(X, y, lam, a):
    """glmnet's gaussian solution (standardize=FALSE): fit y / sd with lambda / sd, scale coef back."""
    sd = np.sqrt(np.mean((y - y.mean()) ** 2))  # population sd, as glmnet
    est = _fit(ElasticNet, X, y / sd, alpha=lam / sd, l1_ratio=a)
    return est.coef_ * sd, est.intercept_ * sd


@pytest.mark.parametrize("seed", [5, 6])
def test_glmnet_lambda_used_as_sklearn_alpha_is_diagnosed(seed):
    X, y = make_regression_data(60, 5, seed, noise=3.0)
    y = 7.0 * y  # sd(y) far from 1, so the rescaling matters
    lam, a = 2.0, 0.5
    coef, b0 = _glmnet_fit(X, y, lam, a)
    assert abs(np.sqrt(np.mean((y - y.mean()) ** 2)) - 1) > 1
    # The right mapping (bayesreg.mapping.from_glmnet inside the assertion) passes:
    from bayesreg.mapping import from_glmnet

    right = map_estimate(from_glmnet(lam, a, y), X, y)
    assert_map_equals_penalized(right, (coef, b0), X, y, objective="glmnet", lambda_=lam, alpha=a)
    # The slip: BayesElasticNet(alpha=lambda, l1_ratio=a), i.e. lambda read as scikit-learn's alpha.
    naive = map_estimate(Model(ElasticNetPrior(lam, a)), X, y)
    with pytest.raises(AssertionError, match=r"glmnet's lambda used as scikit-learn's alpha without glmnet's sd\(y\) rescaling"):
        assert_map_equals_penalized(naive, (coef, b0), X, y, objective="glmnet", lambda_=lam, alpha=a)


def _lbfgs_lasso(X, y, alpha):
    """A 'lasso' by L-BFGS on the non-smooth objective (what pymc.find_MAP does): no exact zeros."""
    n = X.shape[0]
    Xc, yc = X - X.mean(0), y - y.mean()

    def f(w):
        r = yc - Xc @ w
        return r @ r / (2 * n) + alpha * np.abs(w).sum(), -Xc.T @ r / n + alpha * np.sign(w)

    w = optimize.minimize(f, np.full(X.shape[1], 0.1), jac=True, method="L-BFGS-B",
                          options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20000}).x
    return w, float(y.mean() - X.mean(0) @ w)


def test_lbfgs_lasso_without_exact_zeros_fails_both():
    X, y = make_regression_data(60, 10, 7, noise=2.0)
    alpha = 0.3
    w, b0 = _lbfgs_lasso(X, y, alpha)
    mode = map_estimate(Model(LaplacePrior(alpha)), X, y)
    assert np.sum(mode.coef == 0) >= 3 and np.all(w != 0)  # the mode is sparse, L-BFGS is not
    with pytest.raises(AssertionError, match=r"tiny but not exactly zero.*gradient optimizer"):
        assert_penalized_optimum(w, X, y, objective="lasso", alpha=alpha)
    with pytest.raises(AssertionError, match=r"exact zeros differ"):
        assert_map_equals_penalized(mode, (w, b0), X, y, objective="lasso", alpha=alpha, rtol=1e-3)


def _pymc_lasso(X, y, alpha, off_by_sigma):
    import pymc as pm

    n, p = X.shape
    with pm.Model() as m:
        sigma = pm.HalfFlat("sigma")
        pm.Potential("jeffreys", -pm.math.log(sigma))
        # alpha form: b = sigma^2 / (n alpha); the slip drops one sigma.
        b = sigma / (n * alpha) if off_by_sigma else sigma**2 / (n * alpha)
        coef = pm.Laplace("coef", 0.0, b, shape=p)
        b0 = pm.Flat("intercept")
        pm.Normal("y", b0 + pm.math.dot(X, coef), sigma, observed=y)
    return m


def test_pymc_laplace_scale_off_by_sigma_is_diagnosed():
    X, y = make_regression_data(40, 6, 8, noise=1.5)
    alpha = 0.3
    fit = _fit(Lasso, X, y, alpha=alpha)
    assert np.sum(fit.coef_ == 0) >= 1 and np.any(fit.coef_ != 0)
    # Mode found by coordinate descent + BFGS polish: accurate to ~1e-8, hence rtol=1e-6.
    assert_map_equals_penalized(_pymc_lasso(X, y, alpha, off_by_sigma=False), fit, X, y)
    with pytest.raises(AssertionError, match=r"posterior mode is the exact optimum .* alpha were multiplied by sigma "):
        assert_map_equals_penalized(_pymc_lasso(X, y, alpha, off_by_sigma=True), fit, X, y)


def test_messages_work_without_pytest_and_name_the_worst_coordinates():
    X, y = make_regression_data(50, 5, 9)
    fit = _fit(Lasso, X, y, alpha=0.1)
    other = _fit(Lasso, X, y, alpha=0.1 * X.shape[0])
    try:
        assert_map_equals_penalized((other.coef_, other.intercept_), fit, X, y)
    except AssertionError as exc:  # a plain AssertionError, not a pytest type
        text = str(exc)
        assert type(exc) is AssertionError
    else:
        raise RuntimeError("the assertion should have failed")
    assert "index          mode           fit" in text
    assert "alpha were multiplied by n_samples" in text


@pytest.mark.parametrize(
    "kwargs, err",
    [
        ({"objective": "lasoo", "alpha": 1.0}, "must be one of"),
        ({"objective": "lasso"}, r"missing \['alpha'\]"),
        ({"objective": "lasso", "alpha": 1.0, "l1_ratio": 0.5}, r"unexpected \['l1_ratio'\]"),
        ({"objective": "lasso", "alpha": -1.0}, "must be a float >= 0"),
    ],
)
def test_bad_objectives_are_named(kwargs, err):
    X, y = make_regression_data(20, 3, 0)
    with pytest.raises(ValueError, match=err):
        assert_penalized_optimum(np.zeros(3), X, y, **kwargs)


def test_bad_coef_shape_is_named():
    X, y = make_regression_data(20, 3, 0)
    with pytest.raises(ValueError, match=r"coef must have shape \(3,\)"):
        assert_penalized_optimum(np.zeros(4), X, y, objective="ridge", alpha=1.0)
    with pytest.raises(ValueError, match="needs its objective"):
        assert_map_equals_penalized(np.zeros(3), np.zeros(3), X, y)
