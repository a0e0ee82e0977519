from __future__ import annotations

import pytest

from loket.retrieval.language import detect_language, identify

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
    "blue card salary requirement",
    "HOW DO I OPEN A BANK ACCOUNT",
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
# The ten languages the assistant's own texts are translated into, and a few more.
OTHER = [
    ("Brauche ich ein Visum, um in den Niederlanden zu arbeiten?", "de"),
    ("Wo kann ich Niederländisch lernen?", "de"),
    ("Czy potrzebuję wizy do pracy w Holandii?", "pl"),
    ("Gdzie mogę uczyć się niderlandzkiego?", "pl"),
    ("Чи потрібна мені віза для роботи в Нідерландах?", "uk"),
    ("¿Dónde puedo aprender neerlandés?", "es"),
    ("Necesito una visa para trabajar en Holanda?", "es"),
    ("Preciso de visto para trabalhar na Holanda? Eu não sei", "pt"),
    ("Hollanda'da çalışmak için vizeye ihtiyacım var mı?", "tr"),
    ("كيف أحصل على تأشيرة عمل", "ar"),
    ("هل التأمين الصحي إلزامي في هولندا؟", "ar"),
    ("Comment puis-je trouver un logement à Groningue ?", "fr"),
    ("Je cherche un travail dans l'informatique", "fr"),
    ("Dove posso imparare l'olandese? Ho bisogno di un lavoro", "it"),
    ("क्या मुझे नीदरलैंड में काम करने के लिए वीज़ा चाहिए?", "hi"),
    ("Как получить визу в Нидерланды?", "ru"),
    ("オランダで働くにはビザが必要ですか", "ja"),
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text):
    assert detect_language(text) == "en"
    assert detect_language(text, default="nl") == "en"


@pytest.mark.parametrize("text", DUTCH)
def test_dutch(text):
    assert detect_language(text) == "nl"
    assert detect_language(text, default="en") == "nl"


@pytest.mark.parametrize(("text", "lang"), OTHER)
def test_other_languages_get_their_iso_code(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["visa?", "30%", "", "   ", "IND", "BSN?", "DigiD", "Visum?", "?!"])
def test_no_cues_gives_the_default(text):
    assert detect_language(text) == "en"
    assert detect_language(text, default="nl") == "nl"


def test_an_unsure_identification_gives_the_default():
    # Hindi in Latin letters: fastText is unsure (it knows Hindi in Devanagari).
    text = "mujhe yahan kaam karne ke liye kya chahiye"
    assert identify(text)[0][1] < 0.4
    assert detect_language(text, default="nl") == "nl"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Mag de fiets mee in de trein?", "nl"), ("wat is heffingskorting", "nl"), ("kan ik met mijn bankpas inchecken", "nl"),
     ("Can I bring my bike on the train?", "en")],
)
def test_short_english_and_dutch_questions_are_told_apart_by_their_words(text, lang):
    assert detect_language(text) == lang


def test_a_dutch_question_naming_a_german_word_stays_dutch():
    assert detect_language("Ik woon in Duitsland, mag ik in Groningen werken voor een bedrijf uit Bremen?") == "nl"


def test_frisian_and_low_saxon_read_the_dutch_guide():
    # fastText tells Frisian apart; its speakers are answered from the Dutch pages.
    assert identify("Hoe kin ik Nederlânsk leare yn Ljouwert?")[0][0] == "fy"
    assert detect_language("Hoe kin ik Nederlânsk leare yn Ljouwert?") == "nl"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Hoe lang duurt Make IT Work?", "nl"), ("How long does Make IT Work take?", "en"),
     ("Wat is Make it in the North?", "nl"), ("Make IT Work", "nl")],
)
def test_english_names_in_a_question_do_not_make_it_english(text, lang):
    # "Make IT Work" alone says nothing: the default (here Dutch) stands.
    assert detect_language(text, default="nl") == lang
    if text != "Make IT Work":
        assert detect_language(text, default="en" if lang == "nl" else "nl") == lang
