"""Integration tests with the real bundled model (marked `model`; tens of seconds on 2 cores)."""
from __future__ import annotations

import numpy as np
import pytest

from loket.retrieval import Answerer, Retriever
from loket.retrieval.evaluation import evaluate, format_table, load_questions

pytestmark = pytest.mark.model


def test_real_model_gives_normalised_384_dim_vectors_that_mean_something(real_embedder):
    vectors = real_embedder.encode(
        [
            "Where can I learn Dutch?",
            "Dutch language courses in Groningen",
            "The salary criterion for a highly skilled migrant",
        ]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert real_embedder.dimension == 384
    assert real_embedder.fingerprint.endswith("53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")


def test_fused_beats_bm25_and_dense_on_the_eval_set(real_embedder, real_content, index_cache):
    # Sentence vectors only refine answers, not rankings: skipped to halve a cold build.
    retriever = Retriever(real_content, real_embedder, index_cache, sentence_vectors=False).warm_up()
    results = evaluate(Answerer(retriever), load_questions())
    print("\n" + format_table(results))
    fused = results["fused"]
    for other in ("bm25", "dense"):
        assert fused.recall_at_5 > results[other].recall_at_5 or fused.mrr > results[other].mrr, other
    assert fused.recall_at_5 >= 0.9
    assert fused.answer_rate >= 0.95 and fused.abstain_recall >= 0.8
    assert fused.language_accuracy >= 0.95
