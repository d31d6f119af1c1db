# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ENGINE ?= mkdocs
# MkDocs lives in .venv; ProperDocs and Zensical each in a sibling venv, from their own pins
# (Zensical needs pymdown-extensions>=11, which Material 9.7 on MkDocs does not take).
ENGINE_STAMPS := .venv-properdocs/.installed-stamp .venv-zensical/.installed-stamp
ENGINE_STAMP := $(if $(filter properdocs zensical,$(ENGINE)),.venv-$(ENGINE)/.installed-stamp)

.PHONY: site test serve validate generate lint bench clean engines

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP) $(ENGINE_STAMP)  ## set up, validate, generate and build site/
	$(BIN)/briefings build --engine $(ENGINE)

test: $(STAMP) $(ENGINE_STAMPS)  ## the whole test suite, lint and types included
	$(BIN)/python -m pytest

# --no-deps: the requirements files list every package, so nothing floats.
.venv-%/.installed-stamp: requirements-%.txt
	rm -rf .venv-$*
	$(PYTHON) -m venv .venv-$*
	.venv-$*/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements-$*.txt
	touch $@

engines: $(ENGINE_STAMPS)  ## install ProperDocs and Zensical next to MkDocs

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
	rm -rf generated site .site-build-* .zensical-* .briefings-engine.yml .cache .pytest_cache .mypy_cache .ruff_cache
