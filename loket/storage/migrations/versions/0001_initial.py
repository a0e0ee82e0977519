"""vacancies, companies and daily counters

Revision ID: 0001
Revises: 
Create Date: 2026-11-23

Also creates the keyword index: FTS5 on SQLite, a generated tsvector with GIN on PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('companies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('province', sa.Enum('groningen', 'fryslan', 'drenthe', name='province', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('description_nl', sa.Text(), nullable=False),
    sa.Column('kvk_number', sa.String(length=8), nullable=True),
    sa.Column('recognised_sponsor', sa.Boolean(), nullable=False),
    sa.Column('english_working_language', sa.Boolean(), nullable=False),
    sa.Column('onboarding_support', sa.Boolean(), nullable=False),
    sa.Column('dutch_lessons', sa.Boolean(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
    sa.UniqueConstraint('slug', name=op.f('uq_companies_slug'))
    )
    op.create_table('vacancies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=80), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('province', sa.Enum('groningen', 'fryslan', 'drenthe', name='province', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('occupation', sa.String(length=4), nullable=False),
    sa.Column('language', sa.Enum('en', 'nl', name='language', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('requirements', sa.Text(), nullable=False),
    sa.Column('skills', sa.Text(), nullable=False),
    sa.Column('dutch_level', sa.Enum('none', 'A2', 'B1', 'B2', 'C1', name='dutch_level', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('dutch_timing', sa.Enum('start', 'within_12_months', name='dutch_timing', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('english_level', sa.Enum('B1', 'B2', 'C1', 'C2', name='english_level', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('visa_sponsorship', sa.Boolean(), nullable=False),
    sa.Column('remote', sa.Enum('onsite', 'hybrid', 'remote', name='remote', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('hours_min', sa.Integer(), nullable=True),
    sa.Column('hours_max', sa.Integer(), nullable=True),
    sa.Column('contract', sa.Enum('permanent', 'fixed_term', 'traineeship', 'internship', 'freelance', name='contract', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('seniority', sa.Enum('junior', 'medior', 'senior', 'lead', name='seniority', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('salary_min', sa.Integer(), nullable=True),
    sa.Column('salary_max', sa.Integer(), nullable=True),
    sa.Column('salary_period', sa.Enum('hour', 'month', 'year', name='salary_period', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('salary_month_max', sa.Integer(), nullable=True),
    sa.Column('posted_date', sa.Date(), nullable=False),
    sa.Column('closing_date', sa.Date(), nullable=False),
    sa.Column('apply_url', sa.String(length=500), nullable=True),
    sa.Column('apply_email', sa.String(length=254), nullable=True),
    sa.Column('status', sa.Enum('draft', 'pending', 'published', 'rejected', 'closed', name='status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_vacancies_company_id_companies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancies')),
    sa.UniqueConstraint('ref', name=op.f('uq_vacancies_ref'))
    )
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.create_index('ix_vacancies_company', ['company_id'], unique=False)
        batch_op.create_index('ix_vacancies_listing', ['status', 'posted_date', 'closing_date', 'province', 'dutch_level', 'visa_sponsorship', 'remote', 'seniority', 'contract', 'occupation', 'salary_month_max', 'company_id', 'city'], unique=False)

    op.create_table('vacancy_daily_stats',
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.Column('apply_clicks', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_vacancy_daily_stats_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('vacancy_id', 'day', name=op.f('pk_vacancy_daily_stats'))
    )
    create_keyword_index()


def downgrade() -> None:
    drop_keyword_index()
    op.drop_table('vacancy_daily_stats')
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.drop_index('ix_vacancies_listing')
        batch_op.drop_index('ix_vacancies_company')

    op.drop_table('vacancies')
    op.drop_table('companies')


SQLITE_FTS = [
    "CREATE VIRTUAL TABLE vacancy_fts USING fts5(title, skills, description, "
    "content='vacancies', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER vacancies_fts_insert AFTER INSERT ON vacancies BEGIN "
    "INSERT INTO vacancy_fts(rowid, title, skills, description) VALUES (new.id, new.title, new.skills, new.description); END",
    "CREATE TRIGGER vacancies_fts_delete AFTER DELETE ON vacancies BEGIN "
    "INSERT INTO vacancy_fts(vacancy_fts, rowid, title, skills, description) "
    "VALUES ('delete', old.id, old.title, old.skills, old.description); END",
    "CREATE TRIGGER vacancies_fts_update AFTER UPDATE OF title, skills, description ON vacancies BEGIN "
    "INSERT INTO vacancy_fts(vacancy_fts, rowid, title, skills, description) "
    "VALUES ('delete', old.id, old.title, old.skills, old.description); "
    "INSERT INTO vacancy_fts(rowid, title, skills, description) VALUES (new.id, new.title, new.skills, new.description); END",
]

POSTGRES_FTS = [
    "ALTER TABLE vacancies ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(skills, '') || ' ' || coalesce(description, ''))) STORED",
    "CREATE INDEX ix_vacancies_search ON vacancies USING gin (search_vector)",
]


def create_keyword_index() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}.get(dialect, []):
        op.execute(statement)


def drop_keyword_index() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("vacancies_fts_insert", "vacancies_fts_delete", "vacancies_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS vacancy_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_vacancies_search")
        op.execute("ALTER TABLE vacancies DROP COLUMN IF EXISTS search_vector")
