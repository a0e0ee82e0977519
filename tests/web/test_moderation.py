"""Moderation through HTTP: the queue, approve (scam signals need an explicit check), reject
with a reason the employer sees, verify and trust companies, and visitors' reports.

Requests carry CSRF tokens taken from the forms, as a browser would (CSRF stays on).
"""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from loket.domain.vacancies import Status
from loket.storage import queries
from loket.storage.models import Company, Vacancy, VacancyReport

SCAM = "Join us! Pay a registration fee of €75 before your first day. Apply only via WhatsApp."


def text(response) -> str:
    return response.get_data(as_text=True)


def count(db, model, *where) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))


def status_of(db, vacancy) -> Status:
    db.expire_all()
    return db.get(Vacancy, vacancy.id).status


def review_url(vacancy) -> str:
    return f"/desk/moderation/vacancies/{vacancy.id}"


# Queue and review ---------------------------------------------------------------------------

def test_the_queue_lists_pending_vacancies_reports_and_unverified_companies(client, make, logged_in_staff):
    make.vacancy(title="Waiting calmly", status="pending")
    scam = make.vacancy(title="Too good to be true", status="pending", description=SCAM)
    make.vacancy(title="Already live")
    make.company(name="Fresh Startup BV", verified=False)
    html = text(client.get("/desk/moderation"))
    assert "Waiting calmly" in html and "Too good to be true" in html and "Already live" not in html
    assert "card-scam" in html and "scam signal" in html
    assert "Fresh Startup BV" in html and "Verify Fresh Startup BV" in html
    assert f'href="{review_url(scam)}"' in html


def test_review_shows_findings_and_the_scam_check_box(client, make, logged_in_staff):
    vacancy = make.vacancy(status="pending", description=SCAM)
    html = text(client.get(review_url(vacancy)))
    assert "Scam signal" in html and "finding-block" in html
    assert "registration fee" in html and "Why it matters:" in html and "Suggested rewrite:" in html
    assert 'name="scam_checked"' in html and "I checked the scam signals" in html


def test_no_scam_check_box_without_scam_signals(client, make, logged_in_staff):
    vacancy = make.vacancy(status="pending")
    assert 'name="scam_checked"' not in text(client.get(review_url(vacancy)))


def test_approve_publishes_records_who_and_mails_the_employer(client, forms, db, make, logged_in_staff, outbox):
    company = make.company()
    make.user(role="employer", company=company, email="boss@noord.example")
    vacancy = make.vacancy(company=company, title="Support engineer", status="pending", posted_date=make.today.replace(day=1))
    version = queries.vacancy_version(db)
    response = forms.submit(review_url(vacancy) + "/approve", {}, page=review_url(vacancy))
    assert response.status_code == 302 and response.headers["Location"] == "/desk/moderation"
    db.expire_all()
    stored = db.get(Vacancy, vacancy.id)
    assert stored.status == Status.PUBLISHED and stored.reviewed_by_id == logged_in_staff.id
    assert stored.reviewed_at is not None and stored.posted_date == make.today
    assert queries.vacancy_version(db) == version + 1
    [mail] = outbox()
    assert mail["To"] == "boss@noord.example" and mail["Subject"] == "Your vacancy is published: Support engineer"


def test_scam_signals_block_approval_until_checked(client, forms, db, make, logged_in_staff):
    vacancy = make.vacancy(status="pending", description=SCAM)
    refused = forms.submit(review_url(vacancy) + "/approve", {}, page=review_url(vacancy))
    assert refused.status_code == 400 and "tick “I checked the scam signals”" in text(refused)
    assert status_of(db, vacancy) == Status.PENDING
    approved = forms.submit(review_url(vacancy) + "/approve", {"scam_checked": "y"}, page=review_url(vacancy))
    assert approved.status_code == 302
    assert status_of(db, vacancy) == Status.PUBLISHED


def test_a_vacancy_past_its_closing_date_cannot_be_approved(client, forms, db, make, logged_in_staff):
    from datetime import timedelta

    vacancy = make.vacancy(status="pending", posted_date=make.today - timedelta(days=20), closing_date=make.today - timedelta(days=1))
    refused = forms.submit(review_url(vacancy) + "/approve", {}, page=review_url(vacancy))
    assert refused.status_code == 400 and "closing date has passed" in text(refused)
    assert status_of(db, vacancy) == Status.PENDING


@pytest.mark.parametrize("status", ["published", "rejected", "closed"])
def test_only_pending_vacancies_can_be_approved_or_rejected(client, forms, db, make, logged_in_staff, status):
    vacancy = make.vacancy(status=status)
    page = "/desk/moderation"
    assert forms.submit(review_url(vacancy) + "/approve", {}, page=page).status_code == 400
    assert forms.submit(review_url(vacancy) + "/reject", {"reason": "No."}, page=page).status_code == 400
    assert status_of(db, vacancy) == Status(status)


