"""Tests for siteselect.layers.files: every format read back into the same rows and scores,
delimiter/decimal/encoding sniffing, column recognition, rows set aside, files refused."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon, box

from siteselect.config import parse_config, resolve_paths
from siteselect.errors import ConfigError, DataError
from siteselect.layers import (
    LayerFile,
    ReadOptions,
    read_user_file,
    read_user_layer,
    read_user_layer_with_notes,
)
from siteselect.layers.files import FileError, find_column
from siteselect.layers.validate.rules import LON_LAT_SIGN, LON_LAT_SWAPPED

IDS = ["qro", "leon", "mty"]
NAMES = ["Querétaro", "León [norte]", "Monterrey"]
LONLAT = [(-100.3899, 20.5888), (-101.6833, 21.1167), (-100.3161, 25.6866)]


def reference() -> gpd.GeoDataFrame:
    """Three candidate points in lon/lat, with an attribute."""
    return gpd.GeoDataFrame(
        {"id": IDS, "name": NAMES, "rent": [5.5, 4.25, 7.0]},
        geometry=[Point(x, y) for x, y in LONLAT],
        crs="EPSG:4326",
    )


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_gpkg(folder: Path) -> tuple[Path, dict[str, Any]]:
    path = folder / "c.gpkg"
    reference().to_file(path, layer="sites")
    gpd.GeoDataFrame({"id": ["x"]}, geometry=[Point(-99, 19)], crs="EPSG:4326").to_file(
        path, layer="other"
    )
    return path, {"layer": "sites"}


def write_geojson(folder: Path) -> tuple[Path, dict[str, Any]]:
    path = folder / "c.geojson"
    reference().to_file(path, driver="GeoJSON")
    return path, {}


def write_shapefile(folder: Path) -> tuple[Path, dict[str, Any]]:
    path = folder / "c.shp"
    reference().to_file(path)
    return path, {}


def write_zipped_shapefile(folder: Path) -> tuple[Path, dict[str, Any]]:
    inner = folder / "inner"
    inner.mkdir()
    reference().to_file(inner / "c.shp")
    path = folder / "c.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in inner.iterdir():
            archive.write(part, part.name)
    return path, {}


def write_flatgeobuf(folder: Path) -> tuple[Path, dict[str, Any]]:
    path = folder / "c.fgb"
    reference().to_file(path)
    return path, {}


def write_geoparquet(folder: Path) -> tuple[Path, dict[str, Any]]:
    path = folder / "c.parquet"
    reference().to_parquet(path)
    return path, {}


def write_kml(folder: Path) -> tuple[Path, dict[str, Any]]:
    path = folder / "c.kml"
    reference().to_file(path, driver="KML")
    return path, {}


def write_csv(folder: Path) -> tuple[Path, dict[str, Any]]:
    rows = "".join(
        f"{i},{n},{x},{y},{r}\n"
        for i, n, (x, y), r in zip(IDS, NAMES, LONLAT, [5.5, 4.25, 7.0], strict=True)
    )
    return _csv(folder / "c.csv", '"id","name","lon","lat","rent"\n' + rows), {}


def write_wkt_tsv(folder: Path) -> tuple[Path, dict[str, Any]]:
    rows = "".join(
        f"{i}\t{n}\tPOINT ({x} {y})\t{r}\n"
        for i, n, (x, y), r in zip(IDS, NAMES, LONLAT, [5.5, 4.25, 7.0], strict=True)
    )
    return _csv(folder / "c.tsv", "id\tname\tgeom\trent\n" + rows), {}


def write_pipe_txt(folder: Path) -> tuple[Path, dict[str, Any]]:
    rows = "".join(
        f"{i}|{n}|{x}|{y}|{r}\n"
        for i, n, (x, y), r in zip(IDS, NAMES, LONLAT, [5.5, 4.25, 7.0], strict=True)
    )
    return _csv(folder / "c.txt", "id|name|lng|lat|rent\n" + rows), {}


def write_spanish_excel(folder: Path) -> tuple[Path, dict[str, Any]]:
    """What a Mexican Excel saves: `;`, decimal commas, Windows-1252, Spanish headers, CRLF."""

    def comma(value: float) -> str:
        return str(value).replace(".", ",")

    rows = "".join(
        f"{i};{n};{comma(x)};{comma(y)};{comma(r)}\r\n"
        for i, n, (x, y), r in zip(IDS, NAMES, LONLAT, [5.5, 4.25, 7.0], strict=True)
    )
    text = "id;Nombre;Longitud;Latitud;rent\r\n" + rows
    return _csv(folder / "c.csv", text, "cp1252"), {}


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An Excel workbook with these sheets (rows of cells, typed as given), built with openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_xlsx(folder: Path) -> tuple[Path, dict[str, Any]]:
    """What pandas' to_excel or Excel saves: numbers typed as numbers (lat before lon)."""
    rows = [
        [i, n, y, x, r]
        for i, n, (x, y), r in zip(IDS, NAMES, LONLAT, [5.5, 4.25, 7.0], strict=True)
    ]
    return _workbook(
        folder / "c.xlsx", {"Sheet1": [["id", "name", "lat", "lon", "rent"], *rows]}
    ), {}


