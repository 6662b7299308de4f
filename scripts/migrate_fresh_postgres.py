"""Apply every migration to a fresh PostgreSQL database, as an operator's first `migrate` does.

The test suite builds its databases from the models (`pytest --no-migrations`); this script
is how `make test` still proves the migrations themselves run on PostgreSQL. Usage:

    python scripts/migrate_fresh_postgres.py postgres://user:pass@host:port/any_db
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg

SCRATCH = "kurator_migrations_check"


def main(url: str) -> int:
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        connection.execute(f"CREATE DATABASE {SCRATCH}")
    scratch = urlunsplit(parts._replace(path=f"/{SCRATCH}"))
    env = {**os.environ, "DATABASE_URL": scratch, "KURATOR_DEBUG": "true"}
    manage = [sys.executable, "manage.py"]
    command = [*manage, "migrate", "--no-input", "-v", "0"]
    done = subprocess.run(command, env=env, check=False)  # noqa: S603 (our own manage.py)
    if done.returncode == 0:
        print(f"every migration applied to a fresh PostgreSQL database ({SCRATCH})")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
