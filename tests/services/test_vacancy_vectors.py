"""Vacancy vectors: stored once per vacancy, whichever worker computes them first."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
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
    for doc in index.docs:
        assert np.allclose(stored[doc.id], index.vector(doc.id))


# Incremental updates of a worker's index ---------------------------------------------------

def _assistant():
    return Assistant(get_content(PROJECT_ROOT / "content"), FakeEmbedder(), index_dir=None)


def test_a_worker_rereads_only_the_changed_vacancies_and_ends_with_the_full_rebuild(app, make, db, monkeypatch):
    from loket.services import moderation, posting
    from loket.storage.models import Vacancy
    from loket.storage.queries import bump_vacancy_version

    company = make.company()
    kept = make.vacancy(company=company, title="Data engineer", skills="Python\nSQL")
    edited = make.vacancy(company=company, title="Network engineer", skills="Cisco")
    closed = make.vacancy(company=company, title="Tester", skills="Selenium")
    deleted = make.vacancy(company=company, title="Helpdesk", skills="Windows")
    pending = make.vacancy(company=company, title="Kubernetes engineer", skills="Kubernetes", status="pending")
    worker = _assistant()
    assert {d.id for d in worker._vacancy_index(db, TODAY).docs} == {kept.id, edited.id, closed.id, deleted.id}

    reads = []
    real_update = worker._update_vacancy_index
    monkeypatch.setattr(worker, "_build_vacancy_index", lambda *a: pytest.fail("rebuilt whole for a few changes"))
    monkeypatch.setattr(worker, "_update_vacancy_index", lambda s, t, changed: (reads.append(set(changed)), real_update(s, t, changed)))

    edited.title, edited.skills = "Cloud network engineer", "Azure\nCisco"
    bump_vacancy_version(db, [edited.id])
    db.commit()
    posting.close(db, closed)
    moderation.approve(db, pending, make.user(role="staff"), TODAY, embedder=FakeEmbedder())
    db.delete(deleted)
    bump_vacancy_version(db, [deleted.id])
    db.commit()

    index = worker._vacancy_index(db, TODAY)
    assert reads == [{edited.id, closed.id, pending.id, deleted.id}]  # not the unchanged one
    rebuilt = _assistant()._vacancy_index(db, TODAY)
    assert index.docs == rebuilt.docs
    assert {d.id for d in index.docs} == {kept.id, edited.id, pending.id}
    assert next(d for d in index.docs if d.id == edited.id).title == "Cloud network engineer"
    for doc in rebuilt.docs:
        assert np.array_equal(index.vector(doc.id), rebuilt.vector(doc.id))
    vector = FakeEmbedder().encode_queries(["cloud network engineer azure"])[0]
    found = index.search(vector, "azure", today=TODAY, terms=("azure",))
    assert found == rebuilt.search(vector, "azure", today=TODAY, terms=("azure",))
    assert found == [edited.id]
    assert db.get(Vacancy, kept.id) is not None


def test_a_bump_naming_no_vacancy_or_a_worker_far_behind_rebuilds_whole(app, make, db):
    from loket.storage.queries import CHANGES_KEPT, advance_vacancy_version, bump_vacancy_version

    make.vacancy(title="Data engineer")
    worker = _assistant()
    first = worker._vacancy_index(db, TODAY)
    bump_vacancy_version(db)  # no ids: everything may have changed
    db.commit()
    assert worker._vacancy_index(db, TODAY) is not first
    second = worker._vacancy_index(db, TODAY)
    seen = worker._vacancy_version
    advance_vacancy_version(db, seen)  # as after a restore
    db.commit()
    assert worker._vacancy_index(db, TODAY) is not second
    assert worker._vacancy_version > seen + CHANGES_KEPT


def test_many_missing_vectors_are_computed_in_the_background_not_in_the_request(app, make, db, monkeypatch):
    from loket.services import assistant as assistant_service
    from loket.services.assistant import INLINE_VECTORS

    monkeypatch.setattr(assistant_service, "WARM_UP_VECTORS", 0)  # as after a model change at scale
    company = make.company()
    vacancies = [make.vacancy(company=company, title=f"Python developer {n}") for n in range(INLINE_VECTORS + 4)]
    database = app.extensions["loket.db"]
    worker = _assistant().use_sessions(database.sessions)
    index = worker._vacancy_index(db, TODAY)
    assert len(index) == len(vacancies)
    assert not any(index.vector(v.id).any() for v in vacancies)  # found by their words meanwhile
    assert worker.wait_for_vectors(30)
    with database.session() as other:
        assert other.scalar(select(func.count()).select_from(VacancyVector)) == len(vacancies)
    index = worker._vacancy_index(db, TODAY)  # takes the stored vectors in
    expected = FakeEmbedder().encode_passages([d.text for d in index.docs])
    for doc, vector in zip(index.docs, expected, strict=True):
        assert np.allclose(index.vector(doc.id), vector)


# Vectors computed when vacancies arrive ----------------------------------------------------

def test_import_computes_the_vectors_of_published_vacancies(app, db):
    from loket.services.importing import Records, import_records
    from loket.services.vacancy_vectors import index_text, text_hash
    from loket.storage.models import Vacancy

    company = {"slug": "noord", "name": "Noord", "city": "Emmen", "province": "drenthe"}
    base = {"company": "noord", "title": "Dev", "city": "Emmen", "province": "drenthe", "occupation": "2512",
            "description": "Python and SQL.", "remote": "hybrid", "contract": "permanent", "seniority": "junior",
            "posted_date": "2026-11-20", "closing_date": "2026-12-20", "apply_url": "https://x.example/1"}
    result = import_records(db, Records([company], [{**base, "ref": "a"}, {**base, "ref": "b", "title": "Tester"}]),
                            embedder=FakeEmbedder())
    db.commit()
    assert result.vacancies_added == 2 and result.vectors_computed == 2
    rows = {row.vacancy_id: row for row in db.scalars(select(VacancyVector))}
    for vacancy in db.scalars(select(Vacancy)):
        assert rows[vacancy.id].model == FakeEmbedder().name
        assert rows[vacancy.id].text_hash == text_hash(index_text(vacancy))


def test_compute_vectors_does_only_the_missing_and_stale_ones(app, make, db):
    from loket.services.vacancy_vectors import compute_vectors

    first, second = make.vacancy(title="Data engineer"), make.vacancy(title="Tester")
    make.vacancy(title="Closed one", status="closed")
    assert compute_vectors(db, FakeEmbedder(), today=TODAY) == 2
    assert compute_vectors(db, FakeEmbedder(), today=TODAY) == 0
    second.title = "Test automation engineer"
    db.commit()
    assert compute_vectors(db, FakeEmbedder(), today=TODAY) == 1
    assert compute_vectors(db, FakeEmbedder(dim=32), today=TODAY) == 2  # another model: all again
    assert first.id


def test_without_sessions_of_its_own_the_first_build_computes_every_vector(app, make, db, monkeypatch):
    from loket.services import assistant as assistant_service

    monkeypatch.setattr(assistant_service, "WARM_UP_VECTORS", 0)
    company = make.company()
    vacancies = [make.vacancy(company=company, title=f"Tester {n}") for n in range(assistant_service.INLINE_VECTORS + 4)]
    index = _assistant()._vacancy_index(db, TODAY)  # no session factory: nothing could run in the background
    assert all(index.vector(v.id).any() for v in vacancies)
    assert db.scalar(select(func.count()).select_from(VacancyVector)) == len(vacancies)
