"""Parsing the vacancy search parameters (domain, no database)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from loket.domain.search import InvalidParameter, Sort, VacancyQuery, parse_vacancy_query
from loket.domain.vacancies import Province, RemotePolicy, SalaryPeriod, monthly_amount


def test_defaults():
    assert parse_vacancy_query({}) == VacancyQuery()


def test_every_field():
    query = parse_vacancy_query(
        {"q": " Python dev ", "province": "fryslan", "city": "Sneek", "english_only": "1", "visa_sponsorship": "true",
         "remote": "hybrid", "seniority": "senior", "contract": "permanent", "occupation": "2512",
         "salary_min": "4000", "sort": "salary", "page": "2", "per_page": "50"}
    )
    assert query.q == "Python dev" and query.province is Province.FRYSLAN and query.english_only
    assert query.remote is RemotePolicy.HYBRID and query.sort is Sort.SALARY and query.per_page == 50
    assert query.terms() == ["python", "dev"]


def test_to_params_round_trips():
    query = parse_vacancy_query({"q": "go", "province": "drenthe", "english_only": "1", "page": "3"})
    assert parse_vacancy_query(query.to_params()) == query
    assert query.to_params(page=4)["page"] == "4"
    assert "page" not in VacancyQuery().to_params()


def test_terms_strip_search_syntax():
    assert VacancyQuery(q='"c++" OR node.js*').terms() == ["c", "or", "node", "js"]


@pytest.mark.parametrize("name, value", [("per_page", "101"), ("page", "0"), ("salary_min", "-5"), ("province", "x")])
def test_invalid(name, value):
    with pytest.raises(InvalidParameter) as info:
        parse_vacancy_query({name: value})
    assert info.value.name == name and name in str(info.value)


@given(st.dictionaries(st.sampled_from(["q", "province", "page", "per_page", "salary_min", "english_only", "sort",
                                        "remote", "occupation", "city"]), st.text(max_size=30)))
def test_any_input_parses_or_raises_invalid_parameter(args):
    try:
        query = parse_vacancy_query(args)
    except InvalidParameter:
        return
    assert 1 <= query.per_page <= 100 and query.page >= 1


def test_monthly_amount():
    assert monthly_amount(60000, SalaryPeriod.YEAR, 40) == 5000
    assert monthly_amount(4000, "month", None) == 4000
    assert monthly_amount(50, "hour", 40) == round(50 * 40 * 52 / 12)
    assert monthly_amount(None, "month", 40) is None


@pytest.mark.parametrize("raw, days", [("1", 1), ("7", 7), (" 30 ", 30), ("", None)])
def test_posted_within_is_one_of_the_offered_choices(raw, days):
    query = parse_vacancy_query({"posted_within": raw})
    assert query.posted_within == days
    assert query.is_filtered() is (days is not None)
    assert parse_vacancy_query(query.to_params()) == query


@pytest.mark.parametrize("raw", ["2", "0", "-7", "7d", "week", "1.5", "365", "007"])
def test_posted_within_rejects_anything_else(raw):
    with pytest.raises(InvalidParameter) as info:
        parse_vacancy_query({"posted_within": raw})
    assert info.value.name == "posted_within" and "1, 7, 30" in str(info.value)
