"""Remove personal data from free text before it is stored (QUALITY.md, "Chat assistant"; GDPR art. 5(1)(c), 25).

`redact(text)` replaces, in English and Dutch text:

- e-mail addresses                                    → ``[e-mail]``
- IBANs of any country (ISO 13616 mod-97 check)       → ``[iban]``
- document numbers: "passport number X", "passport X", "paspoortnummer X", "ID-nummer X",
  "verblijfsvergunning X", "V-nummer X", …,
  and bare Dutch passport/ID-card numbers (``NW92BD4K1``) → ``[document]``
- phone numbers, Dutch (10 digits) and international (+ or 00) → ``[phone]``
- BSNs: 9 digits passing the elfproef                 → ``[bsn]``
- a postcode with a house number (``9711 AB 12``)     → ``[address]``

Nine-digit numbers that fail the elfproef are kept (a KvK number, a count); years, amounts,
percentages and ISCO codes are left alone. Redaction errs towards removing too much: a date
followed by a time may be mistaken for nothing, but a number written like a phone number is
always removed. `redact` is idempotent: the markers contain no digits and no "@", and the
passes are repeated until nothing changes.

Pure Python, no imports from the rest of the project.
"""
from __future__ import annotations

import re
from collections.abc import Callable

EMAIL = "[e-mail]"
PHONE = "[phone]"
BSN = "[bsn]"
IBAN = "[iban]"
DOCUMENT = "[document]"
ADDRESS = "[address]"

# --- e-mail -------------------------------------------------------------------------------

# Local part: RFC 5322 "atext" and dots; domain: labels with at least one dot.
_EMAIL_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~\-]+@[\w\-]+(?:\.[\w\-]+)+")


# --- IBAN ---------------------------------------------------------------------------------

# Lengths from the SWIFT IBAN registry (ISO 13616), by country code.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

# Where an IBAN may start: two letters and two check digits, not glued to a word.
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")
# The rest: runs of letters and digits separated by single spaces (or nothing).
_IBAN_RUN = re.compile(r"[A-Za-z0-9]+")


