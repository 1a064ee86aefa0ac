"""Tests for the measures of issue 17: gravity counts (count_within half_life), labour-market
tightness (shed_ratio) and the distance to the grid (grid_distance)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

from siteselect.config import parse_config
from siteselect.criteria import Candidates, MeasureContext, compute_measures
from siteselect.network import AccessLeg, build_road_graph, compute_drive_to_nearest

CRS = "EPSG:6372"


def _criteria(*entries: dict[str, Any]) -> list[Any]:
    base = {"direction": "max", "weight": 1}
    return parse_config({"criteria": [{**base, **e} for e in entries]}).criteria


def _road() -> Any:
    # A 200 km road along y = 0 at 60 km/h: 1 km a minute.
    edges = gpd.GeoDataFrame(geometry=[LineString([(0, 0), (200_000, 0)])], crs=CRS)
    return build_road_graph(edges, default_speed_kph=60.0, max_edge_km=1.0)


def _cands(*xs: float) -> Candidates:
    ids = [f"p{i}" for i in range(len(xs))]
    frame = gpd.GeoDataFrame(
        {"name": ids, "state": "Nuevo León"},
        geometry=[Point(x, 0) for x in xs],
        crs=CRS,
        index=ids,
    )
    return Candidates(frame)


ACCESS = AccessLeg(detour_factor=1.0, speed_kph=30.0, direct_max_km=0.0, snap_nodes=1)


def test_gravity_count_weights_each_supplier_by_its_drive_time() -> None:
    """Independent check: each supplier's weight from its own nearest-facility drive."""
    suppliers = gpd.GeoDataFrame(
        geometry=[Point(x, 0) for x in (10_000, 30_000, 150_000, 190_000)], crs=CRS
    )
    crit = _criteria(
        {"name": "near", "measure": "count_within", "minutes": 180, "to": "s", "half_life": 30},
        {"name": "plain", "measure": "count_within", "minutes": 180, "to": "s"},
    )
    graph = _road()
    context = MeasureContext(layers={"s": suppliers}, graph=graph, access=ACCESS)
    got = compute_measures(_cands(0.0, 100_000.0), crit, context)
    xy = np.column_stack([suppliers.geometry.x, suppliers.geometry.y])
    for row, x in enumerate((0.0, 100_000.0)):
        times = np.array(
            [
                compute_drive_to_nearest(graph, [[x, 0]], xy[k : k + 1], access=ACCESS).loc[
                    0, "drive_min"
                ]
                for k in range(len(xy))
            ]
        )
        inside = times <= 180
        assert got["near"].values[row] == pytest.approx(np.sum(0.5 ** (times[inside] / 30)))
        assert got["plain"].values[row] == inside.sum()
        assert got["near"].details["count"][row] == inside.sum()
    # The same 3 suppliers within 180 min count alike plainly; nearer ones weigh more.
    assert got["near"].unit == "weighted count"
    assert got["near"].values[0] > 0.5 ** (10 / 30)


