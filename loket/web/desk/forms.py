"""The desk's forms and the labels of the codes they offer. Only the declared fields are read."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...domain.indicators import (
    SATISFACTION_SCALE,
    VISIT_DEFAULTS,
    VisitChannel,
    VisitLanguage,
    VisitOutcome,
    VisitTopic,
)
from ...domain.loket import SLOT_LENGTHS, WEEKDAYS, parse_hours
from ...services.assistant import MAX_QUESTION_LENGTH
from ...services.desk import MAX_ADDRESS, MAX_BOOKING, MAX_HOURS
from ..forms import Form
from ..guide.routes import TOPIC_LABELS

VISIT_TOPIC_LABELS = {
    **{VisitTopic(t.value): label for t, label in TOPIC_LABELS.items()},
    VisitTopic.VACANCIES: _l("Vacancies"),
    VisitTopic.OTHER: _l("Something else"),
}
VISIT_LANGUAGE_LABELS = {
    VisitLanguage.EN: "English",
    VisitLanguage.NL: "Nederlands",
    VisitLanguage.OTHER: _l("Another language"),
}
VISIT_CHANNEL_LABELS = {
    VisitChannel.WALK_IN: _l("Walk-in"),
    VisitChannel.PHONE: _l("Phone"),
    VisitChannel.EMAIL: _l("E-mail"),
    VisitChannel.CHAT: _l("Chat hand-off"),
    VisitChannel.APPOINTMENT: _l("Appointment"),
}
VISIT_OUTCOME_LABELS = {
    VisitOutcome.ANSWERED: _l("Answered"),
    VisitOutcome.REFERRED: _l("Referred"),
    VisitOutcome.APPOINTMENT: _l("Appointment made"),
}


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(code.value, label) for code, label in labels.items()]


class AskForm(Form):
    """A visitor's question, typed by staff, and the language the visitor wants the answer in."""

    question = TextAreaField(
        _l("The visitor's question"),
        validators=[
            DataRequired(message=_l("Type the question.")),
            Length(max=MAX_QUESTION_LENGTH, message=_l("Use at most %(max)s characters.", max=MAX_QUESTION_LENGTH)),
        ],
    )
    lang = RadioField(
        _l("Answer in"),
        choices=[SelectChoice("", _l("The language of the question")), SelectChoice("en", "English"), SelectChoice("nl", "Nederlands")],
        default="",
        validators=[Optional()],
    )


class VisitForm(Form):
    """One visit in at most three clicks: the topic, (the outcome,) save. Codes only, no personal data."""

    topic = RadioField(_l("Topic"), choices=_choices(VISIT_TOPIC_LABELS),
                       validators=[InputRequired(message=_l("Choose what the visit was about."))])
    language = RadioField(_l("Language"), choices=_choices(VISIT_LANGUAGE_LABELS),
                          default=VISIT_DEFAULTS["language"].value,
                          validators=[InputRequired(message=_l("Choose the visitor's language."))])
    channel = RadioField(_l("Channel"), choices=_choices(VISIT_CHANNEL_LABELS),
                         default=VISIT_DEFAULTS["channel"].value,
                         validators=[InputRequired(message=_l("Choose how the visitor reached us."))])
    outcome = RadioField(_l("Outcome"), choices=_choices(VISIT_OUTCOME_LABELS),
                         default=VISIT_DEFAULTS["outcome"].value,
                         validators=[InputRequired(message=_l("Choose the outcome."))])
    satisfaction = RadioField(
        _l("Satisfaction (1 = very unhappy, 5 = very happy)"),
        choices=[SelectChoice("", _l("Not asked"))] + [SelectChoice(str(n), str(n)) for n in SATISFACTION_SCALE],
        default="",
        validators=[Optional()],
    )

    def satisfaction_score(self) -> int | None:
        return int(self.satisfaction.data) if self.satisfaction.data else None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _one_line(form, field) -> None:
    if field.data and any(ord(c) < 32 for c in field.data):
        raise ValidationError(_l("Use a single line without special characters."))


def _time_range(form, field) -> None:
    if field.data and parse_hours(field.data) is None:
        raise ValidationError(_l("Write the hours as an opening and a closing time, like 10:00–16:00: visitors book times between them."))


class SettingsForm(Form):
    """The loket's details as visitors see them on /contact and in the assistant's hand-off."""

    address = StringField(
        _l("Address"), validators=[Length(max=MAX_ADDRESS, message=_l("Use at most %(max)s characters.", max=MAX_ADDRESS)), _one_line],
    )
    days = MultiCheckboxField(
        _l("Opening days"), choices=[SelectChoice(d, d) for d in WEEKDAYS],
        validators=[DataRequired(message=_l("Choose at least one opening day."))],
    )
    hours = StringField(
        _l("Opening hours"), validators=[Length(max=MAX_HOURS, message=_l("Use at most %(max)s characters.", max=MAX_HOURS)), _one_line, _time_range],
    )
    slot_minutes = RadioField(
        _l("Length of an appointment"),
        choices=[SelectChoice(str(n), _l("%(num)s minutes", num=n)) for n in SLOT_LENGTHS],
        validators=[Optional()],  # not sent: the length stays as it was
    )
    booking = StringField(
        _l("How to book an appointment"), validators=[Length(max=MAX_BOOKING, message=_l("Use at most %(max)s characters.", max=MAX_BOOKING)), _one_line],
    )
