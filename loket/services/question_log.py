"""The assistant's question log: store questions redacted, take feedback by token, purge old rows.

No Flask here: the web layer, the CLI and the desk call these with a SQLAlchemy session.
Nothing identifies the visitor (QUALITY.md, "Chat assistant"; GDPR art. 5(1)(c), 25).
"""
from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..domain.redaction import redact
from ..storage.models.assistant import FEEDBACK_TOKEN_LENGTH, MAX_STORED_QUESTION, Feedback, QuestionLog
from ..storage.models.base import utcnow


def _utc(moment: datetime) -> datetime:
    """Aware UTC (a naive datetime is taken as UTC): SQLite stores the wall-clock time without offset."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def new_feedback_token() -> str:
    """32 URL-safe random characters (24 random bytes)."""
    token = secrets.token_urlsafe(FEEDBACK_TOKEN_LENGTH * 3 // 4)
    assert len(token) == FEEDBACK_TOKEN_LENGTH
    return token


def log_question(
    session: Session,
    *,
    question: str,
    language: str,
    question_language: str,
    confidence: float,
    handoff: bool,
    reason: str,
    source_ids: Sequence[str] | str,
    topic: str,
    latency_ms: int,
    channel: str,
) -> QuestionLog:
    """Store one asked question, redacted and cut to 1,000 characters; commits. Returns the row (with its feedback token)."""
    if not isinstance(source_ids, str):
        source_ids = ",".join(source_ids)
    entry = QuestionLog(
        # Redact before cutting, so a cut never leaves half of an e-mail address or IBAN behind.
        question=redact(question)[:MAX_STORED_QUESTION],
        language=language,
        # The log keeps 'en', 'nl' or 'other': enough for the indicators, and no finer trace of the visitor.
        question_language=question_language if question_language in ("en", "nl") else "other",
        confidence=float(confidence),
        handoff=bool(handoff),
        reason=reason or "",
        source_ids=source_ids,
        topic=topic or "",
        latency_ms=max(0, int(latency_ms)),
        channel=channel,
        feedback_token=new_feedback_token(),
    )
    session.add(entry)
    session.commit()
    return entry


def record_feedback(session: Session, token: str, value: str, now: datetime | None = None) -> bool:
    """Thumbs up or down for the answer with this token; a second vote replaces the first.

    Returns False for an unknown token (or a value other than "up"/"down"); commits otherwise.
    """
    if value not in {f.value for f in Feedback} or not isinstance(token, str) or len(token) != FEEDBACK_TOKEN_LENGTH:
        return False
    entry = session.scalar(select(QuestionLog).where(QuestionLog.feedback_token == token))
    if entry is None:
        return False
    entry.feedback = Feedback(value)
    entry.feedback_at = _utc(now) if now else utcnow()
    session.commit()
    return True


def purge(session: Session, older_than_days: int, now: datetime | None = None) -> int:
    """Delete questions logged more than `older_than_days` days before `now`; commits; returns how many."""
    if older_than_days < 1:
        raise ValueError("older_than_days must be at least 1")
    cutoff = (_utc(now) if now else utcnow()) - timedelta(days=older_than_days)
    result = session.execute(
        delete(QuestionLog).where(QuestionLog.created_at < cutoff).execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount or 0


def questions_between(session: Session, start: datetime, end: datetime) -> list[QuestionLog]:
    """Questions logged from `start` (inclusive) to `end` (exclusive), oldest first."""
    return list(
        session.scalars(
            select(QuestionLog)
            .where(QuestionLog.created_at >= _utc(start), QuestionLog.created_at < _utc(end))
            .order_by(QuestionLog.created_at, QuestionLog.id)
        )
    )