def test_a_park_near_the_cluster_beats_the_inner_city_park_when_the_cluster_dominates() -> None:
    """A park 20 km outside a big city, beside its supplier cluster, against a park in the
    city's centre: both have the labour pool (saturated), so the cluster decides."""
    graph = _road()
    city = gpd.GeoDataFrame(
        {"population": [2_000_000, 500_000]},
        geometry=[Point(100_000, 0), Point(110_000, 0)],
        crs=CRS,
    )
    cluster = gpd.GeoDataFrame(geometry=[Point(x, 0) for x in (118_000, 121_000, 123_000)], crs=CRS)
    config = parse_config(
        {
            "requirements": {"workers": 1000},
            "criteria": [
                {
                    "name": "labour",
                    "measure": "population_within",
                    "minutes": 60,
                    "to": "city",
                    "direction": "max",
                    "weight": 0.3,
                    "value": "linear",
                    "best": 400_000,
                    "worst": 0,
                },
                {
                    "name": "cluster",
                    "measure": "count_within",
                    "minutes": 120,
                    "to": "cluster",
                    "half_life": 20,
                    "direction": "max",
                    "weight": 0.7,
                    "value": "linear",
                    "best": 3,
                    "worst": 0,
                },
            ],
        }
    )
    context = MeasureContext(layers={"city": city, "cluster": cluster}, graph=graph, access=ACCESS)
    cands = _cands(100_000.0, 120_000.0)  # inner city, 20 km out beside the cluster
    measures = compute_measures(cands, config.criteria, context)
    assert measures["labour"].values.tolist() == [2_500_000.0, 2_500_000.0]
    from siteselect.scoring import score_rows

    raw = np.column_stack([measures["labour"].values, measures["cluster"].values])
    import pandas as pd

    _, scores = score_rows(
        config, pd.DataFrame(raw, columns=["labour", "cluster"], index=cands.ids)
    )
    assert scores.table.loc["p1", "rank"] == 1
    assert scores.table.loc["p0", "rank"] == 2


def test_tightness_is_the_shed_per_employer_reached() -> None:
    graph = _road()
    people = gpd.GeoDataFrame(
        {"population": [100_000, 50_000]}, geometry=[Point(5_000, 0), Point(90_000, 0)], crs=CRS
    )
    employers = gpd.GeoDataFrame(
        {"scian_sector": ["33", "33", "46"]},
        geometry=[Point(10_000, 0), Point(20_000, 0), Point(12_000, 0)],
        crs=CRS,
    )
    crit = _criteria(
        {
            "name": "tight",
            "measure": "shed_ratio",
            "minutes": 30,
            "to": "people",
            "per": "firms",
            "per_where": {"scian_sector": "33"},
            "traveller": "truck",
        },
    )
    context = MeasureContext(
        layers={"people": people, "firms": employers}, graph=graph, access=ACCESS
    )
    got = compute_measures(_cands(0.0, 160_000.0), crit, context)["tight"]
    # p0 reaches 100,000 people and 2 manufacturers; p1 nobody and none (divides by one).
    assert got.values.tolist() == [50_000.0, 0.0]
    assert got.details["count"].tolist() == [2.0, 0.0]
    assert got.unit == "people per feature"


def _grid_layers() -> dict[str, gpd.GeoDataFrame]:
    lines = gpd.GeoDataFrame(
        {"id": ["l230", "lnone", "l115"], "voltage_kv": [230.0, np.nan, 115.0]},
        geometry=[
            LineString([(0, 10_000), (100_000, 10_000)]),
            LineString([(0, 3_000), (100_000, 3_000)]),
            LineString([(0, -5_000), (100_000, -5_000)]),
        ],
        crs=CRS,
    )
    subs = gpd.GeoDataFrame(
        {"id": ["s400"], "name": ["Subestación A"], "voltage_kv": [400.0]},
        geometry=[Point(50_000, 1_000)],
        crs=CRS,
    )
    states = gpd.GeoDataFrame(
        {"state": ["Nuevo León", "Coahuila"]},
        geometry=[box(0, -20_000, 100_000, 20_000), box(100_000, -20_000, 400_000, 20_000)],
        crs=CRS,
    )
    return {"power_lines": lines, "power_substations": subs, "states": states}


