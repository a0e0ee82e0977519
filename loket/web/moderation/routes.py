"""The moderation queue for desk staff (/desk/moderation): pending vacancies with the checker's
findings, approve or reject, verify and trust companies, resolve visitors' reports."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...domain.accounts import STAFF_ROLES
from ...services import moderation, posting
from ...storage.models import Company
from ..assistant.engine import get_assistant
from ..auth.access import role_required, safe_next
from ..db import session, today
from ..employers import mails
from ..forms import Form
from .forms import REPORT_REASONS, ApproveForm, RejectForm, TrustedForm

bp = Blueprint("moderation", __name__, url_prefix="/desk/moderation")

REFUSALS = {
    "not-pending": lambda: _("This vacancy is not waiting for review (any more)."),
    "company-unverified": lambda: _("Verify the company first: nothing of an unverified company is published."),
    "scam-unchecked": lambda: _("The checker found scam signals. Check them, then tick “I checked the scam signals” to approve."),
    "closing-date-passed": lambda: _("The closing date has passed. Reject the vacancy and ask the employer for a new date."),
    "reason-required": lambda: _("Tell the employer why, so they can change the vacancy."),
}


@bp.before_request
@role_required(*STAFF_ROLES)
def _staff_only():
    """Every page here: staff and admins only (anonymous → sign in, employers → 403)."""
    return None


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
def queue():
    return render_template(
        "moderation/queue.html",
        items=moderation.pending_queue(session()),
        companies=moderation.unverified_companies(session()),
        reports=moderation.open_reports(session()),
        reasons=REPORT_REASONS,
        form=Form(),
    )


def _pending(vacancy_id: int):
    vacancy = moderation.get_vacancy(session(), vacancy_id)
    if vacancy is None:
        abort(404)
    return vacancy


def _review(vacancy, approve_form=None, reject_form=None, error: str | None = None, status: int = 200):
    findings = moderation.findings(session(), vacancy)
    return render_template(
        "moderation/review.html",
        vacancy=vacancy,
        company=vacancy.company,
        findings=findings,
        blocking=[f for f in findings if f.severity == "block"],
        approve_form=approve_form or ApproveForm(formdata=None),
        reject_form=reject_form or RejectForm(formdata=None),
        form=Form(),
        error=error,
    ), status


@bp.get("/vacancies/<int:vacancy_id>")
def review(vacancy_id: int):
    return _review(_pending(vacancy_id))


@bp.post("/vacancies/<int:vacancy_id>/approve")
def approve(vacancy_id: int):
    vacancy = _pending(vacancy_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        return _review(vacancy, approve_form=form, status=400)
    try:
        moderation.approve(session(), vacancy, current_user, today(), scam_checked=bool(form.scam_checked.data),
                           embedder=get_assistant().embedder)
    except moderation.ModerationError as exc:
        return _review(vacancy, approve_form=form, error=REFUSALS[exc.code](), status=400)
    mails.approved(posting.employer_recipients(session(), vacancy.company_id), vacancy)
    flash(_("“%(title)s” is published.", title=vacancy.title))
    return redirect(url_for("moderation.queue"))


@bp.post("/vacancies/<int:vacancy_id>/reject")
def reject(vacancy_id: int):
    vacancy = _pending(vacancy_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _review(vacancy, reject_form=form, status=400)
    try:
        moderation.reject(session(), vacancy, current_user, form.reason.data)
    except moderation.ModerationError as exc:
        return _review(vacancy, reject_form=form, error=REFUSALS[exc.code](), status=400)
    mails.rejected(posting.employer_recipients(session(), vacancy.company_id), vacancy)
    flash(_("“%(title)s” is sent back to the employer with your reason.", title=vacancy.title))
    return redirect(url_for("moderation.queue"))


def _back(default: str):
    """Back to the page the button was on (a path of this site), else `default`."""
    return redirect(safe_next(request.form.get("next")) or url_for(default))


@bp.get("/companies")
def companies():
    return render_template("moderation/companies.html", companies=moderation.companies(session()), form=Form())


def _company(company_id: int) -> Company:
    company = session().get(Company, company_id)
    if company is None:
        abort(404)
    return company


@bp.post("/companies/<int:company_id>/verify")
def verify_company(company_id: int):
    company = _company(company_id)
    if not Form().validate_on_submit():
        abort(400)
    moderation.verify_company(session(), company)
    flash(_("%(name)s is verified. Its pending vacancies can now be approved.", name=company.name))
    return _back("moderation.companies")


@bp.post("/companies/<int:company_id>/trusted")
def set_trusted(company_id: int):
    company = _company(company_id)
    form = TrustedForm()
    if not form.validate_on_submit() or form.trusted.data not in {"0", "1"}:
        abort(400)
    moderation.set_trusted(session(), company, form.trusted.data == "1")
    if company.trusted:
        flash(_("%(name)s is trusted: edits of its published vacancies stay published.", name=company.name))
    else:
        flash(_("%(name)s is no longer trusted: edits of its vacancies are reviewed again.", name=company.name))
    return _back("moderation.companies")


@bp.post("/reports/<int:report_id>/resolve")
def resolve_report(report_id: int):
    report = moderation.get_report(session(), report_id)
    if report is None:
        abort(404)
    if not Form().validate_on_submit():
        abort(400)
    moderation.resolve_report(session(), report, current_user)
    flash(_("The report is resolved; the reporter's contact address is deleted."))
    return redirect(url_for("moderation.queue"))
