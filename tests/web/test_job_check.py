""""Can I take this job?" on the vacancy page (without JavaScript) and the list filter it adds."""
from __future__ import annotations

import json
import logging
import re

import pytest
from sqlalchemy import func, select

from loket.content.figures import get_figures
from loket.domain.eligibility import SPONSOR_REGISTER, Verdict, salary_outcome
from loket.domain.figures import Criterion
from loket.storage.models.assistant import QuestionLog
from loket.storage.queries import vacancy_totals

from ..conftest import TODAY

NON_EU_30_PLUS = {"eu": "no", "age30": "yes", "graduate": "no"}
NON_EU_UNDER_30 = {"eu": "no", "age30": "no", "graduate": "no"}
GRADUATE = {"eu": "no", "age30": "yes", "graduate": "yes"}
FIGURES = get_figures().for_year(TODAY.year)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def result_part(html: str) -> str:
    """The shown outcome only (not the <template>s the script chooses from)."""
    match = re.search(r'data-job-check-result aria-live="polite">(.*?)</div> <template', html)
    assert match, "no result container"
    return match.group(1)


def check(forms, vacancy, answers, lang="en"):
    url = f"/vacancies/{vacancy.id}?lang={lang}"
    return forms.submit(url, answers)


def test_every_vacancy_page_has_the_form_and_an_outcome_per_answer(client, make):
    vacancy = make.vacancy()
    html = text(client.get(f"/vacancies/{vacancy.id}"))
    assert "Can I take this job?" in html
    form = re.search(r'<form class="job-check-form" method="post" action="([^"]+)"', html)
    assert form and form.group(1) == f"/vacancies/{vacancy.id}#job-check-result"
    for name in ("eu", "age30", "graduate"):
        assert f'name="{name}" id="q-{name}-yes" value="yes"' in html and f'id="q-{name}-no"' in html
    outcomes = re.findall(r'<template data-outcome="([^"]+)">', html)
    assert len(outcomes) == 4 and set(outcomes) == {"eu", *(c.value for c in (Criterion.HSM_30_OR_OLDER, Criterion.HSM_UNDER_30, Criterion.HSM_REDUCED))}
    keys = json.loads(re.search(r"data-outcomes='([^']+)'", html).group(1))
    assert keys == {
        "yes": "eu",
        "no,yes,yes": "highly_skilled_migrant_reduced",
        "no,yes,no": "highly_skilled_migrant_30_or_older",
        "no,no,yes": "highly_skilled_migrant_reduced",
        "no,no,no": "highly_skilled_migrant_under_30",
    }
    assert result_part(html).strip() == ""  # nothing answered yet


def test_sponsored_vacancy_whose_salary_reaches_the_criterion(forms, make, db):
    company = make.company(name="Sponsor BV", recognised_sponsor=True)
    vacancy = make.vacancy(company, salary_min=6000, salary_max=7000, salary_period="month", visa_sponsorship=True)
    response = check(forms, vacancy, NON_EU_30_PLUS)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    shown = result_part(text(response))
    assert "Guidance, not a decision." in shown and "The IND decides" in shown
    assert "Recognised sponsor:" in shown and "Sponsor BV is a recognised sponsor of the IND" in shown
    assert f'href="{SPONSOR_REGISTER}"' in shown
    assert "Salary reaches the criterion:" in shown
    assert "people aged 30 or older: € 5,942 gross a month in 2026, without holiday allowance" in shown
    assert "The vacancy offers € 6,000 to € 7,000 a month." in shown
    assert f'href="{FIGURES.source}"' in shown and 'href="/guide/highly-skilled-migrant"' in shown
    assert "no Dutch is asked for this job." in shown
    # Answering counts no view and keeps nothing: the GET that fetched the form counted one.
    assert vacancy_totals(db, vacancy.id) == (1, 0)
    assert db.scalar(select(func.count()).select_from(QuestionLog)) == 0
    # The answers stay chosen, so the visitor can change one.
    assert 'id="q-age30-yes" value="yes" checked' in text(response)


def test_not_sponsored_yearly_salary_only_at_the_top_of_the_range(forms, make):
    company = make.company(name="Local BV", recognised_sponsor=False)
    vacancy = make.vacancy(company, salary_min=50000, salary_max=60000, salary_period="year",
                           dutch_level="B1", dutch_timing="within_12_months")
    shown = result_part(text(check(forms, vacancy, NON_EU_UNDER_30)))
    assert "Not a recognised sponsor:" in shown and "Local BV is not a recognised sponsor" in shown
    assert "Salary reaches the criterion only at the top of the range:" in shown
    assert "younger than 30: € 4,357" in shown
    # 50,000 and 60,000 a year read as including holiday allowance: / 12.96.
    assert "€ 50,000 to € 60,000 a year: about € 3,858 to € 4,630 a month without holiday allowance" in shown
    assert "including holiday allowance (8%)" in shown
    assert "Ask the employer whether they can offer at least € 4,357." in shown
    assert "level B1 is asked, within 12 months." in shown


def test_hourly_wage_below_the_criterion_and_no_salary(forms, make):
    hourly = make.vacancy(salary_min=None, salary_max=30, salary_period="hour", hours_min=None, hours_max=32)
    shown = result_part(text(check(forms, hourly, NON_EU_30_PLUS)))
    assert "Salary below the criterion:" in shown
    assert "€ 30 an hour: about € 4,160 a month at 32 hours a week" in shown
    unpaid = make.vacancy(salary_min=None, salary_max=None, salary_period=None)
    shown = result_part(text(check(forms, unpaid, GRADUATE)))
    assert "No salary given:" in shown and "reduced highly skilled migrant criterion" in shown
    assert "This vacancy gives no salary. Ask the employer whether they can offer at least € 3,122." in shown


