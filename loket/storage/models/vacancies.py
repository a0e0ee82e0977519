"""Companies, vacancies and their daily counters."""
from __future__ import annotations

from datetime import date, datetime

from enum import StrEnum

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ...domain.records import is_web_address
from ...domain.vacancies import (
    Contract,
    DutchLevel,
    DutchTiming,
    EnglishLevel,
    Language,
    Province,
    RemotePolicy,
    SalaryPeriod,
    Seniority,
    Status,
)
from .base import Base, checked_enum as _enum, utcnow


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    city: Mapped[str] = mapped_column(String(80))
    province: Mapped[Province] = mapped_column(_enum(Province, "province"))
    website: Mapped[str | None] = mapped_column(String(300))
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_nl: Mapped[str] = mapped_column(Text, default="")
    kvk_number: Mapped[str | None] = mapped_column(String(8))
    recognised_sponsor: Mapped[bool] = mapped_column(Boolean, default=False)
    english_working_language: Mapped[bool] = mapped_column(Boolean, default=False)
    onboarding_support: Mapped[bool] = mapped_column(Boolean, default=False)
    dutch_lessons: Mapped[bool] = mapped_column(Boolean, default=False)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set by staff: edits of this company's published vacancies stay published (unless the checker finds scam signals).
    trusted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    vacancies: Mapped[list[Vacancy]] = relationship(back_populates="company")

    @property
    def international_friendly(self) -> bool:
        """Verified, and at least one of the things that make a start in the north easier."""
        return self.verified and (
            self.recognised_sponsor or self.english_working_language or self.onboarding_support or self.dutch_lessons
        )

    def description(self, locale: str) -> str:
        return (self.description_nl if locale == "nl" else self.description_en) or self.description_en


#: The partial-index condition of the list's indexes: the list shows published vacancies only.
_PUBLISHED = {"sqlite_where": text("status = 'published'"), "postgresql_where": text("status = 'published'")}


