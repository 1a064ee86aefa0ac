"""Tabular exports: one generic table of results written as GeoJSON, GeoPackage, GeoParquet,
FlatGeobuf, CSV, Excel or Markdown.

Any result (a ranking, an optimizer's choice) becomes an :class:`ExportTable` (typed columns,
rows, optional lon/lat geometries and a provenance block) and every format is written from
it, so every export carries the same properties. With ``SOURCE_DATE_EPOCH`` set, the
timestamps that GeoPackage and Excel files hold are that date, so outputs are byte-identical
across runs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from siteselect.clock import read_source_date
from siteselect.constants import GEOGRAPHIC_CRS
from siteselect.errors import OutputError
from siteselect.report.text import neutralise_cell, strip_control

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["str", "int", "float", "bool"]

TEXT_FORMATS = ("geojson", "csv", "md")
BINARY_FORMATS = ("gpkg", "parquet", "fgb", "xlsx")
TABLE_FORMATS = TEXT_FORMATS + BINARY_FORMATS
GEO_FORMATS = ("geojson", "gpkg", "parquet", "fgb")
TABLE_SUFFIXES = {
    ".geojson": "geojson",
    ".gpkg": "gpkg",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
    ".fgb": "fgb",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".md": "md",
}
EXPORT_CRS = GEOGRAPHIC_CRS
COORD_DIGITS = 6


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its name and the kind of its values."""

    name: str
    kind: Kind


@dataclass(frozen=True)
class ExportTable:
    """A table any result can be exported through.

    Attributes
    ----------
    name
        Layer or sheet name (``shortlist``, ``sites``).
    columns
        The properties of every row, in order.
    rows
        One tuple a row, aligned with ``columns`` (``None`` where missing).
    geometry
        One shapely geometry a row in EPSG:4326 (lon/lat; ``None`` where unknown), or
        ``None`` for tables without locations.
    provenance
        Tool version, profile, config hash, data sources and dates: JSON-ready.
    extra
        Further tables written beside the main one as Excel sheets, e.g. the criteria of a
        search.
    """

    name: str
    columns: tuple[ExportColumn, ...]
    rows: tuple[tuple[Any, ...], ...]
    geometry: tuple[Any, ...] | None = None
    provenance: Mapping[str, Any] = field(default_factory=dict)
    extra: tuple[ExportTable, ...] = ()

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]

    def records(self) -> Iterator[dict[str, Any]]:
        """Rows as dictionaries, in order."""
        names = self.names
        for row in self.rows:
            yield dict(zip(names, row, strict=True))


def write_table(path: Path, table: ExportTable, fmt: str, *, force: bool = False) -> None:
    """Write an export table atomically (see :func:`siteselect.report.writer.write_bytes`)."""
    from siteselect.report.writer import write_bytes

    write_bytes(Path(path), build_table_bytes(table, fmt), force=force)


def build_table_bytes(table: ExportTable, fmt: str) -> bytes:
    """Serialise an export table in one of :data:`TABLE_FORMATS`."""
    if fmt in GEO_FORMATS and table.geometry is None:
        msg = f"the results have no locations, so there is no {fmt} to write; use csv, xlsx or md"
        raise OutputError(msg)
    if fmt == "geojson":
        return build_geojson_text(table).encode("utf-8")
    if fmt == "csv":
        return build_csv_text(table).encode("utf-8")
    if fmt == "md":
        return build_markdown_text(table).encode("utf-8")
    if fmt == "xlsx":
        return build_xlsx_bytes(table)
    if fmt == "parquet":
        return build_parquet_bytes(table)
    if fmt in ("gpkg", "fgb"):
        return build_ogr_bytes(table, fmt)
    msg = f"unknown export format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}"
    raise OutputError(msg)


# ---- values ---------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    """A value as JSON: floats rounded, NaN as null."""
    from siteselect.report.numbers import round_value

    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round_value(value)
    return str(value)


def _text(value: Any) -> str:
    """A cell as text for CSV and Markdown."""
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _lonlat(geom: Any) -> tuple[float | None, float | None]:
    """Longitude and latitude of a point (a representative point for other geometries)."""
    if geom is None or geom.is_empty:
        return None, None
    point = geom if geom.geom_type == "Point" else geom.representative_point()
    return round(float(point.x), COORD_DIGITS), round(float(point.y), COORD_DIGITS)


