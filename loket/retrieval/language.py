"""Which language a question is in: 'en', 'nl' or 'other', from function words and letters alone.

No model: questions are short and the choice is between two languages, so counting cue
words (weighted; words shared between languages count less) is enough, and it is fast and
explainable. Domain words the guide uses in both languages ("kennismigrant", "IND", "30%")
are deliberately not cues.
"""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)

# word -> weight. 1.0: typical of the language; 0.5: also common elsewhere.
_DUTCH = {
    **dict.fromkeys(
        "ik je jij jou jouw jullie u uw mijn ons onze het een niet geen wat hoe waar wanneer welke welk waarom "
        "hoeveel moet moeten kan kun kunt kunnen mag mogen wil wilt willen zijn ben bent heb hebt heeft hebben "
        "word wordt worden ook naar bij als dan dat deze dit nog uit wel maar zo mee voor van met er om graag "
        "nodig zonder tussen welke wie iemand iets hoelang waarvoor daarvoor ermee krijg krijgen vind vinden "
        "zoek zoeken werk werken baan banen les lessen leren nederlands nederlandse taal gemeente verzekering "
        "vergunning verblijfsvergunning salaris loon huis woning huren bij inschrijven aanvragen aanvraag "
        "werkgever werkgevers cursus cursussen gratis betalen kost kosten helpen hulp afspraak maken open "
        "wanneer partner mijn gezin kinderen studie diploma erkend referent zoekjaar regeling sollicitatie "
        "solliciteren sollicitatiebrief ingeschreven bedrijf bedrijven vacature vacatures ervaring opleiding "
        "omscholing vragen vraag goed dag hoi hallo bedankt alstublieft alsjeblieft toch eigenlijk even "
        "heel veel weinig hoger lager jaar maand maanden weken uur geld".split(),
        1.0,
    ),
    **dict.fromkeys("de in is op te en of die over door was had me al na hun zij ze we men".split(), 0.5),
}
_ENGLISH = {
    **dict.fromkeys(
        "the a an i you your my me we our they their he she it's i'm don't can't what how where when which who "
        "why whose do does did doing should would could will shall need needs want get got have has having "
        "am are were been be being this that these those there here and or but not no yes with without from "
        "about into than then too very much many any some every if can may must might to for of at by "
        "work working job jobs lessons learn learning dutch language municipality insurance permit residence "
        "salary wage house housing rent register apply application employer employers course courses free "
        "pay cost costs help appointment make open partner family children study degree sponsor recognised "
        "recognized ruling year letter company companies vacancy vacancies experience training retraining "
        "questions question good day hello thanks please just really still long high higher low lower month "
        "months weeks hours money find looking look search netherlands holland north book bring check "
        "allowed eligible qualify live living move moving".split(),
        1.0,
    ),
    **dict.fromkeys("is in on as so be it us".split(), 0.5),
}
_OTHER = {
    "de": (
        "ich du sie wir ihr mein meine meinen dein ihre und nicht nichts ist sind der das ein eine einen einem "
        "einer mit für fur auf sich werden habe haben hat bin bist kein keine wo wann warum gibt es zu im dem "
        "des auch oder aber arbeit arbeiten deutsch niederlande niederländisch niederlandisch bitte welche "
        "können konnen kann muss müssen mussen brauche brauchen sprechen suche finde gibt wohnung lernen "
        "kurs kurse kosten hallo danke wetter heute morgen wie viel ob schon noch nur sehr".split()
    ),
    "fr": (
        "je tu il elle nous vous ils le la les des est et un une pour dans avec que qui quoi comment où ou "
        "pas ne mon ma mes ton votre vos suis ai avoir être etre travail travailler au aux du ce cette sont "
        "faut besoin puis peux peut bonjour merci quel quelle quels pourquoi quand combien emploi logement "
        "cours apprendre néerlandais neerlandais pays-bas parler oui non très tres aussi".split()
    ),
    "es": (
        "el la los las es y un una por para con que qué cómo como dónde donde necesito trabajo trabajar mi "
        "tu yo del al se puedo hola gracias holanda países paises bajos cuánto cuanto cuándo cuando hay "
        "tengo quiero vivienda aprender neerlandés neerlandes hablar también tambien muy pero".split()
    ),
    "pl": (
        "jak czy nie jest się sie w z na że ze co mogę moge potrzebuję potrzebuje wizy wiza pracy praca "
        "holandii gdzie kiedy dla mam jestem chcę chce dzień dzien dobry dziękuję dziekuje proszę prosze "
        "język jezyk niderlandzki mieszkanie ile".split()
    ),
    "it": (
        "il lo gli della delle di è e per che come dove sono lavoro lavorare non ho bisogno un una ciao "
        "grazie posso voglio quanto quando perché perche olanda paesi bassi anche molto".split()
    ),
    "pt": (
        "o os as é um uma não nao para com como onde eu preciso trabalho trabalhar você voce obrigado "
        "olá ola posso quero holanda países baixos quanto quando também tambem muito".split()
    ),
    "tr": "ve bir bu için icin nasıl nasil nerede ne mi ben çalışmak calismak merhaba teşekkürler vize iş".split(),
}
# Words the other-language lists share with English or Dutch do not count for them.
_OTHER_WEIGHTS = {
    lang: {w: (0.4 if w in _DUTCH or w in _ENGLISH else 1.0) for w in words} for lang, words in _OTHER.items()
}
# Letters no English or Dutch question uses, but others do.
_OTHER_LETTERS = {
    "de": "ßäöü",
    "fr": "çêèàùâîôœ",
    "es": "ñ¿¡áíóú",
    "pl": "ąćęłńśźżó",
    "pt": "ãõçâêô",
    "tr": "ışğç",
    "it": "àèìòù",
}
_DUTCH_BIGRAMS = ("ij", "oe", "ui", "aa", "uu", "sch", "cht", "tje", "eu")
_ENGLISH_BIGRAMS = ("th", "wh", "sh", "ck", "ing", "ea", "ou", "w")


