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
    provenance_path,
    write_csv,
    write_table,
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
        if fmt == "csv":  # the file and its provenance beside it, as `-o shortlist.csv` does
            write_table(path, build_rank_table(result), "csv")
        else:
            path.write_bytes(render_rank_bytes(result, fmt))
        out[fmt] = path
    return out


def _expected_ids(result: RankResult) -> list[str]:
    """The shortlist and the parks its [shortlist] rule held back, in rank order, then the
    eliminated parks."""
    ranks = result.scores.table["rank"]
    kept = [*result.shortlist.index, *result.held_back.index]
    ranked = sorted(kept, key=lambda cid: int(ranks.loc[cid]))
    return [str(i) for i in ranked] + [str(i) for i in result.eliminated.index]


def test_table_lists_shortlist_then_eliminated_with_reasons(result: RankResult) -> None:
    table = build_rank_table(result)
    records = list(table.records())
    assert [r["id"] for r in records] == _expected_ids(result)
    ranked = [r for r in records if r["status"] == "ranked"]
    dropped = [r for r in records if r["status"] == "eliminated"]
    held = len(result.held_back)
    assert [r["rank"] for r in ranked] == list(range(1, 7 + held))
    assert [r["id"] for r in ranked if r["shortlist"] == "held back"] == [
        str(i) for i in result.held_back.index
    ]
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
    assert ranked["rank"].tolist() == list(range(1, 7 + len(result.held_back)))
    # Geometry: the parks' points in lon/lat, the same as the result's own.
    expected = result.to_geodataframe().loc[ranked["id"]]
    for got, want in zip(ranked.geometry, expected.geometry, strict=True):
        assert got.geom_type == "Point"
        assert got.x == pytest.approx(want.x, abs=1e-6) and got.y == pytest.approx(want.y, abs=1e-6)
    # Parks the corridor filter removed keep their place (issue 21), with their reason.
    dropped = frame.loc[frame["status"] == "eliminated"]
    parks = result.removed["geometry"].loc[dropped["id"]]
    assert len(dropped) and dropped.geometry.notna().all()
    where = gpd.GeoSeries(parks.to_numpy(), crs="EPSG:6372").to_crs(4326)
    assert dropped.geometry.x.to_numpy() == pytest.approx(where.x.to_numpy(), abs=1e-6)
    assert dropped["eliminated_reason"].str.contains("outside the selected corridors").all()
    scores = result.scores.table["score"]
    expected = [float(scores.loc[i]) for i in _expected_ids(result) if i in scores.index]
    assert ranked["score"].tolist() == pytest.approx(expected, abs=1e-6)


