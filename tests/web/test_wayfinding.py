"""Trust and wayfinding: navigation, the footer with the loket's address, the privacy and
accessibility statements, the "verified by the loket" badge, the 404 page, the glossary's A–Z."""
from __future__ import annotations

import re
from datetime import date

import pytest

from loket.config import PROJECT_ROOT
from loket.storage.models.desk import LoketSettings
from loket.web.public.statements import accessibility_statement

from ..conftest import TODAY


def page(client, url: str, lang: str = "en", status: int = 200) -> str:
    response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
    assert response.status_code == status, (url, response.status_code)
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def main_nav(html: str) -> str:
    return re.search(r'<nav class="main-nav"[^>]*>(.*?)</nav>', html).group(1)


@pytest.mark.parametrize("url", ["/", "/vacancies", "/guide", "/contact", "/privacy", "/no-such-page"])
def test_main_navigation_leads_everywhere_and_sits_in_the_content_column(client, url):
    status = 404 if url == "/no-such-page" else 200
    nav = main_nav(page(client, url, status=status))
    assert nav.strip().startswith('<div class="wrap"> <ul>')  # aligned with the content, not the screen edge
    links = re.findall(r'<a href="([^"?]+)', nav)
    assert links == ["/guide", "/vacancies", "/companies", "/assistant", "/contact", "/for-employers"]


def test_footer_has_the_loket_address_and_the_statements(app, client, db):
    html = page(client, "/")
    footer = html.split('<footer class="site-footer">')[1]
    assert "The address will be published here soon." in footer and "Open on Tuesday, Wednesday and Thursday" in footer
    assert 'href="/privacy"' in footer and 'href="/accessibility"' in footer
    db.add(LoketSettings(id=LoketSettings.ROW_ID, address="Oude Boteringestraat 1, Groningen", days="mon,fri", hours="9:00–17:00"))
    db.commit()
    footer = page(client, "/guide", lang="nl").split('<footer class="site-footer">')[1]
    assert "Oude Boteringestraat 1, Groningen" in footer and "Open op maandag en vrijdag, 9:00–17:00" in footer
    assert "Privacyverklaring" in footer and "Toegankelijkheidsverklaring" in footer


def test_the_503_page_keeps_its_footer_without_asking_the_database_again(app, client):
    from sqlalchemy import create_engine

    database = app.extensions["loket.db"]
    gone = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/gone", pool_pre_ping=True)
    database.sessions.configure(bind=gone)
    try:
        response = client.get("/vacancies")
    finally:
        database.sessions.configure(bind=database.engine)
        gone.dispose()
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and "temporarily unavailable" in html
    assert "Open on Tuesday, Wednesday and Thursday" in html and 'href="/privacy"' in html


@pytest.mark.parametrize("lang, title, retention", [("en", "Privacy statement", "after 30 days"),
                                                    ("nl", "Privacyverklaring", "na 30 dagen")])
def test_privacy_statement_in_both_languages_with_the_configured_retention(app, client, lang, title, retention):
    app.config["LOKET_QUESTION_RETENTION_DAYS"] = 30
    html = page(client, "/privacy", lang)
    assert f"<h1>{title}</h1>" in html and retention in html
    assert "localStorage" not in html  # plain words for visitors …
    assert ("only in your own browser" if lang == "en" else "alleen in je eigen browser") in html  # … about where answers are kept


@pytest.mark.parametrize("lang, title, status", [("en", "Accessibility statement", "C – first measures taken"),
                                                 ("nl", "Toegankelijkheidsverklaring", "C – eerste maatregelen genomen")])
def test_accessibility_statement_after_the_dutch_model(client, lang, title, status):
    html = page(client, "/accessibility", lang)
    statement = accessibility_statement()
    assert f"<h1>{title}</h1>" in html and status in html
    assert f'<time datetime="{statement.last_checked.isoformat()}">' in html
    assert f"axe-core {statement.axe_core}" in html and "Chromium" in html
    assert ("Known limitations" if lang == "en" else "Bekende beperkingen") in html
    assert 'href="/contact"' in html.split("<h1>")[1]


def test_the_statement_names_the_axe_core_the_tests_run_and_a_real_date():
    statement = accessibility_statement()
    vendored = (PROJECT_ROOT / "tests" / "browser" / "vendor" / "axe.min.js").read_text(encoding="utf-8")[:200]
    assert re.search(r"axe v(\S+)", vendored).group(1) == statement.axe_core
    assert date(2026, 1, 1) <= statement.last_checked <= date.today()


