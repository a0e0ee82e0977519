"""Moderation and report forms. Only the fields declared here are read."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ...domain.accounts import EMAIL_MAX_LENGTH, is_valid_email
from ...services.moderation import REJECTION_REASON_MAX
from ...storage.models import ReportReason
from ...storage.models.vacancies import REPORT_MESSAGE_MAX
from ..forms import Form


class ApproveForm(Form):
    scam_checked = BooleanField(_l("I checked the scam signals: this vacancy is genuine"))


class RejectForm(Form):
    reason = TextAreaField(
        _l("Reason for the employer"),
        validators=[
            DataRequired(message=_l("Tell the employer why, so they can change the vacancy.")),
            Length(max=REJECTION_REASON_MAX, message=_l("Use at most %(max)s characters.", max=REJECTION_REASON_MAX)),
        ],
    )


class TrustedForm(Form):
    trusted = HiddenField()  # "1" to trust, "0" to stop trusting


REPORT_REASONS = {
    ReportReason.SCAM: _l("It looks like a scam (fees, ID or bank details asked, …)"),
    ReportReason.DISCRIMINATORY: _l("It discriminates (age, gender, origin, …)"),
    ReportReason.EXPIRED: _l("The job is no longer available"),
    ReportReason.WRONG_INFORMATION: _l("The information is wrong"),
    ReportReason.OTHER: _l("Something else"),
}


def _reason(form, field) -> None:
    if field.data and field.data not in {r.value for r in ReportReason}:
        raise ValidationError(_l("Choose a reason from the list."))


def _contact(form, field) -> None:
    if field.data and not is_valid_email(field.data):
        raise ValidationError(_l("Enter an e-mail address like name@example.nl, or leave this empty."))


class ReportForm(Form):
    reason = SelectField(
        _l("What is wrong with this vacancy?"),
        choices=[SelectChoice("", _l("Choose a reason"))] + [SelectChoice(r.value, text) for r, text in REPORT_REASONS.items()],
        validators=[DataRequired(message=_l("Choose a reason.")), _reason],
        validate_choice=False,  # checked by _reason, with our own message
    )
    message = TextAreaField(
        _l("Explain (optional)"),
        validators=[Length(max=REPORT_MESSAGE_MAX, message=_l("Use at most %(max)s characters.", max=REPORT_MESSAGE_MAX))],
    )
    contact = StringField(
        _l("Your e-mail address (optional)"),
        validators=[
            Length(max=EMAIL_MAX_LENGTH, message=_l("An e-mail address has at most %(max)s characters.", max=EMAIL_MAX_LENGTH)),
            _contact,
        ],
    )
