"""Data checks: schema, CRS, ids, coordinates, containment and reference comparisons.

:func:`check_data` reads the embedded data folder and runs every check; the ``check_*`` functions
below it are pure (DataFrames and geometries in, a :class:`CheckResult` out), so tests can feed
them tiny broken tables.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.layers import GEOGRAPHIC_CRS, METRIC_CRS, MEXICO_BOUNDS, default_data_dir

if TYPE_CHECKING:
    import geopandas as gpd
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
        "state": "str",
        "corridor": "str",
        "lon": "float",
        "lat": "float",
        "accuracy_m": "float",
        "coord_source": "str",
        "source": "str",
        "land_available_ha": "float?",
        "rent_usd_m2_month": "float?",
        "power_mva": "float?",
        "rail_spur": "bool",
        "natural_gas": "bool",
        "fibre": "bool",
        "water_m3_day": "float?",
        "certifications": "str?",
        "amenities_score": "float?",
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
}

# Allowed values of categorical columns.
CSV_ENUMS: Mapping[str, Mapping[str, frozenset[str]]] = {
    "border_crossings": {"mode": frozenset({"road", "rail", "road+rail"})},
    "seaports": {"coast": frozenset({"Pacific", "Gulf", "Caribbean"})},
    "parks_columns": {"status": frozenset({"sourced", "illustrative", "derived"})},
}

# file -> (layer, required columns, expected geometry types)
VECTOR_FILES: Mapping[str, tuple[str | None, tuple[str, ...], frozenset[str]]] = {
    "states.gpkg": (
        "states",
        ("state_code", "state", "state_inegi"),
        frozenset({"MultiPolygon", "Polygon"}),
    ),
    "highways.gpkg": (None, ("length_km", "source"), frozenset({"LineString"})),
    "railways.gpkg": (None, ("length_km", "source"), frozenset({"LineString"})),
}
RASTER_FILES: Mapping[str, str] = {"solar_ghi_clearsky.tif": GEOGRAPHIC_CRS}

POINT_TABLES = ("border_crossings", "seaports", "airports", "cities", "parks")

# States layers are simplified for maps: containment allows this slack.
STATE_TOLERANCE_M = 1_000.0
BORDER_TOLERANCE_M = 3_000.0
LAND_TOLERANCE_M = 1_000.0

# Tolerances of /work/shared/data/README.md (km); keywords in the reference name override.
REFERENCE_TOLERANCE_KM: Mapping[str, float] = {
    "border_crossing": 2.0,
    "border_crossing_rail": 2.0,
    "airport": 2.0,
    "seaport": 5.0,
}
REFERENCE_TOLERANCE_OVERRIDES_KM: Mapping[str, float] = {
    "nogales": 5.0,
    "san luis": 5.0,
    "manzanillo": 12.0,
}
REFERENCE_ENV = "SITESELECT_REFERENCE_DIR"
RETC_PATH = Path("industrial_facilities") / "retc_2022_facilities.gpkg"


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that never identify a crossing or a park on their own.
_STOPWORDS = _wordset(
    "a c v s sa cv de del la las el los y the of at and to en etapa seccion ampliacion fraccion"
)
# Roman numerals: a park's stage ("Logistik II") but a different crossing ("Bridge I" vs "II").
_NUMERALS = _wordset("i ii iii iv v vi")
# Generic park names that, with no other word, still name one place: "ZONA INDUSTRIAL".
_GENERIC_HEADS = _wordset("zona ciudad corredor")
_CROSSING_GENERIC = _wordset(
    "bridge bridges international intl puente internacional poe port entry of railroad rail "
    "garita cruce ferroviario crossing pedestrian commercial bts point"
)
_PARK_GENERIC = _wordset(
    "parque industrial industriales ind pi zona ciudad park industry fraccionamiento "
    "complejo corredor desarrollo"
)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Parameters
    ----------
    name
        Stable check name, e.g. ``schema:parks`` or ``reference:seaports``.
    passed
        False when the check found a problem that must be fixed.
    summary
        One line saying what was checked and what was found.
    rows
        Offending rows (or, for reference checks, every compared row) as plain dicts.
    informative
        True for comparisons that report figures without a pass/fail tolerance.
    """

    name: str
    passed: bool
    summary: str
    rows: list[Row] = field(default_factory=list)
    informative: bool = False


@dataclass(frozen=True)
class CheckReport:
    """All check results for one data folder."""

    data_dir: Path
    reference_dir: Path | None
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
            "reference_dir": None if self.reference_dir is None else str(self.reference_dir),
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
# entry point


