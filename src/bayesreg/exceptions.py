"""Warning classes of bayesreg."""

__all__ = ["SamplingWarning"]


class SamplingWarning(UserWarning):
    """The sampler's diagnostics fail a threshold (R-hat, ESS per chain, divergences).

    The message names the failing number and a concrete fix (more draws or tuning,
    a higher ``target_accept``, or an exact sampler).
    """
