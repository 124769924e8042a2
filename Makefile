# Two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
export UV_PYTHON := $(shell command -v $(PYTHON))

.PHONY: setup systeem demo test test-snel dev bench lint format schoon

$(VENV)/.gereed: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

setup: $(VENV)/.gereed

systeem:
	@bash scripts/systeem.sh

demo: setup systeem
	$(VENV)/bin/jgz demo

# Both cores (pytest-xdist). With --dist loadgroup the tests that share an expensive session fixture
# (the shared run, the factsheet batch) go to one process, so it is made once (tests/conftest.py).
test: setup systeem
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup

test-snel: setup
	$(VENV)/bin/pytest -q -n 2 --dist loadgroup -m "not traag"

dev: setup
	@mkdir -p data/dagster && [ -f data/dagster/dagster.yaml ] || printf 'telemetry:\n  enabled: false\n' > data/dagster/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/data/dagster $(VENV)/bin/dagster dev -w workspace.yaml

bench: setup systeem
	$(VENV)/bin/python bench/bench.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

schoon:
	rm -rf data uitvoer .pytest_cache
