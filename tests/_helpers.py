"""Helpers shared by the test modules: synthetic data and the one Monte Carlo comparison rule.

Test modules import from here (``from ._helpers import ...``), never from each other.

The Monte Carlo rule (every stochastic test uses it)
----------------------------------------------------
A test compares ``m`` Monte Carlo estimates (posterior means, sds and 2.5% / 97.5%
quantiles of draws) with references: closed forms, grid or quadrature oracles, or
the same estimate from an independent sampler. Each comparison is a z-score

    z = (estimate - reference) / mcse        (two samplers: mcse = hypot(mcse_a, mcse_b))

with the Monte Carlo standard error from ArviZ's effective sample size (Vehtari et
al. 2021, as ``arviz.ess`` / ``arviz.mcse``). The test fails when any
``|z| > Phi^-1(1 - FAMILY_ALPHA / (2 m))`` -- Bonferroni, valid however the
comparisons within a test are correlated (mean, sd and quantiles of one variable
are). A correct sampler therefore fails a test with probability at most
``FAMILY_ALPHA = 1e-4`` whatever the seed (asymptotically in the number of draws),
so the suite's ~40 such tests (``pytest -m stochastic``) raise a false alarm with
probability under 0.4% per seed; a real bug moves estimates by many MCSEs. The thresholds are 3.9 for one comparison, 4.4
for 10, 4.7 for 40.

Effective sample sizes are capped at the number of draws (``cap_ess``): ArviZ
reports ESS > N for antithetic NUTS chains, correctly for the mean of some
quantities but with a large estimation error for sds and tails, and crediting a
chain with more than i.i.d. precision made comparisons fail by seed (an intercept
sd of 3.11 +- 0.05 for one seed against 3.49 exact). Never claiming more than
i.i.d. precision only widens an interval, so the rule stays valid.

``pytest --seeds 0,1,2`` runs every test that takes the ``mc_seed`` fixture once per
seed (``seeded(base, mc_seed)`` keeps seed 0 on each test's historical stream).
"""

from __future__ import annotations

import arviz as az
import numpy as np
from scipy import stats

FAMILY_ALPHA = 1e-4
QUANTILES = (0.025, 0.975)


def make_regression_data(n, p, seed, n_informative=3, noise=1.0):
    """Synthetic data with a few non-zero weights and a non-zero intercept."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, size=p) + rng.normal(size=p)
    w = np.zeros(p)
    w[: min(n_informative, p)] = rng.normal(scale=3.0, size=min(n_informative, p))
    y = 1.5 + X @ w + noise * rng.normal(size=n)
    return X, y


def pymc_logp(model, X, y, sw=None):
    """PyMC's log density at (w, b, sigma) on the original scale, less the known Jacobian
    sum_j log c_j(sigma) of the sampler's non-centered coordinates coef = c(sigma) * coef_z."""
    from bayesreg._ops import NP
    from bayesreg.posterior import build_pymc_model
    from bayesreg.posterior._pymc import noncentered_scale, to_sampler_point

    pm_model = build_pymc_model(model, X, y, sw, feature_names=[f"f{j}" for j in range(X.shape[1])])
    fn = pm_model.compile_logp(jacobian=False)  # density in sigma, not log sigma
    transform = pm_model.bayesreg_transform
    n = float(X.shape[0] if sw is None else sw.sum())

    def logp(w, b, sigma):
        point = to_sampler_point(model, transform, w, b if model.fit_intercept else None, sigma, n)
        point["sigma_log__"] = np.log(point.pop("sigma"))
        log_jac = np.sum(np.log(noncentered_scale(model, sigma, n, transform["x_sd"], NP)))
        return float(fn(point)) - log_jac

    return pm_model, logp


def seeded(base, mc_seed):
    """The seed of a stochastic test: its own ``base`` for ``--seeds 0``, a fresh stream otherwise."""
    return int(base) + 1000 * int(mc_seed)


def _chains(x):
    """Draws as a (chain, draw) array (1-D input is one chain)."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2:
        raise ValueError(f"draws must be (chain, draw); got shape {x.shape}")
    return x


def cap_ess(value, x):
    """ArviZ's ESS, capped at the number of draws (see the module docstring)."""
    return min(float(np.asarray(value).item()), float(np.asarray(x).size))


