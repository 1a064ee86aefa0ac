"""User files: every vector and table format, read one way for candidates, layers and checks.

:func:`read_user_file` reads GeoPackage (any layer), GeoJSON, Shapefile (also zipped),
FlatGeobuf, KML/KMZ (where GDAL reads them), GeoParquet (and plain Parquet with coordinate
columns), text tables (CSV/TSV/TXT with lon/lat or WKT columns) and Excel workbooks (``.xlsx``,
``.xlsm``: the first sheet, or the one ``layer`` names, read as a text table is, its cells typed
as numbers kept as they are). A text table's encoding,
delimiter and decimal mark are sniffed, its coordinate columns recognised by name (``lon``,
``lng``, ``long``, ``longitude``, ``longitud``, ``x``; ``lat``, ``latitude``, ``latitud``,
``y``; ``wkt``, ``geometry``...), and every guess is reported; the keys of
:class:`~siteselect.layers.options.ReadOptions` override them.

What stops a read and what only sets a row aside (the policy the README documents):

* **Stop** (:class:`DataError`, or :class:`ConfigError` for a key that names nothing): a file
  that is missing, a folder, empty, header-only, truncated or unreadable; a vector file without
  a CRS; coordinates in metres read as degrees; no coordinate columns where locations are
  needed; a multi-layer file without ``layer``; and a file where most rows are unusable
  (more than :data:`MAX_UNUSABLE_SHARE`), which says a column, decimal mark or CRS is wrong
  rather than that some rows are.
* **Set aside** (the row stays in the table with a :class:`RowProblem`; candidates list it in
  ``eliminated``, layers leave it out with a note): missing or non-numeric coordinates,
  coordinates out of range or swapped, a point outside Mexico, an empty or unreadable geometry.
  Invalid geometries are repaired (``make_valid``) and counted.

Returned frames are in EPSG:6372.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.constants import GEOGRAPHIC_CRS, METRIC_CRS
from siteselect.errors import ConfigError, DataError
from siteselect.layers.cells import (
    is_numeric_column,
    parse_numbers,
    read_dms,
    sniff_decimal,
    sniff_separator,
    type_columns,
    type_sheet_columns,
)
from siteselect.layers.options import ReadOptions
from siteselect.layers.validate.rules import (
    GEOMETRY_EMPTY,
    GEOMETRY_INVALID,
    LON_LAT_MISSING,
    LON_LAT_OUT_OF_RANGE,
    LON_LAT_OUTSIDE,
    LON_LAT_SIGN,
    LON_LAT_SWAPPED,
    RowProblem,
    feature_problems,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".geoparquet")
GDAL_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".zip", ".fgb", ".kml", ".kmz")
VECTOR_SUFFIXES = TABLE_SUFFIXES + XLSX_SUFFIXES + PARQUET_SUFFIXES + GDAL_SUFFIXES
RASTER_SUFFIXES = (".tif", ".tiff")

LON_NAMES = (
    "lon",
    "lng",
    "long",
    "longitude",
    "longitud",
    "x",
    "lon_dd",
    "longitud_dec",
    "coord_x",
    "coordenada_x",
    "x_coord",
    "xcoord",
)
LAT_NAMES = (
    "lat",
    "latitude",
    "latitud",
    "y",
    "lat_dd",
    "latitud_dec",
    "coord_y",
    "coordenada_y",
    "y_coord",
    "ycoord",
)
ID_NAMES = ("id", "clave", "cve", "folio", "codigo", "id_parque", "fid")
NAME_NAMES = ("name", "nombre", "establecimiento", "razon_social", "denominacion", "parque")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "wkt_geom", "geometria", "geometry_wkt")
METRE_LIKE = 1_000.0
"""Coordinates beyond this in a lon/lat column are metres (or feet) of a projected CRS, not
degrees gone wrong (a latitude of 95 is a bad row; 2,650,000 is a whole file in metres)."""
MAX_UNUSABLE_SHARE = 0.5
"""A file where more than this share of rows is unusable stops the run (a wrong column,
decimal mark or CRS, not a few bad rows)."""

_WKT_START = re.compile(
    r"^\s*(SRID=\d+;\s*)?(MULTI)?(POINT|LINESTRING|POLYGON)|^\s*GEOMETRYCOLLECTION", re.I
)


class FileError(DataError):
    """A file that cannot be used as a whole, with what kind of problem it has.

    ``kind`` is one of ``missing``, ``unreadable``, ``empty``, ``columns``, ``no CRS``,
    ``not degrees``, ``mostly unusable`` (``siteselect layers validate`` reports it).
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class FileInfo:
    """What reading a file found, for messages, notes and ``siteselect layers validate``.

    Attributes
    ----------
    name
        The file's name (never its folder: outputs do not carry local paths).
    format
        ``CSV``, ``GPKG``, ``GeoJSON``, ``ESRI Shapefile``, ``FlatGeobuf``, ``KML``,
        ``GeoParquet``, ``Parquet``...
    layer, layers
        The layer read, and every layer the file holds.
    crs
        The coordinates' CRS (``EPSG:4326``), ``None`` when the file has none.
    crs_from
        ``file``, ``given`` (the ``crs`` key) or ``default`` (lon/lat columns: EPSG:4326).
    columns
        What the coordinates came from: ``{"lon": "Longitud", "lat": "Latitud"}``,
        ``{"wkt": "geom"}`` or ``{"geometry": "geometry"}``; empty for a plain table.
    encoding, sep, decimal
        How a text table was read.
    geometry_types
        Geometry type -> count, over rows with a geometry.
    rows
        Data rows in the file.
    repaired
        Invalid geometries repaired with ``make_valid``.
    notes
        Sentences worth telling the user (a guess made, repairs).
    warnings
        What may have gone wrong in a guess (a text that is not UTF-8 read as Windows-1252).
    numeric_columns
        Columns read as numbers.
    """

    name: str
    format: str
    layer: str | None = None
    layers: tuple[str, ...] = ()
    crs: str | None = None
    crs_from: str = "file"
    columns: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None
    sep: str | None = None
    decimal: str | None = None
    geometry_types: Mapping[str, int] = field(default_factory=dict)
    rows: int = 0
    repaired: int = 0
    notes: tuple[str, ...] = ()
    numeric_columns: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class UserFile:
    """A user's file as read: every row, each usable or set aside with its problem.

    Attributes
    ----------
    frame
        Every data row in file order (a fresh ``RangeIndex``). A GeoDataFrame in EPSG:6372
        when the file has locations (geometry ``None`` on unusable rows), else a DataFrame.
    problems
        Per row, ``None`` or why it cannot be used.
    info
        What the read found.
    """

    frame: pd.DataFrame
    problems: tuple[RowProblem | None, ...]
    info: FileInfo

    @property
    def located(self) -> bool:
        """Whether the rows have locations."""
        return "geometry" in self.frame.columns

    @property
    def usable(self) -> np.ndarray:
        """Boolean mask of the rows without a problem."""
        return np.array([p is None for p in self.problems], dtype=bool)

    def usable_frame(self) -> pd.DataFrame:
        """The usable rows only, renumbered from 0."""
        return self.frame.loc[self.usable].reset_index(drop=True)


