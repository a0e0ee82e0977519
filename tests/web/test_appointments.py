"""Booking at the loket through the web: day → time → confirmation mail with a calendar file → reminder
(`loket appointments remind`) → cancel, with the outbox; the staff's list; CSRF, rate limits, bad input;
the e-mail address never in a URL."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import icalendar
import pytest
from sqlalchemy import func, select

from loket.storage.models.desk import Appointment, DeskVisit

BOOKING = {"day": "2026-11-24", "slot": "2026-11-24T10:30", "topic": "visa-residence", "language": "en",
           "email": "visitor@example.nl"}


def text(response) -> str:
    return response.get_data(as_text=True)


def count(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count(Appointment.id)))


def calendar_of(mail) -> icalendar.Event:
    (part,) = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "appointment.ics"
    return icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")[0]


def body(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def manage_link(mail) -> str:
    return re.search(r"http://localhost(/appointments/manage/[A-Za-z0-9_-]{32})\?lang=\w\w", body(mail)).group(1)


def test_book_get_the_calendar_file_a_reminder_and_cancel(client, forms, db, outbox, runner, app):
    page = text(client.get("/appointments?lang=en"))
    # Monday 23 November 2026 (the pinned day): the plan's 2026 days are Tuesday to Thursday.
    assert 'href="/appointments?day=2026-11-24#times-heading"' in page and "12 times free" in page
    assert "Wednesday 25 November" in page and "Monday 23 November" not in page
    assert 'value="2026-11-24T10:00"' in page and 'value="2026-11-24T15:30"' in page  # 10:00–16:00, 30 minutes

    response = forms.submit("/appointments", BOOKING, page="/appointments")
    assert response.status_code == 303 and response.headers["Location"] == "/appointments/booked"
    booked = text(client.get("/appointments/booked"))
    assert "Tuesday, November 24, 2026, 10:30–11:00" in booked and "visitor@example.nl" not in booked
    (confirmation,) = outbox()
    assert confirmation["To"] == "visitor@example.nl" and "10:30" in confirmation["Subject"]
    event = calendar_of(confirmation)
    assert event.decoded("DTSTART") == datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)
    assert event.decoded("DTEND") == datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)
    assert str(event["UID"]).startswith("appointment-") and event.get("DTSTAMP")
    assert str(event["SUMMARY"]) == "Appointment at the Digital Career Loket"
    link = manage_link(confirmation)
    assert "visitor" not in link and "example.nl" not in link  # a token, never the address
    assert link in str(event["DESCRIPTION"])

    # The slot is gone for the next visitor; the reminder goes out the day before, with the same link.
    assert 'value="2026-11-24T10:30"' not in text(client.get("/appointments?day=2026-11-24"))
    result = runner("appointments", "remind", "--now", "2026-11-23T09:00")
    assert "1 reminder(s) sent" in result.output
    reminder = outbox()[1]
    assert reminder["Subject"].startswith("Reminder") and manage_link(reminder) == link
    assert "0 reminder(s) sent" in runner("appointments", "remind", "--now", "2026-11-23T10:00").output

    manage = client.get(link)
    assert manage.status_code == 200 and manage.headers["Referrer-Policy"] == "no-referrer"
    cancelled = forms.submit(link + "/cancel", {}, page=link)
    assert cancelled.status_code == 303 and cancelled.headers["Location"] == "/appointments/cancelled"
    notice = outbox()[2]
    assert notice["Subject"] == "Your appointment is cancelled" and str(calendar_of(notice)["STATUS"]) == "CANCELLED"
    assert str(calendar_of(notice)["UID"]) == str(event["UID"]) and int(calendar_of(notice)["SEQUENCE"]) > 0
    assert client.get(link).status_code == 404 and "no longer works" in text(client.get(link))
    row = db.scalars(select(Appointment)).one()
    assert row.email is None and row.status == "cancelled"
    assert 'value="2026-11-24T10:30"' in text(client.get("/appointments?day=2026-11-24"))
    for mail in outbox():  # no address in any link of any mail
        assert "visitor@example.nl" not in "".join(re.findall(r"https?://\S+", body(mail)))


def test_booking_in_dutch_gets_dutch_mails(client, forms, outbox):
    forms.submit("/appointments", BOOKING, page="/appointments?lang=nl")
    (mail,) = outbox()
    assert mail["Subject"].startswith("Je afspraak bij het Digital Career Loket") and "?lang=nl" in body(mail)
    assert str(calendar_of(mail)["SUMMARY"]) == "Afspraak bij het Digital Career Loket"


def test_reschedule_through_the_link_moves_the_appointment(client, forms, db, outbox):
    forms.submit("/appointments", BOOKING, page="/appointments")
    link = manage_link(outbox()[0])
    page = text(client.get(link + "?day=2026-11-26"))
    assert 'value="2026-11-26T14:00"' in page
    moved = forms.submit(link + "/reschedule", {"slot": "2026-11-26T14:00", "day": "2026-11-26"}, page=link)
    assert moved.status_code == 303 and moved.headers["Location"] == link
    assert "has moved" in text(client.get(link))
    new = outbox()[1]
    assert calendar_of(new).decoded("DTSTART") == datetime(2026, 11, 26, 13, 0, tzinfo=timezone.utc)
    assert int(calendar_of(new)["SEQUENCE"]) == 1 and manage_link(new) == link
    bad = forms.submit(link + "/reschedule", {"slot": "2026-11-26T14:10"}, page=link)
    assert bad.status_code == 400 and "cannot be booked" in text(bad)


@pytest.mark.parametrize("change, message", [
    ({"email": "not an address"}, "e-mail address like"), ({"email": ""}, "Enter your e-mail address"),
    ({"topic": "astrology"}, "Choose one of the options"), ({"topic": ""}, "Choose what your question is about"),
    ({"language": "de"}, "Choose one of the options"), ({"slot": ""}, "Choose a time"),
    ({"slot": "2026-11-24T10:10"}, "cannot be booked"), ({"slot": "2026-11-23T10:00"}, "cannot be booked"),
])
def test_bad_input_gives_the_form_with_an_error_and_writes_nothing(client, forms, db, outbox, change, message):
    response = forms.submit("/appointments", {**BOOKING, **change}, page="/appointments")
    assert response.status_code == 400 and message in text(response) and "There is a problem" in text(response)
    assert count(db) == 0 and outbox() == []


def test_a_nul_byte_is_refused_before_the_form_and_writes_nothing(client, forms, db, outbox):
    # web/guards.py answers any NUL byte in a form field with 400, before the view (PostgreSQL cannot store one).
    response = forms.submit("/appointments", {**BOOKING, "slot": "2026-11-24T10:00\x00"}, page="/appointments")
    assert response.status_code == 400
    assert count(db) == 0 and outbox() == []


def test_a_taken_slot_says_so(client, forms, db):
    forms.submit("/appointments", BOOKING, page="/appointments")
    second = forms.submit("/appointments", {**BOOKING, "email": "other@example.nl"}, page="/appointments")
    assert second.status_code == 400 and "cannot be booked" in text(second) or "Someone else" in text(second)
    assert count(db) == 1


def test_booking_needs_a_csrf_token_and_is_rate_limited(client, forms, db):
    assert client.post("/appointments", data=BOOKING).status_code == 400  # ASVS 3.5.1
    assert count(db) == 0
    slots = ["10:00", "10:30", "11:00", "11:30", "12:00"]
    for n, slot in enumerate(slots):
        ok = forms.submit("/appointments", {**BOOKING, "slot": f"2026-11-24T{slot}", "email": f"v{n}@example.nl"},
                          page="/appointments")
        assert ok.status_code == 303
    limited = forms.submit("/appointments", {**BOOKING, "slot": "2026-11-24T13:00"}, page="/appointments")
    assert limited.status_code == 429 and count(db) == 5  # ASVS 2.4.1


@pytest.mark.parametrize("query", ["day=yesterday", "day=2026-02-30"])
def test_a_malformed_day_is_400(client, query):
    assert client.get(f"/appointments?{query}").status_code == 400


def test_unknown_manage_links_are_404_and_reveal_nothing(client, forms):
    for url in ("/appointments/manage/" + "x" * 32, "/appointments/manage/short"):
        assert client.get(url).status_code == 404
    token = forms.token("/appointments")
    assert client.post("/appointments/manage/" + "x" * 32 + "/cancel", data={"csrf_token": token}).status_code == 404


def test_without_a_time_range_nothing_can_be_booked(client, make, auth, forms):
    auth.login(make.user(role="admin").email)
    forms.submit("/desk/settings", {"days": ["tue"], "hours": "", "address": "", "booking": ""})
    assert "There are no times to book" in text(client.get("/appointments"))


def test_staff_see_the_week_log_a_visit_in_one_click_and_block_a_slot(client, forms, db, make, auth):
    forms.submit("/appointments", BOOKING, page="/appointments")
    auth.login(make.user(role="staff").email)
    desk = text(client.get("/desk"))
    assert "Today's appointments" in desk and "No appointments today." in desk  # the pinned Monday is closed
    week = text(client.get("/desk/appointments"))
    assert "Tuesday 24 November" in week and "Visa and residence" in week and "visitor@example.nl" not in week
    appointment = db.scalars(select(Appointment)).one()
    response = forms.submit(f"/desk/appointments/{appointment.id}/visit", {"week": "2026-11-23"}, page="/desk/appointments")
    assert response.status_code == 303 and response.headers["Location"].startswith("/desk/appointments?week=2026-11-23")
    visit = db.scalars(select(DeskVisit)).one()
    assert (visit.channel, visit.topic) == ("by-appointment", "visa-residence")
    db.expire_all()
    assert db.get(Appointment, appointment.id).status == "attended"
    assert "visit logged" in text(client.get("/desk/appointments?week=2026-11-24"))

    blocked = forms.submit("/desk/appointments/block", {"slot": "2026-11-25T10:00"}, page="/desk/appointments")
    assert blocked.status_code == 303
    assert 'value="2026-11-25T10:00"' not in text(client.get("/appointments?day=2026-11-25"))
    row = db.scalars(select(Appointment).where(Appointment.status == "blocked")).one()
    forms.submit(f"/desk/appointments/{row.id}/unblock", {}, page="/desk/appointments")
    assert 'value="2026-11-25T10:00"' in text(client.get("/appointments?day=2026-11-25"))
    assert client.get("/desk/appointments?week=someday").status_code == 400


def test_no_show_and_correction(client, forms, db, logged_in_staff):
    from loket.services import appointments
    from loket.web.assistant.present import current_loket
    from loket.web.db import now

    with client.application.test_request_context():
        appointment, _ = appointments.book(db, current_loket(), slot_key="2026-11-24T10:00", topic="other", language="nl",
                                           email="x@example.nl", locale="nl", now=now(), secret_key="test-secret")
    forms.submit(f"/desk/appointments/{appointment.id}/status", {"status": "no-show"}, page="/desk/appointments")
    db.expire_all()
    assert db.get(Appointment, appointment.id).status == "no-show"
    assert forms.submit(f"/desk/appointments/{appointment.id}/status", {"status": "cancelled"},
                        page="/desk/appointments").status_code == 400
    forms.submit(f"/desk/appointments/{appointment.id}/status", {"status": "attended"}, page="/desk/appointments")
    db.expire_all()
    assert db.get(Appointment, appointment.id).status == "attended"
    assert client.post("/desk/appointments/999999/visit", data={"csrf_token": forms.token("/desk")}).status_code == 404


def test_the_contact_page_and_the_assistants_handoff_link_to_booking(client, assistant):
    assert 'href="/appointments"' in text(client.get("/contact?lang=en"))
    reply = client.post("/api/v1/ask", json={"question": "Write me a poem about the sea", "lang": "nl"}).get_json()
    assert reply["handoff"] and reply["loket"]["booking_url"] == "/appointments?lang=nl"
    page = text(client.post("/assistant", data={"question": "Write me a poem about the sea", "lang": "en",
                                                "csrf_token": __import__("tests.conftest", fromlist=["Forms"]).Forms(client).token("/assistant")}))
    assert 'href="/appointments?lang=en"' in page


def test_purge_command_deletes_old_addresses(runner, forms, db):
    forms.submit("/appointments", BOOKING, page="/appointments")
    assert "of 0 appointment(s)" in runner("appointments", "purge", "--now", "2026-12-01").output
    assert "of 1 appointment(s)" in runner("appointments", "purge", "--now", "2026-12-25").output
    db.expire_all()
    assert db.scalars(select(Appointment)).one().email is None
