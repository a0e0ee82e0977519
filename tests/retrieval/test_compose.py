"""How an answer is composed: the fact asked, sentences that stand on their own, parts, computed statements.

Fast tests with the fake embedder over the small guide of conftest.py.
"""
from __future__ import annotations

import pytest

from loket.domain.figures import Criterion, Figures, YearFigures
from loket.retrieval import Answerer
from loket.retrieval.answer import BUDGETS, segments_of
from loket.retrieval.chunks import split_sentences
from loket.retrieval.handoff import handoff_rules

FIGURES = Figures((YearFigures(2026, "highly-skilled-migrant", "https://ind.nl/en/required-amounts-income-requirements", {
    Criterion.HSM_30_OR_OLDER: 5942, Criterion.HSM_UNDER_30: 4357, Criterion.HSM_REDUCED: 3122, Criterion.EU_BLUE_CARD: 5942,
}),))


@pytest.fixture
def answerer(small_retriever):
    return Answerer(small_retriever, threshold=0.0, figures=FIGURES)


def test_a_quotation_is_never_cut_in_two():
    text = 'It says "Arbeid vrij toegestaan. TWV niet vereist." This means: no work permit is needed.'
    assert [s.text for s in split_sentences(text)] == [
        'It says "Arbeid vrij toegestaan. TWV niet vereist."', "This means: no work permit is needed."]


def test_a_sentence_that_leans_on_another_comes_with_it(answerer):
    answer = answerer.answer("Does my partner need a work permit (TWV)?")
    assert "no work permit (TWV) is needed" in answer.text
    # "This means: …" is shown only with the quoted words it explains, and every quote is closed.
    assert "Arbeid vrij toegestaan" in answer.text and answer.text.count('"') % 2 == 0


def test_the_place_asked_decides_the_section(answerer):
    answer = answerer.answer("Waar kan ik Nederlandse les volgen in Leeuwarden?")
    assert "Leeuwarden" in answer.text and "Firda" in answer.text
    assert answer.sources[0].heading == "Leeuwarden" and answer.lang == "nl"


def test_how_much_is_answered_with_the_amount_asked(answerer):
    answer = answerer.answer("How much does Make IT Work cost me as a participant?")
    assert "€1,000" in answer.text


def test_each_part_of_a_two_part_question_gets_its_own_sentences(answerer):
    answer = answerer.answer("Where can I learn Dutch in Leeuwarden, and how much does Make IT Work cost as a participant?")
    assert len(answer.analysis.parts) == 2
    assert "Firda" in answer.text and "€1,000" in answer.text
    assert {s.page_id for s in answer.sources} >= {"dutch-lessons-friesland-drenthe", "make-it-work-north"}


def test_personal_figures_are_compared_with_the_criterion_for_that_age(answerer):
    answer = answerer.answer("I'm 29 and earn 4,800 gross a month, is that enough for the kennismigrant permit?")
    salary = next(s for s in answer.statements if s.kind == "salary")
    assert salary.data["criterion"] == Criterion.HSM_UNDER_30.value and salary.data["required"] == 4357
    assert salary.data["reaches"] is True and salary.data["year"] == 2026
    assert salary.source is not None and salary.source.anchor == "salary-criteria-in-2026"
    older = answerer.answer("I am 34 and my offer is 5,200 a month, enough for a highly skilled migrant visa?")
    check = next(s for s in older.statements if s.kind == "salary")
    assert check.data["required"] == 5942 and check.data["reaches"] is False


def test_questions_about_the_loket_are_answered_from_its_settings(answerer):
    answer = answerer.answer("Where is the loket and when is it open?")
    loket = next(s for s in answer.statements if s.kind == "loket")
    assert set(loket.data["aspects"]) == {"where", "when"} and not answer.handoff


def test_links_stay_links():
    segments = segments_of("Read the IND page for partners.", [("IND page for partners", "https://ind.nl/x")])
    assert [(s.text, s.href) for s in segments] == [("Read the ", None), ("IND page for partners", "https://ind.nl/x"), (".", None)]


def test_answer_lines_keep_the_guides_links(answerer):
    answer = answerer.answer("Can my partner work for any employer? IND page for partners")
    linked = [segment for line in answer.lines for segment in line.segments if segment.href]
    assert any(s.href.startswith("https://ind.nl/") for s in linked)


def test_a_yes_no_answer_is_short(answerer):
    answer = answerer.answer("Can my partner work for any employer?")
    assert len(answer.text) <= BUDGETS["yes_no"].chars + 200  # a second section may add one sentence


def test_a_follow_up_is_answered_in_the_context_of_the_question_before(answerer):
    answer = answerer.answer("en in Leeuwarden?", history=["Waar kan ik Nederlandse les volgen in Assen?"])
    assert "Leeuwarden" in answer.text and answer.lang == "nl"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("I have chest pain since this morning", "medical-urgent"),
        ("my landlord keeps my deposit and won't give it back", "rent"),
        ("what are the salary bands at Booking.com", "company-internal"),
    ],
)
def test_personal_cases_are_handed_over_with_their_referral(small_retriever, question, reason):
    # The small guide's scores are not the real guide's: let every cue count, as it does when the guide has no answer.
    limits = {c.name: 1.01 for c in handoff_rules().categories}
    answer = Answerer(small_retriever, threshold=0.0, handoff=handoff_rules().with_limits(limits)).answer(question)
    assert answer.handoff and answer.reason == reason and not answer.lines


def test_a_request_for_vacancies_is_a_vacancy_search(answerer):
    answer = answerer.answer("any python jobs in groningen without dutch?")
    assert any(s.kind == "jobs" for s in answer.statements) and not answer.handoff
