"""Booking at the loket: /appointments (choose a day, then a time), the confirmation page, and
/appointments/manage/<token> (the link in the mails) to change or cancel.

The e-mail address travels only in the POST body and the mails, never in a URL; the manage
link carries a token instead, and its page sends no Referer. Posts are rate limited.
"""
from __future__ import annotations

import logging
from datetime import date

from flask import (Blueprint, abort, current_app, flash, make_response, redirect, render_template, request,
                   session as http_session, url_for)
from flask_babel import gettext as _

from ...domain.appointments import local
from ...services import appointments
from ...services.mail import MailError
from ..assistant.present import current_loket, opening_days
from ..db import now, session
from ..desk.forms import VISIT_LANGUAGE_LABELS, VISIT_TOPIC_LABELS
from ..i18n import current_locale
from ..limits import limiter
from . import mails
from .forms import BookingForm, SlotForm

log = logging.getLogger(__name__)

bp = Blueprint("appointments", __name__, url_prefix="/appointments")

BOOK_LIMIT = "5 per hour"
MANAGE_LIMIT = "10 per hour"

MESSAGES = {
    "no-slot": lambda: _("This time cannot be booked (any more). Choose another one."),
    "taken": lambda: _("Someone else has just booked this time. Choose another one."),
    "not-active": lambda: _("This appointment cannot be changed any more."),
    "bad-input": lambda: _("Choose one of the options."),
}


@bp.after_request
def _private(response):
    # Pages with an appointment are never cached; the manage link's token is never passed on.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _chosen_day(days: list[tuple[date, int]]) -> date | None:
    """?day=YYYY-MM-DD when it is one of the free days; else the first free day. 400 on a malformed day."""
    raw = request.values.get("day")
    if raw:
        try:
            wanted = date.fromisoformat(raw)
        except ValueError:
            abort(400)
        return wanted if any(d == wanted for d, _n in days) else None
    return days[0][0] if days else None


def _page(template: str, form, status: int = 200, **context):
    info = current_loket()
    days = appointments.free_days(session(), info, now())
    day = _chosen_day(days)
    slots = appointments.free_slots(session(), info, day, now()) if day else []
    return render_template(
        template, form=form, info=info, days=days, day=day, slots=slots, opening=opening_days(info, current_locale()),
        bookable=info.opening_hours is not None, local=local, topic_labels=VISIT_TOPIC_LABELS,
        language_labels=VISIT_LANGUAGE_LABELS, **context,
    ), status


@bp.get("")
def book():
    form = BookingForm(formdata=None)
    form.language.data = current_locale()
    return _page("appointments/book.html", form)


@bp.post("")
@limiter.limit(BOOK_LIMIT)
def book_post():
    form = BookingForm()
    if not form.validate():
        return _page("appointments/book.html", form, 400)
    info = current_loket()
    try:
        appointment, _token = appointments.book(
            session(), info, slot_key=form.slot.data, topic=form.topic.data, language=form.language.data,
            email=form.email.data, locale=current_locale(), now=now(), secret_key=current_app.config["SECRET_KEY"])
    except appointments.AppointmentError as exc:
        form.slot.errors = [MESSAGES[exc.code]()]
        return _page("appointments/book.html", form, 400)
    try:
        mails.confirmed(appointment, info)
    except MailError:
        log.error("confirmation of appointment %s not sent", appointment.id)
        flash(_("We could not send the confirmation mail. Your appointment stands; note the time below."))
    http_session["booked_appointment"] = appointment.id
    return redirect(url_for("appointments.booked"), code=303)


@bp.get("/booked")
def booked():
    """The confirmation after booking (Post/Redirect/Get): the time, never the address."""
    appointment = appointments.get(session(), http_session.get("booked_appointment") or 0)
    if appointment is None:
        return redirect(url_for("appointments.book"))
    return render_template("appointments/booked.html", appointment=appointment, info=current_loket(), local=local,
                           topic_labels=VISIT_TOPIC_LABELS)


def _managed(token: str):
    """The booked appointment of a manage link; else the request ends with 404 and an explanation."""
    appointment = appointments.by_token(session(), token)
    if appointment is None:
        abort(make_response(render_template("appointments/gone.html"), 404))
    return appointment


def _manage_page(form, appointment, token: str, status: int = 200):
    return _page("appointments/manage.html", form, status, appointment=appointment, token=token,
                 past=local(appointment.starts_at) < now())


@bp.get("/manage/<token>")
def manage(token: str):
    return _manage_page(SlotForm(formdata=None), _managed(token), token)


@bp.post("/manage/<token>/reschedule")
@limiter.limit(MANAGE_LIMIT)
def reschedule(token: str):
    appointment = _managed(token)
    form = SlotForm()
    info = current_loket()
    if form.validate():
        try:
            appointments.reschedule(session(), info, appointment, form.slot.data, now())
        except appointments.AppointmentError as exc:
            form.slot.errors = [MESSAGES[exc.code]()]
        else:
            try:
                mails.confirmed(appointment, info, changed=True)
            except MailError:
                log.error("change of appointment %s not mailed", appointment.id)
            flash(_("Your appointment has moved. We have sent you a new confirmation with a new calendar file."))
            return redirect(url_for("appointments.manage", token=token), code=303)
    return _manage_page(form, appointment, token, 400)


@bp.post("/manage/<token>/cancel")
@limiter.limit(MANAGE_LIMIT)
def cancel(token: str):
    appointment = _managed(token)
    info = current_loket()  # the CSRF token was checked by CSRFProtect before this view
    try:
        appointments.cancel(session(), appointment, now(), notify=lambda a: mails.cancelled(a, info))
    except appointments.AppointmentError as exc:
        flash(MESSAGES[exc.code]())
        return redirect(url_for("appointments.manage", token=token), code=303)
    return redirect(url_for("appointments.cancelled"), code=303)


@bp.get("/cancelled")
def cancelled():
    return render_template("appointments/cancelled.html")
