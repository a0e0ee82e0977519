"""The phone-first vacancy list (loket/web/public/listing.py): chips and count, the empty-parameter
redirect, places without a repeated province, "Posted 3 days ago", the posted-within filter on the
list and the API; and the saved-jobs page, its service worker and the Save/Share buttons."""
from __future__ import annotations

import html as htmllib
import re
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

from ..conftest import TODAY
from .test_vacancy_pages import titles


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def chips(html: str) -> list[tuple[str, str]]:
    """(visible text, link) of each active-filter chip."""
    found = re.findall(r'<a class="chip" href="([^"]+)"><span class="visually-hidden">[^<]*</span>([^<]+)<', html)
    return [(htmllib.unescape(text).strip(), htmllib.unescape(href)) for href, text in found]


def params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


@pytest.fixture
def three(make):
    make.vacancy(title="Frisian", city="Leeuwarden", province="fryslan", posted_date=TODAY - timedelta(days=2))
    make.vacancy(title="Groninger", city="Groningen", province="groningen", dutch_level="B1", dutch_timing="start",
                 posted_date=TODAY - timedelta(days=10))
    make.vacancy(title="Old Frisian", city="Sneek", province="fryslan", posted_date=TODAY - timedelta(days=40))


def test_active_filters_are_chips_that_each_remove_one_filter_with_the_count(client, three):
    response = client.get("/vacancies?province=fryslan&english_only=1&sort=closing")
    html = text_of(response)
    assert response.status_code == 200
    assert "Filters (2 active)" in html and "2 vacancies found" in html
    found = chips(html)
    assert [text for text, _ in found] == ["Province: Fryslân", "No Dutch required"]
    without_province, without_english = (params(href) for _, href in found)
    assert without_province == {"english_only": "1", "sort": "closing"}  # the other filter and the order stay
    assert without_english == {"province": "fryslan", "sort": "closing"}
    assert titles(client.get(found[0][1]).get_data(as_text=True)) == ["Frisian", "Old Frisian"]
    # "Remove all filters" keeps the order but drops every filter.
    clear = htmllib.unescape(re.search(r'<a class="chips-clear" href="([^"]+)"', html).group(1))
    assert params(clear) == {"sort": "closing"}


def test_no_filter_no_chips_and_a_plain_toggle(client, three):
    html = text_of(client.get("/vacancies"))
    assert chips(html) == [] and "3 vacancies found" in html
    assert '<summary id="filters-heading">Filters</summary>' in html
    assert "<details class=\"filters-panel\" data-filters-panel>" in html  # closed without JavaScript: results first


def test_every_filter_has_a_chip_in_dutch_too(client, make):
    make.vacancy(title="Any")
    query = ("q=python&province=drenthe&city=Assen&english_only=1&visa_sponsorship=1&remote=remote&seniority=senior"
             "&contract=freelance&occupation=2512&salary_min=4000&posted_within=7&lang=nl")
    texts = [text for text, _ in chips(text_of(client.get("/vacancies?" + query)))]
    assert texts == ["Zoekwoorden: python", "Provincie: Drenthe", "Plaats: Assen", "Geen Nederlands nodig",
                     "Visumsponsoring", "Thuiswerken: Op afstand", "Ervaringsniveau: Senior", "Contract: Freelance",
                     "Beroep: Softwareontwikkelaars", "Minstens € 4.000 per maand", "Geplaatst: In de afgelopen 7 dagen"]


@pytest.mark.parametrize("query, target", [
    ("q=&province=fryslan&city=&remote=&sort=", "/vacancies?province=fryslan"),
    ("q=&city=+&sort=", "/vacancies"),
    ("q=data&province=&lang=nl", "/vacancies?q=data&lang=nl"),
    ("occupation=&q=a+b&posted_within=", "/vacancies?q=a+b"),
])
def test_empty_parameters_are_redirected_away(client, query, target):
    response = client.get("/vacancies?" + query)
    assert response.status_code == 302 and response.headers["Location"] == target


def test_a_url_without_empty_parameters_is_served_as_it_is(client, three):
    assert client.get("/vacancies?province=fryslan&q=frisian").status_code == 200


def test_the_filter_form_keeps_the_default_order_out_of_the_address(client, three):
    html = text_of(client.get("/vacancies"))
    assert '<option value="" selected>Newest first</option>' in html
    assert '<option value="closing">Closing soonest</option>' in html


