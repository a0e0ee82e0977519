"""gunicorn.conf.py and loket/serving.py: workers from the cores, preload with per-worker warm-up,
and logs without client addresses (QUALITY.md: no IP addresses in logs)."""
from __future__ import annotations

import os
import runpy
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from loket import create_app
from loket.config import PROJECT_ROOT
from loket.serving import ACCESS_LOG_FORMAT, PrivateLogger, post_fork, post_worker_init, scrub_addresses, workers_for

CONF = PROJECT_ROOT / "gunicorn.conf.py"


def test_the_config_file_uses_the_tested_pieces():
    conf = runpy.run_path(str(CONF))
    assert conf["wsgi_app"] == "loket:create_app()"
    assert conf["workers"] == workers_for(os.cpu_count() or 1) or "WEB_CONCURRENCY" in os.environ
    assert conf["preload_app"] is True
    assert conf["post_fork"] is post_fork and conf["post_worker_init"] is post_worker_init
    assert conf["logger_class"] is PrivateLogger
    assert conf["access_log_format"] == ACCESS_LOG_FORMAT
    assert conf["timeout"] >= 60 and conf["graceful_timeout"] > 0


def test_the_access_log_has_no_address_agent_referrer_or_query():
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%(r)s", "%(q)s", "%({x-forwarded-for}i)s"):
        assert atom not in ACCESS_LOG_FORMAT


def test_workers_follow_the_cores():
    assert [workers_for(n) for n in (1, 2, 4, 8)] == [2, 3, 5, 9]


@pytest.mark.parametrize("line", [
    "Invalid request from ip=203.0.113.9: Invalid HTTP method: 'GARBAGE'",
    "connection from 203.0.113.9:51234 reset",
    "Invalid request from ip=2001:db8::7: bad",
    "client [2001:db8:0:0:0:0:0:7] went away",
    "peer fe80::1%eth0 gone",
])
def test_addresses_are_scrubbed(line):
    scrubbed = scrub_addresses(line)
    assert "203.0.113.9" not in scrubbed and "2001:db8" not in scrubbed and "fe80" not in scrubbed
    assert "[address]" in scrubbed


@pytest.mark.parametrize("line", ["[2026-12-01 10:00:00 +0000] [42] [INFO] Booting worker with pid: 42",
                                  "GET /vacancies/12 HTTP/1.1 200 5123 12ms", "version 1.2.3"])
def test_times_paths_and_versions_stay(line):
    assert scrub_addresses(line) == line


def test_post_fork_drops_the_inherited_database_connections(tmp_path):
    app = create_app({"TESTING": True, "LOKET_SECRET_KEY": "x", "LOKET_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}",
                      "LOKET_INSTANCE_PATH": str(tmp_path)})
    engine = app.extensions["loket.db"].engine
    calls = []
    original = engine.dispose
    engine.dispose = lambda close=True: calls.append(close) or original(close=close)
    post_fork(None, SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app)))
    assert calls == [False]  # the master's connections are left to the master
    app.extensions["loket.db"].dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_logs_no_client_address(tmp_path):
    """A real gunicorn with gunicorn.conf.py (warm-up replaced: the model is tested elsewhere):
    a normal request and a malformed one, then the logs are read."""
    from loket.storage.db import Database

    database = f"sqlite:///{tmp_path / 'loket.db'}"
    Database(database).upgrade()
    conf = tmp_path / "test.conf.py"
    conf.write_text(f"exec(open({str(CONF)!r}).read())\n"
                    "def post_worker_init(worker):\n    worker.log.info('no warm-up in this test')\n")
    port = _free_port()
    env = {**os.environ, "LOKET_DATABASE_URL": database, "LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_SECRET_KEY": "x",
           "WEB_CONCURRENCY": "1", "PYTHONPATH": str(PROJECT_ROOT)}
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(conf), "--bind", f"127.0.0.1:{port}"],
                                  cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                        s.sendall(b"GET /healthz?secret=question HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        reply = s.recv(4096)
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail("gunicorn did not start:\n" + log.read_text())
            assert b"200 OK" in reply
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(b"GARBAGE\x01 / HTTP/1.1\r\n\r\n")
                assert b"400" in s.recv(4096)
            time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    logged = log.read_text()
    assert "GET /healthz HTTP/1.1" in logged and "secret=question" not in logged
    assert "Invalid request from ip=[address]" in logged
    assert "127.0.0.1" not in logged.replace(f"127.0.0.1:{port}", "")  # only the address it listens on
