"""A backup taken while Kurator keeps writing restores every row committed before it began.

The proof, end to end and through the real commands, on the suite's own database
engine: a separate process (the application) seeds a case with documents, starts a thread
that keeps committing persons and signals through the services, notes which rows were
committed before the backup began, runs ``kurator_backup`` while the thread writes on, and
lets it write a little more. A second process wipes everything (``flush`` and the media
folder), runs ``kurator_restore --yes`` and reports what it finds.

SQLite: a file database (the suite's in-memory one has no file to back up), started from a
copy of the migrated test database. PostgreSQL: the suite's test database itself, hence
``transaction=True`` — the other processes must see committed rows, and pytest-django flushes
the database after the test.

Run by hand: ``python -m kurator.core.tests.test_backup_concurrent seed|restore ARG``, with
``DATABASE_URL`` and ``KURATOR_MEDIA_ROOT`` set.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from kurator.core.backup import BackupError, find_pg_tool

ROOT = Path(__file__).resolve().parents[3]
ROWS_BEFORE = 12  # committed rows to wait for before the backup starts
ROWS_AFTER = 4  # rows the writer must commit after the backup has finished


# --- the two processes ----------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seed_write_backup(output: Path) -> dict[str, Any]:
    """Process 1: the application at work, and a backup taken in the middle of it."""
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.db import connection as db
    from django.utils import timezone

    from kurator.accounts.roles import RoleCode
    from kurator.cases.tests.factories import open_case_for
    from kurator.core.testing import make_family, make_organisation, make_team, make_user
    from kurator.documents.models import CaseDocument
    from kurator.documents.services.folder import upload_document
    from kurator.documents.tests.files import PDF_BYTES, PNG_BYTES, upload
    from kurator.intake import services as intake
    from kurator.intake.models import Signal
    from kurator.people.models import FamilyRole, Person
    from kurator.people.services import create_person

    org = make_organisation("БФ «Резервная копия»")
    team = make_team(org, "Смоленск")
    senior = make_user(RoleCode.SENIOR_CURATOR, organisation=org, team=team)
    curator = make_user(RoleCode.CURATOR, organisation=org, team=team)
    psychologist = make_user(RoleCode.PSYCHOLOGIST, organisation=org, team=team)
    family = make_family(by=senior, name="Копийкины")
    case = open_case_for(senior=senior, curator=curator, psychologist=psychologist, family=family)
    uploads = [
        upload_document(
            case=case,
            by=curator,
            document_type=kind,
            title=title,
            file=upload(name, content),
        )
        for kind, title, name, content in (
            ("application", "Заявление", "заявление.pdf", PDF_BYTES + "Копийкина".encode() * 50),
            ("contract", "Договор", "договор.pdf", PDF_BYTES + os.urandom(4096)),
            ("family_card", "Фото семьи", "фото.png", PNG_BYTES + os.urandom(2048)),
        )
    ]
    assert len(uploads) == 3

    committed: list[tuple[str, int]] = []
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[str] = []

    def writer() -> None:
        i = 0
        try:
            while not stop.is_set():
                i += 1
                if i % 3:
                    row = (
                        "person",
                        create_person(
                            by=senior,
                            last_name=f"Писарева-{i}",
                            first_name="Анна",
                            family=family,
                            family_role=FamilyRole.CHILD,
                        ).pk,
                    )
                else:
                    row = (
                        "signal",
                        intake.record_signal(
                            by=senior,
                            received_at=timezone.now() - timedelta(minutes=5),
                            channel=Signal.Channel.PHONE,
                            source=Signal.Source.SCHOOL,
                            description=f"Сигнал №{i}: записан во время резервного копирования.",
                        ).pk,
                    )
                with lock:  # the service has returned: the row is committed
                    committed.append(row)
                time.sleep(0.005)
        except Exception as exc:  # reported to the test, which fails on it
            errors.append(repr(exc))
        finally:
            db.close()

    def wait_for(n: int) -> None:
        deadline = time.monotonic() + 60
        while len(committed) < n:
            if errors or time.monotonic() > deadline:
                raise RuntimeError(f"the writer stalled: {errors}")
            time.sleep(0.01)

    baseline = {
        "person": list(Person.objects.values_list("pk", flat=True)),
        "signal": list(Signal.objects.values_list("pk", flat=True)),
    }
    thread = threading.Thread(target=writer, name="writer")
    thread.start()
    try:
        wait_for(ROWS_BEFORE)
        with lock:
            before = list(committed)
        out = io.StringIO()
        call_command("kurator_backup", "--output", str(output), "--verify", stdout=out)
        with lock:
            finished = len(committed)
        wait_for(finished + ROWS_AFTER)
    finally:
        stop.set()
        thread.join()
    archives = sorted(output.glob("kurator-backup-*.tar.gz"))
    return {
        "archive": str(archives[-1]),
        "baseline": baseline,
        "before": before,
        "during": committed[len(before) : finished],
        "after": committed[finished:],
        "errors": errors,
        "family": family.pk,
        # The three uploads and the first-visit report filed when the case opened.
        "documents": {
            d.file.name: _sha256(default_storage.open(d.file.name).read())
            for d in CaseDocument.objects.all()
        },
        "backup_output": out.getvalue().splitlines(),
    }


def wipe_and_restore(archive: Path) -> dict[str, Any]:
    """Process 2: lose everything, then restore it from the archive."""
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from kurator.documents.models import CaseDocument
    from kurator.intake.models import Signal
    from kurator.people.models import FamilyMembership, Person

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    wiped = Person.objects.count() + Signal.objects.count() + CaseDocument.objects.count()
    out = io.StringIO()
    call_command("kurator_restore", str(archive), yes=True, stdout=out)
    return {
        "wiped_rows_left": wiped,
        "person": sorted(Person.objects.values_list("pk", flat=True)),
        "signal": sorted(Signal.objects.values_list("pk", flat=True)),
        "memberships": sorted(FamilyMembership.objects.values_list("person_id", flat=True)),
        "documents": {
            d.file.name: _sha256(default_storage.open(d.file.name).read())
            for d in CaseDocument.objects.all()
        },
        "restore_output": out.getvalue().splitlines(),
    }


def main(argv: list[str]) -> None:
    import django

    django.setup()
    step, arg = argv
    result = seed_write_backup(Path(arg)) if step == "seed" else wipe_and_restore(Path(arg))
    print(json.dumps(result, ensure_ascii=False))  # the test reads this line


# --- the test -------------------------------------------------------------------------------


def _database_url(tmp: Path) -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp / "kurator.sqlite3"
        # The migrated (and, in a transactional test, committed) in-memory test database,
        # copied into a file through the same online backup API the command uses.
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
        return f"sqlite:///{path}"
    try:
        find_pg_tool("pg_dump")
        find_pg_tool("pg_restore")
    except BackupError as exc:
        pytest.skip(f"PostgreSQL client programs are not installed: {exc}")
    user = quote(str(settings_dict["USER"]), safe="")
    password = quote(str(settings_dict["PASSWORD"]), safe="")
    host = settings_dict["HOST"] or "localhost"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


def _run(step: str, arg: Path, env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 — our own interpreter and module
        [sys.executable, "-m", "kurator.core.tests.test_backup_concurrent", step, str(arg)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, f"{step} failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


# serialized_rollback, as the suite's other transactional tests: the flush after the test then
# does not re-create content types, which the next such test reloads with their own ids.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_while_writing_then_wipe_and_restore_keeps_every_committed_row(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kurator.test_settings",
        "DATABASE_URL": _database_url(tmp_path),
        "KURATOR_VAR_DIR": str(tmp_path / "var"),
        "KURATOR_MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    connection.close()  # nothing of ours holds a lock while the other processes work

    app = _run("seed", tmp_path / "backups", env)
    assert app["errors"] == []
    assert app["after"], "the writer kept committing after the backup"
    backup_output = "\n".join(app["backup_output"])
    assert "Архив записан" in backup_output
    assert "Архив в порядке." in backup_output  # --verify re-read what it wrote

    print(  # shown with -s: how much the writer did around the backup
        f"backup on {connection.vendor}: {len(app['before'])} rows committed before it began, "
        f"{len(app['during'])} while it ran, {len(app['after'])} after"
    )
    restored = _run("restore", Path(app["archive"]), env)
    assert restored["wiped_rows_left"] == 0
    assert "Число записей совпадает с копией" in "\n".join(restored["restore_output"])

    for kind in ("person", "signal"):
        baseline = set(app["baseline"][kind])
        before = baseline | {pk for k, pk in app["before"] if k == kind}
        during = {pk for k, pk in app["during"] if k == kind}
        after = {pk for k, pk in app["after"] if k == kind}
        found = set(restored[kind])
        # Every row committed before the backup began is back …
        assert before <= found, f"{kind}: lost {sorted(before - found)}"
        # … nothing committed after it finished is (the restore really replaced the data) …
        assert not (after & found), f"{kind}: {sorted(after & found)} are from after the backup"
        # … and of the rows committed while it ran, some may be: nothing else appears.
        assert found - before <= during
    # No half-written record: each of the writer's persons came with its family membership
    # (one transaction in the service), and so each restored one has it.
    writer_persons = {pk for k, pk in app["before"] + app["during"] if k == "person"}
    assert set(restored["person"]) & writer_persons <= set(restored["memberships"])
    assert restored["documents"] == app["documents"]


if __name__ == "__main__":
    main(sys.argv[1:])
