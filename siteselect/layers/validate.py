"""Validators: the rules every loader applies and ``siteselect data check`` reports.

One set of rules with two faces. The per-row rules (:func:`lon_lat_problems`,
:func:`in_mexico_bounds`, :func:`geometry_problems`, :func:`crs_problem`) say what is wrong with
each row. The loaders call the functions that raise :class:`~siteselect.errors.DataError` at the
first offending row (:func:`check_lon_lat`, :func:`check_in_mexico`, :func:`check_geometries`,
:func:`check_crs`). :func:`check_data` runs the same rules, with the embedded data's schemas and
containment checks, over a whole data folder and lists every offending row in a
:class:`CheckReport`; the functions returning a :class:`CheckResult` are pure (DataFrames and
geometries in, a result out), so tests can feed them tiny broken tables.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.constants import GEOGRAPHIC_CRS, METRIC_CRS, MEXICO_BOUNDS
from siteselect.errors import DataError

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
    from shapely.geometry.base import BaseGeometry

Row = dict[str, Any]

# Column kinds: "str" must be non-empty, "str?" may be empty; "int?"/"float?" may be blank.
CSV_SCHEMAS: Mapping[str, Mapping[str, str]] = {
    "border_crossings": {
        "id": "str",
        "name": "str",
        "name_mx": "str",
        "name_us": "str",
        "city_mx": "str",
        "city_us": "str",
        "state": "str",
        "us_state": "str",
        "mode": "str",
        "commercial": "bool",
        "trucks_northbound": "int?",
        "trucks_year": "int?",
        "lon": "float",
        "lat": "float",
        "accuracy_m": "float",
        "source": "str",
    },
    "seaports": {
        "id": "str",
        "name": "str",
        "state": "str",
        "coast": "str",
        "lon": "float",
        "lat": "float",
        "accuracy_m": "float",
        "source": "str",
    },
    "airports": {
        "id": "str",
        "icao": "str?",
        "name": "str",
        "city": "str?",
        "state": "str?",
        "cargo_hub": "bool",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "cities": {
        "id": "int",
        "name": "str",
        "state": "str?",
        "state_code": "str?",
        "population": "int",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "corridors": {"corridor": "str", "name": "str", "states": "str", "source": "str"},
    "parks": {
        "id": "str",
        "name": "str",
        "developer": "str?",
        "municipality": "str",
        "municipality_code": "str",
        "state": "str",
        "corridor": "str",
        "lon": "float",
        "lat": "float",
        "accuracy_m": "float",
        "coord_source": "str",
        "n_establishments": "int",
        "source": "str",
        "rail_spur": "bool?",
        "rail_spur_source": "str?",
        "wage_zone": "str",
        "min_wage_mxn_day": "float",
    },
    "population": {
        "id": "str",
        "name": "str",
        "municipality_code": "str",
        "municipality": "str",
        "state": "str",
        "state_code": "str",
        "population": "int",
        "population_geonames": "int",
        "kind": "str",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "population_municipalities": {
        "cvegeo": "str",
        "municipality": "str",
        "state": "str",
        "state_code": "str",
        "year": "int",
        "population": "int",
        "places": "int",
        "source": "str",
    },
    "establishments": {
        "id": "str",
        "scian": "str",
        "scian_sector": "str",
        "scian_rama": "str",
        "scian_subsector": "str",
        "sector": "str?",
        "state": "str",
        "municipality_code": "str",
        "municipality": "str",
        "park": "str?",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "power_substations": {
        "id": "str",
        "name": "str?",
        "operator": "str?",
        "state": "str",
        "voltage_kv": "float?",
        "voltage_from": "str?",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "wage_zones": {
        "municipality_code": "str",
        "municipality": "str",
        "state_inegi": "str",
        "zone": "str",
        "min_wage_mxn_day": "float",
        "year": "int",
        "source": "str",
    },
    "road_calibration": {
        "id": "str",
        "origin": "str",
        "origin_lon": "float",
        "origin_lat": "float",
        "destination": "str",
        "destination_lon": "float",
        "destination_lat": "float",
        "kind": "str",
        "road_km": "float",
        "car_min": "float?",
        "confidence": "str",
        "split": "str",
        "source": "str",
    },
    "parks_columns": {
        "column": "str",
        "unit": "str?",
        "status": "str",
        "description": "str",
        "source": "str?",
    },
}

CSV_FILES: Mapping[str, str] = {
    "border_crossings": "border_crossings.csv",
    "seaports": "seaports.csv",
    "airports": "airports.csv",
    "cities": "cities.csv",
    "corridors": "corridors.csv",
    "parks": "parks.csv",
    "parks_columns": "parks_columns.csv",
    "population": "population.csv",
    "population_municipalities": "population_municipalities.csv",
    "establishments": "establishments.csv",
    "power_substations": "power_substations.csv",
    "wage_zones": "wage_zones.csv",
}

# Allowed values of categorical columns.
CSV_ENUMS: Mapping[str, Mapping[str, frozenset[str]]] = {
    "border_crossings": {"mode": frozenset({"road", "rail", "road+rail"})},
    "seaports": {"coast": frozenset({"Pacific", "Gulf", "Caribbean"})},
    "parks_columns": {"status": frozenset({"sourced", "illustrative", "derived"})},
    "road_calibration": {
        "split": frozenset({"fit", "check"}),
        "confidence": frozenset({"high", "medium", "low"}),
    },
    "parks": {"wage_zone": frozenset({"zlfn", "general"})},
    "wage_zones": {"zone": frozenset({"zlfn", "general"})},
    "population": {"kind": frozenset({"place", "aggregate", "municipality"})},
    "power_substations": {"voltage_from": frozenset({"tag", "lines", ""})},
}

ROAD_CALIBRATION_FILE = "road_calibration.csv"
"""Real city-pair road distances (hand-written facts) that the road graph is checked against."""

ROAD_KM_BAND = (0.85, 1.20)
"""Graph km / real km counted as right for one pair: the references are rounded published
figures (±5-10 %), the graph's nodes are rounded to ≈100 m and its roads are straight chords."""

ROAD_MIN_BAND = (1.0, 2.0)
"""Graph truck minutes / published CAR minutes counted as plausible: a loaded truck is slower
than a car (never below 1), and rarely takes twice as long outside cities."""

