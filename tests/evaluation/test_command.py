"""`loket eval` as a command (with the hashed fake embedder: the real model is the gate's)."""
from __future__ import annotations

import json


def test_eval_reports_the_chosen_items_and_writes_the_figures(runner, tmp_path):
    figures = tmp_path / "figures.json"
    result = runner("eval", "--fake", "--split", "dev", "--match", "en-visa-00", "--no-peers", "--json", str(figures))
    assert result.exit_code == 0, result.output
    data = json.loads(figures.read_text(encoding="utf-8"))
    assert data["split"] == "dev" and 0 < data["items"] < 10
    assert f"### dev split ({data['items']} items)" in result.output
    assert set(data["systems"]) == {"assistant"} and "fact accuracy" in data["systems"]["assistant"]


def test_eval_refuses_a_match_without_items_and_failures_of_the_test_split(runner):
    result = runner("eval", "--fake", "--match", "no-such-item")
    assert result.exit_code == 2 and "no dev item has an id containing 'no-such-item'" in result.output
    result = runner("eval", "--fake", "--split", "test", "--failures")
    assert result.exit_code == 2 and "dev items only" in result.output
