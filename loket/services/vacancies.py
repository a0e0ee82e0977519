"""Vacancy use cases for the public site and the API: search, show, count views and applies."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..domain.search import VacancyQuery
from ..domain.vacancies import Status
from ..storage import queries
from ..storage.models import Vacancy


def search(session: Session, query: VacancyQuery, today: date) -> tuple[list[Vacancy], int]:
    return queries.search_vacancies(session, query, today)


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
