"""Outgoing mail: the outbox without SMTP, SMTP when configured; recipients never logged."""
from __future__ import annotations

import logging
import smtplib
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from loket.services.mail import MailError, send_mail


def settings(tmp_path, **extra):
    values = {"LOKET_INSTANCE_PATH": str(tmp_path), "LOKET_MAIL_FROM": "Loket <no-reply@loket.example>",
              "LOKET_SMTP_HOST": "", "LOKET_SMTP_PORT": 587, "LOKET_SMTP_USER": "", "LOKET_SMTP_PASSWORD": "",
              "LOKET_SMTP_STARTTLS": True}
    values.update(extra)
    return values


def test_without_smtp_the_mail_is_an_eml_file_in_the_outbox(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="loket.services.mail")
    path = send_mail("someone@noord.example", "Hello", "Dear someone,\nhello.", settings(tmp_path))
    assert path.parent == tmp_path / "outbox" and path.suffix == ".eml"
    assert path.stat().st_mode & 0o077 == 0  # may hold a reset link: owner only
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert message["To"] == "someone@noord.example" and message["Subject"] == "Hello"
    assert message["From"] == "Loket <no-reply@loket.example>"
    assert "hello." in message.get_content()
    assert "someone@noord.example" not in caplog.text


class FakeSMTP:
    """Stands in for smtplib.SMTP and records what the mail code did."""

    sent: list = []
    calls: list = []
    refuse = False

    def __init__(self, host, port, timeout):
        FakeSMTP.calls.append(("connect", host, port, timeout))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context=None):
        FakeSMTP.calls.append(("starttls",))

    def login(self, user, password):
        FakeSMTP.calls.append(("login", user, password))

    def send_message(self, message):
        if FakeSMTP.refuse:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"no such user " + message["To"].encode())})
        FakeSMTP.sent.append(message)


@pytest.fixture
def fake_smtp(monkeypatch):
    FakeSMTP.sent, FakeSMTP.calls, FakeSMTP.refuse = [], [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def test_with_smtp_host_the_mail_goes_through_smtp_with_starttls_and_login(tmp_path, fake_smtp):
    config = settings(tmp_path, LOKET_SMTP_HOST="127.0.0.1", LOKET_SMTP_PORT=2525, LOKET_SMTP_USER="loket", LOKET_SMTP_PASSWORD="pw")
    assert send_mail("someone@noord.example", "Hi", "Body", config) is None
    assert fake_smtp.calls[0][:3] == ("connect", "127.0.0.1", 2525)
    assert ("starttls",) in fake_smtp.calls and ("login", "loket", "pw") in fake_smtp.calls
    assert fake_smtp.sent[0]["To"] == "someone@noord.example"
    assert not (tmp_path / "outbox").exists()


def test_smtp_without_user_or_starttls(tmp_path, fake_smtp):
    send_mail("a@noord.example", "Hi", "Body", settings(tmp_path, LOKET_SMTP_HOST="127.0.0.1", LOKET_SMTP_STARTTLS=False))
    assert [c[0] for c in fake_smtp.calls] == ["connect"]


def test_a_refused_mail_raises_and_logs_no_address(tmp_path, fake_smtp, caplog):
    fake_smtp.refuse = True
    with pytest.raises(MailError):
        send_mail("secret.person@noord.example", "Hi", "Body", settings(tmp_path, LOKET_SMTP_HOST="127.0.0.1"))
    assert "secret.person" not in caplog.text


def test_without_settings_the_current_apps_config_is_used(app):
    with app.app_context():
        path = send_mail("a@noord.example", "Hi", "Body")
    assert path.parent == Path(app.config["LOKET_INSTANCE_PATH"]) / "outbox"


LONG = "<https://loket.example.nl/alerts/unsubscribe/XGQOHBer9wyXcMOGu1DRpSU4y5paFhY7>"


def test_extra_headers_and_an_html_alternative_travel_with_the_plain_text(tmp_path):
    path = send_mail("someone@noord.example", "Digest", "Plain text.\nhttps://loket.example/x", settings(tmp_path),
                     headers={"List-Unsubscribe": LONG,
                              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                     html="<p>HTML <a href=\"https://loket.example/x\">text</a></p>")
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    # One line, not folded into RFC 2047 encoded words (mail clients would not find the URL).
    assert f"\nList-Unsubscribe: {LONG}\n".encode() in path.read_bytes().replace(b"\r\n", b"\n")
    assert message["List-Unsubscribe"] == LONG
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    assert "Plain text." in message.get_body(("plain",)).get_content()
    assert '<a href="https://loket.example/x">' in message.get_body(("html",)).get_content()


@pytest.mark.parametrize("name, value", [("To", "other@noord.example"), ("X-Bad", "a\r\nBcc: x@noord.example"),
                                         ("X Bad", "a"), ("Subject", "again")])
def test_headers_that_would_change_the_message_are_refused(tmp_path, name, value):
    with pytest.raises(ValueError):
        send_mail("someone@noord.example", "Hi", "Body", settings(tmp_path), headers={name: value})
    assert not (tmp_path / "outbox").exists()
