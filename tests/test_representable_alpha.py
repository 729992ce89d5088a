"""Extreme but finite prior parameters: a correct answer inside the representable range, a
ValueError naming the parameter outside it (``Model.check_scales``, docs/math-contract.md,
"Representable parameters").

The edges are written out here from the rule, not taken from the library: a prior scale ``r`` in
units of sigma must have ``tiny <= r**k <= 1 / tiny`` (``tiny = numpy.finfo(float).tiny``), with
``k = 2`` for a normal scale (ridge: ``r = 1 / sqrt(alpha)``) and ``k = 4`` for a Laplace scale
(alpha-form lasso under a Gaussian likelihood: ``r = b / sigma = sigma / (n alpha)``), at
``sigma = sd(y)`` (``ddof = 0``). "Just inside" is the edge moved by a relative 1e-6.
"""

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, LinearRegression, Ridge

from bayesreg import (
    BayesElasticNet,
    BayesHorseshoe,
    BayesLasso,
    BayesRegression,
    BayesRidge,
    ElasticNetPrior,
    GaussianPrior,
    HorseshoePrior,
    LaplacePrior,
    Model,
    ParkCasellaLaplacePrior,
    StudentTPrior,
    map_estimate,
)

TINY = np.finfo(float).tiny
X, Y = load_diabetes(return_X_y=True)
N, SIGMA = X.shape[0], float(np.std(Y))
RIDGE_EDGES = (TINY, 1.0 / TINY)  # 1 / sqrt(alpha) with its square and inverse square normal
LASSO_EDGES = (TINY**0.25 * SIGMA / N, TINY**-0.25 * SIGMA / N)  # sigma / (n alpha) in [tiny^(1/4), tiny^(-1/4)]
INSIDE = 1e-6
SMALL = dict(random_state=0, draws=50, tune=50)
quiet = pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning")  # 50 draws: ESS < 100 per chain


def _lasso_edges(l1_ratio):
    return tuple(e / l1_ratio for e in LASSO_EDGES)  # the L1 part's rate is n alpha l1_ratio / sigma^2


@pytest.mark.parametrize("alpha", [1e308, 1e-300, 5e-324])
@pytest.mark.parametrize("make", [lambda a: BayesLasso(alpha=a, **SMALL), lambda a: BayesElasticNet(alpha=a, **SMALL),
                                  lambda a: BayesRegression(prior=LaplacePrior(a), **SMALL)],
                         ids=["BayesLasso", "BayesElasticNet", "BayesRegression"])
def test_lasso_and_enet_refuse_an_unrepresentable_alpha_by_name(make, alpha):
    est = make(alpha)
    with pytest.raises(ValueError, match=rf"The 'alpha' parameter of {type(est).__name__} must be a float in the "
                                         r"range \[.*\] on these data \(n = 442, sigma = sd\(y\) = 77\.01\): it sets "
                                         r"the Laplace prior scale b / sigma"):
        est.fit(X, Y)


@pytest.mark.parametrize("alpha", [1e308, 1e-310])
def test_ridge_refuses_an_unrepresentable_alpha_by_name(alpha):
    with pytest.raises(ValueError, match=r"The 'alpha' parameter of BayesRidge .* the normal prior scale "
                                         r"sd / sigma = 1 / sqrt\(alpha\)"):
        BayesRidge(alpha=alpha, **SMALL).fit(X, Y)


def test_the_message_states_the_range_the_scale_and_the_value():
    with pytest.raises(ValueError) as info:
        BayesLasso(alpha=1e308, **SMALL).fit(X, Y)
    msg = str(info.value)
    lo, hi = LASSO_EDGES
    assert f"[{lo:.3g}, {hi:.3g}]" in msg  # the alpha range on these data
    assert "[1.22e-77, 8.19e+76]" in msg  # tiny^(1/4), tiny^(-1/4)
    assert "sigma / (n alpha) = 1.74e-309," in msg  # 77.0 / (442 * 1e308), subnormal
    assert msg.endswith("Got 1e+308 instead.")


@pytest.mark.parametrize("side", [0, 1])
def test_ridge_just_inside_the_edges_matches_scikit_learn(side):
    alpha = RIDGE_EDGES[side] * (1 + INSIDE if side == 0 else 1 - INSIDE)
    res = map_estimate(Model(GaussianPrior(alpha)), X, Y)
    ref = Ridge(alpha=alpha).fit(X, Y)
    np.testing.assert_allclose(res.coef, ref.coef_, rtol=1e-9)  # closed forms, both Cholesky-type solves
    assert res.intercept == pytest.approx(ref.intercept_, rel=1e-12)
    assert np.all(res.coef != 0)  # non-trivial: ~1e-305 at the top, OLS at the bottom
    outside = RIDGE_EDGES[side] * (1 - INSIDE if side == 0 else 1 + INSIDE)
    with pytest.raises(ValueError, match="The 'alpha' parameter of GaussianPrior"):
        map_estimate(Model(GaussianPrior(outside)), X, Y)


