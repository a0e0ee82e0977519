"""Which sentences of the candidate sections hold the fact asked: a small learned ranker.

Every sentence of a part's candidate sections is described by cheap features (`FEATURES`:
the section's rank and score, the question's terms in the sentence and the heading, its dense
similarity, whether it gives the kind of answer asked, the place asked, its position and form).
A logistic model turns them into the chance that the sentence holds one of the asked facts.

The model is trained on the evaluation's dev split only (`scripts/train_sentence_ranker.py`: a
sentence is a positive when it contains one of the item's fact strings) and its weights are data
in rules/sentence_ranker.yaml, one set per embedding model, because the dense features are that
model's similarities. A model without its own set uses `default`.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

RULES_FILE = Path(__file__).parent / "rules" / "sentence_ranker.yaml"

# The columns of a feature matrix, in order (answer.py fills them; the rule file names them).
FEATURES = (
    "section",        # the section's fused score relative to the best section
    "rank",           # 1 / the section's rank
    "top_page",       # the section is on the best section's page
    "section_cosine",  # the section's dense similarity to the question, scaled
    "lexical",        # idf-weighted share of the question's terms in the sentence
    "lexical_gap",    # ... minus the best share among all candidate sentences
    "heading",        # idf-weighted share of the question's terms in the section's heading
    "dense",          # the sentence's dense similarity to the question (read with its heading), scaled
    "dense_gap",      # ... minus the best among all candidate sentences
    "dense_near",     # the best dense similarity of the sentences just before and after it
    "lexical_near",   # the best share of the question's terms in the sentences just before and after it
    "dense_rank",     # 1 / the sentence's rank by dense similarity among all candidates
    "lexical_rank",   # 1 / its rank by the share of the question's terms
    "type_match",     # the sentence gives the kind of answer asked
    "type_other",     # an answer type is asked and the sentence does not give it
    "place",          # names the place asked (+1), or its section does (+0.5), or names another (-0.5)
    "first",          # the section's first sentence
    "position",       # where in the section, 0 (first) to 1 (last)
    "bullet",         # a list item
    "intro",          # ends with a colon: introduces a list
    "question",       # the guide asks the reader a question
    "length",         # characters / 200
    "number",         # holds a number
    "dangling",       # starts with a word that leans on the sentence before ("That means …")
)


@dataclass(frozen=True)
class SentenceRanker:
    """A logistic model over FEATURES: `probabilities(matrix)` per row."""

    weights: np.ndarray  # one per feature
    bias: float

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> SentenceRanker:
        weights = data.get("weights") or {}
        assert isinstance(weights, Mapping)
        unknown = set(weights) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown sentence features in {RULES_FILE.name}: {sorted(unknown)}")
        vector = np.array([float(weights.get(name, 0.0)) for name in FEATURES])
        return cls(vector, float(data.get("bias", 0.0)))  # type: ignore[arg-type]

    def to_mapping(self) -> dict[str, object]:
        return {"bias": round(self.bias, 4), "weights": {n: round(float(w), 4) for n, w in zip(FEATURES, self.weights)}}

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(matrix @ self.weights + self.bias)))


@functools.cache
def _sets(path: Path = RULES_FILE) -> dict[str, SentenceRanker]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {name: SentenceRanker.from_mapping(entry) for name, entry in (data.get("models") or {}).items()}


def sentence_ranker(model: str, path: Path = RULES_FILE) -> SentenceRanker:
    """The ranker trained for embedding model `model`, else the `default` one."""
    sets = _sets(path)
    return sets.get(model) or sets["default"]


def fit(matrix: np.ndarray, labels: np.ndarray, l2: float = 1.0, iterations: int = 50) -> SentenceRanker:
    """Logistic regression by Newton's method with an L2 penalty on the weights (not the bias)."""
    rows, columns = matrix.shape
    x = np.hstack([matrix, np.ones((rows, 1))])
    w = np.zeros(columns + 1)
    penalty = np.full(columns + 1, l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - labels) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(columns + 1)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return SentenceRanker(w[:-1], float(w[-1]))
