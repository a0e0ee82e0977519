"""Guide pages cut into citable chunks: one chunk per `##` section, as plain text.

Twins: a page exists as `en` and `nl` under the same id. Anchors are slugs of the
headings, so they differ by language ("salary-criteria-in-2026" vs
"salarisnormen-in-2026"). The twin of a section is therefore the section at the
SAME POSITION in the twin page: twin pages must keep their sections in the same
order (all current pages do). A chunk whose page has no twin yet has `twin=None`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from loket.domain.content import ContentSet, Page

LANGUAGES = ("en", "nl")


def other_language(lang: str) -> str:
    """The other guide language: 'en' <-> 'nl'."""
    return "nl" if lang == "en" else "en"


def chunk_key(lang: str, page_id: str, anchor: str) -> str:
    """The stable key of a section: 'lang/page_id#anchor'."""
    return f"{lang}/{page_id}#{anchor}"


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list item) of a chunk; `text` is a verbatim substring of `Chunk.text`."""

    text: str
    block: int  # index of the paragraph or list item it belongs to
    bullet: bool  # part of a list item


@dataclass(frozen=True)
class Chunk:
    """One section of one page in one language, as plain text."""

    key: str
    page_id: str
    lang: str
    anchor: str
    heading: str
    page_title: str
    text: str
    reviewed: date
    sources: tuple[str, ...]
    topic: str
    position: int  # index of the section in its page
    page_summary: str = ""
    twin: str | None = None  # key of the section at the same position in the other language
    sentences: tuple[Sentence, ...] = field(default=(), compare=False, repr=False)
    links: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)  # (visible text, href)

    @property
    def url(self) -> str:
        return f"/guide/{self.page_id}#{self.anchor}"

    @property
    def page_key(self) -> str:
        return f"{self.lang}/{self.page_id}"

    @property
    def index_text(self) -> str:
        """What the dense index sees: title and heading carry much of a section's meaning."""
        return f"{self.page_title}. {self.heading}.\n{self.text}"

    @property
    def lexical_text(self) -> str:
        """What BM25 sees: the dense text plus the page summary, so page-level words count too."""
        return f"{self.index_text}\n{self.page_summary}" if self.page_summary else self.index_text


def twin_key(chunk: Chunk) -> str | None:
    """Key of the chunk's twin section (same page id, other language, same position), if any."""
    return chunk.twin


# --- Markdown to plain text ---------------------------------------------------------------

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>]+)>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_CODE = re.compile(r"`([^`]*)`")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_SPACES = re.compile(r"[ \t]+")


def inline_to_text(markdown: str) -> str:
    """Strip inline Markdown (links, emphasis, code, HTML tags), keeping the visible words."""
    text = _IMAGE.sub(r"\1", markdown)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDER.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


_LINK_TARGET = re.compile(r"\[([^\]]+)\]\(((?:[^()\s]|\([^)]*\))+)(?:\s+\"[^\"]*\")?\)")


def markdown_links(markdown: str) -> tuple[tuple[str, str], ...]:
    """The links of a Markdown text as (visible text, href), in order, each pair once.

    Only guide paths and http(s) links: an answer shows them as links, so nothing else may pass.
    """
    links: list[tuple[str, str]] = []
    for match in _LINK_TARGET.finditer(markdown):
        label, href = inline_to_text(match.group(1)), match.group(2)
        if label and re.match(r"(https?://|/guide/)", href) and (label, href) not in links:
            links.append((label, href))
    for match in _AUTOLINK.finditer(markdown):
        href = match.group(1)
        if href.startswith("http") and (href, href) not in links:
            links.append((href, href))
    return tuple(links)


def markdown_to_blocks(markdown: str) -> list[tuple[str, bool]]:
    """Paragraphs and list items as (plain text, is_list_item), soft line breaks joined."""
    blocks: list[tuple[list[str], bool]] = []
    current: list[str] | None = None
    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip() or re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", line):
            current = None
            continue
        if line.lstrip().startswith("|"):
            # Tables: a row is a block; separator rows carry no words.
            if re.fullmatch(r"[\s|:\-]+", line):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            blocks.append(([" – ".join(c for c in cells if c)], False))
            current = None
            continue
        line = _QUOTE.sub("", line)
        bullet = _BULLET.match(line)
        if bullet:
            current = [line[bullet.end():]]
            blocks.append((current, True))
        elif _HEADING.match(line):
            blocks.append(([_HEADING.sub("", line)], False))
            current = None
        elif current is not None:
            current.append(line.strip())
        else:
            current = [line.strip()]
            blocks.append((current, False))
    result = []
    for lines, is_item in blocks:
        text = inline_to_text(" ".join(lines))
        if text:
            result.append((text, is_item))
    return result


