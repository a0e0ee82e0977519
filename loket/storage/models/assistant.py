"""Assistant question log and feedback.

What the desk needs for its content work, and nothing about the visitor: no IP address,
no account, no user agent (QUALITY.md, "Chat assistant"; GDPR art. 5(1)(c), 25). The
question is stored after `loket.domain.redaction.redact`; rows are purged after the
retention period (`loket purge`).
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ...domain.vacancies import Language
from .base import Base, checked_enum as _enum, utcnow

MAX_STORED_QUESTION = 1000
FEEDBACK_TOKEN_LENGTH = 32


class QuestionLanguage(StrEnum):
    """The language detected in the question; 'other' is answered in English."""

    EN = "en"
    NL = "nl"
    OTHER = "other"


class Channel(StrEnum):
    WEB = "web"
    API = "api"
    CLI = "cli"
    DESK = "desk"


class Feedback(StrEnum):
    UP = "up"
    DOWN = "down"


class QuestionLog(Base):
    """One question to the assistant: the redacted text, how it was answered, and the visitor's vote."""

    __tablename__ = "question_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    question: Mapped[str] = mapped_column(String(MAX_STORED_QUESTION))  # redacted
    language: Mapped[Language] = mapped_column(_enum(Language, "language"))  # the answer's
    question_language: Mapped[QuestionLanguage] = mapped_column(_enum(QuestionLanguage, "question_language"))
    confidence: Mapped[float] = mapped_column(Float)
    handoff: Mapped[bool] = mapped_column(Boolean, default=False)
    # Why the assistant handed over: low-confidence, off-topic, injection, other-language, empty; "" when it answered.
    reason: Mapped[str] = mapped_column(String(20), default="")
    source_ids: Mapped[str] = mapped_column(Text, default="")  # guide page ids, comma-separated, best first
    topic: Mapped[str] = mapped_column(String(40), default="")  # the top source's topic
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    feedback: Mapped[Feedback | None] = mapped_column(_enum(Feedback, "feedback"))
    feedback_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Random, handed to the browser with the answer: feedback without an account or a cookie.
    feedback_token: Mapped[str] = mapped_column(String(FEEDBACK_TOKEN_LENGTH), unique=True)

    @property
    def sources(self) -> list[str]:
        return [s for s in self.source_ids.split(",") if s]
