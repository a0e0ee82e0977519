"""Desk visits, loket settings, appointments and the desk's short-lived answers.

A desk visit is a handful of codes and a time: no name, no free text, no staff member, so
nothing in the table identifies a visitor (PRODUCT.md "Desk staff"; GDPR art. 5(1)(c), 25).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from ...domain.appointments import AppointmentStatus
from ...domain.indicators import VisitChannel, VisitLanguage, VisitOutcome, VisitTopic
from ...domain.loket import DEFAULT_SLOT_MINUTES
from .base import Base, checked_enum as _enum, utcnow


class DeskVisit(Base):
    """One visitor helped at the loket (or by phone, e-mail, a chat hand-off)."""

    __tablename__ = "desk_visits"
    __table_args__ = (
        CheckConstraint("satisfaction IS NULL OR (satisfaction >= 1 AND satisfaction <= 5)", name="satisfaction_scale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    topic: Mapped[VisitTopic] = mapped_column(_enum(VisitTopic, "visit_topic"))
    language: Mapped[VisitLanguage] = mapped_column(_enum(VisitLanguage, "visit_language"))
    channel: Mapped[VisitChannel] = mapped_column(_enum(VisitChannel, "visit_channel"))
    outcome: Mapped[VisitOutcome] = mapped_column(_enum(VisitOutcome, "visit_outcome"))
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger)  # 1–5, None when not asked

    def __repr__(self) -> str:
        return f"<DeskVisit {self.id} {self.topic} {self.outcome}>"


class LoketSettings(Base):
    """The loket's address, opening days and hours and how to book: one row (id 1).

    While the row does not exist, the LOKET_DESK_* settings apply (see services/loket_info.py).
    """

    __tablename__ = "loket_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    ROW_ID = 1

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    address: Mapped[str] = mapped_column(String(300), default="")
    days: Mapped[str] = mapped_column(String(40), default="")  # "tue,wed,thu"
    hours: Mapped[str] = mapped_column(String(100), default="")
    booking: Mapped[str] = mapped_column(String(300), default="")
    slot_minutes: Mapped[int] = mapped_column(SmallInteger, default=DEFAULT_SLOT_MINUTES,
                                              server_default=str(DEFAULT_SLOT_MINUTES))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Appointment(Base):
    """A visitor's booked slot at the loket, or a slot staff blocked.

    `held_slot` equals `starts_at` while the slot is taken (booked, attended, no-show,
    blocked) and is NULL once cancelled: its unique constraint makes a double booking
    impossible, whatever the timing of the requests. `email` is the only personal data; it is
    deleted (with the manage token) RETENTION_DAYS after the appointment, or at cancellation.
    The manage link's token is stored as its sha256, never as itself.
    """

    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("status = 'blocked' OR (topic IS NOT NULL AND language IS NOT NULL)", name="booking_details"),
        CheckConstraint("(status = 'cancelled') = (held_slot IS NULL)", name="held_while_active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    held_slot: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), unique=True)
    status: Mapped[AppointmentStatus] = mapped_column(_enum(AppointmentStatus, "appointment_status"))
    topic: Mapped[VisitTopic | None] = mapped_column(_enum(VisitTopic, "visit_topic"))
    language: Mapped[VisitLanguage | None] = mapped_column(_enum(VisitLanguage, "visit_language"))
    locale: Mapped[str] = mapped_column(String(2), default="en")  # the language of the mails
    email: Mapped[str | None] = mapped_column(String(254))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # the calendar file's SEQUENCE: +1 per change
    reminder_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    visit_logged: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:  # no e-mail address: reprs end up in logs
        return f"<Appointment {self.id} {self.status}>"


class DeskAnswer(Base):
    """A desk question kept for a short while, so the answer page can be reloaded, printed and
    gone back to without the question in a URL. The question is stored redacted (like the
    question log); rows older than ANSWER_MINUTES are deleted at the next question."""

    __tablename__ = "desk_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    question: Mapped[str] = mapped_column(String(1000))
    lang: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
