"""UI labels for the domain's codes, through the message catalogues."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..domain.vacancies import OCCUPATIONS, PROVINCE_NAMES

LABELS = {
    "remote": {"onsite": _l("On-site"), "hybrid": _l("Hybrid"), "remote": _l("Remote")},
    "contract": {
        "permanent": _l("Permanent"),
        "fixed_term": _l("Fixed term"),
        "traineeship": _l("Traineeship"),
        "internship": _l("Internship"),
        "freelance": _l("Freelance"),
    },
    "seniority": {"junior": _l("Junior"), "medior": _l("Medior"), "senior": _l("Senior"), "lead": _l("Lead")},
    "salary_period": {"hour": _l("per hour"), "month": _l("per month"), "year": _l("per year")},
    "dutch_timing": {"start": _l("from the start"), "within_12_months": _l("within 12 months")},
    "sort": {"newest": _l("Newest first"), "closing": _l("Closing soonest"), "salary": _l("Highest salary")},
    "status": {
        "draft": _l("Draft"),
        "pending": _l("Waiting for review"),
        "published": _l("Published"),
        "rejected": _l("Rejected"),
        "closed": _l("Closed"),
    },
}


def label(kind: str, code: object) -> str:
    """The label of a code in the current language; the code itself when unknown."""
    if code is None:
        return ""
    value = getattr(code, "value", code)
    if kind == "province":
        return next((name for p, name in PROVINCE_NAMES.items() if p.value == value), str(value))
    if kind == "occupation":
        from .i18n import current_locale

        occupation = OCCUPATIONS.get(str(value))
        return occupation.label(current_locale()) if occupation else str(value)
    return str(LABELS.get(kind, {}).get(value, value))
