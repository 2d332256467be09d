# Every target bootstraps .venv from nothing but python3 (3.11+). Install stamps depend on
# pyproject.toml, so re-running a target reinstalls only after the dependencies change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS := tests/data/seeds
CORE := $(VENV)/.installed-core
DEV := $(VENV)/.installed-dev
BENCH := $(VENV)/.installed-bench

.PHONY: demo test lint bench clean model

demo: $(CORE)
	$(BIN)/threadsift split --view $(SEEDS)/*.txt
	@echo
	@echo "The JSON record of $(SEEDS)/000_7fe71d9ef4cd9f31.txt (one line per entry):"
	$(BIN)/threadsift split $(SEEDS)/000_7fe71d9ef4cd9f31.txt | $(BIN)/python scripts/pretty_record.py

test: lint
	$(BIN)/pytest

lint: $(DEV)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

bench: $(BENCH)
	@if [ -f bench/run_all.py ]; then \
		$(BIN)/python bench/run_all.py; \
	else \
		set -e; for script in bench/bench_*.py; do \
			[ -e "$$script" ] || continue; \
			echo "== $$script"; $(BIN)/python "$$script"; \
		done; \
	fi

# Retrain the bundled toxicity model and its report from the shared labelled data (~7 min on 2 cores).
TOXICITY_DATA ?= ../shared/data/toxicity
model: $(CORE)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[annotate,train]'
	$(BIN)/python scripts/train_toxicity.py $(TOXICITY_DATA)

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "threadsift needs Python 3.11 or newer (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(CORE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(CORE)

$(BENCH): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $@ $(DEV) $(CORE)
