"""Isochrones: the areas reachable from one origin within given drive times."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.sparse.csgraph import dijkstra

from siteselect.errors import ConfigError, DataError
from siteselect.network._common import _TIME_TOLERANCE_MIN, IntArray, _as_xy
from siteselect.network.access import _snap
from siteselect.network.graph import AccessLeg, RoadGraph

if TYPE_CHECKING:
    import geopandas as gpd


def build_isochrones(
    graph: RoadGraph,
    origin_xy: ArrayLike,
    minutes: Sequence[float],
    *,
    access: AccessLeg = AccessLeg(),
    quad_segs: int = 16,
) -> gpd.GeoDataFrame:
    """Areas reachable from one origin within each drive time.

    The area for ``m`` minutes is the set of points ``p`` whose trip from the origin,
    ``access(origin) + path(node(origin), node(p)) + access(p)``, takes at most ``m``, where
    ``node(p)`` is ``p``'s nearest node: exactly what :func:`compute_drive_to_nearest` computes
    for ``p``. It is built as the union, over reached nodes, of the node's Voronoi cell cut by a
    disc whose radius is the remaining time driven on the access leg. Discs are polygons with
    ``quad_segs`` segments per quarter, inscribed in the true circle, so every point inside a
    polygon is within the time.

    Parameters
    ----------
    graph
        The road graph.
    origin_xy
        ``(2,)`` or ``(1, 2)`` x/y metres in EPSG:6372.
    minutes
        Drive times (each finite and >= 0).
    access
        Access leg at both ends.
    quad_segs
        Segments per quarter circle of the discs.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per time, ascending, with column ``minutes`` and (Multi)Polygon geometry in
        EPSG:6372; an empty polygon where nothing is reachable.
    """
    import geopandas as gpd
    import shapely

    xy = _as_xy(origin_xy, "origin_xy")
    if xy.shape[0] != 1:
        msg = f"origin_xy: expected one point, got {xy.shape[0]}; call once per origin"
        raise DataError(msg)
    levels = sorted(float(m) for m in minutes)
    if not levels:
        msg = "minutes: give at least one drive time (e.g. 30,45,60)"
        raise ConfigError(msg)
    for m in levels:
        if not (math.isfinite(m) and m >= 0):
            msg = f"minutes: {m!r} is not a finite drive time >= 0"
            raise ConfigError(msg)
    snap = _snap(graph, xy, access)
    geoms: list[Any] = [shapely.Polygon() for _ in levels]
    top = levels[-1]
    if snap.ok[0] and snap.minutes[0] <= top:
        limit = top - float(snap.minutes[0])
        dist = dijkstra(graph.minutes, directed=True, indices=int(snap.node[0]), limit=limit)
        t = float(snap.minutes[0]) + np.asarray(dist, dtype=float)
        reached = np.flatnonzero(t <= top + _TIME_TOLERANCE_MIN)
        metres_per_min = access.speed_kph / access.detour_factor / 60.0 * 1000.0
        r_cap = access.max_km * 1000.0
        max_r = min((top - float(t[reached].min())) * metres_per_min, r_cap)
        cells = _voronoi_cells(graph, reached, max_r, shapely)
        px = graph.x[reached]
        py = graph.y[reached]
        for i, m in enumerate(levels):
            sel = t[reached] <= m + _TIME_TOLERANCE_MIN
            if not sel.any():
                continue
            radius = np.minimum((m - t[reached][sel]) * metres_per_min, r_cap)
            discs = shapely.buffer(shapely.points(px[sel], py[sel]), radius, quad_segs=quad_segs)
            pieces = shapely.intersection(cells[sel], discs)
            # Snap to a 1 cm grid: keeps the union valid through reprojection and export.
            geoms[i] = shapely.set_precision(shapely.union_all(pieces), 0.01)
    return gpd.GeoDataFrame({"minutes": levels}, geometry=geoms, crs=graph.crs)


def _voronoi_cells(graph: RoadGraph, reached: IntArray, max_r: float, shapely: Any) -> Any:
    """Voronoi cells of the reached nodes among all nodes that can compete with them.

    A point within ``max_r`` of node ``n`` lies in ``n``'s cell unless a node lies within
    ``2 max_r`` of ``n``, so only nodes in the reached nodes' box grown by ``2 max_r`` matter.
    """
    rx = graph.x[reached]
    ry = graph.y[reached]
    pad = 2.0 * max_r + 1.0
    x0, x1 = rx.min() - pad, rx.max() + pad
    y0, y1 = ry.min() - pad, ry.max() + pad
    near = np.flatnonzero((graph.x >= x0) & (graph.x <= x1) & (graph.y >= y0) & (graph.y <= y1))
    position = np.full(graph.n_nodes, -1, dtype=np.int64)
    position[near] = np.arange(near.shape[0])
    box = shapely.box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    if near.shape[0] == 1:
        return np.array([box], dtype=object)
    points = shapely.multipoints(np.column_stack([graph.x[near], graph.y[near]]))
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=box, ordered=True))
    return cells[position[reached]]
