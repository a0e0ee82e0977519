"""Appointment slots from the loket's settings, and the calendar file (RFC 5545, parsed with icalendar)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import icalendar
import pytest

from loket.domain.appointments import (
    LOKET_TZ,
    bookable_days,
    calendar_file,
    day_slots,
    find_slot,
    is_bookable,
    week_of,
)
from loket.domain.dates import parse_user_date
from loket.domain.loket import LoketInfo, parse_hours

INFO = LoketInfo(address="Grote Markt 1, Groningen", days=("tue", "thu"), hours="10:00–12:00", booking="", slot_minutes=30)


def test_slots_follow_the_hours_and_the_slot_length():
    tuesday = date(2026, 11, 24)
    slots = day_slots(INFO, tuesday)
    assert [s.key for s in slots] == ["2026-11-24T10:00", "2026-11-24T10:30", "2026-11-24T11:00", "2026-11-24T11:30"]
    assert slots[0].start.tzinfo == LOKET_TZ and slots[-1].end.time() == time(12, 0)
    assert slots[0].start_utc == datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)  # CET is UTC+1 in November
    longer = LoketInfo(**{**INFO.__dict__, "slot_minutes": 45})
    assert [s.key[-5:] for s in day_slots(longer, tuesday)] == ["10:00", "10:45"]  # 11:30–12:15 does not fit
    assert day_slots(INFO, date(2026, 11, 25)) == []  # Wednesday: closed
    assert day_slots(LoketInfo(**{**INFO.__dict__, "hours": "by appointment"}), tuesday) == []


def test_summer_time_is_the_loket_clock():
    slot = day_slots(INFO, date(2026, 6, 2))[0]
    assert slot.start_utc == datetime(2026, 6, 2, 8, 0, tzinfo=timezone.utc)  # CEST is UTC+2


def test_the_plans_days_apply_per_year_unless_configured():
    planned = LoketInfo(address="", days=("tue", "wed", "thu"), hours="10:00–16:00", booking="", planned=True)
    assert planned.is_open_on(date(2026, 11, 25))  # a Wednesday in 2026: 3 days
    assert not planned.is_open_on(date(2026, 11, 23))  # Monday 2026: closed
    assert planned.is_open_on(date(2027, 1, 4))  # Monday 2027: 4 days a week
    assert planned.is_open_on(date(2028, 1, 7))  # Friday 2028: every weekday
    fixed = LoketInfo(address="", days=("tue", "wed", "thu"), hours="10:00–16:00", booking="")
    assert not fixed.is_open_on(date(2027, 1, 4))


@pytest.mark.parametrize("text, expected", [
    ("10:00–16:00", (time(10), time(16))), ("9.30 - 17.00", (time(9, 30), time(17))), ("10:00 to 16:00", (time(10), time(16))),
    ("16:00–10:00", None), ("10–16", None), ("by appointment", None), ("", None), ("25:00–26:00", None),
])
def test_opening_hours_as_a_time_range(text, expected):
    assert parse_hours(text) == expected


def test_bookable_window_and_notice():
    now = datetime(2026, 11, 24, 9, 15, tzinfo=timezone.utc)  # 10:15 in Groningen, a Tuesday
    slots = day_slots(INFO, date(2026, 11, 24))
    assert [is_bookable(s, now) for s in slots] == [False, False, False, True]  # an hour's notice
    days = list(bookable_days(INFO, now))
    assert days[0] == date(2026, 11, 24) and days[-1] <= date(2026, 11, 24) + timedelta(days=28)
    assert all(d.weekday() in (1, 3) for d in days)
    far = day_slots(INFO, date(2026, 12, 31))[0]
    assert not is_bookable(far, now)  # beyond four weeks


@pytest.mark.parametrize("key", ["2026-11-24T10:15", "2026-11-25T10:00", "2026-11-24T09:30", "tomorrow", "", "2026-11-24T10:00Z"])
def test_find_slot_refuses_what_is_not_a_slot(key):
    assert find_slot(INFO, key) is None


def test_find_slot_and_week():
    assert find_slot(INFO, "2026-11-24T11:00").end.time() == time(11, 30)
    assert week_of(date(2026, 11, 26)) == [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]


def test_the_calendar_file_parses_and_holds_what_rfc_5545_asks():
    start = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    text = calendar_file(
        uid="appointment-7@loket.example", start=start, end=start + timedelta(minutes=30),
        stamp=datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc), summary="Afspraak bij het Digital Career Loket",
        location="Grote Markt 1, 9711 LV Groningen; ingang naast de bibliotheek",
        description="Wijzigen of annuleren: https://loket.example/appointments/manage/" + "x" * 40 + " — tot ziens, één keer",
        url="https://loket.example/contact", sequence=2,
    )
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded (RFC 5545 3.1)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "appointment-7@loket.example"
    assert event.decoded("DTSTART") == start and event.decoded("DTEND") == start + timedelta(minutes=30)
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    assert str(event["SUMMARY"]) == "Afspraak bij het Digital Career Loket"
    assert str(event["LOCATION"]) == "Grote Markt 1, 9711 LV Groningen; ingang naast de bibliotheek"  # ; and , escaped
    assert str(event["DESCRIPTION"]).endswith("tot ziens, één keer") and int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CONFIRMED"
    cancelled = icalendar.Calendar.from_ical(calendar_file(uid="u@x", start=start, end=start, stamp=start, summary="s",
                                                            location="l", cancelled=True))
    assert str(cancelled.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("text, expected", [
    ("2026-12-31", date(2026, 12, 31)), ("31-12-2026", date(2026, 12, 31)), ("31/12/2026", date(2026, 12, 31)),
    ("1.2.2027", date(2027, 2, 1)), (" 2026-12-31 ", date(2026, 12, 31)),
    ("61231-02-02", None), ("31-02-2026", None), ("12/31/2026", None), ("2026-13-01", None), ("tomorrow", None), ("", None),
])
def test_dates_as_people_type_them(text, expected):
    assert parse_user_date(text) == expected
