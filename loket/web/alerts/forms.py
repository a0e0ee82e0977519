"""The alert forms. Only the fields declared here are read; the filters come from the URL."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired, ValidationError

from ...domain.alerts import Frequency
from ..auth.forms import email_field
from ..forms import Form

FREQUENCY_LABELS = {Frequency.DAILY: _l("Every day"), Frequency.WEEKLY: _l("Once a week")}
#: The same, within a sentence ("… new vacancies once a week …").
FREQUENCY_PHRASES = {Frequency.DAILY: _l("every day"), Frequency.WEEKLY: _l("once a week")}


def _known(form, field) -> None:
    if field.data not in {f.value for f in Frequency}:
        raise ValidationError(_l("Choose how often you want the e-mail."))


def frequency_field() -> RadioField:
    return RadioField(
        _l("How often"),
        choices=[SelectChoice(f.value, label) for f, label in FREQUENCY_LABELS.items()],
        default=Frequency.WEEKLY.value,
        validators=[InputRequired(message=_l("Choose how often you want the e-mail.")), _known],
        validate_choice=False,  # checked by _known, with our own message
    )


class FrequencyForm(Form):
    frequency = frequency_field()


class AlertForm(FrequencyForm):
    email = email_field(_l("Your e-mail address"), _l("Enter your e-mail address: we send the new vacancies to it."))
