"""The loket's indicators as plain values: desk-visit codes, periods, and the pure helpers
that turn per-day counts into per-period figures and group similar questions.

The action plan (seed 002, activity 19) asks to follow vacancies for the target group,
international-friendly companies, visitors online and at the desk, vacancy views, apply
clicks and satisfaction. The services count per day in SQL; this module knows weeks,
months and arithmetic, nothing about databases or the web.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from .content import Topic


# --- What a desk visit records: codes only, nothing that identifies the visitor ------------------


# What the visit was about: the guide's topics (one list, so they cannot drift), plus
# vacancies and anything else.
VisitTopic = StrEnum(
    "VisitTopic",
    {**{topic.name: topic.value for topic in Topic}, "VACANCIES": "vacancies", "OTHER": "other"},
)


assert {t.value for t in Topic} <= {t.value for t in VisitTopic}, "every guide topic is a visit topic"


class VisitLanguage(StrEnum):
    EN = "en"
    NL = "nl"
    OTHER = "other"


class VisitChannel(StrEnum):
    WALK_IN = "walk-in"
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"  # a hand-off from the online assistant
    APPOINTMENT = "by-appointment"  # a booked appointment, logged from the desk's appointment list


class VisitOutcome(StrEnum):
    ANSWERED = "answered"
    REFERRED = "referred"
    APPOINTMENT = "appointment"


SATISFACTION_SCALE = (1, 2, 3, 4, 5)

# The most common visit, preselected in the form: an English-speaking walk-in, answered.
VISIT_DEFAULTS = {"language": VisitLanguage.EN, "channel": VisitChannel.WALK_IN, "outcome": VisitOutcome.ANSWERED}


# --- Periods ------------------------------------------------------------------------------------


class Grouping(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end` (both inclusive): an ISO week or a calendar month, clipped to the range."""

    key: str  # "2026-W47" or "2026-11"
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def _period_bounds(day: date, grouping: Grouping) -> tuple[str, date, date]:
    if grouping == Grouping.WEEK:
        start = day - timedelta(days=day.weekday())
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}", start, start + timedelta(days=6)
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return f"{day.year}-{day.month:02d}", start, following - timedelta(days=1)


def periods(start: date, end: date, grouping: Grouping | str) -> list[Period]:
    """The weeks (Monday–Sunday) or months that `start`..`end` touches, each clipped to that range."""
    grouping = Grouping(grouping)
    if end < start:
        raise ValueError("end is before start")
    result = []
    day = start
    while day <= end:
        key, first, last = _period_bounds(day, grouping)
        result.append(Period(key, max(first, start), min(last, end)))
        day = last + timedelta(days=1)
    return result


def default_range(today: date, weeks: int = 12) -> tuple[date, date]:
    """The last `weeks` whole weeks up to today: from the Monday `weeks - 1` weeks before this week's."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks - 1), today


def sum_by_period(per_day: Mapping[date, float], spans: Sequence[Period]) -> list[float]:
    """Add up per-day values into the periods; days outside every period are ignored."""
    totals = [0] * len(spans)
    for day, value in per_day.items():
        for i, span in enumerate(spans):
            if day in span:
                totals[i] += value
                break
    return totals


def rate(part: float, whole: float, digits: int = 1) -> float | None:
    """`part` as a percentage of `whole`, rounded; None when there is nothing to divide."""
    return round(100 * part / whole, digits) if whole else None


def mean(total: float, count: int, digits: int = 2) -> float | None:
    return round(total / count, digits) if count else None


# --- The figures ----------------------------------------------------------------------------------


@dataclass
class Indicators:
    """Every figure per period: `figures[name][i]` belongs to `periods[i]`; `columns` keeps their order."""

    grouping: Grouping
    periods: list[Period]
    figures: dict[str, list[float | None]] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return list(self.figures)

    def rows(self) -> list[dict[str, object]]:
        """One dict per period: period, start, end and every figure (the CSV's rows)."""
        return [
            {"period": p.key, "start": p.start.isoformat(), "end": p.end.isoformat(),
             **{name: values[i] for name, values in self.figures.items()}}
            for i, p in enumerate(self.periods)
        ]

    def total(self, name: str) -> float:
        return sum(v for v in self.figures[name] if v is not None)


# --- Grouping similar questions -------------------------------------------------------------------


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass
class QuestionGroup:
    """Questions that say much the same; `representative` is the first of its most common wording."""

    terms: frozenset[str]
    items: list[int] = field(default_factory=list)  # indexes into the grouped list

    @property
    def count(self) -> int:
        return len(self.items)


def group_similar(texts: Sequence[str], terms: Sequence[Iterable[str]], threshold: float = 0.5) -> list[QuestionGroup]:
    """Group `texts` whose term sets (`terms[i]`, e.g. stemmed words) overlap by at least `threshold` (Jaccard).

    Greedy and order-stable: each text joins the group whose first member's terms it is most
    similar to, or starts a new group. Texts without any term are grouped by their exact,
    case-folded wording. Groups come back largest first, ties in order of appearance.
    """
    if len(texts) != len(terms):
        raise ValueError("texts and terms differ in length")
    groups: list[QuestionGroup] = []
    by_wording: dict[str, QuestionGroup] = {}
    for index, (text, words) in enumerate(zip(texts, terms)):
        term_set = frozenset(words)
        if not term_set:
            wording = " ".join(text.casefold().split())
            group = by_wording.get(wording)
            if group is None:
                group = by_wording[wording] = QuestionGroup(term_set)
                groups.append(group)
            group.items.append(index)
            continue
        best, best_score = None, threshold
        for group in groups:
            if group.terms:
                score = jaccard(term_set, group.terms)
                if score > best_score or (best is None and score >= best_score):
                    best, best_score = group, score
        if best is None:
            best = QuestionGroup(term_set)
            groups.append(best)
        best.items.append(index)
    order = {id(g): i for i, g in enumerate(groups)}
    return sorted(groups, key=lambda g: (-g.count, order[id(g)]))


def representative(texts: Sequence[str], group: QuestionGroup) -> int:
    """The index of the group's most common wording (case and spacing ignored); the earliest on a tie."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i in group.items:
        wording = " ".join(texts[i].casefold().split())
        counts[wording] = counts.get(wording, 0) + 1
        first.setdefault(wording, i)
    best = max(counts, key=lambda w: (counts[w], -first[w]))
    return first[best]
