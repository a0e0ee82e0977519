"""Appointments on SQLite and PostgreSQL: booking, double bookings under concurrent requests (refused by
the database's unique constraint), reschedule, cancel, reminders, the purge of personal data, staff actions."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from loket.domain.appointments import AppointmentStatus
from loket.domain.loket import LoketInfo
from loket.services import appointments
from loket.storage.models.desk import Appointment, DeskVisit

INFO = LoketInfo(address="Grote Markt 1", days=("tue", "wed", "thu"), hours="10:00–12:00", booking="", slot_minutes=30)
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)  # Monday morning
SECRET = "test-secret"


def book(session, slot="2026-11-24T10:00", email="Visitor@Example.nl", **changes):
    values = dict(slot_key=slot, topic="cv-applying", language="en", email=email, locale="en", now=NOW, secret_key=SECRET)
    values.update(changes)
    return appointments.book(session, INFO, **values)


def test_book_stores_codes_a_hashed_token_and_the_address(db):
    appointment, token = book(db)
    assert token == appointments.token_for(SECRET, appointment.id) and len(token) == 32
    db.expire_all()
    row = db.get(Appointment, appointment.id)
    assert row.status == AppointmentStatus.BOOKED and row.email == "visitor@example.nl"
    assert row.token_hash != token and len(row.token_hash) == 64
    assert row.starts_at.replace(tzinfo=timezone.utc) == datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    assert appointments.by_token(db, token).id == appointment.id
    assert appointments.by_token(db, "x" * 32) is None and appointments.by_token(db, "") is None


@pytest.mark.parametrize("slot, code", [("2026-11-23T10:00", "no-slot"), ("2026-11-24T10:15", "no-slot"),
                                        ("2027-03-02T10:00", "no-slot"), ("junk", "no-slot")])
def test_only_free_bookable_slots_can_be_booked(db, slot, code):
    with pytest.raises(appointments.AppointmentError) as refused:
        book(db, slot)
    assert refused.value.code == code
    assert db.scalar(select(func.count(Appointment.id))) == 0


def test_a_taken_or_blocked_slot_is_refused_and_free_slots_say_so(db):
    book(db, "2026-11-24T10:00")
    appointments.block(db, INFO, "2026-11-24T10:30", NOW)
    for slot in ("2026-11-24T10:00", "2026-11-24T10:30"):
        with pytest.raises(appointments.AppointmentError) as refused:
            book(db, slot, email="other@example.nl")
        assert refused.value.code == "taken"
    free = [s.key for s in appointments.free_slots(db, INFO, date(2026, 11, 24), NOW)]
    assert free == ["2026-11-24T11:00", "2026-11-24T11:30"]
    days = dict(appointments.free_days(db, INFO, NOW))
    assert days[date(2026, 11, 24)] == 2 and days[date(2026, 11, 25)] == 4


def test_the_database_refuses_a_second_row_for_the_same_slot(app, db):
    # The constraint itself, in two sessions: no look-up in the service could be racing here.
    first, _token = book(db)
    with app.extensions["loket.db"].session() as other:
        other.add(Appointment(starts_at=first.starts_at, ends_at=first.ends_at, held_slot=first.starts_at,
                              status=AppointmentStatus.BLOCKED, locale="en", sequence=0, visit_logged=False))
        with pytest.raises(IntegrityError):
            other.commit()


def test_concurrent_bookings_of_one_slot_give_exactly_one_appointment(app, db):
    database = app.extensions["loket.db"]
    requests = 6
    barrier = threading.Barrier(requests)
    results: list[str] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        with database.session() as session:
            barrier.wait()
            try:
                book(session, "2026-11-26T11:30", email=f"visitor{n}@example.nl")
                outcome = "booked"
            except appointments.AppointmentError as exc:
                outcome = exc.code
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == ["booked"] + ["taken"] * (requests - 1)
    db.expire_all()
    assert db.scalar(select(func.count(Appointment.id))) == 1


def test_reschedule_moves_the_slot_and_cancel_frees_it_and_forgets_the_address(db):
    appointment, token = book(db)
    appointment.reminder_sent_at = NOW
    db.commit()
    appointments.reschedule(db, INFO, appointment, "2026-11-25T11:00", NOW)
    assert appointment.sequence == 1 and appointment.reminder_sent_at is None
    assert "2026-11-24T10:00" in [s.key for s in appointments.free_slots(db, INFO, date(2026, 11, 24), NOW)]
    other, _ = book(db, "2026-11-24T10:00", email="b@example.nl")
    with pytest.raises(appointments.AppointmentError) as taken:
        appointments.reschedule(db, INFO, appointment, "2026-11-24T10:00", NOW)
    assert taken.value.code == "taken" and appointment.sequence == 1

    told = []
    appointments.cancel(db, appointment, NOW, notify=lambda a: told.append((a.email, a.status)))
    assert told == [("visitor@example.nl", AppointmentStatus.CANCELLED)]  # mailed before the address goes
    db.expire_all()
    row = db.get(Appointment, appointment.id)
    assert row.status == AppointmentStatus.CANCELLED and row.held_slot is None and row.email is None and row.token_hash is None
    assert appointments.by_token(db, token) is None
    book(db, "2026-11-25T11:00", email="c@example.nl")  # the slot is free again
    with pytest.raises(appointments.AppointmentError):
        appointments.cancel(db, row, NOW)


def test_a_failed_cancellation_mail_still_cancels(db, caplog):
    appointment, _ = book(db)

    def broken(_a):
        raise OSError("mail server away")

    appointments.cancel(db, appointment, NOW, notify=broken)
    assert appointment.status == AppointmentStatus.CANCELLED and appointment.email is None
    assert "visitor@example.nl" not in caplog.text


def test_reminders_go_out_once_the_day_before(db):
    tomorrow, _ = book(db, "2026-11-24T10:00")
    later, _ = book(db, "2026-11-25T10:00", email="later@example.nl")
    sent = []
    assert appointments.send_reminders(db, NOW, lambda a: sent.append(a.id)) == 1
    assert sent == [tomorrow.id]
    assert appointments.send_reminders(db, NOW, lambda a: sent.append(a.id)) == 0  # once

    def broken(_a):
        raise OSError("mail server away")

    assert appointments.send_reminders(db, NOW + timedelta(days=1), broken) == 0
    assert later.reminder_sent_at is None  # tried again at the next run
    assert appointments.send_reminders(db, NOW + timedelta(days=1), lambda a: sent.append(a.id)) == 1
    assert sent == [tomorrow.id, later.id]


def test_purge_deletes_personal_data_thirty_days_after_and_keeps_the_codes(db):
    old, old_token = book(db, "2026-11-24T10:00")
    recent, _ = book(db, "2026-11-26T10:00", email="recent@example.nl")
    assert appointments.purge(db, NOW + timedelta(days=30)) == 0  # 10:00 on the 24th is less than 30 days before
    assert appointments.purge(db, datetime(2026, 12, 25, 12, 0, tzinfo=timezone.utc)) == 1
    db.expire_all()
    purged, kept = db.get(Appointment, old.id), db.get(Appointment, recent.id)
    assert purged.email is None and purged.token_hash is None and purged.topic == "cv-applying"
    assert kept.email == "recent@example.nl"
    assert appointments.by_token(db, old_token) is None
    assert appointments.purge(db, datetime(2026, 12, 25, 12, 0, tzinfo=timezone.utc)) == 0


def test_staff_mark_log_a_visit_in_one_step_and_block(db):
    appointment, _ = book(db, "2026-11-24T10:00")
    no_show, _ = book(db, "2026-11-24T10:30", email="b@example.nl")
    appointments.log_visit(db, appointment)
    visit = db.scalars(select(DeskVisit)).one()
    assert (visit.topic, visit.language, visit.channel, visit.outcome) == ("cv-applying", "en", "by-appointment", "answered")
    assert appointment.status == AppointmentStatus.ATTENDED and appointment.visit_logged
    with pytest.raises(appointments.AppointmentError):
        appointments.log_visit(db, appointment)  # once
    appointments.mark(db, no_show, "no-show")
    assert no_show.status == AppointmentStatus.NO_SHOW
    plan = appointments.day_plan(db, INFO, date(2026, 11, 24))
    assert [(s.slot.key[-5:], s.appointment.id if s.appointment else None) for s in plan] == [
        ("10:00", appointment.id), ("10:30", no_show.id), ("11:00", None), ("11:30", None)]
    blocked = appointments.block(db, INFO, "2026-11-24T11:00", NOW)
    with pytest.raises(appointments.AppointmentError):
        appointments.block(db, INFO, "2026-11-24T11:00", NOW)
    appointments.unblock(db, blocked)
    assert [s.key for s in appointments.free_slots(db, INFO, date(2026, 11, 24), NOW)] == ["2026-11-24T11:00", "2026-11-24T11:30"]
    with pytest.raises(appointments.AppointmentError):
        appointments.unblock(db, appointment)
