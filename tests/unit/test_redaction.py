"""Redaction of personal data from assistant questions (QUALITY.md "Chat assistant"; GDPR art. 5(1)(c), 25).

Examples for each kind, both ways, and properties over generated data: valid BSNs, IBANs,
e-mail addresses and mobile numbers always go; nine-digit numbers failing the elfproef stay.
"""
from __future__ import annotations

import re
import string

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from loket.domain.redaction import contains_personal_data, elfproef, iban_is_valid, redact

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- examples -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail me at jan.devries@example.com please", "Mail me at [e-mail] please"),
        ("mijn adres is a.b-c+loket@gemeente.groningen.nl.", "mijn adres is [e-mail]."),
        ("(piet_99@uni.example.org)", "([e-mail])"),
    ],
)
def test_email_addresses_are_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678", "06 12345678", "06 1234 5678", "06.12.34.56.78", "(06) 12345678", "0612345678",
        "+31 6 1234 5678", "+31 (0)6 12345678", "+31612345678", "0031 6 12345678", "0031 50 123 4567",
        "050-1234567", "050 123 4567", "(050) 123 45 67", "020 - 123 4567",
        "+44 20 7946 0958", "+1 (555) 123-4567", "+49 30 12345678",
    ],
)
def test_phone_numbers_are_redacted(phone):
    assert redact(f"Bel mij op {phone} na vijf uur") == "Bel mij op [phone] na vijf uur"


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "123.456.782", "123 456 782", "1234.56.782", "012345672"])
def test_bsn_passing_the_elfproef_is_redacted(bsn):
    assert redact(f"My BSN is {bsn}, what now?") == "My BSN is [bsn], what now?"


@pytest.mark.parametrize("number", ["123456789", "987654321", "111111111", "000000000"])
def test_nine_digit_numbers_failing_the_elfproef_stay(number):
    # A KvK or dossier number, a count: not a BSN.
    assert not elfproef(number)
    text = f"Dossier {number} at the IND"
    assert redact(text) == text


@pytest.mark.parametrize(
    "iban",
    [
        "NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "nl91abna0417164300",
        "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "BE68 5390 0754 7034",
        "FR14 2004 1010 0505 0001 3M02 606", "NO93 8601 1117 947",
    ],
)
def test_ibans_are_redacted(iban):
    assert iban_is_valid(iban)
    assert redact(f"Pay to {iban} with love") == "Pay to [iban] with love"


def test_an_iban_with_a_wrong_check_digit_stays():
    text = "Account NL92ABNA0417164300 is not valid"
    assert not iban_is_valid("NL92ABNA0417164300")
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my passport number is NW92BD4K1", "my passport number is [document]"),
        ("Passport no. X1234567 expired", "Passport no. [document] expired"),
        ("paspoortnummer: SPECI2014", "paspoortnummer: [document]"),
        ("documentnummer AB1234567", "documentnummer [document]"),
        ("ID-nummer is IX12345678", "ID-nummer is [document]"),
        ("mijn V-nummer 1234567890", "mijn V-nummer [document]"),
        ("document number: AB-123-45", "document number: [document]"),
        ("I have NW92BD4K1 and SPECI2014", "I have [document] and [document]"),
    ],
)
def test_document_numbers_are_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Is my passport number required for DigiD?",
        "My ID no longer works",
        "WORKSHOP1 and Python310 are not documents",
        "What is a document number?",
    ],
)
def test_words_around_document_numbers_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 9711 AB 12 in Groningen", "I live at [address] in Groningen"),
        ("postcode 9711AB 3a", "postcode [address]"),
    ],
)
def test_postcode_with_house_number_is_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Can I start in 2026 with a salary of €5,942 gross and the 30% ruling?",
        "ISCO 2512 and 2511 software developers, 40 hours, €3.500 per month",
        "Het salarisdrempel is € 5.688 per maand in 2026 en 30 procent",
        "KvK 12345678, 1500 of 2000 euro, 3 kinderen",
        "Afspraak op 01-02-2026 10:30 of 23-11-2026 van 09.00-17.00",
        "Kennismigrant, highly skilled migrant, IND, DigiD, BSN, IBAN",
        "Costs 1.234.567.890 euro",
        "",
    ],
)
def test_ordinary_text_years_amounts_and_codes_stay(text):
    assert redact(text) == text
    assert not contains_personal_data(text)


