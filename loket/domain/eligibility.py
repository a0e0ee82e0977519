""""Can I take this job?": a visitor's three answers and what they mean for one vacancy.

Plain Python. The visitor says whether they are an EU/EEA/Swiss citizen, whether they are
30 or older, and whether they graduated in the Netherlands in the last three years; from
that follows which highly-skilled-migrant salary criterion applies (`hsm_criterion`), and
each offered salary is converted with `monthly_salary` and compared with the year's amount.
Nothing here is a decision: the IND decides. The answers are never stored.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .figures import HOLIDAY_ALLOWANCE, HOURS_PER_WEEK, Criterion, Period, YearFigures, hsm_criterion, monthly_salary

# The IND's public register of recognised sponsors (also a source of the guide page
# `recognised-sponsor`; a test keeps the two in step).
SPONSOR_REGISTER = "https://ind.nl/en/public-register-recognised-sponsors"

# The criteria a visitor's answers can lead to: the list filter accepts only these.
VISITOR_CRITERIA = (Criterion.HSM_30_OR_OLDER, Criterion.HSM_UNDER_30, Criterion.HSM_REDUCED)

_YES, _NO = "yes", "no"


class InvalidAnswers(ValueError):
    """The answers are missing or malformed; `missing` names the questions still to answer."""

    def __init__(self, missing: tuple[str, ...]):
        super().__init__("answer: " + ", ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class Answers:
    """What the visitor said. Age and graduation matter only for someone from outside the EU."""

    eu_citizen: bool
    age_30_or_older: bool | None = None
    dutch_graduate: bool | None = None

    def criterion(self) -> Criterion | None:
        """The salary criterion that applies, or None: EU/EEA/Swiss citizens need no permit."""
        if self.eu_citizen:
            return None
        # A recent Dutch graduate gets the reduced criterion whatever their age.
        return hsm_criterion(30 if self.age_30_or_older else 29, reduced=bool(self.dutch_graduate))


QUESTIONS = ("eu", "age30", "graduate")


def parse_answers(form: Mapping[str, str]) -> Answers:
    """Answers from form values `eu`, `age30`, `graduate` ("yes"/"no").

    `eu` is always needed; the other two only when `eu` is "no". Raises InvalidAnswers
    naming every needed question that is unanswered or has another value.
    """
    values = {name: (form.get(name) or "").strip().lower() for name in QUESTIONS}
    needed = QUESTIONS if values["eu"] == _NO else ("eu",)
    missing = tuple(name for name in needed if values[name] not in (_YES, _NO))
    if missing:
        raise InvalidAnswers(missing)
    if values["eu"] == _YES:
        return Answers(eu_citizen=True)
    return Answers(eu_citizen=False, age_30_or_older=values["age30"] == _YES, dutch_graduate=values["graduate"] == _YES)


def includes_holiday_allowance(period: Period | str) -> bool:
    """Whether an offered amount per `period` is taken to include the 8% holiday allowance.

    A yearly amount in a Dutch vacancy often does, and the IND does not count it, so a yearly
    amount is read as including it: the cautious reading, which never says "enough" too soon.
    Amounts per month or hour are read as without it.
    """
    return Period(period) is Period.YEAR


def offered_monthly(amount: float, period: Period | str, hours_per_week: float | None = None) -> float:
    """An offered salary as the IND compares it: gross per month, without holiday allowance."""
    return monthly_salary(amount, period, includes_holiday_allowance=includes_holiday_allowance(period),
                          hours_per_week=hours_per_week or HOURS_PER_WEEK)


def reaches(amount: int, period: Period | str, required: int, hours_per_week: float | None = None) -> bool:
    """Whether an offered `amount` per `period` reaches `required` euros a month (`offered_monthly` ≥ required).

    Compared exactly in integers (`threshold_factor`), the same way the list filter compares
    in the database, so the vacancy page and the list never disagree at the boundary.
    """
    a, b = threshold_factor(period, hours_per_week)
    return amount * a >= required * b


def threshold_factor(period: Period | str, hours_per_week=None) -> tuple:
    """(a, b) such that an amount per `period` reaches a monthly criterion C when amount × a ≥ C × b.

    Integers, for a database comparison without rounding: per month (1, 1); per year
    (100, 1296) — 12 months plus 8% holiday allowance; per hour (hours × 52, 12). `hours_per_week`
    may also be a database expression (the list filter passes the vacancy's hours column).
    """
    period = Period(period)
    if period is Period.YEAR:
        return 100, round(12 * (1 + HOLIDAY_ALLOWANCE) * 100)
    if period is Period.HOUR:
        return (HOURS_PER_WEEK if hours_per_week is None else hours_per_week) * 52, 12
    return 1, 1


class Verdict(StrEnum):
    """How an offered salary relates to the criterion."""

    REACHES = "reaches"  # every amount offered reaches it
    TOP_ONLY = "top_only"  # only the top of the range reaches it
    BELOW = "below"  # no amount offered reaches it
    NO_SALARY = "no_salary"  # the vacancy gives no salary
    NO_FIGURES = "no_figures"  # no published amount for this criterion


@dataclass(frozen=True)
class SalaryOutcome:
    """The offered salary against one criterion: the verdict and the numbers behind it."""

    verdict: Verdict
    criterion: Criterion
    required: int | None = None  # euros gross a month, without holiday allowance, in `year`
    year: int | None = None
    page: str = ""  # the guide page that states the amount
    source: str = ""  # the official page
    offered: tuple[int, ...] = ()  # the amounts as the vacancy states them (lowest first), per `period`
    monthly: tuple[float, ...] = ()  # the same amounts as the IND compares them
    period: Period | None = None
    hours_per_week: int = HOURS_PER_WEEK

    @property
    def is_range(self) -> bool:
        return len(self.offered) == 2


def salary_outcome(figures: YearFigures | None, criterion: Criterion, salary_min: int | None, salary_max: int | None,
                   period: Period | str | None, hours_per_week: int | None = None) -> SalaryOutcome:
    """Compare a vacancy's salary (min and/or max per `period`) with `criterion` of `figures`.

    An hourly wage is multiplied by the vacancy's hours (the most it states), else 40 a week.
    """
    hours = hours_per_week or HOURS_PER_WEEK
    required = figures.amount(criterion) if figures is not None else None
    if figures is None or required is None:
        return SalaryOutcome(Verdict.NO_FIGURES, criterion, hours_per_week=hours)
    known = {"required": required, "year": figures.year, "page": figures.page, "source": figures.source}
    offered = tuple(sorted({a for a in (salary_min, salary_max) if a}))
    if period is None or not offered:
        return SalaryOutcome(Verdict.NO_SALARY, criterion, hours_per_week=hours, **known)
    period = Period(period)
    low, high = offered[0], offered[-1]
    if reaches(low, period, required, hours):
        verdict = Verdict.REACHES
    elif reaches(high, period, required, hours):
        verdict = Verdict.TOP_ONLY
    else:
        verdict = Verdict.BELOW
    monthly = tuple(offered_monthly(a, period, hours) for a in offered)
    return SalaryOutcome(verdict, criterion, offered=offered, monthly=monthly, period=period, hours_per_week=hours, **known)
