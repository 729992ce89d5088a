# Two commands on a fresh machine: `make demo` (the main job) and `make test`.
# Both create ./.venv when missing and install the package with its test extras.
# Test tiers (the tiers and --seeds are defined in conftest.py):
#   make test       default tier: unit, oracle and Gibbs/exact sampler tests, doctests of
#                   src/bayesreg, numpydoc check (what plain `pytest` runs)
#   make test-slow  slow tier (PyMC/NUTS comparisons, notebooks, demo) and every stochastic
#                   test over three seeds (--seeds 0,1,2)
#   make test-all   both; .ci/run runs it
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUN := PYTENSOR_FLAGS="$$(tools/pytensor-flags.sh)"

.PHONY: demo test test-fast test-slow test-all bench clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@tools/setup-blas.sh
	@tools/setup-chromium.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(RUN) $(VENV)/bin/bayesreg demo $(DEMO_ARGS)

test: $(STAMP)
	@tools/setup-chromium.sh
	$(RUN) $(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: test

test-slow: $(STAMP)
	$(RUN) $(PY) -m pytest -q -m "slow or stochastic" --seeds 0,1,2 $(PYTEST_ARGS)

test-all: test test-slow

bench: $(STAMP)
	$(RUN) $(PY) benchmarks/map_path.py

clean:
	rm -rf $(VENV) bayesreg-demo .pytest_cache
