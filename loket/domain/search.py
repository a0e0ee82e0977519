"""Vacancy search parameters: one validated value object for the list page and the API.

`parse_vacancy_query` turns untrusted strings (a query string) into a `VacancyQuery`
or raises `InvalidParameter` naming the parameter, so both the HTML page and the
JSON API reject bad input the same way.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from .eligibility import VISITOR_CRITERIA
from .figures import Criterion
from .keywords import Keyword, default_lexicon
from .vacancies import OCCUPATIONS, Contract, Province, RemotePolicy, Seniority, province_from

MAX_PER_PAGE = 100
MAX_QUERY_LENGTH = 200
MAX_PAGE = 10_000
MAX_SALARY = 1_000_000
#: "Posted within": the choices, in days (posted at most that many days before today).
POSTED_WITHIN = (1, 7, 30)


class Sort(StrEnum):
    NEWEST = "newest"
    CLOSING = "closing"
    SALARY = "salary"


class InvalidParameter(ValueError):
    """A search parameter was malformed. `name` is the parameter, `expected` says what is allowed."""

    def __init__(self, name: str, expected: str):
        super().__init__(f"invalid value for '{name}': expected {expected}")
        self.name = name
        self.expected = expected


@dataclass(frozen=True)
class VacancyQuery:
    """Filters, sorting and paging for the open, published vacancies."""

    q: str = ""
    province: Province | None = None
    city: str = ""
    english_only: bool = False
    visa_sponsorship: bool = False
    remote: RemotePolicy | None = None
    seniority: Seniority | None = None
    contract: Contract | None = None
    occupation: str | None = None
    salary_min: int | None = None
    posted_within: int | None = None
    company_id: int | None = None
    sort: Sort = Sort.NEWEST
    page: int = 1
    per_page: int = 20
    # "Reaches the salary criterion for me" (from the visitor's answers kept in their browser):
    # the criterion from the URL, and its monthly amount this year, which the service fills in.
    salary_criterion: Criterion | None = None
    salary_required: int | None = None

    #: Fields that never come from or go into the URL.
    INTERNAL = frozenset({"company_id", "salary_required"})

    def terms(self) -> list[str]:
        """The keyword terms: runs of letters and digits, lower-cased, at most 8."""
        return [t.lower() for t in re.findall(r"\w+", self.q)][:8]

    def keywords(self) -> list[Keyword]:
        """The terms as keywords, each with its English/Dutch equivalents (keywords.py): all must match."""
        return default_lexicon().expand(self.terms())

    def to_params(self, **changes: object) -> dict[str, str]:
        """The query as URL parameters (defaults left out), with `changes` applied; for links."""
        query = replace(self, **changes) if changes else self
        params: dict[str, str] = {}
        default = VacancyQuery()
        for f in fields(self):
            if f.name in self.INTERNAL:
                continue
            value = getattr(query, f.name)
            if value == getattr(default, f.name) and not (f.name == "per_page" and value != 20):
                continue
            if isinstance(value, bool):
                params[f.name] = "1"
            else:
                params[f.name] = str(value)
        return params

    def is_filtered(self) -> bool:
        return any(
            getattr(self, f.name) != getattr(VacancyQuery(), f.name)
            for f in fields(self)
            if f.name not in {"sort", "page", "per_page"} | self.INTERNAL
        )


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InvalidParameter(name, "1 or 0")


def _choice(name: str, raw: str, enum: type[StrEnum]):
    """A code of `enum`, in any case ("Hybrid" is hybrid); a province also by its name ("Fryslân", "Friesland")."""
    value = raw.strip()
    if value == "":
        return None
    found = province_from(value) if enum is Province else next((e for e in enum if e.value.casefold() == value.casefold()), None)
    if found is None:
        raise InvalidParameter(name, "one of " + ", ".join(e.value for e in enum))
    return found


def _int(name: str, raw: str, low: int, high: int) -> int | None:
    value = raw.strip()
    if value == "":
        return None
    if not re.fullmatch(r"\d{1,9}", value):
        raise InvalidParameter(name, f"a whole number from {low} to {high}")
    number = int(value)
    if not low <= number <= high:
        raise InvalidParameter(name, f"a whole number from {low} to {high}")
    return number


def parse_vacancy_query(args: Mapping[str, str], default_per_page: int = 20) -> VacancyQuery:
    """Validate raw query-string values into a VacancyQuery; unknown keys are ignored.

    Raises InvalidParameter for the first malformed value.
    """
    get = lambda name: args.get(name) or ""  # noqa: E731 - a tiny local accessor
    q = get("q").strip()
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidParameter("q", f"at most {MAX_QUERY_LENGTH} characters")
    city = get("city").strip()
    if len(city) > 80:
        raise InvalidParameter("city", "at most 80 characters")
    occupation = get("occupation").strip() or None
    if occupation is not None and occupation not in OCCUPATIONS:
        raise InvalidParameter("occupation", "an ISCO-08 code, one of " + ", ".join(OCCUPATIONS))
    sort = _choice("sort", get("sort"), Sort) or Sort.NEWEST
    page = _int("page", get("page"), 1, MAX_PAGE) or 1
    per_page = _int("per_page", get("per_page"), 1, MAX_PER_PAGE) or default_per_page
    return VacancyQuery(
        q=q,
        province=_choice("province", get("province"), Province),
        city=city,
        english_only=_flag("english_only", get("english_only")),
        visa_sponsorship=_flag("visa_sponsorship", get("visa_sponsorship")),
        remote=_choice("remote", get("remote"), RemotePolicy),
        seniority=_choice("seniority", get("seniority"), Seniority),
        contract=_choice("contract", get("contract"), Contract),
        occupation=occupation,
        salary_min=_int("salary_min", get("salary_min"), 0, MAX_SALARY),
        posted_within=_posted_within(get("posted_within")),
        sort=sort,
        page=page,
        per_page=per_page,
        salary_criterion=_salary_criterion(get("salary_criterion")),
    )


def _salary_criterion(raw: str) -> Criterion | None:
    value = raw.strip()
    if value == "":
        return None
    if value not in VISITOR_CRITERIA:
        raise InvalidParameter("salary_criterion", "one of " + ", ".join(VISITOR_CRITERIA))
    return Criterion(value)


def _posted_within(raw: str) -> int | None:
    value = raw.strip()
    if value == "":
        return None
    if value not in {str(days) for days in POSTED_WITHIN}:
        raise InvalidParameter("posted_within", "one of " + ", ".join(str(days) for days in POSTED_WITHIN) + " (days)")
    return int(value)
