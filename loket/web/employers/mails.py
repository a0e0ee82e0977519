"""Mails to employers about their vacancies: approved, rejected, closing soon.

Each recipient gets the mail in the language of their account (`User.locale`), whoever
triggers it: the employer is not the one making the request. Addresses are never logged.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from flask import current_app
from flask_babel import force_locale, format_date, gettext as _

from ...services.mail import MailError, send_mail
from ...services.posting import Recipient
from ...storage.models import Vacancy
from ..urls import external_url

log = logging.getLogger(__name__)


def _send(recipients: Iterable[Recipient], write: Callable[[], tuple[str, str]]) -> None:
    """Send to every recipient, each in their language (`write` returns subject and body in the
    forced locale); MailError when any could not be sent (logged without the address)."""
    failed, subject = 0, ""
    for to in recipients:
        with force_locale(to.locale or current_app.config["LOKET_DEFAULT_LOCALE"]):
            subject, body = write()
        try:
            send_mail(to.email, subject, body)
        except MailError:
            failed += 1
    if failed:
        log.error("mail %r not sent to %d recipient(s)", subject, failed)
        raise MailError(f"{failed} recipient(s) failed")


def _deliver(recipients: Iterable[Recipient], write: Callable[[], tuple[str, str]]) -> None:
    """Like _send, for a staff action: a mail problem is logged, and the action stands."""
    try:
        _send(recipients, write)
    except MailError:
        pass


def approved(recipients: Iterable[Recipient], vacancy: Vacancy) -> None:
    def write() -> tuple[str, str]:
        return _("Your vacancy is published: %(title)s", title=vacancy.title), _(
            "The loket's staff approved your vacancy \"%(title)s\". It is now shown on the site:\n\n%(url)s\n\n"
            "See its views and apply clicks on your dashboard: %(dashboard)s",
            title=vacancy.title,
            url=external_url("public.vacancy_detail", vacancy_id=vacancy.id),
            dashboard=external_url("employers.dashboard"),
        )

    _deliver(recipients, write)


def rejected(recipients: Iterable[Recipient], vacancy: Vacancy) -> None:
    def write() -> tuple[str, str]:
        return _("Your vacancy needs changes: %(title)s", title=vacancy.title), _(
            "The loket's staff did not publish your vacancy \"%(title)s\" yet. Their reason:\n\n%(reason)s\n\n"
            "Change the vacancy and submit it again here: %(url)s",
            title=vacancy.title,
            reason=vacancy.rejection_reason or "",
            url=external_url("employers.edit_vacancy", vacancy_id=vacancy.id),
        )

    _deliver(recipients, write)


def closing_soon(vacancy: Vacancy, recipients: list[Recipient]) -> None:
    """The reminder a week before the closing date (for services.expiry.send_reminders: raises MailError)."""
    def write() -> tuple[str, str]:
        return _("Your vacancy closes soon: %(title)s", title=vacancy.title), _(
            "Your vacancy \"%(title)s\" closes on %(date)s. After that day it is no longer shown in the list.\n\n"
            "To keep it open longer, change the closing date on your dashboard: %(url)s",
            title=vacancy.title,
            date=format_date(vacancy.closing_date, "long"),
            url=external_url("employers.dashboard"),
        )

    _send(recipients, write)
