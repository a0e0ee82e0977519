"""End to end in headless Chromium: list, filter, open a vacancy, switch language; axe on each page."""
from __future__ import annotations

import re


def test_home_is_accessible_and_searches(page, live_server, assert_accessible):
    page.goto(live_server + "/")
    assert_accessible(page)
    page.get_by_label("Search vacancies").fill("developer")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/vacancies\?q=developer"))
    assert page.locator(".vacancy-card").count() > 0


def test_filter_list_open_vacancy_and_switch_language(page, live_server, assert_accessible):
    page.goto(live_server + "/vacancies")
    assert_accessible(page)
    total_before = page.locator("#results-heading").inner_text()
    page.get_by_label("Province").select_option("fryslan")
    page.get_by_label("No Dutch required").check()
    page.get_by_role("button", name="Show vacancies").click()
    page.wait_for_url(re.compile(r"province=fryslan"))
    assert "english_only=1" in page.url
    assert page.locator("#results-heading").inner_text() != total_before
    cards = page.locator(".vacancy-card")
    assert cards.count() > 0
    for text in cards.all_inner_texts():
        assert "Fryslân" in text and "No Dutch required" in text
    assert_accessible(page)

    first = cards.first.locator("h3 a")
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/vacancies/\d+$"))
    assert page.locator("h1").inner_text() == title
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert_accessible(page)

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Nederlands").click()
    page.wait_for_url(re.compile(r"lang=nl"))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_text("Solliciteer bij").count() == 1
    assert_accessible(page)
    # The choice sticks: the list now comes in Dutch without ?lang=.
    page.goto(live_server + "/vacancies")
    assert page.locator("h1").inner_text() == "Digitale vacatures in het Noorden"


def test_companies_pages_are_accessible(page, live_server, assert_accessible):
    page.goto(live_server + "/companies")
    assert_accessible(page)
    page.locator(".card-title a").first.click()
    page.wait_for_url(re.compile(r"/companies/[a-z0-9-]+$"))
    assert_accessible(page)


def test_bad_filter_page_is_accessible(page, live_server, assert_accessible):
    response = page.goto(live_server + "/vacancies?province=holland")
    assert response.status == 400
    assert page.get_by_role("alert").count() == 1
    assert_accessible(page)


def test_reflows_at_320_px_and_skip_link_comes_first(page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/vacancies", "/companies"]:
        page.goto(live_server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at 320 px ({overflow}px)"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
