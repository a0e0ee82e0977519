"""Importing vacancies from JSON and CSV: all or nothing, errors by row and field; the demo data."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from loket.services.demo import DEMO_FILE, load_demo
from loket.services.importing import ImportFailed, Records, import_records, read_file
from loket.storage.models import Company, Vacancy

from ..conftest import TODAY

COMPANY = {"slug": "acme", "name": "Acme", "city": "Assen", "province": "drenthe", "verified": True}


def vacancy_row(ref: str, **fields) -> dict:
    row = {
        "ref": ref, "company": "acme", "title": "Developer", "city": "Assen", "province": "drenthe",
        "occupation": "2512", "description": "Write code.", "remote": "hybrid", "contract": "permanent",
        "seniority": "medior", "salary_min": 3000, "salary_max": 4000, "salary_period": "month",
        "posted_date": "2026-11-01", "closing_date": "2026-12-31", "apply_url": "https://acme.example/jobs",
    }
    row.update(fields)
    return row


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_json_import_adds_companies_and_vacancies(db):
    result = import_records(db, Records([COMPANY], [vacancy_row("a-1"), vacancy_row("a-2", title="Tester")]))
    db.commit()
    assert (result.companies_added, result.vacancies_added) == (1, 2)
    vacancy = db.scalars(select(Vacancy).where(Vacancy.ref == "a-1")).one()
    assert vacancy.company.slug == "acme" and vacancy.salary_month_max == 4000


def test_bad_row_is_reported_by_number_and_field_and_nothing_is_imported(db):
    rows = [vacancy_row("ok-1"), vacancy_row("bad-1", province="utrecht"), vacancy_row("bad-2", apply_url="javascript:alert(1)")]
    with pytest.raises(ImportFailed) as info:
        import_records(db, Records([COMPANY], rows))
    db.rollback()
    assert [(e.row, e.field) for e in info.value.errors] == [(2, "province"), (3, "apply_url")]
    assert count(db, Company) == 0 and count(db, Vacancy) == 0


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"closing_date": ""}, "closing_date"),
        ({"closing_date": "31-12-2026"}, "closing_date"),
        ({"closing_date": "2026-10-01"}, "closing_date"),
        ({"occupation": "9999"}, "occupation"),
        ({"dutch_level": "B1"}, "dutch_timing"),
        ({"salary_min": 5000, "salary_max": 4000}, "salary_min"),
        ({"salary_period": None}, "salary_period"),
        ({"apply_url": None}, "apply_url"),
        ({"apply_url": None, "apply_email": "not-an-email"}, "apply_email"),
        ({"company": "nobody"}, "company"),
        ({"title": "   "}, "title"),
        ({"skills": 5}, "skills"),
        ({"visa_sponsorship": "sometimes"}, "visa_sponsorship"),
    ],
)
def test_each_kind_of_bad_field(db, fields, field):
    with pytest.raises(ImportFailed) as info:
        import_records(db, Records([COMPANY], [vacancy_row("x", **fields)]))
    assert info.value.errors[0].field == field


def test_duplicate_refs_in_one_file_are_an_error(db):
    with pytest.raises(ImportFailed) as info:
        import_records(db, Records([COMPANY], [vacancy_row("same"), vacancy_row("same")]))
    assert info.value.errors[0].field == "ref" and info.value.errors[0].row == 2


def test_reimport_skips_what_is_present(db):
    import_records(db, Records([COMPANY], [vacancy_row("a-1")]))
    db.commit()
    again = import_records(db, Records([COMPANY], [vacancy_row("a-1"), vacancy_row("a-2")]))
    db.commit()
    assert again.vacancies_added == 1 and set(again.skipped) == {"acme", "a-1"}


def test_csv_rows_are_numbered_by_line(tmp_path, db):
    import_records(db, Records([COMPANY], []))
    db.commit()
    path = tmp_path / "v.csv"
    header = "ref,company,title,city,province,occupation,description,remote,contract,seniority,posted_date,closing_date,apply_url,skills,english_only\n"
    good = "c-1,acme,Dev,Assen,drenthe,2512,Code,hybrid,permanent,junior,2026-11-01,2026-12-01,https://a.example,Python;SQL,\n"
    bad = "c-2,acme,Dev,Assen,drenthe,2512,Code,hybrid,permanent,wizard,2026-11-01,2026-12-01,https://a.example,,\n"
    path.write_text(header + good + bad)
    with pytest.raises(ImportFailed) as info:
        import_records(db, read_file(path))
    assert [(e.row, e.field) for e in info.value.errors] == [(3, "seniority")]
    path.write_text(header + good)
    result = import_records(db, read_file(path))
    db.commit()
    assert result.vacancies_added == 1
    assert db.scalars(select(Vacancy).where(Vacancy.ref == "c-1")).one().skill_list == ["Python", "SQL"]


def test_invalid_json_file(tmp_path):
    path = tmp_path / "v.json"
    path.write_text("{not json")
    with pytest.raises(ImportFailed) as info:
        read_file(path)
    assert "not valid JSON" in str(info.value)


def test_demo_data_meets_the_brief():
    data = json.loads(DEMO_FILE.read_text())
    vacancies, companies = data["vacancies"], data["companies"]
    assert len(vacancies) >= 80 and len(companies) >= 20
    for province in ("groningen", "fryslan", "drenthe"):
        assert sum(v["province"] == province for v in vacancies) >= 10
    english = sum(v["dutch_level"] == "none" for v in vacancies)
    assert english > len(vacancies) / 2
    from loket.domain.vacancies import OCCUPATIONS

    assert {v["occupation"] for v in vacancies} == set(OCCUPATIONS)


def test_demo_loads_with_current_dates_and_is_idempotent(db):
    first = load_demo(db, TODAY)
    db.commit()
    second = load_demo(db, TODAY)
    db.commit()
    assert first.vacancies_added >= 80 and second.vacancies_added == 0 and second.companies_added == 0
    reference = date.fromisoformat(json.loads(DEMO_FILE.read_text())["reference_date"])
    newest = db.scalar(select(func.max(Vacancy.posted_date)))
    assert newest <= TODAY and newest >= TODAY - timedelta(days=(TODAY - reference).days + 60)
    open_count = db.scalar(select(func.count()).select_from(Vacancy).where(Vacancy.status == "published", Vacancy.closing_date >= TODAY))
    assert open_count >= 80
