"""The `loket` command: init-db, load-demo, import-vacancies."""
from __future__ import annotations

import json

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
