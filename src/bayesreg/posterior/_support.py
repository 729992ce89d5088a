"""Which exact samplers can handle which models: each sampler's own up-front check decides."""

from __future__ import annotations

from ._exact import _check_conjugate
from ._gibbs_spec import gibbs_spec

__all__ = ["supports_exact", "supports_gibbs"]


def supports_exact(model) -> bool:
    """i.i.d. draws exist (conjugate ridge: Gaussian likelihood and prior, fixed alpha, Jeffreys sigma)."""
    try:
        _check_conjugate(model, "sample_exact")
    except (TypeError, ValueError):
        return False
    return True


def supports_gibbs(model) -> bool:
    """Closed-form Gibbs conditionals exist (scale-mixture prior, Gaussian likelihood, Jeffreys sigma)."""
    try:
        gibbs_spec(model, 1.0)
    except (TypeError, ValueError):
        return False
    return True
