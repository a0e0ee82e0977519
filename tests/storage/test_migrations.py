"""The migrations build exactly the schema the models describe (plus the keyword index)."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from loket.storage.models import Base


def _ours(diff) -> bool:
    """Keyword-index objects made by raw SQL in the migration are not in the models, on purpose."""
    text = repr(diff)
    return not ("vacancy_fts" in text or "search_vector" in text or "ix_vacancies_search" in text)


def test_models_and_migrations_agree(app):
    database = app.extensions["loket.db"]
    with database.engine.connect() as connection:
        diffs = [d for d in compare_metadata(MigrationContext.configure(connection), Base.metadata) if _ours(d)]
    assert diffs == [], "run: alembic revision --autogenerate (see README), then review it"


def test_keyword_index_exists(app):
    from sqlalchemy import inspect

    database = app.extensions["loket.db"]
    inspector = inspect(database.engine)
    if database.dialect == "sqlite":
        assert "vacancy_fts" in inspector.get_table_names()
    else:
        assert "search_vector" in {c["name"] for c in inspector.get_columns("vacancies")}
