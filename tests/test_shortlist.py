"""Tests for the shortlist rule (siteselect.shortlist) and how a ranking carries it."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import siteselect as ss
from siteselect.shortlist import select_shortlist
from tests.test_cli import run_main


def test_a_metro_at_its_cap_is_held_back_with_rank_and_reason() -> None:
    order = ["a1", "a2", "a3", "b1", "a4", "c1"]
    metro = {"a1": "A", "a2": "A", "a3": "A", "a4": "A", "b1": "B", "c1": "C"}
    names = {k: f"Metro {v}" for k, v in metro.items()}
    out = select_shortlist(order, top=3, metro=metro, metro_name=names, max_per_metro=2)
    assert out.ids == ("a1", "a2", "b1")
    assert [(h.id, h.rank, h.metro) for h in out.held_back] == [("a3", 3, "A")]
    assert out.held_back[0].reason == (
        "Metro A already has 2 parks in the shortlist (max_per_metro = 2)"
    )
    # off: the top of the ranking, nothing held back
    plain = select_shortlist(order, top=3, metro=metro)
    assert plain.ids == ("a1", "a2", "a3") and plain.held_back == ()


def test_the_rule_works_with_top_per_corridor() -> None:
    order = ["n1", "n2", "n3", "n4", "b1", "b2", "b3"]
    corridor = {k: ("north" if k.startswith("n") else "bajio") for k in order}
    metro = {"n1": "M", "n2": "M", "n3": "M", "n4": "S", "b1": "G", "b2": "G", "b3": "Q"}
    out = select_shortlist(
        order, top=10, top_per_corridor=2, corridor=corridor, metro=metro, max_per_metro=1
    )
    assert out.ids == ("n1", "n4", "b1", "b3")
    assert [h.id for h in out.held_back] == ["n2", "n3", "b2"]
    # a corridor already full skips its parks without holding them back
    full = select_shortlist(
        order, top=10, top_per_corridor=1, corridor=corridor, metro=metro, max_per_metro=1
    )
    assert full.ids == ("n1", "b1") and full.held_back == ()


@settings(max_examples=200, deadline=None)
@given(
    metros=st.lists(st.sampled_from("ABCDE"), min_size=1, max_size=40),
    top=st.integers(1, 12),
    cap=st.one_of(st.none(), st.integers(1, 4)),
)
def test_shortlist_invariants(metros: list[str], top: int, cap: int | None) -> None:
    order = [f"p{i:02d}" for i in range(len(metros))]
    metro = dict(zip(order, metros, strict=True))
    out = select_shortlist(order, top=top, metro=metro, max_per_metro=cap)
    position = {cid: i + 1 for i, cid in enumerate(order)}
    ranks = [position[c] for c in out.ids]
    assert ranks == sorted(ranks) and len(out.ids) <= top
    if cap is None:
        assert list(out.ids) == order[:top]
        return
    assert max(Counter(metro[c] for c in out.ids).values()) <= cap
    # the shortlist and the held-back parks are the ranking walked until the shortlist is full
    walked = sorted(ranks + [h.rank for h in out.held_back])
    assert walked == list(range(1, len(walked) + 1))
    for h in out.held_back:  # held back only when its metro was full at its turn
        before = [c for c in out.ids if position[c] < h.rank and metro[c] == h.metro]
        assert len(before) == cap
    if len(out.ids) < top:  # short only when the ranking ran out
        assert len(walked) == len(order)


@pytest.fixture(scope="module")
def ranked() -> ss.RankResult:
    return ss.rank(profile="default", top=10, corridors=["all"])


def test_a_profiles_held_back_parks_are_listed(ranked: ss.RankResult) -> None:
    """The shipped default profile: at most 3 parks of one metro; the others listed."""
    assert ranked.config.shortlist.max_per_metro == 3
    metros = ranked.candidates.frame.loc[ranked.shortlist.index, "metro"]
    assert metros.value_counts().max() <= 3
    assert metros.nunique() >= 3
    held = ranked.held_back
    assert len(held) > 0
    assert set(held["metro"]) <= set(metros)
    # the ranks are the full ranking's, unchanged
    assert list(held["rank"]) == [int(ranked.ranking.loc[i, "rank"]) for i in held.index]
    plain = ss.rank(profile="default", top=10, corridors=["all"], max_per_metro=0)
    assert list(plain.ranking.index) == list(ranked.ranking.index)
    assert list(plain.shortlist.index) == list(ranked.ranking.index[:10])
    assert len(plain.held_back) == 0


def test_with_weights_applies_the_rule_again(ranked: ss.RankResult) -> None:
    other = ranked.with_weights({"labour": 0.5})
    fresh = ss.rank(profile="default", top=10, corridors=["all"], weights={"labour": 0.5})
    assert list(other.shortlist.index) == list(fresh.shortlist.index)
    assert list(other.held_back.index) == list(fresh.held_back.index)
    metros = other.candidates.frame.loc[other.shortlist.index, "metro"]
    assert metros.value_counts().max() <= 3


def test_cli_lists_the_held_back_parks_and_switches_the_rule_off() -> None:
    code, out, err = run_main(["rank", "--corridor", "all", "--top", "10"])
    assert code == 0, err
    assert "held back by the shortlist rule (at most 3 parks of one metro" in out
    assert "Zona metropolitana de Monterrey already has 3 in the shortlist: #4 " in out
    code, out, err = run_main(["rank", "--corridor", "all", "--top", "10", "--max-per-metro", "0"])
    assert code == 0, err
    assert "held back" not in out
    code, _, err = run_main(["rank", "--max-per-metro", "-1"])
    assert code == 2 and "--max-per-metro: must be >= 0" in err
