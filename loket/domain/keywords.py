"""Keyword search across English and Dutch: each keyword with the terms that mean the same.

"ontwikkelaar" and "developer", "systeembeheerder" and "system administrator" find the same
vacancies. The equivalents come from three kinds of data, joined into groups:

- the job titles of `keyword_synonyms.yaml` (beside this module), with the Dutch compounds a
  prefix search misses ("webontwikkelaar" for "ontwikkelaar");
- the glossary's English/Dutch pairs (content/glossary.yaml);
- the English and Dutch label of each occupation (`vacancies.OCCUPATIONS`).

Plain Python: the storage layer turns the `Keyword`s into FTS5 or tsquery expressions.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .vacancies import OCCUPATIONS

SYNONYMS_FILE = Path(__file__).parent / "keyword_synonyms.yaml"
GLOSSARY_FILE = Path(__file__).resolve().parents[2] / "content" / "glossary.yaml"

#: Words shorter than this match whole ("qa", "ux"); longer ones as a prefix ("developer" → "developers").
PREFIX_MIN = 3
#: At most this many equivalents per keyword, so a query stays small whatever the data says.
MAX_EQUIVALENTS = 40

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Keyword:
    """One keyword of a search: what the visitor typed, and the phrases of its group.

    A keyword the lexicon does not know matches a vacancy when its word occurs (as a prefix,
    anywhere: the search as it always was). A known one matches when any phrase of its group
    occurs, its words in order and adjacent; the typed form is one of them, so "ontwikkelaar"
    and "developer" (one group) are the same keyword and find the same vacancies.
    """

    typed: Phrase
    phrases: tuple[Phrase, ...] = ()


def words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits, as the search splits a query ("Java-ontwikkelaar" → java, ontwikkelaar)."""
    return [w.lower() for w in re.findall(r"\w+", text)]


def fold(word: str) -> str:
    """Lower case without accents: how keys are compared ("Fryslân" → "fryslan")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()


def singular(word: str) -> str:
    """The word without a plural "s" ("developers", "systeembeheerders"), so a prefix finds both forms."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _key(phrase: Iterable[str]) -> Phrase:
    return tuple(singular(fold(w)) for w in phrase)


def _search_phrase(term: str) -> Phrase:
    """A term as the words to search for: parentheses dropped, each word lower case and singular."""
    return tuple(singular(w) for w in words(re.sub(r"\([^)]*\)", " ", term)))


class Lexicon:
    """Groups of equivalent phrases, looked up by the (folded, singular) words a visitor types."""

    def __init__(self, groups: Iterable[Sequence[str]] = (), compounds: Mapping[str, Sequence[str]] | None = None):
        parent: dict[Phrase, Phrase] = {}
        surface: dict[Phrase, Phrase] = {}

        def find(key: Phrase) -> Phrase:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for group in groups:
            phrases = [p for p in (_search_phrase(term) for term in group) if p]
            for phrase in phrases:
                key = _key(phrase)
                parent.setdefault(key, key)
                surface.setdefault(key, phrase)
            for phrase in phrases[1:]:
                a, b = find(_key(phrases[0])), find(_key(phrase))
                if a != b:
                    parent[b] = a
        members: dict[Phrase, list[Phrase]] = {}
        for key in parent:
            members.setdefault(find(key), []).append(surface[key])
        extra: dict[Phrase, list[Phrase]] = {}
        for word, terms in (compounds or {}).items():
            key = _key(_search_phrase(word))
            if key in parent:
                extra.setdefault(find(key), []).extend(p for p in (_search_phrase(t) for t in terms) if p)
        self._groups: dict[Phrase, tuple[Phrase, ...]] = {}
        for key in parent:
            root = find(key)
            phrases = members[root] + extra.get(root, [])
            self._groups[key] = tuple(dict.fromkeys(phrases))[:MAX_EQUIVALENTS]
        self.longest = max((len(k) for k in self._groups), default=1)

    def group(self, term: str) -> tuple[Phrase, ...]:
        """The phrases equivalent to `term` (itself included); empty when the lexicon does not know it."""
        return self._groups.get(_key(words(term)), ())

    def groups(self) -> list[tuple[Phrase, ...]]:
        return list(dict.fromkeys(self._groups.values()))

    def expand(self, terms: Sequence[str]) -> list[Keyword]:
        """The keywords of a query's terms: the longest known phrase at each place, with its equivalents.

        "senior system administrator" → senior, and the group of system administrator
        (systeembeheerder, sysadmin, …); words the lexicon does not know stay keywords of their
        own, as before.
        """
        keys = [_key([t])[0] for t in terms]
        keywords: list[Keyword] = []
        i = 0
        while i < len(terms):
            length, group = 1, ()
            for n in range(min(self.longest, len(terms) - i), 0, -1):
                found = self._groups.get(tuple(keys[i:i + n]))
                if found:
                    length, group = n, found
                    break
            keywords.append(Keyword(tuple(terms[i:i + length]), group))
            i += length
        return keywords


def glossary_pairs(path: Path = GLOSSARY_FILE) -> list[tuple[str, str]]:
    """(nl, en) of every glossary entry; none when the file is missing or unreadable (the content
    checker reports that; the search then works without the glossary)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    if not isinstance(data, list):
        return []
    return [
        (entry["nl"], entry["en"])
        for entry in data
        if isinstance(entry, dict) and isinstance(entry.get("nl"), str) and isinstance(entry.get("en"), str)
    ]


def occupation_pairs() -> list[tuple[str, str]]:
    return [(o.en, o.nl) for o in OCCUPATIONS.values()]


def build_lexicon(synonyms_file: Path = SYNONYMS_FILE, glossary_file: Path = GLOSSARY_FILE) -> Lexicon:
    data = yaml.safe_load(synonyms_file.read_text(encoding="utf-8")) or {}
    groups: list[Sequence[str]] = [list(g) for g in data.get("groups") or []]
    groups += glossary_pairs(glossary_file)
    groups += occupation_pairs()
    return Lexicon(groups, data.get("compounds") or {})


@functools.cache
def default_lexicon() -> Lexicon:
    """The lexicon of the shipped data, read once per process."""
    return build_lexicon()
