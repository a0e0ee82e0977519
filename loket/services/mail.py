"""Outgoing mail: through SMTP when LOKET_SMTP_HOST is set, else an .eml file in <instance>/outbox/.

The outbox lets the password-reset flow be followed locally and in tests: open the
newest file, read the link. Recipient addresses are never logged.
"""
from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 15  # seconds: a hanging mail server must not hold a web worker for long


class MailError(RuntimeError):
    """The mail could not be handed to the SMTP server."""


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail, e.g. an appointment's calendar file (text/calendar)."""

    filename: str
    content: str
    mimetype: str = "text/plain"


def outbox_path(settings: Mapping[str, Any]) -> Path:
    return Path(settings["LOKET_INSTANCE_PATH"]) / "outbox"


#: Headers a caller may not set through `headers`: the ones build_message writes itself.
OWN_HEADERS = frozenset({"from", "to", "subject", "date", "message-id", "content-type", "mime-version",
                         "content-transfer-encoding"})


def build_message(to: str, subject: str, body: str, sender: str, attachments: Sequence[Attachment] = (),
                  headers: Mapping[str, str] | None = None, html: str | None = None) -> EmailMessage:
    """The message: `body` as plain text, `html` (when given) as its HTML alternative, `headers` added
    (e.g. List-Unsubscribe); a header name or value with a line break is refused (ValueError)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or "localhost")
    for name, value in (headers or {}).items():
        if name.lower() in OWN_HEADERS or not name.replace("-", "").isalnum() or "\r" in value or "\n" in value:
            raise ValueError(f"header {name!r} cannot be set")
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        if maintype != "text":
            raise ValueError("only text attachments")
        params = {"method": "PUBLISH"} if attachment.mimetype == "text/calendar" else {}
        message.add_attachment(attachment.content, subtype=subtype or "plain", filename=attachment.filename,
                               params=params)
    if headers:
        # A List-Unsubscribe URL is one long word: folded at 78 characters the default policy would turn
        # it into RFC 2047 encoded words, which mail clients do not read as a URL. The parts are encoded
        # already, so only the header lines may now run to RFC 5322's 998 characters.
        message.policy = message.policy.clone(max_line_length=998)
    return message


def send_mail(to: str, subject: str, body: str, settings: Mapping[str, Any] | None = None,
              attachments: Sequence[Attachment] = (), headers: Mapping[str, str] | None = None,
              html: str | None = None) -> Path | None:
    """Send a plain-text mail (with text `attachments`, extra `headers` and an `html` alternative);
    return the .eml path when it went to the outbox, None when sent by SMTP.

    `settings` are the LOKET_* settings (an app's config will do); when omitted, the
    current Flask app's config is used, so views can simply call send_mail(to, subject, body).
    Raises MailError when the SMTP server refuses or cannot be reached.
    """
    if settings is None:
        from flask import current_app  # only when called without settings, i.e. inside a request

        settings = current_app.config
    message = build_message(to, subject, body, settings["LOKET_MAIL_FROM"], attachments, headers, html)
    if settings.get("LOKET_SMTP_HOST"):
        _send_smtp(message, settings)
        return None
    return _write_outbox(message, settings)


def _write_outbox(message: EmailMessage, settings: Mapping[str, Any]) -> Path:
    folder = outbox_path(settings)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    path.write_bytes(message.as_bytes())
    path.chmod(0o600)  # it may hold a password-reset link
    log.info("mail %r written to the outbox as %s", message["Subject"], path.name)
    return path


def _send_smtp(message: EmailMessage, settings: Mapping[str, Any]) -> None:
    host, port = settings["LOKET_SMTP_HOST"], int(settings["LOKET_SMTP_PORT"])
    try:
        with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT) as smtp:
            if settings.get("LOKET_SMTP_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
            if settings.get("LOKET_SMTP_USER"):
                smtp.login(settings["LOKET_SMTP_USER"], settings.get("LOKET_SMTP_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The exception text of a refused recipient contains the address: log only its type.
        log.error("mail %r not sent through %s:%s: %s", message["Subject"], host, port, type(exc).__name__)
        raise MailError(type(exc).__name__) from None
    log.info("mail %r sent through %s:%s", message["Subject"], host, port)
