"""The physical loket: where it is, when it is open, how to book.

The action plan (seed 002, activity 19) opens the desk 2 days a week in 2025, 3 in 2026,
4 in 2027 and Monday to Friday after that; the actual days, hours and address are settings.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Which days, by year, when no days are configured: the plan's number of days, midweek first.
PLANNED_DAYS = {2025: ("tue", "thu"), 2026: ("tue", "wed", "thu"), 2027: ("mon", "tue", "wed", "thu")}
ALL_WEEK = ("mon", "tue", "wed", "thu", "fri")


def planned_days(today: date) -> tuple[str, ...]:
    if today.year < 2025:
        return PLANNED_DAYS[2025]
    return PLANNED_DAYS.get(today.year, ALL_WEEK)


def parse_days(value: str) -> tuple[str, ...]:
    """'mon,wed' → ('mon', 'wed'); raises ValueError on an unknown day."""
    days = tuple(d.strip().lower()[:3] for d in value.split(",") if d.strip())
    unknown = [d for d in days if d not in WEEKDAYS]
    if unknown:
        raise ValueError(f"unknown day(s): {', '.join(unknown)}; use mon, tue, wed, thu, fri, sat, sun")
    return tuple(sorted(set(days), key=WEEKDAYS.index))


@dataclass(frozen=True)
class LoketInfo:
    address: str
    days: tuple[str, ...]
    hours: str
    booking: str  # how to book: an e-mail address, a phone number or a URL, as text

    def is_open_on(self, day: date) -> bool:
        return WEEKDAYS[day.weekday()] in self.days
