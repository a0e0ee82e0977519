"""The vacancy search query on each database: keywords across languages, and the list's
order, count and pages whichever index the query takes (tests/conftest.py runs these on
SQLite and, with LOKET_TEST_DATABASE_URL, on PostgreSQL)."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest

from loket.domain.search import Sort, VacancyQuery
from loket.storage import queries

from ..conftest import TODAY


@pytest.fixture
def job_titles(make):
    """English and Dutch vacancies for the same jobs, and two that only share words with them."""
    company = make.company()
    v = lambda title, **fields: make.vacancy(company, title=title, description=fields.pop("description", "Work in the north."),  # noqa: E731
                                             skills=fields.pop("skills", "Teamwork"), **fields).id
    return {
        "developer": {
            v("Backend Developer (Go)"),
            v("Senior Software Engineer", skills="Kotlin\nPostgreSQL"),
            v("Java-ontwikkelaar", language="nl"),
            v("Webontwikkelaar", language="nl"),
            v("Applicatieprogrammeur", language="nl", description="Je programmeert in C#."),
            v("Gameplay Programmer"),
        },
        "sysadmin": {
            v("Linux Systems Administrator"),
            v("Systeembeheerder MKB", language="nl"),
            v("Twee systeembeheerders gezocht", language="nl"),  # a plural: a prefix on SQLite, an ending on PostgreSQL
            v("Sysadmin for managed hosting"),
        },
        "neither": {
            # "software" and "engineer", but no software engineer; "systems" and "administrator",
            # but a database administrator: a phrase must occur as such.
            v("Electronics Hardware Engineer", description="You write test software for our boards."),
            v("Database Administrator", description="You keep our systems fast."),
        },
    }


def found(db, q: str, **fields) -> set[int]:
    items, total = queries.search_vacancies(db, VacancyQuery(q=q, per_page=100, **fields), TODAY)
    assert total == len(items)
    return {v.id for v in items}


@pytest.mark.parametrize(
    "dutch, english, group",
    [
        ("ontwikkelaar", "developer", "developer"),
        ("systeembeheerder", "system administrator", "sysadmin"),
        ("programmeur", "software engineer", "developer"),
        ("Systeembeheerders", "sysadmin", "sysadmin"),
    ],
)
def test_a_dutch_and_an_english_keyword_find_the_same_vacancies(db, job_titles, dutch, english, group):
    assert found(db, dutch) == found(db, english) == job_titles[group]


def test_keywords_still_must_all_match_and_unknown_words_are_prefixes(db, make, job_titles):
    go = next(iter(found(db, "backend developer go")))
    assert found(db, "ontwikkelaar go") == {go}  # AND between keywords, OR within a group
    assert found(db, "ontwikkelaar kotl") == found(db, "developer kotlin")  # a typed word is a prefix
    assert found(db, "ontwikkelaar nothingsuch") == set()


def test_keywords_with_filters(db, make, job_titles):
    make.vacancy(title="Frontend developer", province="drenthe", city="Assen")
    drenthe = found(db, "ontwikkelaar", province="drenthe")
    assert len(drenthe) == 1 and drenthe == found(db, "developer", province="drenthe")


def _sorted(vacancies, sort: Sort):
    if sort is Sort.NEWEST:
        key = lambda v: (-v.posted_date.toordinal(), -v.id)  # noqa: E731
    elif sort is Sort.CLOSING:
        key = lambda v: (v.closing_date.toordinal(), v.id)  # noqa: E731
    else:
        key = lambda v: (v.salary_month_max is None, -(v.salary_month_max or 0), -v.id)  # noqa: E731
    return [v.id for v in sorted(vacancies, key=key)]


@pytest.fixture
def many(make):
    """40 open vacancies with repeated dates and salaries (ties sort by id), some without a salary,
    and some that are not open (closed, expired, pending)."""
    rnd = random.Random(5)
    company = make.company()
    open_ones = []
    for n in range(40):
        salary = rnd.choice([None, 3000, 4000, 4000, 5000])
        open_ones.append(make.vacancy(
            company, title=f"Developer {n}", remote=rnd.choice(["remote", "hybrid"]),
            posted_date=TODAY - timedelta(days=rnd.randrange(0, 5)),
            closing_date=TODAY + timedelta(days=rnd.randrange(0, 5)),
            salary_min=salary and salary - 500, salary_max=salary, salary_period="month" if salary else None,
        ))
    make.vacancy(company, title="Developer closed", status="closed")
    make.vacancy(company, title="Developer expired", closing_date=TODAY - timedelta(days=1))
    make.vacancy(company, title="Developer pending", status="pending")
    return open_ones


@pytest.mark.parametrize("few_matches", [0, 1_000], ids=["sort-order index", "covering index"])
@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("q", ["", "ontwikkelaar"])
def test_order_count_and_pages_whichever_index_is_used(db, many, monkeypatch, few_matches, sort, q):
    """SQLite reads few matches from the covering index and sorts them in Python, many along
    the sort order's index, keyword matches from the by-id index: all give the same pages."""
    monkeypatch.setattr(queries, "FEW_MATCHES", few_matches)
    for remote in [None, "remote"]:
        matching = [v for v in many if remote is None or v.remote == remote]
        expected = _sorted(matching, sort)
        pages = []
        for page in range(1, 6):
            items, total = queries.search_vacancies(db, VacancyQuery(q=q, remote=remote, sort=sort, page=page, per_page=9), TODAY)
            assert total == len(matching)
            pages += [v.id for v in items]
            assert all(v.company is not None for v in items)
        assert pages == expected


