"""Warning and error classes of bayesreg."""

__all__ = ["RowsRequiredError", "SamplingWarning"]


class SamplingWarning(UserWarning):
    """The sampler's diagnostics fail a threshold (R-hat, ESS per chain, divergences).

    The message names the failing number and a concrete fix (more draws or tuning,
    a higher ``target_accept``, or an exact sampler).
    """


class RowsRequiredError(ValueError):
    """A computation needs the rows of ``X``, but the data were given as sufficient statistics.

    Raised for Dask input or a :class:`bayesreg.SufficientStatistics` by what is not a function of
    ``X'X``, ``X'y`` and ``y'y`` (NUTS, Laplace and Student-t likelihoods, the ``p > n`` weight
    draw); the message names the reason and the alternative.
    """
