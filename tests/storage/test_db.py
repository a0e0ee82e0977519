"""The engine's options (loket/storage/db.py): bounded waits on PostgreSQL, none needed on SQLite."""
from __future__ import annotations

from sqlalchemy import text

from loket.storage.db import POSTGRES_CONNECT_ARGS, Database, engine_options


def test_postgresql_connections_have_bounded_waits():
    options = engine_options("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert options["connect_args"]["connect_timeout"] == 5
    assert options["connect_args"]["keepalives"] == 1 and options["connect_args"]["tcp_user_timeout"] > 0
    assert options["pool_pre_ping"] and options["pool_size"] == 5


def test_sqlite_gets_no_network_options():
    options = engine_options("sqlite:///instance/loket.db")
    assert "connect_args" not in options and "pool_size" not in options


def test_the_options_work_on_the_database_under_test(database_url):
    database = Database(database_url)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("select 1")).scalar() == 1
            if database.dialect == "postgresql":
                # libpq took the settings (a wrong name would have refused the connection).
                parameters = connection.connection.dbapi_connection.info.get_parameters()
                assert parameters["keepalives_idle"] == str(POSTGRES_CONNECT_ARGS["keepalives_idle"])
                assert parameters["connect_timeout"] == str(POSTGRES_CONNECT_ARGS["connect_timeout"])
    finally:
        database.dispose()
