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
    """One column of an export: its name, the kind of its values and, for numbers, their
    unit (``min``, ``km``, ``people``, ``count``, ``score``, ``share``; ``None``: read from
    the name's suffix, see :func:`column_unit`), which sets the Excel number format."""

    name: str
    kind: Kind
    unit: str | None = None


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
    """Write an export table atomically (see :func:`siteselect.report.writer.write_bytes`);
    a CSV with its provenance sidecar (:func:`write_csv`)."""
    from siteselect.report.writer import write_bytes

    if fmt == "csv":
        write_csv(Path(path), table, force=force)
        return
    write_bytes(Path(path), build_table_bytes(table, fmt), force=force)


def build_table_bytes(table: ExportTable, fmt: str) -> bytes:
    """Serialise an export table in one of :data:`TABLE_FORMATS`."""
    if fmt in GEO_FORMATS and table.geometry is None:
        msg = f"the results have no locations, so there is no {fmt} to write; use csv, xlsx or md"
        raise OutputError(msg)
    if fmt == "geojson":
        return build_geojson_text(table).encode("utf-8")
    if fmt == "csv":
        return build_csv_bytes(table)
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


CSV_BOM = "\ufeff"
"""Opens a CSV file: Excel (es-MX and every other locale) reads the file as UTF-8 only with
it, and shows "Nuevo LeÃ³n" for "Nuevo León" without."""
CSV_STDOUT_NOTE = (
    "note: CSV on stdout is plain UTF-8 without provenance; -o FILE.csv writes it for Excel "
    "(with a BOM) and its provenance in FILE.provenance.json"
)


def build_csv_text(table: ExportTable, *, raw_csv: bool = False) -> str:
    """CSV text (RFC 4180, ``\n`` line ends) with lon/lat columns; one header row, one row
    per record, nothing else: the provenance is written once, beside it
    (:func:`build_provenance_sidecar`), never repeated per row.

    Text cells that a spreadsheet would run as a formula are neutralised unless ``raw_csv``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = _flat_columns(table)
    writer.writerow(columns)
    kinds = {c.name: c.kind for c in table.columns}
    for record in _flat_rows(table):
        line = []
        for name in columns:
            cell = _text(record[name])
            if kinds.get(name) == "str" and not raw_csv:
                cell = neutralise_cell(cell)
            line.append(cell)
        writer.writerow(line)
    return buffer.getvalue()


def build_csv_bytes(table: ExportTable, *, raw_csv: bool = False) -> bytes:
    """The CSV file: :func:`build_csv_text` in UTF-8 after a byte-order mark (for Excel)."""
    return (CSV_BOM + build_csv_text(table, raw_csv=raw_csv)).encode("utf-8")


def provenance_path(path: Path) -> Path:
    """Where a CSV file's provenance goes: ``shortlist.csv`` -> ``shortlist.provenance.json``."""
    path = Path(path)
    return path.with_name(f"{path.stem if path.suffix else path.name}.provenance.json")


