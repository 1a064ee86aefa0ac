"""Checks of the corridors: their layer and table, the parks' corridors and RETC matches, the
calibration pairs and the national layers' coverage per corridor."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from siteselect.constants import METRIC_CRS

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
from siteselect.layers.validate.check import (
    BORDER_TOLERANCE_M,
    CheckResult,
    Row,
    _describe,
    _points_metric,
    _read_vector_checked,
    _records,
)

# --------------------------------------------------------------------------------------------
# corridors, the parks' RETC matches, the calibration pairs per corridor

CORRIDOR_TILING_TOLERANCE_KM2 = 1.0
"""Gaps or overlaps between corridor polygons up to this area are rounding, not errors."""


def check_corridor_layer(
    data_dir: Path, corridors: pd.DataFrame, states: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame | None, list[CheckResult]]:
    """Read the municipalities the corridors carve out and check that the corridors tile
    Mexico.

    Returns
    -------
    tuple
        The corridor polygons (None when they cannot be built) and the check results: the
        municipality layer's schema (when the table names municipalities) and
        :func:`check_corridors`.
    """
    from siteselect.errors import DataError
    from siteselect.layers.corridors import (
        CORRIDOR_MUNICIPALITIES_FILE,
        CORRIDOR_MUNICIPALITIES_LAYER,
        build_corridor_polygons,
        list_municipality_codes,
    )

    results: list[CheckResult] = []
    municipalities = None
    if list_municipality_codes(corridors):
        path = data_dir / CORRIDOR_MUNICIPALITIES_FILE
        if not path.exists():
            results.append(
                CheckResult(
                    "schema:corridor_municipalities",
                    False,
                    f"{CORRIDOR_MUNICIPALITIES_FILE} is missing: corridors.csv names "
                    "municipalities; run `make data`",
                )
            )
            return None, results
        municipalities, result = _read_vector_checked(
            path,
            CORRIDOR_MUNICIPALITIES_LAYER,
            ("municipality_code", "municipality", "state"),
            frozenset({"MultiPolygon", "Polygon"}),
        )
        results.append(result)
        if municipalities is None:
            return None, results
    try:
        shapes = build_corridor_polygons(corridors, states, municipalities)
    except DataError as exc:
        results.append(CheckResult("corridors", False, str(exc)))
        return None, results
    results.append(check_corridors(corridors, states, shapes, municipalities))
    return shapes, results


def check_corridors(
    corridors: pd.DataFrame,
    states: gpd.GeoDataFrame,
    shapes: gpd.GeoDataFrame,
    municipalities: gpd.GeoDataFrame | None = None,
    *,
    tolerance_km2: float = CORRIDOR_TILING_TOLERANCE_KM2,
) -> CheckResult:
    """Fail unless every state is in exactly one corridor, every carved-out municipality in
    one, lies in a state another corridor lists, and the corridor polygons tile the country.

    Parameters
    ----------
    corridors
        ``corridors.csv`` as text.
    states
        The states layer.
    shapes
        The corridor polygons built from both.
    municipalities
        The carved-out municipalities (``municipality_code``, ``municipality``, ``state``).

    Returns
    -------
    CheckResult
        One row per corridor: ``corridor``, ``states`` (count), ``municipalities`` (names),
        ``area_km2``; problems as rows with a ``problem``.
    """
    import shapely

    from siteselect.layers.corridors import list_municipality_codes, split_members

    problems: list[Row] = []
    owner: dict[str, list[str]] = {}
    for rec in _records(corridors):
        for state in split_members(rec["states"]):
            owner.setdefault(state, []).append(str(rec["corridor"]))
    for state in sorted(set(states["state"].astype(str))):
        held = owner.get(state, [])
        if len(held) != 1:
            problem = "in no corridor" if not held else f"in {len(held)} corridors"
            problems.append({"state": state, "corridor": ", ".join(held), "problem": problem})
    carved = list_municipality_codes(corridors)
    listed = [c for rec in _records(corridors) for c in split_members(rec.get("municipalities"))]
    for code in sorted({c for c in listed if listed.count(c) > 1}):
        problems.append({"value": code, "problem": "municipality in several corridors"})
    names: dict[str, str] = {}
    if municipalities is not None and len(municipalities):
        names = dict(
            zip(
                municipalities["municipality_code"].astype(str),
                municipalities["municipality"].astype(str),
                strict=True,
            )
        )
        state_of = dict(
            zip(
                municipalities["municipality_code"].astype(str),
                municipalities["state"].astype(str),
                strict=True,
            )
        )
        for code, cid in sorted(carved.items()):
            holder = owner.get(state_of.get(code, ""), [])
            if holder == [cid]:
                problems.append(
                    {"value": code, "corridor": cid, "problem": "its state is already in it"}
                )
    metric = shapes.to_crs(METRIC_CRS)
    geoms = list(metric.geometry)
    state_geoms = list(states.to_crs(METRIC_CRS).geometry)
    country = shapely.union_all(state_geoms)
    union = shapely.union_all(geoms)
    # what the corridors add to the states' own overlaps (none in the embedded coverage)
    own_overlap = sum(g.area for g in state_geoms) - country.area
    overlap_km2 = max(0.0, sum(g.area for g in geoms) - union.area - own_overlap) / 1e6
    gap_km2 = shapely.difference(country, union).area / 1e6
    if overlap_km2 > tolerance_km2 or gap_km2 > tolerance_km2:
        problems.append(
            {
                "problem": f"corridors do not tile Mexico: {overlap_km2:,.1f} km2 overlap, "
                f"{gap_km2:,.1f} km2 in no corridor"
            }
        )
    rows: list[Row] = []
    for rec, geom in zip(_records(corridors), geoms, strict=True):
        codes = split_members(rec.get("municipalities"))
        rows.append(
            {
                "corridor": rec["corridor"],
                "states": len(split_members(rec["states"])),
                "municipalities": ", ".join(names.get(c, c) for c in codes),
                "area_km2": round(geom.area / 1e6),
            }
        )
    described = "; ".join(
        f"{r['corridor']} {r['states']} states"
        + (f" + {r['municipalities']}" if r["municipalities"] else "")
        for r in rows
    )
    summary = (
        f"{len(rows)} corridors tile Mexico's {len(owner)} states ({described})"
        if not problems
        else f"{len(problems)} problem(s), first: {_describe(problems[0])}"
    )
    return CheckResult("corridors", not problems, summary, problems or rows)


def check_park_matches(parks: pd.DataFrame) -> CheckResult:
    """Report, per corridor, how the parks were placed: RETC 2022 establishments naming them,
    and the stated accuracy (informative; :func:`check_park_accuracy` fails on bad values)."""
    import pandas as pd

    blank = pd.Series("", index=parks.index)
    n_est = pd.to_numeric(parks.get("n_establishments", blank), errors="coerce").fillna(0)
    acc = pd.to_numeric(parks.get("accuracy_m", blank), errors="coerce")
    corridor = parks.get("corridor", blank).astype(str)
    rows: list[Row] = []
    for cid in sorted(set(corridor)):
        mask = (corridor == cid).to_numpy()
        located = n_est[mask] > 0
        rows.append(
            {
                "corridor": cid,
                "parks": int(mask.sum()),
                "retc_named": int(located.sum()),
                "establishments": int(n_est[mask].sum()),
                "single": int((n_est[mask] == 1).sum()),
                "accuracy_km_median": round(float(acc[mask].median()) / 1000, 1),
                "accuracy_km_max": round(float(acc[mask].max()) / 1000, 1),
            }
        )
    summary = "; ".join(
        f"{r['corridor']} {r['retc_named']}/{r['parks']} parks named by "
        f"{r['establishments']} RETC establishments, accuracy median "
        f"{r['accuracy_km_median']:.1f} km, max {r['accuracy_km_max']:.1f} km"
        for r in rows
    )
    return CheckResult(
        "retc:parks", True, summary or "no parks", rows, informative=True, show_rows=True
    )


def check_calibration_corridors(
    calibration: pd.DataFrame, road: CheckResult, shapes: gpd.GeoDataFrame
) -> CheckResult:
    """The road calibration pairs grouped by the corridors their ends lie in.

    A pair counts for the corridor of each of its ends (a Querétaro–Mexico City pair for the
    Bajío and for the corridor of the capital's centre). Informative: it says which corridors
    have no pair to check their roads against.

    Parameters
    ----------
    calibration
        ``road_calibration.csv`` as text (``id``, ``origin_lon``... ``destination_lat``).
    road
        The result of :func:`check_road_calibration` (its rows give each pair's
        ``km_ratio`` and ``status``).
    shapes
        The corridor polygons.

    Returns
    -------
    CheckResult
        One row per corridor: ``corridor``, ``pairs``, ``ok``, ``km_ratio`` (median of its
        pairs), ``ids``.
    """
    import numpy as np
    import pandas as pd

    metric = shapes.to_crs(METRIC_CRS)
    names = metric["corridor"].astype(str).tolist()
    geoms = list(metric.geometry)

    def corridor_of(lon: str, lat: str) -> list[str]:
        frame = pd.DataFrame({"lon": calibration[lon], "lat": calibration[lat]})
        out = []
        for point in _points_metric(frame):
            if point is None:
                out.append("")
                continue
            dist = [float(g.distance(point)) for g in geoms]
            best = int(np.argmin(dist))
            # border crossings and ports sit on the edge of the land
            out.append(names[best] if dist[best] <= BORDER_TOLERANCE_M else "")
        return out

    ends = list(
        zip(
            corridor_of("origin_lon", "origin_lat"),
            corridor_of("destination_lon", "destination_lat"),
            strict=True,
        )
    )
    by_id = {str(r["id"]): r for r in road.rows}
    rows: list[Row] = []
    for cid in names:
        ids = [
            str(pid)
            for pid, pair in zip(calibration["id"].astype(str), ends, strict=True)
            if cid in pair
        ]
        ratios = [float(by_id[i]["km_ratio"]) for i in ids if i in by_id]
        rows.append(
            {
                "corridor": cid,
                "pairs": len(ids),
                "ok": sum(1 for i in ids if by_id.get(i, {}).get("status") == "ok"),
                "km_ratio": round(float(np.median(ratios)), 3) if ratios else None,
                "ids": ", ".join(ids),
            }
        )
    empty = [r["corridor"] for r in rows if not r["pairs"]]
    summary = "; ".join(
        f"{r['corridor']} {r['pairs']}"
        + (f" (median km ratio {r['km_ratio']:.3f}, {r['ok']} ok)" if r["pairs"] else "")
        for r in rows
    )
    summary = f"calibration pairs by corridor: {summary}" + (
        f"; no pair yet in {', '.join(empty)}" if empty else ""
    )
    return CheckResult(
        "road_calibration:corridors", True, summary, rows, informative=True, show_rows=True
    )


def check_corridor_coverage(
    shapes: gpd.GeoDataFrame, tables: Mapping[str, pd.DataFrame], highways: Path
) -> CheckResult:
    """How well the national layers cover each corridor (informative).

    Per corridor: its area, the road graph's km (edges by their midpoint) and km per
    1,000 km2, the people of ``population.csv``, the manufacturing establishments (SCIAN
    31-33) of ``establishments.csv``, its parks, and the median and largest straight distance
    from a park to the nearest road-graph node (the access leg a drive time starts with).
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely
    from scipy.spatial import cKDTree

    metric = shapes.to_crs(METRIC_CRS)
    names = metric["corridor"].astype(str).tolist()
    edges = gpd.read_file(highways).to_crs(METRIC_CRS)
    ends = shapely.get_coordinates(np.asarray(edges.geometry.values))
    tree = cKDTree(np.unique(ends, axis=0))
    mids = gpd.GeoDataFrame(
        {"km": pd.to_numeric(edges["length_km"], errors="coerce").fillna(0.0).to_numpy()},
        geometry=shapely.line_interpolate_point(
            np.asarray(edges.geometry.values), 0.5, normalized=True
        ),
        crs=METRIC_CRS,
    )

    def located(frame: pd.DataFrame) -> gpd.GeoDataFrame:
        points = [p for p in _points_metric(frame)]
        keep = [p is not None for p in points]
        return gpd.GeoDataFrame(
            frame.loc[keep].reset_index(drop=True),
            geometry=[p for p in points if p is not None],
            crs=METRIC_CRS,
        )

    def by_corridor(points: gpd.GeoDataFrame) -> pd.Series:
        joined = points.sjoin(metric[["corridor", "geometry"]], how="left", predicate="within")
        first = joined.groupby(level=0)["corridor"].first()
        out: pd.Series = first.reindex(points.index).fillna("").astype(str)
        return out

    road = mids.assign(corridor=by_corridor(mids)).groupby("corridor")["km"].sum()
    people = pd.Series(dtype=float)
    if "population" in tables:
        pop = tables["population"]
        pts = located(pop)
        values = pd.to_numeric(pts["population"], errors="coerce").fillna(0)
        people = values.groupby(by_corridor(pts)).sum()
    makers = pd.Series(dtype=float)
    if "establishments" in tables:
        est = tables["establishments"]
        est = est.loc[est["scian_sector"].astype(str).isin(["31", "32", "33"])]
        makers = by_corridor(located(est)).value_counts()
    parks_in: dict[str, list[float]] = {}
    if "parks" in tables:
        pts = located(tables["parks"])
        dist, _ = tree.query(np.column_stack([pts.geometry.x, pts.geometry.y]))
        for cid, d in zip(pts["corridor"].astype(str), dist, strict=True):
            parks_in.setdefault(cid, []).append(float(d) / 1000)
    rows: list[Row] = []
    for cid, geom in zip(names, metric.geometry, strict=True):
        area = geom.area / 1e6
        access = parks_in.get(cid, [])
        rows.append(
            {
                "corridor": cid,
                "area_km2": round(area),
                "road_km": round(float(road.get(cid, 0.0))),
                "road_km_per_1000km2": round(1000 * float(road.get(cid, 0.0)) / area, 1),
                "people": int(people.get(cid, 0)),
                "manufacturers": int(makers.get(cid, 0)),
                "parks": len(access),
                "access_km_median": round(float(np.median(access)), 2) if access else None,
                "access_km_max": round(max(access), 2) if access else None,
            }
        )
    summary = "; ".join(
        f"{r['corridor']} {r['road_km']:,} road km ({r['road_km_per_1000km2']:g}/1000 km2), "
        f"{r['people'] / 1e6:.1f} M people, {r['manufacturers']} RETC manufacturers"
        + (
            f", parks {r['access_km_median']:.1f}-{r['access_km_max']:.1f} km from the graph"
            if r["parks"]
            else ""
        )
        for r in rows
    )
    return CheckResult("coverage:corridors", True, summary, rows, informative=True, show_rows=True)
