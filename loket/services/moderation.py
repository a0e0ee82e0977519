"""Moderation by desk staff: approve or reject pending vacancies, verify and trust companies,
and the visitors' reports of vacancies.

The service owns the writes (it commits). Who approved or rejected, and when, is recorded on
the vacancy (QUALITY.md, "Job board"). A report's contact address is the only personal data
here and is deleted when the report is resolved.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ..domain.accounts import Role, normalise_email
from ..domain.redaction import redact
from ..domain.vacancies import Status
from ..domain.vacancy_checker import Finding, has_blocking
from ..retrieval import Embedder
from ..storage.models import Company, ReportReason, Vacancy, VacancyReport, utcnow
from ..storage.models.accounts import User
from ..storage.models.vacancies import REPORT_CONTACT_MAX, REPORT_MESSAGE_MAX
from ..storage.queries import bump_vacancy_version
from .vacancy_vectors import compute_vectors
from . import posting

log = logging.getLogger(__name__)

REJECTION_REASON_MAX = 1000


class ModerationError(ValueError):
    """The action is refused; `code` says why (the web layer words it):
    not-pending, company-unverified, scam-unchecked, closing-date-passed, reason-required."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class QueueItem:
    vacancy: Vacancy
    findings: list[Finding]

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "block"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "block"]


# Vacancies ----------------------------------------------------------------------------------

def contact_email(session: Session, vacancy: Vacancy) -> str | None:
    """The address of the company's first employer account: the checker looks at it (free mail)."""
    emails = posting.employer_emails(session, vacancy.company_id)
    return emails[0] if emails else None


def findings(session: Session, vacancy: Vacancy) -> list[Finding]:
    return posting.check(vacancy, contact_email(session, vacancy))


def pending_queue(session: Session) -> list[QueueItem]:
    """Pending vacancies, longest waiting first, each with the checker's findings."""
    vacancies = session.scalars(
        select(Vacancy)
        .options(joinedload(Vacancy.company))
        .where(Vacancy.status == Status.PENDING)
        .order_by(Vacancy.submitted_at.asc().nulls_first(), Vacancy.id)
    ).all()
    return [QueueItem(v, findings(session, v)) for v in vacancies]


def get_vacancy(session: Session, vacancy_id: int) -> Vacancy | None:
    """A vacancy staff may look at: anything but a draft, which only its company sees (callers answer 404)."""
    return session.scalars(
        select(Vacancy).options(joinedload(Vacancy.company)).where(Vacancy.id == vacancy_id, Vacancy.status != Status.DRAFT)
    ).first()


def approve(
    session: Session,
    vacancy: Vacancy,
    reviewer: User,
    today: date,
    scam_checked: bool = False,
    now: datetime | None = None,
    embedder: Embedder | None = None,
) -> Vacancy:
    """Publish a pending vacancy. Refused while its company is unverified, when the closing
    date has passed, and — when the checker finds scam signals — unless `scam_checked`.

    `embedder`: compute its vector for the assistant's suggestions now, after the commit."""
    if vacancy.status != Status.PENDING:
        raise ModerationError("not-pending")
    if not vacancy.company.verified:
        raise ModerationError("company-unverified")
    if vacancy.closing_date < today:
        raise ModerationError("closing-date-passed")
    if has_blocking(findings(session, vacancy)) and not scam_checked:
        raise ModerationError("scam-unchecked")
    vacancy.status = Status.PUBLISHED
    vacancy.posted_date = today  # it is new in the list from today
    vacancy.reviewed_at = now or utcnow()
    vacancy.reviewed_by_id = reviewer.id
    vacancy.rejection_reason = None
    bump_vacancy_version(session, [vacancy.id])
    session.commit()
    if embedder is not None:  # its vector now, not in a visitor's request
        try:
            compute_vectors(session, embedder, [vacancy])
        except Exception:  # published all the same: the assistant's index computes it later
            session.rollback()
            log.exception("vector of vacancy %s not computed at approval", vacancy.id)
    return vacancy


def reject(session: Session, vacancy: Vacancy, reviewer: User, reason: str, now: datetime | None = None) -> Vacancy:
    """Send a pending vacancy back to the employer with a reason they see on their dashboard."""
    if vacancy.status != Status.PENDING:
        raise ModerationError("not-pending")
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("reason-required")
    vacancy.status = Status.REJECTED
    vacancy.rejection_reason = reason[:REJECTION_REASON_MAX]
    vacancy.reviewed_at = now or utcnow()
    vacancy.reviewed_by_id = reviewer.id
    session.commit()
    return vacancy


# Companies ----------------------------------------------------------------------------------

def companies(session: Session) -> list[tuple[Company, int]]:
    """Every company with the number of its employer accounts: unverified first, then by name."""
    accounts = (
        select(func.count(User.id))
        .where(User.company_id == Company.id, User.role == Role.EMPLOYER)
        .correlate(Company)
        .scalar_subquery()
    )
    rows = session.execute(select(Company, accounts).order_by(Company.verified, Company.name)).all()
    return [(company, count) for company, count in rows]


def unverified_companies(session: Session) -> list[Company]:
    return list(session.scalars(select(Company).where(Company.verified.is_(False)).order_by(Company.created_at, Company.id)))


def verify_company(session: Session, company: Company) -> Company:
    """Staff checked the company (KvK, website): its vacancies can now be approved."""
    company.verified = True
    session.commit()
    return company


def set_trusted(session: Session, company: Company, trusted: bool) -> Company:
    """Trusted companies' edits of published vacancies stay published (no scam signals allowed)."""
    company.trusted = bool(trusted)
    session.commit()
    return company


# Reports ------------------------------------------------------------------------------------

def report_vacancy(session: Session, vacancy: Vacancy, reason: ReportReason, message: str = "", contact: str | None = None) -> VacancyReport:
    """Store a visitor's report for the moderation queue; the message is redacted first."""
    text = redact((message or "").strip())[:REPORT_MESSAGE_MAX]
    address = normalise_email(contact)[:REPORT_CONTACT_MAX] if contact and contact.strip() else None
    report = VacancyReport(vacancy_id=vacancy.id, reason=ReportReason(reason), message=text, contact=address)
    session.add(report)
    session.commit()
    return report


def open_reports(session: Session) -> Sequence[VacancyReport]:
    return session.scalars(
        select(VacancyReport)
        .options(joinedload(VacancyReport.vacancy).joinedload(Vacancy.company))
        .where(VacancyReport.resolved_at.is_(None))
        .order_by(VacancyReport.created_at, VacancyReport.id)
    ).all()


def get_report(session: Session, report_id: int) -> VacancyReport | None:
    return session.get(VacancyReport, report_id)


def resolve_report(session: Session, report: VacancyReport, staff: User, now: datetime | None = None) -> VacancyReport:
    """Mark the report handled and delete the reporter's contact address."""
    if report.resolved_at is None:
        report.resolved_at = now or utcnow()
        report.resolved_by_id = staff.id
    report.contact = None
    session.commit()
    return report
