"""The action plan's indicators, per week or month, and the questions the assistant could not answer.

Counting happens in SQL (COUNT/SUM grouped by day and code, portable between SQLite and
PostgreSQL); adding days up into weeks and months happens in Python
(`loket.domain.indicators`), because date_trunc is not portable and the per-day rows are few.
Days are UTC days. No Flask here.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Date, and_, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from ..domain.appointments import AppointmentStatus
from ..domain.content import Topic
from ..domain.indicators import (
    Grouping,
    Indicators,
    Period,
    VisitChannel,
    VisitOutcome,
    group_similar,
    mean,
    periods,
    rate,
    representative,
    sum_by_period,
)
from ..domain.vacancies import DutchLevel, Status
from ..storage.models import Company, Vacancy, VacancyDailyStat, VacancyOutcome
from ..storage.models.assistant import Feedback, QuestionLanguage, QuestionLog
from ..storage.models.desk import Appointment, DeskVisit
from .assistant import Assistant, Source

# The longest range the dashboard computes at once (about three years).
MAX_RANGE_DAYS = 1100

# Hand-off reasons that mean "the content had no answer"; off-topic, injection and empty are not content gaps.
CONTENT_GAP_REASONS = ("low-confidence", "other-language")
# Answered, but barely: the editors should look at these too (the hand-off threshold is 0.30).
LOW_CONFIDENCE = 0.45

# Below this retrieval confidence the best page is not worth suggesting: "no page yet".
PAGE_FLOOR = 0.2

QUESTION_LANGUAGES = tuple(q.value for q in QuestionLanguage)
QUESTION_TOPICS = tuple(t.value for t in Topic) + ("none",)


class utc_day(FunctionElement):
    """The UTC calendar day of a timestamp column, as a DATE, on SQLite and PostgreSQL."""

    type = Date()
    name = "utc_day"
    inherit_cache = True


@compiles(utc_day)
def _utc_day_default(element, compiler, **kw):
    return "CAST(timezone('UTC', %s) AS DATE)" % compiler.process(element.clauses, **kw)


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element, compiler, **kw):
    # SQLite keeps aware datetimes as UTC wall-clock text: date() takes its first ten characters.
    return "date(%s)" % compiler.process(element.clauses, **kw)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def validate_range(start: date, end: date) -> None:
    """Raises ValueError when the range is reversed or too long to chart."""
    if end < start:
        raise ValueError("'to' is before 'from'")
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValueError(f"choose at most {MAX_RANGE_DAYS} days")


# --- Snapshots: as of the last day of each period ----------------------------------------------------


def open_target_vacancies(session: Session, day: date) -> int:
    """Vacancies open at the end of `day` for the target group: published, Dutch not required,
    posted on or before `day` and closing on or after it. A vacancy closed since then counts
    while it was still open: until its closing date or the day it was closed (`closed_at`; for
    one closed before that was recorded, its last update)."""
    next_day = _day_start(day + timedelta(days=1))
    return session.scalar(
        select(func.count(Vacancy.id)).where(
            Vacancy.dutch_level == DutchLevel.NONE,
            Vacancy.posted_date <= day,
            Vacancy.closing_date >= day,
            or_(
                Vacancy.status == Status.PUBLISHED,
                and_(Vacancy.status == Status.CLOSED, func.coalesce(Vacancy.closed_at, Vacancy.updated_at) >= next_day),
            ),
        )
    ) or 0


def friendly_companies(session: Session, day: date) -> int:
    """International-friendly companies by the end of `day`: verified, with at least one friendly trait."""
    return session.scalar(
        select(func.count(Company.id)).where(
            Company.verified.is_(True),
            or_(Company.recognised_sponsor, Company.english_working_language,
                Company.onboarding_support, Company.dutch_lessons),
            Company.created_at < _day_start(day + timedelta(days=1)),
        )
    ) or 0


# --- Counts per day ---------------------------------------------------------------------------------------


def _vacancy_stats(session: Session, start: date, end: date) -> tuple[dict[date, int], dict[date, int]]:
    rows = session.execute(
        select(VacancyDailyStat.day, func.sum(VacancyDailyStat.views), func.sum(VacancyDailyStat.apply_clicks))
        .where(VacancyDailyStat.day >= start, VacancyDailyStat.day <= end)
        .group_by(VacancyDailyStat.day)
    )
    views: dict[date, int] = {}
    clicks: dict[date, int] = {}
    for day, day_views, day_clicks in rows:
        views[_as_date(day)] = int(day_views or 0)
        clicks[_as_date(day)] = int(day_clicks or 0)
    return views, clicks


def _question_counts(session: Session, start: date, end: date) -> dict[str, dict[date, int]]:
    day = utc_day(QuestionLog.created_at)
    rows = session.execute(
        select(day, QuestionLog.question_language, QuestionLog.topic, QuestionLog.handoff, QuestionLog.feedback,
               func.count(QuestionLog.id))
        .where(QuestionLog.created_at >= _day_start(start), QuestionLog.created_at < _day_start(end + timedelta(days=1)))
        .group_by(day, QuestionLog.question_language, QuestionLog.topic, QuestionLog.handoff, QuestionLog.feedback)
    )
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row_day, language, topic, handoff, feedback, n in rows:
        d = _as_date(row_day)
        counts["questions"][d] += n
        counts[f"questions_{getattr(language, 'value', language)}"][d] += n
        topic = topic if topic in QUESTION_TOPICS else "none"
        counts[f"questions_topic_{topic}"][d] += n
        counts["handed_over" if handoff else "answered"][d] += n
        if feedback == Feedback.UP:
            counts["thumbs_up"][d] += n
        elif feedback == Feedback.DOWN:
            counts["thumbs_down"][d] += n
    return counts


def _visit_counts(session: Session, start: date, end: date) -> dict[str, dict[date, int]]:
    day = utc_day(DeskVisit.created_at)
    rows = session.execute(
        select(day, DeskVisit.channel, DeskVisit.outcome, func.count(DeskVisit.id),
               func.count(DeskVisit.satisfaction), func.coalesce(func.sum(DeskVisit.satisfaction), 0))
        .where(DeskVisit.created_at >= _day_start(start), DeskVisit.created_at < _day_start(end + timedelta(days=1)))
        .group_by(day, DeskVisit.channel, DeskVisit.outcome)
    )
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row_day, channel, outcome, n, rated, score in rows:
        d = _as_date(row_day)
        counts["desk_visits"][d] += n
        counts[f"visits_{_code(channel)}"][d] += n
        counts[f"visits_{_code(outcome)}"][d] += n
        counts["satisfaction_responses"][d] += rated
        counts["satisfaction_sum"][d] += int(score)
    return counts


def _appointment_counts(session: Session, start: date, end: date) -> dict[str, dict[date, int]]:
    """Appointments by the (UTC) day they are for: booked (not cancelled), attended, no-show. Blocks are not counted."""
    day = utc_day(Appointment.starts_at)
    rows = session.execute(
        select(day, Appointment.status, func.count(Appointment.id))
        .where(Appointment.starts_at >= _day_start(start), Appointment.starts_at < _day_start(end + timedelta(days=1)),
               Appointment.status.in_((AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW)))
        .group_by(day, Appointment.status)
    )
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row_day, status, n in rows:
        d = _as_date(row_day)
        counts["appointments_booked"][d] += n
        if status == AppointmentStatus.ATTENDED:
            counts["appointments_attended"][d] += n
        elif status == AppointmentStatus.NO_SHOW:
            counts["appointments_no_show"][d] += n
    return counts


def _outcome_counts(session: Session, start: date, end: date) -> dict[str, dict[date, int]]:
    """Vacancies by the (UTC) day they closed, and how many of them have a known outcome, were filled,
    filled through the portal and filled by an international. A vacancy closed before closed_at was
    recorded counts on the day of its last change."""
    closed_on = func.coalesce(Vacancy.closed_at, Vacancy.updated_at)
    day = utc_day(closed_on)
    rows = session.execute(
        select(day, VacancyOutcome.filled, VacancyOutcome.through_portal, VacancyOutcome.by_international,
               func.count(Vacancy.id))
        .outerjoin(VacancyOutcome, VacancyOutcome.vacancy_id == Vacancy.id)
        .where(Vacancy.status == Status.CLOSED, closed_on >= _day_start(start), closed_on < _day_start(end + timedelta(days=1)))
        .group_by(day, VacancyOutcome.filled, VacancyOutcome.through_portal, VacancyOutcome.by_international)
    )
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row_day, filled, portal, international, n in rows:
        d = _as_date(row_day)
        counts["vacancies_closed"][d] += n
        if filled is not None:
            counts["outcomes_known"][d] += n
        if filled:
            counts["vacancies_filled"][d] += n
            if portal:
                counts["filled_through_portal"][d] += n
            if international:
                counts["filled_by_international"][d] += n
    return counts


def _code(value) -> str:
    return str(getattr(value, "value", value)).replace("-", "_")


# --- Together ---------------------------------------------------------------------------------------------

QUESTION_FIGURES = (
    ["questions"]
    + [f"questions_{lang}" for lang in QUESTION_LANGUAGES]
    + [f"questions_topic_{topic}" for topic in QUESTION_TOPICS]
    + ["answered", "handed_over"]
)
VISIT_FIGURES = (
    ["desk_visits"]
    + [f"visits_{_code(c)}" for c in VisitChannel]
    + [f"visits_{_code(o)}" for o in VisitOutcome]
)

APPOINTMENT_FIGURES = ["appointments_booked", "appointments_attended", "appointments_no_show"]
OUTCOME_COUNTS = ["vacancies_closed", "outcomes_known", "vacancies_filled", "filled_through_portal", "filled_by_international"]
#: Shares of the closed vacancies whose outcome is known (in %): the plan's long-term success figures.
OUTCOME_RATES = {"filled_rate": "vacancies_filled", "through_portal_rate": "filled_through_portal",
                 "by_international_rate": "filled_by_international"}

#: Every figure, in the order of the CSV's columns.
FIGURES = (
    ["open_vacancies_target_group", "international_friendly_companies", "vacancy_views", "apply_clicks"]
    + QUESTION_FIGURES
    + ["handoff_rate", "thumbs_up", "thumbs_down"]
    + VISIT_FIGURES
    + ["satisfaction_responses", "average_satisfaction"]
    + APPOINTMENT_FIGURES
    + OUTCOME_COUNTS
    + list(OUTCOME_RATES)
)


def compute(session: Session, start: date, end: date, grouping: Grouping | str) -> Indicators:
    """Every indicator for each week or month from `start` to `end` (inclusive, clipped to the range)."""
    validate_range(start, end)
    spans: list[Period] = periods(start, end, grouping)
    result = Indicators(Grouping(grouping), spans)
    figures = result.figures

    figures["open_vacancies_target_group"] = [open_target_vacancies(session, p.end) for p in spans]
    figures["international_friendly_companies"] = [friendly_companies(session, p.end) for p in spans]
    views, clicks = _vacancy_stats(session, start, end)
    figures["vacancy_views"] = sum_by_period(views, spans)
    figures["apply_clicks"] = sum_by_period(clicks, spans)

    questions = _question_counts(session, start, end)
    for name in QUESTION_FIGURES:
        figures[name] = sum_by_period(questions.get(name, {}), spans)
    figures["handoff_rate"] = [rate(h, q) for h, q in zip(figures["handed_over"], figures["questions"])]
    figures["thumbs_up"] = sum_by_period(questions.get("thumbs_up", {}), spans)
    figures["thumbs_down"] = sum_by_period(questions.get("thumbs_down", {}), spans)

    visits = _visit_counts(session, start, end)
    for name in VISIT_FIGURES:
        figures[name] = sum_by_period(visits.get(name, {}), spans)
    rated = sum_by_period(visits.get("satisfaction_responses", {}), spans)
    scores = sum_by_period(visits.get("satisfaction_sum", {}), spans)
    figures["satisfaction_responses"] = rated
    figures["average_satisfaction"] = [mean(s, n) for s, n in zip(scores, rated)]

    appointments = _appointment_counts(session, start, end)
    for name in APPOINTMENT_FIGURES:
        figures[name] = sum_by_period(appointments.get(name, {}), spans)
    outcomes = _outcome_counts(session, start, end)
    for name in OUTCOME_COUNTS:
        figures[name] = sum_by_period(outcomes.get(name, {}), spans)
    for name, part in OUTCOME_RATES.items():
        figures[name] = [rate(p, k) for p, k in zip(figures[part], figures["outcomes_known"])]
    assert list(figures) == FIGURES
    return result


# --- Questions the assistant could not answer ----------------------------------------------------------------


@dataclass
class UnansweredGroup:
    """Similar questions the assistant handed over or got a thumbs-down for; the editors' to-do."""

    count: int
    handed_over: int
    thumbs_down: int
    representative: str
    language: str  # the language to search the guide in: the representative question's, English for others
    examples: list[str] = field(default_factory=list)
    page: Source | None = None  # the guide section the best search hit points to; None: no page yet
    low_confidence: int = 0  # answered, but with a confidence below LOW_CONFIDENCE