def mcse_mean(x):
    """Monte Carlo standard error of the mean of draws (chain, draw)."""
    x = _chains(x)
    return float(x.std() / np.sqrt(cap_ess(az.ess(x, method="mean"), x)))


def mcse_sd(x):
    """MCSE of the sd of draws by the delta method on ``(x - mean)^2``.

    The formula of ArviZ's ``mcse(method="sd")`` (``sqrt(var(c2) / ess(c2)) / (2 sd)``),
    written out because ArviZ 0.23 with numba fails on a 2-D array there. Draws
    (chain, draw, feature) give one MCSE per feature.
    """
    if np.ndim(x) == 3:
        return np.array([mcse_sd(np.asarray(x)[..., j]) for j in range(np.shape(x)[-1])])
    x = _chains(x)
    c2 = (x - x.mean()) ** 2
    return float(np.sqrt(c2.var() / cap_ess(az.ess(c2, method="mean"), x)) / (2 * x.std()))


def mcse_quantile(x, prob):
    """MCSE of the ``prob`` quantile of draws (ArviZ ``mcse(method="quantile")``), ESS capped."""
    x = _chains(x)
    se = float(np.asarray(az.mcse(x, method="quantile", prob=prob)).item())
    ess_q = float(np.asarray(az.ess(x, method="quantile", prob=prob)).item())
    return se * np.sqrt(max(1.0, ess_q / x.size))


def mc_summary(x):
    """{"mean": (value, mcse), "sd": ..., 0.025: ..., 0.975: ...} of draws (chain, draw)."""
    x = _chains(x)
    out = {"mean": (float(x.mean()), mcse_mean(x)), "sd": (float(x.std()), mcse_sd(x))}
    for q in QUANTILES:
        out[q] = (float(np.quantile(x, q)), mcse_quantile(x, q))
    return out


class MonteCarloChecks:
    """Collect z-scores of Monte Carlo estimates; ``assert_ok`` applies the Bonferroni rule.

    Examples
    --------
    >>> checks = MonteCarloChecks()
    >>> checks.add("mean", estimate=0.02, reference=0.0, mcse=0.01)
    >>> checks.assert_ok()
    """

    def __init__(self, alpha=FAMILY_ALPHA):
        self.alpha = alpha
        self.rows = []

    def add(self, label, estimate, reference, mcse):
        if not (np.isfinite(mcse) and mcse > 0):
            raise AssertionError(f"{label}: Monte Carlo standard error {mcse!r} is not a positive number")
        self.rows.append((label, float(estimate), float(reference), float(mcse)))

    def draws_match(self, label, x, mean, sd, q_lo=None, q_hi=None):
        """Draws (chain, draw) against exact moments and (optionally) the 2.5% / 97.5% quantiles."""
        s = mc_summary(x)
        refs = {"mean": mean, "sd": sd, 0.025: q_lo, 0.975: q_hi}
        for key, ref in refs.items():
            if ref is not None:
                value, se = s[key]
                self.add(f"{label} {key}", value, ref, se)

    def draws_agree(self, label, a, b, keys=("mean", "sd") + QUANTILES):
        """Two independent samplers' draws of one quantity agree (MCSEs added in quadrature)."""
        sa, sb = mc_summary(a), mc_summary(b)
        for key in keys:
            (va, ea), (vb, eb) = sa[key], sb[key]
            self.add(f"{label} {key}", va, vb, np.hypot(ea, eb))

    def threshold(self):
        """The largest allowed |z| for the comparisons made so far."""
        return float(stats.norm.isf(self.alpha / (2 * max(len(self.rows), 1))))

    def assert_ok(self):
        if not self.rows:
            raise AssertionError("no Monte Carlo comparison was made")
        limit = self.threshold()
        bad = [(label, est, ref, se, (est - ref) / se) for label, est, ref, se in self.rows
               if abs(est - ref) > limit * se]
        if bad:
            lines = [f"  {label}: {est:.6g} vs {ref:.6g}  (mcse {se:.3g}, z = {z:+.2f})" for label, est, ref, se, z in bad]
            raise AssertionError(
                f"{len(bad)} of {len(self.rows)} Monte Carlo comparisons exceed |z| = {limit:.2f} "
                f"(Bonferroni, family-wise alpha {self.alpha:g}):\n" + "\n".join(lines)
            )
