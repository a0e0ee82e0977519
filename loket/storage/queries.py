"""Read queries and counters for vacancies and companies.

Keyword search uses the database's own full-text index: FTS5 on SQLite, a
tsvector with a GIN index on PostgreSQL (both created by the migrations), so
it stays fast at 100,000 vacancies. Every keyword must match: a word no group knows as
a prefix, as always; a known one by any phrase of its English/Dutch group
(domain/keywords.py), so "ontwikkelaar" and "developer" find the same vacancies. The list
picks its index per sort order (migration 0009); docs/benchmarks.md has the measurements.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import BigInteger, ColumnElement, Select, and_, cast, delete, func, insert, literal_column, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.orm import Session, joinedload

from ..domain.eligibility import threshold_factor
from ..domain.figures import HOURS_PER_WEEK, Period
from ..domain.keywords import PREFIX_MIN, Keyword
from ..domain.search import Sort, VacancyQuery
from ..domain.vacancies import DutchLevel, SalaryPeriod, Status
from .models import Company, Counter, Vacancy, VacancyChange, VacancyDailyStat, VacancyVector

VACANCY_COUNTER = "vacancies"
#: Versions whose changed vacancies are kept; a worker further behind rebuilds its index whole.
CHANGES_KEPT = 1000
#: The vacancy id of a change that touched every vacancy (a restore, a bump that named none).
ALL_VACANCIES = 0


def open_vacancies(today: date) -> ColumnElement[bool]:
    """Published and not past the closing date.

    The status is written into the SQL, not bound: only then may the database use the list's
    partial indexes (`WHERE status = 'published'`), also in a prepared statement's generic plan.
    """
    return and_(Vacancy.status == literal_column(f"'{Status.PUBLISHED.value}'"), Vacancy.closing_date >= today)


def _fts5_word(word: str, prefix: bool = True) -> str:
    return f'"{word}"*' if prefix else f'"{word}"'


def _tsquery_word(word: str, prefix: bool = True) -> str:
    return f"{word}:*" if prefix else word


def _prefix(word: str) -> bool:
    return len(word) >= PREFIX_MIN


def fts5_match(keywords: list[Keyword]) -> str:
    """The FTS5 MATCH expression: every keyword; an unknown one as its typed word (a prefix), a known one as any
    phrase of its group (words in order)."""
    parts = []
    for keyword in keywords:
        if not keyword.phrases:
            parts.extend(_fts5_word(w) for w in keyword.typed)
            continue
        phrases = [" + ".join(_fts5_word(w, _prefix(w)) for w in phrase) for phrase in keyword.phrases]
        parts.append("(" + " OR ".join(phrases) + ")")
    return " AND ".join(parts)


#: On PostgreSQL a word of a group's phrase matches whole or with one of these endings (a plural):
#: exact words, because the planner prices every prefix (`:*`) of a long group so high that it
#: read and unpacked every row's tsvector instead of using the GIN index (docs/benchmarks.md).
PLURAL_ENDINGS = ("", "s", "en")


def _tsquery_phrase_word(word: str) -> str:
    if not _prefix(word):
        return word
    return "(" + " | ".join(word + ending for ending in PLURAL_ENDINGS) + ")"


def tsquery(keywords: list[Keyword]) -> str:
    """The same for PostgreSQL's to_tsquery: & between keywords, | between a group's phrases, <-> within one;
    an unknown keyword's word as a prefix, a group's words whole or plural (PLURAL_ENDINGS)."""
    parts = []
    for keyword in keywords:
        if not keyword.phrases:
            parts.extend(_tsquery_word(w) for w in keyword.typed)
            continue
        phrases = [" <-> ".join(_tsquery_phrase_word(w) for w in phrase) for phrase in keyword.phrases]
        parts.append("(" + " | ".join(phrases) + ")")
    return " & ".join(parts)


def keyword_clause(dialect: str, keywords: list[Keyword]) -> ColumnElement[bool]:
    """Every keyword matches title, skills or description: its typed word (prefix match), or a phrase of its group."""
    if dialect == "sqlite":
        ids = select(literal_column("rowid")).select_from(text("vacancy_fts")).where(text("vacancy_fts MATCH :match"))
        return Vacancy.id.in_(ids.params(match=fts5_match(keywords)))
    if dialect == "postgresql":
        return text("vacancies.search_vector @@ to_tsquery('simple', :tsquery)").bindparams(tsquery=tsquery(keywords))
    # Any other database: a plain, slower substring search.
    def contains(phrase: tuple[str, ...]) -> ColumnElement[bool]:
        needle = " ".join(phrase)
        return or_(
            func.lower(Vacancy.title).contains(needle),
            func.lower(Vacancy.skills).contains(needle),
            func.lower(Vacancy.description).contains(needle),
        )

    return and_(
        *(
            or_(*(contains(p) for p in keyword.phrases)) if keyword.phrases else and_(*(contains((w,)) for w in keyword.typed))
            for keyword in keywords
        )
    )


def _filtered(session: Session, query: VacancyQuery, today: date) -> Select:
    conditions: list[ColumnElement[bool]] = [open_vacancies(today)]
    keywords = query.keywords()
    if keywords:
        conditions.append(keyword_clause(session.get_bind().dialect.name, keywords))
    if query.province:
        conditions.append(Vacancy.province == query.province)
    if query.city:
        conditions.append(func.lower(Vacancy.city) == query.city.lower())
    if query.english_only:
        conditions.append(Vacancy.dutch_level == DutchLevel.NONE)
    if query.visa_sponsorship:
        conditions.append(Vacancy.visa_sponsorship.is_(True))
    if query.remote:
        conditions.append(Vacancy.remote == query.remote)
    if query.seniority:
        conditions.append(Vacancy.seniority == query.seniority)
    if query.contract:
        conditions.append(Vacancy.contract == query.contract)
    if query.occupation:
        conditions.append(Vacancy.occupation == query.occupation)
    if query.salary_min is not None:
        conditions.append(Vacancy.salary_month_max >= query.salary_min)
    if query.posted_within is not None:
        conditions.append(Vacancy.posted_date >= today - timedelta(days=query.posted_within))
    if query.company_id is not None:
        conditions.append(Vacancy.company_id == query.company_id)
    if query.salary_required is not None:
        conditions.append(reaches_salary_clause(query.salary_required))
    return select(Vacancy).where(*conditions)


def reaches_salary_clause(required: int) -> ColumnElement[bool]:
    """The highest salary offered reaches `required` euros a month, exactly as `eligibility.reaches` decides.

    Integer arithmetic in 64 bits (an hourly wage × hours × 52 can pass 2³¹).
    """
    top = cast(func.coalesce(Vacancy.salary_max, Vacancy.salary_min), BigInteger)
    hours = func.coalesce(Vacancy.hours_max, Vacancy.hours_min, HOURS_PER_WEEK)
    clauses = []
    for period in Period:
        a, b = threshold_factor(period, hours if period is Period.HOUR else None)
        clauses.append(and_(Vacancy.salary_period == SalaryPeriod(period.value), top * a >= required * b))
    return or_(*clauses)


_ORDER = {
    Sort.NEWEST: (Vacancy.posted_date.desc(), Vacancy.id.desc()),
    Sort.CLOSING: (Vacancy.closing_date.asc(), Vacancy.id.asc()),
    Sort.SALARY: (Vacancy.salary_month_max.desc().nulls_last(), Vacancy.id.desc()),
}


#: The list's partial index for each sort order (models/vacancies.py).
_SORT_INDEX = {Sort.NEWEST: "ix_vacancies_open_newest", Sort.CLOSING: "ix_vacancies_open_closing", Sort.SALARY: "ix_vacancies_open_salary"}
#: SQLite: a filtered list with at most this many matches is read from the covering index in
#: one pass and sorted here; with more, its page is read along the sort order's index.
FEW_MATCHES = 1_500

# SQLAlchemy's `with_hint` renders nothing for SQLite; there a table's hint is its "INDEXED BY ...".
SQLiteCompiler.get_from_hint_text = lambda self, table, text: text  # type: ignore[method-assign]


def _sort_key(sort: Sort):
    """The list's order (_ORDER) in Python, for rows of (id, posted_date, closing_date, salary_month_max)."""
    if sort is Sort.NEWEST:
        return lambda r: (-r[1].toordinal(), -r[0])
    if sort is Sort.CLOSING:
        return lambda r: (r[2].toordinal(), r[0])
    return lambda r: (r[3] is None, -(r[3] or 0), -r[0])


