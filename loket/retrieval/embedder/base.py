"""What every embedder shares: the interface, the per-model calibration record, weight checks.

Every embedder returns float32 rows with unit L2 norm, so inner product is cosine. Queries
and passages are encoded by separate methods: models trained with prefixes (the e5 family:
"query: " and "passage: ") need them, and a query encoded as a passage silently retrieves
worse.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


class ModelIntegrityError(RuntimeError):
    """The model weights on disk are missing or are not the ones this release was checked with."""


class EngineUnavailable(RuntimeError):
    """An embedding engine cannot run here (CPU features, missing package); the message says why."""


@dataclass(frozen=True)
class Calibration:
    """Where one model's cosines lie, and the numbers derived from them.

    Models differ: all-MiniLM-L6-v2 gives unrelated texts ~0.15 and clear matches ~0.6+,
    multilingual-e5 puts nearly everything between 0.7 and 0.9. The retriever maps a
    question–section cosine linearly from `cosine_floor` (confidence 0) to `cosine_ceiling`
    (1); sentences are scored by `(cosine - sentence_floor) / sentence_span`; vacancies below
    `vacancy_min_cosine` are not suggested unless a word matches; below `handoff_threshold`
    confidence the assistant hands over. A question in another language than the passage's
    scores lower than the same question in the passage's language: `cross_lingual_shift`
    is added to its cosine. `provisional` marks values not yet calibrated on the fact-level
    evaluation.
    """

    cosine_floor: float
    cosine_ceiling: float
    handoff_threshold: float
    sentence_floor: float
    sentence_span: float
    vacancy_min_cosine: float
    cross_lingual_shift: float = 0.0
    provisional: bool = False

    def scale_cosine(self, cosine: float) -> float:
        """`cosine` mapped onto [0, 1] between floor and ceiling."""
        return float(min(1.0, max(0.0, (cosine - self.cosine_floor) / (self.cosine_ceiling - self.cosine_floor))))

    def scale_sentences(self, cosines: np.ndarray) -> np.ndarray:
        """Sentence cosines mapped onto [0, 1]."""
        return np.clip((np.asarray(cosines) - self.sentence_floor) / self.sentence_span, 0, 1)


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit-length float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    @property
    def calibration(self) -> Calibration: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Questions: one row per text, shape (len(texts), dimension), float32, L2-normalised."""
        ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Texts to be found (sections, sentences, vacancies); same shape and norm."""
        ...


def fingerprint_of(embedder: Embedder) -> str:
    """What identifies the embedder's vectors: its `fingerprint` if it has one, else its name."""
    return str(getattr(embedder, "fingerprint", None) or embedder.name)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as contiguous float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.where(norms == 0, 1, norms), dtype=np.float32)


_HASHES: dict[tuple[str, int, int], str] = {}
_HASH_LOCK = threading.Lock()


def file_sha256(path: Path) -> str:
    """sha256 of a file, cached per process by path, size and modification time."""
    stat = path.stat()
    cache_key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _HASH_LOCK:
        if cache_key not in _HASHES:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            _HASHES[cache_key] = digest.hexdigest()
        return _HASHES[cache_key]


def verify_file(path: Path, expected_sha256: str, remedy: str) -> str:
    """Check `path` against `expected_sha256`; return the hash or raise ModelIntegrityError (with `remedy`)."""
    path = Path(path)
    if not path.is_file():
        raise ModelIntegrityError(f"embedding model weights not found: {path}")
    actual = file_sha256(path)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"embedding model weights {path} have sha256 {actual}, expected {expected_sha256}: "
            f"the file is damaged or was replaced. {remedy}"
        )
    return actual
