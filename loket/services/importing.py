"""Import companies and vacancies from JSON or CSV, all or nothing.

JSON: `{"companies": [...], "vacancies": [...]}` (either list may be absent) or a plain
list of vacancies. CSV: one vacancy per row, the same field names as columns, skills
separated by ';'. Vacancies name their company by slug; it must be in the same file or
already in the database. Every row is validated before anything is written; the first
file with an error imports nothing and reports each bad row by number and field.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.records import RecordError, parse_company, parse_vacancy
from ..domain.vacancies import Status
from ..retrieval import Embedder
from ..storage.models import Company, Vacancy
from ..storage.queries import bump_vacancy_version
from .vacancy_vectors import compute_vectors


@dataclass(frozen=True)
class RowError:
    kind: str  # "company" or "vacancy"
    row: int  # 1-based: the JSON list position, or the CSV line (the header is line 1)
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind} row {self.row}, field '{self.field}': {self.message}"


class ImportFailed(ValueError):
    """The file had errors; nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:20]))
        self.errors = errors


@dataclass
class ImportResult:
    companies_added: int = 0
    vacancies_added: int = 0
    skipped: list[str] = field(default_factory=list)  # refs/slugs already present
    vectors_computed: int = 0


@dataclass
class Records:
    companies: list[Mapping[str, Any]]
    vacancies: list[Mapping[str, Any]]
    first_row: int = 1  # CSV data starts on line 2


def read_file(path: Path) -> Records:
    """Read a JSON or CSV file into raw records; raises ImportFailed when it cannot be read at all."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        return Records(companies=[], vacancies=rows, first_row=2)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([RowError("file", exc.lineno, "-", f"not valid JSON: {exc.msg}")]) from None
    if isinstance(data, list):
        return Records(companies=[], vacancies=data)
    if not isinstance(data, dict):
        raise ImportFailed([RowError("file", 1, "-", "expected an object with 'companies' and 'vacancies', or a list")])
    return Records(companies=list(data.get("companies") or []), vacancies=list(data.get("vacancies") or []))


def _validate(kind: str, rows: Iterable[Any], first_row: int, parse) -> tuple[list[dict], list[RowError]]:
    parsed, errors = [], []
    for number, row in enumerate(rows, start=first_row):
        if not isinstance(row, Mapping):
            errors.append(RowError(kind, number, "-", "must be an object"))
            continue
        try:
            parsed.append(parse(row))
        except RecordError as exc:
            errors.append(RowError(kind, number, exc.field, exc.message))
    return parsed, errors


def import_records(session: Session, records: Records, *, shift_days: int = 0, embedder: Embedder | None = None) -> ImportResult:
    """Validate everything, then add what is not yet present (by company slug / vacancy ref).

    `shift_days` moves posted and closing dates (the demo data is written relative to a
    reference date). `embedder`: also compute the new vacancies' vectors for the assistant's
    suggestions (in the same transaction), so no visitor's request has to. Runs inside the caller's transaction; raises ImportFailed before
    writing anything if any row is bad.
    """
    companies, errors = _validate("company", records.companies, 1, parse_company)
    vacancies, vacancy_errors = _validate("vacancy", records.vacancies, records.first_row, parse_vacancy)
    errors += vacancy_errors

    seen_slugs: set[str] = set()
    for number, company in enumerate(companies, start=1):
        if company["slug"] in seen_slugs:
            errors.append(RowError("company", number, "slug", "appears twice in this file"))
        seen_slugs.add(company["slug"])
    existing = {c.slug: c for c in session.scalars(select(Company))}
    seen_refs: set[str] = set()
    for number, vacancy in enumerate(vacancies, start=records.first_row):
        if vacancy["company"] not in seen_slugs and vacancy["company"] not in existing:
            errors.append(RowError("vacancy", number, "company", f"unknown company '{vacancy['company']}'"))
        if vacancy["ref"]:
            if vacancy["ref"] in seen_refs:
                errors.append(RowError("vacancy", number, "ref", "appears twice in this file"))
            seen_refs.add(vacancy["ref"])
    if errors:
        errors.sort(key=lambda e: (e.kind != "company", e.row))
        raise ImportFailed(errors)

    result = ImportResult()
    for company in companies:
        if company["slug"] in existing:
            result.skipped.append(company["slug"])
            continue
        existing[company["slug"]] = Company(**company)
        session.add(existing[company["slug"]])
        result.companies_added += 1
    present_refs = set(session.scalars(select(Vacancy.ref).where(Vacancy.ref.in_(seen_refs)))) if seen_refs else set()
    shift = timedelta(days=shift_days)
    added: list[Vacancy] = []
    for vacancy in vacancies:
        if vacancy["ref"] in present_refs:
            result.skipped.append(vacancy["ref"])
            continue
        values = dict(vacancy)
        values["company"] = existing[values.pop("company")]
        values["posted_date"] += shift
        values["closing_date"] += shift
        added.append(Vacancy(**values))
        session.add(added[-1])
        result.vacancies_added += 1
    session.flush()
    if added:
        bump_vacancy_version(session, [v.id for v in added])
        if embedder is not None:  # their vectors now, not in a visitor's request
            result.vectors_computed = compute_vectors(session, embedder, [v for v in added if v.status == Status.PUBLISHED], commit=False)
    return result
