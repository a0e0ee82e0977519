"""Appointments at the loket: book, reschedule, cancel, remind, purge; the staff's list.

No Flask here. The service owns the writes (it commits). A double booking is refused by the
database (the unique `held_slot`), not by a look-up first, so two requests at the same
moment cannot both win. The visitor's e-mail address is the only personal data: it is used
for the confirmation, the reminder and the cancellation, removed when an appointment is
cancelled and RETENTION_DAYS after it took place (`purge`). Addresses are never logged.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.accounts import normalise_email
from ..domain.appointments import (
    LOKET_TZ,
    RETENTION_DAYS,
    AppointmentStatus,
    Slot,
    bookable_days,
    day_slots,
    find_slot,
    is_bookable,
)
from ..domain.indicators import VisitChannel, VisitLanguage, VisitOutcome, VisitTopic
from ..domain.loket import LoketInfo
from ..storage.models.base import utcnow
from ..storage.models.desk import Appointment
from . import desk

log = logging.getLogger(__name__)

TOKEN_BYTES = 24
_TOKEN_PURPOSE = "loket.appointment"

#: notify(appointment) sends one mail about the appointment; it raises when the mail could not be sent.
Notify = Callable[[Appointment], None]


class AppointmentError(ValueError):
    """The action is refused; `code` says why (the web layer words it): no-slot (not a bookable
    slot), taken (someone else has it), not-active (cancelled or past), bad-input."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class SlotState:
    """A slot of a day for the staff's list: free, or held by an appointment (booked or blocked)."""

    slot: Slot
    appointment: Appointment | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_for(secret_key: str, appointment_id: int) -> str:
    """The manage link's token: a keyed hash of the appointment id, so the reminder can carry the
    same link as the confirmation. The database keeps only its sha256 (deleted at cancellation
    and at the purge, which ends the link); without the secret key nobody can make one."""
    digest = hmac.new(secret_key.encode(), f"{_TOKEN_PURPOSE}:{appointment_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode().rstrip("=")


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last`, in the loket's time zone, as UTC."""
    start = datetime.combine(first, time.min, tzinfo=LOKET_TZ)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=LOKET_TZ)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def held_between(session: Session, first: date, last: date) -> list[Appointment]:
    """Appointments and blocks holding a slot from `first` to `last` (local days), by start."""
    start, end = _day_bounds(first, last)
    return list(session.scalars(
        select(Appointment)
        .where(Appointment.held_slot.is_not(None), Appointment.starts_at >= start, Appointment.starts_at < end)
        .order_by(Appointment.starts_at, Appointment.id)
    ))


def _held_starts(session: Session, first: date, last: date) -> set[datetime]:
    return {_utc(a.starts_at) for a in held_between(session, first, last)}


# --- For visitors ------------------------------------------------------------------------------


def free_slots(session: Session, info: LoketInfo, day: date, now: datetime) -> list[Slot]:
    """The slots of `day` a visitor can still book: bookable now and not held."""
    held = _held_starts(session, day, day)
    return [s for s in day_slots(info, day) if is_bookable(s, now) and s.start_utc not in held]


def free_days(session: Session, info: LoketInfo, now: datetime) -> list[tuple[date, int]]:
    """Each opening day in the booking window with how many slots are free (days without any are left out)."""
    days = list(bookable_days(info, now))
    if not days:
        return []
    held = _held_starts(session, days[0], days[-1])
    result = []
    for day in days:
        free = sum(1 for s in day_slots(info, day) if is_bookable(s, now) and s.start_utc not in held)
        if free:
            result.append((day, free))
    return result


def _bookable_slot(info: LoketInfo, key: str, now: datetime) -> Slot:
    slot = find_slot(info, key)
    if slot is None or not is_bookable(slot, now):
        raise AppointmentError("no-slot")
    return slot


def book(
    session: Session,
    info: LoketInfo,
    *,
    slot_key: str,
    topic: str,
    language: str,
    email: str,
    locale: str,
    now: datetime,
    secret_key: str,
) -> tuple[Appointment, str]:
    """Book the slot `slot_key` ('YYYY-MM-DDTHH:MM', local); returns the appointment and its manage token.

    Raises AppointmentError: "no-slot" (not a bookable slot), "taken" (held by another
    booking or blocked: the unique constraint decides), "bad-input" (unknown topic/language).
    Nothing is written then.
    """
    slot = _bookable_slot(info, slot_key, now)
    try:
        topic_code, language_code = VisitTopic(topic), VisitLanguage(language)
    except ValueError:
        raise AppointmentError("bad-input") from None
    appointment = Appointment(
        starts_at=slot.start_utc,
        ends_at=slot.end.astimezone(timezone.utc),
        held_slot=slot.start_utc,
        status=AppointmentStatus.BOOKED,
        topic=topic_code,
        language=language_code,
        locale=locale if locale in ("en", "nl") else "en",
        email=normalise_email(email),
        sequence=0,
        visit_logged=False,
    )
    session.add(appointment)
    try:
        session.flush()  # the unique held_slot decides here; the id makes the token
        token = token_for(secret_key, appointment.id)
        appointment.token_hash = _hash(token)
        session.commit()
    except IntegrityError:
        session.rollback()
        raise AppointmentError("taken") from None
    return appointment, token


def by_token(session: Session, token: str | None) -> Appointment | None:
    """The booked (not yet cancelled or purged) appointment of a manage link, else None."""
    if not token or not isinstance(token, str) or len(token) > 100:
        return None
    return session.scalar(
        select(Appointment).where(Appointment.token_hash == _hash(token), Appointment.status == AppointmentStatus.BOOKED)
    )


def _active(appointment: Appointment, now: datetime) -> None:
    if appointment.status != AppointmentStatus.BOOKED or _utc(appointment.starts_at) < now:
        raise AppointmentError("not-active")


def reschedule(session: Session, info: LoketInfo, appointment: Appointment, slot_key: str, now: datetime) -> Appointment:
    """Move a booked appointment to another free slot; the calendar file's sequence goes up and the
    reminder is due again. Raises AppointmentError (no-slot, taken, not-active); nothing changes then."""
    _active(appointment, now)
    slot = _bookable_slot(info, slot_key, now)
    appointment_id = appointment.id
    try:
        session.execute(
            update(Appointment)
            .where(Appointment.id == appointment_id)
            .values(starts_at=slot.start_utc, ends_at=slot.end.astimezone(timezone.utc), held_slot=slot.start_utc,
                    sequence=Appointment.sequence + 1, reminder_sent_at=None, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        session.commit()
    except IntegrityError:
        session.rollback()
        raise AppointmentError("taken") from None
    session.refresh(appointment)
    return appointment


def cancel(session: Session, appointment: Appointment, now: datetime, notify: Notify | None = None) -> None:
    """Cancel a booked appointment: the slot is free again, `notify` sends the cancellation, then the
    e-mail address and the manage token are deleted. Raises AppointmentError("not-active")."""
    _active(appointment, now)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.held_slot = None
    appointment.sequence += 1
    session.commit()
    if notify is not None:
        try:
            notify(appointment)
        except Exception as exc:  # the cancellation stands; only the mail is missing
            log.error("cancellation mail for appointment %s not sent: %s", appointment.id, type(exc).__name__)
    appointment.email = None
    appointment.token_hash = None
    session.commit()


def due_reminders(session: Session, now: datetime) -> list[Appointment]:
    """Booked appointments of tomorrow (the loket's local day) not reminded yet."""
    tomorrow = now.astimezone(LOKET_TZ).date() + timedelta(days=1)
    start, end = _day_bounds(tomorrow, tomorrow)
    return list(session.scalars(
        select(Appointment)
        .where(Appointment.status == AppointmentStatus.BOOKED, Appointment.reminder_sent_at.is_(None),
               Appointment.email.is_not(None), Appointment.starts_at >= start, Appointment.starts_at < end)
        .order_by(Appointment.starts_at, Appointment.id)
    ))


def send_reminders(session: Session, now: datetime, notify: Notify) -> int:
    """Remind each of tomorrow's appointments once; a failed mail is tried at the next run. Returns how many were sent."""
    sent = 0
    for appointment in due_reminders(session, now):
        try:
            notify(appointment)
        except Exception as exc:  # one mail problem must not stop the other reminders
            log.error("reminder for appointment %s not sent: %s", appointment.id, type(exc).__name__)
            continue
        appointment.reminder_sent_at = utcnow()
        session.commit()
        sent += 1
    return sent


def purge(session: Session, now: datetime, days: int = RETENTION_DAYS) -> int:
    """Delete the e-mail address and manage token of appointments that started more than `days` days
    before `now`; the codes (topic, language, status) stay for the indicators. Returns how many."""
    cutoff = _utc(now) - timedelta(days=days)
    result = session.execute(
        update(Appointment)
        .where(Appointment.starts_at < cutoff, or_(Appointment.email.is_not(None), Appointment.token_hash.is_not(None)))
        .values(email=None, token_hash=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount or 0


# --- For staff -----------------------------------------------------------------------------------


def day_plan(session: Session, info: LoketInfo, day: date) -> list[SlotState]:
    """Every slot of `day` with what holds it, plus held appointments outside today's slots
    (booked before the hours or slot length changed), by start time."""
    held = {_utc(a.starts_at): a for a in held_between(session, day, day)}
    states = [SlotState(slot, held.pop(slot.start_utc, None)) for slot in day_slots(info, day)]
    for start, appointment in held.items():
        states.append(SlotState(Slot(start.astimezone(LOKET_TZ), _utc(appointment.ends_at).astimezone(LOKET_TZ)), appointment))
    return sorted(states, key=lambda s: s.slot.start)


def get(session: Session, appointment_id: int) -> Appointment | None:
    return session.get(Appointment, appointment_id)


def mark(session: Session, appointment: Appointment, status: str) -> Appointment:
    """Staff mark a visitor's appointment attended or no-show (and may correct one for the other)."""
    wanted = AppointmentStatus(status)
    allowed = {AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW}
    if wanted not in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW) or appointment.status not in allowed:
        raise AppointmentError("not-active")
    appointment.status = wanted
    session.commit()
    return appointment


def log_visit(session: Session, appointment: Appointment, now: datetime | None = None) -> Appointment:
    """One click: the visitor came. Marks it attended and logs a desk visit with the appointment's topic
    and language (channel 'appointment', outcome 'answered'), once."""
    if appointment.status not in (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED) or appointment.visit_logged:
        raise AppointmentError("not-active")
    appointment.status = AppointmentStatus.ATTENDED
    appointment.visit_logged = True
    desk.log_visit(session, topic=appointment.topic.value, language=appointment.language.value,
                   channel=VisitChannel.APPOINTMENT.value, outcome=VisitOutcome.ANSWERED.value, now=now)
    return appointment  # desk.log_visit committed both


def block(session: Session, info: LoketInfo, slot_key: str, now: datetime) -> Appointment:
    """Staff close a free future slot for booking. Raises AppointmentError: no-slot, taken."""
    slot = find_slot(info, slot_key)
    if slot is None or slot.start < now:
        raise AppointmentError("no-slot")
    row = Appointment(starts_at=slot.start_utc, ends_at=slot.end.astimezone(timezone.utc), held_slot=slot.start_utc,
                      status=AppointmentStatus.BLOCKED, locale="en", sequence=0, visit_logged=False)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise AppointmentError("taken") from None
    return row


def unblock(session: Session, appointment: Appointment) -> None:
    """Open a blocked slot again."""
    if appointment.status != AppointmentStatus.BLOCKED:
        raise AppointmentError("not-active")
    session.execute(delete(Appointment).where(Appointment.id == appointment.id))
    session.commit()