def _with_company(session: Session, ids: list[int]) -> list[Vacancy]:
    rows = {v.id: v for v in session.scalars(select(Vacancy).options(joinedload(Vacancy.company)).where(Vacancy.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def _count(session: Session, counted: Select) -> int:
    return session.scalar(select(func.count()).select_from(counted.subquery())) or 0


def _search_sqlite(session: Session, base: Select, query: VacancyQuery) -> tuple[list[Vacancy], int]:
    """A filtered list without keywords on SQLite, with the indexes chosen here.

    SQLite's planner has no statistics unless ANALYZE ran, and with them it still took a
    sort-order index and read every table row to count a filtered list (ten times slower,
    docs/benchmarks.md). So: up to FEW_MATCHES+1 matches (id and sort columns) are read
    from the covering index, stopping there. Few matches: that is the count, and the page is
    sorted from them. Many: they are counted in the covering index, and the page is read in
    order along the sort order's partial index (its first rows are the page).
    """
    offset = (query.page - 1) * query.per_page
    listing = "INDEXED BY ix_vacancies_listing"
    probe = session.execute(
        base.with_only_columns(Vacancy.id, Vacancy.posted_date, Vacancy.closing_date, Vacancy.salary_month_max)
        .with_hint(Vacancy, listing, "sqlite")
        .limit(FEW_MATCHES + 1)
    ).all()
    if len(probe) <= FEW_MATCHES:
        ordered = sorted(probe, key=_sort_key(query.sort))
        return _with_company(session, [r[0] for r in ordered[offset:offset + query.per_page]]), len(probe)
    total = _count(session, base.with_only_columns(Vacancy.id).with_hint(Vacancy, listing, "sqlite"))
    page = (
        base.options(joinedload(Vacancy.company))
        .with_hint(Vacancy, f"INDEXED BY {_SORT_INDEX[query.sort]}", "sqlite")
        .order_by(*_ORDER[query.sort])
        .limit(query.per_page)
        .offset(offset)
    )
    return list(session.scalars(page).all()), total


def _search_sqlite_keywords(session: Session, base: Select, query: VacancyQuery) -> tuple[list[Vacancy], int]:
    """A keyword search on SQLite: the full-text index's matches, looked up in the narrow
    by-id index (not the wide table rows), counted and sorted in one pass."""
    hint = "INDEXED BY ix_vacancies_id_listing"
    offset = (query.page - 1) * query.per_page
    rows = session.execute(
        base.with_only_columns(Vacancy.id, func.count().over())
        .with_hint(Vacancy, hint, "sqlite")
        .order_by(*_ORDER[query.sort])
        .limit(query.per_page)
        .offset(offset)
    ).all()
    if rows:
        total = rows[0][1]
    else:  # a page past the end: count them alone
        total = _count(session, base.with_only_columns(Vacancy.id).with_hint(Vacancy, hint, "sqlite"))
    return _with_company(session, [r[0] for r in rows]), total


#: The indexes the SQLite paths name (migration 0009).
SQLITE_INDEXES = frozenset({"ix_vacancies_listing", "ix_vacancies_id_listing", *_SORT_INDEX.values()})
_sqlite_ready: dict[str, bool] = {}


def _sqlite_has_indexes(session: Session) -> bool:
    """Whether this database has the indexes the SQLite paths name (INDEXED BY fails without them):
    a database not yet upgraded (`loket init-db`) gets the planner's own choice. Asked once per database."""
    bind = session.get_bind()
    key = str(bind.url)
    if not _sqlite_ready.get(key):
        names = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'index'")))
        _sqlite_ready[key] = SQLITE_INDEXES <= names
    return _sqlite_ready[key]


def search_vacancies(session: Session, query: VacancyQuery, today: date) -> tuple[list[Vacancy], int]:
    """One page of open vacancies matching `query`, with the total number of matches."""
    base = _filtered(session, query, today)
    if session.get_bind().dialect.name == "sqlite" and _sqlite_has_indexes(session):
        return (_search_sqlite_keywords if query.keywords() else _search_sqlite)(session, base, query)
    # (SQLite without the 0009 indexes, e.g. before `loket init-db`, comes here too.)
    # PostgreSQL's planner chooses well from its statistics (the benchmark runs VACUUM ANALYZE,
    # as autovacuum does), with one correction for keywords: each row's tsvector is large and
    # stored out of line (TOAST), so matching it row by row costs far more than the planner's
    # default page costs assume, and it read the whole table for a common keyword (0.4 s at
    # 100,000 vacancies) instead of the GIN index. The page cost of an SSD (1.1 instead of 4)
    # for this transaction tips it to the index (0.05 s); docs/benchmarks.md.
    if query.keywords() and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL random_page_cost = 1.1"))
    total = _count(session, base.with_only_columns(Vacancy.id))
    rows = session.scalars(
        base.options(joinedload(Vacancy.company))
        .order_by(*_ORDER[query.sort])
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    return list(rows), total


def get_vacancy(session: Session, vacancy_id: int) -> Vacancy | None:
    return session.scalars(
        select(Vacancy).options(joinedload(Vacancy.company)).where(Vacancy.id == vacancy_id)
    ).first()


def get_company(session: Session, slug: str) -> Company | None:
    return session.scalars(select(Company).where(Company.slug == slug)).first()


def international_companies(session: Session, today: date) -> list[tuple[Company, int]]:
    """Verified companies with at least one international-friendly trait, with their open vacancy count."""
    open_count = (
        select(func.count(Vacancy.id))
        .where(Vacancy.company_id == Company.id, open_vacancies(today))
        .correlate(Company)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Company, open_count)
        .where(
            Company.verified.is_(True),
            or_(
                Company.recognised_sponsor.is_(True),
                Company.english_working_language.is_(True),
                Company.onboarding_support.is_(True),
                Company.dutch_lessons.is_(True),
            ),
        )
        .order_by(Company.name)
    ).all()
    return [(company, count) for company, count in rows]


def recent_open_vacancies(session: Session, today: date, limit: int) -> list[Vacancy]:
    return list(
        session.scalars(
            select(Vacancy)
            .options(joinedload(Vacancy.company))
            .where(open_vacancies(today))
            .order_by(Vacancy.posted_date.desc(), Vacancy.id.desc())
            .limit(limit)
        )
    )


def all_open_vacancy_ids(session: Session, today: date) -> list[tuple[int, date]]:
    return list(session.execute(select(Vacancy.id, Vacancy.posted_date).where(open_vacancies(today)).order_by(Vacancy.id)))


def visible_company_slugs(session: Session) -> list[str]:
    return list(session.scalars(select(Company.slug).where(Company.verified.is_(True)).order_by(Company.slug)))


def count_event(session: Session, vacancy_id: int, day: date, *, views: int = 0, apply_clicks: int = 0) -> None:
    """Add to a vacancy's counters for `day` in one atomic upsert (safe under concurrent workers)."""
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}.get(dialect)
    values = {"vacancy_id": vacancy_id, "day": day, "views": views, "apply_clicks": apply_clicks}
    if insert is None:  # pragma: no cover - other databases: read-modify-write
        stat = session.get(VacancyDailyStat, (vacancy_id, day)) or VacancyDailyStat(vacancy_id=vacancy_id, day=day, views=0, apply_clicks=0)
        stat.views += views
        stat.apply_clicks += apply_clicks
        session.add(stat)
        return
    statement = insert(VacancyDailyStat).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[VacancyDailyStat.vacancy_id, VacancyDailyStat.day],
        set_={
            "views": VacancyDailyStat.views + statement.excluded.views,
            "apply_clicks": VacancyDailyStat.apply_clicks + statement.excluded.apply_clicks,
        },
    )
    session.execute(statement)


def vacancy_totals(session: Session, vacancy_id: int) -> tuple[int, int]:
    """All-time (views, apply clicks) of one vacancy."""
    row = session.execute(
        select(func.coalesce(func.sum(VacancyDailyStat.views), 0), func.coalesce(func.sum(VacancyDailyStat.apply_clicks), 0))
        .where(VacancyDailyStat.vacancy_id == vacancy_id)
    ).one()
    return int(row[0]), int(row[1])


def _upsert(session: Session):
    return {"postgresql": pg_insert, "sqlite": sqlite_insert}[session.get_bind().dialect.name]


def bump_vacancy_version(session: Session, vacancy_ids: Iterable[int] | None = None) -> int:
    """Tell every worker process that these vacancies changed (publish, edit, close, import): their
    assistant updates its vacancy index when it sees a new value. Returns the new version.

    The counter row is locked until the transaction ends, so versions are committed in order:
    a worker that reads version N has every change up to N in `vacancy_changes`. No ids: all
    vacancies count as changed (workers rebuild their index whole).
    """
    statement = _upsert(session)(Counter).values(name=VACANCY_COUNTER, value=1)
    statement = statement.on_conflict_do_update(index_elements=[Counter.name], set_={"value": Counter.value + 1})
    version = session.execute(statement.returning(Counter.value)).scalar_one()
    ids = sorted(set(vacancy_ids)) if vacancy_ids is not None else [ALL_VACANCIES]
    if ids:
        session.execute(insert(VacancyChange), [{"version": version, "vacancy_id": i} for i in ids])
    session.execute(delete(VacancyChange).where(VacancyChange.version <= version - CHANGES_KEPT))
    return version


def vacancy_changes(session: Session, seen: int, version: int) -> set[int] | None:
    """The ids of the vacancies changed after version `seen` up to `version`; None when they are
    not all known (too far behind, a change of every vacancy, or a counter that went back)."""
    if version < seen or version - seen >= CHANGES_KEPT:
        return None
    ids = set(session.scalars(select(VacancyChange.vacancy_id).where(
        VacancyChange.version > seen, VacancyChange.version <= version)))
    return None if ALL_VACANCIES in ids else ids


def save_vacancy_vectors(session: Session, rows: list[dict]) -> None:
    """Store vacancy vectors ({vacancy_id, model, text_hash, vector}), replacing any row there:
    another worker may have stored the same vacancy's vector a moment ago (an upsert, not an insert)."""
    if not rows:
        return
    statement = _upsert(session)(VacancyVector).values(rows)
    session.execute(statement.on_conflict_do_update(
        index_elements=[VacancyVector.vacancy_id],
        set_={"model": statement.excluded.model, "text_hash": statement.excluded.text_hash, "vector": statement.excluded.vector},
    ))


def advance_vacancy_version(session: Session, above: int) -> None:
    """Set the vacancy version past `above` and past its own value by more than the changes kept
    (after a restore, whose copy may carry numbers a worker has already seen for other
    vacancies): every worker then rebuilds its index whole."""
    value = max(above, vacancy_version(session)) + CHANGES_KEPT + 1
    statement = _upsert(session)(Counter).values(name=VACANCY_COUNTER, value=value)
    session.execute(statement.on_conflict_do_update(index_elements=[Counter.name], set_={"value": value}))
    session.execute(delete(VacancyChange))


def vacancy_version(session: Session) -> int:
    return session.scalar(select(Counter.value).where(Counter.name == VACANCY_COUNTER)) or 0
