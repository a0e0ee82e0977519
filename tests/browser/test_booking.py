"""Booking an appointment end to end in headless Chromium, with the real outbox: choose a day and a
time, get the confirmation with its calendar file, get the reminder, open the link and cancel.
axe on every page of it; the booking form is usable on a phone (touch targets of 44 px)."""
from __future__ import annotations

import re
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import icalendar

from loket.domain.appointments import local
from loket.services import appointments
from loket.storage.models.desk import Appointment
from loket.web.appointments import mails
from loket.web.assistant.present import current_loket

EMAIL = "booking-visitor@example.nl"


def outbox(app) -> list:
    folder = Path(app.config["LOKET_INSTANCE_PATH"]) / "outbox"
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def mails_to(app, address: str) -> list:
    return [m for m in outbox(app) if m["To"] == address]


def test_book_get_the_calendar_file_a_reminder_and_cancel(page, live_server, live_app, assert_accessible):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server + "/contact?lang=en")
    page.get_by_role("link", name="Book an appointment").first.click()
    page.wait_for_url(re.compile(r"/appointments$"))
    assert_accessible(page)

    # A day, then a time, topic, language and address.
    days = page.locator(".day-choice a")
    assert days.count() > 0
    days.nth(min(1, days.count() - 1)).click()
    page.wait_for_url(re.compile(r"/appointments\?day=\d{4}-\d{2}-\d{2}"))
    assert "@" not in page.url
    page.get_by_role("button", name="Book the appointment").click()  # nothing chosen: errors, accessible
    page.locator(".error-summary").wait_for()
    assert "Choose a time." in page.locator(".error-summary").inner_text()
    assert_accessible(page)
    for selector in ("select", "input[type=email]", "button"):  # touch-friendly on a phone
        for box in [el.bounding_box() for el in page.locator(f"main {selector}").all()]:
            assert box["height"] >= 44, f"{selector} is {box['height']} px high"
    first_time = page.locator(".slot-choice label").first
    chosen = first_time.inner_text()
    first_time.click()
    page.get_by_label("What is your question about?").select_option("cv-applying")
    page.get_by_label("English").check()
    page.get_by_label("Your e-mail address").fill(EMAIL)
    page.get_by_role("button", name="Book the appointment").click()
    page.wait_for_url(re.compile(r"/appointments/booked$"))
    assert chosen in page.locator("main").inner_text() and EMAIL not in page.locator("main").inner_text()
    assert_accessible(page)

    # The confirmation: a calendar file that parses, and the manage link (a token, not the address).
    (confirmation,) = mails_to(live_app, EMAIL)
    (ics,) = [p for p in confirmation.iter_attachments() if p.get_content_type() == "text/calendar"]
    event = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Appointment at the Digital Career Loket" and event.get("UID") and event.get("DTSTAMP")
    start = event.decoded("DTSTART")
    assert local(start).strftime("%H:%M") == chosen.split("–")[0]
    link = re.search(r"https?://\S+/appointments/manage/[\w-]{32}\?lang=en", confirmation.get_body(("plain",)).get_content()).group(0)
    assert "example.nl" not in link

    # The reminder, the day before (what `loket appointments remind` does from cron).
    database = live_app.extensions["loket.db"]
    with live_app.test_request_context("/"), database.session() as session:
        info = current_loket()
        sent = appointments.send_reminders(session, start - timedelta(hours=20), lambda a: mails.reminder(a, info))
    assert sent >= 1
    reminder = mails_to(live_app, EMAIL)[-1]
    token_path = link.split("/", 3)[3]  # the reminder's links are on the command's host; the token is the same
    assert reminder["Subject"].startswith("Reminder") and token_path in reminder.get_body(("plain",)).get_content()

    # The link from the mail: change or cancel; cancel.
    page.goto(link)
    assert page.locator("h1").inner_text() == "Your appointment"
    assert_accessible(page)
    page.get_by_role("button", name="Cancel this appointment").click()
    page.wait_for_url(re.compile(r"/appointments/cancelled$"))
    assert_accessible(page)
    assert mails_to(live_app, EMAIL)[-1]["Subject"] == "Your appointment is cancelled"
    with database.session() as session:
        assert session.query(Appointment).filter(Appointment.email == EMAIL).count() == 0  # the address is gone
    response = page.goto(link)
    assert response.status == 404 and "no longer works" in page.locator("main").inner_text()
    assert_accessible(page)
