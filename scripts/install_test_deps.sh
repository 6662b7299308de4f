#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian machine: Debian's chromium for
# Playwright (never a downloaded browser) and a throwaway PostgreSQL 15 cluster on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:?usage: install_test_deps.sh browser|postgres|pdf|docs}
PGPORT=54329
PGDATA=${KURATOR_PGDATA:-/tmp/kurator-pg}

apt_install() {
  if [ "$(id -u)" != 0 ]; then echo "need root to apt-get install $*" >&2; exit 1; fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

case "$what" in
browser)
  if [ ! -x /usr/bin/chromium ]; then
    echo "installing Debian chromium"
    apt_install chromium fonts-liberation2
  fi
  ;;
pdf)
  # WeasyPrint (PDF reports) needs Pango and a font with Cyrillic glyphs.
  if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
    echo "installing Pango and DejaVu fonts for PDF reports"
    apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
  fi
  ;;
docs)
  # Generated case papers: LibreOffice headless converts the rendered DOCX to the PDF.
  if ! command -v soffice >/dev/null 2>&1; then
    echo "installing LibreOffice Writer (headless) for generated documents"
    apt_install libreoffice-writer-nogui fonts-dejavu-core
  fi
  ;;
postgres)
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "installing PostgreSQL server"
    apt_install postgresql postgresql-contrib
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  if pg_isready_out=$("$bindir/pg_isready" -h 127.0.0.1 -p "$PGPORT" 2>&1); then
    exit 0  # already running
  fi
  run_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    rm -rf "$PGDATA"; mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
    run_as_pg "$bindir/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 \
      --locale=C.UTF-8 >/dev/null
  fi
  # fsync off: a throwaway test cluster; speed over durability here only.
  run_as_pg "$bindir/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-h 127.0.0.1 -p $PGPORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  psql_() { "$bindir/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }
  if [ "$(psql_ "SELECT 1 FROM pg_roles WHERE rolname='kurator'")" != 1 ]; then
    psql_ "CREATE ROLE kurator LOGIN SUPERUSER PASSWORD 'kurator'"
  fi
  if [ "$(psql_ "SELECT 1 FROM pg_database WHERE datname='kurator'")" != 1 ]; then
    psql_ "CREATE DATABASE kurator OWNER kurator"
  fi
  echo "PostgreSQL on 127.0.0.1:$PGPORT"
  ;;
*) echo "unknown: $what" >&2; exit 2 ;;
esac