def test_grid_distance_takes_the_nearer_of_lines_and_substations_at_the_voltage() -> None:
    layers = _grid_layers()
    cands = _cands(50_000.0, 10_000.0)
    cands.frame["state"] = ["Nuevo León", "Coahuila"]
    crit = _criteria(
        {"name": "hv", "measure": "grid_distance", "voltage_kv": 115, "direction": "min"},
        {"name": "ehv", "measure": "grid_distance", "voltage_kv": 230, "direction": "min"},
    )
    got = compute_measures(cands, crit, MeasureContext(layers=layers))
    # 115 kV+: the unknown-voltage line (3 km) counts; p0 is 1 km from the 400 kV substation.
    assert got["hv"].values.tolist() == pytest.approx([1.0, 3.0])
    assert got["hv"].nearest is not None and got["hv"].nearest.ids == ("s400", "lnone")
    # 230 kV+: unknown voltages are left out; the 230 kV line is 10 km away.
    assert got["ehv"].values.tolist() == pytest.approx([1.0, 10.0])
    np.testing.assert_allclose(got["ehv"].details["line_km"], [10.0, 10.0])
    # Nuevo León has all the lines; the much larger Coahuila box none: a thin map there.
    assert got["hv"].details["low_confidence"].tolist() == [0.0, 1.0]
    assert any("Coahuila" in note for note in got["hv"].notes)


# ---- the power criterion from a park's own facts (issue 18, item 5) --------------------------


def _power_facts(rows: dict[str, dict[str, float]]) -> Any:
    """A facts sheet built in code: per park, MVA available and supply kV, dated and sourced."""
    from datetime import date

    from siteselect.facts.model import FactSet, FactValue

    units = {"power_mva_available": "MVA", "supply_voltage_kv": "kV"}
    by_park = {
        cid: {
            key: FactValue(key, value, units[key], date(2026, 10, 1), "developer sheet", "x")
            for key, value in facts.items()
        }
        for cid, facts in rows.items()
    }
    return FactSet(
        file="parks.xlsx",
        illustrative=False,
        missing="penalise",
        keys=tuple(units),
        by_park=by_park,
    )


def _three_parks(facts: Any) -> Candidates:
    """p0 meets the need, p1 falls short, p2 has no facts (its grid distance is the fallback)."""
    cands = _cands(50_000.0, 10_000.0, 80_000.0)
    return Candidates(cands.frame, facts=facts)


POWER = {"name": "power", "measure": "grid_distance", "voltage_kv": 115, "direction": "min"}
THREE = {
    "p0": {"power_mva_available": 16.0, "supply_voltage_kv": 115.0},
    "p1": {"power_mva_available": 6.0, "supply_voltage_kv": 34.5},
}


def test_grid_distance_decides_from_the_park_s_facts_with_the_grid_as_the_fallback() -> None:
    layers = _grid_layers()
    crit = _criteria({**POWER, "need_mva": 8, "need_kv": 115})
    grid = compute_measures(_three_parks(None), crit, MeasureContext(layers=layers))["power"]
    got = compute_measures(_three_parks(_power_facts(THREE)), crit, MeasureContext(layers=layers))
    power = got["power"]
    # The map alone: p0 1 km from the 400 kV substation, p1 and p2 3 km from the 115 kV+ line.
    assert grid.values.tolist() == pytest.approx([1.0, 3.0, 3.0])
    # p0's facts meet 8 MVA at 115 kV: power at the park. p1's fall short: the farthest grid
    # distance of the search (3 km), not its own nearness to a mapped line. p2: the map.
    assert power.values.tolist() == pytest.approx([0.0, 3.0, 3.0])
    assert power.details["from_facts"].tolist() == [1.0, 1.0, 0.0]
    assert power.details["facts_short"].tolist() == [0.0, 1.0, 0.0]
    np.testing.assert_allclose(power.details["facts_mva"], [16.0, 6.0, np.nan])
    np.testing.assert_allclose(power.details["grid_km"], [1.0, 3.0, 3.0])
    assert power.facts_read == ("power_mva_available", "supply_voltage_kv")
    note = power.notes[0]
    assert "2 of 3 parks measured from their own facts" in note
    assert "1 meet 8 MVA at 115 kV" in note and "1 fall short" in note
    assert "1 by the grid-distance fallback" in note


