# One command per habit. Every target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# axe-core checks the report and the board against WCAG 2.2 AA in Chromium (tests/browser.py).
AXE_VERSION := 4.14.1
AXE := .ci/node/node_modules/axe-core/axe.min.js

.PHONY: demo test lint typecheck bench clean help axe

help:
	@echo "make demo   - run a whole workshop on sample data (offline, local .xlsx)"
	@echo "make test   - lint, type-check and run the whole test suite"
	@echo "make lint   - ruff and mypy only"
	@echo "make bench  - Google requests vs gspread scripts, Microsoft 365 beside Google; local time vs openpyxl"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/sheets-sync demo --out demo-out

lint: $(TEST_STAMP)
	$(BIN)/ruff check sheets_sync tests scripts $(wildcard bench)
	$(BIN)/ruff format --check sheets_sync tests scripts $(wildcard bench)
	$(BIN)/mypy

typecheck: lint

axe: $(AXE)

$(AXE):
	npm install --prefix .ci/node --no-save --no-audit --no-fund axe-core@$(AXE_VERSION)

test: lint $(AXE)
	$(BIN)/pytest -q -n auto --dist loadfile

bench: $(TEST_STAMP)
	$(BIN)/python bench/requests_per_operation.py

clean:
	rm -rf $(VENV) .ci/node demo-out .pytest_cache .mypy_cache .ruff_cache
