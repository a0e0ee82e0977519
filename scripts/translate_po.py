"""Fill in Dutch translations from a YAML mapping (msgid: msgstr) without reformatting the catalogue.

`.venv/bin/python scripts/translate_po.py translations.yaml` — writes only entries that have no
translation yet, in the layout of `make extract-messages` (no line wrapping).
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parents[1] / "loket" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"


def main(mapping_file: str, catalogue: Path = CATALOGUE) -> int:
    mapping = yaml.safe_load(Path(mapping_file).read_text(encoding="utf-8")) or {}
    with catalogue.open("rb") as handle:
        messages = read_po(handle, locale="nl")
    filled = 0
    for message in messages:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in mapping and not (message.string if isinstance(message.string, str) else all(message.string)):
            value = mapping[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            filled += 1
    with catalogue.open("wb") as handle:
        write_po(handle, messages, width=0, no_location=True, sort_output=True)
    print(f"{filled} translation(s) filled in {catalogue}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