def build_geometry_json(geom: Any) -> dict[str, Any] | None:
    """A geometry as an RFC 7946 object: 6 decimals, exterior rings counter-clockwise."""
    import shapely

    if geom is None or geom.is_empty:
        return None
    geom = shapely.set_precision(geom, 10.0**-COORD_DIGITS)
    if geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    mapping: dict[str, Any] = json.loads(json.dumps(shapely.geometry.mapping(geom)))
    out: dict[str, Any] = _round_coords(mapping)
    return out


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _round_coords(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round_coords(v) for v in obj]
    if isinstance(obj, float):
        return round(obj, COORD_DIGITS)
    return obj


# ---- text formats ---------------------------------------------------------------------------


def build_geojson_document(table: ExportTable) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: lon/lat, no ``crs`` member, the provenance as a foreign
    member (section 6.1), features in table order."""
    geoms = table.geometry or (None,) * len(table.rows)
    features = []
    id_at = table.names.index("id") if "id" in table.names else None
    for record, row, geom in zip(table.records(), table.rows, geoms, strict=True):
        feature: dict[str, Any] = {"type": "Feature"}
        if id_at is not None and row[id_at] is not None:
            feature["id"] = str(row[id_at])
        feature["geometry"] = build_geometry_json(geom)
        feature["properties"] = {k: _json_value(v) for k, v in record.items()}
        features.append(feature)
    return {"type": "FeatureCollection", "features": features, "siteselect": table.provenance}


def build_geojson_text(table: ExportTable) -> str:
    """:func:`build_geojson_document` as compact text with a final newline."""
    return json.dumps(build_geojson_document(table), ensure_ascii=False) + "\n"


def _flat_columns(table: ExportTable) -> list[str]:
    """Columns of flat formats: lon/lat after ``score`` (or at the end) when located."""
    names = table.names
    if table.geometry is None:
        return names
    at = names.index("score") + 1 if "score" in names else len(names)
    return [*names[:at], "lon", "lat", *names[at:]]


def _flat_rows(table: ExportTable) -> Iterator[dict[str, Any]]:
    geoms = table.geometry or (None,) * len(table.rows)
    for record, geom in zip(table.records(), geoms, strict=True):
        if table.geometry is not None:
            record["lon"], record["lat"] = _lonlat(geom)
        yield record


def build_csv_text(table: ExportTable, *, raw_csv: bool = False) -> str:
    """CSV with lon/lat columns and the provenance (compact JSON) as a last column.

    Text cells that a spreadsheet would run as a formula are neutralised unless ``raw_csv``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = _flat_columns(table)
    writer.writerow([*columns, "provenance"])
    provenance = json.dumps(table.provenance, ensure_ascii=False, separators=(",", ":"))
    kinds = {c.name: c.kind for c in table.columns}
    for record in _flat_rows(table):
        line = []
        for name in columns:
            cell = _text(record[name])
            if kinds.get(name) == "str" and not raw_csv:
                cell = neutralise_cell(cell)
            line.append(cell)
        writer.writerow([*line, provenance])
    return buffer.getvalue()


