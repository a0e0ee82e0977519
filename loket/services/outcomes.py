"""How closed vacancies ended: filled or not, through the portal, by an international.

The action plan's long-term success figures come from these answers (services/indicators.py).
The employer answers in one step when closing a vacancy, or on the dashboard after it expired;
staff record what the desk hears when the employer has not answered. None is "don't know".
No Flask here; the service commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from ..domain.vacancies import Status
from ..storage.models import OutcomeSource, Vacancy, VacancyOutcome

ASK_DAYS = 365  # closed vacancies of the last year are still asked about on the dashboard
STAFF_LIST_LIMIT = 50


class OutcomeError(ValueError):
    """Refused; `code`: not-closed-or-open (a draft, pending or rejected vacancy has no outcome),
    employer-answered (staff do not overwrite the employer's own answer)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Answer:
    """The three questions; a 'no' or 'don't know' to `filled` leaves the other two unknown."""

    filled: bool | None
    through_portal: bool | None = None
    by_international: bool | None = None

    def normalised(self) -> Answer:
        if self.filled is not True:
            return Answer(self.filled, None, None)
        return self


def apply_answer(session: Session, vacancy: Vacancy, answer: Answer, source: OutcomeSource | str) -> VacancyOutcome:
    """Set the vacancy's outcome in the session (no commit): for posting.close, which commits both."""
    if vacancy.status not in (Status.CLOSED, Status.PUBLISHED):
        raise OutcomeError("not-closed-or-open")
    source = OutcomeSource(source)
    outcome = session.get(VacancyOutcome, vacancy.id)
    if outcome is not None and source == OutcomeSource.STAFF and outcome.source == OutcomeSource.EMPLOYER:
        raise OutcomeError("employer-answered")
    answer = answer.normalised()
    if outcome is None:
        outcome = VacancyOutcome(vacancy_id=vacancy.id)
        session.add(outcome)
    outcome.filled, outcome.through_portal, outcome.by_international = answer.filled, answer.through_portal, answer.by_international
    outcome.source = source
    return outcome


def record(session: Session, vacancy: Vacancy, answer: Answer, source: OutcomeSource | str) -> VacancyOutcome:
    """Record (or correct) how the vacancy ended; commits. Raises OutcomeError."""
    outcome = apply_answer(session, vacancy, answer, source)
    session.commit()
    return outcome


def outcome_of(session: Session, vacancy_id: int) -> VacancyOutcome | None:
    return session.get(VacancyOutcome, vacancy_id)


def unanswered_closed(session: Session, company_id: int, today: date) -> list[Vacancy]:
    """The company's vacancies closed in the last ASK_DAYS days without an answer: asked on the dashboard."""
    since = today - timedelta(days=ASK_DAYS)
    return list(session.scalars(
        select(Vacancy)
        .outerjoin(VacancyOutcome, VacancyOutcome.vacancy_id == Vacancy.id)
        .where(Vacancy.company_id == company_id, Vacancy.status == Status.CLOSED, VacancyOutcome.vacancy_id.is_(None),
               Vacancy.closing_date >= since)
        .order_by(Vacancy.closing_date.desc(), Vacancy.id.desc())
    ))


def staff_list(session: Session, query: str = "", limit: int = STAFF_LIST_LIMIT) -> list[tuple[Vacancy, VacancyOutcome | None]]:
    """Published and closed vacancies for staff to record an outcome, closed ones first, newest closing date first;
    `query` filters on title or company name."""
    from ..storage.models import Company

    statement = (
        select(Vacancy, VacancyOutcome)
        .join(Company, Company.id == Vacancy.company_id)
        .outerjoin(VacancyOutcome, VacancyOutcome.vacancy_id == Vacancy.id)
        .options(joinedload(Vacancy.company))
        .where(Vacancy.status.in_((Status.CLOSED, Status.PUBLISHED)))
    )
    text = " ".join((query or "").split())[:100]
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        statement = statement.where(or_(Vacancy.title.ilike(like), Company.name.ilike(like)))
    statement = statement.order_by((Vacancy.status == Status.PUBLISHED), Vacancy.closing_date.desc(), Vacancy.id.desc()).limit(limit)
    return [(v, o) for v, o in session.execute(statement).all()]
