"""What a question asks: its parts, the kind of answer each part wants, places, personal figures,
whether it follows up on the conversation, and whether it is about the loket itself.

Plain text rules; the word patterns are data in rules/questions.yaml. Nothing here searches
the guide: the answerer uses this analysis to search per part and to choose sentences.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..domain.question_filters import CITIES, fold
from .lexical import STOPWORDS, tokenize

RULES_FILE = Path(__file__).parent / "rules" / "questions.yaml"
ANSWER_TYPES = ("amount", "duration", "date", "place", "steps", "which", "yes_no")
# Places the guide names, beside the cities of the three provinces (folded).
PLACES = frozenset(CITIES) | {"zwolle", "amsterdam", "utrecht", "rotterdam", "den haag", "the hague", "eindhoven",
                               "friesland", "fryslan", "drenthe", "online"}
MIN_PART_TERMS = 2
MAX_PARTS = 3


def _compile(patterns: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@dataclass(frozen=True)
class Rules:
    """The compiled patterns of rules/questions.yaml."""

    question_types: dict[str, tuple[re.Pattern[str], ...]]
    sentence_types: dict[str, tuple[re.Pattern[str], ...]]
    split_markers: tuple[re.Pattern[str], ...]
    follow_up: tuple[re.Pattern[str], ...]
    loket_subject: tuple[re.Pattern[str], ...]
    loket_aspects: dict[str, tuple[re.Pattern[str], ...]]
    loket_not: tuple[re.Pattern[str], ...]
    personal: dict[str, tuple[re.Pattern[str], ...]]
    job_search: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Rules:
        types = data["answer_types"]
        unknown = set(types) - set(ANSWER_TYPES)
        if unknown:
            raise ValueError(f"unknown answer types in rules: {sorted(unknown)}")
        loket = data["loket"]
        return cls(
            question_types={name: _compile(types[name]["question"]) for name in ANSWER_TYPES if name in types},
            sentence_types={name: _compile(types[name].get("sentence") or []) for name in ANSWER_TYPES if name in types},
            split_markers=_compile(data["split_markers"]),
            follow_up=_compile(data["follow_up"]),
            loket_subject=_compile(loket["subject"]),
            loket_aspects={name: _compile(p) for name, p in loket["aspects"].items()},
            loket_not=_compile(loket.get("not_about_the_loket_itself") or []),
            personal={name: _compile(p) for name, p in data["personal"].items()},
            job_search=_compile(data.get("job_search") or []),
        )


@functools.cache
def rules(path: Path = RULES_FILE) -> Rules:
    return Rules.from_data(yaml.safe_load(path.read_text(encoding="utf-8")))


def _any(patterns: Sequence[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def content_terms(text: str) -> list[str]:
    """The words of a text that say something (no stopwords, no one-letter tokens)."""
    return [t for t in tokenize(text) if t not in STOPWORDS and len(t) > 1]


@dataclass(frozen=True)
class Part:
    """One question inside the visitor's message."""

    text: str
    answer_type: str | None
    places: tuple[str, ...] = ()
    job_search: bool = False  # asks for vacancies, not for guide text


@dataclass(frozen=True)
class Personal:
    """Figures about the asker: age and salary (as a monthly, gross amount where that can be told)."""

    age: int | None = None
    salary: float | None = None  # as typed, in euros
    period: str = "month"  # month | year | hour
    net: bool = False
    includes_holiday_allowance: bool = False
    blue_card: bool = False
    reduced: bool = False  # recent graduate / orientation year: the reduced criterion


@dataclass(frozen=True)
class Analysis:
    question: str
    parts: tuple[Part, ...]
    search_text: str  # what to search with: the question, with the conversation folded in for a follow-up
    follow_up: bool = False
    loket_aspects: frozenset[str] = frozenset()
    personal: Personal | None = None
    history: tuple[str, ...] = field(default=(), repr=False)

    @property
    def answer_type(self) -> str | None:
        return self.parts[0].answer_type if self.parts else None


def answer_type(text: str) -> str | None:
    """The first answer type whose question patterns match `text`, in ANSWER_TYPES order."""
    folded = fold(text)
    for name, patterns in rules().question_types.items():
        if _any(patterns, folded):
            return name
    return None


def sentence_types(text: str) -> set[str]:
    """The answer types a sentence can satisfy ('amount' when it names an amount, ...)."""
    folded = fold(text)
    return {name for name, patterns in rules().sentence_types.items() if patterns and _any(patterns, folded)}


def places_in(text: str) -> tuple[str, ...]:
    """Place names of the north (and a few others the guide names) in `text`, folded, in order."""
    folded = fold(text)
    found = [(m.start(), place) for place in PLACES for m in [re.search(rf"\b{re.escape(place)}\b", folded)] if m]
    return tuple(place for _, place in sorted(found))


def split_parts(question: str) -> list[str]:
    """The question's parts: split where a new question starts, when each side has enough words."""
    pieces = [question]
    for marker in rules().split_markers:
        next_pieces = []
        for piece in pieces:
            cut = [p for p in marker.split(piece) if p is not None]
            if len(cut) > 1 and all(len(content_terms(p)) >= MIN_PART_TERMS for p in cut):
                next_pieces.extend(cut)
            else:
                next_pieces.append(piece)
        pieces = next_pieces
    pieces = [p.strip(" ,;") for p in pieces if p.strip(" ,;?")]
    if len(pieces) > MAX_PARTS:
        pieces = pieces[: MAX_PARTS - 1] + [" ".join(pieces[MAX_PARTS - 1:])]
    return pieces or [question]


