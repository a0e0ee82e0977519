"""The desk's use cases: answer a visitor's question, log a visit, keep the loket's settings.

No Flask here: the desk blueprint calls these with a SQLAlchemy session. A visit is stored
as codes and a time only (nothing that identifies the visitor or the staff member).
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy.orm import Session

from ..domain.indicators import SATISFACTION_SCALE, VisitChannel, VisitLanguage, VisitOutcome, VisitTopic
from ..domain.loket import parse_days
from ..storage.models.desk import DeskVisit, LoketSettings
from . import question_log
from .assistant import Assistant, Reply

MAX_ADDRESS = 300
MAX_HOURS = 100
MAX_BOOKING = 300


class InvalidVisit(ValueError):
    pass


def reply_topic(assistant: Assistant, reply: Reply) -> str:
    """The guide topic of the reply's first source ('' when it has none)."""
    if not reply.sources:
        return ""
    page = assistant.content.get(reply.sources[0].lang, reply.sources[0].id)
    return page.topic.value if page else ""


def ask(session: Session, assistant: Assistant, question: str, lang: str | None, today: date) -> Reply:
    """Answer a question at the desk with every matching passage, and log it (channel 'desk', redacted)."""
    reply = assistant.ask(session, question, lang, today, passages=True)
    question_log.log_question(
        session,
        question=question,
        language=reply.language,
        question_language=reply.question_language,
        confidence=reply.confidence,
        handoff=reply.handoff,
        reason=reply.reason,
        source_ids=[s.id for s in reply.sources],
        topic=reply_topic(assistant, reply),
        latency_ms=reply.latency_ms,
        channel="desk",
    )
    return reply


def log_visit(
    session: Session,
    *,
    topic: str,
    language: str,
    channel: str,
    outcome: str,
    satisfaction: int | None = None,
    now: datetime | None = None,
) -> DeskVisit:
    """Store one visit; commits. Raises InvalidVisit (and writes nothing) on an unknown code or score."""
    try:
        visit = DeskVisit(
            topic=VisitTopic(topic),
            language=VisitLanguage(language),
            channel=VisitChannel(channel),
            outcome=VisitOutcome(outcome),
        )
    except ValueError as exc:
        raise InvalidVisit(str(exc)) from None
    if satisfaction is not None and satisfaction not in SATISFACTION_SCALE:
        raise InvalidVisit("satisfaction must be 1 to 5, or none")
    visit.satisfaction = satisfaction
    if now is not None:
        # Stored as UTC: SQLite keeps the wall-clock time without its offset.
        visit.created_at = now.astimezone(timezone.utc) if now.tzinfo else now.replace(tzinfo=timezone.utc)
    session.add(visit)
    session.commit()
    return visit


def saved_settings(session: Session) -> LoketSettings | None:
    return session.get(LoketSettings, LoketSettings.ROW_ID)


def save_settings(session: Session, *, address: str, days: list[str] | tuple[str, ...], hours: str, booking: str) -> LoketSettings:
    """Save the loket's details (the single settings row); commits. Raises ValueError on an unknown day."""
    ordered = parse_days(",".join(days))
    if not ordered:
        raise ValueError("choose at least one opening day")
    row = saved_settings(session) or LoketSettings(id=LoketSettings.ROW_ID)
    row.address = address.strip()[:MAX_ADDRESS]
    row.days = ",".join(ordered)
    row.hours = hours.strip()[:MAX_HOURS]
    row.booking = booking.strip()[:MAX_BOOKING]
    session.add(row)
    session.commit()
    return row


__all__ = ["InvalidVisit", "ask", "log_visit", "reply_topic", "save_settings", "saved_settings"]
