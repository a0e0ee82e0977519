"""Keyword expansion across English and Dutch (loket/domain/keywords.py and its YAML)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loket.domain.keywords import (
    GLOSSARY_FILE,
    MAX_EQUIVALENTS,
    SYNONYMS_FILE,
    Keyword,
    Lexicon,
    build_lexicon,
    default_lexicon,
    glossary_pairs,
    singular,
)
from loket.domain.search import VacancyQuery


def phrases(term: str) -> set[str]:
    return {" ".join(p) for p in default_lexicon().group(term)}


@pytest.mark.parametrize(
    "dutch, english",
    [
        ("ontwikkelaar", "developer"),
        ("systeembeheerder", "system administrator"),
        ("tester", "test engineer"),
        ("analist", "analyst"),
        ("beheerder", "administrator"),
        ("netwerkbeheerder", "network administrator"),  # from the glossary
        ("softwareontwikkelaars", "software developers"),  # the occupation labels (plural)
        ("applicatieprogrammeurs", "applications programmers"),
    ],
)
def test_a_dutch_job_title_and_its_english_one_are_one_group(dutch, english):
    assert phrases(dutch) and phrases(dutch) == phrases(english)


def test_the_developer_group_has_the_titles_people_type_and_the_dutch_compounds():
    group = phrases("developer")
    assert {"developer", "ontwikkelaar", "programmeur", "programmer", "software engineer"} <= group
    assert {"webontwikkelaar", "applicatieontwikkelaar"} <= group  # compounds a prefix search misses
    # ...but a compound keeps its own narrower group: "webontwikkelaar" is not every developer.
    assert "system administrator" not in group
    assert phrases("webontwikkelaar") == {"web developer", "webontwikkelaar", "webdeveloper", "webprogrammeur"}


def test_sysadmin_and_qa_are_in_their_groups():
    assert {"system administrator", "systeembeheerder", "sysadmin"} <= phrases("sysadmin")
    assert "qa" in phrases("tester") and "developer" not in phrases("tester")


def test_plural_accents_and_case_do_not_matter_for_the_lookup():
    assert phrases("Systeembeheerders") == phrases("systeembeheerder")
    assert phrases("FRYSLAN") == phrases("Fryslân") == phrases("friesland")
    assert "fryslân" in phrases("friesland")  # searched with its accent (PostgreSQL keeps accents)


def test_expand_takes_the_longest_known_phrase_and_leaves_other_words_alone():
    senior, title, city = default_lexicon().expand(["senior", "system", "administrators", "groningen"])
    assert senior == Keyword(("senior",)) and city == Keyword(("groningen",))
    assert title.typed == ("system", "administrators")
    assert ("systeembeheerder",) in title.phrases and ("sysadmin",) in title.phrases
    assert ("system", "administrator") in title.phrases  # singular: a prefix finds both forms


def test_unknown_words_stay_as_they_were():
    assert default_lexicon().expand(["kubernetes", "kube"]) == [Keyword(("kubernetes",)), Keyword(("kube",))]
    assert VacancyQuery(q="Ansible, Linux!").keywords() == [Keyword(("ansible",)), Keyword(("linux",))]


def test_the_query_expands_its_terms():
    assert VacancyQuery(q="ontwikkelaar python").keywords()[0].phrases == default_lexicon().expand(["developer"])[0].phrases


def test_groups_that_share_a_term_are_joined_and_compounds_go_one_way():
    lexicon = Lexicon([["a1 b", "c"], ["c", "dee"], ["eee", "fff"]], {"dee": ["deecompound"]})
    assert {" ".join(p) for p in lexicon.group("a1 b")} == {"a1 b", "c", "dee", "deecompound"}
    assert lexicon.group("deecompound") == ()
    assert {" ".join(p) for p in lexicon.group("fff")} == {"eee", "fff"}


def test_parentheses_in_a_term_are_left_out():
    lexicon = Lexicon([["M-formulier", "M form (tax return for the year you arrive)"]])
    assert {" ".join(p) for p in lexicon.group("m form")} == {"m formulier", "m form"}


def test_singular():
    assert [singular(w) for w in ["developers", "analysts", "systems", "class", "qa", "bus"]] == [
        "developer", "analyst", "system", "class", "qa", "bus"]


def test_every_group_stays_small_and_no_job_group_swallows_another():
    """A term in two groups joins them: a data edit must not make one giant group."""
    lexicon = default_lexicon()
    assert max(len(g) for g in lexicon.groups()) <= MAX_EQUIVALENTS
    for a, b in [("developer", "system administrator"), ("developer", "tester"), ("beheerder", "developer"),
                 ("analyst", "developer"), ("designer", "developer"), ("manager", "administrator")]:
        assert not phrases(a) & phrases(b), (a, b)


def test_the_synonyms_file_is_well_formed():
    data = yaml.safe_load(SYNONYMS_FILE.read_text(encoding="utf-8"))
    assert set(data) == {"groups", "compounds"}
    terms = [t for group in data["groups"] for t in group]
    assert all(isinstance(t, str) and t.strip() for t in terms)
    assert all(len(group) >= 2 for group in data["groups"])
    assert len(terms) == len(set(terms)), "a term in two groups joins them: keep each once"
    lexicon = default_lexicon()
    for key in data["compounds"]:
        assert lexicon.group(key), f"compounds of {key!r}: the word is in no group"


def test_the_glossary_and_the_occupations_are_used():
    pairs = glossary_pairs()
    assert ("systeembeheerder", "system administrator") in pairs
    assert phrases("residence permit") == {"residence permit", "verblijfsvergunning"}
    assert "systems administrator" not in phrases("systeembeheerder")  # same key as "system administrator": once


def test_without_a_glossary_the_synonyms_and_occupations_still_work(tmp_path: Path):
    lexicon = build_lexicon(glossary_file=tmp_path / "missing.yaml")
    assert lexicon.group("residence permit") == ()
    assert ("developer",) in lexicon.group("ontwikkelaar")
    assert ("systeembeheerder",) in lexicon.group("systems administrators")  # occupation labels


def test_an_unreadable_glossary_gives_no_pairs(tmp_path: Path):
    bad = tmp_path / "glossary.yaml"
    bad.write_text("- {nl: [unclosed", encoding="utf-8")
    assert glossary_pairs(bad) == []
    bad.write_text("just: a mapping", encoding="utf-8")
    assert glossary_pairs(bad) == []
    assert GLOSSARY_FILE.exists()
