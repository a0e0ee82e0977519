"""The saved filters in words, for the alert pages and mails (in the current language)."""
from __future__ import annotations

from flask_babel import gettext as _

from ...domain.alerts import filter_params
from ...domain.search import VacancyQuery
from ..i18n import money
from ..labels import label


def describe_filters(query: VacancyQuery) -> list[str]:
    """One line per filter ("Province: Drenthe", "No Dutch required"); empty for all vacancies."""
    lines = []
    for name, value in filter_params(query).items():
        if name == "q":
            lines.append(_("Keywords: %(value)s", value=value))
        elif name == "province":
            lines.append(_("Province: %(value)s", value=label("province", value)))
        elif name == "city":
            lines.append(_("City: %(value)s", value=value))
        elif name == "english_only":
            lines.append(_("No Dutch required"))
        elif name == "visa_sponsorship":
            lines.append(_("Visa sponsorship"))
        elif name == "remote":
            lines.append(_("Remote work: %(value)s", value=label("remote", value)))
        elif name == "seniority":
            lines.append(_("Seniority: %(value)s", value=label("seniority", value)))
        elif name == "contract":
            lines.append(_("Contract: %(value)s", value=label("contract", value)))
        elif name == "occupation":
            lines.append(_("Occupation: %(value)s", value=label("occupation", value)))
        elif name == "salary_min":
            lines.append(_("Minimum salary: %(amount)s gross per month", amount=money(int(value))))
        elif name == "salary_criterion":
            lines.append(_("Salary reaches the criterion for me"))
        else:  # a filter added to the list later: still shown, as its parameter
            lines.append(f"{name}: {value}")
    return lines
