import os

import matplotlib
import numpy as np
import pytest
from hypothesis import settings

matplotlib.use("Agg")

# CI runs the property-based tests on a fixed sequence of examples (a red CI must be
# reproducible); locally they keep exploring new examples and remember failures.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def diabetes():
    """scikit-learn's diabetes data as float arrays (ships with scikit-learn)."""
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    return X, y


def make_regression_data(n, p, seed, n_informative=3, noise=1.0):
    """Synthetic data with a few non-zero weights and a non-zero intercept."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, size=p) + rng.normal(size=p)
    w = np.zeros(p)
    w[: min(n_informative, p)] = rng.normal(scale=3.0, size=min(n_informative, p))
    y = 1.5 + X @ w + noise * rng.normal(size=n)
    return X, y