def test_a_short_park_never_scores_better_than_the_farthest_from_the_grid() -> None:
    """A short park 1 km from a line takes the farthest park's distance; one stated fact that
    falls short decides alone; without a tenant's need, any capacity at the voltage counts."""
    layers = _grid_layers()
    facts = _power_facts(
        {
            "p0": {"power_mva_available": 3.0, "supply_voltage_kv": 230.0},  # short of 8 MVA
            "p1": {"supply_voltage_kv": 13.2},  # the voltage alone falls short
            "p2": {"power_mva_available": 40.0},  # no voltage: the map decides
        }
    )
    cands = Candidates(_cands(50_000.0, 10_000.0, 60_000.0).frame, facts=facts)
    crit = _criteria({**POWER, "need_mva": 8})
    power = compute_measures(cands, crit, MeasureContext(layers=layers))["power"]
    assert power.details["from_facts"].tolist() == [1.0, 1.0, 0.0]
    assert power.values.tolist() == pytest.approx([3.0, 3.0, 3.0])
    # No stated need: 3 MVA at 230 kV is power at the park for a 115 kV criterion.
    plain = compute_measures(cands, _criteria(POWER), MeasureContext(layers=layers))["power"]
    assert plain.values[0] == 0.0 and plain.details["facts_short"][0] == 0.0


def test_grid_distance_without_a_facts_sheet_is_unchanged() -> None:
    """No facts sheet: the same values, details and notes as before facts existed."""
    layers = _grid_layers()
    got = compute_measures(_three_parks(None), _criteria(POWER), MeasureContext(layers=layers))
    power = got["power"]
    assert set(power.details) == {"line_km", "substation_km", "coverage", "low_confidence"}
    assert power.facts_read == () and not power.illustrative


def test_explain_says_where_the_power_value_came_from() -> None:
    """Terminal and JSON: the park's facts (MVA at kV, date, source, ‡) or the fallback."""
    import io

    from rich.console import Console

    from siteselect.report.exports import criterion_json
    from siteselect.report.terminal import render_explanation
    from siteselect.results import CriterionValue, Explanation

    facts = _power_facts(THREE)
    fact_values = tuple(facts.by_park["p0"].values())

    def value(flag: float, short: float = 0.0, used: tuple[Any, ...] = ()) -> CriterionValue:
        return CriterionValue(
            criterion="power",
            measure="grid_distance",
            raw=0.0 if used and not short else 3.0,
            unit="km",
            value=1.0,
            weight=1.0,
            contribution=1.0,
            details={"from_facts": flag, "facts_short": short},
            reaches=True,
            facts=used,
            facts_file="parks.xlsx" if used else "",
        )

    met, fallback = value(1.0, used=fact_values), value(0.0)
    buffer = io.StringIO()
    explanation = Explanation("p0", "p0", {}, "wsm", 2, 1, 1.0, None, (met, fallback), ())
    Console(file=buffer, width=200).print(render_explanation(explanation, ()))
    text = buffer.getvalue()
    assert (
        "from the park's facts (16 MVA at 115 kV, 2026-10-01, developer sheet, parks.xlsx) ‡"
        in text
    )
    assert "grid distance (fallback)" in text
    entry = criterion_json(met)
    assert entry["basis"]["from"] == "facts" and entry["basis"]["file"] == "parks.xlsx"
    assert entry["basis"]["facts"]["supply_voltage_kv"]["value"] == 115.0
    assert criterion_json(fallback)["basis"] == {
        "from": "grid_fallback",
        "text": "grid distance (fallback)",
    }
    assert "basis" not in criterion_json(replace(met, details={}))


def test_unstated_needs_leave_the_config_dump_and_its_hash_as_before() -> None:
    """``config_sha256`` hashes the dumped search: an unset need adds no key to it."""
    plain = _criteria(POWER)[0].params.model_dump(mode="json")
    assert "need_mva" not in plain and "need_kv" not in plain
    stated = _criteria({**POWER, "need_mva": 8})[0].params.model_dump(mode="json")
    assert stated["need_mva"] == 8 and "need_kv" not in stated
