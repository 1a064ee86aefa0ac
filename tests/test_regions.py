"""Tests for siteselect.regions and ``siteselect regions``: every corridor of Mexico compared
under one profile (issue 22), and the corridor filter that sets a site in another corridor
aside with its reason."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import siteselect as ss
from siteselect.cli import main
from siteselect.errors import ConfigError
from siteselect.regions import LABOUR_POOL_MINUTES, build_region_comparison
from tests.conftest import write_config

DATA = Path(__file__).resolve().parents[1] / "data"
CORRIDORS = {"bajio", "northeast", "northwest", "north-centre", "centre", "other"}


@pytest.fixture(scope="module")
def national() -> ss.RankResult:
    """The default profile over the whole country (every embedded park)."""
    return ss.rank(profile="default", corridors=["all"])


def test_every_corridor_is_compared_from_the_one_ranking(national: ss.RankResult) -> None:
    comparison = build_region_comparison(national, top=3)
    table, best = comparison.table, comparison.best
    parks = pd.read_csv(DATA / "parks.csv", dtype=str, keep_default_na=False)
    assert set(table.index) == CORRIDORS
    assert table["parks"].to_dict() == parks["corridor"].value_counts().to_dict()
    # medians and best parks read straight from the ranking, computed here independently
    ranking = national.ranking.join(national.frame[["corridor", "name"]])
    for cid, group in ranking.groupby("corridor"):
        assert table.at[cid, "median_score"] == pytest.approx(float(group["score"].median()))
        assert table.at[cid, "best_rank"] == int(group["rank"].min())
        listed = best.loc[best["corridor"] == cid]
        assert list(listed.index) == list(group.sort_values("rank").index[:3])
        assert list(listed["position"]) == [1, 2, 3]
    # best median score first
    assert list(table["median_score"]) == sorted(table["median_score"], reverse=True)


def test_labour_pool_and_access_are_the_medians_of_the_profile_criteria(
    national: ss.RankResult,
) -> None:
    comparison = build_region_comparison(national)
    # the default profile's labour criterion is the 60-minute people shed itself
    assert comparison.labour_source == "labour"
    assert [a.name for a in comparison.access] == [
        "border",
        "freight_lane",
        "seaport",
        "backup_lane",
    ]
    raw = national.raw.join(national.frame["corridor"])
    medians = raw.groupby("corridor").median(numeric_only=True)
    for cid in CORRIDORS:
        for column in ("labour", "border", "seaport", "backup_lane"):
            key = "labour_pool" if column == "labour" else column
            assert comparison.table.at[cid, key] == pytest.approx(medians.at[cid, column])


def test_the_labour_pool_is_the_same_yardstick_for_every_profile(
    national: ss.RankResult,
) -> None:
    """electronics measures a 45-minute shed; regions measures the 60-minute pool for it, which
    must equal the default profile's own 60-minute labour criterion park by park."""
    comparison = ss.compare_regions(profile="electronics", top=1)
    assert comparison.labour_source == "measured"
    medians = national.raw["labour"].groupby(national.frame["corridor"]).median()
    for cid in CORRIDORS:
        assert comparison.table.at[cid, "labour_pool"] == pytest.approx(medians[cid])
    assert LABOUR_POOL_MINUTES == 60
    assert any(line.startswith("people: CONAPO") for line in comparison.provenance)


