"""Backups of a SQLite database: an online copy, checked before it is trusted, and a restore.

SQLite's online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot while the
site keeps serving; the copy is written beside the target under a temporary name, checked
(`PRAGMA integrity_check` and an Alembic version this code knows) and only then renamed into
place, so a failed backup never replaces a good one. A restore checks the file the same way
first, keeps the current database as `<database>.bak-<time>`, then copies the backup in with the
same API (which also takes care of the WAL files). PostgreSQL has its own tools: pg_dump and
pg_restore (see README, "Production").
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import make_url

from .db import MIGRATIONS


class BackupError(RuntimeError):
    """The backup or restore cannot be done; the message says why, nothing was changed."""


@dataclass(frozen=True)
class Checked:
    """What a verified database file holds: its schema version and row counts."""

    path: Path
    revision: str
    vacancies: int
    size: int


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL; BackupError for other databases or an in-memory one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupError(
            f"the database is {parsed.get_backend_name()}, not SQLite: back it up with "
            "pg_dump --format=custom --file=loket.dump DBNAME and restore it with "
            "pg_restore --clean --if-exists --dbname=DBNAME loket.dump (see README, \"Production\")"
        )
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("the SQLite database is in memory: there is no file to back up")
    return Path(parsed.database)


def known_revisions() -> set[str]:
    """Every Alembic revision id of this code's migrations."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def check(path: Path) -> Checked:
    """Open `path` read-only and prove it is a whole database of ours; BackupError if not."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: cannot be opened as a SQLite database ({exc})") from None
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupError(f"{path}: integrity check failed: {'; '.join(map(str, result[:5]))}")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            raise BackupError(f"{path}: not a Digital Career Loket database (no alembic_version table)")
        versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
        if len(versions) != 1 or versions[0] not in known_revisions():
            raise BackupError(f"{path}: schema version {versions or 'none'} is not one of this version's migrations")
        vacancies = connection.execute("SELECT count(*) FROM vacancies").fetchone()[0] if "vacancies" in tables else 0
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: not a readable SQLite database ({exc})") from None
    finally:
        connection.close()
    return Checked(path, versions[0], vacancies, path.stat().st_size)


def backup(url: str, target: Path) -> Checked:
    """Copy the database of `url` to `target` online, check the copy, then put it in place."""
    source_path = sqlite_path(url)
    if not source_path.is_file():
        raise BackupError(f"{source_path}: the database does not exist yet")
    target = target.resolve()
    if target == source_path.resolve():
        raise BackupError("the backup file cannot be the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    _online_copy(source_path, partial)
    try:
        checked = check(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return Checked(target, checked.revision, checked.vacancies, checked.size)


def is_empty(path: Path) -> bool:
    """True when the database file is missing or none of our tables holds a row."""
    if not path.is_file() or path.stat().st_size == 0:
        return True
    from .models import Base

    connection = sqlite3.connect(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in Base.metadata.sorted_tables:
            if table.name in tables and connection.execute(f'SELECT 1 FROM "{table.name}" LIMIT 1').fetchone():
                return False
        return True
    except sqlite3.DatabaseError:
        return False  # unreadable: it may hold data, so only --force replaces it
    finally:
        connection.close()


@dataclass(frozen=True)
class Restored:
    checked: Checked
    previous: Path | None


def restore(url: str, source: Path, force: bool = False, now: datetime | None = None) -> Restored:
    """Replace the database of `url` by the verified backup `source`, keeping the current one.

    Refuses a file that fails `check`, and a database holding any row unless `force`.
    The current database is first copied (online) to `<database>.bak-<UTC time>`.
    """
    target = sqlite_path(url)
    checked = check(source)
    if source.resolve() == target.resolve():
        raise BackupError("the backup file is the database itself")
    if not force and not is_empty(target):
        raise BackupError(f"{target} holds data: restoring would replace it; add --force (it is kept as a .bak file)")
    previous = None
    if target.is_file():
        stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
        previous = target.with_name(f"{target.name}.bak-{stamp}")
        _keep(target, previous)
    target.parent.mkdir(parents=True, exist_ok=True)
    result = _online_copy(source, target, read_only=True, verify=True)
    if result != "ok":  # pragma: no cover - the source passed the same check a moment ago
        raise BackupError(f"{target}: integrity check failed after the restore; the previous database is {previous}")
    return Restored(checked, previous)


def _online_copy(source: Path, target: Path, *, read_only: bool = False, verify: bool = False) -> str | None:
    """SQLite's online backup of `source` into `target`; with `verify`, the copy's integrity_check result."""
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True) if read_only else sqlite3.connect(source)
    try:
        destination = sqlite3.connect(target)
        try:
            origin.backup(destination)
            return destination.execute("PRAGMA integrity_check").fetchone()[0] if verify else None
        finally:
            destination.close()
    finally:
        origin.close()


def _keep(database: Path, copy: Path) -> None:
    """Copy the current database aside before it is replaced: online when SQLite can read it,
    else (a damaged file, restored over with --force) byte for byte with its WAL file."""
    import shutil

    try:
        _online_copy(database, copy)
    except sqlite3.DatabaseError:
        copy.unlink(missing_ok=True)
        shutil.copy2(database, copy)
        wal = database.with_name(database.name + "-wal")
        if wal.is_file():
            shutil.copy2(wal, copy.with_name(copy.name + "-wal"))
