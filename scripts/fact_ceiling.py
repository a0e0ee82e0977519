"""Where do the asked facts sit? A ceiling for sentence choice, on the evaluation's dev split.

    .venv/bin/python scripts/fact_ceiling.py [--split dev]

For every answerable item: is the answer right, and do all its facts occur somewhere in the
candidate sections the answerer chooses from (the first `Selection.sections` hits of each
part), on the best-ranked page, in the three best pages, in the pages the item names? An item
whose facts are in its candidates but not in its answer is one the sentence choice lost; one
whose facts are nowhere in the guide's text needs content or a computed statement instead.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's loket, not an installed one

from loket.config import load_settings  # noqa: E402
from loket.evaluation import harness, items, report  # noqa: E402
from loket.evaluation.matching import missing  # noqa: E402
from loket.retrieval.chunks import LANGUAGES  # noqa: E402
from loket.retrieval.language import detect_language  # noqa: E402
from loket.retrieval.question import analyze  # noqa: E402

PLACES = ("the candidate sections", "the best page", "the three best pages", "the item's pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=items.SPLITS, default="dev")
    args = parser.parse_args()
    instance = Path(load_settings()["LOKET_INSTANCE_PATH"]) / "eval"
    runner = harness.Harness(harness.make_app(instance), instance / "query-vectors.npz")
    answerer = runner.assistant.answerer
    chunks = runner.retriever.table.chunks
    judge = report.Judge(runner.vacancy_rows())
    chosen = [i for i in items.select(items.load_items(items.DEFAULT_DIR), args.split) if i.kind == "answer"]
    outcomes = runner.run(chosen, ("assistant",))["assistant"]
    found: Counter[str] = Counter()
    lost = 0
    for item, outcome in zip(chosen, outcomes, strict=True):
        values = harness.placeholders(item.lang, date.today())

        def holds(texts) -> bool:
            return not missing(item.facts, "\n".join(texts), values)  # noqa: B023

        detected = detect_language(item.question)
        lang = detected if detected in LANGUAGES else "en"
        analysis = analyze(item.question, item.history, detected)
        candidates, pages = [], []
        for part in analysis.parts:
            retrieval = answerer._retrieve(analysis, part, lang, "fused", 10, detected)
            candidates += [h.chunk.text for h in retrieval.hits[: answerer.selection.sections]]
            pages += [h.chunk.page_id for h in retrieval.hits]
        pages = list(dict.fromkeys(pages))
        where = {
            "the candidate sections": holds(candidates),
            "the best page": holds(c.text for c in chunks if pages and c.page_id == pages[0] and c.lang == lang),
            "the three best pages": holds(c.text for c in chunks if c.page_id in pages[:3] and c.lang == lang),
            "the item's pages": holds(c.text for c in chunks if c.page_id in item.pages and c.lang == item.lang),
        }
        found.update(name for name, yes in where.items() if yes)
        lost += where["the candidate sections"] and not judge.answer_correct(outcome)
    if runner.cache is not None:
        runner.cache.save()
    total = len(chosen)
    right = sum(judge.answer_correct(o) for o in outcomes)
    print(f"{args.split} split, {total} answerable items; answered right: {right / total:.1%}")
    for name in PLACES:
        print(f"all facts in {name}: {found[name] / total:.1%}")
    print(f"facts in the candidate sections but not in the answer: {lost / total:.1%}")


if __name__ == "__main__":
    main()
