""""Report this vacancy": a small public form on every vacancy page's own report page.

The report goes to the moderation queue. Rate limited per client; the message is redacted
before it is stored; the optional contact address is deleted when staff resolve the report.
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from ...services import moderation, vacancies as vacancy_service
from ...storage.models import ReportReason
from ..db import session
from ..limits import limiter
from .forms import ReportForm

bp = Blueprint("reports", __name__)

REPORT_LIMIT = "5 per hour"


@bp.route("/vacancies/<int:vacancy_id>/report", methods=["GET", "POST"])
@limiter.limit(REPORT_LIMIT, methods=["POST"])
def report_vacancy(vacancy_id: int):
    vacancy = vacancy_service.public_vacancy(session(), vacancy_id)
    if vacancy is None:
        abort(404)
    form = ReportForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("moderation/report_form.html", form=form, vacancy=vacancy), status
    moderation.report_vacancy(session(), vacancy, ReportReason(form.reason.data), form.message.data or "", form.contact.data or None)
    return render_template("moderation/report_thanks.html", vacancy=vacancy)
