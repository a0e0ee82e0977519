"""User accounts and roles."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ...domain.accounts import Role, normalise_email
from .base import Base, checked_enum as _enum, utcnow
from .vacancies import Company


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(Base):
    """A person who signs in: an employer (with a company), desk staff or an admin.

    `session_token` is part of the login session's id (`get_id()`): replacing it at every
    sign-in and sign-out makes every session cookie issued before invalid (ASVS 7.4.1).
    The is_* properties and get_id() are what Flask-Login expects of a user object.
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role != 'employer' OR company_id IS NOT NULL", name="employer_company"),
        CheckConstraint("email = lower(email)", name="email_lower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The language of the mails this user gets ("en" or "nl"): chosen at registration, changed on the account page.
    locale: Mapped[str] = mapped_column(String(2), default="en", server_default="en")

    company: Mapped[Company | None] = relationship()

    @validates("email")
    def _lower_email(self, _key: str, value: str) -> str:
        return normalise_email(value)

    def rotate_session_token(self) -> None:
        """Invalidate every session issued so far for this user."""
        self.session_token = new_session_token()

    # Flask-Login's user protocol, without importing Flask into the storage layer.
    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:  # no e-mail address: reprs end up in logs
        return f"<User {self.id} {self.role}>"
