"""Backup and restore of the whole of Kurator: the database and every uploaded document.

One archive (``kurator-backup-YYYYMMDD-HHMMSS.tar.gz``) holds

- ``database/kurator.sqlite3`` — for SQLite, a copy made with SQLite's online backup API
  (``sqlite3.Connection.backup``): one read transaction, so the copy is consistent while the
  application keeps writing (WAL lets readers and writers pass each other). Never a file copy:
  a live database file copied byte by byte may be torn between two transactions;
- or ``database/kurator.dump`` — for PostgreSQL, ``pg_dump --format=custom`` run on a
  snapshot exported from a REPEATABLE READ transaction, so the dump and the row counts in the
  manifest describe exactly the same moment;
- ``media/…`` — every file of ``MEDIA_ROOT`` (the case folders), taken after the database, so
  every document row of the copy finds its file (files are never deleted or rewritten);
- ``manifest.json`` — when, which engine, the migration state per app, the row count of every
  table and the SHA-256 of every file in the archive.

``verify_backup`` re-reads an archive and checks all of it; ``restore_backup`` verifies first,
then replaces the database and writes the files back, and compares the row counts with the
manifest. The management commands ``kurator_backup`` and ``kurator_restore`` are thin wrappers.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.models import FileField
from django.utils import timezone

__all__ = [
    "BackupError",
    "Manifest",
    "RestoreReport",
    "create_backup",
    "find_pg_tool",
    "prune_backups",
    "restore_backup",
    "verify_backup",
]

FORMAT = "kurator-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database/kurator.sqlite3", "postgresql": "database/kurator.dump"}
MEDIA_PREFIX = "media/"
ARCHIVE_GLOB = "kurator-backup-*.tar.gz"
_CHUNK = 1024 * 1024

Progress = Callable[[str], None]
Manifest = dict[str, Any]


def _quiet(line: str) -> None:
    pass


class BackupError(Exception):
    """A backup, a check or a restore cannot go on; the message (Russian) says why."""


@dataclass
class RestoreReport:
    manifest: Manifest
    media_written: int = 0
    extra_media: list[str] = field(default_factory=list)
    pending_migrations: list[str] = field(default_factory=list)


# --- small helpers ---------------------------------------------------------------------------


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("Б", "КБ", "МБ", "ГБ"):
        if size < 1024 or unit == "ГБ":
            text = f"{size:.0f}" if unit == "Б" else f"{size:.1f}"
            return f"{text.replace('.', ',')} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """A file object that hashes what ``tarfile`` reads through it (each file read once)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        return data


