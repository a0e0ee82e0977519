from __future__ import annotations

from loket.domain.content import GlossaryEntry
from loket.retrieval.chunks import build_chunks
from loket.retrieval.lexical import ANALYZERS, Lexical, SpellRepair, osa_distance, tokenize

from .conftest import make_page


def _content(glossary=()):
    from loket.domain.content import ContentSet

    pages = [
        make_page("en", "permit", "Work", [("Sponsor", "A highly skilled migrant needs a recognised sponsor.")]),
        make_page("en", "housing", "Housing", [("Renting", "Finding rental housing takes months.")]),
        make_page("nl", "permit", "Werk", [("Referent", "Een kennismigrant heeft een erkend referent nodig.")]),
        make_page("nl", "housing", "Wonen", [("Huren", "Een huurwoning vinden duurt maanden.")]),
    ]
    return ContentSet({(p.lang, p.id): p for p in pages}, list(glossary))


GLOSSARY = [GlossaryEntry(nl="kennismigrant", en="highly skilled migrant")]


def test_tokenize_folds_case_accents_and_keeps_percent():
    assert tokenize("Fryslân: de 30%-regeling, 30 percent!") == ["fryslan", "de", "30%", "regeling", "30%"]


def test_stemming_per_language_and_stopwords_of_both():
    assert ANALYZERS["en"]("The migrants are sponsored") == ["migrant", "sponsor"]
    assert ANALYZERS["nl"]("De vergunningen van het huis") == ANALYZERS["nl"]("vergunning huizen")


def test_bm25_matches_inflected_forms():
    lexical = Lexical(build_chunks(_content()))
    assert lexical.search("migrants sponsoring", "en", 5)[0][0] == "en/permit#sponsor"
    assert lexical.search("huurwoningen", "nl", 5)[0][0] == "nl/housing#huren"


def test_glossary_expands_dutch_term_into_english_index_and_back():
    chunks = build_chunks(_content(GLOSSARY))
    without = Lexical(chunks)
    with_glossary = Lexical(chunks, GLOSSARY)
    assert without.search("kennismigrant", "en", 5) == []
    assert with_glossary.search("kennismigrant", "en", 5)[0][0] == "en/permit#sponsor"
    # Matched on stems: the plural finds the Dutch term too.
    assert without.search("highly skilled migrants", "nl", 5) == []
    assert with_glossary.search("highly skilled migrants", "nl", 5)[0][0] == "nl/permit#referent"
    assert with_glossary.expand("Ben ik een kennismigrant?").glossary_terms == ("highly skilled migrant",)


def test_spelling_repair_and_compound_split():
    lexical = Lexical(build_chunks(_content()))
    assert dict(lexical.expand("recognsied sponsor").repairs) == {"recognsied": "recognised"}
    assert lexical.search("recognsied", "en", 5)[0][0] == "en/permit#sponsor"
    speller = SpellRepair(["huur", "woning", "visa", "via"])
    assert speller.repair("vsia") == "visa"  # a swap, not the shorter "via"
    assert speller.repair("huurwoning") == "huur woning"
    assert speller.repair("ok") is None


def test_osa_distance():
    assert osa_distance("visa", "vsia") == 1
    assert osa_distance("kitten", "sitting") == 3
    assert osa_distance("", "abc") == 3


def test_unknown_words_find_nothing():
    lexical = Lexical(build_chunks(_content()))
    assert lexical.search("zzzz qqqq", "en", 5) == []
    assert lexical.search("", "nl", 5) == []
