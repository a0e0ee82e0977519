"""Serving in production with gunicorn: what `gunicorn.conf.py` uses, kept here so it is tested.

- `PrivateLogger`: gunicorn's logger with every client address removed from the error and
  access logs (gunicorn writes "Invalid request from ip=…" on malformed requests), and the
  app's own `loket.*` log records sent to the same error log. QUALITY.md: no IP addresses in logs.
- `ACCESS_LOG_FORMAT`: time, method, path without the query string (it may hold a question),
  status, size and duration; no address, user agent or referrer.
- `workers_for(cores)`, `post_fork` and `post_worker_init`: see gunicorn.conf.py.
"""
from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

ADDRESS = "[address]"
_ADDRESS_PATTERNS = (
    re.compile(r"(?<=ip=)\S+"),  # gunicorn: "Invalid request from ip=1.2.3.4: ..."
    re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"),  # IPv4
    re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4})*::[0-9A-Fa-f:.]*(?![\w:])"),  # IPv6 with ::
    re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){5,7}[0-9A-Fa-f]{1,4}(?![\w:])"),  # IPv6 written out
)


def scrub_addresses(text: str) -> str:
    """`text` with IPv4 and IPv6 addresses (and gunicorn's ip=…) replaced by [address]."""
    for pattern in _ADDRESS_PATTERNS:
        text = pattern.sub(ADDRESS, text)
    return text


class AddressFilter(logging.Filter):
    """Rewrites each record's message without client addresses (the record is formatted once, here)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub_addresses(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


class PrivateLogger(Logger):
    """gunicorn's logger, without client addresses; the app's `loket` logger writes to its error log."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        address_filter = AddressFilter()
        for log in (self.error_log, self.access_log):
            log.filters = [f for f in log.filters if not isinstance(f, AddressFilter)]
            log.addFilter(address_filter)
        app_log = logging.getLogger("loket")
        app_log.handlers = list(self.error_log.handlers)
        app_log.filters = [address_filter]
        app_log.setLevel(logging.INFO)
        app_log.propagate = False


def workers_for(cores: int) -> int:
    """One worker per core and one more: answering a question is CPU work (the embedding model),
    and every worker holds its own copy of the model (about 0.3 GB), so more would only queue."""
    return max(2, cores + 1)


def post_fork(server, worker) -> None:
    """In each new worker: drop the database connections inherited from the master (preload),
    so no two processes ever share a socket; the pool opens its own."""
    app = worker.app.wsgi()  # the preloaded app (gunicorn caches it)
    database = getattr(app, "extensions", {}).get("loket.db")
    if database is not None:
        database.engine.dispose(close=False)


def post_worker_init(worker) -> None:
    """In each worker, before it takes requests: load the model and indexes and answer once.

    The model and FAISS indexes are never built in the master and shared over fork (their
    thread pools do not survive a fork); each worker warms up its own.
    """
    from .web.assistant.engine import warm_up

    seconds = warm_up(worker.wsgi)
    worker.log.info("assistant warmed up in %.1f s", seconds)