def test_a_city_that_bears_its_provinces_name_is_named_once(client, make):
    company = make.company(city="Groningen", province="groningen", slug="stad")
    make.vacancy(company, title="In the city", city="Groningen", province="groningen")
    make.vacancy(company, title="By the sea", city="Leeuwarden", province="fryslan")
    html = text_of(client.get("/vacancies"))
    assert "Groningen, Groningen" not in html
    assert "<span>Groningen</span>" in html and "<span>Leeuwarden, Fryslân</span>" in html
    assert "Groningen, Groningen" not in text_of(client.get("/companies/stad"))


def test_the_vacancy_page_names_the_city_once_too(client, make):
    vacancy = make.vacancy(city="Groningen", province="groningen")
    assert "Groningen, Groningen" not in text_of(client.get(f"/vacancies/{vacancy.id}"))


@pytest.mark.parametrize("lang, days, relative, exact", [
    ("en", 3, "Posted 3 days ago", "Posted on November 20, 2026"),
    ("en", 1, "Posted yesterday", "Posted on November 22, 2026"),
    ("en", 0, "Posted today", "Posted on November 23, 2026"),
    ("en", 75, "Posted 2 months ago", "Posted on September 9, 2026"),
    ("nl", 3, "3 dagen geleden geplaatst", "Geplaatst op 20 november 2026"),
    ("nl", 1, "Gisteren geplaatst", "Geplaatst op 22 november 2026"),
])
def test_posted_dates_read_relative_with_the_exact_date_for_hover_and_screen_readers(client, make, lang, days, relative, exact):
    posted = TODAY - timedelta(days=days)
    make.vacancy(posted_date=posted, closing_date=TODAY + timedelta(days=10))
    html = text_of(client.get(f"/vacancies?lang={lang}"))
    assert (f'<time datetime="{posted.isoformat()}" title="{exact}">{relative}</time>'
            f'<span class="visually-hidden"> ({exact})</span>') in html


def test_one_day_is_singular(client, app):
    from loket.web.public.listing import posted_ago

    with app.test_request_context("/?lang=nl"):
        assert posted_ago(TODAY - timedelta(days=2)) == "2 dagen geleden geplaatst"
    with app.test_request_context("/"):
        assert posted_ago(TODAY - timedelta(days=31)) == "Posted 31 days ago"
        assert posted_ago(TODAY - timedelta(days=400)) == "Posted 13 months ago"


@pytest.mark.parametrize("within, expected", [("1", set()), ("7", {"Frisian"}), ("30", {"Frisian", "Groninger"}),
                                              ("", {"Frisian", "Groninger", "Old Frisian"})])
def test_posted_within_filters_the_list(client, three, within, expected):
    response = client.get("/vacancies", query_string={"posted_within": within} if within else {})
    assert response.status_code == 200 and set(titles(response.get_data(as_text=True))) == expected


def test_posted_within_counts_whole_days_back_from_today(client, make):
    make.vacancy(title="Yesterday", posted_date=TODAY - timedelta(days=1))
    make.vacancy(title="A week ago", posted_date=TODAY - timedelta(days=7))
    make.vacancy(title="Eight days ago", posted_date=TODAY - timedelta(days=8))
    assert titles(client.get("/vacancies?posted_within=1").get_data(as_text=True)) == ["Yesterday"]
    assert titles(client.get("/vacancies?posted_within=7").get_data(as_text=True)) == ["Yesterday", "A week ago"]


@pytest.mark.parametrize("lang, message", [
    ("en", "The filter “posted_within” has a value we cannot use. Please choose again."),
    ("nl", "Het filter “posted_within” heeft een waarde die we niet kunnen gebruiken. Kies opnieuw."),
])
@pytest.mark.parametrize("bad", ["2", "week", "-1", "99999999999"])
def test_a_bad_posted_within_is_a_clear_400_in_the_visitors_language(client, three, lang, message, bad):
    response = client.get("/vacancies", query_string={"posted_within": bad, "lang": lang})
    html = text_of(response)
    assert response.status_code == 400
    alert = re.search(r'<p class="alert" role="alert">([^<]+)</p>', html).group(1)
    assert htmllib.unescape(alert) == message
    assert "<details class=\"filters-panel\" data-filters-panel open>" in html  # the form is open to choose again
    assert len(titles(response.get_data(as_text=True))) == 3


