"""The checker's advice on a firm Dutch requirement with a level (patterns in
loket/domain/vacancy_checker_dutch_level.yaml): is the level needed at the start, or could
"within 12 months" or English do?"""
from __future__ import annotations

import pytest

from loket.domain.vacancy_checker import CODES, check_vacancy

CODE = "dutch-level-at-start"


def check(text: str, level: str = "B2", timing: str | None = "start", field: str = "requirements"):
    v = {"title": "Developer", "description": "Build software.", "requirements": "", field: text,
         "dutch_level": level, "dutch_timing": timing, "salary_min": 3500, "salary_max": 4500, "salary_period": "month",
         "apply_email": "jobs@example.nl"}
    return [f for f in check_vacancy(v) if f.code == CODE]


@pytest.mark.parametrize("text, phrase", [
    ("Fluent Dutch is a must", "Fluent Dutch is a must"),
    ("You are fluent in Dutch.", "fluent in Dutch"),
    ("Dutch (B2) required; English C1.", "Dutch (B2) required"),
    ("B2 Dutch is required", "B2 Dutch is required"),
    ("Dutch at C1 level is essential for this role", "Dutch at C1 level is essential"),
    ("Nederlands op B2-niveau vereist", "Nederlands op B2-niveau vereist"),
    ("Vloeiend Nederlands", "Vloeiend Nederlands"),
    ("Nederlands is een vereiste.", "Nederlands is een vereiste"),
    ("B1-niveau Nederlands verplicht", "B1-niveau Nederlands verplicht"),
])
def test_a_firm_dutch_requirement_gets_advice_in_english_and_dutch_texts(text, phrase):
    (finding,) = check(text)
    assert finding.phrase == phrase and finding.severity == CODES[CODE] == "warning"
    assert f"'{phrase}'" in finding.message_en and f"'{phrase}'" in finding.message_nl
    assert "within 12 months" in finding.message_en and "binnen 12 maanden" in finding.message_nl
    assert "English" in finding.suggestion_en and "Engels" in finding.suggestion_nl


def test_the_level_comes_from_the_phrase_or_else_the_vacancy():
    assert "level C1" in check("Dutch (C1) required", level="B1")[0].message_en
    (fluent,) = check("Fluent Dutch is a must", level="B1")
    assert "level B1" in fluent.message_en and "niveau B1" in fluent.message_nl and "tot B1" in fluent.suggestion_nl


@pytest.mark.parametrize("text", [
    "Nederlands op B2-niveau, mondeling en schriftelijk",  # a level only: information, not a firm demand
    "Dutch at B1 level",
    "Dutch (B2) is a plus",
    "You learn Dutch to B2 within 12 months; we pay for the lessons",
    "Je leert binnen 12 maanden Nederlands op B2-niveau vereist voor de vaste aanstelling",
    "Fluent English is a must",
])
def test_softened_or_level_only_wording_gets_no_advice(text):
    assert check(text) == []


def test_no_advice_when_dutch_is_asked_within_12_months_or_not_at_all():
    assert check("Fluent Dutch is a must", timing="within_12_months") == []
    # Dutch not needed: the other rule says the text contradicts the field.
    codes = {f.code for f in check_vacancy({"requirements": "Fluent Dutch is a must", "dutch_level": "none"})}
    assert CODE not in codes and "dutch-required-in-text" in codes


def test_every_text_field_is_checked():
    for field in ("title", "description", "skills"):
        assert len(check("Vloeiend Nederlands", field=field)) == 1
