"""Integer kinds of the compiled Gibbs kernels (:mod:`bayesreg.posterior._gibbs_kernels`).

A prior that is a normal scale mixture names its kind and the numbers that go with it
(:meth:`bayesreg.priors.ScaleMixturePrior.gibbs_terms`); the kernels branch on the kind.
The kinds are generic families of latent updates, not prior classes:

========================  ==========================================================
``RIDGE``                 no latent scale; ``1 / d_j = u_g h``
``PARK_CASELLA``          ``1 / tau_j^2 ~ InverseGaussian``, ``L = u_b sqrt(h)`` (scale form)
``ALPHA_LASSO``           the same with ``L = u_b h / sigma`` (alpha form)
``ELASTIC_NET``           ``ALPHA_LASSO`` plus a Gaussian rate ``u_g h`` (Metropolis sigma step)
``HORSESHOE``             Makalic & Schmidt (2016) auxiliaries; ``1 / d_j = inv_lambda2_j / h``
``INV_GAMMA_SCALES``      ``1 / lambda_j ~ Gamma(u_b + 1/2, u_g + w_j^2 / (2 h sigma^2))``;
                          ``1 / d_j = inv_lambda_j / h`` (a Student-t scale mixture when
                          ``u_b = u_g = nu / 2``)
========================  ==========================================================

The module has no imports so that priors and samplers can both depend on it.
"""

RIDGE, PARK_CASELLA, ALPHA_LASSO, ELASTIC_NET, HORSESHOE, INV_GAMMA_SCALES = 0, 1, 2, 3, 4, 5

__all__ = ["RIDGE", "PARK_CASELLA", "ALPHA_LASSO", "ELASTIC_NET", "HORSESHOE", "INV_GAMMA_SCALES"]
