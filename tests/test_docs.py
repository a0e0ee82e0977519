"""Documentation that must not drift from the code."""
from __future__ import annotations

from loket.config import PROJECT_ROOT, SETTINGS

README = (PROJECT_ROOT / "README.md").read_text()


def test_every_setting_is_documented_in_the_readme():
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in README]
    assert not missing, f"add these settings to the README's configuration table: {missing}"


def test_quick_start_has_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quick_start and "make test" in quick_start


def test_ci_runs_the_readme_test_command():
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()
