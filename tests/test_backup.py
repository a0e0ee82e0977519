"""`loket backup` and `loket restore`: an online SQLite copy, checked before it is trusted."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from loket.storage.models import Vacancy
from loket.storage.queries import vacancy_version

from .conftest import BACKENDS


# The SQLite commands run on SQLite only, the PostgreSQL message on PostgreSQL only (when a
# server is configured): one database each instead of a skipped half.
ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ON_POSTGRESQL = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture
def sqlite_app(app):
    database = _database_file(app)
    yield app
    for kept in database.parent.glob(database.name + ".bak-*"):  # the database file is shared by the session
        kept.unlink()


def _head() -> str:
    from alembic.script import ScriptDirectory

    from loket.storage.db import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def _database_file(app) -> Path:
    return Path(app.config["LOKET_DATABASE_URL"].split(":///", 1)[1])


def _count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM vacancies").fetchone()[0]


def _titles(db) -> set[str]:
    db.expire_all()
    titles = set(db.scalars(select(Vacancy.title)))
    db.rollback()  # no read transaction left open across a restore
    return titles


@ON_SQLITE
def test_backup_writes_a_checked_copy(sqlite_app, runner, make, db, tmp_path):
    make.vacancy(title="Data engineer")
    target = tmp_path / "backups" / "loket.db"
    result = runner("backup", str(target))
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output and "1 vacancies" in result.output
    assert _count(target) == 1
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == _head()
    assert not list(target.parent.glob(".*partial"))


@ON_SQLITE
def test_backup_is_online_and_copies_only_committed_rows(sqlite_app, runner, make, tmp_path):
    make.vacancy()
    writer = sqlite3.connect(_database_file(sqlite_app))
    try:
        writer.execute("BEGIN IMMEDIATE")  # another process is in the middle of a write
        writer.execute("UPDATE vacancies SET title = 'half-written'")
        result = runner("backup", str(tmp_path / "copy.db"))
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT title FROM vacancies").fetchone()[0] != "half-written"


@ON_SQLITE
def test_restore_refuses_a_database_with_data_without_force_and_keeps_it_with_force(sqlite_app, runner, make, db, tmp_path):
    make.vacancy(title="Kept in the backup")
    backup_file = tmp_path / "loket-backup.db"
    assert runner("backup", str(backup_file)).exit_code == 0
    make.vacancy(title="Written after the backup")
    db.commit()
    before = vacancy_version(db)

    refused = runner("restore", str(backup_file))
    assert refused.exit_code == 1
    assert "holds data" in refused.output and "--force" in refused.output
    assert _titles(db) == {"Kept in the backup", "Written after the backup"}

    result = runner("restore", str(backup_file), "--force")
    assert result.exit_code == 0, result.output
    assert _titles(db) == {"Kept in the backup"}
    previous = list(_database_file(sqlite_app).parent.glob(_database_file(sqlite_app).name + ".bak-*"))
    assert len(previous) == 1 and str(previous[0]) in result.output
    assert _count(previous[0]) == 2  # nothing is lost: the replaced database is still there
    # Workers that saw the old vacancies rebuild their suggestions: the version moved past both.
    assert vacancy_version(db) > before


@ON_SQLITE
def test_restore_into_an_empty_database_needs_no_force(sqlite_app, runner, make, db, tmp_path):
    make.vacancy(title="Only one")
    backup_file = tmp_path / "b.db"
    assert runner("backup", str(backup_file)).exit_code == 0
    db.execute(Vacancy.__table__.delete())
    from loket.storage.models import Company

    db.execute(Company.__table__.delete())
    db.commit()
    result = runner("restore", str(backup_file))
    assert result.exit_code == 0, result.output
    assert _titles(db) == {"Only one"}


def _corrupt(path: Path) -> None:
    """Overwrite the middle of every page after the first: the header still says SQLite."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):
        data[start + 8:start + page // 2] = b"\xa5" * (page // 2 - 8)
    path.write_bytes(bytes(data))


@ON_SQLITE
def test_restore_refuses_a_corrupt_file_and_changes_nothing(sqlite_app, runner, make, db, tmp_path):
    make.vacancy(title="Still here")
    backup_file = tmp_path / "corrupt.db"
    assert runner("backup", str(backup_file)).exit_code == 0
    _corrupt(backup_file)
    database = _database_file(sqlite_app)
    for args in ([str(backup_file)], [str(backup_file), "--force"]):
        result = runner("restore", *args)
        assert result.exit_code == 1
        assert "nothing restored" in result.output
        assert "integrity check failed" in result.output or "not a readable SQLite database" in result.output
    assert _titles(db) == {"Still here"}
    assert not list(database.parent.glob(database.name + ".bak-*"))


@ON_SQLITE
@pytest.mark.parametrize("content, reason", [
    (b"this is not a database at all" * 100, "not a readable SQLite database"),
    (None, "no alembic_version table"),
    (b"", "no alembic_version table"),
])
def test_restore_refuses_files_that_are_not_our_database(sqlite_app, runner, make, db, tmp_path, content, reason):
    make.vacancy(title="Still here")
    other = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(other) as connection:
            connection.execute("CREATE TABLE notes (text)")
    else:
        other.write_bytes(content)
    result = runner("restore", str(other), "--force")
    assert result.exit_code == 1
    assert reason in result.output
    assert _titles(db) == {"Still here"}


@ON_SQLITE
def test_restore_refuses_an_unknown_schema_version(sqlite_app, runner, make, tmp_path):
    make.vacancy()
    backup_file = tmp_path / "future.db"
    assert runner("backup", str(backup_file)).exit_code == 0
    with sqlite3.connect(backup_file) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    result = runner("restore", str(backup_file), "--force")
    assert result.exit_code == 1 and "schema version ['9999']" in result.output


@ON_SQLITE
def test_backup_to_the_database_itself_is_refused(sqlite_app, runner):
    result = runner("backup", str(_database_file(sqlite_app)))
    assert result.exit_code == 1 and "cannot be the database itself" in result.output


if "postgresql" in BACKENDS:
    @ON_POSTGRESQL
    def test_postgresql_names_pg_dump_and_pg_restore(app, runner, tmp_path):
        for command in ("backup", "restore"):
            result = runner(command, str(tmp_path / "x.db"))
            assert result.exit_code == 1
            assert "pg_dump" in result.output and "pg_restore" in result.output
        assert not (tmp_path / "x.db").exists()
