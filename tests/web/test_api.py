"""JSON API v1: vacancies list and detail, health check, and 400s that name the parameter."""
from __future__ import annotations

from datetime import timedelta

import pytest

from ..conftest import TODAY


def test_list_shape_and_filters(client, make):
    make.vacancy(title="Sponsored", visa_sponsorship=True, province="drenthe", city="Assen")
    make.vacancy(title="Dutch needed", dutch_level="B2", dutch_timing="start")
    body = client.get("/api/v1/vacancies").get_json()
    assert body["total"] == 2 and body["page"] == 1 and len(body["items"]) == 2
    item = next(i for i in body["items"] if i["title"] == "Sponsored")
    for key in ["id", "title", "company", "city", "province", "url", "dutch_required", "visa_sponsorship"]:
        assert key in item
    assert item["visa_sponsorship"] is True and item["dutch_required"] is False and item["province"] == "drenthe"
    assert item["url"].endswith(f"/vacancies/{item['id']}")
    only = client.get("/api/v1/vacancies?english_only=1&visa_sponsorship=1&province=drenthe&city=Assen").get_json()
    assert [i["title"] for i in only["items"]] == ["Sponsored"]


def test_paging(client, make):
    company = make.company()
    for n in range(7):
        make.vacancy(company, posted_date=TODAY - timedelta(days=n), title=f"V{n}")
    body = client.get("/api/v1/vacancies?per_page=3&page=3").get_json()
    assert body["total"] == 7 and body["page"] == 3 and [i["title"] for i in body["items"]] == ["V6"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("province=holland", "province"),
        ("remote=sometimes", "remote"),
        ("seniority=guru", "seniority"),
        ("contract=zero-hours", "contract"),
        ("occupation=1234", "occupation"),
        ("salary_min=1e9", "salary_min"),
        ("english_only=perhaps", "english_only"),
        ("visa_sponsorship=2", "visa_sponsorship"),
        ("q=" + "x" * 201, "q"),
        ("sort=up", "sort"),
    ],
)
def test_invalid_parameters_give_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/vacancies?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert parameter in body["error"] and body["parameter"] == parameter


def test_detail(client, make):
    vacancy = make.vacancy(skills="Go\nKubernetes", requirements="Go")
    body = client.get(f"/api/v1/vacancies/{vacancy.id}").get_json()
    assert body["id"] == vacancy.id and body["skills"] == ["Go", "Kubernetes"] and body["open"] is True
    assert body["apply_url"].endswith(f"/vacancies/{vacancy.id}/apply")


def test_detail_of_unknown_or_hidden_vacancy_is_404_json(client, make):
    pending = make.vacancy(status="pending")
    for path in ["/api/v1/vacancies/999999", f"/api/v1/vacancies/{pending.id}"]:
        response = client.get(path)
        assert response.status_code == 404 and "error" in response.get_json()


def test_unknown_api_path_is_json(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404 and response.is_json


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_database_outage_gives_503_and_recovers(app, client, make, assistant):
    """The database goes away (nothing listens on its port): a friendly 503, then recovery without restart."""
    from sqlalchemy import create_engine

    make.vacancy(title="Back again")
    database = app.extensions["loket.db"]
    gone = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/gone", pool_pre_ping=True)
    database.sessions.configure(bind=gone)
    assert client.get("/healthz").status_code == 200  # liveness: the process is fine, do not restart it
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["database"] == "unavailable"
    response = client.get("/api/v1/vacancies")
    assert response.status_code == 503 and response.get_json() == {"error": "service temporarily unavailable"}
    page = client.get("/vacancies")
    assert page.status_code == 503 and "temporarily unavailable" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    database.sessions.configure(bind=database.engine)
    gone.dispose()
    assert client.get("/readyz").status_code == 200
    assert "Back again" in client.get("/vacancies").get_data(as_text=True)
