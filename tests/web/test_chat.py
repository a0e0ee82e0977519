"""The chat's conventions on the server side: suggested questions, and the conversation without JavaScript."""
from __future__ import annotations

import html as html_lib
import re

import pytest

from loket.config import PROJECT_ROOT
from loket.services.assistant import MAX_QUESTION_LENGTH
from loket.web.assistant.present import SUGGESTED_QUESTIONS

from ..conftest import csrf_token_in


def suggestions(page: str) -> list[str]:
    return [html_lib.unescape(v) for v in re.findall(r'<button type="submit" name="question" value="([^"]+)"', page)]


def hidden_history(page: str) -> list[str]:
    return [html_lib.unescape(v) for v in re.findall(r'<input type="hidden" name="history" value="([^"]*)"', page)]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_suggested_questions_in_the_ui_language_are_answered_from_their_topic(client, assistant, lang):
    page = client.get(f"/?lang={lang}").get_data(as_text=True)
    shown = suggestions(page)
    assert len(shown) == len(SUGGESTED_QUESTIONS) >= 3
    assert suggestions(client.get("/assistant").get_data(as_text=True)) == shown
    for (topic, _), question in zip(SUGGESTED_QUESTIONS, shown):
        data = client.post("/api/v1/ask", json={"question": question}).get_json()
        assert not data["handoff"] and data["language"] == lang, question
        # Which of its sections comes first is the real model's to get right (tests/retrieval/test_model.py).
        topics = {assistant.content.get(s["lang"], s["id"]).topic for s in data["sources"]}
        assert topic in topics, question


def test_a_suggestion_is_asked_without_javascript(client, assistant):
    page = client.get("/assistant?lang=en").get_data(as_text=True)
    question = suggestions(page)[0]
    response = client.post("/assistant", data={"csrf_token": csrf_token_in(page), "question": question})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="chat-turn"' in html and html_lib.escape(question) in html
    # With an answer on the page, the suggestions give way to the conversation.
    assert re.search(r'<form class="chat-suggestions"[^>]* hidden>', html)


def test_the_page_without_javascript_carries_the_conversation(client, assistant, monkeypatch):
    seen = []
    real_ask = assistant.ask

    def recording(*args, **kwargs):
        seen.append(kwargs.get("history"))
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(assistant, "ask", recording)
    page = client.get("/assistant?lang=en").get_data(as_text=True)
    assert hidden_history(page) == [] and "data-chat-new" not in page
    token = csrf_token_in(page)
    questions = ["Do I need a visa?", "And for my partner?", "How long does it take?", "What does it cost?"]
    history: list[str] = []
    for question in questions:
        html = client.post("/assistant", data={"csrf_token": token, "question": question, "history": history}).get_data(as_text=True)
        assert seen[-1] == history  # the earlier questions, oldest first, reached the assistant
        history = hidden_history(html)
        assert "New conversation" in html and 'href="/assistant" data-chat-new' in html
        assert 'id="chat-question"' in html and "Your next question" in html
    # At most three, the last answered one included, oldest first.
    assert history == questions[-3:]


def test_an_over_long_history_item_gives_the_form_again(client, assistant, db):
    page = client.get("/assistant?lang=nl").get_data(as_text=True)
    response = client.post("/assistant", data={"csrf_token": csrf_token_in(page), "question": "Visum?",
                                               "history": ["x" * (MAX_QUESTION_LENGTH + 1)]})
    assert response.status_code == 400 and "Typ een vraag" in response.get_data(as_text=True)
    from sqlalchemy import func, select

    from loket.storage.models.assistant import QuestionLog

    assert db.scalar(select(func.count()).select_from(QuestionLog)) == 0


def test_home_conversation_is_bounded_and_the_assistant_page_is_not(client):
    home = client.get("/").get_data(as_text=True)
    assert 'class="chat chat-compact"' in home and 'role="log"' in home
    assert re.search(r'data-chat-log', home)
    page = client.get("/assistant").get_data(as_text=True)
    assert 'class="chat"' in page and "chat-compact" not in page
    css = (PROJECT_ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert re.search(r"\.chat-compact \.chat-log \{[^}]*max-height:[^}]*overflow-y: auto", css)
