"""Ask every evaluation question the way a visitor does, and two peers the same questions.

The assistant is asked through `answer_json`, the function behind POST /api/v1/ask, inside a
throw-away app: its own SQLite database with the demo vacancies and fixed loket details, so
the hand-off text and the loket's own facts are the ones a visitor would read. Peers, on the
same questions: `bm25` shows the whole text of BM25's best section, `section` the whole text
of the fused retriever's best section — what a search engine without answer composition shows.
"""
from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import get_day_names

from ..config import PROJECT_ROOT
from ..domain.loket import WEEKDAYS, planned_days
from .items import EvalItem, VacancyMatch
from .matching import fold

SYSTEMS = ("assistant", "bm25", "section")

# Fictional loket details for the evaluation; answers about the loket must show these.
EVAL_LOKET = {
    "LOKET_DESK_ADDRESS": "Gedempte Zuiderdiep 22, 9711 HG Groningen",
    "LOKET_DESK_HOURS": "10:00–16:00",
    "LOKET_DESK_BOOKING": "loket@makeitinthenorth.example",
}


def placeholders(lang: str, today: date) -> dict[str, list[str]]:
    """Values of {loket.*} in fact groups: what the answer must show, in the answer's language."""
    try:
        names = get_day_names("wide", locale=lang)
    except (ValueError, LookupError):
        names = get_day_names("wide", locale="en")
    days = [names[WEEKDAYS.index(d)] for d in planned_days(today)]
    return {
        "loket.address": ["Gedempte Zuiderdiep 22"],
        "loket.days": days,
        "loket.hours": ["10:00"],
        "loket.booking": [EVAL_LOKET["LOKET_DESK_BOOKING"]],
    }


@dataclass
class Outcome:
    """What one system showed for one item."""

    item: EvalItem
    system: str
    answer: str
    handoff: bool
    language: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    vacancies: list[dict[str, Any]] = field(default_factory=list)
    pages: tuple[str, ...] = ()  # ranked page ids from the retriever (for recall@k)
    latency_ms: float = 0.0
    embed_ms: float = 0.0
    reason: str = ""  # the API's hand-off reason


def make_app(instance: Path, *, fake: bool = False, overrides: dict[str, Any] | None = None):
    """A fresh evaluation app in `instance` (its database is recreated; indexes are kept)."""
    from .. import create_app
    from ..services.demo import load_demo

    instance.mkdir(parents=True, exist_ok=True)
    db_file = instance / "eval.db"
    db_file.unlink(missing_ok=True)
    shutil.rmtree(instance / "outbox", ignore_errors=True)
    config = {
        "LOKET_DATABASE_URL": f"sqlite:///{db_file}",
        "LOKET_INSTANCE_PATH": str(instance),
        "LOKET_SECRET_KEY": "evaluation",
        "LOKET_RATELIMIT_ENABLED": False,
        **EVAL_LOKET,
        **(overrides or {}),
    }
    app = create_app(config)
    database = app.extensions["loket.db"]
    database.upgrade()
    with database.transaction() as session:
        load_demo(session, date.today())
    if fake:
        from ..content import get_content
        from ..retrieval import FakeEmbedder
        from ..services.assistant import Assistant

        app.extensions["loket.assistant"] = Assistant(get_content(PROJECT_ROOT / "content"), FakeEmbedder(), None).warm_up()
    return app


