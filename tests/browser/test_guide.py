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
