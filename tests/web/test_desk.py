"""The desk console: staff only, the assistant with every passage, the handout in the visitor's
language, the visit log, the loket's settings, the dashboard with its CSV and the unanswered questions."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from loket.storage.models.assistant import QuestionLog
from loket.storage.models.desk import DeskVisit, LoketSettings

GET_PAGES = ["/desk", "/desk/dashboard", "/desk/dashboard.csv", "/desk/settings", "/desk/unanswered",
             "/desk/appointments", "/desk/outcomes"]
POSTS = [("/desk/ask", {"question": "Do I need a visa?"}), ("/desk/visits", {"topic": "other", "language": "en",
         "channel": "walk-in", "outcome": "answered"}), ("/desk/settings", {"days": "mon", "address": "x"})]

VISA_JOBS = "What are the salary criteria for a highly skilled migrant with a Python developer job?"


def at(day: str, clock: str = "12:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}:00").replace(tzinfo=timezone.utc)


def visits(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count(DeskVisit.id)))


@pytest.fixture
def logged_in_admin(make, auth):
    user = make.user(role="admin")
    assert auth.login(user.email).status_code == 302
    return user


# --- Who may use the desk (ASVS 8.2.1) ------------------------------------------------------------------


@pytest.mark.parametrize("url", GET_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, assistant, url):
    response = client.get(url)
    assert response.status_code == 302 and response.location.startswith("/login?next=")


@pytest.mark.parametrize("url", GET_PAGES)
def test_employers_get_403(client, assistant, logged_in_employer, url):
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url, data", POSTS)
def test_posts_need_staff_and_change_nothing_otherwise(client, assistant, forms, make, auth, db, url, data):
    assert forms.submit(url, data, page="/login").status_code == 302  # anonymous, valid CSRF token: sign in first
    user = make.user(role="employer")
    auth.login(user.email)
    assert forms.submit(url, data, page="/").status_code == 403
    assert visits(db) == 0 and db.get(LoketSettings, 1) is None and db.scalar(select(func.count(QuestionLog.id))) == 0


@pytest.mark.parametrize("url", GET_PAGES)
def test_staff_can_open_every_desk_page(client, assistant, logged_in_staff, url):
    response = client.get(url)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_desk_is_in_the_navigation_for_staff_only(client, make, auth):
    nav = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
    assert 'href="/desk"' not in nav.search(client.get("/").get_data(as_text=True)).group(0)
    auth.login(make.user(role="employer").email)
    assert 'href="/desk"' not in nav.search(client.get("/").get_data(as_text=True)).group(0)
    auth.logout()
    auth.login(make.user(role="staff").email)
    assert 'href="/desk"' in nav.search(client.get("/").get_data(as_text=True)).group(0)


# --- The assistant in desk mode -------------------------------------------------------------------------


def ask(forms, question: str, lang: str = "") -> tuple[str, str]:
    """Ask at the desk the way the browser does (POST, then the answer page); returns (answer page URL, HTML)."""
    response = forms.submit("/desk/ask", {"question": question, "lang": lang}, page="/desk")
    assert response.status_code == 303, response.status_code
    location = response.headers["Location"]
    assert re.fullmatch(r"/desk/answers/[A-Za-z0-9_-]{32}", location)  # a token, never the question
    return location, forms.client.get(location).get_data(as_text=True)


def test_desk_answer_shows_every_passage_with_its_score_and_the_vacancies(client, assistant, logged_in_staff, forms, make, db):
    vacancy = make.vacancy(title="Python developer", skills="Python\nDjango", visa_sponsorship=True)
    url, page = ask(forms, VISA_JOBS, "en")
    expected = assistant.ask(db, VISA_JOBS, "en", date(2026, 11, 23), passages=True)
    assert len(expected.passages) > 1
    rows = re.findall(r'<tr class="passage".*?</tr>', page, re.S)
    assert len(rows) == len(expected.passages)
    for row, passage in zip(rows, expected.passages):
        assert f"{passage.score:.4f}" in row
        assert f"/guide/{passage.source.id}" in row and passage.source.section in row
        assert "2026" in row  # the review date
    assert "in the answer" in page
    assert "Python developer" in page and f"/vacancies/{vacancy.id}" in page
    assert f'href="{url}/handout?lang=en" target="_blank" rel="noopener"' in page  # the handout in its own tab
    assert "question=" not in page and "salary+criteria" not in page
    entry = db.scalars(select(QuestionLog)).one()
    assert entry.channel == "desk" and entry.question == VISA_JOBS and entry.topic == "visa-residence"
    # The visit form is preselected with the answer's topic.
    assert re.search(r'value="visa-residence" checked', page)


def test_desk_answer_can_switch_language(client, assistant, logged_in_staff, forms, db):
    url, page = ask(forms, VISA_JOBS, "nl")
    assert 'class="desk-reply" aria-labelledby="reply-heading" lang="nl"' in page
    assert f'href="{url}?lang=en"' in page  # answers again in English, without asking (and logging) again
    english = client.get(url + "?lang=en").get_data(as_text=True)
    assert 'class="desk-reply" aria-labelledby="reply-heading" lang="en"' in english
    assert db.scalar(select(func.count(QuestionLog.id))) == 1


def test_desk_question_is_validated(client, assistant, logged_in_staff, forms, db):
    assert forms.submit("/desk/ask", {"question": "  "}, page="/desk").status_code == 400
    assert forms.submit("/desk/ask", {"question": "x" * 1001}, page="/desk").status_code == 400
    assert forms.submit("/desk/ask", {"question": "visa", "lang": "de"}, page="/desk").status_code == 400
    assert db.scalar(select(func.count(QuestionLog.id))) == 0


def test_question_html_is_escaped(client, assistant, logged_in_staff, forms):
    _url, page = ask(forms, "<script>alert(1)</script> visa")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


# --- The handout -----------------------------------------------------------------------------------


def test_handout_is_in_the_visitors_language_with_sources_vacancies_and_the_loket(client, assistant, logged_in_admin, forms, make, db):
    vacancy = make.vacancy(title="Python developer", skills="Python\nDjango", visa_sponsorship=True)
    forms.submit("/desk/settings", {"address": "Grote Markt 1, Groningen", "days": ["tue", "thu"],
                                    "hours": "10:00–16:00", "booking": "loket@example.nl"})
    url, desk_page = ask(forms, VISA_JOBS, "nl")
    assert '<html lang="en">' in desk_page  # the desk itself stays in the staff's language
    response = client.get(url + "/handout?lang=nl")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Bronnen" in page and "Vacatures die kunnen passen" in page and "Open op" in page
    assert "dinsdag en donderdag" in page and "Grote Markt 1, Groningen" in page and "loket@example.nl" in page
    assert "23 november 2026" in page
    assert "http://localhost/guide/highly-skilled-migrant?lang=nl#" in page  # written out, for paper
    assert f"http://localhost/vacancies/{vacancy.id}" in page and "Python developer" in page
    assert "https://ind.nl/" in page  # the official source
    assert "http://localhost/appointments?lang=nl" in page  # where to book
    assert 'href="/static/css/print.css"' in page and f'href="{url}"' in page  # back to the answer, not an empty desk
    assert db.scalar(select(func.count(QuestionLog.id))) == 1  # only the question itself: the handout reads


def test_the_handout_lists_each_guide_page_once_with_its_sections():
    from datetime import date

    from loket.services.assistant import Source
    from loket.web.desk.routes import _by_page

    def source(page, section, lang="en"):
        return Source(page, page.title(), section, section.lower(), lang, date(2026, 11, 20), ("https://ind.nl/",))

    sources = [source("hsm", "Criteria"), source("blue", "Conditions"), source("hsm", "Who"), source("hsm", "Criteria", "nl")]
    grouped = _by_page(sources)
    assert [[(s.id, s.section, s.lang) for s in group] for group in grouped] == [
        [("hsm", "Criteria", "en"), ("hsm", "Who", "en")], [("blue", "Conditions", "en")], [("hsm", "Criteria", "nl")]]


def test_handout_in_english_and_for_a_handoff(client, assistant, logged_in_staff, forms):
    url, _page = ask(forms, "Write me a poem about the sea", "en")
    page = client.get(url + "/handout").get_data(as_text=True)
    assert '<html lang="en">' in page and "A person at the Digital Career Loket can help you." in page


def test_the_answer_page_survives_reload_back_and_logging_the_visit(client, assistant, logged_in_staff, forms, db):
    url, page = ask(forms, VISA_JOBS, "en")
    # Back/reload: a GET that gives the same page (CSRF tokens carry a timestamp, so two loads a second apart differ there).
    same = [re.sub(r'(name="csrf_token" value=|name="csrf-token" content=)"[^"]+"', r"\1", client.get(url).get_data(as_text=True))
            for _ in range(2)]
    assert same[0] == same[1]
    token = url.rsplit("/", 1)[1]
    assert f'name="answer" value="{token}"' in page
    saved = forms.submit("/desk/visits", {"answer": token, "topic": "visa-residence", "language": "en",
                                         "channel": "walk-in", "outcome": "answered"}, page=url)
    assert saved.status_code == 303 and saved.headers["Location"] == url + "#visit"
    after = client.get(url).get_data(as_text=True)
    assert "Visit saved." in after and "All matching passages" in after and f"{url}/handout" in after
    assert visits(db) == 1 and db.scalar(select(func.count(QuestionLog.id))) == 1
    # An invalid visit keeps the answer on the page too.
    bad = forms.submit("/desk/visits", {"answer": token, "topic": "astrology", "language": "en",
                                       "channel": "walk-in", "outcome": "answered"}, page=url)
    assert bad.status_code == 400 and "All matching passages" in bad.get_data(as_text=True) and visits(db) == 1


def test_a_kept_answer_is_redacted_and_expires(client, assistant, logged_in_staff, forms, db, app):
    from loket.services import desk
    from loket.storage.models.desk import DeskAnswer

    url, page = ask(forms, "Can I call you on 06-12345678 about my visa?", "en")
    kept = db.scalars(select(DeskAnswer)).one()
    assert "12345678" not in kept.question and "12345678" not in page
    kept.created_at = datetime.now(timezone.utc).replace(year=2020)
    db.commit()
    expired = client.get(url)
    assert expired.status_code == 302 and expired.headers["Location"] == "/desk"
    assert "no longer kept" in client.get("/desk").get_data(as_text=True)
    assert client.get(url + "/handout").status_code == 302
    assert desk.purge_answers(db) == 1 and db.scalar(select(func.count(DeskAnswer.id))) == 0


@pytest.mark.parametrize("suffix", ["?lang=de", "/handout?lang=de"])
def test_answer_pages_refuse_bad_input(client, assistant, logged_in_staff, forms, suffix):
    url, _page = ask(forms, VISA_JOBS, "en")
    assert client.get(url + suffix).status_code == 400
    assert client.get("/desk/answers/not-a-token" + suffix.split("?")[0]).status_code == 302


# --- The visit log -------------------------------------------------------------------------------------


def test_visit_form_is_preselected_for_the_common_case(client, logged_in_staff):
    page = client.get("/desk").get_data(as_text=True)
    for checked in ['value="en" checked', 'value="walk-in" checked', 'value="answered" checked']:
        assert checked in page
    form = page[page.index('action="/desk/visits"'):]
    assert not re.search(r'name="topic" id="[^"]+" value="[^"]+" checked', form)  # the topic is always chosen


def test_a_valid_visit_writes_exactly_one_row(client, logged_in_staff, forms, db):
    response = forms.submit("/desk/visits", {"topic": "dutch-lessons", "language": "en", "channel": "walk-in",
                                             "outcome": "referred", "satisfaction": ""}, page="/desk")
    assert response.status_code == 303 and response.location.startswith("/desk")
    visit = db.scalars(select(DeskVisit)).one()
    assert (visit.topic, visit.language, visit.channel, visit.outcome, visit.satisfaction) == (
        "dutch-lessons", "en", "walk-in", "referred", None)
    assert "Visit saved." in client.get(response.location).get_data(as_text=True)
    forms.submit("/desk/visits", {"topic": "vacancies", "language": "other", "channel": "chat", "outcome": "appointment",
                                  "satisfaction": "5"}, page="/desk")
    assert visits(db) == 2
    assert db.scalars(select(DeskVisit).order_by(DeskVisit.id.desc())).first().satisfaction == 5


def test_a_visit_stores_nothing_about_the_person():
    columns = {c.name for c in DeskVisit.__table__.columns}  # no name, free text, staff id or address
    assert columns == {"id", "created_at", "topic", "language", "channel", "outcome", "satisfaction"}


@pytest.mark.parametrize("change", [{"topic": "astrology"}, {"satisfaction": "6"}, {"satisfaction": "0"}, {"outcome": ""},
                                    {"channel": "pigeon"}, {"language": "de"}, {"topic": None}])
def test_invalid_visits_get_400_and_write_nothing(client, logged_in_staff, forms, db, change):
    data = {"topic": "other", "language": "en", "channel": "walk-in", "outcome": "answered", "satisfaction": "3", **change}
    data = {k: v for k, v in data.items() if v is not None}
    response = forms.submit("/desk/visits", data, page="/desk")
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)
    assert visits(db) == 0


def test_a_visit_without_csrf_token_is_refused(client, logged_in_staff, db):
    response = client.post("/desk/visits", data={"topic": "other", "language": "en", "channel": "walk-in", "outcome": "answered"})
    assert response.status_code == 400  # ASVS 3.5.1
    assert visits(db) == 0


# --- Loket settings --------------------------------------------------------------------------------------


def test_staff_see_the_settings_but_only_an_admin_changes_them(client, logged_in_staff, forms, db):
    page = client.get("/desk/settings").get_data(as_text=True)
    assert "Only an administrator can change these details." in page
    assert "The action plan for 2026: open 3 days a week" in page
    response = forms.submit("/desk/settings", {"address": "Elsewhere 1", "days": ["mon"], "hours": "", "booking": ""})
    assert response.status_code == 403 and db.get(LoketSettings, 1) is None


def test_settings_change_the_contact_page_and_the_assistants_handoff(client, assistant, logged_in_admin, forms, db):
    assert "Grote Markt 1" not in client.get("/contact?lang=en").get_data(as_text=True)
    response = forms.submit("/desk/settings", {"address": "Grote Markt 1, Groningen", "days": ["mon", "wed", "fri"],
                                               "hours": "09:00–17:00", "booking": "https://loket.example/book"})
    assert response.status_code == 303
    saved = db.get(LoketSettings, 1)
    assert (saved.address, saved.days, saved.hours, saved.booking) == (
        "Grote Markt 1, Groningen", "mon,wed,fri", "09:00–17:00", "https://loket.example/book")
    contact = client.get("/contact?lang=en").get_data(as_text=True)
    assert "Grote Markt 1, Groningen" in contact and "Monday, Wednesday and Friday" in contact and "09:00–17:00" in contact
    handoff = client.post("/api/v1/ask", json={"question": "Write me a poem about the sea", "lang": "en"}).get_json()
    assert handoff["handoff"] and "Grote Markt 1, Groningen" in handoff["answer"]
    assert "Monday, Wednesday and Friday" in handoff["answer"] and "https://loket.example/book" in handoff["answer"]
    assert handoff["loket"]["days"] == ["mon", "wed", "fri"]
    dutch = client.post("/api/v1/ask", json={"question": "Schrijf een gedicht over de lente"}).get_json()
    assert "maandag, woensdag en vrijdag" in dutch["answer"]


@pytest.mark.parametrize("data", [{"days": []}, {"days": ["someday"]}, {"address": "x" * 301, "days": ["mon"]},
                                  {"hours": "10\n11", "days": ["mon"]}])
def test_invalid_settings_get_400_and_are_not_saved(client, logged_in_admin, forms, db, data):
    response = forms.submit("/desk/settings", {"address": "", "hours": "", "booking": "", **data})
    assert response.status_code == 400 and "There is a problem" in response.get_data(as_text=True)
    assert db.get(LoketSettings, 1) is None


# --- The dashboard and its CSV ---------------------------------------------------------------------------


@pytest.fixture
def some_figures(make, desk_make):
    company = make.company(created_at=at("2026-11-01"))
    vacancy = make.vacancy(company, posted_date=date(2026, 11, 1), closing_date=date(2026, 11, 12))
    desk_make.stat(vacancy, date(2026, 11, 3), views=9, apply_clicks=2)
    desk_make.stat(vacancy, date(2026, 11, 10), views=4, apply_clicks=1)
    desk_make.question(at("2026-11-03"), feedback="up", topic="visa-residence")
    desk_make.question(at("2026-11-11"), handoff=True, reason="low-confidence", question="Where do I park my bicycle, sir?")
    desk_make.visit(at("2026-11-04"), satisfaction=4)
    desk_make.visit(at("2026-11-05"), channel="phone", outcome="referred", satisfaction=5)
    return vacancy


def _cell(page: str, chart: str, figure: str) -> list[str]:
    table = re.search(rf'<table class="figure-table" id="table-{chart}">.*?</table>', page, re.S).group(0)
    return re.findall(rf'<td data-figure="{figure}">([^<]*)</td>', table)


def test_dashboard_shows_the_figures_per_week_with_a_table_for_every_chart(client, logged_in_staff, some_figures):
    response = client.get("/desk/dashboard?from=2026-11-02&to=2026-11-15&period=week")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert _cell(page, "vacancies", "open_vacancies_target_group") == ["1", "0"]
    assert _cell(page, "companies", "international_friendly_companies") == ["1", "1"]
    assert _cell(page, "views", "vacancy_views") == ["9", "4"] and _cell(page, "views", "apply_clicks") == ["2", "1"]
    assert _cell(page, "handoffs", "handoff_rate") == ["0.0", "100.0"]
    assert _cell(page, "feedback", "thumbs_up") == ["1", "0"]
    assert _cell(page, "channels", "visits_phone") == ["1", "0"]
    assert _cell(page, "satisfaction", "average_satisfaction") == ["4.5", "–"]
    svgs = re.findall(r'<svg[^>]*role="img"[^>]*aria-label="[^"]+"', page)
    tables = re.findall(r'<table class="figure-table"', page)
    assert len(svgs) == len(tables) == 12
    assert "<script" not in page.split("<main", 1)[1]  # charts need no JavaScript
    assert "/desk/dashboard.csv?from=2026-11-02&amp;to=2026-11-15&amp;period=week" in page


def test_dashboard_per_month(client, logged_in_staff, some_figures):
    page = client.get("/desk/dashboard?from=2026-10-01&to=2026-11-30&period=month").get_data(as_text=True)
    assert _cell(page, "views", "vacancy_views") == ["0", "13"]
    assert _cell(page, "channels", "desk_visits") == ["0", "2"]


def test_dashboard_defaults_to_the_last_twelve_weeks(client, logged_in_staff):
    page = client.get("/desk/dashboard").get_data(as_text=True)
    assert 'value="2026-09-07"' in page and 'value="2026-11-23"' in page
    assert len(re.findall(r'<td data-figure="vacancy_views">', page)) == 12


@pytest.mark.parametrize("query", ["from=2026-02-30", "from=yesterday", "to=2026-11-40", "from=2026-11-10&to=2026-11-01",
                                   "period=year", "from=2010-01-01&to=2026-01-01"])
def test_dashboard_refuses_bad_filters(client, logged_in_staff, query):
    assert client.get(f"/desk/dashboard?{query}").status_code == 400
    assert client.get(f"/desk/dashboard.csv?{query}").status_code == 400


def test_csv_export_has_a_row_per_period_and_a_column_per_figure(client, logged_in_staff, some_figures):
    from loket.services.indicators import FIGURES

    response = client.get("/desk/dashboard.csv?from=2026-11-02&to=2026-11-15&period=week")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    assert list(rows[0]) == ["period", "start", "end", *FIGURES]
    assert [(r["period"], r["start"], r["end"]) for r in rows] == [
        ("2026-W45", "2026-11-02", "2026-11-08"), ("2026-W46", "2026-11-09", "2026-11-15")]
    assert [r["vacancy_views"] for r in rows] == ["9", "4"]
    assert [r["open_vacancies_target_group"] for r in rows] == ["1", "0"]
    assert [r["questions"] for r in rows] == ["1", "1"] and [r["handoff_rate"] for r in rows] == ["0.0", "100.0"]
    assert [r["desk_visits"] for r in rows] == ["2", "0"] and [r["average_satisfaction"] for r in rows] == ["4.5", ""]


# --- Questions the assistant could not answer ------------------------------------------------------------------


def test_unanswered_questions_are_grouped_with_their_best_ranked_page(client, assistant, logged_in_staff, desk_make):
    q = desk_make.question
    for text in ["zxqv blorp wibble?", "Zxqv blorp wibble"]:
        q(at("2026-11-10"), question=text, handoff=True, reason="low-confidence")
    q(at("2026-11-11"), question="What are the salary criteria for a highly skilled migrant?", feedback="down")
    q(at("2026-11-12"), question="Write me a poem", handoff=True, reason="off-topic")
    page = client.get("/desk/unanswered?from=2026-11-01&to=2026-11-22").get_data(as_text=True)
    groups = re.findall(r'<li class="unanswered-group">.*?</li>\s*(?=<li class="unanswered-group">|</ol>)', page, re.S)
    assert len(groups) == 2
    assert "2 questions" in groups[0] and "no page yet" in groups[0]
    assert "1 question" in groups[1] and 'href="/guide/highly-skilled-migrant' in groups[1]
    assert "Best-ranked page:" in groups[1] and "should have found" not in page
    assert "Write me a poem" not in page