def _engine(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DB_MEMBER:
        raise BackupError(
            f"Резервное копирование умеет SQLite и PostgreSQL, а настроена {connection.vendor}."
        )
    return connection.vendor


def _quote(name: str) -> str:
    """An SQL identifier in double quotes (both SQLite and PostgreSQL accept them)."""
    return '"' + name.replace('"', '""') + '"'


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField: the copy must hold the files its rows name."""
    return sorted(
        {
            (model._meta.db_table, str(f.column))
            for model in apps.get_models(include_auto_created=True)
            for f in model._meta.concrete_fields
            if isinstance(f, FileField)
        }
    )


def find_pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: from PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> int:
        match = re.search(r"/postgresql/(\d+)/", path)
        return int(match.group(1)) if match else 0

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"Не найдена программа {name}. Установите клиент PostgreSQL "
        "(Debian: apt install postgresql-client) или добавьте его в PATH."
    )


def _pg_command(connection: BaseDatabaseWrapper, tool: str) -> tuple[list[str], dict[str, str]]:
    """The tool with host, port and user on its command line; the password only in the
    environment (PGPASSWORD), never in the arguments where ``ps`` would show it."""
    params = connection.settings_dict
    args = [find_pg_tool(tool), "--no-password"]
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    options = params.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return args, env


def _run(args: list[str], env: dict[str, str], what: str) -> str:
    # The arguments are built here from settings, never from user input; no shell.
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{what}: ошибка (код {result.returncode}). {detail}")
    return result.stdout


def _sqlite_path(connection: BaseDatabaseWrapper) -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("База SQLite в памяти: копировать нечего.")
    return Path(name)


# --- the database snapshot -------------------------------------------------------------------


@dataclass
class _Snapshot:
    migrations: dict[str, list[str]]
    row_counts: dict[str, int]
    referenced_files: set[str]


def _read_state(
    execute: Callable[[str], list[tuple[Any, ...]]],
    tables: list[str],
    columns: Callable[[str], set[str]],
) -> _Snapshot:
    """Migration state, row counts and file names, read through one connection (a snapshot).
    ``columns(table)`` names a table's columns: a database from an older release may lack a
    file column of today's models (and SQLite would read an unknown quoted name as a text)."""
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        for app, name in execute("SELECT app, name FROM django_migrations ORDER BY app, id"):
            migrations.setdefault(app, []).append(name)
    # Table names come from the database's own catalogue and are quoted.
    counts = {t: int(execute(f"SELECT COUNT(*) FROM {_quote(t)}")[0][0]) for t in tables}  # noqa: S608
    referenced: set[str] = set()
    for table, column in _file_columns():
        if table in tables and column in columns(table):
            sql = f"SELECT DISTINCT {_quote(column)} FROM {_quote(table)}"  # noqa: S608
            referenced |= {row[0] for row in execute(sql) if row[0]}
    return _Snapshot(migrations, counts, referenced)


def _snapshot_sqlite(connection: BaseDatabaseWrapper, dest: Path, progress: Progress) -> _Snapshot:
    source = _sqlite_path(connection)
    if not source.exists():
        raise BackupError(f"Файл базы данных {source} не найден.")
    progress(f"База данных SQLite {source}: копирую через онлайн-API резервного копирования…")
    with closing(sqlite3.connect(source, timeout=60)) as src, closing(sqlite3.connect(dest)) as dst:
        # pages=-1: the whole database in one step, i.e. in one read transaction — a
        # consistent copy while other connections keep committing (WAL).
        src.backup(dst, pages=-1)
        # A self-contained single file in the archive (the live one runs in WAL mode).
        dst.execute("PRAGMA journal_mode=DELETE")
    with closing(sqlite3.connect(dest)) as copy:
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]

        def columns(table: str) -> set[str]:
            return {row[1] for row in copy.execute(f"PRAGMA table_info({_quote(table)})")}

        return _read_state(lambda sql: copy.execute(sql).fetchall(), tables, columns)


def _snapshot_postgres(
    connection: BaseDatabaseWrapper, dest: Path, progress: Progress
) -> _Snapshot:
    args, env = _pg_command(connection, "pg_dump")
    name = str(connection.settings_dict["NAME"])
    progress(f"База данных PostgreSQL «{name}»: pg_dump в формате custom…")
    # A separate connection holds a REPEATABLE READ transaction open while pg_dump runs on
    # its exported snapshot: the counts below and the dump see the same committed rows.
    snapshot_connection = connection.copy()
    try:
        with snapshot_connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            tables = sorted(snapshot_connection.introspection.table_names(cursor))

            def execute(sql: str) -> list[tuple[Any, ...]]:
                cursor.execute(sql)
                return list(cursor.fetchall())

            def columns(table: str) -> set[str]:
                described = snapshot_connection.introspection.get_table_description(cursor, table)
                return {column.name for column in described}

            state = _read_state(execute, tables, columns)
            _run(
                [*args, "--format=custom", f"--snapshot={snapshot_id}", f"--file={dest}", name],
                env,
                "pg_dump",
            )
            cursor.execute("COMMIT")
    finally:
        snapshot_connection.close()
    return state


# --- media -----------------------------------------------------------------------------------