ROAD_PASS_SHARE = 0.8
"""The road calibration passes when at least this share of pairs is within :data:`ROAD_KM_BAND`
and the median graph km / real km is within ±7 %."""

# file -> (layer, required columns, expected geometry types)
VECTOR_FILES: Mapping[str, tuple[str | None, tuple[str, ...], frozenset[str]]] = {
    "states.gpkg": (
        "states",
        ("state_code", "state", "state_inegi"),
        frozenset({"MultiPolygon", "Polygon"}),
    ),
    "highways.gpkg": (None, ("length_km", "source"), frozenset({"LineString"})),
    "railways.gpkg": (None, ("length_km", "source"), frozenset({"LineString"})),
    "power_lines.gpkg": (
        "power_lines",
        ("id", "voltage_kv", "length_km", "source"),
        frozenset({"LineString"}),
    ),
}
RASTER_FILES: Mapping[str, str] = {"solar_ghi_clearsky.tif": GEOGRAPHIC_CRS}

POINT_TABLES = (
    "border_crossings",
    "seaports",
    "airports",
    "cities",
    "parks",
    "population",
    "establishments",
    "power_substations",
)

# States layers are simplified for maps: containment allows this slack.
STATE_TOLERANCE_M = 1_000.0
BORDER_TOLERANCE_M = 3_000.0
LAND_TOLERANCE_M = 1_000.0

# The problems a row can have, in the order the rules test them.
LON_LAT_MISSING = "missing or non-numeric lon/lat"
LON_LAT_SWAPPED = "lon/lat look swapped"
LON_LAT_OUT_OF_RANGE = "lon/lat out of range"
LON_LAT_OUTSIDE = "outside Mexico's bounding box"
GEOMETRY_EMPTY = "empty or missing geometry"
GEOMETRY_INVALID = "invalid geometry"


