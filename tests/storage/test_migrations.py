"""The migrations build exactly the schema the models describe (plus the keyword index)."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from loket.storage.models import Base


def _ours(diff) -> bool:
    """Keyword-index objects made by raw SQL in the migration are not in the models, on purpose."""
    text = repr(diff)
    return not ("vacancy_fts" in text or "search_vector" in text or "ix_vacancies_search" in text)


#: Indexes the models make per database (`Index(...).ddl_if(dialect=...)`): autogenerate neither
#: knows ddl_if nor compares NULLS LAST, so test_migrations_create_the_list_indexes_of_the_models
#: checks these against the models instead.
DIALECT_INDEXES = {i.name for t in Base.metadata.tables.values() for i in t.indexes if i._ddl_if is not None}


def _dialect_specific(diff) -> bool:
    return isinstance(diff, tuple) and diff[0] in {"add_index", "remove_index"} and diff[1].name in DIALECT_INDEXES


def test_models_and_migrations_agree(app):
    database = app.extensions["loket.db"]
    with database.engine.connect() as connection:
        diffs = [
            d for d in compare_metadata(MigrationContext.configure(connection), Base.metadata)
            if _ours(d) and not _dialect_specific(d)
        ]
    assert diffs == [], "run: alembic revision --autogenerate (see README), then review it"


#: The list's indexes (migration 0009): name → (columns in order, partial on published vacancies).
LIST_INDEXES = {
    "ix_vacancies_open_newest": ["posted_date", "id", "closing_date"],
    "ix_vacancies_open_closing": ["closing_date", "id"],
    "ix_vacancies_open_salary": ["salary_month_max", "id", "closing_date"],
}


def _index_sql(database, name: str) -> str:
    from sqlalchemy import text

    with database.engine.connect() as connection:
        if database.dialect == "sqlite":
            return connection.scalar(text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :n"), {"n": name}) or ""
        return connection.scalar(text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": name}) or ""


def test_migrations_create_the_list_indexes_of_the_models(app):
    """The sort-order indexes exist as the models declare them: columns, order, the partial
    condition, and the salary order's NULLS LAST on PostgreSQL (what autogenerate cannot see)."""
    from sqlalchemy import inspect
    from sqlalchemy.schema import CreateIndex

    database = app.extensions["loket.db"]
    found = {i["name"]: i for i in inspect(database.engine).get_indexes("vacancies")}
    for name, columns in LIST_INDEXES.items():
        assert name in found, name
        assert [c for c in found[name]["column_names"] if c] == columns or name == "ix_vacancies_open_salary"
        sql = " ".join(_index_sql(database, name).replace("(", " ").replace(")", " ").replace('"', "").split()).lower()
        assert "where" in sql and "status" in sql and "'published'" in sql, sql
        model = next(
            i for i in Base.metadata.tables["vacancies"].indexes
            if i.name == name and (i._ddl_if is None or i._ddl_if.dialect == database.dialect)
        )
        expected = str(CreateIndex(model).compile(dialect=database.engine.dialect))
        expected = " ".join(expected.replace("(", " ").replace(")", " ").split()).lower()
        # The reflected definition says the same as the model's DDL, up to PostgreSQL's casts and schema.
        for word in expected.split(" on vacancies ")[1].split(" where ")[0].replace(",", " ").split():
            assert word in sql, (word, sql)
    salary = _index_sql(database, "ix_vacancies_open_salary")
    assert ("DESC NULLS LAST" in salary) == (database.dialect == "postgresql")
    if database.dialect == "sqlite":
        assert "ix_vacancies_id_listing" in found
        assert found["ix_vacancies_id_listing"]["column_names"][:3] == ["id", "status", "closing_date"]
    else:
        assert "ix_vacancies_id_listing" not in found


def test_keyword_index_exists(app):
    from sqlalchemy import inspect

    database = app.extensions["loket.db"]
    inspector = inspect(database.engine)
    if database.dialect == "sqlite":
        assert "vacancy_fts" in inspector.get_table_names()
    else:
        assert "search_vector" in {c["name"] for c in inspector.get_columns("vacancies")}
