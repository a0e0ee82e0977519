"""Error pages: HTML for the site, {"error": ...} for the API; never a stack trace."""
from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
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

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_down(exc: Exception):
        # The database was unreachable for a moment: say so, and let pool_pre_ping reconnect next time.
        log.error("database unavailable: %s", type(exc).__name__)
        g.database_down = True  # the page's footer must not ask the database again
        if wants_json():
            return jsonify(error="service temporarily unavailable"), 503
        return render_template("errors/error.html", code=503, message=_("The service is temporarily unavailable. Please try again in a minute.")), 503

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):  # pragma: no cover - handled above
            return http_error(exc)
        log.exception("unhandled error on %s", request.endpoint)
        if wants_json():
            return jsonify(error="internal error"), 500
        return render_template("errors/error.html", code=500, message=_("Something went wrong.")), 500