def _tau_b_by_hand(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b counted pair by pair (no ties in these tests)."""
    concordant = discordant = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        s = np.sign(x[i] - x[j]) * np.sign(y[i] - y[j])
        concordant += s > 0
        discordant += s < 0
    return float(concordant - discordant) / (len(x) * (len(x) - 1) / 2)


def test_method_agreement_and_metros_fill_their_hooks(national: ss.RankResult) -> None:
    without = build_region_comparison(national)
    assert "tau_min" not in without.table.columns
    assert any("method agreement per corridor: not available" in n for n in without.notes)
    # the embedded parks carry their metro (issue 17): each corridor counts its metros
    frame0 = national.frame
    for cid in CORRIDORS:
        members = frame0.index[frame0["corridor"] == cid]
        assert without.table.at[cid, "metros"] == frame0.loc[members, "metro_name"].nunique()
    ranking = national.ranking
    n = len(ranking)
    rng = np.random.default_rng(7)
    ranks = pd.DataFrame(
        {
            national.scores.method: ranking["rank"].to_numpy(),
            "wsm": ranking["rank"].to_numpy(),  # agrees everywhere
            "vikor": rng.permutation(np.arange(1, n + 1)),  # disagrees
        },
        index=ranking.index,
    )
    frame = national.frame.assign(metro_name=national.frame["state"])  # one "metro" a state
    result = dataclasses.replace(
        national, candidates=dataclasses.replace(national.candidates, frame=frame)
    )
    comparison = build_region_comparison(result, method_ranks=ranks)
    assert not any("not available" in note for note in comparison.notes)
    for cid in CORRIDORS:
        members = frame.index[frame["corridor"] == cid]
        sub = ranks.loc[ranks.index.isin(members)]
        expected = _tau_b_by_hand(sub[national.scores.method].to_numpy(), sub["vikor"].to_numpy())
        assert comparison.table.at[cid, "tau_min"] == pytest.approx(expected)
        assert comparison.table.at[cid, "metros"] == frame.loc[members, "state"].nunique()
    best = comparison.best
    assert (best["rank_min"] <= best["rank"]).all() and (best["rank"] <= best["rank_max"]).all()


def test_compare_regions_reads_the_four_methods_of_the_one_ranking(
    national: ss.RankResult,
) -> None:
    """ss.compare_regions fills the agreement from the ranking's own four methods: each
    corridor's tau_min is the smallest tau-b between the ranking's method and another, over
    its ranked parks."""
    comparison = ss.compare_regions(profile="default", top=2)
    assert not any("not available" in note for note in comparison.notes)
    ranks = national.agreement.ranks
    corridor = national.frame["corridor"]
    for cid in CORRIDORS:
        sub = ranks.loc[ranks.index.isin(corridor.index[corridor == cid])]
        if len(sub) < 3:
            continue
        chosen = national.scores.method
        taus = [
            _tau_b_by_hand(sub[chosen].to_numpy(), sub[m].to_numpy())
            for m in sub.columns
            if m != chosen
        ]
        assert comparison.table.at[cid, "tau_min"] == pytest.approx(min(taus), abs=1e-9)


def test_a_bad_top_is_a_config_error(national: ss.RankResult) -> None:
    with pytest.raises(ConfigError, match=re.escape("top: must be an integer >= 1, got 0")):
        build_region_comparison(national, top=0)


# --------------------------------------------------------------------------------------------
# issue 22, done when: a site in Ciudad Juárez, Tijuana or Toluca ranks with --corridor all and
# is set aside, with its reason, under the default corridors

SITES = (
    "id,name,lon,lat\n"
    "juarez,Ciudad Juárez site,-106.40,31.69\n"
    "tijuana,Tijuana site,-116.93,32.50\n"
    "toluca,Toluca site,-99.60,19.30\n"
    "queretaro,Querétaro site,-100.40,20.60\n"
    "leon,León site,-101.60,21.10\n"
)
EXPECTED_CORRIDOR = {"juarez": "north-centre", "tijuana": "northwest", "toluca": "centre"}


def _sites_config(tmp_path: Path) -> Path:
    """The sites, measured by road: freight lane, labour shed, seaport, rail."""
    (tmp_path / "sites.csv").write_text(SITES, encoding="utf-8")
    criteria = (
        (
            "freight_lane",
            "drive_time",
            'to = "border_crossings"\n'
            "where = { commercial = true, trucks_northbound = { min = 300000 } }",
            "min",
        ),
        ("labour", "population_within", "minutes = 60", "max"),
        ("seaport", "drive_time", 'to = "seaports"', "min"),
        ("rail", "distance", 'to = "railways"', "min"),
    )
    body = '[candidates]\npath = "sites.csv"\n\n' + "".join(
        f'[[criteria]]\nname = "{n}"\nmeasure = "{m}"\n{extra}\ndirection = "{d}"\nweight = 1\n\n'
        for n, m, extra, d in criteria
    )
    return write_config(tmp_path, body)


def test_border_and_centre_sites_rank_nationally_and_are_set_aside_by_default(
    tmp_path: Path,
) -> None:
    config = _sites_config(tmp_path)
    default = ss.rank(config=config)
    removed = default.eliminated
    assert set(default.ranking.index) == {"queretaro", "leon"}
    for site, corridor in EXPECTED_CORRIDOR.items():
        assert removed.at[site, "stage"] == "corridor"
        assert removed.at[site, "reason"] == f"outside the selected corridors ({corridor})"
    everywhere = ss.rank(config=config, corridors=["all"])
    assert set(everywhere.ranking.index) == {*EXPECTED_CORRIDOR, "queretaro", "leon"}
    bajio = {"queretaro": "bajio", "leon": "bajio"}
    assert everywhere.frame["corridor"].to_dict() == {**EXPECTED_CORRIDOR, **bajio}
    raw = everywhere.raw.loc[list(EXPECTED_CORRIDOR)]
    assert np.isfinite(raw.to_numpy(dtype=float)).all()  # measured, not missing
    assert (raw["labour"] > 500_000).all()  # each sits in a metro of a million or more
    # the freight-lane crossing a border site drives to is its own city's
    lanes = everywhere.measures["freight_lane"].nearest
    assert lanes is not None
    position = everywhere.candidates.position
    assert lanes.ids[position("juarez")] == "ysleta-zaragoza"
    assert lanes.ids[position("tijuana")] == "otay-mesa"


# --------------------------------------------------------------------------------------------
# the command


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The entry point in this process: exit code, stdout, stderr."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_regions_command_shows_the_new_corridors_with_their_best_parks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        ["regions", "--profile", "electronics", "--top", "2", "--format", "json"], capsys
    )
    assert code == 0, err
    doc = json.loads(out)
    by_corridor = {r["corridor"]: r for r in doc["regions"]}
    assert set(by_corridor) == CORRIDORS
    for cid in ("northwest", "north-centre", "bajio", "northeast"):
        assert len(by_corridor[cid]["best"]) == 2
    assert doc["labour_pool"] == {"minutes": 60.0, "unit": "people", "source": "measured"}
    code, out, err = _run(["regions", "--profile", "electronics"], capsys)
    assert code == 0, err
    assert "(northwest)" in out and "(north-centre)" in out and "Northwest" in out
    tijuana = {p["name"] for p in by_corridor["northwest"]["best"]}
    assert all(name.split()[-1] in out for name in tijuana)


def test_regions_refuses_a_bad_top_and_an_unknown_corridor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(["regions", "--top", "0"], capsys)
    assert code == 2 and "--top" in err
    code, _, err = _run(["regions", "--corridor", "yucatan"], capsys)
    assert code == 2
    assert "unknown corridor 'yucatan'" in err


def test_the_regions_table_reads_at_80_and_160_columns(national: ss.RankResult) -> None:
    """Issue 20's rule for every table: nothing cut at 80 or 160 columns; at 80 the counts
    go under the corridor and the access medians leave the table, named below it."""
    from siteselect.report.regions import render_regions
    from tests.width_checks import check_cut, render

    comparison = build_region_comparison(national, top=2, method_ranks=national.agreement.ranks)
    reference = render(render_regions(comparison), 1000)
    for width in (80, 160):
        text = render(render_regions(comparison), width)
        check_cut(text, reference, width, allowed=("parks", "metros"))
        assert "(northwest)" in text and "(north-centre)" in text
    narrow = render(render_regions(comparison), 80)
    assert "not shown at 80 columns" in narrow and "border (min)" in narrow
    assert "metros " in narrow and "Methods" in narrow
