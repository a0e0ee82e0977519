"""Employers post vacancies: validate, preview, save as draft, submit for review, edit, close.

The service owns the writes (it commits). The company is always the signed-in employer's,
passed in by the caller, never read from the submitted record; only the fields in
`FORM_FIELDS` are read from a record, so a client cannot set status, company, verified,
trusted or anything else by adding a field.

Lifecycle (QUALITY.md, "Job board"): draft → pending (submitted) → published or rejected
(services/moderation.py) → closed (by the employer, or by `loket expire` at the closing date).
An edit of a published vacancy makes it pending again, unless staff marked the company as
trusted, it is verified, and the checker finds no scam signal: then it stays published.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..domain.accounts import Role
from ..domain.records import RecordError, parse_vacancy
from ..domain.vacancies import Status
from ..domain.vacancy_checker import Finding, check_vacancy, has_blocking
from ..storage.models import Company, Vacancy, VacancyDailyStat, utcnow
from ..storage.models.accounts import User
from ..storage.queries import bump_vacancy_version

#: What an employer may fill in: every vacancy field of the data model that is theirs to set.
FORM_FIELDS: tuple[str, ...] = (
    "title", "city", "province", "occupation", "language", "description", "requirements", "skills",
    "dutch_level", "dutch_timing", "english_level", "visa_sponsorship", "remote", "hours_min", "hours_max",
    "contract", "seniority", "salary_min", "salary_max", "salary_period", "closing_date", "apply_url", "apply_email",
)
#: The validated values written to a vacancy (parse_vacancy's output without ref/company/status/posted_date).
WRITTEN_FIELDS: tuple[str, ...] = FORM_FIELDS + ("salary_month_max",)

MAX_OPEN_DAYS = 365  # a closing date at most this far ahead
STATS_DAYS = 30  # "last 30 days" on the dashboard: today and the 29 days before
EDITABLE = frozenset({Status.DRAFT, Status.PENDING, Status.REJECTED, Status.PUBLISHED})


class PostingError(ValueError):
    """The action is not possible for this vacancy now; `code` says why (the web layer words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class DuplicateVacancy(PostingError):
    """The same vacancy (by fingerprint) is already open or waiting for review at this company."""

    def __init__(self, other: Vacancy):
        super().__init__("duplicate")
        self.other = other


class Recipient(NamedTuple):
    """Who gets a mail about a company's vacancies, and in which language."""

    email: str
    locale: str


@dataclass(frozen=True)
class DashboardRow:
    vacancy: Vacancy
    views: int
    apply_clicks: int
    views_30: int
    apply_clicks_30: int


# Validation and checking --------------------------------------------------------------------

def vacancy_fields(record: Mapping[str, Any], company: Company, today: date) -> dict[str, Any]:
    """The employer's record validated by `parse_vacancy`: only FORM_FIELDS are read.

    Raises RecordError(field, message). The closing date must be today or later (and at most
    MAX_OPEN_DAYS ahead). The returned dict holds WRITTEN_FIELDS only.
    """
    clean: dict[str, Any] = {name: record.get(name) for name in FORM_FIELDS}
    clean["company"] = company.slug
    clean["posted_date"] = today  # so parse_vacancy refuses a closing date in the past
    parsed = parse_vacancy(clean)
    if parsed["closing_date"] > today + timedelta(days=MAX_OPEN_DAYS):
        raise RecordError("closing_date", f"must be within {MAX_OPEN_DAYS} days")
    return {name: parsed[name] for name in WRITTEN_FIELDS}


def _checker_input(values: Mapping[str, Any], contact_email: str | None) -> dict[str, Any]:
    data = {name: values.get(name) for name in WRITTEN_FIELDS}
    data["contact_email"] = contact_email
    return data


def check(values: Mapping[str, Any] | Vacancy, contact_email: str | None = None) -> list[Finding]:
    """The inclusive-vacancy checker on validated fields or a stored vacancy.

    `contact_email` is the employer's account address (a free-mail address is a scam signal).
    """
    if isinstance(values, Vacancy):
        values = {name: getattr(values, name) for name in WRITTEN_FIELDS}
    return check_vacancy(_checker_input(values, contact_email))


def _normalise(text: str) -> str:
    """Case, accents, punctuation and spacing do not make a different vacancy."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def fingerprint(company_id: int, title: str, city: str, description: str) -> str:
    """sha256 of the normalised company, title, city and description (duplicate detection)."""
    parts = [str(company_id), _normalise(title), _normalise(city), _normalise(description)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def find_duplicate(session: Session, company_id: int, print_: str, today: date, exclude_id: int | None = None) -> Vacancy | None:
    """Another vacancy of the company with this fingerprint that is open or waiting for review."""
    conditions = [
        Vacancy.company_id == company_id,
        Vacancy.fingerprint == print_,
        or_(
            Vacancy.status == Status.PENDING,
            and_(Vacancy.status == Status.PUBLISHED, Vacancy.closing_date >= today),
        ),
    ]
    if exclude_id is not None:
        conditions.append(Vacancy.id != exclude_id)
    return session.scalars(select(Vacancy).where(*conditions).order_by(Vacancy.id)).first()


# Reading ------------------------------------------------------------------------------------

def own_vacancy(session: Session, company_id: int | None, vacancy_id: int) -> Vacancy | None:
    """The vacancy when it belongs to the company, else None (callers answer 404 either way)."""
    if company_id is None:
        return None
    return session.scalars(select(Vacancy).where(Vacancy.id == vacancy_id, Vacancy.company_id == company_id)).first()


def dashboard(session: Session, company_id: int, today: date) -> list[DashboardRow]:
    """The company's vacancies, newest first, with views and apply clicks (all time and last 30 days)."""
    since = today - timedelta(days=STATS_DAYS - 1)
    recent = VacancyDailyStat.day >= since
    stats = (
        select(
            VacancyDailyStat.vacancy_id.label("vacancy_id"),
            func.sum(VacancyDailyStat.views).label("views"),
            func.sum(VacancyDailyStat.apply_clicks).label("apply_clicks"),
            func.sum(case((recent, VacancyDailyStat.views), else_=0)).label("views_30"),
            func.sum(case((recent, VacancyDailyStat.apply_clicks), else_=0)).label("apply_clicks_30"),
        )
        .group_by(VacancyDailyStat.vacancy_id)
        .subquery()
    )
    rows = session.execute(
        select(Vacancy, stats.c.views, stats.c.apply_clicks, stats.c.views_30, stats.c.apply_clicks_30)
        .outerjoin(stats, stats.c.vacancy_id == Vacancy.id)
        .where(Vacancy.company_id == company_id)
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())
    ).all()
    return [DashboardRow(v, int(a or 0), int(b or 0), int(c or 0), int(d or 0)) for v, a, b, c, d in rows]