def write_spanish_xlsx(folder: Path) -> tuple[Path, dict[str, Any]]:
    """A Mexican workbook whose figures were typed as text with decimal commas."""

    def comma(value: float) -> str:
        return str(value).replace(".", ",")

    rows = [
        [i, n, comma(x), comma(y), comma(r)]
        for i, n, (x, y), r in zip(IDS, NAMES, LONLAT, [5.5, 4.25, 7.0], strict=True)
    ]
    header = ["Clave", "Nombre", "Longitud", "Latitud", "rent"]
    return _workbook(folder / "c.xlsm", {"Parques": [header, *rows]}), {}


def write_utf8_bom(folder: Path) -> tuple[Path, dict[str, Any]]:
    path, _ = write_csv(folder)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return path, {}


WRITERS = {
    "gpkg": write_gpkg,
    "geojson": write_geojson,
    "shapefile": write_shapefile,
    "zipped shapefile": write_zipped_shapefile,
    "flatgeobuf": write_flatgeobuf,
    "geoparquet": write_geoparquet,
    "kml": write_kml,
    "csv": write_csv,
    "wkt tsv": write_wkt_tsv,
    "pipe txt": write_pipe_txt,
    "spanish excel csv": write_spanish_excel,
    "utf-8 bom csv": write_utf8_bom,
    "xlsx": write_xlsx,
    "spanish xlsm": write_spanish_xlsx,
}


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_format_reads_back_the_same_points(fmt: str, tmp_path: Path) -> None:
    path, keys = WRITERS[fmt](tmp_path)
    user = read_user_file(path, ReadOptions(**keys))
    assert user.located and all(p is None for p in user.problems)
    frame = user.frame
    assert frame.crs.to_epsg() == 6372
    expected = reference().to_crs(6372)
    id_column = next(c for c in ("id", "Clave", "Name") if c in frame.columns)
    if fmt == "kml":  # KML keeps the name as `Name` and the id as an attribute
        assert list(frame["Name"]) == NAMES
        frame = frame.assign(id=frame["Name"].map(dict(zip(NAMES, IDS, strict=True))))
    # FlatGeobuf stores features in its spatial index's order: compare by id.
    frame = frame.assign(id=[str(v) for v in frame[id_column]]).set_index("id").loc[IDS]
    distances = [a.distance(b) for a, b in zip(frame.geometry, expected.geometry, strict=True)]
    assert max(distances) < 0.05  # metres: coordinates survive every format
    if "rent" in frame.columns:
        assert list(frame["rent"].astype(float)) == [5.5, 4.25, 7.0]


SCORED = """
[search]
method = "wsm"
corridors = ["all"]
[candidates]
path = "{path}"
{keys}
[[criteria]]
name = "port"
measure = "distance"
to = "seaports"
direction = "min"
weight = 1
"""


def _rank(path: Path, keys: dict[str, Any], folder: Path) -> pd.Series:
    from siteselect.api import run

    lines = "\n".join(f'{k} = "{v}"' for k, v in keys.items())
    data = __import__("tomllib").loads(SCORED.format(path=path.name, keys=lines))
    config = resolve_paths(parse_config(data), folder)
    with __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("ignore")  # the notes (guesses) are tested elsewhere
        result = run(config)
    return result.ranking["score"].sort_index()


def test_every_format_gives_the_same_scores(tmp_path: Path) -> None:
    scores = {}
    for fmt, writer in WRITERS.items():
        if fmt == "kml":  # KML keeps ids in another column; checked above
            continue
        folder = tmp_path / fmt.replace(" ", "_")
        folder.mkdir()
        path, keys = writer(folder)
        scores[fmt] = _rank(path, keys, folder)
    first = scores["csv"]
    assert list(first.index) == sorted(IDS)
    for fmt, s in scores.items():
        assert list(s.index) == list(first.index), fmt
        assert np.allclose(s.to_numpy(), first.to_numpy(), atol=1e-9), fmt


