"""The vacancy index updated in place equals the index built from scratch of the same vacancies."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from loket.retrieval.vacancy_index import VacancyDoc, VacancyIndex

TODAY = date(2026, 11, 23)
WORDS = ("python java kubernetes linux azure network security database sql react typescript php golang rust "
         "embedded firmware statistics support helpdesk servicedesk ansible terraform docker data analytics "
         "design scrum tester automation selenium cypress c# c++ node.js machine learning ci/cd").split()
PROVINCES = {"groningen": "Groningen", "fryslan": "Leeuwarden", "drenthe": "Assen"}
QUESTIONS = [
    ("python developer", {}, ["python"]),
    ("kubernetes en docker", {"province": "groningen"}, ["kubernetes", "docker"]),
    ("c# developer", {"english_only": True}, ["c#"]),
    ("machine learning engineer", {}, ["machine learning"]),
    ("helpdeskmedewerker", {}, ["helpdeskmedewerker"]),
    ("selenium cypress tester", {"remote": "hybrid"}, ["selenium", "cypress"]),
    ("node.js", {"city": "Assen"}, ["node.js"]),
    ("data analytics statistics", {"visa_sponsorship": True}, []),
    ("senior security", {"seniority": "senior"}, []),
]


def make_doc(rnd: random.Random, vid: int) -> VacancyDoc:
    province = rnd.choice(list(PROVINCES))
    words = rnd.sample(WORDS, 6)
    skills = tuple(words[:3])
    title = " ".join(words[3:5]).title() + " engineer"
    return VacancyDoc(vid, f"{title}. {', '.join(skills)}. We build {' and '.join(words)} systems.", title, province,
                      PROVINCES[province], rnd.random() < 0.3, rnd.random() < 0.3, rnd.choice(["junior", "senior"]),
                      rnd.choice(["onsite", "hybrid", "remote"]), TODAY + timedelta(days=rnd.randrange(-3, 30)),
                      rnd.choice(["permanent", "freelance"]), skills)


def vectors_for(docs, seed: int = 1) -> dict[int, np.ndarray]:
    out = {}
    for doc in docs:
        vector = np.random.default_rng(doc.id * 7919 + seed).standard_normal(16).astype(np.float32)
        out[doc.id] = vector / np.linalg.norm(vector)
    return out


def full(docs: dict[int, VacancyDoc], vectors: dict[int, np.ndarray]) -> VacancyIndex:
    ordered = [docs[i] for i in sorted(docs)]
    return VacancyIndex(ordered, np.stack([vectors[d.id] for d in ordered]) if ordered else np.zeros((0, 16)))


def assert_same(updated: VacancyIndex, rebuilt: VacancyIndex) -> None:
    assert updated.docs == rebuilt.docs
    for doc in rebuilt.docs:
        assert np.array_equal(updated.vector(doc.id), rebuilt.vector(doc.id))
    assert updated.vocabulary == rebuilt.vocabulary
    assert updated.skills == rebuilt.skills
    assert len(updated) == len(rebuilt)
    rnd = np.random.default_rng(3)
    for question, filters, terms in QUESTIONS:
        query = rnd.standard_normal(16).astype(np.float32)
        query /= np.linalg.norm(query)
        for skills in ((), tuple(terms[:1])):
            kwargs = dict(today=TODAY, k=10, skills=skills, terms=terms, min_cosine=0.1, **filters)
            assert updated.search(query, question, **kwargs) == rebuilt.search(query, question, **kwargs), question
        assert updated.resolve(terms) == rebuilt.resolve(terms)


@pytest.fixture
def start():
    rnd = random.Random(5)
    docs = {vid: make_doc(rnd, vid) for vid in range(1, 121)}
    return rnd, docs, vectors_for(docs.values())


def test_changed_added_closed_and_deleted_vacancies_give_the_index_of_a_full_rebuild(start):
    rnd, docs, vectors = start
    index = full(docs, vectors)
    # Changed: a new title and skills (and so a new vector); added: new ids; closed and deleted: gone.
    changed = [replace(docs[i], title="Rust firmware engineer", text="Rust firmware engineer. rust, embedded. Firmware.",
                       skills=("rust", "embedded")) for i in (3, 50, 99)]
    added = [make_doc(rnd, vid) for vid in (200, 201, 202)]
    new_vectors = vectors_for(changed + added, seed=2)
    closed, deleted = [10, 11, 60], [12, 120]
    index.update(changed + added, np.stack([new_vectors[d.id] for d in changed + added]), removed=closed + deleted)

    after = dict(docs)
    for doc in changed + added:
        after[doc.id] = doc
    for vid in closed + deleted:
        del after[vid]
    after_vectors = {**vectors, **new_vectors}
    assert_same(index, full(after, after_vectors))
    # The changed vacancies are found by their new words.
    found = index.search(new_vectors[50], "rust firmware", today=TODAY, skills=("rust",), terms=("firmware",))
    assert {3, 50} <= set(found)


def test_many_small_updates_compact_and_stay_equal(start, monkeypatch):
    monkeypatch.setattr(VacancyIndex, "COMPACT_MIN", 20)
    rnd, docs, vectors = start
    index = full(docs, vectors)
    for round_ in range(40):
        ids = rnd.sample(sorted(docs), 6)
        edited = [replace(make_doc(rnd, vid), id=vid) for vid in ids[:4]]
        removed = ids[4:]
        fresh = vectors_for(edited, seed=round_ + 10)
        index.update(edited, np.stack([fresh[d.id] for d in edited]), removed=removed)
        for doc in edited:
            docs[doc.id] = doc
            vectors[doc.id] = fresh[doc.id]
        for vid in removed:
            del docs[vid]
    assert index._size < 120 + 40 * 4  # dead slots were dropped on the way
    assert_same(index, full(docs, vectors))


def test_removing_every_vacancy_and_adding_to_an_empty_index():
    rnd = random.Random(9)
    docs = {vid: make_doc(rnd, vid) for vid in (1, 2)}
    vectors = vectors_for(docs.values())
    index = full(docs, vectors)
    index.update([], np.zeros((0, 16)), removed=[1, 2])
    assert len(index) == 0 and not index.skills and not index.vocabulary
    assert index.search(vectors[1], "python", today=TODAY) == []
    empty = VacancyIndex([], np.zeros((0, 16)))
    empty.update(list(docs.values()), np.stack([vectors[1], vectors[2]]))
    assert_same(empty, full(docs, vectors))
