from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from loket.retrieval.chunks import ChunkTable, build_chunks, markdown_to_text, split_sentences, twin_key


def test_one_chunk_per_section_with_key_and_metadata(content):
    chunks = {c.key: c for c in build_chunks(content)}
    assert len(chunks) == sum(len(page.sections) for page in content.pages.values())
    chunk = chunks["en/highly-skilled-migrant#salary-criteria-in-2026"]
    assert chunk.page_id == "highly-skilled-migrant"
    assert chunk.lang == "en"
    assert chunk.anchor == "salary-criteria-in-2026"
    assert chunk.heading == "Salary criteria in 2026"
    assert chunk.page_title == "Highly skilled migrant permit"
    assert chunk.position == 1
    assert chunk.sources == ("https://ind.nl/en",)
    assert chunk.topic == "visa-residence"
    assert chunk.url == "/guide/highly-skilled-migrant#salary-criteria-in-2026"


def test_text_is_plain_links_and_emphasis_stripped(content):
    chunk = ChunkTable(build_chunks(content))["en/highly-skilled-migrant#who-this-permit-is-for"]
    assert "**" not in chunk.text and "](" not in chunk.text
    assert "recognised sponsor" in chunk.text
    assert "Read EU citizens if you are from the EU." in chunk.text
    assert "- a Dutch employer offers you a job;" in chunk.text.splitlines()


def test_twin_is_the_section_at_the_same_position(content):
    table = ChunkTable(build_chunks(content))
    salary_en = table["en/highly-skilled-migrant#salary-criteria-in-2026"]
    # Anchors differ by language; the position decides.
    assert twin_key(salary_en) == "nl/highly-skilled-migrant#salarisnormen-in-2026"
    assert twin_key(table[twin_key(salary_en)]) == salary_en.key
    assert table.in_language(salary_en, "nl").key == "nl/highly-skilled-migrant#salarisnormen-in-2026"
    assert table.in_language(salary_en, "en") is salary_en


def test_page_without_twin_has_no_twin_and_stays_in_its_language(content):
    table = ChunkTable(build_chunks(content))
    about = table["en/about-the-loket#where-and-when"]
    assert twin_key(about) is None
    assert table.in_language(about, "nl") is about


def test_sentences_keep_list_items_apart():
    text = markdown_to_text("The amounts are:\n\n- 30 or older: €5,942;\n- younger: €4,357.\n\nCheck the IND. It changes yearly.")
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The amounts are:",
        "30 or older: €5,942;",
        "younger: €4,357.",
        "Check the IND.",
        "It changes yearly.",
    ]
    assert [s.bullet for s in sentences] == [False, True, True, False, False]


def test_markdown_to_text_handles_soft_breaks_tables_and_autolinks():
    md = "A line\ncontinued *here*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nSee <https://ind.nl> or `code`."
    assert markdown_to_text(md) == "A line continued here.\na – b\n1 – 2\nSee https://ind.nl or code."


markdown_text = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
        st.sampled_from(["- item one.", "**bold** text.", "[a link](https://x.nl) here.", "", "1. first", "## Sub", "x: "]),
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(markdown_text)
def test_every_sentence_is_a_verbatim_substring_of_the_text(md):
    text = markdown_to_text(md)
    for sentence in split_sentences(text):
        assert sentence.text and sentence.text in text
        assert sentence.text == sentence.text.strip()