def test_verified_badge_on_company_list_company_page_and_vacancy_page(client, make):
    company = make.company(name="Checked BV", slug="checked")
    vacancy = make.vacancy(company)
    unchecked = make.vacancy(make.company(name="Unchecked BV", verified=False))
    assert "Verified by the loket" in page(client, "/companies")
    detail = page(client, "/companies/checked")
    assert "Verified by the loket" in detail and "Chamber of Commerce (KvK)" in detail
    assert "Verified by the loket" in page(client, f"/vacancies/{vacancy.id}")
    assert "Gecontroleerd door het loket" in page(client, f"/vacancies/{vacancy.id}", "nl")
    assert "Verified by the loket" not in page(client, f"/vacancies/{unchecked.id}")


def test_404_page_has_a_search_box_and_the_main_links(client):
    html = page(client, "/vacancies/999999", status=404)
    main = html.split('<main id="main"')[1].split("</main>")[0]
    assert "Page not found." in main and 'role="search"' in main and 'action="/vacancies"' in main
    for href in ("/", "/vacancies", "/companies", "/guide", "/assistant", "/contact"):
        assert f'href="{href}"' in main, href
    assert "Pagina niet gevonden" in page(client, "/guide/nothing-here", "nl", status=404)


def test_other_errors_keep_the_plain_error_page_and_the_api_its_json(client):
    response = client.post("/vacancies")  # no such method here
    html = response.get_data(as_text=True)
    assert response.status_code == 405 and 'role="search"' not in html and "Error code 405." in html
    api = client.get("/api/v1/nothing")
    assert api.status_code == 404 and api.get_json() == {"error": api.get_json()["error"]} and "search" not in api.get_data(as_text=True)


def test_for_employers_page(client, logged_in_employer):
    html = page(client, "/for-employers")
    assert "<h1>For employers</h1>" in html and 'href="/employer"' in html
    assert 'href="/guide/posting-on-the-portal"' in html and 'href="/guide/hiring-an-international"' in html


def test_for_employers_page_invites_visitors_to_register(client):
    html = page(client, "/for-employers", "nl")
    assert 'href="/register"' in html and "Voor werkgevers" in html


# The glossary -----------------------------------------------------------------------------


def rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr><td lang="nl">([^<]+)</td><td lang="en">([^<]+)</td></tr>', html)


def test_glossary_has_an_a_to_z_index_of_the_current_language(client):
    html = page(client, "/guide/glossary")
    index = re.search(r'<nav class="az-index"[^>]*>(.*?)</nav>', html).group(1)
    linked = re.findall(r'<a href="#letter-(\w+)">', index)
    sections = re.findall(r'<section class="glossary-letter" id="letter-(\w+)"', html)
    assert linked == sections and len(sections) >= 10
    # "highly skilled migrant" is under H in English, "kennismigrant" under K in Dutch.
    h = html.split('id="letter-h"')[1].split("</section>")[0]
    assert ("kennismigrant", "highly skilled migrant") in rows(h)
    k = page(client, "/guide/glossary", "nl").split('id="letter-k"')[1].split("</section>")[0]
    assert ("kennismigrant", "highly skilled migrant") in rows(k)


@pytest.mark.parametrize("q, expected", [("kennis", ("kennismigrant", "highly skilled migrant")),
                                         ("MIGRANT", ("kennismigrant", "highly skilled migrant")),
                                         ("taalcafe", ("taalcafé", "language café"))])
def test_glossary_filter_without_javascript_matches_either_language_ignoring_case_and_accents(client, q, expected):
    html = page(client, f"/guide/glossary?q={q}")
    found = rows(html)
    assert expected in found and all(q.lower() in (nl + " " + en).lower().replace("é", "e") for nl, en in found)
    total = len(rows(page(client, "/guide/glossary")))
    assert f"{len(found)} of {total} terms" in html and 'href="/guide/glossary" data-glossary-clear' in html
    assert f'value="{q}"' in html


def test_glossary_filter_with_nothing_found_and_with_a_too_long_query(client):
    html = page(client, "/guide/glossary?q=zzzzqqq")
    assert rows(html) == [] and re.search(r'<p class="glossary-none" data-glossary-none>', html)
    long = page(client, "/guide/glossary?q=" + "x" * 101, status=400)
    assert "at most 100 characters" in long and len(rows(long)) > 80
