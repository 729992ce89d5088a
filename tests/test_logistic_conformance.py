"""scikit-learn's estimator-check suite for BayesLogisticRegression (binary classifier tags).

Fast setting: 200 Polya-Gamma draws after 100 warm-up sweeps; ``SamplingWarning`` on the
suite's tiny data sets is silenced per test, as in tests/test_sklearn_conformance.py.
Checks that fail by design come from ``_expected_failed_checks`` (strict xfails).
"""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from bayesreg import BayesLogisticRegression

FAST = dict(draws=200, tune=100, random_state=0)


@pytest.mark.filterwarnings("ignore::bayesreg.exceptions.SamplingWarning")
@parametrize_with_checks([BayesLogisticRegression(**FAST), BayesLogisticRegression(prior="lasso", C=0.5, **FAST)],
                         expected_failed_checks=lambda est: est._expected_failed_checks(), xfail_strict=True)
def test_sklearn_compatible_classifier(estimator, check):
    check(estimator)
