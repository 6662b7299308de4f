"""The archive of ``kurator_backup``: what it holds, how a damaged one is caught, how a restore
puts it back. Small SQLite databases of a few tables, in files of the test's own folder (the
suite's database is exercised end to end in ``test_backup_concurrent``)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import sqlite3
import tarfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler

from kurator.core.backup import (
    BackupError,
    create_backup,
    find_pg_tool,
    prune_backups,
    restore_backup,
    verify_backup,
)

DOCUMENTS = {
    "case-folders/2026/03/a1.pdf": b"%PDF-1.4 first",
    "case-folders/2026/03/b2.png": b"\x89PNG\r\n\x1a\n second",
}


def _sqlite(path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A Django connection to an SQLite file of its own (not the suite's database)."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    )
    wrapper = handler["default"]
    yield wrapper
    wrapper.close()


def _make_database(path: Path, *, documents: list[str], persons: int = 3) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.executescript(
            """
            CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT,
                                            applied TEXT);
            INSERT INTO django_migrations (app, name, applied) VALUES
                ('people', '0001_initial', '2026-01-01'), ('people', '0002_more', '2026-01-02');
            CREATE TABLE people_person (id INTEGER PRIMARY KEY, last_name TEXT);
            CREATE TABLE documents_casedocument (id INTEGER PRIMARY KEY, file TEXT);
            PRAGMA journal_mode=WAL;
            """
        )
        db.executemany(
            "INSERT INTO people_person (last_name) VALUES (?)",
            [(f"Иванова-{i}",) for i in range(persons)],
        )
        db.executemany(
            "INSERT INTO documents_casedocument (file) VALUES (?)", [(d,) for d in documents]
        )
        db.commit()


@pytest.fixture
def media(settings: Any) -> Path:
    root = Path(settings.MEDIA_ROOT)
    for name, content in DOCUMENTS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


@pytest.fixture
def source(tmp_path: Path, db: None) -> Iterator[BaseDatabaseWrapper]:
    path = tmp_path / "live.sqlite3"
    _make_database(path, documents=[*DOCUMENTS, "case-folders/2026/03/lost.pdf"])
    yield from _sqlite(path)


@pytest.fixture
def archive(tmp_path: Path, source: BaseDatabaseWrapper, media: Path) -> Path:
    return create_backup(output_dir=tmp_path / "backups", connection=source)


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def _rewrite(path: Path, members: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_archive_holds_the_database_copy_every_document_and_a_manifest(
    archive: Path, media: Path
) -> None:
    assert re.fullmatch(r"kurator-backup-\d{8}-\d{6}\.tar\.gz", archive.name)
    members = _members(archive)
    manifest = json.loads(members["manifest.json"])
    assert manifest["database"]["engine"] == "sqlite"
    assert manifest["created_at"]
    assert manifest["migrations"] == {"people": ["0001_initial", "0002_more"]}
    assert manifest["row_counts"]["people_person"] == 3
    assert manifest["row_counts"]["documents_casedocument"] == 3
    for name, content in DOCUMENTS.items():
        assert members[f"media/{name}"] == content
        assert manifest["media"][name]["sha256"] == hashlib.sha256(content).hexdigest()
    # A document row whose file is not in the media folder is reported, not hidden.
    assert manifest["media_missing"] == ["case-folders/2026/03/lost.pdf"]
    database = members["database/kurator.sqlite3"]
    assert hashlib.sha256(database).hexdigest() == manifest["database"]["sha256"]
    # A self-contained file (not a WAL database that needs its -wal file).
    assert database[:16] == b"SQLite format 3\x00"
    assert database[18:20] == b"\x01\x01"


def test_only_its_owner_may_read_the_archive(archive: Path) -> None:
    assert archive.stat().st_mode & 0o777 == 0o600


def test_verify_accepts_an_intact_archive(archive: Path) -> None:
    lines: list[str] = []
    manifest = verify_backup(archive, progress=lines.append)
    assert manifest["row_counts"]["people_person"] == 3
    assert "PRAGMA integrity_check: ok" in "\n".join(lines)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("document", "не совпадают с manifest.json"),
        ("database", "Контрольная сумма копии базы данных"),
        ("extra file", "(лишний)"),
        ("no manifest", "нет manifest.json"),
        ("unsafe name", "недопустимое имя"),
    ],
)
def test_verify_finds_a_damaged_archive(archive: Path, damage: str, message: str) -> None:
    members = _members(archive)
    if damage == "document":
        members["media/case-folders/2026/03/a1.pdf"] += b" tampered"
    elif damage == "database":
        members["database/kurator.sqlite3"] = members["database/kurator.sqlite3"][:-1] + b"x"
    elif damage == "extra file":
        members["media/case-folders/planted.pdf"] = b"%PDF"
    elif damage == "no manifest":
        del members["manifest.json"]
    else:
        members["../../etc/cron.d/evil"] = b"* * * * * root true"
    _rewrite(archive, members)
    with pytest.raises(BackupError, match=re.escape(message)):
        verify_backup(archive)


def test_verify_opens_the_database_copy_not_only_its_checksum(archive: Path) -> None:
    members = _members(archive)
    broken = b"SQLite format 3\x00" + b"\x00" * 4000
    members["database/kurator.sqlite3"] = broken
    manifest = json.loads(members["manifest.json"])
    manifest["database"]["sha256"] = hashlib.sha256(broken).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    _rewrite(archive, members)
    with pytest.raises(BackupError, match="SQLite"):
        verify_backup(archive)


def test_verify_reads_a_postgresql_dump_with_pg_restore(tmp_path: Path) -> None:
    try:
        find_pg_tool("pg_restore")
    except BackupError as exc:
        pytest.skip(f"pg_restore is not installed: {exc}")
    dump = b"PGDMP but not really a dump"
    path = tmp_path / "kurator-backup-20260301-020000.tar.gz"
    manifest = {
        "format": "kurator-backup",
        "format_version": 1,
        "created_at": "2026-03-01T02:00:00+03:00",
        "database": {
            "engine": "postgresql",
            "file": "database/kurator.dump",
            "sha256": hashlib.sha256(dump).hexdigest(),
        },
        "migrations": {},
        "row_counts": {},
        "media": {},
    }
    _rewrite(path, {"database/kurator.dump": dump, "manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(BackupError, match="pg_restore --list"):
        verify_backup(path)


def test_verify_of_something_that_is_not_an_archive(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(gzip.compress(b"just some text"))
    with pytest.raises(BackupError, match="не архив Kurator"):
        verify_backup(junk)
    with pytest.raises(BackupError, match="не найден"):
        verify_backup(tmp_path / "missing.tar.gz")


def test_restore_replaces_the_database_and_writes_the_documents_back(
    tmp_path: Path, archive: Path, media: Path
) -> None:
    target_path = tmp_path / "restored.sqlite3"
    _make_database(target_path, documents=[], persons=7)  # the state the restore replaces
    (media / "case-folders/2026/03/a1.pdf").unlink()
    (media / "case-folders/2026/03/b2.png").write_bytes(b"overwritten")
    (media / "case-folders/2026/03/later.pdf").write_bytes(b"%PDF uploaded after the backup")
    for target in _sqlite(target_path):
        report = restore_backup(archive, connection=target)
    with closing(sqlite3.connect(target_path)) as db:
        assert db.execute("SELECT COUNT(*) FROM people_person").fetchone() == (3,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    for name, content in DOCUMENTS.items():
        assert (media / name).read_bytes() == content
    assert report.media_written == 2
    assert report.extra_media == ["case-folders/2026/03/later.pdf"]


def test_restore_refuses_without_yes(archive: Path) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("kurator_restore", str(archive))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL database")
def test_restore_refuses_a_copy_of_another_engine(archive: Path) -> None:
    with pytest.raises(BackupError, match="того же вида"):
        restore_backup(archive)


def test_verify_command_checks_a_given_archive(archive: Path) -> None:
    out = io.StringIO()
    call_command("kurator_backup", "--verify", str(archive), stdout=out)
    assert "Архив в порядке." in out.getvalue()
    (archive.parent / "kurator-backup-20000101-000000.tar.gz").write_bytes(b"not gzip")
    with pytest.raises(CommandError, match="повреждён"):
        call_command(
            "kurator_backup",
            "--verify",
            str(archive.parent / "kurator-backup-20000101-000000.tar.gz"),
        )


def test_keep_deletes_all_but_the_newest_archives(tmp_path: Path) -> None:
    paths = [tmp_path / f"kurator-backup-2026030{i}-020000.tar.gz" for i in range(1, 6)]
    for i, path in enumerate(paths):
        path.write_bytes(b"x")
        mtime = 1_770_000_000 + i
        os.utime(path, (mtime, mtime))
    (tmp_path / "notes.txt").write_text("not an archive")
    assert prune_backups(tmp_path, keep=2) == paths[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [paths[3].name, paths[4].name, "notes.txt"]
    )
