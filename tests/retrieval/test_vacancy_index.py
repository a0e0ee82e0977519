"""Vacancy suggestions must be about the work asked (loket/retrieval/vacancy_index.py)."""
from __future__ import annotations

from datetime import date

import numpy as np

from loket.retrieval.vacancy_index import VacancyDoc, VacancyIndex

TODAY = date(2026, 12, 1)


def _doc(n: int, title: str, text: str, skills: tuple[str, ...] = ()) -> VacancyDoc:
    return VacancyDoc(n, f"{title}. {', '.join(skills)}. {text}", title, "groningen", "Groningen", False, False,
                      "medior", "hybrid", date(2027, 1, 31), "permanent", skills)


def _index() -> VacancyIndex:
    docs = [
        _doc(1, "Linux Systems Administrator", "Keep our Linux servers patched.", ("Linux", "Ansible")),
        _doc(2, "Test automation engineer", "Selenium and Cypress test suites for our web shop.", ("Selenium", "Cypress")),
        _doc(3, "Marketing automation specialist", "Automation of our mailing campaigns.", ("HubSpot",)),
        _doc(4, "Helpdesk medewerker", "Eerste lijn support voor klanten.", ("Windows",)),
    ]
    rng = np.random.default_rng(8)
    vectors = rng.normal(size=(len(docs), 8)).astype(np.float32)
    return VacancyIndex(docs, vectors / np.linalg.norm(vectors, axis=1, keepdims=True))


def _search(index: VacancyIndex, question: str, **kwargs) -> list[int]:
    query = np.ones(8, dtype=np.float32) / np.sqrt(8)
    return index.search(query, question, today=TODAY, min_cosine=0.99, **kwargs)


def test_every_suggestion_mentions_the_work_asked():
    index = _index()
    assert _search(index, "linux admin jobs", terms=("linux",)) == [1]


def test_vacancies_that_share_only_a_side_word_are_left_out():
    index = _index()
    found = _search(index, "Selenium and Cypress automation", terms=("selenium", "cypress", "automation"))
    assert found == [2]  # the marketing vacancy shares only "automation"


def test_a_dutch_compound_no_vacancy_uses_counts_by_its_first_part():
    index = _index()
    assert index.resolve(["helpdeskmedewerkers"]) == ["helpdesk"]
    assert _search(index, "vacatures voor helpdeskmedewerkers", terms=("helpdeskmedewerkers",)) == [4]


def test_a_phrase_no_vacancy_uses_stands_for_nothing():
    assert _index().resolve(["system administrator"]) == []


def test_work_no_open_vacancy_mentions_finds_nothing():
    assert _search(_index(), "kotlin jobs", terms=("kotlin",)) == []


def test_without_terms_the_filters_and_rankings_decide():
    index = _index()
    assert len(index.search(np.ones(8, dtype=np.float32) / np.sqrt(8), "jobs", today=TODAY, k=10, min_cosine=-1.0)) == 4


def test_rare_terms_and_titles_weigh_more_than_common_words():
    docs = [
        _doc(1, "Test engineer", "We test medical devices.", ("ISTQB",)),
        _doc(2, "Backend developer", "You write tests and test your code.", ("Python",)),
        _doc(3, "Frontend developer", "You test in the browser.", ("React",)),
    ]
    index = VacancyIndex(docs, np.eye(3, 8, dtype=np.float32))
    found = index.search(np.ones(8, dtype=np.float32) / np.sqrt(8), "tester istqb", today=TODAY, min_cosine=0.99,
                         terms=("test", "istqb"))
    assert found == [1]


def test_any_of_several_provinces():
    docs = [_doc(1, "Tester", "test"), _doc(2, "Tester", "test")]
    docs[1] = VacancyDoc(2, docs[1].text, docs[1].title, "drenthe", "Assen", False, False, "medior", "hybrid",
                         date(2027, 1, 31), "permanent", ())
    index = VacancyIndex(docs, np.eye(2, 8, dtype=np.float32))
    query = np.ones(8, dtype=np.float32) / np.sqrt(8)
    assert index.search(query, "tester", today=TODAY, terms=("tester",), provinces=("drenthe", "fryslan")) == [2]
