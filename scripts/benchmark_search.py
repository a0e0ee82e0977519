"""Benchmark: vacancy list filters and keyword search at 100,000 vacancies.

Loads generated vacancies into a fresh database (SQLite by default, or --database-url),
then reports p50/p95 of (a) the search query alone and (b) the whole /vacancies page
through the app, for filtered lists and for keyword searches (a third of them job titles in
English or Dutch, which the search expands across languages). Not a test: run it by hand
and copy the table into docs/benchmarks.md.

    .venv/bin/python scripts/benchmark_search.py [--count 100000] [--database-url URL] [--compare]

--compare first measures the old way on the same data, in the same run: the schema one
migration back (without the list's indexes of 0009), the query of before (one count and one
sorted page, the planner's choice; `legacy_search_vacancies`) and keywords taken literally
(no English/Dutch expansion); then the current schema and search.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import insert, text

import loket.domain.search as search_module
from loket import create_app
from loket.domain.keywords import Lexicon
from loket.domain.search import VacancyQuery, parse_vacancy_query
from loket.domain.vacancies import OCCUPATIONS, monthly_amount
from loket.storage.db import Database, alembic_config
from loket.storage.models import Base, Company, Vacancy
from loket.storage import queries

WORDS = ("python java kubernetes linux windows azure aws network security database postgresql oracle sql react "
         "typescript angular php laravel golang rust embedded firmware electronics statistics actuarial insurance "
         "support helpdesk servicedesk ansible terraform docker monitoring backup storage citrix vmware data "
         "analytics powerbi design figma multimedia installation cabling fiber agile scrum product owner manager "
         "team lead architect analyst tester automation energy agriculture healthcare logistics government").split()
# Job titles in both languages: the keyword search finds each through the other language.
TITLES = ("developer ontwikkelaar softwareontwikkelaar programmeur engineer systeembeheerder sysadmin tester "
          "analist analyst beheerder administrator consultant adviseur designer ontwerper").split()
TITLE_QUERIES = ("developer", "ontwikkelaar", "system administrator", "systeembeheerder", "tester", "test engineer",
                 "analist", "analyst", "beheerder", "software engineer", "programmeur", "designer", "ontwerper")
CITIES = {"groningen": ["Groningen", "Hoogezand", "Delfzijl", "Veendam"], "fryslan": ["Leeuwarden", "Sneek", "Drachten", "Heerenveen"],
          "drenthe": ["Assen", "Emmen", "Hoogeveen", "Meppel"]}


def filler_words(rnd: random.Random, n: int = 2000) -> list[str]:
    """Pseudo-words, so that each technical term occurs in a realistic share (~10%) of the texts."""
    letters = "abcdefghijklmnoprstuvw"
    return ["".join(rnd.choice(letters) for _ in range(rnd.randint(4, 9))) for _ in range(n)]


def generate(database: Database, count: int, today: date, seed: int = 7) -> None:
    rnd = random.Random(seed)
    filler = filler_words(rnd)
    with database.engine.begin() as connection:
        companies = [
            {"slug": f"bench-{i}", "name": f"Bench company {i}", "city": "Groningen", "province": "groningen",
             "description_en": "", "description_nl": "", "recognised_sponsor": i % 3 == 0,
             "english_working_language": i % 2 == 0, "onboarding_support": False, "dutch_lessons": False,
             "verified": True, "created_at": time_now()}
            for i in range(200)
        ]
        connection.execute(insert(Company.__table__), companies)
        company_ids = [row[0] for row in connection.execute(text("SELECT id FROM companies"))]
        batch = []
        for n in range(count):
            province = rnd.choice(list(CITIES))
            words = rnd.sample(WORDS, 8)
            salary_max = rnd.choice([None, rnd.randrange(2800, 7500, 100)])
            batch.append({
                "ref": f"b-{n}", "company_id": rnd.choice(company_ids),
                "title": " ".join([*words[:2], rnd.choice(TITLES)] + (["administrator"] if rnd.random() < 0.05 else [])).title(),
                "city": rnd.choice(CITIES[province]), "province": province, "occupation": rnd.choice(list(OCCUPATIONS)),
                "language": "en", "description": " ".join(rnd.sample(filler, 80) + words[3:]) + ".",
                "requirements": "", "skills": "\n".join(words[3:8]), "dutch_level": rnd.choice(["none"] * 3 + ["B1", "B2"]),
                "dutch_timing": None, "english_level": "B2", "visa_sponsorship": rnd.random() < 0.3,
                "remote": rnd.choice(["onsite", "hybrid", "hybrid", "remote"]), "hours_min": 32, "hours_max": 40,
                "contract": rnd.choice(["permanent", "permanent", "fixed_term", "traineeship", "freelance"]),
                "seniority": rnd.choice(["junior", "medior", "senior", "lead"]),
                "salary_min": salary_max and salary_max - 800, "salary_max": salary_max,
                "salary_period": "month" if salary_max else None,
                "salary_month_max": monthly_amount(salary_max, "month" if salary_max else None, 40),
                "posted_date": today - timedelta(days=rnd.randrange(0, 60)),
                "closing_date": today + timedelta(days=rnd.randrange(-20, 90)),
                "apply_url": "https://bench.example/apply", "apply_email": None,
                "status": rnd.choice(["published"] * 9 + ["closed"]), "created_at": time_now(), "updated_at": time_now(),
            })
            if len(batch) == 5000:
                connection.execute(insert(Vacancy.__table__), batch)
                batch = []
        if batch:
            connection.execute(insert(Vacancy.__table__), batch)
    analyze(database)


def time_now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def filtered_queries(rnd: random.Random, n: int) -> list[dict[str, str]]:
    options = {
        "province": list(CITIES), "english_only": ["1"], "visa_sponsorship": ["1"], "remote": ["onsite", "hybrid", "remote"],
        "seniority": ["junior", "medior", "senior", "lead"], "contract": ["permanent", "fixed_term", "traineeship"],
        "occupation": list(OCCUPATIONS), "salary_min": ["3000", "4500", "6000"], "sort": ["newest", "closing", "salary"],
        "page": ["1", "1", "2", "5"],
    }
    out = []
    for _ in range(n):
        keys = rnd.sample(list(options), rnd.randint(1, 4))
        out.append({k: rnd.choice(options[k]) for k in keys})
    return out


def keyword_queries(rnd: random.Random, n: int) -> list[dict[str, str]]:
    out = []
    for _ in range(n):
        terms = rnd.sample(WORDS, rnd.choice([1, 1, 2, 3]))
        query = {"q": " ".join(t[: rnd.choice([len(t), max(3, len(t) - 2)])] for t in terms)}
        if rnd.random() < 1 / 3:  # a job title, alone or with a skill
            query["q"] = " ".join([rnd.choice(TITLE_QUERIES)] + terms[: rnd.choice([0, 0, 1])])
        if rnd.random() < 0.5:
            query["province"] = rnd.choice(list(CITIES))
        out.append(query)
    return out


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def legacy_search_vacancies(session, query: VacancyQuery, today: date):
    """The search before 0009, for --compare: one count and one sorted page, the planner's choice of index."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import joinedload

    base = queries._filtered(session, query, today)
    total = session.scalar(select(func.count()).select_from(base.with_only_columns(Vacancy.id).subquery())) or 0
    rows = session.scalars(
        base.options(joinedload(Vacancy.company))
        .order_by(*queries._ORDER[query.sort])
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    return list(rows), total


def measure(database: Database, client, today: date, workloads: list[tuple[str, list[dict[str, str]]]]) -> list[tuple]:
    """Per workload: p50/p95 wall time of the query and of the page, and p95 of this process's CPU time
    for each (steadier on a shared host; on PostgreSQL it leaves out the server's share)."""
    rows = []
    for name, workload in workloads:
        query_ms, page_ms, query_cpu, page_cpu = [], [], [], []
        for params in workload[:20]:  # warm-up
            client.get("/vacancies", query_string=params)
        for params in workload:
            query: VacancyQuery = parse_vacancy_query(params)
            with database.session() as session:
                t0, c0 = time.perf_counter(), time.process_time()
                queries.search_vacancies(session, query, today)
                query_ms.append((time.perf_counter() - t0) * 1000)
                query_cpu.append((time.process_time() - c0) * 1000)
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get("/vacancies", query_string=params)
            page_ms.append((time.perf_counter() - t0) * 1000)
            page_cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, params
        rows.append((name, *percentiles(query_ms), *percentiles(page_ms), percentiles(query_cpu)[1], percentiles(page_cpu)[1]))
    return rows


def analyze(database: Database) -> None:
    if database.dialect == "postgresql":
        # What autovacuum does in production: statistics and the visibility map (index-only scans).
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with database.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def load() -> str:
    return "load average " + " / ".join(f"{x:.1f}" for x in os.getloadavg())


def fresh_database(url: str) -> Database:
    """An empty database at the newest schema (on PostgreSQL: its public schema dropped first)."""
    database = Database(url)
    if database.dialect == "postgresql":
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    database.upgrade()
    return database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--database-url")
    parser.add_argument("--compare", action="store_true", help="measure the previous schema and literal keywords first")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="loket-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    database = fresh_database(url)
    today = date.today()
    started = time.perf_counter()
    generate(database, args.count, today)
    load_seconds = time.perf_counter() - started

    app = create_app({"LOKET_DATABASE_URL": url, "LOKET_INSTANCE_PATH": str(workdir), "LOKET_SECRET_KEY": "bench"})
    client = app.test_client()
    rnd = random.Random(11)
    workloads = [("filtered list", filtered_queries(rnd, args.queries)), ("keyword search", keyword_queries(rnd, args.queries))]
    print(f"database: {database.dialect}, vacancies: {args.count:,}, loaded in {load_seconds:.1f} s, {args.queries} queries each")
    runs = []
    if args.compare:
        current = search_module.default_lexicon, queries.search_vacancies
        search_module.default_lexicon = lambda: Lexicon()  # keywords taken literally, as before
        queries.search_vacancies = legacy_search_vacancies
        command.downgrade(alembic_config(url), "0009-1")
        analyze(database)
        runs.append(("before", load(), measure(database, client, today, workloads)))
        search_module.default_lexicon, queries.search_vacancies = current
        database.upgrade()
        analyze(database)
    runs.append(("now", load(), measure(database, client, today, workloads)))
    print("| code | workload | query p50 (ms) | query p95 (ms) | page p50 (ms) | page p95 (ms) | query CPU p95 (ms) | page CPU p95 (ms) | load (1/5/15 min) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for code, load_text, rows in runs:
        for name, q50, q95, p50, p95, qcpu, pcpu in rows:
            print(f"| {code} | {name} | {q50:.1f} | {q95:.1f} | {p50:.1f} | {p95:.1f} | {qcpu:.1f} | {pcpu:.1f} | {load_text.split(' ', 2)[2]} |")
    database.dispose()
    _ = Base  # the schema comes from the migrations, like production


if __name__ == "__main__":
    main()
