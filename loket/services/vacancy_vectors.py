"""Vacancy vectors for the assistant's suggestions: computed when vacancies arrive, not in a
visitor's request.

Import (`import_records`), moderation approval and `loket index` call `compute_vectors`; the
assistant's index only reads what is stored (it computes a few itself when a change raced
ahead of them, and hands larger numbers to a background thread).
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.vacancies import OCCUPATIONS
from ..retrieval import Embedder
from ..retrieval.vacancy_index import VacancyDoc, vacancy_text
from ..storage.models import Vacancy, VacancyVector
from ..storage.queries import open_vacancies, save_vacancy_vectors

BATCH = 64  # vacancies encoded and stored at a time: a long run keeps what it has done


def index_text(vacancy: Vacancy) -> str:
    occupation = OCCUPATIONS[vacancy.occupation].en if vacancy.occupation in OCCUPATIONS else ""
    return vacancy_text(vacancy.title, vacancy.skill_list, vacancy.description, occupation)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _code(value) -> str:
    return str(getattr(value, "value", value))  # a StrEnum as loaded, or the plain string just assigned


def doc_of(vacancy: Vacancy, text: str) -> VacancyDoc:
    return VacancyDoc(vacancy.id, text, vacancy.title, _code(vacancy.province), vacancy.city, vacancy.dutch_required,
                      vacancy.visa_sponsorship, _code(vacancy.seniority), _code(vacancy.remote), vacancy.closing_date,
                      _code(vacancy.contract), tuple(vacancy.skill_list))


def stored_vectors(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    """The stored vector rows (vacancy_id, model, text_hash, vector) of these vacancies: plain rows,
    not ORM objects, which at 100,000 vacancies would cost a worker memory it never gets back."""
    columns = (VacancyVector.vacancy_id, VacancyVector.model, VacancyVector.text_hash, VacancyVector.vector)
    found: dict[int, Any] = {}
    for start in range(0, len(ids), 5000):  # bounded IN lists
        chunk = list(ids[start:start + 5000])
        found.update((row.vacancy_id, row) for row in session.execute(select(*columns).where(VacancyVector.vacancy_id.in_(chunk))))
    return found


def missing(vacancies: Sequence[Vacancy], stored: dict[int, Any], model: str) -> list[tuple[Vacancy, str]]:
    """The vacancies (with their text) whose stored vector is absent, of another model or of an old text."""
    out = []
    for vacancy in vacancies:
        text = index_text(vacancy)
        row = stored.get(vacancy.id)
        if row is None or row.model != model or row.text_hash != text_hash(text):
            out.append((vacancy, text))
    return out


def encode_and_store(session: Session, embedder: Embedder, todo: Sequence[tuple[Vacancy, str]], commit: bool = True) -> dict[int, np.ndarray]:
    """Encode the texts in batches and store them (upserts: another worker may do the same)."""
    vectors: dict[int, np.ndarray] = {}
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        encoded = embedder.encode_passages([text for _, text in batch])
        rows = []
        for (vacancy, text), vector in zip(batch, encoded, strict=True):
            vector = np.asarray(vector, dtype=np.float32)
            vectors[vacancy.id] = vector
            rows.append({"vacancy_id": vacancy.id, "model": embedder.name, "text_hash": text_hash(text), "vector": vector.tobytes()})
        save_vacancy_vectors(session, rows)
        if commit:
            session.commit()
    return vectors


def compute_vectors(session: Session, embedder: Embedder, vacancies: Sequence[Vacancy] | None = None,
                    today: date | None = None, commit: bool = True) -> int:
    """Compute and store the missing or stale vectors of `vacancies` (default: every open one on
    `today`); returns how many were computed. `commit=False`: inside the caller's transaction."""
    if vacancies is None:
        vacancies = list(session.scalars(select(Vacancy).where(open_vacancies(today or date.today())).order_by(Vacancy.id)))
    todo = missing(vacancies, stored_vectors(session, [v.id for v in vacancies]), embedder.name)
    encode_and_store(session, embedder, todo, commit=commit)
    return len(todo)
