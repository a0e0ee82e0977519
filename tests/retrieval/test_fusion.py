from __future__ import annotations

import pytest

from loket.retrieval.fusion import reciprocal_rank_fusion


def test_rrf_rewards_agreement():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "d"], ["b"]])
    assert [key for key, _ in fused] == ["b", "a", "c", "d"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61 + 1 / 61)


def test_rrf_uses_k_60_and_weights():
    fused = dict(reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0, 0.5]))
    assert fused == {"a": pytest.approx(1 / 61), "b": pytest.approx(0.5 / 61)}


def test_rrf_counts_a_repeated_key_once_per_ranking_and_keeps_order_on_ties():
    assert reciprocal_rank_fusion([["a", "a", "b"]]) == [("a", pytest.approx(1 / 61)), ("b", pytest.approx(1 / 63))]
    assert [k for k, _ in reciprocal_rank_fusion([["x"], ["y"]])] == ["x", "y"]


def test_rrf_needs_one_weight_per_ranking():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 1.0])
    assert reciprocal_rank_fusion([]) == []
