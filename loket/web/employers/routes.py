"""The employer area (/employer): dashboard, new vacancy with preview, edit, close.

Every view is for employers only, and every vacancy is looked up within the signed-in
employer's company: another company's vacancy id gives 404, as an unknown one does.
The company is never taken from the form.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...domain.accounts import Role
from ...domain.records import RecordError
from ...domain.vacancies import Status
from ...services import outcomes, posting
from ...storage.models import Vacancy
from ..auth.access import role_required
from ..db import session, today
from .forms import OUTCOME_REFUSALS, OutcomeForm, VacancyForm, initial_data

bp = Blueprint("employers", __name__, url_prefix="/employer")

ACTIONS = ("preview", "submit", "draft", "edit")

POSTING_MESSAGES = {
    "not-editable": lambda: _("A closed vacancy cannot be changed. Post a new one instead."),
    "published": lambda: _("A published vacancy cannot become a draft again. Submit your changes, or close the vacancy."),
    "not-published": lambda: _("Only a published vacancy can be closed."),
}


@bp.before_request
@role_required(Role.EMPLOYER)
def _employers_only():
    """Every page here: employers only (anonymous → sign in, other roles → 403)."""
    return None


@bp.after_request
def _no_store(response):
    # Pages with forms and unpublished vacancies are never cached (ASVS 14.3.2).
    response.headers["Cache-Control"] = "no-store"
    return response


def _company():
    company = current_user.company
    if company is None:  # an employer always has one (database check); never guess
        abort(403)
    return company


def _own(vacancy_id: int) -> Vacancy:
    vacancy = posting.own_vacancy(session(), current_user.company_id, vacancy_id)
    if vacancy is None:
        abort(404)
    return vacancy


@bp.get("")
def dashboard():
    rows = posting.dashboard(session(), _company().id, today())
    groups = {status: [r for r in rows if r.vacancy.status == status] for status in Status}
    return render_template("employers/dashboard.html", company=_company(), groups=groups, total=len(rows),
                           stats_days=posting.STATS_DAYS, ask=outcomes.unanswered_closed(session(), _company().id, today()),
                           outcome_form=OutcomeForm(formdata=None))


@bp.route("/vacancies/new", methods=["GET", "POST"])
def new_vacancy():
    return _vacancy_form(None)


@bp.route("/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
def edit_vacancy(vacancy_id: int):
    vacancy = _own(vacancy_id)
    if vacancy.status not in posting.EDITABLE:
        flash(POSTING_MESSAGES["not-editable"]())
        return redirect(url_for("employers.vacancy", vacancy_id=vacancy.id))
    return _vacancy_form(vacancy)


@bp.get("/vacancies/<int:vacancy_id>")
def vacancy(vacancy_id: int):
    found = _own(vacancy_id)
    findings = posting.check(found, current_user.email)
    outcome = outcomes.outcome_of(session(), found.id)
    return render_template("employers/vacancy.html", vacancy=found, company=found.company, findings=findings,
                           close_form=OutcomeForm(formdata=None), outcome=outcome,
                           editable=found.status in posting.EDITABLE)


@bp.post("/vacancies/<int:vacancy_id>/close")
def close_vacancy(vacancy_id: int):
    """Close a published vacancy and, in the same step, say how it ended (each question may stay "don't know")."""
    vacancy = _own(vacancy_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        posting.close(session(), vacancy, form.answer())
    except posting.PostingError as exc:
        flash(POSTING_MESSAGES[exc.code]())
        return redirect(url_for("employers.vacancy", vacancy_id=vacancy.id))
    flash(_("The vacancy “%(title)s” is closed. It is no longer in the list. Thank you for telling us how it ended.",
            title=vacancy.title))
    return redirect(url_for("employers.dashboard"))


@bp.post("/vacancies/<int:vacancy_id>/outcome")
def record_outcome(vacancy_id: int):
    """How a closed (or expired) vacancy ended, answered on the dashboard or the vacancy's page."""
    vacancy = _own(vacancy_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        outcomes.record(session(), vacancy, form.answer(), "employer")
    except outcomes.OutcomeError as exc:
        flash(OUTCOME_REFUSALS[exc.code]())
        return redirect(url_for("employers.vacancy", vacancy_id=vacancy.id))
    flash(_("Thank you: the outcome of “%(title)s” is saved.", title=vacancy.title))
    return redirect(url_for("employers.dashboard"))


def _vacancy_form(vacancy: Vacancy | None):
    """New and edit share one flow: form → preview (nothing written) → submit or save as draft."""
    company = _company()
    context = {"vacancy": vacancy, "company": company}
    if request.method == "GET":
        form = VacancyForm(formdata=None, data=initial_data(vacancy)) if vacancy else VacancyForm(formdata=None, data=_defaults())
        return render_template("employers/vacancy_form.html", form=form, **_date_limits(), **context)

    form = VacancyForm()
    action = request.form.get("action", "preview")
    if action not in ACTIONS:
        action = "preview"
    if not form.validate_on_submit():
        return _invalid(form, **context)
    try:
        fields = posting.vacancy_fields(form.record(), company, today())
    except RecordError as exc:
        form.add_record_error(exc)
        return _invalid(form, **context)

    if action == "edit":
        return render_template("employers/vacancy_form.html", form=form, **_date_limits(), **context)
    if action == "preview":
        try:  # what Submit would refuse, said now (nothing is written by the check)
            posting.check_submittable(session(), company, fields, today(), vacancy)
        except posting.PostingError as exc:
            return _refused(form, exc, context)
        preview = Vacancy(**fields, posted_date=today(), status=vacancy.status if vacancy else Status.DRAFT)
        return render_template("employers/preview.html", form=form, preview=preview,
                               findings=posting.check(fields, current_user.email), **context)
    try:
        if action == "draft":
            saved = posting.save_draft(session(), company, fields, today(), vacancy)
            flash(_("Your draft “%(title)s” is saved. Nobody else can see it.", title=saved.title))
        else:
            was_published = vacancy is not None and vacancy.status == Status.PUBLISHED
            saved = posting.submit(session(), company, fields, today(), vacancy, contact_email=current_user.email)
            flash(_submitted_message(saved, was_published, company.verified))
    except posting.PostingError as exc:
        return _refused(form, exc, context)
    return redirect(url_for("employers.dashboard"))


def _refused(form: VacancyForm, exc: posting.PostingError, context: dict):
    """The form again with why it cannot be submitted (a duplicate links to the vacancy it repeats)."""
    if isinstance(exc, posting.DuplicateVacancy):
        form.form_errors.append(_(
            "You already have this vacancy open or waiting for review (“%(title)s”). "
            "Change that one instead of posting it twice.", title=exc.other.title))
        return _invalid(form, duplicate=exc.other, **context)
    form.form_errors.append(POSTING_MESSAGES[exc.code]())
    return _invalid(form, **context)


def _submitted_message(vacancy: Vacancy, was_published: bool, verified: bool) -> str:
    if vacancy.status == Status.PUBLISHED:
        return _("Your changes to “%(title)s” are published.", title=vacancy.title)
    message = _("Thank you. “%(title)s” is waiting for review by the loket's staff; we will e-mail you when it is published.",
                title=vacancy.title)
    if was_published:
        message += " " + _("Until then it is not shown on the site.")
    if not verified:
        message += " " + _("Your company is not verified yet: nothing is published before the staff have verified it.")
    return message


def _invalid(form: VacancyForm, **context):
    """The form again, with its errors, and nothing written (ASVS 2.2.x)."""
    return render_template("employers/vacancy_form.html", form=form, **_date_limits(), **context), 400


def _date_limits() -> dict:
    """min/max of the closing-date picker: today to MAX_OPEN_DAYS ahead (the server checks the same)."""
    return {"date_min": today().isoformat(), "date_max": (today() + timedelta(days=posting.MAX_OPEN_DAYS)).isoformat()}


def _defaults() -> dict:
    """A new vacancy starts in English, without Dutch, closing in 30 days."""
    return {
        "language": "en",
        "dutch_level": "none",
        "english_level": "B2",
        "closing_date": (today() + timedelta(days=30)).isoformat(),
    }
