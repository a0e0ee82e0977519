"""The assistant's question log: redacted, anonymous, feedback by token, purged after retention.

QUALITY.md "Chat assistant": questions stored without IP or account, after redaction; a
retention period with an automatic purge command (GDPR art. 5(1)(c), 25).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from loket.domain.redaction import contains_personal_data
from loket.services import question_log
from loket.storage.models.assistant import QuestionLog
from loket.storage.models.base import utcnow

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def _log(db, question: str = "Do I need a BSN to work?", **overrides) -> QuestionLog:
    values = dict(
        question=question,
        language="en",
        question_language="en",
        confidence=0.72,
        handoff=False,
        reason="",
        source_ids=["bsn", "digid"],
        topic="registration",
        latency_ms=31,
        channel="api",
    )
    values.update(overrides)
    return question_log.log_question(db, **values)


def _age(db, entry: QuestionLog, created_at: datetime) -> None:
    entry.created_at = created_at
    db.commit()


def _count(db) -> int:
    db.rollback()  # see what other connections committed
    return db.scalar(select(func.count(QuestionLog.id)))


def test_logging_stores_the_redacted_question_only(db):
    personal = ["jan.devries@example.com", "06-12345678", "111222333", "NL91 ABNA 0417 1643 00", "NW92BD4K1"]
    question = (
        "Mijn e-mail is jan.devries@example.com, bel 06-12345678. BSN 111222333, "
        "IBAN NL91 ABNA 0417 1643 00, paspoort NW92BD4K1. Heb ik DigiD nodig?"
    )
    entry = _log(db, question, language="nl", question_language="nl", channel="web")
    db.expire_all()
    stored = db.scalars(select(QuestionLog)).one()
    assert stored.id == entry.id
    for datum in personal:
        assert datum not in stored.question
    assert not re.search(r"\d", stored.question)
    assert not contains_personal_data(stored.question)
    assert {"[e-mail]", "[phone]", "[bsn]", "[iban]", "[document]"} <= set(re.findall(r"\[[a-z-]+\]", stored.question))
    assert stored.question.endswith("Heb ik DigiD nodig?")
    assert (stored.language, stored.question_language, stored.channel) == ("nl", "nl", "web")


def test_the_log_has_no_column_that_identifies_the_visitor():
    columns = {c.name for c in QuestionLog.__table__.columns}
    assert not {name for name in columns if re.search(r"ip|user|agent|account|email|cookie|session", name)}


def test_what_is_stored_about_the_answer(db):
    entry = _log(db, confidence=0.31, handoff=True, reason="low-confidence", source_ids=["work-permit", "bsn"], topic="work", latency_ms=48)
    db.expire_all()
    stored = db.get(QuestionLog, entry.id)
    assert stored.confidence == pytest.approx(0.31)
    assert stored.handoff is True and stored.reason == "low-confidence"
    assert stored.source_ids == "work-permit,bsn" and stored.sources == ["work-permit", "bsn"]
    assert stored.topic == "work" and stored.latency_ms == 48
    assert stored.feedback is None and stored.feedback_at is None
    assert stored.created_at is not None


def test_long_questions_are_cut_to_1000_characters_after_redaction(db):
    entry = _log(db, "jan@example.com " + "visa " * 400)
    db.expire_all()
    stored = db.get(QuestionLog, entry.id)
    assert len(stored.question) == 1000 and stored.question.startswith("[e-mail] visa")


def test_every_answer_gets_its_own_url_safe_feedback_token(db):
    tokens = [_log(db).feedback_token for _ in range(5)]
    assert len(set(tokens)) == 5
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}", t) for t in tokens)


def test_feedback_by_token_and_a_second_vote_replaces_the_first(db):
    entry = _log(db)
    other = _log(db)
    assert question_log.record_feedback(db, entry.feedback_token, "up", now=NOW)
    db.expire_all()
    assert db.get(QuestionLog, entry.id).feedback == "up"
    assert question_log.record_feedback(db, entry.feedback_token, "down")
    db.expire_all()
    stored = db.get(QuestionLog, entry.id)
    assert stored.feedback == "down" and stored.feedback_at is not None
    assert db.get(QuestionLog, other.id).feedback is None


@pytest.mark.parametrize("token", ["", "x" * 32, "nope", "A" * 200])
def test_feedback_with_an_unknown_token_is_refused(db, token):
    _log(db)
    assert question_log.record_feedback(db, token, "up") is False
    assert db.scalars(select(QuestionLog)).one().feedback is None


def test_feedback_with_an_unknown_value_is_refused(db):
    entry = _log(db)
    assert question_log.record_feedback(db, entry.feedback_token, "meh") is False
    assert db.scalars(select(QuestionLog)).one().feedback is None


def test_purge_removes_only_old_rows(db):
    old = _log(db, "old question")
    edge = _log(db, "just inside the period")
    new = _log(db, "new question")
    _age(db, old, NOW - timedelta(days=181))
    _age(db, edge, NOW - timedelta(days=179, hours=23))
    _age(db, new, NOW - timedelta(hours=1))
    assert question_log.purge(db, 180, now=NOW) == 1
    left = sorted(q.question for q in db.scalars(select(QuestionLog)))
    assert left == ["just inside the period", "new question"]
    assert question_log.purge(db, 180, now=NOW) == 0
    assert question_log.purge(db, 1, now=NOW) == 1
    assert [q.question for q in db.scalars(select(QuestionLog))] == ["new question"]


def test_purge_needs_at_least_one_day(db):
    with pytest.raises(ValueError):
        question_log.purge(db, 0)


def test_questions_between(db):
    first, second, third = _log(db, "one"), _log(db, "two"), _log(db, "three")
    _age(db, first, NOW - timedelta(days=3))
    _age(db, second, NOW - timedelta(days=2))
    _age(db, third, NOW)
    found = question_log.questions_between(db, NOW - timedelta(days=3), NOW)
    assert [q.question for q in found] == ["one", "two"]  # end is exclusive
    # Other time zones mean the same moments.
    amsterdam = timezone(timedelta(hours=1))
    found = question_log.questions_between(db, (NOW - timedelta(days=2)).astimezone(amsterdam), NOW + timedelta(seconds=1))
    assert [q.question for q in found] == ["two", "three"]


def test_cli_purge_removes_old_questions(db, runner):
    old, new = _log(db, "old"), _log(db, "new")
    _age(db, old, utcnow() - timedelta(days=40))
    _age(db, new, utcnow() - timedelta(days=2))
    result = runner("purge", "--older-than", "30")
    assert result.exit_code == 0, result.output
    assert "1 question(s) older than 30 days removed" in result.output
    assert _count(db) == 1


def test_cli_purge_defaults_to_the_retention_setting(db, runner, monkeypatch):
    monkeypatch.setenv("LOKET_QUESTION_RETENTION_DAYS", "10")
    old, new = _log(db, "old"), _log(db, "new")
    _age(db, old, utcnow() - timedelta(days=11))
    _age(db, new, utcnow() - timedelta(days=9))
    result = runner("purge")
    assert result.exit_code == 0, result.output
    assert "1 question(s) older than 10 days removed" in result.output
    assert _count(db) == 1


def test_cli_purge_default_is_180_days(db, runner):
    entry = _log(db)
    _age(db, entry, utcnow() - timedelta(days=179))
    result = runner("purge")
    assert result.exit_code == 0 and "0 question(s) older than 180 days removed" in result.output
    assert _count(db) == 1


@pytest.mark.parametrize("days", ["0", "-5", "soon"])
def test_cli_purge_refuses_less_than_one_day(db, runner, days):
    _log(db)
    result = runner("purge", "--older-than", days)
    assert result.exit_code == 2
    assert "--older-than" in result.output
    assert _count(db) == 1
