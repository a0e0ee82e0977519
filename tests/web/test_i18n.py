"""Languages: the choice order, the switcher, hreflang, locale formatting, complete catalogues."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from loket.config import PROJECT_ROOT

CATALOGUES = PROJECT_ROOT / "loket" / "translations"


def html_lang(response) -> str:
    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


def test_accept_language_chooses_when_nothing_else_does(client):
    assert html_lang(client.get("/", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})) == "nl"
    assert html_lang(client.get("/", headers={"Accept-Language": "de-DE"})) == "en"


def test_lang_parameter_wins_and_is_remembered_in_a_cookie(client):
    response = client.get("/vacancies?lang=nl", headers={"Accept-Language": "en"})
    assert html_lang(response) == "nl" and "Digitale vacatures in het Noorden" in response.get_data(as_text=True)
    assert "lang=nl" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    assert html_lang(client.get("/vacancies", headers={"Accept-Language": "en"})) == "nl"
    assert html_lang(client.get("/vacancies?lang=en")) == "en"
    assert html_lang(client.get("/vacancies")) == "en"


def test_unknown_lang_parameter_is_ignored(client):
    assert html_lang(client.get("/?lang=xx", headers={"Accept-Language": "nl"})) == "nl"


def test_switcher_and_hreflang_keep_the_filters(client):
    html = client.get("/vacancies?province=drenthe&lang=en").get_data(as_text=True)
    assert re.search(r'<link rel="alternate" hreflang="nl" href="http://localhost/vacancies\?province=drenthe&amp;lang=nl">', html)
    assert 'hreflang="x-default"' in html
    switch = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    assert 'href="/vacancies?province=drenthe&amp;lang=nl"' in switch and 'aria-current="true" lang="en"' in switch


def test_dates_and_money_follow_the_locale(client, make):
    from datetime import date

    vacancy = make.vacancy(salary_min=3500, salary_max=4750, closing_date=date(2027, 3, 1))
    en = client.get(f"/vacancies/{vacancy.id}?lang=en").get_data(as_text=True)
    nl = client.get(f"/vacancies/{vacancy.id}?lang=nl").get_data(as_text=True)
    assert "March 1, 2027" in en and "€ 3,500" in en and "€ 4,750" in en
    assert "1 maart 2027" in nl and "€ 3.500" in nl and "€ 4.750" in nl
    assert "per maand" in nl and "Solliciteer bij" in nl


def test_occupation_labels_in_both_languages(client, make):
    vacancy = make.vacancy(occupation="2522")
    assert "Systems administrators" in client.get(f"/vacancies/{vacancy.id}?lang=en").get_data(as_text=True)
    assert "Systeembeheerders" in client.get(f"/vacancies/{vacancy.id}?lang=nl").get_data(as_text=True)


def test_every_ui_string_has_a_dutch_translation():
    """Fails when a string in the code or templates lacks a Dutch translation (run `make extract-messages`)."""
    from babel.messages.extract import extract_from_dir

    method_map = [("loket/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.xml", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
    in_code = {
        (m[2][0] if isinstance(m[2], tuple) else m[2])
        for m in extract_from_dir(str(PROJECT_ROOT), method_map, keywords=keywords,
                                  options_map={"templates/**.html": {}, "templates/**.xml": {}})
    }
    with open(CATALOGUES / "nl" / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = read_po(f, locale="nl")
    translated = set()
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(strings) and "fuzzy" not in message.flags:
            translated.add(message.id[0] if isinstance(message.id, tuple) else message.id)
    missing = sorted(in_code - translated)
    assert not missing, f"no Dutch translation for: {missing}"


def test_no_compiled_catalogue_is_committed():
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout
    assert tracked.strip() == ""
