"""The guide in a real browser: index, a page with section anchors, the twin link; axe on each."""
from __future__ import annotations

import re


def test_guide_index_page_and_twin_are_accessible(page, live_server, assert_accessible):
    page.goto(live_server + "/guide")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Highly skilled migrant")).first.click()
    page.wait_for_url(re.compile(r"/guide/highly-skilled-migrant"))
    assert page.locator("h2[id]").count() >= 3
    assert_accessible(page)
    twin = page.locator('a[hreflang="nl"]').filter(has_text=re.compile("Kennismigrant", re.I)).first
    twin.click()
    page.wait_for_url(re.compile(r"lang=nl"))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Kennismigrant" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_glossary_is_accessible(page, live_server, assert_accessible):
    page.goto(live_server + "/guide/glossary?lang=nl")
    assert page.locator("table tr").count() > 80
    assert_accessible(page)


def test_pages_with_yearly_amounts_and_seed_sources_are_accessible(page, live_server, assert_accessible):
    """A page with this year's amounts shows their year; cited seed documents show by title, never by file name."""
    page.goto(live_server + "/guide/eu-blue-card?lang=en")
    assert "Amounts for 2026" in page.locator("article.guide-page header").inner_text()
    assert_accessible(page)
    page.goto(live_server + "/guide/skills-based-hiring?lang=en")
    sources = page.locator("footer.guide-sources").inner_text()
    assert "Regional action plan Drenthe, Groningen & Fryslân" in sources and "June 2024" in sources
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", page.content())
    assert_accessible(page)
    page.goto(live_server + "/guide/healthcare-beyond-the-gp?lang=nl")
    assert "Bedragen voor 2026" in page.locator("article.guide-page header").inner_text()
    assert page.locator("h2[id]").count() >= 5
    assert_accessible(page)
