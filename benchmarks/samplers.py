"""Our default exact sampler vs PyMC NUTS, measured side by side in one run.

Scenarios (issue 5):

A. diabetes, Bayesian lasso (Park & Casella form) with ``lam^2 ~ Gamma(1, 1.78)``:
   smallest bulk ESS per second, wall time including JIT/compilation (target: ours >= 100x NUTS);
B. p = 2000, n = 200, 10 non-zero weights, Bayesian lasso in the alpha form (``BayesLasso``'s
   model, ``alpha = 0.1``): smallest bulk ESS over the weights per minute (target: >= 1000 for
   every weight). Not the ``lam`` hyperprior here: with p > n and Jeffreys sigma, the
   sigma-scaled Park & Casella prior lets (sigma, lam) drift toward 0 together (a property
   of the model, cf. Moran, Rockova & George 2019, Bayesian Analysis 14:1091-1119);
C. n = 1,000,000, p = 50, same prior: wall time of 1000 kept draws after the data are in
   memory (target: < 10 s).

Usage::

    PYTENSOR_FLAGS=blas__ldflags=-lopenblas .venv/bin/python benchmarks/samplers.py [--quick] [--no-nuts-large]

Peak memory: ``tracemalloc`` peak of numpy/Python allocations during our sampler's
call (the data themselves excluded), and the process's peak resident set size
(NUTS workers are child processes: their peak is reported separately).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import tracemalloc
from pathlib import Path

import numpy as np

os.environ.setdefault("PYTENSOR_FLAGS", "blas__ldflags=-lopenblas")


def _numba_cache_state() -> str:
    """Whether numba's on-disk cache of the kernel is present and newer than its source
    (a stale cache is recompiled on first use, like a missing one)."""
    import bayesreg.posterior._gibbs_kernels as k

    src = Path(k.__file__)
    idx = list((src.parent / "__pycache__").glob("_gibbs_kernels.run_cholesky_chain*.nbi"))
    if idx and max(f.stat().st_mtime for f in idx) >= src.stat().st_mtime:
        return "warm (numba on-disk cache present and current)"
    return "cold (the first call compiles the kernel)"


def _model(fit_intercept=True):
    from bayesreg import Model, ParkCasellaLaplacePrior
    from bayesreg.hyperpriors import GammaHyperprior

    return Model(ParkCasellaLaplacePrior(lam=1.0, hyperprior=GammaHyperprior(1.0, 1.78)), fit_intercept=fit_intercept)


def _pymc_bayes_lasso(X, y, hyper):
    """PyMC model of the same posterior: flat intercept, Jeffreys sigma, w_j ~ Laplace(0, sigma / lam),
    lam^2 ~ Gamma(shape, rate). Centered X (the intercept shift has unit Jacobian)."""
    import pymc as pm

    X_offset = X.mean(axis=0)
    Xc = X - X_offset
    with pm.Model(coords={"feature": [f"x{j}" for j in range(X.shape[1])]}) as m:
        lam2 = pm.Gamma("lam2", alpha=hyper.shape, beta=hyper.rate)
        pm.Deterministic("lam", pm.math.sqrt(lam2))
        sigma = pm.HalfFlat("sigma")
        pm.Potential("jeffreys", -pm.math.log(sigma))
        coef = pm.Laplace("coef", mu=0.0, b=sigma / pm.math.sqrt(lam2), dims="feature")
        b0 = pm.Flat("intercept_centered")
        pm.Normal("y", mu=b0 + pm.math.dot(Xc, coef), sigma=sigma, observed=y)
    return m


def _min_ess(idata, var_names=None):
    import arviz as az

    ess = az.ess(idata, var_names=var_names, method="bulk")
    return min(float(ess[v].min()) for v in ess.data_vars)


def run_ours(X, y, *, draws, tune, chains, seed, var_names=None, model=None, trace=True):
    """Time one call; ``trace=False`` leaves ``tracemalloc`` off, which matters for a first call:
    tracing every allocation made ArviZ's import and numba's cache load ~4x slower (4.2 s vs 1.0 s)."""
    from bayesreg.posterior import sample_gibbs

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    idata = sample_gibbs(model or _model(), X, y, draws=draws, tune=tune, chains=chains, rng=seed)
    wall = time.perf_counter() - t0
    peak = float("nan")
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return idata, wall, peak, _min_ess(idata, var_names)


def run_nuts(X, y, *, draws, tune, chains, seed, var_names=None, model=None):
    import pymc as pm

    t0 = time.perf_counter()
    if model is not None:
        from bayesreg.posterior import sample_nuts

        idata = sample_nuts(model, X, y, draws=draws, tune=tune, chains=chains, rng=np.random.default_rng(seed))
        wall = time.perf_counter() - t0
        return idata, wall, _min_ess(idata, var_names or ["coef", "sigma"])
    with _pymc_bayes_lasso(X, y, _model().prior.hyperprior):
        idata = pm.sample(
            draws=draws, tune=tune, chains=chains, cores=min(chains, os.cpu_count() or 1), random_seed=seed,
            progressbar=False, compute_convergence_checks=False, target_accept=0.9,
        )
    wall = time.perf_counter() - t0
    vn = var_names or ["coef", "sigma", "lam"]
    return idata, wall, _min_ess(idata, vn)


def _row(name, sampler, draws, wall, ess, extra=""):
    print(f"{name:<28} {sampler:<22} {draws:>8} {wall:>9.2f} {ess:>9.0f} {ess / wall:>11.1f} {60 * ess / wall:>12.0f}  {extra}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller NUTS runs")
    parser.add_argument("--no-nuts-large", action="store_true", help="skip NUTS on n = 1,000,000")
    args = parser.parse_args()
    from sklearn.datasets import load_diabetes

    print(f"numba cache: {_numba_cache_state()}; cores: {os.cpu_count()}")
    print(f"{'scenario':<28} {'sampler':<22} {'draws':>8} {'wall s':>9} {'min ESS':>9} {'ESS/s':>11} {'ESS/min':>12}  notes")

    # A. diabetes
    X, y = load_diabetes(return_X_y=True)
    idata, wall, _, ess_ours = run_ours(X, y, draws=10_000, tune=1000, chains=4, seed=0, trace=False)
    _row("A diabetes lasso+hyper", idata.posterior.attrs["sampler"], 4 * 10_000, wall, ess_ours,
         "first call: ArviZ import and numba cache load included")
    _, wall2, _, ess2 = run_ours(X, y, draws=10_000, tune=1000, chains=4, seed=1, trace=False)
    _, _, peak, _ = run_ours(X, y, draws=10_000, tune=1000, chains=4, seed=2)
    _row("A diabetes lasso+hyper", "gibbs-cholesky (again)", 4 * 10_000, wall2, ess2,
         f"second call in the process; peak {peak / 2**20:.1f} MiB (traced third call)")
    nd = 500 if args.quick else 1000
    _, wall_n, ess_n = run_nuts(X, y, draws=nd, tune=nd, chains=4, seed=0)
    _row("A diabetes lasso+hyper", "pymc-nuts (4 ch, 2 cores)", 4 * nd, wall_n, ess_n)
    print(f"  -> ESS/s ratio ours / NUTS: first call {(ess_ours / wall) / (ess_n / wall_n):.0f}x, "
          f"second call {(ess2 / wall2) / (ess_n / wall_n):.0f}x (target >= 100x)")

    # B. p = 2000, n = 200
    rng = np.random.default_rng(1)
    n, p = 200, 2000
    Xb = rng.standard_normal((n, p))
    wb = np.zeros(p)
    wb[:10] = rng.choice([-1, 1], 10) * rng.uniform(1.0, 3.0, 10)
    yb = Xb @ wb + rng.standard_normal(n)
    from bayesreg import LaplacePrior, Model

    lasso = Model(LaplacePrior(alpha=0.1))
    idata, wall, peak, ess_ours = run_ours(
        Xb, yb, draws=2000, tune=300, chains=2, seed=0, var_names=["coef"], model=lasso
    )
    _row("B p=2000 n=200 (weights)", idata.posterior.attrs["sampler"], 2 * 2000, wall, ess_ours,
         f"peak {peak / 2**20:.1f} MiB; ESS of sigma {_min_ess(idata, ['sigma']):.0f}")
    nd = 100 if args.quick else 200
    _, wall_n, ess_n = run_nuts(Xb, yb, draws=nd, tune=nd, chains=2, seed=0, var_names=["coef"], model=lasso)
    _row("B p=2000 n=200 (weights)", "pymc-nuts (2 ch, 2 cores)", 2 * nd, wall_n, ess_n)
    print(f"  -> effective draws/min for every weight: ours {60 * ess_ours / wall:.0f} (target >= 1000), "
          f"NUTS {60 * ess_n / wall_n:.1f}")
    del Xb, yb, idata

    # C. n = 1e6, p = 50
    n, p = 1_000_000, 50
    Xc = rng.standard_normal((n, p))
    wc = np.zeros(p)
    wc[:5] = [1.0, -2.0, 0.5, 0.0, 3.0]
    yc = Xc @ wc + rng.standard_normal(n)
    idata, wall, peak, ess_ours = run_ours(Xc, yc, draws=500, tune=200, chains=2, seed=0)
    _row("C n=1e6 p=50", idata.posterior.attrs["sampler"], 2 * 500, wall, ess_ours,
         f"1000 kept draws (+400 tune) in {wall:.2f} s (target < 10 s); peak {peak / 2**20:.1f} MiB "
         f"(X itself {Xc.nbytes / 2**20:.0f} MiB)")
    if not args.no_nuts_large:
        nd = 50 if args.quick else 100
        _, wall_n, ess_n = run_nuts(Xc, yc, draws=nd, tune=nd, chains=2, seed=0)
        _row("C n=1e6 p=50", "pymc-nuts (2 ch, 2 cores)", 2 * nd, wall_n, ess_n)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**10
    print(f"peak RSS: this process {self_rss:.0f} MiB; largest NUTS worker {child_rss:.0f} MiB")


if __name__ == "__main__":
    main()
