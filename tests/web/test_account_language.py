"""Mails to an employer in the language of their account: chosen at registration, changed on the account page."""
from __future__ import annotations

from loket.storage.models.accounts import User


def test_the_account_page_changes_the_language_of_the_mails(client, forms, db, logged_in_employer):
    page = client.get("/account").get_data(as_text=True)
    assert 'name="locale" id="locale-0" value="en" checked' in page
    response = forms.submit("/account", {"locale": "nl"}, page="/account")
    assert response.status_code == 303 and response.headers["Location"] == "/account?lang=nl"
    db.expire_all()
    assert db.get(User, logged_in_employer.id).locale == "nl"
    assert "we schrijven je voortaan in het Nederlands." in client.get("/account?lang=nl").get_data(as_text=True)
    assert forms.submit("/account", {"locale": "de"}, page="/account").status_code == 400
    db.expire_all()
    assert db.get(User, logged_in_employer.id).locale == "nl"


def test_staff_actions_mail_each_employer_in_their_own_language(client, forms, db, make, auth, outbox):
    company = make.company()
    make.user(role="employer", company=company, email="dutch@example.nl", locale="nl")
    make.user(role="employer", company=company, email="english@example.nl", locale="en")
    vacancy = make.vacancy(company=company, title="Tester", status="pending")
    auth.login(make.user(role="staff", locale="nl").email)
    # The staff member works in English; that does not decide the employers' language.
    forms.submit(f"/desk/moderation/vacancies/{vacancy.id}/approve?lang=en", {}, page="/desk/moderation?lang=en")
    subjects = {m["To"]: m["Subject"] for m in outbox()}
    assert subjects == {"dutch@example.nl": "Je vacature is gepubliceerd: Tester",
                        "english@example.nl": "Your vacancy is published: Tester"}


def test_the_password_reset_mail_is_in_the_accounts_language(client, forms, make, outbox):
    make.user(role="employer", email="nl@example.nl", locale="nl")
    forms.submit("/password/forgot?lang=en", {"email": "nl@example.nl"})
    assert [m["Subject"] for m in outbox()] == ["Kies een nieuw wachtwoord"]
