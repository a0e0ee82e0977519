"""The booking form. Only the fields declared here are read."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ...domain.indicators import VisitLanguage, VisitTopic
from ..auth.forms import email_field
from ..desk.forms import VISIT_LANGUAGE_LABELS, VISIT_TOPIC_LABELS
from ..forms import Form



def _known(codes):
    def check(form, field) -> None:
        if field.data and field.data not in {c.value for c in codes}:
            raise ValidationError(_l("Choose one of the options."))

    return check


class SlotForm(Form):
    """A slot, chosen from the day's free slots (checked against them by the view)."""

    slot = StringField(_l("Time"), validators=[
        InputRequired(message=_l("Choose a time.")), Length(max=20, message=_l("Choose a time."))])


class BookingForm(SlotForm):
    topic = SelectField(
        _l("What is your question about?"),
        choices=[SelectChoice("", _l("Choose a topic"))] + [SelectChoice(t.value, label) for t, label in VISIT_TOPIC_LABELS.items()],
        validators=[DataRequired(message=_l("Choose what your question is about.")), _known(VisitTopic)],
        validate_choice=False,  # checked by _known, with our own message
    )
    language = RadioField(
        _l("Language of the conversation"),
        choices=[SelectChoice(code.value, label) for code, label in VISIT_LANGUAGE_LABELS.items()],
        default=VisitLanguage.EN.value,
        validators=[InputRequired(message=_l("Choose a language.")), _known(VisitLanguage)],
        validate_choice=False,
    )
    email = email_field(_l("Your e-mail address"), _l("Enter your e-mail address: we send the confirmation to it."))
