"""The physical loket: where it is, when it is open, how to book.

The action plan (seed 002, activity 19) opens the desk 2 days a week in 2025, 3 in 2026,
4 in 2027 and Monday to Friday after that; the actual days, hours and address are settings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Which days, by year, when no days are configured: the plan's number of days, midweek first.
PLANNED_DAYS = {2025: ("tue", "thu"), 2026: ("tue", "wed", "thu"), 2027: ("mon", "tue", "wed", "thu")}
ALL_WEEK = ("mon", "tue", "wed", "thu", "fri")

#: Appointment slot lengths staff may choose, in minutes.
SLOT_LENGTHS = (15, 20, 30, 45, 60)
DEFAULT_SLOT_MINUTES = 30

# "10:00–16:00", "10:00-16:00", "9.30 - 17.00", "10:00 to 16:00"
_HOURS = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(?:-|–|—|to|tot)\s*(\d{1,2})[:.](\d{2})\s*$", re.IGNORECASE)


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


def parse_hours(value: str) -> tuple[time, time] | None:
    """'10:00–16:00' → (10:00, 16:00); None when the text is not one opening and one closing time
    (then appointments cannot be offered, but the text is still shown to visitors)."""
    match = _HOURS.match(value or "")
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        return None
    opens, closes = time(h1, m1), time(23, 59) if h2 == 24 else time(h2, m2)
    return (opens, closes) if opens < closes else None


@dataclass(frozen=True)
class LoketInfo:
    address: str
    days: tuple[str, ...]
    hours: str
    booking: str  # how to book: an e-mail address, a phone number or a URL, as text
    slot_minutes: int = DEFAULT_SLOT_MINUTES
    # True when no days are configured: each year then has the plan's days (4 in 2027, …).
    planned: bool = False

    def days_on(self, day: date) -> tuple[str, ...]:
        """The opening days that apply in the week of `day`: the plan's for its year, unless configured."""
        return planned_days(day) if self.planned else self.days

    def is_open_on(self, day: date) -> bool:
        return WEEKDAYS[day.weekday()] in self.days_on(day)

    @property
    def opening_hours(self) -> tuple[time, time] | None:
        return parse_hours(self.hours)
