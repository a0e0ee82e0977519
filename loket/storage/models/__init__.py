"""SQLAlchemy 2 models, one module per feature; importing this package registers them all.

Codes are the domain's StrEnums, stored as checked strings.
"""
from .base import Base, NAMING, checked_enum, utcnow
from .vacancies import (Company, Counter, OutcomeSource, ReportReason, Vacancy, VacancyDailyStat, VacancyOutcome,
                        VacancyReport, VacancyVector)
from . import alerts, assistant, accounts, desk  # noqa: F401 - register their tables on Base.metadata

__all__ = ["Base", "NAMING", "checked_enum", "utcnow", "Company", "Counter", "OutcomeSource", "ReportReason", "Vacancy", "VacancyDailyStat", "VacancyOutcome", "VacancyReport", "VacancyVector"]
