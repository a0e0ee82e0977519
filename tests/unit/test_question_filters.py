"""What a question for vacancies says about the work and the place (loket/domain/question_filters.py)."""
from __future__ import annotations

import pytest

from loket.domain.question_filters import filters_from_question, topic_terms
from loket.domain.vacancies import Province


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("python jobs in groningen without dutch", ("python",)),
        ("Any vacancies for a data engineer in Drenthe?", ("data",)),
    ],
)
def test_topic_terms_leave_out_generic_words_places_and_filters(question, expected):
    assert topic_terms(question)[: len(expected)] == expected
    assert not {"jobs", "groningen", "without", "dutch", "vacancies", "drenthe", "engineer"} & set(topic_terms(question))


def test_topic_terms_add_the_words_vacancies_use_also_for_a_plural():
    terms = topic_terms("Welke vacatures voor systeembeheerders zonder Nederlands zijn er?")
    assert terms[0] == "systeembeheerders"
    assert {"systeembeheer", "system administrator", "systems administrator"} <= set(terms)
    assert "machine learning" in topic_terms("ml jobs in Leeuwarden")


def test_a_phrase_counts_as_one_term():
    terms = topic_terms("machine learning jobs")
    assert "machine learning" in terms and "machine" not in terms and "learning" not in terms


def test_a_general_job_question_names_no_work():
    assert topic_terms("Are there English-speaking jobs in the north?") == ()


@pytest.mark.parametrize(
    ("question", "province", "city"),
    [
        ("Python jobs in Leeuwarden", Province.FRYSLAN, "Leeuwarden"),
        ("jobs in the province of Groningen", Province.GRONINGEN, None),
        ("I live in Heerenveen, any developer jobs?", Province.FRYSLAN, None),
        ("Ik woon in Assen, zijn er vacatures voor testers?", Province.DRENTHE, None),
        ("developer jobs in Groningen or Drenthe", None, None),
        ("Vacatures in Emmen of Leeuwarden", None, None),
    ],
)
def test_the_place_a_job_must_be_in(question, province, city):
    filters = filters_from_question(question)
    assert (filters.province, filters.city) == (province, city)


@pytest.mark.parametrize(
    "question",
    ["I don't speak Dutch yet, any jobs?", "Ik spreek nog geen Nederlands", "vacatures waar ik Engels mag spreken"],
)
def test_ways_of_saying_english_only(question):
    assert filters_from_question(question).english_only


def test_places_in_several_provinces_allow_any_of_them():
    filters = filters_from_question("Zijn er testvacatures in Groningen of Drenthe?")
    assert filters.province is None and filters.provinces == (Province.GRONINGEN, Province.DRENTHE)
    assert filters_from_question("python jobs in Assen").provinces == ()


def test_where_the_visitor_lives_gives_way_to_where_the_job_must_be():
    filters = filters_from_question("I live in Heerenveen, are there developer jobs in Groningen?")
    assert (filters.province, filters.city) == (Province.GRONINGEN, "Groningen")


def test_a_skill_with_a_dot_keeps_it():
    assert topic_terms("vacature .net ontwikkelaar emmen hybride") == (".net",)
    assert "know" not in topic_terms("QA jobs? I know Selenium")
