"""The API's OpenAPI 3.1 description is true: real responses validate against it, every /api/v1
route is in it, and schemathesis finds no 5xx and no response outside it (QUALITY.md,
"Reliability under load and faults"). Bounded: a fixed number of examples per operation, SQLite,
rate limits off."""
from __future__ import annotations

from datetime import timedelta

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from loket import create_app

from ..conftest import TODAY, _empty_tables, csrf_token_in
from ..factories import Factory

SCHEMATHESIS_EXAMPLES = 40


def spec_of(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def validate(spec: dict, path: str, method: str, status: int, body) -> None:
    """`body` against the spec's schema for that response (JSON Schema 2020-12, as OpenAPI 3.1 says)."""
    pointer = f"#/paths/{path.replace('/', '~1')}/{method}/responses/{status}/content/application~1json/schema"
    jsonschema.Draft202012Validator({**spec, "$ref": pointer}, format_checker=jsonschema.FormatChecker()).validate(body)


def test_the_description_is_valid_openapi_3_1(client):
    spec = spec_of(client)
    assert spec["openapi"].startswith("3.1")
    jsonschema.Draft202012Validator.check_schema({"$defs": spec["components"]["schemas"]})
    assert spec["servers"] == [{"url": "http://localhost"}]


def test_every_api_route_is_described(app, client):
    spec = spec_of(client)
    described = {(path, method.upper()) for path, item in spec["paths"].items() for method in item}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") or rule.rule in ("/healthz", "/readyz"):
            path = rule.rule.replace("<int:", "{").replace(">", "}")
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == described


def test_real_responses_match_the_description(client, make, assistant, db):
    spec = spec_of(client)
    company = make.company()
    open_one = make.vacancy(company=company, title="Python developer", salary_min=None, salary_max=None, salary_period=None,
                            salary_month_max=None, dutch_level="B1", dutch_timing="within_12_months")
    closed = make.vacancy(company=company, closing_date=TODAY - timedelta(days=1), hours_min=None, hours_max=None)
    listing = client.get("/api/v1/vacancies?province=Groningen&per_page=5")
    assert listing.status_code == 200 and listing.get_json()["total"] >= 1
    validate(spec, "/api/v1/vacancies", "get", 200, listing.get_json())
    bad = client.get("/api/v1/vacancies?sort=sideways")
    validate(spec, "/api/v1/vacancies", "get", 400, bad.get_json())
    for vacancy in (open_one, closed):
        detail = client.get(f"/api/v1/vacancies/{vacancy.id}")
        assert detail.status_code == 200
        validate(spec, "/api/v1/vacancies/{vacancy_id}", "get", 200, detail.get_json())
    validate(spec, "/api/v1/vacancies/{vacancy_id}", "get", 404, client.get("/api/v1/vacancies/999999").get_json())
    for question in ("What salary do I need as a highly skilled migrant with a Python job?", "Wat kost een hond?"):
        answer = client.post("/api/v1/ask", json={"question": question})
        assert answer.status_code == 200
        validate(spec, "/api/v1/ask", "post", 200, answer.get_json())
    validate(spec, "/api/v1/ask", "post", 400, client.post("/api/v1/ask", json={"question": ""}).get_json())
    token = client.post("/api/v1/ask", json={"question": "Do I need a visa?"}).get_json()["feedback_token"]
    csrf = csrf_token_in(client.get("/assistant").get_data(as_text=True))
    feedback = client.post("/api/v1/feedback", json={"token": token, "value": "up"}, headers={"X-CSRFToken": csrf})
    validate(spec, "/api/v1/feedback", "post", 200, feedback.get_json())
    unknown = client.post("/api/v1/feedback", json={"token": "nope", "value": "up"}, headers={"X-CSRFToken": csrf})
    validate(spec, "/api/v1/feedback", "post", 404, unknown.get_json())
    validate(spec, "/healthz", "get", 200, client.get("/healthz").get_json())
    validate(spec, "/readyz", "get", 200, client.get("/readyz").get_json())


def test_a_response_that_breaks_the_description_is_caught(client):
    # The check itself can fail: a vacancy without its required fields does not validate.
    spec = spec_of(client)
    with pytest.raises(jsonschema.ValidationError):
        validate(spec, "/api/v1/vacancies", "get", 200, {"items": [{"id": 1}], "total": 1, "page": 1, "per_page": 20})


@pytest.mark.parametrize("spelling", ["Groningen", "groningen", "GRONINGEN"])
def test_the_province_filter_is_forgiving_in_the_api_and_the_list(client, make, spelling):
    make.vacancy(title="In the city", province="groningen")
    make.vacancy(title="By the sea", province="fryslan")
    api = client.get(f"/api/v1/vacancies?province={spelling}")
    assert api.status_code == 200 and [v["title"] for v in api.get_json()["items"]] == ["In the city"]
    page = client.get(f"/vacancies?province={spelling}")
    assert page.status_code == 200 and "In the city" in page.get_data(as_text=True) and "By the sea" not in page.get_data(as_text=True)


@pytest.mark.parametrize("spelling", ["Fryslân", "fryslân", "Friesland", "friesland", "fryslan", "Fryslan"])
def test_frisian_spellings_all_mean_fryslan(client, make, spelling):
    make.vacancy(title="By the sea", province="fryslan")
    make.vacancy(title="In the woods", province="drenthe")
    assert [v["title"] for v in client.get("/api/v1/vacancies", query_string={"province": spelling}).get_json()["items"]] == ["By the sea"]


@pytest.mark.parametrize("spelling", ["drenthe", "Drenthe", "DRENTHE"])
def test_drenthe_in_any_case(client, make, spelling):
    make.vacancy(title="In the woods", province="drenthe")
    assert client.get("/api/v1/vacancies", query_string={"province": spelling}).get_json()["total"] == 1


def test_an_unknown_province_is_still_a_400(client):
    response = client.get("/api/v1/vacancies?province=Holland")
    assert response.status_code == 400 and response.get_json()["parameter"] == "province"


# --- schemathesis ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_app(tmp_path_factory, fake_assistant_parts):
    from loket.services.assistant import Assistant
    from loket.storage.db import Database

    url = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'api.db'}"
    Database(url).upgrade()
    app = create_app({"TESTING": True, "LOKET_DATABASE_URL": url, "LOKET_SECRET_KEY": "test-secret", "LOKET_TODAY": TODAY,
                      "LOKET_INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")), "LOKET_RATELIMIT_ENABLED": False})
    content, retriever = fake_assistant_parts
    assistant = Assistant(content, retriever.embedder, index_dir=None)
    assistant.retriever = retriever
    assistant.answerer.retriever = retriever
    app.extensions["loket.assistant"] = assistant
    with app.extensions["loket.db"].session() as db:
        make = Factory(db, TODAY)
        for n in range(3):
            make.vacancy()
    yield app
    _empty_tables(app.extensions["loket.db"])
    app.extensions["loket.db"].dispose()


def _operations():
    app = create_app({"TESTING": True, "LOKET_SECRET_KEY": "x", "LOKET_DATABASE_URL": "sqlite://"})
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    app.extensions["loket.db"].dispose()
    cases = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            cases.append((path, method, GenerationMode.POSITIVE))
            if operation.get("parameters") or operation.get("requestBody"):  # else there is nothing to make invalid
                cases.append((path, method, GenerationMode.NEGATIVE))
    return cases


@pytest.mark.parametrize("path, method, mode", _operations())
def test_schemathesis_finds_no_5xx_and_nothing_outside_the_description(api_app, path, method, mode):
    # schemathesis's Python API with Hypothesis directly (its pytest plugin does not work with pytest 9 yet).
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    operation = schema[path][method.upper()]

    @settings(max_examples=SCHEMATHESIS_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call()
        checks = [not_a_server_error, content_type_conformance]
        if mode == GenerationMode.POSITIVE:  # a valid request gets a described status and body
            checks += [status_code_conformance, response_schema_conformance]
        case.validate_response(response, checks=checks)

    check()
