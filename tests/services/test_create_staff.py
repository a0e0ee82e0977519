"""`loket create-staff`: the only way to the first staff account (ASVS 6.3.2)."""
from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from loket.cli import main
from loket.domain.accounts import Role
from loket.domain.passwords import verify_password
from loket.storage.models.accounts import User


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_there_is_no_default_account(cli_env, db):
    # ASVS 6.3.2: a fresh database has no users at all.
    assert invoke("init-db").exit_code == 0
    assert db.scalars(select(User)).all() == []


def test_create_staff_asks_the_password_twice(cli_env, db):
    result = invoke("create-staff", "Advisor@Loket.example", input="seven quiet bridges\nseven quiet bridges\n")
    assert result.exit_code == 0, result.output
    user = db.scalars(select(User)).one()
    assert user.email == "advisor@loket.example" and user.role == Role.STAFF
    assert verify_password(user.password_hash, "seven quiet bridges")
    assert "seven quiet bridges" not in result.output


def test_create_admin_with_password_from_stdin(cli_env, db):
    result = invoke("create-staff", "lead@loket.example", "--admin", "--password-stdin", input="seven quiet bridges\n")
    assert result.exit_code == 0, result.output
    assert db.scalars(select(User)).one().role == Role.ADMIN


def test_a_weak_password_is_refused_with_the_reason(cli_env, db):
    result = invoke("create-staff", "advisor@loket.example", "--password-stdin", input="wachtwoord\n")
    assert result.exit_code == 1 and "commonly used" in result.output
    short = invoke("create-staff", "advisor@loket.example", "--password-stdin", input="kort\n")
    assert short.exit_code == 1 and "shorter than 8" in short.output
    assert db.scalars(select(User)).all() == []


def test_an_existing_address_and_a_bad_address_are_refused(cli_env, make, db):
    make.user(role="staff", email="advisor@loket.example")
    taken = invoke("create-staff", "ADVISOR@loket.example", "--password-stdin", input="seven quiet bridges\n")
    assert taken.exit_code == 1 and "exists already" in taken.output
    bad = invoke("create-staff", "not-an-address", "--password-stdin", input="seven quiet bridges\n")
    assert bad.exit_code == 2 and "not an e-mail address" in bad.output
