"""Job alerts without an account: subscribe, confirm (double opt-in), digests, unsubscribe, purge.

No Flask here. The service owns the writes (it commits); mails are sent by the callables the
web layer passes in, so their wording stays in the catalogues. Nothing is mailed to an address
before its confirmation link is clicked, except that confirmation (or, for an alert that exists
already, a note saying so): the visitor sees the same answer in every case, so the site never
tells whether an address has an alert. Addresses are never logged: rows are named by id.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..domain.accounts import normalise_email
from ..domain.alerts import (
    DIGEST_LIMIT,
    IDLE_DAYS,
    UNCONFIRMED_DAYS,
    Frequency,
    is_due,
    stored_query,
    window_start,
)
from ..domain.figures import Figures
from ..domain.search import InvalidParameter, Sort, VacancyQuery
from ..storage.models import Vacancy
from ..storage.models.alerts import AlertDelivery, JobAlert
from . import vacancies as vacancy_service

log = logging.getLogger(__name__)

TOKEN_BYTES = 24
_TOKEN_PURPOSE = "loket.job-alert"
PAGE = 100  # vacancies read per query while collecting a digest


@dataclass(frozen=True)
class Subscription:
    """What `subscribe` did: `created` (a new, unconfirmed alert) or not (an alert with these filters
    existed already for the address: `alert` is that one), and the token of its links."""

    alert: JobAlert
    token: str
    created: bool


@dataclass(frozen=True)
class Digest:
    """One digest to mail: the alert, the new vacancies listed (newest first) and how many more there are."""

    alert: JobAlert
    token: str
    vacancies: list[Vacancy]
    more: int


#: notify(digest) mails one digest; it raises when the mail could not be sent.
Notify = Callable[[Digest], None]


@dataclass(frozen=True)
class SendResult:
    sent: int = 0  # digests mailed
    vacancies: int = 0  # vacancies announced in them
    failed: int = 0  # mails that could not be sent (tried again next run)
    skipped: int = 0  # alerts whose stored filters are no longer valid


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_for(secret_key: str, alert: JobAlert) -> str:
    """The token of an alert's links (confirm, manage, unsubscribe, click-through): a keyed hash of its
    random nonce, so every mail can carry it while the database keeps only its sha256."""
    digest = hmac.new(secret_key.encode(), f"{_TOKEN_PURPOSE}:{alert.nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode().rstrip("=")


def by_token(session: Session, token: str | None) -> JobAlert | None:
    """The alert (confirmed or not) of a link's token, else None."""
    if not token or not isinstance(token, str) or len(token) > 100:
        return None
    return session.scalar(select(JobAlert).where(JobAlert.token_hash == _hash(token)))


def subscribe(session: Session, *, email: str, query: str, frequency: str, locale: str, now: datetime,
              secret_key: str) -> Subscription:
    """Save an unconfirmed alert for `email` with the canonical filters `query`; it is deleted after
    UNCONFIRMED_DAYS unless confirmed. An alert with the same address and filters is not made twice:
    an unconfirmed one gets a new week to be confirmed (the same link), a confirmed one is left as it is."""
    address = normalise_email(email)
    wanted = Frequency(frequency)
    existing = session.scalar(select(JobAlert).where(JobAlert.email == address, JobAlert.query == query)
                              .order_by(JobAlert.id).limit(1))
    if existing is not None:
        if existing.confirmed_at is None:
            existing.frequency = wanted
            existing.locale = _locale(locale)
            existing.delete_after = _utc(now) + timedelta(days=UNCONFIRMED_DAYS)
            session.commit()
        return Subscription(existing, token_for(secret_key, existing), created=False)
    alert = JobAlert(email=address, query=query, locale=_locale(locale), frequency=wanted,
                     nonce=secrets.token_hex(16), created_at=_utc(now),
                     delete_after=_utc(now) + timedelta(days=UNCONFIRMED_DAYS))
    token = token_for(secret_key, alert)
    alert.token_hash = _hash(token)
    session.add(alert)
    session.commit()
    return Subscription(alert, token, created=True)


def _locale(locale: str) -> str:
    return locale if locale in ("en", "nl") else "en"


def confirm(session: Session, alert: JobAlert, now: datetime) -> bool:
    """Confirm an alert (its link was followed and the button pressed); its digests start with the
    vacancies published from now on. Returns False when it was confirmed already (nothing changes)."""
    if alert.confirmed_at is not None:
        return False
    alert.confirmed_at = _utc(now)
    alert.delete_after = _utc(now) + timedelta(days=IDLE_DAYS)
    session.commit()
    return True


def record_click(session: Session, alert: JobAlert, now: datetime) -> None:
    """The visitor followed a link from a digest: the alert is wanted, keep it IDLE_DAYS from now."""
    if alert.confirmed_at is None:
        return
    alert.last_clicked_at = _utc(now)
    alert.delete_after = _utc(now) + timedelta(days=IDLE_DAYS)
    session.commit()


def change_frequency(session: Session, alert: JobAlert, frequency: str) -> None:
    alert.frequency = Frequency(frequency)
    session.commit()


def unsubscribe(session: Session, alert: JobAlert) -> None:
    """Delete the alert with its address and what it has mailed."""
    alert_id = alert.id
    session.execute(delete(AlertDelivery).where(AlertDelivery.alert_id == alert_id))
    session.execute(delete(JobAlert).where(JobAlert.id == alert_id).execution_options(synchronize_session=False))
    session.expunge(alert)
    session.commit()


