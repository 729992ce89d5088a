"""Cases that once failed, kept as fixed examples."""

import numpy as np
from sklearn.linear_model import QuantileRegressor

from bayesreg import LaplaceLikelihood, LaplacePrior, Model, ParkCasellaLaplacePrior, map_estimate


def test_lad_lasso_certificate_with_large_cancelling_coefficients():
    """Found by hypothesis: y ~ 48 with X ~ 0.1 gives coefficients ~ 250 whose cancellation leaves
    1e-12 residuals on exactly interpolated rows. The KKT check must count those rows as zero
    residuals (relative to each row's terms), or it rejects the right answer (residual 0.05)."""
    X = np.array([
        [0.10531158, 0.17764913, -0.25532918, -0.01379651, 0.10137194, 0.13521418],
        [0.06537884, 0.14971179, 0.02899576, 0.05512671, 0.01787377, -0.10738587],
        [-0.0846629, 0.03795842, -0.05801952, 0.12715514, 0.12923866, 0.17987863],
        [-0.00260738, 0.13837098, -0.09058431, -0.08163147, 0.00813031, 0.02814308],
        [-0.15989883, -0.17307242, 0.03550784, -0.08621881, 0.12083571, 0.03945462],
        [0.03071846, 0.02084426, 0.08954751, -0.01530461, 0.1085631, -0.05259143],
        [-0.02249977, -0.06805052, 0.05976619, 0.00358842, -0.08622671, 0.20018799],
        [-0.0363714, -0.01162998, 0.03941648, 0.17476509, -0.01483836, 0.07031832],
        [0.00987953, -0.14637937, 0.07919773, 0.10206393, -0.02399863, -0.00154363],
        [-0.15013161, -0.1522952, -0.03915199, 0.06259334, -0.04695746, 0.02920229],
        [0.09677673, 0.00957624, 0.05744684, 0.14478735, -0.12460281, 0.07440751],
        [-0.18846846, 0.04316426, 0.02029946, -0.05433348, -0.1077313, -0.00618311],
    ])
    y = np.array([47.99589761, 48.00097622, 47.99092198, 48.00545527, 47.9896415, 47.99695765,
                  47.99608012, 48.01267887, 47.98504306, 47.99585976, 48.01182461, 47.99341659])
    sw = np.array([1.0, 3.0, 1.0, 2.0, 3.0, 2.0, 3.0, 2.0, 2.0, 1.0, 3.0, 3.0])
    alpha = 0.00859375
    res = map_estimate(Model(LaplacePrior(alpha), LaplaceLikelihood(), fit_intercept=False), X, y, sw)
    assert res.converged and res.kkt_residual <= 1e-9
    twin = QuantileRegressor(quantile=0.5, alpha=alpha, fit_intercept=False, solver="highs").fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(res.coef, twin.coef_, rtol=1e-8, atol=1e-8 * np.abs(twin.coef_).max())


def test_park_casella_prior_with_laplace_likelihood_has_its_quantile_twin():
    """Regression (issue 11): map_estimate crashed asking for 'n_samples' when building the twin
    of ParkCasellaLaplacePrior under a LaplaceLikelihood; the mode is QuantileRegressor(lam / (2n))."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 3))
    y = X[:, 0] + rng.normal(size=30)
    res = map_estimate(Model(ParkCasellaLaplacePrior(2.0), LaplaceLikelihood()), X, y)
    assert isinstance(res.twin, QuantileRegressor) and res.twin.alpha == 2.0 / 60
    np.testing.assert_allclose(res.coef, res.twin.fit(X, y).coef_, atol=1e-9)
    assert np.isfinite(res.objective)
