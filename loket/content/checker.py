"""`loket content check`: every rule of docs/content-guide.md, reported file by file.

Unlike the loader, which stops at the first file the site cannot use, the checker keeps
going and reports everything it finds, so a writer can fix a whole batch in one pass.
"""
from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from markdown_it.token import Token

from ..domain.content import Section, Topic
from .figures import FIGURES_FILE, FiguresError, parse_figures
from .loader import (
    DOCUMENTS_FILE,
    GLOSSARY_FILE,
    LANGUAGES,
    SEED_PATTERN,
    ContentError,
    documents_problems,
    front_matter_problems,
    glossary_problems,
    markdown_parser,
    page_files,
    parse_date,
    read_documents_data,
    read_glossary_data,
    read_text,
    split_front_matter,
    split_sections,
)

MIN_WORDS = 150
MAX_WORDS = 800
REVIEW_MONTHS = 12
# Residence rules (salary criteria, fees) change every year, so those pages are reviewed twice as often.
REVIEW_MONTHS_BY_TOPIC = {Topic.VISA_RESIDENCE.value: 6}
# Ids the page layout already uses (base.html's skip link targets #main).
RESERVED_ANCHORS = frozenset({"main"})
LANGUAGE_NAMES = {"en": "English", "nl": "Dutch"}

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# A number as a reader writes it: 5,942 (English), 5.942 (Dutch), or 5942; read as 5942.
_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?!\d)|\d+")
_THOUSANDS = re.compile(r"[.,\u00a0\u202f]")
_GUIDE_LINK = re.compile(r"^/guide/([^/?#]+)$")
_PARSER = markdown_parser()
_HTML_PARSER = markdown_parser(html=True)


@dataclass(frozen=True)
class Finding:
    """One problem: `file` is relative to the content root (`en/visa.md`, `glossary.yaml`)."""

    level: Literal["error", "warning"]
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.level.upper()} {self.file}: {self.field}: {self.message}"


@dataclass
class _File:
    """What the checker learnt about one page file, as far as it could be read."""

    lang: str
    name: str  # file name without .md: the id the URL /guide/<name> will serve
    file: str
    meta: dict[str, Any] | None = None  # None: front matter unreadable
    body: str = ""
    offset: int = 0  # lines before the body, to report file line numbers
    sections: tuple[Section, ...] = ()
    bad_fields: set[str] = field(default_factory=set)

    def valid(self, key: str) -> bool:
        return self.meta is not None and key not in self.bad_fields

    def line(self, token: Token | None) -> str:
        return f"line {self.offset + token.map[0] + 1}: " if token is not None and token.map else ""


def check_content(root: Path, today: date) -> list[Finding]:
    """Every error and warning in the content tree at `root`, sorted by file (errors first)."""
    findings: list[Finding] = []
    files = {lang: {} for lang in LANGUAGES}  # lang -> name -> _File
    for lang in LANGUAGES:
        for path in page_files(root, lang):
            checked = _read(path, lang, findings)
            files[lang][checked.name] = checked

    _check_twins(files, findings)
    for lang in LANGUAGES:
        _check_duplicate_ids(files[lang], findings)
        for checked in files[lang].values():
            if checked.meta is None:
                continue
            _check_body(checked, findings)
            _check_links(checked, files[lang], findings)
            _check_review(checked, today, findings)
            _check_figures_year(checked, today, findings)
    _check_glossary(root / GLOSSARY_FILE, findings)
    _check_documents(root / DOCUMENTS_FILE, files, findings)
    _check_figures(root / FIGURES_FILE, files, today, findings)
    return sorted(findings, key=lambda f: (f.file, f.level != "error"))


def _error(file: str, field: str, message: str) -> Finding:
    return Finding("error", file, field, message)


def _read(path: Path, lang: str, findings: list[Finding]) -> _File:
    checked = _File(lang=lang, name=path.stem, file=f"{lang}/{path.name}")
    try:
        meta, body, offset = split_front_matter(read_text(path, checked.file), checked.file)
    except ContentError as exc:
        findings.append(_error(exc.file, exc.field, exc.message))
        return checked
    problems = front_matter_problems(meta, path.stem, lang)
    findings.extend(_error(checked.file, key, message) for key, message in problems)
    checked.meta, checked.body, checked.offset = meta, body, offset
    checked.bad_fields = {key for key, _ in problems}
    _, checked.sections = split_sections(body)
    return checked


