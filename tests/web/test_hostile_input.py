"""Hostile input gets a 4xx before it reaches the database or a model, never a 5xx or a false outage.

QUALITY.md, "Input and output": NUL bytes, ids beyond 2³¹/2⁶³, deeply nested JSON, lone
surrogates, control characters in URLs and whitespace-only fields are refused with a 4xx.
Only a lost database connection is a 503 (ASVS 2.2.1, 16.5.x). Each test runs on SQLite and,
when LOKET_TEST_DATABASE_URL is set, on PostgreSQL, where most of these used to be a 503.
"""
from __future__ import annotations

import json

import pytest
from flask import url_for
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from werkzeug.routing import IntegerConverter

from loket.storage.models import Vacancy, VacancyReport
from loket.storage.models.assistant import QuestionLog
from loket.storage.models.desk import DeskVisit

from ..conftest import csrf_token_in


def count(db, column) -> int:
    db.expire_all()
    return db.scalar(select(func.count(column)))


# --- NUL bytes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/vacancies?city=Gron%00ingen",
    "/vacancies?q=%00",
    "/api/v1/vacancies?city=%00",
    "/api/v1/vacancies?q=python%00",
    "/companies/acme%00",
    "/guide/digid%00",
    "/desk/handout?question=visa%00&lang=en",
])
def test_a_nul_byte_in_the_url_is_400(client, make, url):
    # ASVS 2.2.1: PostgreSQL refuses NUL in text and the app used to show that as an outage (503).
    make.vacancy()
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert "error" in response.get_json()


def test_a_nul_byte_in_a_form_field_is_400_and_writes_nothing(client, forms, make, db):
    vacancy = make.vacancy()
    page = f"/vacancies/{vacancy.id}/report"
    response = forms.submit(page, {"reason": "scam", "message": "pay a fee\x00 first"})
    assert response.status_code == 400
    assert count(db, VacancyReport.id) == 0


def test_a_nul_byte_in_a_json_question_is_400(client, assistant, db):
    response = client.post("/api/v1/ask", json={"question": "visa\u0000 please"})
    assert response.status_code == 400 and "error" in response.get_json()
    assert count(db, QuestionLog.id) == 0


# --- ids beyond the database's integers --------------------------------------------------------


def _int_rules(app):
    return [r for r in app.url_map.iter_rules() if any(isinstance(c, IntegerConverter) for c in r._converters.values())]


def test_every_int_route_uses_the_bounded_converter(app):
    from loket.web.guards import MAX_ID, BoundedInt

    rules = _int_rules(app)
    assert len(rules) >= 10
    for rule in rules:
        for converter in rule._converters.values():
            if isinstance(converter, IntegerConverter):
                assert isinstance(converter, BoundedInt) and converter.max == MAX_ID, rule.rule


@pytest.mark.parametrize("big", [2**31, 2**63, 10**40])
def test_ids_beyond_the_database_integer_are_404_on_every_int_route(app, client, auth, make, big):
    # PostgreSQL integer ids end at 2³¹−1 (a larger one was a DataError, shown as 503); SQLite's at
    # 2⁶³−1 (an OverflowError, a 500). Every role that can reach the route gets a plain 404.
    staff, employer = make.user(role="staff"), make.user(role="employer")
    problems = []
    for user, prefix in ((employer, "employers."), (staff, "")):
        assert auth.login(user.email).status_code == 302
        token = csrf_token_in(client.get("/").get_data(as_text=True))
        for rule in _int_rules(app):
            if prefix and not rule.endpoint.startswith(prefix) or not prefix and rule.endpoint.startswith("employers."):
                continue
            values = {name: big for name in rule.arguments}
            url = "/".join(str(big) if part.startswith("<int:") else part for part in rule.rule.split("/"))
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(url, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token})
                if response.status_code != 404:
                    problems.append(f"{method} {url} ({rule.endpoint}): {response.status_code}")
        assert values
    assert not problems, "\n".join(problems)


def test_the_largest_id_still_routes(client, make):
    assert client.get(f"/vacancies/{2**31 - 1}").status_code == 404
    vacancy = make.vacancy()
    assert client.get(f"/vacancies/{vacancy.id}").status_code == 200


# --- JSON bodies -------------------------------------------------------------------------------


