"""Persistence: SQLAlchemy models, the database handle, queries, migrations and imports."""
