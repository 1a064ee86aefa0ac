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