def test_sniffing_reports_its_guesses(tmp_path: Path) -> None:
    path, _ = write_spanish_excel(tmp_path)
    info = read_user_file(path).info
    assert (info.encoding, info.sep, info.decimal) == ("cp1252", ";", ",")
    assert dict(info.columns) == {"lon": "Longitud", "lat": "Latitud"}
    text = "; ".join(info.notes)
    assert info.warnings[0].startswith("not UTF-8: read as Windows-1252")
    assert "separated by semicolons" in text and "decimal commas" in text
    assert "coordinates from columns 'Longitud'/'Latitud'" in text
    frame = read_user_file(path).frame
    assert list(frame["Nombre"]) == NAMES  # accents decoded


def test_decimal_comma_coordinates_with_three_decimals(tmp_path: Path) -> None:
    """Found with RETC: a latitude of 20,545 is 20.545, not twenty thousand."""
    text = "Clave;Longitud;Latitud\r\nA;-100,73611111;20,545\r\nB;-100,5;21,123456\r\n"
    user = read_user_file(_csv(tmp_path / "k.csv", text))
    assert user.problems == (None, None)
    assert user.frame.to_crs(4326).geometry.iloc[0].y == pytest.approx(20.545)


def test_longitudes_without_their_minus_sign_say_so(tmp_path: Path) -> None:
    """A spreadsheet's west longitudes written as positive (100.39 for -100.39): the message
    said "outside Mexico's bounding box ...; check the file's CRS", a CRS the file does not
    need."""
    text = "clave,lat,lon\nA,20.5881,100.3899\nB,25.6866,100.3161\nC,21.16,-101.686\n"
    with pytest.raises(FileError) as raised:
        read_user_file(_csv(tmp_path / "sitios.csv", text))
    message = str(raised.value)
    assert "row 1: longitude without its minus sign (lon=100.39, lat=20.5881)" in message
    assert message.endswith("add the minus sign"), message
    assert "CRS" not in message
    # One such row among good ones is set aside with its reason.
    text = "clave,lat,lon\nA,20.5881,-100.3899\nB,25.6866,100.3161\nC,21.16,-101.686\n"
    kinds = [p and p.kind for p in read_user_file(_csv(tmp_path / "b.csv", text)).problems]
    assert kinds == [None, LON_LAT_SIGN, None]


def test_a_separator_at_the_end_of_each_row_shifts_no_column(tmp_path: Path) -> None:
    """Some exports end every data row with a separator the header lacks: pandas made the
    first column the index and moved each value one column left ('lon' read empty, every row
    unusable)."""
    text = "clave,nombre,lat,lon\nA,Uno,20.5881,-100.3899,\nB,Dos,25.6866,-100.3161,\n"
    user = read_user_file(_csv(tmp_path / "sitios.csv", text))
    assert user.problems == (None, None)
    assert list(user.frame["clave"]) == ["A", "B"] and list(user.frame["nombre"]) == ["Uno", "Dos"]
    assert user.frame.to_crs(4326).geometry.iloc[0].x == pytest.approx(-100.3899)
    assert "commas at the end of rows ignored" in user.info.notes
    # A value beyond the header is no trailing separator: a comma inside an unquoted value.
    text = "clave,nombre,lat,lon\nA,Uno,20,5881,-100,3899\n"
    with pytest.raises(FileError, match=r"row 1 has 6 values under 4 column titles \('-100'"):
        read_user_file(_csv(tmp_path / "comas.csv", text))