@dataclass(frozen=True)
class RowProblem:
    """Why one row of a user's file cannot be used.

    Attributes
    ----------
    kind
        One of the problem names above (``lon/lat out of range``...), for counting.
    row
        1-based data row (the header not counted).
    detail
        The values concerned (``lon=-100.4, lat=95``).
    """

    kind: str
    row: int
    detail: str = ""

    def __str__(self) -> str:
        return f"row {self.row}: {self.kind}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Parameters
    ----------
    name
        Stable check name, e.g. ``schema:parks`` or ``coordinates:seaports``.
    passed
        False when the check found a problem that must be fixed.
    summary
        One line saying what was checked and what was found.
    rows
        Offending rows (or, for comparisons, every compared row) as plain dicts.
    informative
        True for comparisons that report figures without a pass/fail tolerance.
    show_rows
        True when the rows are the result itself (e.g. the road calibration's ratio per pair)
        and are printed even when the check passes.
    """

    name: str
    passed: bool
    summary: str
    rows: list[Row] = field(default_factory=list)
    informative: bool = False
    show_rows: bool = False


@dataclass(frozen=True)
class CheckReport:
    """All check results for one data folder."""

    data_dir: Path
    results: list[CheckResult]

    @property
    def passed(self) -> bool:
        """True when no check failed."""
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        """The checks that failed."""
        return [r for r in self.results if not r.passed]

    def get(self, name: str) -> CheckResult:
        """Return the result of the check called ``name``."""
        for result in self.results:
            if result.name == name:
                return result
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready representation."""
        return {
            "data_dir": str(self.data_dir),
            "passed": self.passed,
            "results": [
                {
                    "name": r.name,
                    "passed": r.passed,
                    "informative": r.informative,
                    "summary": r.summary,
                    "rows": [_jsonable(row) for row in r.rows],
                }
                for r in self.results
            ],
        }


# --------------------------------------------------------------------------------------------
# per-row rules (pure), shared by the loaders and the data check


def in_mexico_bounds(xs: npt.ArrayLike, ys: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Whether each lon/lat point lies in Mexico's extent (``MEXICO_BOUNDS``)."""
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    x0, y0, x1, y1 = MEXICO_BOUNDS
    inside: npt.NDArray[np.bool_] = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    return inside


def lon_lat_problems(xs: npt.ArrayLike, ys: npt.ArrayLike) -> list[str]:
    """The problem of each lon/lat point, ``""`` where there is none.

    The first that applies of: missing (NaN), swapped (its (lat, lon) lies in Mexico while its
    (lon, lat) does not), out of range (beyond ±180/±90), outside Mexico's extent.
    """
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    inside = in_mexico_bounds(x, y)
    rules = (
        (np.isnan(x) | np.isnan(y), LON_LAT_MISSING),
        (~inside & in_mexico_bounds(y, x), LON_LAT_SWAPPED),
        ((np.abs(x) > 180) | (np.abs(y) > 90), LON_LAT_OUT_OF_RANGE),
        (~inside, LON_LAT_OUTSIDE),
    )
    out = [""] * len(x)
    for found, problem in reversed(rules):  # the earlier rule wins
        for row in np.flatnonzero(found).tolist():
            out[row] = problem
    return out


def geometry_problems(geometries: gpd.GeoSeries) -> list[str]:
    """The problem of each geometry (missing or empty, invalid), ``""`` where there is none."""
    import numpy as np

    empty = (geometries.isna() | geometries.is_empty).to_numpy()
    out = [""] * len(geometries)
    for row in np.flatnonzero(~geometries.is_valid.to_numpy()).tolist():
        out[row] = GEOMETRY_INVALID
    for row in np.flatnonzero(empty).tolist():
        out[row] = GEOMETRY_EMPTY
    return out


def feature_problems(geoms: npt.ArrayLike, crs: Any) -> list[RowProblem | None]:
    """The problem of each geometry of a user's file in its own CRS, ``None`` where none.

    The first that applies of: empty or missing; coordinates that are not numbers; (in a
    geographic CRS) out of range, or swapped; outside Mexico's extent (the centre of its
    bounds, in lon/lat); invalid (self-intersecting: the reader repairs these).

    Parameters
    ----------
    geoms
        Shapely geometries or ``None``.
    crs
        Their CRS (anything pyproj reads).
    """
    import numpy as np
    import shapely
    from pyproj import CRS

    values = np.asarray(geoms, dtype=object)
    n = len(values)
    out: list[RowProblem | None] = [None] * n
    present = np.array([g is not None for g in values], dtype=bool)
    present[present] = ~shapely.is_empty(values[present])
    for row in np.flatnonzero(~present).tolist():
        out[row] = RowProblem(GEOMETRY_EMPTY, row + 1)
    bounds = np.full((n, 4), np.nan)
    if present.any():
        bounds[present] = shapely.bounds(values[present])
    cx = (bounds[:, 0] + bounds[:, 2]) / 2
    cy = (bounds[:, 1] + bounds[:, 3]) / 2
    finite = present & np.isfinite(bounds).all(axis=1)
    for row in np.flatnonzero(present & ~finite).tolist():
        out[row] = RowProblem(LON_LAT_MISSING, row + 1, "coordinates are not numbers")
    parsed = CRS.from_user_input(crs)
    if parsed.is_geographic:
        swapped = finite & ~in_mexico_bounds(cx, cy) & in_mexico_bounds(cy, cx)
        beyond = (
            finite
            & ~swapped
            & (
                (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1)
                | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
            )
        )
        for row in np.flatnonzero(beyond).tolist():
            out[row] = RowProblem(LON_LAT_OUT_OF_RANGE, row + 1, _lon_lat(cx[row], cy[row]))
        for row in np.flatnonzero(swapped).tolist():
            out[row] = RowProblem(LON_LAT_SWAPPED, row + 1, _lon_lat(cx[row], cy[row]))
        placed = finite & ~beyond & ~swapped
    else:
        placed = finite
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    if placed.any():
        lon[placed], lat[placed] = _to_lon_lat(parsed, cx[placed], cy[placed])
    unplaceable = placed & ~(np.isfinite(lon) & np.isfinite(lat))
    for row in np.flatnonzero(unplaceable).tolist():
        out[row] = RowProblem(LON_LAT_OUT_OF_RANGE, row + 1, f"x={cx[row]:g}, y={cy[row]:g}")
    placed &= ~unplaceable
    outside = placed & ~in_mexico_bounds(lon, lat)
    for row in np.flatnonzero(outside).tolist():
        out[row] = RowProblem(LON_LAT_OUTSIDE, row + 1, _lon_lat(lon[row], lat[row]))
    checked = placed & ~outside
    if checked.any():
        invalid = np.zeros(n, dtype=bool)
        invalid[checked] = ~shapely.is_valid(values[checked])
        for row in np.flatnonzero(invalid).tolist():
            out[row] = RowProblem(GEOMETRY_INVALID, row + 1)
    return out


def _lon_lat(x: float, y: float) -> str:
    return f"lon={x:.6g}, lat={y:.6g}"


def _to_lon_lat(crs: Any, xs: npt.NDArray[Any], ys: npt.NDArray[Any]) -> tuple[Any, Any]:
    import warnings

    import numpy as np
    from pyproj import CRS, Transformer

    if crs.equals(CRS.from_user_input(GEOGRAPHIC_CRS)):
        return xs, ys
    transformer = Transformer.from_crs(crs, GEOGRAPHIC_CRS, always_xy=True)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lon, lat = transformer.transform(xs, ys)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def crs_problem(crs: Any, expected: str | None = None) -> str:
    """What is wrong with a file's CRS (a pyproj or rasterio CRS), ``""`` if nothing.

    Parameters
    ----------
    crs
        The CRS read from the file, or None.
    expected
        The CRS the file must have (``"EPSG:6372"``); any CRS passes when None.
    """
    if crs is None:
        return "no CRS"
    if expected is None:
        return ""
    from pyproj import CRS

    epsg = crs.to_epsg()
    if epsg is None or epsg != CRS.from_user_input(expected).to_epsg():
        return f"CRS is {f'EPSG:{epsg}' if epsg else crs}, expected {expected}"
    return ""


# --------------------------------------------------------------------------------------------
# loader validators: raise at the first offending row


def check_lon_lat(
    xs: npt.ArrayLike,
    ys: npt.ArrayLike,
    *,
    source: str,
    columns: tuple[str, str] = ("lon", "lat"),
) -> None:
    """Raise :class:`DataError` when coordinates are missing, look swapped or are out of range.

    Mexico lies at longitudes -118..-86 and latitudes 14..33, so a point whose (lat, lon) falls
    there while its (lon, lat) does not is taken as swapped (see :func:`lon_lat_problems`).
    Points outside Mexico are left to :func:`check_in_mexico`, which sees the projected file.

    Parameters
    ----------
    xs, ys
        Longitudes and latitudes (degrees); NaN where a value is missing.
    source
        The file named in the message.
    columns
        Names of the longitude and latitude columns, for the message.
    """
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    for column, values in zip(columns, (x, y), strict=True):
        missing = np.flatnonzero(np.isnan(values))
        if len(missing):
            msg = f"{source}: column {column!r} row {int(missing[0]) + 1} is empty or not a number"
            raise DataError(msg)
    problems = lon_lat_problems(x, y)
    if LON_LAT_SWAPPED in problems:
        row = problems.index(LON_LAT_SWAPPED)
        msg = (
            f"{source}: row {row + 1} has lon={x[row]:g}, lat={y[row]:g}, which looks swapped "
            "(Mexico is at lon -118..-86, lat 14..33); exchange the lon and lat columns"
        )
        raise DataError(msg)
    if LON_LAT_OUT_OF_RANGE in problems:
        row = problems.index(LON_LAT_OUT_OF_RANGE)
        msg = f"{source}: row {row + 1} has lon={x[row]:g}, lat={y[row]:g}, out of range"
        raise DataError(msg)


def check_in_mexico(frame: gpd.GeoDataFrame, source: str) -> None:
    """Raise :class:`DataError` when features lie outside Mexico's extent.

    Catches a wrong CRS (metres labelled as degrees, another country's grid) that the
    range checks alone let through.
    """
    import numpy as np

    if len(frame) == 0:
        return
    lonlat = frame.geometry.to_crs(GEOGRAPHIC_CRS).representative_point()
    xs = lonlat.x.to_numpy()
    ys = lonlat.y.to_numpy()
    outside = ~in_mexico_bounds(xs, ys)
    if bool(outside.any()):
        row = int(np.flatnonzero(outside)[0])
        msg = (
            f"{source}: row {row + 1} lies at lon={xs[row]:.4f}, lat={ys[row]:.4f}, outside "
            f"Mexico ({int(outside.sum())} of {len(frame)} features); check the file's CRS"
        )
        raise DataError(msg)


def check_geometries(frame: gpd.GeoDataFrame, source: str) -> None:
    """Raise :class:`DataError` for missing, empty or invalid geometries (first offender named)."""
    problems = geometry_problems(frame.geometry)
    if GEOMETRY_EMPTY in problems:
        row = problems.index(GEOMETRY_EMPTY)
        msg = f"{source}: row {row + 1} has an empty or missing geometry"
        raise DataError(msg)
    if GEOMETRY_INVALID in problems:
        row = problems.index(GEOMETRY_INVALID)
        msg = (
            f"{source}: row {row + 1} has an invalid geometry (self-intersection?); repair it first"
        )
        raise DataError(msg)


def check_crs(crs: Any, source: str) -> None:
    """Raise :class:`DataError` when a file has no CRS."""
    if crs_problem(crs):
        msg = f"{source}: the file has no CRS; set one (e.g. EPSG:4326) before using it"
        raise DataError(msg)


# --------------------------------------------------------------------------------------------
# the data folder


def check_data(data_dir: Path | None = None) -> CheckReport:
    """Run every data check on a data folder.

    Parameters
    ----------
    data_dir
        Folder with the embedded data; defaults to the repository's ``data/``.

    Returns
    -------
    CheckReport
        One :class:`CheckResult` per check.
    """
    from siteselect.layers import default_data_dir

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    results: list[CheckResult] = []

    expected = (*CSV_FILES.values(), *VECTOR_FILES, *RASTER_FILES)
    n_files = len(expected)
    missing = [f for f in expected if not (data_dir / f).exists()]
    results.append(
        CheckResult(
            "files",
            not missing,
            f"{len(missing)} of {n_files} data files missing"
            + (f" ({', '.join(missing)}); run `make data`" if missing else ""),
            [{"file": f} for f in missing],
        )
    )

    tables: dict[str, pd.DataFrame] = {}
    for layer, fname in CSV_FILES.items():
        path = data_dir / fname
        if not path.exists():
            continue
        frame, result = _read_csv_checked(path, layer)
        results.append(result)
        if frame is not None:
            tables[layer] = frame

    for layer in POINT_TABLES:
        if layer in tables:
            results.append(check_unique_ids(tables[layer], layer))
            results.append(check_coordinates(tables[layer], layer))
    if "corridors" in tables:
        results.append(check_unique_ids(tables["corridors"], "corridors", column="corridor"))
    if "parks" in tables and "parks_columns" in tables:
        results.append(check_parks_columns(tables["parks"], tables["parks_columns"]))
    if "population" in tables and "population_municipalities" in tables:
        results.append(
            check_population_totals(tables["population"], tables["population_municipalities"])
        )
    if "parks" in tables:
        results.append(check_park_accuracy(tables["parks"]))
        if "wage_zones" in tables:
            results.append(check_park_wage_zones(tables["parks"], tables["wage_zones"]))

    states = None
    for fname, (layer_name, columns, geom_types) in VECTOR_FILES.items():
        path = data_dir / fname
        if path.exists():
            frame_or_none, result = _read_vector_checked(path, layer_name, columns, geom_types)
            results.append(result)
            if fname == "states.gpkg":
                states = frame_or_none
    for fname, crs in RASTER_FILES.items():
        if (data_dir / fname).exists():
            results.append(_check_raster(data_dir / fname, crs))

    if states is not None:
        country = states.geometry.union_all()
        if "parks" in tables:
            results.append(check_points_in_states(tables["parks"], states, "parks"))
            if "corridors" in tables:
                results.append(
                    check_parks_in_corridors(tables["parks"], tables["corridors"], states)
                )
            results.append(check_points_on_land(tables["parks"], country, "parks"))
        if "airports" in tables:
            results.append(check_points_on_land(tables["airports"], country, "airports"))
        if "border_crossings" in tables:
            results.append(check_crossings_on_border(tables["border_crossings"], country))
    calibration_path = data_dir / ROAD_CALIBRATION_FILE
    if calibration_path.exists():
        calibration, result = _read_csv_checked(calibration_path, "road_calibration")
        results.append(result)
        highways = data_dir / "highways.gpkg"
        if calibration is not None and result.passed and highways.exists():
            results.append(check_road_calibration(highways, calibration))
    return CheckReport(data_dir=data_dir, results=results)


# --------------------------------------------------------------------------------------------
# table checks (pure)


def check_schema(frame: pd.DataFrame, layer: str, *, raw_text: str | None = None) -> CheckResult:
    """Check required columns, value types, enumerations, id order and line ends of a table.

    Parameters
    ----------
    frame
        The table read with every column as text (``dtype=str, keep_default_na=False``).
    layer
        Key of :data:`CSV_SCHEMAS`.
    raw_text
        The file's text, to check line ends; skipped when None.
    """
    schema = CSV_SCHEMAS[layer]
    problems: list[Row] = []
    missing = [c for c in schema if c not in frame.columns]
    for col in missing:
        problems.append({"row": None, "column": col, "problem": "missing column"})
    for col, kind in schema.items():
        if col in missing:
            continue
        for row, value in enumerate(frame[col].astype(str).tolist(), start=1):
            problem = _value_problem(value, kind)
            if problem:
                problems.append({"row": row, "column": col, "value": value, "problem": problem})
    for col, allowed in CSV_ENUMS.get(layer, {}).items():
        if col in frame.columns:
            for row, value in enumerate(frame[col].astype(str).tolist(), start=1):
                if value not in allowed:
                    problems.append(
                        {
                            "row": row,
                            "column": col,
                            "value": value,
                            "problem": f"not one of {sorted(allowed)}",
                        }
                    )
    if layer in POINT_TABLES and "id" in frame.columns:
        values = frame["id"].astype(str).tolist()
        ordered = sorted(values, key=_id_sort_key) if schema["id"] == "int" else sorted(values)
        if values != ordered:
            problems.append({"row": None, "column": "id", "problem": "rows are not sorted by id"})
    if raw_text is not None and "\r" in raw_text:
        problems.append(
            {"row": None, "column": None, "problem": "line ends must be \\n, not \\r\\n"}
        )
    n = len(problems)
    summary = f"{len(frame)} rows, {len(schema)} required columns" + (
        f": {n} problem(s), first: {_describe(problems[0])}" if n else ": ok"
    )
    return CheckResult(f"schema:{layer}", n == 0, summary, problems)


def check_unique_ids(frame: pd.DataFrame, layer: str, *, column: str = "id") -> CheckResult:
    """Fail when a table has duplicate or blank ids."""
    if column not in frame.columns:
        return CheckResult(f"ids:{layer}", False, f"no {column!r} column", [])
    values = frame[column].astype(str).str.strip()
    dup = values[values.duplicated(keep=False) | (values == "")]
    rows: list[Row] = [{"row": pos + 1, column: v} for pos, v in enumerate(values) if v in set(dup)]
    summary = (
        f"{len(values)} ids, all unique"
        if not rows
        else f"{len(rows)} rows with duplicate or blank {column}: {sorted(set(dup))[:5]}"
    )
    return CheckResult(f"ids:{layer}", not rows, summary, rows)


def check_coordinates(frame: pd.DataFrame, layer: str) -> CheckResult:
    """Fail on missing, non-numeric, out-of-range or swapped lon/lat, or points outside Mexico.

    The rules are :func:`lon_lat_problems`, the ones the loaders apply.
    """
    import pandas as pd

    if "lon" not in frame.columns or "lat" not in frame.columns:
        return CheckResult(f"coordinates:{layer}", False, "no lon/lat columns", [])
    xs = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype=float)
    ys = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype=float)
    ids = _ids(frame)
    rows: list[Row] = [
        {"row": i + 1, "id": ids[i], "lon": float(xs[i]), "lat": float(ys[i]), "problem": problem}
        for i, problem in enumerate(lon_lat_problems(xs, ys))
        if problem
    ]
    summary = (
        f"{len(frame)} points, all with valid lon/lat in Mexico's box"
        if not rows
        else f"{len(rows)} bad points, first: {_describe(rows[0])}"
    )
    return CheckResult(f"coordinates:{layer}", not rows, summary, rows)


