"""Digital Career Loket: the application factory. It wires things together, nothing else."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from .config import PROJECT_ROOT, allowed_hosts, load_settings


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app from LOKET_* settings; `test_config` overrides any key."""
    settings = load_settings(overrides=test_config)
    app = Flask(
        __name__,
        instance_path=settings["LOKET_INSTANCE_PATH"],
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    production = settings["LOKET_ENV"] == "production"
    app.config.update(
        SECRET_KEY=settings["LOKET_SECRET_KEY"],
        MAX_CONTENT_LENGTH=settings["LOKET_MAX_CONTENT_LENGTH"],
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
        # A forged Host header gets 400 (ASVS 3.7.x); None (development without a base URL): any host.
        TRUSTED_HOSTS=allowed_hosts(settings),
    )
    app.config.update(settings)
    if settings["LOKET_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = settings["LOKET_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    from . import web

    web.init_app(app)
    return app