def test_a_workbook_reads_like_a_text_table(tmp_path: Path) -> None:
    """The first sheet of an .xlsx: typed numbers kept exact, text cells read as a CSV's are
    (decimal commas, thousands, missing words), ids kept as text, swapped rows set aside."""
    header = ["Clave", "Nombre", "Longitud", "Latitud", "Renta", "MVA", "Notas"]
    rows = [
        ["A-1", "Querétaro", -100.123456789, 20.545, 20.545, "consultar", "ok"],
        ["B-2", "León", "-101,6833", "21,1167", "1.234,5", 12, 7],
        ["C-3", "Monterrey", -100.3161, 25.6866, None, "N/D", "nota"],
        ["D-4", "Saltillo", 25.45, -101.0, 6.0, 30, None],  # lat in the lon column
        [None, None, None, None, None, None, None],  # a blank row between rows
        ["E-5", "SLP", -100.97, 22.15, "consultar", 4.5, None],
    ]
    path = _workbook(
        tmp_path / "sitios.xlsx",
        {"Hoja1": [header, *rows], "Otra": [["id", "lon", "lat"], ["x", -99, 19]]},
    )
    user = read_user_file(path)
    info = user.info
    assert (info.format, info.layer, info.layers, info.decimal) == (
        "XLSX",
        "Hoja1",
        ("Hoja1", "Otra"),
        ",",
    )
    assert dict(info.columns) == {"lon": "Longitud", "lat": "Latitud"}
    text = "; ".join(info.notes)
    assert "sheet 'Hoja1', the first of 2 (Hoja1, Otra)" in text
    assert "decimal commas" in text
    assert "column 'Renta': 1 row gives no figure, read as gaps: 'consultar' (1)" in text
    assert "column 'MVA': 2 rows give no figure, read as gaps: 'consultar' (1), 'N/D' (1)" in text
    frame = user.frame
    assert list(frame["Clave"]) == ["A-1", "B-2", "C-3", "D-4", "E-5"]
    # A typed 20.545 is not twenty thousand under decimal commas; a text 1.234,5 is 1234.5.
    assert frame["Renta"].tolist()[:2] == [20.545, 1234.5]
    assert frame["Renta"].isna().tolist() == [False, False, True, False, True]
    assert frame["MVA"].tolist()[1:] == [12.0, pytest.approx(np.nan, nan_ok=True), 30.0, 4.5]
    assert frame["Notas"].tolist()[:3] == ["ok", "7", "nota"]  # a text column stays text
    assert set(info.numeric_columns) == {"Longitud", "Latitud", "Renta", "MVA"}
    kinds = [p.kind if p is not None else None for p in user.problems]
    assert kinds == [None, None, None, LON_LAT_SWAPPED, None]
    lonlat = frame.loc[[0, 1]].to_crs(4326).geometry
    assert lonlat.iloc[0].x == pytest.approx(-100.123456789, abs=1e-9)
    assert (lonlat.iloc[1].x, lonlat.iloc[1].y) == (
        pytest.approx(-101.6833),
        pytest.approx(21.1167),
    )


def test_a_workbook_sheet_is_chosen_with_layer(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "w.xlsx",
        {"Leeme": [["Instrucciones"]], "Sitios": [["id", "lon", "lat"], ["x", -99.1, 19.4]]},
    )
    with pytest.raises(FileError, match=r"w\.xlsx: no rows in sheet 'Leeme' \(only a header"):
        read_user_file(path)  # the first sheet, unless `layer` names another
    layer = read_user_layer(LayerFile(path=str(path), layer="Sitios"))
    assert list(layer["id"]) == ["x"] and layer.crs.to_epsg() == 6372
    user = read_user_file(path, ReadOptions(layer="Sitios"))
    assert user.info.layer == "Sitios" and not any("first of" in n for n in user.info.notes)
    assert user.located and user.problems == (None,)
    with pytest.raises(ConfigError, match=r"w\.xlsx has no sheet 'Nope' \(sheets: Leeme, Sitios\)"):
        read_user_file(path, ReadOptions(layer="Nope"))
    empty = _workbook(tmp_path / "e.xlsx", {"Hoja1": [["id", "lon", "lat"]]})
    with pytest.raises(
        FileError, match=r"no rows in sheet 'Hoja1' \(only a header: id, lon, lat\)"
    ):
        read_user_file(empty)


def test_layers_validate_checks_a_workbook_as_candidates(tmp_path: Path) -> None:
    from siteselect.layers.validate import validate_user_file

    path, _ = write_xlsx(tmp_path)
    (report,) = validate_user_file(path, read_as="candidates")
    assert report.usable and report.format == "XLSX" and report.usable_rows == len(IDS)


def test_a_workbook_of_attributes_joins_to_the_candidates(tmp_path: Path) -> None:
    """`[candidates] attributes = "x.xlsx"`: the attributes reader is read_user_file."""
    from siteselect.candidates import join_attributes

    path = _workbook(
        tmp_path / "rentas.xlsx",
        {"Rentas": [["id", "rent"], ["qro", 6.5], ["mty", "consultar"], ["zz", 1]]},
    )
    base = pd.DataFrame({"name": NAMES}, index=pd.Index(IDS, name="id"))
    out, notes, _ = join_attributes(base, path)
    assert out.loc["qro", "rent"] == 6.5 and pd.isna(out.loc["mty", "rent"])
    assert pd.api.types.is_numeric_dtype(out["rent"])
    assert any("joined 2 of 3 candidates by id" in n for n in notes)