def default_reference_dir() -> Path | None:
    """Folder of the reference data, or None where it is absent.

    ``SITESELECT_REFERENCE_DIR`` wins; otherwise ``<repo>/../shared/data``.
    """
    env = os.environ.get(REFERENCE_ENV)
    candidate = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data"
    return candidate if candidate.is_dir() else None


def check_data(data_dir: Path | None = None, reference_dir: Path | None = None) -> CheckReport:
    """Run every data check on a data folder, and the reference comparisons where possible.

    Parameters
    ----------
    data_dir
        Folder with the embedded data; defaults to the repository's ``data/``.
    reference_dir
        Folder with ``reference_points.csv`` and ``industrial_facilities/``; defaults to
        :func:`default_reference_dir`. Reference checks are skipped when it is absent.

    Returns
    -------
    CheckReport
        One :class:`CheckResult` per check.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if reference_dir is None:
        reference_dir = default_reference_dir()
    elif not Path(reference_dir).is_dir():
        reference_dir = None
    results: list[CheckResult] = []

    expected = (*CSV_FILES.values(), *VECTOR_FILES, *RASTER_FILES)
    n_files = len(expected)
    missing = [f for f in expected if not (data_dir / f).exists()]
    results.append(
        CheckResult(
            "files",
            not missing,
            f"{len(missing)} of {n_files} data files missing"
            + (f" ({', '.join(missing)}); run `siteselect data build`" if missing else ""),
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

    for layer in ("border_crossings", "seaports", "airports", "cities", "parks"):
        if layer in tables:
            results.append(check_unique_ids(tables[layer], layer))
            results.append(check_coordinates(tables[layer], layer))
    if "corridors" in tables:
        results.append(check_unique_ids(tables["corridors"], "corridors", column="corridor"))
    if "parks" in tables and "parks_columns" in tables:
        results.append(check_parks_columns(tables["parks"], tables["parks_columns"]))

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

    results.extend(_reference_results(tables, reference_dir))
    return CheckReport(data_dir=data_dir, reference_dir=reference_dir, results=results)


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

    A point whose (lat, lon) lies in Mexico's bounding box while its (lon, lat) does not is
    reported as swapped.
    """
    import pandas as pd

    rows: list[Row] = []
    if "lon" not in frame.columns or "lat" not in frame.columns:
        return CheckResult(f"coordinates:{layer}", False, "no lon/lat columns", [])
    xs = pd.to_numeric(frame["lon"], errors="coerce")
    ys = pd.to_numeric(frame["lat"], errors="coerce")
    x0, y0, x1, y1 = MEXICO_BOUNDS
    ids = _ids(frame)
    for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
        problem = ""
        inside = x0 <= x <= x1 and y0 <= y <= y1
        if math.isnan(x) or math.isnan(y):
            problem = "missing or non-numeric lon/lat"
        elif not inside and x0 <= y <= x1 and y0 <= x <= y1:
            problem = "lon/lat look swapped"
        elif abs(x) > 180 or abs(y) > 90:
            problem = "lon/lat out of range"
        elif not inside:
            problem = "outside Mexico's bounding box"
        if problem:
            rows.append({"row": i + 1, "id": ids[i], "lon": x, "lat": y, "problem": problem})
    summary = (
        f"{len(frame)} points, all with valid lon/lat in Mexico's box"
        if not rows
        else f"{len(rows)} bad points, first: {_describe(rows[0])}"
    )
    return CheckResult(f"coordinates:{layer}", not rows, summary, rows)


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


# --------------------------------------------------------------------------------------------
# reference comparisons (pure)


