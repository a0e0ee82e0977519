"""content/documents.yaml: the title and date a page shows for a seed file, read by the loader and checked."""
from __future__ import annotations

from datetime import date

import pytest

from loket.content import ContentError, load_content
from loket.content.checker import check_content
from loket.domain.content import SourceDocument

from . import body, fields, page_text, write_page, write_valid_tree

TODAY = date(2026, 12, 1)
UNDATED = """\
- file: 003_b30d53f105c74d3f.txt
  title:
    en: Measures of ICT employers
    nl: Maatregelen van ICT-werkgevers
"""


@pytest.fixture
def tree(tmp_path):
    return write_valid_tree(tmp_path)


def test_page_gets_title_and_date_in_its_own_language(tree):
    content = load_content(tree)
    english = content.get("en", "alpha").document("002_4c855e126246aa0a.txt")
    assert english == SourceDocument("002_4c855e126246aa0a.txt", "Regional action plan Drenthe, Groningen & Fryslân", 2024, 6)
    assert english.published == date(2024, 6, 1)
    assert content.get("nl", "alpha").document("002_4c855e126246aa0a.txt").title == "Regionaal Actieplan Drenthe, Groningen & Fryslân"
    assert content.get("en", "alpha").document("https://www.rijksoverheid.nl/onderwerpen") is None


def test_a_document_without_a_date(tree):
    with (tree / "documents.yaml").open("a", encoding="utf-8") as documents:
        documents.write(UNDATED)
    for lang in ("en", "nl"):
        write_page(tree, lang, "beta", page_text(fields("beta", lang, sources=["003_b30d53f105c74d3f.txt"]), body(lang)))
    document = load_content(tree).get("en", "beta").document("003_b30d53f105c74d3f.txt")
    assert (document.title, document.year, document.published) == ("Measures of ICT employers", None, None)
    assert check_content(tree, TODAY) == []


def test_a_seed_file_missing_from_documents_is_an_error(tree):
    write_page(tree, "nl", "beta", page_text(fields("beta", "nl", sources=["003_b30d53f105c74d3f.txt"]), body("nl")))
    found = check_content(tree, TODAY)
    assert [(f.level, f.file, f.field) for f in found] == [("error", "nl/beta.md", "sources")]
    assert "003_b30d53f105c74d3f.txt is not in documents.yaml" in found[0].message


def test_without_documents_file_every_cited_seed_is_an_error(tree):
    (tree / "documents.yaml").unlink()
    assert {(f.file, f.field) for f in check_content(tree, TODAY)} == {
        (f"{lang}/{name}.md", "sources") for lang in ("en", "nl") for name in ("alpha", "beta")
    }
    assert load_content(tree).get("en", "alpha").documents == ()


@pytest.mark.parametrize(
    "text, field",
    [
        ("file: 002_4c855e126246aa0a.txt\n", "documents"),
        ("- file: report.pdf\n  title: {en: A, nl: B}\n", "[0].file"),
        ("- file: 002_4c855e126246aa0a.txt\n  published: June 2024\n  title: {en: A, nl: B}\n", "[0].published"),
        ("- file: 002_4c855e126246aa0a.txt\n  published: 2024-13\n  title: {en: A, nl: B}\n", "[0].published"),
        ("- file: 002_4c855e126246aa0a.txt\n  title: {en: A}\n", "[0].title.nl"),
        ("- file: 002_4c855e126246aa0a.txt\n  title: {en: A, nl: B}\n- file: 002_4c855e126246aa0a.txt\n  title: {en: A, nl: B}\n", "[1].file"),
    ],
)
def test_malformed_documents_file(tree, text, field):
    (tree / "documents.yaml").write_text(text, encoding="utf-8")
    found = check_content(tree, TODAY)
    assert [(f.level, f.file, f.field) for f in found] == [("error", "documents.yaml", field)]
    with pytest.raises(ContentError) as caught:
        load_content(tree)
    assert caught.value.file.endswith("documents.yaml") and caught.value.field == field


def test_unreadable_documents_file(tree):
    (tree / "documents.yaml").write_text("- file: [unclosed\n", encoding="utf-8")
    assert [(f.level, f.file, f.field) for f in check_content(tree, TODAY)] == [("error", "documents.yaml", "documents")]
