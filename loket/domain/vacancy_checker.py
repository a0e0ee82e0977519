"""The inclusive-vacancy checker: advice and scam signals for an English or Dutch vacancy text.

Pure Python (no Flask, no database), so the same check runs while an employer types, when a
vacancy is submitted, and in the moderation queue.

`check_vacancy(v)` takes the fields of a vacancy as `records.parse_vacancy` returns them
(title, description, requirements, skills, dutch_level, salary_min/max/period, hours_min/max,
contract, apply_email, apply_url, language) plus an optional `contact_email`, and returns a
list of `Finding`s. Each finding names the exact phrase (a verbatim slice of the field it was
found in) and says, in English and Dutch, why it matters and how to rewrite it.

Two severities:
- "warning": advice for the employer (a Dutch requirement in a "Dutch not required" vacancy,
  "native speaker", age- or gender-coded wording, diploma-centred requirements, no salary);
- "block": a scam signal (fees asked of applicants, contact only by WhatsApp/Telegram/Signal,
  ID copies or bank details asked, free-mail addresses, implausible pay). A vacancy with a
  blocking finding must be reviewed by staff and never published automatically.

How matching works: every rule is a set of case-insensitive regular expressions with word
boundaries, run over the original text (so a phrase is always `text[start:end]`; overlapping
matches of one rule are merged into one phrase). A match can then be dismissed by its context:
- a softener in the same comma-separated part or after it in the clause (the text between
  sentence ends, semicolons and line breaks): "Dutch is a plus", "or equivalent experience",
  "of vergelijkbaar werk- en denkniveau". "Docker is a plus, HBO diploma required" is still
  flagged, and for language rules a softener after another language name does not count
  ("Fluent Dutch required, English is a plus");
- a negation just before it: "no degree needed", "we never ask for a fee" (for scam signals
  the whole clause counts, so an honest "we don't ask for fees, deposits or ID copies" is fine);
- a context that makes it innocent: "we pay for your visa", "we help you open a bank account",
  "the lower salary criterion for recent graduates", "CMake/Ninja".
All quantifiers are bounded and context checks look at most CLAUSE_REACH characters from a
match, so arbitrary input is checked in linear time.

For findings about the structured salary fields the field is "salary" and the phrase is the
amount as stored (e.g. "25000"), or "" for a missing salary.
"""
from __future__ import annotations

import bisect
import re
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .vacancies import monthly_amount

__all__ = [
    "BLOCK",
    "CODES",
    "FIELD_ORDER",
    "Finding",
    "TEXT_FIELDS",
    "WARNING",
    "check_vacancy",
    "has_blocking",
    "is_free_mail",
]

WARNING = "warning"
BLOCK = "block"

CODES: dict[str, str] = {
    "dutch-required-in-text": WARNING,
    "native-speaker": WARNING,
    "age-coded": WARNING,
    "gender-coded": WARNING,
    "diploma-centred": WARNING,
    "no-salary": WARNING,
    "dutch-level-at-start": WARNING,
    "scam-fee": BLOCK,
    "scam-messaging-only": BLOCK,
    "scam-id-or-bank": BLOCK,
    "scam-free-mail": BLOCK,
    "scam-implausible-pay": BLOCK,
}

TEXT_FIELDS = ("title", "description", "requirements", "skills")
FIELD_ORDER = (*TEXT_FIELDS, "salary", "apply_url", "apply_email", "contact_email")
_FIELD_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}

# Thresholds for implausible pay (gross). ICT salaries in the north top out far below these.
MAX_PLAUSIBLE_MONTHLY = 20_000
MAX_PLAUSIBLE_HOURLY = 250
MIN_PLAUSIBLE_FULL_TIME_MONTHLY = 1_500  # well under the Dutch statutory minimum wage
HYPE_MONTHLY = 6_000  # "no experience needed" together with at least this much a month
FULL_TIME_HOURS = 40
CLAUSE_REACH = 300  # context checks look at most this far from a match


@dataclass(frozen=True)
class Finding:
    code: str  # stable id, one of CODES
    severity: str  # "warning" (advice) or "block" (scam signal: forces review)
    phrase: str  # verbatim slice of the field, or "" when about a missing thing
    field: str  # "title", "description", "requirements", "skills", "salary", "apply_url", "apply_email", "contact_email"
    message_en: str
    message_nl: str
    suggestion_en: str
    suggestion_nl: str


def has_blocking(findings: Iterable[Finding]) -> bool:
    """True when any finding is a scam signal: the vacancy must go to a moderator."""
    return any(f.severity == BLOCK for f in findings)


# --------------------------------------------------------------------------------------------
# Regex building blocks


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def _alts(*alternatives: str) -> tuple[re.Pattern[str], ...]:
    """Alternatives compiled one by one, so a short match of one cannot hide a longer match of another."""
    return tuple(re.compile(a, re.IGNORECASE) for a in alternatives)


_AMOUNT = r"(?:(?:€|EUR\b|euro\b)\s?\d(?:[\d.,]|\s(?=\d{3}\b)){0,12}(?:\s?k\b)?(?:,-)?|\d(?:[\d.,]|\s(?=\d{3}\b)){0,12}(?:\s?k\b)?\s?(?:€|EUR\b|euros?\b))"
_LANGS = r"English|Dutch|German|French|Spanish|Italian|Polish|Frisian|Portuguese|Chinese|Mandarin|Japanese|Arabic|Turkish|Russian|Ukrainian|Swedish|Danish|Norwegian|Finnish|Nederlands|Engels|Duits|Frans|Fries"
_NOT_REQ_EN = r"not\s+(?:required|needed|necessary|essential|mandatory|compulsory|a\s+must|a\s+requirement)"
_NOT_REQ_NL = r"niet\s+(?:nodig|vereist|verplicht|noodzakelijk)|geen\s+(?:vereiste|eis|must|voorwaarde)"

_LANGUAGE_WORD = re.compile(rf"\b(?:{_LANGS})\b", re.IGNORECASE)

# A negation shortly before a match, in the same clause ("no degree needed", "we never ask ...").
_NEGATION = _rx(
    r"\b(?:no|not|never|without|none|nor|neither|geen|niet|nooit|zonder|hoeft|hoef|hoeven)\b",
    r"\b(?:don|doesn|didn|won|isn|aren|needn|mustn|shouldn)['’]t\b",
    r"\b(?:cannot|can['’]t)\b",
)
_CONTRAST = _rx(r"\b(?:but|maar|however|echter|although|though|hoewel|whereas|terwijl)\b")
_SEGMENT_CUT = _rx(r",", r"\b(?:but|maar|however|echter|although|though|hoewel|whereas|terwijl)\b")
_BOUNDARY_CHARS = "\n\r;•·!?|"


