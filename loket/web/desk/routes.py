"""The desk console (staff and admins only): /desk, the handout, the visit log, the loket's
settings, the indicators dashboard with its CSV, and the questions the assistant could not answer."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user

from ...domain.accounts import STAFF_ROLES, Role
from ...domain.indicators import Grouping, default_range
from ...domain.loket import planned_days
from ...services import desk, indicators
from ...services.assistant import MAX_QUESTION_LENGTH
from ..assistant.engine import get_assistant
from ..assistant.present import current_loket, notice_text, opening_days, reply_blocks, reply_text
from ..auth.access import role_required
from ..db import session, today
from ..i18n import LOCALES, current_locale
from .forms import AskForm, SettingsForm, VisitForm
from ..urls import external_url
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


def _desk_page(ask_form: AskForm, visit_form: VisitForm, reply=None, status: int = 200):
    answer_text, blocks = "", []
    if reply is not None:
        info = current_loket()
        answer_text, blocks = reply_text(reply, info), reply_blocks(reply, info)
    return render_template(
        "desk/index.html",
        ask_form=ask_form,
        visit_form=visit_form,
        reply=reply,
        answer_text=answer_text,
        blocks=blocks,
        notice=notice_text(reply) if reply else "",
        other_lang={"en": "nl", "nl": "en"}.get(reply.language) if reply else None,
        max_length=MAX_QUESTION_LENGTH,
    ), status


@bp.get("")
def index():
    return _desk_page(AskForm(formdata=None), VisitForm(formdata=None))


@bp.post("/ask")
def ask():
    """Answer the visitor's question with every passage; logged like any question (channel 'desk')."""
    form = AskForm()
    if not form.validate():
        return _desk_page(form, VisitForm(formdata=None), status=400)
    reply = desk.ask(session(), get_assistant(), form.question.data, form.lang.data or None, today())
    visit = VisitForm(formdata=None)
    # Preselect what the visit is probably about: the answer's topic and language.
    topic = desk.reply_topic(get_assistant(), reply)
    if topic:
        visit.topic.data = topic
    visit.language.data = reply.question_language if reply.question_language in ("en", "nl") else "other"
    return _desk_page(form, visit, reply)


@bp.post("/visits")
def log_visit():
    """Log a visit; 303 back to the desk. Invalid input: 400, the form with its errors, nothing written."""
    form = VisitForm()
    if not form.validate():
        return _desk_page(AskForm(formdata=None), form, status=400)
    try:
        desk.log_visit(session(), topic=form.topic.data, language=form.language.data, channel=form.channel.data,
                       outcome=form.outcome.data, satisfaction=form.satisfaction_score())
    except desk.InvalidVisit:  # pragma: no cover - the form's choices are the same codes
        abort(400)
    flash(_("Visit saved."))
    return redirect(url_for("desk.index") + "#visit", code=303)


@bp.get("/handout")
def handout():
    """A one-page summary for the visitor, in their language. GET: it only reads."""
    question = (request.args.get("question") or "").strip()
    lang = request.args.get("lang") or None
    if not question or len(question) > MAX_QUESTION_LENGTH or lang not in (None, *LOCALES):
        abort(400)
    reply = get_assistant().ask(session(), question, lang, today())
    info = current_loket()
    lang = reply.language
    with force_locale(lang):
        return render_template(
            "desk/handout.html",
            lang=lang,
            reply=reply,
            answer_text=reply_text(reply, info),
            blocks=reply_blocks(reply, info),
            info=info,
            days=opening_days(info, lang),
            today=today(),
            guide_url=lambda s: external_url("guide.page", page_id=s.id, lang=s.lang, _anchor=s.anchor),
            vacancy_url=lambda v: external_url("public.vacancy_detail", vacancy_id=v.id),
            contact_url=external_url("public.contact", lang=lang),
        )


# --- Loket settings -----------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    """The loket's address, days, hours and booking: staff see them, an admin changes them."""
    can_edit = current_user.role == Role.ADMIN
    info = current_loket()
    form = SettingsForm(formdata=None, data={"address": info.address, "days": list(info.days), "hours": info.hours,
                                             "booking": info.booking})
    status = 200
    if request.method == "POST":
        if not can_edit:
            abort(403)
        form = SettingsForm()
        if form.validate():
            desk.save_settings(session(), address=form.address.data or "", days=form.days.data,
                               hours=form.hours.data or "", booking=form.booking.data or "")
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
