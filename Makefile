# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run screenshots test lint check clean

# Test processes side by side (pytest-xdist; each test file stays in one process). Schemathesis
# reports its operations as one test under xdist, so its file runs on its own after the rest.
TEST_PROCESSES ?= 2

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	touch $@ $(APP_STAMP)

## Set up everything and run web + worker + beat with the demo campaign (HOST, PORT; RUN_ARGS=--no-setup).
run: $(APP_STAMP)
	$(BIN)/python scripts/run.py $(RUN_ARGS)

## Screenshots of the main pages as each demo user, in en/fr/ar at 1366 and 390 px, under var/screenshots/.
screenshots: $(DEV_STAMP)
	$(BIN)/python bench/screenshots.py $(SCREENSHOTS_ARGS)

## Lint, check migrations, run the whole test suite.
test: $(DEV_STAMP) lint
	DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadfile --ignore tests/api/test_schemathesis.py
	$(BIN)/python -m pytest tests/api/test_schemathesis.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var staticfiles
