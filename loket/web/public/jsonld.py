"""schema.org JobPosting for a vacancy page (Google's required and recommended fields)."""
from __future__ import annotations

from typing import Any

from ...domain.vacancies import Contract, RemotePolicy
from ...storage.models import Vacancy

_UNIT = {"hour": "HOUR", "month": "MONTH", "year": "YEAR"}


def employment_types(vacancy: Vacancy) -> list[str]:
    kinds: list[str] = []
    if vacancy.contract in (Contract.INTERNSHIP, Contract.TRAINEESHIP):
        kinds.append("INTERN")
    elif vacancy.contract == Contract.FREELANCE:
        kinds.append("CONTRACTOR")
    elif vacancy.contract == Contract.FIXED_TERM:
        kinds.append("TEMPORARY")
    hours = vacancy.hours_max or vacancy.hours_min
    kinds.append("PART_TIME" if hours and hours < 32 else "FULL_TIME")
    return kinds


def job_posting(vacancy: Vacancy, url: str, company_url: str) -> dict[str, Any]:
    company = vacancy.company
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description,
        "datePosted": vacancy.posted_date.isoformat(),
        "validThrough": f"{vacancy.closing_date.isoformat()}T23:59:59+01:00",
        "employmentType": employment_types(vacancy),
        "url": url,
        "hiringOrganization": {"@type": "Organization", "name": company.name, "sameAs": company.website or company_url},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": vacancy.city,
                "addressRegion": vacancy.province.value.capitalize() if vacancy.province.value != "fryslan" else "Fryslân",
                "addressCountry": "NL",
            },
        },
        "skills": ", ".join(vacancy.skill_list),
        "directApply": False,
    }
    if vacancy.remote == RemotePolicy.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "NL"}
    if vacancy.salary_period and (vacancy.salary_min or vacancy.salary_max):
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": _UNIT[vacancy.salary_period.value]}
        if vacancy.salary_min:
            value["minValue"] = vacancy.salary_min
        if vacancy.salary_max:
            value["maxValue"] = vacancy.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    return data
