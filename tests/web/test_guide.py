"""The /guide pages, on a small content tree written for each test."""
from __future__ import annotations

import re

import pytest

from loket import create_app
from loket.content import clear_content_cache

from ..conftest import TODAY, _empty_tables
from ..content import body, fields, page_text, write_page, write_valid_tree

HOSTILE = """\
Intro with <script>alert("intro")</script> inside.

## Tricks <img src=x onerror=alert(1)>

<script>alert("xss")</script>

<div onclick="alert(2)">boxed</div>

A [bad link](javascript:alert(3)) and a [good one](https://ind.nl/en "IND").

## Ordinary

Text with **bold**, `code` and a list:

- one
- two
"""


@pytest.fixture
def content_root(tmp_path):
    root = write_valid_tree(tmp_path / "content")
    for lang in ("en", "nl"):
        write_page(root, lang, "visa", page_text(fields("visa", lang, topic="visa-residence", title=f"Visa {lang}"), body(lang)))
    write_page(root, "en", "hostile", page_text(fields("hostile", "en", title="<b>Bold</b> & co"), HOSTILE))
    write_page(root, "en", "english-only", page_text(fields("english-only", "en", title="Only in English"), body("en")))
    return root


@pytest.fixture
def app(database_url, tmp_path, content_root):
    """The conftest app, reading its guide from the test's content tree."""
    app = create_app(
        {
            "TESTING": True,
            "LOKET_DATABASE_URL": database_url,
            "LOKET_INSTANCE_PATH": str(tmp_path / "instance"),
            "LOKET_SECRET_KEY": "test-secret",
            "LOKET_TODAY": TODAY,
            "LOKET_CONTENT_PATH": str(content_root),
        }
    )
    yield app
    database = app.extensions["loket.db"]
    _empty_tables(database)
    database.dispose()


