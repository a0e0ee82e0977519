"""Trust and wayfinding in a real browser: the navigation lines up with the content, the new pages
and states pass axe in English and Dutch at 375 and 1366 px, nothing scrolls sideways at 320 px,
and the glossary filters as you type."""
from __future__ import annotations

import re

import pytest

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
NEW_PAGES = ["/privacy", "/accessibility", "/for-employers", "/no-such-page", "/guide/glossary",
             "/guide/glossary?q=migrant", "/companies", "/assistant"]


def open_page(browser, viewport):
    context = browser.new_context(locale="en-GB", bypass_csp=True, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1366"])
def test_new_pages_are_accessible(browser, live_server, assert_accessible, lang, viewport):
    context, page = open_page(browser, viewport)
    for path in NEW_PAGES:
        page.goto(live_server + path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert_accessible(page)
    page.goto(f"{live_server}/companies?lang={lang}")
    page.locator(".card-title a").first.click()
    page.wait_for_url(re.compile(r"/companies/[a-z0-9-]+"))
    assert page.locator(".verified-badge").count() == 1
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1366"])
def test_navigation_lines_up_with_the_content(browser, live_server, viewport):
    context, page = open_page(browser, viewport)
    page.goto(live_server + "/guide?lang=en")
    nav_left = page.evaluate("document.querySelector('.main-nav a').getBoundingClientRect().left")
    content_left = page.evaluate("document.querySelector('main h1').getBoundingClientRect().left")
    brand_left = page.evaluate("document.querySelector('.brand').getBoundingClientRect().left")
    assert nav_left == content_left == brand_left and nav_left >= 16
    context.close()


def test_nothing_scrolls_sideways_at_320_px(browser, live_server):
    context, page = open_page(browser, {"width": 320, "height": 640})
    vacancy = None
    for path in NEW_PAGES + ["/", "/vacancies", "/contact"]:
        for lang in ("en", "nl"):
            page.goto(live_server + path + ("&" if "?" in path else "?") + f"lang={lang}")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} ({lang}) scrolls sideways at 320 px ({overflow}px)"
            if path == "/vacancies":
                vacancy = page.locator(".vacancy-card h3 a").first.get_attribute("href")
    # A vacancy with the outcome of "Can I take this job?" open, and the chat with an answer.
    page.goto(live_server + vacancy + "?lang=nl")
    page.locator("#q-eu-no").check()
    page.locator("#q-age30-yes").check()
    page.locator("#q-graduate-yes").check()
    page.locator("[data-job-check-form] button[type=submit]").click()
    page.locator("[data-job-check-result] .job-check-outcome").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.goto(live_server + "/?lang=en")
    page.locator("[data-chat-suggestions] button").first.click()
    page.locator(".chat-turn").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    context.close()


def test_glossary_filters_as_you_type(browser, live_server, assert_accessible):
    context, page = open_page(browser, PHONE)
    page.goto(live_server + "/guide/glossary?lang=nl")
    total = page.locator("tbody tr").count()
    page.get_by_label("Zoek een woord, in het Nederlands of het Engels").press_sequentially("taalcafe")
    page.wait_for_function("document.querySelector('[data-glossary-count]').textContent.trim().startsWith('1 van')")
    visible = page.locator("tbody tr:visible")
    assert visible.count() == 1 and "taalcafé" in visible.inner_text()
    assert page.locator("[data-glossary-count]").inner_text().strip() == f"1 van {total} termen"
    # Only the letter that still has a term is a link in the A–Z index.
    assert page.locator(".az-index a:visible").all_inner_texts() == ["T"]
    assert_accessible(page)
    page.get_by_label("Zoek een woord, in het Nederlands of het Engels").fill("zzzqqq")
    page.locator("[data-glossary-none]").wait_for()
    assert page.locator("tbody tr:visible").count() == 0
    assert_accessible(page)
    context.close()
