from __future__ import annotations

import numpy as np
import pytest

from loket.retrieval import FakeEmbedder, Retriever

from .conftest import small_content


def test_hits_are_in_the_answer_language_where_a_twin_exists(small_retriever):
    hits = small_retriever.search("highly skilled migrant salary criteria 2026", "nl", k=20)
    keys = [h.chunk.key for h in hits]
    assert len(keys) == len(set(keys)), "deduplicated by key"
    assert keys[0] == "nl/highly-skilled-migrant#salarisnormen-in-2026"
    for hit in hits:
        # Pages without a Dutch twin keep their own language.
        assert hit.chunk.lang == "nl" or small_retriever.content.get("nl", hit.chunk.page_id) is None
    # The English section matched; the answer is its Dutch twin.
    assert any(name.startswith("bm25-en") for name in hits[0].ranks)


def test_english_question_about_dutch_text_maps_back(small_retriever):
    hits = small_retriever.search("Talencentrum cursussen Nederlands", "en")
    assert hits[0].chunk.key == "en/dutch-lessons-groningen#language-centre"
    assert hits[0].matched.startswith("nl/")


def test_modes(small_retriever):
    for mode in ("fused", "bm25", "dense"):
        hits = small_retriever.search("recognised sponsor", "en", k=3, mode=mode)
        assert 0 < len(hits) <= 3
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert set(small_retriever.search("recognised sponsor", "en", mode="bm25")[0].ranks) <= {"bm25-en", "bm25-nl"}
    assert set(small_retriever.search("recognised sponsor", "en", mode="dense")[0].ranks) == {"dense"}
    with pytest.raises(ValueError):
        small_retriever.search("x", "en", mode="magic")
    with pytest.raises(ValueError):
        small_retriever.search("x", "de")


def test_confidence_is_higher_for_a_question_the_content_answers(small_retriever):
    good = small_retriever.retrieve("highly skilled migrant salary criteria", "en")
    bad = small_retriever.retrieve("zebra crossing xylophone", "en")
    assert 0.0 <= bad.confidence < good.confidence <= 1.0
    assert set(good.features) >= {"coverage", "cosine", "agreement"}


def test_warm_up_persists_and_is_idempotent(tmp_path):
    embedder = FakeEmbedder()
    retriever = Retriever(small_content(), embedder, tmp_path / "index")
    assert retriever.warm_up() is retriever.warm_up()
    calls = embedder.calls
    assert {p.name.split("-")[0] for p in (tmp_path / "index").iterdir()} == {"content", "pages", "sentences", "sentences_in_context"}
    again = FakeEmbedder()
    reloaded = Retriever(small_content(), again, tmp_path / "index").warm_up()
    assert again.calls == 0 and calls == 4 and reloaded.times.dense_loaded_from_disk
    np.testing.assert_allclose(reloaded.dense.vectors, retriever.dense.vectors, rtol=1e-6)


def test_search_warms_up_on_first_use():
    retriever = Retriever(small_content(), FakeEmbedder(), sentence_vectors=False)
    assert retriever.search("Dutch lessons", "en")
    assert retriever.sentences is None


class _Composing(FakeEmbedder):
    """The fake, but composing sections from sentence vectors as the real engines do."""

    compose_sections = True


def test_a_real_model_gets_its_sections_composed_from_sentences(tmp_path):
    embedder = _Composing()
    retriever = Retriever(small_content(), embedder, tmp_path / "index").warm_up()
    # Only pages and sentences (alone and in context) are encoded; section vectors are means of the first.
    assert {p.name.split("-")[0] for p in (tmp_path / "index").iterdir()} == {"pages", "sentences", "sentences_in_context"}
    assert embedder.calls == 3 and retriever.search("Dutch lessons Groningen", "en")
