"""Questions in the languages internationals speak: answered from the English (or Dutch) page,
with the assistant's own texts — the notice and the hand-off — in the asker's language and
its text direction, in the chat JSON, the page without JavaScript and the desk view."""
from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from loket.config import PROJECT_ROOT
from loket.storage.models.assistant import QuestionLog
from loket.domain.loket import LoketInfo
from loket.web.assistant import present
from loket.web.assistant.present import handoff_text, text_direction

CATALOGUES = PROJECT_ROOT / "loket" / "translations"
LANGUAGES = ("de", "pl", "uk", "es", "pt", "tr", "ar", "fr", "it", "hi")
POLISH = "Czy potrzebuję wizy do pracy w Holandii? Jestem programistą z Indii."
ARABIC = "هل أحتاج إلى تأشيرة للعمل في هولندا؟ أنا مبرمج من مصر"


NOTICES = (
    "Our guide is written in English and Dutch, and at the loket we speak English.",
    "Our guide is written in English and Dutch, so this answer is in Dutch. At the loket we speak English.",
    "Our guide is written in English and Dutch, so this answer is in English. At the loket we speak English.",
)


def ask(client, question, **extra):
    return client.post("/api/v1/ask", json={"question": question, **extra}).get_json()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_translates_the_notice_and_every_handoff(app, lang):
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = read_po(f, locale=lang)
    for msgid in NOTICES:
        message = catalogue.get(msgid)
        assert message is not None and message.string and "fuzzy" not in message.flags, (lang, msgid)
    # Every hand-off, rendered: no English sentence of it may be left (names like 112 or
    # huisartsenpost stay, as in the Dutch text).
    info = LoketInfo(days=("tue", "wed", "thu"), hours="10:00–16:00", address="Grote Markt 1, Groningen",
                     booking="loket@example.org")
    with app.test_request_context("/"):
        for reason in [*present._HANDOFF_OPENINGS, "low-confidence"]:
            english, translated = handoff_text(info, "en", reason), handoff_text(info, lang, reason)
            english = english.replace(info.address, "").replace(info.booking, "")
            left = [s for s in re.split(r"(?<=[.:;])\s+", english) if len(s) > 20 and s in translated]
            assert not left, (lang, reason, left)
            assert "Grote Markt 1, Groningen" in translated and "loket@example.org" in translated


def test_directions_come_from_the_locale_data():
    assert [text_direction(lang) for lang in ("ar", "fa", "he", "ur")] == ["rtl"] * 4
    assert {text_direction(lang) for lang in (*LANGUAGES, "en", "nl")} - {"ltr"} == {"rtl"}
    assert text_direction("ceb") == "ltr" and text_direction("xx-not-a-language") == "ltr"


def test_polish_question_is_answered_in_english_with_a_polish_notice(client, assistant, db):
    assistant.answerer.threshold = 0.0
    data = ask(client, POLISH)
    assert not data["handoff"] and data["sources"] and data["language"] == "en"
    assert data["question_language"] == "pl" and data["answer_lang"] == "en" and data["dir"] == "ltr"
    assert data["notice_lang"] == "pl" and data["notice_dir"] == "ltr"
    assert "po angielsku i po niderlandzku" in data["notice"] and "ta odpowiedź jest po angielsku" in data["notice"]
    assert all(s["lang"] == "en" for s in data["sources"])
    # The log keeps only en/nl/other: no finer trace of the visitor.
    assert db.scalars(select(QuestionLog)).one().question_language == "other"


def test_dutch_answer_when_the_visitor_asks_for_dutch(client, assistant):
    assistant.answerer.threshold = 0.0
    data = ask(client, POLISH, lang="nl")
    assert data["language"] == "nl" and all(s["lang"] == "nl" for s in data["sources"])
    assert "ta odpowiedź jest po niderlandzku" in data["notice"]


def test_arabic_notice_is_right_to_left_and_the_english_answer_left_to_right(client, assistant):
    assistant.answerer.threshold = 0.0
    data = ask(client, ARABIC)
    assert not data["handoff"] and data["question_language"] == "ar"
    assert data["notice_lang"] == "ar" and data["notice_dir"] == "rtl" and "بالإنجليزية" in data["notice"]
    assert data["answer_lang"] == "en" and data["dir"] == "ltr"


def test_arabic_handoff_is_in_arabic_right_to_left_with_the_loket_details(client, assistant):
    assistant.answerer.threshold = 1.01
    data = ask(client, ARABIC)
    assert data["handoff"] and data["answer_lang"] == "ar" and data["dir"] == "rtl"
    assert "لست متأكداً" in data["answer"] and "الثلاثاء" in data["answer"]  # Tuesday, in Arabic
    assert data["notice_lang"] == "ar" and "ونتحدث في المكتب بالإنجليزية" in data["notice"]
    assert data["language"] == "en" and data["loket"]["url"].startswith("/contact")


def test_a_language_without_catalogue_gets_the_notice_in_english(client, assistant):
    assistant.answerer.threshold = 0.0
    data = ask(client, "Нужна ли мне виза для работы в Нидерландах?")
    assert data["question_language"] == "ru" and data["notice_lang"] == "en"
    assert data["notice"].startswith("Our guide is written in English and Dutch")


def test_english_and_dutch_questions_get_no_notice(client, assistant):
    for question in ("Do I need a visa to work here?", "Heb ik een visum nodig?"):
        data = ask(client, question)
        assert data["notice"] == "" and data["notice_lang"] == "" and data["dir"] == "ltr"


def test_page_without_javascript_marks_language_and_direction(client, assistant):
    assistant.answerer.threshold = 0.0
    page = client.get("/assistant").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    html = client.post("/assistant", data={"question": ARABIC, "csrf_token": csrf}).get_data(as_text=True)
    assert re.search(r'<p class="chat-notice" lang="ar" dir="rtl">[^<]*بالإنجليزية', html)
    assert re.search(r'<div class="chat-answer" lang="en" dir="ltr">', html)


def test_desk_view_shows_arabic_right_to_left(client, assistant, forms, logged_in_staff):
    assistant.answerer.threshold = 1.01
    html = forms.submit("/desk/ask", {"question": ARABIC}, page="/desk", follow_redirects=True).get_data(as_text=True)
    assert re.search(r'<p class="chat-notice" lang="ar" dir="rtl">', html)
    assert re.search(r'<div class="chat-answer chat-handoff" lang="ar" dir="rtl"><p>[^<]*لست متأكداً', html)


def test_the_site_itself_stays_english_and_dutch(client):
    for lang in LANGUAGES:
        html = client.get(f"/?lang={lang}", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert re.search(r'<html lang="en"', html), lang
