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


def _request_context(app: Flask):
    """A request context on the site's own address, for commands that build links (mails): one on
    "localhost" would be refused by the allowed-hosts check (TRUSTED_HOSTS) whenever LOKET_BASE_URL is set."""
    return app.test_request_context("/", base_url=app.config.get("LOKET_BASE_URL") or None)


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
    from werkzeug.serving import WSGIRequestHandler

    class AnonymousRequestLog(WSGIRequestHandler):
        """The request log without the client's address: no IP addresses in our logs."""

        def address_string(self) -> str:
            return "-"

    from .web.assistant.engine import warm_up

    app = _app()
    app.extensions["loket.db"].upgrade()
    click.echo(f"assistant ready in {warm_up(app):.1f} s")
    app.run(host=host, port=port, debug=False, use_reloader=False, request_handler=AnonymousRequestLog)


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
    from .config import load_settings
    from .services.assistant import embedder_from_settings
    from .services.importing import ImportFailed, import_records, read_file

    try:
        records = read_file(file)
        with _database() as db, db.transaction() as session:
            # The new vacancies' vectors for the assistant are computed here, not in a visitor's request.
            result = import_records(session, records, embedder=embedder_from_settings(load_settings()))
    except ImportFailed as exc:
        click.echo(f"{file}: nothing imported, {len(exc.errors)} error(s):", err=True)
        for error in exc.errors:
            click.echo(f"  {error}", err=True)
        sys.exit(1)
    click.echo(f"{file}: {result.companies_added} companies and {result.vacancies_added} vacancies imported, {len(result.skipped)} already present"
               f", {result.vectors_computed} vacancy vectors computed")


@main.command()
@click.argument("question")
@click.option("--lang", type=click.Choice(["en", "nl"]), help="Answer in this language (default: the question's).")
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as POST /api/v1/ask.")
def ask(question: str, lang: str | None, as_json: bool) -> None:
    """Ask the assistant a QUESTION, as the website does (the question is logged, redacted)."""
    import json

    from .web.assistant.routes import BadQuestion, answer_json

    app = _app()
    database = app.extensions["loket.db"]
    try:
        database.upgrade()
        with _request_context(app):
            data = answer_json(question, lang, channel="cli")
    except BadQuestion as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        database.dispose()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if data["notice"]:
        click.echo(data["notice"])
    click.echo(data["answer"])
    for source in data["sources"]:
        click.echo(f"  source: {source['title']} – {source['section']} ({source['url']}, reviewed {source['reviewed']})")
    for vacancy in data["vacancies"]:
        click.echo(f"  vacancy: {vacancy['title']} – {vacancy['company']}, {vacancy['city']} ({vacancy['url']})")
    click.echo(f"  confidence {data['confidence']:.2f}" + (", handed over to the loket" if data["handoff"] else ""))


@main.command()
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=1),
    metavar="DAYS",
    help="Delete questions logged more than DAYS days ago (default: LOKET_QUESTION_RETENTION_DAYS).",
)
def purge(days: int | None) -> None:
    """Delete the assistant's logged questions older than the retention period (run it daily)."""
    from .config import load_settings
    from .services.question_log import purge as purge_questions

    if days is None:
        days = load_settings()["LOKET_QUESTION_RETENTION_DAYS"]
        if days < 1:
            raise click.BadParameter(f"LOKET_QUESTION_RETENTION_DAYS must be at least 1, got {days}", param_hint="--older-than")
    from .services.desk import purge_answers

    with _database() as db, db.session() as session:
        removed = purge_questions(session, days)
        kept = purge_answers(session)
    click.echo(f"{removed} question(s) older than {days} days removed, {kept} expired desk answer(s) removed")