def test_a_page_past_the_end_is_empty_and_keeps_the_count(db, many):
    for q in ["", "developer"]:
        items, total = queries.search_vacancies(db, VacancyQuery(q=q, page=50, per_page=20), TODAY)
        assert items == [] and total == 40


def test_match_expressions_of_a_keyword_search():
    keywords = VacancyQuery(q="qa linux").keywords()
    match = queries.fts5_match(keywords)
    assert match.startswith('("tester"* OR ') and '"qa" OR' in match and match.endswith(' AND "linux"*')
    assert '"test"* + "engineer"*' in match
    # PostgreSQL: a group's words whole or plural (a prefix makes its planner skip the GIN index).
    tsquery = queries.tsquery(keywords)
    assert tsquery.startswith("((tester | testers | testeren) | ") and "| qa |" in tsquery and tsquery.endswith(" & linux:*")
    assert "(test | tests | testen) <-> (engineer | engineers | engineeren)" in tsquery
    # Unknown words: exactly as before the expansion.
    plain = VacancyQuery(q="kube ansible").keywords()
    assert queries.fts5_match(plain) == '"kube"* AND "ansible"*' and queries.tsquery(plain) == "kube:* & ansible:*"


def test_sqlite_before_the_list_indexes_still_searches(tmp_path):
    """A SQLite database one migration back (no 0009 indexes: the code deployed before `loket
    init-db` ran) gets the planner's own choice instead of an INDEXED BY error."""
    from alembic import command

    from loket.storage.db import Database, alembic_config
    from ..factories import Factory

    url = f"sqlite:///{tmp_path / 'old.db'}"
    database = Database(url)
    database.upgrade()
    command.downgrade(alembic_config(url), "0009-1")
    with database.session() as session:
        make = Factory(session, TODAY)
        make.vacancy(title="Java-ontwikkelaar", remote="remote")
        make.vacancy(title="Backend Developer")
        for query in [VacancyQuery(q="developer"), VacancyQuery(remote="remote"), VacancyQuery(sort=Sort.SALARY)]:
            items, total = queries.search_vacancies(session, query, TODAY)
            assert total == len(items) == (1 if query.remote else 2)
    database.upgrade()
    queries._sqlite_ready.clear()
    with database.session() as session:
        assert queries._sqlite_has_indexes(session)
        assert queries.search_vacancies(session, VacancyQuery(q="ontwikkelaar"), TODAY)[1] == 2
    database.dispose()
