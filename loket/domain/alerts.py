"""Job alerts without an account: what an alert saves and when its mails are due.

Plain Python, no Flask. An alert saves the vacancy list's *filters* (never its page, sort or
page size) as a canonical query string, so two alerts with the same filters are the same
alert, whatever order the parameters came in.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode

from .search import InvalidParameter, VacancyQuery, parse_vacancy_query

#: An unconfirmed alert (the confirmation link not clicked) is deleted after this many days.
UNCONFIRMED_DAYS = 7
#: A confirmed alert is deleted this many days after its confirmation or its last click-through from a digest.
IDLE_DAYS = 365
IDLE_MONTHS = 12  # the same, as the mails and the privacy statement say it
#: Vacancies listed in one digest; more are announced with a link to the list.
DIGEST_LIMIT = 20
#: The canonical query string is stored in a column of this size.
MAX_QUERY_STRING = 1000

#: Parameters of the list that are not filters: an alert does not keep them.
NOT_FILTERS = frozenset({"page", "per_page", "sort"})


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


#: A digest is due when the last one is at least this old (a little under the period, so a cron
#: job that runs a few minutes early on the next day or Monday still sends).
MIN_INTERVAL = {Frequency.DAILY: timedelta(hours=20), Frequency.WEEKLY: timedelta(days=6)}


def filter_params(query: VacancyQuery) -> dict[str, str]:
    """The query's filters as URL parameters in alphabetical order (defaults, page, sort and page size left out)."""
    return {name: value for name, value in sorted(query.to_params().items()) if name not in NOT_FILTERS}


def canonical_query(query: VacancyQuery) -> str:
    """The filters as a query string with the parameters in alphabetical order: what an alert stores."""
    return urlencode(filter_params(query))


def alert_query(args: Mapping[str, str]) -> VacancyQuery:
    """The filters of `args` (a request's parameters) as a VacancyQuery, newest first.

    Raises InvalidParameter (from search.parse_vacancy_query) for a malformed filter, and
    for filters too long to store."""
    query = parse_vacancy_query({k: v for k, v in args.items() if k not in NOT_FILTERS})
    if len(canonical_query(query)) > MAX_QUERY_STRING:
        raise InvalidParameter("q", "shorter filters")
    return query


def stored_query(query_string: str, per_page: int = 100) -> VacancyQuery:
    """The VacancyQuery of a stored canonical query string (validated again: raises InvalidParameter)."""
    return parse_vacancy_query({**dict(parse_qsl(query_string, keep_blank_values=True)), "per_page": str(per_page)})


def is_due(frequency: Frequency, last_sent_at: datetime | None, now: datetime) -> bool:
    """Whether an alert with this frequency, last mailed at `last_sent_at`, may be mailed at `now`."""
    return last_sent_at is None or now - last_sent_at >= MIN_INTERVAL[Frequency(frequency)]


def window_start(last_sent_at: datetime | None, confirmed_at: datetime) -> datetime:
    """From when vacancies are new for an alert: its last digest, else its confirmation; a day
    earlier, because vacancies carry a date, not a time (the deliveries keep them from coming twice)."""
    return (last_sent_at or confirmed_at) - timedelta(days=1)
