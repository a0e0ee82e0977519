"""Vacancy suggestions for the assistant: dense and BM25 rankings of open vacancies, fused.

Pure: the caller supplies the vacancies (`VacancyDoc`) and their vectors; persistence and
freshness across worker processes are the services layer's job.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import bm25s
import numpy as np

import re

from .fusion import reciprocal_rank_fusion
from .lexical import ANALYZERS, fold, tokenize


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


class VacancyIndex:
    """Rank open vacancies for a question, after hard filters taken from the question."""

    def __init__(self, docs: Sequence[VacancyDoc], vectors: np.ndarray):
        if len(docs) != len(vectors):
            raise ValueError("one vector per vacancy")
        self.docs = list(docs)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.bm25 = bm25s.BM25()
        corpus = [_terms(d.text) or [""] for d in self.docs]
        if corpus:
            self.bm25.index(corpus, show_progress=False)
        self.vocabulary = set(self.bm25.vocab_dict) if corpus else set()
        # The skills vacancies ask for, folded: a question naming one wants vacancies with it.
        self.skills = frozenset(fold(s) for d in self.docs for s in d.skills if len(s) >= 1)
        self._folded = [fold(d.text) for d in self.docs]
        self._titles = [fold(d.title) for d in self.docs]
        self._words = frozenset(w.rstrip("./-") for text in self._folded for w in re.findall(r"[\w#+./-]+", text))

    def resolve(self, terms: Sequence[str]) -> list[str]:
        """The terms some vacancy mentions; a compound none mentions stands in by its longest known first part."""
        resolved: list[str] = []
        for term in terms:
            if term in self._words or (
                    not term.isalnum() and any(_has(text, term) for text in self._folded)):
                resolved.append(term)
                continue
            if not term.isalnum():  # a phrase (".net", "system administrator") no vacancy uses stands for nothing
                continue
            for cut in range(len(term) - 3, 4, -1):
                if term[:cut] in self._words:
                    resolved.append(term[:cut])
                    break
        return list(dict.fromkeys(resolved))

    def _coverage(self, wanted: Sequence[str], sharp: set[str]) -> np.ndarray:
        """How much of what is asked each vacancy mentions: rare terms weigh more than common ones
        ("selenium" over "test"), a term in the title doubles, a skill vacancies list doubles."""
        coverage = np.zeros(len(self.docs), dtype=np.float32)
        for term in wanted:
            mentions = np.array([_has(text, term) for text in self._folded], dtype=bool)
            if not mentions.any():
                continue
            weight = (1.0 + np.log((len(self.docs) + 1) / (mentions.sum() + 1))) * (2.0 if term in sharp else 1.0)
            in_title = np.array([_has(title, term) for title in self._titles], dtype=bool)
            coverage += mentions * weight * np.where(in_title, 2.0, 1.0)
        return coverage

    def __len__(self) -> int:
        return len(self.docs)

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
        # What the work is: a vacancy must mention it. Skills vacancies list weigh double.
        sharp = set(self.resolve(skills))
        wanted = list(dict.fromkeys([*sharp, *self.resolve(terms)]))
        if (skills or terms) and not wanted:
            return []
        if not self.docs:
            return []
        allowed = np.array([
            d.closing_date >= today
            and (province is None or d.province == province)
            and (not provinces or d.province in provinces)
            and (city is None or d.city.lower() == city.lower())
            and (not english_only or not d.dutch_required)
            and (not visa_sponsorship or d.visa_sponsorship)
            and (seniority is None or d.seniority == seniority)
            and (remote is None or d.remote == remote)
            and (contract is None or d.contract == contract)
            for d in self.docs
        ])
        coverage = self._coverage(wanted, sharp)
        if wanted:
            # Only vacancies that mention most of what the best ones mention: "Selenium and Cypress"
            # beats a vacancy that shares only the word "automation".
            allowed &= coverage > 0
            if allowed.any():
                allowed &= coverage >= 0.5 * coverage[allowed].max()
        if not allowed.any():
            return []
        cosines = self.vectors @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        terms = [t for t in _terms(question) if t in self.vocabulary]
        lexical = np.asarray(self.bm25.get_scores(terms), dtype=np.float32) if terms else np.zeros(len(self.docs))
        candidates = np.flatnonzero(allowed & ((cosines >= min_cosine) | (lexical > 0) | bool(wanted)))
        if not len(candidates):
            return []
        dense_rank = [int(i) for i in candidates[np.argsort(-cosines[candidates], kind="stable")]]
        lexical_rank = [int(i) for i in candidates[np.argsort(-lexical[candidates], kind="stable")] if lexical[i] > 0]
        rankings = [dense_rank, lexical_rank]
        if wanted:
            rankings.append([int(i) for i in candidates[np.argsort(-coverage[candidates], kind="stable")]])
        fused = reciprocal_rank_fusion(rankings)
        return [self.docs[i].id for i, _ in fused[:k]]
