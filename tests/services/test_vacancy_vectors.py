"""Vacancy vectors: stored once per vacancy, whichever worker computes them first."""
from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy import func, select

from loket.config import PROJECT_ROOT
from loket.content import get_content
from loket.retrieval import FakeEmbedder
from loket.services.assistant import Assistant
from loket.storage.models import VacancyVector

TODAY = date(2026, 11, 23)


class SlowEmbedder(FakeEmbedder):
    """Runs `meanwhile` while it encodes: another worker finishing first."""

    def __init__(self, meanwhile):
        super().__init__()
        self.meanwhile = meanwhile

    def encode_passages(self, texts):
        self.meanwhile()
        return super().encode_passages(texts)


def test_two_workers_computing_the_same_missing_vectors_both_succeed(app, make):
    # Found by scripts/loadtest.py: three gunicorn workers warming up on a fresh database each
    # inserted the demo vacancies' vectors; the second failed on the primary key and gunicorn stopped.
    make.vacancy(title="Data engineer", skills="Python\nSQL")
    make.vacancy(title="Network engineer", skills="Cisco")
    content = get_content(PROJECT_ROOT / "content")
    database = app.extensions["loket.db"]
    first = Assistant(content, FakeEmbedder(), index_dir=None)

    def first_worker_finishes():
        with database.session() as other:
            assert len(first._vacancy_index(other, TODAY)) == 2

    second = Assistant(content, SlowEmbedder(first_worker_finishes), index_dir=None)
    with database.session() as session:
        index = second._vacancy_index(session, TODAY)
        assert len(index) == 2
        assert session.scalar(select(func.count()).select_from(VacancyVector)) == 2
        stored = {row.vacancy_id: np.frombuffer(row.vector, dtype=np.float32) for row in session.scalars(select(VacancyVector))}
    for doc, vector in zip(index.docs, index.vectors, strict=True):
        assert np.allclose(stored[doc.id], vector)