def file_kind(path: Path) -> str:
    """``table``, ``workbook``, ``parquet``, ``gdal`` or ``raster`` from the suffix; a
    ConfigError otherwise."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return "table"
    if suffix in XLSX_SUFFIXES:
        return "workbook"
    if suffix == ".xls":
        msg = f"{path.name} is an old Excel workbook (.xls); save it as .xlsx (Excel 2007 or later)"
        raise ConfigError(msg)
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in GDAL_SUFFIXES:
        return "gdal"
    if suffix in RASTER_SUFFIXES:
        return "raster"
    known = ", ".join(VECTOR_SUFFIXES + RASTER_SUFFIXES)
    msg = f"{path.name}: siteselect does not read {suffix or 'files without a suffix'} ({known})"
    raise ConfigError(msg)


def check_file(path: Path, what: str = "file") -> None:
    """Raise :class:`DataError` unless ``path`` is an existing, non-empty, readable file."""
    if not path.exists():
        msg = f"{what} {path.name} does not exist (looked in {_folder_hint(path)})"
        raise FileError(msg, "missing")
    if path.is_dir():
        msg = f"{what} {path.name} is a folder; give a file"
        raise FileError(msg, "unreadable")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as exc:
        msg = f"cannot read {path.name}: {exc.strerror or exc}"
        raise FileError(msg, "unreadable") from None
    if size == 0:
        msg = f"{path.name} is empty (0 bytes)"
        raise FileError(msg, "empty")
    if path.suffix.lower() in (".zip", ".kmz"):
        import zipfile

        if not zipfile.is_zipfile(path):
            msg = f"{path.name} is not a zip archive (a zipped Shapefile or KMZ was expected)"
            raise FileError(msg, "unreadable")


def _folder_hint(path: Path) -> str:
    # The folder helps find a typo; messages show it relative, never as an absolute path.
    parent = path.parent
    return "the current folder" if str(parent) in ("", ".") else f"folder {parent.name}/"


def list_file_layers(path: Path) -> list[tuple[str, str]]:
    """The layers of a GDAL vector file as ``(name, geometry type)``; one for other formats."""
    kind = file_kind(path)
    if kind != "gdal":
        return [(path.stem, "")]
    import pyogrio

    try:
        found = pyogrio.list_layers(_gdal_target(path))
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise _unreadable(path, exc) from exc
    return [(str(name), str(kind or "")) for name, kind in found]


def _unreadable(path: Path, exc: BaseException) -> FileError:
    msg = f"cannot read {path.name}: {_first_line(exc)}"
    if path.suffix.lower() in (".geojson", ".json") and "GeoJSON" in msg:
        msg += " (is the file complete?)"
    return FileError(msg, "unreadable")


def read_user_file(path: Path, options: ReadOptions | None = None) -> UserFile:
    """Read a user's vector file or table, setting aside the rows that cannot be used.

    Parameters
    ----------
    path
        The file (see the module docstring for formats).
    options
        Keys that override the guesses (layer, sep, decimal, encoding, lon, lat, wkt, crs).

    Returns
    -------
    UserFile
        Every row, its problem if any, and what the read found.

    Raises
    ------
    DataError
        The file cannot be used as a whole (see the module docstring).
    ConfigError
        A key names a layer the file lacks, or the file has several layers and no key.
    """
    path = Path(path)
    options = options or ReadOptions()
    check_file(path)
    kind = file_kind(path)
    if kind == "raster":
        msg = f"{path.name} is a raster; use it in a `raster` criterion"
        raise DataError(msg)
    if kind == "table":
        frame, info = _read_text_table(path, options)
        return _locate_table(frame, info, options)
    if kind == "workbook":
        frame, info = _read_workbook_table(path, options)
        return _locate_table(frame, info, options)
    if kind == "parquet":
        return _read_parquet(path, options)
    return _read_gdal(path, options)


# --------------------------------------------------------------------------------------------
# text tables


def _read_text_table(path: Path, options: ReadOptions) -> tuple[pd.DataFrame, FileInfo]:
    import pandas as pd

    text, encoding, fallback, sep = _decode_text(path, options)
    notes: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            # index_col=False: rows wider than the header (a separator at the end of each
            # line) would otherwise make the first column the index and shift every value.
            raw = pd.read_csv(
                io.StringIO(text),
                sep=sep,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=True,
                engine="c",
                index_col=False,
            )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        msg = (
            f"{path.name}: cannot read as a table separated by {_sep_name(sep)}: {_first_line(exc)}"
        )
        raise FileError(msg, "unreadable") from None
    if any("does not match length of data" in str(w.message) for w in caught):
        _check_row_widths(text, sep, path.name)  # only empty cells beyond the header
        notes.append(f"{_sep_name(sep)} at the end of rows ignored")
    raw.columns = [_clean_header(c) for c in raw.columns]
    if len(raw) == 0:
        msg = f"{path.name}: no rows (only a header: {', '.join(map(str, raw.columns[:8]))})"
        raise FileError(msg, "empty")
    decimal = options.decimal or sniff_decimal(raw.head(1000), sep)
    frame, numeric, gaps = type_columns(raw, decimal)
    notes.extend(_sniffed_notes(options, sep, decimal))
    notes.extend(gaps)
    info = FileInfo(
        name=path.name,
        format=_text_format(path),
        layers=(path.stem,),
        encoding=encoding,
        sep=sep,
        decimal=decimal,
        rows=len(frame),
        notes=tuple(notes),
        numeric_columns=tuple(numeric),
        warnings=tuple(fallback),
    )
    return frame, info


def _read_workbook_table(path: Path, options: ReadOptions) -> tuple[pd.DataFrame, FileInfo]:
    """A workbook's sheet as a table typed as a text table is (see :func:`type_sheet_columns`):
    the first row with a cell is the header; blank rows are skipped."""
    import pandas as pd

    names, sheet, rows = _read_sheet_rows(path, options.layer)
    rows = [r for r in rows if not all(_blank(c) for c in r)]
    if not rows:
        msg = f"{path.name}: sheet {sheet!r} is empty"
        raise FileError(msg, "empty")
    # Formatted but empty columns at the right end of a sheet are not columns.
    width = max(max((i + 1 for i, c in enumerate(r) if not _blank(c)), default=0) for r in rows)
    padded = [(list(r) + [None] * width)[:width] for r in rows]
    header = [
        _clean_header(c) if not _blank(c) else f"Unnamed: {i}" for i, c in enumerate(padded[0])
    ]
    body = padded[1:]
    if not body:
        msg = f"{path.name}: no rows in sheet {sheet!r} (only a header: {', '.join(header[:8])})"
        raise FileError(msg, "empty")
    raw = pd.DataFrame(body, columns=_unique_headers(header), dtype=object)
    text = raw.map(lambda c: c if isinstance(c, str) else "")
    decimal = options.decimal or sniff_decimal(text.head(1000), ",")
    frame, numeric, gaps = type_sheet_columns(raw, decimal)
    notes: list[str] = []
    if len(names) > 1 and options.layer is None:
        notes.append(
            f"sheet {sheet!r}, the first of {len(names)} ({', '.join(names)}); "
            f'another with layer = "{names[1]}"'
        )
    notes.extend(_sniffed_notes(options, ",", decimal))
    notes.extend(gaps)
    unused = [k for k in ("sep", "encoding") if getattr(options, k) is not None]
    if unused:  # a workbook has cells, not delimiters nor bytes to decode
        notes.append(f"{' and '.join(unused)} apply to text tables: not used for a workbook")
    info = FileInfo(
        name=path.name,
        format="XLSX",
        layer=sheet if len(names) > 1 or options.layer else None,
        layers=tuple(names),
        decimal=decimal,
        rows=len(frame),
        notes=tuple(notes),
        numeric_columns=tuple(numeric),
    )
    return frame, info


def _read_sheet_rows(
    path: Path, wanted: str | None
) -> tuple[list[str], str, list[tuple[Any, ...]]]:
    """A workbook's sheet names, the sheet read (``wanted``, else the first) and its rows."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        msg = f"cannot read {path.name} as an Excel workbook: {_first_line(exc)}"
        raise FileError(msg, "unreadable") from None
    try:
        names = [str(ws.title) for ws in book.worksheets]
        if not names:
            msg = f"{path.name}: the workbook has no sheets"
            raise FileError(msg, "empty")
        if wanted is not None and wanted not in names:
            msg = f"{path.name} has no sheet {wanted!r} (sheets: {', '.join(names)})"
            raise ConfigError(msg)
        sheet = wanted or names[0]
        try:
            rows = [tuple(r) for r in book[sheet].iter_rows(values_only=True)]
        except Exception as exc:  # openpyxl raises several types on a damaged sheet
            msg = f"cannot read sheet {sheet!r} of {path.name}: {_first_line(exc)}"
            raise FileError(msg, "unreadable") from exc
    finally:
        book.close()
    return names, sheet, rows


