"""Sign-in, registration and password forms. Only the fields declared here are read:
anything else a client sends (status, verified, role, …) is ignored."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ...domain.accounts import EMAIL_MAX_LENGTH, is_valid_email, is_valid_kvk
from ...domain.passwords import MAX_LENGTH, MIN_LENGTH, PasswordProblem, password_problems
from ...domain.vacancies import PROVINCE_NAMES
from ..forms import Form

PASSWORD_MESSAGES = {
    PasswordProblem.TOO_SHORT: _l("Use at least %(min)s characters.", min=MIN_LENGTH),
    PasswordProblem.TOO_LONG: _l("Use at most %(max)s characters.", max=MAX_LENGTH),
    PasswordProblem.COMMON: _l("This password is too common and easy to guess. Choose another one, for example a few unrelated words."),
    PasswordProblem.CONTAINS_EMAIL: _l("Do not use your e-mail address, or part of it, in your password."),
}


def _email(form, field) -> None:
    if field.data and not is_valid_email(field.data):
        raise ValidationError(_l("Enter an e-mail address like name@example.nl."))


def _kvk(form, field) -> None:
    if field.data and not is_valid_kvk(field.data):
        raise ValidationError(_l("A KvK number has exactly 8 digits."))


def _province(form, field) -> None:
    if field.data and field.data not in {p.value for p in PROVINCE_NAMES}:
        raise ValidationError(_l("Choose the province."))


def password_errors(password: str, email: str | None) -> list[str]:
    """The policy's reasons as messages in the user's language."""
    return [str(PASSWORD_MESSAGES[p]) for p in password_problems(password, email)]


def email_field(label, required=_l("Enter your e-mail address.")) -> StringField:
    """A required e-mail address: stripped, at most EMAIL_MAX_LENGTH, checked for its shape."""
    return StringField(
        label,
        validators=[
            DataRequired(message=required),
            Length(max=EMAIL_MAX_LENGTH, message=_l("An e-mail address has at most %(max)s characters.", max=EMAIL_MAX_LENGTH)),
            _email,
        ],
    )


def _locale_field() -> RadioField:
    """The language of the mails the account gets (the page's language is preselected by the view)."""
    return RadioField(
        _l("Language of our e-mails to you"),
        choices=[SelectChoice("en", "English"), SelectChoice("nl", "Nederlands")],
        default="en",
        validators=[DataRequired(message=_l("Choose a language."))],
    )


class LoginForm(Form):
    email = email_field(_l("E-mail address"))
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Enter your password."))])


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password, twice. Declared inside each form so the fields keep the page's order."""
    return (
        PasswordField(_l("Password"), validators=[DataRequired(message=_l("Choose a password."))]),
        PasswordField(
            _l("Password again"),
            validators=[
                DataRequired(message=_l("Type the password again.")),
                EqualTo("password", message=_l("The two passwords are not the same.")),
            ],
        ),
    )


class PasswordPolicyMixin:
    """Checks `password` against the policy for the account's address (`policy_email()`)."""

    def policy_email(self) -> str | None:
        return None

    def validate_password(self, field) -> None:
        errors = password_errors(field.data or "", self.policy_email())
        if errors:
            raise ValidationError(" ".join(errors))


class RegisterForm(PasswordPolicyMixin, Form):
    company_name = StringField(
        _l("Company name"),
        validators=[
            DataRequired(message=_l("Enter the name of your company.")),
            Length(max=160, message=_l("Use at most %(max)s characters.", max=160)),
        ],
    )
    kvk_number = StringField(
        _l("KvK number"),
        validators=[DataRequired(message=_l("Enter your company's KvK number.")), Length(max=20, message=_l("A KvK number has exactly 8 digits.")), _kvk],
    )
    city = StringField(
        _l("City"),
        validators=[
            DataRequired(message=_l("Enter the city where your company is.")),
            Length(max=80, message=_l("Use at most %(max)s characters.", max=80)),
        ],
    )
    province = SelectField(
        _l("Province"),
        choices=[SelectChoice("", _l("Choose a province"))] + [SelectChoice(p.value, name) for p, name in PROVINCE_NAMES.items()],
        validators=[DataRequired(message=_l("Choose the province.")), _province],
        validate_choice=False,  # checked by _province, with our own message
    )
    email = email_field(_l("Contact e-mail address"))
    password, password_again = _new_password_fields()
    locale = _locale_field()

    def policy_email(self) -> str | None:
        return self.email.data


class AccountForm(Form):
    locale = _locale_field()


class ForgotPasswordForm(Form):
    email = email_field(_l("E-mail address"))


class ResetPasswordForm(PasswordPolicyMixin, Form):
    password, password_again = _new_password_fields()

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._account_email = account_email

    def policy_email(self) -> str | None:
        return self._account_email
