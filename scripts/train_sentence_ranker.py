"""Train the assistant's sentence ranker on the evaluation's dev split, for the default embedding model.

    .venv/bin/python scripts/train_sentence_ranker.py            # cross-validated figures only
    .venv/bin/python scripts/train_sentence_ranker.py --write    # and write the weights

Every sentence of the candidate sections of every answered part of a dev question is a row of
FEATURES (loket/retrieval/ranking.py); it is a positive when it contains one of the item's fact
strings, compared as the evaluation compares them. A logistic model is fitted with the L2
penalty that ranks best in 5-fold cross-validation by question; the figures printed are those
of held-out folds, beside the weights in the rule file now. Only dev items are read: the test
split stays for reporting.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's loket, not an installed one

from loket.config import load_settings  # noqa: E402
from loket.evaluation import harness, items  # noqa: E402
from loket.evaluation.matching import group_found  # noqa: E402
from loket.retrieval.chunks import LANGUAGES  # noqa: E402
from loket.retrieval.language import detect_language  # noqa: E402
from loket.retrieval.question import analyze  # noqa: E402
from loket.retrieval.ranking import RULES_FILE, SentenceRanker, fit, sentence_ranker  # noqa: E402

PENALTIES = (0.3, 1.0, 3.0, 10.0, 30.0)
FOLDS = 5
SEED = 8


def samples(answerer, dev):
    """Per candidate list of an answered part: (item index, feature matrix, labels)."""
    found = []
    for n, item in enumerate(dev):
        detected = detect_language(item.question)
        lang = detected if detected in LANGUAGES else "en"
        analysis = analyze(item.question, item.history, detected)
        statements = answerer.statements(analysis, lang)
        for part in analysis.parts:
            retrieval = answerer._retrieve(analysis, part, lang, "fused", 10, detected)
            if not answerer.composes(part, retrieval, statements):
                continue
            rows, matrix = answerer.candidates(retrieval, part)
            if not rows:
                continue
            hits = retrieval.hits
            labels = np.array([
                float(any(group_found(group, hits[h].chunk.sentences[i].text) for group in item.facts))
                for h, i in rows
            ])
            found.append((n, matrix, labels))
    return found


def ranking_figures(ranker: SentenceRanker, lists) -> dict[str, float]:
    """Share of lists with a positive whose best sentence is one, and whose best three hold one."""
    lists = [(m, y) for _, m, y in lists if y.any()]
    top1 = top3 = 0
    for matrix, labels in lists:
        order = np.argsort(-ranker.probabilities(matrix), kind="stable")
        top1 += labels[order[0]] > 0
        top3 += labels[order[:3]].any()
    return {"lists": len(lists), "top1": top1 / len(lists), "top3": top3 / len(lists)}


def cross_validated(lists, l2: float, folds: int = FOLDS) -> dict[str, float]:
    item_ids = sorted({n for n, _, _ in lists})
    random.Random(SEED).shuffle(item_ids)
    fold_of = {n: k % folds for k, n in enumerate(item_ids)}
    held_out = []
    for k in range(folds):
        train = [(m, y) for n, m, y in lists if fold_of[n] != k]
        model = fit(np.vstack([m for m, _ in train]), np.concatenate([y for _, y in train]), l2)
        held_out.extend((n, m, y, model) for n, m, y in lists if fold_of[n] == k)
    top1 = top3 = total = 0
    for _, matrix, labels, model in held_out:
        if not labels.any():
            continue
        order = np.argsort(-model.probabilities(matrix), kind="stable")
        total += 1
        top1 += labels[order[0]] > 0
        top3 += labels[order[:3]].any()
    return {"lists": total, "top1": top1 / total, "top3": top3 / total}


def write(ranker: SentenceRanker, model: str, path: Path = RULES_FILE) -> None:
    text = path.read_text(encoding="utf-8")
    header = re.match(r"((?:#.*\n)*)", text).group(1)  # type: ignore[union-attr]
    data = yaml.safe_load(text) or {}
    models = data.get("models") or {}
    models[model] = ranker.to_mapping()
    models["default"] = ranker.to_mapping()  # the fake embedder of the unit tests, and other models
    path.write_text(header + yaml.safe_dump({"models": models}, sort_keys=False, allow_unicode=True), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="Write the weights into the rule file.")
    args = parser.parse_args()
    instance = Path(load_settings()["LOKET_INSTANCE_PATH"]) / "eval"
    runner = harness.Harness(harness.make_app(instance), instance / "query-vectors.npz")
    answerer = runner.assistant.answerer
    model = runner.assistant.embedder.name
    dev = [i for i in items.select(items.load_items(items.DEFAULT_DIR), "dev") if i.kind == "answer" and i.facts]
    lists = samples(answerer, dev)
    if runner.cache is not None:
        runner.cache.save()
    rows = sum(len(y) for _, _, y in lists)
    print(f"dev items: {len(dev)}; candidate lists: {len(lists)}; sentences: {rows}; model: {model}")
    now = ranking_figures(sentence_ranker(model), lists)
    print(f"weights in the rule file now: best sentence holds a fact {now['top1']:.1%}, one of the best three {now['top3']:.1%}"
          f" ({now['lists']} lists with a fact among their candidates)")
    results = {l2: cross_validated(lists, l2) for l2 in PENALTIES}
    for l2, figures in results.items():
        print(f"L2 {l2:>5}: held out, best sentence {figures['top1']:.1%}, best three {figures['top3']:.1%}")
    best = max(PENALTIES, key=lambda l2: (results[l2]["top1"] + results[l2]["top3"], -l2))
    ranker = fit(np.vstack([m for _, m, _ in lists]), np.concatenate([y for _, _, y in lists]), best)
    print(f"chosen L2 {best}; weights:", ranker.to_mapping())
    if args.write:
        write(ranker, model)
        print("written to", RULES_FILE.relative_to(ROOT))


if __name__ == "__main__":
    main()
