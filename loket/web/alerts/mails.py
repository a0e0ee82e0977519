"""Mails of a job alert: the confirmation (double opt-in), the note that an alert exists already, and
the digest. Each in the alert's language, plain text with an HTML alternative for the digest, no
images and no tracking pixel; every one carries a one-click unsubscribe (RFC 8058) and a link to
manage the alert. The digest's links go through a short redirect with the alert's token, which
only notes that the alert is still wanted. The address is never logged."""
from __future__ import annotations

from flask import render_template
from flask_babel import force_locale, gettext as _, ngettext

from ...domain.alerts import IDLE_MONTHS, UNCONFIRMED_DAYS
from ...services.alerts import Digest, query_of
from ...services.mail import send_mail
from ...storage.models.alerts import JobAlert
from ..urls import external_url
from .forms import FREQUENCY_PHRASES
from .present import describe_filters


def unsubscribe_url(token: str) -> str:
    return external_url("alerts.unsubscribe", token=token)


def manage_url(alert: JobAlert, token: str) -> str:
    return external_url("alerts.manage", token=token, lang=alert.locale)


def _headers(token: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{unsubscribe_url(token)}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _filters_text(alert: JobAlert) -> str:
    lines = describe_filters(query_of(alert))
    return "\n".join(f"- {line}" for line in lines) if lines else "- " + _("All new vacancies")


def _footer(alert: JobAlert, token: str) -> str:
    return _(
        "Change how often you get this e-mail, see the filters or delete the alert:\n%(manage)s\n\n"
        "Unsubscribe in one click:\n%(unsubscribe)s",
        manage=manage_url(alert, token), unsubscribe=external_url("alerts.unsubscribe", token=token, lang=alert.locale),
    )


def confirmation(alert: JobAlert, token: str) -> None:
    """The double opt-in: nothing else is sent before its link is followed."""
    with force_locale(alert.locale):
        subject = _("Confirm your job alert")
        body = _(
            "You asked the Digital Career Loket to e-mail you new vacancies %(frequency)s, with these filters:\n"
            "%(filters)s\n\nTo start the alert, open this link and press the button:\n%(url)s\n\n"
            "Did you not ask for this? Then ignore this e-mail: you will get nothing from us, and we delete "
            "your address within %(days)s days.",
            frequency=FREQUENCY_PHRASES[alert.frequency], filters=_filters_text(alert),
            url=external_url("alerts.confirm", token=token, lang=alert.locale), days=UNCONFIRMED_DAYS,
        )
        body += "\n\n" + _("Unsubscribe in one click:\n%(unsubscribe)s",
                           unsubscribe=external_url("alerts.unsubscribe", token=token, lang=alert.locale))
    send_mail(alert.email, subject, body, headers=_headers(token))


def already_subscribed(alert: JobAlert, token: str) -> None:
    """Someone asked again for an alert this address has confirmed: say so, change nothing."""
    with force_locale(alert.locale):
        subject = _("You already have this job alert")
        body = _(
            "Someone (probably you) asked the Digital Career Loket again for an alert with these filters:\n"
            "%(filters)s\n\nThis address already gets it, so nothing has changed.",
            filters=_filters_text(alert),
        ) + "\n\n" + _footer(alert, token)
    send_mail(alert.email, subject, body, headers=_headers(token))


def digest(item: Digest) -> None:
    """The new vacancies of one alert (for services.alerts.send_digests: raises MailError)."""
    alert, token = item.alert, item.token
    with force_locale(alert.locale):
        total = len(item.vacancies) + item.more
        subject = ngettext("%(num)s new vacancy for your job alert", "%(num)s new vacancies for your job alert", total)
        links = [(v, external_url("alerts.go_vacancy", token=token, vacancy_id=v.id, lang=alert.locale))
                 for v in item.vacancies]
        list_link = external_url("alerts.go_list", token=token, lang=alert.locale)
        lines = [_("New vacancies that match your filters:"), _filters_text(alert), ""]
        for vacancy, url in links:
            lines.append(f"{vacancy.title} – {vacancy.company.name}, {vacancy.city}")
            lines.append(url)
            lines.append("")
        if item.more:
            lines.append(ngettext("And %(num)s more on the list:", "And %(num)s more on the list:", item.more))
        else:
            lines.append(_("All vacancies with these filters:"))
        lines.append(list_link)
        lines.append("")
        lines.append(_("We keep your address only for this alert, and delete it when you unsubscribe or when you "
                       "have not opened a link from these e-mails for %(months)s months.", months=IDLE_MONTHS))
        lines.append("")
        lines.append(_footer(alert, token))
        html = render_template("alerts/mail/digest.html", alert=alert, links=links, more=item.more,
                               list_link=list_link, filters=describe_filters(query_of(alert)),
                               manage=manage_url(alert, token),
                               unsubscribe=external_url("alerts.unsubscribe", token=token, lang=alert.locale),
                               idle_months=IDLE_MONTHS, subject=subject)
        body = "\n".join(lines)
    send_mail(alert.email, subject, body, headers=_headers(token), html=html)
