"""Dates as people type them: ISO (what a native date input sends) or day-month-year.

The Netherlands writes the day first (31-12-2026, 31/12/2026, 31.12.2026) in Dutch and in
English alike, so day-first is read in both languages; month-first (US) is never guessed.
"""
from __future__ import annotations

import re
from datetime import date

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_user_date(value: str | None) -> date | None:
    """'2026-12-31', '31-12-2026', '31/12/2026' or '31.12.2026' → date; None when it is none of these or no real day."""
    text = value or ""
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DAY_FIRST.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None
