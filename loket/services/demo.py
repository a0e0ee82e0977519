"""The fictional demo vacancies in `vacancies/demo.json`, loaded with dates made current."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ..config import PROJECT_ROOT
from .importing import ImportResult, Records, import_records

DEMO_FILE = PROJECT_ROOT / "vacancies" / "demo.json"


def load_demo(session: Session, today: date, path: Path = DEMO_FILE) -> ImportResult:
    """Add the demo companies and vacancies that are not there yet (idempotent).

    Dates in the file are relative to its `reference_date`; they are shifted so that the
    reference date becomes `today`, keeping the demo fresh whenever it is loaded.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    reference = date.fromisoformat(data["reference_date"])
    records = Records(companies=data["companies"], vacancies=data["vacancies"])
    return import_records(session, records, shift_days=(today - reference).days)
