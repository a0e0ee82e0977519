"""Accounts vocabulary: roles, e-mail addresses, KvK numbers and company slugs.

Plain Python; the web layer turns the problems named here into messages.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum


class Role(StrEnum):
    EMPLOYER = "employer"
    STAFF = "staff"
    ADMIN = "admin"


#: Roles that work at the loket: an admin can do everything staff can.
STAFF_ROLES: tuple[Role, ...] = (Role.STAFF, Role.ADMIN)

EMAIL_MAX_LENGTH = 254
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
_KVK = re.compile(r"^[0-9]{8}$")


def normalise_email(value: str) -> str:
    """The form in which addresses are stored and compared: trimmed and lower-cased."""
    return value.strip().lower()


def is_valid_email(value: str) -> bool:
    """A plausible address: one @, a local part, a domain with a dot; at most 254 characters."""
    value = normalise_email(value)
    return len(value) <= EMAIL_MAX_LENGTH and bool(_EMAIL.match(value))


def email_local_part(email: str) -> str:
    return normalise_email(email).rsplit("@", 1)[0]


def normalise_kvk(value: str) -> str:
    """KvK numbers are often written with spaces or dots ("1234 5678"): keep only what was typed between them."""
    return re.sub(r"[\s.]", "", value)


def is_valid_kvk(value: str) -> bool:
    """Exactly 8 digits (after `normalise_kvk`)."""
    return bool(_KVK.match(normalise_kvk(value)))


def slugify(name: str, max_length: int = 80) -> str:
    """A URL slug from a company name: ASCII letters and digits joined by single hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "company"


def unique_slug(name: str, taken: Callable[[str], bool], max_length: int = 80) -> str:
    """`slugify(name)`, with -2, -3, … appended until `taken(slug)` is False."""
    base = slugify(name, max_length)
    slug, n = base, 1
    while taken(slug):
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug
