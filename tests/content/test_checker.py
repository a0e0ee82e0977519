"""`check_content`: one test per kind of problem, each on a valid two-language tree with one thing broken."""
from __future__ import annotations

from datetime import date

import pytest

from loket.content.checker import Finding, check_content

from . import body, fields, page_text, write_page, write_valid_tree

TODAY = date(2026, 11, 23)


@pytest.fixture
def tree(tmp_path):
    return write_valid_tree(tmp_path)


def errors(root) -> list[tuple[str, str]]:
    return [(f.file, f.field) for f in check_content(root, TODAY) if f.level == "error"]


def only_finding(root, *, section_counts: bool = False) -> Finding:
    """The single finding of the tree; fails when there is anything else.

    Tests that add a section to one twin only also unbalance the twins' section counts;
    that finding has its own test, so it is left out unless `section_counts` is set.
    """
    findings = [f for f in check_content(root, TODAY) if section_counts or f.field != "sections"]
    assert len(findings) == 1, findings
    return findings[0]


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_valid_tree_has_no_findings(tree):
    assert check_content(tree, TODAY) == []


def test_page_without_twin(tree):
    (tree / "nl" / "alpha.md").unlink()
    finding = only_finding(tree)
    assert (finding.level, finding.file, finding.field) == ("error", "en/alpha.md", "twin")
    assert "nl/alpha.md" in finding.message


def test_twins_with_different_topics(tree):
    replace_in(tree / "nl" / "beta.md", "topic: working-north", "topic: dutch-lessons")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("nl/beta.md", "topic")
    assert "en/beta.md" in finding.message


def test_twins_with_different_ids(tree):
    # The file name pairs twins, so an id that differs from the twin's differs from the file name.
    replace_in(tree / "nl" / "beta.md", "id: beta", "id: bravo")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("nl/beta.md", "id")
    assert "'bravo' must equal the file name 'beta'" in finding.message


@pytest.mark.parametrize(
    "text, message",
    [
        ("Just Markdown, no front matter.\n", "missing"),
        ("---\ntitle: [unclosed\n---\n\nText.\n", "unreadable YAML"),
        ("---\njust a string\n---\n\nText.\n", "must be YAML fields"),
    ],
)
def test_missing_or_unreadable_front_matter(tree, text, message):
    write_page(tree, "en", "beta", text)
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("en/beta.md", "front matter")
    assert message in finding.message


@pytest.mark.parametrize("field", ["id", "lang", "title", "topic", "summary", "audience", "reviewed", "sources"])
def test_missing_required_field(tree, field):
    write_page(tree, "nl", "beta", page_text(fields("beta", "nl", **{field: None}), body("nl")))
    finding = only_finding(tree)
    assert (finding.file, finding.field, finding.message) == ("nl/beta.md", field, "missing")


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"id": "Beta_Page"}, "id", "lowercase"),
        ({"id": "beta--x"}, "id", "lowercase"),
        ({"id": "gamma"}, "id", "must equal the file name"),
        ({"lang": "en"}, "lang", "must equal the folder 'nl'"),
        ({"title": "[a, b]"}, "title", "must be text"),
        ({"summary": 42}, "summary", "must be text"),
        ({"regions": "groningen"}, "regions", "list"),
    ],
)
def test_malformed_field(tree, changes, field, message):
    write_page(tree, "nl", "beta", page_text(fields("beta", "nl", **changes), body("nl")))
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("nl/beta.md", field)
    assert message in finding.message


def test_unknown_topic(tree):
    for lang in ("en", "nl"):  # both twins, so only the topic itself is wrong
        replace_in(tree / lang / "beta.md", "topic: working-north", "topic: cooking")
    assert errors(tree) == [("en/beta.md", "topic"), ("nl/beta.md", "topic")]
    assert "unknown topic 'cooking'" in check_content(tree, TODAY)[0].message


def test_unknown_audience(tree):
    replace_in(tree / "en" / "alpha.md", "audience: internationals", "audience: students")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("en/alpha.md", "audience")
    assert "unknown audience 'students'" in finding.message


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "yesterday", "20-11-2026", "2026-11-20 10:00"])
def test_bad_date(tree, value):
    replace_in(tree / "en" / "alpha.md", "reviewed: 2026-11-01", f"reviewed: {value}")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("en/alpha.md", "reviewed")
    assert "is not a date" in finding.message


@pytest.mark.parametrize(
    "sources",
    [
        [],
        "https://ind.nl/en",
        ["http://ind.nl/en"],
        ["ind.nl/en"],
        ["https://"],
        ["notes.txt"],
        ["02_4c855e126246aa0a.txt"],
        ["002_4C855E126246AA0A.txt"],
        ["https://ind.nl/en", "{a: 1}"],
    ],
)
def test_bad_sources(tree, sources):
    write_page(tree, "en", "alpha", page_text(fields("alpha", "en", sources=sources), body("en", "[beta](/guide/beta)")))
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("en/alpha.md", "sources")


@pytest.mark.parametrize(
    "link, message",
    [
        ("/guide/gamma", "no nl page with that id"),
        ("/guide/beta/", "no nl page with that id"),
        ("/guide/beta#no-such-section", "nl/beta.md has no section #no-such-section"),
        ("/guide/beta#more-help", "nl/beta.md has no section #more-help"),  # the English anchor, from a Dutch page
    ],
)
def test_broken_internal_link(tree, link, message):
    replace_in(tree / "nl" / "alpha.md", "(/guide/beta#meer-hulp)", f"({link})")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("nl/alpha.md", "body")
    assert f"broken link {link}" in finding.message and message in finding.message
    assert "line 18" in finding.message  # the line in the file, front matter included


def test_duplicate_id(tree):
    for lang in ("en", "nl"):
        write_page(tree, lang, "gamma", page_text(fields("gamma", lang), body(lang)))
    replace_in(tree / "en" / "gamma.md", "id: gamma", "id: alpha")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("en/gamma.md", "id")
    assert "'alpha' is already the id of en/alpha.md" in finding.message


def test_empty_section(tree):
    replace_in(tree / "en" / "beta.md", "## More help", "## Nothing here\n\n## More help")
    findings = [f for f in check_content(tree, TODAY) if f.field == "body"]
    assert [(f.file, f.field) for f in findings] == [("en/beta.md", "body")]
    assert "section 'Nothing here' is empty" in findings[0].message


def test_twins_with_a_different_number_of_sections(tree):
    text = (tree / "en" / "beta.md").read_text(encoding="utf-8")
    (tree / "en" / "beta.md").write_text(text + "\n## One more\n\nAn extra section only in English.\n", encoding="utf-8")
    finding = only_finding(tree, section_counts=True)
    assert (finding.file, finding.field) == ("nl/beta.md", "sections")
    assert "twin en/beta.md has" in finding.message


@pytest.mark.parametrize("html", ["<div>boxed</div>", "<script>alert(1)</script>", "one<br>two", "<!-- note -->"])
def test_raw_html(tree, html):
    # The same HTML inside code is an example, not markup.
    code = f"Write `{html}` like this:\n\n```\n{html}\n```\n\n"
    replace_in(tree / "en" / "beta.md", "## More help\n\n", f"## More help\n\n{code}{html}\n\n")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("en/beta.md", "body")
    assert "raw HTML" in finding.message


def test_h1_heading(tree):
    replace_in(tree / "nl" / "beta.md", "## Eerste stappen", "# Eerste stappen")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("nl/beta.md", "body")
    assert "'#' heading" in finding.message


@pytest.mark.parametrize("n_words, message", [(100, "at least 150"), (900, "at most 800")])
def test_body_length(tree, n_words, message):
    write_page(tree, "en", "beta", page_text(fields("beta", "en"), body("en", n_words=n_words)))
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("en/beta.md", "body")
    assert message in finding.message


@pytest.mark.parametrize(
    "glossary, field",
    [
        ("nl: huis\nen: house\n", "glossary"),
        ("- huis\n", "[0]"),
        ("- {nl: huis}\n", "[0].en"),
        ("- {nl: '', en: house}\n", "[0].nl"),
        ("- {nl: huis, en: house, topic: cooking}\n", "[0].topic"),
        ("- {nl: [unclosed\n", "glossary"),
    ],
)
def test_malformed_glossary(tree, glossary, field):
    (tree / "glossary.yaml").write_text(glossary, encoding="utf-8")
    finding = only_finding(tree)
    assert (finding.level, finding.file, finding.field) == ("error", "glossary.yaml", field)


@pytest.mark.parametrize(
    "extra, field",
    [
        ('- {nl: "Kennismigrant", en: "knowledge migrant"}\n', "[2].nl"),
        ('- {nl: "gemeentehuis", en: "Municipality"}\n', "[2].en"),
    ],
)
def test_duplicate_glossary_entry(tree, extra, field):
    with (tree / "glossary.yaml").open("a", encoding="utf-8") as glossary:
        glossary.write(extra)
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("glossary.yaml", field)
    assert "already in entry" in finding.message


@pytest.mark.parametrize(
    "topic, reviewed, stale",
    [
        ("working-north", "2025-11-23", False),  # exactly 12 months
        ("working-north", "2025-11-22", True),
        ("visa-residence", "2026-05-23", False),  # exactly 6 months
        ("visa-residence", "2026-05-22", True),
    ],
)
def test_review_period_warning(tree, topic, reviewed, stale):
    for lang in ("en", "nl"):
        write_page(tree, lang, "beta", page_text(fields("beta", lang, topic=topic, reviewed=reviewed), body(lang)))
    findings = check_content(tree, TODAY)
    if not stale:
        assert findings == []
        return
    assert [(f.level, f.file, f.field) for f in findings] == [("warning", "en/beta.md", "reviewed"), ("warning", "nl/beta.md", "reviewed")]
    assert f"more than {12 if topic == 'working-north' else 6} months ago" in findings[0].message


def test_missing_glossary_is_a_warning(tree):
    (tree / "glossary.yaml").unlink()
    finding = only_finding(tree)
    assert (finding.level, finding.file) == ("warning", "glossary.yaml")


@pytest.mark.parametrize(
    "headings, message",
    [
        ("## Costs\n\nText.\n\n## Costs!\n\nMore text.", "two sections have the anchor 'costs'"),
        ("## Main\n\nText.", "anchor 'main' is used by the page layout"),
        ("## ???\n\nText.", "no letters or digits"),
    ],
)
def test_unusable_section_anchor(tree, headings, message):
    replace_in(tree / "en" / "beta.md", "## More help", f"{headings}\n\n## More help")
    finding = only_finding(tree)
    assert (finding.file, finding.field) == ("en/beta.md", "body")
    assert message in finding.message


def test_reserved_id(tree):
    # /guide/glossary is the glossary, so a page with that id could never be reached.
    for lang in ("en", "nl"):
        write_page(tree, lang, "glossary", page_text(fields("glossary", lang), body(lang)))
    assert errors(tree) == [("en/glossary.md", "id"), ("nl/glossary.md", "id")]
    assert "reserved" in check_content(tree, TODAY)[0].message
