"""Tests for siteselect.mcda.agreement: Kendall's tau-b, method agreement, Borda and Copeland.

Sources:
- Kendall's tau-b is checked against ``scipy.stats.kendalltau`` (variant ``b``, the default) on
  random samples with ties, and against two examples worked by hand from the definition
  (Kendall 1938, "A new measure of rank correlation", Biometrika 30:81-93; tau-b with the tie
  correction of Kendall 1945, Biometrika 33:239-251).
- Borda and Copeland are checked against the Tennessee capital example of Wikipedia's "Borda
  count" and "Copeland's method" pages: 100 voters, Memphis > Nashville > Chattanooga >
  Knoxville (42), Nashville > Chattanooga > Knoxville > Memphis (26), Chattanooga > Knoxville >
  Nashville > Memphis (15), Knoxville > Chattanooga > Nashville > Memphis (17). Published: Borda
  points Nashville 194, Chattanooga 173, Memphis 126, Knoxville 107; pairwise, Nashville beats
  Memphis 58-42, Chattanooga 68-32 and Knoxville 68-32, Chattanooga beats Knoxville 83-17 and
  Memphis 58-42, Knoxville beats Memphis 58-42, so the Copeland order is Nashville (3 wins),
  Chattanooga (2), Knoxville (1), Memphis (0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau

from siteselect.mcda.agreement import (
    compute_agreement,
    compute_borda,
    compute_copeland,
    compute_kendall_tau_b,
    compute_pairwise_wins,
    count_inversions,
    rank_consensus,
)

CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
# ranks of (Memphis, Nashville, Chattanooga, Knoxville) for each voter block, and its voters
TENNESSEE = np.array([[1, 2, 3, 4], [4, 1, 2, 3], [4, 3, 1, 2], [4, 3, 2, 1]])
VOTERS = [42, 26, 15, 17]


def test_borda_reproduces_the_tennessee_tallies() -> None:
    points = compute_borda(TENNESSEE, VOTERS)
    assert dict(zip(CITIES, points.tolist(), strict=True)) == {
        "Memphis": 126,
        "Nashville": 194,
        "Chattanooga": 173,
        "Knoxville": 107,
    }
    # voters given one by one count the same as weighted blocks
    expanded = np.repeat(TENNESSEE, VOTERS, axis=0)
    assert compute_borda(expanded).tolist() == points.tolist()


def test_copeland_reproduces_the_tennessee_pairwise_contests() -> None:
    wins = compute_pairwise_wins(TENNESSEE, VOTERS)
    m, n, c, k = range(4)
    assert (wins[n, m], wins[m, n]) == (58, 42)
    assert (wins[n, c], wins[c, n]) == (68, 32)
    assert (wins[n, k], wins[k, n]) == (68, 32)
    assert (wins[c, k], wins[k, c]) == (83, 17)
    assert (wins[c, m], wins[m, c]) == (58, 42)
    assert (wins[k, m], wins[m, k]) == (58, 42)
    score = compute_copeland(TENNESSEE, VOTERS)  # wins minus losses
    assert dict(zip(CITIES, score.tolist(), strict=True)) == {
        "Memphis": -3,
        "Nashville": 3,
        "Chattanooga": 1,
        "Knoxville": -1,
    }
    table = rank_consensus("copeland", TENNESSEE, pd.Index(CITIES), np.array([1, 2, 3, 4]), VOTERS)
    assert list(table.index) == ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
    assert table["score"].tolist() == pytest.approx([1.0, 4 / 6, 2 / 6, 0.0])
    borda = rank_consensus("borda", TENNESSEE, pd.Index(CITIES), np.array([1, 2, 3, 4]), VOTERS)
    assert list(borda.index) == ["Nashville", "Chattanooga", "Memphis", "Knoxville"]
    assert borda["score"].iloc[0] == pytest.approx(194 / 300)


def test_a_tie_in_votes_counts_for_neither_and_ties_follow_the_tiebreak() -> None:
    ranks = np.array([[1, 2], [2, 1]])
    assert compute_copeland(ranks).tolist() == [0, 0]
    table = rank_consensus("copeland", ranks, pd.Index(["x", "y"]), np.array([2, 1]))
    assert list(table.index) == ["y", "x"]


def test_tau_b_by_hand() -> None:
    # x = 1..5, y = 3 1 2 5 4: of the 10 pairs, (1,2), (1,3) and (4,5) are discordant, so
    # tau = (7 - 3) / 10 = 0.4.
    assert compute_kendall_tau_b([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]) == pytest.approx(0.4)
    # with ties: x = 1 2 2 3, y = 1 3 2 2. Pairs: (1,2) C, (1,3) C, (1,4) C, (2,3) tied in x,
    # (2,4) D, (3,4) tied in y: C = 3, D = 1, n0 = 6, n1 = n2 = 1, tau_b = 2 / sqrt(5 * 5).
    assert compute_kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 2]) == pytest.approx(0.4)
    assert compute_kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert np.isnan(compute_kendall_tau_b([1, 1, 1], [1, 2, 3]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=2, max_size=60))
def test_tau_b_equals_scipy(pairs: list[tuple[int, int]]) -> None:
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    ours = compute_kendall_tau_b(x, y)
    theirs = kendalltau(x, y).statistic
    if np.isnan(theirs):
        assert np.isnan(ours)
    else:
        assert ours == pytest.approx(theirs, abs=1e-12)


def test_tau_b_equals_scipy_on_a_large_sample() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=5_000)
    y = x + rng.normal(size=5_000)
    assert compute_kendall_tau_b(x, y) == pytest.approx(kendalltau(x, y).statistic, abs=1e-12)


@given(st.permutations(list(range(30))))
def test_inversions_are_counted_exactly(values: list[int]) -> None:
    slow = sum(values[i] > values[j] for i in range(30) for j in range(i + 1, 30))
    assert count_inversions(np.array(values)) == slow


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-3, 40), min_size=0, max_size=150))
def test_inversions_of_longer_samples_with_ties_are_counted_exactly(values: list[int]) -> None:
    # From 32 values on, the first levels are counted pair by pair in blocks of 16 (padded).
    n = len(values)
    slow = sum(values[i] > values[j] for i in range(n) for j in range(i + 1, n))
    assert count_inversions(np.array(values, dtype=np.int64)) == slow


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 300), st.integers(0, 2**32 - 1), st.booleans())
def test_tau_b_of_rankings_equals_scipy(n: int, seed: int, gaps: bool) -> None:
    # Rankings 1..n (no ties: the fast paths) and whole numbers with gaps (the general one).
    rng = np.random.default_rng(seed)
    x = rng.permutation(n) + 1
    y = rng.permutation(n) + 1 if not gaps else rng.integers(0, n, n) * 3
    ours = compute_kendall_tau_b(x, y)
    theirs = kendalltau(x, y).statistic
    assert (np.isnan(ours) and np.isnan(theirs)) or ours == pytest.approx(theirs, abs=1e-12)
    assert compute_kendall_tau_b(y, x) == pytest.approx(ours, abs=1e-15, nan_ok=True)


def test_agreement_flags_a_top_that_one_method_alone_produces() -> None:
    ids = pd.Index([f"p{i}" for i in range(6)])
    ranks = pd.DataFrame(
        {
            "topsis": [1, 2, 3, 4, 5, 6],
            "wsm": [1, 3, 2, 5, 4, 6],
            "vikor": [2, 1, 3, 6, 5, 4],
            "promethee": [1, 2, 4, 3, 6, 5],
        },
        index=ids,
    )
    a = compute_agreement(ranks, "topsis", top_n=2)
    assert a.alone == ()
    b = compute_agreement(ranks, "topsis", top_n=3)
    assert b.alone == ()  # p2 is third under wsm too
    c = compute_agreement(ranks.assign(wsm=[1, 2, 4, 3, 5, 6]), "topsis", top_n=3)
    assert c.alone == ()  # vikor still has p2 third
    d = compute_agreement(
        ranks.assign(wsm=[1, 2, 4, 3, 5, 6], vikor=[1, 2, 5, 3, 4, 6]), "topsis", top_n=3
    )
    assert d.alone == ("p2",)
    assert d.rank_min["p2"] == 3 and d.rank_max["p2"] == 5
    taus = dict(d.tau)
    expected = kendalltau(ranks["topsis"], [1, 2, 4, 3, 5, 6]).statistic
    assert taus[("topsis", "wsm")] == pytest.approx(expected)
    assert len(d.tau) == 6 and {m for m, _ in d.tau_with_chosen()} == {"wsm", "vikor", "promethee"}


# ---- on a ranking --------------------------------------------------------------------------


def test_a_ranking_carries_the_methods_agreement() -> None:
    import siteselect as ss
    from siteselect.scoring import compute_method_ranks

    result = ss.rank(profile="default", top=10, max_per_metro=0)
    a = result.agreement
    assert a is result.agreement  # computed once
    assert a.chosen == "topsis" and a.methods == ("wsm", "topsis", "promethee", "vikor")
    kept = result.scores.table.index
    ranks = compute_method_ranks(result.config, result.raw.loc[kept], result.weights)
    # each method's ranks are what a fresh ranking with that method gives
    vikor = ss.rank(profile="default", method="vikor", max_per_metro=0).ranking["rank"]
    assert (ranks["vikor"] == vikor.reindex(ranks.index)).all()
    assert (a.ranks["topsis"] == result.ranking["rank"].reindex(a.ranks.index)).all()
    for (x, y), tau in a.tau:
        assert tau == pytest.approx(kendalltau(a.ranks[x], a.ranks[y]).statistic, abs=1e-12)


def test_consensus_ranks_by_borda_over_the_methods_and_samples() -> None:
    import siteselect as ss

    result = ss.rank(profile="default", top=5, consensus="borda", max_per_metro=0)
    c = result.consensus
    assert c is not None and c.rule == "borda" and c.voters == 4
    n = len(c.table)
    points = (n - c.method_ranks).sum(axis=1)
    assert (c.table["points"] == points.reindex(c.table.index)).all()
    assert c.table["points"].is_monotonic_decreasing
    assert list(result.shortlist.index) == list(c.table.index[:5])
    assert result.scores.method == "topsis"  # the method still explains each park
    sampled = ss.rank(
        profile="default", top=5, consensus="copeland", consensus_samples=20, max_per_metro=0
    )
    assert sampled.consensus is not None and sampled.consensus.voters == 4 * 21
    again = sampled.with_weights({"labour": 0.3})
    assert again.consensus is not None and again.consensus.rule == "copeland"


def test_rank_prints_the_agreement_and_marks_one_method_tops() -> None:
    import json

    from tests.test_cli import run_main

    code, out, err = run_main(["rank", "--top", "10", "--max-per-metro", "0"])
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("methods agree: Kendall tau-b"))
    assert "topsis vs wsm" in line
    code, out, err = run_main(["rank", "--top", "10", "--max-per-metro", "0", "-f", "json"])
    doc = json.loads(out)
    alone = doc["agreement"]["alone"]
    flagged = [r["id"] for r in doc["results"] if r["one_method_alone"]]
    assert flagged == [i for i in alone if i in flagged]
    assert flagged, "the default top 10 has a park only topsis puts there (see agreement)"
    import siteselect as ss
    from siteselect.report.terminal import render_park_name

    result = ss.rank(profile="default", top=10, max_per_metro=0)
    marks = {str(i): render_park_name(result, str(i)).plain for i in result.shortlist.index}
    assert all(marks[i].endswith(" †") for i in flagged)
    assert not any(v.endswith("†") for k, v in marks.items() if k not in flagged)
    code, out, err = run_main(["rank", "--consensus", "borda", "--consensus-samples", "10"])
    assert code == 0, err
    assert "method: borda over wsm, topsis, promethee, vikor, 10 SMAA samples each" in out
