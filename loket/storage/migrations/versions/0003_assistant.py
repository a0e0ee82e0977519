"""assistant: question log, vacancy vectors and shared counters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

question_logs holds the assistant's questions after redaction, with no IP address, account or
user agent; `loket purge` deletes rows older than LOKET_QUESTION_RETENTION_DAYS.
vacancy_vectors and counters let every worker reuse vacancy embeddings and notice changes.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('counters',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counters'))
    )
    op.create_table('question_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('question', sa.String(length=1000), nullable=False),
    sa.Column('language', sa.Enum('en', 'nl', name='language', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('question_language', sa.Enum('en', 'nl', 'other', name='question_language', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('handoff', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('source_ids', sa.Text(), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('latency_ms', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('web', 'api', 'cli', 'desk', name='channel', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('feedback', sa.Enum('up', 'down', name='feedback', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('feedback_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feedback_token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_logs')),
    sa.UniqueConstraint('feedback_token', name=op.f('uq_question_logs_feedback_token'))
    )
    with op.batch_alter_table('question_logs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_logs_created_at'), ['created_at'], unique=False)

    op.create_table('vacancy_vectors',
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=120), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_vacancy_vectors_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('vacancy_id', name=op.f('pk_vacancy_vectors'))
    )


def downgrade() -> None:
    op.drop_table('vacancy_vectors')
    with op.batch_alter_table('question_logs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_logs_created_at'))

    op.drop_table('question_logs')
    op.drop_table('counters')
