"""Tests of loket.content, and helpers that write small real content trees into a folder.

`write_valid_tree(root)` writes two pages (alpha, beta) in en and nl plus a glossary and
the titles of the seed documents they cite, all passing every check; a test then breaks
one thing with `write_page` or by editing a file.
"""
from __future__ import annotations

from pathlib import Path

SENTENCE = {
    "en": "You can ask the loket for help with your plans in the north. ",  # 12 words
    "nl": "Je kunt het loket om hulp vragen bij je plannen in het noorden. ",  # 12 words
}
HEADINGS = {
    "en": ("First steps", "More help"),
    "nl": ("Eerste stappen", "Meer hulp"),
}
TITLES = {
    ("en", "alpha"): "Alpha page",
    ("nl", "alpha"): "Alfapagina",
    ("en", "beta"): "Beta page",
    ("nl", "beta"): "Bètapagina",
}
GLOSSARY = """\
- {nl: "kennismigrant", en: "highly skilled migrant", topic: visa-residence}
- {nl: "gemeente", en: "municipality", topic: working-north}
"""
DOCUMENTS = """\
- file: 002_4c855e126246aa0a.txt
  published: 2024-06
  title:
    en: Regional action plan Drenthe, Groningen & Fryslân
    nl: Regionaal Actieplan Drenthe, Groningen & Fryslân
"""


def words(lang: str, count: int) -> str:
    """About `count` words of plain text (whole sentences of 12 words)."""
    return (SENTENCE[lang] * max(1, count // 12)).strip()


def body(lang: str, link: str = "", n_words: int = 200) -> str:
    """A valid body: a short intro and two sections, `n_words` words in all, `link` in the first section."""
    first, second = HEADINGS[lang]
    half = (n_words - 4) // 2
    return f"{words(lang, 12)}\n\n## {first}\n\n{words(lang, half - 12)} {link}\n\n## {second}\n\n{words(lang, half)}\n"


def fields(page_id: str, lang: str, /, **changes: object) -> dict[str, object]:
    """Front matter of a valid page; a change to None leaves the field out."""
    values: dict[str, object] = {
        "id": page_id,
        "lang": lang,
        "title": TITLES.get((lang, page_id), f"Page {page_id}"),
        "topic": "working-north",
        "summary": "One sentence that says what the page answers.",
        "audience": "internationals",
        "reviewed": "2026-11-01",
        "sources": ["https://www.rijksoverheid.nl/onderwerpen", "002_4c855e126246aa0a.txt"],
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def page_text(meta: dict[str, object], text: str) -> str:
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:" if value else f"{key}: []")
            lines += [f"  - {item}" for item in value]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines + ["---", "", text])


def write_page(root: Path, lang: str, name: str, text: str) -> Path:
    path = root / lang / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_valid_tree(root: Path) -> Path:
    """alpha (linking to beta's second section) and beta, in en and nl, and a glossary; returns root."""
    for lang in ("en", "nl"):
        anchor = "more-help" if lang == "en" else "meer-hulp"
        write_page(root, lang, "alpha", page_text(fields("alpha", lang), body(lang, f"See [beta](/guide/beta#{anchor}).")))
        write_page(root, lang, "beta", page_text(fields("beta", lang), body(lang)))
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (root / "documents.yaml").write_text(DOCUMENTS, encoding="utf-8")
    return root