POPULATION_TOLERANCE = 0.005
"""Per-state population sums must equal the municipal totals within this share."""

MIN_PARK_ACCURACY_M = 500.0
"""No park point may claim to be better than this."""


def check_population_totals(
    population: pd.DataFrame,
    municipalities: pd.DataFrame,
    *,
    tolerance: float = POPULATION_TOLERANCE,
) -> CheckResult:
    """Fail unless the places of each state sum to its CONAPO total within ``tolerance``.

    Parameters
    ----------
    population
        ``population.csv`` as text (``municipality_code``, ``state``, ``population``, ``kind``).
    municipalities
        ``population_municipalities.csv`` as text (``cvegeo``, ``state``, ``year``,
        ``population``).
    tolerance
        Largest relative difference allowed per state.

    Returns
    -------
    CheckResult
        One row per state (``state``, ``conapo``, ``places``, ``diff_pct``); the summary gives
        the year, the national total and the corridor states' figures.
    """
    import pandas as pd

    people = pd.to_numeric(population["population"], errors="coerce").fillna(0)
    totals = pd.to_numeric(municipalities["population"], errors="coerce").fillna(0)
    by_state = people.groupby(population["state"]).sum()
    expected = totals.groupby(municipalities["state"]).sum()
    by_mun = people.groupby(population["municipality_code"]).sum()
    mun_expected = pd.Series(totals.to_numpy(), index=municipalities["cvegeo"].to_numpy())
    off_mun = (by_mun.reindex(mun_expected.index).fillna(0) - mun_expected).abs() > 0
    rows: list[Row] = []
    failed = []
    for state in sorted(set(expected.index) | set(by_state.index)):
        want = float(expected.get(state, 0.0))
        got = float(by_state.get(state, 0.0))
        diff = (got - want) / want if want else (1.0 if got else 0.0)
        row: Row = {"state": state, "conapo": int(want), "places": int(got)}
        row["diff_pct"] = round(100 * diff, 3)
        rows.append(row)
        if abs(diff) > tolerance:
            failed.append(row)
    years = sorted(set(municipalities["year"].astype(str))) if "year" in municipalities else []
    kinds = population["kind"].value_counts() if "kind" in population else pd.Series(dtype=int)
    corridor_states = (
        "Querétaro",
        "Guanajuato",
        "Aguascalientes",
        "San Luis Potosí",
        "Jalisco",
        "Nuevo León",
        "Coahuila",
        "Tamaulipas",
    )
    figures = ", ".join(
        f"{st} {float(by_state.get(st, 0)) / 1e6:.2f} M" for st in corridor_states if st in by_state
    )
    worst = max(rows, key=lambda r: abs(float(r["diff_pct"])), default=None)
    n_places = int(kinds.get("place", 0) + kinds.get("aggregate", 0))
    points = ""
    if "place_id" in population:  # places spread over footprints: count places, not points
        settled = population["kind"].isin(["place", "aggregate"])
        points = f" ({n_places:,} footprint points)"
        n_places = int(population.loc[settled, "place_id"].nunique())
    summary = (
        f"CONAPO {'/'.join(years)}: {int(people.sum()):,} people at "
        f"{n_places:,} places{points} and "
        f"{int(kinds.get('municipality', 0))} municipality points; "
        f"{len(mun_expected) - int(off_mun.sum())} of {len(mun_expected)} municipalities sum "
        f"exactly; largest state difference "
        f"{worst['diff_pct'] if worst else 0:+.3f} % ({worst['state'] if worst else '-'}); "
        f"{figures}"
    )
    if failed:
        summary = (
            f"{len(failed)} state(s) off CONAPO by more than {100 * tolerance:g} %, first: "
            f"{_describe(failed[0])}"
        )
    return CheckResult("population:conapo", not failed, summary, rows)