def _non_latin_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return foreign / len(letters)


def language_scores(text: str) -> dict[str, float]:
    """Cue weight per language: 'en', 'nl' and each other language checked."""
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {"en": 0.0, "nl": 0.0}
    for word in words:
        scores["en"] += _ENGLISH.get(word, 0.0)
        scores["nl"] += _DUTCH.get(word, 0.0)
    lowered = text.lower()
    for lang, weights in _OTHER_WEIGHTS.items():
        score = sum(weights.get(word, 0.0) for word in words)
        score += 0.5 * sum(lowered.count(ch) for ch in _OTHER_LETTERS.get(lang, ""))
        scores[lang] = score
    return scores


def detect_language(text: str, default: str = "en") -> str:
    """'en', 'nl', or 'other' for text clearly in another language or script.

    `default` ('en' or 'nl') is returned when the text carries no cue either way ("visa?",
    "30%"); the caller passes the visitor's interface language when it has one.
    """
    if _non_latin_share(text) > 0.5:
        return "other"
    scores = language_scores(text)
    en, nl = scores["en"], scores["nl"]
    other = max(v for k, v in scores.items() if k not in ("en", "nl"))
    # Another language must clearly beat both guide languages: a Dutch or English question
    # naming a German company or a French word stays where it is.
    if other >= 1.5 and other > 1.3 * max(en, nl):
        return "other"
    if nl > en:
        return "nl"
    if en > nl:
        return "en"
    lowered = " ".join(_WORD.findall(text.lower()))
    dutch = sum(lowered.count(b) for b in _DUTCH_BIGRAMS)
    english = sum(lowered.count(b) for b in _ENGLISH_BIGRAMS)
    if en == nl and dutch != english:
        return "nl" if dutch > english else "en"
    return default
