"""Fixtures for the test modules (session set-up, options and tiers: ../conftest.py)."""

import os

import pytest
from hypothesis import settings

from ._helpers import make_regression_data  # noqa: F401  (kept importable from here for older test files)

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
