"""BM25 per language with Snowball stemming, glossary expansion and a small spelling repair.

Questions come in English, Dutch or a mix of both ("Hoe werkt de 30% ruling?"), so the
stopword list is the union of both languages' lists, and a question is searched in the
English and the Dutch index alike, each with its own stemmer.
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
import yaml
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN_PLUS

from loket.domain.content import GlossaryEntry

from .chunks import Chunk

STEMMER_NAMES = {"en": "english", "nl": "dutch"}

# Question words and fillers the generic lists miss; they say nothing about the topic.
_EXTRA_STOPWORDS = {
    # English
    "can", "could", "would", "should", "may", "might", "must", "need", "want", "please", "hi", "hello",
    "thanks", "thank", "tell", "know", "get", "got", "does", "do", "did", "what", "how", "where", "when",
    "which", "who", "why", "i'm", "im", "much", "many", "there", "also", "any", "some",
    # Dutch
    "jij", "jou", "jouw", "jullie", "wij", "we", "mag", "mogen", "kun", "kunt", "kunnen", "moeten", "wil",
    "wilt", "willen", "waar", "wanneer", "welke", "welk", "waarom", "hoeveel", "graag", "hallo", "hoi",
    "dank", "bedankt", "iets", "eigenlijk", "even", "ergens", "daar", "hier", "nou", "wel", "zo", "'t",
}
STOPWORDS = frozenset(STOPWORDS_EN_PLUS) | frozenset(STOPWORDS_DUTCH) | frozenset(_EXTRA_STOPWORDS)

# Words, with a trailing % kept so that "30%" is its own term.
_TOKEN = re.compile(r"[^\W_]+%?", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents: 'Fryslân' and 'fryslan' are the same word to a searcher."""
    if text.isascii():  # nothing to decompose (most vacancy texts): the same result, far faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_PERCENT = re.compile(r"(\d)\s*(?:%|percent\b|procent\b|pct\b)")


def tokenize(text: str) -> list[str]:
    """Folded word tokens, in order; "30 percent" and "30 %" become "30%"."""
    return _TOKEN.findall(_PERCENT.sub(r"\1%", fold(text)))


class Analyzer:
    """Tokenize, drop stopwords (both languages), stem with the language's Snowball stemmer."""

    def __init__(self, lang: str):
        self.lang = lang
        self._algorithm = STEMMER_NAMES[lang]
        self._local = threading.local()  # PyStemmer objects must not be shared between threads

    def _stemmer(self) -> Stemmer.Stemmer:
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = Stemmer.Stemmer(self._algorithm)
        return stemmer

    def stem(self, tokens: Sequence[str]) -> list[str]:
        return self._stemmer().stemWords(list(tokens))

    def terms(self, tokens: Sequence[str]) -> list[str]:
        """Stems of the tokens that are not stopwords, in order."""
        return self.stem([t for t in tokens if t not in STOPWORDS])

    def __call__(self, text: str) -> list[str]:
        return self.terms(tokenize(text))


ANALYZERS = {lang: Analyzer(lang) for lang in STEMMER_NAMES}


# --- Spelling repair ----------------------------------------------------------------------------


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class SpellRepair:
    """Maps an unknown question word to the most frequent content word one edit away.

    Only words of 4+ letters are repaired (short ones are too ambiguous); words of 8+ letters
    may be two edits away. Candidates come from a deletion neighbourhood (SymSpell style).
    """

    def __init__(self, words: Iterable[str]):
        self.frequency = Counter(w for w in words if w.isalpha())
        self._neighbours: dict[str, set[str]] = {}
        for word in self.frequency:
            if len(word) >= 3:
                for variant in _deletes(word) | {word}:
                    self._neighbours.setdefault(variant, set()).add(word)

    def repair(self, token: str) -> str | None:
        """A known word for an unknown one: its closest spelling, else its compound parts ("huur woning")."""
        if token in self.frequency or token in STOPWORDS or len(token) < 4 or not token.isalpha():
            return None
        return self._respell(token) or self._split(token)

    def _split(self, token: str) -> str | None:
        # Dutch writes compounds as one word ("huurwoning", "taalcursus"); the guide may
        # use the parts or another compound with them. Linking -s- and -e- are dropped.
        best: tuple[int, str] | None = None
        for i in range(3, len(token) - 2):
            head, tail = token[:i], token[i:]
            for head_form in (head, head[:-1] if head[-1:] in "se" and len(head) > 3 else None):
                if head_form and head_form in self.frequency and tail in self.frequency:
                    if head_form in STOPWORDS or tail in STOPWORDS:
                        continue
                    score = min(len(head_form), len(tail))
                    if best is None or score > best[0]:
                        best = (score, f"{head_form} {tail}")
        return best[1] if best else None

    def _respell(self, token: str) -> str | None:
        candidates: set[str] = set()
        for variant in _deletes(token) | {token}:
            candidates |= self._neighbours.get(variant, set())
        limit = 2 if len(token) >= 8 else 1
        scored = []
        for candidate in candidates:
            distance = osa_distance(token, candidate)
            if distance <= limit and candidate not in STOPWORDS:
                # Typos swap or replace letters more often than they drop or add one.
                scored.append((distance, abs(len(candidate) - len(token)), -self.frequency[candidate], candidate))
        return min(scored)[3] if scored else None


