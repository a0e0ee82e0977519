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
class SourceDocument:
    """A source document (one of the project's seed files) as a reader sees it.

    `title` is in the language of the page that cites it. `year` is None when the document
    carries no date; `month` is None when only the year is known.
    """

    file: str
    title: str
    year: int | None = None
    month: int | None = None

    @property
    def published(self) -> date | None:
        """The first day of the publication month (of the year when the month is unknown); None when undated."""
        return date(self.year, self.month or 1, 1) if self.year else None


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
    figures_for: int | None = None  # the year the page's amounts (salary criteria, fees, tax figures) apply to
    documents: tuple[SourceDocument, ...] = ()  # the seed files among `sources`, with title and date

    def section(self, anchor: str) -> Section | None:
        return next((s for s in self.sections if s.anchor == anchor), None)

    def document(self, file: str) -> SourceDocument | None:
        """The title and date of a seed file in `sources`; None when documents.yaml does not list it."""
        return next((d for d in self.documents if d.file == file), None)


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
