"""Posting vacancies through HTTP: the full flow from registration to expiry, the form's
validation, preview with the checker, drafts, edits (trusted and not), duplicates, closing,
the dashboard's counters, and that no form field can set what the employer must not set.

Requests carry CSRF tokens taken from the forms, as a browser would (CSRF stays on).
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from loket.domain.vacancies import Status
from loket.storage import queries
from loket.storage.models import Company, Vacancy
from loket.storage.models.accounts import User

from ..conftest import TODAY
from ..factories import NEW_COMPANY, TEST_PASSWORD


VACANCY = {
    "title": "Junior Python developer",
    "occupation": "2512",
    "seniority": "junior",
    "contract": "permanent",
    "city": "Leeuwarden",
    "province": "fryslan",
    "remote": "hybrid",
    "hours_min": "32",
    "hours_max": "40",
    "language": "en",
    "description": "Build the loket's software with a small team.\n\nWe work in English every day.",
    "requirements": "Experience with Python\nYou like to learn",
    "skills": "Python\nSQL",
    "dutch_level": "none",
    "dutch_timing": "",
    "english_level": "B2",
    "salary_min": "3200",
    "salary_max": "4200",
    "salary_period": "month",
    "visa_sponsorship": "y",
    "closing_date": (TODAY + timedelta(days=30)).isoformat(),
    "apply_url": "https://jobs.noorderlicht.example/python",
    "apply_email": "",
}
NEW = "/employer/vacancies/new"


def text(response) -> str:
    return response.get_data(as_text=True)


def count(db, model, *where) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))


def post_vacancy(forms, action: str, url: str = NEW, **changes):
    """Fill the vacancy form on `url` and press the button `action` (preview, submit, draft, edit)."""
    return forms.submit(url, {**VACANCY, **changes, "action": action})


def vacancies(db) -> list[Vacancy]:
    db.expire_all()
    return list(db.scalars(select(Vacancy).order_by(Vacancy.id)))


def switch_user(auth, email: str, password: str = TEST_PASSWORD) -> None:
    auth.logout()
    assert auth.login(email, password).status_code == 302


# The whole flow -----------------------------------------------------------------------------

def test_full_posting_flow(client, auth, forms, db, make, outbox, runner):
    """Register → staff verifies → post → checker in the preview → submit (pending, not public)
    → staff approve → in the list and the API → `loket expire` after the closing date → closed."""
    staff = make.user(role="staff")

    # An employer registers; the company is unverified.
    assert forms.submit("/register", NEW_COMPANY).status_code == 302
    employer = db.scalars(select(User).where(User.email == NEW_COMPANY["email"])).one()
    company_id = employer.company_id

    # Staff verify the company.
    assert auth.login(staff.email).status_code == 302
    queue = text(client.get("/desk/moderation"))
    assert "Noorderlicht Software" in queue and "Companies waiting for verification (1)" in queue
    verified = forms.submit(f"/desk/moderation/companies/{company_id}/verify", {}, page="/desk/moderation")
    assert verified.status_code == 302
    assert db.get(Company, company_id).verified is True

    # The employer writes a vacancy; the preview shows it with the checker's findings; nothing is written yet.
    switch_user(auth, NEW_COMPANY["email"], NEW_COMPANY["password"])
    assert client.get("/employer").status_code == 200
    wording = "Build our software.\n\nYou are a native English speaker and a young, dynamic rockstar."
    preview = post_vacancy(forms, "preview", description=wording)
    html = text(preview)
    assert preview.status_code == 200
    assert "<h1>Preview</h1>" in html and "Junior Python developer" in html
    assert 'class="finding-phrase">native English speaker</q>' in html
    assert "Why it matters:" in html and "Suggested rewrite:" in html
    assert vacancies(db) == []

    # Submit from the preview: pending, not public.
    submitted = post_vacancy(forms, "submit", description=wording)
    assert submitted.status_code == 302 and submitted.headers["Location"] == "/employer"
    [vacancy] = vacancies(db)
    assert vacancy.status == Status.PENDING and vacancy.company_id == company_id
    assert vacancy.submitted_at is not None and vacancy.fingerprint and vacancy.reviewed_at is None
    dashboard = text(client.get("/employer"))
    assert "Waiting for review (1)" in dashboard and "Junior Python developer" in dashboard
    assert client.get(f"/vacancies/{vacancy.id}").status_code == 404
    assert "Junior Python developer" not in text(client.get("/vacancies"))
    assert client.get(f"/api/v1/vacancies/{vacancy.id}").status_code == 404

    # Staff see it in the queue with its findings, and approve it.
    switch_user(auth, staff.email)
    assert "Junior Python developer" in text(client.get("/desk/moderation"))
    review = text(client.get(f"/desk/moderation/vacancies/{vacancy.id}"))
    assert "native English speaker" in review and "Approve and publish" in review
    version = queries.vacancy_version(db)
    approved = forms.submit(f"/desk/moderation/vacancies/{vacancy.id}/approve", {}, page=f"/desk/moderation/vacancies/{vacancy.id}")
    assert approved.status_code == 302
    db.expire_all()
    vacancy = db.get(Vacancy, vacancy.id)
    assert vacancy.status == Status.PUBLISHED and vacancy.reviewed_by_id == staff.id and vacancy.reviewed_at is not None
    assert vacancy.posted_date == TODAY
    assert queries.vacancy_version(db) == version + 1
    [mail] = [m for m in outbox() if "published" in m["Subject"]]
    assert mail["To"] == NEW_COMPANY["email"] and f"/vacancies/{vacancy.id}" in mail.get_content()

    # Public: in the list, on its page, and in the API.
    auth.logout()
    assert "Junior Python developer" in text(client.get("/vacancies"))
    assert client.get(f"/vacancies/{vacancy.id}").status_code == 200
    api = client.get("/api/v1/vacancies").get_json()
    assert vacancy.id in [item["id"] for item in api["items"]]

    # The day after the closing date, `loket expire` closes it.
    result = runner("expire", "--today", (vacancy.closing_date + timedelta(days=1)).isoformat())
    assert "1 vacancy(ies) closed" in result.output
    db.expire_all()
    assert db.get(Vacancy, vacancy.id).status == Status.CLOSED
    page = text(client.get(f"/vacancies/{vacancy.id}"))
    assert "This vacancy is closed" in page
    assert vacancy.id not in [item["id"] for item in client.get("/api/v1/vacancies").get_json()["items"]]


def test_an_unverified_company_can_submit_but_nothing_is_published(client, auth, forms, db, make):
    staff = make.user(role="staff")
    company = make.company(verified=False)
    employer = make.user(role="employer", company=company)
    auth.login(employer.email)
    assert "waiting for verification" in text(client.get("/employer"))
    assert post_vacancy(forms, "submit").status_code == 302
    [vacancy] = vacancies(db)
    assert vacancy.status == Status.PENDING

    switch_user(auth, staff.email)
    page = f"/desk/moderation/vacancies/{vacancy.id}"
    refused = forms.submit(page + "/approve", {}, page=page)
    assert refused.status_code == 400 and "Verify the company first" in text(refused)
    assert vacancies(db)[0].status == Status.PENDING
    assert client.get(f"/vacancies/{vacancy.id}").status_code == 404


# The form -----------------------------------------------------------------------------------

def test_the_form_has_every_vacancy_field(client, logged_in_employer):
    html = text(client.get(NEW))
    for name in VACANCY:
        assert f'name="{name}"' in html, name
    for name in ("status", "company", "company_id", "verified", "trusted", "ref", "posted_date"):
        assert f'name="{name}"' not in html
    # Every visible input has a label (WCAG 1.3.1, 3.3.2).
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if 'type="hidden"' in tag:
            continue
        field_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'<label for="{field_id}">' in html, field_id


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": ""}, "title", "Enter the job title."),
    ({"title": "x" * 161}, "title", "at most 160"),
    ({"hours_min": "forty"}, "hours_min", "whole number"),
    ({"hours_max": "90"}, "hours_max", "from 1 to 60"),
    ({"apply_url": "javascript:alert(1)"}, "apply_url", "https://"),
    ({"apply_url": "", "apply_email": ""}, "apply_url", "web address or an e-mail address"),
    ({"apply_email": "not an address"}, "apply_email", "e-mail address like"),
    ({"closing_date": "31-02-2026"}, "closing_date", "a real date"),
    ({"closing_date": "61231-02-02"}, "closing_date", "a real date"),
    ({"closing_date": (TODAY - timedelta(days=1)).isoformat()}, "closing_date", "today or later"),
    ({"closing_date": (TODAY + timedelta(days=400)).isoformat()}, "closing_date", "within 365 days"),
    ({"dutch_level": "B1", "dutch_timing": ""}, "dutch_timing", "from the start or within 12 months"),
    ({"salary_min": "5000", "salary_max": "4000"}, "salary_min", "lowest salary"),
    ({"salary_period": ""}, "salary_period", "per hour, per month or per year"),
    ({"occupation": "9999"}, "occupation", "Choose an occupation"),
    ({"province": "utrecht"}, "province", "Choose one of the options"),
    ({"remote": ""}, "remote", "Choose one of the options"),
    ({"skills": "\n".join(f"skill {n}" for n in range(31))}, "skills", "at most 30 skills"),
])
def test_invalid_input_gives_the_form_again_with_errors_and_writes_nothing(client, forms, db, logged_in_employer, changes, field, message):
    # ASVS 2.2.x: server-side validation (parse_vacancy), the message next to its field, 400, nothing written.
    for action in ("preview", "submit", "draft"):
        response = post_vacancy(forms, action, **changes)
        html = text(response)
        assert response.status_code == 400, (action, html[:300])
        assert "<title>Error:" in html and 'role="alert"' in html
        error = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', html, re.S)
        assert error and message in error.group(1), (field, html[html.find("error-summary"):][:600])
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field}"', html)
    assert vacancies(db) == []


def test_several_mistakes_are_shown_at_once_and_typed_values_stay(client, forms, db, logged_in_employer):
    response = post_vacancy(forms, "preview", title="", city="", hours_min="abc", apply_url="ftp://x")
    html = text(response)
    assert response.status_code == 400
    for field in ("title", "city", "hours_min", "apply_url"):
        assert f'href="#{field}"' in html
    assert "Build the loket&#39;s software" in html and 'value="3200"' in html


def test_overlong_request_is_refused(client, forms, logged_in_employer, db):
    response = post_vacancy(forms, "submit", description="x" * 1_100_000)
    assert response.status_code == 413
    assert vacancies(db) == []


def test_preview_carries_the_values_to_submit(client, forms, db, logged_in_employer):
    response = post_vacancy(forms, "preview")
    html = text(response)
    hidden = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', html))
    assert hidden["title"] == VACANCY["title"] and hidden["visa_sponsorship"] == "y"
    assert hidden["description"] == VACANCY["description"].replace("'", "&#39;")
    # Pressing "Change the vacancy" brings the filled-in form back.
    back = post_vacancy(forms, "edit")
    assert back.status_code == 200 and 'value="Junior Python developer"' in text(back)
    assert vacancies(db) == []


def test_the_checker_shows_scam_signals_in_the_preview(client, forms, logged_in_employer):
    html = text(post_vacancy(forms, "preview", description="Pay a registration fee of €50 before you start. WhatsApp us at +31 6 12345678."))
    assert "Scam signal" in html and "finding-block" in html
    assert "a moderator must look at" in html


def test_save_as_draft_is_private(client, forms, db, logged_in_employer):
    assert post_vacancy(forms, "draft").status_code == 302
    [vacancy] = vacancies(db)
    assert vacancy.status == Status.DRAFT and vacancy.submitted_at is None
    assert "Drafts (1)" in text(client.get("/employer"))
    assert client.get(f"/vacancies/{vacancy.id}").status_code == 404
    # Later: submit the draft from its edit page.
    url = f"/employer/vacancies/{vacancy.id}/edit"
    assert 'value="Junior Python developer"' in text(client.get(url))
    assert post_vacancy(forms, "submit", url=url).status_code == 302
    [vacancy] = vacancies(db)
    assert vacancy.status == Status.PENDING


# No mass assignment -------------------------------------------------------------------------

def test_no_form_field_sets_status_company_verification_trust_or_role(client, auth, forms, db, make):
    # ASVS 8.2.x: status, verified, trusted, company and role cannot be set through a form field.
    company = make.company(verified=False)
    employer = make.user(role="employer", company=company)
    other = make.company(slug="someone-else")
    assert auth.login(employer.email).status_code == 302
    extra = {"status": "published", "company": other.slug, "company_id": str(other.id), "verified": "1",
             "trusted": "1", "role": "admin", "reviewed_by_id": str(employer.id), "reviewed_at": "2026-01-01",
             "posted_date": "2020-01-01", "ref": "planted", "fingerprint": "x", "salary_month_max": "99999", "id": "4242"}
    for action in ("submit", "draft"):
        assert forms.submit(NEW, {**VACANCY, **extra, "title": f"Planted {action}", "action": action}).status_code == 302
    first, second = vacancies(db)
    assert first.status == Status.PENDING and second.status == Status.DRAFT
    for vacancy in (first, second):
        assert vacancy.company_id == company.id and vacancy.id != 4242
        assert vacancy.reviewed_by_id is None and vacancy.reviewed_at is None and vacancy.ref is None
        assert vacancy.posted_date == TODAY and vacancy.fingerprint != "x" and vacancy.salary_month_max == 4200
    db.expire_all()
    assert db.get(Company, company.id).verified is False and db.get(Company, company.id).trusted is False
    assert db.get(User, employer.id).role == "employer"
    # Editing a pending vacancy with status=published in the form keeps it pending.
    url = f"/employer/vacancies/{first.id}/edit"
    assert forms.submit(url, {**VACANCY, **extra, "title": "Planted again", "action": "submit"}).status_code == 302
    assert vacancies(db)[0].status == Status.PENDING


# Edits --------------------------------------------------------------------------------------

def test_an_edit_of_a_published_vacancy_goes_back_to_review(client, forms, db, make, logged_in_employer):
    vacancy = make.vacancy(company=logged_in_employer.company, title="Data engineer", status="published")
    version = queries.vacancy_version(db)
    url = f"/employer/vacancies/{vacancy.id}/edit"
    form_page = text(client.get(url))
    assert 'value="Data engineer"' in form_page and "goes back to the loket" in form_page
    assert "Save as draft" not in form_page  # a published vacancy cannot become a draft
    assert post_vacancy(forms, "submit", url=url, title="Data engineer (changed)").status_code == 302
    db.expire_all()
    vacancy = db.get(Vacancy, vacancy.id)
    assert vacancy.status == Status.PENDING and vacancy.title == "Data engineer (changed)"
    assert client.get(f"/vacancies/{vacancy.id}").status_code == 404
    assert queries.vacancy_version(db) == version + 1  # it left the list: assistants refresh


def test_a_published_vacancy_cannot_be_saved_as_draft(client, forms, db, make, logged_in_employer):
    vacancy = make.vacancy(company=logged_in_employer.company, status="published")
    response = post_vacancy(forms, "draft", url=f"/employer/vacancies/{vacancy.id}/edit")
    assert response.status_code == 400 and "cannot become a draft" in text(response)
    assert vacancies(db)[0].status == Status.PUBLISHED


def test_a_trusted_companys_edit_stays_published(client, forms, db, make, auth):
    company = make.company(trusted=True)
    employer = make.user(role="employer", company=company)
    auth.login(employer.email)
    vacancy = make.vacancy(company=company, title="Data engineer", status="published")
    version = queries.vacancy_version(db)
    url = f"/employer/vacancies/{vacancy.id}/edit"
    assert "published at once" in text(client.get(url))
    assert post_vacancy(forms, "submit", url=url, title="Senior data engineer").status_code == 302
    db.expire_all()
    vacancy = db.get(Vacancy, vacancy.id)
    assert vacancy.status == Status.PUBLISHED and vacancy.title == "Senior data engineer"
    assert "Senior data engineer" in text(client.get(f"/vacancies/{vacancy.id}"))
    assert queries.vacancy_version(db) == version + 1


def test_a_trusted_companys_edit_with_scam_signals_goes_to_review(client, forms, db, make, auth):
    company = make.company(trusted=True)
    employer = make.user(role="employer", company=company)
    auth.login(employer.email)
    vacancy = make.vacancy(company=company, status="published")
    url = f"/employer/vacancies/{vacancy.id}/edit"
    scam = "Great job. Send a copy of your passport and your bank details to apply."
    assert post_vacancy(forms, "submit", url=url, description=scam).status_code == 302
    assert vacancies(db)[0].status == Status.PENDING


def test_a_closed_vacancy_cannot_be_edited(client, forms, db, make, logged_in_employer):
    vacancy = make.vacancy(company=logged_in_employer.company, status="closed")
    url = f"/employer/vacancies/{vacancy.id}/edit"
    assert client.get(url).status_code == 302
    assert post_vacancy(forms, "submit", url=url).status_code == 302
    assert vacancies(db)[0].status == Status.CLOSED


# Duplicates ---------------------------------------------------------------------------------

def test_the_same_vacancy_twice_is_refused(client, forms, db, logged_in_employer):
    assert post_vacancy(forms, "submit").status_code == 302
    # Case, spacing and punctuation do not make it another vacancy.
    again = post_vacancy(forms, "submit", title="  junior PYTHON developer!", description=VACANCY["description"].upper())
    assert again.status_code == 400 and "already have this vacancy open or waiting for review" in text(again)
    assert len(vacancies(db)) == 1
    # As a draft it may be kept (nothing is published twice), and a different job is fine.
    assert post_vacancy(forms, "draft").status_code == 302
    assert post_vacancy(forms, "submit", title="Senior Python developer").status_code == 302
    assert [v.status for v in vacancies(db)] == [Status.PENDING, Status.DRAFT, Status.PENDING]


def test_a_duplicate_of_a_closed_vacancy_may_be_posted_again(client, forms, db, logged_in_employer):
    assert post_vacancy(forms, "submit").status_code == 302
    [first] = vacancies(db)
    first.status = Status.CLOSED
    db.commit()
    assert post_vacancy(forms, "submit").status_code == 302


def test_the_same_text_at_another_company_is_not_a_duplicate(client, forms, db, make, auth):
    for n in range(2):
        employer = make.user(role="employer")
        if n:
            auth.logout()
        auth.login(employer.email)
        assert post_vacancy(forms, "submit").status_code == 302
    assert len(vacancies(db)) == 2


# Close --------------------------------------------------------------------------------------

def test_close_a_published_vacancy(client, forms, db, make, logged_in_employer):
    vacancy = make.vacancy(company=logged_in_employer.company, title="Network engineer")
    version = queries.vacancy_version(db)
    page = f"/employer/vacancies/{vacancy.id}"
    assert "Close the vacancy" in text(client.get(page))
    assert client.get(page + "/close").status_code == 405  # no state change on GET
    response = forms.submit(page + "/close", {}, page=page)
    assert response.status_code == 302
    assert vacancies(db)[0].status == Status.CLOSED
    assert queries.vacancy_version(db) == version + 1
    assert "This vacancy is closed" in text(client.get(f"/vacancies/{vacancy.id}"))
    assert "Closed (1)" in text(client.get("/employer"))


def test_only_published_vacancies_can_be_closed(client, forms, db, make, logged_in_employer):
    vacancy = make.vacancy(company=logged_in_employer.company, status="pending")
    page = f"/employer/vacancies/{vacancy.id}"
    response = forms.submit(page + "/close", {}, page=page)
    assert response.status_code == 302
    assert vacancies(db)[0].status == Status.PENDING
    assert "Only a published vacancy can be closed" in text(client.get(page))


# Another employer's vacancies ---------------------------------------------------------------

def test_another_employers_vacancy_is_404_everywhere(client, forms, db, make, logged_in_employer):
    # ASVS 8.2.2: employer A can never read or change employer B's vacancies.
    other = make.vacancy(title="Their vacancy", status="pending")
    base = f"/employer/vacancies/{other.id}"
    assert client.get(base).status_code == 404
    assert client.get(base + "/edit").status_code == 404
    token_page = "/employer/vacancies/new"
    assert forms.submit(base + "/edit", {**VACANCY, "action": "submit"}, page=token_page).status_code == 404
    assert forms.submit(base + "/close", {}, page=token_page).status_code == 404
    assert client.get("/employer/vacancies/99999").status_code == 404
    db.expire_all()
    assert db.get(Vacancy, other.id).title == "Their vacancy" and db.get(Vacancy, other.id).status == Status.PENDING
    assert "Their vacancy" not in text(client.get("/employer"))


# Dashboard ----------------------------------------------------------------------------------

def test_dashboard_groups_by_status_with_views_and_apply_clicks(client, db, make, logged_in_employer):
    company = logged_in_employer.company
    live = make.vacancy(company=company, title="Live one")
    make.vacancy(company=company, title="Waiting one", status="pending")
    make.vacancy(company=company, title="Sent back", status="rejected", rejection_reason="Please add a salary range.")
    make.vacancy(title="Not ours")  # another company
    queries.count_event(db, live.id, TODAY, views=5, apply_clicks=2)
    queries.count_event(db, live.id, TODAY - timedelta(days=29), views=3, apply_clicks=1)
    queries.count_event(db, live.id, TODAY - timedelta(days=30), views=10, apply_clicks=4)  # outside the 30 days
    db.commit()
    html = text(client.get("/employer"))
    assert "Published (1)" in html and "Waiting for review (1)" in html and "Not published: changes needed (1)" in html
    assert "Please add a salary range." in html and "Not ours" not in html
    row = re.search(r"Live one</a>.*?</tr>", html, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", row) == ["8", "18", "3", "7"]


# Expiry and reminders (`loket expire`) ------------------------------------------------------

def test_expire_closes_vacancies_past_their_closing_date(db, make, runner):
    due = make.vacancy(closing_date=TODAY - timedelta(days=1))
    today = make.vacancy(closing_date=TODAY)
    pending = make.vacancy(closing_date=TODAY - timedelta(days=3), status="pending")
    version = queries.vacancy_version(db)
    result = runner("expire", "--today", TODAY.isoformat())
    assert result.exit_code == 0 and "1 vacancy(ies) closed" in result.output
    db.expire_all()
    assert [db.get(Vacancy, v.id).status for v in (due, today, pending)] == [Status.CLOSED, Status.PUBLISHED, Status.PENDING]
    assert queries.vacancy_version(db) == version + 1
    # Run again the same day: nothing more to do, and the version stays.
    assert "0 vacancy(ies) closed" in runner("expire", "--today", TODAY.isoformat()).output
    assert queries.vacancy_version(db) == version + 1


def test_a_reminder_goes_out_once_a_week_before_the_closing_date(app, db, make, runner, outbox):
    company = make.company(name="Waddenzee Data")
    first = make.user(role="employer", company=company, email="first@wadden.example")
    make.user(role="employer", company=company, email="second@wadden.example")
    make.user(role="employer", company=company, email="gone@wadden.example", active=False)
    closing = TODAY + timedelta(days=7)
    vacancy = make.vacancy(company=company, title="Cloud engineer", closing_date=closing)
    make.vacancy(company=company, title="Later", closing_date=TODAY + timedelta(days=8))
    make.vacancy(company=company, title="Draft", closing_date=closing, status="draft")

    assert "0 reminder(s) sent" in runner("expire", "--today", (TODAY - timedelta(days=1)).isoformat()).output
    assert outbox() == []
    assert "1 reminder(s) sent" in runner("expire", "--today", TODAY.isoformat()).output
    mails = outbox()
    assert sorted(m["To"] for m in mails) == ["first@wadden.example", "second@wadden.example"]
    assert all(m["Subject"] == "Your vacancy closes soon: Cloud engineer" for m in mails)
    assert "/employer" in mails[0].get_content()
    db.expire_all()
    assert db.get(Vacancy, vacancy.id).reminder_sent_at is not None
    # Once: the next day only "Later" (now a week away) is reminded, "Cloud engineer" not again.
    assert "1 reminder(s) sent" in runner("expire", "--today", (TODAY + timedelta(days=1)).isoformat()).output
    assert [m["Subject"] for m in outbox()[2:]] == ["Your vacancy closes soon: Later"] * 2
    assert "0 reminder(s) sent" in runner("expire", "--today", (TODAY + timedelta(days=2)).isoformat()).output
    assert first.id


def test_the_expire_command_logs_no_addresses(db, make, runner, caplog):
    company = make.company()
    make.user(role="employer", company=company, email="private.person@wadden.example")
    make.vacancy(company=company, closing_date=TODAY + timedelta(days=2))
    with caplog.at_level("INFO"):
        result = runner("expire", "--today", TODAY.isoformat())
    assert "1 reminder(s) sent" in result.output
    assert "private.person" not in caplog.text and "private.person" not in result.output


def test_the_preview_already_says_it_is_a_duplicate(client, forms, db, logged_in_employer):
    assert post_vacancy(forms, "submit").status_code == 302
    preview = post_vacancy(forms, "preview", title="Junior Python Developer.")
    assert preview.status_code == 400 and "already have this vacancy open or waiting for review" in text(preview)
    assert "Open the vacancy you already have" in text(preview) and "Submit for review" not in text(preview)
    assert len(vacancies(db)) == 1


@pytest.mark.parametrize("typed", ["31-12-2026", "31/12/2026", "2026-12-31"])
def test_a_closing_date_is_read_as_typed_or_as_the_date_picker_sends_it(client, forms, db, logged_in_employer, typed):
    assert post_vacancy(forms, "submit", closing_date=typed).status_code == 302
    assert vacancies(db)[0].closing_date.isoformat() == "2026-12-31"


def test_the_date_field_has_no_contradicting_hint(client, logged_in_employer):
    page = text(client.get(NEW))
    field = re.search(r'<input[^>]*id="closing_date"[^>]*>', page).group(0)
    assert 'type="date"' in field and f'min="{TODAY.isoformat()}"' in field and 'max="2027-11-23"' in field
    assert "YYYY-MM-DD" not in page
