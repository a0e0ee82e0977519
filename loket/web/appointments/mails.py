"""Mails about an appointment: the confirmation (with a calendar file), a change, the reminder
the day before and the cancellation. Written in the language the visitor booked in; the
address is never logged."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale, format_date, gettext as _

from ...domain.appointments import calendar_file, local
from ...domain.loket import LoketInfo
from ...services.appointments import token_for
from ...services.mail import Attachment, send_mail
from ...storage.models.base import utcnow
from ...storage.models.desk import Appointment
from ..desk.forms import VISIT_TOPIC_LABELS
from ..urls import external_url


def manage_url(appointment: Appointment) -> str:
    token = token_for(current_app.config["SECRET_KEY"], appointment.id)
    return external_url("appointments.manage", token=token, lang=appointment.locale)


def _when(appointment: Appointment) -> str:
    start, end = local(appointment.starts_at), local(appointment.ends_at)
    # strftime, not format_time: Babel would convert to its default time zone (UTC); these are the loket's clock.
    return f"{format_date(start.date(), 'full')}, {start:%H:%M}–{end:%H:%M}"


def _uid(appointment: Appointment) -> str:
    host = urlsplit(external_url("public.home")).hostname or "localhost"
    return f"appointment-{appointment.id}@{host}"


def calendar(appointment: Appointment, info: LoketInfo, cancelled: bool = False) -> Attachment:
    """The appointment as an .ics file (RFC 5545), in the visitor's language."""
    text = calendar_file(
        uid=_uid(appointment),
        start=appointment.starts_at,
        end=appointment.ends_at,
        stamp=utcnow(),
        summary=_("Appointment at the Digital Career Loket"),
        location=info.address or _("Digital Career Loket"),
        description=_("Change or cancel: %(url)s", url=manage_url(appointment)) if not cancelled else "",
        url=external_url("public.contact", lang=appointment.locale),
        sequence=appointment.sequence,
        cancelled=cancelled,
    )
    return Attachment("appointment.ics", text, "text/calendar")


def _details(appointment: Appointment, info: LoketInfo) -> str:
    lines = [
        _("When: %(when)s", when=_when(appointment)),
        _("Where: %(address)s", address=info.address or _("the address is on %(url)s", url=external_url("public.contact", lang=appointment.locale))),
        _("About: %(topic)s", topic=VISIT_TOPIC_LABELS[appointment.topic]),
    ]
    return "\n".join(lines)


def confirmed(appointment: Appointment, info: LoketInfo, changed: bool = False) -> None:
    """The confirmation (or, after a change, the new time), with the calendar file and the manage link."""
    with force_locale(appointment.locale):
        subject = (_("Your appointment has moved: %(when)s", when=_when(appointment)) if changed
                   else _("Your appointment at the Digital Career Loket: %(when)s", when=_when(appointment)))
        body = _(
            "Thank you. We expect you at the Digital Career Loket.\n\n%(details)s\n\n"
            "The attached calendar file adds the appointment to your calendar. To change or cancel it, use this link "
            "(keep it to yourself):\n%(url)s\n\n"
            "We send you a reminder the day before. Bring your CV and your questions; do not bring or send your "
            "citizen service number (BSN).",
            details=_details(appointment, info),
            url=manage_url(appointment),
        )
        attachment = calendar(appointment, info)
    send_mail(appointment.email, subject, body, attachments=[attachment])


def reminder(appointment: Appointment, info: LoketInfo) -> None:
    """The day before (for services.appointments.send_reminders: raises MailError)."""
    with force_locale(appointment.locale):
        subject = _("Reminder: your appointment tomorrow at the Digital Career Loket")
        body = _(
            "See you tomorrow at the Digital Career Loket.\n\n%(details)s\n\n"
            "Cannot come? Please cancel or change the appointment, so someone else can have the time:\n%(url)s",
            details=_details(appointment, info),
            url=manage_url(appointment),
        )
    send_mail(appointment.email, subject, body)


def cancelled(appointment: Appointment, info: LoketInfo) -> None:
    """After cancelling: a short confirmation and a calendar file that removes the event."""
    with force_locale(appointment.locale):
        subject = _("Your appointment is cancelled")
        body = _(
            "Your appointment on %(when)s at the Digital Career Loket is cancelled. We have deleted your e-mail address.\n\n"
            "You can book a new appointment at any time: %(url)s",
            when=_when(appointment),
            url=external_url("appointments.book", lang=appointment.locale),
        )
        attachment = calendar(appointment, info, cancelled=True)
    send_mail(appointment.email, subject, body, attachments=[attachment])
