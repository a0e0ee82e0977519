""""Can I take this job?" on a vacancy page: the outcome for each possible set of answers.

The page without JavaScript posts the answers back and gets one outcome; with JavaScript every
outcome is on the page (in <template> elements) and job-check.js shows the one that matches the
answers kept in the browser. `outcome_keys` tells the script which answers lead to which
outcome, so the rule lives only in `loket.domain.eligibility`. Nothing here stores or logs answers.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ...domain.eligibility import VISITOR_CRITERIA, Answers, SalaryOutcome, salary_outcome
from ...domain.figures import Criterion, YearFigures
from ...storage.models import Vacancy

EU = "eu"

CRITERION_LABELS = {
    Criterion.HSM_30_OR_OLDER: _l("the highly skilled migrant criterion for people aged 30 or older"),
    Criterion.HSM_UNDER_30: _l("the highly skilled migrant criterion for people younger than 30"),
    Criterion.HSM_REDUCED: _l("the reduced highly skilled migrant criterion, for example after graduating in the Netherlands"),
}


@dataclass(frozen=True)
class JobCheck:
    """What one set of answers means for one vacancy."""

    key: str  # EU, or the criterion's code: the <template data-outcome> job-check.js shows
    eu_citizen: bool
    recognised_sponsor: bool
    salary: SalaryOutcome | None  # None for EU/EEA/Swiss citizens: no criterion applies

    @property
    def criterion_label(self) -> str:
        return str(CRITERION_LABELS[self.salary.criterion]) if self.salary else ""


def job_check(vacancy: Vacancy, year: YearFigures | None, criterion: Criterion | None) -> JobCheck:
    """The outcome for a visitor to whom `criterion` applies (None: an EU/EEA/Swiss citizen)."""
    sponsor = bool(vacancy.company.recognised_sponsor)
    if criterion is None:
        return JobCheck(EU, True, sponsor, None)
    salary = salary_outcome(year, criterion, vacancy.salary_min, vacancy.salary_max, vacancy.salary_period,
                            vacancy.hours_max or vacancy.hours_min)
    return JobCheck(criterion.value, False, sponsor, salary)


def check_for(vacancy: Vacancy, year: YearFigures | None, answers: Answers) -> JobCheck:
    return job_check(vacancy, year, answers.criterion())


def every_check(vacancy: Vacancy, year: YearFigures | None) -> list[JobCheck]:
    """One outcome per possible criterion, and the EU one: what job-check.js chooses from."""
    return [job_check(vacancy, year, None)] + [job_check(vacancy, year, c) for c in VISITOR_CRITERIA]


def outcome_keys() -> dict[str, str]:
    """Answers → outcome key, for the script: "yes" (EU) or "no,<30+ yes/no>,<graduate yes/no>"."""
    keys = {"yes": EU}
    for age, graduate in itertools.product((True, False), repeat=2):
        answers = Answers(eu_citizen=False, age_30_or_older=age, dutch_graduate=graduate)
        keys[",".join(("no", _yes_no(age), _yes_no(graduate)))] = answers.criterion().value
    return keys


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"

