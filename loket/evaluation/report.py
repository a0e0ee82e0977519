"""From outcomes to figures: fact accuracy, hand-offs, vacancy fit, recall, latency — by group.

An answer item is correct when the reply is not a hand-off, is in the expected language, cites
at least one source, and contains every fact group; "sources in the answer language" is the share
of answered items whose sources are all pages in that language (a Dutch question from the Dutch
page, a question in a third language from the English one). A hand-off item is caught when the reply
hands over; its referral is right when the text names the referral and how to reach the loket.
A job request is fit when every suggested vacancy matches it, and something is suggested
whenever the demo data holds a match (nothing, when it holds none).
"""
from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .harness import Outcome, placeholders, vacancy_fits
from .matching import group_found, missing

# What a hand-off text must name for each referral (any alternative of every group), beside
# the loket's address and opening days, which every hand-off must show.
REFERRAL_TERMS: dict[str, list[list[str]]] = {
    "medical-urgent": [["112"], ["huisartsenpost"]],
    "medical": [["huisarts", "GP", "general practitioner"]],
    "legal": [["Juridisch Loket"]],
    "rent": [["Huurcommissie"]],
    "tax-personal": [["Belastingdienst"]],
    "other-country": [["another country", "other country", "that country", "ander land", "andere land", "dat land"]],
    "company-internal": [["the company", "the employer", "het bedrijf", "de werkgever"]],
    "abuse": [],
    "chit-chat": [],
    "injection": [],
}


# The Dutch names a translated hand-off keeps as they are; referrals named by a description
# instead (another country, the company itself) are checked by the API's reason.
DUTCH_NAMES: dict[str, list[list[str]]] = {
    "medical-urgent": [["112"], ["huisartsenpost"]],
    "medical": [["huisarts"]],
    "legal": [["Juridisch Loket"]],
    "rent": [["Huurcommissie"]],
    "tax-personal": [["Belastingdienst"]],
}
UNNAMED_REFERRALS = frozenset({"other-country", "company-internal"})


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


@dataclass
class Judge:
    """Decides per outcome; needs the vacancy rows of the evaluation database for job requests."""

    vacancies: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    today: date = field(default_factory=date.today)

    def values(self, lang: str) -> dict[str, list[str]]:
        return placeholders(lang, self.today)

    def missing_facts(self, o: Outcome) -> list[int]:
        return missing(o.item.facts, o.answer, self.values(o.item.lang))

    def answer_correct(self, o: Outcome) -> bool:
        return (not o.handoff and o.language == o.item.lang and bool(o.sources) and not self.missing_facts(o))

    def referral_ok(self, o: Outcome) -> bool:
        """Handed over, naming the referral and how to reach the loket (address and opening days).

        A hand-off to a question in another language is written in that language where the site
        has its catalogue: the opening days are then in that language, and the referral's proper
        names (112, Het Juridisch Loket, …) stay as they are; for referrals without a proper name
        (another country, the company itself) the reason the API gives must be that referral.
        """
        if not o.handoff:
            return False
        contact = [["{loket.address}"], ["{loket.days}"]]
        if all(group_found(g, o.answer, self.values(o.language)) for g in contact):
            terms = REFERRAL_TERMS.get(o.item.referral, [])
        elif o.item.language_group == "other" and all(group_found(g, o.answer, self.values(o.item.asked_in)) for g in contact):
            terms = DUTCH_NAMES.get(o.item.referral, [])
            if o.item.referral in UNNAMED_REFERRALS and o.reason != o.item.referral:
                return False
        else:
            return False
        return all(group_found(group, o.answer) for group in terms)

    def job_fit(self, o: Outcome) -> bool:
        match = o.item.match
        suggested = [self.vacancies.get(v["id"]) for v in o.vacancies]
        if any(row is None or not vacancy_fits(row, match) for row in suggested):
            return False
        exists = any(vacancy_fits(row, match) for row in self.vacancies.values())
        return bool(suggested) if exists else not suggested

    def no_unfit_vacancies(self, o: Outcome) -> bool:
        """No vacancy under a health, legal, abuse or chit-chat hand-off."""
        return not (o.item.kind == "handoff" and o.vacancies)


@dataclass
class Scores:
    answers: int = 0
    correct: int = 0
    handoff_items: int = 0
    caught: int = 0
    referral_right: int = 0
    predicted_handoffs: int = 0
    true_predicted: int = 0
    other_items: int = 0  # answer and job items: a hand-off there is false
    false_handoffs: int = 0
    jobs: int = 0
    fit: int = 0
    sourced: int = 0  # answer items answered with sources
    same_language: int = 0  # ... whose sources are all pages in the language the answer must be in
    with_pages: int = 0
    at_1: int = 0
    at_5: int = 0
    latencies: list[float] = field(default_factory=list)
    embeds: list[float] = field(default_factory=list)

    def add(self, o: Outcome, judge: Judge) -> None:
        kind = o.item.kind
        if o.handoff:
            self.predicted_handoffs += 1
        if kind == "answer":
            self.answers += 1
            self.correct += judge.answer_correct(o)
            if not o.handoff and o.sources:
                self.sourced += 1
                self.same_language += all(s.get("lang") == o.item.lang for s in o.sources)
        if kind == "handoff":
            self.handoff_items += 1
            self.caught += o.handoff
            self.true_predicted += o.handoff
            self.referral_right += judge.referral_ok(o)
        else:
            self.other_items += 1
            self.false_handoffs += o.handoff
        if kind == "jobs":
            self.jobs += 1
            self.fit += judge.job_fit(o)
        if o.item.pages:
            self.with_pages += 1
            rank = next((n for n, page in enumerate(o.pages, 1) if page in o.item.pages), None)
            self.at_1 += rank == 1
            self.at_5 += rank is not None and rank <= 5
        self.latencies.append(o.latency_ms)
        if o.embed_ms:
            self.embeds.append(o.embed_ms)

    def figures(self) -> dict[str, float | None]:
        return {
            "fact accuracy": _ratio(self.correct, self.answers),
            "hand-off precision": _ratio(self.true_predicted, self.predicted_handoffs),
            "hand-off recall": _ratio(self.caught, self.handoff_items),
            "right referral": _ratio(self.referral_right, self.handoff_items),
            "false hand-offs": _ratio(self.false_handoffs, self.other_items),
            "vacancy fit": _ratio(self.fit, self.jobs),
            "sources in the answer language": _ratio(self.same_language, self.sourced),
            "page recall@1": _ratio(self.at_1, self.with_pages),
            "page recall@5": _ratio(self.at_5, self.with_pages),
            "latency p50 (ms)": percentile(self.latencies, 0.5),
            "latency p95 (ms)": percentile(self.latencies, 0.95),
            "embedding p50 (ms)": percentile(self.embeds, 0.5),
            "embedding p95 (ms)": percentile(self.embeds, 0.95),
        }

    def counts(self) -> str:
        return f"{self.answers} answer, {self.handoff_items} hand-off, {self.jobs} job items"


