"""The vacancy form. Only the fields declared here are read: anything else a client sends
(status, company, verified, trusted, role, …) is ignored.

The form checks each field on its own, with messages in the user's language, so all simple
mistakes are shown at once; `loket.domain.records.parse_vacancy` (through
services.posting.vacancy_fields) then validates the whole record, and its RecordError is
turned into a message next to the field by `record_error_message`.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ...domain.dates import parse_user_date
from ...domain.records import RecordError, is_web_address
from ...domain.vacancies import (
    OCCUPATIONS,
    PROVINCE_NAMES,
    Contract,
    DutchLevel,
    DutchTiming,
    EnglishLevel,
    Language,
    RemotePolicy,
    SalaryPeriod,
    Seniority,
)
from ...services.posting import FORM_FIELDS, MAX_OPEN_DAYS
from ..forms import Form
from ..i18n import current_locale
from ..labels import LABELS

_EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")


def _whole_number(low: int, high: int):
    def check(form, field) -> None:
        value = (field.data or "").strip()
        if not value:
            return
        if not re.fullmatch(r"\d{1,7}", value):
            raise ValidationError(_l("Enter a whole number, without dots or currency signs."))
        if not low <= int(value) <= high:
            raise ValidationError(_l("Enter a number from %(low)s to %(high)s.", low=low, high=high))

    return check


def _user_date(value: str | None) -> str | None:
    """What a date input sends (YYYY-MM-DD) or what a person types (31-12-2026), as YYYY-MM-DD."""
    if not isinstance(value, str) or not value.strip():
        return value
    parsed = parse_user_date(value)
    return parsed.isoformat() if parsed else value.strip()


def _iso_date(form, field) -> None:
    value = (field.data or "").strip()
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_l("Enter a real date, for example 31-12-2026.")) from None


def _web_address(form, field) -> None:
    if field.data and not is_web_address(field.data):
        raise ValidationError(_l("Use a web address that starts with https:// or http://."))


def _apply_email(form, field) -> None:
    if field.data and not _EMAIL_RE.match(field.data):
        raise ValidationError(_l("Enter an e-mail address like jobs@example.nl."))


def _required(message) -> DataRequired:
    return DataRequired(message=message)


def _select(label_text, choices, *, required: bool = True, blank=None) -> SelectField:
    """A select whose choices are checked by parse_vacancy (validate_choice off: our own messages)."""
    validators = [_required(_l("Choose one of the options."))] if required else [Optional()]
    return SelectField(label_text, choices=choices, validators=validators, validate_choice=False)


def _labelled(kind: str, codes) -> list[SelectChoice]:
    """One choice per code; the labels are lazy, so they render in the request's language."""
    return [SelectChoice(c.value, LABELS[kind][c.value]) for c in codes]


class VacancyForm(Form):
    title = StringField(_l("Job title"), validators=[
        _required(_l("Enter the job title.")), Length(max=160, message=_l("Use at most %(max)s characters.", max=160))])
    occupation = _select(_l("Occupation"), [])
    city = StringField(_l("City"), validators=[
        _required(_l("Enter the city where the job is.")), Length(max=80, message=_l("Use at most %(max)s characters.", max=80))])
    province = _select(_l("Province"), [SelectChoice("", _l("Choose a province"))] + [SelectChoice(p.value, n) for p, n in PROVINCE_NAMES.items()])
    remote = _select(_l("Remote work"), [])
    language = _select(_l("Language of the vacancy text"), [SelectChoice(Language.EN.value, "English"), SelectChoice(Language.NL.value, "Nederlands")])
    description = TextAreaField(_l("Description"), validators=[
        _required(_l("Describe the job.")), Length(max=20_000, message=_l("Use at most %(max)s characters.", max=20_000))])
    requirements = TextAreaField(_l("Requirements"), validators=[
        Length(max=10_000, message=_l("Use at most %(max)s characters.", max=10_000))])
    skills = TextAreaField(_l("Skills"), validators=[
        Length(max=2_000, message=_l("Use at most %(max)s characters.", max=2_000))])
    dutch_level = _select(_l("Dutch needed"), [])
    dutch_timing = _select(_l("Dutch needed from"), [], required=False)
    english_level = _select(_l("English level"), [])
    visa_sponsorship = BooleanField(_l("We can sponsor a residence permit (IND recognised sponsor)"))
    contract = _select(_l("Contract"), [])
    seniority = _select(_l("Seniority"), [])
    hours_min = StringField(_l("Hours per week, at least"), validators=[_whole_number(1, 60)])
    hours_max = StringField(_l("Hours per week, at most"), validators=[_whole_number(1, 60)])
    salary_min = StringField(_l("Salary from (gross, in euros)"), validators=[_whole_number(1, 1_000_000)])
    salary_max = StringField(_l("Salary up to (gross, in euros)"), validators=[_whole_number(1, 1_000_000)])
    salary_period = _select(_l("Salary per"), [], required=False)
    closing_date = StringField(_l("Closing date"), filters=[_user_date], validators=[
        _required(_l("Enter the closing date.")), _iso_date])
    apply_url = StringField(_l("Apply at this web address"), validators=[
        Length(max=500, message=_l("Use at most %(max)s characters.", max=500)), _web_address])
    apply_email = StringField(_l("Or apply by e-mail to"), validators=[
        Length(max=254, message=_l("Use at most %(max)s characters.", max=254)), _apply_email])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = current_locale()
        self.occupation.choices = [SelectChoice("", _l("Choose an occupation"))] + [
            SelectChoice(o.code, o.label(locale)) for o in OCCUPATIONS.values()
        ]
        self.remote.choices = [SelectChoice("", _l("Choose"))] + _labelled("remote", RemotePolicy)
        self.dutch_level.choices = [SelectChoice(DutchLevel.NONE.value, _l("Not needed"))] + [
            SelectChoice(level.value, _l("Level %(level)s", level=level.value)) for level in DutchLevel if level != DutchLevel.NONE
        ]
        self.dutch_timing.choices = [SelectChoice("", _l("Not applicable"))] + _labelled("dutch_timing", DutchTiming)
        self.english_level.choices = [SelectChoice(level.value, _l("Level %(level)s", level=level.value)) for level in EnglishLevel]
        self.contract.choices = [SelectChoice("", _l("Choose"))] + _labelled("contract", Contract)
        self.seniority.choices = [SelectChoice("", _l("Choose"))] + _labelled("seniority", Seniority)
        self.salary_period.choices = [SelectChoice("", _l("No salary given"))] + _labelled("salary_period", SalaryPeriod)

    def record(self) -> dict[str, Any]:
        """The submitted values by field name, for services.posting.vacancy_fields (FORM_FIELDS only)."""
        return {name: self[name].data for name in FORM_FIELDS}

    def add_record_error(self, error: RecordError) -> None:
        """Show parse_vacancy's complaint next to its field, in the user's language."""
        name = error.field if error.field in FORM_FIELDS else "title"
        self[name].errors = list(self[name].errors or []) + [record_error_message(error)]


