"""Reading a question: parts, the kind of answer wanted, places, personal figures, follow-ups, the loket itself."""
from __future__ import annotations

import pytest

from loket.retrieval.question import analyze, answer_type, is_follow_up, is_job_search, loket_aspects, personal_figures, split_parts, with_context


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much does a Dutch course cost?", "amount"),
        ("hoeveel kost een cursus?", "amount"),
        ("How long does the IND take?", "duration"),
        ("hoe lang duurt de aanvraag", "duration"),
        ("When does the 30% ruling change?", "date"),
        ("Where can I learn Dutch in Leeuwarden?", "place"),
        ("Waar kan ik Nederlandse les volgen?", "place"),
        ("How do I register at the municipality?", "steps"),
        ("Can my partner work here?", "yes_no"),
        ("Mag mijn partner hier werken?", "yes_no"),
        # Other languages (rules/questions.yaml, folded patterns).
        ("Wie viel kostet ein Niederländischkurs?", "amount"),
        ("Wie lange dauert die 30%-Regelung?", "duration"),
        ("Que es la regla del 30% y cuanto dura?", "duration"),
        ("¿Cuánto cuesta el curso?", "amount"),
        ("Quanto tempo demora o BSN?", "duration"),
        ("ile kosztuje kurs niderlandzkiego?", "amount"),
        ("Скільки коштує медична страховка?", "amount"),
        ("onde fazer curso de holandes gratis em groningen", "place"),
        ("Ne zaman başvurabilirim?", "date"),
    ],
)
def test_the_kind_of_answer_a_question_wants(question, kind):
    assert answer_type(question) == kind


def test_two_questions_in_one_are_split_but_one_question_is_not():
    assert split_parts("how long does the permit take and can my wife work?") == ["how long does the permit take", "can my wife work?"]
    assert split_parts("hoe lang duurt de aanvraag en mag mijn vrouw dan ook werken?") == [
        "hoe lang duurt de aanvraag", "mag mijn vrouw dan ook werken?"]
    assert len(split_parts("Do I need a visa and a work permit?")) == 1  # "and" joins two nouns here
    assert len(split_parts("I earn 4,500, is that enough?")) == 1


@pytest.mark.parametrize(
    ("question", "age", "salary", "period"),
    [
        ("I'm 29 and earn 4,800 gross, is that enough for the kennismigrant permit?", 29, 4800, "month"),
        ("ik ben 31 en verdien 5100 bruto, is dat genoeg voor kennismigrant?", 31, 5100, "month"),
        ("my offer is 65k a year, I am 32, enough for HSM?", 32, 65000, "year"),
        ("how much do i need to earn as a kennismigrant if I am 28", 28, None, "month"),
    ],
)
def test_personal_figures_for_a_permit(question, age, salary, period):
    personal = personal_figures(question)
    assert personal is not None and personal.age == age and personal.salary == salary and personal.period == period


def test_figures_without_a_permit_are_not_personal_figures():
    assert personal_figures("I have 2 kids aged 5 and 7, which school?") is None
    assert personal_figures("the course costs 600 euro, is there a cheaper one?") is None


def test_follow_ups_lean_on_the_conversation():
    assert is_follow_up("and for my partner?", ["Can I work here with a highly skilled migrant permit?"])
    assert is_follow_up("en in Assen?", ["Waar kan ik Nederlandse les volgen in Groningen?"])
    assert not is_follow_up("and for my partner?", [])
    assert not is_follow_up("How do I open a bank account in the Netherlands?", ["Where can I learn Dutch?"])
    analysis = analyze("en in Assen?", ["Waar kan ik Nederlandse les volgen in Groningen?"])
    assert "assen" in analysis.search_text and "groningen" not in analysis.search_text
    assert analysis.parts[0].places == ("assen",) and analysis.parts[0].answer_type == "place"


@pytest.mark.parametrize(
    ("question", "aspects"),
    [
        ("Where is the loket?", {"where"}),
        ("When are you open?", {"when"}),
        ("Do I need an appointment?", {"booking"}),
        ("Waar zit het loket en wanneer zijn jullie open?", {"where", "when"}),
        ("Do I need an appointment at the gemeente to get a BSN?", set()),
        ("Can the loket check my CV?", set()),
        ("where do you recommend I learn Dutch", set()),
    ],
)
def test_questions_about_the_loket_itself(question, aspects):
    assert set(loket_aspects(question)) == aspects


@pytest.mark.parametrize(
    ("question", "lang", "aspects"),
    [
        ("An welchen Tagen hat der Loket geöffnet und muss ich vorher einen Termin machen?", "de", {"when", "booking"}),
        ("Kiedy jest otwarty Digital Career Loket i czy trzeba się wcześniej umówić?", "pl", {"when", "booking"}),
        ("Qual é o horário do loket?", "pt", {"when"}),
        ("متى يفتح مكتب الـ Loket وفي أي أيام؟", "ar", {"when"}),
        ("¿Dónde está el loket?", "es", {"where"}),
        # Naming the loket is what makes it about the loket; and a CV check stays a CV question.
        ("¿Dónde puedo aprender holandés los lunes?", "es", set()),
        ("Kann der Loket meinen CV prüfen, brauche ich einen Termin?", "de", set()),
    ],
)
def test_questions_about_the_loket_in_other_languages(question, lang, aspects):
    assert set(analyze(question, (), lang).loket_aspects) == aspects


def test_personal_figures_in_another_language():
    personal = personal_figures("Hola! tengo 28 años y me ofrecen 4.000 brutos al mes, me alcanza para la visa de kennismigrant?")
    assert personal is not None and personal.age == 28 and personal.salary == 4000 and personal.period == "month"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("any python jobs in groningen without dutch?", True),
        ("remote devops vacancies", True),
        ("zoek werk als systeembeheerder", True),
        ("want to switch jobs, does my permit carry over?", False),
        ("What is the 30% ruling?", False),
    ],
)
def test_requests_for_vacancies(question, expected):
    assert is_job_search(question) is expected


@pytest.mark.parametrize(
    ("question", "previous", "kept", "dropped"),
    [
        ("and how much does it cost?", "How long does Make IT Work take?", "make it work", "how long"),
        ("en wat kost het?", "Hoe lang duurt Make IT Work?", "make it work", "hoe lang"),
    ],
)
def test_a_follow_up_asking_something_else_keeps_the_subject_not_the_old_question(question, previous, kept, dropped):
    text = with_context(question, [previous])
    assert kept in text and dropped not in text and text.endswith(question)


def test_a_follow_up_asking_the_same_keeps_the_old_question_with_the_new_place():
    text = with_context("and in Assen?", ["Where can I take Dutch lessons in Leeuwarden?"])
    assert text.startswith("where can i take dutch lessons in assen")


@pytest.mark.parametrize(
    "question",
    ["Welke vacatures voor systeembeheerders zonder Nederlands zijn er in Groningen?",
     "Which jobs are there for Python developers in Groningen?", "Wat voor banen zijn er in Drenthe?"],
)
def test_which_jobs_are_there_is_a_job_search(question):
    assert is_job_search(question)


@pytest.mark.parametrize("question", ["Welke vergunning heb ik nodig voor banen in de IT?", "Hoeveel vacatures zijn er in het noorden?"])
def test_a_question_about_jobs_is_not_a_job_search(question):
    assert not is_job_search(question)
