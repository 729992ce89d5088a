"""alpha "auto": shuffled, seeded K-fold cross-validation, the 1-SE and min rules, edge-of-grid reasons.

Oracles: the fold errors recomputed here with scikit-learn's own KFold and estimators (a loop
written out in the test), and the 1-SE rule applied by hand to that curve.
"""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.model_selection import KFold

from bayesreg.tuning import choose_alpha, cross_validate_alpha, cv_curve, default_folds

PROSTATE = Path(__file__).parents[1] / "docs" / "data" / "prostate.data"
#: Cold-started twins at tol=1e-12: the path's warm-started CD (tol 1e-10) agrees to ~1e-11 relative.
TWINS = {"ridge": lambda a: Ridge(alpha=a), "lasso": lambda a: Lasso(alpha=a, tol=1e-12, max_iter=10**6),
         "elasticnet": lambda a: ElasticNet(alpha=a, l1_ratio=0.5, tol=1e-12, max_iter=10**6)}


@pytest.fixture(scope="module")
def prostate_train():
    raw = pd.read_csv(PROSTATE, sep="\t", index_col=0)
    train = raw[raw.train == "T"]
    X = train.drop(columns=["lpsa", "train"])
    return (X - X.mean()) / X.std(ddof=0), train["lpsa"]


def _fold_mse(model, alpha, X, y, folds):
    errors = []
    for fit_rows, test_rows in folds.split(X):
        twin = TWINS[model](alpha).fit(X.iloc[fit_rows], y.iloc[fit_rows])
        errors.append(np.mean((twin.predict(X.iloc[test_rows]) - y.iloc[test_rows]) ** 2))
    return np.array(errors)


@pytest.mark.parametrize("model", sorted(TWINS))
@pytest.mark.parametrize("seed", [0, 7])
def test_cv_curve_is_the_shuffled_kfold_error(prostate_train, model, seed):
    """At three grid points, the mean and standard error over KFold(10, shuffle=True, random_state=seed)
    folds, refitted here one by one; tolerance 1e-8 (ridge: closed form vs scikit-learn, ~1e-16;
    L1: warm-started path at tol 1e-10 vs cold fits at 1e-12, ~1e-11 measured)."""
    X, y = prostate_train
    alphas, mse, se = cv_curve(model, X, y, cv=10, random_state=seed)
    for i in (0, 40, 99):
        errors = _fold_mse(model, alphas[i], X, y, KFold(10, shuffle=True, random_state=seed))
        np.testing.assert_allclose(mse[i], errors.mean(), rtol=1e-8)
        np.testing.assert_allclose(se[i], errors.std(ddof=1) / np.sqrt(10), rtol=1e-8)


def test_rules_pick_what_their_definition_says(prostate_train):
    X, y = prostate_train
    for model in TWINS:
        alphas, mse, se = cv_curve(model, X, y, cv=10, random_state=0)
        best = np.argmin(mse)
        one_se = max(a for a, m in zip(alphas, mse) if m <= mse[best] + se[best])
        assert choose_alpha(model, X, y, cv=10, rule="min", random_state=0) == alphas[best]
        assert choose_alpha(model, X, y, cv=10, rule="1se", random_state=0) == one_se
        assert one_se > alphas[best]  # non-trivial: the rules differ on these data


def test_seed_decides_the_folds(prostate_train):
    X, y = prostate_train
    same = [cross_validate_alpha("lasso", X, y, random_state=3) for _ in range(2)]
    np.testing.assert_array_equal(same[0].mse, same[1].mse)
    other = cross_validate_alpha("lasso", X, y, random_state=4)
    assert not np.allclose(other.mse, same[0].mse)


def test_unshuffled_folds_on_sorted_rows_collapse_and_say_why(prostate_train):
    """The failure of issue 13: the ESL file is sorted by lpsa; file-order folds each predict a range
    of lpsa never seen in training, so the min rule of the old CLI (5 folds) runs to the smallest alpha.
    Shuffled folds do not."""
    X, y = prostate_train
    with pytest.warns(UserWarning) as record:
        choice = cross_validate_alpha("lasso", X, y, cv=5, rule="min", shuffle=False)
    assert choice.edge == "smallest" and choice.index == 99
    message = str(record[0].message)
    assert "the rows are ordered by the target (Spearman rho = 1.00" in message
    assert "too little data" not in message  # 60 training rows for 8 features is not the problem
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shuffled = cross_validate_alpha("lasso", X, y, cv=5, rule="min", shuffle=True, random_state=0)
    assert shuffled.edge is None and 0 < shuffled.index < 99


def test_edge_reasons_apply_only_when_they_hold():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X @ np.array([3.0, -2.0, 1.0]) + 0.01 * rng.normal(size=200)  # strong signal, few features
    with pytest.warns(UserWarning, match="smallest alpha") as record:
        cross_validate_alpha("lasso", X, y, rule="min")
    message = str(record[0].message)
    assert "least squares predicts as well as any penalized fit" in message
    assert "ordered" not in message and "too little data" not in message

    noise = rng.normal(size=200)  # nothing to find
    with pytest.warns(UserWarning, match="largest alpha") as record:
        cross_validate_alpha("lasso", X, noise, rule="1se")
    assert "no feature predicts y better than its mean" in str(record[0].message)

    Xs, ys = rng.normal(size=(20, 8)), rng.normal(size=20)  # 18 training rows per fold for 8 features
    with pytest.warns(UserWarning) as record:
        choice = cross_validate_alpha("ridge", Xs, ys, rule="1se")
    assert choice.edge is not None
    assert "too little data: 18 training rows per fold for 8 features" in str(record[0].message)


def test_default_folds():
    assert default_folds(97) == 10 and default_folds(20) == 10 and default_folds(15) == 7 and default_folds(4) == 2


def test_describe_says_rule_folds_and_seed(prostate_train):
    X, y = prostate_train
    assert cross_validate_alpha("ridge", X, y, random_state=2).describe() == (
        "the one-standard-error rule of the ridge twin's shuffled (seed 2) 10-fold cross-validation")
    with pytest.warns(UserWarning, match="ordered by the target"):  # file order, sorted by lpsa
        unshuffled = cross_validate_alpha("ridge", X, y, cv=5, rule="min", shuffle=False)
    assert unshuffled.describe() == "the minimum of the ridge twin's unshuffled 5-fold cross-validation"


@pytest.mark.parametrize("kwargs, message", [
    (dict(cv=1), r"The 'cv' parameter must be an integer >= 2. Got 1 instead."),
    (dict(rule="max"), r"The 'rule' parameter must be one of \('1se', 'min'\). Got 'max' instead."),
    (dict(cv=40), r"choosing alpha by 40-fold cross-validation needs at least 80 rows; got 67"),
])
def test_bad_settings(prostate_train, kwargs, message):
    X, y = prostate_train
    with pytest.raises(ValueError, match=message):
        cross_validate_alpha("lasso", X, y, **kwargs)
