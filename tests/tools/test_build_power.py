"""Tests for the OSM power-grid layers (tools/build_power.py)."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString

from tools import build_power as bw

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def test_parse_voltage_takes_the_highest_circuit_in_kv() -> None:
    assert bw.parse_voltage_kv("230000;230000") == 230.0
    assert bw.parse_voltage_kv("115000;230000;230000;115000") == 230.0
    assert bw.parse_voltage_kv("400000") == 400.0
    for empty in (None, float("nan"), "n/a;n/a", ""):
        assert math.isnan(bw.parse_voltage_kv(empty))


def test_substations_take_their_own_tag_else_their_lines() -> None:
    nodes = pd.DataFrame(
        {
            "v_id": [1, 2, 3, 4],
            "typ": ["substation", "sub_station", "joint", "station"],
            "voltage": [None, "115000", "400000", None],
            "name": ["A", None, None, None],
            "operator": ["CFE", None, None, None],
            "lon": [-100.0, -100.1, -100.2, -100.3],
            "lat": [21.0, 21.1, 21.2, 21.3],
        }
    )
    lines = pd.DataFrame({"v_id_1": [1, 2], "v_id_2": [3, 1], "voltage": ["230000;230000", None]})
    subs = bw.build_substations(nodes, lines).set_index("id")
    assert list(subs.index) == ["osm-grid-1", "osm-grid-2", "osm-grid-4"]  # the joint is left out
    assert subs.loc["osm-grid-1", "voltage_kv"] == 230.0
    assert subs.loc["osm-grid-1", "voltage_from"] == "lines"
    assert subs.loc["osm-grid-2", "voltage_kv"] == 115.0
    assert subs.loc["osm-grid-2", "voltage_from"] == "tag"
    assert math.isnan(subs.loc["osm-grid-4", "voltage_kv"])
    assert subs.loc["osm-grid-4", "voltage_from"] == ""


def test_lines_keep_the_source_length_and_voltage() -> None:
    lines = gpd.GeoDataFrame(
        {"l_id": [7], "voltage": ["400000;400000"], "length_m": [12_345.0]},
        geometry=[LineString([(-100.0, 21.0), (-100.1, 21.0)])],
        crs="EPSG:4326",
    )
    out = bw.build_lines(lines)
    assert out.crs.to_epsg() == 6372
    assert out.loc[0, "id"] == "osm-line-7" and out.loc[0, "voltage_kv"] == 400.0
    assert out.loc[0, "length_km"] == 12.345


def test_power_script_skips_without_shared_data(tmp_path: Path) -> None:
    assert bw.main(["--out", str(tmp_path / "o"), "--shared-dir", str(tmp_path / "no")]) == 0
    assert not (tmp_path / "o").exists()


@pytest.mark.data_extra
def test_committed_power_layers_match_a_rebuild(shared_data: Path, tmp_path: Path) -> None:
    assert bw.main(["--out", str(tmp_path), "--shared-dir", str(shared_data)]) == 0
    for name in ("power_substations.csv", "power_lines.gpkg"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