class _Text:
    """One field's text with its clause boundaries, for context checks around a match."""

    def __init__(self, field: str, text: str):
        self.field = field
        self.text = text
        bounds = [-1]
        n = len(text)
        for i, ch in enumerate(text):
            if ch in _BOUNDARY_CHARS or (ch == "." and (i + 1 == n or text[i + 1].isspace())):
                bounds.append(i)
        bounds.append(n)
        self._bounds = bounds

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The sentence part around a match, at most CLAUSE_REACH characters either side (keeps checks linear)."""
        b = self._bounds
        i = bisect.bisect_left(b, start) - 1  # last boundary before start
        j = bisect.bisect_left(b, end)  # first boundary at or after end
        return max(b[i] + 1, start - CLAUSE_REACH), min(b[j], end + CLAUSE_REACH)

    def clause_text(self, start: int, end: int) -> str:
        cs, ce = self.clause(start, end)
        return self.text[cs:ce]

    def before(self, start: int, end: int, limit: int = 60, *, segment: bool = False) -> str:
        """The clause before the match, cut at the last 'but'/'maar' (and comma when `segment`), at most `limit` characters."""
        cs, _ = self.clause(start, end)
        prefix = self.text[cs:start]
        cut = _SEGMENT_CUT if segment else _CONTRAST
        last = None
        for last in cut.finditer(prefix):
            pass
        if last is not None:
            prefix = prefix[last.end():]
        return prefix[-limit:]

    def negated(self, start: int, end: int, limit: int = 60, *, segment: bool = False) -> bool:
        return _NEGATION.search(self.before(start, end, limit, segment=segment)) is not None

    def scope(self, start: int, end: int, *, cut_at_language: bool = False) -> str:
        """Where a softener may stand: from the comma-separated part holding the match to the clause end.

        "Experience with Docker is a plus, HBO diploma required": the "plus" belongs to Docker.
        With `cut_at_language`, the scope also stops at the next language name after the match:
        in "Fluent Dutch required, English is a plus" the "plus" is about English.
        """
        cs, ce = self.clause(start, end)
        last = None
        for last in _SEGMENT_CUT.finditer(self.text, cs, start):
            pass
        seg_start = last.end() if last is not None else cs
        if cut_at_language:
            other = _LANGUAGE_WORD.search(self.text, end, ce)
            if other is not None:
                ce = other.start()
        return self.text[seg_start:ce]


@dataclass(frozen=True)
class _Rule:
    code: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]
    softeners: re.Pattern[str] | None = None  # present in the match's context: not a finding
    negatable: bool = True  # a negation just before the match dismisses it
    accept: Callable[[_Text, re.Match[str], Mapping[str, Any]], bool] | None = None
    fields: tuple[str, ...] = TEXT_FIELDS
    segment: bool = True  # True: softeners/negations count from the comma-separated part of the match; False: whole clause
    cut_at_language: bool = False  # a softener after the next language name is about that language
    extra: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None  # values for the messages, from the vacancy


def _code(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


# --------------------------------------------------------------------------------------------
# 1. A Dutch requirement in the wording while the vacancy says Dutch is not needed

_DUTCH_OK_AFTER = r"(?=\s*(?:[,.;:()\n/]|$|\b(?:skills|is|are|and|en|required|language|at|on|level|speaker)\b))"
_DUTCH_REQUIRED = _alts(
    # English
    r"\bfluen(?:t|tly|cy)\s+(?:in\s+)?(?:(?:spoken\s+and\s+written|written\s+and\s+spoken)\s+)?(?:(?:English|German|French)\s+(?:and|&)\s+)?Dutch\b(?:\s+(?:and|&)\s+English\b)?",
    r"\bproficien(?:t|cy)\s+in\s+(?:the\s+)?Dutch\b(?:\s+language\b)?",
    r"\bDutch\s+(?:language\s+)?(?:fluency|proficiency)\b",
    r"\bDutch\s+(?:language\s+)?(?:skills\s+)?(?:is\s+|are\s+)?(?:(?:a\s+)?must\b|required\b|mandatory\b|essential\b|necessary\b|a\s+requirement\b|compulsory\b|needed\b)",
    r"\b(?:must|should|have\s+to|need\s+to|required\s+to)\s+(?:be\s+able\s+to\s+)?(?:speak|write|read|understand)\s+(?:(?:and|or|&)\s+(?:speak|write|read|understand)\s+)?(?:fluent\s+|good\s+)?Dutch\b",
    r"\b(?:native|native[- ]level|near[- ]native)\s+Dutch\b(?:\s+speakers?\b)?",
    r"\bDutch\s+native(?:\s+speakers?)?\b",
    r"\bnative\s+speakers?\s+of\s+Dutch\b",
    r"\bDutch[- ]speak(?:ing|ers?)\b(?!\s+(?:customers?|clients?|users?|markets?|countries|regions?|world|parts?|areas?|partners?|public|audiences?|people|provinces?|Belgium)\b)",
    r"\b(?:excellent|good|strong|perfect|very\s+good|professional|solid|flawless)\s+(?:(?:spoken\s+and\s+written|written\s+and\s+spoken|verbal\s+and\s+written|written\s+and\s+verbal)\s+)?(?:command\s+of\s+(?:the\s+)?)?Dutch\b(?:\s+(?:language\s+)?skills\b)?" + _DUTCH_OK_AFTER,
    r"\b(?:command|knowledge|mastery)\s+of\s+(?:the\s+)?Dutch\b(?:\s+language\b)?" + _DUTCH_OK_AFTER,
    r"\bDutch\s*(?:\(\s*|at\s+|on\s+|:\s*)?(?:level\s+)?(?:A2|B1|B2|C1|C2)\b(?:[- ]level\b)?",
    # Dutch
    r"\bvloeiend(?:e)?\s+(?:in\s+(?:het\s+)?)?Nederlands\b",
    r"\bNederlands\s+vloeiend\b",
    r"\b(?:goed|goede|uitstekend|uitstekende|perfect|perfecte|foutloos|foutloze|vlekkeloos|vlekkeloze|zeer\s+goed|zeer\s+goede)\s+(?:(?:mondeling\s+en\s+schriftelijk|schriftelijk\s+en\s+mondeling)\s+)?Nederlands(?:e\s+taalvaardigheid)?\b",
    r"\bNederlands\s+in\s+woord\s+en\s+geschrift\b",
    r"\bNederlands\s+(?:mondeling\s+en\s+schriftelijk|schriftelijk\s+en\s+mondeling)\b",
    r"\b(?:(?:goede|uitstekende|zeer\s+goede)\s+)?(?:beheersing|kennis)\s+van\s+(?:de\s+Nederlandse\s+taal|het\s+Nederlands)\b",
    r"\bNederlandse\s+taal\s+(?:goed\s+|uitstekend\s+|vloeiend\s+)?(?:beheers\w{0,3}|machtig)\b",
    r"\bNederlandstalig(?:e)?\b(?!\s+(?:klanten|markt|landen|gebruikers|publiek|regio|deel|gebied|bedrijven|organisaties|website|content|teksten|documentatie|provincies)\b)",
    r"\bNederlands\s*(?:\(\s*|op\s+(?:minimaal\s+)?|:\s*)?(?:niveau\s+)?(?:A2|B1|B2|C1|C2)\b(?:-?niveau\b)?",
    r"\bNederlands\s+(?:is\s+)?(?:een\s+)?(?:vereiste|vereist|must|verplicht|noodzakelijk)\b",
    r"\b(?:je|jij|u)\s+(?:spreekt|schrijft|beheerst)\s+(?:en\s+(?:spreekt|schrijft)\s+)?(?:vloeiend\s+|goed\s+|uitstekend\s+)?Nederlands\b",
    r"\bNederlands\s+als\s+moedertaal\b|\bNederlandse\s+moedertaal\b|\bmoedertaal\s+Nederlands\b",
)
_DUTCH_SOFTENERS = _rx(
    r"\b(?:plus|bonus|advantage|asset|optional|preferred|preferably|helpful|helps|welcome|welkom|learn|learning|lessons?|courses?|pr[ée]|pre|voordeel|handig|leren|les|lessen|cursus|pluspunt)\b",
    r"\bnice[- ]to[- ]have\b|\bnice\s+to\s+have\b|\bmooi\s+meegenomen\b|\bbij\s+voorkeur\b",
    rf"\b(?:{_NOT_REQ_EN})\b",
    rf"\b(?:{_NOT_REQ_NL})\b",
)


def _dutch_level_none(v: Mapping[str, Any]) -> bool:
    level = _code(v.get("dutch_level"))
    return level in (None, "", "none")


# --------------------------------------------------------------------------------------------
# 2. "Native speaker"

_NATIVE = _alts(
    r"(?<!non-)(?<!non\s)\bnative[- ]speak(?:ers?|ing)\b",
    rf"(?<!non-)(?<!non\s)\bnative(?:[- ]level|[- ]like)?\s+(?:{_LANGS})\b(?:\s+speakers?\b)?",
    rf"\b(?:{_LANGS})\s+native(?:\s+speakers?\b|(?=\s*(?:[,.;)\n]|$)))",
    r"(?<!non-)(?<!non\s)\bnative[- ]level\b",
    r"\b(?:near|close\s+to)[- ]native\b",
    r"(?<!non-)(?<!non\s)\bnative\s+(?:fluency|proficiency|command|tongue)\b",
    r"\bmother[- ]tongue\b",
    r"\bmoedertaal(?:spreker|sprekers|niveau)?\b",
)
_NATIVE_SOFTENERS = _rx(
    r"\b(?:whatever|regardless|ongeacht)\b|\bno\s+matter\b|\bmaakt\s+(?:\w+\s+){0,2}niet\s+uit\b",
    r"\bwelke\s+moedertaal\b|\bnon-native\b|\bniet-moedertaal\w*|\beigen\s+moedertaal\b|\bown\s+(?:native\s+language|mother\s+tongue)\b",
    r"\bdoes(?:n['’]t|\s+not)\s+matter\b",
    rf"\b(?:{_NOT_REQ_EN})\b|\b(?:{_NOT_REQ_NL})\b",
)
_CEFR_ALTERNATIVE = _rx(r"\b(?:or|of)\s+(?:at\s+least\s+)?[ABC][12]\b", r"\b[ABC][12]\s+(?:or|of)\s*$")


def _native_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    # "German at native or C1 level", "C1 or native": a CEFR level is already offered.
    if _CEFR_ALTERNATIVE.search(t.text[m.end():m.end() + 20]):
        return False
    return not _CEFR_ALTERNATIVE.search(t.text[max(0, m.start() - 12):m.start()])


# --------------------------------------------------------------------------------------------
# 3. Age-coded wording

_TRAINEE_CONTRACTS = {"traineeship", "internship"}
_IMMIGRATION_CONTEXT = _rx(
    r"\bsalary\s+criterion\b|\bresidence\s+permits?\b|\bpermits?\b|\bsearch\s+year\b|\borientation\s+year\b|\bvisas?\b",
    r"\bzoekjaar\b|\bkennismigrant\w*|\bverblijfsvergunning\w*|\bsalariscriterium\b|\blooncriterium\b|\bcriterium\b",
)
_AGE_YOUNG = _alts(
    r"\byoung(?:er|sters?)?\b(?:\s*(?:,|and|&)\s*(?:dynamic|energetic|ambitious|enthusiastic|hungry)\b)?(?!\s+(?:people|children|kids|learners|students|patients|families|adults|users|customers|visitors|audiences?|and\s+old|or\s+old|to\s+old)\b)",
    r"\bjong(?:e|ere)?\b(?:\s*(?:,|en|&)\s*(?:dynamisch|dynamische|enthousiast|enthousiaste|ambitieus|ambitieuze|energiek|energieke|hongerig)\b)?(?!\s+(?:mensen|kinderen|klanten|gebruikers|patiënten|gezinnen|bezoekers|en\s+oud|tot\s+oud|of\s+oud)\b)",
    r"\bjeugdig\w{0,4}\b",
)
_AGE_GRADUATE = _alts(
    r"\b(?:recent(?:ly)?|fresh|new)\s+(?:graduate[sd]?|grads?)\b",
    r"\b(?:pas|net|recent|vers)\s+afgestudeerd\w{0,3}\b",
)
_AGE_LIMIT = _alts(
    r"\b(?:aged?|age\s+limit|leeftijd|leeftijdsgrens)\s*:?\s*(?:of\s+|van\s+|tussen\s+|between\s+|up\s+to\s+|tot\s+|max(?:imum|imaal|\.)?\s*)?\d\d\b(?:\s*(?:-|–|to|and|en|tot)\s*\d\d\b)?(?:\s+(?:years|jaar)\b(?:\s+old\b|\s+oud\b)?)?",
    r"\b(?:younger\s+than|not\s+older\s+than|no\s+older\s+than|under\s+the\s+age\s+of|jonger\s+dan|niet\s+ouder\s+dan)\s+\d\d\b(?:\s+(?:years|jaar)\b(?:\s+old\b|\s+oud\b)?)?",
    r"\b(?:between|tussen(?:\s+de)?)\s+\d\d\s*(?:and|en|-|–)\s*\d\d\b(?:\s+(?:years\s+old|years\s+of\s+age|jaar\s+oud|jaar)\b)?",
    r"\b(?:starters?\s+)?(?:max(?:imum|imaal|\.)?|up\s+to|tot|under|onder\s+de)\s*\d\d\s+(?:years|yrs|jaar)\b(?:\s+old\b|\s+oud\b|\s+of\s+age\b)?",
)
_AGE_OTHER = _alts(r"\bdigital\s+natives?\b")
_AGE_OVERQUALIFIED = _alts(r"\bover-?\s?qualified\b|\bovergekwalificeerd\w{0,2}\b")
_AGE_NEGATION_CONTEXT = _rx(r"\bregardless\s+of\s+(?:your\s+)?age\b|\bongeacht\s+(?:je\s+|uw\s+)?leeftijd\b|\bno\s+age\s+limit\b|\bgeen\s+leeftijdsgrens\b")
_NAME_BEFORE = re.compile(r"(?:\b(?:de|De|van|Van|der|Der|den)\s|[A-Z][a-z]+\s)$")
_OLD_BEFORE = re.compile(r"\b(?:old|oud)\s+(?:and|en|or|of|to|tot)\s+$", re.IGNORECASE)
_EXPERIENCE_AFTER = re.compile(r"\s*(?:of\s+)?(?:(?:relevant|work|professional|working)\s+)?(?:experience|ervaring|werkervaring|work)\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s*[A-Za-z€%]", re.IGNORECASE)


def _age_young_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    word = m.group(0)
    before = t.text[max(0, m.start() - 12):m.start()]
    # A surname (Sarah Young, Pieter de Jong), not an age.
    if word[:1].isupper() and _NAME_BEFORE.search(before) and not before.rstrip().endswith((".", ":", "!", "?")):
        return False
    if _OLD_BEFORE.search(before):  # "old and young", "van oud tot jong"
        return False
    return not _AGE_NEGATION_CONTEXT.search(t.clause_text(m.start(), m.end()))


def _age_graduate_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    if _code(v.get("contract")) in _TRAINEE_CONTRACTS:
        return False
    # "the lower salary criterion for recent graduates" is an immigration term, not a wish for youth.
    return not _IMMIGRATION_CONTEXT.search(t.clause_text(m.start(), m.end()))


def _age_limit_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    numbers = [int(n) for n in re.findall(r"\d\d", m.group(0))]
    if not numbers or not all(16 <= n <= 70 for n in numbers):
        return False
    rest = t.text[m.end():m.end() + 40]
    if _EXPERIENCE_AFTER.match(rest):
        return False
    text = m.group(0).lower()
    explicit = re.search(r"\b(?:age|aged|leeftijd\w*|old|oud|younger|jonger|ouder|starters?)\b", text)
    if explicit:
        return True
    if re.search(r"\b(?:years|yrs|jaar)\b", text):
        return True  # "max. 30 years", "tussen 25 en 35 jaar" (experience was excluded above)
    # A bare "between 25 and 35": an age only when no unit follows ("hours", "employees", "%").
    return not _UNIT_AFTER.match(rest)


# --------------------------------------------------------------------------------------------
# 4. Gender-coded wording

_GENDER_PRONOUN = _alts(
    r"(?<![/\w])\bhe\s+(?:will|is|has|should|must|can|needs|shall|would|works|knows|may|['’]ll)\b(?!\s*/)",
    r"(?<!/)(?<!her\sor\s)(?<!her\sand\s)\bhis\b(?!\s*(?:/|or\s+her\b|and\s+her\b|or\s+hers\b))",
    r"(?<!/)(?<!her\sor\s)\bhim(?:self)?\b(?!\s*(?:/|or\s+her\b))",
    r"(?<!/)(?<!\bof\s)\bhij\b(?!\s*(?:/|of\s+zij\b|of\s+ze\b))",
    r"(?<!/)(?<!\bof\s)\bhem\b(?!\s*(?:/|of\s+haar\b))",
    r"(?<!/)(?<!haar\sof\s)\bzijn\s+(?:eigen\s+)?(?:werk|rol|taken|team|functie|collega['’]s|ervaring|kennis|vaardigheden|cv|motivatie|sollicitatie|werkzaamheden|verantwoordelijkheid|verantwoordelijkheden|ontwikkeling|carrière|loopbaan|projecten|manager|leidinggevende|salaris|contract|rijbewijs|diploma|talenten|skills|expertise)\b",
)
_GENDER_TITLE = _alts(r"\(\s*(?:m|v|f|w)\s*\)")
_GENDER_TITLE_WORD = _alts(r"\(\s*(?:man|male|mannelijk|vrouw|female|vrouwelijk)\s*\)")
_MAN_WORDS = {
    "salesman": ("salesperson", "verkoper (m/v/x)"),
    "chairman": ("chair", "voorzitter"),
    "spokesman": ("spokesperson", "woordvoerder (m/v/x)"),
    "foreman": ("supervisor or team lead", "teamleider"),
    "businessman": ("businessperson", "ondernemer"),
    "craftsman": ("skilled technician", "vakkracht"),
    "draftsman": ("drafter", "tekenaar (m/v/x)"),
    "draughtsman": ("drafter", "tekenaar (m/v/x)"),
    "repairman": ("repair technician", "reparatiemonteur (m/v/x)"),
    "workman": ("worker", "medewerker (m/v/x)"),
    "cameraman": ("camera operator", "cameraoperator"),
    "serviceman": ("service technician", "servicemonteur (m/v/x)"),
    "handyman": ("maintenance technician", "onderhoudsmonteur (m/v/x)"),
    "manpower": ("staff, workforce or capacity", "personeel of capaciteit"),
    "manhours": ("person-hours or working hours", "werkuren"),
    "mandays": ("person-days or working days", "werkdagen"),
    "vakman": ("skilled professional", "vakkracht of vakspecialist"),
    "zakenman": ("businessperson", "ondernemer"),
    "voorman": ("team lead", "ploegleider"),
    "mankracht": ("staff or capacity", "personeel of capaciteit"),
    "manuren": ("working hours", "werkuren"),
    "mandagen": ("working days", "werkdagen"),
}
_GENDER_MAN = _alts(
    r"\b(?:sales|chair|spokes|fore|business|crafts|drafts|draughts|repair|work|camera|service|handy)m[ae]n\b",
    r"\bman[- ]?(?:power|hours|days)\b",
    r"\b(?:vakman|vakmannen|zakenman|voorman|mankracht|manuren|mandagen)\b",
)
_GENDER_HYPE = _alts(r"\brock\s?stars?\b|\bninjas?\b|\bgurus?\b|\bsuperheroe?s?\b")
_GENDER_AGENTIC = _alts(
    r"\b(?:dominant|dominante|dominance|aggressive(?:ly)?|agressief|agressieve)\b(?!\s+(?:market|markt\w*|positions?|positie|players?|speler|share|provider|supplier|leverancier|platforms?|technology|design|frequenc\w+|genes?|hand|caching|pricing|timelines?|deadlines?|schedules?|optimi[sz]ations?|compiler|inlining|prefetching|growth|groei|expansion)\b)",
)
_BUILD_TOOL_CONTEXT = _rx(r"\bcmake\b|\bmeson\b|\bbuild\b|\bgradle\b|\bbazel\b|\bmake\b|\bgn\b")


def _hype_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    if m.group(0).lower().startswith("ninja"):
        if t.field == "skills":
            return False  # Ninja, the build system
        window = t.text[max(0, m.start() - 30):m.end() + 30]
        if _BUILD_TOOL_CONTEXT.search(window):
            return False
    return True


def _single_letter_title_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    # "(m)" after a job title; in running text "(f)" is more often a list marker.
    return t.field == "title"


# --------------------------------------------------------------------------------------------
# 5. Diploma-centred requirements

_DEG = r"(?:bachelor(?:['’]s|s)?|(?<!scrum\s)(?<!web\s)(?:master['’]s|masters)|master(?=\s+(?:degree|diploma|opleiding|of\s+science|of\s+arts|of\s+engineering)\b)|BSc|MSc|B\.Sc\.?|M\.Sc\.?|PhD|Ph\.D\.?|HBO|WO|MBO)"
_DIPLOMA = _alts(
    # English
    rf"\b(?:a\s+)?(?:relevant\s+|completed\s+|finished\s+|formal\s+|technical\s+|university\s+|academic\s+)?{_DEG}(?:\s*\d\b)?(?:[- ](?:degree|diploma)\b)?(?:-?\s*(?:or|and|/|of)\s*(?:a\s+)?{_DEG}(?:\s*\d\b)?)?(?:[- ](?:level\s+)?(?:degree|diploma|level|education)\b)?(?:\s+in\b)?(?:\s+(?:is\s+)?(?:required|mandatory|a\s+must|essential|necessary|needed|compulsory)\b)?",
    r"\b(?:a\s+)?(?:relevant\s+|completed\s+|finished\s+|formal\s+|university\s+|academic\s+|technical\s+)?(?:degree|diploma)\s+(?:in\s+[^.;,\n]{1,60}?\s+)?(?:is\s+)?(?:required|mandatory|a\s+must|essential|necessary|compulsory|needed)\b",
    r"\b(?:a\s+)?(?:relevant\s+|completed\s+|university\s+|academic\s+)?degree\s+in\b",
    r"\brelevant\s+(?:degree|diploma)\b|\b(?:university|academic|college)\s+(?:degree|education|diploma)\b",
    r"\b(?:minimum|at\s+least)\s+(?:of\s+)?(?:a\s+)?(?:bachelor|master|HBO|WO|MBO)\w{0,3}\b(?:\s+(?:degree|diploma|level)\b)?",
    # Dutch
    r"\b(?:afgeronde\s+)?(?:hbo|wo|mbo)(?:\s*\d)?(?:-?\s+of\s+(?:hbo|wo|mbo)(?:\s*\d)?)?[- ]?(?:opleiding|diploma|niveau|bachelor|master|afgestudeerde)\b(?:\s+(?:is\s+)?(?:vereist|verplicht|noodzakelijk|een\s+must)\b)?",
    r"\bminimaal\s+(?:een\s+)?(?:afgeronde\s+)?(?:hbo|wo|mbo)\w{0,3}\b(?:[- ](?:opleiding|diploma|niveau)\b)?",
    r"\bafgeronde\s+(?:[\w-]{1,30}\s+){0,2}?(?:opleiding|studie|diploma|bachelor|master)\w{0,3}\b",
    r"\b(?:diploma|opleiding)\s+(?:is\s+)?(?:vereist|verplicht|noodzakelijk)\b",
    r"\b(?:relevant|relevante)\s+(?:diploma|opleiding|vooropleiding)\b",
    r"\buniversitaire\s+(?:opleiding|studie|graad)\b|\bacademisch(?:e)?\s+(?:diploma|niveau|opleiding)\b",
)
_DIPLOMA_MEANINGFUL = re.compile(
    r"degree|diploma|opleiding|studie|niveau|level|education|afgestudeerde|bachelor|master|required|must|mandatory|essential|necessary|needed|compulsory|vereist|verplicht|noodzakelijk|\bin$|['’]s\b|PhD|Ph\.D|MSc|BSc|M\.Sc|B\.Sc|minimum|at\s+least|minimaal",
    re.IGNORECASE,
)
_DIPLOMA_SOFTENERS = _rx(
    r"\bor\s+(?:the\s+)?(?:equivalent|comparable)\b(?!\s+(?:fields?|disciplines?|studies|study|degrees?|diplomas?|programmes?|subjects?)\b)",
    r"\bor\s+(?:similar|relevant|proven|practical|hands-on|demonstrable|equivalent|comparable)\s+(?:(?:work|working|professional|practical)\s+)?(?:experience|skills|knowledge|level)\b",
    r"\bor\s+(?:(?:work|working|professional|practical|hands-on|relevant)\s+)?experience\b|\bexperience\s+is\s+(?:also\s+)?(?:enough|fine|sufficient)\b|\bas\s+much\s+as\s+a\s+degree\b",
    r"\bno\s+(?:specific\s+|formal\s+)?(?:degree|diploma)\b|\bnot\s+(?:required|needed|necessary|essential|mandatory|a\s+must|a\s+requirement)\b|\bdoes(?:n['’]t|\s+not)\s+matter\b",
    r"\bcareer[- ](?:changers?|switchers?)\b|\bself-taught\b|\bbootcamps?\b|\bretraining\b|\b(?:is\s+)?a\s+plus\b|\bnice[- ]to[- ]have\b|\bnice\s+to\s+have\b",
    r"\benrolled\b|\bstudents?\b|\bstudying\b|\bgraduation\s+(?:project|internship)\b",
    r"\bof\s+(?:een\s+)?(?:vergelijkbaar|vergelijkbare|gelijkwaardig|gelijkwaardige|aantoonbaar|aantoonbare)\b|\bof\s+(?:relevante\s+|vergelijkbare\s+|aantoonbare\s+|praktijk)?(?:werk)?ervaring\b",
    r"\bwerk-\s+en\s+denkniveau\b|\bzij-?instromers?\b|\bomscholing\b|\bniet\s+(?:nodig|vereist|verplicht|noodzakelijk)\b|\bgeen\s+(?:\w+\s+)?(?:diploma|opleiding)\b",
    r"\bis\s+een\s+pr[ée]\b|\bmaakt\s+(?:\w+\s+){0,2}niet\s+uit\b|\bje\s+studeert\b|\bstudent\w{0,3}\b|\bstage\w{0,6}\b|\bafstudeer\w{0,12}",
)


def _diploma_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    return _DIPLOMA_MEANINGFUL.search(m.group(0)) is not None and not re.fullmatch(
        r"(?:HBO|WO|MBO)(?:\s*\d)?", m.group(0).strip(), re.IGNORECASE
    )


# --------------------------------------------------------------------------------------------
# 7a. Fees asked of applicants

_FEE = _alts(
    rf"\b(?:registration|training|application|administration|admin|processing|placement|recruitment|onboarding|visa|course|enrol(?:l)?ment|starter|membership|screening|background[- ]check|uniform|equipment)\s+fees?\b(?:\s+of\s+{_AMOUNT})?",
    r"\bpay(?:ing)?\s+(?:for\s+)?(?:your\s+own|your|the|a|an)\s+(?:visa|work\s+permit|permit|training|course|registration|starter\s+kit|equipment|uniform|background\s+check|screening|certificate|certification|application|deposit|fee|laptop|materials)\b",
    rf"\b(?:refundable|security|small|one-time|one\s+time)\s+deposit\b|\bdeposit\s+of\s+{_AMOUNT}|\bdeposit\s*:\s*{_AMOUNT}",
    rf"{_AMOUNT}\s+(?:[\w-]{{1,20}}\s+){{0,3}}?(?:upfront|up-front|up\s+front|in\s+advance|vooraf|vooruit)\b",
    r"\b(?:upfront|up-front|advance)\s+(?:payments?|fees?|costs?|betaling)\b|\bvooruitbetaling\b|\bvooraf\s+(?:te\s+)?betal\w{0,3}\b|\bbetaal\s+(?:je\s+|u\s+)?vooraf\b|\bpay\s+(?:in\s+advance|upfront|up\s+front)\b",
    r"\b(?:inschrijfgeld|inschrijfkosten|inschrijvingskosten|registratiekosten|aanmeldkosten|aanmeldingskosten|bemiddelingskosten|sollicitatiekosten|cursusgeld|borgsom|opleidingskosten\s+(?:zijn\s+)?voor\s+eigen\s+rekening)\b",
    rf"\b(?:een\s+)?borg\s+(?:van\s+{_AMOUNT}|betalen|te\s+betalen)",
    r"\b(?:de\s+)?kosten\s+(?:voor|van)\s+(?:de|het|je|jouw|uw)\s+[\w-]{1,30}(?:\s+[\w-]{1,30})?\s+betaal\s+je\s+zelf\b",
    r"\bbetaal\s+je\s+zelf\b|\bzelf\s+(?:te\s+)?betalen\b|\b(?:op|voor)\s+eigen\s+(?:kosten|rekening)\b|\bat\s+your\s+own\s+(?:expense|cost)\b",
    r"\b(?:you|applicants?|candidates?)\s+(?:must|have\s+to|need\s+to|will|are\s+required\s+to|should)\s+(?:first\s+)?pay\b",
    r"\b(?:je|jij|u)\s+(?:moet|dient|betaalt)\s+(?:[\w€.,-]{1,20}\s+){0,3}?(?:betalen|te\s+betalen|zelf)\b",
)
_EMPLOYER_PAYS = _rx(
    r"\b(?:we|we['’]ll|wij|company|employer|werkgever|us|ons|our\s+company)\b(?:\s+(?!you\b|je\b|jij\b|u\b|applicants?\b|candidates?\b|sollicitanten?\b)[\w'’]{1,20}){0,3}?\s+(?:pay|pays|paid|cover|covers|covered|reimburse|reimburses|refund|refunds|take\s+care\s+of|betalen|betaalt|vergoeden|vergoedt|nemen)\b",
)
_EMPLOYER_PAYS_CLAUSE = _rx(
    r"\bpaid\s+(?:for\s+)?by\s+(?:us|the\s+company|the\s+employer)\b|\bon\s+us\b|\bat\s+our\s+(?:expense|cost)\b|\breimbursed\b|\bfree\s+of\s+charge\b|\bno\s+cost\s+to\s+you\b",
    r"\bdoor\s+ons\s+betaald\b|\bvoor\s+onze\s+rekening\b|\bvoor\s+rekening\s+van\s+(?:de\s+)?(?:werkgever|ons)\b|\bvergoed\b|\bkosteloos\b|\bgratis\b|\bgeen\s+kosten\b",
)


def _fee_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    # "We pay for your visa", "We cover the training fee", "free of charge": the employer pays.
    if _EMPLOYER_PAYS.search(t.before(m.start(), m.end(), 80) + m.group(0)):
        return False
    return not _EMPLOYER_PAYS_CLAUSE.search(t.clause_text(m.start(), m.end()))


# --------------------------------------------------------------------------------------------
# 7b. Contact only through WhatsApp / Telegram / Signal

_APPS = r"(?:WhatsApp|Telegram|Signal)"
_PHONE = r"(?:\+|00|0)\d[\d\s-]{6,16}\d"
_MESSAGING = _alts(
    rf"\b(?:apply|applications?|solliciteer|solliciteren|reageer|reageren)\b[^.;\n]{{0,30}}?\b(?:via|on|through|by|over|op|per|using|met)\s+{_APPS}\b",
    rf"\b(?:contact|reach|message|text|call|app|write\s+to|send)\s+(?:us|me|ons|mij|our\s+[\w-]{{1,20}}|the\s+recruiter|HR)\b[^.;\n]{{0,30}}?\b(?:via|on|through|by|over|op|per|using)\s+{_APPS}\b",
    rf"\b(?:send|stuur|sturen)\s+(?:us\s+|ons\s+)?(?:your|je|jouw|uw|a|een)\s+(?:CV|resume|résumé|application|sollicitatie|motivation|motivatie|bericht|message)\b[^.;\n]{{0,30}}?\b(?:via|on|through|to|naar|op|per|over)\s+(?:(?:our|ons)\s+)?{_APPS}\b",
    rf"\b(?:neem|nemen)\s+contact\s+(?:met\s+(?:ons|mij)\s+)?op\s+(?:via|per)\s+{_APPS}\b",
    rf"\b(?:only|alleen|uitsluitend|exclusively)\s+(?:via|on|through|by|over|op|per)\s+{_APPS}\b",
    rf"\b(?:via|on|through|over|op|per)\s+{_APPS}\s+(?:only|alleen|uitsluitend)\b",
    r"\b(?:WhatsApp|Telegram)\s+(?:us|me|ons|mij)\b|\bapp\s+(?:ons|mij)\b|\bstuur\s+(?:ons\s+|een\s+)*appje\b",
    rf"\b{_APPS}(?:\s+(?:only|us|me|ons|mij|naar|alleen))?\s*(?:[:(]\s*)?{_PHONE}",
    rf"{_PHONE}\s*\(?\s*(?:via\s+|on\s+|op\s+|alleen\s+|only\s+)?{_APPS}\b",
    rf"\b(?:WhatsApp|Telegram)\b[^.;\n]{{0,30}}?{_PHONE}",
    rf"\b(?:Telegram|Signal)\s*:?\s*@\w{{2,40}}",
    r"\b(?:t\.me|telegram\.me|wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|signal\.me)/[\w/?=&#.+-]{1,80}",
)

# --------------------------------------------------------------------------------------------
# 7c. ID copies, citizen service numbers, bank details

_ID_COPY = _alts(
    r"\b(?:copy|copies|scan|photo|picture|image|kopie|foto)\s+(?:(?:of|van)\s+)?(?:(?:your|a|the|je|jouw|uw|een|het)\s+)?(?:valid\s+|geldig(?:e)?\s+)?(?:passport|ID(?:[- ]card)?|identity\s+(?:card|document)|identification|driver['’]?s\s+licen[cs]e|driving\s+licen[cs]e|residence\s+permit|paspoort|identiteitsbewijs|identiteitskaart|ID-bewijs|ID-kaart|legitimatie(?:bewijs)?|verblijfsvergunning)\b",
    r"\b(?:passport|ID|paspoort|identiteitsbewijs|ID-bewijs)[- ]?(?:copy|scan|kopie|photo|foto)\b|\bID-kopie\b",
    r"\bsend\s+(?:us\s+)?(?:your|a)\s+passport\b|\b(?:stuur|stuurt)\s+(?:ons\s+)?(?:je|jouw|uw)\s+(?:paspoort|ID|identiteitsbewijs)\b",
)
_BANK = _alts(
    r"\bbank\s*(?:account\s*)?(?:details|number|information|info|data)\b|\bbank\s+account\b|\bbankgegevens\b|\bbankrekening(?:nummer)?\b|\brekeningnummer\b",
    r"\bIBAN(?:[- ]?nummer|\s+number)?\b|\bcredit\s*card(?:\s+(?:details|number|info))?\b|\bcreditcard(?:gegevens|nummer)?\b|\bdebit\s+card\b|\bbankpas\b|\bpinpas\b|\bpincode\b|\bPIN\s+code\b",
    r"\bBSN(?:[- ]?nummer)?\b|\bburgerservicenummer\b|\bcitizen\s+service\s+number\b|\bsocial\s+security\s+number\b|\bsofi[- ]?nummer\b",
    r"\bDigiD[- ]?(?:code|login|inlog\w{0,6}|wachtwoord|password|gegevens)\b",
)
_TECH_CONTEXT = _rx(
    r"\b(?:SEPA|PSD2|PCI(?:[- ]DSS)?|APIs?|ISO\s?20022|KYC|AML|BRP|eHerkenning|GDPR|AVG|privacy)\b",
    r"\bvalidat\w{0,6}|\bpayments?\s+(?:flows?|processing|systems?|platforms?|providers?|integrations?|services?)\b|\bbetaalverkeer\b|\bbetaalsystem\w{0,4}|\bintegrat\w{0,6}|\btokeni[sz]\w{0,6}",
    r"\bfraud\w{0,6}|\bfraude\w{0,6}|\bverwerk\w{0,6}|\bprocessing\b|\bencrypt\w{0,6}|\bversleutel\w{0,6}|\bpseudonymi[sz]\w{0,6}|\banonymi[sz]\w{0,6}|\bdatabases?\b|\bbasisregistratie\w{0,3}|\bkoppeling\w{0,3}|\bsoftware\b|\bsystems\b",
)
_HELP_CONTEXT = _rx(
    r"\bhelp\w{0,4}|\bassist\w{0,6}|\bsupport\w{0,4}|\bondersteun\w{0,6}|\bhelpen\b|\bhelpt\b|\bregel\w{0,4}|\barrang\w{0,6}|\bobtain\w{0,4}|\baanvra\w{0,4}|\bkrijg\w{0,3}",
    r"\bopen(?:ing)?\s+(?:a|an|your|je|een)\b|\brelocation\b|\bverhuiz\w{0,4}|\bfirst\s+(?:working\s+)?day\b|\beerste\s+(?:werk)?dag\b|\bonce\s+hired\b|\bafter\s+(?:hiring|you\s+are\s+hired|signing)\b|\bwhen\s+you\s+start\b|\bbij\s+indiensttreding\b|\bna\s+(?:ondertekening|indiensttreding)\b",
)


def _id_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    return not _HELP_CONTEXT.search(t.clause_text(m.start(), m.end()))


def _bank_accept(t: _Text, m: re.Match[str], v: Mapping[str, Any]) -> bool:
    clause = t.clause_text(m.start(), m.end())
    return not (_TECH_CONTEXT.search(clause) or _HELP_CONTEXT.search(clause))


# --------------------------------------------------------------------------------------------
# 7d. Free-mail addresses

_FREE_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com hotmail.com hotmail.nl hotmail.be hotmail.de hotmail.co.uk outlook.com outlook.nl
    outlook.be outlook.de live.com live.nl live.be live.de live.co.uk msn.com yahoo.com ymail.com rocketmail.com
    icloud.com me.com mac.com proton.me protonmail.com protonmail.ch pm.me tutanota.com tuta.io mail.com aol.com
    gmx.com gmx.net gmx.de gmx.nl yandex.com yandex.ru mail.ru web.de t-online.de zoho.com inbox.com email.com
    ziggo.nl kpnmail.nl kpnplanet.nl planet.nl home.nl xs4all.nl hetnet.nl chello.nl casema.nl upcmail.nl
    quicknet.nl online.nl tele2.nl telfort.nl zonnet.nl freeler.nl wanadoo.nl caiway.nl solcon.nl onsbrabantnet.nl""".split()
)
_FREE_MAIL_FAMILY = re.compile(
    r"^(?:gmx|yahoo|hotmail|outlook|live|ymail|yandex|gmail)\.(?:com|net|org|nl|de|be|fr|es|it|at|ch|eu|ie|pl|co\.uk|com\.\w\w|co\.\w\w)$"
)
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}")


