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


@pytest.mark.slow
def test_committed_table_matches_a_rebuild(shared_data: Path, tmp_path: Path) -> None:
    assert bp.main(["--out", str(tmp_path), "--shared-dir", str(shared_data)]) == 0
    for name in ("population.csv", "population_municipalities.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_population_csv_is_readable_as_text() -> None:
    text = (DATA / "population.csv").read_text(encoding="utf-8")
    head = pd.read_csv(io.StringIO(text), nrows=5, dtype=str)
    assert list(head.columns)[:3] == ["id", "name", "municipality_code"]


# --- urban footprints --------------------------------------------------------------------------


def _square(side_m: float, x0: float = 0.0, y0: float = 0.0) -> object:
    import shapely

    shape = box(x0, y0, x0 + side_m, y0 + side_m)
    shapely.prepare(shape)
    return shape


def test_a_small_place_keeps_its_point() -> None:
    cells = bp.select_footprint_cells(500.0, 500.0, 1, _square(10_000), 1000.0)
    assert cells.tolist() == [[500.0, 500.0]]


def test_footprint_is_the_nearest_lattice_disc_inside_the_municipality() -> None:
    inside = bp.select_footprint_cells(50_000.0, 50_000.0, 13, _square(100_000), 1000.0)
    # a disc of 13 cells: the centre, its 4 + 4 neighbours and the 4 at two steps
    d = np.hypot(inside[:, 0] - 50_000, inside[:, 1] - 50_000)
    assert len(inside) == 13 and d.max() == 2000.0 and d[0] == 0.0
    assert np.all(np.diff(d) >= 0)  # nearest first
    # against the municipality's edge the footprint keeps its area by growing inwards
    edge = bp.select_footprint_cells(500.0, 50_000.0, 13, _square(100_000), 1000.0)
    assert len(edge) == 13 and (edge[:, 0] >= 0).all()
    assert np.hypot(edge[:, 0] - 500, edge[:, 1] - 50_000).max() > 2000.0


def test_footprint_is_capped_by_a_small_municipality_and_deterministic() -> None:
    shape = _square(3_000)  # holds 3 x 3 lattice points through (500, 500)
    cells = bp.select_footprint_cells(500.0, 500.0, 50, shape, 1000.0)
    assert len(cells) == 9
    again = bp.select_footprint_cells(500.0, 500.0, 50, shape, 1000.0)
    assert np.array_equal(cells, again)
    # a place outside a shape too small for any lattice point keeps its point
    assert bp.select_footprint_cells(5_000.0, 5_000.0, 4, _square(400), 1000.0).tolist() == [
        [5_000.0, 5_000.0]
    ]


@given(people=st.integers(min_value=0, max_value=2_000_000))
def test_spreading_keeps_every_place_total(people: int) -> None:
    table = pd.DataFrame(
        {
            "id": ["g1", "m01002"],
            "name": ["Town", "Dos"],
            "municipality_code": ["01001", "01002"],
            "population": [people, 80_000],
            "population_geonames": [people // 2, 0],
            "kind": ["place", "municipality"],
            "lon": [-100.75, -100.25],
            "lat": [21.5, 21.5],
            "source": ["s", "s"],
        }
    )
    shapes = {
        str(code): geom
        for code, geom in zip(
            _tiny_municipalities()["cvegeo"], _tiny_municipalities().geometry, strict=True
        )
    }
    out, stats = bp.spread_places(table, shapes)
    town = out.loc[out["place_id"] == "g1"]
    assert town["population"].sum() == people
    assert len(town) == max(1, round(people / bp.URBAN_DENSITY_PER_KM2))
    assert town["population"].max() - town["population"].min() <= 1
    # the part at the place's own point keeps its id and GeoNames figure
    anchor = town.loc[town["id"] == "g1"].iloc[0]
    assert (anchor["lon"], anchor["lat"]) == pytest.approx((-100.75, 21.5), abs=1e-6)
    assert town["population_geonames"].sum() == people // 2
    # municipality points stay points; ids stay unique and sorted
    assert out.loc[out["place_id"] == "m01002", "population"].tolist() == [80_000]
    assert out["id"].is_unique and list(out["id"]) == sorted(out["id"])
    assert "footprints" in stats


def test_committed_footprints_follow_the_density() -> None:
    """Each place covers round(P / 5,000) one-km points (fewer only where its municipality is
    smaller); Querétaro's 2026 people sit on ~180 km², not at one point."""
    table = pd.read_csv(DATA / "population.csv", dtype={"municipality_code": str})
    places = table.groupby("place_id").agg(
        people=("population", "sum"), points=("population", "size"), kind=("kind", "first")
    )
    want = np.maximum(1, np.round(places["people"] / bp.URBAN_DENSITY_PER_KM2))
    settled = places["kind"] != "municipality"
    assert (places.loc[settled, "points"] <= want[settled]).all()
    assert (places.loc[settled, "points"] == want[settled]).mean() > 0.99
    qro = table.loc[table["place_id"] == "g3991164"]
    assert 150 <= len(qro) <= 220 and qro["population"].max() < 6_000
