"""Job alerts: /alerts/new (the form, also on the vacancy list), the confirmation link, the manage
page, the one-click unsubscribe (RFC 8058) and the digest's click-through redirects.

The filters travel in the URL (they are not personal); the address only in the POST body and the
mails. Every answer to a subscription is the same page, whether or not the address has an alert
already (no address enumeration). The links in the mails carry the alert's token instead of the
address, and their pages send no Referer.
"""
from __future__ import annotations

import logging

from flask import (Blueprint, abort, current_app, flash, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _

from ...domain.accounts import normalise_email
from ...domain.alerts import alert_query, canonical_query, filter_params
from ...domain.search import InvalidParameter, VacancyQuery
from ...services import alerts
from ...services.mail import MailError
from ..db import now, session
from ..i18n import LOCALES, current_locale
from ..limits import keyed_hash, limiter
from ..security import csrf
from . import mails
from .forms import FREQUENCY_LABELS, AlertForm, FrequencyForm
from .present import describe_filters

log = logging.getLogger(__name__)

bp = Blueprint("alerts", __name__, url_prefix="/alerts")

SUBSCRIBE_LIMIT = "5 per hour"
#: Per address, from all clients together: nobody can flood someone's mailbox with confirmations.
ADDRESS_LIMIT = "3 per hour"
MANAGE_LIMIT = "10 per hour"
ONE_CLICK = "One-Click"


def _address_key() -> str:
    return "alert-email:" + keyed_hash(normalise_email(request.form.get("email", "")), "alert-email")


@bp.after_request
def _private(response):
    # Pages of an alert are never cached; the token in their address is never passed on.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.app_template_global()
def alert_params(query: VacancyQuery) -> dict[str, str]:
    """The filters of the list's query, for the alert form's and the feed's links."""
    return filter_params(query)


def _filters_or_400() -> VacancyQuery:
    try:
        return alert_query(request.args)
    except InvalidParameter as exc:
        abort(make_response(render_template("alerts/bad_filters.html", name=exc.name), 400))


def _new_page(form: AlertForm, query: VacancyQuery, status: int = 200):
    return render_template("alerts/new.html", form=form, query=query, params=filter_params(query),
                           filters=describe_filters(query)), status


@bp.get("/new")
def new():
    return _new_page(AlertForm(formdata=None), _filters_or_400())


@bp.post("")
@limiter.limit(SUBSCRIBE_LIMIT)
@limiter.limit(ADDRESS_LIMIT, key_func=_address_key)
def subscribe():
    query = _filters_or_400()
    form = AlertForm()
    if not form.validate():
        return _new_page(form, query, 400)
    subscription = alerts.subscribe(
        session(), email=form.email.data, query=canonical_query(query), frequency=form.frequency.data,
        locale=current_locale(), now=now(), secret_key=current_app.config["SECRET_KEY"])
    try:
        if subscription.alert.confirmed_at is None:
            mails.confirmation(subscription.alert, subscription.token)
        else:
            mails.already_subscribed(subscription.alert, subscription.token)
    except MailError:
        # Said on the next page in the same words for every address: nothing tells whether it had an alert.
        log.error("mail about job alert %s not sent", subscription.alert.id)
        return redirect(url_for("alerts.sent", failed=1), code=303)
    return redirect(url_for("alerts.sent"), code=303)


@bp.get("/check-your-mail")
def sent():
    return render_template("alerts/sent.html", failed=request.args.get("failed") == "1")


def _alert(token: str):
    """The alert of a link; else the request ends with 404 and an explanation."""
    alert = alerts.by_token(session(), token)
    if alert is None:
        abort(make_response(render_template("alerts/gone.html"), 404))
    return alert


@bp.get("/confirm/<token>")
def confirm(token: str):
    """The link in the confirmation mail: a page with a button, so a mail scanner that opens links
    cannot start an alert nobody asked for."""
    alert = _alert(token)
    if alert.confirmed_at is not None:
        return redirect(url_for("alerts.manage", token=token), code=303)
    return render_template("alerts/confirm.html", alert=alert, token=token,
                           filters=describe_filters(alerts.query_of(alert)), frequency=FREQUENCY_LABELS[alert.frequency])


@bp.post("/confirm/<token>")
@limiter.limit(MANAGE_LIMIT)
def confirm_post(token: str):
    alert = _alert(token)  # the CSRF token was checked by CSRFProtect before this view
    if alerts.confirm(session(), alert, now()):
        flash(_("Your job alert is on. You will get an e-mail when new vacancies match your filters."))
    return redirect(url_for("alerts.manage", token=token), code=303)


def _manage_page(alert, token: str, form: FrequencyForm, status: int = 200):
    query = alerts.query_of(alert)
    return render_template("alerts/manage.html", alert=alert, token=token, form=form, filters=describe_filters(query),
                           params=filter_params(query)), status


@bp.get("/manage/<token>")
def manage(token: str):
    alert = _alert(token)
    if alert.confirmed_at is None:
        return redirect(url_for("alerts.confirm", token=token), code=303)
    form = FrequencyForm(formdata=None)
    form.frequency.data = alert.frequency.value
    return _manage_page(alert, token, form)


@bp.post("/manage/<token>/frequency")
@limiter.limit(MANAGE_LIMIT)
def frequency(token: str):
    alert = _alert(token)
    form = FrequencyForm()
    if not form.validate():
        return _manage_page(alert, token, form, 400)
    alerts.change_frequency(session(), alert, form.frequency.data)
    flash(_("Saved. How often: %(frequency)s.", frequency=FREQUENCY_LABELS[alert.frequency]))
    return redirect(url_for("alerts.manage", token=token), code=303)


@bp.post("/manage/<token>/delete")
@limiter.limit(MANAGE_LIMIT)
def delete(token: str):
    alerts.unsubscribe(session(), _alert(token))
    return redirect(url_for("alerts.deleted"), code=303)


@bp.get("/deleted")
def deleted():
    return render_template("alerts/deleted.html")


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    """The unsubscribe link as a page: a button that posts the one-click form (a GET changes nothing)."""
    _alert(token)
    return render_template("alerts/unsubscribe.html", token=token)


@csrf.exempt
@bp.post("/unsubscribe/<token>")
def unsubscribe_post(token: str):
    """RFC 8058 one-click: a POST with the body `List-Unsubscribe=One-Click`, without CSRF token or
    sign-in (a mail provider's server sends it; the token in the URL is the proof). Not rate limited
    per client, since one provider posts for many people. An unknown token answers the same page:
    after an unsubscribe, a second click must not look like an error."""
    if request.form.get("List-Unsubscribe") != ONE_CLICK:
        return _("Send List-Unsubscribe=One-Click to unsubscribe."), 400, {"Content-Type": "text/plain; charset=utf-8"}
    alert = alerts.by_token(session(), token)
    if alert is not None:
        alerts.unsubscribe(session(), alert)
    return render_template("alerts/deleted.html")


def _lang() -> dict[str, str]:
    lang = request.args.get("lang")
    return {"lang": lang} if lang in LOCALES else {}


# The digest's links: note the click-through (the alert is still wanted), then go where the link
# said. The targets are built here from ids and the alert's own filters: no open redirect.


@bp.get("/go/<token>/vacancies/<int:vacancy_id>")
def go_vacancy(token: str, vacancy_id: int):
    alert = alerts.by_token(session(), token)
    if alert is not None:
        alerts.record_click(session(), alert, now())
    return redirect(url_for("public.vacancy_detail", vacancy_id=vacancy_id, **_lang()))


@bp.get("/go/<token>/vacancies")
def go_list(token: str):
    alert = alerts.by_token(session(), token)
    params: dict[str, str] = {}
    if alert is not None:
        alerts.record_click(session(), alert, now())
        try:
            params = filter_params(alerts.query_of(alert))
        except InvalidParameter:
            params = {}
    return redirect(url_for("public.vacancy_list", **params, **_lang()))

