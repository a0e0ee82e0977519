"""What the vacancy list shows around its cards: the active filters as removable chips, the place
without a repeated province, "Posted 3 days ago", and the query string without empty parameters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date, gettext as _, lazy_gettext as _l, ngettext

from ...domain.search import VacancyQuery
from ...domain.vacancies import OCCUPATIONS
from ..db import today
from ..i18n import current_locale, money
from ..labels import label

#: The "posted within" choices as the filter offers them (the days are the domain's POSTED_WITHIN).
POSTED_WITHIN_LABELS = {1: _l("Today or yesterday"), 7: _l("In the last 7 days"), 30: _l("In the last 30 days")}


@dataclass(frozen=True)
class Chip:
    """One active filter: what it says, and the list's address without it."""

    text: str
    remove_url: str


def _chip_text(name: str, query: VacancyQuery, criteria: dict[str, str]) -> str:
    value = getattr(query, name)
    match name:
        case "q":
            return _("Keywords: %(value)s", value=value)
        case "province":
            return _("Province: %(value)s", value=label("province", value))
        case "city":
            return _("City: %(value)s", value=value)
        case "english_only":
            return _("No Dutch required")
        case "visa_sponsorship":
            return _("Visa sponsorship")
        case "remote":
            return _("Remote work: %(value)s", value=label("remote", value))
        case "seniority":
            return _("Seniority: %(value)s", value=label("seniority", value))
        case "contract":
            return _("Contract: %(value)s", value=label("contract", value))
        case "occupation":
            occupation = OCCUPATIONS.get(value)
            return _("Occupation: %(value)s", value=occupation.label(current_locale()) if occupation else value)
        case "salary_min":
            return _("At least %(amount)s a month", amount=money(value))
        case "posted_within":
            return _("Posted: %(value)s", value=POSTED_WITHIN_LABELS[value])
        case "salary_criterion":
            amount = criteria.get(value.value, "")
            return _("Salary reaches the criterion for me") + (f" {amount}" if amount else "")
    return f"{name}: {value}"  # pragma: no cover - a new filter without its own text


#: The filters that become chips, in the order the form shows them (sorting and paging are not filters).
CHIP_FIELDS = ("q", "province", "city", "english_only", "visa_sponsorship", "salary_criterion", "remote", "seniority",
               "contract", "occupation", "salary_min", "posted_within")


def active_filters(query: VacancyQuery, criteria: dict[str, str] | None = None) -> list[Chip]:
    """A chip for each filter in `query`; each links to the list without that one filter (from page 1)."""
    default = VacancyQuery()
    chips = []
    for name in CHIP_FIELDS:
        if getattr(query, name) == getattr(default, name):
            continue
        params = query.to_params(**{name: getattr(default, name)}, page=1)
        chips.append(Chip(_chip_text(name, query, criteria or {}), url_for("public.vacancy_list", **params)))
    return chips


def cleared_url(query: VacancyQuery) -> str:
    """The list without any filter, in the same order and page size."""
    params = {key: value for key, value in query.to_params().items() if key in {"sort", "per_page"}}
    return url_for("public.vacancy_list", **params)


def place(city: str, province: object) -> str:
    """"Leeuwarden, Fryslân"; a city that bears its province's name once: "Groningen", not "Groningen, Groningen"."""
    province_name = label("province", province)
    code = getattr(province, "value", province)
    if city.strip().casefold() in {province_name.casefold(), str(code).casefold()}:
        return city.strip()
    return f"{city}, {province_name}" if city else province_name


def posted_ago(posted: date) -> str:
    """"Posted today", "Posted yesterday", "Posted 3 days ago"; by whole days, since a vacancy has a date, not a time."""
    days = (today() - posted).days
    if days <= 0:
        return _("Posted today")
    if days == 1:
        return _("Posted yesterday")
    if days < 60:
        return ngettext("Posted %(num)s day ago", "Posted %(num)s days ago", days)
    months = days // 30
    return ngettext("Posted %(num)s month ago", "Posted %(num)s months ago", months)


def posted_on(posted: date) -> str:
    """The exact date, for the title and for screen readers: "Posted on 20 November 2026"."""
    return _("Posted on %(date)s", date=format_date(posted, "long"))


def without_empty(args) -> list[tuple[str, str]] | None:
    """The query string's pairs without the empty ones, or None when none is empty (nothing to redirect)."""
    pairs = list(args.items(multi=True))
    kept = [(key, value) for key, value in pairs if value.strip() != ""]
    return kept if len(kept) != len(pairs) else None