def test_contains_personal_data():
    assert contains_personal_data("bel 06-12345678")
    assert not contains_personal_data("bel de loket")


def test_everything_at_once_keeps_the_question():
    question = (
        "Hoi, ik ben jan@example.com, 06-12345678, BSN 111222333, IBAN NL91ABNA0417164300, "
        "paspoort NW92BD4K1. Heb ik een DigiD nodig in 2026?"
    )
    assert redact(question) == (
        "Hoi, ik ben [e-mail], [phone], BSN [bsn], IBAN [iban], paspoort [document]. Heb ik een DigiD nodig in 2026?"
    )


# --- generated data -----------------------------------------------------------------------

# Surrounding text: letters (also accented), spaces and punctuation, never digits, "@" or "+",
# so whatever digits the output holds came from the datum.
WORDS = st.text(alphabet=string.ascii_letters + "éëïöüÉ ,.!?:;'\"\n", max_size=40)


@st.composite
def valid_bsns(draw) -> str:
    digits = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(w * d for w, d in zip(range(9, 1, -1), digits)) % 11
    assume(check != 10)
    bsn = "".join(map(str, digits)) + str(check)
    assume(bsn != "000000000")
    return bsn


def _format_bsn(bsn: str, style: int) -> str:
    return [bsn, f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}", f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}", f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"][style]


@st.composite
def ibans(draw) -> str:
    country, bban = draw(
        st.one_of(
            st.tuples(st.just("NL"), st.builds(lambda b, n: b + n, st.text(string.ascii_uppercase, min_size=4, max_size=4), st.text(string.digits, min_size=10, max_size=10))),
            st.tuples(st.just("DE"), st.text(string.digits, min_size=18, max_size=18)),
            st.tuples(st.just("BE"), st.text(string.digits, min_size=12, max_size=12)),
            st.tuples(st.just("GB"), st.builds(lambda b, n: b + n, st.text(string.ascii_uppercase, min_size=4, max_size=4), st.text(string.digits, min_size=14, max_size=14))),
        )
    )
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    iban = f"{country}{check:02d}{bban}"
    if draw(st.booleans()):
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban


@st.composite
def dutch_mobiles(draw) -> tuple[str, str]:
    """(the number as written, its eight subscriber digits)."""
    digits = draw(st.text(string.digits, min_size=8, max_size=8))
    written = draw(
        st.sampled_from(
            [
                "06{0}", "06-{0}", "06 {0}", "06 {1} {2}", "06-{1}-{2}", "(06) {0}", "06.{3}",
                "+316{0}", "+31 6 {0}", "+31 6 {1} {2}", "+31 (0)6 {0}", "0031 6 {0}", "0031-6-{0}",
            ]
        )
    ).format(digits, digits[:4], digits[4:], ".".join(digits[i:i + 2] for i in range(0, 8, 2)))
    return written, digits


def _embed(before: str, datum: str, after: str) -> str:
    return f"{before} {datum} {after}"


@FAST
@given(before=WORDS, bsn=valid_bsns(), style=st.integers(0, 3), after=WORDS)
def test_generated_valid_bsns_are_always_removed(before, bsn, style, after):
    redacted = redact(_embed(before, _format_bsn(bsn, style), after))
    assert "[bsn]" in redacted
    assert not re.search(r"\d", redacted)  # no digit of the BSN remains


@FAST
@given(before=WORDS, number=st.text(string.digits, min_size=9, max_size=9), after=WORDS)
def test_generated_nine_digit_numbers_failing_the_elfproef_are_kept(before, number, after):
    assume(not elfproef(number))
    text = _embed(before, number, after)
    assert number in redact(text)


@FAST
@given(before=WORDS, iban=ibans(), after=WORDS)
def test_generated_valid_ibans_are_removed(before, iban, after):
    assert iban_is_valid(iban)
    redacted = redact(_embed(before, iban, after))
    assert "[iban]" in redacted and iban not in redacted
    assert not re.search(r"\d", redacted)


@FAST
@given(before=WORDS, email=st.emails(), after=WORDS)
def test_generated_email_addresses_are_removed(before, email, after):
    redacted = redact(_embed(before, email, after))
    assert "[e-mail]" in redacted
    assert email not in redacted and "@" not in redacted


