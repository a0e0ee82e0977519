"""The salary criteria as numbers: which one applies, period conversion, and the real figures file."""
from __future__ import annotations

import pytest

from loket.config import PROJECT_ROOT
from loket.content.figures import FiguresError, load_figures, parse_figures
from loket.domain.figures import Criterion, Figures, YearFigures, check_salary, hsm_criterion, monthly_salary


def test_criterion_by_age_and_reduction():
    assert hsm_criterion(29) is Criterion.HSM_UNDER_30
    assert hsm_criterion(30) is Criterion.HSM_30_OR_OLDER
    assert hsm_criterion(None) is Criterion.HSM_30_OR_OLDER
    assert hsm_criterion(45, reduced=True) is Criterion.HSM_REDUCED


def test_monthly_salary_from_each_period():
    assert monthly_salary(4800, "month") == 4800
    assert monthly_salary(60000, "year") == 5000
    assert monthly_salary(64800, "year", includes_holiday_allowance=True) == pytest.approx(5000)
    assert monthly_salary(30, "hour") == pytest.approx(30 * 40 * 52 / 12)


def test_check_salary_reaches_and_falls_short():
    year = YearFigures(2026, "highly-skilled-migrant", "https://ind.nl/x", {Criterion.HSM_UNDER_30: 4357})
    ok = check_salary(year, Criterion.HSM_UNDER_30, 4800)
    assert ok is not None and ok.reaches and ok.year == 2026 and ok.shortfall == 0
    short = check_salary(year, Criterion.HSM_UNDER_30, 4000)
    assert short is not None and not short.reaches and short.shortfall == 357
    assert check_salary(year, Criterion.EU_BLUE_CARD, 9000) is None


def test_for_year_falls_back_to_latest_published_year():
    figures = Figures((
        YearFigures(2026, "p", "https://x", {Criterion.HSM_UNDER_30: 4357}),
        YearFigures(2027, "p", "https://x", {Criterion.HSM_UNDER_30: None}),
    ))
    assert figures.for_year(2027).year == 2026
    assert figures.for_year(2026).year == 2026
    assert figures.for_year(2025) is None


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "salary_criteria"),
        ({"salary_criteria": [{"year": "x", "page": "p", "source": "https://x", "amounts": {}}]}, "year"),
        ({"salary_criteria": [{"year": 2026, "page": "p", "source": "http://x", "amounts": {}}]}, "source"),
        ({"salary_criteria": [{"year": 2026, "page": "p", "source": "https://x", "amounts": {"nope": 1}}]}, "unknown criterion"),
        ({"salary_criteria": [{"year": 2026, "page": "p", "source": "https://x", "amounts": {"eu_blue_card": -5}}]}, "whole number"),
    ],
)
def test_malformed_figures_are_refused(data, message):
    with pytest.raises(FiguresError, match=message):
        parse_figures(data)


def test_real_figures_file_has_this_years_criteria():
    figures = load_figures(PROJECT_ROOT / "content")
    year = figures.for_year(2026)
    assert year is not None and year.year == 2026
    assert year.amount(Criterion.HSM_30_OR_OLDER) > year.amount(Criterion.HSM_UNDER_30) > year.amount(Criterion.HSM_REDUCED)
