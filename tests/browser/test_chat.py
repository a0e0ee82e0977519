"""The chat's conventions in a real browser with the real model: Enter and Shift+Enter, suggested
questions, the answer kept in view on a phone, the conversation's history, "new conversation",
sources and dates as on the page without JavaScript, copying a link; axe at both widths."""
from __future__ import annotations

import json
import re

import pytest

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
QUESTION = "What are the salary criteria for a highly skilled migrant?"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="en-GB", bypass_csp=True, viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def asked(page) -> list[dict]:
    """Record the JSON bodies the page sends to /api/v1/ask."""
    bodies: list[dict] = []
    page.on("request", lambda r: bodies.append(json.loads(r.post_data)) if r.url.endswith("/api/v1/ask") else None)
    return bodies


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        "(sel) => { const r = document.querySelector(sel).getBoundingClientRect();"
        " return r.top > -1 && r.top < window.innerHeight; }", selector)


def test_enter_sends_and_the_answer_stays_in_view_on_a_phone(phone, live_server, assert_accessible):
    page = phone
    bodies = asked(page)
    page.goto(live_server + "/?lang=en")
    box = page.get_by_label("Your question")
    box.fill("first line")
    box.press("Shift+Enter")
    box.press_sequentially("second line")
    assert box.input_value() == "first line\nsecond line" and bodies == []  # Shift+Enter only adds a line
    box.fill(QUESTION)
    box.press("Enter")
    turn = page.locator(".chat-turn").first
    turn.wait_for()
    page.wait_for_timeout(200)
    assert bodies == [{"question": QUESTION, "lang": None, "history": []}]
    # The answer's first line is on the screen, with focus on the answer.
    assert in_viewport(page, ".chat-turn .chat-question") and in_viewport(page, ".chat-turn .chat-answer p")
    assert page.evaluate("document.activeElement.classList.contains('chat-turn')")
    assert box.input_value() == ""
    # The conversation has its own scroll: the home page does not grow by the length of the answers.
    log_height = page.evaluate("document.querySelector('[data-chat-log]').getBoundingClientRect().height")
    assert log_height <= 0.66 * PHONE["height"]
    assert_accessible(page)


def test_follow_up_carries_history_and_new_conversation_clears_it(phone, live_server):
    page = phone
    bodies = asked(page)
    page.goto(live_server + "/assistant?lang=en")
    assert page.locator("[data-chat-suggestions]").is_visible()
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_label("Your question").press("Enter")
    page.locator(".chat-turn").first.wait_for()
    assert not page.locator("[data-chat-suggestions]").is_visible()
    page.get_by_label("Your question").fill("And for my partner?")
    page.get_by_label("Your question").press("Enter")
    page.locator(".chat-turn").nth(1).wait_for()
    assert bodies[1]["history"] == [{"question": QUESTION}]
    page.get_by_role("button", name="New conversation").click()
    assert page.locator(".chat-turn").count() == 0
    assert page.evaluate("document.activeElement.id") == "chat-question"
    # A suggestion starts the new conversation, without the old history.
    suggestion = page.locator("[data-chat-suggestions] button").first
    question = suggestion.inner_text()
    suggestion.click()
    page.locator(".chat-turn").first.wait_for()
    assert bodies[-1] == {"question": question, "lang": None, "history": []}
    assert page.locator(".chat-turn .chat-question").first.inner_text().endswith(question)


