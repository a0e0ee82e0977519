"""Exact vector search with FAISS (inner product over unit vectors = cosine), persisted by fingerprint.

On disk, in the directory the caller gives (the app uses `instance/index/`):
`<name>-<fingerprint>.faiss` and `<name>-<fingerprint>.json` (the item keys). The fingerprint
covers every item's key and text and the embedder's identity (name plus, for a real model,
its weights hash), so an index is reused only for the same content and model; other files of
the same name are removed when a new index is written.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

from .chunks import Chunk
from .embedder import Embedder, fingerprint_of

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


def fingerprint(keys: Sequence[str], texts: Sequence[str], embedder_identity: str) -> str:
    """sha256 hex over the format version, the embedder identity and every (key, text) pair."""
    digest = hashlib.sha256(f"v{FORMAT_VERSION}\0{embedder_identity}\0".encode())
    for key, text in zip(keys, texts, strict=True):
        digest.update(key.encode())
        digest.update(b"\0")
        digest.update(text.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _atomic_write(path: Path, write) -> None:
    # Several worker processes may build at once: write aside, then rename into place.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class DenseIndex:
    """Item keys and their unit vectors in a FAISS IndexFlatIP."""

    def __init__(self, keys: list[str], index: faiss.Index, fingerprint: str, loaded: bool = False):
        if index.ntotal != len(keys):
            raise ValueError("index size does not match the number of keys")
        self.keys = keys
        self.index = index
        self.fingerprint = fingerprint
        self.loaded_from_disk = loaded
        self.position = {key: i for i, key in enumerate(keys)}
        self.vectors = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)

    @classmethod
    def build(cls, chunks: Sequence[Chunk], embedder: Embedder, directory: Path | None = None) -> DenseIndex:
        """Index every chunk's `index_text`; load from `directory` instead when the fingerprint matches."""
        return cls.build_items([c.key for c in chunks], [c.index_text for c in chunks], embedder, directory, name="content")

    @classmethod
    def build_items(
        cls,
        keys: Sequence[str],
        texts: Sequence[str],
        embedder: Embedder,
        directory: Path | None = None,
        *,
        name: str = "content",
    ) -> DenseIndex:
        """Index arbitrary (key, text) items; persisted as `<name>-<fingerprint>.*` when `directory` is given."""
        if not re.fullmatch(r"[a-z0-9_]+(?:-[a-z0-9_]+)*", name) or re.search(r"-[0-9a-f]{64}$", name):
            raise ValueError(f"bad index name: {name!r}")
        keys = list(keys)
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate keys")
        fp = fingerprint(keys, texts, fingerprint_of(embedder))
        if directory is not None:
            directory = Path(directory)
            loaded = cls._load(directory, name, fp, keys)
            if loaded is not None:
                return loaded
        started = time.perf_counter()
        vectors = embedder.encode(list(texts)) if keys else np.zeros((0, embedder.dimension), np.float32)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        log.info("built dense index %s (%d items) in %.2f s", name, len(keys), time.perf_counter() - started)
        built = cls(keys, index, fp)
        if directory is not None:
            built._save(directory, name)
        return built

    @staticmethod
    def _paths(directory: Path, name: str, fp: str) -> tuple[Path, Path]:
        return directory / f"{name}-{fp}.faiss", directory / f"{name}-{fp}.json"

    @classmethod
    def _load(cls, directory: Path, name: str, fp: str, keys: list[str]) -> DenseIndex | None:
        index_path, meta_path = cls._paths(directory, name, fp)
        if not (index_path.is_file() and meta_path.is_file()):
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            index = faiss.read_index(str(index_path))
        except (OSError, ValueError, RuntimeError) as error:
            log.warning("ignoring unreadable dense index %s: %s", index_path, error)
            return None
        if meta.get("keys") != keys or index.ntotal != len(keys):
            return None
        return cls(keys, index, fp, loaded=True)

    def _save(self, directory: Path, name: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        index_path, meta_path = self._paths(directory, name, self.fingerprint)
        _atomic_write(index_path, lambda tmp: faiss.write_index(self.index, tmp))
        meta = {"format": FORMAT_VERSION, "fingerprint": self.fingerprint, "dimension": self.index.d, "keys": self.keys}
        _atomic_write(meta_path, lambda tmp: Path(tmp).write_text(json.dumps(meta), encoding="utf-8"))
        stale = re.compile(rf"{re.escape(name)}-[0-9a-f]{{64}}\.(?:faiss|json)")
        for path in directory.iterdir():
            if stale.fullmatch(path.name) and self.fingerprint not in path.name:
                path.unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(self.keys)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The `k` nearest items to one unit vector, as (key, cosine), best first."""
        if not self.keys or k <= 0:
            return []
        query = np.ascontiguousarray(np.asarray(vector, dtype=np.float32).reshape(1, -1))
        scores, rows = self.index.search(query, min(k, len(self.keys)))
        return [(self.keys[r], float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]

    def similarities(self, vector: np.ndarray, keys: Sequence[str]) -> np.ndarray:
        """Cosine of `vector` with each of `keys` (which must be in the index)."""
        rows = [self.position[key] for key in keys]
        return self.vectors[rows] @ np.asarray(vector, dtype=np.float32).reshape(-1)
