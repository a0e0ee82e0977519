"""Vacancy suggestions for the assistant: dense and BM25 rankings of open vacancies, fused.

Pure: the caller supplies the vacancies (`VacancyDoc`) and their vectors; persistence and
freshness across worker processes are the services layer's job.

The index updates in place: `update(changed, removed)` puts in the new versions of changed
vacancies and takes out closed or deleted ones, so a worker need not rebuild 100,000 vacancies
when one changes. Every structure is per slot (a vacancy's place); a changed vacancy gets a new
slot and its old one is marked dead, and the index compacts itself when a quarter is dead.
The lexical part is an incremental BM25 (the same Lucene formula as bm25s: idf
log(1 + (N − df + 0.5)/(df + 0.5)), k1 1.5, b 0.75, with N, df and the average length of the live
vacancies), and the words a vacancy mentions are an inverted index too, so a search costs
array operations, not a loop over every vacancy. Ties are broken by vacancy id, so an updated
index ranks exactly as a full rebuild of the same vacancies does.
"""
from __future__ import annotations

import math
import re
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .fusion import reciprocal_rank_fusion
from .lexical import ANALYZERS, fold, tokenize

K1, B = 1.5, 0.75
_RUN = re.compile(r"[\w#+]+")  # what `_has` treats as one word: a term is bounded by anything else
_WORD = re.compile(r"[\w#+./-]+")


def _words_of(folded_text: str) -> set[str]:
    return {w.rstrip("./-") for w in _WORD.findall(folded_text)}


def _has(folded_text: str, term: str) -> bool:
    return re.search(rf"(?<![\w#+]){re.escape(term)}(?![\w#+])", folded_text) is not None


@dataclass(frozen=True)
class VacancyDoc:
    id: int
    text: str  # title, skills and description: what is embedded and indexed
    title: str
    province: str
    city: str
    dutch_required: bool
    visa_sponsorship: bool
    seniority: str
    remote: str
    closing_date: date
    contract: str = ""
    skills: tuple[str, ...] = ()


def vacancy_text(title: str, skills: Sequence[str], description: str, occupation_label: str = "") -> str:
    """The text a vacancy is embedded and indexed by (title first: it weighs most for the model)."""
    return f"{title}. {occupation_label}. {', '.join(skills)}. {description[:800]}"


def _terms(text: str) -> list[str]:
    # Vacancies and questions come in both languages: index both stems of every word.
    tokens = tokenize(text)
    return ANALYZERS["en"].terms(tokens) + ANALYZERS["nl"].terms(tokens)