def test_the_form_offers_exactly_the_choices_the_domain_accepts():
    from loket.domain.search import POSTED_WITHIN
    from loket.web.public.listing import POSTED_WITHIN_LABELS

    assert tuple(POSTED_WITHIN_LABELS) == POSTED_WITHIN


def test_the_posted_within_choices_in_the_form(client):
    html = text_of(client.get("/vacancies?posted_within=30"))
    assert '<select id="f-posted" name="posted_within">' in html
    assert '<option value="30" selected>In the last 30 days</option>' in html
    assert '<option value="1">Today or yesterday</option>' in html and '<option value="">Any time</option>' in html


def test_the_api_takes_posted_within(client, three):
    body = client.get("/api/v1/vacancies?posted_within=7").get_json()
    assert [item["title"] for item in body["items"]] == ["Frisian"] and body["total"] == 1
    assert client.get("/api/v1/vacancies?posted_within=30").get_json()["total"] == 2
    bad = client.get("/api/v1/vacancies?posted_within=14")
    assert bad.status_code == 400 and bad.get_json()["parameter"] == "posted_within"
    assert "posted_within" in bad.get_json()["error"]


def test_the_api_description_offers_posted_within(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    parameter = next(p for p in spec["paths"]["/api/v1/vacancies"]["get"]["parameters"] if p["name"] == "posted_within")
    assert parameter["in"] == "query" and set(parameter["schema"]["enum"]) == {"", "1", "7", "30"}


# Saved jobs and sharing ---------------------------------------------------------------------


def test_save_buttons_are_hidden_until_the_script_shows_them_and_carry_what_the_saved_page_needs(client, make):
    vacancy = make.vacancy(title="Data & AI engineer", city="Assen", province="drenthe")
    html = client.get("/vacancies").get_data(as_text=True)
    button = re.search(r"<button [^>]*data-save-job[^>]*>", html, re.S).group(0)
    assert " hidden" in button and 'aria-pressed="false"' in button
    assert f'data-id="{vacancy.id}"' in button and 'data-title="Data &amp; AI engineer"' in button
    assert f'data-url="/vacancies/{vacancy.id}"' in button and 'data-place="Assen, Drenthe"' in button
    assert "js/saved-jobs.js" in html and 'href="/saved"' in html


def test_the_vacancy_page_has_hidden_save_and_share_buttons_and_a_status_for_them(client, make):
    vacancy = make.vacancy()
    html = client.get(f"/vacancies/{vacancy.id}").get_data(as_text=True)
    share = re.search(r"<button [^>]*data-share[^>]*>", html, re.S).group(0)
    assert " hidden" in share and f'data-url="http://localhost/vacancies/{vacancy.id}"' in share
    assert re.search(r"<button [^>]*data-save-job[^>]*hidden", html, re.S)
    assert 'role="status" data-share-status' in html and "js/saved-jobs.js" in html


@pytest.mark.parametrize("lang, words", [
    ("en", ["Saved jobs are kept only in this browser, on this device.", "Saving jobs needs JavaScript", "Remove"]),
    ("nl", ["Bewaarde vacatures staan alleen in deze browser, op dit apparaat.", "Voor het bewaren van vacatures is JavaScript nodig",
            "Verwijderen", "<h1>Bewaarde vacatures</h1>"]),
])
def test_the_saved_page_renders_its_shell_and_explains_itself(client, lang, words):
    response = client.get(f"/saved?lang={lang}")
    html = htmllib.unescape(text_of(response))
    assert response.status_code == 200 and f'<html lang="{lang}">' in html
    for word in words:
        assert word in html, word
    assert "<div data-saved-jobs hidden>" in html  # the list appears only with JavaScript
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_signed_in_visitors_saved_page_is_not_kept_by_any_cache(client, logged_in_employer):
    assert "no-store" in client.get("/saved").headers["Cache-Control"]


def test_the_service_worker_is_served_from_the_root_as_javascript_and_revalidated(client):
    response = client.get("/sw.js")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert '"/saved"' in body and 'request.method !== "GET"' in body and "self.location.origin" in body
    assert "worker-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_the_service_worker_is_registered_for_the_saved_page_only():
    from loket.config import PROJECT_ROOT

    script = (PROJECT_ROOT / "static" / "js" / "saved-jobs.js").read_text()
    assert 'register("/sw.js", { scope: "/saved" })' in script
