"""Tests for `siteselect layers validate`: what it finds, one line per problem, exit 0 or 3."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.transform import Affine
from shapely.geometry import LineString, Point, Polygon, box

from siteselect.layers.validate import validate_user_file
from tests.test_cli import run_main


def _validate(path: Path, *args: str) -> tuple[int, dict, str]:
    code, out, err = run_main(["layers", "validate", str(path), "--format", "json", *args])
    return code, json.loads(out) if out else {}, err


def test_a_good_spanish_csv_is_usable_and_says_what_was_picked(tmp_path: Path) -> None:
    path = tmp_path / "parques.csv"
    path.write_bytes(
        "Clave;Nombre;Longitud;Latitud\r\n1;Querétaro;-100,39;20,59\r\n2;León;-101,68;21,12\r\n".encode(
            "cp1252"
        )
    )
    code, out, err = run_main(["layers", "validate", str(path), "--as", "candidates"])
    assert code == 0, err
    for line in (
        "parques.csv (as candidates): usable",
        "format: CSV",
        "CRS: EPSG:4326 (default)",
        "geometry: Point 2",
        "rows: 2 (2 usable)",
        "coordinates from: lon = 'Longitud', lat = 'Latitud'",
        "read with encoding cp1252, separator ';', decimal mark ','",
        "not UTF-8: read as Windows-1252",
    ):
        assert line in out, line
    assert str(tmp_path) not in out


def test_every_problem_is_one_line_and_rows_problems_keep_it_usable(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "id,name,lon,lat,power_mva\n"
        "a,A,-100.39,20.59,20\n"
        "b,B,-101.68,21.12,n/a\n"
        "c,C,20.59,-100.39,30\n"  # swapped
        "d,D,-3.70,40.41,30\n"  # Madrid
        "a,A again,-100.31,25.67,12 MW\n"  # duplicate id, text in a numeric column
        "e,E,-102.29,21.88,15\n"
        "f,F,-99.13,19.43,16\n",
        encoding="utf-8",
    )
    code, doc, err = _validate(path, "--as", "candidates")
    assert code == 0, err
    (layer,) = doc["layers"]
    kinds = {p["kind"]: p for p in layer["problems"]}
    assert set(kinds) == {
        "lon/lat look swapped",
        "outside Mexico's bounding box",
        "duplicate ids",
        "non-numeric values",
    }
    assert not any(p["fatal"] for p in layer["problems"])
    assert kinds["lon/lat look swapped"]["message"] == (
        "1 row(s) left out: lon/lat look swapped (first: row 3, lon=20.59, lat=-100.39)"
    )
    assert (
        "column 'power_mva' is numeric but 1 value(s) are not numbers, first row 5: '12 MW'"
        in (kinds["non-numeric values"]["message"])
    )
    # 7 rows: the swapped and Madrid rows are left out, the repeated 'a' is not kept either.
    assert layer["rows"] == 7 and layer["usable_rows"] == 4
    code, out, _ = run_main(["layers", "validate", str(path), "--as", "candidates"])
    problem_lines = [line for line in out.splitlines() if line.strip().startswith("warning:")]
    assert len(problem_lines) == 4


def test_unusable_files_exit_3(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"id": ["a", "b"]}, geometry=[Point(-100.39, 20.59), Point(-101.68, 21.12)], crs=4326
    )
    frame.to_file(tmp_path / "s.shp")
    (tmp_path / "s.prj").unlink()
    code, doc, _ = _validate(tmp_path / "s.shp")
    assert code == 3
    (problem,) = doc["layers"][0]["problems"]
    assert problem["kind"] == "no CRS" and problem["fatal"]
    assert "is the .prj file missing?" in problem["message"]
    # The same file with its CRS given is usable.
    code, doc, _ = _validate(tmp_path / "s.shp", "--crs", "EPSG:4326")
    assert code == 0 and doc["layers"][0]["crs_from"] == "given"

    frame.to_file(tmp_path / "p.geojson")
    code, doc, _ = _validate(tmp_path / "p.geojson", "--as", "lines")
    assert code == 3
    assert (
        "geometry types Point 2 where lines were expected"
        in (doc["layers"][0]["problems"][0]["message"])
    )
    (tmp_path / "empty.csv").write_text("")
    code, out, _err = run_main(["layers", "validate", str(tmp_path / "empty.csv")])
    assert code == 3 and "problem: empty.csv is empty (0 bytes)" in out
    code, doc, _ = _validate(tmp_path / "missing.gpkg")
    assert code == 3 and doc["layers"][0]["problems"][0]["kind"] == "missing"


def test_invalid_polygons_are_repaired_and_counted(tmp_path: Path) -> None:
    bowtie = Polygon([(-100, 20), (-99, 21), (-99, 20), (-100, 21)])
    gpd.GeoDataFrame(
        {"id": ["bow", "ok"]}, geometry=[bowtie, box(-101, 21, -100.9, 21.1)], crs=4326
    ).to_file(tmp_path / "p.gpkg")
    code, doc, _ = _validate(tmp_path / "p.gpkg", "--as", "polygons")
    assert code == 0
    (problem,) = doc["layers"][0]["problems"]
    assert problem["kind"] == "invalid geometry repaired" and problem["count"] == 1


def test_every_layer_of_a_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "many.gpkg"
    gpd.GeoDataFrame({"id": ["a"]}, geometry=[Point(-100.39, 20.59)], crs=4326).to_file(
        path, layer="sites"
    )
    gpd.GeoDataFrame(
        {"id": ["r"]}, geometry=[LineString([(-101, 21), (-100, 21)])], crs=4326
    ).to_file(path, layer="roads")
    code, doc, _ = _validate(path)
    assert code == 0
    assert [(r["layer"], r["geometry_types"]) for r in doc["layers"]] == [
        ("sites", {"Point": 1}),
        ("roads", {"LineString": 1}),
    ]
    code, doc, _ = _validate(path, "--layer", "nope")
    assert code == 3 and "has no layer 'nope' (layers: sites, roads)" in json.dumps(doc)


def test_rasters(tmp_path: Path) -> None:
    path = tmp_path / "r.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.5, 0, -101, 0, -0.5, 21),
        nodata=-1,
    ) as ds:
        ds.write(np.ones((1, 2, 2), dtype="float32"))
    code, doc, _ = _validate(path)
    assert code == 0
    layer = doc["layers"][0]
    assert layer["read_as"] == "raster" and layer["extent"] == [-101.0, 20.0, -100.0, 21.0]
    assert "2 x 2 cells, 1 band(s) of float32, nodata -1.0" in layer["notes"]
    far = tmp_path / "far.tif"
    with rasterio.open(
        far,
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.5, 0, 10, 0, -0.5, 50),
    ) as ds:
        ds.write(np.ones((1, 2, 2), dtype="float32"))
    code, doc, _ = _validate(far)
    assert code == 3 and doc["layers"][0]["problems"][0]["kind"] == "outside Mexico"


@pytest.mark.parametrize("read_as", ["points", "candidates", None])
def test_library_validation_matches_the_reader(read_as: str | None, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,lon,lat\na,-100.39,20.59\nb,-100.39,95\n", encoding="utf-8")
    (report,) = validate_user_file(path, read_as=read_as)
    assert report.usable and report.usable_rows == 1
    assert [p.kind for p in report.problems] == ["lon/lat out of range"]


def test_candidates_outside_mexico_are_reported(tmp_path: Path) -> None:
    """Austin lies in Mexico's bounding box but not in Mexico: the search sets it aside, and
    validate says so before a search is run."""
    path = tmp_path / "c.csv"
    path.write_text(
        "id,name,lon,lat\nq,Querétaro,-100.39,20.59\ntx,Austin,-97.74,30.27\n", encoding="utf-8"
    )
    code, doc, err = _validate(path, "--as", "candidates")
    assert code == 0, err
    (layer,) = doc["layers"]
    kinds = {p["kind"]: p for p in layer["problems"]}
    assert kinds["outside Mexico"]["count"] == 1
    assert "first row 2" in kinds["outside Mexico"]["message"]
    assert layer["usable_rows"] == 1


def test_candidates_all_outside_mexico_are_not_usable(tmp_path: Path) -> None:
    """Every row set aside (Houston and Dallas lie in Mexico's bounding box, not in Mexico;
    Madrid outside it): a search stops on the file, so validate says "not usable", exit 3."""
    path = tmp_path / "c.csv"
    path.write_text(
        "id,name,lon,lat\nh,Houston,-95.37,29.76\nm,Madrid,-3.7,40.4\nd,Dallas,-96.8,32.8\n",
        encoding="utf-8",
    )
    code, doc, err = _validate(path, "--as", "candidates")
    assert code == 3, err
    (layer,) = doc["layers"]
    assert layer["usable"] is False and layer["usable_rows"] == 0
    assert any(p["kind"] == "no usable rows" and p["fatal"] for p in layer["problems"])