def _check_twins(files: dict[str, dict[str, _File]], findings: list[Finding]) -> None:
    """Twins share the file name; their topics must agree.

    A twin with another id needs no rule of its own: its id differs from its file name,
    which the front-matter check reports on the file that strays.
    """
    for lang in LANGUAGES:
        for other in LANGUAGES:
            if other == lang:
                continue
            for name, checked in files[lang].items():
                if name not in files[other]:
                    findings.append(_error(checked.file, "twin", f"no {LANGUAGE_NAMES[other]} twin {other}/{name}.md"))
    english, dutch = files["en"], files["nl"]
    for name in english.keys() & dutch.keys():
        en, nl = english[name], dutch[name]
        if en.valid("topic") and nl.valid("topic") and en.meta["topic"] != nl.meta["topic"]:
            findings.append(_error(nl.file, "topic", f"{nl.meta['topic']!r} differs from its twin {en.file} ({en.meta['topic']!r})"))
        # The assistant answers a hit in one language from the section at the same position in
        # the twin, so twins must have their sections in step.
        if en.meta is not None and nl.meta is not None and len(en.sections) != len(nl.sections):
            findings.append(_error(nl.file, "sections", f"{len(nl.sections)} sections, its twin {en.file} has {len(en.sections)}: "
                                                         "twins need the same sections in the same order"))
        if en.valid("figures_for") and nl.valid("figures_for") and en.meta.get("figures_for") != nl.meta.get("figures_for"):
            findings.append(_error(nl.file, "figures_for", f"{nl.meta.get('figures_for')!r} differs from its twin {en.file} "
                                                            f"({en.meta.get('figures_for')!r}): both state the same year's amounts"))


def _check_duplicate_ids(files: dict[str, _File], findings: list[Finding]) -> None:
    declared = defaultdict(list)
    for checked in files.values():
        page_id = (checked.meta or {}).get("id")
        if isinstance(page_id, str):
            declared[page_id].append(checked)
    for page_id, group in declared.items():
        if len(group) < 2:
            continue
        owner = next((c for c in group if c.name == page_id), group[0])
        for checked in group:
            if checked is owner:
                continue
            # One finding says it all: drop the "must equal the file name" message for this id.
            findings[:] = [f for f in findings if not (f.file == checked.file and f.field == "id")]
            findings.append(_error(checked.file, "id", f"{page_id!r} is already the id of {owner.file}"))


def _check_body(checked: _File, findings: list[Finding]) -> None:
    file = checked.file
    tokens = _PARSER.parse(checked.body)
    for token in tokens:
        if token.type == "heading_open" and token.tag == "h1":
            findings.append(_error(file, "body", f"{checked.line(token)}'#' heading: the title is the page's h1, start sections with '##'"))
    seen: set[str] = set()
    for section in checked.sections:
        if not section.anchor:
            findings.append(_error(file, "body", f"section {section.heading!r} has no letters or digits for its anchor"))
        elif section.anchor in seen:
            findings.append(_error(file, "body", f"two sections have the anchor {section.anchor!r}; give them different headings"))
        elif section.anchor in RESERVED_ANCHORS:
            findings.append(_error(file, "body", f"section anchor {section.anchor!r} is used by the page layout; choose another heading"))
        seen.add(section.anchor)
        if not section.text:
            findings.append(_error(file, "body", f"section {section.heading!r} is empty"))
    for token, snippet in _raw_html(_HTML_PARSER.parse(checked.body)):
        findings.append(_error(file, "body", f"{checked.line(token)}raw HTML {snippet!r}: write Markdown instead"))
    words = _word_count(tokens)
    if words < MIN_WORDS:
        findings.append(_error(file, "body", f"{words} words; a page needs at least {MIN_WORDS}"))
    elif words > MAX_WORDS:
        findings.append(_error(file, "body", f"{words} words; a page has at most {MAX_WORDS}, split it"))


def _raw_html(tokens: list[Token]):
    """(token with a line map, snippet) for each piece of raw HTML; code spans and blocks are not HTML."""
    for token in tokens:
        if token.type == "html_block":
            yield token, token.content.strip()[:40]
        for child in token.children or ():
            if child.type == "html_inline":
                yield token, child.content[:40]


def _word_count(tokens: list[Token]) -> int:
    """Words the reader sees: text, code and headings, but not link targets."""
    words = 0
    for token in tokens:
        if token.type in ("fence", "code_block"):
            words += len(_WORD.findall(token.content))
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words += len(_WORD.findall(child.content))
    return words


def _links(tokens: list[Token]):
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                yield token, str(child.attrGet("href") or "")


def _check_links(checked: _File, same_language: dict[str, _File], findings: list[Finding]) -> None:
    """Links to /guide/<id>[#anchor] must reach a page (and section) in the page's own language."""
    for token, href in _links(_PARSER.parse(checked.body)):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/guide/") or parts.path == "/guide/glossary":
            continue
        match = _GUIDE_LINK.match(parts.path)
        target = same_language.get(match.group(1)) if match else None
        where = checked.line(token)
        if target is None:
            findings.append(_error(checked.file, "body", f"{where}broken link {href}: no {checked.lang} page with that id"))
        elif parts.fragment and target.meta is not None and all(s.anchor != parts.fragment for s in target.sections):
            findings.append(_error(checked.file, "body", f"{where}broken link {href}: {target.file} has no section #{parts.fragment}"))


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _check_review(checked: _File, today: date, findings: list[Finding]) -> None:
    if not checked.valid("reviewed"):
        return
    reviewed = parse_date(checked.meta["reviewed"])
    topic = checked.meta.get("topic") if checked.valid("topic") else None
    months = REVIEW_MONTHS_BY_TOPIC.get(topic, REVIEW_MONTHS)
    if reviewed is not None and _add_months(reviewed, months) < today:
        findings.append(Finding("warning", checked.file, "reviewed", f"{reviewed.isoformat()} is more than {months} months ago; review the page"))


