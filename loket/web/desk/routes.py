"""The desk console (staff and admins only): /desk with the answer page and its handout, the visit
log, the appointments of the day and week, the outcomes the desk hears of, the loket's settings,
the indicators dashboard with its CSV, and the questions the assistant could not answer."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user

from ...domain.accounts import STAFF_ROLES, Role
from ...domain.appointments import AppointmentStatus, local, week_of
from ...domain.indicators import Grouping, default_range
from ...domain.loket import planned_days
from ...services import appointments as appointment_service, desk, indicators, moderation, outcomes as outcome_service
from ...services.assistant import MAX_QUESTION_LENGTH
from ..assistant.engine import get_assistant
from ..assistant.present import current_loket, notice_text, opening_days, reply_blocks, reply_text, turn_languages
from ..auth.access import role_required
from ..db import now, session, today
from ..employers.forms import OUTCOME_REFUSALS, OutcomeForm
from ..i18n import LOCALES, current_locale
from ..urls import external_url
from .forms import VISIT_LANGUAGE_LABELS, VISIT_TOPIC_LABELS, AskForm, SettingsForm, VisitForm
from .present import FIGURE_LABELS, charts, period_labels, summary, weekday_names

bp = Blueprint("desk", __name__, url_prefix="/desk")


@bp.before_request
@role_required(*STAFF_ROLES)
def _staff_only():
    """Every desk page: anonymous visitors sign in first, other roles get 403."""
    return None


@bp.context_processor
def _desk_links():
    # The moderation queue is another blueprint (loket/web/moderation): linked when it is there.
    endpoint = next((e for e in ("moderation.index", "moderation.queue") if e in current_app.view_functions), None)
    return {"moderation_url": url_for(endpoint) if endpoint else None}


@bp.after_request
def _no_store(response):
    # Answers, figures and forms for staff: never kept in a shared cache (ASVS 14.3.2).
    response.headers["Cache-Control"] = "no-store"
    return response


# --- The assistant in desk mode and the visit log ----------------------------------------------------
#
# Post/Redirect/Get: a question is answered (and logged) by POST /desk/ask, kept for a few
# hours under a random token, and shown at GET /desk/answers/<token>. Reloading, going Back,
# opening the handout in its own tab and logging the visit all keep the answer, and the
# question never appears in a URL.


def _desk_page(ask_form: AskForm, visit_form: VisitForm, reply=None, token: str | None = None, status: int = 200):
    answer_text, blocks = "", []
    if reply is not None:
        info = current_loket()
        answer_text, blocks = reply_text(reply, info), reply_blocks(reply, info)
    today_local = local(now()).date()
    return render_template(
        "desk/index.html",
        ask_form=ask_form,
        visit_form=visit_form,
        reply=reply,
        token=token,
        answer_text=answer_text,
        blocks=blocks,
        notice=notice_text(reply) if reply else "",
        languages=turn_languages(reply) if reply else None,
        other_lang={"en": "nl", "nl": "en"}.get(reply.language) if reply else None,
        max_length=MAX_QUESTION_LENGTH,
        todays=[s for s in appointment_service.day_plan(session(), current_loket(), today_local)
                if s.appointment is not None and s.appointment.status != AppointmentStatus.BLOCKED],
        today_local=today_local,
        topic_labels=VISIT_TOPIC_LABELS,
        language_labels=VISIT_LANGUAGE_LABELS,
    ), status


def _preselected(reply) -> VisitForm:
    """The visit form with what the visit is probably about: the answer's topic and language."""
    visit = VisitForm(formdata=None)
    topic = desk.reply_topic(get_assistant(), reply)
    if topic:
        visit.topic.data = topic
    visit.language.data = reply.question_language if reply.question_language in ("en", "nl") else "other"
    return visit


def _kept(token: str):
    """The kept question of an answer page, or None when it is unknown or expired."""
    return desk.kept_answer(session(), token, now())


