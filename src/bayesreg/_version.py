"""The installed version of bayesreg, in a module of its own so that core modules can stamp it
without importing the package face (:mod:`bayesreg`)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bayesreg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
