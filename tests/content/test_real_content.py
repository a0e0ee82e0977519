"""The project's own content/ passes `loket content check` (warnings allowed), and its figures are this year's."""
from __future__ import annotations

from datetime import date

import yaml

from loket.config import PROJECT_ROOT
from loket.content.checker import check_content
from loket.content.figures import load_figures, parse_figures
from loket.content.loader import documents_problems
from loket.domain.figures import Criterion


def test_project_content_has_no_errors():
    findings = check_content(PROJECT_ROOT / "content", date.today())
    errors = [str(f) for f in findings if f.level == "error"]
    assert errors == []


def test_real_figures_have_2026_blue_card_for_graduates_and_2027_not_yet_published():
    figures = load_figures(PROJECT_ROOT / "content")
    year_2026 = figures.for_year(2026)
    assert year_2026.amount(Criterion.EU_BLUE_CARD) > year_2026.amount(Criterion.EU_BLUE_CARD_RECENT_GRADUATE) > 0
    listed = {y.year: y for y in figures.years}
    # 2027 is listed with every amount null, so the code keeps using 2026 until the IND publishes.
    assert set(listed[2027].amounts) == set(Criterion) and all(v is None for v in listed[2027].amounts.values())
    assert figures.for_year(2027).year == 2026


def test_content_guide_examples_are_valid_data():
    """The figures.yaml and documents.yaml examples in docs/content-guide.md parse (the doc does not drift)."""
    guide = (PROJECT_ROOT / "docs" / "content-guide.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in guide.split("```yaml\n")[1:]]
    figures = next(b for b in blocks if b.startswith("salary_criteria:"))
    parsed = parse_figures(yaml.safe_load(figures))
    assert parsed.for_year(2027).year == 2026
    documents = next(b for b in blocks if b.startswith("- file:"))
    assert documents_problems(yaml.load(documents, Loader=yaml.SafeLoader)) == []
