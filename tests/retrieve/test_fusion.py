from hypothesis import given
from hypothesis import strategies as st

from souverain.retrieve.fusion import RRF_K, fuse_rankings
from souverain.retrieve.terms import query_terms

rankings = st.lists(st.lists(st.integers(0, 30), unique=True, max_size=15), max_size=4)


@given(rankings)
def test_fusion_keeps_every_item_once_sorted_by_score(lists: list[list[int]]) -> None:
    fused = fuse_rankings(lists)
    items = [item for item, _ in fused]
    assert len(items) == len(set(items)) == len({i for r in lists for i in r})
    scores = [s for _, s in fused]
    assert scores == sorted(scores, reverse=True)


@given(rankings)
def test_fusion_score_is_the_sum_of_reciprocal_ranks(lists: list[list[int]]) -> None:
    for item, score in fuse_rankings(lists):
        expected = sum(1 / (RRF_K + r.index(item) + 1) for r in lists if item in r)
        assert abs(score - expected) < 1e-12


@given(st.lists(st.integers(0, 30), unique=True, min_size=1, max_size=15))
def test_a_single_ranking_is_preserved(ranking: list[int]) -> None:
    assert [i for i, _ in fuse_rankings([ranking])] == ranking


def test_an_item_high_in_both_lists_beats_one_at_the_top_of_one() -> None:
    assert fuse_rankings([["a", "b"], ["c", "b"]])[0][0] == "b"


def test_query_terms_drop_function_words_in_four_languages() -> None:
    assert query_terms("Wann endet der Mietvertrag?") == ["endet", "mietvertrag"]
    assert query_terms("What is the notice period?") == ["notice", "period"]
    assert query_terms("Quand se termine le bail ?") == ["termine", "bail"]
    assert query_terms("Hoeveel vakantiedagen krijg je?") == ["vakantiedagen", "krijg"]