def iban_is_valid(candidate: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers (A=10), mod 97 == 1."""
    iban = re.sub(r"[\s\-]", "", candidate).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def _iban_ends(text: str, start: int) -> list[int]:
    """Possible end positions of an IBAN starting at `start`, longest first.

    An IBAN is written without spaces or in groups separated by single spaces or hyphens;
    every end of a run is a candidate (the text after an IBAN may be more words).
    """
    ends: list[int] = []
    pos, length = start, 0
    while True:
        run = _IBAN_RUN.match(text, pos)
        if run is None:
            break
        length += run.end() - run.start()
        if length > 34:
            break
        ends.append(run.end())
        if run.end() < len(text) and text[run.end()] in " \u00a0-" and run.end() + 1 < len(text) and text[run.end() + 1].isalnum():
            pos = run.end() + 1
        else:
            break
    return ends[::-1]


def _grouped(candidate: str) -> bool:
    """Written as one run, or in groups of four (the last one shorter): the strict form for unknown countries."""
    runs = re.split(r"[\s\-]+", candidate)
    return len(runs) == 1 or (all(len(r) == 4 for r in runs[:-1]) and 1 <= len(runs[-1]) <= 4)


def _redact_ibans(text: str) -> str:
    out: list[str] = []
    pos = 0
    while (start := _IBAN_START.search(text, pos)) is not None:
        country = text[start.start():start.start() + 2].upper()
        for end in _iban_ends(text, start.start()):
            candidate = text[start.start():end]
            if (country in IBAN_LENGTHS or _grouped(candidate)) and iban_is_valid(candidate):
                out.append(text[pos:start.start()])
                out.append(IBAN)
                pos = end
                break
        else:
            out.append(text[pos:start.end()])
            pos = start.end()
    out.append(text[pos:])
    return "".join(out)


# --- document numbers ---------------------------------------------------------------------

_DOC_KEYWORD_RE = re.compile(
    r"""
    \b(?P<label>
        # English: passport number, ID no., document nr, residence permit number, V-number …
        (?:passport|document|identity[ \t-]?card|id[ \t-]?card|id|residence[ \t-]permit|permit
           |driving[ \t-]licen[cs]e|driver'?s[ \t-]licen[cs]e|visa|v-)
        [ \t-]*(?:number|no\.?|nr\.?|nummer|\#)
      |
        # Dutch: paspoortnummer, documentnummer, ID-nummer, V-nummer, rijbewijsnummer …
        (?:paspoort|document|identiteitskaart|id-kaart|id|v|rijbewijs|verblijfsvergunning
           |verblijfsdocument|vreemdelingen|visum)-?[ \t]?(?:nummer|nr\.?)
      |
        # The document's own name, when a number follows: "passport X12345678", "verblijfsvergunning V1234567"
        (?:passport|paspoort|verblijfsvergunning|verblijfsdocument|residence[ \t-]permit|identity[ \t-]?card
           |id[ \t-]?card|id-kaart|identiteitskaart|rijbewijs|driving[ \t-]licen[cs]e|driver'?s[ \t-]licen[cs]e)
    )
    (?P<between>(?:[ \t]*(?:is|was|:|=|\#))*[ \t]*)
    (?P<value>(?=[A-Za-z0-9.\-]*\d)[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Dutch passports and ID cards since 2014: 9 characters, two letters, six letters or digits,
# a digit; the letter O is not used. Upper case only, so ordinary words stay.
_DUTCH_DOCUMENT_RE = re.compile(r"(?<![\w\-])[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9](?![\w\-])")


def _keyword_document(match: re.Match[str]) -> str:
    if len(match["value"]) < 5:
        return match[0]
    return f"{match['label']}{match['between']}{DOCUMENT}"


# --- phone numbers ------------------------------------------------------------------------

# Between two digits: a space, a dash (with spaces), a dot, a slash, a bracket or "(0)".
_SEP = r"(?:[ \t]?-[ \t]?|\.|/|[ \t]|[ \t]?\(0\)[ \t]?|[ \t]?\([ \t]?|\)[ \t]?)?"
_PHONE_RE = re.compile(
    rf"""
    (?<![\w+])
    (?:
        (?:\+|00)[ \t]?\(?[1-9](?:{_SEP}\d){{7,14}}   # international: + or 00, 8-15 digits
      |
        \(?0(?:{_SEP}\d){{9}}                         # Dutch: 0 and nine more digits
    )
    (?!\d)
    """,
    re.VERBOSE,
)
# A date (followed by a time) has the shape of a phone number but is not one.
_DATE_START = re.compile(r"\(?(?:0[1-9]|[12]\d|3[01])[-./](?:0[1-9]|1[0-2])[-./](?:19|20)\d\d(?!\d)")


def _phone(match: re.Match[str]) -> str:
    if _DATE_START.match(match[0]):
        return match[0]
    return PHONE


# --- BSN ----------------------------------------------------------------------------------

_BSN_RE = re.compile(
    r"""
    (?<!\d)(?<!\d[.,])
    (?P<number>\d{9}|\d{3}(?P<s1>[ .\-])\d{3}(?P=s1)\d{3}|\d{4}(?P<s2>[ .])\d{2}(?P=s2)\d{3})
    (?!\d)(?![.,]\d)
    """,
    re.VERBOSE,
)


def elfproef(digits: str) -> bool:
    """The BSN eleven test: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is divisible by 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdecimal() or int(digits) == 0:
        return False
    total = sum(weight * int(d) for weight, d in zip(range(9, 1, -1), digits[:8])) - int(digits[8])
    return total % 11 == 0


def _bsn(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match["number"])
    return BSN if elfproef(digits) else match[0]


# --- address ------------------------------------------------------------------------------

# Postcode (letters SA, SD and SS are not used) with a house number and an optional addition.
_ADDRESS_RE = re.compile(
    r"(?<![\w\-])[1-9]\d{3}(?:[ \t]?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})[ \t]?\d{1,5}(?:[ \t-]?[A-Za-z](?![\w]))?(?!\w)"
)


# --- the whole --------------------------------------------------------------------------

_STEPS: tuple[Callable[[str], str], ...] = (
    lambda t: _EMAIL_RE.sub(EMAIL, t),
    _redact_ibans,
    lambda t: _DOC_KEYWORD_RE.sub(_keyword_document, t),
    lambda t: _PHONE_RE.sub(_phone, t),
    lambda t: _BSN_RE.sub(_bsn, t),
    lambda t: _DUTCH_DOCUMENT_RE.sub(DOCUMENT, t),
    lambda t: _ADDRESS_RE.sub(ADDRESS, t),
)


def _redact_once(text: str) -> str:
    for step in _STEPS:
        text = step(text)
    return text


def redact(text: str) -> str:
    """`text` with e-mail addresses, phone numbers, BSNs, IBANs, document numbers and addresses replaced."""
    # Each pass that changes something removes at least one digit or "@" (the markers have
    # none), so this ends; repeating makes redact(redact(x)) == redact(x) hold even when one
    # replacement uncovers another datum (e.g. an IBAN glued to a phone number).
    while True:
        redacted = _redact_once(text)
        if redacted == text:
            return redacted
        text = redacted


def contains_personal_data(text: str) -> bool:
    """True when `redact` would change the text."""
    return redact(text) != text
