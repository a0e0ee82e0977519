"""Closing dates: expire published vacancies after their closing date, and remind employers
a week before it. Run once a day by `loket expire` (cron); `today` is always passed in.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..domain.vacancies import Status
from ..storage.models import Vacancy, utcnow
from ..storage.queries import bump_vacancy_version
from . import posting

log = logging.getLogger(__name__)

REMINDER_DAYS = 7  # the reminder goes out when the closing date is this many days away, or fewer

#: notify(vacancy, recipients) sends the reminder; it raises when the mail could not be sent.
Notify = Callable[[Vacancy, list[posting.Recipient]], None]


def expire(session: Session, today: date, now: datetime | None = None) -> list[int]:
    """Close every published vacancy whose closing date is before `today`; return their ids.

    The employer is asked how it ended at their next visit to the dashboard."""
    vacancies = session.scalars(
        select(Vacancy).where(Vacancy.status == Status.PUBLISHED, Vacancy.closing_date < today).order_by(Vacancy.id)
    ).all()
    for vacancy in vacancies:
        vacancy.status = Status.CLOSED
        vacancy.closed_at = now or utcnow()
    if vacancies:
        bump_vacancy_version(session, [v.id for v in vacancies])
    session.commit()
    return [v.id for v in vacancies]


def due_reminders(session: Session, today: date) -> list[Vacancy]:
    """Published vacancies closing within REMINDER_DAYS whose employer has not been reminded yet.

    "Within" rather than "exactly": a day the command did not run is caught up the next day.
    """
    return list(
        session.scalars(
            select(Vacancy)
            .options(joinedload(Vacancy.company))
            .where(
                Vacancy.status == Status.PUBLISHED,
                Vacancy.reminder_sent_at.is_(None),
                Vacancy.closing_date >= today,
                Vacancy.closing_date <= today + timedelta(days=REMINDER_DAYS),
            )
            .order_by(Vacancy.closing_date, Vacancy.id)
        )
    )


def send_reminders(session: Session, today: date, notify: Notify, now: datetime | None = None) -> int:
    """Remind the company's employer accounts once per vacancy; return how many vacancies were reminded.

    A vacancy is marked as reminded only when `notify` succeeded, so a failed mail is tried
    again the next day. A company without an active employer account is marked too (nobody to tell).
    """
    sent = 0
    for vacancy in due_reminders(session, today):
        recipients = posting.employer_recipients(session, vacancy.company_id)
        if recipients:
            try:
                notify(vacancy, recipients)
            except Exception as exc:  # a mail server problem must not stop the other reminders
                log.error("reminder for vacancy %s not sent: %s", vacancy.id, type(exc).__name__)
                continue
            sent += 1
        vacancy.reminder_sent_at = now or utcnow()
        session.commit()
    return sent
