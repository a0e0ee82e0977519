"""The evaluation set: item format, the fixed split, and the real set's shape."""
from __future__ import annotations

from collections import Counter

import pytest

from loket.evaluation.items import EvalSetError, assign_splits, load_items, parse_item


def item(**fields):
    base = {"id": "x-1", "q": "how much?", "lang": "en", "kind": "answer", "facts": [["4,357"]], "split": "dev"}
    return {**base, **fields}


def test_an_item_parses_with_its_facts_and_match():
    parsed = parse_item(item(facts=[["4,357", "4.357"], ["under 30"]]), "f")
    assert parsed.facts == (("4,357", "4.357"), ("under 30",)) and parsed.language_group == "en"
    jobs = parse_item(item(kind="jobs", facts=None, match={"skills": ["Python"], "english_only": True}), "f")
    assert jobs.match.skills == ("python",) and jobs.match.english_only


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "quiz"}, "kind"),
        ({"lang": "de"}, "lang must be en or nl"),
        ({"facts": []}, "needs facts"),
        ({"facts": [[]]}, "empty fact group"),
        ({"kind": "handoff", "facts": None, "referral": "nobody"}, "referral"),
        ({"kind": "jobs", "facts": None, "match": {"salary": 1}}, "match keys"),
        ({"split": "train"}, "split"),
    ],
)
def test_malformed_items_are_refused(fields, message):
    with pytest.raises(EvalSetError, match=message):
        parse_item(item(**fields), "f")


def test_splits_are_fixed_stratified_and_keep_what_was_assigned():
    items = [parse_item(item(id=f"en-{n}", split=None), "f") for n in range(10)]
    items += [parse_item(item(id=f"nl-{n}", lang="nl", asked_in="nl", split=None), "f") for n in range(10)]
    first, again = assign_splits(items), assign_splits(list(reversed(items)))
    assert first == again  # the same seed, whatever the order
    for prefix in ("en-", "nl-"):
        assert Counter(v for k, v in first.items() if k.startswith(prefix)) == {"dev": 6, "test": 4}
    kept = [parse_item(item(id="en-0", split="test"), "f")]
    assert assign_splits(kept) == {}


def test_the_real_set_is_large_enough_and_bilingual():
    items = load_items()
    answers = [i for i in items if i.kind == "answer" and i.language_group in ("en", "nl")]
    assert len(answers) >= 300
    assert sum(i.asked_in == "nl" for i in answers) >= 0.4 * len(answers)
    assert sum(i.kind == "handoff" for i in items) >= 60 and sum(i.kind == "jobs" for i in items) >= 30
    other = [i for i in items if i.language_group == "other"]
    assert len(other) >= 80 and len({i.asked_in for i in other}) >= 10
    assert {i.split for i in items} == {"dev", "test"}
