"""Accounts on the web: Flask-Login, the `auth` blueprint and role checks (see access.py).

The session holds "<user id>:<session token>"; the token changes at every sign-in
and sign-out, so a session cookie copied before sign-out no longer works after it.
"""
from __future__ import annotations

import logging

from flask import Flask, g
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy.exc import DBAPIError, TimeoutError as PoolTimeout

from ...services import accounts
from ..db import session
from .access import account_link, unauthorized

log = logging.getLogger(__name__)

login_manager = LoginManager()
login_manager.session_protection = "basic"
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")


@login_manager.user_loader
def load_user(session_id: str):
    """The user of this session, or None when it was signed out or the user deactivated.

    The database away is not "signed out": the error is raised, so the visitor gets the
    503 page and stays signed in. The error page itself then renders as for a visitor.
    """
    if g.get("user_not_loadable"):
        return None
    try:
        return accounts.load_session_user(session(), session_id)
    except (DBAPIError, PoolTimeout):
        g.user_not_loadable = True
        try:
            session().rollback()
        except Exception:  # the connection is gone: teardown drops it
            pass
        log.warning("user not loaded: database error")
        raise


login_manager.unauthorized_handler(unauthorized)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.jinja_env.globals["account_link"] = account_link

    from .routes import bp

    app.register_blueprint(bp)