def test_staff_get_404_on_a_draft_and_change_nothing(client, forms, db, make, logged_in_staff):
    # The employer is told nobody else sees a draft: not even the moderators (ASVS 8.2.2).
    draft = make.vacancy(status="draft", title="Secret draft")
    assert client.get(review_url(draft)).status_code == 404
    for action, data in (("/approve", {}), ("/reject", {"reason": "No."})):
        assert forms.submit(review_url(draft) + action, data, page="/desk/moderation").status_code == 404
    assert status_of(db, draft) == Status.DRAFT
    assert "Secret draft" not in text(client.get("/desk/moderation"))
    for other in ("pending", "published"):  # moderation sees pending and published vacancies
        assert client.get(review_url(make.vacancy(status=other))).status_code == 200


def test_reject_needs_a_reason_that_the_employer_sees(client, auth, forms, db, make, logged_in_staff, outbox):
    company = make.company()
    employer = make.user(role="employer", company=company)
    vacancy = make.vacancy(company=company, title="Tester", status="pending")
    empty = forms.submit(review_url(vacancy) + "/reject", {"reason": "   "}, page=review_url(vacancy))
    assert empty.status_code == 400 and "Tell the employer why" in text(empty)
    assert status_of(db, vacancy) == Status.PENDING and outbox() == []
    too_long = forms.submit(review_url(vacancy) + "/reject", {"reason": "x" * 1001}, page=review_url(vacancy))
    assert too_long.status_code == 400 and status_of(db, vacancy) == Status.PENDING

    reason = "Please add a salary range and remove 'young'. <b>Thanks</b>"
    assert forms.submit(review_url(vacancy) + "/reject", {"reason": reason}, page=review_url(vacancy)).status_code == 302
    db.expire_all()
    stored = db.get(Vacancy, vacancy.id)
    assert stored.status == Status.REJECTED and stored.rejection_reason == reason
    assert stored.reviewed_by_id == logged_in_staff.id
    [mail] = outbox()
    assert mail["To"] == employer.email and "Please add a salary range" in mail.get_content()

    auth.logout()
    auth.login(employer.email)
    dashboard = text(client.get("/employer"))
    assert "Not published: changes needed (1)" in dashboard
    assert "Please add a salary range and remove &#39;young&#39;. &lt;b&gt;Thanks&lt;/b&gt;" in dashboard  # escaped
    assert "Please add a salary range" in text(client.get(f"/employer/vacancies/{vacancy.id}/edit"))


# Companies ----------------------------------------------------------------------------------

def test_verify_and_trust_a_company(client, forms, db, make, logged_in_staff):
    company = make.company(name="Lauwersmeer Labs", verified=False)
    page = "/desk/moderation/companies"
    html = text(client.get(page))
    assert "Lauwersmeer Labs" in html and "Verify Lauwersmeer Labs" in html and "Trust Lauwersmeer Labs" in html
    response = forms.submit(f"/desk/moderation/companies/{company.id}/verify", {"next": page}, page=page)
    assert response.status_code == 302 and response.headers["Location"] == page
    assert forms.submit(f"/desk/moderation/companies/{company.id}/trusted", {"trusted": "1"}, page=page).status_code == 302
    db.expire_all()
    stored = db.get(Company, company.id)
    assert stored.verified is True and stored.trusted is True
    assert "Stop trusting Lauwersmeer Labs" in text(client.get(page))
    assert forms.submit(f"/desk/moderation/companies/{company.id}/trusted", {"trusted": "0"}, page=page).status_code == 302
    db.expire_all()
    assert db.get(Company, company.id).trusted is False
    assert forms.submit(f"/desk/moderation/companies/{company.id}/trusted", {"trusted": "yes"}, page=page).status_code == 400


def test_verify_only_returns_to_our_own_pages(client, forms, make, logged_in_staff):
    company = make.company(verified=False)
    response = forms.submit(f"/desk/moderation/companies/{company.id}/verify", {"next": "https://evil.example/"}, page="/desk/moderation")
    assert response.headers["Location"] == "/desk/moderation/companies"


def test_unknown_ids_are_404(client, forms, logged_in_staff):
    page = "/desk/moderation"
    assert client.get("/desk/moderation/vacancies/999").status_code == 404
    assert forms.submit("/desk/moderation/vacancies/999/approve", {}, page=page).status_code == 404
    assert forms.submit("/desk/moderation/companies/999/verify", {}, page=page).status_code == 404
    assert forms.submit("/desk/moderation/reports/999/resolve", {}, page=page).status_code == 404


def test_moderation_needs_a_csrf_token(client, make, logged_in_staff, db):
    vacancy = make.vacancy(status="pending")
    assert client.post(review_url(vacancy) + "/approve", data={}).status_code == 400
    assert status_of(db, vacancy) == Status.PENDING


# Reports ------------------------------------------------------------------------------------

