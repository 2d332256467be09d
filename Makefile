# Every target bootstraps .venv from nothing but python3 (3.11+). Install stamps depend on
# pyproject.toml, so re-running a target reinstalls only after the dependencies change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS := tests/data/seeds
SEED := $(SEEDS)/000_7fe71d9ef4cd9f31.txt
CORE := $(VENV)/.installed-core
DEV := $(VENV)/.installed-dev
BENCH := $(VENV)/.installed-bench
DOCS := $(VENV)/.installed-docs

.PHONY: demo test test-fast lint chromium bench docs cli-docs fuzz clean model model-toxicity model-lines data

# A news page split and shown, then a corpus run over tests/data/demo (a WARC.gz and a JSON Lines
# file) into a fresh DEMO_OUT, where every record ended, a query and a search (scripts/demo.py,
# which tests/test_demo.py runs too).
DEMO_OUT ?= out/demo
demo: $(CORE)
	$(BIN)/threadsift split --view $(SEED)
	@echo
	@echo "The JSON record of $(SEED) (one line per entry):"
	$(BIN)/threadsift split $(SEED) | $(BIN)/python scripts/pretty_record.py
	$(BIN)/python scripts/demo.py --out $(DEMO_OUT)

test: lint chromium
	$(BIN)/pytest

# The viewer's browser tests (tests/viewer/test_browser.py) drive Debian's chromium through
# Playwright; install it when it is missing (CI runs as root on Debian).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq \
		&& apt-get install -y --no-install-recommends chromium; }

# The tests a developer runs after every change: all but those marked slow (kills and resumes,
# Ray, subprocess runs, the clean-venv install, doc examples, the site build), under a minute.
test-fast: $(DEV)
	$(BIN)/pytest -m "not slow"

lint: $(DEV)
	$(BIN)/ruff check src tests bench scripts devtools
	$(BIN)/ruff format --check src tests bench scripts devtools
	$(BIN)/mypy

bench: $(BENCH)
	@if [ -f bench/run_all.py ]; then \
		$(BIN)/python -m bench.run_all; \
	else \
		set -e; for script in bench/bench_*.py; do \
			[ -e "$$script" ] || continue; \
			module=$$(basename "$$script" .py); \
			echo "== $$script"; $(BIN)/python -m "bench.$$module"; \
		done; \
	fi

# The documentation site, from docs/ into site/, without network (mkdocs.yml); --strict fails
# on any broken link or anchor. NO_MKDOCS_2_WARNING: Material's end-of-life banner (see
# docs/development.md).
docs: $(DOCS)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# Regenerate the --help sections of docs/cli.md after changing a command (tests/test_docs.py
# fails until they match).
cli-docs: $(CORE)
	$(BIN)/python scripts/gen_cli_docs.py

# Fuzz the readers and both decomposers for FUZZ_SECONDS (prints the inputs tried, exceptions
# outside threadsift's errors and inputs over the per-page time budget; fails on either), then
# run the big bad inputs (a 50 MB page, 100,000 nested elements...) through `threadsift run`.
FUZZ_SECONDS ?= 600
fuzz: $(DEV)
	$(BIN)/python scripts/fuzz.py --seconds $(FUZZ_SECONDS)
	THREADSIFT_BIG_INPUTS=1 $(BIN)/pytest tests/reliability/test_bad_inputs.py -k big_input

# Retrain the bundled models and their reports from the shared data folders.
model: model-toxicity model-lines

# The toxicity model, from the labelled comment sets. The report also gives a student distilled
# from it over the comments and articles of the trafilatura-eval pages (not shipped unless
# --ship-student), checked on the Dragnet pages' comments (never trained on: AGPL data). About
# 40 min on 2 cores, most of it embeddings and the leave-one-dataset-out runs; embeddings and the
# held-out runs are kept in out/embeddings for the next run.
TOXICITY_DATA ?= ../shared/data/toxicity
PAGES_DATA ?= ../shared/data/pages
model-toxicity: $(CORE)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[train]'
	$(BIN)/python scripts/train_toxicity.py $(TOXICITY_DATA) --cache out/embeddings \
		$(if $(wildcard $(PAGES_DATA)/trafilatura-eval),--pages $(PAGES_DATA)/trafilatura-eval) \
		$(if $(wildcard $(PAGES_DATA)/dragnet-train),--check-pages $(PAGES_DATA)/dragnet-train)

# Labelled text pages from the real HTML pages of the data folder (~1 min on 2 cores).
TEXTPAGES ?= out/textpages
data: $(BENCH)
	$(BIN)/python scripts/build_textpages.py $(PAGES_DATA) $(TEXTPAGES)

# The plain-text decomposer's line model, from those pages and synthetic ones (~6 min).
SYNTHETIC_TRAIN ?= out/synthetic-train
DEV_PAGES ?= ../shared/fixtures/textpages-dev
model-lines: data
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[train]'
	rm -rf $(SYNTHETIC_TRAIN)
	$(BIN)/python -m bench.synthpages $(SYNTHETIC_TRAIN) --split tune --seed 11 --count 300
	$(BIN)/python scripts/train_lines.py $(TEXTPAGES) --synthetic $(SYNTHETIC_TRAIN) \
		$(if $(wildcard $(DEV_PAGES)),--dev $(DEV_PAGES)) --report src/threadsift/models/lines_report.md

clean:
	rm -rf $(VENV) build dist site src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "threadsift needs Python 3.11 or newer (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	# pip 23 cannot resolve the bench extra (trafilatura's lxml[html_clean]); newer pip can.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade 'pip>=24'

$(CORE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,docs]'
	touch $@ $(CORE) $(DOCS)

$(BENCH): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,docs,bench]'
	touch $@ $(DEV) $(DOCS) $(CORE)

$(DOCS): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[docs]'
	touch $@ $(CORE)
