"""Who may use which route: a role × route matrix generated from `app.url_map` (ASVS 8.2.1–8.2.3).

Every endpoint must have a declared access class in ACCESS (or match a PREFIX_RULES entry);
a new endpoint without one fails `test_every_endpoint_has_a_declared_access_class`, so the
matrix cannot silently miss a route. Each role (anonymous, employer A, employer B, staff,
admin) then requests every rule with every method it allows (GET, POST), URL variables filled
with real ids (A's vacancy for owner routes, a pending vacancy for the moderation routes, …),
and POSTs carry a valid CSRF token, so what is checked is the role, not CSRF.

Expected: anonymous → redirect to /login?next=… for protected pages; a signed-in user with
the wrong role → 403; employer B on employer A's vacancy → 404; everyone else gets through
(never 401/403/login, never a 5xx; never 404 where every id in the URL is real).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from flask import url_for

from loket.config import PROJECT_ROOT
from loket.content import get_content
from loket.services import alerts as alert_service, appointments as appointment_service, desk
from loket.storage.models import VacancyReport
from loket.web.assistant.present import current_loket
from loket.web.db import now as db_now

from ..conftest import Forms

PUBLIC = "public"
SIGNED_IN = "signed-in"
EMPLOYER = "employer-only"
OWNER = "owner-only"
STAFF = "staff-only"
ADMIN = "admin-only"

#: The access class of every endpoint ("endpoint", or "endpoint METHOD" where one method differs).
#: Add a new endpoint here when you add its route.
ACCESS: dict[str, str] = {
    "static": PUBLIC,
    "public.home": PUBLIC,
    "public.vacancy_list": PUBLIC,
    "public.saved_jobs": PUBLIC,
    "public.service_worker": PUBLIC,
    "public.vacancy_detail": PUBLIC,
    "public.apply": PUBLIC,
    "public.company_list": PUBLIC,
    "public.company_detail": PUBLIC,
    "public.contact": PUBLIC,
    "public.privacy": PUBLIC,
    "public.accessibility": PUBLIC,
    "public.for_employers": PUBLIC,
    "public.sitemap": PUBLIC,
    "public.feed": PUBLIC,
    "public.robots": PUBLIC,
    "reports.report_vacancy": PUBLIC,
    "guide.index": PUBLIC,
    "guide.glossary": PUBLIC,
    "guide.page": PUBLIC,
    "assistant.page": PUBLIC,
    "assistant.thanks": PUBLIC,
    "assistant.feedback": PUBLIC,
    "assistant.api_ask": PUBLIC,
    "assistant.api_feedback": PUBLIC,
    "api.vacancies": PUBLIC,
    "api.vacancy": PUBLIC,
    "api.openapi": PUBLIC,
    "health.healthz": PUBLIC,
    "health.readyz": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.register": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.account": SIGNED_IN,
    "appointments.book": PUBLIC,
    "appointments.book_post": PUBLIC,
    "appointments.booked": PUBLIC,
    "appointments.manage": PUBLIC,
    "appointments.reschedule": PUBLIC,
    "appointments.cancel": PUBLIC,
    "appointments.cancelled": PUBLIC,
    "alerts.new": PUBLIC,
    "alerts.subscribe": PUBLIC,
    "alerts.sent": PUBLIC,
    "alerts.confirm": PUBLIC,
    "alerts.confirm_post": PUBLIC,
    "alerts.manage": PUBLIC,
    "alerts.frequency": PUBLIC,
    "alerts.delete": PUBLIC,
    "alerts.deleted": PUBLIC,
    "alerts.unsubscribe": PUBLIC,
    "alerts.unsubscribe_post": PUBLIC,
    "alerts.go_vacancy": PUBLIC,
    "alerts.go_list": PUBLIC,
    "employers.dashboard": EMPLOYER,
    "employers.new_vacancy": EMPLOYER,
    "employers.vacancy": OWNER,
    "employers.edit_vacancy": OWNER,
    "employers.close_vacancy": OWNER,
    "employers.record_outcome": OWNER,
    "moderation.queue": STAFF,
    "moderation.review": STAFF,
    "moderation.approve": STAFF,
    "moderation.reject": STAFF,
    "moderation.companies": STAFF,
    "moderation.verify_company": STAFF,
    "moderation.set_trusted": STAFF,
    "moderation.resolve_report": STAFF,
    "desk.settings POST": ADMIN,  # staff see the loket's settings; only an admin changes them
}
#: Whole areas: the desk console (/desk, /desk/...) and moderation are for staff, whatever routes they grow.
PREFIX_RULES: tuple[tuple[str, str], ...] = (("desk.", STAFF), ("moderation.", STAFF))

ROLES = ("anonymous", "employer A", "employer B", "staff", "admin")

#: What each role should get in each class: "ok", "login" (redirect to sign in), 403 or 404.
EXPECTED: dict[str, dict[str, object]] = {
    PUBLIC: {role: "ok" for role in ROLES},
    SIGNED_IN: {"anonymous": "login", "employer A": "ok", "employer B": "ok", "staff": "ok", "admin": "ok"},
    EMPLOYER: {"anonymous": "login", "employer A": "ok", "employer B": "ok", "staff": 403, "admin": 403},
    OWNER: {"anonymous": "login", "employer A": "ok", "employer B": 404, "staff": 403, "admin": 403},
    STAFF: {"anonymous": "login", "employer A": 403, "employer B": 403, "staff": "ok", "admin": "ok"},
    ADMIN: {"anonymous": "login", "employer A": 403, "employer B": 403, "staff": 403, "admin": "ok"},
}


def access_class(endpoint: str, method: str = "GET") -> str | None:
    for key in (f"{endpoint} {method}", endpoint):
        if key in ACCESS:
            return ACCESS[key]
    for prefix, cls in PREFIX_RULES:
        if endpoint.startswith(prefix):
            return cls
    return None


def test_every_endpoint_has_a_declared_access_class(app):
    missing = sorted(rule.endpoint for rule in app.url_map.iter_rules() if access_class(rule.endpoint) is None)
    assert not missing, f"declare the access class of these endpoints in ACCESS: {missing}"
    stale = sorted({key.split()[0] for key in ACCESS} - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert not stale, f"ACCESS names endpoints that no longer exist: {stale}"


@dataclass
class World:
    """Real objects for the URL variables."""

    a_vacancy: int
    pending_vacancy: int
    company_id: int
    report_id: int
    slug: str
    guide_page: str
    users: dict[str, str | None]
    appointment_id: int = 0  # a booked appointment (for the desk's appointment routes)
    blocked_id: int = 0  # a blocked slot
    manage_token: str = ""  # the manage link of a booked appointment
    cancel_token: str = ""  # another one's, for the cancel route (which ends its link)
    answer_token: str = ""  # a kept desk answer
    alert_token: str = ""  # a confirmed job alert's links
    alert_delete_token: str = ""  # another one's, for the delete route (which ends its links)


@pytest.fixture
def world(app, make, db) -> World:
    company_a = make.company(slug="company-a")
    employer_a = make.user(role="employer", company=company_a)
    employer_b = make.user(role="employer")
    a_vacancy = make.vacancy(company=company_a, title="A's vacancy")
    pending = make.vacancy(title="Waiting", status="pending", closing_date=make.today + timedelta(days=10))
    unverified = make.company(verified=False)
    report = VacancyReport(vacancy_id=a_vacancy.id, reason="other", message="", contact=None)
    db.add(report)
    db.commit()
    guide_page = get_content(PROJECT_ROOT / "content").in_language("en")[0].id
    booked, manage_token = _book(app, db, "2026-11-24T10:00")
    _other, cancel_token = _book(app, db, "2026-11-24T10:30")
    with app.test_request_context():
        blocked = appointment_service.block(db, current_loket(), "2026-11-24T11:00", db_now())
    answer_token = desk.keep_answer(db, "Do I need a visa?", "en")
    alert_token, alert_delete_token = (_alert(db, "province=drenthe"), _alert(db, "province=groningen"))
    return World(
        a_vacancy=a_vacancy.id,
        pending_vacancy=pending.id,
        company_id=unverified.id,
        report_id=report.id,
        slug=company_a.slug,
        guide_page=guide_page,
        users={
            "anonymous": None,
            "employer A": employer_a.email,
            "employer B": employer_b.email,
            "staff": make.user(role="staff").email,
            "admin": make.user(role="admin").email,
        },
        appointment_id=booked.id,
        blocked_id=blocked.id,
        manage_token=manage_token,
        cancel_token=cancel_token,
        answer_token=answer_token,
        alert_token=alert_token,
        alert_delete_token=alert_delete_token,
    )


def _alert(db, query: str) -> str:
    subscription = alert_service.subscribe(db, email="seeker@example.nl", query=query, frequency="daily", locale="en",
                                           now=datetime.now(timezone.utc), secret_key="test-secret")
    alert_service.confirm(db, subscription.alert, datetime.now(timezone.utc))
    return subscription.token


def _book(app, db, slot: str):
    with app.test_request_context():
        return appointment_service.book(db, current_loket(), slot_key=slot, topic="cv-applying", language="en",
                                        email="visitor@example.nl", locale="en", now=db_now(), secret_key="test-secret")


def url_values(endpoint: str, arguments, world: World) -> tuple[dict[str, object], bool]:
    """Values for a rule's variables, and whether every one of them is a real object."""
    values: dict[str, object] = {}
    real = True
    for name in arguments:
        if name == "vacancy_id":
            values[name] = world.pending_vacancy if endpoint.startswith("moderation.") else world.a_vacancy
        elif name == "company_id":
            values[name] = world.company_id
        elif name == "report_id":
            values[name] = world.report_id
        elif name == "slug":
            values[name] = world.slug
        elif name == "page_id":
            values[name] = world.guide_page
        elif name == "filename":
            values[name] = "css/site.css"
        elif name == "token" and endpoint == "appointments.cancel":
            values[name] = world.cancel_token
        elif name == "token" and endpoint.startswith("appointments."):
            values[name] = world.manage_token
        elif name == "token" and endpoint == "alerts.delete":
            values[name] = world.alert_delete_token
        elif name == "token" and endpoint.startswith("alerts."):
            values[name] = world.alert_token
        elif name == "token" and endpoint.startswith("desk."):
            values[name] = world.answer_token
        elif name == "token":
            values[name] = "not-a-real-token"  # answered with 400 for everyone: still "ok" for a public page
        elif name == "appointment_id":
            values[name] = world.blocked_id if endpoint == "desk.unblock_slot" else world.appointment_id
        else:  # a variable this table does not know (a new desk route): the role check still holds
            values[name] = 1
            real = False
    return values, real