class Vacancy(Base):
    __tablename__ = "vacancies"
    __table_args__ = (
        # One covering index for the list: every filter column is in it, so counting the
        # matches of a filtered list never reads the (wide) table rows. Measured in
        # docs/benchmarks.md: separate single-column indexes made counts ten times slower.
        Index(
            "ix_vacancies_listing",
            "status", "posted_date", "closing_date", "province", "dutch_level", "visa_sponsorship", "remote",
            "seniority", "contract", "occupation", "salary_month_max", "company_id", "city",
        ),
        Index("ix_vacancies_company", "company_id"),
        # One index per sort order of the list, holding only published vacancies, in that
        # order: a page of an unselective filter reads its 20 rows from the start of the
        # index instead of sorting every match (docs/benchmarks.md, "Vacancy search").
        # closing_date rides along so "not past its closing date" is checked in the index.
        Index("ix_vacancies_open_newest", "posted_date", "id", "closing_date", **_PUBLISHED),
        Index("ix_vacancies_open_closing", "closing_date", "id", **_PUBLISHED),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(80), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    title: Mapped[str] = mapped_column(String(160))
    city: Mapped[str] = mapped_column(String(80))
    province: Mapped[Province] = mapped_column(_enum(Province, "province"))
    occupation: Mapped[str] = mapped_column(String(4))
    language: Mapped[Language] = mapped_column(_enum(Language, "language"), default=Language.EN)
    description: Mapped[str] = mapped_column(Text)
    requirements: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(Text, default="")  # one skill per line
    dutch_level: Mapped[DutchLevel] = mapped_column(_enum(DutchLevel, "dutch_level"), default=DutchLevel.NONE)
    dutch_timing: Mapped[DutchTiming | None] = mapped_column(_enum(DutchTiming, "dutch_timing"))
    english_level: Mapped[EnglishLevel] = mapped_column(_enum(EnglishLevel, "english_level"), default=EnglishLevel.B2)
    visa_sponsorship: Mapped[bool] = mapped_column(Boolean, default=False)
    remote: Mapped[RemotePolicy] = mapped_column(_enum(RemotePolicy, "remote"))
    hours_min: Mapped[int | None] = mapped_column(Integer)
    hours_max: Mapped[int | None] = mapped_column(Integer)
    contract: Mapped[Contract] = mapped_column(_enum(Contract, "contract"))
    seniority: Mapped[Seniority] = mapped_column(_enum(Seniority, "seniority"))
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    salary_period: Mapped[SalaryPeriod | None] = mapped_column(_enum(SalaryPeriod, "salary_period"))
    # The larger amount per month, derived from salary_max (or salary_min) and period: filters and sorting.
    salary_month_max: Mapped[int | None] = mapped_column(Integer)
    posted_date: Mapped[date] = mapped_column(Date)
    closing_date: Mapped[date] = mapped_column(Date)
    apply_url: Mapped[str | None] = mapped_column(String(500))
    apply_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[Status] = mapped_column(_enum(Status, "status"), default=Status.DRAFT)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # Posting and moderation (services/posting.py, services/moderation.py, services/expiry.py).
    # sha256 of the normalised company, title, city and description: catches duplicate postings.
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # users are deactivated, never deleted: the record stays
    rejection_reason: Mapped[str | None] = mapped_column(Text)  # shown to the employer
    reminder_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # closing-date reminder, sent once
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # by the employer or `loket expire`

    company: Mapped[Company] = relationship(back_populates="vacancies")

    @validates("apply_url")
    def _check_apply_url(self, _key: str, value: str | None) -> str | None:
        # The last line of defence for every writer (form, import, script): the apply redirect
        # sends visitors to this address, so it must be a clean http(s) URL.
        if value is not None and not is_web_address(value):
            raise ValueError("apply_url must be an http(s) address without spaces or control characters")
        return value

    @property
    def skill_list(self) -> list[str]:
        return [s for s in (line.strip() for line in self.skills.splitlines()) if s]

    @property
    def dutch_required(self) -> bool:
        return self.dutch_level != DutchLevel.NONE

    def is_open(self, today: date) -> bool:
        """Published and not past its closing date: shown in lists and open for applications."""
        return self.status == Status.PUBLISHED and self.closing_date >= today


# Highest salary first, vacancies without a salary last (the list's "salary" order). SQLite puts
# NULL last in a descending index by itself and does not accept NULLS LAST there; PostgreSQL needs it.
Index(
    "ix_vacancies_open_salary",
    Vacancy.salary_month_max.desc().nulls_last(), Vacancy.id.desc(), Vacancy.closing_date, **_PUBLISHED,
).ddl_if(dialect="postgresql")
Index(
    "ix_vacancies_open_salary",
    Vacancy.salary_month_max.desc(), Vacancy.id.desc(), Vacancy.closing_date, **_PUBLISHED,
).ddl_if(dialect="sqlite")

# SQLite's keyword search looks its full-text matches up by id here rather than in the wide
# table rows: every filter and sort column, so counting and sorting the matches read only this.
# (PostgreSQL's planner reads the matches from the table in one bitmap scan.)
Index(
    "ix_vacancies_id_listing",
    Vacancy.id, Vacancy.status, Vacancy.closing_date, Vacancy.posted_date, Vacancy.salary_month_max, Vacancy.province,
    Vacancy.dutch_level, Vacancy.visa_sponsorship, Vacancy.remote, Vacancy.seniority, Vacancy.contract,
    Vacancy.occupation, Vacancy.company_id, Vacancy.city,
).ddl_if(dialect="sqlite")


class ReportReason(StrEnum):
    SCAM = "scam"
    DISCRIMINATORY = "discriminatory"
    EXPIRED = "expired"
    WRONG_INFORMATION = "wrong-information"
    OTHER = "other"


REPORT_MESSAGE_MAX = 1000
REPORT_CONTACT_MAX = 254


class VacancyReport(Base):
    """A visitor's "report this vacancy", for the moderation queue.

    `message` is stored after `loket.domain.redaction.redact`. `contact` (an optional
    e-mail address for follow-up) is the only personal data and is deleted when the
    report is resolved.
    """

    __tablename__ = "vacancy_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason, "report_reason"))
    message: Mapped[str] = mapped_column(String(REPORT_MESSAGE_MAX), default="")
    contact: Mapped[str | None] = mapped_column(String(REPORT_CONTACT_MAX))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    vacancy: Mapped[Vacancy] = relationship()


class OutcomeSource(StrEnum):
    EMPLOYER = "employer"
    STAFF = "staff"


class VacancyOutcome(Base):
    """How a vacancy ended, as its employer (or the desk, hearing of it) tells: the action plan's
    long-term success figures. None means "don't know". Nothing about the person hired."""

    __tablename__ = "vacancy_outcomes"

    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True)
    filled: Mapped[bool | None] = mapped_column(Boolean)
    through_portal: Mapped[bool | None] = mapped_column(Boolean)
    by_international: Mapped[bool | None] = mapped_column(Boolean)
    source: Mapped[OutcomeSource] = mapped_column(_enum(OutcomeSource, "outcome_source"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    vacancy: Mapped[Vacancy] = relationship()


class VacancyDailyStat(Base):
    """Views and apply clicks per vacancy per day: counters only, nothing about the visitor."""

    __tablename__ = "vacancy_daily_stats"

    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)
    apply_clicks: Mapped[int] = mapped_column(Integer, default=0)


class VacancyVector(Base):
    """A vacancy's embedding for the assistant's suggestions, stored so every worker can reuse it.

    `text_hash` is the hash of the text that was embedded: when the vacancy is edited the
    hash no longer matches and the vector is computed again.
    """

    __tablename__ = "vacancy_vectors"

    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(120))
    text_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class VacancyChange(Base):
    """Which vacancies a vacancy version changed (vacancy_id 0: all); see queries.bump_vacancy_version."""

    __tablename__ = "vacancy_changes"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    vacancy_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class Counter(Base):
    """Named version counters shared by all worker processes (e.g. 'vacancies' changes on every publish/edit/close)."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