def check_park_accuracy(parks: pd.DataFrame) -> CheckResult:
    """Fail for park points claiming better than 500 m; report how the points were placed.

    The summary gives how many parks sit at the median of RETC 2022 establishments and the
    stated accuracies (median, 90th percentile, worst).
    """
    import numpy as np
    import pandas as pd

    acc = pd.to_numeric(parks["accuracy_m"], errors="coerce")
    n_est = pd.to_numeric(parks.get("n_establishments", pd.Series(0, index=parks.index)))
    n_est = n_est.fillna(0)
    ids = _ids(parks)
    rows: list[Row] = [
        {"id": ids[i], "value": v, "problem": f"accuracy below {MIN_PARK_ACCURACY_M:g} m"}
        for i, v in enumerate(acc.tolist())
        if not v >= MIN_PARK_ACCURACY_M
    ]
    if len(acc) and acc.notna().any():
        worst = int(np.nanargmax(acc.to_numpy()))
        summary = (
            f"{int((n_est > 0).sum())} of {len(parks)} parks at the median of the RETC 2022 "
            f"establishments naming them ({int(n_est[n_est > 0].min()) if (n_est > 0).any() else 0}"
            f"-{int(n_est.max())} each), {int((n_est == 0).sum())} placed by the author; stated "
            f"accuracy median {float(acc.median()) / 1000:.1f} km, 90th percentile "
            f"{float(acc.quantile(0.9)) / 1000:.1f} km, max {float(acc.max()) / 1000:.1f} km "
            f"({ids[worst]})"
        )
    else:
        summary = "no park accuracies"
    if rows:
        summary = f"{len(rows)} park(s) claim better than {MIN_PARK_ACCURACY_M:g} m: " + summary
    return CheckResult("accuracy:parks", not rows, summary, rows)