def employer_recipients(session: Session, company_id: int) -> list[Recipient]:
    """The company's active employer accounts with their languages (for mails about its vacancies)."""
    rows = session.execute(
        select(User.email, User.locale)
        .where(User.company_id == company_id, User.role == Role.EMPLOYER, User.active.is_(True))
        .order_by(User.id)
    )
    return [Recipient(email, locale or "en") for email, locale in rows]


def employer_emails(session: Session, company_id: int) -> list[str]:
    """The addresses of the company's active employer accounts."""
    return [r.email for r in employer_recipients(session, company_id)]


# Writing ------------------------------------------------------------------------------------

def _apply(vacancy: Vacancy, company: Company, fields: Mapping[str, Any]) -> None:
    if vacancy.closing_date != fields["closing_date"]:
        vacancy.reminder_sent_at = None  # a new closing date gets its own reminder
    for name in WRITTEN_FIELDS:
        setattr(vacancy, name, fields[name])
    vacancy.fingerprint = fingerprint(company.id, fields["title"], fields["city"], fields["description"])


def _new(company: Company, today: date) -> Vacancy:
    return Vacancy(company_id=company.id, status=Status.DRAFT, posted_date=today)


def _editable(vacancy: Vacancy | None) -> None:
    if vacancy is not None and vacancy.status not in EDITABLE:
        raise PostingError("not-editable")


def save_draft(session: Session, company: Company, fields: Mapping[str, Any], today: date, vacancy: Vacancy | None = None) -> Vacancy:
    """Keep the vacancy as a draft (new, or a draft/pending/rejected one); nobody else sees it.

    A published vacancy cannot go back to draft (close it instead): PostingError("published").
    """
    _editable(vacancy)
    if vacancy is not None and vacancy.status == Status.PUBLISHED:
        raise PostingError("published")
    vacancy = vacancy or _new(company, today)
    _apply(vacancy, company, fields)
    vacancy.status = Status.DRAFT
    vacancy.submitted_at = None
    session.add(vacancy)
    session.commit()
    return vacancy


def check_submittable(session: Session, company: Company, fields: Mapping[str, Any], today: date,
                      vacancy: Vacancy | None = None) -> None:
    """Every rule that refuses a submission, so the preview can say so before "Submit":
    PostingError("not-editable") for a closed vacancy, DuplicateVacancy for the same vacancy
    open or pending at the company. Reads only."""
    _editable(vacancy)
    print_ = fingerprint(company.id, fields["title"], fields["city"], fields["description"])
    duplicate = find_duplicate(session, company.id, print_, today, exclude_id=vacancy.id if vacancy is not None else None)
    if duplicate is not None:
        raise DuplicateVacancy(duplicate)


def submit(
    session: Session,
    company: Company,
    fields: Mapping[str, Any],
    today: date,
    vacancy: Vacancy | None = None,
    contact_email: str | None = None,
    now: datetime | None = None,
) -> Vacancy:
    """Submit a new vacancy or an edit for review; returns the vacancy, now pending (or still published).

    Raises DuplicateVacancy when the same vacancy is open or pending at the company, and
    PostingError("not-editable") for a closed one. Nothing is written then.
    """
    check_submittable(session, company, fields, today, vacancy)
    now = now or utcnow()
    was_published = vacancy is not None and vacancy.status == Status.PUBLISHED
    keep_published = (
        was_published
        and company.trusted
        and company.verified
        and not has_blocking(check(fields, contact_email))  # scam signals always go to a moderator
    )
    vacancy = vacancy or _new(company, today)
    _apply(vacancy, company, fields)
    if not keep_published:
        vacancy.status = Status.PENDING
        vacancy.submitted_at = now
        vacancy.rejection_reason = None
        vacancy.reviewed_at = None
        vacancy.reviewed_by_id = None
    session.add(vacancy)
    if was_published:
        # Either its text changed in place or it left the public list: every worker's assistant refreshes.
        bump_vacancy_version(session, [vacancy.id])
    session.commit()
    return vacancy


def close(session: Session, vacancy: Vacancy, answer: Any = None, now: datetime | None = None) -> Vacancy:
    """The employer closes a published vacancy: it leaves the list, its page says "closed".

    `answer` (an outcomes.Answer) says how it ended, stored in the same transaction."""
    from . import outcomes

    if vacancy.status != Status.PUBLISHED:
        raise PostingError("not-published")
    vacancy.status = Status.CLOSED
    vacancy.closed_at = now or utcnow()
    if answer is not None:
        outcomes.apply_answer(session, vacancy, answer, "employer")
    bump_vacancy_version(session, [vacancy.id])
    session.commit()
    return vacancy
