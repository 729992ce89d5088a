"""Start-up cost of the command line: `bayesreg --help` against importing the estimators.

Prints the best of N wall-clock times (a fresh interpreter each run) side by side, and the ratio.
Target (issue 13): `bayesreg --help` under 1 s on the project's 2-core machine; before issue 13 it
imported scikit-learn, PyMC and ArviZ through the package's top level (~1.5-3 s).

Also times alpha="auto" on the ESL prostate training rows: the whole-path CV of
``bayesreg.tuning.cv_curve`` against scikit-learn's ``validation_curve`` (one fit per alpha and fold).

    python benchmarks/cli_startup.py [N]
"""

import subprocess
import sys
import time
import warnings
from pathlib import Path

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5
PROSTATE = Path(__file__).parents[1] / "docs" / "data" / "prostate.data"


def best_of(argv):
    times = []
    for _ in range(N):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def cv_times():
    import numpy as np
    import pandas as pd
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import Lasso, Ridge
    from sklearn.model_selection import KFold, validation_curve

    from bayesreg.tuning import cv_curve

    raw = pd.read_csv(PROSTATE, sep="\t", index_col=0)
    train = raw[raw.train == "T"]
    X = train.drop(columns=["lpsa", "train"])
    X, y = (X - X.mean()) / X.std(ddof=0), train["lpsa"]
    rows = []
    for model, twin in (("ridge", Ridge()), ("lasso", Lasso(max_iter=100_000))):
        start = time.perf_counter()
        alphas, mse, _ = cv_curve(model, X, y, cv=10)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            _, test = validation_curve(twin, X, y, param_name="alpha", param_range=alphas,
                                       cv=KFold(10, shuffle=True, random_state=0), scoring="neg_mean_squared_error")
        theirs = time.perf_counter() - start
        rows.append((model, ours, theirs, float(np.max(np.abs(-test.mean(axis=1) - mse) / mse))))
    return rows


if __name__ == "__main__":
    exe = Path(sys.executable).with_name("bayesreg")
    help_s = best_of([str(exe), "--help"])
    eager_s = best_of([sys.executable, "-c", "import bayesreg; bayesreg.BayesLasso; import pymc, arviz"])
    bare_s = best_of([sys.executable, "-c", "pass"])
    print(f"{'':34}{'seconds':>10}")
    print(f"{'python -c pass (interpreter)':34}{bare_s:10.3f}")
    print(f"{'bayesreg --help':34}{help_s:10.3f}")
    print(f"{'import estimators + PyMC + ArviZ':34}{eager_s:10.3f}   ({eager_s / help_s:.1f}x --help)")
    print()
    print(f"{'alpha auto, 100 alphas x 10 folds':34}{'path (ours)':>12}{'validation_curve':>18}{'ratio':>8}"
          f"{'max rel diff':>14}")
    for model, ours, theirs, diff in cv_times():
        print(f"{model:34}{ours:12.3f}{theirs:18.3f}{theirs / ours:8.1f}{diff:14.1e}")