def build_provenance_sidecar(table: ExportTable, csv_name: str) -> str:
    """The JSON document written beside a CSV file: which file it describes, its columns
    (name, type and unit) and the provenance block every export carries."""
    typed = {c.name: c for c in table.columns}
    columns: list[dict[str, Any]] = []
    for name in _flat_columns(table):
        column = typed.get(name)
        if column is None:  # lon, lat
            columns.append({"name": name, "type": "float", "unit": "degrees"})
        else:
            columns.append({"name": name, "type": column.kind, "unit": column_unit(column)})
    doc = {
        "file": csv_name,
        "encoding": "utf-8 with byte-order mark",
        "rows": len(table.rows),
        "columns": columns,
        "provenance": dict(table.provenance),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def sidecar_text(path: Path | str | None, fmt: str) -> str:
    """What a "wrote FILE" message adds for a CSV file: its provenance file."""
    from siteselect.report.writer import is_stream

    if fmt != "csv" or path is None or str(path) == "-" or is_stream(Path(str(path))):
        return ""
    return f"; its provenance in {provenance_path(Path(str(path)))}"


def check_csv_writable(path: Path, *, force: bool = False) -> None:
    """Refuse early a CSV file, or its provenance file, that cannot be written."""
    from siteselect.report.writer import check_writable, is_stream

    check_writable(Path(path), force=force)
    if not is_stream(Path(path)):  # a device or pipe gets the CSV alone, as stdout does
        check_writable(provenance_path(Path(path)), force=force)


def write_csv(
    path: Path, table: ExportTable, *, raw_csv: bool = False, force: bool = False
) -> Path:
    """Write a CSV file (with a BOM) and its provenance beside it, each atomically; the
    provenance first, so a CSV on disk always has its sidecar. Returns the sidecar's path."""
    from siteselect.report.writer import is_stream, write_bytes

    path = Path(path)
    check_csv_writable(path, force=force)
    sidecar = provenance_path(path)
    if not is_stream(path):
        data = build_provenance_sidecar(table, path.name).encode("utf-8")
        write_bytes(sidecar, data, force=force)
    write_bytes(path, build_csv_bytes(table, raw_csv=raw_csv), force=force)
    return sidecar


def write_csv_output(
    path: Path | str | None, table: ExportTable, *, raw_csv: bool = False, force: bool = False
) -> str | None:
    """A CSV to a file (:func:`write_csv`) or, for ``-`` or no path, to standard output as
    plain text. Returns the note to show on stderr for standard output (where the
    provenance is not), ``None`` for a file."""
    from siteselect.report.writer import is_stdout, write_output

    if is_stdout(path):
        write_output(None, build_csv_text(table, raw_csv=raw_csv))
        return CSV_STDOUT_NOTE
    write_csv(Path(str(path)), table, raw_csv=raw_csv, force=force)
    return None


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


def _metadata(provenance: Mapping[str, Any]) -> dict[str, str]:
    return {"siteselect": json.dumps(provenance, ensure_ascii=False, sort_keys=True)}


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
    return encode_ogr_frame(build_export_frame(table), table.name, fmt, table.provenance)


def encode_ogr_frame(
    frame: pd.DataFrame, layer: str, fmt: str, provenance: Mapping[str, Any]
) -> bytes:
    """A GeoDataFrame as a GeoPackage or FlatGeobuf of one layer, rows in order, the provenance
    as the ``siteselect`` key of the layer metadata."""
    import pyogrio

    driver = {"gpkg": "GPKG", "fgb": "FlatGeobuf"}[fmt]
    with tempfile.TemporaryDirectory(prefix="siteselect-") as folder, _gdal_date():
        path = Path(folder) / f"{layer}.{fmt}"
        options: dict[str, Any] = {}
        if fmt == "fgb":
            # The packed Hilbert index reorders features: keep the rank order instead.
            options["SPATIAL_INDEX"] = "NO"
        pyogrio.write_dataframe(
            frame,
            path,
            layer=layer,
            driver=driver,
            metadata=_metadata(provenance),
            layer_options=options,
        )
        return path.read_bytes()


def build_parquet_bytes(table: ExportTable) -> bytes:
    """GeoParquet (the ``geo`` metadata carries the CRS) with the provenance in the file's
    key-value metadata."""
    return encode_parquet_frame(build_export_frame(table), table.provenance)


def encode_parquet_frame(frame: pd.DataFrame, provenance: Mapping[str, Any]) -> bytes:
    """A GeoDataFrame as GeoParquet with the provenance as the file's ``siteselect`` key."""
    import pyarrow.parquet as pq

    first = io.BytesIO()
    frame.to_parquet(first, index=False)
    first.seek(0)
    arrow = pq.read_table(first)
    meta = dict(arrow.schema.metadata or {})
    meta[b"siteselect"] = _metadata(provenance)["siteselect"].encode("utf-8")
    out = io.BytesIO()
    pq.write_table(arrow.replace_schema_metadata(meta), out)
    return out.getvalue()


# Units (see ExportColumn) and the Excel number format of each: thousands separators on
# amounts, one decimal on minutes and km, three on scores; the locale of the reader's Excel
# decides the separators shown (es-MX: 1,234.5).
NUMBER_FORMATS = {
    "min": "#,##0.0",
    "h": "#,##0.0",
    "km": "#,##0.0",
    "people": "#,##0",
    "count": "#,##0",
    "integer": "#,##0",
    "score": "0.000",
    "share": "0.0%",
    "gap": "0.0000%",
    "degrees": "0.000000",
}
SCORE_COLUMNS = frozenset(
    {"score", "closeness", "phi_plus", "phi_minus", "phi", "S", "R", "Q", "worst_score"}
)
COLUMN_WIDTH_MAX = 60
"""Widest column of a sheet, in characters (longer text stays whole in the cell)."""


def column_unit(column: ExportColumn) -> str | None:
    """A column's unit: the declared one, else read from its name (``*_min``, ``*_km``,
    ``*_normalised`` and ``*_contribution`` are scores, ``share``, ``gap``...)."""
    if column.unit is not None:
        return column.unit
    name = column.name
    if column.kind != "float":
        return None
    if name in SCORE_COLUMNS or name.endswith(("_normalised", "_contribution", "_score")):
        return "score"
    for suffix in ("min", "km", "people", "count"):
        if name.endswith(f"_{suffix}"):
            return suffix
    if name in ("share", "gap"):
        return name
    return None


def _number_format(column: ExportColumn | None, values: Sequence[Any]) -> str | None:
    """The Excel number format of a column (``None``: Excel's General)."""
    if column is None:  # lon, lat
        return NUMBER_FORMATS["degrees"]
    if column.kind == "int":
        return NUMBER_FORMATS["integer"]
    unit = column_unit(column)
    if unit in NUMBER_FORMATS:
        return NUMBER_FORMATS[unit]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if column.kind == "float" and numbers and all(float(v).is_integer() for v in numbers):
        return NUMBER_FORMATS["integer"]  # amounts in whole units (population, a budget)
    return None


def _shown_width(value: Any, fmt: str | None) -> int:
    """About how many characters Excel shows for a value in a number format."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        return len(str(value))
    x = float(value)
    if fmt is None:
        return min(len(repr(value)), 12)
    if fmt.endswith("%"):
        decimals = fmt.count("0") - 1
        return len(f"{x * 100:,.{decimals}f}") + 1
    decimals = len(fmt.split(".")[1]) if "." in fmt else 0
    grouped = "," in fmt
    return len(f"{x:,.{decimals}f}" if grouped else f"{x:.{decimals}f}")


def build_xlsx_bytes(table: ExportTable) -> bytes:
    """An Excel workbook: the table (with lon/lat), each extra table, and the provenance.

    Every sheet has a frozen, filterable header row, columns as wide as their contents (up
    to :data:`COLUMN_WIDTH_MAX`) and numbers formatted by unit (:data:`NUMBER_FORMATS`). The
    provenance sheet lists one key a row, a criterion's definition and a data source each on
    its own row. Text never becomes a formula; document and zip timestamps follow
    ``SOURCE_DATE_EPOCH``.
    """
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.name[:31]
    typed = {c.name: c for c in table.columns}
    columns = [(name, typed.get(name)) for name in _flat_columns(table)]
    _fill_sheet(sheet, columns, list(_flat_rows(table)))
    for extra in table.extra:
        extra_columns = [(c.name, c) for c in extra.columns]
        _fill_sheet(book.create_sheet(extra.name[:31]), extra_columns, list(extra.records()))
    text = ExportColumn("key", "str"), ExportColumn("value", "str")
    _fill_sheet(
        book.create_sheet("provenance"),
        [("key", text[0]), ("value", text[1])],
        _provenance_rows(table.provenance),
    )
    when = read_source_date()
    if when is not None:
        book.properties.created = when.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fix_zip_times(buffer.getvalue(), when)


def _provenance_rows(provenance: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The provenance as key/value rows; lists of named entries (criteria, sources) one row
    each, keyed ``criteria: border``."""
    rows = []
    for key, value in provenance.items():
        named = (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) and "name" in v for v in value)
        )
        if named:
            for item in value:
                rows.append(
                    {"key": f"{key}: {item['name']}", "value": json.dumps(item, ensure_ascii=False)}
                )
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        rows.append({"key": key, "value": shown})
    return rows


def _fill_sheet(
    sheet: Any,
    columns: Sequence[tuple[str, ExportColumn | None]],
    records: Sequence[Mapping[str, Any]],
) -> None:
    from openpyxl.utils import get_column_letter

    sheet.append([name for name, _ in columns])
    for c, (name, column) in enumerate(columns, start=1):
        values = [_json_value(record.get(name)) for record in records]
        fmt = _number_format(column, values)
        width = len(name)
        for r, value in enumerate(values, start=2):
            cell = sheet.cell(row=r, column=c)
            cell.value = strip_control(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # a name starting with "=" stays text, not a formula
            elif fmt is not None and isinstance(value, int | float) and not isinstance(value, bool):
                cell.number_format = fmt
            width = max(width, _shown_width(value, fmt))
        sheet.column_dimensions[get_column_letter(c)].width = min(width + 2, COLUMN_WIDTH_MAX)
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A1:{last}{len(records) + 1}"


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
