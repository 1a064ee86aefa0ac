"""Tests for siteselect.backtest: the revealed-preference back-test of a profile.

Sources:
- AUC: Hanley & McNeil (1982), "The meaning and use of the area under a receiver operating
  characteristic (ROC) curve", Radiology 143:29-36, Table 1: CT images rated 1 (definitely
  normal) to 5 (definitely abnormal); 58 normal patients rated 33, 6, 6, 11, 2 and 51 abnormal
  rated 3, 2, 2, 11, 33; the Wilcoxon area is 0.893. (The abnormal count of the top rating is
  33: the five counts sum to the published 51.) Also checked against
  ``scipy.stats.mannwhitneyu`` (U / (n+ n-)).
- Spearman's rho: checked against ``scipy.stats.spearmanr``, and a hand-worked example.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import mannwhitneyu, spearmanr

import siteselect as ss
from siteselect.backtest import (
    build_backtest_search,
    compute_auc,
    compute_spearman,
    count_within_radius,
    describe_codes,
    is_cluster_criterion,
)
from siteselect.config import read_profile
from siteselect.errors import ConfigError
from tests.test_cli import run_main


def test_auc_reproduces_hanley_and_mcneil() -> None:
    normal = np.repeat([1, 2, 3, 4, 5], [33, 6, 6, 11, 2])
    abnormal = np.repeat([1, 2, 3, 4, 5], [3, 2, 2, 11, 33])
    scores = np.r_[normal, abnormal]
    positive = np.r_[np.zeros(58, bool), np.ones(51, bool)]
    auc = compute_auc(scores, positive)
    assert round(auc, 3) == 0.893
    assert auc == pytest.approx(mannwhitneyu(abnormal, normal).statistic / (58 * 51))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=2, max_size=50),
)
def test_auc_equals_mann_whitney(pairs: list[tuple[int, bool]]) -> None:
    scores = np.array([p[0] for p in pairs], dtype=float)
    positive = np.array([p[1] for p in pairs])
    auc = compute_auc(scores, positive)
    if positive.all() or not positive.any():
        assert np.isnan(auc)
        return
    u = mannwhitneyu(scores[positive], scores[~positive]).statistic
    assert auc == pytest.approx(u / (positive.sum() * (~positive).sum()))


def test_spearman_by_hand_and_against_scipy() -> None:
    # ranks of x: 1 2 3 4 5; of y (10 20 30 50 40): 1 2 3 5 4; d = 0 0 0 -1 1, sum d^2 = 2,
    # rho = 1 - 6 * 2 / (5 * 24) = 0.9
    assert compute_spearman([1, 2, 3, 4, 5], [10, 20, 30, 50, 40]) == pytest.approx(0.9)
    rng = np.random.default_rng(3)
    x = rng.integers(0, 8, 200).astype(float)
    y = x + rng.integers(0, 5, 200)
    assert compute_spearman(x, y) == pytest.approx(spearmanr(x, y).statistic)
    assert np.isnan(compute_spearman([1, 1, 1], [1, 2, 3]))


def test_count_within_radius_is_straight_line_km() -> None:
    sites = np.array([[0.0, 0.0], [50_000.0, 0.0]])
    points = np.array([[9_999.0, 0.0], [10_001.0, 0.0], [0.0, -3_000.0], [52_000.0, 0.0]])
    assert count_within_radius(sites, points, 10.0).tolist() == [2, 1]
    assert count_within_radius(sites, points[:0], 10.0).tolist() == [0, 0]


def test_the_backtest_search_leaves_out_the_cluster_criteria() -> None:
    profile = read_profile("automotive-tier1")
    search, dropped = build_backtest_search(profile)
    # the OEM and supplier counts, and the tightness ratio (it divides by establishments)
    assert sorted(dropped) == ["cluster", "oems", "tightness"]
    assert not any(is_cluster_criterion(c) for c in search.criteria)
    # the profile's own corridors (the README's table), or those asked for
    assert search.search.corridors == ["bajio", "northeast"] and search.constraints == []
    national, _ = build_backtest_search(profile, ["all"])
    assert national.search.corridors == ["all"]
    counted = [
        c for c in profile.criteria if is_cluster_criterion(c) and c.measure == "count_within"
    ]
    assert describe_codes(counted) == ["3361", "3362", "3363"]


@pytest.fixture(scope="module")
def automotive() -> ss.BacktestResult:
    return ss.check_profile("automotive-tier1")


def test_check_profile_scores_every_park_against_its_own_industry(
    automotive: ss.BacktestResult,
) -> None:
    r = automotive
    assert r.parks == 102 and r.method == "topsis"
    assert r.codes == ("3361", "3362", "3363") and "cluster criteria" in r.codes_from
    assert r.establishments == 310  # vehicles, bodies and parts in RETC 2022 (data/README.md)
    table = r.table
    positive = (table["count"] >= 1).to_numpy()
    assert r.positives == int(positive.sum())
    assert r.profile_figures.auc == pytest.approx(compute_auc(table["score"], positive))
    assert r.baseline.auc == pytest.approx(compute_auc(table["metro_population"], positive))
    assert r.profile_figures.rho == pytest.approx(spearmanr(table["score"], table["count"])[0])
    # leave-one-metro-out: each metro's parks out in turn; the figures bracket sensibly
    assert 0 <= r.profile_figures.lomo_min <= r.profile_figures.lomo_median <= 1
    assert r.folds >= 10
    # the same park's baseline is its metro's CONAPO 2026 population
    assert table.loc["parque-industrial-ramos-arizpe", "metro_population"] == 1_074_714


def test_backtest_scian_for_a_profile_without_a_cluster() -> None:
    result = ss.check_profile("logistics")
    assert result.codes == ("493", "484", "488") and result.codes_from == "[backtest] scian"
    assert result.dropped == ()
    bare = read_profile("logistics").model_copy(
        update={"backtest": read_profile("logistics").backtest.model_copy(update={"scian": []})}
    )
    with pytest.raises(ConfigError, match=r"\[backtest\] scian"):
        ss.check_profile(bare)


def test_profiles_check_cli() -> None:
    code, out, err = run_main(["profiles", "check", "automotive-tier1", "--format", "json"])
    assert code == 0, err
    doc = json.loads(out)
    (entry,) = doc["profiles"]
    assert entry["profile"] == "automotive-tier1" and entry["scian"] == ["3361", "3362", "3363"]
    code, out, err = run_main(["profiles", "check", "automotive-tier1", "--radius-km", "5"])
    assert code == 0, err
    assert "automotive-tier1 (topsis): SCIAN 3361, 3362, 3363" in out and "within 5 km" in out
    code, _, err = run_main(["profiles", "check"])
    assert code == 2 and "--all" in err
    code, _, err = run_main(["profiles", "check", "default", "--radius-km", "0"])
    assert code == 2 and "--radius-km" in err


def _hand_auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Every (chosen, other) pair counted by hand, ties one half (Hanley & McNeil's
    definition): independent of compute_auc's rank formula."""
    pos, neg = score[positive], score[~positive]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return float(wins) / (len(pos) * len(neg))


