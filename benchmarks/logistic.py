"""Polya-Gamma Gibbs vs PyMC NUTS for Bayesian logistic regression, side by side in one run (issue 17).

Data: scikit-learn's breast cancer (569 x 30), standardized columns. Models
(:class:`bayesreg.bernoulli.LogisticModel`): ridge at ``C = 1`` (``LogisticRegression``'s
default), lasso at ``C = 0.1`` (a sparse mode: ~20 exact zeros) and elastic net
(``C = 0.1, l1_ratio = 0.5``). Both samplers start at the MAP, 2 chains each. Reported per
sampler: wall time of the call (NUTS: including PyTensor's compilation; also its
``sampling_time`` alone), the smallest bulk ESS over the weights and the intercept (ArviZ),
and min-ESS per second; then the ratio Gibbs / NUTS (issue 17's target: >= 20x). Both run with
``pointwise=False``, so the times are the samplers' (the pointwise groups are
``benchmarks/idata_groups.py``'s business).

Usage::

    PYTENSOR_FLAGS=blas__ldflags=-lopenblas .venv/bin/python benchmarks/logistic.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

os.environ.setdefault("PYTENSOR_FLAGS", "blas__ldflags=-lopenblas")


def _min_ess(idata) -> float:
    import arviz as az

    ess = az.ess(idata, var_names=["coef", "intercept"], method="bulk")
    return min(float(ess[v].min()) for v in ess.data_vars)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer draws (a smoke run, noisy numbers)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from sklearn.datasets import load_breast_cancer
    from sklearn.preprocessing import StandardScaler

    from bayesreg import ElasticNetPrior, GaussianPrior, LaplacePrior, LogisticModel, map_estimate
    from bayesreg.posterior import sample_nuts_logistic, sample_polya_gamma

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    y = y.astype(float)
    n = X.shape[0]
    g_draws, g_tune = (1000, 400) if args.quick else (5000, 1000)
    u_draws, u_tune = (300, 300) if args.quick else (1000, 1000)
    cases = [
        ("ridge C=1", GaussianPrior(0.5)),
        ("lasso C=0.1", LaplacePrior(1.0 / (n * 0.1))),
        ("enet C=0.1 l1_ratio=0.5", ElasticNetPrior(1.0 / (n * 0.1), 0.5)),
    ]
    sample_polya_gamma(LogisticModel(GaussianPrior(0.5)), X, y, draws=5, tune=5, chains=1, rng=0)  # numba cache
    print(f"breast cancer {X.shape}, 2 chains; Gibbs {g_draws} draws + {g_tune} tune, NUTS {u_draws} + {u_tune}")
    header = f"{'model':<26}{'sampler':<12}{'wall s':>9}{'sampling s':>12}{'min ESS':>9}{'min-ESS/s':>11}"
    print(header)
    print("-" * len(header))
    for label, prior in cases:
        model = LogisticModel(prior)
        mode = map_estimate(model, X, y)
        rng = np.random.default_rng(args.seed)
        t0 = time.perf_counter()
        gibbs = sample_polya_gamma(model, X, y, draws=g_draws, tune=g_tune, chains=2, rng=rng,
                                   initial_coef=mode.coef, initial_intercept=mode.intercept, pointwise=False)
        t_g = time.perf_counter() - t0
        t0 = time.perf_counter()
        nuts = sample_nuts_logistic(model, X, y, draws=u_draws, tune=u_tune, chains=2, cores=2, rng=rng,
                                    initvals={"coef": mode.coef, "intercept": mode.intercept}, pointwise=False)
        t_u = time.perf_counter() - t0
        t_us = float(nuts.sample_stats.attrs.get("sampling_time", t_u))
        e_g, e_u = _min_ess(gibbs), _min_ess(nuts)
        print(f"{label:<26}{'PG Gibbs':<12}{t_g:>9.2f}{t_g:>12.2f}{e_g:>9.0f}{e_g / t_g:>11.0f}")
        print(f"{'':<26}{'PyMC NUTS':<12}{t_u:>9.2f}{t_us:>12.2f}{e_u:>9.0f}{e_u / t_u:>11.0f}")
        print(f"{'':<26}ratio Gibbs / NUTS: {(e_g / t_g) / (e_u / t_u):.1f}x (wall), "
              f"{(e_g / t_g) / (e_u / t_us):.1f}x (NUTS sampling time only); "
              f"divergences {int(nuts.sample_stats['diverging'].sum())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
