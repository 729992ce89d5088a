"""Out-of-core fit (issue 16): Parquet files -> one Dask pass -> sufficient statistics -> Gibbs.

Writes ``n x (p + 1)`` float64 (default n = 2e7, p = 50: 8 GB as one array) to Parquet files of
``--rows-per-file`` rows under a temporary folder in /tmp, starts a ``LocalCluster`` of ``--workers``
worker processes (one thread each, BLAS single-threaded), and measures side by side:

1. ``read``: reading every file once into float64 arrays (``dd.read_parquet`` + ``to_numpy`` per
   partition: the least any fit from these files must do);
2. ``pass``: :meth:`bayesreg.SufficientStatistics.from_dask` on the same files (read + centred
   statistics + pairwise merge); the ratio pass / read (target <= 1.5);
3. the peak resident memory of each worker during each phase (workers restarted in between;
   ``ru_maxrss``; target < 2 GB);
4. 1000 Gibbs draws (one chain, no warm-up; then the estimator's default 2 chains x (1000 + 1000))
   of the Bayesian lasso from the statistics (target < 1 s for 1000 draws).

The folder is deleted at the end (``--keep`` keeps it). The machine's load (``uptime``) is printed
before and after: on a shared machine the ratios are the numbers to read.

Usage::

    .venv/bin/python benchmarks/out_of_core.py [--rows 20000000] [--features 50] [--rows-per-file 500000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # workers inherit it: 1 BLAS thread each
    os.environ.setdefault(_var, "1")


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def write_parquet(folder: Path, n: int, p: int, rows_per_file: int, seed: int = 0) -> tuple[np.ndarray, float]:
    """Write the data set; returns the true weights and the seconds it took."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    coef = np.zeros(p)
    coef[:5] = [3.0, -2.0, 1.5, 1.0, -0.5]
    names = [f"x{j}" for j in range(p)]
    t0 = time.perf_counter()
    for k, start in enumerate(range(0, n, rows_per_file)):
        m = min(rows_per_file, n - start)
        X = rng.standard_normal((m, p))
        y = 2.0 + X @ coef + rng.standard_normal(m)
        X[:, 1] += 1e6  # a column far from zero: the centred merge keeps its digits
        table = pa.table({**{c: X[:, j] for j, c in enumerate(names)}, "y": y})
        pq.write_table(table, folder / f"part-{k:05d}.parquet", compression="none")
    return coef, time.perf_counter() - t0


def _read_once(part):
    import pandas as pd

    arr = part.to_numpy(dtype=np.float64)
    return pd.Series([arr.shape[0]])


def _warm_up():
    """Import in each worker what its tasks import (bayesreg, pandas, pyarrow): not part of a pass."""
    import bayesreg._dask  # noqa: F401
    import pyarrow.parquet  # noqa: F401


def _peak_rss(client) -> dict:
    import resource

    return client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=float, default=2e7)
    ap.add_argument("--features", type=int, default=50)
    ap.add_argument("--rows-per-file", type=int, default=500_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dir", default=None, help="parent folder of the data (default: /tmp)")
    ap.add_argument("--keep", action="store_true", help="keep the Parquet files")
    args = ap.parse_args(argv)
    n, p = int(args.rows), args.features

    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from bayesreg import LaplacePrior, Model, SufficientStatistics
    from bayesreg.posterior import sample_gibbs

    print(f"load before: {_uptime()}")
    folder = Path(tempfile.mkdtemp(prefix="bayesreg-ooc-", dir=args.dir or "/tmp"))
    try:
        coef, t_write = write_parquet(folder, n, p, args.rows_per_file)
        size = sum(f.stat().st_size for f in folder.glob("*.parquet"))
        print(f"data: n={n:,} p={p} ({n * (p + 1) * 8 / 2**30:.2f} GiB as float64), "
              f"{len(list(folder.glob('*.parquet')))} Parquet files, {size / 2**30:.2f} GiB on disk, "
              f"written in {t_write:.1f} s")
        pattern = str(folder / "*.parquet")
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          memory_limit="4GiB") as cluster, Client(cluster) as client:
            ddf = dd.read_parquet(pattern)
            client.run(_warm_up)
            t0 = time.perf_counter()
            rows = int(ddf.map_partitions(_read_once, meta=(None, "int64")).sum().compute())
            t_read = time.perf_counter() - t0
            rss_read = _peak_rss(client)
            assert rows == n, (rows, n)
            client.restart()
            client.run(_warm_up)
            t0 = time.perf_counter()
            stats = SufficientStatistics.from_dask(dd.read_parquet(pattern), "y")
            t_pass = time.perf_counter() - t0
            rss_pass = _peak_rss(client)
        print(f"read once : {t_read:7.1f} s   peak RSS per worker {max(rss_read.values()) / 2**30:.2f} GiB")
        print(f"one pass  : {t_pass:7.1f} s   peak RSS per worker {max(rss_pass.values()) / 2**30:.2f} GiB"
              f"   ratio pass/read = {t_pass / t_read:.2f} (target <= 1.5; RSS target < 2 GiB)")
        model = Model(LaplacePrior(alpha=1e-4))
        sample_gibbs(model, stats, draws=10, tune=0, chains=1, rng=0)  # numba cache load / compile
        t0 = time.perf_counter()
        idata = sample_gibbs(model, stats, draws=1000, tune=0, chains=1, rng=1)
        t_gibbs = time.perf_counter() - t0
        t0 = time.perf_counter()
        sample_gibbs(model, stats, draws=1000, tune=1000, chains=2, rng=2)
        t_gibbs2 = time.perf_counter() - t0
        err = float(np.max(np.abs(idata.posterior["coef"].mean(("chain", "draw")).to_numpy() - coef)))
        print(f"Gibbs     : 1000 draws (1 chain, no warm-up) {t_gibbs:.3f} s (target < 1 s); "
              f"2 chains x (1000 + 1000) {t_gibbs2:.3f} s; max |posterior mean - true weight| = {err:.1e}")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"load after: {_uptime()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