def outcome(response) -> object:
    """"login" for a redirect to the sign-in page (with next=), else the status code."""
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and location.startswith("/login?next="):
        return "login"
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_role_route_matrix(app, client, auth, world, assistant, role):
    # ASVS 8.2.1–8.2.3: access control on the server for every route and object.
    email = world.users[role]
    if email:
        assert auth.login(email).status_code == 302
    token = Forms(client).token("/login")  # signed-in users land on a page with the sign-out form
    problems = []
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
    for rule in rules:
        values, real = url_values(rule.endpoint, rule.arguments, world)
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods & {"GET", "POST"}):
            cls = access_class(rule.endpoint, method)
            expected = EXPECTED[cls][role]
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, data={"csrf_token": token}, headers={"X-CSRFToken": token})
            response.close()
            got = outcome(response)
            if expected == "ok":
                bad = got in ("login", 401, 403) or (isinstance(got, int) and got >= 500) or (real and got == 404)
            else:
                bad = got != expected
            if bad:
                problems.append(f"{method} {url} ({rule.endpoint}, {cls}): expected {expected}, got {got}")
            if email and rule.endpoint == "auth.logout" and method == "POST":
                assert auth.login(email).status_code == 302  # signed out by the matrix itself: sign in again
                token = Forms(client).token("/login")
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_employer_b_cannot_change_employer_a_vacancy(client, auth, forms, world, db):
    # The matrix posted to A's edit and close routes as B; A's vacancy is untouched.
    from loket.storage.models import Vacancy

    auth.login(world.users["employer B"])
    token = forms.token("/employer")
    for path in ("edit", "close"):
        assert client.post(f"/employer/vacancies/{world.a_vacancy}/{path}", data={"csrf_token": token, "title": "Hijacked"}).status_code == 404
    db.expire_all()
    vacancy = db.get(Vacancy, world.a_vacancy)
    assert vacancy.title == "A's vacancy" and vacancy.status == "published"