def test_every_public_vacancy_page_links_to_the_report_form(client, make):
    vacancy = make.vacancy()
    closed = make.vacancy(status="closed")
    for v in (vacancy, closed):
        html = text(client.get(f"/vacancies/{v.id}"))
        assert f'href="/vacancies/{v.id}/report"' in html and "Report this vacancy" in html
    form = text(client.get(f"/vacancies/{vacancy.id}/report"))
    assert 'name="reason"' in form and 'name="message"' in form and 'name="contact"' in form and 'name="csrf_token"' in form


def test_a_report_goes_to_the_queue_and_resolving_deletes_the_contact(client, auth, forms, db, make, caplog):
    vacancy = make.vacancy(title="Suspicious job")
    url = f"/vacancies/{vacancy.id}/report"
    message = "They asked me for €200. Call me on 06-12345678 or mail me at me@private.example"
    with caplog.at_level(logging.DEBUG):
        response = forms.submit(url, {"reason": "scam", "message": message, "contact": " Me@Private.example "})
    assert response.status_code == 200 and "Thank you for your report" in text(response)
    report = db.scalars(select(VacancyReport)).one()
    assert report.vacancy_id == vacancy.id and report.reason == "scam" and report.resolved_at is None
    assert report.contact == "me@private.example"
    assert "06-12345678" not in report.message and "me@private.example" not in report.message  # redacted
    assert "[phone]" in report.message and "€200" in report.message
    assert "private.example" not in caplog.text

    staff = make.user(role="staff")
    auth.login(staff.email)
    queue = text(client.get("/desk/moderation"))
    assert "Reports from visitors (1)" in queue and "Suspicious job" in queue and "me@private.example" in queue
    assert forms.submit(f"/desk/moderation/reports/{report.id}/resolve", {}, page="/desk/moderation").status_code == 302
    db.expire_all()
    report = db.get(VacancyReport, report.id)
    assert report.resolved_at is not None and report.resolved_by_id == staff.id and report.contact is None
    assert "Reports from visitors (0)" in text(client.get("/desk/moderation"))


@pytest.mark.parametrize(("data", "message"), [
    ({"reason": ""}, "Choose a reason."),
    ({"reason": "boring"}, "Choose a reason from the list."),
    ({"reason": "other", "message": "x" * 1001}, "at most 1000"),
    ({"reason": "other", "contact": "not-an-address"}, "e-mail address like"),
    ({"reason": "other", "contact": "a" * 250 + "@x.nl"}, "at most 254"),
])
def test_invalid_reports_give_the_form_again_and_write_nothing(client, forms, db, make, data, message):
    vacancy = make.vacancy()
    response = forms.submit(f"/vacancies/{vacancy.id}/report", data)
    html = text(response)
    assert response.status_code == 400 and message in html
    assert "<title>Error:" in html and 'role="alert"' in html
    assert count(db, VacancyReport) == 0


def test_reports_need_csrf_and_a_public_vacancy(client, forms, db, make):
    vacancy = make.vacancy()
    assert client.post(f"/vacancies/{vacancy.id}/report", data={"reason": "scam"}).status_code == 400
    pending = make.vacancy(status="pending")
    assert client.get(f"/vacancies/{pending.id}/report").status_code == 404
    assert forms.submit(f"/vacancies/{pending.id}/report", {"reason": "scam"}, page=f"/vacancies/{vacancy.id}/report").status_code == 404
    assert count(db, VacancyReport) == 0


def test_reports_are_rate_limited(client, forms, db, make):
    vacancy = make.vacancy()
    url = f"/vacancies/{vacancy.id}/report"
    for _ in range(5):
        assert forms.submit(url, {"reason": "other"}).status_code == 200
    limited = forms.submit(url, {"reason": "other"})
    assert limited.status_code == 429 and "Too many requests" in text(limited)
    assert count(db, VacancyReport) == 5


def test_report_contact_is_deleted_with_nothing_else_personal_stored(db, make):
    from loket.services import moderation

    vacancy = make.vacancy()
    report = moderation.report_vacancy(db, vacancy, "other", "My IBAN is NL91ABNA0417164300", None)
    assert report.contact is None and "NL91ABNA0417164300" not in report.message
    assert {c.name for c in VacancyReport.__table__.columns} == {
        "id", "vacancy_id", "reason", "message", "contact", "created_at", "resolved_at", "resolved_by_id"}


def test_approval_through_the_desk_stores_the_vector(client, forms, db, make, logged_in_staff, assistant):
    vacancy = make.vacancy(status="pending", title="Support engineer")
    page = f"/desk/moderation/vacancies/{vacancy.id}"
    assert forms.submit(page + "/approve", {}, page=page).status_code == 302
    from sqlalchemy import select

    from loket.storage.models import VacancyVector

    # Its vector for the assistant's suggestions is computed now, not in a visitor's request.
    row = db.scalar(select(VacancyVector).where(VacancyVector.vacancy_id == vacancy.id))
    assert row is not None and row.model == assistant.embedder.name