@pytest.mark.parametrize(
    ("headers", "lon", "lat"),
    [
        (["LONGITUD", "LATITUD"], "LONGITUD", "LATITUD"),
        (["Longitude", "Latitude"], "Longitude", "Latitude"),
        (["lng", "lat"], "lng", "lat"),
        (["X", "Y"], "X", "Y"),
        (["Coordenada X", "Coordenada Y"], "Coordenada X", "Coordenada Y"),
        (["longitud ", "latítud"], "longitud", "latítud"),  # trailing space, stray accent
    ],
)
def test_coordinate_columns_are_recognised(
    headers: list[str], lon: str, lat: str, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "c.csv", f"id,{headers[0]},{headers[1]}\na,-100.39,20.59\n")
    user = read_user_file(path)
    assert dict(user.info.columns) == {"lon": lon, "lat": lat}
    assert user.located


def test_find_column_prefers_the_list_order() -> None:
    assert find_column(["x", "lon"], ["lon", "x"]) == "lon"
    assert find_column(["nada"], ["lon"]) is None


def test_explicit_keys_override_the_guesses(tmp_path: Path) -> None:
    # A file whose guesses would be wrong: `x`/`y` hold something else, `este`/`norte` are
    # UTM zone 14N metres.
    from pyproj import Transformer

    utm = Transformer.from_crs("EPSG:4326", "EPSG:32614", always_xy=True)
    (e1, n1), (e2, n2) = (utm.transform(x, y) for x, y in LONLAT[:2])
    comma = lambda v: f"{v:.1f}".replace(".", ",")  # noqa: E731
    text = f"id;x;y;este;norte\na;1;2;{comma(e1)};{comma(n1)}\nb;3;4;{comma(e2)};{comma(n2)}\n"
    path = _csv(tmp_path / "utm.csv", text)
    options = ReadOptions(sep=";", decimal=",", lon="este", lat="norte", crs="EPSG:32614")
    user = read_user_file(path, options)
    assert user.info.crs == "EPSG:32614" and user.info.crs_from == "given"
    lonlat = user.frame.to_crs(4326).geometry
    assert lonlat.iloc[0].x == pytest.approx(LONLAT[0][0], abs=1e-5)
    assert lonlat.iloc[0].y == pytest.approx(LONLAT[0][1], abs=1e-5)
    with pytest.raises(ConfigError, match="give both lon and lat"):
        read_user_file(path, ReadOptions(lon="este"))
    with pytest.raises(DataError, match="no column 'east' for lon"):
        read_user_file(path, ReadOptions(sep=";", lon="east", lat="norte"))
    latin = _csv(tmp_path / "l.csv", "id,name,lon,lat\na,Peñón,-100.39,20.59\n", "latin-1")
    assert read_user_file(latin, ReadOptions(encoding="latin-1")).frame["name"][0] == "Peñón"
    with pytest.raises(DataError, match="not utf-8 text"):
        read_user_file(latin, ReadOptions(encoding="utf-8"))


def test_a_layer_reference_table_reads_with_its_keys(tmp_path: Path) -> None:
    path, _ = write_spanish_excel(tmp_path)
    with pytest.warns(UserWarning) as said:
        frame = read_user_layer(LayerFile(path=str(path), sep=";", decimal=","))
    assert len(frame) == 3
    # Given keys are not guesses: only the encoding (a warning) and the columns are said.
    texts = {type(w.message).__name__: str(w.message) for w in said}
    assert texts["SiteselectWarning"].startswith("c.csv: not UTF-8: read as Windows-1252")
    assert texts["DataNote"] == "c.csv: coordinates from columns 'Longitud'/'Latitud'"
    assert str(LayerFile(path=str(path), layer="x")) == "c.csv:x"


def test_rows_that_cannot_be_used_are_set_aside(tmp_path: Path) -> None:
    text = (
        "id,lon,lat\n"
        "ok1,-100.39,20.59\nok2,-101.68,21.12\nok3,-100.31,25.67\nok4,-99.13,19.43\n"
        "lat95,-100.39,95\nnan,NaN,20\nswap,20.59,-100.39\nspain,-3.7,40.4\n"
        "ok5,-98.2,19.0\nok6,-102.3,21.9\n"
    )
    user = read_user_file(_csv(tmp_path / "c.csv", text))
    problems = {
        row + 1: (p.kind if p else None) for row, p in enumerate(user.problems) if p is not None
    }
    assert problems == {
        5: "lon/lat out of range",
        6: "missing or non-numeric lon/lat",
        7: "lon/lat look swapped",
        8: "outside Mexico's bounding box",
    }
    assert user.frame.geometry.iloc[4] is None
    assert str(user.problems[4]) == "row 5: lon/lat out of range (lon=-100.39, lat=95)"
    frame, notes, warned = read_user_layer_with_notes(tmp_path / "c.csv")
    assert len(frame) == 6 and notes == ()
    assert "c.csv: 4 of 10 rows left out" in warned[-1]


