"""Job alerts: an e-mail address with saved list filters, and which vacancies each alert has mailed.

`email` is personal data kept only for the alert: the row is deleted on unsubscribe, 7 days
after subscribing when the confirmation link was never clicked, and 12 months after the
confirmation or the last click-through from a digest (`delete_after`, services/alerts.py `purge`).
The links in the mails carry a token made from `nonce` with the secret key; the database keeps
only its sha256, so the rows alone cannot make a working link.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ...domain.alerts import MAX_QUERY_STRING, Frequency
from .base import Base, checked_enum as _enum, utcnow


class JobAlert(Base):
    """A visitor's saved search, mailed daily or weekly once confirmed (`confirmed_at` set)."""

    __tablename__ = "job_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    query: Mapped[str] = mapped_column(String(MAX_QUERY_STRING), default="")  # canonical, domain/alerts.py
    locale: Mapped[str] = mapped_column(String(2), default="en")  # the language of the mails
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency, "alert_frequency"))
    nonce: Mapped[str] = mapped_column(String(32), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_clicked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delete_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    def __repr__(self) -> str:  # no e-mail address: reprs end up in logs
        return f"<JobAlert {self.id} {self.frequency}{'' if self.confirmed_at else ' unconfirmed'}>"


class AlertDelivery(Base):
    """A vacancy an alert has mailed, so it is never mailed twice. Rows older than the alert's
    window (vacancies posted before its last digest) are pruned at each send."""

    __tablename__ = "job_alert_deliveries"

    alert_id: Mapped[int] = mapped_column(ForeignKey("job_alerts.id", ondelete="CASCADE"), primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
