"""The evaluation gate: the assistant with the real default model on the test split must not fall
more than two points below the figures recorded in eval/baseline.json (and docs/benchmarks.md).

Record new figures only from a run on the test split after tuning on dev:
`.venv/bin/loket eval --split test --json eval/baseline.json`, and copy them into
docs/benchmarks.md ("Fact-level evaluation").
"""
from __future__ import annotations

import json

import pytest

from loket.config import PROJECT_ROOT
from loket.evaluation import harness, items, report

BASELINE = PROJECT_ROOT / "eval" / "baseline.json"
TOLERANCE = 0.02
HIGHER_IS_BETTER = ("fact accuracy", "fact accuracy en", "fact accuracy nl", "fact accuracy other",
                    "hand-off recall", "hand-off precision", "right referral", "vacancy fit")
LOWER_IS_BETTER = ("false hand-offs",)


def _recorded() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def test_the_baseline_is_the_test_split_and_is_in_the_benchmarks():
    recorded = _recorded()
    assert recorded["split"] == "test"
    assert recorded["items"] == len(items.select(items.load_items(items.DEFAULT_DIR), "test"))
    figure = f"{100 * recorded['systems']['assistant']['fact accuracy']:.1f}%"
    assert figure in (PROJECT_ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")


@pytest.mark.model
def test_the_assistant_holds_its_recorded_figures_on_the_test_split(tmp_path, index_cache):
    instance = tmp_path / "eval"
    instance.mkdir()
    (instance / "index").symlink_to(index_cache, target_is_directory=True)
    app = harness.make_app(instance)
    runner = harness.Harness(app)
    chosen = items.select(items.load_items(items.DEFAULT_DIR), "test")
    outcomes = runner.run(chosen, ("assistant",))["assistant"]
    now = report.summary(outcomes, report.Judge(runner.vacancy_rows()))
    before = _recorded()["systems"]["assistant"]
    fallen = {name: (before[name], now[name]) for name in HIGHER_IS_BETTER if now[name] < before[name] - TOLERANCE}
    fallen |= {name: (before[name], now[name]) for name in LOWER_IS_BETTER if now[name] > before[name] + TOLERANCE}
    assert not fallen, f"below the recorded test-split figures (recorded, now): {fallen}"
