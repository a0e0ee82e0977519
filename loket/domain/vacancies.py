"""The vacancy vocabulary: codes used in the database, the API and the demo data.

Every code list is closed; labels for the UI live in the web layer's catalogues,
except the occupation labels, which are data (ISCO-08, English and Dutch).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Province(StrEnum):
    GRONINGEN = "groningen"
    FRYSLAN = "fryslan"
    DRENTHE = "drenthe"


PROVINCE_NAMES = {Province.GRONINGEN: "Groningen", Province.FRYSLAN: "Fryslân", Province.DRENTHE: "Drenthe"}

#: What people type for a province, besides the code and the name (compared without case and accents).
PROVINCE_ALIASES = {Province.FRYSLAN: ("Friesland",)}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold().strip()


_PROVINCE_LOOKUP = {
    _fold(spelling): province
    for province in Province
    for spelling in (province.value, PROVINCE_NAMES[province], *PROVINCE_ALIASES.get(province, ()))
}


def province_from(text: str) -> Province | None:
    """The province a visitor means: its code, its name or a common alias, in any case, with or without accents."""
    return _PROVINCE_LOOKUP.get(_fold(text))


class DutchLevel(StrEnum):
    NONE = "none"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"


class DutchTiming(StrEnum):
    START = "start"
    WITHIN_12_MONTHS = "within_12_months"


class EnglishLevel(StrEnum):
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"


class RemotePolicy(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


class Contract(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    TRAINEESHIP = "traineeship"
    INTERNSHIP = "internship"
    FREELANCE = "freelance"


class Seniority(StrEnum):
    JUNIOR = "junior"
    MEDIOR = "medior"
    SENIOR = "senior"
    LEAD = "lead"


class SalaryPeriod(StrEnum):
    HOUR = "hour"
    MONTH = "month"
    YEAR = "year"


class Status(StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    CLOSED = "closed"


class Language(StrEnum):
    EN = "en"
    NL = "nl"


@dataclass(frozen=True)
class Occupation:
    """An ISCO-08 unit group behind one of the top-15 ICT occupations in the north (seed 002)."""

    code: str
    en: str
    nl: str
    vacancies_2023: int

    def label(self, locale: str) -> str:
        return self.nl if locale == "nl" else self.en


# In the order of seed 002's top-15 list (vacancies in the north, 2023).
OCCUPATIONS: dict[str, Occupation] = {
    o.code: o
    for o in (
        Occupation("2522", "Systems administrators", "Systeembeheerders", 1181),
        Occupation("2514", "Applications programmers", "Applicatieprogrammeurs", 723),
        Occupation("1330", "ICT service managers", "Leidinggevenden in de ICT", 484),
        Occupation("2511", "Systems analysts", "Systeemanalisten", 376),
        Occupation("3512", "ICT user support technicians", "ICT-technici: gebruikersondersteuning", 240),
        Occupation("2529", "Database and network professionals", "Databank- en netwerkspecialisten", 208),
        Occupation("2512", "Software developers", "Softwareontwikkelaars", 153),
        Occupation("2521", "Database designers and administrators", "Ontwerpers en beheerders van databanken", 144),
        Occupation("2519", "Software and applications developers and analysts", "Software- en applicatieontwikkelaars en -analisten", 144),
        Occupation("2513", "Web and multimedia developers", "Web- en multimediaontwikkelaars", 141),
        Occupation("2152", "Electronics engineers", "Elektronica-ingenieurs", 112),
        Occupation("3314", "Statistical and mathematical associate professionals", "Vakspecialisten op statistisch en wiskundig gebied", 79),
        Occupation("2166", "Graphic and multimedia designers", "Grafisch ontwerpers en multimediaontwerpers", 77),
        Occupation("7422", "ICT installers and servicers", "Installateurs en monteurs in de ICT", 60),
        Occupation("2120", "Mathematicians, actuaries and statisticians", "Wiskundigen, actuarissen en statistici", 59),
    )
}


def monthly_amount(amount: int | None, period: SalaryPeriod | str | None, hours_per_week: int | None) -> int | None:
    """Convert a gross salary to an approximate gross amount per month, for filtering and sorting.

    Yearly amounts are divided by 12 (Dutch yearly figures usually include the 8% holiday
    allowance, so this errs on the generous side); hourly amounts assume the stated hours
    per week (40 when unknown) over 52 weeks.
    """
    if amount is None or period is None:
        return None
    period = SalaryPeriod(period)
    if period is SalaryPeriod.MONTH:
        return amount
    if period is SalaryPeriod.YEAR:
        return round(amount / 12)
    return round(amount * (hours_per_week or 40) * 52 / 12)
