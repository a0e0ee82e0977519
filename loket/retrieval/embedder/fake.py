"""A deterministic fake embedder for fast tests: no model, no engine."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from .base import Calibration, normalise
from .sentence_transformers_backend import MINILM_CALIBRATION

_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    """Deterministic hashed bag of words plus character trigrams, for fast tests.

    Texts sharing words or word pieces get similar vectors; nothing is learned. Counts calls
    so tests can see whether an index was built or loaded.
    """

    # Tests written against the fake assume MiniLM-like spreads of cosine.
    calibration: Calibration = MINILM_CALIBRATION
    # A hashed bag of words has no meaning to average: the retriever encodes its sections whole
    # (for a real model it composes them from the sentence vectors, see dense.compose_sections).
    compose_sections = False

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.name = f"fake-hashed-bow-{dim}"
        self.calls = 0
        self.texts_encoded = 0

    @property
    def dimension(self) -> int:
        return self.dim

    def _features(self, text: str) -> list[tuple[str, float]]:
        features: list[tuple[str, float]] = []
        for word in _WORD.findall(text.lower()):
            features.append(("w:" + word, 1.0))
            padded = f"#{word}#"
            features.extend(("c:" + padded[i:i + 3], 0.5) for i in range(len(padded) - 2))
        return features

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        self.calls += 1
        self.texts_encoded += len(texts)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature, weight in self._features(text):
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                vectors[row, value % self.dim] += weight if (value >> 63) & 1 else -weight
        return normalise(vectors)

    # Queries and passages alike: a fake has no prefixes to tell them apart.
    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)
