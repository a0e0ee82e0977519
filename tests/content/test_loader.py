"""The content loader: front matter, sections and anchors, intro, glossary, and its errors."""
from __future__ import annotations

from datetime import date

import pytest

from loket.content import ContentError, clear_content_cache, get_content, load_content
from loket.domain.content import Audience, GlossaryEntry, Section, Topic

from . import body, fields, page_text, write_page, write_valid_tree

PAGE = """\
---
id: permit
lang: en
title: "The permit: step by step"
topic: visa-residence
summary: How the permit procedure works.
audience: all
reviewed: 2026-10-01
sources:
  - https://ind.nl/en/residence-permits
  - 002_4c855e126246aa0a.txt
regions: [groningen, drenthe]
---

Before you start, read this.

## Who applies?

Your employer applies.

```
## not a heading: inside code
```

### A detail

More text.

## Fees & costs in 2026

The fee is set by the IND.
"""


def test_front_matter_becomes_a_page(tmp_path):
    write_page(tmp_path, "en", "permit", PAGE)
    page = load_content(tmp_path).get("en", "permit")
    assert page.id == "permit" and page.lang == "en"
    assert page.title == "The permit: step by step"
    assert page.topic is Topic.VISA_RESIDENCE and page.audience is Audience.ALL
    assert page.summary == "How the permit procedure works."
    assert page.reviewed == date(2026, 10, 1)
    assert page.sources == ("https://ind.nl/en/residence-permits", "002_4c855e126246aa0a.txt")
    assert page.regions == ("groningen", "drenthe")
    assert page.path.endswith("en/permit.md")
    assert page.body.startswith("Before you start") and page.body.endswith("set by the IND.")


def test_body_is_split_at_level_two_headings(tmp_path):
    write_page(tmp_path, "en", "permit", PAGE)
    page = load_content(tmp_path).get("en", "permit")
    assert page.intro == "Before you start, read this."
    assert [s.anchor for s in page.sections] == ["who-applies", "fees-costs-in-2026"]
    assert [s.heading for s in page.sections] == ["Who applies?", "Fees & costs in 2026"]
    first = page.section("who-applies")
    # `##` inside a code block and `###` stay inside the section.
    assert first.text.startswith("Your employer applies.")
    assert "## not a heading: inside code" in first.text and "### A detail" in first.text
    assert page.section("fees-costs-in-2026") == Section("fees-costs-in-2026", "Fees & costs in 2026", "The fee is set by the IND.")


def test_anchor_drops_accents_and_markup(tmp_path):
    text = page_text(fields("x", "nl"), "## Één *kleine* `stap` naar [werk](/guide/werk)\n\nTekst.\n")
    write_page(tmp_path, "nl", "x", text)
    page = load_content(tmp_path).get("nl", "x")
    assert page.intro == ""
    assert page.sections[0].anchor == "een-kleine-stap-naar-werk"
    assert page.sections[0].heading == "Één kleine stap naar werk"


def test_page_without_sections_is_all_intro(tmp_path):
    write_page(tmp_path, "en", "x", page_text(fields("x", "en"), "Only an intro.\n"))
    page = load_content(tmp_path).get("en", "x")
    assert page.sections == () and page.intro == "Only an intro."


def test_valid_tree_and_glossary(tmp_path):
    content = load_content(write_valid_tree(tmp_path))
    assert sorted(content.pages) == [("en", "alpha"), ("en", "beta"), ("nl", "alpha"), ("nl", "beta")]
    assert content.twin(content.get("en", "alpha")).title == "Alfapagina"
    assert content.glossary == [
        GlossaryEntry(nl="kennismigrant", en="highly skilled migrant", topic="visa-residence"),
        GlossaryEntry(nl="gemeente", en="municipality", topic="working-north"),
    ]


def test_missing_glossary_is_empty(tmp_path):
    write_valid_tree(tmp_path)
    (tmp_path / "glossary.yaml").unlink()
    assert load_content(tmp_path).glossary == []


@pytest.mark.parametrize(
    "text, field",
    [
        ("no front matter\n", "front matter"),
        ("---\ntitle: [unclosed\n---\nbody\n", "front matter"),
        ("---\n- a list\n---\nbody\n", "front matter"),
        (page_text(fields("x", "en", topic="cooking"), body("en")), "topic"),
        (page_text(fields("x", "en", reviewed="2026-13-01"), body("en")), "reviewed"),
        (page_text(fields("other", "en"), body("en")), "id"),
        (page_text(fields("x", "nl"), body("en")), "lang"),
        (page_text(fields("x", "en", summary=None), body("en")), "summary"),
    ],
)
def test_unusable_page_raises_with_file_and_field(tmp_path, text, field):
    write_page(tmp_path, "en", "x", text)
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    assert caught.value.field == field
    assert caught.value.file.endswith("en/x.md")


def test_malformed_glossary_raises(tmp_path):
    write_valid_tree(tmp_path)
    (tmp_path / "glossary.yaml").write_text("- {nl: huis}\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    assert caught.value.file.endswith("glossary.yaml") and caught.value.field == "[0].en"


def test_get_content_reads_once_per_directory(tmp_path):
    clear_content_cache()
    write_valid_tree(tmp_path)
    first = get_content(tmp_path)
    (tmp_path / "en" / "beta.md").unlink()
    assert get_content(str(tmp_path)) is first
    clear_content_cache()
    assert get_content(tmp_path).get("en", "beta") is None
