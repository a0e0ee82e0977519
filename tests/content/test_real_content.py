"""The project's own content/ passes `loket content check` (warnings allowed)."""
from __future__ import annotations

from datetime import date

from loket.config import PROJECT_ROOT
from loket.content.checker import check_content


def test_project_content_has_no_errors():
    findings = check_content(PROJECT_ROOT / "content", date.today())
    errors = [str(f) for f in findings if f.level == "error"]
    assert errors == []
