"""The assistant is warmed before the first visitor: indexes built and one answer given."""
from __future__ import annotations

from loket.web.assistant.engine import warm_up


def test_warm_up_builds_the_vacancy_index_and_answers(app, assistant, make):
    make.vacancy(title="Python developer")
    assistant._vacancies = None
    seconds = warm_up(app)
    assert seconds >= 0
    assert assistant.retriever.dense is not None
    assert assistant._vacancies is not None and len(assistant._vacancies) == 1