_RECORD_MESSAGES: dict[tuple[str, str], Any] = {
    ("dutch_timing", "is required when"): _l("Say when Dutch is needed: from the start or within 12 months."),
    ("hours_min", "must not be more"): _l("The lowest number of hours must not be more than the highest."),
    ("salary_period", "is required with"): _l("Say whether the salary is per hour, per month or per year."),
    ("salary_min", "must not be more"): _l("The lowest salary must not be more than the highest."),
    ("closing_date", "must not be before"): _l("The closing date must be today or later."),
    ("closing_date", "must be within"): _l("The closing date must be within %(days)s days.", days=MAX_OPEN_DAYS),
    ("apply_url", "an apply_url or"): _l("Give a web address or an e-mail address where people can apply."),
    ("apply_url", "must be an http"): _l("Use a web address that starts with https:// or http://."),
    ("apply_email", "must be an e-mail"): _l("Enter an e-mail address like jobs@example.nl."),
    ("skills", "at most 30"): _l("Give at most 30 skills, one per line, of at most 60 characters each."),
    ("occupation", "must be one of"): _l("Choose an occupation from the list."),
}
_GENERIC_MESSAGES: tuple[tuple[str, Any], ...] = (
    ("is required (YYYY", _l("Enter a real date, for example 31-12-2026.")),
    ("must be a date", _l("Enter a real date, for example 31-12-2026.")),
    ("is required", _l("This field is required.")),
    ("is longer than", _l("This text is too long.")),
    ("must be a whole number", _l("Enter a whole number, without dots or currency signs.")),
    ("must be between", _l("This number is out of range.")),
    ("must be one of", _l("Choose one of the options.")),
    ("must be true or false", _l("Choose one of the options.")),
    ("must be text", _l("This field is required.")),
)


def record_error_message(error: RecordError) -> str:
    """parse_vacancy's English message, as a sentence in the user's language."""
    for (field, start), message in _RECORD_MESSAGES.items():
        if error.field == field and error.message.startswith(start):
            return str(message)
    for start, message in _GENERIC_MESSAGES:
        if error.message.startswith(start):
            return str(message)
    return str(_l("Check this field."))


def initial_data(vacancy) -> dict[str, Any]:
    """A stored vacancy as form data (strings, as they were typed)."""
    data: dict[str, Any] = {}
    for name in FORM_FIELDS:
        value = getattr(vacancy, name)
        if name == "visa_sponsorship":
            data[name] = bool(value)
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(getattr(value, "value", value))
    return data


# How a vacancy ended (services/outcomes.py): one step when closing, or later on the dashboard.

_ANSWERS = {"yes": True, "no": False, "unknown": None}


def _yes_no(label_text, unknown_label) -> RadioField:
    return RadioField(label_text, choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No")),
                                           SelectChoice("unknown", unknown_label)],
                      default="unknown", validators=[Optional()])


class OutcomeForm(Form):
    """Was it filled, through the portal, by an international? Every question may stay 'don't know'."""

    filled = _yes_no(_l("Was the vacancy filled?"), _l("Not yet, or I don't know"))
    through_portal = _yes_no(_l("Did the person find it through this portal?"), _l("I don't know"))
    by_international = _yes_no(_l("Is the person an international (moved to the Netherlands for work or study)?"),
                               _l("I'd rather not say, or I don't know"))

    def answer(self):
        from ...services.outcomes import Answer

        return Answer(*(_ANSWERS.get(self[name].data or "unknown") for name in ("filled", "through_portal", "by_international")))


OUTCOME_REFUSALS = {
    "not-closed-or-open": lambda: _l("Only a published or closed vacancy has an outcome."),
    "employer-answered": lambda: _l("The employer has answered already; their answer stands."),
}