def is_free_mail(address: str) -> bool:
    """True when the address is at a free-mail or consumer ISP domain (gmail.com, ziggo.nl, ...)."""
    _, at, domain = address.strip().rpartition("@")
    if not at:
        return False
    domain = domain.strip().rstrip(".").lower()
    return domain in _FREE_MAIL_DOMAINS or _FREE_MAIL_FAMILY.match(domain) is not None


# --------------------------------------------------------------------------------------------
# 7e. Implausible pay in the text

_PERIOD = r"(?:\s*(?:gross|net|bruto|netto))?\s*(?:(?:per|a|an|each|every|in\s+(?:de|the)|/|p\.?\s?/?)\s*(?P<unit>hour|hr|uur|day|dag|week|wk|month|maand|mnd|mo|year|yr|jaar|annum)\b|(?P<adv>hourly|daily|weekly|monthly|yearly|annually))"
_TEXT_PAY = re.compile(
    rf"(?:\b(?:earn|earning|verdien|verdienen|make|making)\s+(?:up\s+to\s+|tot\s+|wel\s+|over\s+|more\s+than\s+|meer\s+dan\s+)?)?(?P<amount>{_AMOUNT}){_PERIOD}",
    re.IGNORECASE,
)
_HYPE = _rx(
    r"\beasy\s+money\b|\bquick\s+money\b|\bfast\s+money\b|\bget\s+rich\b|\bguaranteed\s+(?:income|earnings|salary)\b|\bpassive\s+income\b|\bunlimited\s+earnings\b",
    r"\bsnel\s+geld\b|\bmakkelijk\s+geld\b|\bgemakkelijk\s+geld\b|\bgegarandeerd\s+inkomen\b|\bpassief\s+inkomen\b|\bonbeperkt\s+verdienen\b",
)
_NO_EXPERIENCE = _rx(
    r"\bno\s+(?:prior\s+)?experience\s+(?:needed|required|necessary)\b|\bwithout\s+(?:any\s+)?experience\b|\bgeen\s+ervaring\s+(?:nodig|vereist)\b|\bzonder\s+ervaring\b"
)
_NOT_PAY_CONTEXT = _rx(
    r"\bbudget\w{0,3}|\brevenue\b|\bturnover\b|\bomzet\b|\bfunding\b|\binvest\w{0,6}|\bsubsid\w{0,4}|\bgrants?\b|\bcosts?\b|\bkosten\b|\brent\b|\bhuur\b|\bfees?\b|\bdeposit\b|\bprice\w{0,2}|\bprijs\w{0,2}|\bspend\w{0,3}|\bcontract\s+value\b",
)
_MILLIONS_AFTER = re.compile(r"\s*(?:million|mln|miljoen|billion|miljard|m\b|bn\b|mio\b)", re.IGNORECASE)


