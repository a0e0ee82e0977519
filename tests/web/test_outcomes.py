"""How vacancies ended: asked when the employer closes one, on the dashboard after expiry, recorded by
staff when the desk hears of it; and the figures on the dashboard and in the CSV from known answers."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

from loket.storage.models import Vacancy, VacancyOutcome


def text(response) -> str:
    return response.get_data(as_text=True)


def outcome(db, vacancy) -> VacancyOutcome | None:
    db.expire_all()
    return db.get(VacancyOutcome, vacancy.id)


def test_closing_asks_how_it_ended_in_one_step(client, forms, db, make, logged_in_employer):
    vacancy = make.vacancy(company=logged_in_employer.company)
    page = text(client.get(f"/employer/vacancies/{vacancy.id}"))
    assert "Was the vacancy filled?" in page and "Did the person find it through this portal?" in page
    response = forms.submit(f"/employer/vacancies/{vacancy.id}/close",
                            {"filled": "yes", "through_portal": "yes", "by_international": "unknown"},
                            page=f"/employer/vacancies/{vacancy.id}")
    assert response.status_code == 302
    db.expire_all()
    closed = db.get(Vacancy, vacancy.id)
    assert closed.status == "closed" and closed.closed_at is not None
    recorded = outcome(db, vacancy)
    assert (recorded.filled, recorded.through_portal, recorded.by_international, recorded.source) == (True, True, None, "employer")


def test_closing_without_answers_keeps_dont_know_and_a_no_drops_the_rest(client, forms, db, make, logged_in_employer):
    quiet = make.vacancy(company=logged_in_employer.company)
    forms.submit(f"/employer/vacancies/{quiet.id}/close", {}, page="/employer")
    assert (outcome(db, quiet).filled, outcome(db, quiet).through_portal) == (None, None)
    unfilled = make.vacancy(company=logged_in_employer.company)
    forms.submit(f"/employer/vacancies/{unfilled.id}/close", {"filled": "no", "through_portal": "yes"}, page="/employer")
    assert (outcome(db, unfilled).filled, outcome(db, unfilled).through_portal) == (False, None)
    bad = make.vacancy(company=logged_in_employer.company)
    assert forms.submit(f"/employer/vacancies/{bad.id}/close", {"filled": "maybe"}, page="/employer").status_code == 400
    db.expire_all()
    assert db.get(Vacancy, bad.id).status == "published" and outcome(db, bad) is None


def test_an_expired_vacancy_is_asked_about_on_the_dashboard(client, forms, db, make, logged_in_employer, runner):
    expired = make.vacancy(company=logged_in_employer.company, title="Expired job", closing_date=date(2026, 11, 22))
    runner("expire", "--today", "2026-11-23")
    page = text(client.get("/employer"))
    assert "How did this vacancy end?" in page and "Expired job" in page
    assert f'action="/employer/vacancies/{expired.id}/outcome"' in page
    forms.submit(f"/employer/vacancies/{expired.id}/outcome", {"filled": "yes", "through_portal": "no",
                                                                "by_international": "yes"}, page="/employer")
    assert (outcome(db, expired).filled, outcome(db, expired).by_international) == (True, True)
    assert "How did this vacancy end?" not in text(client.get("/employer"))


def test_another_company_cannot_record_an_outcome(client, forms, db, make, logged_in_employer):
    other = make.vacancy(status="closed")
    assert forms.submit(f"/employer/vacancies/{other.id}/outcome", {"filled": "yes"}, page="/employer").status_code == 404
    assert outcome(db, other) is None


def test_staff_record_what_the_desk_hears_but_not_over_the_employers_answer(client, forms, db, make, logged_in_staff):
    heard = make.vacancy(title="Heard of at the desk", status="closed")
    answered = make.vacancy(title="Answered by the employer", status="closed")
    db.add(VacancyOutcome(vacancy_id=answered.id, filled=False, source="employer"))
    db.commit()
    draft = make.vacancy(title="A draft", status="draft")
    page = text(client.get("/desk/outcomes"))
    assert "Heard of at the desk" in page and "The employer answered:" in page and "A draft" not in page
    assert "Heard of at the desk" in text(client.get("/desk/outcomes?q=heard")) and "Answered by" not in text(client.get("/desk/outcomes?q=heard"))
    forms.submit(f"/desk/outcomes/{heard.id}", {"filled": "yes", "through_portal": "yes", "by_international": "yes"},
                 page="/desk/outcomes")
    assert outcome(db, heard).source == "staff" and outcome(db, heard).filled is True
    refused = forms.submit(f"/desk/outcomes/{answered.id}", {"filled": "yes"}, page="/desk/outcomes")
    assert refused.status_code == 303 and outcome(db, answered).filled is False
    assert "their answer stands" in text(client.get("/desk/outcomes"))
    assert forms.submit(f"/desk/outcomes/{draft.id}", {"filled": "yes"}, page="/desk/outcomes").status_code == 404


def test_the_dashboard_and_csv_show_the_outcome_and_appointment_figures(client, db, make, logged_in_staff):
    from loket.storage.models.desk import Appointment

    company = make.company()
    for day, filled, portal, international in (("2026-11-03", True, True, True), ("2026-11-04", False, None, None),
                                               ("2026-11-05", None, None, None), ("2026-11-06", True, False, True)):
        v = make.vacancy(company, status="closed", closed_at=datetime.fromisoformat(f"{day}T12:00:00+00:00"))
        db.add(VacancyOutcome(vacancy_id=v.id, filled=filled, through_portal=portal, by_international=international,
                              source="employer"))
    for clock, status in (("09:00", "attended"), ("09:30", "no-show"), ("10:00", "booked")):
        start = datetime.fromisoformat(f"2026-11-04T{clock}:00+00:00")
        db.add(Appointment(starts_at=start, ends_at=start, held_slot=start, status=status, topic="other", language="en",
                           locale="en", sequence=0, visit_logged=False))
    db.commit()
    page = text(client.get("/desk/dashboard?from=2026-11-02&to=2026-11-08&period=week"))
    for figure, value in (("filled_rate", "66.7"), ("through_portal_rate", "33.3"), ("by_international_rate", "66.7"),
                          ("vacancies_closed", "4"), ("outcomes_known", "3"), ("appointments_booked", "3"),
                          ("appointments_attended", "1"), ("appointments_no_show", "1")):
        assert f'<td data-figure="{figure}">{value}</td>' in page, figure
    rows = list(csv.DictReader(io.StringIO(client.get("/desk/dashboard.csv?from=2026-11-02&to=2026-11-08&period=week").data.decode())))
    assert (rows[0]["filled_rate"], rows[0]["through_portal_rate"], rows[0]["by_international_rate"]) == ("66.7", "33.3", "66.7")
    assert (rows[0]["appointments_booked"], rows[0]["appointments_attended"], rows[0]["appointments_no_show"]) == ("3", "1", "1")
