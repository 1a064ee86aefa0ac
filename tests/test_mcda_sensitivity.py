"""Tests for siteselect.mcda.sensitivity, checked against repeated calls of score()."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from siteselect.errors import ConfigError, DataError
from siteselect.mcda import (
    CriterionSpec,
    check_rank_reversal,
    compute_rank_acceptability,
    compute_swap_weight,
    compute_weight_sweep,
    score,
)
from siteselect.mcda.sensitivity import build_rescaled_weights, compute_sample_ranks

METHODS = ["wsm", "topsis", "promethee", "vikor"]


def make_raw(n: int = 12, seed: int = 0) -> tuple[pd.DataFrame, list[CriterionSpec]]:
    rng = np.random.default_rng(seed)
    raw = pd.DataFrame(
        {
            "drive_min": rng.uniform(10, 120, n),
            "area_ha": rng.uniform(5, 300, n),
            "rent_usd_m2_month": rng.uniform(3, 9, n),
            "pop_60min": rng.uniform(1e4, 2e6, n),
        },
        index=[f"park-{i:02d}" for i in range(n)],
    )
    crit = [
        CriterionSpec("drive_min", "min", 0.4, preference="linear", q=5, p=30),
        CriterionSpec("area_ha", "max", 0.2, preference="v-shape", p=100),
        CriterionSpec("rent_usd_m2_month", "min", 0.3, preference="level", q=0.5, p=2),
        CriterionSpec("pop_60min", "max", 0.1, preference="gaussian", s=3e5),
    ]
    return raw, crit


def with_weights(crit: list[CriterionSpec], w: np.ndarray) -> list[CriterionSpec]:
    return [
        CriterionSpec(**{**c.__dict__, "weight": float(x)}) for c, x in zip(crit, w, strict=True)
    ]


@pytest.mark.parametrize("method", METHODS)
def test_rank_acceptability_matches_scoring_each_sample(method: str) -> None:
    """SMAA-2 (Lahdelma & Salminen 2001) by brute force: re-draw the same Dirichlet samples and
    rank each one with score(); the vectorised shares must agree exactly."""
    raw, crit = make_raw()
    samples, seed, conc = 60, 11, 20.0
    w = np.array([c.weight for c in crit])
    draws = np.random.default_rng(seed).dirichlet(conc * w / w.sum(), size=samples)
    n = len(raw)
    counts = pd.DataFrame(0, index=raw.index, columns=range(1, n + 1))
    for d in draws:
        ranks = score(raw, with_weights(crit, d), method).table["rank"]
        for cid, r in ranks.items():
            counts.at[cid, r] += 1
    shares = counts / samples
    kw = {"samples": samples, "seed": seed, "concentration": conc, "top_k": 3}
    full = compute_rank_acceptability(raw, crit, method, max_rank=None, **kw)  # type: ignore[arg-type]
    for k in range(1, n + 1):
        np.testing.assert_allclose(full[f"rank_{k}"], shares.loc[full.index, k].to_numpy())
    np.testing.assert_allclose(full[[f"rank_{k}" for k in range(1, n + 1)]].sum(axis=1), 1.0)
    np.testing.assert_allclose(full["p_top_k"], shares.loc[full.index, [1, 2, 3]].sum(axis=1))
    mean_rank = (shares * np.arange(1, n + 1)).sum(axis=1)
    np.testing.assert_allclose(full["mean_rank"], mean_rank.loc[full.index])
    base = score(raw, crit, method).table
    assert list(full.index) == list(base.index)
    # The default shows ranks 1..10 and puts the rest in rank_worse; nothing else changes.
    shown = compute_rank_acceptability(raw, crit, method, **kw)  # type: ignore[arg-type]
    ranks = [f"rank_{k}" for k in range(1, 11)]
    assert list(shown.columns[:12]) == ["rank", *ranks, "rank_worse"]
    pd.testing.assert_frame_equal(
        shown.drop(columns="rank_worse"), full.drop(columns=["rank_worse", "rank_11", "rank_12"])
    )
    np.testing.assert_allclose(shown["rank_worse"], shares.loc[shown.index, [11, 12]].sum(axis=1))
    assert (full["rank_worse"] == 0).all()


def test_rank_acceptability_is_seeded_and_concentrates() -> None:
    raw, crit = make_raw()
    a = compute_rank_acceptability(raw, crit, samples=200, seed=4)
    b = compute_rank_acceptability(raw.iloc[::-1], crit, samples=200, seed=4)
    pd.testing.assert_frame_equal(a, b)
    tight = compute_rank_acceptability(raw, crit, samples=50, concentration=1e9, max_rank=3)
    assert list(tight.columns[:4]) == ["rank", "rank_1", "rank_2", "rank_3"]
    assert tight["rank_1"].iloc[0] == 1.0
    winner = tight.index[0]
    central = tight.loc[winner, [f"central_w:{c.name}" for c in crit]].to_numpy(dtype=float)
    np.testing.assert_allclose(central, [0.4, 0.2, 0.3, 0.1], atol=1e-3)
    with pytest.raises(ConfigError):
        compute_rank_acceptability(raw, crit, samples=0)


@pytest.mark.parametrize("method", METHODS)
def test_weight_sweep_matches_score(method: str) -> None:
    raw, crit = make_raw(8)
    sweep = compute_weight_sweep(raw, crit, method, criterion="area_ha", steps=5)
    assert len(sweep) == 5 * 8
    for t in (0.0, 0.5, 1.0):
        w = build_rescaled_weights(np.array([0.4, 0.2, 0.3, 0.1]), 1, np.array([t]))[0]
        if t == 0.5:
            np.testing.assert_allclose(w, [0.5 * 0.4 / 0.8, 0.5, 0.5 * 0.3 / 0.8, 0.5 * 0.1 / 0.8])
        expected = score(raw, with_weights(crit, np.where(w == 0, 0, w)), method).table
        step = sweep[sweep["weight"] == t].set_index("id")
        assert list(step.index) == list(expected.index)
        np.testing.assert_allclose(step["score"], expected["score"], atol=1e-12)
    with pytest.raises(ConfigError, match="unknown criterion"):
        compute_weight_sweep(raw, crit, method, criterion="nope")


def test_weight_sweep_of_dropped_criterion_is_a_data_error() -> None:
    raw, crit = make_raw(5)
    raw["area_ha"] = 7.0
    with pytest.raises(DataError, match="dropped"):
        compute_weight_sweep(raw, crit, "wsm", criterion="area_ha")


@pytest.mark.parametrize("method", ["wsm", "topsis", "promethee", "vikor"])
def test_rank_reversal_matches_brute_force(method: str) -> None:
    raw, crit = make_raw(9, seed=3)
    got = check_rank_reversal(raw, crit, method)
    base = score(raw, crit, method).table["rank"]
    expected = set()
    for removed in raw.index:
        after = score(raw.drop(index=removed), crit, method).table["rank"]
        for hi in after.index:
            for lo in after.index:
                if base[hi] < base[lo] and after[hi] > after[lo]:
                    expected.add((removed, hi, lo))
    assert set(zip(got["removed"], got["higher"], got["lower"], strict=True)) == expected


def test_no_rank_reversal_with_absolute_value_functions() -> None:
    raw, _ = make_raw(10)
    crit = [
        CriterionSpec("drive_min", "min", 1, value="linear", best=0, worst=120),
        CriterionSpec("area_ha", "max", 1, value="logistic", midpoint=100, steepness=0.05),
    ]
    assert check_rank_reversal(raw, crit, "wsm").empty
    assert check_rank_reversal(raw, crit, "topsis").empty


@pytest.mark.parametrize("method", METHODS)
def test_swap_weight_tips_the_pair(method: str) -> None:
    """Just past the reported weight b outranks a; just before it, a stays ahead."""
    raw, crit = make_raw(10, seed=2)
    table = score(raw, crit, method).table
    a, b = table.index[0], table.index[1]
    swap = compute_swap_weight(raw, crit, method, None, a, b)
    assert swap is not None
    w = np.array([0.4, 0.2, 0.3, 0.1])
    j = [c.name for c in crit].index(swap.criterion)
    assert swap.weight_from == pytest.approx(w[j])
    direction = np.sign(swap.delta)
    for eps, b_ahead in ((1e-6, True), (-1e-6, False)):
        t = swap.weight_to + direction * eps
        wt = build_rescaled_weights(w, j, np.array([t]))[0]
        ranks = score(raw, with_weights(crit, wt), method).table["rank"]
        assert (ranks[b] < ranks[a]) == b_ahead


def test_swap_weight_none_when_a_dominates_and_errors() -> None:
    raw = pd.DataFrame({"x": [3.0, 1.0, 2.0], "y": [5.0, 1.0, 0.0]}, index=["a", "b", "c"])
    crit = [CriterionSpec("x", "max", 1), CriterionSpec("y", "max", 1)]
    assert compute_swap_weight(raw, crit, "wsm", None, "a", "b") is None
    assert compute_swap_weight(raw, crit, "topsis", None, "a", "b") is None
    with pytest.raises(ConfigError, match="already outranks"):
        compute_swap_weight(raw, crit, "wsm", None, "b", "a")
    with pytest.raises(ConfigError, match="unknown candidate id 'zz'"):
        compute_swap_weight(raw, crit, "wsm", None, "a", "zz")


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_a_tie_at_a_bound_is_not_an_overtaking(method: str) -> None:
    """'a' only draws level with 'b' when y's weight reaches 0 (and wins that tie on the id
    order): no weight change makes it *overtake* b, so no swap is reported."""
    raw = pd.DataFrame({"x": [1.0, 1.0, 0.0], "y": [0.0, 1.0, 0.5]}, index=["a", "b", "c"])
    crit = [CriterionSpec("x", "max", 1), CriterionSpec("y", "max", 1)]
    assert compute_swap_weight(raw, crit, method, None, "b", "a") is None


@pytest.mark.parametrize("method", METHODS)
def test_rank_acceptability_shows_a_bounded_table_for_many_candidates(method: str) -> None:
    """3,000 candidates: ten rank columns plus rank_worse (no n x n table), each row summing
    to 1; shares of rank k over all candidates sum to 1 (every sample fills every rank)."""
    raw, crit = make_raw(3_000, seed=5)
    table = compute_rank_acceptability(raw, crit, method, samples=40, seed=2, max_rank=10)
    shown = [f"rank_{k}" for k in range(1, 11)]
    assert [c for c in table.columns if c.startswith("rank_")] == [*shown, "rank_worse"]
    np.testing.assert_allclose(table[[*shown, "rank_worse"]].sum(axis=1), 1.0)
    np.testing.assert_allclose(table[shown].sum(axis=0), 1.0)
    assert table["mean_rank"].mean() == pytest.approx((3_000 + 1) / 2)
    assert list(table["rank"]) == list(range(1, 3_001))
    with pytest.raises(ConfigError, match="max_rank"):
        compute_rank_acceptability(raw, crit, method, samples=5, max_rank=0)


def test_sample_ranks_put_a_known_worst_above_a_missing_value() -> None:
    """Ties go to the row with fewer missing cells, then by id, as in the ranking (score)."""
    raw = pd.DataFrame({"rent": [5.0, 6.0, np.nan, 7.0]}, index=["a", "b", "c", "d"])
    crit = [CriterionSpec("rent", "min", 1.0)]
    ranks = compute_sample_ranks(raw, crit, samples=2)
    assert ranks.tolist() == [[1, 2, 4, 3], [1, 2, 4, 3]]
    assert score(raw, crit).table["rank"].reindex(raw.index).tolist() == [1, 2, 4, 3]
