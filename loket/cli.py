"""The `loket` command: serve the site and manage its data."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click
from flask import Flask

from . import create_app
from .content.cli import content as content_group
from .storage.db import Database


def _app() -> Flask:
    return create_app()


@contextmanager
def _database() -> Iterator[Database]:
    """The configured database, schema upgraded; its connections are closed when the command ends."""
    db = _app().extensions["loket.db"]
    try:
        db.upgrade()
        yield db
    finally:
        db.dispose()


@click.group()
def main() -> None:
    """Digital Career Loket."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the site with the built-in server (development; use gunicorn in production)."""
    app = _app()
    app.extensions["loket.db"].upgrade()
    app.run(host=host, port=port, debug=False, use_reloader=False)


@main.command("init-db")
@click.option("--demo-if-empty", is_flag=True, help="Load the demo vacancies when the database has none.")
def init_db(demo_if_empty: bool) -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    from sqlalchemy import func, select

    from .storage.models import Vacancy

    with _database() as db:
        click.echo(f"database ready: {db.engine.url.render_as_string(hide_password=True)}")
        if demo_if_empty:
            with db.session() as session:
                empty = not session.scalar(select(func.count(Vacancy.id)))
            if empty:
                _load_demo(db)


def _load_demo(db) -> None:
    from .services.demo import load_demo

    with db.transaction() as session:
        result = load_demo(session, date.today())
    click.echo(f"demo data: {result.companies_added} companies and {result.vacancies_added} vacancies added, {len(result.skipped)} already present")


@main.command("load-demo")
def load_demo_command() -> None:
    """Load the fictional demo companies and vacancies (idempotent)."""
    with _database() as db:
        _load_demo(db)


@main.command("import-vacancies")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_vacancies(file: Path) -> None:
    """Import vacancies (and companies) from a JSON or CSV FILE; all or nothing."""
    from .services.importing import ImportFailed, import_records, read_file

    try:
        records = read_file(file)
        with _database() as db, db.transaction() as session:
            result = import_records(session, records)
    except ImportFailed as exc:
        click.echo(f"{file}: nothing imported, {len(exc.errors)} error(s):", err=True)
        for error in exc.errors:
            click.echo(f"  {error}", err=True)
        sys.exit(1)
    click.echo(f"{file}: {result.companies_added} companies and {result.vacancies_added} vacancies imported, {len(result.skipped)} already present")


main.add_command(content_group)


if __name__ == "__main__":  # pragma: no cover
    main()