def test_provenance_travels_in_every_format(exports: dict[str, Path]) -> None:
    import pyarrow.parquet as pq
    import pyogrio

    docs = [json.loads(exports["geojson"].read_text(encoding="utf-8"))["siteselect"]]
    for fmt in ("gpkg", "fgb"):
        meta = pyogrio.read_info(exports[fmt])["layer_metadata"]
        docs.append(json.loads(meta["siteselect"]))
    docs.append(json.loads(pq.read_schema(exports["parquet"]).metadata[b"siteselect"]))
    sidecar = json.loads(provenance_path(exports["csv"]).read_text(encoding="utf-8"))
    assert sidecar["file"] == "shortlist.csv"
    docs.append(sidecar["provenance"])
    from openpyxl import load_workbook

    book = load_workbook(exports["xlsx"])
    sheet = {r[0]: r[1] for r in book["provenance"].iter_rows(min_row=2, values_only=True)}
    docs.append(
        {
            "tool": sheet["tool"],
            "profile": sheet["profile"],
            "config_sha256": sheet["config_sha256"],
            "criteria": [json.loads(v) for k, v in sheet.items() if k.startswith("criteria: ")],
        }
    )
    for doc in docs:
        assert doc["tool"] == "siteselect" and doc["profile"] == "automotive-tier1"
        assert doc["config_sha256"] == docs[0]["config_sha256"]
        # Each criterion's definition: what `oems_count` counted, and how it was scored.
        oems = {c["name"]: c for c in doc["criteria"]}["oems"]
        assert oems["measure"] == "count_within" and oems["layer"] == "establishments"
        assert oems["where"] == {"scian_rama": "3361"} and oems["minutes"] == 360
        assert oems["unit"] == "weighted count" and oems["direction"] == "max"
        assert oems["value_function"] == {"kind": "linear", "best": 3, "worst": 0, "fitted": False}
        assert oems["weight"] == pytest.approx(0.15) and "assembly plants" in oems["description"]
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
    rows = list(csv.DictReader(io.StringIO(exports["csv"].read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == _expected_ids(result)
    lonlat = result.to_geodataframe()
    first = rows[0]
    point = lonlat.loc[first["id"]].geometry
    assert float(first["lon"]) == pytest.approx(point.x, abs=1e-6)
    assert float(first["lat"]) == pytest.approx(point.y, abs=1e-6)
    # a park set aside keeps its location (lon/lat order, in Mexico)
    assert rows[-1]["status"] == "eliminated"
    assert -118 < float(rows[-1]["lon"]) < -86 and 14 < float(rows[-1]["lat"]) < 33


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
    crit_header = [c.value for c in crit[1]]
    rows = {
        row[0]: dict(zip(crit_header, row, strict=True))
        for row in crit.iter_rows(min_row=2, values_only=True)
    }
    assert {r["illustrative"] for r in rows.values()} == {False} and "border" in rows
    assert rows["oems"]["where"] == "scian_rama = 3361" and rows["oems"]["reach"] == "360 min"
    assert rows["cluster"]["where"] == "scian_rama in 3362, 3363"
    prov = {row[0]: row[1] for row in book["provenance"].iter_rows(min_row=2, values_only=True)}
    assert prov["profile"] == "automotive-tier1"
    assert json.loads(prov["criteria: oems"])["layer"] == "establishments"


def test_xlsx_has_widths_number_formats_a_frozen_header_and_filters(
    exports: dict[str, Path],
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(exports["xlsx"])
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        )
        for column in sheet[1]:
            width = sheet.column_dimensions[column.column_letter].width
            assert len(str(column.value)) + 2 <= width <= 60
    sheet = book["shortlist"]
    header = [c.value for c in sheet[1]]

    def fmt(name: str) -> str:
        return str(sheet.cell(row=2, column=header.index(name) + 1).number_format)

    assert fmt("border_min") == "#,##0.0"  # minutes
    assert fmt("rail_km") == "#,##0.0"  # km
    assert fmt("labour_people") == "#,##0"  # people: integers with thousands separators
    assert fmt("oems_count") == "#,##0"
    assert fmt("score") == fmt("border_normalised") == fmt("border_contribution") == "0.000"
    assert fmt("rank") == "#,##0"
    assert fmt("lon") == fmt("lat") == "0.000000"
    assert fmt("name") == "General"
    # A column holds its longest shown value: the longest park name fits.
    names = [r[header.index("name")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    width = sheet.column_dimensions[sheet.cell(1, header.index("name") + 1).column_letter].width
    assert width >= min(60, max(len(n) for n in names))


def test_markdown_is_one_table_row_per_shortlisted_park(
    result: RankResult, exports: dict[str, Path]
) -> None:
    lines = exports["md"].read_text(encoding="utf-8").splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(result.shortlist)  # the table to paste: the shortlist
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
    text = build_table_bytes(table, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_geo_formats_refuse_tables_without_locations() -> None:
    table = ExportTable("t", (ExportColumn("id", "str"),), (("a",),))
    with pytest.raises(OutputError, match="no locations"):
        build_table_bytes(table, "gpkg")
    assert build_table_bytes(table, "csv").decode() == "\ufeffid\na\n"


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


def test_csv_files_open_in_excel_with_accents_and_carry_provenance_once(
    exports: dict[str, Path], result: RankResult
) -> None:
    """A UTF-8 byte-order mark first (Excel in es-MX reads the file as UTF-8 only with it),
    no provenance column: the provenance is in shortlist.provenance.json, once."""
    data = exports["csv"].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    # A name with an accent from the result itself (which parks come out depends on the data).
    shown = result.to_geodataframe().loc[list(result.shortlist.index)]
    accented = next(
        str(v)
        for col in ("name", "municipality", "state")
        for v in shown[col]
        if not str(v).isascii()
    )
    assert accented in text
    # What Excel shows without the mark (it reads the bytes as the locale's ANSI code page).
    mojibake = accented.encode("utf-8").decode("cp1252", errors="replace")
    assert mojibake != accented and mojibake in data[3:].decode("cp1252", errors="replace")
    header = next(csv.reader(io.StringIO(text)))
    assert "provenance" not in header and header[0] == "rank"
    assert "siteselect" not in text.split("\n", 1)[1]  # no provenance in any row
    sidecar = json.loads(provenance_path(exports["csv"]).read_text(encoding="utf-8"))
    assert sidecar["rows"] == len(text.strip().splitlines()) - 1 == len(_expected_ids(result))
    assert [c["name"] for c in sidecar["columns"]] == header
    units = {c["name"]: c["unit"] for c in sidecar["columns"]}
    assert units["border_min"] == "min" and units["score"] == "score" and units["lon"] == "degrees"


def test_csv_and_its_sidecar_are_refused_or_replaced_together(tmp_path: Path) -> None:
    table = ExportTable("t", (ExportColumn("id", "str"),), (("a",),), provenance={"tool": "x"})
    path = tmp_path / "out.csv"
    assert provenance_path(path) == tmp_path / "out.provenance.json"
    assert provenance_path(tmp_path / "out") == tmp_path / "out.provenance.json"
    provenance_path(path).write_text("{}", encoding="utf-8")  # a sidecar left from before
    with pytest.raises(OutputError, match="exists"):
        write_csv(path, table)
    assert not path.exists()  # refused before anything was written
    write_csv(path, table, force=True)
    assert path.read_bytes() == b"\xef\xbb\xbfid\na\n"
    assert json.loads(provenance_path(path).read_text(encoding="utf-8"))["provenance"] == {
        "tool": "x"
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.provenance.json"]


def test_relative_value_functions_state_the_fitted_range(tmp_path: Path) -> None:
    """A criterion without a value function is rescaled over the candidates: its definition
    gives that range as best/worst, said to be fitted."""
    from siteselect.config import read_config
    from siteselect.report.exports import build_criterion_definitions
    from tests.conftest import write_config

    text = (
        '[[criteria]]\nname = "wage"\nmeasure = "attribute"\ncolumn = "min_wage_mxn_day"\n'
        'direction = "min"\nweight = 1\n'
    )
    res = run(read_config(write_config(tmp_path, text)))
    (wage,) = build_criterion_definitions(res)
    values = res.raw["wage"]
    assert wage["value_function"] == {
        "kind": "minmax",
        "best": pytest.approx(values.min()),
        "worst": pytest.approx(values.max()),
        "fitted": True,
    }
    assert wage["layer"] is None and wage["column"] == "min_wage_mxn_day"
    assert wage["unit"] == "MXN/day" and wage["weight"] == 1.0
