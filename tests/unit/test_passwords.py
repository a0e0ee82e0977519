"""The password policy and hashing (ASVS 6.2.x)."""
from __future__ import annotations

import pytest

from loket.domain.passwords import (
    COMMON_PASSWORDS_FILE,
    MAX_LENGTH,
    PasswordProblem,
    common_passwords,
    describe,
    hash_password,
    password_problems,
    verify_password,
)


@pytest.mark.parametrize("password", [
    "eight ch",                       # exactly 8, with a space
    "correct horse battery staple",
    "ééééééééé",                      # any characters count, no composition rules
    "🦆🦆🦆🦆🦆🦆🦆🦆",
    "x" * MAX_LENGTH,
])
def test_long_enough_uncommon_passwords_pass(password):
    # ASVS 6.2.1, 6.2.5, 6.2.9: 8+ characters, any characters, no composition rules, 128 allowed.
    assert password_problems(password) == []


def test_length_limits():
    # ASVS 6.2.1: at least 8; ASVS 6.2.9: at least 64 allowed (we allow 128).
    assert password_problems("seven c") == [PasswordProblem.TOO_SHORT]
    assert password_problems("x" * (MAX_LENGTH + 1)) == [PasswordProblem.TOO_LONG]


@pytest.mark.parametrize("password", ["password", "12345678", "qwerty123", "welkom01", "wachtwoord", "Welkom2025", "PASSWORD1", "iloveyou"])
def test_common_passwords_are_refused_whatever_the_case(password):
    # ASVS 6.2.4: checked against a list of common passwords.
    assert PasswordProblem.COMMON in password_problems(password)


def test_the_shipped_list_is_large_and_clean():
    entries = common_passwords()
    assert len(entries) >= 1000
    assert all(entry == entry.lower() and len(entry) >= 8 for entry in entries)
    assert not any(line.startswith("#") for line in entries)
    assert COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("password", ["jan.devries", "JAN.DEVRIES!!", "my jan.devries pw", "jan.devries@noord.nl"])
def test_passwords_with_the_email_local_part_are_refused(password):
    # ASVS 6.2.11: no password made of the account's own details.
    assert PasswordProblem.CONTAINS_EMAIL in password_problems(password, "Jan.deVries@noord.nl")


def test_a_short_local_part_only_counts_when_it_is_the_whole_password():
    assert password_problems("river of jo at night", "jo@noord.nl") == []
    assert PasswordProblem.CONTAINS_EMAIL in password_problems("jo@noord.nl long", "jo@noord.nl")


def test_every_problem_has_a_description():
    assert {describe(p) for p in PasswordProblem} and all(describe(p) for p in PasswordProblem)


def test_hash_is_scrypt_salted_and_verifies():
    # ASVS 6.2.x / 11.4.2: a slow, salted hash; never the password itself.
    first, second = hash_password("quiet river under seven bridges"), hash_password("quiet river under seven bridges")
    assert first.startswith("scrypt:") and first != second
    assert "quiet river" not in first
    assert verify_password(first, "quiet river under seven bridges")
    assert not verify_password(first, "quiet river under seven bridge")
