"""The desk in headless Chromium with the real model: staff answer a visitor, open the one-page
handout in its own tab, log the visit after printing with the answer still on the desk page,
and read the dashboard; an admin edits the loket's settings. axe on the desk with an answer,
the handout, the dashboard, the appointments and outcomes pages and the settings form; the
answer page reflows at 320 px."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from loket.services import accounts
from loket.storage.models.desk import DeskVisit

STAFF_EMAIL = "desk-advisor@loket.example"
ADMIN_EMAIL = "desk-admin@loket.example"
PASSWORD = "copper bells along the canal"


@pytest.fixture(scope="module")
def desk_users(live_app):
    """A staff member and an admin in the live server's database (there is no default account)."""
    with live_app.extensions["loket.db"].session() as session:
        for email, admin in ((STAFF_EMAIL, False), (ADMIN_EMAIL, True)):
            if accounts.find_user(session, email) is None:
                accounts.create_staff(session, email, PASSWORD, admin=admin)
    return live_app


def sign_in(page, live_server: str, email: str) -> None:
    page.goto(live_server + "/login?lang=en")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def visit_count(app) -> int:
    with app.extensions["loket.db"].session() as session:
        return session.scalar(select(func.count(DeskVisit.id)))


def test_desk_answer_handout_visit_and_dashboard(page, live_server, desk_users, assert_accessible):
    sign_in(page, live_server, STAFF_EMAIL)
    page.wait_for_url(re.compile(r"/desk$"))

    # A visitor's question, answered with every passage and its score.
    page.get_by_label("The visitor's question").fill("What are the salary criteria for a highly skilled migrant?")
    page.set_default_navigation_timeout(120_000)  # the first question builds the vacancy index with the real model
    page.get_by_role("button", name="Find the answer").click()
    page.locator(".desk-reply").wait_for(timeout=120_000)
    assert page.locator(".desk-reply .chat-answer").inner_text().strip()
    rows = page.locator("tr.passage")
    assert rows.count() > 1
    assert re.fullmatch(r"0\.\d{4}", rows.first.locator("td").first.inner_text().strip())
    assert_accessible(page)

    # The handout in its own tab: the visitor's language, one A4 page on paper; the desk tab keeps the answer.
    answer_url = page.url
    assert re.search(r"/desk/answers/[\w-]{32}$", answer_url) and "question" not in answer_url
    answer_text = page.locator(".desk-reply .chat-answer").inner_text()
    assert page.get_by_role("link", name="Answer in Nederlands").count() == 1
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Print handout").click()
    handout = new_tab.value
    handout.wait_for_load_state()
    assert re.search(r"/desk/answers/[\w-]{32}/handout\?lang=en$", handout.url)
    assert handout.locator("html").get_attribute("lang") == "en"
    assert "highly-skilled-migrant" in handout.locator(".handout-list").first.inner_text()
    pdf = handout.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the handout must fit one A4 page"
    assert_accessible(handout)
    handout.close()

    # Log the visit after printing: topic preselected, outcome, save — and the answer is still there.
    assert page.url == answer_url and page.locator(".desk-reply .chat-answer").inner_text() == answer_text
    before = visit_count(desk_users)
    visit = page.locator("#visit")
    assert visit.get_by_label("Visa and residence").is_checked()  # the answer's topic
    visit.get_by_label("Referred").click()
    visit.get_by_role("button", name="Save visit").click()
    page.locator(".notice").wait_for()
    assert "Visit saved." in page.locator(".notice").inner_text()
    assert visit_count(desk_users) == before + 1
    assert page.url.split("#")[0] == answer_url
    assert page.locator(".desk-reply .chat-answer").inner_text() == answer_text
    assert page.get_by_role("link", name="Print handout").count() == 1  # printing still possible
    page.go_back()
    assert page.locator(".desk-reply .chat-answer").inner_text() == answer_text  # Back works: a GET page
    page.goto(live_server + "/desk")

    # The answer page at 320 px: no sideways scrolling (WCAG 1.4.10); at 375 px neither.
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(answer_url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the desk answer scrolls sideways at {width} px ({overflow}px)"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + "/desk")

    # The dashboard: charts with their tables; axe with every table open.
    page.get_by_role("link", name="Indicators").click()
    page.wait_for_url(re.compile(r"/desk/dashboard$"))
    assert page.locator("svg.chart[role=img]").count() == page.locator("table.figure-table").count() == 12
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.locator('table#table-channels td[data-figure="desk_visits"]').last.inner_text() != ""
    assert_accessible(page)


def test_appointments_and_outcomes_pages_are_accessible(page, live_server, desk_users, assert_accessible):
    sign_in(page, live_server, STAFF_EMAIL)
    page.wait_for_url(re.compile(r"/desk$"))
    page.get_by_role("navigation", name="Desk").get_by_role("link", name="Appointments").click()
    page.wait_for_url(re.compile(r"/desk/appointments$"))
    assert page.locator("h2", has_text=re.compile(r"day")).count() >= 1
    assert_accessible(page)
    page.get_by_role("navigation", name="Desk").get_by_role("link", name="Vacancy outcomes").click()
    page.wait_for_url(re.compile(r"/desk/outcomes$"))
    page.locator("details summary").first.click()
    assert_accessible(page)


def test_admin_edits_the_loket_settings(page, live_server, desk_users, assert_accessible):
    sign_in(page, live_server, ADMIN_EMAIL)
    page.wait_for_url(re.compile(r"/desk$"))
    page.goto(live_server + "/desk/settings")
    for day in page.locator("input[name=days]").all():
        day.uncheck()
    page.get_by_role("button", name="Save").click()
    page.locator(".error-summary").wait_for()
    assert "Choose at least one opening day." in page.locator(".error-summary").inner_text()
    assert_accessible(page)  # the form with an error

    page.get_by_label("Address").fill("Grote Markt 1, 9711 LV Groningen")
    page.get_by_label("Monday").check()
    page.get_by_label("Friday").check()
    page.get_by_role("button", name="Save").click()
    page.locator(".notice").wait_for()
    assert_accessible(page)
    page.goto(live_server + "/contact?lang=en")
    text = page.locator("main").inner_text()
    assert "Grote Markt 1, 9711 LV Groningen" in text and "Monday and Friday" in text
