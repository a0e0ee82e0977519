from __future__ import annotations

from pathlib import Path

import pytest

from loket.retrieval import Answerer
from loket.retrieval.evaluation import (
    DEFAULT_QUESTIONS,
    EvalQuestion,
    Outcome,
    calibrate,
    evaluate,
    format_table,
    load_questions,
    metrics,
)

REPO = Path(__file__).resolve().parents[2]


def test_eval_set_is_big_varied_and_names_real_pages():
    questions = load_questions()
    assert DEFAULT_QUESTIONS == Path(__file__).with_name("eval_questions.yaml")
    english = [q for q in questions if q.in_scope and q.lang == "en"]
    dutch = [q for q in questions if q.in_scope and q.lang == "nl"]
    outside = [q for q in questions if not q.in_scope]
    assert len(questions) >= 100 and len(english) >= 45 and len(dutch) >= 40 and len(outside) >= 15
    page_ids = {p.stem for p in (REPO / "content" / "en").glob("*.md")}
    unknown = {page for q in questions for page in q.expected} - page_ids
    assert not unknown, f"expected page ids that are not in content/en: {sorted(unknown)}"
    assert len({q.question for q in questions}) == len(questions), "no duplicate questions"


def test_load_rejects_bad_items(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text("- {question: 'x', lang: de, expected: []}\n")
    with pytest.raises(ValueError, match="lang"):
        load_questions(path)


def _outcome(question, pages, confidence, lang="en", expected_lang="en", forced=False):
    return Outcome(EvalQuestion(question, expected_lang, tuple(question.split("|")[1:])), pages, lang, confidence, forced)


def test_metrics_and_calibration():
    outcomes = [
        _outcome("q1|a", ("a", "b"), 0.9),
        _outcome("q2|b", ("a", "b"), 0.8),
        _outcome("q3|c", ("x",), 0.3),
        _outcome("q4|d", ("d",), 0.7),
        _outcome("out1", ("a",), 0.2),
        _outcome("out2", ("a",), 0.6),
        _outcome("out3", ("a",), 0.9, forced=True),
    ]
    m = metrics(outcomes, threshold=0.5)
    assert m.recall_at_1 == 0.5 and m.recall_at_5 == 0.75
    assert m.mrr == pytest.approx((1 + 0.5 + 1) / 4)
    assert m.abstain_recall == pytest.approx(2 / 3) and m.abstain_precision == pytest.approx(2 / 3)
    assert m.answer_rate == 0.75
    # Answering every in-scope question forces a threshold at or below the lowest in-scope confidence.
    assert calibrate(outcomes, min_answer_rate=1.0) <= 0.3
    relaxed = calibrate(outcomes, min_answer_rate=0.75)
    # Halfway between the confidences of out2 (0.6) and q4 (0.7): all out-of-scope abstain.
    assert relaxed == pytest.approx(0.65) and metrics(outcomes, relaxed).abstain_recall == 1.0


def test_evaluate_runs_every_mode_on_the_fake(small_retriever):
    questions = [
        EvalQuestion("highly skilled migrant salary", "en", ("highly-skilled-migrant",)),
        EvalQuestion("Nederlandse les in Groningen", "nl", ("dutch-lessons-groningen",)),
        EvalQuestion("Write a poem about cats", "en", ()),
    ]
    results = evaluate(Answerer(small_retriever), questions)
    assert set(results) == {"fused", "bm25", "dense"}
    assert results["fused"].recall_at_5 == 1.0 and results["fused"].abstain_recall == 1.0
    assert results["fused"].language_accuracy == 1.0
    assert "| recall@5 |" in format_table(results)
