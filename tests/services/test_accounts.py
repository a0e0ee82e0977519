"""Account use cases: registration, staff accounts, sign-in, session tokens, reset tokens."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from loket.domain.accounts import Role, is_valid_email, is_valid_kvk, slugify, unique_slug
from loket.domain.vacancies import Province
from loket.services import accounts
from loket.storage.models import Company
from loket.storage.models.accounts import User

from ..factories import TEST_PASSWORD

SECRET = "test-secret"


def registration(**fields) -> accounts.EmployerRegistration:
    values = dict(company_name="Noorderlicht Software B.V.", kvk_number="1234 5678", city="Leeuwarden",
                  province=Province.FRYSLAN, email="Hiring@Noorderlicht.example", password="fjord lantern cabbage")
    values.update(fields)
    return accounts.EmployerRegistration(**values)


def test_register_employer_makes_an_unverified_company(db):
    user = accounts.register_employer(db, registration())
    company = user.company
    assert user.role == Role.EMPLOYER and user.email == "hiring@noorderlicht.example"
    assert company.verified is False and company.slug == "noorderlicht-software-b-v"
    assert company.kvk_number == "12345678" and company.province == Province.FRYSLAN
    assert user.password_hash.startswith("scrypt:") and "fjord" not in user.password_hash


def test_slugs_stay_unique(db):
    first = accounts.register_employer(db, registration())
    second = accounts.register_employer(db, registration(email="other@noorderlicht.example"))
    assert first.company.slug != second.company.slug and second.company.slug.endswith("-2")


def test_registration_writes_nothing_when_refused(db, make):
    make.user(role="staff", email="taken@noord.example")
    with pytest.raises(accounts.EmailTaken):
        accounts.register_employer(db, registration(email="TAKEN@noord.example"))
    with pytest.raises(accounts.WeakPassword) as refused:
        accounts.register_employer(db, registration(password="welkom01"))
    assert refused.value.problems == ["common"]
    assert db.scalar(select(func.count(Company.id))) == 0


def test_create_staff_and_admin(db):
    staff = accounts.create_staff(db, "advisor@loket.example", "seven quiet bridges")
    admin = accounts.create_staff(db, "lead@loket.example", "seven quiet bridges", admin=True)
    assert (staff.role, admin.role) == (Role.STAFF, Role.ADMIN) and staff.company_id is None


def test_authenticate_says_none_for_unknown_wrong_and_inactive(db, make):
    user = make.user(email="someone@noord.example")
    assert accounts.authenticate(db, "SOMEONE@noord.example", TEST_PASSWORD).id == user.id
    assert accounts.authenticate(db, "someone@noord.example", "wrong password here") is None
    assert accounts.authenticate(db, "nobody@noord.example", TEST_PASSWORD) is None
    user.active = False
    db.commit()
    assert accounts.authenticate(db, "someone@noord.example", TEST_PASSWORD) is None


def test_session_token_rotates_at_sign_in_and_out(db, make):
    # ASVS 7.2.4, 7.4.1: earlier session ids stop working.
    user = make.user()
    before = user.get_id()
    assert accounts.load_session_user(db, before).id == user.id
    accounts.start_session(db, user)
    assert user.last_login_at is not None
    assert accounts.load_session_user(db, before) is None
    during = user.get_id()
    accounts.end_session(db, user)
    assert accounts.load_session_user(db, during) is None


@pytest.mark.parametrize("session_id", ["", "1", "x:y", ":abc", "1:", "999999:abc"])
def test_malformed_session_ids_load_nobody(db, session_id):
    assert accounts.load_session_user(db, session_id) is None


def test_reset_token_works_once_and_expires(db, make):
    user = make.user()
    token = accounts.reset_token(user, SECRET)
    assert accounts.user_for_reset_token(db, token, SECRET).id == user.id
    assert accounts.user_for_reset_token(db, token, "another-secret") is None
    assert accounts.user_for_reset_token(db, token, SECRET, max_age=-1) is None  # expired
    accounts.set_password(db, user, "a brand new sentence")
    assert accounts.user_for_reset_token(db, token, SECRET) is None  # the hash changed: used up
    assert accounts.authenticate(db, user.email, "a brand new sentence") is not None


def test_reset_token_does_not_carry_the_hash(make):
    import base64
    import json

    user = make.user()
    payload = accounts.reset_token(user, SECRET).split(".")[0]
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(data) == {"user", "pw"} and data["pw"] not in user.password_hash


def test_set_password_checks_the_policy(db, make):
    user = make.user(email="maria@noord.example")
    with pytest.raises(accounts.WeakPassword):
        accounts.set_password(db, user, "maria2025 rocks")


@pytest.mark.parametrize(("value", "valid"), [
    ("a@b.nl", True), ("First.Last+tag@sub.example.com", True), ("no-at.example", False), ("two@@x.nl", False),
    ("spa ce@x.nl", False), ("x@nodot", False), ("<x>@y.nl", False), ("x@" + "a" * 250 + ".nl", False),
])
def test_email_validation(value, valid):
    assert is_valid_email(value) is valid


@pytest.mark.parametrize(("value", "valid"), [("12345678", True), ("1234 5678", True), ("1234.5678", True),
                                              ("1234567", False), ("123456789", False), ("1234567a", False), ("", False)])
def test_kvk_number_is_exactly_eight_digits(value, valid):
    assert is_valid_kvk(value) is valid


def test_slugify():
    assert slugify("Fryslân Data & AI") == "fryslan-data-ai"
    assert slugify("!!!") == "company"
    assert unique_slug("Noord", {"noord", "noord-2"}.__contains__) == "noord-3"
    assert len(unique_slug("x" * 200, lambda s: s == "x" * 80)) <= 80


def test_users_table_refuses_an_employer_without_company(db):
    from sqlalchemy.exc import IntegrityError

    db.add(User(email="lost@noord.example", password_hash="x", role=Role.EMPLOYER, active=True))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