def check_park_wage_zones(parks: pd.DataFrame, wage_zones: pd.DataFrame) -> CheckResult:
    """Fail when a park's wage zone or minimum wage differs from its municipality's row."""
    table = wage_zones.set_index("municipality_code")
    rows: list[Row] = []
    for rec in _records(parks):
        code = str(rec.get("municipality_code", ""))
        if code not in table.index:
            rows.append({"id": rec.get("id"), "value": code, "problem": "municipality not found"})
            continue
        zone = str(table.loc[code, "zone"])
        wage = float(str(table.loc[code, "min_wage_mxn_day"]))
        if str(rec.get("wage_zone")) != zone or abs(float(rec["min_wage_mxn_day"]) - wage) > 0.005:
            rows.append({"id": rec.get("id"), "value": rec.get("wage_zone"), "problem": "zone"})
    zones: dict[str, int] = (
        {str(k): int(v) for k, v in parks["wage_zone"].value_counts().items()}
        if "wage_zone" in parks
        else {}
    )
    summary = (
        f"{len(parks)} parks joined to their municipality's minimum-wage zone "
        f"({', '.join(f'{k} {v}' for k, v in sorted(zones.items()))})"
        if not rows
        else f"{len(rows)} park(s) disagree with wage_zones.csv, first: {_describe(rows[0])}"
    )
    return CheckResult("wage_zones:parks", not rows, summary, rows)


def check_parks_columns(parks: pd.DataFrame, columns: pd.DataFrame) -> CheckResult:
    """Fail unless ``parks_columns.csv`` documents every column of ``parks.csv`` and no other."""
    documented = columns["column"].astype(str).tolist() if "column" in columns.columns else []
    rows: list[Row] = [
        {"column": c, "problem": "not documented in parks_columns.csv"}
        for c in parks.columns
        if c not in documented
    ]
    rows += [
        {"column": c, "problem": "documented but not in parks.csv"}
        for c in documented
        if c not in parks.columns
    ]
    if "status" in columns.columns:
        statuses = dict(zip(documented, columns["status"].astype(str), strict=True))
        illustrative = sorted(c for c, s in statuses.items() if s == "illustrative")
    else:
        illustrative = []
    summary = (
        f"{len(parks.columns)} park columns documented ({len(illustrative)} illustrative)"
        if not rows
        else f"{len(rows)} column(s) not matched, first: {_describe(rows[0])}"
    )
    return CheckResult("parks_columns", not rows, summary, rows)


# --------------------------------------------------------------------------------------------
# spatial checks (pure)


def check_points_in_states(
    frame: pd.DataFrame,
    states: gpd.GeoDataFrame,
    layer: str,
    *,
    tolerance_m: float = STATE_TOLERANCE_M,
) -> CheckResult:
    """Fail for points farther than ``tolerance_m`` from the polygon of their ``state``.

    Parameters
    ----------
    frame
        Table with ``id``, ``state``, ``lon``, ``lat``.
    states
        States layer with a ``state`` column, any CRS.
    """
    points = _points_metric(frame)
    shapes = states.to_crs(METRIC_CRS)
    polygons = {str(s): g for s, g in zip(shapes["state"], shapes.geometry, strict=True)}
    rows: list[Row] = []
    for rec, point in zip(_records(frame), points, strict=True):
        state = str(rec.get("state", ""))
        polygon = polygons.get(state)
        if point is None:
            continue
        if polygon is None:
            rows.append({"id": rec.get("id"), "state": state, "problem": "unknown state name"})
            continue
        dist = float(polygon.distance(point))
        if dist > tolerance_m:
            inside = [s for s, g in polygons.items() if g.contains(point)]
            rows.append(
                {
                    "id": rec.get("id"),
                    "state": state,
                    "dist_km": round(dist / 1000, 2),
                    "problem": f"outside its state (inside {inside[0] if inside else 'no state'})",
                }
            )
    summary = (
        f"{len(frame)} {layer} inside their stated state (±{tolerance_m / 1000:g} km)"
        if not rows
        else f"{len(rows)} {layer} outside their stated state, first: {_describe(rows[0])}"
    )
    return CheckResult(f"in_state:{layer}", not rows, summary, rows)


def check_parks_in_corridors(
    parks: pd.DataFrame,
    corridors: pd.DataFrame,
    states: gpd.GeoDataFrame,
    *,
    tolerance_m: float = STATE_TOLERANCE_M,
) -> CheckResult:
    """Fail when a park's corridor is unknown, does not list its state, or does not contain it."""
    shapes = states.to_crs(METRIC_CRS)
    members: dict[str, list[str]] = {
        str(rec["corridor"]): [s.strip() for s in str(rec["states"]).split(";") if s.strip()]
        for rec in _records(corridors)
    }
    polygons = {
        cid: shapes.loc[shapes["state"].isin(names)].geometry.union_all()
        for cid, names in members.items()
    }
    rows: list[Row] = []
    for rec, point in zip(_records(parks), _points_metric(parks), strict=True):
        cid = str(rec.get("corridor", ""))
        if cid not in members:
            rows.append({"id": rec.get("id"), "corridor": cid, "problem": "unknown corridor"})
        elif str(rec.get("state")) not in members[cid]:
            rows.append(
                {
                    "id": rec.get("id"),
                    "corridor": cid,
                    "problem": f"state {rec.get('state')} not in it",
                }
            )
        elif point is not None and float(polygons[cid].distance(point)) > tolerance_m:
            rows.append(
                {"id": rec.get("id"), "corridor": cid, "problem": "point outside the corridor"}
            )
    summary = (
        f"{len(parks)} parks inside their corridor ({_counts(parks, 'corridor')})"
        if not rows
        else f"{len(rows)} parks not in their corridor, first: {_describe(rows[0])}"
    )
    return CheckResult("in_corridor:parks", not rows, summary, rows)


