"""Shared fixtures: the app on each test database, its client, CLI runner and factories.

Database tests run on SQLite, and also on PostgreSQL when LOKET_TEST_DATABASE_URL is set
(CI sets it when a server answers). The schema is built once per database by the real
migrations; each test starts from empty tables.
"""
from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from datetime import date

import pytest
from sqlalchemy import text

from loket import create_app
from loket.storage.db import Database
from loket.storage.models import Base

from . import factories

TODAY = date(2026, 11, 23)

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("LOKET_TEST_DATABASE_URL") else [])


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tripwire: a test that tries to reach anything but this machine fails."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in {"127.0.0.1", "localhost", "::1"} and not host.startswith("/"):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def index_cache(request, tmp_path_factory) -> Path:
    """Where real-model indexes persist between test runs (pytest's cache), else a temp dir.

    Building the real index takes tens of seconds on a busy 2-core machine; the fingerprint
    makes reuse safe: changed content or model means a rebuild.
    """
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("loket-retrieval-index"))
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        url = os.environ["LOKET_TEST_DATABASE_URL"]
        database = Database(url)
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        database.dispose()
    database = Database(url)
    database.upgrade()
    database.dispose()
    return url


def _empty_tables(database: Database) -> None:
    with database.engine.begin() as connection:
        if database.dialect == "postgresql":
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "LOKET_DATABASE_URL": database_url,
            "LOKET_INSTANCE_PATH": str(tmp_path / "instance"),
            "LOKET_SECRET_KEY": "test-secret",
            "LOKET_TODAY": TODAY,
        }
    )
    yield app
    database = app.extensions["loket.db"]
    _empty_tables(database)
    database.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    """A session on the app's database, for arranging data and checking what was written."""
    with app.extensions["loket.db"].session() as session:
        yield session


@pytest.fixture
def make(db):
    """Factories bound to the test session: make.company(...), make.vacancy(...)."""
    return factories.Factory(db, TODAY)


@pytest.fixture
def cli_env(app, monkeypatch):
    """Point the `loket` command at the test app's database and instance folder."""
    monkeypatch.setenv("LOKET_DATABASE_URL", app.config["LOKET_DATABASE_URL"])
    monkeypatch.setenv("LOKET_INSTANCE_PATH", app.config["LOKET_INSTANCE_PATH"])
    monkeypatch.setenv("LOKET_SECRET_KEY", "test-secret")
    return app


@pytest.fixture
def runner(cli_env):
    from click.testing import CliRunner

    from loket.cli import main

    cli = CliRunner()

    def invoke(*args: str):
        return cli.invoke(main, list(args), catch_exceptions=False)

    return invoke


# Accounts ---------------------------------------------------------------------------------

_CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*\svalue="([^"]+)"|value="([^"]+)"[^>]*\sname="csrf_token"')


def csrf_token_in(html: str) -> str:
    """The CSRF token of the first form on a page, as a browser would send it back."""
    match = _CSRF_FIELD.search(html)
    assert match, "no csrf_token field on this page"
    return match.group(1) or match.group(2)


class Forms:
    """Submit forms the way a browser does: load the page, take its CSRF token, post."""

    def __init__(self, client):
        self.client = client

    def token(self, page: str) -> str:
        # Signed-in users are redirected away from /login: any form of the session will do then.
        return csrf_token_in(self.client.get(page, follow_redirects=True).get_data(as_text=True))

    def submit(self, url: str, data: dict, page: str | None = None, **kwargs):
        """POST `data` to `url` with the token of `page` (default: `url` itself)."""
        return self.client.post(url, data={"csrf_token": self.token(page or url), **data}, **kwargs)


class AuthActions:
    """Sign in and out through the real forms (like the Flask tutorial's `auth` fixture)."""

    def __init__(self, client):
        self.client = client
        self.forms = Forms(client)

    def login(self, email: str, password: str = factories.TEST_PASSWORD, next: str | None = None):
        url = "/login" + (f"?next={next}" if next else "")
        return self.forms.submit(url, {"email": email, "password": password})

    def logout(self):
        # The sign-out button is in the header of every page for a signed-in user.
        return self.forms.submit("/logout", {}, page="/")


@pytest.fixture
def forms(client) -> Forms:
    return Forms(client)


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def logged_in_employer(make, auth):
    """An employer of a verified company, signed in on `client`."""
    user = make.user(role="employer")
    assert auth.login(user.email).status_code == 302
    return user


@pytest.fixture
def logged_in_staff(make, auth):
    """A desk staff member, signed in on `client`."""
    user = make.user(role="staff")
    assert auth.login(user.email).status_code == 302
    return user


@pytest.fixture
def outbox(app):
    """The mails the app wrote to <instance>/outbox/, oldest first, parsed."""
    from email import policy
    from email.parser import BytesParser
    from pathlib import Path

    folder = Path(app.config["LOKET_INSTANCE_PATH"]) / "outbox"

    def read():
        if not folder.exists():
            return []
        return [BytesParser(policy=policy.default).parsebytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]

    return read


@pytest.fixture
def desk_make(db):
    """Question-log rows, desk visits and vacancy counters with chosen dates (see factories.DeskFactory)."""
    return factories.DeskFactory(db)
