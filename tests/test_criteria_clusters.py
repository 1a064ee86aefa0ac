"""Tests for the measures of issue 17: gravity counts (count_within half_life), labour-market
tightness (shed_ratio) and the distance to the grid (grid_distance)."""

from __future__ import annotations

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