def test_ridge_tiny_alpha_is_nearly_no_penalty():
    # 1e-300 is inside ridge's range: the answer is least squares (the brief's "correct answer").
    res = map_estimate(Model(GaussianPrior(1e-300)), X, Y)
    np.testing.assert_allclose(res.coef, LinearRegression().fit(X, Y).coef_, rtol=1e-9)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_lasso_just_inside_the_top_edge_is_zero_like_scikit_learn(l1_ratio):
    alpha = _lasso_edges(l1_ratio)[1] * (1 - INSIDE)
    prior = LaplacePrior(alpha) if l1_ratio == 1 else ElasticNetPrior(alpha, l1_ratio)
    res = map_estimate(Model(prior), X, Y)
    ref = Lasso(alpha=alpha, tol=1e-12).fit(X, Y)
    assert res.converged and np.all(res.coef == 0) and np.all(ref.coef_ == 0)
    assert res.intercept == pytest.approx(ref.intercept_, rel=1e-12)
    with pytest.raises(ValueError, match=f"The 'alpha' parameter of {type(prior).__name__}"):
        map_estimate(Model(type(prior)(alpha * (1 + 3 * INSIDE), *([l1_ratio] if l1_ratio < 1 else []))), X, Y)


@pytest.mark.parametrize("alpha", [LASSO_EDGES[0] * (1 + INSIDE), 1e-20, 1e-12])
def test_lasso_tiny_alpha_converges_to_least_squares(alpha):
    # l1 = n alpha is below the rounding of X'r: the duality gap cannot certify (scikit-learn's Lasso
    # warns here too), the KKT residual of the exact full-support solve does. The lasso optimum is
    # least squares shifted by (X'X)^-1 n alpha sign(w), below 1e-9 relative here.
    res = map_estimate(Model(LaplacePrior(alpha)), X, Y)
    assert res.converged and res.kkt_residual <= 1e-12
    np.testing.assert_allclose(res.coef, LinearRegression().fit(X, Y).coef_, rtol=1e-9)
    if alpha < LASSO_EDGES[0] * 1.1:
        with pytest.raises(ValueError, match="The 'alpha' parameter of LaplacePrior"):
            map_estimate(Model(LaplacePrior(LASSO_EDGES[0] * (1 - INSIDE))), X, Y)


@quiet
@pytest.mark.parametrize("make, alpha", [
    (BayesLasso, LASSO_EDGES[1] * (1 - INSIDE)), (BayesLasso, LASSO_EDGES[0] * (1 + INSIDE)),
    (BayesElasticNet, _lasso_edges(0.5)[1] * (1 - INSIDE)), (BayesElasticNet, _lasso_edges(0.5)[0] * (1 + INSIDE)),
    (BayesRidge, RIDGE_EDGES[1] * (1 - INSIDE)), (BayesRidge, RIDGE_EDGES[0] * (1 + INSIDE)),
], ids=["lasso-top", "lasso-bottom", "enet-top", "enet-bottom", "ridge-top", "ridge-bottom"])
def test_a_fit_just_inside_the_edges_samples_finite_numbers(make, alpha):
    est = make(alpha=alpha, **SMALL).fit(X, Y)  # Gibbs (lasso, enet) or exact (ridge) sampler
    post = est.idata_.posterior
    assert np.all(np.isfinite(post["coef"].values)) and np.all(np.isfinite(post["sigma"].values))
    assert np.all(post["sigma"].values > 0)
    if alpha < 1:  # nearly no penalty: the posterior mean is near least squares (sd ~ 60 per weight here)
        ols = LinearRegression().fit(X, Y).coef_
        assert np.max(np.abs(est.coef_ - ols)) < 0.5 * np.max(np.abs(ols))
    else:  # all but the prior: weights of the order of the prior scale, sigma of sd(y)
        assert np.max(np.abs(est.coef_)) < 1e-70 and est.sigma_ == pytest.approx(SIGMA, rel=0.05)


@pytest.mark.parametrize("prior, name", [
    (ParkCasellaLaplacePrior(1e80), "lam"), (ParkCasellaLaplacePrior(1e-80), "lam"),
    (StudentTPrior(3.0, 1e300), "scale"), (HorseshoePrior(1e-300), "global_scale"),
    (HorseshoePrior(1.0, tau=1e200), "tau"),
])
def test_other_priors_name_their_parameter(prior, name):
    with pytest.raises(ValueError, match=rf"The '{name}' parameter of {type(prior).__name__} must be a float"):
        Model(prior).check_scales(N, SIGMA)
    Model(type(prior)()).check_scales(N, SIGMA)  # the defaults pass


@pytest.mark.parametrize("g", [1e308, 1e-300])
def test_horseshoe_global_scale(g):
    with pytest.raises(ValueError, match="The 'global_scale' parameter of BayesHorseshoe"):
        BayesHorseshoe(global_scale=g, **SMALL).fit(X, Y)


def test_a_hyperprior_leaves_alpha_unchecked():
    from bayesreg.hyperpriors import GammaHyperprior

    Model(LaplacePrior(1e308, hyperprior=GammaHyperprior(1.0, 1.0))).check_scales(N, SIGMA)  # alpha is sampled
