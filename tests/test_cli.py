"""The `loket` command: init-db, load-demo, import-vacancies."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from loket.storage.models import Vacancy


def test_init_db_and_load_demo_are_idempotent(runner, db):
    result = runner("init-db")
    assert result.exit_code == 0 and "database ready" in result.output
    first = runner("load-demo")
    assert first.exit_code == 0 and "vacancies added" in first.output
    total = db.scalar(select(func.count(Vacancy.id)))
    assert total >= 80
    second = runner("load-demo")
    assert "0 companies and 0 vacancies added" in second.output
    assert db.scalar(select(func.count(Vacancy.id))) == total


def test_init_db_demo_if_empty_only_when_empty(runner, make, db):
    make.vacancy()
    result = runner("init-db", "--demo-if-empty")
    assert "demo data" not in result.output
    assert db.scalar(select(func.count(Vacancy.id))) == 1


def test_import_vacancies_reports_row_and_field_and_imports_nothing(runner, tmp_path, db):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({
        "companies": [{"slug": "x", "name": "X", "city": "Emmen", "province": "drenthe"}],
        "vacancies": [{"ref": "x-1", "company": "x", "title": "Dev", "city": "Emmen", "province": "drenthe",
                       "occupation": "2512", "description": "d", "remote": "hybrid", "contract": "permanent",
                       "seniority": "junior", "posted_date": "2026-11-01", "closing_date": "2026-11-02x",
                       "apply_url": "https://x.example"}],
    }))
    from click.testing import CliRunner

    from loket.cli import main

    result = CliRunner().invoke(main, ["import-vacancies", str(path)])
    assert result.exit_code == 1
    assert "vacancy row 1, field 'closing_date'" in result.output and "nothing imported" in result.output
    assert db.scalar(select(func.count(Vacancy.id))) == 0


@pytest.mark.model
def test_index_computes_the_vectors_of_open_vacancies_once(runner, make, db, cli_env, index_cache):
    # Vectors for the assistant's suggestions are made here (and on import and approval), so that
    # no worker computes them inside a visitor's request.
    from datetime import date, timedelta
    from pathlib import Path

    from loket.storage.models import VacancyVector

    instance = Path(cli_env.config["LOKET_INSTANCE_PATH"])
    instance.mkdir(parents=True, exist_ok=True)
    (instance / "index").symlink_to(index_cache, target_is_directory=True)
    today = date.today()  # the command's own day
    open_one = make.vacancy(posted_date=today, closing_date=today + timedelta(days=30))
    make.vacancy(status="pending", posted_date=today, closing_date=today + timedelta(days=30))
    first = runner("index")
    assert "1 vacancy vectors computed" in first.output
    [row] = db.scalars(select(VacancyVector)).all()
    assert row.vacancy_id == open_one.id and len(row.vector) == 4 * 384
    assert "0 vacancy vectors computed" in runner("index").output
