"""What the visitor reads in the JSON and on the page: blocks with links, computed statements, referrals, follow-ups.

The fake embedder over the real guide; the answers' quality is measured by `loket eval` (tests/evaluation).
"""
from __future__ import annotations

import pytest


def ask(client, question, **extra):
    return client.post("/api/v1/ask", json={"question": question, **extra})


@pytest.fixture
def loket_settings(app):
    app.config.update(LOKET_DESK_ADDRESS="Gedempte Zuiderdiep 22, Groningen", LOKET_DESK_BOOKING="loket@example.nl")


def test_blocks_carry_the_answer_text_and_its_links(client, assistant):
    data = ask(client, "Which salary does a highly skilled migrant need in 2026?").get_json()
    assert not data["handoff"] and data["blocks"]
    text = "\n".join(("- " if b["type"] == "li" else "") + "".join(s["text"] for s in b["segments"]) for b in data["blocks"])
    assert text == data["answer"]
    for block in data["blocks"]:
        for segment in block["segments"]:
            assert set(segment) <= {"text", "href"}
            if "href" in segment:
                assert segment["href"].startswith(("/guide/", "https://"))


def test_the_loket_itself_is_answered_from_its_settings_with_the_contact_page_as_source(client, assistant, loket_settings):
    data = ask(client, "Where is the loket and when is it open?").get_json()
    assert not data["handoff"]
    assert "Gedempte Zuiderdiep 22" in data["answer"] and "Tuesday" in data["answer"]
    assert data["sources"][0]["id"] == "contact" and data["sources"][0]["url"].startswith("/contact")
    dutch = ask(client, "Waar zit het loket?").get_json()
    assert dutch["language"] == "nl" and "Gedempte Zuiderdiep 22" in dutch["answer"]


def test_a_salary_check_uses_the_guides_figures_and_says_who_decides(client, assistant):
    data = ask(client, "I'm 29 and earn 4,800 gross a month, is that enough for the kennismigrant permit?").get_json()
    assert not data["handoff"]
    assert "4,357" in data["answer"] and "enough" in data["answer"] and "the IND decides" in data["answer"]
    assert any(s["id"] == "highly-skilled-migrant" for s in data["sources"])
    dutch = ask(client, "ik ben 31 en verdien 5100 bruto, is dat genoeg voor kennismigrant?").get_json()
    assert dutch["language"] == "nl" and "5.942" in dutch["answer"] and "niet genoeg" in dutch["answer"]


@pytest.mark.parametrize(
    ("question", "referral"),
    [
        ("I have chest pain since this morning", "112"),
        ("mijn huisbaas houdt mijn borg in en geeft hem niet terug", "Huurcommissie"),
        ("my employer hasn't paid my salary for 2 months, what do I do", "Juridisch Loket"),
    ],
)
def test_hand_offs_name_the_right_referral_and_the_loket(client, assistant, loket_settings, question, referral):
    data = ask(client, question).get_json()
    assert data["handoff"] and referral in data["answer"] and "Gedempte Zuiderdiep 22" in data["answer"]
    assert data["vacancies"] == []


def test_a_follow_up_uses_the_conversation(client, assistant):
    first = ask(client, "Waar kan ik Nederlandse les volgen in Groningen?").get_json()
    follow = ask(client, "en in Leeuwarden?", history=[{"question": "Waar kan ik Nederlandse les volgen in Groningen?"}]).get_json()
    alone = ask(client, "en in Leeuwarden?").get_json()
    assert first["language"] == follow["language"] == "nl"
    assert not follow["handoff"] and "Leeuwarden" in follow["answer"]
    assert follow["answer"] != alone["answer"]


@pytest.mark.parametrize(
    "history",
    ["not a list", [{"question": 5}], [{"question": "x" * 1001}], [None]],
)
def test_a_malformed_history_is_a_400_that_changes_nothing(client, assistant, history):
    response = ask(client, "and for my partner?", history=history)
    assert response.status_code == 400 and "history" in response.get_json()["error"]


def test_only_the_last_three_turns_count(client, assistant):
    history = [{"question": f"question {n}"} for n in range(10)]
    assert ask(client, "and in Assen?", history=history).status_code == 200


def test_the_page_without_javascript_shows_the_answers_links(client, assistant, forms):
    question = "Are there free Dutch lessons or a language cafe? Free and low-cost Dutch"
    data = ask(client, question).get_json()
    links = [s for b in data["blocks"] for s in b["segments"] if "href" in s]
    assert links, "this answer quotes a sentence with a link"
    response = forms.submit("/assistant", {"question": question})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for segment in links:
        assert f'<a href="{segment["href"]}">{segment["text"]}</a>' in html
