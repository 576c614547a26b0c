# The one list of developer commands. `make help` prints it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/leadpact

.DEFAULT_GOAL := help
.PHONY: help install demo serve test test-pg messages lint format typecheck check bench bench-quick ci clean screenshots

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/leadpact: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(BIN)/leadpact

install: $(BIN)/leadpact ## Create .venv and install leadpact with its dev tools

demo: install ## Set up and start the demo on http://127.0.0.1:8000
	$(BIN)/leadpact demo

serve: install ## Start the web app and API on 127.0.0.1:8000 (LEADPACT_* settings apply)
	$(BIN)/leadpact serve

PYTEST_WORKERS ?= auto

test: install ## Run the test suite on all cores (SQLite by default; LEADPACT_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test-pg: install ## Run the test suite on PostgreSQL at 127.0.0.1:5432
	LEADPACT_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -n $(PYTEST_WORKERS)

messages: install ## Refresh the Polish translations (TRANSLATIONS=file.json fills new ones)
	$(BIN)/python tools/messages.py $(TRANSLATIONS)

lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install ## mypy with django-stubs (strict for the pure engine)
	$(BIN)/mypy leadpact config bench

check: install ## manage.py check and makemigrations --check
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install ## Full benchmarks on SQLite and PostgreSQL; rewrites BENCHMARKS.md
	$(BIN)/python -m bench.run all
	$(BIN)/python -m bench.run all --database-url $(PG_TEST_URL)

bench-quick: install ## The benchmarks in quick mode (about a minute)
	$(BIN)/python -m bench.run all --quick

screenshots: install ## Save the main pages as PNGs (demo data, Chromium) in docs/screenshots
	$(BIN)/python -m tests.browser.screenshots

ci: ## What CI runs: lint, types, checks, tests on SQLite and PostgreSQL
	bash .ci/run

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) .leadpact
