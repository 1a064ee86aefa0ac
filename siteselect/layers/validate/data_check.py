"""``siteselect data check``: every check of the embedded data folder (:func:`check_data`),
and the checks of its tables and points; the road graph's checks are in
:mod:`~siteselect.layers.validate.roads`, the corridors' in
:mod:`~siteselect.layers.validate.corridors`, the result types in
:mod:`~siteselect.layers.validate.check`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from siteselect.constants import METRIC_CRS
from siteselect.layers.validate.check import (
    BORDER_TOLERANCE_M,
    LAND_TOLERANCE_M,
    STATE_TOLERANCE_M,
    CheckReport,
    CheckResult,
    Row,
    _check_raster,
    _counts,
    _describe,
    _id_sort_key,
    _ids,
    _points_metric,
    _read_vector_checked,
    _records,
    _value_problem,
)
from siteselect.layers.validate.corridors import (
    check_calibration_corridors,
    check_corridor_coverage,
    check_corridor_layer,
    check_park_matches,
)
from siteselect.layers.validate.roads import (
    check_circuity,
    check_port_order,
    check_road_calibration,
)
from siteselect.layers.validate.rules import lon_lat_problems
from siteselect.layers.validate.schemas import (
    CSV_ENUMS,
    CSV_FILES,
    CSV_SCHEMAS,
    POINT_TABLES,
    RASTER_FILES,
    ROAD_CALIBRATION_FILE,
    VECTOR_FILES,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry.base import BaseGeometry


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
    from siteselect.resources import resource_dir

    data_dir = Path(data_dir) if data_dir is not None else resource_dir("data")
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
    if "metros" in tables and "wage_zones" in tables:
        results.append(check_metros(tables["metros"], tables["wage_zones"]))
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

    corridor_shapes = None
    if states is not None and "corridors" in tables:
        corridor_shapes, corridor_results = check_corridor_layer(
            data_dir, tables["corridors"], states
        )
        results.extend(corridor_results)
    if states is not None:
        country = states.geometry.union_all()
        if "parks" in tables:
            results.append(check_points_in_states(tables["parks"], states, "parks"))
            if "corridors" in tables:
                results.append(
                    check_parks_in_corridors(
                        tables["parks"], tables["corridors"], states, corridor_shapes
                    )
                )
            results.append(check_park_matches(tables["parks"]))
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
            road = check_road_calibration(highways, calibration)
            results.append(road)
            if corridor_shapes is not None:
                results.append(check_calibration_corridors(calibration, road, corridor_shapes))
    if corridor_shapes is not None and (data_dir / "highways.gpkg").exists():
        results.append(check_corridor_coverage(corridor_shapes, tables, data_dir / "highways.gpkg"))
    highways = data_dir / "highways.gpkg"
    if highways.exists() and "seaports" in tables:
        results.append(check_port_order(highways, tables["seaports"]))
    if highways.exists() and all(k in tables for k in ("parks", "population", "airports")):
        results.append(
            check_circuity(highways, tables["parks"], tables["population"], tables["airports"])
        )
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


def check_metros(metros: pd.DataFrame, municipalities: pd.DataFrame) -> CheckResult:
    """Fail unless every metro member is an INEGI municipality (``wage_zones.csv`` lists them
    all, with their names) of the state the row names, a municipality belongs to one metro only,
    and each metro has one name and one kind."""
    names = dict(
        zip(municipalities["municipality_code"], municipalities["municipality"], strict=True)
    )
    rows: list[Row] = []
    first: dict[str, str] = {}
    for pos, record in enumerate(metros.to_dict("records"), start=1):
        code, metro = str(record["municipality_code"]), str(record["metro_id"])
        if code not in names:
            rows.append({"row": pos, "metro_id": metro, "code": code, "problem": "unknown code"})
        elif names[code] != record["municipality"]:
            problem = f"code {code} is {names[code]!r}, not {record['municipality']!r}"
            rows.append({"row": pos, "metro_id": metro, "code": code, "problem": problem})
        if code in first and first[code] != metro:
            problem = f"also in {first[code]}: a municipality belongs to one metro"
            rows.append({"row": pos, "metro_id": metro, "code": code, "problem": problem})
        first.setdefault(code, metro)
    for column in ("metro", "kind"):
        per = metros.groupby("metro_id")[column].nunique()
        for metro in per.index[per > 1]:
            rows.append({"metro_id": metro, "problem": f"more than one {column}"})
    n_metros = metros["metro_id"].nunique()
    summary = (
        f"{n_metros} metros, {len(metros)} municipalities, each an INEGI municipality in one metro"
        if not rows
        else f"{len(rows)} problem(s), first: {_describe(rows[0])}"
    )
    return CheckResult("metros", not rows, summary, rows)


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
    shapes: gpd.GeoDataFrame | None = None,
    *,
    tolerance_m: float = STATE_TOLERANCE_M,
) -> CheckResult:
    """Fail when a park's corridor is unknown, is not the corridor of its municipality (where
    a corridor carves it out) or of its state, or does not contain it.

    ``shapes`` are the corridor polygons (:func:`siteselect.layers.corridors.
    build_corridor_polygons`); dissolved from the states when None (a table without
    municipalities).
    """
    from siteselect.layers.corridors import (
        build_corridor_polygons,
        list_municipality_codes,
        split_members,
    )

    if shapes is None:
        shapes = build_corridor_polygons(corridors, states)
    metric = shapes.to_crs(METRIC_CRS)
    polygons = dict(zip(metric["corridor"].astype(str), metric.geometry, strict=True))
    state_corridor = {
        state: str(rec["corridor"])
        for rec in _records(corridors)
        for state in split_members(rec["states"])
    }
    carved = list_municipality_codes(corridors)
    rows: list[Row] = []
    for rec, point in zip(_records(parks), _points_metric(parks), strict=True):
        cid = str(rec.get("corridor", ""))
        code = str(rec.get("municipality_code", ""))
        expected = carved.get(code) or state_corridor.get(str(rec.get("state")))
        if cid not in polygons:
            rows.append({"id": rec.get("id"), "corridor": cid, "problem": "unknown corridor"})
        elif cid != expected:
            where = f"municipality {code}" if code in carved else f"state {rec.get('state')}"
            rows.append(
                {
                    "id": rec.get("id"),
                    "corridor": cid,
                    "problem": f"{where} is in corridor {expected}",
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
