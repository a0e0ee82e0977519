"""The assistant is warmed before the first visitor: indexes built and one answer given."""
from __future__ import annotations

from types import SimpleNamespace

from loket.serving import post_worker_init
from loket.web.assistant.engine import warm_up


def test_warm_up_builds_the_vacancy_index_and_answers(app, assistant, make):
    make.vacancy(title="Python developer")
    assistant._vacancies = None
    seconds = warm_up(app)
    assert seconds >= 0
    assert assistant.retriever.dense is not None
    assert assistant._vacancies is not None and len(assistant._vacancies) == 1


def test_gunicorns_post_worker_init_warms_up_the_workers_own_assistant(app, assistant):
    # gunicorn.conf.py: each worker loads its own model and indexes before it takes requests.
    assistant.retriever.dense = None  # as in a new worker: nothing loaded yet
    try:
        messages = []
        post_worker_init(SimpleNamespace(wsgi=app, log=SimpleNamespace(info=lambda *a: messages.append(a[0] % a[1:]))))
        assert assistant.ready and messages and "warmed up" in messages[0]
    finally:
        assistant.retriever.warm_up()