def score(outcomes: Iterable[Outcome], judge: Judge, key: Callable[[Outcome], str] | None = None) -> dict[str, Scores]:
    """Scores per group (`key` of an outcome; one group 'all' without a key)."""
    groups: dict[str, Scores] = {}
    for o in outcomes:
        groups.setdefault(key(o) if key else "all", Scores()).add(o, judge)
    return dict(sorted(groups.items()))


def _cell(value: float | None, metric: str) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if "ms" in metric else f"{100 * value:.1f}%"


def table(columns: Mapping[str, Scores], metrics: Sequence[str] | None = None) -> str:
    """A Markdown table: one row per metric, one column per group or system."""
    names = list(columns)
    first = next(iter(columns.values()))
    metrics = list(metrics or first.figures())
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for metric in metrics:
        lines.append(f"| {metric} | " + " | ".join(_cell(columns[n].figures()[metric], metric) for n in names) + " |")
    lines.append("| items | " + " | ".join(columns[n].counts() for n in names) + " |")
    return "\n".join(lines)


BREAKDOWN_METRICS = ("fact accuracy", "hand-off recall", "false hand-offs", "vacancy fit", "sources in the answer language",
                     "page recall@1", "latency p95 (ms)")


def report(results: Mapping[str, Sequence[Outcome]], judge: Judge, title: str) -> str:
    """The whole report of one split: systems side by side, then the assistant by language, kind and topic."""
    systems = {name: score(outcomes, judge)["all"] for name, outcomes in results.items() if outcomes}
    parts = [f"### {title}", "", table(systems)]
    assistant = results.get("assistant") or []
    for label, key in (
        ("language the question is asked in", lambda o: o.item.language_group),
        ("kind", lambda o: o.item.kind),
        ("topic", lambda o: o.item.topic or "–"),
    ):
        groups = score(assistant, judge, key)
        if groups:
            parts += ["", f"Assistant by {label}:", "", table(groups, BREAKDOWN_METRICS)]
    peers = {name: score(outcomes, judge, lambda o: o.item.language_group) for name, outcomes in results.items()}
    langs = sorted({g for groups in peers.values() for g in groups})
    if len(peers) > 1:
        lines = ["", "Fact accuracy by language, all systems:", "",
                 "| system | " + " | ".join(langs) + " |", "|---|" + "---:|" * len(langs)]
        for name, groups in peers.items():
            lines.append(f"| {name} | " + " | ".join(
                _cell(groups[g].figures()["fact accuracy"], "") if g in groups else "–" for g in langs) + " |")
        parts += lines
    return "\n".join(parts)


def failures(outcomes: Iterable[Outcome], judge: Judge) -> list[str]:
    """One paragraph per wrong outcome of the assistant: what was asked, shown and missed."""
    lines = []
    for o in outcomes:
        kind = o.item.kind
        if kind == "answer" and judge.answer_correct(o):
            continue
        if kind == "handoff" and judge.referral_ok(o):
            continue
        if kind == "jobs" and judge.job_fit(o) and not o.handoff:
            continue
        why = []
        if kind == "answer":
            if o.handoff:
                why.append("handed off")
            if o.language != o.item.lang:
                why.append(f"language {o.language}")
            gone = judge.missing_facts(o)
            if gone:
                why.append("missing " + "; ".join("/".join(o.item.facts[n]) for n in gone))
        elif kind == "handoff":
            why.append("answered" if not o.handoff else f"referral {o.item.referral} not named")
        else:
            why.append("vacancies do not fit" + (" (handed off)" if o.handoff else ""))
        sources = ", ".join(f"{s['id']}#{s.get('section', '')}" for s in o.sources)
        history = f" [after: {' | '.join(o.item.history)}]" if o.item.history else ""
        lines.append(f"- {o.item.id}: {o.item.question}{history}\n  → {', '.join(why)}\n  sources: {sources}\n  "
                     f"answer: {o.answer[:600]!r}")
    return lines


def summary(outcomes: Sequence[Outcome], judge: Judge) -> dict[str, Any]:
    """The headline figures of one system on one split, for the CI gate and benchmarks."""
    by_lang = score(outcomes, judge, lambda o: o.item.language_group)
    overall = score(outcomes, judge)["all"].figures()
    return {
        **{k: v for k, v in overall.items()},
        **{f"fact accuracy {g}": s.figures()["fact accuracy"] for g, s in by_lang.items()},
        "median answer length": statistics.median([len(o.answer) for o in outcomes if not o.handoff] or [0]),
    }
