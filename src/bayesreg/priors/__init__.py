"""Priors on the regression weights, each stated conditionally on the noise scale.

The contract every prior meets is :class:`Prior`; what a prior can do beyond it is declared
by capability classes (:class:`ElasticNetFamily`, :class:`AlphaForm`,
:class:`ConjugateNormalPrior`, :class:`ScaleMixturePrior`, :class:`NonCenteredPrior`, :class:`MajorizeMinimizePrior`) that
consumers check up front. The formulas are on the math-contract page, ``docs/math-contract.md``.
"""

from ._base import ConjugateNormalPrior, MajorizeMinimizePrior, NonCenteredPrior, Prior, ScaleMixturePrior
from ._enet import ElasticNetPrior, GaussianPrior, LaplacePrior, ParkCasellaLaplacePrior
from ._family import AlphaForm, ElasticNetFamily, enet_log_normalizer, enet_logpdf, enet_sample
from ._horseshoe import HorseshoePrior
from ._student_t import StudentTPrior

__all__ = [
    "Prior",
    "ElasticNetFamily",
    "AlphaForm",
    "ConjugateNormalPrior",
    "ScaleMixturePrior",
    "NonCenteredPrior",
    "MajorizeMinimizePrior",
    "GaussianPrior",
    "LaplacePrior",
    "ParkCasellaLaplacePrior",
    "ElasticNetPrior",
    "HorseshoePrior",
    "StudentTPrior",
    "enet_log_normalizer",
    "enet_logpdf",
    "enet_sample",
]