def _unique_headers(header: list[str]) -> list[str]:
    """Repeated headers numbered as pandas numbers a CSV's (``rent``, ``rent.1``)."""
    seen: Counter[str] = Counter()
    unique = []
    for name in header:
        unique.append(name if not seen[name] else f"{name}.{seen[name]}")
        seen[name] += 1
    return unique


def _decode_text(path: Path, options: ReadOptions) -> tuple[str, str, list[str], str]:
    """A text table's text, encoding, encoding warnings and delimiter (sniffed unless given);
    a binary file or one of blank lines is a :class:`FileError`."""
    text, encoding, fallback = _decode(path, options.encoding)
    if "\x00" in text[:4096]:
        msg = f"{path.name}: looks like a binary file, not a text table"
        raise FileError(msg, "unreadable")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        msg = f"{path.name}: no rows (the file holds only blank lines)"
        raise FileError(msg, "empty")
    sep = options.sep or sniff_separator(lines[:50], prefer_tab=path.suffix.lower() == ".tsv")
    return text, encoding, fallback, sep


def _sniffed_notes(options: ReadOptions, sep: str, decimal: str) -> list[str]:
    """What was guessed rather than given: a delimiter other than the comma, decimal commas."""
    notes = []
    if options.sep is None and sep != ",":
        notes.append(f"columns separated by {_sep_name(sep)}")
    if options.decimal is None and decimal == ",":
        notes.append("decimal commas")
    return notes


