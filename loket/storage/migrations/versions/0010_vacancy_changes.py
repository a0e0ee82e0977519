"""vacancy_changes: which vacancies each vacancy version changed, so workers update their index

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

Each bump of the 'vacancies' counter writes one row per vacancy it touched (vacancy_id 0: all
of them) with the counter's new value; a worker that has seen version v re-reads only the
vacancies of versions after v. No foreign key: the row of a deleted vacancy must stay. The last
1,000 versions are kept (older ones are deleted by the bump itself).
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'vacancy_changes',
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('vacancy_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('version', 'vacancy_id', name=op.f('pk_vacancy_changes')),
    )


def downgrade() -> None:
    op.drop_table('vacancy_changes')
