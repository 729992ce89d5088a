"""Penalty mappings: exact round trips, and each formula checked against a solver."""

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, LassoCV, QuantileRegressor, Ridge

from bayesreg import (
    ElasticNetPrior,
    GaussianPrior,
    LaplaceLikelihood,
    LaplacePrior,
    Model,
    ParkCasellaLaplacePrior,
    StudentTLikelihood,
    map_estimate,
)
from bayesreg.mapping import from_article, from_glmnet, from_twin, glmnet_sd_y, to_article, to_glmnet, to_twin

MODELS = [
    Model(GaussianPrior(2.5)),
    Model(LaplacePrior(0.3), fit_intercept=False),
    Model(ElasticNetPrior(0.7, 0.25)),
    Model(ElasticNetPrior(0.7, 1.0)),
    Model(LaplacePrior(0.1), LaplaceLikelihood()),
]


@pytest.mark.parametrize("model", MODELS, ids=repr)
def test_model_twin_model_round_trip_exact(model):
    twin = to_twin(model)
    assert twin.get_params()["fit_intercept"] == model.fit_intercept
    back = from_twin(twin)
    assert back == model  # dataclass equality: same prior (exact floats), likelihood, intercept


def test_park_casella_round_trip_and_twin():
    m = Model(ParkCasellaLaplacePrior(3.0))
    twin = to_twin(m, sigma=2.0, n_samples=50)
    assert twin.alpha == pytest.approx(3.0 * 2.0 / 50, rel=1e-15)
    back = from_twin(twin, sigma=2.0, n_samples=50, laplace_form="park_casella")
    assert back.prior.lam == pytest.approx(3.0, rel=4e-16)
    q = to_twin(Model(ParkCasellaLaplacePrior(3.0), LaplaceLikelihood()), n_samples=50)
    assert q.alpha == pytest.approx(3.0 / 100, rel=1e-15)
    with pytest.raises(ValueError, match="sigma"):
        to_twin(m, n_samples=50)


def test_twin_kinds_and_errors():
    assert isinstance(Model(GaussianPrior()).make_twin(), Ridge)
    assert isinstance(Model(LaplacePrior()).make_twin(tol=1e-9), Lasso)
    q = to_twin(Model(LaplacePrior(0.2), LaplaceLikelihood()))
    assert isinstance(q, QuantileRegressor) and q.quantile == 0.5 and q.alpha == 0.2
    with pytest.raises(NotImplementedError, match="map_estimate"):
        to_twin(Model(LaplacePrior(), StudentTLikelihood()))
    with pytest.raises(NotImplementedError):
        to_twin(Model(GaussianPrior(), LaplaceLikelihood()))
    with pytest.raises(TypeError, match="LassoCV"):
        from_twin(LassoCV())
    with pytest.raises(ValueError, match="quantile"):
        from_twin(QuantileRegressor(quantile=0.3))
    with pytest.raises(ValueError, match="laplace_form"):
        from_twin(Lasso(), laplace_form="scale")


def _y(seed=0, n=30):
    rng = np.random.default_rng(seed)
    return rng.normal(size=n) * 3 + 1, rng.integers(1, 4, size=n).astype(float)


def test_glmnet_sd_y_written_out():
    y, sw = _y()
    v = sw / sw.sum()
    assert glmnet_sd_y(y, sw) == pytest.approx(np.sqrt(v @ (y - v @ y) ** 2), rel=1e-14)
    assert glmnet_sd_y(y, None, fit_intercept=False) == pytest.approx(np.sqrt(np.mean(y**2)), rel=1e-14)
    assert glmnet_sd_y(y) == pytest.approx(np.std(y), rel=1e-14)  # population sd, ddof=0


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("model", MODELS[:4], ids=repr)
def test_glmnet_round_trip(model, weighted):
    y, sw = _y(1)
    sw = sw if weighted else None
    lam, a = to_glmnet(model, y, sw)
    back = from_glmnet(lam, a, y, sw, fit_intercept=model.fit_intercept)
    if isinstance(model.prior, ElasticNetPrior) and model.prior.l1_ratio == 1.0:
        assert back.prior == LaplacePrior(model.prior.alpha)
        return
    assert type(back.prior) is type(model.prior)
    for k, v in vars(model.prior).items():
        assert getattr(back.prior, k) == pytest.approx(v, rel=1e-14)


def test_glmnet_mapping_solves_glmnets_problem():
    """glmnet's recipe written out: fit y/sd with lambda/sd, rescale by sd; compare to the mapped model."""
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 4))
    y = X @ [1.0, -2.0, 0.0, 0.5] + 3 + rng.normal(size=50) * 4
    lam, a = 0.4, 0.3
    sd = np.std(y)
    ref = ElasticNet(alpha=lam / sd, l1_ratio=a, tol=1e-14, max_iter=10**6).fit(X, y / sd)
    model = from_glmnet(lam, a, y)
    res = map_estimate(model, X, y)
    np.testing.assert_allclose(res.coef, ref.coef_ * sd, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("model", MODELS[:4], ids=repr)
def test_article_round_trip_and_objective(model):
    n = 40
    lam, a = to_article(model, n)
    back = from_article(lam, a, n, fit_intercept=model.fit_intercept)
    if isinstance(model.prior, ElasticNetPrior) and model.prior.l1_ratio == 1.0:
        assert back.prior.alpha == pytest.approx(model.prior.alpha, rel=1e-15)
    else:
        assert type(back.prior) is type(model.prior)
        for k, v in vars(model.prior).items():
            assert getattr(back.prior, k) == pytest.approx(v, rel=1e-14)
    # The article objective is 2n (or 1 for ridge) times the twin objective, at any w.
    rng = np.random.default_rng(0)
    X, y, w = rng.normal(size=(n, 3)), rng.normal(size=n), rng.normal(size=3)
    r = y - X @ w
    art = r @ r + lam * (a * np.abs(w).sum() + (1 - a) * w @ w)
    twin = model.twin_objective(w, 0.0, X, y) if not model.fit_intercept else Model(model.prior, fit_intercept=False).twin_objective(w, 0.0, X, y)
    factor = 1.0 if isinstance(model.prior, GaussianPrior) else 2 * n
    assert art == pytest.approx(factor * twin, rel=1e-13)


def test_conversion_errors():
    y, _ = _y()
    with pytest.raises(ValueError, match="alpha"):
        from_glmnet(1.0, 1.5, y)
    with pytest.raises(ValueError, match="lambda_"):
        from_article(-1.0, 0.5, 10)
    with pytest.raises(ValueError, match="n_samples"):
        to_article(Model(LaplacePrior()), None)
    with pytest.raises(NotImplementedError):
        to_glmnet(Model(LaplacePrior(), LaplaceLikelihood()), y)
