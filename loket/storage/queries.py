"""Read queries and counters for vacancies and companies.

Keyword search uses the database's own full-text index: FTS5 on SQLite, a
tsvector with a GIN index on PostgreSQL (both created by the migrations), so
it stays fast at 100,000 vacancies. Every keyword must match (as a prefix).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import BigInteger, ColumnElement, Select, and_, cast, delete, func, insert, literal_column, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload

from ..domain.eligibility import threshold_factor
from ..domain.figures import HOURS_PER_WEEK, Period
from ..domain.search import Sort, VacancyQuery
from ..domain.vacancies import DutchLevel, SalaryPeriod, Status
from .models import Company, Counter, Vacancy, VacancyChange, VacancyDailyStat, VacancyVector

VACANCY_COUNTER = "vacancies"
#: Versions whose changed vacancies are kept; a worker further behind rebuilds its index whole.
CHANGES_KEPT = 1000
#: The vacancy id of a change that touched every vacancy (a restore, a bump that named none).
ALL_VACANCIES = 0


def open_vacancies(today: date) -> ColumnElement[bool]:
    """Published and not past the closing date."""
    return and_(Vacancy.status == Status.PUBLISHED, Vacancy.closing_date >= today)


def keyword_clause(dialect: str, terms: list[str]) -> ColumnElement[bool]:
    """All terms match title, skills or description (prefix match)."""
    if dialect == "sqlite":
        match = " ".join(f'"{term}"*' for term in terms)
        ids = select(literal_column("rowid")).select_from(text("vacancy_fts")).where(text("vacancy_fts MATCH :match"))
        return Vacancy.id.in_(ids.params(match=match))
    if dialect == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return text("vacancies.search_vector @@ to_tsquery('simple', :tsquery)").bindparams(tsquery=tsquery)
    # Any other database: a plain, slower substring search.
    return and_(
        *(
            or_(
                func.lower(Vacancy.title).contains(term),
                func.lower(Vacancy.skills).contains(term),
                func.lower(Vacancy.description).contains(term),
            )
            for term in terms
        )
    )


def _filtered(session: Session, query: VacancyQuery, today: date) -> Select:
    conditions: list[ColumnElement[bool]] = [open_vacancies(today)]
    terms = query.terms()
    if terms:
        conditions.append(keyword_clause(session.get_bind().dialect.name, terms))
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


def search_vacancies(session: Session, query: VacancyQuery, today: date) -> tuple[list[Vacancy], int]:
    """One page of open vacancies matching `query`, with the total number of matches."""
    base = _filtered(session, query, today)
    total = session.scalar(select(func.count()).select_from(base.with_only_columns(Vacancy.id).subquery())) or 0
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
