"""A user's file, read the way a search would (``siteselect layers validate``)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.constants import GEOGRAPHIC_CRS, MEXICO_BOUNDS
from siteselect.errors import DataError

if TYPE_CHECKING:
    import pandas as pd


VALIDATE_AS = ("candidates", "points", "lines", "polygons", "raster")
GEOMETRY_FAMILIES: Mapping[str, frozenset[str]] = {
    "points": frozenset({"Point", "MultiPoint"}),
    "lines": frozenset({"LineString", "MultiLineString", "LinearRing"}),
    "polygons": frozenset({"Polygon", "MultiPolygon"}),
}


@dataclass(frozen=True)
class LayerProblem:
    """One problem a file has: what, how many rows, one line to print, whether it is fatal.

    ``fatal`` problems make the file unusable; the others remove rows (listed in a
    search's ``eliminated`` for candidates, left out of a layer with a note) or are
    repaired.
    """

    kind: str
    count: int
    message: str
    fatal: bool = False


@dataclass(frozen=True)
class LayerReport:
    """What reading one layer of a user's file found (see :func:`validate_user_file`)."""

    file: str
    read_as: str
    format: str | None = None
    layer: str | None = None
    layers: tuple[str, ...] = ()
    crs: str | None = None
    crs_from: str | None = None
    geometry_types: Mapping[str, int] = field(default_factory=dict)
    rows: int = 0
    usable_rows: int = 0
    columns: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None
    sep: str | None = None
    decimal: str | None = None
    notes: tuple[str, ...] = ()
    problems: tuple[LayerProblem, ...] = ()
    extent: tuple[float, float, float, float] | None = None

    @property
    def usable(self) -> bool:
        """Whether a search can use the layer (no fatal problem)."""
        return not any(p.fatal for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready representation."""
        return {
            "file": self.file,
            "read_as": self.read_as,
            "usable": self.usable,
            "format": self.format,
            "layer": self.layer,
            "layers": list(self.layers),
            "crs": self.crs,
            "crs_from": self.crs_from,
            "geometry_types": dict(self.geometry_types),
            "rows": self.rows,
            "usable_rows": self.usable_rows,
            "columns": dict(self.columns),
            "encoding": self.encoding,
            "sep": self.sep,
            "decimal": self.decimal,
            "extent": list(self.extent) if self.extent else None,
            "notes": list(self.notes),
            "problems": [
                {"kind": p.kind, "count": p.count, "fatal": p.fatal, "message": p.message}
                for p in self.problems
            ],
        }


def validate_user_file(
    path: Path,
    options: Any = None,
    *,
    read_as: str | None = None,
    id_column: str | None = None,
) -> list[LayerReport]:
    """Read a user's file the way a search would and report what it found, layer by layer.

    Parameters
    ----------
    path
        Any file a search reads (vector, table, raster).
    options
        :class:`~siteselect.layers.options.ReadOptions` overriding the guesses.
    read_as
        ``candidates``, ``points``, ``lines``, ``polygons`` or ``raster``; ``None`` takes
        rasters as rasters and anything else as a layer of any geometry.
    id_column
        The id column of candidates (duplicates and blanks are reported); ``None`` looks
        for one the way a search does (``id``, ``clave``...).

    Returns
    -------
    list of LayerReport
        One per layer: every layer of a multi-layer file unless ``options.layer`` names one.
    """
    from siteselect.errors import ConfigError
    from siteselect.layers.files import FileError, file_kind, list_file_layers
    from siteselect.layers.options import ReadOptions

    path = Path(path)
    options = options or ReadOptions()
    if read_as is not None and read_as not in VALIDATE_AS:
        msg = f"--as {read_as!r}: use one of {', '.join(VALIDATE_AS)}"
        raise ConfigError(msg)
    from siteselect.layers.files import check_file

    try:
        check_file(path)  # first: a folder is a folder, not "a file without a suffix"
        kind = file_kind(path)
    except ConfigError as exc:
        return [_failed(path.name, read_as or "layer", "unreadable", str(exc))]
    except FileError as exc:
        return [_failed(path.name, read_as or "layer", exc.kind, str(exc))]
    if kind == "raster" and read_as not in (None, "raster"):
        msg = (
            f"{path.name} is a raster: a search cannot read it as {read_as} (a raster is read "
            "by a `raster` criterion; --as raster checks it)"
        )
        return [_failed(path.name, str(read_as), "raster", msg)]
    if kind == "raster" or read_as == "raster":
        return [validate_raster(path)]
    layers: list[str | None] = [options.layer]
    if options.layer is None and kind == "gdal" and path.is_file():
        try:
            names = [name for name, _ in list_file_layers(path)]
        except FileError as exc:
            return [_failed(path.name, read_as or "layer", exc.kind, str(exc))]
        if len(names) > 1:
            layers = list(names)
    reports = []
    for layer in layers:
        current = options.model_copy(update={"layer": layer}) if layer else options
        try:
            reports.append(_validate_layer(path, current, read_as, id_column))
        except FileError as exc:
            reports.append(_failed(path.name, read_as or "layer", exc.kind, str(exc), layer))
        except (DataError, ConfigError) as exc:
            reports.append(_failed(path.name, read_as or "layer", "unreadable", str(exc), layer))
    return reports


def _failed(
    name: str, read_as: str, kind: str, message: str, layer: str | None = None
) -> LayerReport:
    return LayerReport(
        file=name,
        read_as=read_as,
        layer=layer,
        problems=(LayerProblem(kind, 0, message, fatal=True),),
    )


def _validate_layer(
    path: Path, options: Any, read_as: str | None, id_column: str | None
) -> LayerReport:
    from collections import Counter

    from siteselect.layers.files import read_user_file

    user = read_user_file(path, options)
    info = user.info
    problems: list[LayerProblem] = [LayerProblem("encoding", 0, text) for text in info.warnings]
    found = [p for p in user.problems if p is not None]
    for kind, count in Counter(p.kind for p in found).most_common():
        first = next(p for p in found if p.kind == kind)
        where = f"row {first.row}" + (f", {first.detail}" if first.detail else "")
        problems.append(
            LayerProblem(kind, count, f"{count} row(s) left out: {kind} (first: {where})")
        )
    if info.repaired:
        problems.append(
            LayerProblem(
                "invalid geometry repaired",
                info.repaired,
                f"{info.repaired} invalid geometr{'y' if info.repaired == 1 else 'ies'} "
                "repaired with make_valid (self-intersections)",
            )
        )
    if not user.located and read_as != "candidates":
        problems.append(
            LayerProblem(
                "no coordinates",
                info.rows,
                "no coordinates (no lon/lat or WKT columns); name them with --lon/--lat or --wkt",
                fatal=True,
            )
        )
    elif not user.located:
        problems.append(
            LayerProblem(
                "no coordinates",
                0,
                "no coordinates: usable as candidates for `attribute` criteria only",
            )
        )
    problems += _geometry_family_problems(info.geometry_types, read_as)
    candidates = read_as == "candidates"
    problems += _id_problems(user.frame, user.problems, id_column, required=candidates)
    problems += numeric_column_problems(user.frame, info.numeric_columns, info.decimal)
    extent = None
    usable = user.usable_frame()
    usable_rows = int(user.usable.sum())
    if user.located and len(usable):
        lonlat = usable.geometry.to_crs(GEOGRAPHIC_CRS).total_bounds
        extent = tuple(round(float(v), 6) for v in lonlat)
        if candidates:
            problems += _outside_mexico_problems(user)
    if candidates:  # the rows a search would keep: not repeated, with an id, in Mexico
        usable_rows -= sum(
            p.count for p in problems if p.kind in ("blank ids", "duplicate ids", "outside Mexico")
        )
    if candidates and usable_rows <= 0 and not any(p.fatal for p in problems):
        # Every row set aside (outside Mexico, repeated, without an id): a search stops on it.
        problems.append(
            LayerProblem(
                "no usable rows",
                info.rows,
                f"none of the {info.rows} row(s) can be a candidate (see the problems above); "
                "a search stops on this file",
                fatal=True,
            )
        )
    if any(p.fatal for p in problems):
        usable_rows = 0
    return LayerReport(
        file=info.name,
        read_as=read_as or "layer",
        format=info.format,
        layer=info.layer,
        layers=info.layers,
        crs=info.crs,
        crs_from=info.crs_from if user.located else None,
        geometry_types=dict(info.geometry_types),
        rows=info.rows,
        usable_rows=max(usable_rows, 0),
        columns=dict(info.columns),
        encoding=info.encoding,
        sep=info.sep,
        decimal=info.decimal,
        # The repair is listed as a problem with its count: not again as a note.
        notes=tuple(n for n in info.notes if not n.endswith(" repaired")),
        problems=tuple(problems),
        extent=extent,  # type: ignore[arg-type]
    )


def _outside_mexico_problems(user: Any) -> list[LayerProblem]:
    """Candidates outside Mexico's states (beyond a coastal/border margin): a search sets
    them aside, as :func:`siteselect.candidates.select_corridors` does."""
    import numpy as np

    from siteselect.constants import METRIC_CRS
    from siteselect.layers import read_state_outlines
    from siteselect.layers.validate.rules import locate_states

    rows = np.flatnonzero(user.usable)
    points = user.frame.geometry.iloc[rows].to_crs(METRIC_CRS).representative_point()
    state, outside_km = locate_states(points, read_state_outlines())
    far = np.flatnonzero(state.isna().to_numpy())
    if far.size == 0:
        return []
    first = int(rows[far[0]]) + 1
    return [
        LayerProblem(
            "outside Mexico",
            int(far.size),
            f"{far.size} row(s) lie outside Mexico, first row {first} "
            f"({float(outside_km.iloc[far[0]]):,.0f} km from the nearest state); a search sets "
            "them aside",
        )
    ]


def _geometry_family_problems(types: Mapping[str, int], read_as: str | None) -> list[LayerProblem]:
    wanted = GEOMETRY_FAMILIES.get(read_as or "")
    if wanted is None or not types:
        return []
    other = {k: v for k, v in types.items() if k not in wanted}
    if not other:
        return []
    shown = ", ".join(f"{k} {v}" for k, v in other.items())
    matching = sum(v for k, v in types.items() if k in wanted)
    fatal = matching == 0
    tail = "" if fatal else "; those rows are measured by their vertices or a point inside"
    return [
        LayerProblem(
            "geometry type",
            sum(other.values()),
            f"geometry types {shown} where {read_as} were expected{tail}",
            fatal=fatal,
        )
    ]


def _id_problems(
    frame: pd.DataFrame, problems: Sequence[Any], id_column: str | None, *, required: bool
) -> list[LayerProblem]:
    from siteselect.layers.files import find_id_column

    column = find_id_column(list(frame.columns), id_column)
    if column is None and id_column is None:
        if not required:
            return []
        return [
            LayerProblem(
                "no id column",
                0,
                "no id column (id, clave, cve, folio...): candidates are called by row number",
            )
        ]
    if column is None:
        if not required:
            return []
        known = ", ".join(str(c) for c in frame.columns if c != "geometry")
        return [
            LayerProblem(
                "no id column",
                0,
                f"no id column {id_column!r} (columns: {known}); give --id",
                fatal=True,
            )
        ]
    ids = [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else _id_text(v)
        for v in frame[column].tolist()
    ]
    out = []
    blank = [i for i, v in enumerate(ids) if not v]
    if blank:
        out.append(
            LayerProblem(
                "blank ids",
                len(blank),
                f"{len(blank)} row(s) without an id in column {column!r}, first row {blank[0] + 1}",
            )
        )
    seen: dict[str, int] = {}
    dupes: list[tuple[int, str]] = []
    for i, (v, p) in enumerate(zip(ids, problems, strict=True)):
        if not v or p is not None:
            continue
        if v in seen:
            dupes.append((i, v))
        else:
            seen[v] = i
    if dupes:
        i, v = dupes[0]
        out.append(
            LayerProblem(
                "duplicate ids",
                len(dupes),
                f"{len(dupes)} row(s) repeat an id of column {column!r}, first row {i + 1} "
                f"({v!r}, as row {seen[v] + 1})"
                + ("; as candidates only the first of each is kept" if required else ""),
                fatal=required and len(dupes) + len(blank) > len(ids) / 2,
            )
        )
    return out


def _id_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_text(values: pd.Series) -> bool:
    from pandas.api.types import is_object_dtype, is_string_dtype

    return bool(is_object_dtype(values) or is_string_dtype(values))


def numeric_column_problems(
    frame: pd.DataFrame, numeric: Sequence[str], decimal: str | None = None
) -> list[LayerProblem]:
    """Columns that are numbers in most rows but hold some text (``12 MW``), read with the
    file's decimal mark; words for "no figure" (``n.a.``, ``consultar``) are not text."""
    from siteselect.layers.cells import is_missing_word, parse_numbers

    out = []
    for column in frame.columns:
        if column == "geometry" or column in numeric or not _is_text(frame[column]):
            continue
        cells = frame[column]
        text = cells.where(cells.notna(), "").astype(str).str.strip()
        filled = ~is_missing_word(text)
        if int(filled.sum()) == 0:
            continue
        numbers = parse_numbers(cells, decimal or ".").where(filled)
        bad = filled & numbers.isna()
        if bool(bad.any()) and numbers.notna().sum() >= 0.5 * filled.sum():
            row = int(bad.to_numpy().nonzero()[0][0])
            out.append(
                LayerProblem(
                    "non-numeric values",
                    int(bad.sum()),
                    f"column {column!r} is numeric but {int(bad.sum())} value(s) are not "
                    f"numbers, first row {row + 1}: {text.iloc[row]!r} (read as missing)",
                )
            )
    return out


def validate_raster(path: Path) -> LayerReport:
    """What a raster criterion would find in a raster file: CRS, size, bands, extent."""
    import rasterio

    name = Path(path).name
    try:
        with rasterio.open(path) as ds:
            problems = []
            crs = None
            extent = None
            if ds.crs is None:
                problems.append(
                    LayerProblem("no CRS", 0, "the raster has no CRS; save it with one", fatal=True)
                )
            else:
                epsg = ds.crs.to_epsg()
                crs = f"EPSG:{epsg}" if epsg else str(ds.crs)
                from rasterio.warp import transform_bounds

                extent = tuple(
                    round(float(v), 6)
                    for v in transform_bounds(ds.crs, GEOGRAPHIC_CRS, *ds.bounds, densify_pts=21)
                )
                x0, y0, x1, y1 = MEXICO_BOUNDS
                if extent[2] < x0 or extent[0] > x1 or extent[3] < y0 or extent[1] > y1:
                    problems.append(
                        LayerProblem(
                            "outside Mexico",
                            0,
                            f"the raster covers lon {extent[0]:g}..{extent[2]:g}, lat "
                            f"{extent[1]:g}..{extent[3]:g}, outside Mexico; check its CRS",
                            fatal=True,
                        )
                    )
            notes = (
                f"{ds.width} x {ds.height} cells, {ds.count} band(s) of {ds.dtypes[0]}, "
                f"nodata {ds.nodata if ds.nodata is not None else 'not set'}",
            )
            return LayerReport(
                file=name,
                read_as="raster",
                format=str(ds.driver),
                crs=crs,
                crs_from="file" if crs else None,
                geometry_types={"raster": 1},
                rows=ds.height,
                usable_rows=ds.height,
                notes=notes,
                problems=tuple(problems),
                extent=extent,  # type: ignore[arg-type]
            )
    except rasterio.errors.RasterioIOError:
        return _failed(name, "raster", "unreadable", f"cannot read {name}: not a raster GDAL reads")
