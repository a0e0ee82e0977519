"""Job alerts in the service layer, on every test database: subscribe (only the confirmation is mailed),
confirm, the digest (only new matching vacancies, never twice, in the alert's language, with the
one-click unsubscribe headers), unsubscribe and the purge of unconfirmed and idle alerts."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from loket.config import PROJECT_ROOT
from loket.content.figures import get_figures
from loket.domain.alerts import alert_query, canonical_query
from loket.services import alerts
from loket.storage.models.alerts import AlertDelivery, JobAlert
from loket.web.alerts import mails

from ..conftest import TODAY

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
SECRET = "test-secret"
FIGURES = get_figures(PROJECT_ROOT / "content")


def query(**args: str) -> str:
    return canonical_query(alert_query(args))


def subscribe(db, email="seeker@example.nl", frequency="daily", locale="en", now=NOW, **filters):
    return alerts.subscribe(db, email=email, query=query(**filters), frequency=frequency, locale=locale, now=now,
                            secret_key=SECRET)


def confirmed(db, **kwargs):
    subscription = subscribe(db, **kwargs)
    assert alerts.confirm(db, subscription.alert, kwargs.get("now", NOW))
    return subscription


def send(app, db, now, frequency=None):
    with app.test_request_context("/"):
        return alerts.send_digests(db, now=now, today=now.date(), figures=FIGURES, secret_key=SECRET,
                                   notify=mails.digest, frequency=frequency)


def count(db, model=JobAlert) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_subscribing_stores_an_unconfirmed_alert_and_sends_nothing_but_the_confirmation(app, db, outbox):
    subscription = subscribe(db, email=" Seeker@Example.NL ", province="drenthe")
    alert = subscription.alert
    assert subscription.created and alert.confirmed_at is None
    assert alert.email == "seeker@example.nl" and alert.query == "province=drenthe"
    assert alert.token_hash != subscription.token and subscription.token not in alert.nonce  # only its hash is kept
    assert alerts.by_token(db, subscription.token).id == alert.id
    assert alerts.due(db, NOW + timedelta(days=2)) == []  # unconfirmed: never due
    with app.test_request_context("/"):
        mails.confirmation(alert, subscription.token)
    (mail,) = outbox()
    assert mail["Subject"] == "Confirm your job alert"
    body = mail.get_body(("plain",)).get_content()
    assert f"/alerts/confirm/{subscription.token}?lang=en" in body
    assert "new vacancies every day, with these filters:\n- Province: Drenthe\n" in body
    assert mail["List-Unsubscribe"] == f"<http://localhost/alerts/unsubscribe/{subscription.token}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_same_address_and_filters_make_one_alert(db):
    first = subscribe(db, province="drenthe")
    again = subscribe(db, province="drenthe", frequency="weekly", now=NOW + timedelta(days=5))
    assert not again.created and again.alert.id == first.alert.id and again.token == first.token
    assert again.alert.frequency == "weekly"  # unconfirmed: the new choice counts, and a new week to confirm
    assert again.alert.delete_after.replace(tzinfo=timezone.utc) == NOW + timedelta(days=12)
    alerts.confirm(db, again.alert, NOW + timedelta(days=6))
    third = subscribe(db, province="drenthe", frequency="daily", now=NOW + timedelta(days=7))
    assert not third.created and third.alert.frequency == "weekly"  # confirmed: left as it is
    assert subscribe(db, province="groningen").created and count(db) == 2


def test_confirming_starts_the_alert_once(db):
    subscription = subscribe(db)
    assert alerts.confirm(db, subscription.alert, NOW)
    assert not alerts.confirm(db, subscription.alert, NOW + timedelta(days=1))
    alert = subscription.alert
    assert alert.confirmed_at.replace(tzinfo=timezone.utc) == NOW
    assert alert.delete_after.replace(tzinfo=timezone.utc) == NOW + timedelta(days=365)
    assert [a.id for a in alerts.due(db, NOW)] == [alert.id]


def test_a_digest_has_only_new_matching_vacancies_and_never_the_same_twice(app, db, make, outbox):
    subscription = confirmed(db, english_only="1", province="drenthe")
    old = make.vacancy(title="Old Drenthe job", province="drenthe", city="Assen", posted_date=TODAY - timedelta(days=5))
    new = make.vacancy(title="New Drenthe job", province="drenthe", city="Emmen", posted_date=TODAY)
    make.vacancy(title="Dutch needed", province="drenthe", dutch_level="B2", posted_date=TODAY)
    make.vacancy(title="Groningen job", province="groningen", posted_date=TODAY)
    make.vacancy(title="Closed job", province="drenthe", posted_date=TODAY, status="closed")

    result = send(app, db, NOW + timedelta(hours=1))
    assert (result.sent, result.vacancies) == (1, 1)
    (mail,) = outbox()
    text = mail.get_body(("plain",)).get_content()
    assert mail["To"] == "seeker@example.nl" and mail["Subject"] == "1 new vacancy for your job alert"
    assert "New Drenthe job" in text and "Emmen" in text
    for absent in ("Old Drenthe job", "Dutch needed", "Groningen job", "Closed job"):
        assert absent not in text
    token = subscription.token
    assert f"http://localhost/alerts/go/{token}/vacancies/{new.id}?lang=en" in text
    assert f"http://localhost/alerts/go/{token}/vacancies?lang=en" in text
    assert f"/alerts/manage/{token}?lang=en" in text and f"/alerts/unsubscribe/{token}?lang=en" in text
    assert mail["List-Unsubscribe"] == f"<http://localhost/alerts/unsubscribe/{token}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = mail.get_body(("html",)).get_content()
    assert f'href="http://localhost/alerts/go/{token}/vacancies/{new.id}?lang=en"' in html
    assert "<img" not in html  # no tracking pixel, no images at all
    assert old.id not in {d.vacancy_id for d in db.scalars(select(AlertDelivery))}

    # The next day: the same vacancy is not sent again; a newer one is.
    assert send(app, db, NOW + timedelta(days=1, hours=1)).sent == 0 and len(outbox()) == 1
    newer = make.vacancy(title="Newer Drenthe job", province="drenthe", posted_date=TODAY + timedelta(days=1))
    assert send(app, db, NOW + timedelta(days=2)).sent == 1
    latest = outbox()[-1].get_body(("plain",)).get_content()
    assert "Newer Drenthe job" in latest and "New Drenthe job\n" not in latest.replace("Newer Drenthe job", "")
    assert f"/vacancies/{newer.id}?" in latest


def test_a_digest_is_not_sent_twice_on_the_same_day_and_weekly_waits_a_week(app, db, make, outbox):
    confirmed(db, email="daily@example.nl", frequency="daily")
    confirmed(db, email="weekly@example.nl", frequency="weekly")
    make.vacancy(posted_date=TODAY)
    assert send(app, db, NOW + timedelta(hours=1)).sent == 2
    make.vacancy(posted_date=TODAY)
    assert send(app, db, NOW + timedelta(hours=2)).sent == 0  # both were mailed an hour ago
    assert send(app, db, NOW + timedelta(days=1), frequency="daily").sent == 1
    assert send(app, db, NOW + timedelta(days=1), frequency="weekly").sent == 0
    assert [m["To"] for m in outbox()] == ["daily@example.nl", "weekly@example.nl", "daily@example.nl"]
    make.vacancy(posted_date=TODAY + timedelta(days=3))
    assert send(app, db, NOW + timedelta(days=7), frequency="weekly").sent == 1
    assert outbox()[-1]["To"] == "weekly@example.nl" and "2 new vacancies" in outbox()[-1]["Subject"]


def test_the_digest_is_in_the_alert_language(app, db, make, outbox):
    confirmed(db, locale="nl", province="fryslan")
    make.vacancy(title="Data engineer", province="fryslan", city="Leeuwarden", posted_date=TODAY)
    send(app, db, NOW + timedelta(hours=1))
    (mail,) = outbox()
    text = mail.get_body(("plain",)).get_content()
    assert mail["Subject"] == "1 nieuwe vacature voor je vacaturemelding"
    assert "Provincie: Fryslân" in text and "Afmelden met één klik" in text and "?lang=nl" in text
    assert 'lang="nl"' in mail.get_body(("html",)).get_content()


def test_a_long_digest_lists_twenty_and_counts_the_rest(app, db, make, outbox):
    confirmed(db)
    company = make.company()
    for n in range(23):
        make.vacancy(company=company, title=f"Job {n}", posted_date=TODAY)
    result = send(app, db, NOW + timedelta(hours=1))
    assert result.vacancies == 23
    text = outbox()[0].get_body(("plain",)).get_content()
    assert text.count("/alerts/go/") == 21 and "And 3 more on the list:" in text  # 20 vacancies and the list
    assert count(db, AlertDelivery) == 23  # announced, so none of them comes again


def test_a_failed_mail_is_tried_again_and_records_nothing(app, db, make):
    subscription = confirmed(db)
    make.vacancy(posted_date=TODAY)

    def refuse(_digest):
        raise OSError("no mail server")

    with app.test_request_context("/"):
        result = alerts.send_digests(db, now=NOW, today=TODAY, figures=FIGURES, secret_key=SECRET, notify=refuse)
    assert (result.sent, result.failed) == (0, 1) and count(db, AlertDelivery) == 0
    assert subscription.alert.last_sent_at is None
    assert send(app, db, NOW + timedelta(minutes=5)).sent == 1


def test_unsubscribe_deletes_the_row_and_what_it_mailed(app, db, make):
    subscription = confirmed(db)
    make.vacancy(posted_date=TODAY)
    send(app, db, NOW + timedelta(hours=1))
    assert count(db, AlertDelivery) == 1
    alerts.unsubscribe(db, subscription.alert)
    assert count(db) == 0 and count(db, AlertDelivery) == 0
    assert alerts.by_token(db, subscription.token) is None


def test_purge_deletes_unconfirmed_alerts_after_a_week_and_idle_ones_after_twelve_months(db):
    unconfirmed = subscribe(db, email="late@example.nl")
    idle = confirmed(db, email="idle@example.nl")
    clicked = confirmed(db, email="clicked@example.nl")
    alerts.record_click(db, clicked.alert, NOW + timedelta(days=200))
    assert alerts.purge(db, NOW + timedelta(days=6)) == alerts.PurgeResult(0, 0)
    assert alerts.purge(db, NOW + timedelta(days=8)) == alerts.PurgeResult(unconfirmed=1, idle=0)
    assert alerts.purge(db, NOW + timedelta(days=366)) == alerts.PurgeResult(unconfirmed=0, idle=1)
    db.expire_all()
    assert [a.email for a in db.scalars(select(JobAlert))] == ["clicked@example.nl"]
    assert alerts.by_token(db, unconfirmed.token) is None and alerts.by_token(db, idle.token) is None
    assert alerts.purge(db, NOW + timedelta(days=566)).idle == 1 and count(db) == 0


def test_a_click_on_an_unconfirmed_alert_does_not_keep_it(db):
    subscription = subscribe(db)
    alerts.record_click(db, subscription.alert, NOW + timedelta(days=3))
    assert subscription.alert.last_clicked_at is None
    assert alerts.purge(db, NOW + timedelta(days=8)).unconfirmed == 1


def test_an_alert_whose_filters_no_longer_parse_is_skipped_not_fatal(app, db, make, caplog):
    subscription = confirmed(db)
    subscription.alert.query = "province=atlantis"
    db.commit()
    make.vacancy(posted_date=TODAY)
    result = send(app, db, NOW + timedelta(hours=1))
    assert (result.sent, result.skipped) == (0, 1)
    assert "seeker@example.nl" not in caplog.text and re.search(r"job alert \d+ skipped", caplog.text)


def test_the_address_is_never_in_a_repr_or_the_log(app, db, make, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    subscription = confirmed(db, email="private@example.nl")
    make.vacancy(posted_date=TODAY)
    send(app, db, NOW + timedelta(hours=1))
    assert "private@example.nl" not in repr(subscription.alert)
    assert "private@example.nl" not in caplog.text


def test_two_overlapping_runs_mail_a_digest_once(app, db, make, outbox):
    confirmed(db)
    make.vacancy(posted_date=TODAY)
    nested = []

    def mail_and_start_another_run(digest):
        # A second cron job starts while the first is still mailing: it must find nothing to send.
        with app.extensions["loket.db"].session() as other:
            nested.append(alerts.send_digests(other, now=NOW, today=TODAY, figures=FIGURES, secret_key=SECRET,
                                              notify=mails.digest))
        mails.digest(digest)

    with app.test_request_context("/"):
        result = alerts.send_digests(db, now=NOW, today=TODAY, figures=FIGURES, secret_key=SECRET,
                                     notify=mail_and_start_another_run)
    assert result.sent == 1 and nested[0].sent == 0 and len(outbox()) == 1
    assert count(db, AlertDelivery) == 1


def test_a_keyword_alert_uses_the_list_search(app, db, make, outbox):
    confirmed(db, q="kotlin")
    make.vacancy(title="Android developer", skills="Kotlin\nJava", posted_date=TODAY)
    make.vacancy(title="Backend developer", skills="Python\nSQL", posted_date=TODAY)
    assert send(app, db, NOW + timedelta(hours=1)).vacancies == 1
    text = outbox()[0].get_body(("plain",)).get_content()
    assert "Android developer" in text and "Backend developer" not in text and "Keywords: kotlin" in text
