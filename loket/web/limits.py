"""Rate limits (Flask-Limiter): one `limiter` for the app, counted per client by a keyed hash.

Use it on a view with `@limiter.limit("10 per minute")`. Importing this module has no
side effects; `init_app` (called by the app factory) reads LOKET_RATELIMIT_ENABLED and
LOKET_RATELIMIT_STORAGE_URL. With `memory://` every worker process counts for itself;
with `redis://…` all workers share the counts. A 429 is rendered by web/errors.py
(the error page, or JSON under /api/).

Clients are identified by an HMAC of their address with the secret key: the counts
(in memory or in Redis) never hold a raw IP address or e-mail address.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, request
from flask_limiter import Limiter


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


def init_app(app: Flask) -> None:
    app.config["RATELIMIT_ENABLED"] = app.config["LOKET_RATELIMIT_ENABLED"]
    app.config["RATELIMIT_STORAGE_URI"] = app.config["LOKET_RATELIMIT_STORAGE_URL"]
    limiter.init_app(app)