def _check_row_widths(text: str, sep: str, name: str) -> None:
    """Stop at the first row with a value beyond the header's columns (a separator inside an
    unquoted value: ``20,5881`` in a comma-separated file); empty cells there are the
    trailing separators some exports write, and are dropped."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = next(reader, [])
    number = 0
    for row in reader:
        if not any(c.strip() for c in row):
            continue  # a blank line is no row
        number += 1
        extra = [c for c in row[len(header) :] if c.strip()]
        if extra:
            msg = (
                f"{name}: row {number} has {len(row)} values under {len(header)} column titles "
                f"({_short(extra[0])} beyond the last); quote values that hold "
                f"{_sep_name(sep)}, or separate the columns with another character"
            )
            raise FileError(msg, "columns")


def _text_format(path: Path) -> str:
    return {".tsv": "TSV", ".txt": "text table"}.get(path.suffix.lower(), "CSV")


def read_text_rows(
    path: Path, options: ReadOptions | None = None
) -> tuple[list[list[str]], FileInfo]:
    """Every row of a text table as strings, header rows included, sniffed as tables are.

    For sheets whose header is not on the first line (a row of group titles above the
    column titles): the encoding, delimiter and decimal mark are sniffed as
    :func:`read_user_file` sniffs them, and said in the notes; no column is typed.
    """
    import pandas as pd

    options = options or ReadOptions()
    check_file(path)
    text, encoding, fallback, sep = _decode_text(path, options)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows = [list(r) for r in reader if any(c.strip() for c in r)]
    width = max(len(r) for r in rows)
    body = pd.DataFrame([r + [""] * (width - len(r)) for r in rows[1:1001]], dtype=str)
    decimal = options.decimal or sniff_decimal(body, sep)
    notes = _sniffed_notes(options, sep, decimal)
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"encoding {encoding}")
    info = FileInfo(
        name=path.name,
        format=_text_format(path),
        layers=(path.stem,),
        encoding=encoding,
        sep=sep,
        decimal=decimal,
        rows=len(rows),
        notes=tuple(notes),
        warnings=tuple(fallback),
    )
    return rows, info


def _decode(path: Path, encoding: str | None) -> tuple[str, str, list[str]]:
    """The file's text, the encoding used and a warning when it fell back to Windows-1252."""
    data = path.read_bytes()
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            msg = (
                f"{path.name}: not {encoding} text (byte {exc.start + 1} is "
                f"0x{data[exc.start]:02x}); set encoding to the file's (e.g. 'cp1252' or 'utf-8')"
            )
            raise FileError(msg, "unreadable") from None
        return text.removeprefix("\ufeff"), encoding, []
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16").removeprefix("\ufeff"), "utf-16", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        used = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        used = "latin-1"
    label = "Windows-1252" if used == "cp1252" else "Latin-1"
    note = f'not UTF-8: read as {label} (set encoding = "..." if accents look wrong)'
    return text, used, [note]


def _clean_header(name: Any) -> str:
    return str(name).strip().removeprefix("\ufeff").strip()


