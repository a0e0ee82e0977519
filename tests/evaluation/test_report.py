"""Judging outcomes: what counts as a right answer, hand-off, referral and vacancy fit."""
from __future__ import annotations

from datetime import date

from loket.evaluation.harness import Outcome, vacancy_fits
from loket.evaluation.items import VacancyMatch, parse_item
from loket.evaluation.report import Judge, score

TODAY = date(2026, 12, 1)  # a Tuesday; 2026 opening days are Tuesday to Thursday
ROWS = {
    1: {"text": "python developer django", "title": "python developer", "province": "groningen", "city": "Groningen",
        "remote": "hybrid", "dutch_required": False, "visa_sponsorship": True, "contract": "permanent", "seniority": "medior"},
    2: {"text": "python developer", "title": "python developer", "province": "groningen", "city": "Groningen",
        "remote": "onsite", "dutch_required": True, "visa_sponsorship": False, "contract": "permanent", "seniority": "medior"},
}


def answer_item(**fields):
    return parse_item({"id": "a", "q": "q", "lang": "en", "kind": "answer", "facts": [["4,357"]], "split": "dev", **fields}, "f")


def outcome(item, answer, handoff=False, language="en", sources=({"id": "p"},), vacancies=()):
    return Outcome(item, "assistant", answer, handoff, language, list(sources), [{"id": v} for v in vacancies])


def test_a_right_answer_has_the_fact_the_language_and_a_source():
    judge = Judge(ROWS, TODAY)
    item = answer_item()
    assert judge.answer_correct(outcome(item, "It is €4,357 a month."))
    assert not judge.answer_correct(outcome(item, "It is €4,357 a month.", sources=()))
    assert not judge.answer_correct(outcome(item, "It is €4,357 a month.", language="nl"))
    assert not judge.answer_correct(outcome(item, "It is €4,357.", handoff=True))
    assert not judge.answer_correct(outcome(item, "It depends on your age."))


def test_a_referral_names_the_right_place_and_how_to_reach_the_loket():
    judge = Judge(ROWS, TODAY)
    item = parse_item({"id": "h", "q": "chest pain", "lang": "en", "kind": "handoff", "referral": "medical-urgent", "split": "dev"}, "f")
    full = "Call 112. Or the huisartsenpost. The loket is open on Tuesday, Wednesday and Thursday. Address: Gedempte Zuiderdiep 22."
    assert judge.referral_ok(outcome(item, full, handoff=True))
    assert not judge.referral_ok(outcome(item, full.replace("112", "your doctor"), handoff=True))
    assert not judge.referral_ok(outcome(item, "Call 112 or the huisartsenpost.", handoff=True))


def test_vacancy_fit_needs_every_suggestion_to_match():
    judge = Judge(ROWS, TODAY)
    match = VacancyMatch(skills=("python",), english_only=True)
    assert vacancy_fits(ROWS[1], match) and not vacancy_fits(ROWS[2], match)
    item = parse_item({"id": "j", "q": "python jobs without dutch", "lang": "en", "kind": "jobs", "split": "dev",
                       "match": {"skills": ["python"], "english_only": True}}, "f")
    assert judge.job_fit(outcome(item, "", vacancies=[1]))
    assert not judge.job_fit(outcome(item, "", vacancies=[1, 2]))
    assert not judge.job_fit(outcome(item, "", vacancies=[]))  # a fitting vacancy exists: show it


def test_scores_count_hand_offs_and_false_hand_offs():
    judge = Judge(ROWS, TODAY)
    handoff = parse_item({"id": "h", "q": "x", "lang": "en", "kind": "handoff", "referral": "chit-chat", "split": "dev"}, "f")
    scores = score([outcome(answer_item(), "", handoff=True), outcome(handoff, "", handoff=True)], judge)["all"].figures()
    assert scores["hand-off precision"] == 0.5 and scores["hand-off recall"] == 1.0 and scores["false hand-offs"] == 1.0


def test_a_translated_hand_off_keeps_the_dutch_names_and_the_days_in_its_language():
    judge = Judge(ROWS, TODAY)
    item = parse_item({"id": "p", "q": "ból w klatce piersiowej", "asked_in": "pl", "lang": "en", "kind": "handoff",
                       "referral": "medical-urgent", "split": "dev"}, "f")
    polish = ("Zadzwoń pod 112 albo do huisartsenpost. Punkt jest otwarty w dni: wtorek, środa i czwartek. "
              "Adres: Gedempte Zuiderdiep 22.")
    assert judge.referral_ok(outcome(item, polish, handoff=True))
    assert not judge.referral_ok(outcome(item, polish.replace("112", "lekarz"), handoff=True))
    abroad = parse_item({"id": "q", "q": "wiza do Niemiec", "asked_in": "pl", "lang": "en", "kind": "handoff",
                         "referral": "other-country", "split": "dev"}, "f")
    text = "Przewodnik opisuje tylko Holandię. Punkt jest otwarty w dni: wtorek, środa i czwartek. Adres: Gedempte Zuiderdiep 22."
    right = outcome(abroad, text, handoff=True)
    right.reason = "other-country"
    wrong = outcome(abroad, text, handoff=True)
    wrong.reason = "low-confidence"
    assert judge.referral_ok(right) and not judge.referral_ok(wrong)


def test_sources_count_in_the_answer_language_only_when_every_source_is():
    judge = Judge(ROWS, TODAY)
    item = answer_item(lang="nl")
    outcomes = [
        outcome(item, "€ 4.357", language="nl", sources=[{"id": "p", "lang": "nl"}]),
        outcome(item, "€ 4.357", language="nl", sources=[{"id": "p", "lang": "nl"}, {"id": "q", "lang": "en"}]),
        outcome(item, "", handoff=True, language="nl", sources=()),  # not answered: not counted
    ]
    figures = score(outcomes, judge)["all"].figures()
    assert figures["sources in the answer language"] == 0.5
