""""Can I take this job?" as plain rules: which criterion the answers lead to, salary periods, verdicts."""
from __future__ import annotations

import pytest

from loket.config import PROJECT_ROOT
from loket.content import get_content
from loket.domain.eligibility import (
    SPONSOR_REGISTER,
    Answers,
    InvalidAnswers,
    Verdict,
    offered_monthly,
    parse_answers,
    reaches,
    salary_outcome,
    threshold_factor,
)
from loket.domain.figures import Criterion, YearFigures

YEAR = YearFigures(2026, "highly-skilled-migrant", "https://ind.nl/en/required-amounts-income-requirements", {
    Criterion.HSM_30_OR_OLDER: 5942, Criterion.HSM_UNDER_30: 4357, Criterion.HSM_REDUCED: 3122,
})


@pytest.mark.parametrize(
    "answers, expected",
    [
        (Answers(eu_citizen=True), None),
        (Answers(eu_citizen=False, age_30_or_older=True, dutch_graduate=False), Criterion.HSM_30_OR_OLDER),
        (Answers(eu_citizen=False, age_30_or_older=False, dutch_graduate=False), Criterion.HSM_UNDER_30),
        (Answers(eu_citizen=False, age_30_or_older=False, dutch_graduate=True), Criterion.HSM_REDUCED),
        (Answers(eu_citizen=False, age_30_or_older=True, dutch_graduate=True), Criterion.HSM_REDUCED),
    ],
)
def test_the_criterion_follows_age_and_a_recent_dutch_degree(answers, expected):
    assert answers.criterion() is expected


def test_thresholds_by_age_from_the_figures():
    under_30 = salary_outcome(YEAR, Answers(False, False, False).criterion(), 4400, None, "month")
    thirty_plus = salary_outcome(YEAR, Answers(False, True, False).criterion(), 4400, None, "month")
    assert (under_30.verdict, under_30.required) == (Verdict.REACHES, 4357)
    assert (thirty_plus.verdict, thirty_plus.required) == (Verdict.BELOW, 5942)
    assert under_30.year == thirty_plus.year == 2026 and under_30.source.startswith("https://ind.nl/")


def test_parse_answers_from_a_form():
    assert parse_answers({"eu": "yes"}) == Answers(eu_citizen=True)
    assert parse_answers({"eu": " No ", "age30": "yes", "graduate": "no"}) == Answers(False, True, False)
    with pytest.raises(InvalidAnswers) as missing:
        parse_answers({"eu": "no", "age30": "perhaps"})
    assert missing.value.missing == ("age30", "graduate")
    with pytest.raises(InvalidAnswers) as nothing:
        parse_answers({})
    assert nothing.value.missing == ("eu",)


def test_salary_periods_convert_to_a_month_without_holiday_allowance():
    assert offered_monthly(5000, "month") == 5000
    # A yearly amount is read as including 8% holiday allowance: 64,800 a year is 5,000 a month.
    assert offered_monthly(64800, "year") == pytest.approx(5000)
    assert offered_monthly(30, "hour") == pytest.approx(30 * 40 * 52 / 12)
    assert offered_monthly(30, "hour", hours_per_week=32) == pytest.approx(30 * 32 * 52 / 12)


@pytest.mark.parametrize("period, hours", [("month", None), ("year", None), ("hour", 40), ("hour", 36)])
def test_reaches_agrees_with_the_conversion_at_the_boundary(period, hours):
    # The exact integer comparison (used by the list filter too) and the conversion shown on
    # the page agree, one euro either side of the amount that just reaches 5,000 a month.
    a, b = threshold_factor(period, hours)
    just = -(-5000 * b // a)  # the smallest whole amount with amount × a ≥ 5000 × b
    assert reaches(just, period, 5000, hours) and offered_monthly(just, period, hours) >= 5000 - 1e-9
    assert not reaches(just - 1, period, 5000, hours) and offered_monthly(just - 1, period, hours) < 5000


def test_verdicts_for_ranges_single_amounts_and_no_salary():
    assert salary_outcome(YEAR, Criterion.HSM_UNDER_30, 4400, 5000, "month").verdict is Verdict.REACHES
    top = salary_outcome(YEAR, Criterion.HSM_UNDER_30, 50000, 60000, "year")
    assert top.verdict is Verdict.TOP_ONLY and top.is_range
    assert top.monthly == pytest.approx((50000 / 12.96, 60000 / 12.96))
    assert salary_outcome(YEAR, Criterion.HSM_30_OR_OLDER, None, 5000, "month").verdict is Verdict.BELOW
    assert not salary_outcome(YEAR, Criterion.HSM_30_OR_OLDER, None, 5000, "month").is_range
    none = salary_outcome(YEAR, Criterion.HSM_REDUCED, None, None, None)
    assert none.verdict is Verdict.NO_SALARY and none.required == 3122 and none.year == 2026
    # €20 an hour: 20 × 40 × 52 / 12 = 3,467 a month full time, but 3,120 at 36 hours (below 3,122).
    assert salary_outcome(YEAR, Criterion.HSM_REDUCED, 20, None, "hour").verdict is Verdict.REACHES
    part_time = salary_outcome(YEAR, Criterion.HSM_REDUCED, 20, None, "hour", hours_per_week=36)
    assert part_time.verdict is Verdict.BELOW and part_time.hours_per_week == 36


def test_no_published_amount_says_so_instead_of_guessing():
    unpublished = YearFigures(2027, "highly-skilled-migrant", "https://ind.nl/x", {Criterion.HSM_UNDER_30: None})
    assert salary_outcome(unpublished, Criterion.HSM_UNDER_30, 9000, None, "month").verdict is Verdict.NO_FIGURES
    assert salary_outcome(None, Criterion.HSM_UNDER_30, 9000, None, "month").verdict is Verdict.NO_FIGURES


def test_the_sponsor_register_link_is_a_source_of_the_guide_in_both_languages():
    content = get_content(PROJECT_ROOT / "content")
    for lang in ("en", "nl"):
        assert SPONSOR_REGISTER in content.get(lang, "recognised-sponsor").sources
