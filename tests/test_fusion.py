"""Reciprocal rank fusion of the search runs (index/search.py `_fuse`): table-driven, no model."""

from __future__ import annotations

import pytest

from index.search import RRF_K, XLANG_SHARE, _fuse


def _order(lists, **kw) -> list[int]:
    return [h.chunk_id for h in _fuse(lists, 10, **kw)]


@pytest.mark.parametrize(
    ("lists", "order"),
    [
        # both runs agree: their order stands
        ({"lexical": [(1, 9.0), (2, 5.0)], "dense": [(1, 0.9), (2, 0.8)]}, [1, 2]),
        # a chunk both runs found beats one only a single run ranked first
        ({"lexical": [(1, 9.0), (3, 5.0)], "dense": [(2, 0.9), (3, 0.8)]}, [3, 1, 2]),
        # a named reference outranks everything
        ({"lexical": [(1, 9.0)], "dense": [(1, 0.9)], "ref": [(7, 1.0)]}, [7, 1]),
        # one run alone keeps its order
        ({"dense": [(4, 0.9), (5, 0.8), (6, 0.7)]}, [4, 5, 6]),
    ],
)
def test_fusion_order(lists, order):
    assert _order(lists) == order


def test_scores_are_reciprocal_ranks():
    (hit,) = _fuse({"lexical": [(1, 3.0)], "dense": [(1, 0.5)]}, 5)
    assert hit.score == pytest.approx(2 / (RRF_K + 1))
    assert hit.ranks == {"lexical": 1, "dense": 1} and hit.dense == 0.5


def test_context_runs_count_by_their_weight():
    lists = {"lexical": [(1, 1.0)], "lexical+context": [(2, 1.0)]}
    assert _order(lists, context=0.5) == [1, 2]
    assert _order(lists, context=2.0) == [2, 1]


def test_a_chunk_in_another_language_gets_a_lexical_vote_from_its_dense_rank():
    lists = {"lexical": [(1, 5.0)], "dense": [(2, 0.9), (1, 0.8)]}
    plain = {h.chunk_id: h.score for h in _fuse(lists, 5)}
    imputed = {h.chunk_id: h.score for h in _fuse(lists, 5, other_lang={2})}
    assert imputed[1] == plain[1]  # same-language chunks are untouched
    assert imputed[2] == pytest.approx(plain[2] + XLANG_SHARE / (RRF_K + 1))
    # the lexical run silent on it no longer counts as a vote against it, nor for it more
    assert plain[2] < imputed[2] < plain[1]
