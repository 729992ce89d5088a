"""Cost of the ArviZ groups (log_likelihood, posterior_predictive, observed/constant data) (issue 12).

Scenario: scikit-learn's diabetes data (442 x 10), Bayesian lasso at ``alpha = 0.1`` (the
alpha form, Gibbs sampler, compiled kernel), 2 chains x 1000 draws after 1000 tuning sweeps.
Times the sampler with ``pointwise=False`` (posterior, sample_stats and the data groups only)
and ``pointwise=True`` (plus the two chains x draws x obs groups; the posterior predictive
replicates are computed at first access, timed separately), and the whole
``BayesLasso.fit`` (MAP, twin check and sampling) both ways, interleaved; the median and the
minimum of ``--repeats`` runs after one warm-up call (numba compiles or loads its kernels).
Target: the groups add less than 20% to the fit time.

Usage::

    .venv/bin/python benchmarks/idata_groups.py [--repeats 11]
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def _times(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _paired(off, on, repeats: int):
    """Interleaved timings (off, on, off, on, ...) so that a shared machine's load hits both alike;
    returns (median off, median on, min off, min on) in seconds and the median of the paired
    ratios on / off (each pair ran back to back, so it shares the machine's load of the moment)."""
    t_off, t_on = [], []
    for _ in range(repeats):
        t_off.append(_times(off))
        t_on.append(_times(on))
    ratio = float(np.median(np.divide(t_on, t_off)))
    return float(np.median(t_off)), float(np.median(t_on)), min(t_off), min(t_on), ratio


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args(argv)

    from sklearn.datasets import load_diabetes

    from bayesreg import BayesLasso, LaplacePrior, Model
    from bayesreg.posterior import add_pointwise_groups, sample_gibbs

    X, y = load_diabetes(return_X_y=True)
    model = Model(LaplacePrior(0.1))

    def sampler(pointwise):
        return lambda: sample_gibbs(model, X, y, draws=1000, tune=1000, chains=2, rng=0, pointwise=pointwise)

    def fit(pointwise):
        return lambda: BayesLasso(alpha=0.1, random_state=0, pointwise=pointwise).fit(X, y)

    sampler(True)()  # warm-up: numba kernels, ArviZ import
    fit(True)()
    bare = sampler(False)()
    rows = [(label, *_paired(make(False), make(on), args.repeats))
            for label, make, on in (("sample_gibbs", sampler, True), ("BayesLasso.fit", fit, True),
                                    ("fit, ll only", fit, "log_likelihood"))]
    t_groups = float(np.median([_times(lambda: add_pointwise_groups(bare.copy(), model, X, y, rng=0))
                                for _ in range(args.repeats)]))
    t_ll = float(np.median([_times(lambda: add_pointwise_groups(bare.copy(), model, X, y, posterior_predictive=False))
                            for _ in range(args.repeats)]))
    rng = np.random.default_rng(0)
    t_noise = float(np.median([_times(lambda: rng.standard_normal((2, 1000, X.shape[0])))
                               for _ in range(args.repeats)]))
    t_first, t_again = [], []
    for _ in range(args.repeats):  # one fit at a time, as a user reads it
        idata = sampler(True)()
        t_first.append(_times(lambda: idata.posterior_predictive["y"].values))
        t_again.append(_times(lambda: idata.posterior_predictive["y"].values))
    t_first, t_again = float(np.median(t_first)), float(np.median(t_again))
    mb = sum(idata[g].nbytes for g in ("log_likelihood", "posterior_predictive")) / 1e6
    data_mb = sum(idata[g].nbytes for g in ("observed_data", "constant_data")) / 1e6

    print(f"diabetes (442 x 10), Bayesian lasso alpha=0.1, Gibbs, 2 chains x 1000 draws (+1000 tune); "
          f"{args.repeats} interleaved runs")
    print("('fit, ll only': pointwise='log_likelihood' in the second column)")
    print("(overhead: of the medians; paired: median over the runs of True / False, back to back)")
    print(f"{'':16s} {'pointwise=False':>16s} {'pointwise=True':>15s} {'overhead':>9s} {'paired':>7s}   "
          f"{'(min False':>10s} {'min True':>9s} {'overhead)':>9s}")
    for label, m_off, m_on, lo_off, lo_on, ratio in rows:
        print(f"{label:16s} {m_off * 1e3:13.1f} ms {m_on * 1e3:12.1f} ms {100 * (m_on / m_off - 1):8.1f}% "
              f"{100 * (ratio - 1):6.1f}%   "
              f"{lo_off * 1e3:8.1f} ms {lo_on * 1e3:6.1f} ms {100 * (lo_on / lo_off - 1):8.1f}%")
    print(f"add_pointwise_groups alone: log-likelihood + (lazy) predictive group {t_groups * 1e3:.1f} ms; "
          f"log-likelihood only {t_ll * 1e3:.1f} ms")
    print(f"posterior predictive replicates, computed at first access: {t_first * 1e3:.1f} ms "
          f"(later reads {t_again * 1e3:.2f} ms); numpy's standard_normal((2, 1000, n)) alone {t_noise * 1e3:.1f} ms")
    print(f"memory: log_likelihood + posterior_predictive {mb:.1f} MB; observed + constant data {data_mb:.2f} MB")


if __name__ == "__main__":
    main()
