"""Tests for the CONAPO-calibrated population table (tools/build_population.py)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import box

from siteselect.errors import DataError
from tools import build_population as bp

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


@given(
    total=st.integers(min_value=0, max_value=10_000_000),
    weights=st.lists(st.floats(min_value=0.001, max_value=1e7), min_size=1, max_size=30),
)
def test_apportion_sums_exactly_and_stays_within_one_of_the_quota(
    total: int, weights: list[float]
) -> None:
    parts = bp.apportion(total, weights)
    assert sum(parts) == total
    quota = total * np.asarray(weights) / sum(weights)
    assert all(p >= 0 for p in parts)
    assert np.all(np.abs(np.asarray(parts) - quota) < 1.0 + 1e-9)


def test_apportion_rejects_nothing_to_share() -> None:
    with pytest.raises(DataError, match="cannot apportion"):
        bp.apportion(10, [0.0, 0.0])


def test_an_aggregate_figure_takes_the_municipality_remainder() -> None:
    # Querétaro: the city is listed with the 2020 metro figure, above the municipality's total
    weights, aggregate = bp.compute_place_weights([1_594_212, 18_508, 14_094], 1_071_145)
    assert aggregate == [True, False, False]
    assert weights == [1_071_145 - 18_508 - 14_094, 18_508, 14_094]
    # ordinary figures are kept as they are
    assert bp.compute_place_weights([50, 30], 100) == ([50.0, 30.0], [False, False])
    # when the other places already exceed the total, the aggregate gets nothing
    assert bp.compute_place_weights([1000, 90, 20], 100)[0] == [0.0, 90.0, 20.0]


def _tiny_municipalities() -> gpd.GeoDataFrame:
    shapes = gpd.GeoDataFrame(
        {
            "cvegeo": ["01001", "01002", "01003"],
            "state_code": ["01", "01", "01"],
            "municipality": ["Uno", "Dos", "Tres"],
        },
        geometry=[
            box(-101.0, 21.0, -100.5, 22.0),
            box(-100.5, 21.0, -100.0, 22.0),
            box(-100.0, 21.0, -99.5, 22.0),
        ],
        crs="EPSG:4326",
    )
    return shapes.to_crs("EPSG:6372")


def test_build_population_shares_totals_and_fills_empty_municipalities() -> None:
    places = pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "name": ["A", "B", "C", "Gone"],
            "population": [300, 100, 5_000, 0],
            "lon": [-100.8, -100.6, -100.2, -100.7],
            "lat": [21.5, 21.5, 21.5, 21.5],
        }
    )
    conapo = pd.DataFrame(
        {
            "cvegeo": ["01001", "01002", "01003"],
            "state_code": ["01", "01", "01"],
            "municipality": ["Uno", "Dos", "Tres"],
            "population": [1_000, 1_000, 700],
        }
    )
    table, mun, stats = bp.build_population(
        places, conapo, _tiny_municipalities(), year=2026, state_names={"01": "Alpha"}
    )
    by_id = table.set_index("id")
    assert by_id.loc["g1", "population"] == 750 and by_id.loc["g2", "population"] == 250
    # C's figure is an aggregate (5,000 > 1.3 x 1,000) and the only place: it takes it all
    assert by_id.loc["g3", "population"] == 1_000 and by_id.loc["g3", "kind"] == "aggregate"
    assert (
        by_id.loc["m01003", "population"] == 700 and by_id.loc["m01003", "kind"] == "municipality"
    )
    assert "g4" not in by_id.index  # no population: left out
    assert table["population"].sum() == conapo["population"].sum()
    assert list(table["id"]) == sorted(table["id"])
    assert set(table["state"]) == {"Alpha"}
    assert mun["places"].tolist() == [2, 1, 1]
    assert stats["municipality points"] == "1" and stats["aggregate figures dropped"] == "1"


def test_a_new_municipality_goes_to_its_parent() -> None:
    shapes = _tiny_municipalities()
    parents = bp.select_parent_municipalities(shapes, ["01001", "01003"])
    # 01002 touches both; the longest shared border wins (equal here: the lower code)
    assert set(parents) == {"01002"} and parents["01002"] in {"01001", "01003"}
    assert bp.select_parent_municipalities(shapes, ["01001", "01002", "01003"]) == {}


def test_read_conapo_selects_the_year_and_refuses_others(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "date_year,nombre_estado,cve_ent,nombre_municipio,cve_mun,hombres,mujeres,total\n"
        "2026,A,01,Uno,01001,5,5,10\n2025,A,01,Uno,01001,4,5,9\n",
        encoding="utf-8",
    )
    table = bp.read_conapo(path, 2026)
    assert table.to_dict("records") == [
        {"cvegeo": "01001", "state_code": "01", "municipality": "Uno", "population": 10}
    ]
    with pytest.raises(DataError, match="no projection for 2031"):
        bp.read_conapo(path, 2031)


def test_script_skips_without_shared_data(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "build_population.py"),
            "--out",
            str(tmp_path / "out"),
            "--shared-dir",
            str(tmp_path / "absent"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "skipped population.csv" in proc.stderr and "keeping the committed file" in proc.stderr
    assert not (tmp_path / "out").exists()


# --- the committed table against CONAPO itself -------------------------------------------------


def test_state_sums_equal_conapo_2026(shared_data: Path) -> None:
    """Per-state sums of data/population.csv equal CONAPO's 2026 projection within 0.5 %."""
    conapo = pd.read_csv(shared_data / bp.CONAPO_FILE, dtype={"cve_ent": str, "cve_mun": str})
    want = conapo.loc[conapo["date_year"] == 2026].groupby("cve_ent")["total"].sum()
    table = pd.read_csv(DATA / "population.csv", dtype={"state_code": str})
    got = table.groupby("state_code")["population"].sum()
    assert len(want) == 32 and set(got.index) == set(want.index)
    diff = (got.reindex(want.index) - want).abs() / want
    assert float(diff.max()) <= 0.005, diff.sort_values().tail(3).to_dict()


def test_queretaro_is_no_longer_counted_twice() -> None:
    """Within 30 km of central Querétaro: 2.14 M before (metro figure plus localities), CONAPO
    1.59 M in 2025; the calibrated layer must be near CONAPO, not near the double count."""
    from pyproj import Geod

    table = pd.read_csv(DATA / "population.csv")
    _, _, dist = Geod(ellps="WGS84").inv(
        np.full(len(table), -100.3899), np.full(len(table), 20.5888), table["lon"], table["lat"]
    )
    within = int(table.loc[np.asarray(dist) <= 30_000, "population"].sum())
    assert 1_450_000 < within < 1_900_000


def test_committed_table_matches_a_rebuild(shared_data: Path, tmp_path: Path) -> None:
    assert bp.main(["--out", str(tmp_path), "--shared-dir", str(shared_data)]) == 0
    for name in ("population.csv", "population_municipalities.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_population_csv_is_readable_as_text() -> None:
    text = (DATA / "population.csv").read_text(encoding="utf-8")
    head = pd.read_csv(io.StringIO(text), nrows=5, dtype=str)
    assert list(head.columns)[:3] == ["id", "name", "municipality_code"]
