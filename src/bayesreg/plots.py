"""Figures. Each function takes computed results (no hidden computation), accepts
``ax=None`` (a new figure), forwards ``**kwargs`` to matplotlib and returns the Axes."""

from __future__ import annotations

import numpy as np

__all__ = ["plot_forest"]


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_forest(table, ax=None, *, title=None, interval=("eti_lower", "eti_upper"), **kwargs):
    """Posterior intervals per feature with the point estimates marked.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`bayesreg.summary.compare_estimates` (columns ``twin``, ``map``,
        ``mean``, ``median`` and the interval bounds).
    ax : matplotlib Axes, optional
    title : str, optional
    interval : tuple of str
        Columns holding the lower and upper bounds.
    **kwargs
        Passed to the interval lines (``Axes.hlines``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax, figsize=(6, 0.45 * len(table) + 1.2))
    ypos = np.arange(len(table))[::-1]
    lo, hi = table[interval[0]].to_numpy(), table[interval[1]].to_numpy()
    line_kw = {"color": "C0", "lw": 2.5, "alpha": 0.6, "label": f"{table.attrs.get('level', 0.95):.0%} interval"}
    line_kw.update(kwargs)
    ax.hlines(ypos, lo, hi, **line_kw)
    ax.plot(table["mean"], ypos, "o", color="C0", ms=5, label="posterior mean")
    ax.plot(table["median"], ypos, "|", color="k", ms=10, label="posterior median")
    ax.plot(table["twin"], ypos, "s", mfc="none", mec="C3", ms=9, label="scikit-learn twin")
    ax.plot(table["map"], ypos, "x", color="C1", ms=7, mew=2, label="MAP (ours)")
    ax.axvline(0.0, color="0.6", lw=0.8, zorder=0)
    ax.set_yticks(ypos, [str(f) for f in table.index])
    ax.set_xlabel("coefficient")
    if title:
        ax.set_title(title)
    return ax
