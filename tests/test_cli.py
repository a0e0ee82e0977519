"""The `loket` command: init-db, load-demo, import-vacancies."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from loket.storage.models import Vacancy


def test_init_db_and_load_demo_are_idempotent(runner, db):
    result = runner("init-db")
    assert result.exit_code == 0 and "database ready" in result.output
    first = runner("load-demo")
    assert first.exit_code == 0 and "vacancies added" in first.output
    total = db.scalar(select(func.count(Vacancy.id)))
    assert total >= 80
    second = runner("load-demo")
    assert "0 companies and 0 vacancies added" in second.output
    assert db.scalar(select(func.count(Vacancy.id))) == total


def test_init_db_demo_if_empty_only_when_empty(runner, make, db):
    make.vacancy()
    result = runner("init-db", "--demo-if-empty")
    assert "demo data" not in result.output
    assert db.scalar(select(func.count(Vacancy.id))) == 1


def test_import_vacancies_reports_row_and_field_and_imports_nothing(runner, tmp_path, db):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({
        "companies": [{"slug": "x", "name": "X", "city": "Emmen", "province": "drenthe"}],
        "vacancies": [{"ref": "x-1", "company": "x", "title": "Dev", "city": "Emmen", "province": "drenthe",
                       "occupation": "2512", "description": "d", "remote": "hybrid", "contract": "permanent",
                       "seniority": "junior", "posted_date": "2026-11-01", "closing_date": "2026-11-02x",
                       "apply_url": "https://x.example"}],
    }))
    from click.testing import CliRunner

    from loket.cli import main

    result = CliRunner().invoke(main, ["import-vacancies", str(path)])
    assert result.exit_code == 1
    assert "vacancy row 1, field 'closing_date'" in result.output and "nothing imported" in result.output
    assert db.scalar(select(func.count(Vacancy.id))) == 0


# `loket alerts send` and `loket alerts purge` -------------------------------------------------------


def _confirmed_alert(db, email: str, frequency: str, query: str = "province=drenthe"):
    from datetime import datetime, timezone

    from loket.services import alerts

    subscription = alerts.subscribe(db, email=email, query=query, frequency=frequency, locale="en",
                                    now=datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc), secret_key="test-secret")
    alerts.confirm(db, subscription.alert, datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc))
    return subscription


def test_alerts_send_mails_each_due_alert_its_new_vacancies_once(runner, db, make, outbox):
    from datetime import date

    daily = _confirmed_alert(db, "daily@example.nl", "daily")
    _confirmed_alert(db, "weekly@example.nl", "weekly")
    make.vacancy(title="Drenthe job", province="drenthe", posted_date=date(2026, 11, 23))
    make.vacancy(title="Groningen job", province="groningen", posted_date=date(2026, 11, 23))

    result = runner("alerts", "send", "--frequency", "daily", "--now", "2026-11-23T07:00")
    assert result.exit_code == 0 and "1 digest(s) sent with 1 vacancy(ies)" in result.output
    (mail,) = outbox()
    assert mail["To"] == "daily@example.nl" and "Drenthe job" in mail.get_body(("plain",)).get_content()
    assert "Groningen job" not in mail.get_body(("plain",)).get_content()
    assert mail["List-Unsubscribe"] == f"<http://localhost/alerts/unsubscribe/{daily.token}>"
    assert "daily@example.nl" not in result.output  # the command prints no address

    again = runner("alerts", "send", "--frequency", "daily", "--now", "2026-11-24T07:00")
    assert "0 digest(s) sent" in again.output and len(outbox()) == 1  # never the same vacancy twice
    weekly = runner("alerts", "send", "--frequency", "weekly", "--now", "2026-11-23T07:00")
    assert "1 digest(s) sent" in weekly.output and outbox()[-1]["To"] == "weekly@example.nl"
    assert "0 digest(s) sent" in runner("alerts", "send", "--now", "2026-11-23T08:00").output


def test_alerts_send_refuses_an_unknown_frequency(runner):
    from click.testing import CliRunner

    from loket.cli import main

    result = CliRunner().invoke(main, ["alerts", "send", "--frequency", "hourly"])
    assert result.exit_code == 2 and "hourly" in result.output


def test_alerts_purge_deletes_unconfirmed_and_idle_alerts(runner, db):
    from datetime import datetime, timezone

    from loket.services import alerts
    from loket.storage.models.alerts import JobAlert

    alerts.subscribe(db, email="late@example.nl", query="", frequency="daily", locale="en",
                     now=datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc), secret_key="test-secret")
    _confirmed_alert(db, "kept@example.nl", "weekly")
    assert "0 unconfirmed and 0 idle" in runner("alerts", "purge", "--now", "2026-11-26").output
    assert "1 unconfirmed and 0 idle" in runner("alerts", "purge", "--now", "2026-11-28").output
    db.expire_all()
    assert [a.email for a in db.scalars(select(JobAlert))] == ["kept@example.nl"]
    assert "0 unconfirmed and 1 idle" in runner("alerts", "purge", "--now", "2027-11-21").output
    db.expire_all()
    assert db.scalar(select(func.count(JobAlert.id))) == 0


def test_alerts_send_links_on_the_base_url_where_only_that_host_is_allowed(runner, db, make, outbox, monkeypatch):
    # With LOKET_BASE_URL set, requests for any other host are refused (TRUSTED_HOSTS): the command's
    # links must be built on the base URL, not on a made-up localhost request.
    from datetime import date

    monkeypatch.setenv("LOKET_BASE_URL", "https://loket.example.nl")
    subscription = _confirmed_alert(db, "daily@example.nl", "daily")
    make.vacancy(province="drenthe", posted_date=date(2026, 11, 23))
    result = runner("alerts", "send", "--now", "2026-11-23T07:00")
    assert result.exit_code == 0 and "1 digest(s) sent" in result.output
    (mail,) = outbox()
    assert mail["List-Unsubscribe"] == f"<https://loket.example.nl/alerts/unsubscribe/{subscription.token}>"
    assert "http://localhost" not in mail.get_body(("plain",)).get_content()
