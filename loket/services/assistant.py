"""The assistant use case: a question in, a grounded answer with sources and vacancies out.

`Assistant` joins the guide retriever, the extractive answerer and the vacancy suggestions.
One instance per process (models and indexes are loaded once, lazily); vacancy vectors are
stored in the database and every process rebuilds its vacancy index when the shared
'vacancies' counter moves (see `bump_vacancy_version`).
"""
from __future__ import annotations

import hashlib
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
from ..retrieval.vacancy_index import VacancyDoc, VacancyIndex, vacancy_text
from ..storage.models import Vacancy, VacancyVector
from ..storage.queries import open_vacancies, vacancy_version

MAX_QUESTION_LENGTH = 1000
MAX_VACANCIES = 5


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

    def warm_up(self) -> Assistant:
        self.retriever.warm_up()
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
        """The index of open vacancies, rebuilt when another process (or this one) changed them."""
        version = vacancy_version(session)
        if self._vacancies is not None and version == self._vacancy_version:
            return self._vacancies
        with self._lock:
            if self._vacancies is None or version != self._vacancy_version:
                self._vacancies = self._build_vacancy_index(session, today)
                self._vacancy_version = version
        return self._vacancies

    def _build_vacancy_index(self, session: Session, today: date) -> VacancyIndex:
        rows = list(session.scalars(select(Vacancy).where(open_vacancies(today)).order_by(Vacancy.id)))
        texts = {
            v.id: vacancy_text(v.title, v.skill_list, v.description, OCCUPATIONS[v.occupation].en if v.occupation in OCCUPATIONS else "")
            for v in rows
        }
        hashes = {vid: hashlib.sha256(text.encode()).hexdigest() for vid, text in texts.items()}
        model = self.embedder.name
        stored = {
            row.vacancy_id: row
            for row in session.scalars(select(VacancyVector).where(VacancyVector.vacancy_id.in_(list(texts)))) if texts
        } if texts else {}
        missing = [vid for vid in texts if vid not in stored or stored[vid].model != model or stored[vid].text_hash != hashes[vid]]
        if missing:
            vectors = self.embedder.encode_passages([texts[vid] for vid in missing])
            for vid, vector in zip(missing, vectors, strict=True):
                row = stored.get(vid) or VacancyVector(vacancy_id=vid)
                row.model, row.text_hash, row.vector = model, hashes[vid], np.asarray(vector, dtype=np.float32).tobytes()
                session.add(row)
                stored[vid] = row
            session.commit()
        docs = [
            VacancyDoc(v.id, texts[v.id], v.title, v.province.value, v.city, v.dutch_required, v.visa_sponsorship,
                       v.seniority.value, v.remote.value, v.closing_date, v.contract.value, tuple(v.skill_list))
            for v in rows
        ]
        dimension = self.embedder.dimension
        matrix = (np.stack([np.frombuffer(stored[d.id].vector, dtype=np.float32) for d in docs])
                  if docs else np.zeros((0, dimension), dtype=np.float32))
        return VacancyIndex(docs, matrix)

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
