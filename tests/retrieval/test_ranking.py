"""The sentence ranker: its training, its rule file, and the features the answerer gives it.

Fast tests: synthetic data for the fit, the fake embedder over conftest.py's small guide.
"""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from loket.retrieval import Answerer
from loket.retrieval.question import analyze
from loket.retrieval.ranking import FEATURES, RULES_FILE, SentenceRanker, fit, sentence_ranker


def test_fit_learns_which_feature_tells_the_positives():
    rng = np.random.default_rng(8)
    matrix = rng.normal(size=(600, 3))
    labels = (matrix[:, 1] + 0.3 * rng.normal(size=600) > 0.5).astype(float)
    model = fit(matrix, labels, l2=1.0)
    assert model.weights[1] > 3 * max(abs(model.weights[0]), abs(model.weights[2]))
    probabilities = model.probabilities(matrix)
    assert probabilities[labels == 1].mean() > 0.7 > 0.3 > probabilities[labels == 0].mean()


def test_a_stronger_penalty_gives_smaller_weights():
    rng = np.random.default_rng(3)
    matrix = rng.normal(size=(300, 2))
    labels = (matrix[:, 0] > 0).astype(float)
    assert abs(fit(matrix, labels, l2=100.0).weights[0]) < abs(fit(matrix, labels, l2=0.1).weights[0])


def test_the_rule_file_names_known_features_and_has_a_default():
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    assert "default" in data["models"]
    for name, entry in data["models"].items():
        assert set(entry["weights"]) <= set(FEATURES), name
        assert SentenceRanker.from_mapping(entry).weights.shape == (len(FEATURES),)


def test_a_model_without_its_own_weights_uses_the_default():
    assert sentence_ranker("no/such-model") is sentence_ranker("default")


def test_an_unknown_feature_is_refused():
    with pytest.raises(ValueError, match="unknown sentence features"):
        SentenceRanker.from_mapping({"bias": 0.0, "weights": {"shoe_size": 1.0}})


def test_weights_survive_the_round_trip_through_the_rule_format():
    model = SentenceRanker(np.arange(len(FEATURES), dtype=float) / 10, -1.5)
    again = SentenceRanker.from_mapping(model.to_mapping())
    assert np.allclose(again.weights, model.weights) and again.bias == model.bias


def test_the_candidates_are_every_sentence_of_the_first_sections_with_their_features(small_retriever):
    answerer = Answerer(small_retriever, threshold=0.0)
    analysis = analyze("How much does Make IT Work cost as a participant?")
    part = analysis.parts[0]
    retrieval = answerer._retrieve(analysis, part, "en", "fused", 10, "en")
    rows, matrix = answerer.candidates(retrieval, part)
    hits = retrieval.hits[: answerer.selection.sections]
    assert len(rows) == sum(len(h.chunk.sentences) for h in hits) == matrix.shape[0]
    assert matrix.shape[1] == len(FEATURES)
    column = {name: n for n, name in enumerate(FEATURES)}
    for name in ("lexical", "dense"):
        assert matrix[:, column[f"{name}_gap"]].max() == 0.0 and (matrix[:, column[f"{name}_gap"]] <= 0).all()
        assert sorted(matrix[:, column[f"{name}_rank"]])[-1] == 1.0
    first = [n for n, (_, i) in enumerate(rows) if i == 0]
    assert (matrix[first, column["first"]] == 1).all() and matrix[:, column["first"]].sum() == len(first)
    # "How much" asks for an amount: a sentence with "€1,000" gives it.
    amount = next(n for n, (h, i) in enumerate(rows) if "€1,000" in hits[h].chunk.sentences[i].text)
    assert matrix[amount, column["type_match"]] == 1 and matrix[amount, column["number"]] == 1


def test_a_list_item_is_never_shown_without_its_introduction(small_retriever):
    answerer = Answerer(small_retriever, threshold=0.0)
    introduced = 0
    for question in ("permit", "Who can take part in Make IT Work?", "Dutch lessons Groningen", "recognised sponsor employer job"):
        answer = answerer.answer(question)
        for chunk in answer.sources:
            shown = [i for i, s in enumerate(chunk.sentences) if s.text in answer.sentences]
            for i in shown:
                if chunk.sentences[i].bullet:
                    start = i
                    while start > 0 and chunk.sentences[start - 1].bullet:
                        start -= 1
                    if start > 0 and chunk.sentences[start - 1].text.endswith(":"):
                        assert chunk.sentences[start - 1].text in answer.sentences, (question, chunk.sentences[i].text)
                        introduced += 1
    assert introduced  # the questions do show list items
