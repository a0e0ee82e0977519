"""Does an answer text contain a fact? Compared the way a reader would, not character by character.

Both sides are folded: lower case, accents removed, typographic quotes and dashes made plain,
whitespace collapsed, thousands separators dropped ("5,942", "5.942" and "5 942" are "5942"),
"€ 5942" is "€5942". A fact group matches when any alternative occurs as a whole-word substring.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

_THOUSANDS = re.compile(r"(?<=\d)[.,\u00a0\u202f ](?=\d{3}(?!\d))")
_SPACES = re.compile(r"\s+")
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def fold(text: str) -> str:
    """The comparable form of a text (see the module docstring)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN).lower())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    previous = None
    while previous != text:  # 1.234.567 needs two passes
        previous, text = text, _THOUSANDS.sub("", text)
    text = re.sub(r"€\s+", "€", text)
    return _SPACES.sub(" ", text).strip()


def _occurs(needle: str, haystack: str) -> bool:
    if not needle:
        return False
    # Whole words at the edges that are word characters: "12" must not match in "120". Arabic
    # writes "and" as a prefix: "والأربعاء" is "and Wednesday", so a word may follow a lone و.
    left = r"(?:(?<!\w)|(?<=(?<!\w)\u0648))" if needle[0].isalnum() else ""
    right = r"(?!\w)" if needle[-1].isalnum() else ""
    return re.search(left + re.escape(needle) + right, haystack) is not None


def expand(alternative: str, placeholders: Mapping[str, Sequence[str]]) -> list[str]:
    """An alternative with `{name}` placeholders replaced: each placeholder's values must all occur."""
    names = re.findall(r"\{([a-z_.]+)\}", alternative)
    if not names:
        return [alternative]
    parts: list[str] = []
    for name in names:
        parts.extend(placeholders.get(name, [f"<no value for {name}>"]))
    rest = re.sub(r"\{[a-z_.]+\}", " ", alternative).strip()
    return parts + ([rest] if rest else [])


def group_found(group: Sequence[str], text: str, placeholders: Mapping[str, Sequence[str]] | None = None) -> bool:
    """True when one alternative of `group` (all its parts, for placeholders) occurs in `text`."""
    haystack = fold(text)
    for alternative in group:
        needles = [fold(part) for part in expand(alternative, placeholders or {})]
        if needles and all(_occurs(n, haystack) for n in needles):
            return True
    return False


def missing(facts: Sequence[Sequence[str]], text: str, placeholders: Mapping[str, Sequence[str]] | None = None) -> list[int]:
    """Indexes of the fact groups that `text` does not contain."""
    return [n for n, group in enumerate(facts) if not group_found(group, text, placeholders)]
