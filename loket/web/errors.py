"""Error pages: HTML for the site, {"error": ...} for the API; never a stack trace."""
from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, SecurityError

from ..storage.db import is_outage
from .db import reset_session

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if isinstance(exc, SecurityError):  # an untrusted Host header: no page of ours links to it
            return current_app.response_class("Bad Request: unknown host\n", status=400, mimetype="text/plain")
        if wants_json():
            return jsonify(error=exc.description or exc.name), exc.code
        titles = {
            400: _("The request could not be understood."),
            403: _("You do not have access to this page."),
            404: _("Page not found."),
            405: _("This action is not allowed here."),
            413: _("What you sent is too large."),
            429: _("Too many requests. Please wait a moment and try again."),
        }
        message = titles.get(exc.code, _("Something went wrong."))
        # A 404 helps the visitor on: a search box and the main links.
        template = "errors/404.html" if exc.code == 404 else "errors/error.html"
        return render_template(template, code=exc.code, message=message), exc.code

    @app.errorhandler(PoolTimeout)
    @app.errorhandler(DBAPIError)
    def database_error(exc: Exception):
        # Only a database out of reach is an outage (503; pool_pre_ping reconnects next time).
        # Anything else the database refused is a bug here, never a false outage alert.
        if not is_outage(exc):
            return unexpected(exc)
        log.error("database unavailable: %s", type(exc).__name__)
        return service_unavailable()

    def service_unavailable():
        # The page renders as for a visitor (no user is loaded: auth.load_user), and its footer does not
        # ask the database again (present.site_loket).
        g.database_unavailable = True
        reset_session()
        if wants_json():
            return jsonify(error="service temporarily unavailable"), 503
        return render_template("errors/error.html", code=503, message=_("The service is temporarily unavailable. Please try again in a minute.")), 503

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):  # pragma: no cover - handled above
            return http_error(exc)
        log.exception("unhandled error on %s", request.endpoint)
        reset_session()
        if wants_json():
            return jsonify(error="internal error"), 500
        return render_template("errors/error.html", code=500, message=_("Something went wrong.")), 500
