"""The base of every form: `Form` strips surrounding whitespace from every field but passwords.

Without it a value of only spaces passes `Optional()` (which looks at the raw input) and then
reaches code that expects a real value (`int(" ")`, a language " "). Derive every form from
`Form`, not from FlaskForm; a test checks that.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField


def strip(value):
    """The filter added to every field: text without surrounding whitespace; other values as they are."""
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, PasswordField):  # a password is what was typed, spaces and all
                return unbound_field.bind(form=form, **options)
            filters = [strip, *(f for f in unbound_field.kwargs.get("filters", ()) if f is not strip)]
            return unbound_field.bind(form=form, filters=filters, **options)