def _parse_amount(raw: str) -> float | None:
    s = re.sub(r"(?i)€|eur(?:os?)?|euros?|,-", "", raw)
    s = re.sub(r"\s", "", s)
    thousands = 1
    if s[-1:].lower() == "k":
        thousands = 1000
        s = s[:-1]
    s = s.rstrip(".,")
    m = re.fullmatch(r"(\d{1,9}(?:([.,])\d{3})?(?:\2\d{3}){0,3})(?:[.,](\d{1,2}))?", s)
    if m is None:
        return None
    whole = int(re.sub(r"[.,]", "", m.group(1)))
    cents = m.group(3)
    value = whole + (int(cents) / (10 ** len(cents)) if cents else 0)
    return value * thousands


def _unit_of(m: re.Match[str]) -> str:
    word = (m.group("unit") or m.group("adv") or "").lower()
    if word in {"hour", "hr", "uur", "hourly"}:
        return "hour"
    if word in {"day", "dag", "daily"}:
        return "day"
    if word in {"week", "wk", "weekly"}:
        return "week"
    if word in {"month", "maand", "mnd", "mo", "monthly"}:
        return "month"
    return "year"


def _text_pay_findings(t: _Text) -> list[tuple[int, int, str, dict[str, Any]]]:
    out: list[tuple[int, int, str, dict[str, Any]]] = []
    text = t.text
    no_experience = _NO_EXPERIENCE.search(text) is not None
    for m in _TEXT_PAY.finditer(text):
        amount_text = m.group("amount")
        if _MILLIONS_AFTER.match(text, m.start("amount") + len(amount_text)):
            continue
        clause = t.clause_text(m.start(), m.end())
        if _NOT_PAY_CONTEXT.search(clause):
            continue
        amount = _parse_amount(amount_text)
        if amount is None or amount <= 0:
            continue
        unit = _unit_of(m)
        if unit == "hour":
            implausible = amount > MAX_PLAUSIBLE_HOURLY
            monthly = amount * FULL_TIME_HOURS * 52 / 12
        elif unit == "day":
            implausible = amount > MAX_PLAUSIBLE_HOURLY * 8
            monthly = amount * 5 * 52 / 12
        else:
            monthly = {"week": amount * 52 / 12, "month": amount, "year": amount / 12}[unit]
            implausible = monthly > MAX_PLAUSIBLE_MONTHLY or (
                monthly >= HYPE_MONTHLY and (no_experience or unit == "week")
            )
        if implausible:
            out.append((m.start(), m.end(), "text-high", {"monthly": monthly}))
    for m in _HYPE.finditer(text):
        if not t.negated(m.start(), m.end()):
            out.append((m.start(), m.end(), "hype", {}))
    return out