def _media_root() -> Path:
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            "Документы хранятся не в файловой системе: копируйте хранилище его средствами."
        )
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(archive-relative posix name, path) of every regular file under ``root``, sorted."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


# --- backup ----------------------------------------------------------------------------------


def _archive_path(output_dir: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = output_dir / f"kurator-backup-{stamp}.tar.gz"
    n = 1
    while path.exists():
        n += 1
        path = output_dir / f"kurator-backup-{stamp}-{n}.tar.gz"
    return path


def create_backup(
    *,
    output_dir: Path,
    connection: BaseDatabaseWrapper | None = None,
    progress: Progress = _quiet,
) -> Path:
    """Write one archive into ``output_dir`` and return its path (see the module docstring).

    The archive is written under a temporary name and renamed when complete, so a crash
    never leaves a half-written file that looks like a backup.
    """
    connection = connection or connections[DEFAULT_DB_ALIAS]
    engine = _engine(connection)
    # The archive holds children's personal data: readable by the owner only.
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    created_at = timezone.localtime()
    final = _archive_path(output_dir)
    partial = final.with_name(f".{final.name}.partial")
    media_root = _media_root()
    with tempfile.TemporaryDirectory(prefix="kurator-backup-") as tmp:
        db_copy = Path(tmp) / PurePosixPath(DB_MEMBER[engine]).name
        if engine == "sqlite":
            state = _snapshot_sqlite(connection, db_copy, progress)
        else:
            state = _snapshot_postgres(connection, db_copy, progress)
        db_size = db_copy.stat().st_size
        progress(
            f"Копия базы готова: {human_size(db_size)}, таблиц {len(state.row_counts)}, "
            f"записей {sum(state.row_counts.values())}."
        )
        media: dict[str, dict[str, Any]] = {}
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                os.fdopen(fd, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                tar.add(db_copy, arcname=DB_MEMBER[engine], recursive=False)
                progress(f"Файлы документов из {media_root}…")
                for name, path in _media_files(media_root):
                    info = tar.gettarinfo(path, arcname=MEDIA_PREFIX + name)
                    with path.open("rb") as source:
                        reader = _HashingReader(source)
                        tar.addfile(info, reader)
                    media[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
                missing = sorted(state.referenced_files - set(media))
                manifest: Manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created_at.isoformat(),
                    "django_version": django.get_version(),
                    "database": {
                        "engine": engine,
                        "name": Path(str(connection.settings_dict["NAME"])).name,
                        "file": DB_MEMBER[engine],
                        "sha256": _sha256_file(db_copy),
                        "size": db_size,
                    },
                    "migrations": state.migrations,
                    "row_counts": state.row_counts,
                    "media": media,
                    "media_missing": missing,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(created_at.timestamp())
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(data))
            with partial.open("rb") as f:
                os.fsync(f.fileno())
            partial.replace(final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    total = sum(m["size"] for m in media.values())
    progress(f"Файлов документов: {len(media)} ({human_size(total)}).")
    if missing:
        progress(
            f"Внимание: в базе упомянуты файлы, которых нет в {media_root}: {len(missing)} "
            f"(список в manifest.json, media_missing)."
        )
    progress(f"Архив записан: {final} ({human_size(final.stat().st_size)}).")
    return final


def prune_backups(output_dir: Path, *, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives in ``output_dir``; return the deleted."""
    archives = sorted(output_dir.glob(ARCHIVE_GLOB), key=lambda p: (p.stat().st_mtime, p.name))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


# --- reading an archive ----------------------------------------------------------------------


def _safe_member_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Архив содержит недопустимое имя файла: {name!r}.")
    return path.as_posix()


def _copy_member(source: IO[bytes], target: IO[bytes] | None) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest()


def _checked_manifest(manifest: Any) -> Manifest:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("В архиве нет manifest.json Kurator.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Неизвестная версия формата: {manifest.get('format_version')}.")
    shapes = {"database": dict, "migrations": dict, "row_counts": dict, "media": dict}
    broken = [key for key, kind in shapes.items() if not isinstance(manifest.get(key), kind)]
    database = manifest.get("database") or {}
    broken += [f"database.{key}" for key in ("engine", "file", "sha256") if key not in database]
    media = manifest.get("media") or {}
    broken += [f"media[{name}]" for name, meta in media.items() if "sha256" not in (meta or {})]
    if broken:
        raise BackupError("manifest.json неполный: " + ", ".join(broken) + ".")
    return manifest


@contextmanager
def _read_archive(archive: Path, progress: Progress) -> Iterator[tuple[Manifest, Path]]:
    """Check every checksum of ``archive`` against its manifest and that the database copy
    opens; yield (manifest, path of the extracted database copy)."""
    if not archive.is_file():
        raise BackupError(f"Архив {archive} не найден.")
    progress(f"Проверяю архив {archive}…")
    with tempfile.TemporaryDirectory(prefix="kurator-restore-") as tmp:
        db_path: Path | None = None
        db_member = ""
        hashes: dict[str, str] = {}
        manifest: Manifest | None = None
        try:
            with tarfile.open(archive, "r:gz") as tar:
                for member in tar:
                    if member.isdir():
                        continue
                    name = _safe_member_name(member.name)
                    if not member.isfile():
                        raise BackupError(f"Архив содержит не файл: {name}.")
                    source = tar.extractfile(member)
                    assert source is not None
                    if name == MANIFEST:
                        manifest = json.loads(source.read().decode("utf-8"))
                    elif name in DB_MEMBER.values():
                        db_member = name
                        db_path = Path(tmp) / PurePosixPath(name).name
                        with db_path.open("wb") as target:
                            hashes[name] = _copy_member(source, target)
                    else:
                        hashes[name] = _copy_member(source, None)
        except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
            raise BackupError(f"Архив повреждён или это не архив Kurator: {exc}") from exc
        manifest = _checked_manifest(manifest)
        database = manifest["database"]
        if db_path is None or db_member != database["file"]:
            raise BackupError("В архиве нет копии базы данных, указанной в manifest.json.")
        if hashes.pop(db_member) != database["sha256"]:
            raise BackupError("Контрольная сумма копии базы данных не совпадает: архив повреждён.")
        expected = {MEDIA_PREFIX + name: meta["sha256"] for name, meta in manifest["media"].items()}
        bad = sorted(name for name in expected if hashes.get(name) != expected[name])
        extra = sorted(set(hashes) - set(expected))
        if bad or extra:
            raise BackupError(
                "Файлы архива не совпадают с manifest.json: "
                + ", ".join([*(f"{n} (сумма)" for n in bad), *(f"{n} (лишний)" for n in extra)])
            )
        progress(f"Контрольные суммы совпадают: база и {len(expected)} файлов документов.")
        _check_database_copy(database["engine"], db_path, progress)
        yield manifest, db_path


def _check_database_copy(engine: str, path: Path, progress: Progress) -> None:
    if engine == "sqlite":
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
                result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
                copy.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"Копия базы SQLite не открывается: {exc}") from exc
        if result != ["ok"]:
            raise BackupError("PRAGMA integrity_check: " + "; ".join(result[:5]))
        progress("Копия базы SQLite открывается, PRAGMA integrity_check: ok.")
    elif engine == "postgresql":
        listing = _run(
            [find_pg_tool("pg_restore"), "--list", str(path)], dict(os.environ), "pg_restore --list"
        )
        entries = sum(1 for line in listing.splitlines() if line and not line.startswith(";"))
        progress(f"Копия базы PostgreSQL читается (pg_restore --list): объектов {entries}.")
    else:
        raise BackupError(f"Неизвестный вид базы в архиве: {engine}.")


def verify_backup(archive: Path, *, progress: Progress = _quiet) -> Manifest:
    """Re-open ``archive``: every checksum matches its manifest and the database copy opens."""
    with _read_archive(archive, progress) as (manifest, _db):
        pass
    progress("Архив в порядке.")
    return manifest


# --- restore ---------------------------------------------------------------------------------


def _restore_sqlite(connection: BaseDatabaseWrapper, copy: Path, progress: Progress) -> None:
    target = _sqlite_path(connection)
    target.parent.mkdir(parents=True, exist_ok=True)
    progress(f"Восстанавливаю базу SQLite {target} через API резервного копирования…")
    connection.close()
    with closing(sqlite3.connect(copy)) as src, closing(sqlite3.connect(target, timeout=60)) as dst:
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=WAL")


def _restore_postgres(connection: BaseDatabaseWrapper, dump: Path, progress: Progress) -> None:
    args, env = _pg_command(connection, "pg_restore")
    name = str(connection.settings_dict["NAME"])
    progress(f"Восстанавливаю базу PostgreSQL «{name}» (pg_restore --clean, одной транзакцией)…")
    connection.close()
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            f"--dbname={name}",
            str(dump),
        ],
        env,
        "pg_restore",
    )


def _restore_media(archive: Path, manifest: Manifest, root: Path, progress: Progress) -> int:
    """Write every archived file into ``root`` (through a temporary name, checked again)."""
    written = 0
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            name = _safe_member_name(member.name)
            if not member.isfile() or not name.startswith(MEDIA_PREFIX):
                continue
            relative = name[len(MEDIA_PREFIX) :]
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.restoring")
            source = tar.extractfile(member)
            assert source is not None
            with partial.open("wb") as out:
                digest = _copy_member(source, out)
                out.flush()
                os.fsync(out.fileno())
            if digest != manifest["media"][relative]["sha256"]:
                partial.unlink()
                raise BackupError(f"Файл {relative} изменился при чтении архива.")
            partial.replace(target)
            written += 1
    progress(f"Файлы документов записаны в {root}: {written}.")
    return written


def _check_row_counts(connection: BaseDatabaseWrapper, manifest: Manifest) -> None:
    expected: dict[str, int] = manifest["row_counts"]
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        wrong = []
        for table, count in sorted(expected.items()):
            if table not in present:
                wrong.append(f"{table}: таблицы нет")
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
            actual = int(cursor.fetchone()[0])
            if actual != count:
                wrong.append(f"{table}: {actual} вместо {count}")
    if wrong:
        raise BackupError("Число записей не совпадает с manifest.json: " + "; ".join(wrong))


def restore_backup(
    archive: Path, *, connection: BaseDatabaseWrapper | None = None, progress: Progress = _quiet
) -> RestoreReport:
    """Replace the database and write the documents back from ``archive`` (verified first).

    Stop the application first: the database is replaced under its feet. Files in
    ``MEDIA_ROOT`` that the archive does not have are left in place and reported.
    """
    connection = connection or connections[DEFAULT_DB_ALIAS]
    engine = _engine(connection)
    root = _media_root()
    with _read_archive(archive, progress) as (manifest, db_copy):
        archived = manifest["database"]["engine"]
        if archived != engine:
            raise BackupError(
                f"Копия сделана из базы {archived}, а сейчас настроена {engine}: "
                "восстанавливайте в базу того же вида."
            )
        if engine == "sqlite":
            _restore_sqlite(connection, db_copy, progress)
        else:
            _restore_postgres(connection, db_copy, progress)
    report = RestoreReport(manifest=manifest)
    report.media_written = _restore_media(archive, manifest, root, progress)
    report.extra_media = sorted(
        name
        for name, _path in _media_files(root)
        if name not in manifest["media"] and not name.endswith(".restoring")
    )
    _check_row_counts(connection, manifest)
    counts = manifest["row_counts"]
    progress(
        f"Число записей совпадает с копией: таблиц {len(counts)}, записей {sum(counts.values())}."
    )
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    report.pending_migrations = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
    return report
