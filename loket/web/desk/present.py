"""How the indicators are shown: which figures go in which chart, with what labels, and the totals."""
from __future__ import annotations

from dataclasses import dataclass

from babel.dates import get_day_names
from flask_babel import format_date, lazy_gettext as _l
from markupsafe import Markup

from ...domain.content import Topic
from ...domain.indicators import Grouping, Indicators, VisitChannel, VisitOutcome
from ...domain.loket import WEEKDAYS
from ..guide.routes import TOPIC_LABELS
from .charts import bar_chart
from .forms import VISIT_CHANNEL_LABELS, VISIT_OUTCOME_LABELS

FIGURE_LABELS = {
    "open_vacancies_target_group": _l("Open vacancies, Dutch not required"),
    "international_friendly_companies": _l("International-friendly companies"),
    "vacancy_views": _l("Vacancy views"),
    "apply_clicks": _l("Apply clicks"),
    "questions": _l("Questions to the assistant"),
    "questions_en": _l("Asked in English"),
    "questions_nl": _l("Asked in Dutch"),
    "questions_other": _l("Asked in another language"),
    **{f"questions_topic_{t.value}": label for t, label in TOPIC_LABELS.items()},
    "questions_topic_none": _l("No topic (handed over)"),
    "answered": _l("Answered"),
    "handed_over": _l("Handed over to a person"),
    "handoff_rate": _l("Hand-off rate (%)"),
    "thumbs_up": _l("Thumbs up"),
    "thumbs_down": _l("Thumbs down"),
    "desk_visits": _l("Desk visits"),
    **{f"visits_{c.value.replace('-', '_')}": label for c, label in VISIT_CHANNEL_LABELS.items()},
    **{f"visits_{o.value}": label for o, label in VISIT_OUTCOME_LABELS.items()},
    "satisfaction_responses": _l("Visitors who rated their visit"),
    "average_satisfaction": _l("Average satisfaction (1–5)"),
    "appointments_booked": _l("Appointments booked"),
    "appointments_attended": _l("Appointments attended"),
    "appointments_no_show": _l("Appointments not kept (no-show)"),
    "vacancies_closed": _l("Vacancies closed"),
    "outcomes_known": _l("Closed vacancies with a known outcome"),
    "vacancies_filled": _l("Filled"),
    "filled_through_portal": _l("Filled through the portal"),
    "filled_by_international": _l("Filled by an international"),
    "filled_rate": _l("Filled (percentage of known outcomes)"),
    "through_portal_rate": _l("Filled through the portal (percentage of known outcomes)"),
    "by_international_rate": _l("Filled by an international (percentage of known outcomes)"),
}


@dataclass
class Chart:
    id: str
    title: str
    figures: list[str]  # the figures drawn, each a series
    extra: list[str]  # figures only in the table (e.g. a rate next to its counts)
    svg: Markup


# (id, title, figures drawn, stacked, fixed maximum, figures in the table only)
CHARTS = [
    ("vacancies", _l("Open vacancies for the target group"), ["open_vacancies_target_group"], False, None, []),
    ("companies", _l("International-friendly companies"), ["international_friendly_companies"], False, None, []),
    ("views", _l("Vacancy views and apply clicks"), ["vacancy_views", "apply_clicks"], False, None, []),
    ("languages", _l("Assistant questions by language"), ["questions_en", "questions_nl", "questions_other"], True, None, ["questions"]),
    ("topics", _l("Assistant questions by topic"), [f"questions_topic_{t.value}" for t in Topic] + ["questions_topic_none"], True, None, []),
    ("handoffs", _l("Answered and handed over"), ["answered", "handed_over"], True, None, ["handoff_rate"]),
    ("feedback", _l("Feedback on answers"), ["thumbs_up", "thumbs_down"], False, None, []),
    ("channels", _l("Desk visits by channel"), [f"visits_{c.value.replace('-', '_')}" for c in VisitChannel], True, None, ["desk_visits"]),
    ("outcomes", _l("Desk visits by outcome"), [f"visits_{o.value}" for o in VisitOutcome], True, None, []),
    ("satisfaction", _l("Average satisfaction at the desk"), ["average_satisfaction"], False, 5, ["satisfaction_responses"]),
    ("appointments", _l("Appointments at the loket"), ["appointments_booked", "appointments_attended", "appointments_no_show"],
     False, None, []),
    ("outcomes", _l("How closed vacancies ended"), ["filled_rate", "through_portal_rate", "by_international_rate"], False, 100,
     ["vacancies_closed", "outcomes_known", "vacancies_filled", "filled_through_portal", "filled_by_international"]),
]


def period_labels(figures: Indicators) -> list[str]:
    """Short labels under the bars: 'W47' per week, 'Nov 2026' per month."""
    if figures.grouping == Grouping.WEEK:
        return [p.key.split("-")[1] for p in figures.periods]
    return [format_date(p.start, "MMM yyyy") for p in figures.periods]


def charts(figures: Indicators, labels: list[str]) -> list[Chart]:
    result = []
    for chart_id, title, names, stacked, max_value, extra in CHARTS:
        series = [(str(FIGURE_LABELS[n]), figures.figures[n]) for n in names]
        svg = bar_chart(str(title), labels, series, stacked=stacked, max_value=max_value)
        result.append(Chart(chart_id, str(title), names, extra, svg))
    return result


def summary(figures: Indicators) -> list[tuple[str, object]]:
    """The range at a glance: the latest snapshot, totals of counts, overall rates."""
    f = figures.figures
    questions = figures.total("questions")
    rated = figures.total("satisfaction_responses")
    scores = sum((a or 0) * n for a, n in zip(f["average_satisfaction"], f["satisfaction_responses"]))
    known = figures.total("outcomes_known")

    def share(name: str) -> object:
        return round(100 * figures.total(name) / known, 1) if known else "–"

    return [
        (FIGURE_LABELS["open_vacancies_target_group"], f["open_vacancies_target_group"][-1]),
        (FIGURE_LABELS["international_friendly_companies"], f["international_friendly_companies"][-1]),
        (FIGURE_LABELS["vacancy_views"], figures.total("vacancy_views")),
        (FIGURE_LABELS["apply_clicks"], figures.total("apply_clicks")),
        (FIGURE_LABELS["questions"], questions),
        (FIGURE_LABELS["handoff_rate"], round(100 * figures.total("handed_over") / questions, 1) if questions else "–"),
        (FIGURE_LABELS["thumbs_up"], figures.total("thumbs_up")),
        (FIGURE_LABELS["thumbs_down"], figures.total("thumbs_down")),
        (FIGURE_LABELS["desk_visits"], figures.total("desk_visits")),
        (FIGURE_LABELS["average_satisfaction"], round(scores / rated, 2) if rated else "–"),
        (FIGURE_LABELS["appointments_booked"], figures.total("appointments_booked")),
        (FIGURE_LABELS["appointments_attended"], figures.total("appointments_attended")),
        (FIGURE_LABELS["appointments_no_show"], figures.total("appointments_no_show")),
        (FIGURE_LABELS["filled_rate"], share("vacancies_filled")),
        (FIGURE_LABELS["through_portal_rate"], share("filled_through_portal")),
        (FIGURE_LABELS["by_international_rate"], share("filled_by_international")),
    ]


def weekday_names(locale: str) -> dict[str, str]:
    names = get_day_names("wide", locale=locale)
    return {day: names[i] for i, day in enumerate(WEEKDAYS)}
