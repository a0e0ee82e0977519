"""Validation of company and vacancy records (from JSON, CSV or a form) into clean values.

A record is a mapping of field name to raw value (str, bool, int, list or None).
`parse_vacancy` and `parse_company` return plain dicts ready for the models or raise
`RecordError(field, message)`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from .vacancies import (
    OCCUPATIONS,
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
    monthly_amount,
)


class RecordError(ValueError):
    """A field of a record is missing or invalid."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _text(record: Mapping[str, Any], field: str, *, required: bool = True, max_length: int = 10_000) -> str:
    value = record.get(field)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RecordError(field, "must be text")
    value = value.strip()
    if required and not value:
        raise RecordError(field, "is required")
    if len(value) > max_length:
        raise RecordError(field, f"is longer than {max_length} characters")
    return value


def _bool(record: Mapping[str, Any], field: str) -> bool:
    value = record.get(field)
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "ja"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"0", "false", "no", "nee"}:
        return False
    raise RecordError(field, "must be true or false")


def _choice(record: Mapping[str, Any], field: str, enum: type[StrEnum], *, required: bool = True):
    value = record.get(field)
    if value is None or value == "":
        if required:
            raise RecordError(field, "is required")
        return None
    try:
        return enum(str(value).strip())
    except ValueError:
        raise RecordError(field, "must be one of " + ", ".join(e.value for e in enum)) from None


def _int(record: Mapping[str, Any], field: str, low: int, high: int) -> int | None:
    value = record.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordError(field, "must be a whole number")
    if isinstance(value, str):
        if not re.fullmatch(r"\s*\d+\s*", value):
            raise RecordError(field, "must be a whole number")
        value = int(value)
    if not isinstance(value, int):
        raise RecordError(field, "must be a whole number")
    if not low <= value <= high:
        raise RecordError(field, f"must be between {low} and {high}")
    return value


def _date(record: Mapping[str, Any], field: str) -> date:
    value = record.get(field)
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise RecordError(field, "is required (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RecordError(field, "must be a date as YYYY-MM-DD") from None


MAX_URL_LENGTH = 500


def is_web_address(value: str) -> bool:
    """An absolute http(s) address with a host, at most MAX_URL_LENGTH long, and no whitespace or
    control character anywhere (a CR/LF would split the apply redirect's Location header; a
    javascript: or data: link on an apply button would run in our visitors' browsers)."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL_LENGTH:
        return False
    if any(c.isspace() or ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def _url(record: Mapping[str, Any], field: str) -> str | None:
    value = _text(record, field, required=False, max_length=MAX_URL_LENGTH)
    if not value:
        return None
    if not is_web_address(value):
        raise RecordError(field, "must be an http(s) address")
    return value


def parse_company(record: Mapping[str, Any]) -> dict[str, Any]:
    slug = _text(record, "slug", max_length=80)
    if not _SLUG.match(slug):
        raise RecordError("slug", "may contain only a-z, 0-9 and single hyphens")
    kvk = _text(record, "kvk_number", required=False, max_length=8) or None
    if kvk is not None and not re.fullmatch(r"\d{8}", kvk):
        raise RecordError("kvk_number", "must be 8 digits")
    return {
        "slug": slug,
        "name": _text(record, "name", max_length=160),
        "city": _text(record, "city", max_length=80),
        "province": _choice(record, "province", Province),
        "website": _url(record, "website"),
        "description_en": _text(record, "description_en", required=False),
        "description_nl": _text(record, "description_nl", required=False),
        "kvk_number": kvk,
        "recognised_sponsor": _bool(record, "recognised_sponsor"),
        "english_working_language": _bool(record, "english_working_language"),
        "onboarding_support": _bool(record, "onboarding_support"),
        "dutch_lessons": _bool(record, "dutch_lessons"),
        "verified": _bool(record, "verified"),
    }


def _skills(record: Mapping[str, Any]) -> str:
    value = record.get("skills")
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        items = re.split(r"[;\n]", value)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        raise RecordError("skills", "must be a list of text, or text separated by ';'")
    items = [i.strip() for i in items if i.strip()]
    if len(items) > 30 or any(len(i) > 60 for i in items):
        raise RecordError("skills", "at most 30 skills of at most 60 characters")
    return "\n".join(items)


def parse_vacancy(record: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one vacancy record. The company is returned as its slug under 'company'."""
    company = _text(record, "company", max_length=80)
    occupation = _text(record, "occupation", max_length=4)
    if occupation not in OCCUPATIONS:
        raise RecordError("occupation", "must be one of the ISCO-08 codes " + ", ".join(OCCUPATIONS))
    dutch_level = _choice(record, "dutch_level", DutchLevel, required=False) or DutchLevel.NONE
    dutch_timing = _choice(record, "dutch_timing", DutchTiming, required=False)
    if dutch_level == DutchLevel.NONE:
        dutch_timing = None
    elif dutch_timing is None:
        raise RecordError("dutch_timing", "is required when a Dutch level is set (start or within_12_months)")
    hours_min = _int(record, "hours_min", 1, 60)
    hours_max = _int(record, "hours_max", 1, 60)
    if hours_min and hours_max and hours_min > hours_max:
        raise RecordError("hours_min", "must not be more than hours_max")
    salary_min = _int(record, "salary_min", 1, 1_000_000)
    salary_max = _int(record, "salary_max", 1, 1_000_000)
    salary_period = _choice(record, "salary_period", SalaryPeriod, required=False)
    if (salary_min or salary_max) and salary_period is None:
        raise RecordError("salary_period", "is required with a salary (hour, month or year)")
    if salary_min and salary_max and salary_min > salary_max:
        raise RecordError("salary_min", "must not be more than salary_max")
    if not (salary_min or salary_max):
        salary_period = None
    posted = _date(record, "posted_date")
    closing = _date(record, "closing_date")
    if closing < posted:
        raise RecordError("closing_date", "must not be before posted_date")
    apply_url = _url(record, "apply_url")
    apply_email = _text(record, "apply_email", required=False, max_length=254) or None
    if apply_email is not None and not _EMAIL.match(apply_email):
        raise RecordError("apply_email", "must be an e-mail address")
    if not apply_url and not apply_email:
        raise RecordError("apply_url", "an apply_url or an apply_email is required")
    ref = _text(record, "ref", required=False, max_length=80) or None
    return {
        "ref": ref,
        "company": company,
        "title": _text(record, "title", max_length=160),
        "city": _text(record, "city", max_length=80),
        "province": _choice(record, "province", Province),
        "occupation": occupation,
        "language": _choice(record, "language", Language, required=False) or Language.EN,
        "description": _text(record, "description", max_length=20_000),
        "requirements": _text(record, "requirements", required=False, max_length=10_000),
        "skills": _skills(record),
        "dutch_level": dutch_level,
        "dutch_timing": dutch_timing,
        "english_level": _choice(record, "english_level", EnglishLevel, required=False) or EnglishLevel.B2,
        "visa_sponsorship": _bool(record, "visa_sponsorship"),
        "remote": _choice(record, "remote", RemotePolicy),
        "hours_min": hours_min,
        "hours_max": hours_max,
        "contract": _choice(record, "contract", Contract),
        "seniority": _choice(record, "seniority", Seniority),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "salary_period": salary_period,
        "salary_month_max": monthly_amount(salary_max or salary_min, salary_period, hours_max or hours_min),
        "posted_date": posted,
        "closing_date": closing,
        "apply_url": apply_url,
        "apply_email": apply_email,
        "status": _choice(record, "status", Status, required=False) or Status.PUBLISHED,
    }