def _check_figures_year(checked: _File, today: date, findings: list[Finding]) -> None:
    """A page whose amounts are for a year that has passed needs the new year's amounts."""
    if not checked.valid("figures_for"):
        return
    year = checked.meta.get("figures_for")
    if year is not None and year < today.year:
        findings.append(Finding("warning", checked.file, "figures_for",
                                f"the page gives the amounts for {year}, and {year} has passed: "
                                f"update them for {today.year} (see docs/content-guide.md, 'The yearly update')"))


def _check_documents(path: Path, files: dict[str, dict[str, _File]], findings: list[Finding]) -> None:
    """documents.yaml is well formed, and it names every seed file a page cites (the page shows its title)."""
    listed: set[str] = set()
    if path.exists():
        try:
            data = read_documents_data(path, DOCUMENTS_FILE)
        except ContentError as exc:
            findings.append(_error(exc.file, exc.field, exc.message))
            return
        problems = documents_problems(data)
        findings.extend(_error(DOCUMENTS_FILE, key, message) for key, message in problems)
        if problems:
            return
        listed = {entry["file"] for entry in data or ()}
    for lang in LANGUAGES:
        for checked in files[lang].values():
            if not checked.valid("sources"):
                continue
            for source in checked.meta["sources"]:
                if SEED_PATTERN.match(str(source)) and source not in listed:
                    findings.append(_error(checked.file, "sources", f"{source} is not in {DOCUMENTS_FILE}: "
                                                                    "add its title and date, which the page shows instead of the file name"))


def _numbers(text: str) -> set[int]:
    """Every number in `text`, thousands separators dropped (5,942 and 5.942 are both 5942)."""
    return {int(_THOUSANDS.sub("", n)) for n in _NUMBER.findall(text)}


def _check_figures(path: Path, files: dict[str, dict[str, _File]], today: date, findings: list[Finding]) -> None:
    """figures.yaml is well formed, and each published amount is stated on its page in both languages.

    The code computes with figures.yaml and the reader reads the page: the two must agree.
    """
    if not path.exists():
        return
    try:
        figures = parse_figures(yaml.safe_load(read_text(path, FIGURES_FILE)), FIGURES_FILE)
    except (yaml.YAMLError, ContentError, FiguresError) as exc:
        message = getattr(exc, "problem", None) or str(exc)
        findings.append(_error(FIGURES_FILE, "figures", str(message).removeprefix(f"{FIGURES_FILE}: ")))
        return
    for year in figures.years:
        where = f"{year.year}"
        for lang in LANGUAGES:
            checked = files[lang].get(year.page)
            if checked is None or checked.meta is None:
                findings.append(_error(FIGURES_FILE, where, f"page {year.page!r} has no readable {lang} page"))
                continue
            stated = _numbers(checked.body)
            for criterion, amount in year.amounts.items():
                if amount is not None and amount not in stated:
                    findings.append(_error(FIGURES_FILE, f"{where}.{criterion.value}",
                                           f"{amount} is not stated on {checked.file}: the page and figures.yaml must give the same amount"))
    # The new year: remind the writer that the code still computes with last year's amounts.
    listed = {y.year for y in figures.years}
    used = figures.for_year(today.year)
    if today.year in listed and used is not None and used.year < today.year:
        findings.append(Finding("warning", FIGURES_FILE, str(today.year),
                                f"no amounts published for {today.year} yet: the assistant and the vacancy pages use {used.year}'s"))
    elif listed and today.year not in listed and max(listed) < today.year:
        findings.append(Finding("warning", FIGURES_FILE, str(today.year),
                                f"no entry for {today.year}: add the year, with null for amounts not yet published"))


def _check_glossary(path: Path, findings: list[Finding]) -> None:
    file = GLOSSARY_FILE
    if not path.exists():
        findings.append(Finding("warning", file, "glossary", "no glossary file; /guide/glossary will be empty"))
        return
    try:
        data = read_glossary_data(path, file)
    except ContentError as exc:
        findings.append(_error(exc.file, exc.field, exc.message))
        return
    problems = glossary_problems(data)
    findings.extend(_error(file, key, message) for key, message in problems)
    if problems or not isinstance(data, list):
        return
    for key in ("nl", "en"):
        first_seen: dict[str, int] = {}
        for n, entry in enumerate(data):
            term = entry[key].strip().casefold()
            if term in first_seen:
                findings.append(_error(file, f"[{n}].{key}", f"{entry[key]!r} is already in entry [{first_seen[term]}]"))
            else:
                first_seen[term] = n
