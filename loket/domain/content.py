"""Guide pages as plain values: what the content loader produces and retrieval consumes."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Topic(StrEnum):
    VISA_RESIDENCE = "visa-residence"
    DUTCH_LESSONS = "dutch-lessons"
    CV_APPLYING = "cv-applying"
    TRAINING_TRACKS = "training-tracks"
    WORKING_NORTH = "working-north"
    THE_LOKET = "the-loket"
    EMPLOYERS = "employers"


class Audience(StrEnum):
    INTERNATIONALS = "internationals"
    EMPLOYERS = "employers"
    ALL = "all"


def slugify(heading: str) -> str:
    """A heading's anchor: lower-cased, accents dropped, runs of anything but a-z/0-9 turned into '-'."""
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Section:
    """One `##` section of a page: the unit the assistant cites."""

    anchor: str
    heading: str
    text: str  # the section's Markdown body, without its heading


@dataclass(frozen=True)
class Page:
    id: str
    lang: str
    title: str
    topic: Topic
    summary: str
    audience: Audience
    reviewed: date
    sources: tuple[str, ...]
    sections: tuple[Section, ...]
    body: str  # the whole Markdown body (after the front matter)
    regions: tuple[str, ...] = ()
    path: str = ""
    intro: str = ""  # Markdown before the first `##` heading, if any

    def section(self, anchor: str) -> Section | None:
        return next((s for s in self.sections if s.anchor == anchor), None)


@dataclass(frozen=True)
class GlossaryEntry:
    nl: str
    en: str
    topic: str = ""


@dataclass
class ContentSet:
    """All pages by language and id, and the glossary."""

    pages: dict[tuple[str, str], Page] = field(default_factory=dict)  # (lang, id) -> Page
    glossary: list[GlossaryEntry] = field(default_factory=list)

    def get(self, lang: str, page_id: str) -> Page | None:
        return self.pages.get((lang, page_id))

    def twin(self, page: Page) -> Page | None:
        return self.pages.get(("nl" if page.lang == "en" else "en", page.id))

    def in_language(self, lang: str) -> list[Page]:
        return sorted((p for (l, _), p in self.pages.items() if l == lang), key=lambda p: (p.topic.value, p.title))
