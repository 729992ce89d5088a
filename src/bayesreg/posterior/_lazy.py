"""Arrays computed at first access, for InferenceData groups that are cheap to describe and
costly to fill (the posterior predictive replicates).

xarray's documented route for lazily loaded data (the one its netCDF backends, and so
``az.from_netcdf``, use): a :class:`xarray.backends.BackendArray` wrapped in
``xarray.core.indexing.LazilyIndexedArray`` (xarray's "How to add a new backend" guide).
The group exists, has its shape, dims, coords, attrs and ``nbytes`` from the start; its
values are computed the first time anything reads them (``az.plot_ppc``, ``.values``,
``.mean()``, ``to_netcdf``), then kept. ``Dataset.load()`` computes them at once.
"""

from __future__ import annotations

import threading

import numpy as np
import xarray as xr
from xarray.backends import BackendArray
from xarray.core import indexing

__all__ = ["LazyDraws", "lazy_dataset"]


class LazyDraws(BackendArray):
    """A float64 array that ``compute()`` fills at first access.

    Parameters
    ----------
    compute : callable
        No arguments; returns an ndarray of shape ``shape``. Must give the same values when
        called again (it may be, after unpickling a copy that had not computed yet), and be
        picklable for the InferenceData to be.
    shape : tuple of int
    """

    def __init__(self, compute, shape):
        self.shape = tuple(int(k) for k in shape)
        self.dtype = np.dtype(np.float64)
        self._compute = compute
        self._values = None
        self._lock = threading.Lock()

    @property
    def computed(self) -> bool:
        """Whether the values have been computed."""
        return self._values is not None

    def values(self) -> np.ndarray:
        """The whole array (computed once, under a lock)."""
        with self._lock:
            if self._values is None:
                values = np.asarray(self._compute(), dtype=np.float64)
                if values.shape != self.shape:  # pragma: no cover - a programming error in compute
                    raise ValueError(f"compute() returned shape {values.shape}; expected {self.shape}.")
                self._values = values
        return self._values

    def __getitem__(self, key):
        return indexing.explicit_indexing_adapter(key, self.shape, indexing.IndexingSupport.BASIC,
                                                  lambda k: self.values()[k])

    def __getstate__(self):
        state = dict(self.__dict__)
        del state["_lock"]  # locks do not pickle
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()


def lazy_dataset(name: str, compute, shape, dims, coords: dict, attrs: dict) -> xr.Dataset:
    """A one-variable Dataset whose values ``compute()`` gives at first access.

    Parameters
    ----------
    name : str
        The variable's name.
    compute : callable
        See :class:`LazyDraws`.
    shape : tuple of int
    dims : sequence of str
        One per axis of ``shape``.
    coords : dict
        Coordinates of the dims.
    attrs : dict
        The Dataset's attributes.

    Returns
    -------
    xarray.Dataset
    """
    variable = xr.Variable(tuple(dims), indexing.LazilyIndexedArray(LazyDraws(compute, shape)))
    return xr.Dataset({name: variable}, coords=coords, attrs=dict(attrs))
