"""Access control for views, and safe redirects after sign-in.

For the employer and desk blueprints:

    from ..auth.access import role_required
    from ...domain.accounts import Role, STAFF_ROLES

    @bp.get("/desk")
    @role_required(*STAFF_ROLES)
    def index(): ...

Anonymous visitors are sent to /login (and back afterwards); a signed-in user
without one of the roles gets 403. Object-level checks (employer A must not see
employer B's vacancy) stay the view's job: compare `current_user.company_id`.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, flash, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...domain.accounts import Role

F = TypeVar("F", bound=Callable[..., Any])

# Where each role lands after sign-in and what the header links to. The employer and
# desk blueprints may not exist yet: until they do, the account page is used.
ROLE_HOME: dict[Role, tuple[str, Any]] = {
    Role.EMPLOYER: ("employers.dashboard", _l("My vacancies")),
    Role.STAFF: ("desk.index", _l("Desk")),
    Role.ADMIN: ("desk.index", _l("Desk")),
}


def role_required(*roles: Role) -> Callable[[F], F]:
    """Only signed-in users with one of `roles` may use the view: anonymous → sign in, others → 403."""
    allowed = frozenset(Role(r) for r in roles)
    if not allowed:
        raise ValueError("role_required needs at least one role")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def unauthorized():
    """Anonymous visitor on a protected page: to the sign-in page, which brings them back (JSON 401 for /api)."""
    if request.path.startswith("/api/"):
        return jsonify(error="sign in required"), 401
    flash(str(current_app.login_manager.login_message))
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.login", next=target))


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site ("/vacancies?x=1"), else None.

    Refused: absolute and scheme-relative URLs (https://evil, //evil), backslashes
    (browsers read /\\evil as //evil), control characters and whitespace (browsers
    drop tabs and newlines, turning "/\\t/evil" into "//evil").
    """
    if not target or not isinstance(target, str) or len(target) > 2000:
        return None
    if "\\" in target or any(ord(c) < 33 or ord(c) == 127 for c in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def home_endpoint(user: Any) -> str:
    """The endpoint a signed-in user starts from: their role's home, or the account page."""
    endpoint, _label = ROLE_HOME.get(user.role, ("auth.account", None))
    return endpoint if endpoint in current_app.view_functions else "auth.account"


def account_link() -> tuple[str, str] | None:
    """(url, text) of the header link for the signed-in user; None for visitors."""
    if not current_user.is_authenticated:
        return None
    endpoint, label = ROLE_HOME.get(current_user.role, ("auth.account", _l("My account")))
    if endpoint not in current_app.view_functions:
        endpoint, label = "auth.account", _l("My account")
    return url_for(endpoint), str(label)
