"""Vacancy use cases for the public site and the API: search, show, count views and applies."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from ..domain.figures import Figures
from ..domain.search import InvalidParameter, VacancyQuery
from ..domain.vacancies import Status
from ..storage import queries
from ..storage.models import Vacancy


def search(session: Session, query: VacancyQuery, today: date) -> tuple[list[Vacancy], int]:
    """One page of matches and the total. A `salary_criterion` must have gone through `with_salary_requirement`."""
    if query.salary_criterion is not None and query.salary_required is None:
        raise ValueError("salary_criterion without its amount: call with_salary_requirement first")
    return queries.search_vacancies(session, query, today)


def with_salary_requirement(query: VacancyQuery, figures: Figures, today: date) -> VacancyQuery:
    """`query` with the monthly amount of its salary criterion in `today`'s year (or the latest published).

    Unchanged without a criterion. Raises InvalidParameter when no amount is published for it.
    """
    if query.salary_criterion is None:
        return query
    year = figures.current(today)
    amount = year.amount(query.salary_criterion) if year is not None else None
    if amount is None:
        raise InvalidParameter("salary_criterion", "a criterion with a published amount")
    return replace(query, salary_required=amount)


def public_vacancy(session: Session, vacancy_id: int) -> Vacancy | None:
    """A vacancy the public may see: published or closed (expired ones say "closed"), never drafts or pending."""
    vacancy = queries.get_vacancy(session, vacancy_id)
    if vacancy is None or vacancy.status not in {Status.PUBLISHED, Status.CLOSED}:
        return None
    return vacancy


def record_view(session: Session, vacancy: Vacancy, today: date) -> None:
    queries.count_event(session, vacancy.id, today, views=1)
    session.commit()


def record_apply(session: Session, vacancy: Vacancy, today: date) -> None:
    queries.count_event(session, vacancy.id, today, apply_clicks=1)
    session.commit()
