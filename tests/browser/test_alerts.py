"""Job alerts end to end in headless Chromium on a phone (375×812), with the real outbox: subscribe on the
filtered list → confirm through the link in the mail → the digest (what `loket alerts send` does from
cron) → the one-click unsubscribe POST (RFC 8058) → the alert is gone. axe-core on every alert page, in
English and Dutch."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser
from pathlib import Path

from sqlalchemy import select

from loket.config import PROJECT_ROOT
from loket.content.figures import get_figures
from loket.services import alerts
from loket.storage.models.alerts import JobAlert
from loket.web.alerts import mails

from ..factories import Factory

EMAIL = "alert-visitor@example.nl"


def mails_to(app, address: str) -> list:
    folder = Path(app.config["LOKET_INSTANCE_PATH"]) / "outbox"
    parsed = [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]
    return [m for m in parsed if m["To"] == address]


def alerts_of(app, address: str) -> list[JobAlert]:
    with app.extensions["loket.db"].session() as session:
        return list(session.scalars(select(JobAlert).where(JobAlert.email == address)))


def test_subscribe_confirm_get_the_digest_and_unsubscribe_in_one_click(page, live_server, live_app, assert_accessible):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server + "/vacancies?lang=en&english_only=1&province=drenthe")
    box = page.locator(".alert-box")
    assert box.get_by_role("heading", name="E-mail me new vacancies like these").is_visible()
    feed = box.get_by_role("link", name="Follow as a feed")
    assert feed.get_attribute("href") == "/feed.atom?english_only=1&province=drenthe"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolls sideways
    assert_accessible(page)
    box.get_by_label("Your e-mail address").fill(EMAIL)
    box.get_by_label("Every day").check()
    box.get_by_role("button", name="Create the alert").click()
    page.wait_for_url(re.compile(r"/alerts/check-your-mail$"))
    assert "@" not in page.url and EMAIL not in page.locator("main").inner_text()
    assert_accessible(page)

    # Nothing but the confirmation; the alert waits for its link.
    (confirmation,) = mails_to(live_app, EMAIL)
    assert confirmation["Subject"] == "Confirm your job alert"
    (alert,) = alerts_of(live_app, EMAIL)
    assert alert.confirmed_at is None and alert.query == "english_only=1&province=drenthe" and alert.frequency == "daily"
    link = re.search(r"https?://\S+/alerts/confirm/[\w-]{32}\?lang=en", confirmation.get_body(("plain",)).get_content()).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Start the alert").click()
    page.wait_for_url(re.compile(r"/alerts/manage/[\w-]{32}$"))
    assert "Your job alert is on." in page.locator("main").inner_text()
    assert "Province: Drenthe" in page.locator("main").inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # reflows at 320 px (WCAG 1.4.10)
    page.set_viewport_size({"width": 375, "height": 812})

    # A new vacancy in Drenthe without Dutch, then the digest, as `loket alerts send` sends it.
    database = live_app.extensions["loket.db"]
    with database.session() as session:
        vacancy = Factory(session, date.today()).vacancy(title="Alert test engineer", province="drenthe", city="Assen",
                                                         dutch_level="none", posted_date=date.today())
        vacancy_id = vacancy.id
    with live_app.test_request_context("/"), database.session() as session:
        result = alerts.send_digests(session, now=datetime.now(timezone.utc) + timedelta(minutes=1), today=date.today(),
                                     figures=get_figures(PROJECT_ROOT / "content"),
                                     secret_key=live_app.config["SECRET_KEY"], notify=mails.digest, frequency="daily")
    assert result.sent >= 1
    digest = mails_to(live_app, EMAIL)[-1]
    body = digest.get_body(("plain",)).get_content()
    assert "Alert test engineer" in body and "Assen" in body
    assert "<img" not in digest.get_body(("html",)).get_content()
    unsubscribe = re.fullmatch(r"<(https?://[^>]+/alerts/unsubscribe/[\w-]{32})>", digest["List-Unsubscribe"]).group(1)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = "/" + unsubscribe.split("/", 3)[3]  # the command's links are on its own host; the token is the same

    # The digest's link to the vacancy goes through the click-through and lands on the vacancy.
    go = re.search(rf"https?://\S+(/alerts/go/[\w-]{{32}}/vacancies/{vacancy_id})\?lang=en", body).group(1)
    page.goto(live_server + go + "?lang=en")
    page.wait_for_url(re.compile(rf"/vacancies/{vacancy_id}\?lang=en$"))
    assert alerts_of(live_app, EMAIL)[0].last_clicked_at is not None

    # The unsubscribe link's page (a GET changes nothing), then the mail client's one-click POST.
    page.goto(live_server + path + "?lang=en")
    assert page.get_by_role("button", name="Unsubscribe").is_visible()
    assert_accessible(page)
    assert len(alerts_of(live_app, EMAIL)) == 1
    response = page.request.post(live_server + path, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert alerts_of(live_app, EMAIL) == []  # the alert and its address are gone
    gone = page.goto(live_server + path + "?lang=en")
    assert gone.status == 404 and "no longer works" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_alert_pages_in_dutch_are_accessible(page, live_server, live_app, assert_accessible):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server + "/alerts/new?lang=nl&visa_sponsorship=1")
    assert page.locator("h1").inner_text() == "Mail mij nieuwe vacatures"
    assert_accessible(page)
    page.get_by_role("button", name="Melding aanmaken").click()  # nothing filled in: the errors, in Dutch
    page.locator(".error-summary").wait_for()
    assert "Vul je e-mailadres in" in page.locator(".error-summary").inner_text()
    assert_accessible(page)

    database = live_app.extensions["loket.db"]
    with live_app.test_request_context("/"), database.session() as session:
        subscription = alerts.subscribe(session, email="nl-visitor@example.nl", query="visa_sponsorship=1",
                                        frequency="weekly", locale="nl", now=datetime.now(timezone.utc),
                                        secret_key=live_app.config["SECRET_KEY"])
    token = subscription.token
    page.goto(f"{live_server}/alerts/confirm/{token}?lang=nl")
    assert page.locator("h1").inner_text() == "Bevestig je vacaturemelding"
    assert_accessible(page)
    page.get_by_role("button", name="Melding starten").click()
    page.wait_for_url(re.compile(r"/alerts/manage/"))
    assert "Visumsponsoring" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Elke dag").check()
    page.get_by_role("button", name="Opslaan").click()
    page.locator(".notice").wait_for()
    assert "Hoe vaak: Elke dag." in page.locator(".notice").inner_text()
    page.set_viewport_size({"width": 1366, "height": 900})
    assert_accessible(page)
    page.goto(f"{live_server}/alerts/unsubscribe/{token}?lang=nl")
    assert_accessible(page)
    page.get_by_role("button", name="Afmelden").click()
    assert page.locator("h1").inner_text() == "Je bent afgemeld"
    assert_accessible(page)
    assert alerts_of(live_app, "nl-visitor@example.nl") == []
    page.goto(live_server + "/vacancies?lang=nl")
    assert_accessible(page)