class Harness:
    """Runs items through the assistant (and the peers) of one evaluation app."""

    def __init__(self, app, cache_vectors: Path | None = None):
        from ..web.assistant.engine import get_assistant

        self.app = app
        with app.test_request_context("/"):
            self.assistant = get_assistant().warm_up()
        self.retriever = self.assistant.retriever
        self.cache: CachedEmbedder | None = None
        if cache_vectors is not None:
            self.cache = CachedEmbedder(self.assistant.embedder, cache_vectors)
            self.assistant.embedder = self.retriever.embedder = self.cache

    def _lang(self, question: str) -> str:
        from ..retrieval.language import detect_language

        detected = detect_language(question)
        return detected if detected in ("en", "nl") else "en"

    def ranked_pages(self, item: EvalItem) -> tuple[str, ...]:
        query = " ".join([*item.history[-1:], item.question]) if item.history else item.question
        hits = self.retriever.search(query, self._lang(item.question), k=10)
        return tuple(dict.fromkeys(h.chunk.page_id for h in hits))

    def ask(self, item: EvalItem) -> Outcome:
        from ..web.assistant.routes import answer_json

        history = [{"question": q} for q in item.history]
        started = time.perf_counter()
        with self.app.test_request_context("/"):
            data = answer_json(item.question, None, "cli", history=history)
        latency = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        self.assistant.embedder.encode_queries([item.question])
        embed = (time.perf_counter() - started) * 1000
        return Outcome(
            item, "assistant", data["answer"], bool(data["handoff"]), data["language"], data["sources"],
            data["vacancies"], self.ranked_pages(item), latency, embed, data.get("reason", ""),
        )

    def peer(self, item: EvalItem, system: str) -> Outcome:
        """A peer's reply: the whole text of the best section of BM25 (`bm25`) or the fused search (`section`)."""
        lang = self._lang(item.question)
        mode = "bm25" if system == "bm25" else "fused"
        started = time.perf_counter()
        hits = self.retriever.search(item.question, lang, k=10, mode=mode)
        latency = (time.perf_counter() - started) * 1000
        if not hits:
            return Outcome(item, system, "", True, lang, latency_ms=latency)
        top = hits[0].chunk
        source = {"id": top.page_id, "section": top.heading, "lang": top.lang}
        pages = tuple(dict.fromkeys(h.chunk.page_id for h in hits))
        return Outcome(item, system, top.text, False, top.lang, [source], [], pages, latency)

    def run(self, items: Sequence[EvalItem], systems: Iterable[str] = SYSTEMS,
            progress: Callable[[int, int], None] | None = None) -> dict[str, list[Outcome]]:
        """Outcomes per system, in item order. The assistant is warmed up with one question first."""
        with self.app.test_request_context("/"):
            from ..web.assistant.routes import answer_json

            answer_json("How do I find a job in Groningen?", None, "cli")
        results: dict[str, list[Outcome]] = {s: [] for s in systems}
        for n, item in enumerate(items, 1):
            for system in results:
                results[system].append(self.ask(item) if system == "assistant" else self.peer(item, system))
            if progress:
                progress(n, len(items))
        if self.cache is not None:
            self.cache.save()
        return results

    # --- vacancies ---------------------------------------------------------------------------

    def vacancy_rows(self) -> dict[int, dict[str, Any]]:
        """Every vacancy of the evaluation database, with the fields a match is checked on."""
        from sqlalchemy import select

        from ..domain.vacancies import OCCUPATIONS
        from ..storage.models import Vacancy
        from ..storage.queries import open_vacancies

        database = self.app.extensions["loket.db"]
        rows: dict[int, dict[str, Any]] = {}
        with database.session() as session:
            for v in session.scalars(select(Vacancy).where(open_vacancies(date.today()))):
                occupation = OCCUPATIONS.get(v.occupation)
                rows[v.id] = {
                    "text": fold(" ".join([v.title, " ".join(v.skill_list), v.description,
                                           occupation.en if occupation else "", occupation.nl if occupation else ""])),
                    "title": fold(v.title),
                    "province": v.province.value,
                    "city": v.city,
                    "remote": v.remote.value,
                    "dutch_required": v.dutch_required,
                    "visa_sponsorship": v.visa_sponsorship,
                    "contract": v.contract.value,
                    "seniority": v.seniority.value,
                }
        return rows


def vacancy_fits(row: dict[str, Any], match: VacancyMatch) -> bool:
    """True when the vacancy satisfies everything the request asked for."""
    if match.skills and not any(_has_word(row["text"], fold(skill)) for skill in match.skills):
        return False
    if match.occupation and not match.skills:
        words = [w for w in fold(match.occupation).split() if len(w) >= 4]
        if words and not any(w in row["text"] for w in words):
            return False
    checks = (
        (match.province, row["province"]),
        (match.remote, row["remote"]),
        (match.contract, row["contract"]),
        (match.seniority, row["seniority"]),
    )
    if any(wanted and wanted != actual for wanted, actual in checks):
        return False
    if match.city and fold(match.city) != fold(row["city"]):
        return False
    if match.english_only and row["dutch_required"]:
        return False
    if match.visa_sponsorship and not row["visa_sponsorship"]:
        return False
    return True


def _has_word(text: str, word: str) -> bool:
    import re

    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


class CachedEmbedder:
    """An embedder that remembers every vector it made, on disk: repeated tuning runs skip the model.

    For `loket eval --cache-vectors` only: latencies measured with it are not the assistant's.
    """

    def __init__(self, inner, path: Path):
        import numpy as np

        self.inner = inner
        self.path = path
        self._np = np
        self.cache: dict[str, Any] = {}
        if path.is_file():
            data = np.load(path, allow_pickle=False)
            self.cache = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        self._dirty = False

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def fingerprint(self) -> str:
        from ..retrieval.embedder import fingerprint_of

        return fingerprint_of(self.inner)

    def encode_queries(self, texts):
        # Questions only: passages (index builds) go to the inner embedder through __getattr__.
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for text, vector in zip(missing, self.inner.encode_queries(missing), strict=True):
                self.cache[text] = vector
            self._dirty = True
        if not texts:
            return self.inner.encode_queries(texts)
        return self._np.stack([self.cache[t] for t in texts])

    def save(self) -> None:
        if self._dirty and self.cache:
            texts = list(self.cache)
            self._np.savez(self.path, texts=self._np.array(texts), vectors=self._np.stack([self.cache[t] for t in texts]))
            self._dirty = False