def check_points_on_land(
    frame: pd.DataFrame,
    country: BaseGeometry,
    layer: str,
    *,
    tolerance_m: float = LAND_TOLERANCE_M,
) -> CheckResult:
    """Fail for points more than ``tolerance_m`` outside Mexico (in the sea or abroad).

    ``country`` is the union of the states in EPSG:6372.
    """
    rows: list[Row] = []
    for rec, point in zip(_records(frame), _points_metric(frame), strict=True):
        if point is None:
            continue
        dist = float(country.distance(point))
        if dist > tolerance_m:
            rows.append(
                {"id": rec.get("id"), "dist_km": round(dist / 1000, 2), "problem": "outside Mexico"}
            )
    summary = (
        f"{len(frame)} {layer} on Mexican land (±{tolerance_m / 1000:g} km)"
        if not rows
        else f"{len(rows)} {layer} outside Mexico, first: {_describe(rows[0])}"
    )
    return CheckResult(f"on_land:{layer}", not rows, summary, rows)


def check_crossings_on_border(
    crossings: pd.DataFrame,
    country: BaseGeometry,
    *,
    tolerance_m: float = BORDER_TOLERANCE_M,
) -> CheckResult:
    """Fail for crossings farther than ``tolerance_m`` from Mexico's national boundary."""
    boundary = country.boundary
    rows: list[Row] = []
    worst = 0.0
    for rec, point in zip(_records(crossings), _points_metric(crossings), strict=True):
        if point is None:
            continue
        dist = float(boundary.distance(point))
        worst = max(worst, dist)
        if dist > tolerance_m:
            rows.append(
                {
                    "id": rec.get("id"),
                    "dist_km": round(dist / 1000, 2),
                    "problem": "far from the border",
                }
            )
    summary = (
        f"{len(crossings)} crossings within {tolerance_m / 1000:g} km of the border "
        f"(farthest {worst / 1000:.2f} km)"
        if not rows
        else f"{len(rows)} crossings too far from the border, first: {_describe(rows[0])}"
    )
    return CheckResult("on_border:border_crossings", not rows, summary, rows)


def check_road_calibration(highways: Path, calibration: pd.DataFrame) -> CheckResult:
    """Drive every calibration pair on the road graph and compare with the published figures.

    The graph is the one ``rank`` uses (:func:`siteselect.network.build_road_graph` on the
    highways file, default access leg). Each row gives the graph's km and minutes, ``km_ratio``
    (graph km / real km) and, where a car time is published, ``min_ratio`` (graph minutes /
    car minutes), with ``status`` "ok" or "out of band" (:data:`ROAD_KM_BAND`,
    :data:`ROAD_MIN_BAND`). Passes when at least :data:`ROAD_PASS_SHARE` of the pairs are
    within the km band and the median km ratio is within ±7 %.
    """
    import warnings

    import geopandas as gpd
    import numpy as np
    import pandas as pd
    from pyproj import Transformer

    from siteselect.errors import SiteselectWarning
    from siteselect.network import build_road_graph, compute_drive_to_nearest

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SiteselectWarning)
        graph = build_road_graph(gpd.read_file(highways))
    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)

    def _xy(lon: str, lat: str) -> npt.NDArray[np.float64]:
        xs = pd.to_numeric(calibration[lon]).to_numpy(dtype=float)
        ys = pd.to_numeric(calibration[lat]).to_numpy(dtype=float)
        return np.column_stack(to_metric.transform(xs, ys))

    origin, dest = _xy("origin_lon", "origin_lat"), _xy("destination_lon", "destination_lat")
    road_km = pd.to_numeric(calibration["road_km"]).to_numpy(dtype=float)
    car_min = pd.to_numeric(calibration["car_min"], errors="coerce").to_numpy(dtype=float)
    rows: list[Row] = []
    ratios = []
    for i, rec in enumerate(_records(calibration)):
        drive = compute_drive_to_nearest(graph, origin[i : i + 1], dest[i : i + 1]).iloc[0]
        km_ratio = float(drive["drive_km"]) / road_km[i]
        min_ratio = float(drive["drive_min"]) / car_min[i] if car_min[i] > 0 else math.nan
        ratios.append(km_ratio)
        in_band = ROAD_KM_BAND[0] <= km_ratio <= ROAD_KM_BAND[1] and (
            math.isnan(min_ratio) or ROAD_MIN_BAND[0] <= min_ratio <= ROAD_MIN_BAND[1]
        )
        rows.append(
            {
                "id": rec["id"],
                "split": rec["split"],
                "road_km": road_km[i],
                "graph_km": round(float(drive["drive_km"]), 1),
                "km_ratio": round(km_ratio, 3),
                "car_min": None if math.isnan(car_min[i]) else car_min[i],
                "graph_min": round(float(drive["drive_min"]), 1),
                "min_ratio": None if math.isnan(min_ratio) else round(min_ratio, 3),
                "status": "ok" if in_band else "out of band",
            }
        )
    values = np.array(ratios)
    ok_km = (values >= ROAD_KM_BAND[0]) & (values <= ROAD_KM_BAND[1])
    median = float(np.median(values)) if len(values) else math.nan
    timed = [r["min_ratio"] for r in rows if r["min_ratio"] is not None]
    passed = bool(len(values)) and ok_km.mean() >= ROAD_PASS_SHARE and abs(median - 1) <= 0.07
    summary = (
        f"{len(values)} city pairs: graph km / real km median {median:.3f}, "
        f"{int(ok_km.sum())} within {ROAD_KM_BAND[0]:g}-{ROAD_KM_BAND[1]:g}"
        + (
            f"; graph truck min / published car min {min(timed):.2f}-{max(timed):.2f} "
            f"over {len(timed)} pairs"
            if timed
            else ""
        )
    )
    return CheckResult("road_calibration", passed, summary, rows, informative=True, show_rows=True)


# --------------------------------------------------------------------------------------------
# helpers


