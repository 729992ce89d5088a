"""bayesreg: the Bayesian view of regularized linear regression.

The public names are loaded on first use (scientific-python's ``lazy_loader``, SPEC 1), so that
``import bayesreg`` -- and with it ``bayesreg --help`` -- does not pay for scikit-learn, PyMC and
ArviZ (about 2 s). ``from bayesreg import BayesLasso`` works as usual; ``EAGER_IMPORT=1`` in the
environment imports everything at once. A new public name is one entry below.
"""
import lazy_loader as _lazy

from ._version import __version__

__getattr__, __dir__, __all__ = _lazy.attach(
    __name__,
    submodules=["mapping"],
    submod_attrs={
        "estimators": ["BayesRidge", "BayesLasso", "BayesElasticNet", "BayesHorseshoe", "BayesRegression"],
        "classifier": ["BayesLogisticRegression"],
        "bernoulli": ["BernoulliLikelihood", "LogisticModel"],
        "likelihoods": ["GaussianLikelihood", "LaplaceLikelihood", "StudentTLikelihood"],
        "priors": ["GaussianPrior", "LaplacePrior", "ParkCasellaLaplacePrior", "ElasticNetPrior", "HorseshoePrior",
                   "StudentTPrior"],
        "sigma_priors": ["JeffreysSigma", "HalfCauchySigma"],
        "model": ["Model"],
        "map": ["MAPResult", "map_estimate", "map_path", "alpha_max"],
        "_stats": ["SufficientStatistics"],
        "comparison": ["compare"],
    },
)
