"""The password policy and password hashing (ASVS 6.2.x). Plain Python, no Flask.

Length is what counts: at least 8 and at most 128 characters, any characters
(spaces and emoji too), no composition rules, never truncated. A password is
refused when it is on the list of common passwords shipped next to this module,
or when it is (or contains) the e-mail address or its local part.
"""
from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from .accounts import email_local_part, normalise_email

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
# A local part shorter than this ("a", "jo") would refuse far too many passwords by containment;
# such a password is still refused when it *equals* the local part (and it is too short anyway).
_MIN_CONTAINED_PART = 4


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    CONTAINS_EMAIL = "contains_email"


_DESCRIPTIONS = {
    PasswordProblem.TOO_SHORT: f"it is shorter than {MIN_LENGTH} characters",
    PasswordProblem.TOO_LONG: f"it is longer than {MAX_LENGTH} characters",
    PasswordProblem.COMMON: "it is on the list of commonly used passwords",
    PasswordProblem.CONTAINS_EMAIL: "it contains the e-mail address or its name part",
}


def describe(problem: PasswordProblem) -> str:
    """A plain English reason, for the command line (the web layer has translated labels)."""
    return _DESCRIPTIONS[problem]


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-cased; lines starting with # are comments."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, email: str | None = None) -> list[PasswordProblem]:
    """Every reason the policy refuses `password` for the account `email`; empty when it is acceptable."""
    problems: list[PasswordProblem] = []
    if len(password) < MIN_LENGTH:
        problems.append(PasswordProblem.TOO_SHORT)
    if len(password) > MAX_LENGTH:
        problems.append(PasswordProblem.TOO_LONG)
    lowered = password.lower()
    if lowered in common_passwords():
        problems.append(PasswordProblem.COMMON)
    if email and _contains_email(lowered, email):
        problems.append(PasswordProblem.CONTAINS_EMAIL)
    return problems


def _contains_email(lowered_password: str, email: str) -> bool:
    address = normalise_email(email)
    local = email_local_part(address)
    if not local:
        return False
    if lowered_password == local or address in lowered_password:
        return True
    return len(local) >= _MIN_CONTAINED_PART and local in lowered_password


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's format, which records the method and its parameters)."""
    return generate_password_hash(password, method="scrypt")


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


@cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password: only here to spend the same time")


def spend_verification_time(password: str) -> None:
    """Check `password` against a dummy hash, so an unknown account takes as long as a wrong password."""
    check_password_hash(_dummy_hash(), password)