def compare_crossings(crossings: pd.DataFrame, reference: pd.DataFrame) -> CheckResult:
    """Compare each crossing with its reference row (matched by city and name words).

    A crossing matches the reference rows of its kind (road or rail) that name one of its cities;
    among those, the one sharing the most distinctive name words wins; failing that, the only
    candidate, or the only one without distinctive words. A numbered facility (Bridge I,
    San Luis II) that shares no word with the candidates stays unmatched, with the distance to
    the nearest candidate reported.
    """
    refs = [r for r in _records(reference) if str(r["kind"]).startswith("border_crossing")]
    rows: list[Row] = []
    for rec in _records(crossings):
        kind = "border_crossing_rail" if rec.get("mode") == "rail" else "border_crossing"
        cities = [_norm(str(rec.get(c, ""))) for c in ("city_mx", "city_us")]
        cities = [re.sub(r"\s*\(.*?\)", "", c).strip() for c in cities if c]
        city_words = set().union(*(set(c.split()) for c in cities)) if cities else set()
        own = _distinct(
            " ".join(str(rec.get(c, "")) for c in ("name", "name_us", "name_mx")),
            _CROSSING_GENERIC | city_words,
        )
        candidates = [
            r
            for r in refs
            if r["kind"] == kind and any(c and c in _norm(str(r["name"])) for c in cities)
        ]
        match = _best_crossing_match(own, candidates, _CROSSING_GENERIC | city_words)
        row = _distance_row(rec, match, kind)
        if match is None and candidates:
            # say how far the nearest same-city row is, so an unmatched facility can be judged
            lon, lat = float(rec["lon"]), float(rec["lat"])
            dists = [_geodesic_km(lon, lat, float(c["lon"]), float(c["lat"])) for c in candidates]
            k = dists.index(min(dists))
            row.update(nearest_reference=candidates[k]["name"], nearest_km=round(dists[k], 2))
        rows.append(row)
    return _reference_result("reference:border_crossings", rows, "crossings")


def compare_seaports(seaports: pd.DataFrame, reference: pd.DataFrame) -> CheckResult:
    """Compare each seaport with the reference seaport of the same name (accents ignored)."""
    refs = {_norm(str(r["name"])): r for r in _records(reference) if r["kind"] == "seaport"}
    rows = [
        _distance_row(rec, refs.get(_norm(str(rec["name"]))), "seaport")
        for rec in _records(seaports)
    ]
    return _reference_result("reference:seaports", rows, "seaports")


def compare_airports(airports: pd.DataFrame, reference: pd.DataFrame) -> CheckResult:
    """Compare each airport with the reference airport whose name carries its IATA code."""
    refs: dict[str, Row] = {}
    for r in _records(reference):
        found = re.search(r"\(([A-Z0-9]{3})/[A-Z0-9]{4}\)", str(r["name"]))
        if r["kind"] == "airport" and found:
            refs[found.group(1)] = r
    rows = [
        _distance_row(rec, refs.get(str(rec["id"]).upper()), "airport")
        for rec in _records(airports)
    ]
    return _reference_result("reference:airports", rows, "airports")


def compare_parks_with_retc(parks: pd.DataFrame, retc: pd.DataFrame) -> CheckResult:
    """Look each park's name up among the RETC establishments' ``parqueindustrial`` names.

    Names are compared as sets of distinctive words (accents, case and generic words such as
    "parque industrial" removed; words within a 0.85 similarity ratio count as equal). A RETC name
    confirms the park of the same state and municipality that it resembles most, with a Jaccard
    similarity of at least 0.5. A RETC name made of generic words only ("ZONA INDUSTRIAL")
    confirms a park whose name is that name plus its municipality. The distance is from the park's
    point to the median of the confirming establishments. Informative: no pass/fail tolerance.

    Parameters
    ----------
    parks
        Table with ``id``, ``name``, ``state``, ``municipality``, ``lon``, ``lat``, ``accuracy_m``.
    retc
        Establishments with ``parqueindustrial``, ``estado``, ``municipio``, ``lon``, ``lat``.
    """
    import numpy as np

    park_recs = _records(parks)
    hits: dict[int, list[tuple[float, float, str]]] = {i: [] for i in range(len(park_recs))}
    elsewhere: dict[int, set[str]] = {i: set() for i in range(len(park_recs))}
    names = retc["parqueindustrial"].fillna("").astype(str)
    for rec, name in zip(_records(retc), names, strict=True):
        if not name.strip():
            continue
        state_n, mun_n = _norm(str(rec["estado"])), _norm(str(rec["municipio"]))
        same_state = [
            i for i, p in enumerate(park_recs) if state_n.startswith(_norm(str(p["state"])))
        ]
        if not same_state:
            continue
        scores = {i: _park_score(park_recs[i], name, mun_n) for i in same_state}
        local = {
            i: s for i, s in scores.items() if _norm(str(park_recs[i]["municipality"])) == mun_n
        }
        best = max(local.values(), default=0.0)
        for i, s in local.items():
            if s >= 0.5 and s == best:
                hits[i].append((float(rec["lon"]), float(rec["lat"]), name.strip()))
        specific = bool(_words(name) - _PARK_GENERIC - set(mun_n.split()))
        for i, s in scores.items():
            if specific and i not in local and s >= 0.75:
                elsewhere[i].add(f"{name.strip()} ({rec['municipio']})")
    rows: list[Row] = []
    for i, p in enumerate(park_recs):
        found = hits[i]
        row: Row = {"id": p["id"], "name": p["name"], "n_establishments": len(found)}
        if found:
            lon = float(np.median([h[0] for h in found]))
            lat = float(np.median([h[1] for h in found]))
            dist = _geodesic_km(float(p["lon"]), float(p["lat"]), lon, lat)
            acc_km = float(p.get("accuracy_m") or 0) / 1000
            row.update(
                confirmed=True,
                retc_names="; ".join(sorted({h[2] for h in found})),
                dist_km=round(dist, 2),
                accuracy_km=round(acc_km, 1),
                within_accuracy=dist <= acc_km,
            )
        else:
            row.update(confirmed=False, retc_names="", dist_km=None)
        if elsewhere[i]:
            row["named_elsewhere"] = "; ".join(sorted(elsewhere[i]))
        rows.append(row)
    confirmed = [r for r in rows if r["confirmed"]]
    if confirmed:
        dists = sorted(float(r["dist_km"]) for r in confirmed)
        worst = max(confirmed, key=lambda r: float(r["dist_km"]))
        within = sum(bool(r["within_accuracy"]) for r in confirmed)
        summary = (
            f"{len(confirmed)} of {len(rows)} parks confirmed by RETC 2022 names; distance to the "
            f"establishments' median: median {float(np.median(dists)):.1f} km, max "
            f"{worst['dist_km']:.1f} km ({worst['id']}); {within} within their stated accuracy"
        )
    else:
        summary = f"0 of {len(rows)} parks confirmed by RETC 2022 names"
    return CheckResult("reference:parks_retc", True, summary, rows, informative=True)


