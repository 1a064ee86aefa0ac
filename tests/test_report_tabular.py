"""Tests for siteselect.report.tabular: every export format, read back by other tools."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from siteselect.api import run
from siteselect.config import load_search
from siteselect.errors import OutputError
from siteselect.report import render_rank_bytes
from siteselect.report.exports import build_rank_table
from siteselect.report.tabular import (
    GEO_FORMATS,
    TABLE_FORMATS,
    ExportColumn,
    ExportTable,
    build_geojson_document,
    build_table_bytes,
)
from siteselect.results import RankResult
from tests.conftest import REPO

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="module")
def result() -> RankResult:
    # The Bajío only: the Northeast parks come out as eliminated rows with a reason.
    return run(load_search(profile="automotive-tier1", corridors=["bajio"], top=6))


@pytest.fixture(scope="module")
def exports(result: RankResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    out = {}
    for fmt in TABLE_FORMATS:
        path = folder / f"shortlist.{fmt}"
        path.write_bytes(render_rank_bytes(result, fmt))
        out[fmt] = path
    return out


def _expected_ids(result: RankResult) -> list[str]:
    return [str(i) for i in result.shortlist.index] + [str(i) for i in result.eliminated.index]


def test_table_lists_shortlist_then_eliminated_with_reasons(result: RankResult) -> None:
    table = build_rank_table(result)
    records = list(table.records())
    assert [r["id"] for r in records] == _expected_ids(result)
    ranked = [r for r in records if r["status"] == "ranked"]
    dropped = [r for r in records if r["status"] == "eliminated"]
    assert [r["rank"] for r in ranked] == list(range(1, 7))
    northeast = (result.removed["stage"] == "corridor").sum()
    assert len(dropped) == northeast > 0  # the Northeast parks
    assert all("outside the selected corridors" in r["eliminated_reason"] for r in dropped)
    assert all(r["rank"] is None and r["score"] is None for r in dropped)
    # The shipped profiles score measured layers only: nothing illustrative to flag.
    assert all(not r["illustrative_inputs"] for r in records)
    # The score's own figures: raw values with units, and the facility each was measured to.
    first = ranked[0]
    assert first["border_min"] > 0 and first["border_nearest_name"]
    assert first["border_drive_km"] > first["border_straight_km"] > 0
    prov = table.provenance
    assert prov["profile"] == "automotive-tier1" and len(prov["config_sha256"]) == 64
    assert {s["name"] for s in prov["sources"]} >= {"parks", "highways", "border_crossings"}
    assert all(s["date"] for s in prov["sources"])


@pytest.mark.parametrize("fmt", GEO_FORMATS)
def test_geo_exports_read_back_with_crs_order_geometry_and_properties(
    fmt: str, result: RankResult, exports: dict[str, Path]
) -> None:
    import geopandas as gpd

    path = exports[fmt]
    frame = gpd.read_parquet(path) if fmt == "parquet" else gpd.read_file(path)
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert frame["id"].tolist() == _expected_ids(result)
    table = build_rank_table(result)
    assert set(table.names) <= set(frame.columns)
    ranked = frame.loc[frame["status"] == "ranked"]
    assert ranked["rank"].tolist() == list(range(1, 7))
    # Geometry: the parks' points in lon/lat, the same as the result's own.
    expected = result.to_geodataframe().loc[ranked["id"]]
    for got, want in zip(ranked.geometry, expected.geometry, strict=True):
        assert got.geom_type == "Point"
        assert got.x == pytest.approx(want.x, abs=1e-6) and got.y == pytest.approx(want.y, abs=1e-6)
    # Eliminated rows are outside the considered set: no location, but their reason.
    dropped = frame.loc[frame["status"] == "eliminated"]
    assert dropped.geometry.isna().all() or dropped.geometry.is_empty.all()
    assert dropped["eliminated_reason"].str.contains("outside the selected corridors").all()
    assert ranked["score"].tolist() == pytest.approx(result.shortlist["score"].tolist(), abs=1e-6)


def test_provenance_travels_in_every_format(exports: dict[str, Path]) -> None:
    import pyarrow.parquet as pq
    import pyogrio

    docs = [json.loads(exports["geojson"].read_text(encoding="utf-8"))["siteselect"]]
    for fmt in ("gpkg", "fgb"):
        meta = pyogrio.read_info(exports[fmt])["layer_metadata"]
        docs.append(json.loads(meta["siteselect"]))
    docs.append(json.loads(pq.read_schema(exports["parquet"]).metadata[b"siteselect"]))
    rows = list(csv.DictReader(io.StringIO(exports["csv"].read_text(encoding="utf-8"))))
    docs.append(json.loads(rows[0]["provenance"]))
    for doc in docs:
        assert doc["tool"] == "siteselect" and doc["profile"] == "automotive-tier1"
        assert doc["config_sha256"] == docs[0]["config_sha256"]
    assert "config\\_sha256" in exports["md"].read_text(encoding="utf-8")


def test_geoparquet_and_geopackage_declare_their_crs(exports: dict[str, Path]) -> None:
    import pyarrow.parquet as pq
    import pyogrio

    geo = json.loads(pq.read_schema(exports["parquet"]).metadata[b"geo"])
    column = geo["columns"][geo["primary_column"]]
    assert column["encoding"] == "WKB"
    assert column["crs"]["id"] == {"authority": "EPSG", "code": 4326}
    assert pyogrio.read_info(exports["gpkg"], layer="shortlist")["crs"] == "EPSG:4326"
    # One layer: GIS tools open it without asking which.
    assert [name for name, _ in pyogrio.list_layers(exports["gpkg"])] == ["shortlist"]


def test_csv_has_lon_lat_in_rank_order(result: RankResult, exports: dict[str, Path]) -> None:
    rows = list(csv.DictReader(io.StringIO(exports["csv"].read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == _expected_ids(result)
    lonlat = result.to_geodataframe()
    first = rows[0]
    point = lonlat.loc[first["id"]].geometry
    assert float(first["lon"]) == pytest.approx(point.x, abs=1e-6)
    assert float(first["lat"]) == pytest.approx(point.y, abs=1e-6)
    assert rows[-1]["lon"] == "" and rows[-1]["status"] == "eliminated"


def test_xlsx_has_shortlist_criteria_and_provenance(
    result: RankResult, exports: dict[str, Path]
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(exports["xlsx"])
    assert book.sheetnames == ["shortlist", "criteria", "provenance"]
    sheet = book["shortlist"]
    header = [c.value for c in sheet[1]]
    table = build_rank_table(result)
    assert [h for h in header if h not in ("lon", "lat")] == table.names
    ids = [row[header.index("id")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == _expected_ids(result)
    crit = book["criteria"]
    names = [row[0] for row in crit.iter_rows(min_row=2, values_only=True)]
    assert names == [c.name for c in result.config.criteria]
    flags = {row[0]: row[10] for row in crit.iter_rows(min_row=2, values_only=True)}
    assert set(flags.values()) == {False} and "border" in flags
    prov = {row[0]: row[1] for row in book["provenance"].iter_rows(min_row=2, values_only=True)}
    assert prov["profile"] == "automotive-tier1"


def test_markdown_is_one_table_row_per_candidate(
    result: RankResult, exports: dict[str, Path]
) -> None:
    lines = exports["md"].read_text(encoding="utf-8").splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(_expected_ids(result))
    widths = {line.count(" | ") for line in table}
    assert len(widths) == 1  # every row has as many cells as the header


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_exports_are_byte_identical_with_source_date_epoch(
    fmt: str, result: RankResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = render_rank_bytes(result, fmt)
    again = run(load_search(profile="automotive-tier1", corridors=["bajio"], top=6))
    import time

    time.sleep(1.1)  # a timestamp written from the clock would now differ
    assert render_rank_bytes(again, fmt) == first


def _hostile_table() -> ExportTable:
    from shapely.geometry import Point

    return ExportTable(
        name="sites",
        columns=(ExportColumn("id", "str"), ExportColumn("name", "str")),
        rows=(("a", '=HYPERLINK("http://x")|<script>alert(1)</script>\n*b*'),),
        geometry=(Point(-100.0, 20.0),),
        provenance={"tool": "siteselect"},
    )


def test_hostile_text_stays_text_in_spreadsheets_and_markdown() -> None:
    from openpyxl import load_workbook

    table = _hostile_table()
    md = build_table_bytes(table, "md").decode("utf-8")
    row = md.splitlines()[2]
    assert "<script>" not in row and "&lt;script&gt;" in row
    assert row.count(" | ") == 3  # id, name, lon, lat: the name's pipe is escaped, not a new cell
    book = load_workbook(io.BytesIO(build_table_bytes(table, "xlsx")))
    cell = book["sites"].cell(row=2, column=2)
    assert cell.data_type == "s" and str(cell.value).startswith("=HYPERLINK")
    text = build_table_bytes(table, "csv").decode("utf-8")
    assert "'=HYPERLINK" in text


def test_geo_formats_refuse_tables_without_locations() -> None:
    table = ExportTable("t", (ExportColumn("id", "str"),), (("a",),))
    with pytest.raises(OutputError, match="no locations"):
        build_table_bytes(table, "gpkg")
    assert build_table_bytes(table, "csv").decode().startswith("id,provenance\n")


def _ring_area(ring: list[list[float]]) -> float:
    return sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def _check_rfc7946(doc: dict[str, Any]) -> None:
    """The RFC 7946 rules a GeoJSON writer can break (sections 3, 4, 6.1)."""
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and set(feature) >= {"geometry", "properties"}
        geom = feature["geometry"]
        if geom is None:
            continue
        _check_positions(geom["coordinates"])
        polygons = {"Polygon": [geom["coordinates"]], "MultiPolygon": geom["coordinates"]}
        for polygon in polygons.get(geom["type"], []):
            assert _ring_area(polygon[0]) > 0  # exterior counter-clockwise (section 3.1.6)
            for hole in polygon[1:]:
                assert _ring_area(hole) < 0
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4


def _check_positions(coords: Any) -> None:
    if coords and isinstance(coords[0], int | float):
        lon, lat = coords[:2]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert -118 < lon < -86 and 14 < lat < 33  # lon first: Mexico
        for value in coords:
            assert round(value, 6) == value  # 6 decimals (about 0.1 m)
        return
    for item in coords:
        _check_positions(item)


def test_geojson_follows_rfc7946(exports: dict[str, Path]) -> None:
    _check_rfc7946(json.loads(exports["geojson"].read_text(encoding="utf-8")))


def test_polygons_get_counter_clockwise_exterior_rings() -> None:
    from shapely.geometry import Polygon

    # Clockwise exterior and counter-clockwise hole: both wrong for RFC 7946.
    outer = [(-100.0, 20.0), (-100.0, 21.0), (-99.0, 21.0), (-99.0, 20.0)]
    hole = [(-99.8, 20.2), (-99.2, 20.2), (-99.2, 20.8), (-99.8, 20.8)]
    table = ExportTable(
        "t",
        (ExportColumn("id", "str"),),
        (("a",),),
        geometry=(Polygon(outer, [hole]),),
    )
    doc = build_geojson_document(table)
    _check_rfc7946(doc)


def test_rank_cli_writes_every_format_and_refuses_binary_on_stdout(tmp_path: Path) -> None:
    from tests.test_cli import run_main

    target = tmp_path / "s.xlsx"
    code, _out, err = run_main(["rank", "--profile", "logistics", "--top", "3", "-o", str(target)])
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"
    code, _out, err = run_main(["rank", "--profile", "logistics", "--format", "gpkg"])
    assert code == 2
    assert "binary format" in err and "Traceback" not in err


def test_docs_mention_every_format() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for fmt in TABLE_FORMATS:
        assert f".{fmt}" in readme or f"{fmt}" in readme
