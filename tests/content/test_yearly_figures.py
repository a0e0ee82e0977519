"""The year rules of `loket content check`: `figures_for` on pages, and content/figures.yaml against the pages."""
from __future__ import annotations

from datetime import date

import pytest

from loket.content import load_content
from loket.content.checker import check_content

from . import body, fields, page_text, write_page, write_valid_tree

TODAY = date(2026, 12, 1)
FIGURES = """\
salary_criteria:
  - year: 2026
    page: alpha
    source: https://ind.nl/en/required-amounts-income-requirements
    amounts:
      highly_skilled_migrant_30_or_older: 5942
      eu_blue_card_recent_graduate: 4754
  - year: 2027
    page: alpha
    source: https://ind.nl/en/required-amounts-income-requirements
    amounts:
      highly_skilled_migrant_30_or_older: null
"""
# The amounts as each language writes them: thousands separators differ.
AMOUNTS = {
    "en": "From 2026 you need €5,942 gross a month; recent graduates need €4,754.",
    "nl": "Vanaf 2026 heb je € 5.942 bruto per maand nodig; pas afgestudeerden € 4.754.",
}


@pytest.fixture
def tree(tmp_path):
    return write_valid_tree(tmp_path)


def findings(root, today: date = TODAY) -> list[tuple[str, str, str]]:
    return [(f.level, f.file, f.field) for f in check_content(root, today)]


def write_alpha(root, lang: str, amounts: str | None = None, **changes: object) -> None:
    text = body(lang, link=amounts if amounts is not None else AMOUNTS[lang])
    write_page(root, lang, "alpha", page_text(fields("alpha", lang, **changes), text))


def with_figures(root, figures: str = FIGURES):
    for lang in ("en", "nl"):
        write_alpha(root, lang)
    (root / "figures.yaml").write_text(figures, encoding="utf-8")
    return root


# figures_for on pages

def test_figures_for_is_read_into_the_page(tree):
    for lang in ("en", "nl"):
        write_alpha(tree, lang, figures_for=2026)
    content = load_content(tree)
    assert content.get("en", "alpha").figures_for == 2026
    assert content.get("en", "beta").figures_for is None


@pytest.mark.parametrize("year, warned", [(2026, False), (2027, False), (2025, True)])
def test_figures_for_a_year_that_has_passed_is_a_warning(tree, year, warned):
    for lang in ("en", "nl"):
        write_alpha(tree, lang, figures_for=year)
    expected = [("warning", "en/alpha.md", "figures_for"), ("warning", "nl/alpha.md", "figures_for")] if warned else []
    assert findings(tree) == expected
    if warned:
        message = check_content(tree, TODAY)[0].message
        assert "amounts for 2025, and 2025 has passed" in message and "update them for 2026" in message


def test_the_new_year_turns_this_years_figures_into_a_warning(tree):
    for lang in ("en", "nl"):
        write_alpha(tree, lang, figures_for=2026)
    assert findings(tree, date(2026, 12, 31)) == []
    assert ("warning", "en/alpha.md", "figures_for") in findings(tree, date(2027, 1, 1))


@pytest.mark.parametrize("value", ["'2026'", "next year", 1999, 2101, "true"])
def test_figures_for_must_be_a_year(tree, value):
    write_alpha(tree, "en", figures_for=value)
    write_alpha(tree, "nl", figures_for=value)
    assert ("error", "en/alpha.md", "figures_for") in findings(tree)


def test_twins_state_amounts_for_the_same_year(tree):
    write_alpha(tree, "en", figures_for=2026)
    write_alpha(tree, "nl", figures_for=2027)
    assert findings(tree) == [("error", "nl/alpha.md", "figures_for")]
    write_alpha(tree, "nl")
    assert findings(tree) == [("error", "nl/alpha.md", "figures_for")]


# figures.yaml against the page text

def test_figures_stated_on_their_page_in_both_languages_pass(tree):
    # 2027 is all null (not published): nothing to find on the page, and no finding.
    assert findings(with_figures(tree)) == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_an_amount_missing_from_one_language_is_an_error(tree, lang):
    with_figures(tree)
    write_alpha(tree, lang, AMOUNTS[lang].replace("4,754", "4,750").replace("4.754", "4.750"))
    found = check_content(tree, TODAY)
    assert [(f.level, f.file, f.field) for f in found] == [("error", "figures.yaml", "2026.eu_blue_card_recent_graduate")]
    assert f"4754 is not stated on {lang}/alpha.md" in found[0].message


@pytest.mark.parametrize("written", ["€5942", "€ 5.942", "€5,942.00", "EUR 5,942"])
def test_amounts_compare_without_thousands_separators(tree, written):
    with_figures(tree)
    write_alpha(tree, "en", f"You need {written} a month; recent graduates €4,754.")
    assert findings(tree) == []


def test_a_number_inside_a_longer_number_does_not_count(tree):
    with_figures(tree)
    write_alpha(tree, "en", "Call 059420 or pay €15,942; recent graduates €4,754.")
    assert findings(tree) == [("error", "figures.yaml", "2026.highly_skilled_migrant_30_or_older")]


def test_figures_for_a_page_that_does_not_exist(tree):
    with_figures(tree, FIGURES.replace("page: alpha\n    source: https://ind.nl/en/required-amounts-income-requirements\n    amounts:\n      highly_skilled_migrant_30_or_older: 5942",
                                       "page: gamma\n    source: https://ind.nl/en/required-amounts-income-requirements\n    amounts:\n      highly_skilled_migrant_30_or_older: 5942"))
    assert findings(tree) == [("error", "figures.yaml", "2026"), ("error", "figures.yaml", "2026")]


def test_malformed_figures_file_is_an_error(tree):
    with_figures(tree, FIGURES.replace("eu_blue_card_recent_graduate", "blue_card_for_students"))
    found = check_content(tree, TODAY)
    assert [(f.level, f.file, f.field) for f in found] == [("error", "figures.yaml", "figures")]
    assert "unknown criterion 'blue_card_for_students'" in found[0].message


def test_a_year_without_published_amounts_is_a_warning_in_that_year(tree):
    with_figures(tree)
    found = check_content(tree, date(2027, 1, 4))
    assert [(f.level, f.file, f.field) for f in found] == [("warning", "figures.yaml", "2027")]
    assert "no amounts published for 2027 yet" in found[0].message and "use 2026's" in found[0].message


def test_a_year_missing_from_figures_is_a_warning_in_that_year(tree):
    with_figures(tree)
    found = [f for f in check_content(tree, date(2028, 1, 3)) if f.file == "figures.yaml"]
    assert [(f.level, f.field) for f in found] == [("warning", "2028")]
    assert "no entry for 2028" in found[0].message