# --------------------------------------------------------------------------------------------
# helpers


def _reference_results(
    tables: Mapping[str, pd.DataFrame], reference_dir: Path | None
) -> list[CheckResult]:
    if reference_dir is None:
        return [
            CheckResult(
                "reference",
                True,
                f"skipped: no reference data (set {REFERENCE_ENV} or pass --reference-dir)",
                informative=True,
            )
        ]
    import pandas as pd

    results: list[CheckResult] = []
    points_path = reference_dir / "reference_points.csv"
    if points_path.exists():
        reference = pd.read_csv(points_path, dtype=str, keep_default_na=False)
        reference["lon"] = pd.to_numeric(reference["lon"])
        reference["lat"] = pd.to_numeric(reference["lat"])
        if "border_crossings" in tables:
            results.append(compare_crossings(tables["border_crossings"], reference))
        if "seaports" in tables:
            results.append(compare_seaports(tables["seaports"], reference))
        if "airports" in tables:
            results.append(compare_airports(tables["airports"], reference))
    retc_path = reference_dir / RETC_PATH
    if retc_path.exists() and "parks" in tables:
        import pyogrio

        retc = pyogrio.read_dataframe(
            retc_path,
            columns=["parqueindustrial", "estado", "municipio", "lon", "lat"],
            read_geometry=False,
        )
        results.append(compare_parks_with_retc(tables["parks"], retc))
    if not results:
        results.append(
            CheckResult(
                "reference",
                True,
                f"skipped: nothing to compare in {reference_dir}",
                informative=True,
            )
        )
    return results


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
    epsg = frame.crs.to_epsg() if frame.crs is not None else None
    if epsg != 6372:
        problems.append({"problem": f"CRS is {epsg or 'missing'}, expected EPSG:6372"})
    kinds = set(frame.geom_type.dropna())
    if not kinds <= geom_types:
        problems.append(
            {"problem": f"geometry types {sorted(kinds)}, expected {sorted(geom_types)}"}
        )
    if bool((frame.geometry.isna() | frame.geometry.is_empty).any()) or not bool(
        frame.geometry.is_valid.all()
    ):
        problems.append({"problem": "empty, missing or invalid geometries"})
    summary = f"{len(frame)} features, EPSG:{epsg}" + (
        f": {len(problems)} problem(s), first: {problems[0]['problem']}" if problems else ": ok"
    )
    return (frame if not problems or epsg is not None else None), CheckResult(
        name, not problems, summary, problems
    )


def _check_raster(path: Path, crs: str) -> CheckResult:
    import rasterio

    name = f"schema:{path.stem}"
    try:
        with rasterio.open(path) as ds:
            problems: list[Row] = []
            if ds.crs is None or ds.crs.to_string() != crs:
                problems.append({"problem": f"CRS is {ds.crs}, expected {crs}"})
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


