# The two commands: `make run` (set up and start the portal) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on two processes (pytest-xdist; each has its own test database). PYTEST_WORKERS=0 runs it in one.
PYTEST_WORKERS ?= 2

.PHONY: run setup test lint migrations-check clean-db bench soak

run: setup
	@$(PY) manage.py demo_accounts
	@echo "门户 / portal:  http://$(HOST):$(PORT)/    管理后台 / admin: http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py load_demo

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

test: $(STAMP) migrations-check
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# ruff (lint and format), the import-linter layer contract and mypy ([tool.mypy]: core and the services
# strict, the rest non-strict), all configured in pyproject.toml (docs/architecture.md).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# The benchmarks print their figures; none runs in the test suite.
bench: $(STAMP)
	$(PY) bench/bench_import_catalog.py
	$(PY) bench/bench_obligations.py

# Mixed traffic against gunicorn + PostgreSQL + Redis with Redis stopped and workers killed (SOAK_MINUTES=10).
soak: $(STAMP)
	$(PY) bench/soak.py --minutes $(or $(SOAK_MINUTES),10)

clean-db:
	rm -f db.sqlite3