# --- Glossary expansion -------------------------------------------------------------------------


def _alternatives(term: str) -> list[str]:
    return [t.strip() for t in re.split(r"\s*(?:;|\||\s/\s)\s*", term) if t.strip()]


def _contains(sequence: Sequence[str], pattern: Sequence[str]) -> bool:
    n = len(pattern)
    return n > 0 and any(tuple(sequence[i:i + n]) == tuple(pattern) for i in range(len(sequence) - n + 1))


@dataclass(frozen=True)
class Expansion:
    """A question with what was added to it for the lexical (and dense) search."""

    question: str
    glossary_terms: tuple[str, ...] = ()  # counterparts added, e.g. "highly skilled migrant"
    repairs: tuple[tuple[str, str], ...] = ()  # (typed, repaired)
    synonyms: tuple[tuple[str, str], ...] = ()  # (typed everyday word, the guide's word)

    @property
    def text(self) -> str:
        extra = list(self.glossary_terms) + [repaired for _, repaired in self.repairs] + [w for _, w in self.synonyms]
        return " ".join([self.question, *extra]) if extra else self.question


SYNONYMS_FILE = Path(__file__).parent / "rules" / "synonyms.yaml"


@functools.cache
def synonyms(path: Path = SYNONYMS_FILE) -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    """(pattern, typed word, guide words) for every entry of rules/synonyms.yaml, both languages."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = []
    for lang in ("en", "nl"):
        for word, replacements in (data.get(lang) or {}).items():
            folded = fold(str(word))
            entries.append((re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)"), folded, tuple(map(str, replacements))))
    # "I'm Polish" / "ik ben Duits": the guide's pages are about EU citizens.
    for word in (data.get("nationalities") or {}).get("eu") or ():
        folded = fold(str(word))
        entries.append((re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)"), folded, ("EU citizen", "EU-burger")))
    return tuple(entries)


def synonyms_in(text: str) -> list[tuple[str, str]]:
    """(typed word, guide word) for the everyday words in `text` that the guide calls otherwise."""
    folded = fold(text)
    found: list[tuple[str, str]] = []
    for pattern, word, replacements in synonyms():
        if pattern.search(folded):
            found.extend((word, r) for r in replacements if fold(r) not in folded and (word, r) not in found)
    return found


class GlossaryExpander:
    """Finds glossary terms (either language, matched on stemmed token runs) in a question."""

    def __init__(self, entries: Iterable[GlossaryEntry]):
        self.entries: list[tuple[tuple[str, ...], tuple[str, ...], set[tuple[str, tuple[str, ...]]]]] = []
        for entry in entries:
            nl_terms, en_terms = tuple(_alternatives(entry.nl)), tuple(_alternatives(entry.en))
            patterns = {
                (lang, tuple(analyzer(term)))
                for term in nl_terms + en_terms
                for lang, analyzer in ANALYZERS.items()
            }
            patterns = {(lang, p) for lang, p in patterns if p}
            if patterns:
                self.entries.append((nl_terms, en_terms, patterns))

    def counterparts(self, text: str) -> list[str]:
        """Every term of each matched entry that the text does not already contain."""
        analyzed = {lang: analyzer(text) for lang, analyzer in ANALYZERS.items()}
        folded = fold(text)
        added: list[str] = []
        for nl_terms, en_terms, patterns in self.entries:
            if any(_contains(analyzed[lang], pattern) for lang, pattern in patterns):
                added.extend(t for t in nl_terms + en_terms if fold(t) not in folded and t not in added)
        return added


# --- BM25 ---------------------------------------------------------------------------------------


class LexicalIndex:
    """BM25 (bm25s, Lucene variant) over the chunks of one language."""

    def __init__(self, chunks: Sequence[Chunk], analyzer: Analyzer, *, k1: float = 1.2, b: float = 0.75):
        self.keys = [c.key for c in chunks]
        self.analyzer = analyzer
        self.bm25 = bm25s.BM25(k1=k1, b=b)
        corpus = [analyzer(c.lexical_text) or [""] for c in chunks]
        if corpus:
            self.bm25.index(corpus, show_progress=False)
        self.vocabulary = set(self.bm25.vocab_dict) if corpus else set()
        self.term_sets = {key: frozenset(terms) for key, terms in zip(self.keys, corpus, strict=True)}
        self.doc_freq = Counter(t for terms in self.term_sets.values() for t in terms)

    def idf(self, term: str) -> float:
        """BM25-style idf; a term no chunk contains gets the highest value."""
        n, df = len(self.keys), self.doc_freq.get(term, 0)
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        known = [t for t in terms if t in self.vocabulary and t]
        if not known or not self.keys:
            return np.zeros(len(self.keys), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)

    def search_terms(self, terms: Sequence[str], k: int) -> list[tuple[str, float]]:
        scores = self.scores(terms)
        if not len(scores):
            return []
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.keys[i], float(scores[i])) for i in order if scores[i] > 0]


class Lexical:
    """BM25 in both languages, sharing one glossary expansion and spelling repair."""

    def __init__(self, chunks: Sequence[Chunk], glossary: Iterable[GlossaryEntry] = ()):
        glossary = list(glossary)
        self.indexes = {
            lang: LexicalIndex([c for c in chunks if c.lang == lang], analyzer) for lang, analyzer in ANALYZERS.items()
        }
        self.glossary = GlossaryExpander(glossary)
        words: list[str] = []
        for chunk in chunks:
            words.extend(tokenize(chunk.lexical_text))
        for entry in glossary:
            words.extend(tokenize(f"{entry.nl} {entry.en}"))
        self.speller = SpellRepair(words)

    def expand(self, question: str) -> Expansion:
        """The question plus repaired typos and glossary counterparts (glossary seen after repair)."""
        repairs = []
        for token in dict.fromkeys(tokenize(question)):
            repaired = self.speller.repair(token)
            if repaired:
                repairs.append((token, repaired))
        repaired_text = " ".join([question, *(r for _, r in repairs)])
        return Expansion(question, tuple(self.glossary.counterparts(repaired_text)), tuple(repairs),
                         tuple(synonyms_in(repaired_text)))

    def question_terms(self, expansion: Expansion, lang: str) -> list[str]:
        """Stems of the question as asked, typos repaired, without glossary additions."""
        repaired = dict(expansion.repairs)
        # A one-word everyday term stands for the guide's word ("wife" for "partner").
        replaced = {typed: guide for typed, guide in expansion.synonyms if " " not in typed}
        tokens = [part for t in tokenize(expansion.question) for part in replaced.get(t, repaired.get(t, t)).split()]
        return ANALYZERS[lang].terms(tokens)

    def query_terms(self, expansion: Expansion, lang: str) -> list[str]:
        """Stems of the whole expanded query in `lang`'s analysis."""
        return ANALYZERS[lang](expansion.text)

    def coverage(self, expansion: Expansion, key: str, lang: str) -> float:
        """idf-weighted share of the question's terms (in `lang`'s analysis) found in chunk `key`."""
        index = self.indexes[lang]
        terms = set(self.question_terms(expansion, lang))
        if not terms or key not in index.term_sets:
            return 0.0
        found = index.term_sets[key]
        total = sum(index.idf(t) for t in terms)
        return sum(index.idf(t) for t in terms if t in found) / total if total else 0.0

    def search(self, query: str | Expansion, lang: str, k: int = 10) -> list[tuple[str, float]]:
        """Chunks of `lang` by BM25 score (> 0), best first; a str query is expanded first."""
        expansion = self.expand(query) if isinstance(query, str) else query
        index = self.indexes[lang]
        return index.search_terms(index.analyzer(expansion.text), k)
