# gongkai — the two commands: `make demo` and `make test`. Each sets itself up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench install clean

$(STAMP): pyproject.toml
	@scripts/system-deps base
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## demo: install, migrate, load the demo district, print the logins, serve on :8000
demo: $(STAMP)
	@scripts/system-deps demo
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo
	GONGKAI_HUEY_IMMEDIATE=1 $(BIN)/gongkai serve

## test: the whole suite, browser tests included (DATABASE_URL selects PostgreSQL)
test: $(STAMP)
	@scripts/system-deps test
	$(BIN)/pytest $(PYTEST_ARGS)

## lint: ruff, formatting, mypy, missing migrations
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy gongkai
	$(BIN)/python manage.py makemigrations --check --dry-run

## bench: the speed measurements under benchmarks/ (not part of the tests)
bench: $(STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var/static var/cache
