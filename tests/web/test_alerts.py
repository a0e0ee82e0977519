"""Job alerts through the web: the box on the list, subscribing (CSRF, rate limits, errors in English and
Dutch, the same answer whether or not the address has an alert), the confirmation link, the manage page,
the one-click unsubscribe (RFC 8058), the digest's click-through, and the feed with the list's filters."""
from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from loket.storage.models.alerts import JobAlert

from ..conftest import Forms, csrf_token_in

SEEKER = {"email": "seeker@example.nl", "frequency": "daily"}


def text(response) -> str:
    return response.get_data(as_text=True)


def count(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count(JobAlert.id)))


def only_alert(db) -> JobAlert:
    db.expire_all()
    (alert,) = db.scalars(select(JobAlert)).all()
    return alert


def subscribe(forms, data=SEEKER, filters="english_only=1&province=drenthe", lang="en", **kwargs):
    return forms.submit(f"/alerts?{filters}", data, page=f"/vacancies?lang={lang}", **kwargs)


def link_in(mail, path: str) -> str:
    body = mail.get_body(("plain",)).get_content()
    return re.search(rf"http://localhost(/alerts/{path}/[\w-]{{32}})(\?lang=\w\w)?", body).group(1)


def confirmed_alert(forms, client, outbox, **kwargs) -> str:
    """Subscribe and confirm through the pages; returns the alert's token."""
    assert subscribe(forms, **kwargs).status_code == 303
    confirm = link_in(outbox()[-1], "confirm")
    page = client.get(confirm)
    assert client.post(confirm, data={"csrf_token": csrf_token_in(text(page))}).status_code == 303
    return confirm.rsplit("/", 1)[1]


def test_the_list_offers_the_alert_and_the_feed_for_its_filters(client):
    page = unescape(text(client.get("/vacancies?province=drenthe&english_only=1&sort=salary&page=1&lang=en")))
    box = page.split('class="alert-box"', 1)[1]
    assert "E-mail me new vacancies like these" in box
    assert 'action="/alerts?english_only=1&province=drenthe"' in box  # the filters, not sort or page
    assert 'href="/feed.atom?english_only=1&province=drenthe"' in box and "Follow as a feed" in box
    assert 'name="csrf_token"' in box and 'type="email"' in box
    assert page.index("results-heading") < page.index("alert-box-heading")  # after the results
    # Feed readers find the same filtered feed in the page's head.
    assert '<link rel="alternate" type="application/atom+xml" title="New vacancies" href="/feed.atom?english_only=1&province=drenthe">' in page
    assert 'href="/feed.atom">' in unescape(text(client.get("/guide?lang=en")))
    dutch = text(client.get("/vacancies?lang=nl"))
    assert "Mail mij nieuwe vacatures zoals deze" in dutch and "Volgen als feed" in dutch


def test_subscribing_saves_the_filters_and_language_and_mails_only_the_confirmation(client, forms, db, outbox):
    response = subscribe(forms, filters="province=Drenthe&english_only=yes&page=2&q=%20python%20", lang="nl")
    assert response.status_code == 303 and response.headers["Location"] == "/alerts/check-your-mail"
    assert "Kijk in je mailbox" in text(client.get("/alerts/check-your-mail"))
    alert = only_alert(db)
    assert alert.query == "english_only=1&province=drenthe&q=python" and alert.locale == "nl"
    assert alert.frequency == "daily" and alert.confirmed_at is None
    (mail,) = outbox()
    assert mail["To"] == "seeker@example.nl" and mail["Subject"] == "Bevestig je vacaturemelding"
    body = mail.get_body(("plain",)).get_content()
    assert "Provincie: Drenthe" in body and "Zoekwoorden: python" in body and "?lang=nl" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "seeker@example.nl" not in response.headers["Location"]


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_alert(client, forms, db, outbox):
    first = subscribe(forms)
    token = confirmed_alert(forms, client, outbox, data={**SEEKER, "email": "other@example.nl"})
    again = subscribe(forms, data={**SEEKER, "email": "other@example.nl"})
    assert (first.status_code, first.headers["Location"]) == (again.status_code, again.headers["Location"])
    assert count(db) == 2  # no second alert for the same address and filters
    last = outbox()[-1]
    assert last["To"] == "other@example.nl" and last["Subject"] == "You already have this job alert"
    assert f"/alerts/manage/{token}" in last.get_body(("plain",)).get_content()