def _feedback_token(client) -> str:
    return csrf_token_in(client.get("/assistant").get_data(as_text=True))


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,
    '{"question": ' + "[" * 5_000 + "]" * 5_000 + "}",
    '{"question": "a", "lang": ' + "{\"x\": " * 3_000 + "1" + "}" * 3_000 + "}",
])
def test_deeply_nested_json_is_400(client, assistant, body):
    response = client.post("/api/v1/ask", data=body, content_type="application/json")
    assert response.status_code == 400 and "error" in response.get_json()
    token = _feedback_token(client)
    response = client.post("/api/v1/feedback", data=body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 400 and "error" in response.get_json()


@pytest.mark.parametrize("question", ["bank \ud800", "\udfff", "visa \ud83d"])
def test_a_lone_surrogate_is_400(client, assistant, db, question):
    body = json.dumps({"question": question})  # json.dumps writes it as \\udXXX, as an attacker would
    response = client.post("/api/v1/ask", data=body, content_type="application/json")
    assert response.status_code == 400 and "error" in response.get_json()
    assert count(db, QuestionLog.id) == 0
    token = _feedback_token(client)
    body = json.dumps({"token": question, "value": "up"})
    response = client.post("/api/v1/feedback", data=body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 400 and "error" in response.get_json()


def test_an_ordinary_emoji_question_is_still_answered(client, assistant):
    # A valid surrogate pair in JSON is one character, not a lone surrogate.
    response = client.post("/api/v1/ask", data='{"question": "Do I need a visa? \\ud83d\\ude00"}', content_type="application/json")
    assert response.status_code == 200


# --- whitespace in optional fields -------------------------------------------------------------


def test_whitespace_satisfaction_on_the_visit_form_is_not_a_crash(client, logged_in_staff, forms, db):
    # int(" ") used to raise: Optional() let the whitespace through.
    response = forms.submit("/desk/visits", {"topic": "other", "language": "en", "channel": "walk-in",
                                             "outcome": "answered", "satisfaction": "   "}, page="/desk")
    assert response.status_code == 303
    db.expire_all()
    assert db.scalar(select(DeskVisit.satisfaction)) is None


def test_whitespace_language_on_the_visit_form_is_400(client, logged_in_staff, forms, db):
    response = forms.submit("/desk/visits", {"topic": "other", "language": " ", "channel": "walk-in",
                                             "outcome": "answered"}, page="/desk")
    assert response.status_code == 400
    assert count(db, DeskVisit.id) == 0


def test_whitespace_language_on_the_desk_ask_form_answers_in_the_questions_language(client, assistant, logged_in_staff, forms):
    response = forms.submit("/desk/ask", {"question": "Do I need a visa?", "lang": "  "}, page="/desk")
    assert response.status_code == 303
    assert client.get(response.location).status_code == 200


def test_every_form_strips_whitespace_but_never_a_password():
    from wtforms import PasswordField

    from loket.web.forms import Form, strip
    from tests.web.test_fuzz import form_classes

    classes = form_classes()
    assert len(classes) >= 10
    for cls in classes:
        assert issubclass(cls, Form), f"{cls.__name__} must derive from loket.web.forms.Form"
    from loket import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "LOKET_SECRET_KEY": "x", "LOKET_DATABASE_URL": "sqlite://"})
    with app.test_request_context():
        for cls in classes:
            form = cls(formdata=None) if "account_email" not in cls.__init__.__code__.co_varnames else cls(formdata=None, account_email=None)
            for field in form:
                if isinstance(field, PasswordField):
                    assert strip not in field.filters, f"{cls.__name__}.{field.name} strips a password"
                elif field.type != "CSRFTokenField":
                    assert strip in field.filters, f"{cls.__name__}.{field.name} does not strip"
    app.extensions["loket.db"].dispose()


# --- apply_url ---------------------------------------------------------------------------------


