"""The chat in a real browser with the real model: by keyboard, in English and Dutch; axe with an answer open."""
from __future__ import annotations

import re


def ask_by_keyboard(page, question: str) -> None:
    page.get_by_label(re.compile("Your question|Je vraag")).focus()
    page.keyboard.type(question)
    page.keyboard.press("Tab")  # the language choice
    page.keyboard.press("Tab")  # the Ask button
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")


def test_chat_answers_in_english_with_sources_and_is_accessible(page, live_server, assert_accessible):
    page.goto(live_server + "/assistant?lang=en")
    log = page.get_by_role("log")
    assert log.count() == 1
    ask_by_keyboard(page, "What are the salary criteria for a highly skilled migrant?")
    turn = page.locator(".chat-turn").first
    turn.wait_for()
    assert turn.get_attribute("lang") == "en"
    # The highly-skilled-migrant page, or the section of that name in "Which permit", among the sources.
    hrefs = turn.locator(".chat-sources li > a:not(.chat-official)").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("/guide/highly-skilled-migrant" in href for href in hrefs), hrefs
    assert turn.locator(".chat-answer").inner_text().strip()
    # Focus moves to the new answer (not back to the box, which would scroll the answer away).
    assert page.evaluate("document.activeElement.classList.contains('chat-turn')")
    assert_accessible(page)


def test_chat_answers_in_dutch_and_suggests_vacancies(page, live_server, assert_accessible):
    page.goto(live_server + "/?lang=nl")
    ask_by_keyboard(page, "Welke vacatures voor systeembeheerders zonder Nederlands zijn er in Groningen?")
    turn = page.locator(".chat-turn").first
    turn.wait_for()
    assert turn.get_attribute("lang") == "nl"
    assert turn.locator(".chat-vacancies li").count() >= 1
    assert_accessible(page)


def test_chat_hands_over_out_of_scope_questions(page, live_server):
    page.goto(live_server + "/assistant?lang=en")
    ask_by_keyboard(page, "Write me a poem about the sea")
    turn = page.locator(".chat-turn").first
    turn.wait_for()
    assert turn.locator(".chat-handoff").count() == 1
    assert "loket" in turn.locator(".chat-answer").inner_text().lower()


def test_question_html_is_shown_as_text(page, live_server):
    page.goto(live_server + "/assistant?lang=en")
    ask_by_keyboard(page, "<img src=x onerror=\"document.title='pwned'\"> do I need DigiD?")
    page.locator(".chat-turn").first.wait_for()
    assert page.title() != "pwned" and page.locator(".chat-turn img").count() == 0
    assert "<img src=x" in page.locator(".chat-question").first.inner_text()


def test_chat_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(live_server + "/assistant?lang=en")
    page.get_by_label("Your question").fill("How do I register with the municipality?")
    page.get_by_role("button", name="Ask").click()
    page.locator(".chat-turn").first.wait_for()
    assert page.locator(".chat-sources a").count() >= 1
    page.get_by_role("button", name=re.compile("Yes, helpful")).click()
    assert "Thank you for your feedback" in page.locator("h1").inner_text()
    context.close()