def markdown_to_text(markdown: str) -> str:
    """Plain text of a section: one paragraph or list item per line, list items start with '- '."""
    return "\n".join(("- " + text) if item else text for text, item in markdown_to_blocks(markdown))


# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before an
# upper-case letter, digit or opening quote; lower-case after a dot is usually an abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]”]*\s+(?=[\"'(€$£“]?[A-Z0-9À-Ý])")
_OPEN_QUOTES = re.compile(r'"|“|”')


def _inside_quote(text: str) -> bool:
    """True when `text` leaves a double quotation open (an odd number of quote marks)."""
    return len(_OPEN_QUOTES.findall(text)) % 2 == 1


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a chunk text made by `markdown_to_text`, each a verbatim substring of it.

    A sentence never ends inside a quotation: 'says "Arbeid vrij toegestaan. TWV niet
    vereist." This means …' keeps the quoted words together with what introduces them.
    """
    sentences: list[Sentence] = []
    for block, line in enumerate(text.split("\n")):
        bullet = line.startswith("- ")
        body = line[2:] if bullet else line
        start = 0
        for match in _SENTENCE_END.finditer(body):
            if _inside_quote(body[start:match.start()]) and not _inside_quote(body[start:match.end()].rstrip()):
                pass  # the quote closes at this very end: a real sentence end
            elif _inside_quote(body[start:match.start()]):
                continue
            piece = body[start:match.start()].strip()
            # The closing quote or bracket belongs to the sentence it ends.
            piece = body[start:match.end()].strip()
            if piece:
                sentences.append(Sentence(piece, block, bullet))
            start = match.end()
        piece = body[start:].strip()
        if piece:
            sentences.append(Sentence(piece, block, bullet))
    return sentences


# --- Building -----------------------------------------------------------------------------


def _page_chunks(page: Page, twin: Page | None) -> list[Chunk]:
    chunks = []
    for position, section in enumerate(page.sections):
        text = markdown_to_text(section.text)
        twin_section = twin.sections[position] if twin is not None and position < len(twin.sections) else None
        chunks.append(
            Chunk(
                key=chunk_key(page.lang, page.id, section.anchor),
                page_id=page.id,
                lang=page.lang,
                anchor=section.anchor,
                heading=section.heading,
                page_title=page.title,
                text=text,
                reviewed=page.reviewed,
                sources=tuple(page.sources),
                topic=str(page.topic.value if hasattr(page.topic, "value") else page.topic),
                position=position,
                page_summary=inline_to_text(page.summary),
                twin=chunk_key(twin.lang, twin.id, twin_section.anchor) if twin_section is not None else None,
                sentences=tuple(split_sentences(text)),
                links=markdown_links(section.text),
            )
        )
    return chunks


def build_chunks(content: ContentSet) -> list[Chunk]:
    """All sections of all pages in the guide languages, ordered by language, page id, position.

    Sections without any text are skipped (nothing to cite); their twins then point nowhere.
    """
    chunks: list[Chunk] = []
    for (lang, _), page in sorted(content.pages.items()):
        if lang not in LANGUAGES:
            continue
        chunks.extend(c for c in _page_chunks(page, content.twin(page)) if c.text)
    keys = {c.key for c in chunks}
    # A twin key must name a chunk that exists (an empty twin section was skipped).
    return [c if c.twin is None or c.twin in keys else replace(c, twin=None) for c in chunks]


class ChunkTable:
    """Chunks by key, with the language mapping the pipeline needs."""

    def __init__(self, chunks: list[Chunk]):
        self.chunks = list(chunks)
        self.by_key = {c.key: c for c in self.chunks}
        if len(self.by_key) != len(self.chunks):
            raise ValueError("duplicate chunk keys: two sections of one page share an anchor")

    def __len__(self) -> int:
        return len(self.chunks)

    def __getitem__(self, key: str) -> Chunk:
        return self.by_key[key]

    def twin_key(self, chunk: Chunk) -> str | None:
        return chunk.twin

    def in_language(self, chunk: Chunk, lang: str) -> Chunk:
        """The chunk itself if it is in `lang`, else its twin; the chunk itself when there is no twin."""
        if chunk.lang == lang or chunk.twin is None:
            return chunk
        return self.by_key[chunk.twin]

    def language(self, lang: str) -> list[Chunk]:
        return [c for c in self.chunks if c.lang == lang]
