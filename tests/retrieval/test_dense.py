from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from loket.retrieval.chunks import build_chunks
from loket.retrieval.dense import DenseIndex, compose_sections
from loket.retrieval.embedder import FakeEmbedder


def test_search_returns_cosines_best_first(content, fake):
    chunks = build_chunks(content)
    index = DenseIndex.build(chunks, fake)
    query = fake.encode_queries(["Salary criteria in 2026 gross salary per month"])[0]
    found = index.search(query, 3)
    assert found[0][0] == "en/highly-skilled-migrant#salary-criteria-in-2026"
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    assert -1.0 <= found[-1][1] <= found[0][1] <= 1.0 + 1e-6
    assert index.search(query, 0) == []


def test_second_build_loads_from_disk_without_encoding(content, tmp_path):
    chunks = build_chunks(content)
    first_embedder = FakeEmbedder()
    first = DenseIndex.build(chunks, first_embedder, tmp_path)
    assert first_embedder.calls == 1 and not first.loaded_from_disk
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [f"content-{first.fingerprint}.faiss", f"content-{first.fingerprint}.json"]
    assert json.loads((tmp_path / files[1]).read_text())["keys"] == [c.key for c in chunks]

    second_embedder = FakeEmbedder()
    second = DenseIndex.build(chunks, second_embedder, tmp_path)
    assert second_embedder.calls == 0 and second.loaded_from_disk
    np.testing.assert_allclose(second.vectors, first.vectors)


def test_changed_content_rebuilds_and_removes_old_files(content, tmp_path):
    chunks = build_chunks(content)
    old = DenseIndex.build(chunks, FakeEmbedder(), tmp_path)
    changed = [replace(chunks[0], text=chunks[0].text + " New sentence.")] + chunks[1:]
    embedder = FakeEmbedder()
    new = DenseIndex.build(changed, embedder, tmp_path)
    assert embedder.calls == 1 and new.fingerprint != old.fingerprint
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"content-{new.fingerprint}.faiss", f"content-{new.fingerprint}.json"]


def test_changed_model_rebuilds(content, tmp_path):
    chunks = build_chunks(content)
    DenseIndex.build(chunks, FakeEmbedder(dim=64), tmp_path)
    other = FakeEmbedder(dim=32)
    index = DenseIndex.build(chunks, other, tmp_path)
    assert other.calls == 1 and index.index.d == 32


def test_other_index_names_are_left_alone(content, tmp_path):
    chunks = build_chunks(content)
    DenseIndex.build_items(["v1"], ["a vacancy"], FakeEmbedder(), tmp_path, name="vacancies")
    DenseIndex.build(chunks, FakeEmbedder(), tmp_path)
    DenseIndex.build(chunks[1:], FakeEmbedder(), tmp_path)
    names = sorted(p.name.split("-")[0] for p in tmp_path.iterdir())
    assert names == ["content", "content", "vacancies", "vacancies"]


def test_unreadable_index_file_is_rebuilt(content, tmp_path):
    chunks = build_chunks(content)
    built = DenseIndex.build(chunks, FakeEmbedder(), tmp_path)
    (tmp_path / f"content-{built.fingerprint}.faiss").write_bytes(b"garbage")
    embedder = FakeEmbedder()
    DenseIndex.build(chunks, embedder, tmp_path)
    assert embedder.calls == 1


def test_a_rebuild_encodes_only_texts_that_changed(tmp_path):
    embedder = FakeEmbedder()
    first = DenseIndex.build_items(["a", "b", "c"], ["Dutch lessons", "visa rules", "Dutch lessons"], embedder, tmp_path,
                                   name="sentences")
    assert embedder.texts_encoded == 2  # the repeated text once
    again = FakeEmbedder()
    edited = DenseIndex.build_items(["a", "b", "c", "d"], ["Dutch lessons", "visa rules, changed", "Dutch lessons", "new"],
                                    again, tmp_path, name="sentences")
    assert again.texts_encoded == 2 and edited.encoded == 2  # "visa rules, changed" and "new"
    np.testing.assert_allclose(edited.vectors[0], first.vectors[0], rtol=1e-6)
    np.testing.assert_allclose(edited.vectors[1], FakeEmbedder().encode_passages(["visa rules, changed"])[0], rtol=1e-6)
    other_model = FakeEmbedder(dim=32)
    DenseIndex.build_items(["a"], ["Dutch lessons"], other_model, tmp_path, name="sentences")
    assert other_model.texts_encoded == 1  # vectors of another model are never reused
    assert len(list(tmp_path.glob("sentences-*.faiss"))) == 1


def test_composed_sections_are_unit_vectors_near_their_sentences(content):
    embedder = FakeEmbedder()
    chunks = build_chunks(content)
    keys = [f"{c.key}~{i}" for c in chunks for i in range(len(c.sentences))]
    sentences = DenseIndex.build_items(keys, [s.text for c in chunks for s in c.sentences], embedder)
    page_keys = list(dict.fromkeys(c.page_key for c in chunks))
    pages = DenseIndex.build_items(page_keys, [f"page {k}" for k in page_keys], embedder)
    sections = compose_sections(chunks, sentences, pages)
    np.testing.assert_allclose(np.linalg.norm(sections.vectors, axis=1), 1.0, rtol=1e-5)
    salary = next(c for c in chunks if c.key == "en/highly-skilled-migrant#salary-criteria-in-2026")
    own = sentences.similarities(sections.vectors[sections.position[salary.key]], [f"{salary.key}~0"])[0]
    other = sentences.similarities(sections.vectors[sections.position[salary.key]], ["en/dutch-lessons-groningen#costs~0"])[0]
    assert own > other
