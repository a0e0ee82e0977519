"""Guide pages from content/{en,nl}: read-only, in the visitor's language."""
from __future__ import annotations

import itertools
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import nh3
from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from markupsafe import Markup

from ...content import get_content, markdown_parser
from ...content.figures import get_figures
from ...domain.content import ContentSet, Page, Topic
from ...domain.figures import Figures
from ..i18n import LOCALES, current_locale

bp = Blueprint("guide", __name__)

TOPIC_LABELS = {
    Topic.VISA_RESIDENCE: _l("Visa and residence"),
    Topic.DUTCH_LESSONS: _l("Dutch lessons"),
    Topic.CV_APPLYING: _l("Your CV and applying"),
    Topic.TRAINING_TRACKS: _l("Training and career tracks"),
    Topic.WORKING_NORTH: _l("Living and working in the north"),
    Topic.THE_LOKET: _l("About the loket"),
    Topic.EMPLOYERS: _l("For employers"),
}

# What guide Markdown may become; everything else is stripped after rendering.
ALLOWED_TAGS = {
    "p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "code", "pre", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}
_MARKDOWN = markdown_parser(html=False)


@dataclass(frozen=True)
class RenderedSection:
    anchor: str
    heading: str
    html: Markup


def content() -> ContentSet:
    """The guide content of this app's LOKET_CONTENT_PATH (read once per process)."""
    return get_content(Path(current_app.config["LOKET_CONTENT_PATH"]))


def figures() -> Figures:
    """The guide's yearly salary criteria (figures.yaml in this app's LOKET_CONTENT_PATH)."""
    return get_figures(current_app.config["LOKET_CONTENT_PATH"])


def render_markdown(text: str) -> Markup:
    """Guide Markdown as HTML: raw HTML stays text, then nh3 keeps only ALLOWED_TAGS and a[href].

    This is the one place guide HTML is marked safe, and only after nh3 has cleaned it.
    """
    html = nh3.clean(
        _MARKDOWN.render(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}, "*": set()},  # "*": without it nh3 also keeps lang and title everywhere
        url_schemes={"https", "http", "mailto"},
    )
    return Markup(html)  # noqa: S704 - sanitised by nh3 just above


@bp.get("/guide")
def index():
    lang = current_locale()
    by_topic: dict[Topic, list[Page]] = {}
    for page in content().in_language(lang):
        by_topic.setdefault(page.topic, []).append(page)
    groups = [
        (TOPIC_LABELS[topic], sorted(by_topic[topic], key=lambda p: p.title.casefold()))
        for topic in Topic
        if topic in by_topic
    ]
    return render_template("guide/index.html", groups=groups)


GLOSSARY_QUERY_MAX = 100
LETTERS = tuple(string.ascii_uppercase)
OTHER_LETTER = "#"  # terms that start with a digit or a sign


def fold(text: str) -> str:
    """Lower case without accents ("Één" → "een"): how the glossary sorts, groups and filters.

    glossary.js folds the same way, so filtering as you type and `?q=` agree.
    """
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def initial(text: str) -> str:
    first = fold(text.strip())[:1].upper()
    return first if first in LETTERS else OTHER_LETTER


@bp.get("/guide/glossary")
def glossary():
    """The glossary by the current language's A–Z; `?q=` keeps the terms that contain it, in either language."""
    lang = current_locale()
    q = request.args.get("q", "").strip()
    error = None
    if len(q) > GLOSSARY_QUERY_MAX:
        error, q = _("Please type at most %(max)s characters.", max=GLOSSARY_QUERY_MAX), ""
    entries = sorted(content().glossary, key=lambda e: (fold(getattr(e, lang)), fold(e.nl)))
    needle = fold(q)
    shown = [e for e in entries if needle in fold(e.nl) or needle in fold(e.en)]
    groups = [(letter, list(group)) for letter, group in itertools.groupby(shown, key=lambda e: initial(getattr(e, lang)))]
    present = {letter for letter, _group in groups}
    # Digits sort first, so "#" (when there are such terms) leads the index as it leads the list.
    index = [(OTHER_LETTER, True)] * (OTHER_LETTER in present) + [(letter, letter in present) for letter in LETTERS]
    return render_template("guide/glossary.html", groups=groups, index=index, q=q, error=error,
                           shown=len(shown), total=len(entries), max_length=GLOSSARY_QUERY_MAX), 400 if error else 200


@bp.get("/guide/<page_id>")
def page(page_id: str):
    """The page in the visitor's language; while its twin is being written, the other language with a note."""
    pages = content()
    lang = current_locale()
    shown = pages.get(lang, page_id)
    fallback = shown is None
    if shown is None:
        shown = next((p for code in LOCALES if (p := pages.get(code, page_id)) is not None), None)
        if shown is None:
            abort(404)
    sections = [RenderedSection(s.anchor, s.heading, render_markdown(s.text)) for s in shown.sections]
    return render_template(
        "guide/page.html",
        page=shown,
        topic=TOPIC_LABELS[shown.topic],
        intro=render_markdown(shown.intro) if shown.intro else None,
        sections=sections,
        twin=None if fallback else pages.twin(shown),
        fallback=fallback,
    )
