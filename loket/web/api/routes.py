"""JSON API, version 1: vacancies (read-only), its OpenAPI description, and the health checks."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, jsonify, request
from sqlalchemy import text

from ...domain.search import InvalidParameter, parse_vacancy_query
from ...services import vacancies as vacancy_service
from ...storage.models import Vacancy
from ..db import session, today
from ..guide.routes import figures as guide_figures
from ..limits import storage_status
from ..urls import external_url, site_root

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
        "url": external_url("public.vacancy_detail", vacancy_id=vacancy.id),
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
        apply_url=external_url("public.apply", vacancy_id=found.id),
    )
    return jsonify(item)


OPENAPI = Path(__file__).with_name("openapi.json")


@cache
def _openapi() -> dict[str, Any]:
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API (tests check real responses against it)."""
    spec = dict(_openapi())
    spec["servers"] = [{"url": site_root()}]
    return jsonify(spec)


@health.get("/healthz")
def healthz():
    """Liveness: this process answers. Nothing else is checked, so a database outage never restarts workers."""
    return jsonify(status="ok")


@health.get("/readyz")
def readyz():
    """Readiness: the database answers and the assistant's indexes are loaded (503 otherwise).

    The rate-limit storage is reported, not required: without Redis each worker counts for itself.
    """
    from ..assistant.engine import get_assistant

    try:
        session().execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # any failure here means "not ready"; the error handler is not involved
        database = "unavailable"
    assistant = "ready" if get_assistant().ready else "loading"
    rate_limits = storage_status()
    ready = database == "ok" and assistant == "ready"
    status = ("ok" if rate_limits != "fallback" else "degraded") if ready else "unavailable"
    body = {"status": status, "database": database, "rate_limits": rate_limits, "assistant": assistant}
    return jsonify(body), 200 if ready else 503