def normalise_name(name: str) -> str:
    """A header as a comparable key: lower case, no accents, ``_`` for spaces and dashes."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s\-.]+", "_", plain).strip("_")


def find_id_column(columns: Sequence[Any], wanted: str | None) -> str | None:
    """The id column: the one named (its header compared loosely), or, with none named, the
    first column named like an id (:data:`ID_NAMES`)."""
    if wanted is not None:
        exact = [str(c) for c in columns if str(c) == wanted]
        return exact[0] if exact else find_column(columns, [normalise_name(wanted)])
    return find_column(columns, ID_NAMES) or find_column_by_first_word(columns, ID_NAMES)


def find_column(columns: Sequence[Any], names: Sequence[str]) -> str | None:
    """The first column whose normalised header is one of ``names`` (in ``names`` order)."""
    keyed: dict[str, str] = {}
    for column in columns:
        keyed.setdefault(normalise_name(str(column)), str(column))
    for name in names:
        if name in keyed:
            return keyed[name]
    return None


def find_column_by_first_word(columns: Sequence[Any], names: Sequence[str]) -> str | None:
    """The first column whose header starts with one of ``names`` as a word: the headers of
    Spanish spreadsheets (``Clave del parque``, ``Nombre del parque``)."""
    for name in names:
        for column in columns:
            if normalise_name(str(column)).split("_")[0] == name:
                return str(column)
    return None


def _locate_table(
    frame: pd.DataFrame,
    info: FileInfo,
    options: ReadOptions,
) -> UserFile:
    """Turn lon/lat or WKT columns into geometries; a table without them stays a table."""
    import geopandas as gpd
    import shapely

    columns = [str(c) for c in frame.columns]
    notes = list(info.notes)
    picked: dict[str, str] = {}
    n = len(frame)
    wanted_lonlat = options.lon is not None or options.lat is not None
    if options.wkt is not None and wanted_lonlat:
        msg = f"{info.name}: give either wkt or lon/lat, not both"
        raise ConfigError(msg)
    if wanted_lonlat and (options.lon is None or options.lat is None):
        msg = f"{info.name}: give both lon and lat (the column names), or neither"
        raise ConfigError(msg)
    for key in ("lon", "lat", "wkt"):
        named = getattr(options, key)
        if named is not None and named not in columns:
            msg = f"{info.name}: no column {named!r} for {key} (columns: {', '.join(columns[:20])})"
            raise FileError(msg, "columns")
    if options.wkt is None and not wanted_lonlat:
        lon = find_column(columns, LON_NAMES)
        lat = find_column(columns, LAT_NAMES)
        wkt = find_column(columns, WKT_NAMES)
        if lon is not None and lat is not None and lon != lat:
            picked = {"lon": lon, "lat": lat}
        elif wkt is not None and _looks_like_wkt(frame[wkt]):
            picked = {"wkt": wkt}
        if picked and set(picked.values()) != {"lon", "lat"}:
            shown = "/".join(repr(v) for v in picked.values())
            notes.append(f"coordinates from column{'s' if len(picked) > 1 else ''} {shown}")
    elif options.wkt is not None:
        picked = {"wkt": options.wkt}
    else:
        picked = {"lon": str(options.lon), "lat": str(options.lat)}
    if not picked:
        info = _replace(info, notes=tuple(notes))
        return UserFile(frame, tuple(None for _ in range(n)), info)

    crs = options.crs or GEOGRAPHIC_CRS
    crs_from = "given" if options.crs else "default"
    problems: list[RowProblem | None] = [None] * n
    if "wkt" in picked:
        cells = frame[picked["wkt"]].astype(object).to_numpy()
        geoms = shapely.from_wkt(
            np.array([c if isinstance(c, str) else None for c in cells], dtype=object),
            on_invalid="ignore",
        )
        for row in np.flatnonzero(np.array([g is None for g in geoms])).tolist():
            cell = cells[row]
            problems[row] = (
                RowProblem(GEOMETRY_EMPTY, row + 1, "no WKT")
                if not isinstance(cell, str) or not cell.strip()
                else RowProblem(GEOMETRY_EMPTY, row + 1, f"unreadable WKT {_short(cell)}")
            )
        series = gpd.GeoSeries(geoms, index=frame.index, crs=crs)
    else:
        decimal = info.decimal or "."
        xs = parse_numbers(frame[picked["lon"]], decimal).to_numpy(dtype=float)
        ys = parse_numbers(frame[picked["lat"]], decimal).to_numpy(dtype=float)
        for row in np.flatnonzero(np.isnan(xs) | np.isnan(ys)).tolist():
            bad = picked["lon"] if np.isnan(xs[row]) else picked["lat"]
            cell = frame[bad].iloc[row]
            shown = "empty" if _blank(cell) else f"{_short(str(cell))} is not a number"
            dms = None if _blank(cell) else read_dms(str(cell))
            if dms is not None:  # a GPS or a map's degrees, minutes and seconds
                shown = f"{_short(str(cell))} is in {DMS_WORDS} (decimal degrees: {dms:.6f})"
            problems[row] = RowProblem(LON_LAT_MISSING, row + 1, f"{bad!r} {shown}")
        _check_degrees(xs, ys, info.name, picked, options.crs)
        ok = ~(np.isnan(xs) | np.isnan(ys))
        points = np.array([None] * n, dtype=object)
        points[ok] = shapely.points(xs[ok], ys[ok])
        series = gpd.GeoSeries(points, index=frame.index, crs=parsed_crs(crs))
    info = _replace(info, crs=crs, crs_from=crs_from, columns=picked, notes=tuple(notes))
    return _finish(frame, series, problems, info)


def _looks_like_wkt(values: pd.Series) -> bool:
    sample = [v for v in values.head(50).tolist() if isinstance(v, str) and v.strip()]
    return bool(sample) and sum(bool(_WKT_START.match(v)) for v in sample) >= len(sample) / 2


def _check_degrees(
    xs: np.ndarray, ys: np.ndarray, name: str, picked: Mapping[str, str], crs: str | None
) -> None:
    """Stop when lon/lat columns without a ``crs`` hold metres (most values beyond degrees)."""
    if crs is not None:
        return
    finite = np.isfinite(xs) & np.isfinite(ys)
    if not finite.any():
        return
    x, y = xs[finite], ys[finite]
    beyond = (np.abs(x) > METRE_LIKE) | (np.abs(y) > METRE_LIKE)
    if beyond.mean() > MAX_UNUSABLE_SHARE:
        first_x, first_y = float(x[beyond][0]), float(y[beyond][0])
        cols = "/".join(repr(c) for c in picked.values())
        msg = (
            f"{name}: columns {cols} hold values like {first_x:,.0f}, {first_y:,.0f}, which are "
            'not degrees (metres of a projected CRS?); give the CRS with crs = "EPSG:..." '
            "(e.g. EPSG:6372 or the UTM zone) or convert to lon/lat"
        )
        raise FileError(msg, "not degrees")


# --------------------------------------------------------------------------------------------
# GDAL formats and Parquet


def _gdal_target(path: Path) -> str:
    return str(path)


def _read_gdal(path: Path, options: ReadOptions) -> UserFile:
    import geopandas as gpd
    import pyogrio

    target = _gdal_target(path)
    layers = list_file_layers(path)
    names = [name for name, _kind in layers]
    if not names:
        msg = f"{path.name}: no layers"
        raise FileError(msg, "empty")
    layer = choose_layer(path.name, names, options.layer)
    try:
        meta = pyogrio.read_info(target, layer=layer)
        frame = gpd.read_file(target, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise _unreadable(path, exc) from exc
    driver = str(meta.get("driver") or "vector")
    info = FileInfo(
        name=path.name,
        format=driver,
        layer=layer if len(names) > 1 or options.layer else None,
        layers=tuple(names),
        encoding=str(meta.get("encoding")) if meta.get("encoding") else None,
        rows=len(frame),
    )
    if len(frame) == 0:
        msg = f"{path.name}: no features" + (f" in layer {layer!r}" if len(names) > 1 else "")
        raise FileError(msg, "empty")
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        # An attribute table inside a vector file: read it like a text table.
        import pandas as pd

        plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
        return _locate_table(plain.reset_index(drop=True), info, options)
    return _locate_vector(frame.reset_index(drop=True), info, options)


def choose_layer(name: str, names: Sequence[str], wanted: str | None) -> str:
    """The layer to read: the one asked for, or the only one; a ConfigError otherwise."""
    if wanted is not None:
        if wanted not in names:
            msg = f"{name} has no layer {wanted!r} (layers: {', '.join(names)})"
            raise ConfigError(msg)
        return wanted
    if len(names) > 1:
        msg = (
            f"{name} holds {len(names)} layers ({', '.join(names)}); say which with "
            f'layer = "{names[0]}"'
        )
        raise ConfigError(msg)
    return names[0]


def _read_parquet(path: Path, options: ReadOptions) -> UserFile:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a declared dependency
        msg = f"{path.name}: reading Parquet needs pyarrow (pip install pyarrow)"
        raise FileError(msg, "unreadable") from None
    try:
        schema = pq.read_schema(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...
        msg = f"cannot read {path.name}: {_first_line(exc)}"
        raise FileError(msg, "unreadable") from exc
    geo = bool(schema.metadata and b"geo" in schema.metadata)
    try:
        if geo:
            import geopandas as gpd

            frame = gpd.read_parquet(path)
        else:
            import pandas as pd

            frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow and geopandas raise several types
        msg = f"cannot read {path.name}: {_first_line(exc)}"
        raise FileError(msg, "unreadable") from exc
    info = FileInfo(
        name=path.name,
        format="GeoParquet" if geo else "Parquet",
        layers=(path.stem,),
        rows=len(frame),
    )
    if len(frame) == 0:
        msg = f"{path.name}: no rows"
        raise FileError(msg, "empty")
    frame = frame.reset_index(drop=True)
    if geo:
        return _locate_vector(frame, info, options)
    numeric = tuple(str(c) for c in frame.columns if is_numeric_column(frame[c]))
    return _locate_table(frame, _replace(info, numeric_columns=numeric), options)


def _locate_vector(frame: gpd.GeoDataFrame, info: FileInfo, options: ReadOptions) -> UserFile:
    """Check a vector file's CRS and coordinates; set its bad rows aside."""
    from pyproj import CRS

    notes = list(info.notes)
    crs_from = "file"
    if options.crs is not None:
        given = CRS.from_user_input(options.crs)  # a CRS: checked as the options were read
        if frame.crs is not None and not CRS(frame.crs).equals(given):
            notes.append(f"crs = {options.crs} overrides the file's {_crs_label(frame.crs)}")
        frame = frame.set_crs(given, allow_override=True)
        crs_from = "given"
    elif frame.crs is None:
        hint = " (is the .prj file missing?)" if info.format == "ESRI Shapefile" else ""
        msg = (
            f'{info.name}: the file has no CRS{hint}; add crs = "EPSG:4326" (or the file\'s '
            "CRS) to its reference, or save it with one"
        )
        raise FileError(msg, "no CRS")
    series = frame.geometry
    geographic = bool(CRS(frame.crs).is_geographic)
    if geographic and crs_from == "file":
        _check_vector_degrees(series, info)
    numeric = tuple(
        str(c) for c in frame.columns if c != "geometry" and is_numeric_column(frame[c])
    )
    info = _replace(
        info,
        crs=_crs_label(frame.crs),
        crs_from=crs_from,
        columns={"geometry": str(frame.geometry.name)},
        notes=tuple(notes),
        numeric_columns=info.numeric_columns or numeric,
    )
    import pandas as pd

    attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    return _finish(attributes, series, [None] * len(frame), info)


