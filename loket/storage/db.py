"""The database handle: one engine and session factory per application.

Framework-free: the web layer opens a session per request and closes it on teardown.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


# A network that silently drops packets must not hang a worker: libpq gives up connecting after
# 5 s, and a connection whose peer stopped answering is dropped after about a minute (TCP
# keepalives) or when sent data stays unacknowledged for 15 s — the request then gets the
# friendly 503, and the pool's pre-ping replaces the connection.
POSTGRES_CONNECT_ARGS = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
                         "keepalives_count": 3, "tcp_user_timeout": 15_000}


def engine_options(url: str, pool_size: int = 5) -> dict:
    """create_engine's options for `url`: pre-ping always; for PostgreSQL a bounded pool and bounded waits."""
    options: dict = {"pool_pre_ping": True}
    if not url.startswith("sqlite"):
        options.update(pool_size=pool_size, max_overflow=2)
    if url.startswith("postgresql"):
        options["connect_args"] = dict(POSTGRES_CONNECT_ARGS)
    return options


class Database:
    """Owns the engine; `session()` gives a new Session, `transaction()` a committed unit of work."""

    def __init__(self, url: str, pool_size: int = 5):
        self.url = url
        if url.startswith("sqlite"):
            path = url.split(":///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, **engine_options(url, pool_size))
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits at the end of the block, or rolls back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (creates it on an empty database)."""
        from alembic import command

        with self.engine.begin() as connection:
            config = alembic_config(self.url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def is_current(self) -> bool:
        """True when the schema exists (the vacancies table is there)."""
        return inspect(self.engine).has_table("vacancies")

    def dispose(self) -> None:
        self.engine.dispose()


def is_outage(exc: BaseException) -> bool:
    """True when `exc` means the database cannot be reached now, not that a statement was wrong.

    That is: the connection was lost during a statement (SQLAlchemy invalidated it), a new
    connection could not be made (an OperationalError or InterfaceError without a statement),
    or the pool had no connection free in time. Any other DBAPIError is a bug or bad input.
    """
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    return isinstance(exc, (OperationalError, InterfaceError)) and exc.statement is None


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers work while a writer commits.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # 32 MB page cache (the default is 2 MB): the list's covering index for 100,000
    # vacancies then stays in memory; see docs/benchmarks.md.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()
