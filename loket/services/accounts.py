"""Account use cases: register an employer, create staff, sign in and out, reset a password.

The service owns the writes (it commits); the web layer turns requests into calls
here and results into pages. Nothing here reveals whether an e-mail address has
an account: callers get None for "unknown" and "wrong password" alike.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.accounts import Role, normalise_email, normalise_kvk, unique_slug
from ..domain.passwords import (
    PasswordProblem,
    hash_password,
    password_problems,
    spend_verification_time,
    verify_password,
)
from ..domain.vacancies import Province
from ..storage.models import Company, utcnow
from ..storage.models.accounts import User

RESET_MAX_AGE = 3600  # seconds: a reset link works for one hour
_RESET_SALT = "loket.password-reset"


class WeakPassword(ValueError):
    """The password policy refuses the password; `problems` says why."""

    def __init__(self, problems: list[PasswordProblem]):
        super().__init__(", ".join(problems))
        self.problems = problems


class EmailTaken(ValueError):
    """An account with this e-mail address exists already."""


@dataclass(frozen=True)
class EmployerRegistration:
    """What an employer fills in; validated by the form, checked again here where it matters."""

    company_name: str
    kvk_number: str
    city: str
    province: Province
    email: str
    password: str
    locale: str = "en"  # the language of the mails the employer gets


LOCALES = ("en", "nl")


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).first()


def _check_password(password: str, email: str) -> None:
    problems = password_problems(password, email)
    if problems:
        raise WeakPassword(problems)


def create_user(session: Session, email: str, password: str, role: Role, company: Company | None = None) -> User:
    """Add and commit a user; raises WeakPassword or EmailTaken (nothing is written then)."""
    _check_password(password, email)
    password_hash = hash_password(password)  # before the look-up: a taken address takes as long as a free one
    if find_user(session, email) is not None:
        raise EmailTaken(email)
    user = User(email=email, password_hash=password_hash, role=role, company=company, active=True)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:  # the same address registered at the same moment
        session.rollback()
        raise EmailTaken(email) from None
    return user


def create_staff(session: Session, email: str, password: str, admin: bool = False) -> User:
    """A desk staff member (or admin). There is no default account: this is how the first one is made."""
    return create_user(session, email, password, Role.ADMIN if admin else Role.STAFF)


def register_employer(session: Session, registration: EmployerRegistration) -> User:
    """A new, unverified company and its employer account, in one transaction.

    Raises WeakPassword or EmailTaken; then nothing is written. The company stays
    unverified (and out of public lists) until staff verify it.
    """
    _check_password(registration.password, registration.email)
    password_hash = hash_password(registration.password)  # before the look-up: same time for a taken address
    if find_user(session, registration.email) is not None:
        raise EmailTaken(registration.email)

    def taken(slug: str) -> bool:
        return session.scalar(select(Company.id).where(Company.slug == slug)) is not None

    company = Company(
        slug=unique_slug(registration.company_name, taken),
        name=registration.company_name.strip(),
        city=registration.city.strip(),
        province=registration.province,
        kvk_number=normalise_kvk(registration.kvk_number),
        description_en="",
        description_nl="",
        verified=False,
    )
    user = User(
        email=registration.email,
        password_hash=password_hash,
        role=Role.EMPLOYER,
        company=company,
        active=True,
        locale=registration.locale if registration.locale in LOCALES else "en",
    )
    session.add_all([company, user])
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise EmailTaken(registration.email) from None
    return user


def set_locale(session: Session, user: User, locale: str) -> None:
    """The language of the user's mails; raises ValueError for anything but en or nl."""
    if locale not in LOCALES:
        raise ValueError(f"locale must be one of {LOCALES}")
    user.locale = locale
    session.commit()


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this address and password, else None (same time taken either way)."""
    user = find_user(session, email)
    if user is None or not user.active:
        spend_verification_time(password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    return user


def start_session(session: Session, user: User) -> None:
    """At sign-in: a new session token (earlier session cookies stop working) and the time."""
    user.rotate_session_token()
    user.last_login_at = utcnow()
    session.commit()


def end_session(session: Session, user: User) -> None:
    """At sign-out: a new session token, so a copy of the old session cookie is worthless."""
    user.rotate_session_token()
    session.commit()


def load_session_user(session: Session, session_id: str) -> User | None:
    """The active user whose get_id() is `session_id` ("<id>:<session token>"), else None."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


# Password reset ----------------------------------------------------------------------------

def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_RESET_SALT)


def _hash_fragment(user: User) -> str:
    # A digest of the current hash, not the hash itself: the token is signed, not encrypted.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: User, secret_key: str) -> str:
    """A signed token for a reset link. It stops working after an hour and once the password changes."""
    return _serializer(secret_key).dumps({"user": user.id, "pw": _hash_fragment(user)})


def user_for_reset_token(session: Session, token: str, secret_key: str, max_age: int | None = None) -> User | None:
    """The active user a still-valid token was made for, else None (expired, forged, already used).

    `max_age` in seconds defaults to RESET_MAX_AGE (one hour).
    """
    try:
        data = _serializer(secret_key).loads(token, max_age=RESET_MAX_AGE if max_age is None else max_age)
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int) or not isinstance(data.get("pw"), str):
        return None
    user = session.get(User, data["user"])
    if user is None or not user.active or not hmac.compare_digest(_hash_fragment(user), data["pw"]):
        return None
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Change the password (policy checked) and end every session of the user."""
    _check_password(password, user.email)
    user.password_hash = hash_password(password)
    user.rotate_session_token()
    session.commit()