def _check_vector_degrees(series: gpd.GeoSeries, info: FileInfo) -> None:
    """Stop when a file declaring degrees (GeoJSON always does) holds metres."""
    bounds = series.bounds.to_numpy(dtype=float)
    finite = np.isfinite(bounds).all(axis=1)
    if not finite.any():
        return
    b = bounds[finite]
    beyond = (np.abs(b) > METRE_LIKE).any(axis=1)
    if beyond.mean() > MAX_UNUSABLE_SHARE:
        x, y = float(b[beyond][0, 0]), float(b[beyond][0, 1])
        declared = _crs_label(series.crs)
        extra = " (GeoJSON is always read as lon/lat)" if info.format == "GeoJSON" else ""
        msg = (
            f"{info.name}: coordinates like x={x:,.0f}, y={y:,.0f} are not degrees, but the "
            f"file declares {declared}{extra}; its coordinates look projected (metres): add "
            'crs = "EPSG:..." with the real CRS (e.g. EPSG:6372) to its reference, or re-save '
            "it in EPSG:4326"
        )
        raise FileError(msg, "not degrees")


def _crs_label(crs: Any) -> str:
    from pyproj import CRS

    parsed = CRS(crs)
    epsg = parsed.to_epsg()
    return f"EPSG:{epsg}" if epsg else str(parsed.name)


