# Two commands on a fresh machine: `make demo` (the main job) and `make test`.
# Both create ./.venv when missing and install the package with its test extras.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUN := PYTENSOR_FLAGS="$$(tools/pytensor-flags.sh)"

.PHONY: demo test test-fast bench clean venv

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

test-fast: $(STAMP)
	$(RUN) $(PY) -m pytest -q -m "not slow" $(PYTEST_ARGS)

bench: $(STAMP)
	$(RUN) $(PY) benchmarks/map_path.py

clean:
	rm -rf $(VENV) bayesreg-demo .pytest_cache
