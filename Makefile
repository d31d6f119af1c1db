# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ENGINE ?= mkdocs

.PHONY: site test serve validate generate lint bench clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)  ## set up, validate, generate and build site/
	$(BIN)/briefings build --engine $(ENGINE)

test: $(STAMP)  ## the whole test suite, lint and types included
	$(BIN)/python -m pytest

PORT ?= 8000
serve: $(STAMP)  ## live preview on http://127.0.0.1:$(PORT) (make serve PORT=8001 for another port)
	$(BIN)/briefings serve --port $(PORT)

validate: $(STAMP)
	$(BIN)/briefings validate --strict

generate: $(STAMP)
	$(BIN)/briefings generate

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

clean:
	rm -rf generated site .site-build-* .pytest_cache .mypy_cache .ruff_cache
