"""Facts are matched the way a reader compares them: case, accents, thousands separators, euro signs."""
from __future__ import annotations

import pytest

from loket.evaluation.matching import fold, group_found, missing


@pytest.mark.parametrize("text", ["€5,942 gross", "€ 5.942 bruto", "5942 euro", "EUR 5 942"])
def test_amounts_match_whatever_their_separators(text):
    assert group_found(["5942"], text) or group_found(["5,942"], text)


def test_numbers_match_as_whole_numbers_only():
    assert not group_found(["12"], "within 120 days")
    assert group_found(["12 months"], "after 12 months")


def test_accents_and_quotes_fold():
    assert fold("Fryslân “Taalhuis”") == 'fryslan "taalhuis"'
    assert group_found(["fryslan"], "In Fryslân")


def test_every_group_must_occur_and_placeholders_take_their_values():
    facts = [["Firda"], ["{loket.address}"]]
    values = {"loket.address": ["Gedempte Zuiderdiep 22"]}
    assert missing(facts, "Firda, or come to Gedempte Zuiderdiep 22.", values) == []
    assert missing(facts, "Firda.", values) == [1]
    assert missing([["{loket.days}"]], "open on Tuesday and Thursday", {"loket.days": ["Tuesday", "Thursday"]}) == []
    assert missing([["{loket.days}"]], "open on Tuesday", {"loket.days": ["Tuesday", "Thursday"]}) == [0]


def test_an_arabic_word_after_the_and_prefix_counts_as_a_word():
    days = {"loket.days": ["الثلاثاء", "الأربعاء", "الخميس"]}
    assert group_found(["{loket.days}"], "المكتب مفتوح أيام الثلاثاء والأربعاء والخميس", days)
    # Only a lone و before the word: inside another word it is still no match.
    assert not group_found(["{loket.days}"], "الثلاثاء سوالأربعاء والخميس", days)
