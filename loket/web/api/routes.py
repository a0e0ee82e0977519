"""JSON API, version 1: vacancies (read-only) and the health check."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from sqlalchemy import text

from ...domain.search import InvalidParameter, parse_vacancy_query
from ...services import vacancies as vacancy_service
from ...storage.models import Vacancy
from ..db import session, today
from ..guide.routes import figures as guide_figures

bp = Blueprint("api", __name__, url_prefix="/api/v1")
health = Blueprint("health", __name__)


def vacancy_item(vacancy: Vacancy) -> dict[str, Any]:
    return {
        "id": vacancy.id,
        "title": vacancy.title,
        "company": vacancy.company.name,
        "company_slug": vacancy.company.slug,
        "city": vacancy.city,
        "province": vacancy.province.value,
        "occupation": vacancy.occupation,
        "url": url_for("public.vacancy_detail", vacancy_id=vacancy.id, _external=True),
        "dutch_required": vacancy.dutch_required,
        "dutch_level": vacancy.dutch_level.value,
        "visa_sponsorship": vacancy.visa_sponsorship,
        "remote": vacancy.remote.value,
        "seniority": vacancy.seniority.value,
        "contract": vacancy.contract.value,
        "salary": {
            "min": vacancy.salary_min,
            "max": vacancy.salary_max,
            "period": vacancy.salary_period.value if vacancy.salary_period else None,
            "currency": "EUR",
        }
        if vacancy.salary_period
        else None,
        "posted_date": vacancy.posted_date.isoformat(),
        "closing_date": vacancy.closing_date.isoformat(),
    }


@bp.get("/vacancies")
def vacancies():
    try:
        query = vacancy_service.with_salary_requirement(parse_vacancy_query(request.args), guide_figures(), today())
    except InvalidParameter as exc:
        return jsonify(error=str(exc), parameter=exc.name), 400
    items, total = vacancy_service.search(session(), query, today())
    return jsonify(items=[vacancy_item(v) for v in items], total=total, page=query.page, per_page=query.per_page)


@bp.get("/vacancies/<int:vacancy_id>")
def vacancy(vacancy_id: int):
    found = vacancy_service.public_vacancy(session(), vacancy_id)
    if found is None:
        return jsonify(error=f"no vacancy with id {vacancy_id}"), 404
    item = vacancy_item(found)
    item.update(
        open=found.is_open(today()),
        description=found.description,
        requirements=found.requirements,
        skills=found.skill_list,
        language=found.language.value,
        dutch_timing=found.dutch_timing.value if found.dutch_timing else None,
        english_level=found.english_level.value,
        hours_min=found.hours_min,
        hours_max=found.hours_max,
        apply_url=url_for("public.apply", vacancy_id=found.id, _external=True),
    )
    return jsonify(item)


@health.get("/healthz")
def healthz():
    session().execute(text("SELECT 1"))
    return jsonify(status="ok", database="ok")
