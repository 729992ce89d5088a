"""An explorable, offline HTML page of the prior-penalty link (``bayesreg explore``).

:func:`explore_data` computes every state in Python (MAP paths, posterior bands with the fast
samplers, constraint geometry, prior densities, shrinkage curves) on a grid of ``l1_ratio`` x
``alpha``; :func:`write_explore_page` writes one self-contained Bokeh page whose sliders select
among them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ExploreData", "explore_data", "write_explore_page", "page_html", "DEFAULT_L1_RATIOS"]


def __getattr__(name):
    # Lazy: ``bayesreg --help`` imports the ``explore`` subcommand's parser without numpy or Bokeh.
    if name in ("ExploreData", "explore_data", "DEFAULT_L1_RATIOS"):
        from . import _data  # lazy: keeps numpy and the solvers off `bayesreg --help`

        return getattr(_data, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def page_html(data, title: str = "bayesreg explore") -> str:
    """The page for ``data`` as one HTML string (Bokeh's JavaScript inlined; no network needed)."""
    from ._page import page_html as _html  # lazy: keeps numpy off `bayesreg --help`

    return _html(data, title)


def write_explore_page(data, path) -> Path:
    """Write the page for ``data`` to ``path`` (folders created) and return the path.

    Raises
    ------
    OSError
        When the file cannot be written.
    """
    path = Path(path)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page_html(data), encoding="utf-8")
    return path
