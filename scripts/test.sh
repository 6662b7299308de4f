#!/usr/bin/env bash
# The whole check, as CI runs it: lint, types, migrations, the suite on SQLite and on
# PostgreSQL, and the browser journeys in Chromium. Called by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export KURATOR_FAST_PASSWORD_HASHER=true
# Both cores of a CI machine: one pytest worker each (test files stay on one worker).
WORKERS=${KURATOR_TEST_WORKERS:-$(nproc)}
start=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

PG_URL="${KURATOR_TEST_PG_URL:-postgres://kurator:kurator@127.0.0.1:54329/kurator}"
mkdir -p var
# The suite builds its databases from the models (--no-migrations: a minute per worker);
# the migrations are applied for real here, on PostgreSQL, beside lint and the SQLite run,
# and on SQLite by the production path below.
$PY scripts/migrate_fresh_postgres.py "$PG_URL" >var/migrate-postgres.log 2>&1 &
migrate_pid=$!

step "ruff"
$PY -m ruff check .
$PY -m ruff format --check .

step "mypy"
$PY -m mypy kurator

step "migrations are complete and named"
KURATOR_DEBUG=true $PY manage.py makemigrations --check --dry-run >/dev/null
if ls kurator/*/migrations/*_auto_*.py >/dev/null 2>&1; then
  echo "Rename these migrations for what they do:"; ls kurator/*/migrations/*_auto_*.py; exit 1
fi

step "pytest on SQLite"
# Each engine runs what it can answer: the whole suite on SQLite but the schemathesis fuzz
# (NUL characters and types bite on PostgreSQL: it runs there); on PostgreSQL every test that
# touches the database (--db-tests-only) but the authorization matrix (engine-independent
# access rules, already run on SQLite).
$PY -m pytest -q -m "not browser and not api_fuzz" -n "$WORKERS" --dist loadfile --durations=20 \
  --no-migrations

step "every migration applies to a fresh PostgreSQL database"
if ! wait "$migrate_pid"; then cat var/migrate-postgres.log; exit 1; fi
cat var/migrate-postgres.log

step "pytest on PostgreSQL"
DATABASE_URL="$PG_URL" \
  $PY -m pytest -q -m "not browser and not matrix" -n "$WORKERS" --dist loadfile --durations=20 \
  --no-migrations --db-tests-only

step "browser journeys (Playwright + Debian chromium)"
$PY -m pytest -q -m browser -n "$WORKERS" --dist loadfile --no-migrations \
  --ignore tests/browser/test_production_path.py

step "production path as docs/operations.md says: debug off, collectstatic, gunicorn, a browser"
$PY -m pytest -q -m browser tests/browser/test_production_path.py

step "done"
