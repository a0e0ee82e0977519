"""The desk's use cases: answer a visitor's question, keep it for a while, log a visit, keep the
loket's settings.

No Flask here: the desk blueprint calls these with a SQLAlchemy session. A visit is stored
as codes and a time only (nothing that identifies the visitor or the staff member). A desk
question is redacted before anything is done with it, and kept (for the answer page, its
handout and the visit form) for ANSWER_MINUTES under a random token.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..domain.indicators import SATISFACTION_SCALE, VisitChannel, VisitLanguage, VisitOutcome, VisitTopic
from ..domain.loket import DEFAULT_SLOT_MINUTES, SLOT_LENGTHS, parse_days
from ..domain.redaction import redact
from ..storage.models.assistant import MAX_STORED_QUESTION
from ..storage.models.base import utcnow
from ..storage.models.desk import DeskAnswer, DeskVisit, LoketSettings
from . import question_log
from .assistant import Assistant, Reply

MAX_ADDRESS = 300
MAX_HOURS = 100
MAX_BOOKING = 300
ANSWER_MINUTES = 180  # a desk answer can be reopened, printed and logged for three hours


class InvalidVisit(ValueError):
    pass


def reply_topic(assistant: Assistant, reply: Reply) -> str:
    """The guide topic of the reply's first source ('' when it has none)."""
    if not reply.sources:
        return ""
    page = assistant.content.get(reply.sources[0].lang, reply.sources[0].id)
    return page.topic.value if page else ""


def ask(session: Session, assistant: Assistant, question: str, lang: str | None, today: date) -> Reply:
    """Answer a question at the desk with every matching passage, and log it (channel 'desk').

    The question is redacted first (e-mail, phone, BSN, IBAN, document numbers): the answer,
    the log and the kept answer all use the same redacted text."""
    question = redact(question)[:MAX_STORED_QUESTION]
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


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keep_answer(session: Session, question: str, lang: str | None, now: datetime | None = None) -> str:
    """Keep a desk question (redacted) for ANSWER_MINUTES; returns the random token of its answer page.

    Expired ones are deleted on the way, so nothing is kept longer than that."""
    now = now or utcnow()
    session.execute(delete(DeskAnswer).where(DeskAnswer.created_at < now - timedelta(minutes=ANSWER_MINUTES))
                    .execution_options(synchronize_session=False))
    token = secrets.token_urlsafe(24)
    session.add(DeskAnswer(token_hash=_token_hash(token), question=redact(question)[:MAX_STORED_QUESTION],
                           lang=lang if lang in ("en", "nl") else None, created_at=now))
    session.commit()
    return token


def kept_answer(session: Session, token: str | None, now: datetime | None = None) -> DeskAnswer | None:
    """The kept question of an answer page, while it is younger than ANSWER_MINUTES; else None."""
    if not token or len(token) > 100:
        return None
    now = now or utcnow()
    return session.scalar(select(DeskAnswer).where(
        DeskAnswer.token_hash == _token_hash(token),
        DeskAnswer.created_at >= now - timedelta(minutes=ANSWER_MINUTES),
    ))


def purge_answers(session: Session, now: datetime | None = None) -> int:
    """Delete kept desk questions older than ANSWER_MINUTES; returns how many."""
    now = now or utcnow()
    result = session.execute(delete(DeskAnswer).where(DeskAnswer.created_at < now - timedelta(minutes=ANSWER_MINUTES))
                             .execution_options(synchronize_session=False))
    session.commit()
    return result.rowcount or 0


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


def save_settings(session: Session, *, address: str, days: list[str] | tuple[str, ...], hours: str, booking: str,
                  slot_minutes: int = DEFAULT_SLOT_MINUTES) -> LoketSettings:
    """Save the loket's details (the single settings row); commits. Raises ValueError on an unknown
    day or slot length."""
    ordered = parse_days(",".join(days))
    if not ordered:
        raise ValueError("choose at least one opening day")
    if slot_minutes not in SLOT_LENGTHS:
        raise ValueError(f"a slot is one of {SLOT_LENGTHS} minutes")
    row = saved_settings(session) or LoketSettings(id=LoketSettings.ROW_ID)
    row.address = address.strip()[:MAX_ADDRESS]
    row.days = ",".join(ordered)
    row.hours = hours.strip()[:MAX_HOURS]
    row.booking = booking.strip()[:MAX_BOOKING]
    row.slot_minutes = slot_minutes
    session.add(row)
    session.commit()
    return row


__all__ = ["ANSWER_MINUTES", "InvalidVisit", "ask", "keep_answer", "kept_answer", "log_visit", "purge_answers",
           "reply_topic", "save_settings", "saved_settings"]
