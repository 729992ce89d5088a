"""Test-session set-up that must hold however pytest is started.

``pytest``, ``python -m pytest``, an IDE, ``make test`` and ``pytest src/bayesreg/...``
(doctests) all load this file first, before any test module imports PyMC:

- PyTensor is pointed at the system OpenBLAS when one is linkable (the same rule as
  ``tools/pytensor-flags.sh``, which the Makefile and the demo use), because
  PyTensor reads ``PYTENSOR_FLAGS`` once, at import;
- matplotlib draws off-screen;
- the ``slow`` tier (long PyMC/NUTS checks) is deselected unless asked for with
  ``--run-slow`` (``make test-all``), a ``-m`` expression, or by naming the test;
- ``--seeds 0,1,2`` runs each stochastic test (those taking ``mc_seed``) once per seed,
  see tests/_helpers.py for the Monte Carlo rule that makes that meaningful.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


def _pytensor_flags():
    """PYTENSOR_FLAGS with ``blas__ldflags=-lopenblas`` added where OpenBLAS is linkable."""
    script = ROOT / "tools" / "pytensor-flags.sh"
    bash = shutil.which("bash")
    if bash is None or not script.exists():
        return os.environ.get("PYTENSOR_FLAGS", "")
    done = subprocess.run([bash, str(script)], capture_output=True, text=True, check=False, timeout=60)
    return done.stdout if done.returncode == 0 else os.environ.get("PYTENSOR_FLAGS", "")


if "pytensor" not in sys.modules:
    os.environ["PYTENSOR_FLAGS"] = _pytensor_flags()
os.environ["MPLBACKEND"] = "Agg"  # also reaches the notebook kernels the tests start


def pytest_addoption(parser):
    group = parser.getgroup("bayesreg")
    group.addoption("--run-slow", action="store_true", default=False,
                    help="also run the slow tier (PyMC/NUTS comparisons, SBC); `make test-all` does")
    group.addoption("--seeds", default="0", metavar="S1,S2,...",
                    help="run every stochastic test (fixture mc_seed) once per seed; default 0")


def _seeds(config):
    text = config.getoption("--seeds")
    try:
        seeds = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise pytest.UsageError(f"--seeds takes comma-separated integers; got {text!r}") from None
    if not seeds or any(s < 0 for s in seeds):
        raise pytest.UsageError(f"--seeds takes non-negative integers; got {text!r}")
    return seeds


def pytest_configure(config):
    config.addinivalue_line("markers", "stochastic: compares Monte Carlo estimates (takes mc_seed; run over --seeds)")
    _seeds(config)


def pytest_generate_tests(metafunc):
    if "mc_seed" in metafunc.fixturenames:
        seeds = _seeds(metafunc.config)
        metafunc.parametrize("mc_seed", seeds, ids=[f"seed{s}" for s in seeds])


def _named_on_command_line(item, args):
    """True when the test was asked for by node id or by its file (``pytest tests/test_x.py``)."""
    path = str(item.path)
    for arg in args:
        target = arg.split("::")[0]
        if "::" in arg and item.nodeid.startswith(arg):
            return True
        if target.endswith(".py") and os.path.abspath(target) == path:
            return True
    return False


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "mc_seed" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.stochastic)
    if config.getoption("--run-slow") or config.getoption("-m"):
        return
    keep, slow = [], []
    for item in items:
        if item.get_closest_marker("slow") and not _named_on_command_line(item, config.args):
            slow.append(item)
        else:
            keep.append(item)
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = keep

# `python -m bayesreg` runs the CLI on import; it has no docstring examples.
collect_ignore = ["src/bayesreg/__main__.py"]
