"""Which exact samplers can handle which models (checked before any work starts)."""

from __future__ import annotations

from importlib import import_module

__all__ = ["supports_exact", "supports_gibbs"]


def _module_supports(module: str, model) -> bool:
    try:
        supports = import_module(f"bayesreg.posterior.{module}").supports
    except (ImportError, AttributeError):  # sampler module not available in this build
        return False
    return bool(supports(model))


def supports_exact(model) -> bool:
    """i.i.d. draws exist (conjugate ridge: Gaussian likelihood and prior, fixed alpha)."""
    return _module_supports("_exact", model)


def supports_gibbs(model) -> bool:
    """A Gibbs sampler with closed-form conditionals exists for the model."""
    return _module_supports("_gibbs", model)
