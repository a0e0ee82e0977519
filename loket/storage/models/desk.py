"""Desk visits and loket settings.

A desk visit is a handful of codes and a time: no name, no free text, no staff member, so
nothing in the table identifies a visitor (PRODUCT.md "Desk staff"; GDPR art. 5(1)(c), 25).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from ...domain.indicators import VisitChannel, VisitLanguage, VisitOutcome, VisitTopic
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
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