def _geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    from pyproj import Geod

    _, _, metres = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000


def _norm(text: str) -> str:
    """Lower case without accents, punctuation collapsed to single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", plain)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _words(text: str, *, numerals: bool = False) -> set[str]:
    """Words of a name without stop words and digits; Roman numerals kept only if asked."""
    drop = _STOPWORDS if numerals else _STOPWORDS | _NUMERALS
    return {w for w in _norm(text).split() if w not in drop and not w.isdigit()}


def _distinct(text: str, generic: Iterable[str]) -> set[str]:
    return _words(text, numerals=True) - set(generic)


def _without(words: set[str], drop: set[str]) -> set[str]:
    """``words`` minus those similar to a word of ``drop`` (fuzzy, for misspelt place names)."""
    return {w for w in words if not any(_similar(w, d) for d in drop)}


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = sum(any(_similar(x, y) for y in b) for x in a)
    return inter / (len(a) + len(b) - inter)


def _park_score(park: Mapping[str, Any], retc_name: str, retc_mun: str) -> float:
    """Similarity of a park's name and a RETC ``parqueindustrial`` name, in [0, 1].

    Words of the municipality are ignored on both sides; a RETC name that is only a place
    ("Celaya") confirms nothing; a generic name ("ZONA INDUSTRIAL", "PARQUE INDUSTRIAL
    QUERETARO") confirms only a park of the same generic name.
    """
    place = set(_norm(retc_mun).split()) | set(_norm(str(park["municipality"])).split())
    retc_all = _words(retc_name)
    retc_words = _without(retc_all, place)
    if not retc_words:
        return 0.0  # the field holds only a place name
    park_words = _without(_words(str(park["name"])), place)
    retc_distinct = retc_words - _PARK_GENERIC
    if not retc_distinct:
        names_place = retc_words != retc_all or bool(retc_words & _GENERIC_HEADS)
        return 1.0 if names_place and retc_words == park_words else 0.0
    return _jaccard(park_words - _PARK_GENERIC, retc_distinct)


def _best_crossing_match(
    own: set[str], candidates: Sequence[Row], generic: Iterable[str]
) -> Row | None:
    scored = [(len(own & _distinct(str(c["name"]), generic)), c) for c in candidates]
    best = max((s for s, _ in scored), default=0)
    if best > 0:
        winners = [c for s, c in scored if s == best]
        return winners[0] if len(winners) == 1 else None
    if own & _NUMERALS:
        return None  # a numbered facility ("San Luis II") is not the port-level row
    if len(candidates) == 1:
        return candidates[0]
    bare = [c for c in candidates if not _distinct(str(c["name"]), generic)]
    return bare[0] if len(bare) == 1 else None


def _tolerance_km(kind: str, ref_name: str) -> float:
    low = _norm(ref_name)
    for key, km in REFERENCE_TOLERANCE_OVERRIDES_KM.items():
        if key in low:
            return km
    return REFERENCE_TOLERANCE_KM[kind]


def _distance_row(rec: Mapping[str, Any], ref: Mapping[str, Any] | None, kind: str) -> Row:
    row: Row = {"id": rec.get("id"), "name": rec.get("name")}
    if ref is None:
        row.update(reference=None, dist_km=None, tolerance_km=None, passed=None)
        return row
    dist = _geodesic_km(float(rec["lon"]), float(rec["lat"]), float(ref["lon"]), float(ref["lat"]))
    tol = _tolerance_km(kind, str(ref["name"]))
    row.update(reference=ref["name"], dist_km=round(dist, 2), tolerance_km=tol, passed=dist <= tol)
    return row


def _reference_result(name: str, rows: list[Row], what: str) -> CheckResult:
    matched = [r for r in rows if r["reference"] is not None]
    failed = [r for r in matched if not r["passed"]]
    unmatched = [str(r["id"]) for r in rows if r["reference"] is None]
    if matched:
        worst = max(matched, key=lambda r: float(r["dist_km"]))
        summary = (
            f"{len(matched)} of {len(rows)} {what} matched a reference row; worst "
            f"{worst['dist_km']:.2f} km ({worst['id']}, tolerance {worst['tolerance_km']:g} km); "
            f"{len(failed)} beyond tolerance"
        )
    else:
        summary = f"0 of {len(rows)} {what} matched a reference row"
    if unmatched:
        summary += f"; unmatched: {', '.join(unmatched[:6])}" + (
            "..." if len(unmatched) > 6 else ""
        )
    return CheckResult(name, not failed, summary, rows)


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
