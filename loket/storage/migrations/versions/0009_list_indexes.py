"""vacancy list: one partial index per sort order (newest, closing date, salary); on SQLite a narrow by-id index for keyword searches

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Written by hand; tests/storage/test_migrations.py checks it against the models on SQLite and
PostgreSQL. Each index holds the published vacancies only (`WHERE status = 'published'`) in
the list's order, with closing_date so "not past its closing date" is checked in the index:
a page of an unselective filter then reads its rows from the start of the index instead of
sorting every match. Plain `op.create_index`, never batch mode on vacancies (a batch "move
and copy" would drop the keyword index's triggers).

Measured in docs/benchmarks.md ("Vacancy search at 100,000 vacancies").
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

PUBLISHED = sa.text("status = 'published'")


def upgrade() -> None:
    where = {"sqlite_where": PUBLISHED, "postgresql_where": PUBLISHED}
    op.create_index('ix_vacancies_open_newest', 'vacancies', ['posted_date', 'id', 'closing_date'], **where)
    op.create_index('ix_vacancies_open_closing', 'vacancies', ['closing_date', 'id'], **where)
    # Highest salary first, no salary last: PostgreSQL needs NULLS LAST, SQLite has it by itself
    # in a descending index (and rejects the words there).
    salary = "salary_month_max DESC NULLS LAST" if op.get_bind().dialect.name == "postgresql" else "salary_month_max DESC"
    op.create_index('ix_vacancies_open_salary', 'vacancies', [sa.text(salary), sa.text("id DESC"), 'closing_date'], **where)
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's keyword search looks its full-text matches up here, not in the wide rows.
        op.create_index('ix_vacancies_id_listing', 'vacancies', ID_LISTING)


ID_LISTING = ['id', 'status', 'closing_date', 'posted_date', 'salary_month_max', 'province', 'dutch_level',
              'visa_sponsorship', 'remote', 'seniority', 'contract', 'occupation', 'company_id', 'city']


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index('ix_vacancies_id_listing', table_name='vacancies')
    op.drop_index('ix_vacancies_open_salary', table_name='vacancies')
    op.drop_index('ix_vacancies_open_closing', table_name='vacancies')
    op.drop_index('ix_vacancies_open_newest', table_name='vacancies')
