"""Read content/{en,nl}/*.md and content/glossary.yaml into the domain's content values.

Plain Python (no Flask): the web layer, the assistant's indexer and `loket content check`
all read the guide through this module, so they agree on what a page and a section are.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..config import PROJECT_ROOT
from ..domain.content import Audience, ContentSet, GlossaryEntry, Page, Section, SourceDocument, Topic, slugify

LANGUAGES = ("en", "nl")
REQUIRED_FIELDS = ("id", "lang", "title", "topic", "summary", "audience", "reviewed", "sources")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SEED_PATTERN = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# /guide/glossary is a route of its own, so no page may take that id.
RESERVED_IDS = frozenset({"glossary"})
GLOSSARY_FILE = "glossary.yaml"
# Title and date of each seed file a page may cite: the page shows these, never the file name.
DOCUMENTS_FILE = "documents.yaml"
PUBLISHED_PATTERN = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")
# `figures_for` names the year a page's amounts apply to; anything outside this range is a typo.
FIGURES_YEARS = range(2000, 2101)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


class ContentError(ValueError):
    """A content file the site cannot use; names the file and the field at fault."""

    def __init__(self, file: str, field: str, message: str) -> None:
        super().__init__(f"{file}: {field}: {message}")
        self.file = file
        self.field = field
        self.message = message


class _NoDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings.

    PyYAML turns `2026-13-01` into an exception for the whole document; keeping dates as
    text lets us report a bad `reviewed` as a problem of that one field.
    """


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def markdown_parser(html: bool = False) -> MarkdownIt:
    """The Markdown dialect of the guide: CommonMark plus tables.

    `html=False` is how pages are split and rendered (raw HTML stays text);
    the checker parses with `html=True` only to find raw HTML and report it.
    """
    return MarkdownIt("commonmark", {"html": html}).enable("table")


_PARSER = markdown_parser()