def query_of(alert: JobAlert) -> VacancyQuery:
    """The alert's filters (raises InvalidParameter when a stored filter is no longer valid)."""
    return stored_query(alert.query)


def new_vacancies(session: Session, alert: JobAlert, today: date, figures: Figures) -> list[Vacancy]:
    """Open vacancies matching the alert's filters, published since its last digest (or its confirmation)
    and never mailed by it, newest first. Raises InvalidParameter for filters no longer valid."""
    query = vacancy_service.with_salary_requirement(replace(query_of(alert), sort=Sort.NEWEST, per_page=PAGE),
                                                    figures, today)
    since = window_start(_opt(alert.last_sent_at), _utc(alert.confirmed_at)).date()
    mailed = set(session.scalars(select(AlertDelivery.vacancy_id).where(AlertDelivery.alert_id == alert.id)))
    found: list[Vacancy] = []
    page = 1
    while True:
        items, total = vacancy_service.search(session, replace(query, page=page), today)
        found += [v for v in items if v.posted_date >= since and v.id not in mailed]
        if not items or items[-1].posted_date < since or page * PAGE >= total:
            return found
        page += 1


def _opt(moment: datetime | None) -> datetime | None:
    return _utc(moment) if moment is not None else None


def due(session: Session, now: datetime, frequency: str | None = None) -> list[JobAlert]:
    """Confirmed alerts (of `frequency`, else of both) whose next digest may go out at `now`."""
    statement = select(JobAlert).where(JobAlert.confirmed_at.is_not(None)).order_by(JobAlert.id)
    if frequency is not None:
        statement = statement.where(JobAlert.frequency == Frequency(frequency))
    return [a for a in session.scalars(statement) if is_due(a.frequency, _opt(a.last_sent_at), _utc(now))]


def send_digests(session: Session, *, now: datetime, today: date, figures: Figures, secret_key: str,
                 notify: Notify, frequency: str | None = None) -> SendResult:
    """Mail every due alert the vacancies new to it (at most DIGEST_LIMIT listed, the rest counted);
    an alert without new vacancies gets no mail. A vacancy is recorded as mailed only after its
    digest went out, so a failed mail is tried again at the next run and no vacancy comes twice."""
    sent = announced = failed = skipped = 0
    for alert in due(session, now, frequency):
        try:
            found = new_vacancies(session, alert, today, figures)
        except InvalidParameter:
            log.warning("job alert %s skipped: its stored filters are no longer valid", alert.id)
            skipped += 1
            continue
        if not found:
            continue
        previous, moment = alert.last_sent_at, _utc(now)
        if not _claim(session, alert, previous, moment):
            continue  # another run (an overlapping cron job) is mailing this alert
        digest = Digest(alert, token_for(secret_key, alert), found[:DIGEST_LIMIT], max(0, len(found) - DIGEST_LIMIT))
        try:
            notify(digest)
        except Exception as exc:  # one mail problem must not stop the other digests
            log.error("digest of job alert %s not sent: %s", alert.id, type(exc).__name__)
            _claim(session, alert, moment, previous)  # due again at the next run
            failed += 1
            continue
        session.add_all(AlertDelivery(alert_id=alert.id, vacancy_id=v.id, sent_at=moment) for v in found)
        session.flush()
        _prune_deliveries(session, alert)
        session.commit()
        sent += 1
        announced += len(found)
    return SendResult(sent, announced, failed, skipped)


def _claim(session: Session, alert: JobAlert, expected: datetime | None, moment: datetime | None) -> bool:
    """Set the alert's last_sent_at from `expected` to `moment` in one conditional UPDATE; False when
    another run changed it first. So two overlapping runs never mail the same digest twice."""
    unchanged = JobAlert.last_sent_at.is_(None) if expected is None else JobAlert.last_sent_at == expected
    result = session.execute(update(JobAlert).where(JobAlert.id == alert.id, unchanged).values(last_sent_at=moment)
                             .execution_options(synchronize_session=False))
    session.commit()
    session.refresh(alert)
    return result.rowcount == 1


def _prune_deliveries(session: Session, alert: JobAlert) -> None:
    """Forget mailed vacancies posted before the alert's next window: they can never be new to it again."""
    since = window_start(_opt(alert.last_sent_at), _utc(alert.confirmed_at)).date()
    old = select(Vacancy.id).where(Vacancy.posted_date < since)
    session.execute(delete(AlertDelivery).where(AlertDelivery.alert_id == alert.id, AlertDelivery.vacancy_id.in_(old))
                    .execution_options(synchronize_session=False))


@dataclass(frozen=True)
class PurgeResult:
    unconfirmed: int
    idle: int


def purge(session: Session, now: datetime) -> PurgeResult:
    """Delete alerts past `delete_after`: unconfirmed ones a week after subscribing, confirmed ones
    12 months after their confirmation or last click-through. Returns how many of each."""
    moment = _utc(now)
    expired = list(session.execute(select(JobAlert.id, JobAlert.confirmed_at).where(JobAlert.delete_after < moment)))
    ids = [row.id for row in expired]
    for start in range(0, len(ids), 500):
        chunk: Sequence[int] = ids[start:start + 500]
        session.execute(delete(AlertDelivery).where(AlertDelivery.alert_id.in_(chunk)))
        session.execute(delete(JobAlert).where(JobAlert.id.in_(chunk)).execution_options(synchronize_session=False))
    session.commit()
    unconfirmed = sum(1 for row in expired if row.confirmed_at is None)
    return PurgeResult(unconfirmed=unconfirmed, idle=len(expired) - unconfirmed)