def test_eu_citizens_need_no_permit(forms, make):
    company = make.company(recognised_sponsor=False)
    vacancy = make.vacancy(company, dutch_level="B2", dutch_timing="start")
    shown = result_part(text(check(forms, vacancy, {"eu": "yes"})))
    assert "No permit needed:" in shown and "Salary" not in shown and "sponsor of the IND" not in shown
    assert "level B2 is asked, from the start." in shown


def test_in_dutch(forms, make):
    vacancy = make.vacancy(salary_min=4500, salary_max=None, salary_period="month")
    response = check(forms, vacancy, NON_EU_UNDER_30, lang="nl")
    html = text(response)
    assert "Kan ik deze baan nemen?" in html
    shown = result_part(html)
    assert "Advies, geen besluit." in shown and "De IND beslist" in shown
    assert "€ 4.357" in shown and "€ 4.500" in shown


@pytest.mark.parametrize("answers, missing", [({}, ["eu"]), ({"eu": "no", "age30": "yes"}, ["graduate"]),
                                              ({"eu": "maybe"}, ["eu"]), ({"eu": "no"}, ["age30", "graduate"])])
def test_missing_answers_give_the_form_again_with_errors(forms, make, answers, missing):
    vacancy = make.vacancy()
    response = check(forms, vacancy, answers)
    assert response.status_code == 400
    html = text(response)
    assert 'class="error-summary" role="alert"' in html
    assert re.findall(r'<li><a href="#q-(\w+)-yes">', html) == missing
    assert result_part(html).strip() == ""


def test_answers_without_csrf_are_refused(client, make):
    vacancy = make.vacancy()
    assert client.post(f"/vacancies/{vacancy.id}", data=NON_EU_30_PLUS).status_code == 400


def test_answers_are_never_logged(forms, make, caplog):
    vacancy = make.vacancy()
    with caplog.at_level(logging.DEBUG):
        check(forms, vacancy, {"eu": "no", "age30": "no", "graduate": "yes"})
    assert "age30" not in caplog.text and "graduate" not in caplog.text


# The list filter "reaches the salary criterion for me" --------------------------------------


def titles(html: str) -> set[str]:
    return set(re.findall(r'class="card-title"><a href="/vacancies/\d+"[^>]*>([^<]+)</a>', html))


@pytest.fixture
def salaries(make):
    return [
        make.vacancy(title="Monthly 4400", salary_min=None, salary_max=4400, salary_period="month"),
        # 77,000 a year is 6,417 a month when holiday allowance is counted, 5,941 without: below 5,942.
        make.vacancy(title="Yearly 77000", salary_min=60000, salary_max=77000, salary_period="year"),
        make.vacancy(title="Yearly 77100", salary_min=None, salary_max=77100, salary_period="year"),
        make.vacancy(title="Hourly 40 at 36h", salary_min=None, salary_max=40, salary_period="hour", hours_min=None, hours_max=36),
        make.vacancy(title="No salary", salary_min=None, salary_max=None, salary_period=None),
    ]


@pytest.mark.parametrize(
    "criterion, expected",
    [
        ("highly_skilled_migrant_30_or_older", {"Yearly 77100", "Hourly 40 at 36h"}),
        ("highly_skilled_migrant_under_30", {"Monthly 4400", "Yearly 77000", "Yearly 77100", "Hourly 40 at 36h"}),
        ("highly_skilled_migrant_reduced", {"Monthly 4400", "Yearly 77000", "Yearly 77100", "Hourly 40 at 36h"}),
    ],
)
def test_list_filter_by_the_visitors_criterion(client, salaries, criterion, expected):
    html = text(client.get("/vacancies", query_string={"salary_criterion": criterion}))
    assert titles(html) == expected
    # The checkbox is shown, checked, with this year's amount; the page's own check agrees.
    assert f'name="salary_criterion" type="checkbox" value="{criterion}" checked' in html
    for vacancy in salaries:
        outcome = salary_outcome(FIGURES, Criterion(criterion), vacancy.salary_min, vacancy.salary_max,
                                 vacancy.salary_period, vacancy.hours_max or vacancy.hours_min)
        assert (outcome.verdict in (Verdict.REACHES, Verdict.TOP_ONLY)) == (vacancy.title in expected), vacancy.title


def test_list_filter_is_hidden_until_the_browser_has_answers_and_kept_in_page_links(client, make):
    for n in range(3):
        make.vacancy(title=f"Well paid {n}", salary_max=9000)
    plain = text(client.get("/vacancies"))
    assert re.search(r'<p class="check" data-salary-criterion [^>]*hidden>', plain)
    paged = text(client.get("/vacancies?salary_criterion=highly_skilled_migrant_under_30&per_page=2"))
    assert "salary_criterion=highly_skilled_migrant_under_30" in re.search(r'rel="next" href="([^"]+)"', paged).group(1)
    assert "(at least € 4,357 a month in 2026)" in paged


def test_list_filter_with_an_unknown_criterion_is_400(client, make):
    make.vacancy(title="Still listed")
    response = client.get("/vacancies?salary_criterion=eu_blue_card")
    assert response.status_code == 400 and "salary_criterion" in text(response) and "Still listed" in text(response)


def test_api_takes_the_same_filter(client, salaries):
    data = client.get("/api/v1/vacancies?salary_criterion=highly_skilled_migrant_30_or_older").get_json()
    assert {item["title"] for item in data["items"]} == {"Yearly 77100", "Hourly 40 at 36h"}
    bad = client.get("/api/v1/vacancies?salary_criterion=nope")
    assert bad.status_code == 400 and bad.get_json()["parameter"] == "salary_criterion"
