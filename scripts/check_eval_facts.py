"""Which evaluation items' facts the guide states: per file and split, the share of answer items whose
every fact group occurs in the text of one of their `pages` (in the answer language).

`.venv/bin/python scripts/check_eval_facts.py [--list-dev]` — run it after editing the guide: an item
that stops matching means the wording moved (align the item's alternatives) or a fact was lost.
Only dev items are ever listed; test items are counted, never shown.
"""
from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loket.content import get_content  # noqa: E402
from loket.evaluation.harness import placeholders  # noqa: E402
from loket.evaluation.items import load_items  # noqa: E402
from loket.evaluation.matching import missing  # noqa: E402
from loket.retrieval.chunks import markdown_to_text  # noqa: E402


def main() -> int:
    content = get_content()
    values = {lang: placeholders(lang, date.today()) for lang in ("en", "nl")}
    totals: Counter = Counter()
    stated: Counter = Counter()
    listed = []
    for item in load_items():
        if item.kind != "answer":
            continue
        key = (item.file, item.split)
        totals[key] += 1
        texts = []
        for page_id in item.pages:
            page = content.get(item.lang, page_id)
            if page is not None:
                texts.append(page.title + "\n" + "\n".join(markdown_to_text(s.text) for s in page.sections))
        ok = any(not missing(item.facts, text, values[item.lang]) for text in texts) or (
            all("{loket." in alt for group in item.facts for alt in group))
        stated[key] += ok
        if not ok and item.split == "dev":
            listed.append(f"{item.id} ({item.file}): pages {list(item.pages)}")
    for key in sorted(totals):
        print(f"{key[0]:24} {key[1]:5} {stated[key]:4}/{totals[key]:<4} {stated[key] / totals[key]:.0%}")
    if "--list-dev" in sys.argv:
        print("\n".join(listed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