@pytest.mark.parametrize("lang, data, message", [
    ("en", {"email": "", "frequency": "daily"}, "Enter your e-mail address: we send the new vacancies to it."),
    ("en", {"email": "not-an-address", "frequency": "daily"}, "e-mail address"),
    ("en", {"email": "seeker@example.nl", "frequency": "hourly"}, "Choose how often you want the e-mail."),
    ("nl", {"email": "", "frequency": "weekly"}, "Vul je e-mailadres in: we sturen de nieuwe vacatures daarheen."),
    ("nl", {"email": "seeker@example.nl"}, "Kies hoe vaak je de e-mail wilt krijgen."),
])
def test_form_errors_in_the_visitor_language_write_nothing(client, forms, db, outbox, lang, data, message):
    response = forms.submit(f"/alerts?province=drenthe&lang={lang}", data, page=f"/alerts/new?lang={lang}")
    page = text(response)
    assert response.status_code == 400 and message in unescape(page)
    assert 'class="error-summary"' in page and 'aria-invalid="true"' in page or 'has-error' in page
    assert ("Your filters" if lang == "en" else "Je filters") in page and "Drenthe" in page
    assert count(db) == 0 and outbox() == []


def test_an_invalid_filter_cannot_be_saved(client, forms, db, outbox):
    response = subscribe(forms, filters="province=atlantis")
    assert response.status_code == 400 and "“province”" in unescape(text(response))
    assert client.get("/alerts/new?salary_min=lots").status_code == 400
    assert count(db) == 0 and outbox() == []


def test_subscribing_needs_a_csrf_token(client, db, outbox):
    assert client.post("/alerts?province=drenthe", data=SEEKER).status_code == 400  # ASVS 3.5.1
    assert count(db) == 0 and outbox() == []


def test_subscribing_is_rate_limited_per_client_and_per_address(app, db, forms, outbox):
    for n in range(5):
        assert subscribe(forms, data={**SEEKER, "email": f"s{n}@example.nl"}).status_code == 303
    assert subscribe(forms, data={**SEEKER, "email": "s9@example.nl"}).status_code == 429  # ASVS 2.4.1
    assert count(db) == 5
    # One address from many clients: at most three confirmation mails an hour.
    for n in range(4):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 10}"
        response = subscribe(Forms(client), data={**SEEKER, "email": "victim@example.nl"},
                             filters=f"province=drenthe&salary_min={1000 + n}")
        assert response.status_code == (303 if n < 3 else 429)
    assert len([m for m in outbox() if m["To"] == "victim@example.nl"]) == 3


def test_the_confirmation_link_shows_a_button_and_starts_the_alert(client, forms, db, outbox):
    subscribe(forms)
    confirm = link_in(outbox()[0], "confirm")
    page = client.get(confirm + "?lang=en")
    assert page.status_code == 200 and "Start the alert" in text(page)
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    assert only_alert(db).confirmed_at is None  # opening the link (a mail scanner may) changes nothing
    token = confirm.rsplit("/", 1)[1]
    assert client.get(f"/alerts/manage/{token}").headers["Location"] == confirm  # not yet confirmed
    done = client.post(confirm, data={"csrf_token": csrf_token_in(text(page))})
    assert done.status_code == 303 and done.headers["Location"] == f"/alerts/manage/{token}"
    assert only_alert(db).confirmed_at is not None
    assert "Your job alert is on." in text(client.get(done.headers["Location"]))
    assert client.get(confirm).headers["Location"] == f"/alerts/manage/{token}"
    assert client.post(confirm).status_code == 400  # the button's form needs its CSRF token
    assert len(outbox()) == 1  # nothing but the confirmation so far


def test_the_manage_page_shows_the_filters_changes_the_frequency_and_deletes(client, forms, db, outbox):
    token = confirmed_alert(forms, client, outbox)
    page = unescape(text(client.get(f"/alerts/manage/{token}?lang=en")))
    assert "Province: Drenthe" in page and "No Dutch required" in page
    assert 'href="/vacancies?english_only=1&province=drenthe"' in page
    assert 'href="/feed.atom?english_only=1&province=drenthe"' in page
    assert "seeker@example.nl" not in page
    csrf = csrf_token_in(page)
    bad = client.post(f"/alerts/manage/{token}/frequency", data={"csrf_token": csrf, "frequency": "hourly"})
    assert bad.status_code == 400 and only_alert(db).frequency == "daily"
    ok = client.post(f"/alerts/manage/{token}/frequency", data={"csrf_token": csrf, "frequency": "weekly"})
    assert ok.status_code == 303 and only_alert(db).frequency == "weekly"
    assert "Saved. How often: Once a week." in text(client.get(f"/alerts/manage/{token}"))
    assert client.post(f"/alerts/manage/{token}/delete").status_code == 400 and count(db) == 1  # CSRF
    gone = client.post(f"/alerts/manage/{token}/delete", data={"csrf_token": csrf})
    assert gone.status_code == 303 and gone.headers["Location"] == "/alerts/deleted" and count(db) == 0
    assert client.get(f"/alerts/manage/{token}").status_code == 404