BAD_URLS = [
    "https://jobs.example/apply\r\nSet-Cookie: x=1",
    "https://jobs.example/a\nb",
    "https://jobs.example/a b",
    "https://jobs.example/\ta",
    "https://jobs.\x00example/",
    "https://jobs.example/\x7f",
    "https://",
    "https:///path-only",
    "http://:80/",
    "javascript:alert(1)//https://x",
    "ftp://jobs.example/",
    "//jobs.example/",
    "https://jobs.example:99999/",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_web_addresses_are_refused_by_the_domain(url):
    from loket.domain.records import RecordError, is_web_address, parse_vacancy

    assert not is_web_address(url)
    record = {"company": "acme", "title": "Developer", "city": "Groningen", "province": "groningen", "occupation": "2512",
              "description": "Build things.", "remote": "hybrid", "contract": "permanent", "seniority": "medior",
              "posted_date": "2026-11-01", "closing_date": "2026-12-01", "apply_url": url}
    with pytest.raises(RecordError) as error:
        parse_vacancy(record)
    assert error.value.field == "apply_url"


@pytest.mark.parametrize("url", ["https://jobs.example/apply?id=7&src=loket", "http://jobs.example", "HTTPS://Jobs.Example/x#y",
                                 "https://[2001:db8::1]/jobs", "https://jobs.example:8443/a"])
def test_good_web_addresses_pass(url):
    from loket.domain.records import is_web_address

    assert is_web_address(url)


def test_the_vacancy_model_refuses_a_bad_apply_url(make):
    with pytest.raises(ValueError):
        make.vacancy(apply_url="https://jobs.example/\r\nLocation: https://evil.example")


def test_the_employer_form_refuses_an_apply_url_with_a_line_break(client, logged_in_employer, forms, db):
    from .test_posting import VACANCY

    response = forms.submit("/employer/vacancies/new", {**VACANCY, "apply_url": "https://jobs.example/a\r\nb", "action": "submit"})
    assert response.status_code == 400
    assert "https:// or http://" in response.get_data(as_text=True)
    assert count(db, Vacancy.id) == 0


def test_an_import_with_a_control_character_in_apply_url_writes_nothing(db, tmp_path):
    from loket.services.importing import ImportFailed, import_records, read_file

    path = tmp_path / "v.json"
    path.write_text(json.dumps({
        "companies": [{"slug": "acme", "name": "Acme", "city": "Groningen", "province": "groningen"}],
        "vacancies": [{"company": "acme", "title": "Developer", "city": "Groningen", "province": "groningen",
                       "occupation": "2512", "description": "Build things.", "remote": "hybrid", "contract": "permanent",
                       "seniority": "medior", "posted_date": "2026-11-01", "closing_date": "2026-12-01",
                       "apply_url": "https://jobs.example/a\r\nb"}],
    }))
    with pytest.raises(ImportFailed) as failed:
        import_records(db, read_file(path))
    assert failed.value.errors[0].field == "apply_url"


def test_a_stored_bad_apply_url_does_not_break_the_apply_link(client, make, db):
    # Rows written before validation was tightened: the apply link sends visitors to the vacancy page instead.
    vacancy = make.vacancy()
    db.execute(text("UPDATE vacancies SET apply_url = :url WHERE id = :id"), {"url": "https://jobs.example/a\r\nb", "id": vacancy.id})
    db.commit()
    response = client.get(f"/vacancies/{vacancy.id}/apply")
    assert response.status_code in (302, 303) and response.location.endswith(f"/vacancies/{vacancy.id}")


# --- what is an outage -------------------------------------------------------------------------


def _raising_app(app, exc: Exception):
    def boom():
        raise exc

    app.add_url_rule("/test-raise", "test_raise", boom)
    app.add_url_rule("/api/v1/test-raise", "api_test_raise", boom)


@pytest.mark.parametrize("exc", [
    DataError("SELECT 1", {}, Exception("invalid input syntax")),
    IntegrityError("INSERT", {}, Exception("duplicate key")),
    OperationalError("SELECT 1", {}, Exception("division by zero")),
])
def test_a_database_error_that_is_not_an_outage_is_a_500_not_a_503(app, client, exc):
    _raising_app(app, exc)
    assert client.get("/test-raise").status_code == 500
    response = client.get("/api/v1/test-raise")
    assert response.status_code == 500 and response.get_json() == {"error": "internal error"}


def test_a_lost_connection_is_a_503(app, client):
    lost = OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"), connection_invalidated=True)
    _raising_app(app, lost)
    page = client.get("/test-raise")
    assert page.status_code == 503 and "temporarily unavailable" in page.get_data(as_text=True)
    assert client.get("/api/v1/test-raise").get_json() == {"error": "service temporarily unavailable"}


@pytest.fixture
def database_gone(app):
    """Point the app's sessions at a port where nothing listens; restored afterwards."""
    database = app.extensions["loket.db"]
    gone = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/gone", pool_pre_ping=True)
    database.sessions.configure(bind=gone)
    yield
    database.sessions.configure(bind=database.engine)
    gone.dispose()


def test_a_lost_database_while_signed_in_is_a_503_not_a_sign_out(app, client, make, auth):
    user = make.user(role="employer")
    vacancy = make.vacancy(company=user.company)
    assert auth.login(user.email).status_code == 302
    token = csrf_token_in(client.get("/employer").get_data(as_text=True))
    database = app.extensions["loket.db"]
    gone = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/gone", pool_pre_ping=True)
    database.sessions.configure(bind=gone)
    try:
        page = client.get("/employer")
        assert page.status_code == 503 and "temporarily unavailable" in page.get_data(as_text=True)
        # A POST-only URL: never a redirect to sign in (which would bring the user back with a GET).
        close = client.post(f"/employer/vacancies/{vacancy.id}/close", data={"csrf_token": token})
        assert close.status_code == 503
    finally:
        database.sessions.configure(bind=database.engine)
        gone.dispose()
    assert client.get("/employer").status_code == 200  # still signed in


def test_a_failing_rollback_at_teardown_never_raises(app, client, make, monkeypatch):
    from sqlalchemy.orm import Session

    make.vacancy(title="Still shown")

    def broken_close(self):
        raise OperationalError("ROLLBACK", {}, Exception("server closed the connection unexpectedly"), connection_invalidated=True)

    with monkeypatch.context() as patch:  # undone before the fixtures' own sessions close
        patch.setattr(Session, "close", broken_close)
        response = client.get("/vacancies")
    assert response.status_code == 200 and "Still shown" in response.get_data(as_text=True)
