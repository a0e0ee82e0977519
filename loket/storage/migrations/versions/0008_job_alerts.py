"""job alerts: saved searches mailed daily or weekly, and the vacancies each has mailed

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Written by hand and checked against the models by tests/storage/test_migrations.py on SQLite
and PostgreSQL. Two new tables, nothing else changes:
- job_alerts: job_alerts.email is the only personal data, deleted with the row on
  unsubscribe, 7 days after an unconfirmed subscription and 12 months after the last
  confirmed click-through (delete_after);
- job_alert_deliveries: which vacancy an alert has mailed, so none is mailed twice.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('job_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('query', sa.String(length=1000), nullable=False),
    sa.Column('locale', sa.String(length=2), nullable=False),
    sa.Column('frequency', sa.Enum('daily', 'weekly', name='alert_frequency', native_enum=False,
                                   create_constraint=True, length=20), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_clicked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delete_after', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_alerts')),
    sa.UniqueConstraint('nonce', name=op.f('uq_job_alerts_nonce')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_job_alerts_token_hash')),
    )
    op.create_index(op.f('ix_job_alerts_email'), 'job_alerts', ['email'], unique=False)
    op.create_index(op.f('ix_job_alerts_delete_after'), 'job_alerts', ['delete_after'], unique=False)

    op.create_table('job_alert_deliveries',
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['alert_id'], ['job_alerts.id'], name=op.f('fk_job_alert_deliveries_alert_id_job_alerts'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_job_alert_deliveries_vacancy_id_vacancies'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('alert_id', 'vacancy_id', name=op.f('pk_job_alert_deliveries')),
    )


def downgrade() -> None:
    op.drop_table('job_alert_deliveries')
    op.drop_index(op.f('ix_job_alerts_delete_after'), table_name='job_alerts')
    op.drop_index(op.f('ix_job_alerts_email'), table_name='job_alerts')
    op.drop_table('job_alerts')
