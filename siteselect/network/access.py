"""Access legs: where points off the graph join it, and what the straight leg costs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from siteselect.network._common import FloatArray, IntArray, _as_xy
from siteselect.network.graph import AccessLeg, RoadGraph


@dataclass(frozen=True)
class AccessLegs:
    """Where points join the graph: the nearest node and the access leg of each point.

    Attributes
    ----------
    node
        Nearest graph node of each point.
    minutes, km
        The access leg (straight line x detour factor, at the access speed).
    ok
        False where the straight line is longer than :attr:`AccessLeg.max_km`.
    """

    node: IntArray
    minutes: FloatArray
    km: FloatArray
    ok: NDArray[np.bool_]


def _snap(graph: RoadGraph, xy: FloatArray, access: AccessLeg) -> AccessLegs:
    """Nearest node of each point and the access leg's minutes and km."""
    if xy.shape[0] == 0:
        empty = np.zeros(0)
        return AccessLegs(np.zeros(0, dtype=np.int64), empty, empty, np.zeros(0, dtype=bool))
    dist_m, node = graph.tree.query(xy)
    straight_km = np.asarray(dist_m, dtype=float) / 1000.0
    leg_km = straight_km * access.detour_factor
    leg_min = leg_km / access.speed_kph * 60.0
    ok = straight_km <= access.max_km
    return AccessLegs(np.asarray(node, dtype=np.int64), leg_min, leg_km, ok)


@dataclass(frozen=True)
class AccessChoices:
    """Every node a point may join the graph at, one row per (point, node).

    Attributes
    ----------
    point
        Row of the point.
    node, minutes, km
        The node and the access leg to it.
    """

    point: IntArray
    node: IntArray
    minutes: FloatArray
    km: FloatArray


def _snap_choices(graph: RoadGraph, xy: FloatArray, access: AccessLeg) -> AccessChoices:
    """The nearest node of each point and up to ``access.snap_nodes - 1`` more within
    ``access.snap_km`` (points beyond ``access.max_km`` of every node get none)."""
    k = min(access.snap_nodes, graph.n_nodes)
    if xy.shape[0] == 0:
        empty = np.zeros(0)
        return AccessChoices(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), empty, empty)
    dist_m, node = graph.tree.query(xy, k=k)
    dist_m = np.asarray(dist_m, dtype=float).reshape(xy.shape[0], k)
    node = np.asarray(node, dtype=np.int64).reshape(xy.shape[0], k)
    straight_km = dist_m / 1000.0
    keep = np.isfinite(straight_km) & (straight_km <= access.max_km)
    keep[:, 1:] &= straight_km[:, 1:] <= access.snap_km
    if graph.closed_areas and k > 1:
        # A farther node is no choice when the way to it crosses a closed area.
        extra = np.argwhere(keep[:, 1:])
        if extra.size:
            rows, cols = extra[:, 0], extra[:, 1] + 1
            nodes_xy = np.column_stack([graph.x[node[rows, cols]], graph.y[node[rows, cols]]])
            blocked = graph.crosses_closed(xy[rows], nodes_xy)
            keep[rows[blocked], cols[blocked]] = False
    point = np.repeat(np.arange(xy.shape[0], dtype=np.int64), k).reshape(xy.shape[0], k)
    leg_km = straight_km[keep] * access.detour_factor
    return AccessChoices(
        point=point[keep],
        node=node[keep],
        minutes=leg_km / access.speed_kph * 60.0,
        km=leg_km,
    )


def compute_access_legs(
    graph: RoadGraph, points: ArrayLike, *, access: AccessLeg = AccessLeg()
) -> AccessLegs:
    """The node each point joins and its access leg (what every drive measure adds).

    Parameters
    ----------
    graph
        The road graph.
    points
        ``(n, 2)`` x/y metres in EPSG:6372.
    access
        The access leg.

    Returns
    -------
    AccessLegs
    """
    return _snap(graph, _as_xy(points, "points"), access)