def test_invalid_polygons_are_repaired_and_empty_ones_set_aside(tmp_path: Path) -> None:
    bowtie = Polygon([(-100, 20), (-99, 21), (-99, 20), (-100, 21)])
    frame = gpd.GeoDataFrame(
        {"id": ["bow", "box", "none"]},
        geometry=[bowtie, box(-101, 21, -100.9, 21.1), None],
        crs="EPSG:4326",
    )
    path = tmp_path / "p.gpkg"
    frame.to_file(path)
    user = read_user_file(path)
    assert user.info.repaired == 1 and "1 invalid geometry repaired" in user.info.notes
    assert user.problems[0] is None and user.frame.geometry.iloc[0].is_valid
    assert user.problems[2] is not None and user.problems[2].kind == "empty or missing geometry"


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("empty.csv", b"", "empty", "empty.csv is empty (0 bytes)"),
        ("header.csv", b"id,lon,lat\n", "empty", "no rows (only a header: id, lon, lat)"),
        ("blank.csv", b"\n\n  \n", "empty", "holds only blank lines"),
        ("bin.csv", b"\x00\x01\x02id", "unreadable", "looks like a binary file"),
        (
            "cut.geojson",
            b'{"type": "FeatureCollection", "feat',
            "unreadable",
            "is the file complete",
        ),
        ("bad.parquet", b"PAR1 not really", "unreadable", "cannot read bad.parquet"),
        ("all95.csv", b"id,lon,lat\na,-100,95\nb,-101,96\n", "mostly unusable", "every row"),
        (
            "metres.csv",
            b"id,x,y\na,2667147,954668\nb,2532751,1011825\n",
            "not degrees",
            "not degrees (metres of a projected CRS?)",
        ),
    ],
)
def test_files_that_cannot_be_used_stop_with_one_line(
    name: str, content: bytes, kind: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileError) as info:
        read_user_file(path)
    assert info.value.kind == kind
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert str(tmp_path) not in str(info.value)


def test_most_rows_bad_stops_the_run(tmp_path: Path) -> None:
    text = "id,lon,lat\na,-100.39,20.59\nb,20.59,-100.39\nc,21.1,-101.6\n"
    with pytest.raises(DataError, match=r"2 of 3 rows are unusable; exchange the lon and lat"):
        read_user_file(_csv(tmp_path / "c.csv", text))


def test_crs_problems_of_vector_files(tmp_path: Path) -> None:
    metric = reference().to_crs(6372)
    gj = tmp_path / "m.geojson"
    gj.write_text(metric.to_json(drop_id=True).replace('"crs"', '"x_crs"'), encoding="utf-8")
    with pytest.raises(DataError, match=r"m.geojson: coordinates like x=.* are not degrees"):
        read_user_file(gj)
    fixed = read_user_file(gj, ReadOptions(crs="EPSG:6372"))
    assert "crs = EPSG:6372 overrides the file's EPSG:4326" in fixed.info.notes
    assert fixed.frame.geometry.iloc[0].distance(metric.geometry.iloc[0]) < 0.01
    shp = tmp_path / "s.shp"
    reference().to_file(shp)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(DataError, match=r"no CRS \(is the .prj file missing\?\)"):
        read_user_file(shp)
    assert read_user_file(shp, ReadOptions(crs="EPSG:4326")).info.crs_from == "given"
    # Refused as the options are read (a table's coordinates met it in a pyproj traceback);
    # the CLI and a config name the key (test_cli_bad_inputs' corpus).
    with pytest.raises(ValueError, match="is not a CRS"):
        ReadOptions(crs="EPSG:999999")


