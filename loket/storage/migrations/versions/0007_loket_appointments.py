"""the physical loket: appointments, short-lived desk answers, vacancy outcomes, account languages

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-23

Written by hand and checked against the models by tests/storage/test_migrations.py on SQLite
and PostgreSQL:
- three new tables: appointments (a unique held_slot makes double bookings impossible),
  desk_answers (a desk question kept for a few hours, redacted) and vacancy_outcomes;
- columns added with plain `op.add_column`, never in batch mode on vacancies (a batch
  "move and copy" would drop the keyword index's triggers): vacancies.closed_at,
  users.locale, loket_settings.slot_minutes;
- desk_visits.channel gains 'by-appointment': its CHECK constraint is replaced (SQLite
  recreates that small table; it has no triggers).
appointments.email is the only personal data: deleted 30 days after the appointment.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None

TOPICS = ('visa-residence', 'dutch-lessons', 'cv-applying', 'training-tracks', 'working-north', 'the-loket',
          'employers', 'vacancies', 'other')
OLD_CHANNELS = "channel IN ('walk-in', 'phone', 'email', 'chat')"
NEW_CHANNELS = "channel IN ('walk-in', 'phone', 'email', 'chat', 'by-appointment')"


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def upgrade() -> None:
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('held_slot', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', _enum('appointment_status', 'booked', 'attended', 'no-show', 'cancelled', 'blocked'), nullable=False),
    sa.Column('topic', _enum('visit_topic', *TOPICS), nullable=True),
    sa.Column('language', _enum('visit_language', 'en', 'nl', 'other'), nullable=True),
    sa.Column('locale', sa.String(length=2), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('visit_logged', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status = 'blocked' OR (topic IS NOT NULL AND language IS NOT NULL)", name=op.f('ck_appointments_booking_details')),
    sa.CheckConstraint("(status = 'cancelled') = (held_slot IS NULL)", name=op.f('ck_appointments_held_while_active')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments')),
    sa.UniqueConstraint('held_slot', name=op.f('uq_appointments_held_slot')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_appointments_token_hash')),
    )
    op.create_index(op.f('ix_appointments_starts_at'), 'appointments', ['starts_at'], unique=False)

    op.create_table('desk_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('question', sa.String(length=1000), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_answers')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_desk_answers_token_hash')),
    )
    op.create_index(op.f('ix_desk_answers_created_at'), 'desk_answers', ['created_at'], unique=False)

    op.create_table('vacancy_outcomes',
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('filled', sa.Boolean(), nullable=True),
    sa.Column('through_portal', sa.Boolean(), nullable=True),
    sa.Column('by_international', sa.Boolean(), nullable=True),
    sa.Column('source', _enum('outcome_source', 'employer', 'staff'), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_vacancy_outcomes_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('vacancy_id', name=op.f('pk_vacancy_outcomes')),
    )

    op.add_column('vacancies', sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('locale', sa.String(length=2), server_default='en', nullable=False))
    op.add_column('loket_settings', sa.Column('slot_minutes', sa.SmallInteger(), server_default='30', nullable=False))
    _replace_check('desk_visits', 'visit_channel', OLD_CHANNELS, NEW_CHANNELS)


def _replace_check(table: str, name: str, old: str | None, new: str | None) -> None:
    """Drop (when `old`) and create (when `new`) the CHECK constraint ck_<table>_<name>.

    SQLite cannot alter a constraint: batch mode recreates the table (desk_visits has no triggers
    and nothing refers to it); PostgreSQL alters it in place."""
    full = f'ck_{table}_{name}'
    with op.batch_alter_table(table) as batch_op:
        if old is not None:
            batch_op.drop_constraint(op.f(full), type_='check')
        if new is not None:
            batch_op.create_check_constraint(op.f(full), new)


def downgrade() -> None:
    op.execute("DELETE FROM desk_visits WHERE channel = 'by-appointment'")
    _replace_check('desk_visits', 'visit_channel', NEW_CHANNELS, OLD_CHANNELS)
    op.drop_column('loket_settings', 'slot_minutes')
    op.drop_column('users', 'locale')
    op.drop_column('vacancies', 'closed_at')  # DROP COLUMN keeps the table and its triggers
    op.drop_table('vacancy_outcomes')
    op.drop_index(op.f('ix_desk_answers_created_at'), table_name='desk_answers')
    op.drop_table('desk_answers')
    op.drop_index(op.f('ix_appointments_starts_at'), table_name='appointments')
    op.drop_table('appointments')
