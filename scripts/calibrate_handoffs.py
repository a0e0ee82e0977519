"""Calibrate the hand-off rules on the evaluation's dev split, for the default embedding model.

    .venv/bin/python scripts/calibrate_handoffs.py            # print the limits and margins
    .venv/bin/python scripts/calibrate_handoffs.py --write    # and write them into the rule files

`max_confidence` per cue category (loket/retrieval/rules/handoff.yaml): the retrieval confidence
below which a category's cue hands over (`handoff.calibrate`, at most 5% of the cued questions
that must be answered). Margins per category for the model's examples
(rules/handoff_examples.yaml, `handoff.calibrate_margins`: each category may hand over at most
0.2% of the questions that must be answered, since ten categories add up). Only dev items are read: the test split stays for reporting.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's loket, not an installed one

from loket.config import load_settings  # noqa: E402
from loket.evaluation import harness, items  # noqa: E402
from loket.retrieval.handoff import EXAMPLES_FILE, RULES_FILE, calibrate, calibrate_margins, handoff_rules  # noqa: E402
from loket.retrieval.language import detect_language  # noqa: E402
from loket.retrieval.question import analyze  # noqa: E402


def samples(runner, dev):
    """(question, confidence, must hand over) and (example excess, referral or None) per dev item."""
    answerer = runner.assistant.answerer
    by_confidence, by_examples = [], []
    for item in dev:
        detected = detect_language(item.question)
        analysis = analyze(item.question, item.history, detected)
        lang = detected if detected in ("en", "nl") else "en"
        retrieval = answerer._retrieve(analysis, analysis.parts[0], lang, "fused", 10, detected)
        handoff = item.kind == "handoff"
        by_confidence.append((analysis.search_text, retrieval.confidence, handoff))
        cosine = retrieval.features.get("cosine")
        if retrieval.query_vector is not None and cosine is not None:
            by_examples.append((answerer.examples().excess(retrieval.query_vector, cosine), item.referral if handoff else None))
    return by_confidence, by_examples


def write(limits: dict[str, float], margins: dict[str, float], model: str) -> None:
    text = RULES_FILE.read_text(encoding="utf-8")
    for category, limit in limits.items():
        text = re.sub(rf"(\n  {re.escape(category)}:\n    max_confidence: )[\d.]+", rf"\g<1>{limit:.2f}", text)
    RULES_FILE.write_text(text, encoding="utf-8")
    text = EXAMPLES_FILE.read_text(encoding="utf-8")
    block = f"  {model}:\n" + "".join(f"    {c}: {m:.3f}\n" for c, m in margins.items())
    text = re.sub(rf"  {re.escape(model)}:\n(    [\w-]+: -?[\d.]+\n)+", block, text)
    EXAMPLES_FILE.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="Write the values into the rule files.")
    parser.add_argument("--max-false", type=float, default=0.05,
                        help="Share of the cued questions that must be answered a cue may hand over (default 0.05).")
    parser.add_argument("--max-false-examples", type=float, default=0.002,
                        help="Share of all questions that must be answered each category's examples may hand over "
                             "(default 0.002: ten categories add up).")
    parser.add_argument("--safety", type=float, default=0.003,
                        help="Added to every margin, so a question just as near as the dev split's nearest "
                             "one that must be answered is not handed over (default 0.003).")
    args = parser.parse_args()
    instance = Path(load_settings()["LOKET_INSTANCE_PATH"]) / "eval"
    runner = harness.Harness(harness.make_app(instance), instance / "query-vectors.npz")
    dev = [i for i in items.select(items.load_items(items.DEFAULT_DIR), "dev") if i.kind in ("answer", "handoff")]
    by_confidence, by_examples = samples(runner, dev)
    limits = {name: round(value, 2) for name, value in calibrate(by_confidence, handoff_rules(), args.max_false).items()}
    margins = {c: round(m + args.safety, 3) for c, m in calibrate_margins(by_examples, args.max_false_examples).items()}
    order = [c.name for c in handoff_rules().categories]
    margins = {c: margins[c] for c in sorted(margins, key=lambda c: order.index(c) if c in order else len(order))}
    model = runner.assistant.embedder.name
    print(f"dev items: {len(dev)}; model: {model}")
    print("max_confidence:", limits)
    print("margins:", margins)
    if args.write:
        write(limits, margins, model)
        print("written to", RULES_FILE.relative_to(ROOT), "and", EXAMPLES_FILE.relative_to(ROOT))


if __name__ == "__main__":
    main()
