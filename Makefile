# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ENGINE ?= mkdocs
# pip reads the lock with its hashes: a package whose bytes differ from the lock's is refused.
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: site test serve validate generate lint bench clean lock

# One venv holds the generator and all three engines (MkDocs, ProperDocs, Zensical).
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)  ## set up, validate, generate and build site/ (make site ENGINE=zensical for another engine)
	$(BIN)/briefings build --engine $(ENGINE)

test: $(STAMP)  ## the whole test suite, lint and types included
	$(BIN)/python -m pytest

# The lock: requirements.in (direct dependencies) -> requirements.txt (every package, with hashes),
# by the uv pinned in the lock itself. Pins already in requirements.txt stay where they still fit;
# `make lock UPGRADE=1` moves every package to its newest release that fits.
# Python 3.11.5 is the oldest Python the pins support (pymdown-extensions 13 needs it).
LOCK_PYTHON := 3.11.5
lock: $(STAMP)  ## regenerate requirements.txt from requirements.in
	$(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version $(LOCK_PYTHON) \
	  $(if $(UPGRADE),--upgrade) --custom-compile-command "make lock" requirements.in -o requirements.txt

PORT ?= 8000
serve: $(STAMP)  ## live preview on http://127.0.0.1:$(PORT) (make serve PORT=8001 for another port)
	$(BIN)/briefings serve --port $(PORT)

validate: $(STAMP)
	$(BIN)/briefings validate --strict

generate: $(STAMP)
	$(BIN)/briefings generate

N ?= 100 1000
bench: $(STAMP)  ## benchmark report; sizes with make bench N="100 1000 5000"
	BENCH_N="$(N)" $(BIN)/python -m bench.run

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

clean:
	rm -rf generated site .site-build-* .zensical-* .briefings-engine.yml .briefings-preview-* .cache .pytest_cache .mypy_cache .ruff_cache