def _read_csv_checked(path: Path, layer: str) -> tuple[pd.DataFrame | None, CheckResult]:
    import pandas as pd

    try:
        raw = path.read_bytes().decode("utf-8")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, CheckResult(f"schema:{layer}", False, f"{path.name}: unreadable: {msg}")
    return frame, check_schema(frame, layer, raw_text=raw)


def _read_vector_checked(
    path: Path, layer: str | None, columns: Sequence[str], geom_types: frozenset[str]
) -> tuple[gpd.GeoDataFrame | None, CheckResult]:
    import geopandas as gpd

    name = f"schema:{path.stem}"
    try:
        frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        return None, CheckResult(name, False, f"{path.name}: unreadable: {type(exc).__name__}")
    problems: list[Row] = [
        {"problem": f"missing column {c!r}"} for c in columns if c not in frame.columns
    ]
    crs = crs_problem(frame.crs, METRIC_CRS)
    if crs:
        problems.append({"problem": crs})
    kinds = set(frame.geom_type.dropna())
    if not kinds <= geom_types:
        problems.append(
            {"problem": f"geometry types {sorted(kinds)}, expected {sorted(geom_types)}"}
        )
    bad_geometries = [
        {"row": row, "problem": problem}
        for row, problem in enumerate(geometry_problems(frame.geometry), start=1)
        if problem
    ]
    problems += bad_geometries
    epsg = frame.crs.to_epsg() if frame.crs is not None else None
    first = problems[0] if problems else {}
    where = f" (row {first['row']})" if "row" in first else ""
    summary = f"{len(frame)} features, EPSG:{epsg}" + (
        f": {len(problems)} problem(s), first: {first['problem']}{where}" if problems else ": ok"
    )
    # the containment checks need a CRS and valid geometries (unions fail on invalid ones)
    usable = epsg is not None and not bad_geometries
    return (frame if usable else None), CheckResult(name, not problems, summary, problems)


def _check_raster(path: Path, crs: str) -> CheckResult:
    import rasterio

    name = f"schema:{path.stem}"
    try:
        with rasterio.open(path) as ds:
            problems: list[Row] = []
            wrong_crs = crs_problem(ds.crs, crs)
            if wrong_crs:
                problems.append({"problem": wrong_crs})
            if ds.count != 1 or ds.dtypes[0] != "float32":
                problems.append(
                    {"problem": f"{ds.count} band(s) of {ds.dtypes[0]}, expected 1 float32"}
                )
            summary = f"{ds.width}x{ds.height} cells, {ds.crs}" + (
                f": {problems[0]['problem']}" if problems else ": ok"
            )
    except rasterio.errors.RasterioIOError as exc:
        return CheckResult(name, False, f"{path.name}: unreadable: {str(exc).splitlines()[0]}")
    return CheckResult(name, not problems, summary, problems)


def _value_problem(value: str, kind: str) -> str:
    optional = kind.endswith("?")
    base = kind.rstrip("?")
    if value.strip() == "":
        return "" if optional else "blank"
    if base == "bool":
        return "" if value in ("true", "false") else "not true/false"
    if base == "int":
        return "" if re.fullmatch(r"-?\d+", value) else "not an integer"
    if base == "float":
        try:
            number = float(value)
        except ValueError:
            return "not a number"
        return "not finite" if math.isnan(number) or math.isinf(number) else ""
    return ""


def _id_sort_key(value: str) -> tuple[int, str]:
    return (int(value), "") if re.fullmatch(r"-?\d+", value) else (0, value)


def _records(frame: pd.DataFrame) -> list[Row]:
    return [{str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")]


def _ids(frame: pd.DataFrame) -> list[Any]:
    if "id" in frame.columns:
        return frame["id"].tolist()
    return list(range(1, len(frame) + 1))


def _points_metric(frame: pd.DataFrame) -> list[BaseGeometry | None]:
    """Points in EPSG:6372, or None where lon/lat are missing."""
    import pandas as pd
    from pyproj import Transformer
    from shapely.geometry import Point

    xs = pd.to_numeric(frame["lon"], errors="coerce").tolist()
    ys = pd.to_numeric(frame["lat"], errors="coerce").tolist()
    transformer = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    out: list[BaseGeometry | None] = []
    for x, y in zip(xs, ys, strict=True):
        if math.isnan(x) or math.isnan(y):
            out.append(None)
        else:
            mx, my = transformer.transform(x, y)
            out.append(Point(mx, my))
    return out


def _describe(row: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in row.items() if v is not None)


def _counts(frame: pd.DataFrame, column: str) -> str:
    counts = frame[column].value_counts().sort_index()
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def _jsonable(row: Mapping[str, Any]) -> Row:
    out: Row = {}
    for key, value in row.items():
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            value = None
        out[key] = value
    return out


# --------------------------------------------------------------------------------------------
# a user's file, read the way a search would (``siteselect layers validate``)

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
        kind = file_kind(path)
        check_file(path)
    except ConfigError as exc:
        return [_failed(path.name, read_as or "layer", "unreadable", str(exc))]
    except FileError as exc:
        return [_failed(path.name, read_as or "layer", exc.kind, str(exc))]
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
    problems += numeric_column_problems(user.frame, info.numeric_columns)
    extent = None
    usable = user.usable_frame()
    if user.located and len(usable):
        lonlat = usable.geometry.to_crs(GEOGRAPHIC_CRS).total_bounds
        extent = tuple(round(float(v), 6) for v in lonlat)
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
        usable_rows=int(user.usable.sum()),
        columns=dict(info.columns),
        encoding=info.encoding,
        sep=info.sep,
        decimal=info.decimal,
        notes=info.notes,
        problems=tuple(problems),
        extent=extent,  # type: ignore[arg-type]
    )


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


def numeric_column_problems(frame: pd.DataFrame, numeric: Sequence[str]) -> list[LayerProblem]:
    """Columns that are numbers in most rows but hold some text (``12 MW``, ``n.a.``)."""
    from siteselect.layers.files import NA_TOKENS, parse_numbers

    out = []
    for column in frame.columns:
        if column == "geometry" or column in numeric or not _is_text(frame[column]):
            continue
        cells = frame[column]
        text = cells.where(cells.notna(), "").astype(str).str.strip()
        filled = ~text.str.lower().isin(NA_TOKENS)
        if int(filled.sum()) == 0:
            continue
        numbers = parse_numbers(cells).where(filled)
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
