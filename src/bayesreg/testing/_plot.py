"""Rank histograms of a simulation-based calibration run (compute in :func:`rank_histograms`)."""

from __future__ import annotations

import numpy as np

from ._sbc import SBCResult, rank_histograms

__all__ = ["plot_sbc_ranks"]


def plot_sbc_ranks(result: SBCResult, params=None, *, ax=None, level: float = 0.99, **kwargs):
    """Histogram of the ranks of each parameter, with the band of a uniform histogram.

    Parameters
    ----------
    result : SBCResult
    params : list of str, optional
        Subset of ``result.params`` to draw (default: all).
    ax : matplotlib Axes or array of Axes, optional
        One Axes per parameter; default: a new figure with a grid of them.
    level : float, default=0.99
        Per-bin probability of the grey band (binomial quantiles).
    **kwargs
        Passed to ``Axes.bar``.

    Returns
    -------
    ndarray of matplotlib Axes
        Each titled with the parameter and its uniformity p-value.

    Raises
    ------
    ValueError
        Unknown parameter names, or fewer Axes than parameters.
    """
    import matplotlib.pyplot as plt

    names = list(result.params if params is None else params)
    unknown = [p for p in names if p not in result.params]
    if unknown:
        raise ValueError(f"Unknown params {unknown}; result has {result.params}.")
    counts, edges, (lo, hi) = rank_histograms(result, level)
    if ax is None:
        ncols = min(4, len(names))
        nrows = int(np.ceil(len(names) / ncols))
        _, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.4 * nrows), squeeze=False)
        axes = axes.ravel()
        for extra in axes[len(names):]:
            extra.set_visible(False)
    else:
        axes = np.atleast_1d(ax).ravel()
        if axes.size < len(names):
            raise ValueError(f"Need {len(names)} Axes; got {axes.size}.")
    style = {"color": "C0", "edgecolor": "white", **kwargs}
    for a, name in zip(axes, names):
        k = result.params.index(name)
        a.axhspan(lo, hi, color="0.85", zorder=0)
        a.bar(edges[:-1], counts[k], width=np.diff(edges), align="edge", **style)
        a.set_title(f"{name}  p={result.pvalues[k]:.3g}", fontsize=9)
        a.set_xlabel(f"rank among {result.n_ranks} draws")
    return axes[: len(names)]
