"""Appointments at the physical loket: the slots of an opening day, and the calendar file.

Plain Python. Slots come from the loket's opening days, hours and slot length
(`LoketInfo`); times are the loket's local time (Europe/Amsterdam) and are stored in UTC.
The `.ics` text follows RFC 5545 (one VEVENT, times in UTC, lines folded at 75 octets).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo

from .loket import LoketInfo

LOKET_TZ = ZoneInfo("Europe/Amsterdam")

BOOK_AHEAD_DAYS = 28  # visitors book at most four weeks ahead
MIN_NOTICE = timedelta(hours=1)  # a slot can be booked until an hour before it starts
RETENTION_DAYS = 30  # the e-mail address of an appointment is deleted this many days after it
REMINDER_DAYS_BEFORE = 1  # the reminder goes out on the day before


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    ATTENDED = "attended"
    NO_SHOW = "no-show"
    CANCELLED = "cancelled"
    BLOCKED = "blocked"  # staff closed the slot; not a visitor's appointment


#: Statuses that hold their slot (the unique constraint is on these).
HOLDING = frozenset({AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW,
                     AppointmentStatus.BLOCKED})


@dataclass(frozen=True, order=True)
class Slot:
    """One bookable time: `start` and `end` are aware datetimes in the loket's time zone."""

    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        """The slot as a form value: local 'YYYY-MM-DDTHH:MM'."""
        return self.start.strftime("%Y-%m-%dT%H:%M")

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(timezone.utc)


def local(moment: datetime) -> datetime:
    """A stored (UTC, perhaps naive from SQLite) time in the loket's time zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOKET_TZ)


def day_slots(info: LoketInfo, day: date) -> list[Slot]:
    """Every slot of `day`: empty when the loket is closed that day or its hours are not a time range."""
    hours = info.opening_hours
    if hours is None or not info.is_open_on(day) or info.slot_minutes <= 0:
        return []
    opens, closes = (datetime.combine(day, t, tzinfo=LOKET_TZ) for t in hours)
    length = timedelta(minutes=info.slot_minutes)
    slots = []
    start = opens
    while start + length <= closes:
        slots.append(Slot(start, start + length))
        start += length
    return slots


def bookable_days(info: LoketInfo, now: datetime, ahead: int = BOOK_AHEAD_DAYS) -> Iterator[date]:
    """Opening days from today (in the loket's time zone) up to `ahead` days later."""
    today = now.astimezone(LOKET_TZ).date()
    for offset in range(ahead + 1):
        day = today + timedelta(days=offset)
        if info.is_open_on(day):
            yield day


def is_bookable(slot: Slot, now: datetime, ahead: int = BOOK_AHEAD_DAYS) -> bool:
    """Not in the past (with MIN_NOTICE) and within the booking window."""
    today = now.astimezone(LOKET_TZ).date()
    return slot.start >= now + MIN_NOTICE and slot.start.date() <= today + timedelta(days=ahead)


def find_slot(info: LoketInfo, key: str) -> Slot | None:
    """The slot a form value ('YYYY-MM-DDTHH:MM', local time) names, when it is one of that day's slots."""
    try:
        start = datetime.strptime(key or "", "%Y-%m-%dT%H:%M").replace(tzinfo=LOKET_TZ)
    except ValueError:
        return None
    for slot in day_slots(info, start.date()):
        if slot.start == start:
            return slot
    return None


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


# --- The calendar file (RFC 5545) ----------------------------------------------------------------


def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> Iterable[str]:
    """Lines of at most 75 octets; continuation lines start with a space (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        yield line
        return
    chunk, size, first = [], 0, True
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if first else 74
        if size + width > limit:
            yield ("" if first else " ") + "".join(chunk)
            chunk, size, first = [], 0, False
        chunk.append(char)
        size += width
    yield ("" if first else " ") + "".join(chunk)


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar_file(
    *,
    uid: str,
    start: datetime,
    end: datetime,
    stamp: datetime,
    summary: str,
    location: str,
    description: str = "",
    url: str = "",
    sequence: int = 0,
    cancelled: bool = False,
) -> str:
    """One event as an iCalendar text (METHOD:PUBLISH), CRLF line ends; times in UTC."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Make it in the North//Digital Career Loket//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
        f"SEQUENCE:{sequence}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(location)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return "".join(folded + "\r\n" for line in lines for folded in _fold(line))