def read_text(path: Path, file: str | None = None) -> str:
    """The file's text as UTF-8 with `\\n` line ends; ContentError when it cannot be read."""
    file = file or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(file, "file", "not UTF-8 text") from None
    except OSError as exc:
        raise ContentError(file, "file", f"cannot be read ({exc.strerror})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, file: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, number of lines before the body); ContentError when the front matter is unreadable."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise ContentError(file, "front matter", "missing: the file must start with a '---' line, the YAML fields and a closing '---' line")
    try:
        meta = yaml.load(match.group(1) or "", Loader=_NoDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(file, "front matter", f"unreadable YAML{line}: {problem}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(file, "front matter", "must be YAML fields (key: value), not a single value or a list")
    return meta, text[match.end():], text[: match.end()].count("\n")


def parse_date(value: object) -> date | None:
    """An ISO date (YYYY-MM-DD) from front matter, or None when it is not one."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not DATE_PATTERN.match(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def is_source(value: object) -> bool:
    """True for an https URL with a host, or a seed file name like 002_4c855e126246aa0a.txt."""
    if not isinstance(value, str):
        return False
    if SEED_PATTERN.match(value):
        return True
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.netloc) and not any(c.isspace() for c in value)


def front_matter_problems(meta: Mapping[str, Any], name: str, lang: str) -> list[tuple[str, str]]:
    """Every (field, message) wrong with one page's front matter; `name` is the file name without `.md`."""
    problems: list[tuple[str, str]] = []
    for key in REQUIRED_FIELDS:
        if meta.get(key) in (None, ""):
            problems.append((key, "missing"))
    present = {key: meta[key] for key in REQUIRED_FIELDS if meta.get(key) not in (None, "")}

    if "id" in present:
        page_id = present["id"]
        if not isinstance(page_id, str) or not ID_PATTERN.match(page_id):
            problems.append(("id", f"{page_id!r} must be lowercase a-z, 0-9 and single '-' between them"))
        elif page_id in RESERVED_IDS:
            problems.append(("id", f"{page_id!r} is reserved (it is the URL of another page)"))
        elif page_id != name:
            problems.append(("id", f"{page_id!r} must equal the file name {name!r}"))
    if "lang" in present and present["lang"] != lang:
        problems.append(("lang", f"{present['lang']!r} must equal the folder {lang!r}"))
    for key in ("title", "summary"):
        if key in present and (not isinstance(present[key], str) or not present[key].strip()):
            problems.append((key, "must be text"))
    # Lists, not sets: a YAML list as value must give a message, not a TypeError.
    if "topic" in present and present["topic"] not in [t.value for t in Topic]:
        problems.append(("topic", f"unknown topic {present['topic']!r}; use one of {', '.join(t.value for t in Topic)}"))
    if "audience" in present and present["audience"] not in [a.value for a in Audience]:
        problems.append(("audience", f"unknown audience {present['audience']!r}; use one of {', '.join(a.value for a in Audience)}"))
    if "reviewed" in present and parse_date(present["reviewed"]) is None:
        problems.append(("reviewed", f"{present['reviewed']!r} is not a date (YYYY-MM-DD)"))
    if "sources" in present:
        sources = present["sources"]
        if not isinstance(sources, list) or not sources:
            problems.append(("sources", "must be a list with at least one source (one '- ' line each)"))
        else:
            bad = [s for s in sources if not is_source(s)]
            if bad:
                problems.append(("sources", f"{bad[0]!r} is neither an https URL nor a seed file name (like 002_4c855e126246aa0a.txt)"))
    regions = meta.get("regions")
    if regions is not None and (not isinstance(regions, list) or not all(isinstance(r, str) and r for r in regions)):
        problems.append(("regions", "must be a list of region names"))
    figures_for = meta.get("figures_for")
    if figures_for is not None and not _is_year(figures_for):
        problems.append(("figures_for", f"{figures_for!r} must be the year the page's amounts apply to, such as 2026"))
    return problems


def _is_year(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in FIGURES_YEARS


def heading_text(inline: Token) -> str:
    """The plain text of a heading (markup and link targets dropped)."""
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline")).strip()


def split_sections(body: str) -> tuple[str, tuple[Section, ...]]:
    """(intro, sections): the body cut at its top-level `##` headings.

    The Markdown parser decides what a heading is, so `##` inside code blocks, quotes or
    lists does not start a section, and setext headings (`---` underline) do.
    """
    lines = body.split("\n")
    starts: list[tuple[int, int, str]] = []  # (heading's first line, first line after it, text)
    tokens = _PARSER.parse(body)
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0 and token.map:
            starts.append((token.map[0], token.map[1], heading_text(tokens[i + 1])))
    if not starts:
        return body.strip(), ()
    intro = "\n".join(lines[: starts[0][0]]).strip()
    sections = []
    for n, (_, text_start, heading) in enumerate(starts):
        text_end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        text = "\n".join(lines[text_start:text_end]).strip()
        sections.append(Section(anchor=slugify(heading), heading=heading, text=text))
    return intro, tuple(sections)


def read_page(path: Path, lang: str, file: str | None = None,
              documents: Mapping[str, Mapping[str, Any]] | None = None) -> Page:
    """One page from `<lang>/<id>.md`; ContentError on the first front-matter problem.

    `documents` (from `read_documents`) gives the title and date of the seed files the page
    cites; a seed file it does not list is left out of `Page.documents`.
    """
    file = file or str(path)
    meta, body, _ = split_front_matter(read_text(path, file), file)
    problems = front_matter_problems(meta, path.stem, lang)
    if problems:
        field, message = problems[0]
        raise ContentError(file, field, message)
    intro, sections = split_sections(body)
    return Page(
        id=meta["id"],
        lang=lang,
        title=meta["title"].strip(),
        topic=Topic(meta["topic"]),
        summary=meta["summary"].strip(),
        audience=Audience(meta["audience"]),
        reviewed=parse_date(meta["reviewed"]),  # type: ignore[arg-type] - checked above
        sources=tuple(meta["sources"]),
        sections=sections,
        body=body.strip(),
        regions=tuple(meta.get("regions") or ()),
        path=file,
        intro=intro,
        figures_for=meta.get("figures_for"),
        documents=tuple(
            document_for(documents[source], source, lang)
            for source in meta["sources"]
            if documents and source in documents
        ),
    )


def documents_problems(data: object) -> list[tuple[str, str]]:
    """Every (field, message) wrong with documents.yaml: a list of file, title per language and (optional) published."""
    if data is None:
        return []
    if not isinstance(data, list):
        return [("documents", "must be a YAML list of entries with file, title (en, nl) and, if known, published")]
    problems = []
    seen: set[str] = set()
    for n, entry in enumerate(data):
        if not isinstance(entry, dict):
            problems.append((f"[{n}]", "must be an entry with file, title (en, nl) and, if known, published"))
            continue
        file = entry.get("file")
        if not isinstance(file, str) or not SEED_PATTERN.match(file):
            problems.append((f"[{n}].file", f"{file!r} is not a seed file name (like 002_4c855e126246aa0a.txt)"))
        elif file in seen:
            problems.append((f"[{n}].file", f"{file} is listed twice"))
        else:
            seen.add(file)
        if entry.get("published") is not None and not PUBLISHED_PATTERN.match(str(entry["published"])):
            problems.append((f"[{n}].published", f"{entry['published']!r} must be YYYY-MM, or YYYY when the month is unknown "
                                                 "(leave it out when the document has no date)"))
        title = entry.get("title")
        for lang in LANGUAGES:
            if not isinstance(title, dict) or not isinstance(title.get(lang), str) or not title[lang].strip():
                problems.append((f"[{n}].title.{lang}", "missing or not text"))
    return problems


def read_documents_data(path: Path, file: str | None = None) -> object:
    """The parsed YAML of documents.yaml (None when the file does not exist)."""
    file = file or str(path)
    if not path.exists():
        return None
    try:
        return yaml.load(read_text(path, file), Loader=_NoDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ContentError(file, "documents", f"unreadable YAML: {getattr(exc, 'problem', None) or exc}") from None


def read_documents(path: Path, file: str | None = None) -> dict[str, dict[str, Any]]:
    """documents.yaml as {seed file: entry}; empty when the file does not exist; ContentError when malformed."""
    data = read_documents_data(path, file)
    problems = documents_problems(data)
    if problems:
        raise ContentError(file or str(path), *problems[0])
    return {entry["file"]: entry for entry in data or ()}  # type: ignore[union-attr] - a list, checked above


def document_for(entry: Mapping[str, Any], file: str, lang: str) -> SourceDocument:
    """One documents.yaml entry as the page in `lang` shows it."""
    title = entry["title"][lang].strip()
    if entry.get("published") is None:
        return SourceDocument(file=file, title=title)
    year, month = PUBLISHED_PATTERN.match(str(entry["published"])).groups()  # type: ignore[union-attr] - checked
    return SourceDocument(file=file, title=title, year=int(year), month=int(month) if month else None)


def glossary_problems(data: object) -> list[tuple[str, str]]:
    """Every (field, message) wrong with the glossary's shape (duplicates are the checker's business)."""
    if data is None:
        return []
    if not isinstance(data, list):
        return [("glossary", "must be a YAML list of entries with nl, en and topic")]
    problems = []
    topics = [t.value for t in Topic]
    for n, entry in enumerate(data):
        if not isinstance(entry, dict):
            problems.append((f"[{n}]", "must be an entry with nl, en and topic"))
            continue
        for key in ("nl", "en"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append((f"[{n}].{key}", "missing or not text"))
        topic = entry.get("topic")
        if topic not in (None, "") and topic not in topics:
            problems.append((f"[{n}].topic", f"unknown topic {topic!r}"))
    return problems


def read_glossary_data(path: Path, file: str | None = None) -> object:
    """The parsed YAML of the glossary file (None when the file does not exist)."""
    file = file or str(path)
    if not path.exists():
        return None
    try:
        return yaml.load(read_text(path, file), Loader=_NoDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ContentError(file, "glossary", f"unreadable YAML: {getattr(exc, 'problem', None) or exc}") from None


def read_glossary(path: Path) -> list[GlossaryEntry]:
    """The glossary entries in file order; an empty list when there is no glossary file."""
    data = read_glossary_data(path)
    problems = glossary_problems(data)
    if problems:
        raise ContentError(str(path), *problems[0])
    return [
        GlossaryEntry(nl=e["nl"].strip(), en=e["en"].strip(), topic=str(e.get("topic") or ""))
        for e in data or ()  # type: ignore[union-attr] - a list, checked above
    ]


def page_files(root: Path, lang: str) -> Iterator[Path]:
    """The Markdown files of one language folder, sorted by name."""
    folder = root / lang
    if folder.is_dir():
        yield from sorted(p for p in folder.glob("*.md") if p.is_file())


def load_content(root: Path) -> ContentSet:
    """Every page under `root/{en,nl}` and the glossary; ContentError (file, field) on the first unusable file.

    Only what the site cannot work without is enforced here; `check_content` reports the
    rest (missing twins, broken links, length, review dates).
    """
    content = ContentSet()
    documents = read_documents(root / DOCUMENTS_FILE)
    for lang in LANGUAGES:
        for path in page_files(root, lang):
            page = read_page(path, lang, documents=documents)
            # The id equals the unique file name (checked), so pages cannot overwrite each other.
            content.pages[(lang, page.id)] = page
    content.glossary = read_glossary(root / GLOSSARY_FILE)
    return content


@functools.cache
def _cached(root: Path) -> ContentSet:
    return load_content(root)


def get_content(root: Path | str | None = None) -> ContentSet:
    """The content set of `root` (default: the project's content/), read once per process.

    Callers share the returned object: treat it as read-only. Edits to the files show
    after a restart (or `clear_content_cache()`).
    """
    return _cached(Path(root or PROJECT_ROOT / "content").resolve())


def clear_content_cache() -> None:
    """Forget every content set read so far (the next `get_content` reads the files again)."""
    _cached.cache_clear()
