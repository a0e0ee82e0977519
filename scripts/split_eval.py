"""Give every evaluation item without a split its dev/test split, once, with the fixed seed.

Run after adding questions to eval/questions/: `.venv/bin/python scripts/split_eval.py`.
Items that already have a split keep it, so earlier reports stay comparable. The files are
rewritten in a normalised YAML layout (one item per block, keys in their written order).
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loket.evaluation.items import DEFAULT_DIR, assign_splits, load_items  # noqa: E402


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    items = load_items(folder, require_split=False)
    splits = assign_splits(items)
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        changed = False
        for entry in data:
            if not entry.get("split") and entry["id"] in splits:
                entry["split"] = splits[entry["id"]]
                changed = True
        if changed:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=140), encoding="utf-8")
    counts: dict[tuple[str, str, str], int] = {}
    for item in load_items(folder):
        key = (item.split, item.language_group, item.kind)
        counts[key] = counts.get(key, 0) + 1
    for key in sorted(counts):
        print(*key, counts[key])
    print(f"{len(splits)} item(s) given a split")
    return 0


if __name__ == "__main__":
    sys.exit(main())