def _kept_or_back(token: str):
    """The kept question of an answer page; when it expired, back to the desk with a word why (302)."""
    kept = _kept(token)
    if kept is None:
        flash(_("That answer is no longer kept (after %(hours)s hours). Ask the question again.", hours=desk.ANSWER_MINUTES // 60))
        abort(redirect(url_for("desk.index")))
    return kept


def _lang_arg(default: str | None) -> str | None:
    lang = request.args.get("lang") or default
    if lang not in (None, *LOCALES):
        abort(400)
    return lang


@bp.get("")
def index():
    return _desk_page(AskForm(formdata=None), VisitForm(formdata=None))


@bp.post("/ask")
def ask():
    """Answer the visitor's question with every passage; logged like any question (channel 'desk'), then 303 to its page."""
    form = AskForm()
    if not form.validate():
        return _desk_page(form, VisitForm(formdata=None), status=400)
    desk.ask(session(), get_assistant(), form.question.data, form.lang.data or None, today())
    token = desk.keep_answer(session(), form.question.data, form.lang.data or None, now())
    return redirect(url_for("desk.answer", token=token), code=303)


@bp.get("/answers/<token>")
def answer(token: str):
    """The answer, its passages, the handout link and the visit form, together; `?lang=` answers in the other language."""
    kept = _kept_or_back(token)
    lang = _lang_arg(kept.lang)
    reply = get_assistant().ask(session(), kept.question, lang, today(), passages=True)
    form = AskForm(formdata=None, data={"question": kept.question, "lang": lang or ""})
    return _desk_page(form, _preselected(reply), reply, token)


@bp.post("/visits")
def log_visit():
    """Log a visit; 303 back to the answer it belongs to (or the desk). Invalid input: 400, the form with its errors, nothing written."""
    form = VisitForm()
    token = request.form.get("answer") or None
    kept = _kept(token) if token else None
    if not form.validate():
        reply = get_assistant().ask(session(), kept.question, kept.lang, today(), passages=True) if kept else None
        return _desk_page(AskForm(formdata=None), form, reply, token if kept else None, status=400)
    try:
        desk.log_visit(session(), topic=form.topic.data, language=form.language.data, channel=form.channel.data,
                       outcome=form.outcome.data, satisfaction=form.satisfaction_score())
    except desk.InvalidVisit:  # pragma: no cover - the form's choices are the same codes
        abort(400)
    flash(_("Visit saved."))
    if kept is not None:
        return redirect(url_for("desk.answer", token=token) + "#visit", code=303)
    return redirect(url_for("desk.index") + "#visit", code=303)


def _by_page(sources):
    """Sources grouped by guide page, in answer order: a page is listed once, with its sections (one A4 page)."""
    pages: dict[tuple[str, str], list] = {}
    for source in sources:
        pages.setdefault((source.id, source.lang), []).append(source)
    return list(pages.values())


@bp.get("/answers/<token>/handout")
def handout(token: str):
    """A one-page summary for the visitor, in their language, to print from its own tab. It only reads."""
    kept = _kept_or_back(token)
    reply = get_assistant().ask(session(), kept.question, _lang_arg(kept.lang), today())
    info = current_loket()
    lang = reply.language
    with force_locale(lang):
        return render_template(
            "desk/handout.html",
            lang=lang,
            reply=reply,
            source_pages=_by_page(reply.sources),
            token=token,
            answer_text=reply_text(reply, info),
            blocks=reply_blocks(reply, info),
            info=info,
            days=opening_days(info, lang),
            today=today(),
            guide_url=lambda s: external_url("guide.page", page_id=s.id, lang=s.lang, _anchor=s.anchor),
            vacancy_url=lambda v: external_url("public.vacancy_detail", vacancy_id=v.id),
            contact_url=external_url("public.contact", lang=lang),
            booking_url=external_url("appointments.book", lang=lang),
        )


# --- Appointments -------------------------------------------------------------------------------------


def _week_arg():
    raw = request.args.get("week")
    if not raw:
        return local(now()).date()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400)


@bp.get("/appointments")
def appointments():
    """The week's appointments (default: this week), day by day and slot by slot, with today's first."""
    day = _week_arg()
    info = current_loket()
    days = [d for d in week_of(day) if info.is_open_on(d) or appointment_service.held_between(session(), d, d)]
    plans = [(d, appointment_service.day_plan(session(), info, d)) for d in days]
    monday = week_of(day)[0]
    return render_template(
        "desk/appointments.html",
        plans=plans,
        monday=monday,
        today_local=local(now()).date(),
        now=now(),
        previous_week=(monday - timedelta(days=7)).isoformat(),
        next_week=(monday + timedelta(days=7)).isoformat(),
        topic_labels=VISIT_TOPIC_LABELS,
        language_labels=VISIT_LANGUAGE_LABELS,
        local=local,
        bookable=info.opening_hours is not None,
    )


def _appointment(appointment_id: int):
    found = appointment_service.get(session(), appointment_id)
    if found is None:
        abort(404)
    return found


def _back_to_week(appointment=None):
    week = request.form.get("week") or ""
    try:
        date.fromisoformat(week)
    except ValueError:
        week = local(appointment.starts_at).date().isoformat() if appointment is not None else ""
    return redirect(url_for("desk.appointments", week=week or None) + "#appointments-week", code=303)


APPOINTMENT_REFUSALS = {
    "not-active": lambda: _("This appointment cannot be changed like that (any more)."),
    "no-slot": lambda: _("This is not a slot of the loket, or it has passed."),
    "taken": lambda: _("This slot is taken already."),
}


def _act(action, done: str | None = None, appointment=None):
    """Run a staff action on the appointments; say why when it is refused; back to the week (303)."""
    try:
        action()
    except appointment_service.AppointmentError as exc:
        flash(APPOINTMENT_REFUSALS[exc.code]())
    else:
        if done:
            flash(done)
    return _back_to_week(appointment)


@bp.post("/appointments/<int:appointment_id>/visit")
def appointment_visit(appointment_id: int):
    """One click: the visitor came; the appointment is marked attended and a visit is logged."""
    appointment = _appointment(appointment_id)
    return _act(lambda: appointment_service.log_visit(session(), appointment),
                _("Visit saved: %(topic)s, by appointment.", topic=VISIT_TOPIC_LABELS.get(appointment.topic, "")), appointment)


@bp.post("/appointments/<int:appointment_id>/status")
def appointment_status(appointment_id: int):
    appointment = _appointment(appointment_id)
    status = request.form.get("status", "")
    if status not in (AppointmentStatus.ATTENDED.value, AppointmentStatus.NO_SHOW.value):
        abort(400)
    return _act(lambda: appointment_service.mark(session(), appointment, status), None, appointment)


@bp.post("/appointments/block")
def block_slot():
    slot = request.form.get("slot", "")[:20]
    return _act(lambda: appointment_service.block(session(), current_loket(), slot, now()),
                _("The slot is blocked: visitors cannot book it."))


@bp.post("/appointments/<int:appointment_id>/unblock")
def unblock_slot(appointment_id: int):
    appointment = _appointment(appointment_id)
    return _act(lambda: appointment_service.unblock(session(), appointment), _("The slot is open for booking again."),
                appointment)


# --- Outcomes the desk hears of -------------------------------------------------------------------------


@bp.get("/outcomes")
def outcomes():
    """Published and closed vacancies, to record how one ended when the desk hears of it."""
    query = (request.args.get("q") or "")[:100]
    return render_template("desk/outcomes.html", rows=outcome_service.staff_list(session(), query), query=query,
                           form=OutcomeForm(formdata=None))


@bp.post("/outcomes/<int:vacancy_id>")
def record_outcome(vacancy_id: int):
    vacancy = moderation.get_vacancy(session(), vacancy_id)
    if vacancy is None:
        abort(404)
    form = OutcomeForm()
    if not form.validate():
        abort(400)
    try:
        outcome_service.record(session(), vacancy, form.answer(), "staff")
    except outcome_service.OutcomeError as exc:
        flash(OUTCOME_REFUSALS[exc.code]())
    else:
        flash(_("The outcome of “%(title)s” is recorded.", title=vacancy.title))
    query = request.form.get("q") or None
    return redirect(url_for("desk.outcomes", q=query), code=303)


# --- Loket settings -----------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """The loket's address, days, hours and booking: staff see them, an admin changes them."""
    can_edit = current_user.role == Role.ADMIN
    info = current_loket()
    form = SettingsForm(formdata=None, data={"address": info.address, "days": list(info.days), "hours": info.hours,
                                             "booking": info.booking, "slot_minutes": str(info.slot_minutes)})
    status = 200
    if request.method == "POST":
        if not can_edit:
            abort(403)
        form = SettingsForm()
        if form.validate():
            desk.save_settings(session(), address=form.address.data or "", days=form.days.data,
                               hours=form.hours.data or "", booking=form.booking.data or "",
                               slot_minutes=int(form.slot_minutes.data) if form.slot_minutes.data else info.slot_minutes)
            flash(_("The loket's details are saved. The contact page and the assistant use them now."))
            return redirect(url_for("desk.settings"), code=303)
        status = 400
    plan = len(planned_days(today()))
    return render_template(
        "desk/settings.html",
        form=form,
        can_edit=can_edit,
        info=info,
        saved=desk.saved_settings(session()) is not None,
        day_names=weekday_names(current_locale()),
        days_text=opening_days(info, current_locale()),
        plan_days=plan,
        plan_year=today().year,
    ), status


# --- Indicators ---------------------------------------------------------------------------------------


def _parse_filters() -> tuple[date, date, Grouping]:
    """from/to (YYYY-MM-DD, default: the last 12 weeks) and period (week or month); 400 on anything else."""
    default_from, default_to = default_range(today())
    try:
        start = date.fromisoformat(request.args["from"]) if request.args.get("from") else default_from
        end = date.fromisoformat(request.args["to"]) if request.args.get("to") else default_to
        grouping = Grouping(request.args.get("period") or Grouping.WEEK)
        indicators.validate_range(start, end)
    except ValueError as exc:
        abort(400, description=str(exc))
    return start, end, grouping


@bp.get("/dashboard")
def dashboard():
    start, end, grouping = _parse_filters()
    figures = indicators.compute(session(), start, end, grouping)
    labels = period_labels(figures)
    return render_template(
        "desk/dashboard.html",
        start=start,
        end=end,
        grouping=grouping,
        figures=figures,
        labels=labels,
        charts=charts(figures, labels),
        summary=summary(figures),
        figure_labels=FIGURE_LABELS,
        csv_url=url_for("desk.dashboard_csv", **{"from": start.isoformat(), "to": end.isoformat(), "period": grouping.value}),
    )


@bp.get("/dashboard.csv")
def dashboard_csv():
    """Every figure, one row per period and a column per figure; UTF-8, quoted by the csv module."""
    start, end, grouping = _parse_filters()
    figures = indicators.compute(session(), start, end, grouping)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["period", "start", "end", *figures.columns], lineterminator="\r\n")
    writer.writeheader()
    for row in figures.rows():
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    name = f"loket-indicators-{start.isoformat()}-{end.isoformat()}-{grouping.value}.csv"
    response = current_app.response_class(out.getvalue().encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/unanswered")
def unanswered():
    """Questions the assistant handed over for lack of content or got a thumbs-down for, grouped: the editors' to-do."""
    start, end, _grouping = _parse_filters()
    assistant = get_assistant()
    groups = indicators.unanswered(session(), start, end,
                                   lambda q, lang: indicators.best_page(assistant, q, lang))
    return render_template("desk/unanswered.html", groups=groups, start=start, end=end)
