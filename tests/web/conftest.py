"""Web-test fixtures: the assistant on the real guide content with the fast fake embedder."""
from __future__ import annotations

import pytest

from loket.config import PROJECT_ROOT
from loket.content import get_content
from loket.retrieval import FakeEmbedder
from loket.services.assistant import Assistant


@pytest.fixture(scope="session")
def fake_assistant_parts():
    """Content and a warmed retriever, built once: the fake embedder makes this fast."""
    content = get_content(PROJECT_ROOT / "content")
    assistant = Assistant(content, FakeEmbedder(), index_dir=None).warm_up()
    return content, assistant.retriever


@pytest.fixture
def assistant(app, fake_assistant_parts):
    """An Assistant with the fake embedder injected into the app (vacancy index per test)."""
    content, retriever = fake_assistant_parts
    instance = Assistant(content, retriever.embedder, index_dir=None)
    instance.retriever = retriever
    instance.answerer.retriever = retriever
    app.extensions["loket.assistant"] = instance
    return instance