def unanswered(
    session: Session,
    start: date,
    end: date,
    find_page: Callable[[str, str], Source | None] | None = None,
    *,
    threshold: float = 0.5,
    limit: int = 50,
    examples: int = 3,
) -> list[UnansweredGroup]:
    """Hand-offs for lack of content (low confidence, other language), answers given with low confidence
    and thumbs-down answers from `start` to `end`, grouped by Jaccard similarity of their stemmed words,
    largest group first."""
    from ..retrieval.lexical import ANALYZERS

    rows = list(session.scalars(
        select(QuestionLog)
        .where(
            QuestionLog.created_at >= _day_start(start),
            QuestionLog.created_at < _day_start(end + timedelta(days=1)),
            or_(
                and_(QuestionLog.handoff.is_(True), QuestionLog.reason.in_(CONTENT_GAP_REASONS)),
                and_(QuestionLog.handoff.is_(False), QuestionLog.confidence < LOW_CONFIDENCE),
                QuestionLog.feedback == Feedback.DOWN,
            ),
        )
        .order_by(QuestionLog.created_at, QuestionLog.id)
    ))
    texts = [row.question for row in rows]
    languages = [_search_language(row) for row in rows]
    terms = [ANALYZERS[lang](text) for text, lang in zip(texts, languages)]
    result = []
    for group in group_similar(texts, terms, threshold)[:limit]:
        first = representative(texts, group)
        seen: list[str] = []
        for i in group.items:
            if texts[i] not in seen:
                seen.append(texts[i])
        members = [rows[i] for i in group.items]
        result.append(UnansweredGroup(
            count=group.count,
            handed_over=sum(1 for r in members if r.handoff),
            thumbs_down=sum(1 for r in members if r.feedback == Feedback.DOWN),
            low_confidence=sum(1 for r in members if not r.handoff and r.confidence < LOW_CONFIDENCE),
            representative=texts[first],
            language=languages[first],
            examples=seen[:examples],
            page=find_page(texts[first], languages[first]) if find_page else None,
        ))
    return result


def _search_language(row: QuestionLog) -> str:
    value = getattr(row.question_language, "value", row.question_language)
    return value if value in ("en", "nl") else "en"


def best_page(assistant: Assistant, question: str, lang: str, floor: float = PAGE_FLOOR) -> Source | None:
    """The guide section the assistant's retriever ranks first for `question`, when it scores at least
    `floor` and shares words with the question; None: the guide has no page for it yet."""
    retrieval = assistant.retriever.retrieve(question, lang, k=1, question_lang=lang)
    # Coverage 0: not one word of the question occurs in the guide, whatever the vectors say.
    if not retrieval.hits or retrieval.confidence < floor or retrieval.features.get("coverage", 1.0) == 0:
        return None
    chunk = retrieval.hits[0].chunk
    links = tuple(s for s in chunk.sources if s.startswith("https://"))
    return Source(chunk.page_id, chunk.page_title, chunk.heading, chunk.anchor, chunk.lang, chunk.reviewed, links)
