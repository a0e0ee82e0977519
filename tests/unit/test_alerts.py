"""What a job alert keeps of the list's query, and when its digest is due (domain/alerts.py)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from loket.domain.alerts import (Frequency, alert_query, canonical_query, filter_params, is_due, stored_query,
                                 window_start)
from loket.domain.search import InvalidParameter, Sort

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)


def test_only_the_filters_are_kept_in_one_order():
    query = alert_query({"sort": "salary", "page": "4", "per_page": "50", "province": "Fryslân", "q": " python ",
                         "english_only": "on", "unknown": "x"})
    assert query.sort == Sort.NEWEST and query.page == 1
    assert filter_params(query) == {"english_only": "1", "province": "fryslan", "q": "python"}
    assert canonical_query(query) == "english_only=1&province=fryslan&q=python"
    assert canonical_query(alert_query({})) == ""


@pytest.mark.parametrize("args", [{"province": "limburg"}, {"salary_min": "-1"}, {"english_only": "maybe"},
                                  {"q": "x" * 201}])
def test_a_malformed_filter_is_refused(args):
    with pytest.raises(InvalidParameter):
        alert_query(args)


def test_a_stored_query_reads_back_the_same_filters():
    stored = "english_only=1&province=drenthe&q=data+engineer&salary_min=3000"
    query = stored_query(stored)
    assert canonical_query(query) == stored and query.q == "data engineer" and query.per_page == 100
    with pytest.raises(InvalidParameter):
        stored_query("province=atlantis")


def test_a_daily_digest_waits_twenty_hours_and_a_weekly_one_six_days():
    assert is_due(Frequency.DAILY, None, NOW)
    assert not is_due(Frequency.DAILY, NOW - timedelta(hours=19), NOW)
    assert is_due(Frequency.DAILY, NOW - timedelta(hours=20), NOW)
    assert not is_due(Frequency.WEEKLY, NOW - timedelta(days=5, hours=23), NOW)
    assert is_due(Frequency.WEEKLY, NOW - timedelta(days=6), NOW)


def test_the_window_starts_a_day_before_the_last_digest_or_the_confirmation():
    assert window_start(None, NOW).date() == date(2026, 11, 22)
    assert window_start(NOW + timedelta(days=3), NOW).date() == date(2026, 11, 25)