# --------------------------------------------------------------------------------------------
# common: per-row checks, repair, projection


def _finish(
    attributes: pd.DataFrame,
    series: gpd.GeoSeries,
    problems: list[RowProblem | None],
    info: FileInfo,
) -> UserFile:
    """Check every row's geometry, repair what can be, stop on a mostly bad file, project."""
    import geopandas as gpd
    import shapely
    from pyproj import CRS

    geoms = np.asarray(series.to_numpy(), dtype=object)
    notes = list(info.notes)
    found = feature_problems(geoms, series.crs)
    for row, problem in enumerate(found):
        if problems[row] is None and problem is not None:
            problems[row] = problem
    invalid = [p is not None and p.kind == GEOMETRY_INVALID for p in problems]
    repaired = 0
    for row in np.flatnonzero(invalid).tolist():
        fixed = shapely.make_valid(geoms[row])
        if fixed is not None and not fixed.is_empty:
            geoms[row] = fixed
            problems[row] = None
            repaired += 1
    if repaired:
        notes.append(f"{repaired} invalid geometr{'y' if repaired == 1 else 'ies'} repaired")
    check_usable_share(problems, info.name)
    ok = np.array([p is None for p in problems], dtype=bool)
    geoms[~ok] = None
    source = gpd.GeoSeries(geoms, index=attributes.index, crs=series.crs)
    # from_user_input: the series' own CRS object (CRS() of one copies it: 0.15 ms)
    same = CRS.from_user_input(series.crs).equals(parsed_crs(METRIC_CRS))
    metric = source if same else to_metric(source)
    kinds = count_geometry_types(series.to_numpy())
    # The column set first, then made the active geometry: the constructor given an array
    # looks for an active geometry column on every step (3x the time for 1,000 rows).
    # GeoDataFrame copies a DataFrame it is given: the reader's attributes are not shared.
    placed = attributes.assign(geometry=metric.values)
    frame = gpd.GeoDataFrame(placed, geometry="geometry", crs=parsed_crs(METRIC_CRS))
    info = _replace(info, geometry_types=dict(kinds), repaired=repaired, notes=tuple(notes))
    return UserFile(frame, tuple(problems), info)


