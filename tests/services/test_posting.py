"""The posting, moderation and expiry services, without HTTP."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from loket.domain.records import RecordError
from loket.domain.vacancies import Status
from loket.services import expiry, moderation, posting
from loket.storage import queries

from ..conftest import TODAY

RECORD = {
    "title": "Junior Python developer",
    "occupation": "2512",
    "seniority": "junior",
    "contract": "permanent",
    "city": "Groningen",
    "province": "groningen",
    "remote": "hybrid",
    "language": "en",
    "description": "Build software for the north.",
    "salary_min": "3000",
    "salary_max": "4000",
    "salary_period": "month",
    "hours_max": "40",
    "closing_date": (TODAY + timedelta(days=20)).isoformat(),
    "apply_url": "https://jobs.example/1",
}


# Validation and fingerprints ----------------------------------------------------------------

def test_vacancy_fields_reads_only_the_form_fields(make):
    company = make.company()
    extra = {"status": "published", "company": "someone-else", "verified": True, "ref": "x", "posted_date": "2000-01-01",
             "salary_month_max": 1, "fingerprint": "x", "reviewed_by_id": 1}
    fields = posting.vacancy_fields({**RECORD, **extra}, company, TODAY)
    assert set(fields) == set(posting.WRITTEN_FIELDS)
    assert "status" not in fields and "company" not in fields and "ref" not in fields
    assert fields["salary_month_max"] == 4000 and fields["closing_date"] == TODAY + timedelta(days=20)


@pytest.mark.parametrize(("changes", "field"), [
    ({"closing_date": (TODAY - timedelta(days=1)).isoformat()}, "closing_date"),
    ({"closing_date": (TODAY + timedelta(days=366)).isoformat()}, "closing_date"),
    ({"apply_url": "javascript:alert(1)"}, "apply_url"),
    ({"title": ""}, "title"),
])
def test_vacancy_fields_refuses_bad_records(make, changes, field):
    with pytest.raises(RecordError) as error:
        posting.vacancy_fields({**RECORD, **changes}, make.company(), TODAY)
    assert error.value.field == field


def test_closing_today_is_allowed(make):
    assert posting.vacancy_fields({**RECORD, "closing_date": TODAY.isoformat()}, make.company(), TODAY)["closing_date"] == TODAY


def test_fingerprint_ignores_case_accents_punctuation_and_spacing():
    a = posting.fingerprint(1, "Junior Python developer", "Leeuwarden", "Build  software,\nfor the north!")
    b = posting.fingerprint(1, " junior python DEVELOPER ", "leeuwarden", "build software for the north")
    assert a == b and len(a) == 64
    assert posting.fingerprint(1, "Café lead", "Sneek", "x") == posting.fingerprint(1, "Cafe lead", "Sneek", "x")
    assert posting.fingerprint(2, "Junior Python developer", "Leeuwarden", "Build software for the north") != a
    assert posting.fingerprint(1, "Senior Python developer", "Leeuwarden", "Build software for the north") != a
    assert posting.fingerprint(1, "Junior Python developer", "Groningen", "Build software for the north") != a


def test_check_runs_on_fields_and_on_stored_vacancies(make):
    company = make.company()
    fields = posting.vacancy_fields({**RECORD, "description": "Native speaker of English wanted."}, company, TODAY)
    codes = {f.code for f in posting.check(fields)}
    assert "native-speaker" in codes
    assert "scam-free-mail" in {f.code for f in posting.check(fields, "boss@gmail.com")}
    stored = make.vacancy(company=company, description="Native speaker of English wanted.")
    assert "native-speaker" in {f.code for f in posting.check(stored)}


# Submitting and duplicates ------------------------------------------------------------------

def test_submit_and_duplicates(db, make):
    company = make.company()
    fields = posting.vacancy_fields(RECORD, company, TODAY)
    first = posting.submit(db, company, fields, TODAY)
    assert first.status == Status.PENDING and first.company_id == company.id and first.posted_date == TODAY
    with pytest.raises(posting.DuplicateVacancy) as error:
        posting.submit(db, company, fields, TODAY)
    assert error.value.other.id == first.id
    # Editing the same vacancy is not a duplicate of itself.
    assert posting.submit(db, company, fields, TODAY, vacancy=first).id == first.id
    # A rejected, draft or expired vacancy does not block a new submission.
    for status, closing in ((Status.REJECTED, TODAY), (Status.DRAFT, TODAY), (Status.PUBLISHED, TODAY - timedelta(days=1))):
        first.status = status
        first.closing_date = closing
        db.commit()
        assert posting.find_duplicate(db, company.id, first.fingerprint, TODAY) is None


def test_trusted_edit_needs_verified_trusted_and_no_scam(db, make):
    for verified, trusted, description, expected in [
        (True, True, "Build software for the north.", Status.PUBLISHED),
        (True, False, "Build software for the north.", Status.PENDING),
        (False, True, "Build software for the north.", Status.PENDING),
        (True, True, "Send us a copy of your passport first.", Status.PENDING),
    ]:
        company = make.company(verified=verified, trusted=trusted)
        vacancy = make.vacancy(company=company, status="published")
        fields = posting.vacancy_fields({**RECORD, "description": description}, company, TODAY)
        assert posting.submit(db, company, fields, TODAY, vacancy=vacancy).status == expected, (verified, trusted, description)


def test_drafts_and_close(db, make):
    company = make.company()
    fields = posting.vacancy_fields(RECORD, company, TODAY)
    draft = posting.save_draft(db, company, fields, TODAY)
    assert draft.status == Status.DRAFT
    with pytest.raises(posting.PostingError):
        posting.close(db, draft)
    published = make.vacancy(company=company)
    with pytest.raises(posting.PostingError) as error:
        posting.save_draft(db, company, fields, TODAY, vacancy=published)
    assert error.value.code == "published"
    version = queries.vacancy_version(db)
    assert posting.close(db, published).status == Status.CLOSED
    assert queries.vacancy_version(db) == version + 1
    with pytest.raises(posting.PostingError) as error:
        posting.submit(db, company, fields, TODAY, vacancy=published)
    assert error.value.code == "not-editable"


def test_own_vacancy_is_scoped_to_the_company(make, db):
    mine, theirs = make.company(), make.company()
    vacancy = make.vacancy(company=theirs)
    assert posting.own_vacancy(db, mine.id, vacancy.id) is None
    assert posting.own_vacancy(db, None, vacancy.id) is None
    assert posting.own_vacancy(db, theirs.id, vacancy.id).id == vacancy.id


def test_a_new_closing_date_gets_a_new_reminder(db, make):
    company = make.company(trusted=True)
    vacancy = make.vacancy(company=company, reminder_sent_at=datetime(2026, 11, 20, tzinfo=timezone.utc))
    fields = posting.vacancy_fields({**RECORD, "closing_date": (TODAY + timedelta(days=60)).isoformat()}, company, TODAY)
    assert posting.submit(db, company, fields, TODAY, vacancy=vacancy).reminder_sent_at is None


# Moderation ---------------------------------------------------------------------------------

def test_approve_and_reject_rules(db, make):
    staff = make.user(role="staff")
    unverified = make.vacancy(company=make.company(verified=False), status="pending")
    with pytest.raises(moderation.ModerationError) as error:
        moderation.approve(db, unverified, staff, TODAY)
    assert error.value.code == "company-unverified"
    scam = make.vacancy(status="pending", description="Apply only via WhatsApp +31 6 12345678.")
    with pytest.raises(moderation.ModerationError) as error:
        moderation.approve(db, scam, staff, TODAY)
    assert error.value.code == "scam-unchecked"
    assert moderation.approve(db, scam, staff, TODAY, scam_checked=True).status == Status.PUBLISHED
    with pytest.raises(moderation.ModerationError) as error:
        moderation.reject(db, make.vacancy(status="pending"), staff, "  ")
    assert error.value.code == "reason-required"


def test_the_queue_is_oldest_first_with_findings(db, make):
    early = make.vacancy(status="pending", submitted_at=datetime(2026, 11, 1, tzinfo=timezone.utc), description="Native speaker wanted.")
    late = make.vacancy(status="pending", submitted_at=datetime(2026, 11, 20, tzinfo=timezone.utc))
    make.vacancy(status="draft")
    items = moderation.pending_queue(db)
    assert [i.vacancy.id for i in items] == [early.id, late.id]
    assert [f.code for f in items[0].warnings] == ["native-speaker"] and items[0].blocking == []


# Expiry -------------------------------------------------------------------------------------

def test_expire_and_reminders_with_today_passed_in(db, make):
    company = make.company()
    make.user(role="employer", company=company, email="a@noord.example")
    old = make.vacancy(company=company, closing_date=TODAY - timedelta(days=1))
    soon = make.vacancy(company=company, closing_date=TODAY + timedelta(days=7))
    assert expiry.expire(db, TODAY) == [old.id]
    assert [v.id for v in expiry.due_reminders(db, TODAY)] == [soon.id]
    assert expiry.due_reminders(db, TODAY - timedelta(days=1)) == []

    def failing(vacancy, recipients):
        raise OSError("mail server away")

    assert expiry.send_reminders(db, TODAY, failing) == 0
    assert soon.reminder_sent_at is None  # tried again tomorrow
    sent = []
    assert expiry.send_reminders(db, TODAY, lambda v, to: sent.append((v.id, to))) == 1
    assert sent == [(soon.id, [("a@noord.example", "en")])]
    assert expiry.send_reminders(db, TODAY, lambda v, to: sent.append((v.id, to))) == 0