def test_sources_dates_and_official_links_match_the_page_without_javascript(browser, live_server, phone):
    plain = browser.new_context(java_script_enabled=False, locale="en-GB")
    without = plain.new_page()
    without.goto(live_server + "/assistant?lang=nl")
    without.get_by_label("Je vraag").fill("Welk salaris heb ik nodig als kennismigrant?")
    without.locator(".chat-form button[type=submit]").click()
    without.locator(".chat-turn").first.wait_for()
    expected = {
        "reviewed": without.locator(".chat-reviewed").all_inner_texts(),
        "official": without.locator(".chat-official").evaluate_all("links => links.map(a => a.href)"),
        "sources": without.locator(".chat-sources li > a:not(.chat-official)").evaluate_all("links => links.map(a => a.href)"),
    }
    plain.close()

    page = phone
    page.goto(live_server + "/assistant?lang=nl")
    page.get_by_label("Je vraag").fill("Welk salaris heb ik nodig als kennismigrant?")
    page.get_by_label("Je vraag").press("Enter")
    page.locator(".chat-turn").first.wait_for()
    assert page.locator(".chat-reviewed").all_inner_texts() == expected["reviewed"]
    assert re.fullmatch(r"\(\D+ \d{1,2} \w+\.? 20\d\d\)", expected["reviewed"][0])  # e.g. "(… 20 nov 2026)"
    assert page.locator(".chat-official").evaluate_all("links => links.map(a => a.href)") == expected["official"]
    assert expected["official"] and all(href.startswith("https://") for href in expected["official"])
    sources = page.locator(".chat-sources li > a:not(.chat-official)").evaluate_all("links => links.map(a => a.href)")
    assert sources == expected["sources"]
    # Copy a link to the section the answer cites.
    page.locator(".chat-copy button").first.click()
    page.get_by_text("Link gekopieerd.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == sources[0]


def test_structured_answers_right_to_left_notices_and_hostile_links(phone, live_server):
    """The API's fields (blocks; notice_lang and notice_dir, answer_lang and dir) are rendered as text and safe links."""
    page = phone

    def fake(route):
        route.fulfill(status=200, content_type="application/json", body=json.dumps({
            "answer": "plain fallback", "language": "en", "confidence": 0.9, "handoff": False,
            "notice": "سألت بلغة لا أتحدثها", "notice_lang": "ar", "notice_dir": "rtl", "answer_lang": "en", "dir": "ltr",
            "blocks": [
                {"type": "p", "segments": [{"text": "See "}, {"text": "the guide", "href": "/guide/highly-skilled-migrant"},
                                           {"text": " <img src=x onerror=alert(1)>"}]},
                {"type": "li", "segments": [{"text": "one"}]},
                {"type": "li", "segments": [{"text": "evil", "href": "javascript:alert(1)"}]},
            ],
            "sources": [], "vacancies": [], "loket": {"url": "/contact"}, "feedback_token": None,
        }))

    page.route("**/api/v1/ask", fake)
    page.goto(live_server + "/assistant?lang=en")
    page.get_by_label("Your question").fill("ما هو الحد الأدنى للراتب؟")
    page.get_by_label("Your question").press("Enter")
    turn = page.locator(".chat-turn").first
    turn.wait_for()
    notice = turn.locator(".chat-notice")
    assert notice.get_attribute("dir") == "rtl" and notice.get_attribute("lang") == "ar"
    answer = turn.locator(".chat-answer")
    assert answer.get_attribute("dir") == "ltr" and "plain fallback" not in answer.inner_text()
    assert answer.locator("p").first.inner_text() == "See the guide <img src=x onerror=alert(1)>"
    assert answer.locator("img").count() == 0
    assert answer.locator("a").first.get_attribute("href") == "/guide/highly-skilled-migrant"
    assert answer.locator("ul > li").count() == 2
    assert answer.locator("ul a").get_attribute("href") == "#"


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1366"])
def test_chat_states_are_accessible(browser, live_server, assert_accessible, lang, viewport):
    context = browser.new_context(locale="en-GB", bypass_csp=True, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server}/?lang={lang}")
    assert_accessible(page)  # suggestions shown
    page.locator("[data-chat-suggestions] button").first.click()
    page.locator(".chat-turn").first.wait_for()
    assert_accessible(page)  # an answer in the bounded log, "new conversation" shown
    page.locator(".chat-copy button").first.click()
    assert_accessible(page)  # after copying (or the copy-by-hand field)
    context.close()


def test_a_follow_up_in_the_home_page_chat_is_answered_about_the_previous_question(phone, live_server):
    page = phone
    bodies = asked(page)
    page.goto(live_server + "/?lang=en")
    box = page.get_by_label("Your question")
    box.fill("How long does Make IT Work take?")
    box.press("Enter")
    page.locator(".chat-turn").first.wait_for()
    box.fill("and how much does it cost?")
    box.press("Enter")
    second = page.locator(".chat-turn").nth(1)
    second.wait_for()
    assert bodies[1]["history"] == [{"question": "How long does Make IT Work take?"}]
    # Asked alone, "and how much does it cost?" gets the cost of living; after the first
    # question it is the participant's own contribution to Make IT Work, from its page.
    assert "1,000" in second.locator(".chat-answer").inner_text()
    hrefs = second.locator(".chat-sources li > a:not(.chat-official)").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert any("/guide/make-it-work-north" in href for href in hrefs), hrefs