def test_layers_and_suffixes_are_config_errors(tmp_path: Path) -> None:
    path, _ = write_gpkg(tmp_path)
    with pytest.raises(ConfigError, match=r"holds 2 layers \(sites, other\); say which with layer"):
        read_user_file(path)
    with pytest.raises(ConfigError, match=r"has no layer 'nope' \(layers: sites, other\)"):
        read_user_file(path, ReadOptions(layer="nope"))
    docx = tmp_path / "c.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(ConfigError, match=r"does not read \.docx \(\.csv, .*\.xlsx, \.xlsm"):
        read_user_file(docx)
    xls = tmp_path / "c.xls"
    xls.write_bytes(b"\xd0\xcf")
    with pytest.raises(ConfigError, match=r"old Excel workbook \(\.xls\); save it as \.xlsx"):
        read_user_file(xls)
    xlsx = tmp_path / "c.xlsx"
    xlsx.write_bytes(b"PK")
    with pytest.raises(DataError, match=r"cannot read c\.xlsx as an Excel workbook"):
        read_user_file(xlsx)
    with pytest.raises(DataError, match="is a folder"):
        read_user_file(tmp_path)
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(DataError, match=r"dir\.csv is a folder"):
        read_user_file(tmp_path / "dir.csv")


def test_table_without_coordinates_stays_a_table(tmp_path: Path) -> None:
    user = read_user_file(_csv(tmp_path / "a.csv", "id,cost\na,1\nb,007\n"))
    assert not user.located
    assert list(user.frame["cost"]) == ["1", "007"]  # a leading zero keeps codes as text
    with pytest.raises(DataError, match="no coordinates"):
        read_user_layer(tmp_path / "a.csv")


def test_non_numeric_cells_keep_a_column_text(tmp_path: Path) -> None:
    user = read_user_file(
        _csv(
            tmp_path / "a.csv",
            "id,lon,lat,power\na,-100.4,20.6,12\nb,-101.6,21.1,n/a\nc,-100.3,25.6,20 MW\n",
        )
    )
    assert "power" not in user.info.numeric_columns
    assert user.frame["power"].tolist() == ["12", "n/a", "20 MW"]
    clean = read_user_file(
        _csv(tmp_path / "b.csv", "id,lon,lat,power\na,-100.4,20.6,12\nb,-101.6,21.1,n/a\n")
    )
    assert "power" in clean.info.numeric_columns
    assert math.isnan(clean.frame["power"][1])


BROKER = (
    "id;nombre;lon;lat;renta\n"
    'a;A;-100,39;20,59;"5,87"\n'
    "b;B;-101,68;21,12;{word}\n"
    'c;C;-100,31;25,67;"6,10"\n'
    "d;D;-100,41;20,61;{word}\n"
)


@pytest.mark.parametrize(
    "word",
    [
        "consultar",
        "Consultar",
        "N/D",
        "n/d",
        "por cotizar",
        "A consultar",
        "—",
        "s/d",
        "sin dato",
        "TBD",
        "On request",
        "n/a",
    ],
)
def test_broker_words_in_a_numeric_column_are_stated_gaps(word: str, tmp_path: Path) -> None:
    user = read_user_file(_csv(tmp_path / "b.csv", BROKER.format(word=word), "cp1252"))
    assert "renta" in user.info.numeric_columns
    assert user.frame["renta"].tolist()[::2] == [5.87, 6.10]
    assert user.frame["renta"].isna().tolist() == [False, True, False, True]
    note = next(n for n in user.info.notes if "renta" in n)
    assert note == f"column 'renta': 2 rows give no figure, read as gaps: {word!r} (2)"


def test_a_real_word_keeps_the_column_text_and_validate_names_it(tmp_path: Path) -> None:
    from siteselect.layers.validate import validate_user_file

    text = BROKER.format(word="consultar").replace("d;D;-100,41;20,61;consultar", "d;D;1;2;20 USD")
    path = _csv(tmp_path / "b.csv", text.replace(";1;2;", ";-100,41;20,61;"))
    user = read_user_file(path)
    assert "renta" not in user.info.numeric_columns
    assert user.frame["renta"].tolist() == ["5,87", "consultar", "6,10", "20 USD"]
    (report,) = validate_user_file(path, read_as="candidates")
    (problem,) = [p for p in report.problems if p.kind == "non-numeric values"]
    assert "1 value(s) are not numbers, first row 4: '20 USD'" in problem.message


def test_a_column_of_figures_with_words_after_the_first_rows_stays_text(tmp_path: Path) -> None:
    """A column is numeric only when every filled cell is a number: a word past the rows the
    reader looks at first keeps it text, and figures all the way down make it numeric."""
    rows = [f"p{i},{i * 1.5},x{i}" for i in range(450)]
    rows[430] = "p430,abc,x430"
    path = tmp_path / "late_word.csv"
    path.write_text("id,rent,code\n" + "\n".join(rows) + "\n", encoding="utf-8")
    info = read_user_file(path).info
    assert "rent" not in info.numeric_columns
    rows[430] = "p430,3.25,x430"
    path.write_text("id,rent,code\n" + "\n".join(rows) + "\n", encoding="utf-8")
    user = read_user_file(path)
    assert "rent" in user.info.numeric_columns and "code" not in user.info.numeric_columns
    assert user.frame["rent"].iloc[430] == 3.25


def test_degrees_minutes_seconds_are_named_with_their_decimal_value(tmp_path: Path) -> None:
    """A GPS's DMS cells: the error says what they are and their decimal degrees, and asks for
    decimal degrees (not the decimal mark, which is not the problem)."""
    text = 'id,lat,lon\na,"20°35\'12""N","100°23\'05""W"\nb,"25°40\'00""N","100°18\'00""W"\n'
    with pytest.raises(DataError) as caught:
        read_user_file(_csv(tmp_path / "gps.csv", text))
    message = str(caught.value)
    assert "is in degrees, minutes and seconds (decimal degrees: -100.384722)" in message
    assert message.endswith("write decimal degrees, west and south negative")
    assert "decimal mark" not in message


def test_text_keys_given_for_a_workbook_are_said_unused(tmp_path: Path) -> None:
    """`sep` and `encoding` mean nothing to a workbook: a note says so (they were dropped
    silently), and the sheet is read as without them."""
    rows = [["id", "lon", "lat"], ["a", -100.4, 20.6], ["b", -100.3, 25.7]]
    path = _workbook(tmp_path / "s.xlsx", {"Hoja1": rows})
    plain = read_user_file(path)
    keyed = read_user_file(path, ReadOptions(sep=";", encoding="latin-1"))
    assert "sep and encoding apply to text tables: not used for a workbook" in keyed.info.notes
    assert not any("apply to text tables" in n for n in plain.info.notes)
    assert keyed.frame.drop(columns="geometry").equals(plain.frame.drop(columns="geometry"))


def test_geometry_types_counted_as_geom_type_counts_them() -> None:
    """The reader's count of geometry types from shapely's type ids is what counting
    ``GeoSeries.geom_type`` (missing geometries left out) in order of first occurrence gives."""
    import shapely
    from shapely.geometry import GeometryCollection, LinearRing, LineString, MultiPoint

    from siteselect.layers.files import count_geometry_types, count_in_order

    shapes = [
        None,
        box(0, 0, 1, 1),
        Point(1, 2),
        LineString([(0, 0), (1, 1)]),
        Point(),
        None,
        MultiPoint([(0, 0), (1, 1)]),
        LinearRing([(0, 0), (1, 0), (1, 1)]),
        shapely.multipolygons([box(0, 0, 1, 1), box(2, 2, 3, 3)]),
        shapely.multilinestrings([LineString([(0, 0), (1, 1)])]),
        GeometryCollection([Point(0, 0)]),
        Polygon(),
        Point(3, 4),
    ]
    rng = np.random.default_rng(7)
    for order in [np.arange(len(shapes)), *(rng.permutation(len(shapes)) for _ in range(5))]:
        geoms = np.array([shapes[i] for i in order], dtype=object)
        expected = count_in_order(gpd.GeoSeries(geoms).geom_type.dropna())
        got = count_geometry_types(geoms)
        assert list(got.items()) == list(expected.items())
    assert count_geometry_types(np.array([None, None], dtype=object)) == {}


@pytest.mark.parametrize("crs", ["EPSG:4326", "EPSG:32614"])
@pytest.mark.parametrize(
    "extra", [[], [None], [Point()], [Point(1.0, 2.0, 3.0)], [box(-100.0, 20.0, -99.0, 21.0)]]
)
def test_points_reach_the_metric_crs_as_to_crs_takes_them(crs: str, extra: list[Any]) -> None:
    """Plain points transformed by their x and y are the points ``to_crs`` gives, and any
    other geometry (missing, empty, 3D, a polygon) goes through ``to_crs`` itself."""
    from siteselect.layers.files import to_metric

    rng = np.random.default_rng(9)
    if crs == "EPSG:4326":
        xy = np.column_stack([rng.uniform(-110, -90, 40), rng.uniform(16, 30, 40)])
    else:
        xy = np.column_stack([rng.uniform(2e5, 8e5, 40), rng.uniform(2.0e6, 3.0e6, 40)])
    shapes = [Point(x, y) for x, y in xy] + extra
    source = gpd.GeoSeries(shapes, index=pd.RangeIndex(len(shapes)), crs=crs)
    got = to_metric(source)
    expected = source.to_crs("EPSG:6372")
    assert got.crs == expected.crs
    missing = np.array([g is None for g in expected.to_numpy()])
    assert [g is None for g in got.to_numpy()] == missing.tolist()
    present = ~missing
    assert bool(got[present].geom_equals_exact(expected[present], tolerance=0).all())
    assert got[present].to_wkb().tolist() == expected[present].to_wkb().tolist()