def test_the_manage_page_in_dutch(client, forms, db, outbox):
    token = confirmed_alert(forms, client, outbox, lang="nl")
    page = text(client.get(f"/alerts/manage/{token}?lang=nl"))
    assert "Je vacaturemelding" in page and "Provincie: Drenthe" in page and "Melding verwijderen" in page


def test_one_click_unsubscribe_needs_no_csrf_token_and_deletes_the_alert(client, forms, db, outbox):
    token = confirmed_alert(forms, client, outbox)
    fresh = client.application.test_client()  # a mail provider's server: no cookie, no session, no CSRF token
    assert fresh.post(f"/alerts/unsubscribe/{token}", data={}).status_code == 400 and count(db) == 1
    response = fresh.post(f"/alerts/unsubscribe/{token}", data="List-Unsubscribe=One-Click",
                          content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and count(db) == 0  # RFC 8058
    assert "You are unsubscribed" in text(response)
    assert fresh.post(f"/alerts/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200


def test_the_unsubscribe_link_shows_a_page_with_a_button_and_changes_nothing(client, forms, db, outbox):
    token = confirmed_alert(forms, client, outbox)
    page = client.get(f"/alerts/unsubscribe/{token}?lang=nl")
    html = text(page)
    assert page.status_code == 200 and "Afmelden voor deze vacaturemelding" in html
    assert f'action="/alerts/unsubscribe/{token}"' in html
    assert 'name="List-Unsubscribe" value="One-Click"' in html
    assert count(db) == 1


@pytest.mark.parametrize("path", ["confirm", "manage", "unsubscribe"])
def test_unknown_links_are_404_and_say_why(client, path):
    response = client.get(f"/alerts/{path}/" + "x" * 32 + "?lang=en")
    assert response.status_code == 404 and "This link no longer works" in text(response)


def test_a_click_through_from_the_digest_keeps_the_alert_and_goes_to_our_own_pages(client, forms, db, outbox, make):
    token = confirmed_alert(forms, client, outbox)
    alert = only_alert(db)
    before = alert.delete_after
    vacancy = make.vacancy()
    response = client.get(f"/alerts/go/{token}/vacancies/{vacancy.id}?lang=nl")
    assert response.status_code == 302 and response.headers["Location"] == f"/vacancies/{vacancy.id}?lang=nl"
    alert = only_alert(db)
    assert alert.last_clicked_at is not None and alert.delete_after >= before
    listing = client.get(f"/alerts/go/{token}/vacancies?lang=evil")
    assert listing.headers["Location"] == "/vacancies?english_only=1&province=drenthe"
    # An unknown or deleted alert's links still lead to the site.
    assert client.get("/alerts/go/" + "x" * 32 + "/vacancies").headers["Location"] == "/vacancies"


def test_the_privacy_statement_names_the_alert_retention(client):
    page = text(client.get("/privacy?lang=en"))
    assert "Job alerts" in page and "12 months" in page
    assert "Vacaturemeldingen" in text(client.get("/privacy?lang=nl"))


# The feed with the list's filters -------------------------------------------------------------


def test_the_feed_takes_the_list_filters(client, make):
    make.vacancy(title="Drenthe English", province="drenthe", dutch_level="none")
    make.vacancy(title="Drenthe Dutch", province="drenthe", dutch_level="B2")
    make.vacancy(title="Groningen English", province="groningen")
    response = client.get("/feed.atom?english_only=1&province=drenthe&lang=en")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = text(response)
    assert "Drenthe English" in feed and "Drenthe Dutch" not in feed and "Groningen English" not in feed
    assert 'rel="self" href="http://localhost/feed.atom?english_only=1&amp;province=drenthe"' in feed
    assert "(No Dutch required; Province: Drenthe)" in feed
    everything = text(client.get("/feed.atom"))
    assert all(title in everything for title in ("Drenthe English", "Drenthe Dutch", "Groningen English"))
    assert "<id>http://localhost/feed.atom</id>" in everything


@pytest.mark.parametrize("query", ["province=atlantis", "english_only=maybe", "salary_min=-5", "occupation=9999",
                                   "q=" + "x" * 201, "salary_criterion=nobody"])
def test_an_invalid_feed_filter_is_a_short_400(client, query):
    response = client.get(f"/feed.atom?{query}&lang=en")
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert text(response).startswith("The filter “") and len(text(response)) < 400


def test_the_feed_with_the_salary_criterion(client, make):
    make.vacancy(title="Well paid", salary_min=6000, salary_max=7000)
    make.vacancy(title="Modest pay", salary_min=2500, salary_max=3000)
    feed = text(client.get("/feed.atom?salary_criterion=highly_skilled_migrant_30_or_older"))
    assert "Well paid" in feed and "Modest pay" not in feed
