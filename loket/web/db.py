"""One database session per request, closed at teardown."""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timezone

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from ..storage.db import Database

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    app.extensions["loket.db"] = Database(app.config["LOKET_DATABASE_URL"], app.config["LOKET_DB_POOL_SIZE"])
    app.teardown_appcontext(_close_session)


def database() -> Database:
    return current_app.extensions["loket.db"]


def session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = database().session()
    return g.db_session


def reset_session() -> None:
    """Roll back the request's session after an error, so an error page can still read; never raises."""
    db_session = g.get("db_session")
    if db_session is None:
        return
    try:
        db_session.rollback()
    except Exception:  # the connection is gone: teardown drops it
        pass


def today() -> date:
    """Today's date for open/closed decisions; tests may pin it with the LOKET_TODAY config key."""
    pinned = current_app.config.get("LOKET_TODAY")
    return pinned or date.today()


def now() -> datetime:
    """The current time (aware, UTC). With LOKET_TODAY pinned (tests), 08:00 in the loket's time zone
    on that day, so "today" and "now" agree."""
    pinned = current_app.config.get("LOKET_TODAY")
    if pinned:
        from ..domain.appointments import LOKET_TZ

        return datetime.combine(pinned, time(8, 0), tzinfo=LOKET_TZ).astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def _close_session(_exc: BaseException | None) -> None:
    """Close (and so roll back) the request's session. Never raises: the response is already made,
    and an error here would replace it with the server's bare 500 page."""
    db_session = g.pop("db_session", None)
    if db_session is None:
        return
    try:
        db_session.close()
    except Exception as exc:  # the connection died under the rollback: drop it, the pool makes a new one
        log.warning("session not closed cleanly: %s", type(exc).__name__)
        try:
            db_session.invalidate()
        except Exception:
            pass
