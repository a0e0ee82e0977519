""""Can I take this job?" in a real browser: on a sponsored and a non-sponsored vacancy, with and
without JavaScript; the answers kept in the browser add the list filter; axe on every state in
English and Dutch at 375 and 1366 px."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from loket.storage.models import Company, Vacancy

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def vacancies(live_app):
    """An open demo vacancy of a recognised sponsor paying at least 4,357 a month, and one of a non-sponsor."""
    with live_app.extensions["loket.db"].session() as session:
        def first(sponsor: bool) -> int:
            return session.scalars(
                select(Vacancy.id).join(Company).where(
                    Company.recognised_sponsor.is_(sponsor), Vacancy.status == "published",
                    Vacancy.salary_period == "month", Vacancy.salary_max >= 4400,
                ).order_by(Vacancy.id)
            ).first()
        return {"sponsored": first(True), "not sponsored": first(False)}


def new_page(browser, viewport=PHONE, js=True):
    context = browser.new_context(locale="en-GB", bypass_csp=True, viewport=viewport, java_script_enabled=js)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def answer(page, eu: str, age30: str | None = None, graduate: str | None = None) -> None:
    page.locator(f"#q-eu-{eu}").check()
    if age30:
        page.locator(f"#q-age30-{age30}").check()
    if graduate:
        page.locator(f"#q-graduate-{graduate}").check()
    page.locator("[data-job-check-form] button[type=submit]").click()


def test_sponsored_then_not_sponsored_with_the_answers_kept_in_the_browser(browser, live_server, vacancies, assert_accessible):
    context, page = new_page(browser)
    requests = []
    page.on("request", lambda r: requests.append(r.method + " " + r.url))
    page.goto(f"{live_server}/vacancies/{vacancies['sponsored']}?lang=en")
    assert page.locator(".job-check-outcome").count() == 0
    assert_accessible(page)  # the questions
    page.locator("#q-eu-yes").check()
    assert page.locator('[data-question="age30"]').is_hidden()  # EU citizens need not answer more
    page.locator("#q-eu-no").check()
    assert page.locator('[data-question="age30"]').is_visible()
    answer(page, "no", "no", "no")
    outcome = page.locator("[data-job-check-result] .job-check-outcome")
    outcome.wait_for()
    assert not any(r.startswith("POST") for r in requests)  # answered in the browser, nothing sent
    text = outcome.inner_text()
    assert "Guidance, not a decision." in text and "is a recognised sponsor of the IND" in text
    assert "Salary reaches the criterion" in text and "€ 4,357" in text and "2026" in text
    assert page.evaluate("document.activeElement.classList.contains('job-check-title')")
    assert page.evaluate("document.querySelector('.job-check-title').getBoundingClientRect().top") > -1  # at the top (sub-pixel)
    assert outcome.locator('a[href="https://ind.nl/en/public-register-recognised-sponsors"]').count() == 1
    assert_accessible(page)  # an outcome

    # Another vacancy: the kept answers give its outcome at once.
    page.goto(f"{live_server}/vacancies/{vacancies['not sponsored']}?lang=en")
    outcome = page.locator("[data-job-check-result] .job-check-outcome")
    outcome.wait_for()
    text = outcome.inner_text()
    assert "Not a recognised sponsor" in text and "Dutch:" in text
    assert page.locator("#q-age30-no").is_checked()
    assert_accessible(page)

    # The list offers "reaches the salary criterion for me"; it filters on the visitor's criterion.
    page.goto(f"{live_server}/vacancies?lang=en")
    page.locator("[data-filters-panel] > summary").click()  # on a phone the filters are folded away
    box = page.get_by_label(re.compile("Salary reaches the criterion for me"))
    assert box.is_visible() and box.get_attribute("value") == "highly_skilled_migrant_under_30"
    assert "€ 4,357" in page.locator("[data-salary-criterion]").inner_text()
    assert_accessible(page)
    before = page.locator("#results-heading").inner_text()
    box.check()
    page.get_by_role("button", name="Show vacancies").click()
    page.wait_for_url(re.compile(r"salary_criterion=highly_skilled_migrant_under_30"))
    assert page.locator("#results-heading").inner_text() != before
    assert_accessible(page)

    # Forgetting the answers removes them from the browser and the filter from the list.
    page.goto(f"{live_server}/vacancies/{vacancies['sponsored']}?lang=en")
    page.get_by_role("button", name="Forget my answers").click()
    assert page.locator(".job-check-outcome").count() == 0
    assert page.evaluate("localStorage.getItem('loket-job-check')") is None
    page.goto(f"{live_server}/vacancies?lang=en")
    assert page.locator("[data-salary-criterion]").is_hidden()
    context.close()


def test_without_javascript_the_form_posts_back_and_explains_what_is_missing(browser, live_server, vacancies):
    context, page = new_page(browser, js=False)
    page.goto(f"{live_server}/vacancies/{vacancies['not sponsored']}?lang=nl")
    page.locator("#q-eu-no").check()
    page.locator("[data-job-check-form] button[type=submit]").click()
    page.get_by_role("alert").wait_for()
    assert "Geef aan of je 30 jaar of ouder bent." in page.get_by_role("alert").inner_text()
    page.locator("#q-age30-yes").check()
    page.locator("#q-graduate-no").check()
    page.locator("[data-job-check-form] button[type=submit]").click()
    text = page.locator("[data-job-check-result] .job-check-outcome").inner_text()
    assert "Geen erkend referent" in text and "€ 5.942" in text and "De IND beslist" in text
    assert page.url.endswith("#job-check-result")
    page.goto(f"{live_server}/vacancies/{vacancies['sponsored']}?lang=nl")
    page.locator("#q-eu-yes").check()
    page.locator("[data-job-check-form] button[type=submit]").click()
    assert "Geen vergunning nodig" in page.locator("[data-job-check-result]").inner_text()
    context.close()


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1366"])
def test_every_state_is_accessible(browser, live_server, vacancies, assert_accessible, lang, viewport):
    context, page = new_page(browser, viewport)
    url = f"{live_server}/vacancies/{vacancies['sponsored']}?lang={lang}"
    page.goto(url)
    assert_accessible(page)
    for answers in (("yes",), ("no", "yes", "no"), ("no", "no", "yes")):
        answer(page, *answers)
        page.locator("[data-job-check-result] .job-check-outcome").wait_for()
        assert_accessible(page)
    page.goto(f"{live_server}/vacancies?lang={lang}")
    panel = page.locator("[data-filters-panel]")
    if panel.get_attribute("open") is None:  # folded away on a phone
        panel.locator("summary").click()
    assert page.locator("[data-salary-criterion]").is_visible()
    assert_accessible(page)
    # The form with errors: incomplete answers go to the server, which explains what is missing.
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator("#q-eu-no").check()
    page.locator("[data-job-check-form] button[type=submit]").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page)
    context.close()