def _markdown_cell(value: Any) -> str:
    """A Markdown table cell that stays text: pipes, HTML and line breaks escaped."""
    text = strip_control(_text(value)).replace("\r", " ").replace("\n", " ")
    for char, escaped in (
        ("\\", "\\\\"),
        ("|", "\\|"),
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("`", "\\`"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("[", "\\["),
        ("]", "\\]"),
    ):
        text = text.replace(char, escaped)
    return text


def build_markdown_text(table: ExportTable) -> str:
    """A GitHub-flavoured Markdown table to paste, then the provenance as a list."""
    columns = _flat_columns(table)
    kinds = {c.name: c.kind for c in table.columns}
    align = ["---:" if kinds.get(c, "float") in ("int", "float") else "---" for c in columns]
    lines = [
        "| " + " | ".join(_markdown_cell(c) for c in columns) + " |",
        "| " + " | ".join(align) + " |",
    ]
    for record in _flat_rows(table):
        lines.append("| " + " | ".join(_markdown_cell(record[c]) for c in columns) + " |")
    lines.append("")
    for key, value in table.provenance.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines.append(f"- {_markdown_cell(key)}: {_markdown_cell(text)}")
    return "\n".join(lines) + "\n"


# ---- frames for the binary formats ----------------------------------------------------------


def build_export_frame(table: ExportTable) -> pd.DataFrame:
    """The table as a (Geo)DataFrame with typed columns (nullable ints and booleans)."""
    import pandas as pd

    data: dict[str, Any] = {}
    for i, column in enumerate(table.columns):
        values = [row[i] for row in table.rows]
        if column.kind == "int":
            data[column.name] = pd.array(values, dtype="Int64")
        elif column.kind == "float":
            data[column.name] = pd.array(
                [None if v is None else float(v) for v in values], dtype="Float64"
            ).astype("float64")
        elif column.kind == "bool":
            data[column.name] = pd.array(values, dtype="boolean")
        else:
            data[column.name] = pd.array(
                [None if v is None else str(v) for v in values], dtype=object
            )
    frame = pd.DataFrame(data)
    if table.geometry is None:
        return frame
    import geopandas as gpd

    located: pd.DataFrame = gpd.GeoDataFrame(frame, geometry=list(table.geometry), crs=EXPORT_CRS)
    return located


def _metadata(table: ExportTable) -> dict[str, str]:
    return {"siteselect": json.dumps(table.provenance, ensure_ascii=False, sort_keys=True)}


@contextlib.contextmanager
def _gdal_date() -> Iterator[None]:
    """Fix GDAL's "current date" (GeoPackage ``last_change``) to ``SOURCE_DATE_EPOCH``."""
    import pyogrio

    when = read_source_date()
    if when is None:
        yield
        return
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def build_ogr_bytes(table: ExportTable, fmt: str) -> bytes:
    """GeoPackage or FlatGeobuf: one layer in EPSG:4326, rows in table order, the provenance
    in the layer metadata (one layer, so that readers need no layer name)."""
    import pyogrio

    driver = {"gpkg": "GPKG", "fgb": "FlatGeobuf"}[fmt]
    frame = build_export_frame(table)
    with tempfile.TemporaryDirectory(prefix="siteselect-") as folder, _gdal_date():
        path = Path(folder) / f"{table.name}.{fmt}"
        options: dict[str, Any] = {}
        if fmt == "fgb":
            # The packed Hilbert index reorders features: keep the rank order instead.
            options["SPATIAL_INDEX"] = "NO"
        pyogrio.write_dataframe(
            frame,
            path,
            layer=table.name,
            driver=driver,
            metadata=_metadata(table),
            layer_options=options,
        )
        return path.read_bytes()


def build_parquet_bytes(table: ExportTable) -> bytes:
    """GeoParquet (the ``geo`` metadata carries the CRS) with the provenance in the file's
    key-value metadata."""
    import pyarrow.parquet as pq

    frame = build_export_frame(table)
    first = io.BytesIO()
    frame.to_parquet(first, index=False)
    first.seek(0)
    arrow = pq.read_table(first)
    meta = dict(arrow.schema.metadata or {})
    meta[b"siteselect"] = _metadata(table)["siteselect"].encode("utf-8")
    out = io.BytesIO()
    pq.write_table(arrow.replace_schema_metadata(meta), out)
    return out.getvalue()


def build_xlsx_bytes(table: ExportTable) -> bytes:
    """An Excel workbook: the table (with lon/lat), each extra table, and the provenance.

    Text never becomes a formula; document and zip timestamps follow ``SOURCE_DATE_EPOCH``.
    """
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.name[:31]
    _fill_sheet(sheet, _flat_columns(table), list(_flat_rows(table)))
    for extra in table.extra:
        _fill_sheet(book.create_sheet(extra.name[:31]), extra.names, list(extra.records()))
    prov = book.create_sheet("provenance")
    rows = [
        {"key": k, "value": v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}
        for k, v in table.provenance.items()
    ]
    _fill_sheet(prov, ["key", "value"], rows)
    when = read_source_date()
    if when is not None:
        book.properties.created = when.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fix_zip_times(buffer.getvalue(), when)


def _fill_sheet(sheet: Any, columns: Sequence[str], records: Sequence[Mapping[str, Any]]) -> None:
    sheet.append(list(columns))
    for r, record in enumerate(records, start=2):
        for c, name in enumerate(columns, start=1):
            value = _json_value(record.get(name))
            cell = sheet.cell(row=r, column=c)
            cell.value = strip_control(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # a name starting with "=" stays text, not a formula
    sheet.freeze_panes = "A2"


def _fix_zip_times(data: bytes, when: datetime | None) -> bytes:
    """Rewrite a zip (xlsx) with every entry dated ``when``: zip entries carry the time of
    writing otherwise, and openpyxl stamps ``dcterms:modified`` with the clock on saving."""
    import re

    if when is None:
        return data
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    stamp = max(when, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + iso.encode() + rb"\g<2>",
                    content,
                )
            target.writestr(entry, content)
    return out.getvalue()
