"""Accounts on the web: Flask-Login, the `auth` blueprint and role checks (see access.py).

The session holds "<user id>:<session token>"; the token changes at every sign-in
and sign-out, so a session cookie copied before sign-out no longer works after it.
A session without a request for LOKET_SESSION_IDLE_MINUTES is signed out (ASVS 7.3.1).
"""
from __future__ import annotations

import logging
import time

from flask import Flask, current_app, flash, g, request, session as http_session
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import LoginManager, logout_user
from sqlalchemy.exc import DBAPIError, TimeoutError as PoolTimeout

from ...services import accounts
from ..db import reset_session, session
from ..limits import keyed_hash
from .access import account_link, unauthorized

log = logging.getLogger(__name__)

login_manager = LoginManager()
login_manager.session_protection = "basic"
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")


def _session_identifier() -> str:
    """Flask-Login's "basic" session protection compares this on every request; its own is an
    unsalted hash of IP address and user agent, readable in the (signed, not encrypted) cookie
    and easy to reverse. Ours is keyed with the secret key."""
    return keyed_hash(f"{request.remote_addr}|{request.headers.get('User-Agent', '')}", "session-id")


login_manager._session_identifier_generator = _session_identifier  # Flask-Login 0.6 has no public hook


@login_manager.user_loader
def load_user(session_id: str):
    """The user of this session, or None when it was signed out or the user deactivated.

    The database away is not "signed out": the error is raised, so the visitor gets the
    503 page and stays signed in. The error page itself then renders as for a visitor.
    """
    if g.get("database_unavailable"):
        return None
    try:
        return accounts.load_session_user(session(), session_id)
    except (DBAPIError, PoolTimeout):
        g.database_unavailable = True
        reset_session()
        log.warning("user not loaded: database error")
        raise


login_manager.unauthorized_handler(unauthorized)


SEEN = "seen"  # session key: when the signed-in user last made a request (seconds since the epoch)


def _now() -> int:
    return int(time.time())


def _end_idle_session() -> None:
    """Before every request: a signed-in session idle for too long is signed out (then the request goes on anonymously)."""
    if "_user_id" not in http_session:
        return
    seen = http_session.get(SEEN)
    if isinstance(seen, int) and _now() - seen > current_app.config["LOKET_SESSION_IDLE_MINUTES"] * 60:
        logout_user()
        http_session.clear()
        flash(_("You were signed out because you were inactive for a while. Please sign in again."))


def _stamp_session(response):
    """After every request: remember when a signed-in user was last seen (at most once a minute, to spare cookies)."""
    if "_user_id" in http_session:
        seen = http_session.get(SEEN)
        if not isinstance(seen, int) or _now() - seen >= 60:
            http_session[SEEN] = _now()
    return response


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.before_request(_end_idle_session)
    app.after_request(_stamp_session)
    app.jinja_env.globals["account_link"] = account_link

    from .routes import bp

    app.register_blueprint(bp)
