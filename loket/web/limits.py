"""Rate limits (Flask-Limiter): one `limiter` for the app, counted per client by a keyed hash.

Use it on a view with `@limiter.limit("10 per minute")`. Importing this module has no
side effects; `init_app` (called by the app factory) reads LOKET_RATELIMIT_ENABLED and
LOKET_RATELIMIT_STORAGE_URL. With `memory://` every worker process counts for itself;
with `redis://…` all workers share the counts. A 429 is rendered by web/errors.py
(the error page, or JSON under /api/).

Clients are identified by an HMAC of their address with the secret key: the counts
(in memory or in Redis) never hold a raw IP address or e-mail address.

Redis away: the app keeps serving and keeps limiting, but each worker counts for itself
(fresh counts) until Redis answers again — refusing every sign-in while Redis is down would
be worse. The switch is logged once as a warning (and the recovery once), and `/readyz`
reports it as `"rate_limits": "fallback"`.
"""
from __future__ import annotations

import hashlib
import hmac
import logging

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter

log = logging.getLogger(__name__)


def keyed_hash(value: str, purpose: str) -> str:
    """A short HMAC of `value` with the app's secret key; `purpose` keeps different uses apart."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def client_key() -> str:
    """The rate-limit key of the requesting client (its address, hashed)."""
    return keyed_hash(request.remote_addr or "unknown", "client")


# Options that must be the same for every app are fixed here; what varies per app
# (enabled, storage) comes from its config in init_app.
limiter = Limiter(
    key_func=client_key,
    key_prefix="loket",
    strategy="moving-window",
    headers_enabled=True,
    # Redis gone for a moment: keep limiting per worker instead of failing every request.
    in_memory_fallback_enabled=True,
)


def _shared_storage(app: Flask) -> bool:
    return not app.config["LOKET_RATELIMIT_STORAGE_URL"].startswith("memory://")


def storage_status() -> str:
    """How the counts are kept now: "off", "per-worker" (memory://), "shared" (Redis answers) or
    "fallback" (Redis is configured but away: each worker counts for itself)."""
    app = current_app
    if not app.config["LOKET_RATELIMIT_ENABLED"]:
        return "off"
    if not _shared_storage(app):
        return "per-worker"
    try:
        reachable = limiter.storage.check()
    except Exception:
        reachable = False
    return "shared" if reachable and not _storage_dead() else "fallback"


def _storage_dead() -> bool:
    # Flask-Limiter's own flag for "using the in-memory fallback" (pinned: Flask-Limiter 4.x).
    return bool(getattr(limiter, "_storage_dead", False))


_fallback_reported = {"dead": False}


def _report_fallback(response: Response) -> Response:
    """Log once when the shared storage is lost, and once when it is back (Flask-Limiter itself is silent)."""
    dead = _storage_dead()
    if dead != _fallback_reported["dead"]:
        _fallback_reported["dead"] = dead
        if dead:
            log.warning("rate-limit storage unreachable: each worker now counts for itself until it is back")
        else:
            log.warning("rate-limit storage reachable again: counts are shared")
    return response


def init_app(app: Flask) -> None:
    app.config["RATELIMIT_ENABLED"] = app.config["LOKET_RATELIMIT_ENABLED"]
    app.config["RATELIMIT_STORAGE_URI"] = app.config["LOKET_RATELIMIT_STORAGE_URL"]
    if app.config["LOKET_RATELIMIT_STORAGE_URL"].startswith(("redis://", "rediss://")):
        # A Redis that hangs must not hang every request: give up quickly and fall back.
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    limiter.init_app(app)
    # One limiter object serves the process; a new app starts with its storage assumed reachable.
    limiter._storage_dead = False
    _fallback_reported["dead"] = False
    app.after_request(_report_fallback)