@main.command()
@click.option("--today", "on", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Act as if it is this day (default: today), e.g. to catch up a missed day.")
def expire(on) -> None:
    """Close published vacancies past their closing date and remind employers a week before it (run daily)."""
    from .services import expiry
    from .web.employers import mails

    day = on.date() if on else date.today()
    app = _app()
    database = app.extensions["loket.db"]
    try:
        database.upgrade()
        with _request_context(app), database.session() as session:
            closed = expiry.expire(session, day)
            reminded = expiry.send_reminders(session, day, mails.closing_soon)
    finally:
        database.dispose()
    click.echo(f"{len(closed)} vacancy(ies) closed, {reminded} reminder(s) sent")


@main.group()
def appointments() -> None:
    """Appointments at the loket: reminders and the deletion of personal data (run both daily)."""


# `--now` of the commands run from cron (reminders, digests, purges): a moment to act as if it were.
NOW_OPTION = click.option("--now", "on", type=click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d"]),
                          metavar="YYYY-MM-DD[THH:MM]", help="Act as if it is this moment (UTC; default: now).")


def _now_option(on) -> "datetime":
    from datetime import datetime, timezone

    return on.replace(tzinfo=timezone.utc) if on else datetime.now(timezone.utc)


@appointments.command("remind")
@NOW_OPTION
def appointments_remind(on) -> None:
    """Mail a reminder for each of tomorrow's appointments (once each; a failed mail is tried again next run)."""
    from .services import appointments as appointment_service
    from .services.loket_info import loket_info
    from .web.appointments import mails

    moment = _now_option(on)
    app = _app()
    database = app.extensions["loket.db"]
    try:
        database.upgrade()
        with _request_context(app), database.session() as session:
            info = loket_info(app.config, moment.date(), session)
            sent = appointment_service.send_reminders(session, moment, lambda a: mails.reminder(a, info))
    finally:
        database.dispose()
    click.echo(f"{sent} reminder(s) sent")


@appointments.command("purge")
@NOW_OPTION
def appointments_purge(on) -> None:
    """Delete the e-mail address (and the manage link) of appointments more than 30 days past."""
    from .domain.appointments import RETENTION_DAYS
    from .services import appointments as appointment_service

    with _database() as db, db.session() as session:
        removed = appointment_service.purge(session, _now_option(on))
    click.echo(f"personal data of {removed} appointment(s) older than {RETENTION_DAYS} days deleted")


@main.group()
def alerts() -> None:
    """Job alerts: mail the digests (daily and on Mondays) and delete expired alerts (daily)."""


@alerts.command("send")
@click.option("--frequency", type=click.Choice(["daily", "weekly"]),
              help="Only alerts with this frequency (default: every alert that is due).")
@NOW_OPTION
def alerts_send(frequency: str | None, on) -> None:
    """Mail each confirmed alert the vacancies published since its last digest (each vacancy once)."""
    from .content.figures import get_figures
    from .services import alerts as alert_service
    from .web.alerts import mails

    moment = _now_option(on)
    app = _app()
    database = app.extensions["loket.db"]
    try:
        database.upgrade()
        with _request_context(app), database.session() as session:
            result = alert_service.send_digests(
                session, now=moment, today=moment.date(),
                figures=get_figures(app.config["LOKET_CONTENT_PATH"]), secret_key=app.config["SECRET_KEY"],
                notify=mails.digest, frequency=frequency)
    finally:
        database.dispose()
    click.echo(f"{result.sent} digest(s) sent with {result.vacancies} vacancy(ies)"
               + (f", {result.failed} failed (tried again next run)" if result.failed else "")
               + (f", {result.skipped} alert(s) with filters no longer valid" if result.skipped else ""))
    if result.failed:
        sys.exit(1)


@alerts.command("purge")
@NOW_OPTION
def alerts_purge(on) -> None:
    """Delete alerts not confirmed within 7 days, and alerts without a click-through for 12 months."""
    from .services import alerts as alert_service

    with _database() as db, db.session() as session:
        result = alert_service.purge(session, _now_option(on))
    click.echo(f"{result.unconfirmed} unconfirmed and {result.idle} idle alert(s) deleted with their addresses")


@main.command("create-staff")
@click.argument("email")
@click.option("--admin", is_flag=True, help="An admin instead of desk staff.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line) instead of asking twice.")
def create_staff_command(email: str, admin: bool, password_stdin: bool) -> None:
    """Create a desk staff account for EMAIL (there is no default account)."""
    from .domain.accounts import is_valid_email
    from .domain.passwords import describe
    from .services import accounts

    if not is_valid_email(email):
        raise click.UsageError(f"not an e-mail address: {email!r}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with _database() as db, db.session() as session:
            user = accounts.create_staff(session, email, password, admin=admin)
    except accounts.WeakPassword as exc:
        click.echo("password refused: " + "; ".join(describe(p) for p in exc.problems), err=True)
        sys.exit(1)
    except accounts.EmailTaken:
        click.echo("an account with this e-mail address exists already", err=True)
        sys.exit(1)
    click.echo(f"{user.role} account created: {user.email}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Copy the SQLite database to FILE while the site runs, and check the copy (PostgreSQL: pg_dump)."""
    from .config import load_settings
    from .storage.backup import BackupError, backup as backup_database

    try:
        checked = backup_database(load_settings()["LOKET_DATABASE_URL"], file)
    except BackupError as exc:
        click.echo(f"backup not made: {exc}", err=True)
        sys.exit(1)
    click.echo(f"backup written and checked: {checked.path} ({checked.size} bytes, schema {checked.revision}, "
               f"{checked.vacancies} vacancies, integrity ok)")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data (it is kept as <database>.bak-<time>).")
def restore(file: Path, force: bool) -> None:
    """Replace the SQLite database by the backup FILE, after checking it (PostgreSQL: pg_restore)."""
    from .config import load_settings
    from .storage.backup import BackupError, restore as restore_database, sqlite_path
    from .storage.db import Database
    from .storage.queries import advance_vacancy_version, vacancy_version

    url = load_settings()["LOKET_DATABASE_URL"]
    try:
        seen = _vacancy_version_of(url) if sqlite_path(url).is_file() else 0
        restored = restore_database(url, file, force=force)
    except BackupError as exc:
        click.echo(f"nothing restored: {exc}", err=True)
        sys.exit(1)
    database = Database(url)
    try:
        database.upgrade()  # a backup made by an older version gets this version's schema
        with database.transaction() as session:
            # Running workers rebuild their vacancy suggestions when the version moves on.
            advance_vacancy_version(session, seen)
            version = vacancy_version(session)
    finally:
        database.dispose()
    kept = f"; the previous database is kept as {restored.previous}" if restored.previous else ""
    click.echo(f"restored {file} (schema {restored.checked.revision}, {restored.checked.vacancies} vacancies, "
               f"vacancy version {version}){kept}")


def _vacancy_version_of(url: str) -> int:
    """The vacancy version of the database about to be replaced, 0 when it cannot be read."""
    from sqlalchemy.exc import SQLAlchemyError

    from .storage.db import Database
    from .storage.queries import vacancy_version

    database = Database(url)
    try:
        with database.session() as session:
            return vacancy_version(session)
    except SQLAlchemyError:
        return 0
    finally:
        database.dispose()


def _retriever_for(app: Flask, fake: bool = False):
    from .content import get_content
    from .retrieval import FakeEmbedder, Retriever
    from .services.assistant import embedder_from_settings

    config = app.config
    embedder = FakeEmbedder() if fake else embedder_from_settings(config)
    index_dir = Path(config["LOKET_INSTANCE_PATH"]) / "index"
    return Retriever(get_content(Path(config["LOKET_CONTENT_PATH"])), embedder, index_dir)


@main.command()
def index() -> None:
    """Build (or load, when content and model are unchanged) the assistant's search indexes."""
    import time

    from .services.vacancy_vectors import compute_vectors

    started = time.perf_counter()
    app = _app()
    retriever = _retriever_for(app).warm_up()
    times = retriever.times
    how = "loaded from disk" if times.dense_loaded_from_disk else "built"
    click.echo(f"{len(retriever.table)} sections, index {how} in {time.perf_counter() - started:.1f} s")
    # The open vacancies' vectors for the suggestions, so no worker computes them in a request.
    started = time.perf_counter()
    database = app.extensions["loket.db"]
    try:
        database.upgrade()
        with database.session() as session:
            computed = compute_vectors(session, retriever.embedder, today=date.today())
    finally:
        database.dispose()
    click.echo(f"{computed} vacancy vectors computed in {time.perf_counter() - started:.1f} s")


@main.command("eval")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="dev", show_default=True,
              help="Which part of the evaluation set: tune on dev, report test.")
@click.option("--peers/--no-peers", default=True, show_default=True, help="Also score BM25 alone and the best section's whole text.")
@click.option("--failures", is_flag=True, help="List the wrong answers (dev split only: the test split stays unseen).")
@click.option("--fake", is_flag=True, help="Use the hashed fake embedder (fast, weak): for trying the command only.")
@click.option("--questions", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="A folder of evaluation YAML files (default: eval/questions/).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the headline figures per system to this JSON file.")
@click.option("--legacy", is_flag=True, help="The old page-level set (tests/retrieval/eval_questions.yaml): recall@1/@5, MRR, abstain.")
@click.option("--cache-vectors", is_flag=True, help="Keep query vectors on disk between runs (fast tuning; latencies then mean nothing).")
@click.option("--match", "id_part", default=None, metavar="TEXT", help="Only the items whose id contains TEXT (e.g. '-new-').")
def evaluate_command(split: str, peers: bool, failures: bool, fake: bool, questions: Path | None, json_file: Path | None,
                     legacy: bool, cache_vectors: bool, id_part: str | None) -> None:
    """What a visitor reads: fact accuracy, hand-offs, vacancy fit, page recall and latency, with two peers."""
    if legacy:
        from .retrieval import Answerer
        from .retrieval.evaluation import DEFAULT_QUESTIONS, evaluate, format_table, load_questions

        retriever = _retriever_for(_app(), fake=fake).warm_up()
        click.echo(format_table(evaluate(Answerer(retriever), load_questions(DEFAULT_QUESTIONS))))
        return
    import json
    import sys as _sys

    from .config import load_settings
    from .evaluation import harness, items as eval_items, report

    if failures and split != "dev":
        raise click.UsageError("--failures lists dev items only: the test split is for reporting, not tuning")
    chosen = eval_items.select(eval_items.load_items(questions or eval_items.DEFAULT_DIR), split)
    if id_part:
        chosen = [item for item in chosen if id_part in item.id]
        if not chosen:
            raise click.UsageError(f"no {split} item has an id containing {id_part!r}")
    instance = Path(load_settings()["LOKET_INSTANCE_PATH"]) / "eval"
    app = harness.make_app(instance, fake=fake)
    runner = harness.Harness(app, instance / "query-vectors.npz" if cache_vectors else None)
    systems = harness.SYSTEMS if peers else ("assistant",)

    def progress(done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            print(f"  {done}/{total}", file=_sys.stderr, flush=True)

    results = runner.run(chosen, systems, progress)
    judge = report.Judge(runner.vacancy_rows())
    click.echo(report.report(results, judge, f"{split} split ({len(chosen)} items)"))
    if failures:
        click.echo("\nWrong answers:\n" + "\n".join(report.failures(results["assistant"], judge)))
    if json_file:
        figures = {name: report.summary(outcomes, judge) for name, outcomes in results.items()}
        json_file.write_text(json.dumps({"split": split, "items": len(chosen), "systems": figures}, indent=2), encoding="utf-8")


main.add_command(content_group)


if __name__ == "__main__":  # pragma: no cover
    main()
