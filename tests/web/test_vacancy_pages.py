"""The public vacancy pages: list, filters, detail, apply redirect, companies, sitemap, feed."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from ..conftest import TODAY


def titles(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="/vacancies/\d+"[^>]*>([^<]+)</a>', html)


def test_home_has_search_box_and_recent_vacancies(client, make):
    make.vacancy(title="Cloud engineer")
    html = client.get("/").get_data(as_text=True)
    assert 'role="search"' in html and 'action="/vacancies"' in html
    assert "Cloud engineer" in html


def test_list_shows_only_open_published_vacancies(client, make):
    make.vacancy(title="Open one")
    make.vacancy(title="Expired one", closing_date=TODAY - timedelta(days=1))
    make.vacancy(title="Pending one", status="pending")
    make.vacancy(title="Draft one", status="draft")
    make.vacancy(title="Closes today", closing_date=TODAY)
    html = client.get("/vacancies").get_data(as_text=True)
    assert sorted(titles(html)) == ["Closes today", "Open one"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"province": "fryslan"}, {"Frisian"}),
        ({"city": "leeuwarden"}, {"Frisian"}),
        ({"english_only": "1"}, {"Frisian", "Remote senior"}),
        ({"visa_sponsorship": "1"}, {"Remote senior"}),
        ({"remote": "remote"}, {"Remote senior"}),
        ({"seniority": "junior"}, {"Dutch junior"}),
        ({"contract": "traineeship"}, {"Dutch junior"}),
        ({"occupation": "2522"}, {"Frisian"}),
        ({"salary_min": "5000"}, {"Remote senior"}),
        ({"q": "kubernetes"}, {"Remote senior"}),
        ({"q": "kube"}, {"Remote senior"}),
        ({"q": "ansible linux"}, {"Frisian"}),
        ({"q": "ansible kubernetes"}, set()),
    ],
)
def test_each_filter(client, make, params, expected):
    make.vacancy(title="Frisian", city="Leeuwarden", province="fryslan", occupation="2522", skills="Linux\nAnsible",
                 salary_max=4000)
    make.vacancy(title="Remote senior", remote="remote", seniority="senior", visa_sponsorship=True,
                 description="You run our Kubernetes clusters.", salary_min=5500, salary_max=6500)
    make.vacancy(title="Dutch junior", dutch_level="B1", dutch_timing="start", seniority="junior",
                 contract="traineeship", salary_max=3000)
    html = client.get("/vacancies", query_string=params).get_data(as_text=True)
    assert set(titles(html)) == expected


def test_sorting(client, make):
    make.vacancy(title="Old", posted_date=TODAY - timedelta(days=20), closing_date=TODAY + timedelta(days=5), salary_max=3000)
    make.vacancy(title="New", posted_date=TODAY - timedelta(days=1), closing_date=TODAY + timedelta(days=50), salary_max=6000)
    make.vacancy(title="Middle", posted_date=TODAY - timedelta(days=10), closing_date=TODAY + timedelta(days=20),
                 salary_min=None, salary_max=None, salary_period=None)
    assert titles(client.get("/vacancies").get_data(as_text=True)) == ["New", "Middle", "Old"]
    assert titles(client.get("/vacancies?sort=closing").get_data(as_text=True)) == ["Old", "Middle", "New"]
    assert titles(client.get("/vacancies?sort=salary").get_data(as_text=True)) == ["New", "Old", "Middle"]


def test_pagination_keeps_filters_in_the_url(client, make):
    company = make.company()
    for n in range(5):
        make.vacancy(company, title=f"Job {n}", posted_date=TODAY - timedelta(days=n), remote="remote")
    make.vacancy(company, title="Not remote", remote="onsite")
    first = client.get("/vacancies?remote=remote&per_page=2").get_data(as_text=True)
    assert titles(first) == ["Job 0", "Job 1"]
    assert "Page 1 of 3" in first
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "remote=remote" in next_link and "page=2" in next_link and "per_page=2" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert titles(second) == ["Job 2", "Job 3"]


@pytest.mark.parametrize("params", [{"province": "utrecht"}, {"page": "0"}, {"salary_min": "lots"}, {"sort": "random"},
                                     {"english_only": "maybe"}, {"occupation": "9999"}])
def test_bad_filter_gives_400_with_a_message_and_no_crash(client, make, params):
    make.vacancy(title="Still listed")
    response = client.get("/vacancies", query_string=params)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html and next(iter(params)) in html
    assert "Still listed" in html


def test_detail_shows_every_field_and_counts_a_view(client, make, db):
    vacancy = make.vacancy(title="Data engineer", dutch_level="A2", dutch_timing="within_12_months", english_level="C1",
                           visa_sponsorship=True, remote="remote", skills="Python\ndbt", requirements="SQL\nPython")
    response = client.get(f"/vacancies/{vacancy.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in ["Data engineer", "Level A2", "within 12 months", "Level C1", "Remote", "Permanent", "Medior",
                 "dbt", "32–40", "€ 3,500", "€ 4,500", "per month", "IND recognised sponsor", "Apply at"]:
        assert text in html, text
    from loket.storage.queries import vacancy_totals

    assert vacancy_totals(db, vacancy.id) == (1, 0)


def test_detail_json_ld_job_posting(client, make):
    vacancy = make.vacancy(title="Remote dev", remote="remote", contract="fixed_term", hours_max=24, hours_min=16)
    html = client.get(f"/vacancies/{vacancy.id}").get_data(as_text=True)
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "JobPosting"
    for key in ["title", "description", "datePosted", "validThrough", "hiringOrganization", "jobLocation",
                "employmentType", "baseSalary"]:
        assert data[key], key
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["employmentType"] == ["TEMPORARY", "PART_TIME"]
    assert data["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 3500, "maxValue": 4500}
    assert data["validThrough"].startswith((TODAY + timedelta(days=30)).isoformat())


def test_json_ld_cannot_break_out_of_its_script(client, make):
    vacancy = make.vacancy(title="</script><script>alert(1)</script>")
    html = client.get(f"/vacancies/{vacancy.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html


def test_expired_vacancy_says_closed_and_cannot_be_applied_for(client, make, db):
    vacancy = make.vacancy(closing_date=TODAY - timedelta(days=2))
    html = client.get(f"/vacancies/{vacancy.id}").get_data(as_text=True)
    assert "This vacancy is closed" in html and "Apply at" not in html and "application/ld+json" not in html
    response = client.get(f"/vacancies/{vacancy.id}/apply")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/vacancies/{vacancy.id}")
    from loket.storage.queries import vacancy_totals

    assert vacancy_totals(db, vacancy.id) == (0, 0)


def test_drafts_and_pending_are_not_public(client, make):
    for status in ("draft", "pending", "rejected"):
        vacancy = make.vacancy(status=status)
        assert client.get(f"/vacancies/{vacancy.id}").status_code == 404
        assert client.get(f"/vacancies/{vacancy.id}/apply").status_code == 404


def test_apply_redirects_and_counts(client, make, db):
    vacancy = make.vacancy(apply_url="https://jobs.example/apply-here")
    by_mail = make.vacancy(apply_url=None, apply_email="jobs@firm.example")
    response = client.get(f"/vacancies/{vacancy.id}/apply")
    assert response.status_code == 303 and response.headers["Location"] == "https://jobs.example/apply-here"
    client.get(f"/vacancies/{vacancy.id}/apply")
    assert client.get(f"/vacancies/{by_mail.id}/apply").headers["Location"] == "mailto:jobs@firm.example"
    from loket.storage.queries import vacancy_totals

    assert vacancy_totals(db, vacancy.id) == (0, 2)


def test_company_directory_and_page(client, make):
    friendly = make.company(name="Friendly BV", slug="friendly")
    make.company(name="Plain BV", slug="plain", recognised_sponsor=False, english_working_language=False)
    make.company(name="Unverified BV", slug="unverified", verified=False)
    make.vacancy(friendly, title="Open at friendly")
    make.vacancy(friendly, title="Expired at friendly", closing_date=TODAY - timedelta(days=1))
    directory = client.get("/companies").get_data(as_text=True)
    assert "Friendly BV" in directory and "Plain BV" not in directory and "Unverified BV" not in directory
    page = client.get("/companies/friendly").get_data(as_text=True)
    assert "Open at friendly" in page and "Expired at friendly" not in page
    assert client.get("/companies/unverified").status_code == 404
    assert client.get("/companies/nobody").status_code == 404


def test_sitemap_lists_open_vacancies_and_companies(client, make):
    company = make.company(slug="acme")
    open_one = make.vacancy(company)
    closed = make.vacancy(company, status="closed")
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/vacancies/{open_one.id}</loc>" in xml and f"/vacancies/{closed.id}</loc>" not in xml
    assert "/companies/acme</loc>" in xml and 'hreflang="nl"' in xml


def test_atom_feed_of_new_vacancies(client, make):
    make.vacancy(title="Feed & friends")
    response = client.get("/feed.atom")
    assert response.mimetype == "application/atom+xml"
    body = response.get_data(as_text=True)
    assert "<entry>" in body and "Feed &amp; friends" in body


def test_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/nowhere")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)