def is_job_search(text: str) -> bool:
    """True when the text asks for vacancies ("any python jobs in Groningen?") rather than the guide."""
    return _any(rules().job_search, fold(text))


def is_follow_up(question: str, history: Sequence[str]) -> bool:
    """True when the question leans on the conversation: short, starting with 'and …', 'en in …'."""
    if not history:
        return False
    folded = fold(question)
    terms = content_terms(question)
    if len(terms) <= 1:
        return True
    return len(terms) <= 5 and _any(rules().follow_up, folded)


def with_context(question: str, history: Sequence[str]) -> str:
    """The text to search with for a follow-up: the previous question, its place swapped for a new one."""
    previous = history[-1]
    new_places = places_in(question)
    old_places = places_in(previous)
    if new_places and old_places:
        for old in old_places:
            previous = re.sub(rf"\b{re.escape(old)}\b", new_places[0], fold(previous))
    asked, before = answer_type(question), answer_type(previous)
    if asked is not None and before is not None and asked != before:
        # "How long does Make IT Work take?" → "and how much does it cost?": keep what it was
        # about, not what was asked of it, or the search finds the duration again.
        previous = fold(previous)
        for pattern in rules().question_types[before]:
            previous = pattern.sub(" ", previous)
        previous = " ".join(previous.split())
    return f"{previous} {question}"


def loket_aspects(question: str, foreign: bool = False) -> frozenset[str]:
    """'where', 'when', 'booking' when the question asks about the loket itself, else empty.

    `foreign`: the question is in neither guide language; naming the loket and an aspect is enough.
    """
    r = rules()
    folded = fold(question)
    aspects = frozenset(name for name, patterns in r.loket_aspects.items() if _any(patterns, folded))
    if not aspects or _any(r.loket_not, folded):
        return frozenset()
    strong = re.search(r"\b(loket|desk|helpdesk|career desk|make it in the north|office|kantoor)\b", folded)
    if strong and foreign:
        return aspects
    aspect_words = {t for name in aspects for p in r.loket_aspects[name] for t in tokenize(" ".join(p.findall(folded)))}
    other = [t for t in content_terms(question) if t not in aspect_words and t not in {"loket", "desk", "helpdesk"}]
    if strong and len(other) <= 3:
        return aspects
    weak = _any(r.loket_subject, folded)
    if (weak and len(other) <= 1) or (not other and aspects & {"when", "booking"}):
        return aspects
    return frozenset()


_NUMBER = re.compile(r"\d[\d.,]*")


def _amount(text: str) -> float | None:
    text = text.replace(" ", "")
    thousands = text.lower().endswith("k")
    digits = text.rstrip("kK")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        value = float(re.sub(r"[.,]", "", digits))
    elif re.fullmatch(r"\d+([.,]\d{1,2})?", digits):
        value = float(digits.replace(",", "."))
    else:
        return None
    return value * 1000 if thousands else value


def personal_figures(question: str) -> Personal | None:
    """Age and salary the asker gives about themselves, when the question is about a permit's salary."""
    p = rules().personal
    folded = fold(question)
    age = None
    for pattern in p["age"]:
        match = pattern.search(folded)
        if match:
            value = int(match.group(1))
            word = match.group(0)
            if re.match(r"(under|below|onder)\b", word):
                value = 29
            elif re.match(r"(over|above|boven)\b", word):
                value = 31
            if 15 <= value <= 75:
                age = value
                break
    salary = None
    for pattern in p["salary"]:
        for match in pattern.finditer(folded):
            raw = match.group(1) + ("k" if re.search(r"\dk\b|\d\s?k\s*$", match.group(0)) else "")
            value = _amount(raw)
            if value is None or (1900 <= value <= 2100 and not re.search(r"€|eur|k\b", match.group(0))):
                continue  # a year, not a salary
            if value == age:
                continue
            salary = value
            break
        if salary is not None:
            break
    if age is None and salary is None:
        return None
    if not _any(p["permit_context"], folded):
        return None
    period = "month"
    if salary is not None:
        if _any(p["hourly"], folded) or salary < 200:
            period = "hour"
        elif _any(p["yearly"], folded) or salary >= 20000:
            period = "year"
    return Personal(
        age=age,
        salary=salary,
        period=period,
        net=_any(p["net"], folded),
        includes_holiday_allowance=_any(p["includes_holiday_allowance"], folded),
        blue_card=_any(p["blue_card"], folded),
        reduced=_any(p["reduced"], folded),
    )


def analyze(question: str, history: Sequence[str] = (), question_lang: str | None = None) -> Analysis:
    """Everything the answerer needs to know about `question` (and the conversation before it).

    `question_lang`: the detected language of the question, when known (other rules apply to a
    question in neither guide language).
    """
    history = tuple(h for h in history if h.strip())
    follow_up = is_follow_up(question, history)
    search_text = with_context(question, history) if follow_up else question
    pieces = split_parts(question)
    parts = []
    for piece in pieces:
        kind = answer_type(piece)
        if kind is None and follow_up:
            kind = answer_type(history[-1])
        parts.append(Part(piece, kind, places_in(piece), is_job_search(piece)))
    if follow_up and len(parts) == 1:
        # "and in Assen?": search the whole context, keep the place the visitor named now.
        first = parts[0]
        parts = [Part(search_text, first.answer_type, first.places or places_in(search_text),
                      first.job_search or is_job_search(search_text))]
    personal = personal_figures(search_text if follow_up else question)
    return Analysis(
        question=question,
        parts=tuple(parts),
        search_text=search_text,
        follow_up=follow_up,
        loket_aspects=loket_aspects(question, foreign=question_lang is not None and question_lang not in ("en", "nl")),
        personal=personal,
        history=history,
    )
