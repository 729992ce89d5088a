"""Value semantics for the small model objects (priors, likelihoods, sigma priors, hyperpriors)."""

from __future__ import annotations

__all__ = ["ValueObject"]


class ValueObject:
    """``repr``, equality and hashing from the attributes the constructor stored.

    Two objects are equal when they are of the same class with equal attributes, so a
    model built twice from the same arguments compares (and hashes) equal, and ``repr``
    reads like the call that built it.
    """

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self):
        return hash((type(self).__name__, tuple(sorted(vars(self).items()))))