def get(client, url: str, lang: str = "en") -> str:
    response = client.get(url, query_string={"lang": lang})
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def main_part(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_index_lists_pages_by_topic_in_english(client):
    html = main_part(get(client, "/guide"))
    assert html.count("<h1>") == 1
    topics = re.findall(r"<h2>([^<]+)</h2>", html)
    assert topics == ["Visa and residence", "Living and working in the north"]  # Topic order, only topics with pages
    visa, north = html.split("<h2>")[1:]
    assert '<a href="/guide/visa">Visa en</a>' in visa
    assert '<a href="/guide/alpha">Alpha page</a>' in north and "/guide/english-only" in north
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in north  # titles are text
    assert "One sentence that says what the page answers." in north


def test_index_in_dutch_lists_dutch_pages(client):
    html = main_part(get(client, "/guide", lang="nl"))
    assert '<a href="/guide/alpha">Alfapagina</a>' in html and '<a href="/guide/visa">Visa nl</a>' in html
    assert "Alpha page" not in html and "/guide/english-only" not in html


def test_nav_links_to_the_guide(client):
    html = get(client, "/guide")
    assert '<a href="/guide" aria-current="page">Guide</a>' in html


def test_page_renders_sections_with_anchors(client):
    html = main_part(get(client, "/guide/alpha"))
    assert html.count("<h1>") == 1 and "<h1>Alpha page</h1>" in html
    assert '<p class="lead">One sentence that says what the page answers.</p>' in html
    assert re.findall(r'<h2 id="([^"]+)">', html) == ["first-steps", "more-help"]
    assert 'href="/guide/beta#more-help"' in html  # the Markdown link, rendered


def test_page_in_dutch_has_dutch_anchors(client):
    html = main_part(get(client, "/guide/alpha", lang="nl"))
    assert "<h1>Alfapagina</h1>" in html
    assert re.findall(r'<h2 id="([^"]+)">', html) == ["eerste-stappen", "meer-hulp"]


def test_page_shows_review_date_and_sources(client):
    html = main_part(get(client, "/guide/alpha"))
    assert '<time datetime="2026-11-01">November 1, 2026</time>' in html
    assert '<a href="https://www.rijksoverheid.nl/onderwerpen" rel="noopener">https://www.rijksoverheid.nl/onderwerpen</a>' in html
    # A seed file shows as the document's title and date (content/documents.yaml), never its file name.
    assert "Source document: Regional action plan Drenthe, Groningen &amp; Fryslân, June 2024" in html
    assert "002_4c855e126246aa0a" not in html
    dutch = main_part(get(client, "/guide/alpha", lang="nl"))
    assert '<time datetime="2026-11-01">1 november 2026</time>' in dutch
    assert "Brondocument: Regionaal Actieplan Drenthe, Groningen &amp; Fryslân, juni 2024" in dutch


def test_page_with_yearly_amounts_says_their_year(client, content_root):
    for lang in ("en", "nl"):
        write_page(content_root, lang, "fees", page_text(fields("fees", lang, figures_for=2026), body(lang)))
    clear_content_cache()
    assert "Amounts for 2026" in main_part(get(client, "/guide/fees"))
    assert "Bedragen voor 2026" in main_part(get(client, "/guide/fees", lang="nl"))
    assert "Amounts for" not in main_part(get(client, "/guide/alpha"))


def test_page_links_to_its_twin(client):
    html = main_part(get(client, "/guide/alpha"))
    assert '<a href="/guide/alpha?lang=nl" hreflang="nl" lang="nl">Nederlands: Alfapagina</a>' in html
    dutch = main_part(get(client, "/guide/alpha", lang="nl"))
    assert '<a href="/guide/alpha?lang=en" hreflang="en" lang="en">English: Alpha page</a>' in dutch


def test_page_without_twin_falls_back_to_the_other_language(client):
    html = main_part(get(client, "/guide/english-only", lang="nl"))
    assert '<article class="guide-page" lang="en">' in html
    assert "<h1>Only in English</h1>" in html
    assert "hreflang=" not in html


def test_html_in_markdown_is_neutralised(client):
    html = main_part(get(client, "/guide/hostile"))
    assert "<script" not in html and "<img" not in html and "<div onclick" not in html
    assert 'href="javascript' not in html and "title=" not in html
    assert '&lt;script&gt;alert("xss")&lt;/script&gt;' in html  # shown as text
    assert "<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; co</h1>" in html
    assert '<h2 id="tricks-img-src-x-onerror-alert-1">Tricks &lt;img src=x onerror=alert(1)&gt;</h2>' in html
    assert '<a href="https://ind.nl/en" rel="noopener noreferrer">good one</a>' in html
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html and "<li>two</li>" in html


def test_unknown_page_is_404(client):
    response = client.get("/guide/no-such-page")
    assert response.status_code == 404
    assert "Page not found." in response.get_data(as_text=True)


def test_glossary_sorted_by_the_current_language(client):
    english = main_part(get(client, "/guide/glossary"))
    assert "<th scope=\"col\">Dutch</th><th scope=\"col\">English</th>" in english
    rows = re.findall(r'<tr><td lang="nl">([^<]+)</td><td lang="en">([^<]+)</td></tr>', english)
    assert rows == [("kennismigrant", "highly skilled migrant"), ("gemeente", "municipality")]
    dutch = main_part(get(client, "/guide/glossary", lang="nl"))
    rows = re.findall(r'<tr><td lang="nl">([^<]+)</td><td lang="en">([^<]+)</td></tr>', dutch)
    assert rows == [("gemeente", "municipality"), ("kennismigrant", "highly skilled migrant")]


def test_sitemap_lists_guide_pages(client):
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    locs = re.findall(r"<loc>http://localhost(/guide[^<]*)</loc>", xml)
    assert sorted(locs) == ["/guide", "/guide/alpha", "/guide/beta", "/guide/english-only", "/guide/glossary", "/guide/hostile", "/guide/visa"]