def to_metric(source: gpd.GeoSeries) -> gpd.GeoSeries:
    """``source`` in EPSG:6372, as ``to_crs`` gives it: plain points (a table's lon/lat) by
    transforming their x and y and making points of them (the numbers ``to_crs`` writes into
    copies of the points, at a third of its time); anything else by ``to_crs``."""
    import geopandas as gpd
    import shapely

    geoms = np.asarray(source.to_numpy(), dtype=object)
    ids = shapely.get_type_id(geoms)
    present = ids == 0
    if not bool((present | (ids == -1)).all()) or bool(shapely.has_z(geoms[present]).any()):
        return source.to_crs(METRIC_CRS)
    try:
        x, y = shapely.get_x(geoms[present]), shapely.get_y(geoms[present])
    except shapely.errors.GEOSException:  # an empty point has no x: to_crs keeps it empty
        return source.to_crs(METRIC_CRS)
    tx, ty = _metric_transformer(source.crs).transform(x, y)
    out = np.full(len(geoms), None, dtype=object)
    out[present] = shapely.points(tx, ty)
    return gpd.GeoSeries(out, index=source.index, crs=parsed_crs(METRIC_CRS))


@lru_cache(maxsize=8)
def _metric_transformer(crs: Any) -> Any:
    """The transformer ``to_crs`` makes from ``crs`` to EPSG:6372 (lon/lat order kept)."""
    from pyproj import CRS, Transformer

    return Transformer.from_crs(crs, CRS.from_user_input(METRIC_CRS), always_xy=True)


@lru_cache(maxsize=16)
def parsed_crs(text: str) -> Any:
    """The pyproj CRS of a CRS's text (``EPSG:6372``), parsed once: a GeoSeries given the
    text parses it for every series (a tenth of a millisecond each)."""
    from pyproj import CRS

    return CRS.from_user_input(text)


GEOMETRY_TYPE_NAMES: Mapping[int, str] = {
    0: "Point",
    1: "LineString",
    2: "LinearRing",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
    7: "GeometryCollection",
}
"""Shapely's geometry type ids and the names ``GeoSeries.geom_type`` gives them."""


def count_geometry_types(geoms: Any) -> dict[str, int]:
    """How many geometries of each type (missing ones not counted), in the order of first
    occurrence: :func:`count_in_order` of their ``geom_type``, from shapely's type ids
    (without a text per geometry)."""
    import shapely

    ids = np.asarray(shapely.get_type_id(np.asarray(geoms, dtype=object)), dtype=np.int64)
    present = ids >= 0  # -1: missing
    if not present.any():
        return {}
    unique, first, counts = np.unique(ids[present], return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    return {GEOMETRY_TYPE_NAMES[int(unique[i])]: int(counts[i]) for i in order}


def count_in_order(values: pd.Series) -> dict[str, int]:
    """How often each value occurs (as text), in the order of first occurrence (as a
    ``Counter`` gives it, without a Python step per value)."""
    text = values.to_numpy(dtype=object).astype(str)
    if text.size == 0:
        return {}
    unique, first, counts = np.unique(text, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    return {str(unique[i]): int(counts[i]) for i in order}


def check_usable_share(problems: Sequence[RowProblem | None], name: str) -> None:
    """Stop when every row, or more than :data:`MAX_UNUSABLE_SHARE` of them, is unusable."""
    bad = [(row, p) for row, p in enumerate(problems) if p is not None]
    n = len(problems)
    if not bad or (len(bad) < n and len(bad) <= MAX_UNUSABLE_SHARE * n):
        return
    kinds = Counter(p.kind for _row, p in bad)
    top, _count = kinds.most_common(1)[0]
    first = next(p for _row, p in bad if p.kind == top)
    counts = ", ".join(f"{k} {c}" for k, c in kinds.most_common())
    hint = PROBLEM_HINTS.get(top, "")
    if DMS_WORDS in first.detail:
        hint = "; write decimal degrees, west and south negative"
    share = "every row is" if len(bad) == n else f"{len(bad)} of {n} rows are"
    counts = f" ({counts})" if len(kinds) > 1 else ""
    msg = f"{name}: {first}; {share} unusable{counts}{hint}"
    raise FileError(msg, "mostly unusable")


DMS_WORDS = "degrees, minutes and seconds"

PROBLEM_HINTS: Mapping[str, str] = {
    LON_LAT_SWAPPED: "; exchange the lon and lat columns",
    LON_LAT_SIGN: "; Mexico's longitudes are west, negative (-118..-86): add the minus sign",
    LON_LAT_MISSING: '; check the coordinate columns and the decimal mark (decimal = ",")',
    LON_LAT_OUT_OF_RANGE: "; check the coordinate columns or the CRS",
    LON_LAT_OUTSIDE: "; check the file's CRS (the crs key)",
}


def _replace(info: FileInfo, **changes: Any) -> FileInfo:
    from dataclasses import replace

    return replace(info, **changes)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _short(text: str, width: int = 40) -> str:
    text = text.strip()
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _blank(value: Any) -> bool:
    return value is None or value != value or str(value).strip() == ""


def _sep_name(sep: str) -> str:
    return {"\t": "tabs", ",": "commas", ";": "semicolons", "|": "pipes"}.get(sep, repr(sep))
