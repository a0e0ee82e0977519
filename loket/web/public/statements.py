"""The facts behind the accessibility statement, read from accessibility.yaml beside this module."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

STATEMENT_FILE = Path(__file__).with_name("accessibility.yaml")
STATUSES = ("A", "B", "C", "D", "E")


@dataclass(frozen=True)
class AccessibilityStatement:
    status: str  # the model's compliance status, A–E
    last_checked: date
    axe_core: str  # the axe-core version the browser tests ran
    standard: str


@functools.cache
def accessibility_statement(path: Path = STATEMENT_FILE) -> AccessibilityStatement:
    """The statement's facts; ValueError when the file is incomplete or malformed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("status") not in STATUSES or not isinstance(data.get("last_checked"), date):
        raise ValueError(f"{path}: needs status (one of {', '.join(STATUSES)}) and last_checked (YYYY-MM-DD)")
    return AccessibilityStatement(data["status"], data["last_checked"], str(data.get("axe_core", "")), str(data.get("standard", "")))