# --------------------------------------------------------------------------------------------
# The rule table

_RULES: tuple[_Rule, ...] = (
    _Rule("native-speaker", "native", _NATIVE, _NATIVE_SOFTENERS, accept=_native_accept, cut_at_language=True),
    _Rule("age-coded", "young", _AGE_YOUNG, accept=_age_young_accept),
    _Rule("age-coded", "graduate", _AGE_GRADUATE, accept=_age_graduate_accept),
    _Rule("age-coded", "limit", _AGE_LIMIT, _AGE_NEGATION_CONTEXT, negatable=False, accept=_age_limit_accept),
    _Rule("age-coded", "digital-native", _AGE_OTHER),
    _Rule("age-coded", "overqualified", _AGE_OVERQUALIFIED, negatable=False),
    _Rule("gender-coded", "pronoun", _GENDER_PRONOUN, negatable=False),
    _Rule("gender-coded", "title", _GENDER_TITLE, negatable=False, accept=_single_letter_title_accept),
    _Rule("gender-coded", "title", _GENDER_TITLE_WORD, negatable=False),
    _Rule("gender-coded", "man-word", _GENDER_MAN, negatable=False),
    _Rule("gender-coded", "hype", _GENDER_HYPE, accept=_hype_accept),
    _Rule("gender-coded", "agentic", _GENDER_AGENTIC),
    _Rule("diploma-centred", "degree", _DIPLOMA, _DIPLOMA_SOFTENERS, accept=_diploma_accept),
    _Rule("scam-fee", "fee", _FEE, accept=_fee_accept, segment=False),
    _Rule("scam-messaging-only", "messaging", _MESSAGING, segment=False),
    _Rule("scam-id-or-bank", "id", _ID_COPY, accept=_id_accept, segment=False),
    _Rule("scam-id-or-bank", "bank", _BANK, accept=_bank_accept, segment=False),
)
_DUTCH_RULE = _Rule("dutch-required-in-text", "dutch", _DUTCH_REQUIRED, _DUTCH_SOFTENERS, cut_at_language=True)


