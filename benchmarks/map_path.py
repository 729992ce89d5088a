"""Our lasso path vs scikit-learn's ``lasso_path``, side by side, on the same 100 alphas.

Both solve the same problem with an intercept, like for like: ours with ``fit_intercept=True`` on
raw data, scikit-learn's ``lasso_path`` on ``X - X.mean(0)``, ``y - y.mean()`` computed *inside* its
timer (what ``Lasso(fit_intercept=True)`` does), so both times include input checks, centering
(ours: a rank-one correction of ``X'X``, no copy of ``X``) and the Gram matrix. A second ratio
gives scikit-learn pre-centered data for free (centering outside its timer), the stricter view.
Equal accuracy: scikit-learn stops at duality gap ``tol_sk * ||y||^2``, ours at
``tol * ||y||^2 / 2``, so we pass ``tol = 2 tol_sk``; afterwards both paths are scored by
one independent function (relative duality gap, largest over the path) and compared.
numba compile time is excluded from the timing (a warm-up call) and printed separately.

Run: ``.venv/bin/python benchmarks/map_path.py`` (target: ratio <= 1.5).
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import lasso_path

from bayesreg import LaplacePrior, Model
from bayesreg.map import map_path

TOL_SK = 1e-8


def rel_gap(X, y, w, alpha):
    """Relative duality gap of ``||y - Xw||^2/(2n) + alpha ||w||_1`` (dual point scaled from the residual)."""
    n = X.shape[0]
    R = y - X @ w
    dual_norm = np.max(np.abs(X.T @ R)) / n
    scale = min(1.0, alpha / dual_norm) if dual_norm > 0 else 1.0
    primal = R @ R / (2 * n) + alpha * np.abs(w).sum()
    theta = scale * R / n
    dual = theta @ y - 0.5 * n * theta @ theta
    return (primal - dual) / (y @ y / (2 * n))


def interleaved(fns, repeat):
    """All timings of each function, run in turn ``repeat`` times so shared-CPU load hits all alike."""
    times = [[] for _ in fns]
    outs = [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            outs[i] = fn()
            times[i].append(time.perf_counter() - t)
    return times, outs


def case(name, X, y, repeat):
    Xc, yc = X - X.mean(0), y - y.mean()
    model = Model(LaplacePrior(), fit_intercept=True)
    alphas = map_path(model, X, y, n_alphas=100)[0]
    (t_ours, t_sk, t_skc), (ours, ref, _) = interleaved(
        [
            lambda: map_path(model, X, y, alphas=alphas, tol=2 * TOL_SK)[1],
            lambda: lasso_path(X - X.mean(0), y - y.mean(), alphas=alphas, tol=TOL_SK, max_iter=100_000)[1],
            lambda: lasso_path(Xc, yc, alphas=alphas, tol=TOL_SK, max_iter=100_000)[1],
        ],
        repeat,
    )
    g_ours = max(rel_gap(Xc, yc, ours[:, k], a) for k, a in enumerate(alphas))
    g_sk = max(rel_gap(Xc, yc, ref[:, k], a) for k, a in enumerate(alphas))
    diff = np.max(np.abs(ours - ref)) / max(np.max(np.abs(ref)), 1e-300)

    def ms(ts):
        return " ".join(f"{t * 1e3:.0f}" for t in ts)

    print(f"{name}  ({repeat} interleaved runs, ms)")
    print(f"  ours (incl. checks, centering, Gram)      best {min(t_ours) * 1e3:8.1f}   all: {ms(t_ours)}")
    print(f"  sklearn lasso_path (incl. centering)      best {min(t_sk) * 1e3:8.1f}   all: {ms(t_sk)}")
    print(f"  sklearn lasso_path (pre-centered, free)   best {min(t_skc) * 1e3:8.1f}   all: {ms(t_skc)}")
    print(
        f"  ratio ours / sklearn: {min(t_ours) / min(t_sk):.2f} like for like (target <= 1.5), "
        f"{min(t_ours) / min(t_skc):.2f} vs pre-centered"
    )
    print(
        f"  accuracy: max rel. duality gap ours {g_ours:.1e}, sklearn {g_sk:.1e} (both asked for 2e-8 of ||y||^2/2n); "
        f"max |coef ours - sklearn| / max |coef| {diff:.1e}"
    )


def main():
    rng = np.random.default_rng(0)
    t = time.perf_counter()
    Xw = rng.normal(size=(30, 4))
    map_path(Model(LaplacePrior()), Xw, Xw[:, 0], n_alphas=3)  # Gram variant
    map_path(Model(LaplacePrior()), Xw[:4], Xw[:4, 0], n_alphas=3)  # residual variant
    print(f"numba load/compile (first call; cache=True, so a load after the first run): {time.perf_counter() - t:.2f} s")
    X, y = load_diabetes(return_X_y=True)
    case("442 x 10", X, y, repeat=20)
    n, p = 10_000, 500
    X = rng.normal(size=(n, p)) + 0.3 * rng.normal(size=(n, 1))  # correlated columns
    w = np.zeros(p)
    w[:20] = rng.normal(size=20) * 2
    y = X @ w + 5 + rng.normal(size=n) * 3
    case("10000 x 500", X, y, repeat=5)


if __name__ == "__main__":
    main()
