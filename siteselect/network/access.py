"""Access legs: where points off the graph join it, and what the straight leg costs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

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
    """Nearest node of each point and the access leg's minutes and km (memoised per graph)."""
    if xy.shape[0] == 0:
        empty = np.zeros(0)
        return AccessLegs(np.zeros(0, dtype=np.int64), empty, empty, np.zeros(0, dtype=bool))
    return _memoised(graph, ("legs", _digest(xy), access), lambda: _legs(graph, xy, access))


def _legs(graph: RoadGraph, xy: FloatArray, access: AccessLeg) -> AccessLegs:
    """:func:`_snap`'s work: one nearest-node query."""
    dist_m, node = graph.tree.query(xy, workers=-1)
    straight_km = np.asarray(dist_m, dtype=float) / 1000.0
    leg_km = straight_km * access.detour_factor
    leg_min = leg_km / access.speed_kph * 60.0
    ok = straight_km <= access.max_km
    return AccessLegs(np.asarray(node, dtype=np.int64), leg_min, leg_km, ok)


_Snapped = TypeVar("_Snapped")

_MEMO_SIZE = 16
"""Snapped point sets kept per graph: every drive measure of a search snaps the same
candidates and the same layers, and a 100,000-point snap costs a tenth of a second."""


def _memoised(graph: RoadGraph, key: Any, build: Callable[[], _Snapped]) -> _Snapped:
    """``build()``, or what it gave before for ``key`` on this graph (or a copy of it for
    another traveller: same nodes). Kept read-only, since callers share it; the oldest entry
    goes beyond :data:`_MEMO_SIZE`."""

    def frozen() -> _Snapped:
        value = build()
        for arr in vars(value).values():
            arr.flags.writeable = False
        return value

    return _held(graph, key, frozen)


def _held(graph: RoadGraph, key: Any, build: Callable[[], _Snapped]) -> _Snapped:
    """``build()``, or what it gave before for ``key`` in the graph's memo (shared by its
    copies for other travellers: a key that depends on the times must name them); the oldest
    entry goes beyond :data:`_MEMO_SIZE`."""
    memo: dict[Any, Any] = graph.__dict__.setdefault("_snap_memo", {})
    if key not in memo:
        memo[key] = build()
        while len(memo) > _MEMO_SIZE:
            memo.pop(next(iter(memo)))
    hit: _Snapped = memo[key]
    return hit


def _digest(xy: FloatArray) -> tuple[bytes, tuple[int, ...]]:
    """A content key of a point array (a hash of its bytes and its shape)."""
    data = np.ascontiguousarray(xy, dtype=np.float64)
    return hashlib.blake2b(data.tobytes(), digest_size=16).digest(), data.shape


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
    return _memoised(
        graph, ("choices", _digest(xy), access), lambda: _choices(graph, xy, access, k)
    )


def _choices(graph: RoadGraph, xy: FloatArray, access: AccessLeg, k: int) -> AccessChoices:
    """:func:`_snap_choices`'s work: the nearest node, then the others within ``snap_km``."""
    first_m, first_node = graph.tree.query(xy, workers=-1)
    dist_m = np.full((xy.shape[0], k), np.inf)
    node = np.full((xy.shape[0], k), graph.n_nodes, dtype=np.int64)
    dist_m[:, 0] = first_m
    node[:, 0] = first_node
    if k > 1:
        # The other choices lie within snap_km: a bounded query (a point far from the roads
        # has none, and an unbounded k-nearest query there costs the most).
        bound = access.snap_km * 1000.0 * (1 + 1e-9) + 1e-6
        near = np.flatnonzero(dist_m[:, 0] <= bound)
        if near.size:
            d, i = graph.tree.query(xy[near], k=k, distance_upper_bound=bound, workers=-1)
            dist_m[near] = np.asarray(d, dtype=float).reshape(near.size, k)
            node[near] = np.asarray(i, dtype=np.int64).reshape(near.size, k)
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