# --------------------------------------------------------------------------------------------
# A Dutch requirement with a level, when the vacancy asks Dutch from the start: patterns and
# messages are data (vacancy_checker_dutch_level.yaml, beside this file).

def _load_dutch_level() -> dict[str, Any]:
    import yaml

    with open(Path(__file__).with_name("vacancy_checker_dutch_level.yaml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


_DUTCH_LEVEL_DATA = _load_dutch_level()
_LEVEL_IN_PHRASE = re.compile(r"\b(A2|B1|B2|C1|C2)\b", re.IGNORECASE)


def _dutch_at_start(_t: _Text, _m: re.Match[str], v: Mapping[str, Any]) -> bool:
    return not _dutch_level_none(v) and _code(v.get("dutch_timing")) != "within_12_months"


_DUTCH_LEVEL_RULE = _Rule(
    _DUTCH_LEVEL_DATA["code"],
    "level",
    _alts(*(p for lang in ("en", "nl") for p in _DUTCH_LEVEL_DATA["patterns"][lang])),
    _rx(*(p for lang in ("en", "nl") for p in _DUTCH_LEVEL_DATA["softeners"][lang])),
    accept=_dutch_at_start,
    cut_at_language=True,
    extra=lambda v: {"level": str(_code(v.get("dutch_level")) or "")},
)
assert _DUTCH_LEVEL_RULE.code in CODES
_RULES = _RULES + (_DUTCH_LEVEL_RULE,)


def _dutch_level_messages(phrase: str, extra: Mapping[str, Any]) -> tuple[str, str, str, str]:
    found = _LEVEL_IN_PHRASE.search(phrase)
    level = found.group(1).upper() if found else extra.get("level") or "B1"
    values = {"phrase": " ".join(phrase.split()), "level": level}
    data = _DUTCH_LEVEL_DATA
    return (data["message"]["en"].format(**values), data["message"]["nl"].format(**values),
            data["suggestion"]["en"].format(**values), data["suggestion"]["nl"].format(**values))


# --------------------------------------------------------------------------------------------
# Messages: why it matters (en/nl) and a concrete rewrite (en/nl)


def _q(phrase: str) -> str:
    return f"'{' '.join(phrase.split())}'"


def _messages(code: str, kind: str, phrase: str, extra: Mapping[str, Any]) -> tuple[str, str, str, str]:
    p = _q(phrase)
    if code == _DUTCH_LEVEL_RULE.code:
        return _dutch_level_messages(phrase, extra)
    if code == "dutch-required-in-text":
        return (
            f"{p} reads as a Dutch-language requirement, but this vacancy is marked 'Dutch not required'. "
            "Internationals who filter on English-only jobs will find it and then be unsure whether to apply.",
            f"{p} leest als een eis om Nederlands te spreken, maar deze vacature staat op 'Nederlands niet nodig'. "
            "Internationals die op Engelstalige banen zoeken, vinden de vacature en twijfelen dan of ze mogen reageren.",
            "If Dutch is not needed to start, remove it or write 'Dutch is a plus, not a requirement'. "
            "If it is needed, set the Dutch level (for example B1, or 'within 12 months') so the vacancy reaches the right people.",
            "Is Nederlands bij de start niet nodig, haal het dan weg of schrijf 'Nederlands is een pré, geen eis'. "
            "Is het wel nodig, kies dan het niveau Nederlands (bijvoorbeeld B1, of 'binnen 12 maanden') zodat de juiste mensen de vacature zien.",
        )
    if code == "native-speaker":
        dutch = re.search(r"dutch|nederlands", phrase, re.IGNORECASE) is not None
        level_en, level_nl = ("'Dutch at B2 level'", "'Nederlands op B2-niveau'") if dutch else ("'English at C1 level'", "'Engels op C1-niveau'")
        return (
            f"{p} asks where someone grew up rather than how well they speak. It shuts out fluent speakers who learned "
            "the language later, and asking for a native speaker can count as discrimination on origin under Dutch equal-treatment law.",
            f"{p} vraagt waar iemand is opgegroeid in plaats van hoe goed iemand de taal spreekt. Zo sluit u mensen uit die de taal "
            "later vloeiend hebben geleerd, en vragen om een moedertaalspreker kan volgens de Algemene wet gelijke behandeling discriminatie op afkomst zijn.",
            f"Ask for the level you need on the European (CEFR) scale, for example {level_en}, and say what the person does with it: "
            "'you write clear documentation and talk to customers'.",
            f"Vraag om het niveau dat nodig is op de Europese (ERK/CEFR) schaal, bijvoorbeeld {level_nl}, en zeg wat iemand ermee doet: "
            "'je schrijft heldere documentatie en praat met klanten'.",
        )
    if code == "age-coded":
        why_en = (
            f"{p} suggests you are looking for a certain age. Dutch law forbids age requirements in job adverts unless they are "
            "objectively justified, and this wording puts off experienced people and career changers."
        )
        why_nl = (
            f"{p} wekt de indruk dat u iemand van een bepaalde leeftijd zoekt. Leeftijdseisen in vacatures zijn wettelijk verboden "
            "tenzij ze objectief gerechtvaardigd zijn, en deze woorden schrikken ervaren mensen en zij-instromers af."
        )
        suggestions = {
            "young": (
                "Describe the team and the work instead of the age, for example: 'a small team that ships often and likes to try new things'.",
                "Beschrijf het team en het werk in plaats van de leeftijd, bijvoorbeeld: 'een klein team dat vaak oplevert en graag nieuwe dingen uitprobeert'.",
            ),
            "graduate": (
                "Describe the level instead: 'This role suits someone at the start of their IT career, including career changers.'",
                "Beschrijf het niveau: 'Deze functie past bij iemand aan het begin van een ICT-loopbaan, ook zij-instromers.'",
            ),
            "limit": (
                "Remove the age limit. If you need a certain level, describe the experience: 'You have up to two years of experience with ...'.",
                "Haal de leeftijdsgrens weg. Zoekt u een bepaald niveau, beschrijf dan de ervaring: 'Je hebt tot twee jaar ervaring met ...'.",
            ),
            "digital-native": (
                "Describe the skill: 'You are at home with digital tools and pick up new ones quickly.'",
                "Beschrijf de vaardigheid: 'Je werkt makkelijk met digitale tools en leert nieuwe snel.'",
            ),
            "overqualified": (
                "Leave it out; state the salary range and the level of the work so candidates can judge the fit themselves.",
                "Laat dit weg; noem de salarisschaal en het niveau van het werk, dan kunnen kandidaten zelf inschatten of het past.",
            ),
        }
        sug_en, sug_nl = suggestions.get(kind, suggestions["young"])
        return why_en, why_nl, sug_en, sug_nl
    if code == "gender-coded":
        if kind == "pronoun":
            return (
                f"{p} assumes the new colleague is a man. Women and non-binary readers are less likely to apply when the text speaks of 'he'.",
                f"{p} gaat ervan uit dat de nieuwe collega een man is. Vrouwen en non-binaire lezers reageren minder snel als de tekst 'hij' zegt.",
                "Write to the reader directly: 'you will ...', 'your team ...'.",
                "Spreek de lezer direct aan: 'je gaat ...', 'jouw team ...'.",
            )
        if kind == "title":
            return (
                f"{p} makes the job title look as if only one gender is wanted. Dutch equal-treatment law requires job adverts to be open to everyone.",
                f"{p} laat de functietitel lijken alsof maar één gender gewenst is. Volgens de wet gelijke behandeling moet een vacature voor iedereen open staan.",
                "Use '(m/v/x)' or '(m/f/x)', or a gender-neutral title without the marker, e.g. 'Service desk employee'.",
                "Gebruik '(m/v/x)', of een genderneutrale titel zonder toevoeging, bijvoorbeeld 'Medewerker servicedesk'.",
            )
        if kind == "man-word":
            key = re.sub(r"[\s-]", "", phrase.lower())
            key = re.sub(r"men$", "man", key) if key not in _MAN_WORDS else key
            key = {"vakmannen": "vakman"}.get(key, key)
            alt_en, alt_nl = _MAN_WORDS.get(key, ("a gender-neutral word", "een genderneutraal woord"))
            return (
                f"{p} is a masculine word for a job or for people. Gender-neutral words make it clear that everyone is welcome.",
                f"{p} is een mannelijk woord voor een functie of voor mensen. Met genderneutrale woorden is duidelijk dat iedereen welkom is.",
                f"Use a gender-neutral word: '{alt_en}'.",
                f"Gebruik een genderneutraal woord: '{alt_nl}'.",
            )
        if kind == "hype":
            return (
                f"{p} is masculine-coded jargon: research on job adverts shows such words put off women and anyone who would not call themselves that, without telling them what the job needs.",
                f"{p} is stoer jargon met een mannelijke lading: onderzoek naar vacatureteksten laat zien dat zulke woorden vrouwen en bescheiden kandidaten afschrikken, terwijl ze niets zeggen over wat de functie vraagt.",
                "Say what you mean: 'an experienced Python developer' or 'an expert in cloud networking'.",
                "Zeg wat u bedoelt: 'een ervaren Python-ontwikkelaar' of 'een expert in cloudnetwerken'.",
            )
        return (
            f"{p} is a masculine-coded word: research on job adverts shows it makes women less likely to apply, while it says little about the work.",
            f"{p} heeft een mannelijke lading: onderzoek naar vacatureteksten laat zien dat vrouwen daardoor minder snel reageren, terwijl het weinig zegt over het werk.",
            "Describe the behaviour you need: 'takes initiative', 'decisive', 'persuasive with customers'.",
            "Beschrijf het gedrag dat u zoekt: 'neemt initiatief', 'besluitvaardig', 'kan klanten overtuigen'.",
        )
    if code == "diploma-centred":
        return (
            f"{p} puts a diploma first. It screens out career changers, self-taught developers and internationals whose degree is "
            "hard to compare, even when they have the skills; employers in the north find hiring career changers and skills-based "
            "recruitment the most effective ways to fill ICT vacancies.",
            f"{p} zet een diploma voorop. Daarmee vallen zij-instromers, selfmade ontwikkelaars en internationals met een lastig te "
            "vergelijken diploma af, ook als ze de vaardigheden hebben; werkgevers in het noorden vinden het werven van zij-instromers "
            "en werven op vaardigheden juist het meest effectief om ICT-vacatures te vullen.",
            f"Instead of {p}, say what the person must be able to do, for example: 'You can design and build REST APIs in Python.' "
            "Add 'or equivalent experience', and say that career changers are welcome and that eagerness to learn counts.",
            f"Schrijf in plaats van {p} op wat iemand moet kunnen, bijvoorbeeld: 'Je kunt REST-API's ontwerpen en bouwen in Python.' "
            "Voeg 'of vergelijkbare ervaring' toe, en vermeld dat zij-instromers welkom zijn en dat leergierigheid telt.",
        )
    if code == "no-salary":
        return (
            "No salary range is given. Under the EU Pay Transparency Directive (2023/970), from June 2026 applicants must be told "
            "the starting pay or its range before the interview; internationals also need it to check whether the job meets the "
            "salary criterion for a highly skilled migrant residence permit.",
            "Er staat geen salaris bij. Volgens de Europese richtlijn loontransparantie (2023/970) moeten sollicitanten vanaf juni 2026 "
            "vóór het gesprek het startsalaris of de salarisschaal weten; internationals hebben het ook nodig om te zien of de baan "
            "voldoet aan het salariscriterium voor een verblijfsvergunning als kennismigrant.",
            "Add a gross range and period, for example '€3,400 – €4,600 gross per month'.",
            "Vul een bruto salarisschaal en periode in, bijvoorbeeld '€ 3.400 – € 4.600 bruto per maand'.",
        )
    if code == "scam-fee":
        return (
            f"{p} asks applicants to pay. Charging job seekers (fees, deposits, paid training or visa costs) is the most common job "
            "scam, and Dutch law does not allow charging a job seeker for finding them work. A moderator will review this vacancy before it is published.",
            f"{p} vraagt sollicitanten om te betalen. Geld vragen aan werkzoekenden (inschrijfgeld, borg, betaalde cursus of visumkosten) "
            "is de meest voorkomende vacaturefraude, en de wet staat niet toe dat een werkzoekende betaalt voor bemiddeling naar werk. "
            "Een medewerker van het loket bekijkt de vacature voordat die online komt.",
            "Remove any cost for applicants. If you pay for training or the visa yourself, say so: 'We pay for your training and visa.'",
            "Haal alle kosten voor sollicitanten weg. Betaalt u zelf de opleiding of het visum, zeg dat dan: 'Wij betalen je opleiding en visum.'",
        )
    if code == "scam-messaging-only":
        return (
            f"{p} sends applicants to a chat app. Vacancies that can only be answered by WhatsApp, Telegram or Signal are a "
            "common scam pattern: there is no company address to check and no record of what was promised. A moderator will review this vacancy.",
            f"{p} stuurt sollicitanten naar een chat-app. Vacatures waarop je alleen via WhatsApp, Telegram of Signal kunt reageren "
            "zijn een bekend fraudepatroon: er is geen bedrijfsadres om te controleren en niets staat op papier. Een medewerker van het loket bekijkt deze vacature.",
            "Let people apply through your company website or a company e-mail address; a phone number for questions is fine.",
            "Laat mensen solliciteren via de website van uw bedrijf of een zakelijk e-mailadres; een telefoonnummer voor vragen is prima.",
        )
    if code == "scam-id-or-bank":
        return (
            f"{p} asks for identity or bank details in the application. Scammers collect passport copies, citizen service numbers "
            "(BSN) and bank details for identity fraud; a real employer needs them only after hiring, with the contract. A moderator will review this vacancy.",
            f"{p} vraagt om identiteits- of bankgegevens bij de sollicitatie. Oplichters verzamelen kopieën van paspoorten, "
            "burgerservicenummers (BSN) en bankgegevens voor identiteitsfraude; een echte werkgever heeft ze pas na aanname nodig, bij het contract. "
            "Een medewerker van het loket bekijkt deze vacature.",
            "Remove it from the application. Ask for ID and bank details on the first working day, with the contract paperwork.",
            "Haal dit uit de sollicitatie. Vraag om ID en bankgegevens op de eerste werkdag, bij het tekenen van het contract.",
        )
    if code == "scam-free-mail":
        return (
            f"{p} is a free-mail address that cannot be linked to your company, so applicants (and the loket) cannot check who they "
            "are writing to; scammers use such addresses for exactly that reason. A moderator will review this vacancy.",
            f"{p} is een gratis e-mailadres dat niet aan uw bedrijf te koppelen is; sollicitanten (en het loket) kunnen niet nagaan "
            "aan wie ze schrijven, en oplichters gebruiken zulke adressen juist daarom. Een medewerker van het loket bekijkt deze vacature.",
            "Use an address at your company's own domain, for example jobs@yourcompany.nl.",
            "Gebruik een adres op het eigen domein van uw bedrijf, bijvoorbeeld vacatures@uwbedrijf.nl.",
        )
    # scam-implausible-pay
    monthly = extra.get("monthly")
    m_en, m_nl = _euro(monthly)
    period = extra.get("period")
    per_en = {"hour": "an hour", "month": "a month", "year": "a year"}.get(period, "")
    per_nl = {"hour": "per uur", "month": "per maand", "year": "per jaar"}.get(period, "")
    amount_en, amount_nl = _euro(float(phrase)) if phrase.isdigit() else (p, p)
    reviewed_en = " A moderator will review this vacancy before it is published."
    reviewed_nl = " Een medewerker van het loket bekijkt de vacature voordat die online komt."
    if kind == "low":
        same = period == "month" and phrase.isdigit() and monthly is not None and abs(monthly - int(phrase)) < 1
        comes_en = " for a full-time job" if same else f" (about {m_en} a month for a full-time job)"
        comes_nl = " voor een voltijdbaan" if same else f" (ongeveer {m_nl} per maand voor een voltijdbaan)"
        return (
            f"A salary of {amount_en} {per_en}{comes_en} is implausibly low: far below the Dutch statutory minimum wage."
            + reviewed_en,
            f"Een salaris van {amount_nl} {per_nl}{comes_nl} is onwaarschijnlijk laag: ver onder het wettelijk minimumloon."
            + reviewed_nl,
            "Check the amount and the period (hour, month or year), and state the real gross range, for example '€3,200 – €4,400 gross per month'.",
            "Controleer het bedrag en de periode (uur, maand of jaar) en noem de echte bruto salarisschaal, bijvoorbeeld '€ 3.200 – € 4.400 bruto per maand'.",
        )
    if kind == "hourly-high":
        return (
            f"An hourly rate of {amount_en} is far above what ICT work in the north pays (more than €{MAX_PLAUSIBLE_HOURLY} an hour); "
            "unrealistically high pay is the most common lure in job scams." + reviewed_en,
            f"Een uurloon van {amount_nl} ligt ver boven wat ICT-werk in het noorden betaalt (meer dan € {MAX_PLAUSIBLE_HOURLY} per uur); "
            "een onrealistisch hoog bedrag is het bekendste lokmiddel van nepvacatures." + reviewed_nl,
            "Check the amount and the period; if this is a monthly or yearly amount, choose that period.",
            "Controleer het bedrag en de periode; is dit een maand- of jaarbedrag, kies dan die periode.",
        )
    if kind == "monthly-high":
        hint_en = " If this is a yearly salary, set the period to 'year'." if period == "month" else ""
        hint_nl = " Is dit een jaarsalaris, kies dan 'jaar' als periode." if period == "month" else ""
        about_en = "" if period == "month" else f", about {m_en} a month,"
        about_nl = "" if period == "month" else f", ongeveer {m_nl} per maand,"
        return (
            f"A salary of {amount_en} {per_en}{about_en} is far above what ICT jobs in the north pay; "
            "unrealistically high pay is the most common lure in job scams." + reviewed_en,
            f"Een salaris van {amount_nl} {per_nl}{about_nl} ligt ver boven wat ICT-banen in het noorden "
            "betalen; een onrealistisch hoog salaris is het bekendste lokmiddel van nepvacatures." + reviewed_nl,
            "State the real gross salary range and its period, for example '€3,200 – €4,400 gross per month'." + hint_en,
            "Noem de echte bruto salarisschaal en de periode, bijvoorbeeld '€ 3.200 – € 4.400 bruto per maand'." + hint_nl,
        )
    if kind == "hype":
        return (
            f"{p} promises easy or guaranteed money; that is the language of job scams, not of real vacancies." + reviewed_en,
            f"{p} belooft makkelijk of gegarandeerd geld; zo klinken nepvacatures, geen echte." + reviewed_nl,
            "Describe the work and the real gross salary range, for example '€3,200 – €4,400 gross per month'.",
            "Beschrijf het werk en de echte bruto salarisschaal, bijvoorbeeld '€ 3.200 – € 4.400 bruto per maand'.",
        )
    # "text-high": an amount in the text
    return (
        f"{p} comes to about {m_en} a month, far above what ICT jobs in the north pay (or promised without any experience); "
        "unrealistically high pay is the most common lure in job scams." + reviewed_en,
        f"{p} komt neer op ongeveer {m_nl} per maand, ver boven wat ICT-banen in het noorden betalen (of beloofd zonder ervaring); "
        "een onrealistisch hoog bedrag is het bekendste lokmiddel van nepvacatures." + reviewed_nl,
        "Remove the promise and state the real gross salary range in the salary fields, for example '€3,200 – €4,400 gross per month'.",
        "Haal de belofte weg en vul de echte bruto salarisschaal in bij de salarisvelden, bijvoorbeeld '€ 3.200 – € 4.400 bruto per maand'.",
    )


def _euro(amount: float | None) -> tuple[str, str]:
    """An amount as '€12,345' (English) and '€ 12.345' (Dutch)."""
    if amount is None:
        return "", ""
    en = f"€{amount:,.0f}"
    return en, "€ " + en[1:].replace(",", ".")


# --------------------------------------------------------------------------------------------
# The checker


def _field_text(v: Mapping[str, Any], name: str) -> str:
    value = v.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return "\n".join(value)
    return str(value)


def _matches(rule: _Rule, t: _Text, v: Mapping[str, Any]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for pattern in rule.patterns:
        for m in pattern.finditer(t.text):
            if m.end() == m.start():
                continue
            if rule.accept is not None and not rule.accept(t, m, v):
                continue
            if rule.softeners is not None:
                if rule.segment:
                    where = t.scope(m.start(), m.end(), cut_at_language=rule.cut_at_language)
                else:
                    where = t.clause_text(m.start(), m.end())
                if rule.softeners.search(where):
                    continue
            if rule.negatable and t.negated(m.start(), m.end(), segment=rule.segment):
                continue
            found.append((m.start(), m.end()))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and trailing punctuation from a span (keeps it a verbatim slice)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _non_overlapping(spans: Sequence[tuple[int, int, str, dict[str, Any]]]) -> list[tuple[int, int, str, dict[str, Any]]]:
    """Merge overlapping spans of one code into one phrase; the kind is that of the longest span."""
    merged: list[tuple[int, int, str, dict[str, Any]]] = []
    longest: list[int] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if merged and span[0] < merged[-1][1]:
            start, end, kind, extra = merged[-1]
            if span[1] - span[0] > longest[-1]:
                kind, extra, longest[-1] = span[2], span[3], span[1] - span[0]
            merged[-1] = (start, max(end, span[1]), kind, extra)
            continue
        merged.append(span)
        longest.append(span[1] - span[0])
    return merged


def check_vacancy(v: Mapping[str, Any]) -> list[Finding]:
    """Check one vacancy; findings ordered by field (FIELD_ORDER) and position, without duplicates."""
    raw: list[tuple[int, int, str, str, int, int, dict[str, Any]]] = []  # (field rank, start, code, kind, end, order, extra)

    def add(field: str, start: int, end: int, code: str, kind: str, extra: dict[str, Any] | None = None) -> None:
        raw.append((_FIELD_RANK[field], start, code, kind, end, len(raw), extra or {}))

    dutch_none = _dutch_level_none(v)
    texts: dict[str, str] = {}
    for field in TEXT_FIELDS:
        text = _field_text(v, field)
        texts[field] = text
        if not text.strip():
            continue
        t = _Text(field, text)
        rules = ((_DUTCH_RULE,) if dutch_none else ()) + _RULES
        by_code: dict[str, list[tuple[int, int, str, dict[str, Any]]]] = {}
        for rule in rules:
            if field not in rule.fields:
                continue
            extra = rule.extra(v) if rule.extra is not None else {}
            for start, end in _matches(rule, t, v):
                by_code.setdefault(rule.code, []).append((start, end, rule.kind, dict(extra)))
        for m in _EMAIL_IN_TEXT.finditer(text):
            if is_free_mail(m.group(0)):
                by_code.setdefault("scam-free-mail", []).append((m.start(), m.end(), "free-mail", {}))
        for start, end, kind, extra in _text_pay_findings(t):
            by_code.setdefault("scam-implausible-pay", []).append((start, end, kind, extra))
        for code, spans in by_code.items():
            for start, end, kind, extra in _non_overlapping(spans):
                start, end = _trim(text, start, end)
                if end > start:
                    add(field, start, end, code, kind, extra)

    _check_salary(v, add)

    apply_url = _field_text(v, "apply_url")
    if apply_url:
        texts["apply_url"] = apply_url
        spans = [(m.start(), m.end(), "messaging", {}) for pattern in _MESSAGING for m in pattern.finditer(apply_url)]
        for start, end, kind, _extra in _non_overlapping(spans):
            add("apply_url", start, end, "scam-messaging-only", kind)
    for field in ("apply_email", "contact_email"):
        address = _field_text(v, field)
        texts[field] = address
        if address.strip() and is_free_mail(address):
            start, end = _trim(address, 0, len(address))
            add(field, start, end, "scam-free-mail", "free-mail")

    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for rank, start, code, kind, end, _order, extra in sorted(raw, key=lambda r: (r[0], r[1], r[5])):
        field = FIELD_ORDER[rank]
        if field == "salary":
            phrase = extra.get("phrase", "")
        else:
            phrase = texts[field][start:end]
        key = (code, " ".join(phrase.casefold().split()))
        if key in seen:
            continue
        seen.add(key)
        msg_en, msg_nl, sug_en, sug_nl = _messages(code, kind, phrase, extra)
        findings.append(Finding(code, CODES[code], phrase, field, msg_en, msg_nl, sug_en, sug_nl))
    return findings


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _check_salary(v: Mapping[str, Any], add: Callable[..., None]) -> None:
    salary_min = _int_or_none(v.get("salary_min"))
    salary_max = _int_or_none(v.get("salary_max"))
    if salary_min is None and salary_max is None:
        add("salary", 0, 0, "no-salary", "missing", {"phrase": ""})
        return
    period = _code(v.get("salary_period"))
    if period not in ("hour", "month", "year"):
        return  # parse_vacancy requires a period with a salary; without one the amounts cannot be judged
    hours = _int_or_none(v.get("hours_max")) or _int_or_none(v.get("hours_min"))
    high = salary_max if salary_max is not None else salary_min
    low = salary_min if salary_min is not None else salary_max
    if period == "hour":
        if high > MAX_PLAUSIBLE_HOURLY:
            add("salary", 0, 0, "scam-implausible-pay", "hourly-high",
                {"phrase": str(high), "monthly": monthly_amount(high, period, hours), "period": period})
    else:
        monthly = monthly_amount(high, period, hours)
        if monthly is not None and monthly > MAX_PLAUSIBLE_MONTHLY:
            add("salary", 0, 0, "scam-implausible-pay", "monthly-high", {"phrase": str(high), "monthly": monthly, "period": period})
    if _code(v.get("contract")) == "internship":
        return  # an internship allowance (stagevergoeding) is legitimately low
    # Full-time equivalent of the lowest amount: part-time monthly pay is scaled up to 40 hours.
    if period == "hour":
        full_time = monthly_amount(low, period, FULL_TIME_HOURS)
    else:
        monthly_low = monthly_amount(low, period, hours) or 0
        full_time = monthly_low * FULL_TIME_HOURS / hours if hours else monthly_low
    if full_time is not None and full_time < MIN_PLAUSIBLE_FULL_TIME_MONTHLY:
        add("salary", 0, 0, "scam-implausible-pay", "low", {"phrase": str(low), "monthly": full_time, "period": period})
