"""The mode of a PyMC model's log posterior, with exact zeros for non-smooth priors.

``pymc.find_MAP`` runs L-BFGS, which never lands on the kink of a Laplace prior,
so it cannot show that a mode equals a lasso (exact zeros). Here: coordinate-wise
Brent minimization of ``-logp`` over every free value (Tseng 2001: coordinate
descent reaches the optimum of a smooth function plus a separable non-smooth one),
where a weight is set to exactly 0 whenever that is no worse; then a BFGS polish
of the non-zero coordinates with PyMC's exact gradient, the zeros held fixed.
Meant for test-sized models (tens of parameters).
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

__all__ = ["pymc_mode"]


def _forward(rv, model, value):
    tr = model.rvs_to_transforms.get(rv)
    if tr is None:
        return np.asarray(value, dtype=float)
    return np.asarray(tr.forward(np.asarray(value, dtype=float), *rv.owner.inputs[2:]).eval(), dtype=float)


def pymc_mode(pm_model, *, start_coef, start_intercept=None, y=None, max_sweeps: int = 300):
    """Joint posterior mode of a PyMC model (in the parameters' own space, no Jacobian).

    Parameters
    ----------
    pm_model : pymc.Model
        Free variables ``coef`` (shape (n_features,)) and ``sigma``; an ``intercept``
        free variable or deterministic is reported when present. Other free variables
        (e.g. a hyperparameter) are maximized over as well.
    start_coef : ndarray of shape (n_features,)
        Starting weights (e.g. the penalized fit).
    start_intercept : float, optional
    y : ndarray of shape (n_samples,), optional
        Used for a starting ``sigma`` (the residual scale is not known here: ``sd(y)``).
    max_sweeps : int, default=300
        Coordinate sweeps; they stop once no coordinate moves by more than
        ``1e-5 (1 + |x|)`` (the support is then settled and the polish refines it).

    Returns
    -------
    coef : ndarray of shape (n_features,)
    intercept : float or None
    sigma : float or None

    Raises
    ------
    ValueError
        Without a free variable named ``coef``.
    """
    if "coef" not in pm_model.named_vars or pm_model["coef"] not in pm_model.free_RVs:
        raise ValueError("The PyMC model needs a free variable named 'coef' of shape (n_features,) to compare its mode.")
    logp = pm_model.compile_logp(jacobian=False)
    dlogp = pm_model.compile_dlogp(jacobian=False)
    point = pm_model.initial_point()
    coef_name = pm_model.rvs_to_values[pm_model["coef"]].name
    point[coef_name] = np.asarray(start_coef, dtype=float).reshape(point[coef_name].shape)
    if start_intercept is not None and "intercept" in pm_model.named_vars and pm_model["intercept"] in pm_model.free_RVs:
        point[pm_model.rvs_to_values[pm_model["intercept"]].name] = np.asarray(float(start_intercept))
    if "sigma" in pm_model.named_vars and pm_model["sigma"] in pm_model.free_RVs and y is not None:
        sd = float(np.std(y)) or 1.0
        point[pm_model.rvs_to_values[pm_model["sigma"]].name] = _forward(pm_model["sigma"], pm_model, sd)
    names = [v.name for v in pm_model.continuous_value_vars]
    shapes = [np.shape(point[nm]) for nm in names]
    sizes = [int(np.prod(s)) for s in shapes]
    offsets = np.cumsum([0] + sizes)
    coef_idx = np.arange(offsets[names.index(coef_name)], offsets[names.index(coef_name) + 1])

    def unpack(x):
        pt = dict(point)
        for nm, s, a, b in zip(names, shapes, offsets[:-1], offsets[1:]):
            pt[nm] = x[a:b].reshape(s)
        return pt

    def f(x):
        v = float(logp(unpack(x)))
        return -v if np.isfinite(v) else np.inf

    x = np.concatenate([np.ravel(point[nm]).astype(float) for nm in names])
    is_coef = np.zeros(x.size, bool)
    is_coef[coef_idx] = True
    for _ in range(max_sweeps):
        moved = 0.0
        for k in range(x.size):
            old = x[k]

            def fk(t, k=k):
                x[k] = t
                return f(x)

            step = 0.1 * max(abs(old), 1e-3)
            res = optimize.minimize_scalar(fk, bracket=(old, old + step), method="brent", options={"xtol": 1e-12})
            best, fbest = (res.x, res.fun) if res.fun <= fk(old) else (old, fk(old))
            if is_coef[k] and fk(0.0) <= fbest:
                best = 0.0
            x[k] = best
            moved = max(moved, abs(best - old) / (1.0 + abs(best)))
        if moved <= 1e-5:  # the support is settled; the BFGS polish does the rest
            break
    x = _polish(x, is_coef, f, lambda z: -np.asarray(dlogp(unpack(z)), dtype=float))
    pt = unpack(x)
    outs = [pm_model["coef"]]
    has_b0 = "intercept" in pm_model.named_vars
    has_sigma = "sigma" in pm_model.named_vars
    if has_b0:
        outs.append(pm_model["intercept"])
    if has_sigma:
        outs.append(pm_model["sigma"])
    vals = pm_model.compile_fn(pm_model.replace_rvs_by_values(outs), inputs=pm_model.value_vars, on_unused_input="ignore", point_fn=True)(pt)
    coef = np.asarray(vals[0], dtype=float)
    b0 = float(vals[1]) if has_b0 else None
    sigma = float(vals[-1]) if has_sigma else None
    return coef, b0, sigma


def _polish(x, is_coef, f, grad):
    """BFGS over the non-zero coordinates with zeros fixed; kept only if signs hold and f does not rise."""
    free = ~(is_coef & (x == 0))
    if not free.any():
        return x
    signs = np.sign(x[is_coef])

    def sub(z):
        full = x.copy()
        full[free] = z
        return full

    res = optimize.minimize(lambda z: f(sub(z)), x[free], jac=lambda z: grad(sub(z))[free], method="BFGS",
                            options={"gtol": 1e-12, "maxiter": 2000})
    cand = sub(res.x)
    keep = np.where(cand[is_coef] == 0, 0, np.sign(cand[is_coef]))
    if np.all(keep == signs) and f(cand) <= f(x):
        return cand
    return x
