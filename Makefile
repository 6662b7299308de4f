# Kurator: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
# A project-local uv, installed by pip: the machine may have none (or a broken shim).
UV := .venv-uv/bin/uv
export UV_PYTHON_PREFERENCE := only-system
export UV_LINK_MODE := copy

.PHONY: help install run demo test lint typecheck pytest-sqlite pytest-postgres browser-deps pdf-deps docs-deps postgres-up migrations-check clean

help:
	@echo "make run   — install, migrate, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test  — install test dependencies, run ruff, mypy, pytest (SQLite + PostgreSQL) and browser tests"

$(UV):
	python3 -m venv .venv-uv && .venv-uv/bin/pip install -q "uv==0.13.9"

# Reinstall only when the lock changes: a second `make run` starts in seconds.
.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python python3
	@touch $@

install: .venv/.synced

run: install pdf-deps docs-deps
	@mkdir -p var
	KURATOR_DEBUG=true $(PY) manage.py migrate --no-input
	KURATOR_DEBUG=true $(PY) manage.py load_demo
	KURATOR_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

test: install browser-deps pdf-deps docs-deps postgres-up
	bash scripts/test.sh

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: install
	KURATOR_DEBUG=true $(PY) -m mypy kurator

pdf-deps:
	bash scripts/install_test_deps.sh pdf

docs-deps:
	bash scripts/install_test_deps.sh docs

browser-deps:
	bash scripts/install_test_deps.sh browser

postgres-up:
	bash scripts/install_test_deps.sh postgres

clean:
	rm -rf .venv .venv-uv var/static
