"""The guide's yearly salary criteria as numbers, and what they mean for one person or one salary.

Plain Python: `loket.content.figures` reads `content/figures.yaml` into these values. Every
result says which year's figures it used and where they come from, because the outcome is
guidance ("the IND decides"), never a decision.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Criterion(StrEnum):
    """The salary criteria the guide explains (keys of `amounts` in figures.yaml)."""

    HSM_30_OR_OLDER = "highly_skilled_migrant_30_or_older"
    HSM_UNDER_30 = "highly_skilled_migrant_under_30"
    HSM_REDUCED = "highly_skilled_migrant_reduced"
    EU_BLUE_CARD = "eu_blue_card"
    EU_BLUE_CARD_RECENT_GRADUATE = "eu_blue_card_recent_graduate"


class Period(StrEnum):
    HOUR = "hour"
    MONTH = "month"
    YEAR = "year"


# Dutch holiday allowance is at least 8% of the gross salary; a yearly salary "including
# holiday allowance" is therefore 12 × 1.08 = 12.96 monthly salaries.
HOLIDAY_ALLOWANCE = 0.08
# A full-time Dutch working week; used only to turn an hourly wage into a monthly one.
HOURS_PER_WEEK = 40


@dataclass(frozen=True)
class YearFigures:
    """One year's criteria: euros gross per month without holiday allowance; None = not published."""

    year: int
    page: str  # guide page id that states these amounts
    source: str  # official URL
    amounts: dict[Criterion, int | None] = field(default_factory=dict)

    def amount(self, criterion: Criterion) -> int | None:
        return self.amounts.get(criterion)


@dataclass(frozen=True)
class Figures:
    """All years in figures.yaml, oldest first."""

    years: tuple[YearFigures, ...] = ()

    def for_year(self, year: int) -> YearFigures | None:
        """The figures of `year`, else of the latest earlier year that has any published amount."""
        known = [y for y in self.years if y.year <= year and any(v is not None for v in y.amounts.values())]
        exact = [y for y in known if y.year == year]
        return (exact or known[-1:] or [None])[0]

    def current(self, today: date) -> YearFigures | None:
        return self.for_year(today.year)


def hsm_criterion(age: int | None, reduced: bool = False) -> Criterion:
    """Which highly-skilled-migrant criterion applies: reduced (e.g. recent Dutch graduate), under 30, or 30+.

    An unknown age gets the 30-or-older criterion: the one that is always enough.
    """
    if reduced:
        return Criterion.HSM_REDUCED
    if age is not None and age < 30:
        return Criterion.HSM_UNDER_30
    return Criterion.HSM_30_OR_OLDER


def monthly_salary(amount: float, period: Period | str, *, includes_holiday_allowance: bool = False,
                   hours_per_week: float = HOURS_PER_WEEK) -> float:
    """A gross salary as euros per month without holiday allowance, the way the IND compares it."""
    period = Period(period)
    if period is Period.HOUR:
        monthly = amount * hours_per_week * 52 / 12
    elif period is Period.YEAR:
        monthly = amount / 12
    else:
        monthly = amount
    return monthly / (1 + HOLIDAY_ALLOWANCE) if includes_holiday_allowance else monthly


@dataclass(frozen=True)
class SalaryCheck:
    """Whether a monthly salary reaches one criterion, with the figures it was compared with."""

    criterion: Criterion
    required: int
    monthly: float
    reaches: bool
    year: int
    page: str
    source: str

    @property
    def shortfall(self) -> float:
        return max(0.0, self.required - self.monthly)


def check_salary(figures: YearFigures, criterion: Criterion, monthly: float) -> SalaryCheck | None:
    """Compare `monthly` (gross, without holiday allowance) with `criterion`; None when it is not published."""
    required = figures.amount(criterion)
    if required is None:
        return None
    return SalaryCheck(criterion, required, monthly, monthly >= required, figures.year, figures.page, figures.source)