class _Postings:
    """term → slots (and a count per slot). A bulk build makes one sorted numpy block per term;
    vacancies added later are appended to a small tail. Dead slots are skipped by the caller's
    mask and dropped at compaction."""

    def __init__(self) -> None:
        self.base: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.tail: dict[str, tuple[array, array]] = {}
        self.df: Counter[str] = Counter()  # live vacancies per term

    def bulk(self) -> _Bulk:
        """Add many vacancies to empty postings at once: sorting beats appending one by one."""
        return _Bulk(self)

    def take(self, ids: dict[str, int], slot_column: array, term_column: array, count_column: array) -> None:
        terms = np.frombuffer(term_column, dtype=np.int32) if term_column else np.zeros(0, dtype=np.int32)
        order = np.argsort(terms, kind="stable")
        slots = (np.frombuffer(slot_column, dtype=np.int32) if slot_column else np.zeros(0, dtype=np.int32))[order]
        tallies = (np.frombuffer(count_column, dtype=np.float32) if count_column else np.zeros(0, dtype=np.float32))[order]
        bounds = np.searchsorted(terms[order], np.arange(len(ids) + 1)).tolist()
        for number, term in enumerate(ids):
            low, high = bounds[number], bounds[number + 1]
            self.base[term] = (slots[low:high], tallies[low:high])
            self.df[term] += high - low

    def add(self, slot: int, counts: dict[str, int]) -> None:
        tail = self.tail
        for term, n in counts.items():
            found = tail.get(term)
            if found is None:
                found = tail[term] = (array("i"), array("f"))
            found[0].append(slot)
            found[1].append(n)
        self.df.update(counts.keys())

    def forget(self, counts: Iterable[str]) -> None:
        for term in counts:
            self.df[term] -= 1
            if not self.df[term]:
                del self.df[term]
                self.base.pop(term, None)
                self.tail.pop(term, None)

    def get(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        base = self.base.get(term)
        tail = self.tail.get(term)
        if tail is None:
            return base if base is not None else (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
        # Copies of the tail: a view would stop its arrays from growing while it lives.
        slots, counts = np.array(tail[0], dtype=np.int32), np.array(tail[1], dtype=np.float32)
        if base is None:
            return slots, counts
        return np.concatenate([base[0], slots]), np.concatenate([base[1], counts])


class _Bulk:
    """Columns (slot, term number, count) filled vacancy by vacancy, compact as they grow."""

    def __init__(self, postings: _Postings):
        self.postings = postings
        self.ids: dict[str, int] = {}
        self.slots, self.terms, self.counts = array("i"), array("i"), array("f")

    def add(self, slot: int, counts: dict[str, int]) -> None:
        ids = self.ids
        self.slots.extend(array("i", [slot]) * len(counts))
        self.terms.extend([ids.setdefault(term, len(ids)) for term in counts])
        self.counts.extend(counts.values())

    def finish(self) -> None:
        self.postings.take(self.ids, self.slots, self.terms, self.counts)


class VacancyIndex:
    """Rank open vacancies for a question, after hard filters taken from the question."""

    #: Dead slots (changed or removed vacancies) kept before the index compacts itself: at least
    #: this many, and a quarter of all slots.
    COMPACT_MIN = 1000

    def __init__(self, docs: Sequence[VacancyDoc], vectors: np.ndarray):
        if len(docs) != len(vectors):
            raise ValueError("one vector per vacancy")
        vectors = np.asarray(vectors, dtype=np.float32)
        self._lock = threading.RLock()
        self._dimension = vectors.shape[1] if vectors.ndim == 2 else 0
        self._reset(max(16, len(docs)))
        self._add(docs, vectors)

    # --- building and updating -----------------------------------------------------------

    def _reset(self, capacity: int) -> None:
        self._size = 0  # slots used, live or dead
        self._docs: list[VacancyDoc | None] = []
        self._slot: dict[int, int] = {}
        self._vectors = np.zeros((capacity, self._dimension), dtype=np.float32)
        self._alive = np.zeros(capacity, dtype=bool)
        self._ids = np.zeros(capacity, dtype=np.int64)
        self._closing = np.zeros(capacity, dtype=np.int32)
        self._lengths = np.zeros(capacity, dtype=np.float32)
        self._dutch = np.zeros(capacity, dtype=bool)
        self._visa = np.zeros(capacity, dtype=bool)
        self._labels = {name: np.empty(capacity, dtype=object) for name in ("province", "city", "seniority", "remote", "contract")}
        self._terms = _Postings()  # BM25 terms
        self._runs = _Postings()  # the words `_has` matches, for coverage
        self._title_runs = _Postings()  # the same of the titles: a term in the title weighs double
        self._words: Counter[str] = Counter()  # the words `resolve` knows
        self._skills: Counter[str] = Counter()
        self._total_length = 0.0
        self._skills_cache: frozenset[str] | None = None

    def _grow(self, needed: int) -> None:
        capacity = len(self._alive)
        if needed <= capacity:
            return
        capacity = max(needed, capacity * 2)

        def grown(values: np.ndarray) -> np.ndarray:
            bigger = np.zeros((capacity, *values.shape[1:]), dtype=values.dtype) if values.dtype != object else np.empty(capacity, dtype=object)
            bigger[:len(values)] = values
            return bigger

        self._vectors, self._alive, self._ids = grown(self._vectors), grown(self._alive), grown(self._ids)
        self._closing, self._lengths = grown(self._closing), grown(self._lengths)
        self._dutch, self._visa = grown(self._dutch), grown(self._visa)
        self._labels = {name: grown(values) for name, values in self._labels.items()}

    def _add(self, docs: Sequence[VacancyDoc], vectors: np.ndarray) -> None:
        self._grow(self._size + len(docs))
        bulk = self._size == 0 and len(docs) > 64  # a build: postings sorted at once
        builders = {"terms": self._terms.bulk(), "runs": self._runs.bulk(), "titles": self._title_runs.bulk()} if bulk else {}
        for doc, vector in zip(docs, vectors, strict=True):
            slot = self._size
            self._size += 1
            self._docs.append(doc)
            self._slot[doc.id] = slot
            self._vectors[slot] = vector
            self._alive[slot] = True
            self._ids[slot] = doc.id
            self._closing[slot] = doc.closing_date.toordinal()
            self._dutch[slot], self._visa[slot] = doc.dutch_required, doc.visa_sponsorship
            for name in self._labels:
                value = getattr(doc, name)
                self._labels[name][slot] = value.lower() if name == "city" else value
            terms = _terms(doc.text) or [""]
            self._lengths[slot] = len(terms)
            self._total_length += len(terms)
            folded = fold(doc.text)
            postings = ((self._terms, "terms", Counter(terms)),
                        (self._runs, "runs", dict.fromkeys(_RUN.findall(folded), 1)),
                        (self._title_runs, "titles", dict.fromkeys(_RUN.findall(fold(doc.title)), 1)))
            for target, name, counts in postings:
                if bulk:
                    builders[name].add(slot, counts)
                else:
                    target.add(slot, counts)
            self._words.update(_words_of(folded))
            self._skills.update(fold(s) for s in doc.skills if len(s) >= 1)
        for builder in builders.values():
            builder.finish()
        self._skills_cache = None

    def _remove(self, vacancy_id: int) -> None:
        slot = self._slot.pop(vacancy_id, None)
        if slot is None:
            return
        doc = self._docs[slot]
        self._docs[slot] = None
        self._alive[slot] = False
        self._vectors[slot] = 0
        terms = _terms(doc.text) or [""]
        self._total_length -= len(terms)
        self._terms.forget(set(terms))
        folded = fold(doc.text)
        self._runs.forget(set(_RUN.findall(folded)))
        self._words.subtract(_words_of(folded))
        self._title_runs.forget(set(_RUN.findall(fold(doc.title))))
        self._skills.subtract(fold(s) for s in doc.skills if len(s) >= 1)
        self._words, self._skills = +self._words, +self._skills  # drop the zeros
        self._skills_cache = None

    def update(self, changed: Sequence[VacancyDoc], vectors: np.ndarray, removed: Iterable[int] = ()) -> None:
        """Put in the current version of each `changed` vacancy (new or edited) and take out
        the `removed` ones (closed, rejected, deleted); the same index as a full rebuild after."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(changed), self._dimension)
        with self._lock:
            for vacancy_id in [*removed, *(d.id for d in changed)]:
                self._remove(vacancy_id)
            self._add(changed, vectors)
            dead = self._size - len(self._slot)
            if dead > max(self.COMPACT_MIN, self._size // 4):
                self._compact()

    def _compact(self) -> None:
        live = [slot for slot in range(self._size) if self._alive[slot]]
        docs = [self._docs[slot] for slot in live]
        vectors = self._vectors[live].copy()
        self._reset(max(16, len(docs)))
        self._add(docs, vectors)

    # --- reading -------------------------------------------------------------------------

    @property
    def docs(self) -> list[VacancyDoc]:
        """The live vacancies, by id."""
        with self._lock:
            return sorted((d for d in self._docs if d is not None), key=lambda d: d.id)

    def vector(self, vacancy_id: int) -> np.ndarray:
        with self._lock:
            return self._vectors[self._slot[vacancy_id]].copy()

    @property
    def vocabulary(self) -> set[str]:
        return set(self._terms.df)

    @property
    def skills(self) -> frozenset[str]:
        """The skills vacancies ask for, folded: a question naming one wants vacancies with it."""
        cached = self._skills_cache
        if cached is None:
            with self._lock:
                cached = self._skills_cache = frozenset(self._skills)
        return cached

    def __len__(self) -> int:
        return len(self._slot)

    def _mentions(self, term: str, titles: bool = False) -> np.ndarray:
        """Live slots whose text (or title) `_has` the term, ascending."""
        postings = self._title_runs if titles else self._runs
        runs = _RUN.findall(term)
        if len(runs) == 1 and runs[0] == term:
            slots, _ = postings.get(term)
            return np.sort(slots[self._alive[slots]])
        if runs:  # every word of the term is a whole word of the vacancy: check those only
            candidates = None
            for run in runs:
                slots, _ = postings.get(run)
                found = set(slots[self._alive[slots]].tolist())
                candidates = found if candidates is None else candidates & found
        else:
            candidates = set(np.flatnonzero(self._alive[:self._size]).tolist())
        field = "title" if titles else "text"
        return np.array(sorted(s for s in candidates if _has(fold(getattr(self._docs[s], field)), term)), dtype=np.int64)

    def _coverage(self, wanted: Sequence[str], sharp: set[str]) -> np.ndarray:
        """How much of what is asked each vacancy mentions: rare terms weigh more than common ones
        ("selenium" over "test"), a term in the title doubles, a skill vacancies list doubles."""
        coverage = np.zeros(self._size, dtype=np.float32)
        live = len(self._slot)
        for term in wanted:
            mentions = self._mentions(term)
            if not len(mentions):
                continue
            weight = (1.0 + np.log((live + 1) / (len(mentions) + 1))) * (2.0 if term in sharp else 1.0)
            factor = np.ones(self._size)
            factor[self._mentions(term, titles=True)] = 2.0
            # In float64 and then stored, as numpy does for `coverage += mentions * weight * factor`.
            coverage[mentions] = (coverage[mentions] + weight * factor[mentions]).astype(np.float32)
        return coverage

    def resolve(self, terms: Sequence[str]) -> list[str]:
        """The terms some vacancy mentions; a compound none mentions stands in by its longest known first part."""
        resolved: list[str] = []
        with self._lock:
            for term in terms:
                if term in self._words or (not term.isalnum() and len(self._mentions(term))):
                    resolved.append(term)
                    continue
                if not term.isalnum():  # a phrase (".net", "system administrator") no vacancy uses stands for nothing
                    continue
                for cut in range(len(term) - 3, 4, -1):
                    if term[:cut] in self._words:
                        resolved.append(term[:cut])
                        break
        return list(dict.fromkeys(resolved))

    def _bm25(self, terms: Sequence[str]) -> np.ndarray:
        n = self._size
        scores = np.zeros(n, dtype=np.float32)
        live = len(self._slot)
        if not live:
            return scores
        average = self._total_length / live
        norm = K1 * ((1 - B) + B * self._lengths[:n] / average)
        for term in terms:  # a word twice in the question counts twice, as in bm25s
            df = self._terms.df.get(term, 0)
            if not df:
                continue
            idf = math.log(1 + (live - df + 0.5) / (df + 0.5))
            slots, counts = self._terms.get(term)
            keep = self._alive[slots]
            slots, counts = slots[keep], counts[keep]
            scores[slots] += np.float32(idf) * counts / (counts + norm[slots])
        return scores

    def search(self, query_vector: np.ndarray, question: str, *, today: date, k: int = 5, province: str | None = None,
               city: str | None = None, english_only: bool = False, visa_sponsorship: bool = False,
               seniority: str | None = None, remote: str | None = None, contract: str | None = None,
               skills: Sequence[str] = (), terms: Sequence[str] = (), provinces: Sequence[str] = (),
               min_cosine: float = 0.25) -> list[int]:
        """Ids of up to `k` open vacancies that pass the filters, best first; [] when nothing is relevant.

        `provinces`: any of these ("Groningen or Drenthe"). `skills` and `terms` (folded): what
        the work is; a vacancy must mention at least one of them. A Dutch compound no vacancy uses ("helpdeskmedewerker") counts by its first part
        ("helpdesk"). When no open vacancy mentions any of them, nothing fits.
        """
        with self._lock:
            return self._search(query_vector, question, today, k, province, city, english_only, visa_sponsorship,
                                seniority, remote, contract, skills, terms, provinces, min_cosine)

    def _search(self, query_vector, question, today, k, province, city, english_only, visa_sponsorship, seniority,
                remote, contract, skills, terms, provinces, min_cosine) -> list[int]:
        # What the work is: a vacancy must mention it. Skills vacancies list weigh double.
        sharp = set(self.resolve(skills))
        wanted = list(dict.fromkeys([*sharp, *self.resolve(terms)]))
        if (skills or terms) and not wanted:
            return []
        if not self._slot:
            return []
        n = self._size
        allowed = self._alive[:n] & (self._closing[:n] >= today.toordinal())
        for name, value in (("province", province), ("city", city.lower() if city else None), ("seniority", seniority),
                            ("remote", remote), ("contract", contract)):
            if value is not None:
                allowed &= self._labels[name][:n] == value
        if english_only:
            allowed &= ~self._dutch[:n]
        if visa_sponsorship:
            allowed &= self._visa[:n]
        if provinces:
            allowed &= np.isin(self._labels["province"][:n], list(provinces))
        coverage = self._coverage(wanted, sharp)
        if wanted:
            # Only vacancies that mention most of what the best ones mention: "Selenium and Cypress"
            # beats a vacancy that shares only the word "automation".
            allowed &= coverage > 0
            if allowed.any():
                allowed &= coverage >= 0.5 * coverage[allowed].max()
        if not allowed.any():
            return []
        cosines = self._vectors[:n] @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        words = [t for t in _terms(question) if t in self._terms.df]
        lexical = self._bm25(words) if words else np.zeros(n, dtype=np.float32)
        candidates = np.flatnonzero(allowed & ((cosines >= min_cosine) | (lexical > 0) | bool(wanted)))
        if not len(candidates):
            return []
        candidates = candidates[np.argsort(self._ids[candidates], kind="stable")]  # ties by id: as a full rebuild
        ids = self._ids
        dense_rank = [int(ids[i]) for i in candidates[np.argsort(-cosines[candidates], kind="stable")]]
        lexical_rank = [int(ids[i]) for i in candidates[np.argsort(-lexical[candidates], kind="stable")] if lexical[i] > 0]
        rankings = [dense_rank, lexical_rank]
        if wanted:
            rankings.append([int(ids[i]) for i in candidates[np.argsort(-coverage[candidates], kind="stable")]])
        fused = reciprocal_rank_fusion(rankings)
        return [vacancy_id for vacancy_id, _ in fused[:k]]
