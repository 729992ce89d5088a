"""Property-based checks on random small problems: our MAP == the twin, and the KKT conditions."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import ElasticNet

from bayesreg import ElasticNetPrior, LaplaceLikelihood, LaplacePrior, Model, map_estimate
from bayesreg.map import alpha_max


@st.composite
def problems(draw):
    n = draw(st.integers(3, 12))
    p = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * draw(st.sampled_from([0.1, 1.0, 10.0]))
    y = rng.normal(size=n) * draw(st.sampled_from([0.01, 1.0, 100.0])) + draw(st.floats(-50, 50))
    sw = rng.integers(1, 4, size=n).astype(float) if draw(st.booleans()) else None
    return X, y, sw, draw(st.booleans()), draw(st.floats(0.05, 1.0)), draw(st.floats(0.02, 0.9))


@settings(max_examples=60, deadline=None)
@given(problems())
def test_enet_map_equals_sklearn(problem):
    X, y, sw, fi, l1_ratio, frac = problem
    model = Model(ElasticNetPrior(1.0, l1_ratio), fit_intercept=fi)
    if np.std(y) == 0:
        return
    alpha = frac * alpha_max(model, X, y, sw)
    if alpha <= 0:
        return
    res = map_estimate(Model(ElasticNetPrior(alpha, l1_ratio), fit_intercept=fi), X, y, sw)
    twin = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=fi, tol=1e-14, max_iter=10**6).fit(X, y, sample_weight=sw)
    assert res.converged
    # Objective agreement (robust to ill-conditioned random draws), then coefficients.
    assert res.objective <= model.__class__(ElasticNetPrior(alpha, l1_ratio), fit_intercept=fi).twin_objective(
        twin.coef_, twin.intercept_, X, y, sw
    ) * (1 + 1e-9)
    scale = max(np.abs(twin.coef_).max(), np.abs(y).max() / max(np.abs(X).max(), 1e-300) * 1e-6)
    assert np.max(np.abs(res.coef - twin.coef_)) <= 1e-6 * scale


@settings(max_examples=25, deadline=None)
@given(problems())
def test_lad_lasso_kkt(problem):
    X, y, sw, fi, _, frac = problem
    res = map_estimate(Model(LaplacePrior(frac * 0.1), LaplaceLikelihood(), fit_intercept=fi), X, y, sw)
    assert res.converged and res.kkt_residual <= 1e-9
