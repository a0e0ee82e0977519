"""The retriever: dense and BM25 search over both languages, mapped to the answer language, fused.

A question in any language may find a section in either guide language (the dense model
is multilingual; BM25 with glossary terms matches either). Every hit is therefore mapped
to its twin section in the answer language before fusing; a page without a twin yet keeps
its own language (`Hit.chunk.lang != lang`).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from loket.domain.content import ContentSet

from .chunks import LANGUAGES, Chunk, ChunkTable, build_chunks
from .dense import DenseIndex, compose_sections
from .embedder import Embedder
from .fusion import reciprocal_rank_fusion
from .lexical import Expansion, Lexical

log = logging.getLogger(__name__)

MODES = ("fused", "bm25", "dense")


@dataclass(frozen=True)
class Hit:
    """One section found for a question."""

    chunk: Chunk  # in the answer language when its page has a twin there
    score: float  # fused RRF score (or the single ranking's RRF score)
    ranks: dict[str, int]  # 1-based rank per ranking that found it: "dense", "bm25-en", "bm25-nl"
    matched: str  # key of the section that ranked best (may be the other language)
    cosine: float | None = None  # best dense cosine of the section or its twin, when dense ran


@dataclass
class Retrieval:
    """What one search produced, kept together so answering needs no second pass."""

    question: str
    lang: str
    mode: str
    expansion: Expansion
    hits: list[Hit]
    confidence: float
    query_vector: np.ndarray | None = None
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class WarmUpTimes:
    chunks: float = 0.0
    lexical: float = 0.0
    dense: float = 0.0
    sentences: float = 0.0
    dense_loaded_from_disk: bool = False


def _clip(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


class Retriever:
    """Search the guide for a question; answers come from `answer.Answerer` on top of this.

    `index_dir` is where FAISS indexes are persisted (None: in memory only). Nothing heavy
    happens until `warm_up()`, which `search()` calls when needed.
    """

    def __init__(
        self,
        content: ContentSet,
        embedder: Embedder,
        index_dir: Path | None = None,
        *,
        candidates: int = 30,
        sentence_vectors: bool = True,
        weights: dict[str, float] | None = None,
    ):
        self.content = content
        self.embedder = embedder
        self.index_dir = Path(index_dir) if index_dir is not None else None
        self.candidates = candidates
        self.use_sentence_vectors = sentence_vectors
        # RRF weight per ranking; the other-language BM25 list is weaker evidence. For a
        # question in neither guide language BM25 matches only names and numbers: on the
        # multilingual probe any weight above 0 lowered recall@1 (0.94 at 0, 0.84 at 0.25).
        self.weights = {"dense": 1.0, "bm25-same": 1.0, "bm25-other": 0.5, "bm25-foreign": 0.0, **(weights or {})}
        self.table: ChunkTable | None = None
        self.lexical: Lexical | None = None
        self.dense: DenseIndex | None = None
        self.pages: DenseIndex | None = None
        self.sentences: DenseIndex | None = None
        self.in_context: DenseIndex | None = None  # the sentences read with their page title and heading
        self.times = WarmUpTimes()
        self._lock = threading.Lock()

    # --- building --------------------------------------------------------------------------

    def warm_up(self) -> Retriever:
        """Cut chunks, build BM25, build or load the FAISS index(es). Idempotent."""
        if self.dense is not None:
            return self
        with self._lock:  # two first requests in two threads build once
            if self.dense is None:
                self._build()
        return self

    def _build(self) -> None:
        started = time.perf_counter()
        table = ChunkTable(build_chunks(self.content))
        self.times.chunks = time.perf_counter() - started

        started = time.perf_counter()
        lexical = Lexical(table.chunks, self.content.glossary)
        self.times.lexical = time.perf_counter() - started

        started = time.perf_counter()
        page_chunks = {c.page_key: c for c in reversed(table.chunks)}
        pages = DenseIndex.build_items(
            list(page_chunks),
            [f"{c.page_title}. {c.page_summary}" for c in page_chunks.values()],
            self.embedder,
            self.index_dir,
            name="pages",
        )
        self.times.dense = time.perf_counter() - started

        sentences = in_context = None
        if self.use_sentence_vectors:
            started = time.perf_counter()
            keys, texts, read_in_context = [], [], []
            for chunk in table.chunks:
                for i, sentence in enumerate(chunk.sentences):
                    keys.append(f"{chunk.key}~{i}")
                    texts.append(sentence.text)
                    read_in_context.append(f"{chunk.page_title}. {chunk.heading}: {sentence.text}")
            sentences = DenseIndex.build_items(keys, texts, self.embedder, self.index_dir, name="sentences")
            # Each sentence read with its page and heading, for choosing an answer's sentences: "It
            # lasts at most 5 years" alone says nothing of what lasts (held-out dev: the ranker's best
            # sentence holds the fact 45.8% → 51.4%). Sections stay composed from the sentences
            # alone: with the page title in every sentence, a page's sections look alike.
            in_context = DenseIndex.build_items(keys, read_in_context, self.embedder, self.index_dir,
                                                name="sentences_in_context")
            self.times.sentences = time.perf_counter() - started

        started = time.perf_counter()
        if sentences is not None and getattr(self.embedder, "compose_sections", True):
            # Sections from their sentences and page: the guide's text is encoded once (dense.py).
            dense = compose_sections(table.chunks, sentences, pages)
            self.times.dense_loaded_from_disk = sentences.loaded_from_disk and pages.loaded_from_disk
        else:
            dense = DenseIndex.build(table.chunks, self.embedder, self.index_dir)
            self.times.dense_loaded_from_disk = dense.loaded_from_disk
        self.times.dense += time.perf_counter() - started
        log.info("retriever ready: %d chunks, %s", len(table), self.times)
        self.table, self.lexical, self.pages, self.sentences = table, lexical, pages, sentences
        self.in_context = in_context
        self.dense = dense  # last: `warm_up` is done when this is set

    # --- searching -------------------------------------------------------------------------

    def search(self, question: str, lang: str, k: int = 10, mode: str = "fused") -> list[Hit]:
        """The `k` best sections for `question`, in answer language `lang` where a twin exists."""
        return self.retrieve(question, lang, k=k, mode=mode).hits

    def retrieve(
        self, question: str, lang: str, k: int = 10, mode: str = "fused", question_lang: str | None = None
    ) -> Retrieval:
        """Like `search`, plus the confidence of the top hit and what the answer step reuses.

        `question_lang` (the language the question is written in, if known) decides which
        BM25 index counts as same-language; by default `lang`. For a question in neither
        guide language, BM25 does not count (`bm25-foreign`) and the confidence rests on the dense cosine.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {LANGUAGES}")
        self.warm_up()
        assert self.table is not None and self.lexical is not None and self.dense is not None
        expansion = self.lexical.expand(question)
        same = question_lang if question_lang in LANGUAGES else lang
        foreign = question_lang is not None and question_lang not in LANGUAGES

        rankings: dict[str, list[tuple[str, float]]] = {}
        query_vector = None
        if mode in ("fused", "dense"):
            query_vector = self.embedder.encode_queries([expansion.text])[0]
            rankings["dense"] = self._dense_ranking(query_vector)
        if mode in ("fused", "bm25"):
            for index_lang in LANGUAGES:
                rankings[f"bm25-{index_lang}"] = self.lexical.search(expansion, index_lang, self.candidates)

        mapped: dict[str, list[str]] = {}
        matched: dict[str, tuple[int, str]] = {}  # answer key -> (best rank, original key)
        for name, ranking in rankings.items():
            keys: list[str] = []
            for key, _score in ranking:
                target = self.table.in_language(self.table[key], lang).key
                if target not in keys:
                    keys.append(target)
                    rank = len(keys)
                    if target not in matched or rank < matched[target][0]:
                        matched[target] = (rank, key)
            mapped[name] = keys

        names = list(mapped)
        weights = [self.weights["bm25-foreign"] if foreign and n.startswith("bm25") else self._weight(n, same) for n in names]
        fused = reciprocal_rank_fusion([mapped[n] for n in names], weights=weights)[:k]
        hits = []
        for key, score in fused:
            ranks = {n: mapped[n].index(key) + 1 for n in names if key in mapped[n]}
            cosine = self._cosine(query_vector, self.table[key]) if query_vector is not None else None
            hits.append(Hit(self.table[key], score, ranks, matched[key][1], cosine))
        confidence, features = self._confidence(hits, expansion, mode, foreign)
        return Retrieval(question, lang, mode, expansion, hits, confidence, query_vector, features)

    def _weight(self, ranking: str, question_lang: str) -> float:
        if ranking == "dense":
            return self.weights.get(f"dense@{question_lang}", self.weights["dense"])
        return self.weights["bm25-same" if ranking == f"bm25-{question_lang}" else "bm25-other"]

    # Weight of the page's similarity (title + summary) added to a section's own: a section
    # is rarely understood without its page, and the eval showed +0.06 MRR for dense search.
    PAGE_PRIOR = 0.5

    def _dense_ranking(self, vector: np.ndarray) -> list[tuple[str, float]]:
        """Sections by cosine plus PAGE_PRIOR times their page's cosine, best first."""
        assert self.dense is not None and self.pages is not None and self.table is not None
        found = self.dense.search(vector, max(4 * self.candidates, 100))
        page_cosine = dict(zip(self.pages.keys, (self.pages.vectors @ vector).tolist(), strict=True))
        scored = [(key, cos + self.PAGE_PRIOR * page_cosine.get(self.table[key].page_key, 0.0)) for key, cos in found]
        scored.sort(key=lambda item: -item[1])
        return scored[: self.candidates]

    def _cosine(self, vector: np.ndarray, chunk: Chunk) -> float:
        assert self.dense is not None
        keys = [chunk.key] + ([chunk.twin] if chunk.twin else [])
        return float(self.dense.similarities(vector, keys).max())

    # --- confidence ------------------------------------------------------------------------

    def _confidence(
        self, hits: Sequence[Hit], expansion: Expansion, mode: str, foreign: bool = False
    ) -> tuple[float, dict[str, float]]:
        """A score in [0, 1] for the top hit: dense cosine, lexical coverage, agreement of rankings.

        `foreign` (a question in neither guide language): the dense cosine alone, shifted by
        the model's cross-lingual gap; words of another language cannot cover the guide's.
        """
        if not hits:
            return 0.0, {}
        assert self.lexical is not None
        top = hits[0]
        assert self.table is not None
        versions = [top.chunk] + ([self.table[top.chunk.twin]] if top.chunk.twin else [])
        coverage = max(self.lexical.coverage(expansion, c.key, c.lang) for c in versions)
        features = {"coverage": coverage}
        if top.cosine is not None:
            features["cosine"] = top.cosine
            # Where a question–section cosine counts as unrelated or a clear match depends on the model.
            calibration = self.embedder.calibration
            shift = calibration.cross_lingual_shift if foreign else 0.0
            features["cosine_scaled"] = calibration.scale_cosine(top.cosine + shift)
        if mode == "bm25":
            return _clip(coverage), features
        if mode == "dense" or foreign:
            return features["cosine_scaled"], features
        dense_rank = top.ranks.get("dense")
        bm25_rank = min((r for n, r in top.ranks.items() if n.startswith("bm25")), default=None)
        agreement = 0.0
        if dense_rank and bm25_rank:
            agreement = 0.5 * (1 / dense_rank + 1 / bm25_rank)
        features["agreement"] = agreement
        confidence = 0.45 * features["cosine_scaled"] + 0.35 * coverage + 0.2 * agreement
        return _clip(confidence), features