def test_the_readme_table_is_the_default_corridors(automotive: ss.BacktestResult) -> None:
    """The README's figures (issue 17) are the profile's own corridors: 102 parks, and each
    corridor's own figures beside them."""
    assert automotive.corridors == ("bajio", "northeast") and automotive.parks == 102
    assert round(automotive.profile_figures.auc, 3) == 0.697
    assert round(automotive.baseline.rho, 3) == 0.096
    assert [c.corridor for c in automotive.per_corridor] == ["bajio", "northeast"]


def test_every_corridor_of_a_national_backtest_has_its_own_figures() -> None:
    """Issue 22: --corridor all back-tests the 178 parks and reports each corridor on its own
    parks, checked here against a pair-by-pair AUC and scipy's Spearman."""
    from siteselect.backtest import MIN_CORRIDOR_PARKS, select_positives

    r = ss.check_profile("electronics", corridors="all")
    assert r.corridors == ("all",) and r.parks == 178
    table = r.table
    assert {c.corridor for c in r.per_corridor} == set(table["corridor"])
    for c in r.per_corridor:
        rows = table.loc[table["corridor"] == c.corridor]
        assert c.parks == len(rows)
        if c.parks < MIN_CORRIDOR_PARKS:
            assert "too few" in c.note and np.isnan(c.auc)
            continue
        count = rows["count"].to_numpy(dtype=float)
        positive, _ = select_positives(count)
        assert c.positives == int(positive.sum())
        if 0 < c.positives < c.parks:
            assert c.auc == pytest.approx(_hand_auc(rows["score"].to_numpy(), positive))
            population = rows["metro_population"].to_numpy(dtype=float)
            assert c.base_auc == pytest.approx(_hand_auc(population, positive))
            assert c.rho == pytest.approx(spearmanr(rows["score"], count)[0])
            assert c.beats == (c.auc > c.base_auc and c.rho > c.base_rho)
        else:
            assert np.isnan(c.auc) and "AUC n/a" in c.note and c.beats is None
    from siteselect.report.backtest import render_backtests
    from tests.width_checks import check_renderable

    check_renderable(render_backtests([r]), (80, 160))  # nothing cut at either width
    code, out, err = run_main(
        ["profiles", "check", "electronics", "--corridor", "all", "--width", "80"]
    )
    assert code == 0, err
    assert "per corridor" in out and "northwest" in out and "(corridors: all)" in out
    code, _, err = run_main(["profiles", "check", "electronics", "--corridor", "yucatan"])
    assert code == 2 and "yucatan" in err