@FAST
@given(before=WORDS, mobile=dutch_mobiles(), after=WORDS)
def test_generated_dutch_mobile_numbers_are_removed(before, mobile, after):
    written, digits = mobile
    redacted = redact(_embed(before, written, after))
    assert "[phone]" in redacted
    assert digits not in redacted and not re.search(r"\d", redacted)


@FAST
@given(
    parts=st.lists(
        st.one_of(
            WORDS,
            valid_bsns(),
            ibans(),
            st.emails(),
            dutch_mobiles().map(lambda m: m[0]),
            st.text(string.digits + " .-+()@", max_size=20),
            st.text(max_size=30),
        ),
        max_size=6,
    )
)
def test_redaction_is_idempotent_and_leaves_no_datum(parts):
    text = " ".join(parts)
    once = redact(text)
    assert redact(once) == once
    for part in parts:
        if elfproef(part) or iban_is_valid(part):
            assert part not in once


@FAST
@given(before=WORDS, bsn=valid_bsns(), iban=ibans(), email=st.emails(), mobile=dutch_mobiles(), after=WORDS)
def test_the_output_never_contains_the_original_data(before, bsn, iban, email, mobile, after):
    text = f"{before} {email} {after} {mobile[0]} {before} {bsn} {after} {iban} {after}"
    redacted = redact(text)
    for datum in (bsn, iban, iban.replace(" ", ""), email, mobile[0], mobile[1]):
        assert datum not in redacted
    assert "@" not in redacted and not re.search(r"\d", redacted)
    assert redact(redacted) == redacted


# --- document numbers without the word "number", IBANs with hyphens (issue 13) -----------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my passport X12345678 expires", "my passport [document] expires"),
        ("passport: X12345678", "passport: [document]"),
        ("Passport: 123456789", "Passport: [document]"),
        ("verblijfsvergunning V1234567", "verblijfsvergunning [document]"),
        ("mijn verblijfsvergunning: V1234567 verloopt", "mijn verblijfsvergunning: [document] verloopt"),
        ("paspoort NX1234567", "paspoort [document]"),
        ("residence permit V1234567", "residence permit [document]"),
        ("rijbewijs 5123456789", "rijbewijs [document]"),
        ("ID card: IX1234567", "ID card: [document]"),
    ],
)
def test_document_numbers_after_the_document_name_are_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I renewed my passport in 2019",
        "Can I travel with my verblijfsvergunning to Germany?",
        "passport photo needed?",
        "How long is a residence permit valid, 5 years?",
    ],
)
def test_words_after_a_document_name_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    "iban",
    ["NL91-ABNA-0417-1643-00", "NL91ABNA-0417164300", "nl91-abna-0417-1643-00", "DE89-3704-0044-0532-0130-00"],
)
def test_ibans_written_with_hyphens_are_redacted(iban):
    redacted = redact(f"my account is {iban} thanks")
    assert redacted == "my account is [iban] thanks"


DOCUMENT_NAMES = st.sampled_from([
    "passport", "Passport", "paspoort", "verblijfsvergunning", "Verblijfsvergunning", "residence permit",
    "ID card", "id-kaart", "identiteitskaart", "rijbewijs", "passport number", "paspoortnummer", "V-nummer",
])


@st.composite
def document_numbers(draw) -> str:
    """A number as on a document: letters and digits, at least one digit, 6 to 12 characters."""
    body = draw(st.text(string.ascii_uppercase + string.digits, min_size=5, max_size=11))
    return draw(st.sampled_from(string.ascii_uppercase)) + body + draw(st.sampled_from(string.digits))


@FAST
@given(before=WORDS, name=DOCUMENT_NAMES, between=st.sampled_from([" ", ": ", " is ", " = ", ":  "]), number=document_numbers(), after=WORDS)
def test_generated_document_numbers_after_a_document_name_are_removed(before, name, between, number, after):
    redacted = redact(f"{before} {name}{between}{number} {after}")
    assert number not in redacted and "[document]" in redacted
    assert not re.search(r"\d", redacted)


@FAST
@given(before=WORDS, iban=ibans(), separator=st.sampled_from(["-", " "]), after=WORDS)
def test_generated_ibans_in_groups_of_four_with_any_separator_are_removed(before, iban, separator, after):
    compact = iban.replace(" ", "")
    written = separator.join(compact[i:i + 4] for i in range(0, len(compact), 4))
    redacted = redact(_embed(before, written, after))
    assert "[iban]" in redacted and not re.search(r"\d", redacted), redacted
