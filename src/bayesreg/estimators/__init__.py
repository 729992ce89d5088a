"""scikit-learn estimators over :class:`~bayesreg.model.Model`: class data over one ``fit`` skeleton."""

from ._base import BayesEstimatorBase
from ._horseshoe import BayesHorseshoe
from ._linear import BayesElasticNet, BayesLasso, BayesRidge
from ._regression import BayesRegression

__all__ = ["BayesEstimatorBase", "BayesRidge", "BayesLasso", "BayesElasticNet", "BayesHorseshoe", "BayesRegression"]
