from __future__ import annotations

import pytest

from loket.retrieval.language import detect_language

ENGLISH = [
    "Do I need a visa?",
    "How much do I need to earn as a highly skilled migrant?",
    "where can i learn dutch",
    "What is the 30% ruling and who qualifies?",
    "What is a kennismigrant?",
    "Can my wife work here?",
    "helth insurence for my family",
    "How do I register at the municipality in Groningen and get a BSN number?",
    "I am a software developer from India and I have a job offer from a company in Leeuwarden. "
    "Does my employer need to be a recognised sponsor, and how long does the procedure take?",
    "is the inburgering exam mandatory for me",
    "wher can i find a job",
]
DUTCH = [
    "Waar kan ik Nederlandse les volgen?",
    "Hoe werkt de 30% ruling?",
    "Heb ik een visum nodig?",
    "Moet ik inburgeren?",
    "wat is een erkend referent",
    "hoeveel moet ik verdienen als kennismigrant",
    "Mijn partner wil ook werken, mag dat?",
    "waar kan ik nederlans leeren in groningen",
    "Ik ben softwareontwikkelaar uit Brazilië en heb een baan aangeboden gekregen bij een bedrijf in Assen. "
    "Wat moet mijn werkgever regelen en hoe lang duurt het?",
    "Is een zorgverzekering verplicht?",
    "zoekjaar hoogopgeleiden",
    "taalcursus assen",
    "kan ik de job interview in het Engels doen?",
]
OTHER = [
    "Brauche ich ein Visum, um in den Niederlanden zu arbeiten?",
    "Wo kann ich Niederländisch lernen?",
    "Comment puis-je trouver un logement à Groningue ?",
    "Je cherche un travail dans l'informatique",
    "¿Dónde puedo aprender neerlandés?",
    "Necesito una visa para trabajar en Holanda?",
    "Czy potrzebuję wizy do pracy w Holandii?",
    "Dove posso imparare l'olandese? Ho bisogno di un lavoro",
    "Preciso de visto para trabalhar na Holanda? Eu não sei",
    "Как получить визу в Нидерланды?",
    "オランダで働くにはビザが必要ですか",
    "كيف أحصل على تأشيرة عمل",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", DUTCH)
def test_dutch(text):
    assert detect_language(text) == "nl"


@pytest.mark.parametrize("text", OTHER)
def test_other_languages(text):
    assert detect_language(text) == "other"


@pytest.mark.parametrize("text", ["visa?", "30%", "", "   ", "IND", "BSN?", "DigiD"])
def test_no_cues_gives_the_default(text):
    assert detect_language(text) == "en"
    assert detect_language(text, default="nl") == "nl"


def test_a_dutch_question_naming_a_german_word_stays_dutch():
    assert detect_language("Ik woon in Duitsland, mag ik in Groningen werken voor een bedrijf uit Bremen?") == "nl"
