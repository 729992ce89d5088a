"""Issue 16 on ``dask.distributed``: the one pass runs on a ``LocalCluster`` (in-process workers, cheap
on two cores) and gives the same statistics as dask's local scheduler -- bit for bit, since the merge
tree is fixed by the chunk order -- and the same fits as numpy input."""

import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from bayesreg import BayesLasso, LaplacePrior, Model, SufficientStatistics, map_estimate
from bayesreg.posterior import sample_gibbs

# distributed reports a slow disk (its workers' scratch folders) on a loaded machine: not our concern.
pytestmark = pytest.mark.filterwarnings("ignore:Creating scratch directories is taking a surprisingly long time")


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def _data(seed=0, n=400, p=5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + [1e6, 0.0, 3.0, -2.0, 0.0]
    y = X @ [1.0, 0.0, -1.0, 2.0, 0.5] + rng.normal(size=n)
    return X, y, rng.integers(1, 3, size=n).astype(float)


def test_cluster_pass_is_bitwise_the_local_pass(client):
    X, y, w = _data()
    Xd, yd, wd = da.from_array(X, chunks=(45, 5)), da.from_array(y, chunks=45), da.from_array(w, chunks=45)
    on_cluster = SufficientStatistics.from_dask(Xd, yd, wd, progress=True)
    with client.as_current(), pytest.MonkeyPatch.context() as mp:
        import bayesreg._dask as bd

        mp.setattr(bd, "_client", lambda: None)  # dask's local threaded scheduler instead
        local = SufficientStatistics.from_dask(Xd, yd, wd)
    for name in ("x_mean", "sxx", "sxy", "syy", "weight_sum", "n_rows"):
        np.testing.assert_array_equal(getattr(on_cluster, name), getattr(local, name))
    ref = SufficientStatistics.from_numpy(X, y, w)
    # Column 0 sits at 1e6: each chunk's mean carries eps * 1e6 = 1e-10 of rounding into the merge's
    # mean differences, so another chunking agrees to ~1e-11 relative (the bar is 1e-10).
    np.testing.assert_allclose(on_cluster.sxx, ref.sxx, rtol=0, atol=1e-10 * np.abs(ref.sxx).max())


def test_fits_on_the_cluster_equal_numpy(client):
    X, y, w = _data(1)
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(5)]).assign(y=y, w=w)
    ddf = dd.from_pandas(frame, npartitions=6)
    stats = SufficientStatistics.from_dask(ddf, "y", "w")
    model = Model(LaplacePrior(0.02))
    ref = map_estimate(model, X, y, w)
    got = map_estimate(model, stats)
    np.testing.assert_allclose(got.coef, ref.coef, rtol=1e-10, atol=1e-10 * np.abs(ref.coef).max())
    a = sample_gibbs(model, stats, draws=100, tune=50, rng=3).posterior["coef"]
    b = sample_gibbs(model, X, y, w, draws=100, tune=50, rng=3).posterior["coef"]
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-9)  # same random stream; sums in another order
    est = BayesLasso(alpha=0.02, draws=300, tune=200, random_state=0).fit(ddf, "y", "w")
    assert list(est.feature_names_in_) == list(frame.columns[:5])
