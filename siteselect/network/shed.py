"""Sheds: the weight (people, facilities) within a drive time of each origin."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from siteselect.errors import ConfigError, DataError
from siteselect.network._common import (
    _TIME_TOLERANCE_MIN,
    FloatArray,
    IntArray,
    _as_xy,
    _check_minutes,
    _expand,
)
from siteselect.network.access import _digest, _held, _snap
from siteselect.network.graph import AccessLeg, RoadGraph
from siteselect.network.reach import (
    NodeReach,
    _bounded_pairs,
    _reach_table,
    _segmented_cumsum,
    _spatial_order,
    compute_node_reach,
    compute_shed_by_node,
)


def compute_population_within(
    graph: RoadGraph,
    origins: ArrayLike,
    population_xy: ArrayLike,
    population: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> FloatArray:
    """Population living within ``minutes`` of each origin (the labour shed).

    A place counts when ``access(origin) + path + access(place) <= minutes``.

    Parameters
    ----------
    graph
        The road graph.
    origins
        ``(n, 2)`` x/y metres in EPSG:6372.
    population_xy
        ``(p, 2)`` x/y metres of populated places.
    population
        ``(p,)`` people per place (finite, >= 0).
    minutes
        Drive-time threshold (inclusive).
    access
        Access leg at both ends.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` people within reach (0 for an unreachable origin).
    """
    total, _ = _shed(graph, origins, population_xy, population, minutes, access, "population")
    return total


def compute_commute_burden(
    graph: RoadGraph,
    origins: ArrayLike,
    population_xy: ArrayLike,
    population: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> FloatArray:
    """Population-weighted mean drive time (minutes) of each origin's shed within ``minutes``.

    Parameters
    ----------
    graph, origins, population_xy, population, minutes, access
        As for :func:`compute_population_within`.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` minutes; NaN where nobody lives within reach.
    """
    total, weighted = _shed(
        graph, origins, population_xy, population, minutes, access, "population"
    )
    out = np.full(total.shape[0], np.nan)
    has = total > 0
    out[has] = weighted[has] / total[has]
    return out


def compute_shed(
    graph: RoadGraph,
    origins: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> tuple[FloatArray, FloatArray]:
    """Sum of weights within ``minutes`` of each origin, and the weighted sum of drive times.

    The one pass behind :func:`compute_population_within` and :func:`compute_commute_burden`
    (``weighted / total`` is the commute burden).
    """
    return _shed(graph, origins, points_xy, weights, minutes, access, "population")


def compute_count_within(
    graph: RoadGraph,
    origins: ArrayLike,
    targets_xy: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> IntArray:
    """Number of targets (e.g. border crossings) within ``minutes`` of each origin.

    Parameters
    ----------
    graph
        The road graph.
    origins
        ``(n, 2)`` x/y metres in EPSG:6372.
    targets_xy
        ``(k, 2)`` x/y metres in EPSG:6372.
    minutes
        Drive-time threshold (inclusive).
    access
        Access leg at both ends.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` integer counts.
    """
    xy = _as_xy(targets_xy, "targets_xy")
    ones = np.ones(xy.shape[0])
    total, _ = _shed(graph, origins, xy, ones, minutes, access, "targets")
    return np.rint(total).astype(np.int64)


def _shed(
    graph: RoadGraph,
    origins: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    access: AccessLeg,
    label: str,
) -> tuple[FloatArray, FloatArray]:
    """Sum of weights within ``minutes`` of each origin, and the weighted sum of drive times.

    See :func:`_shed_from_pairs` for how; :func:`compute_shed_by_node` gives the same values
    through a per-node table worth keeping when many calls share nodes (a grid's chunks).
    """
    origin_xy = _as_xy(origins, "origins")
    xy = _as_xy(points_xy, f"{label} coordinates")
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape[0] != xy.shape[0]:
        msg = f"{label}: {w.shape[0]} values for {xy.shape[0]} points; give one value per point"
        raise DataError(msg)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = f"{label}: value at row {row + 1} is {w[row]!r}; values must be finite and >= 0"
        raise DataError(msg)
    _check_minutes(minutes)
    osnap = _snap(graph, origin_xy, access)
    if origin_xy.shape[0] > _SHARED_NODE_ORIGINS * np.unique(osnap.node).size:
        # Many origins on each node (a dense grid, 100,000 points on 6,000 nodes): one
        # table per node, gathered per origin, costs less than a pass per origin's pairs.
        return compute_shed_by_node(graph, origin_xy, xy, w, minutes, access=access)
    return _shed_from_pairs(graph, origin_xy, xy, w, minutes, access)


_SHARED_NODE_ORIGINS = 4
"""Origins per distinct road node above which :func:`_shed` reads a per-node table
(:func:`compute_shed_by_node`) instead of the direct pass. Measured on the national car graph
with the people of ``population`` (60 min): 10,000 points in the two corridors' boxes (about
3 a node) 0.42 s direct against 0.84 s by table; 100,000 (17 a node) 5.9 s against 2.3 s."""

_BLOCK_ORIGINS = 2_048
"""Origins of one block of the direct pass: its (origin, place node) pairs, a few hundred an
origin within an hour, are held at once."""


def _shed_from_pairs(
    graph: RoadGraph,
    origin_xy: FloatArray,
    xy: FloatArray,
    w: FloatArray,
    minutes: float,
    access: AccessLeg,
) -> tuple[FloatArray, FloatArray]:
    """:func:`_shed`'s direct pass: bounded passes between the origins' nodes and the places'
    nodes, then, per (origin, place node) pair, the places of that node within the time left.

    The places of a node are sorted by their access legs with running sums of weight and of
    weight x leg, so a pair reads its share by a binary search in the node's few places: the
    work after Dijkstra grows with the (origin, place node) pairs reached, not with the
    (origin, place) pairs, and nothing is sorted per pair. The test of a place is the same sum
    ``(path + place leg) + origin leg <= minutes`` as a place-by-place count makes. Origins
    go in spatial blocks of about :data:`_BLOCK_ORIGINS`, so memory stays bounded.
    """
    n_orig = origin_xy.shape[0]
    total = np.zeros(n_orig)
    weighted = np.zeros(n_orig)
    if n_orig == 0:
        return total, weighted
    key = ("places", _digest(xy), _digest(w.reshape(-1, 1)), float(minutes), access)
    places = _held(graph, key, lambda: _place_table(graph, xy, w, minutes, access))
    if places.nodes.size == 0:
        return total, weighted
    osnap = _snap(graph, origin_xy, access)
    min_place = float(places.minutes.min())
    live = np.flatnonzero(osnap.ok & (osnap.minutes + min_place <= minutes + _TIME_TOLERANCE_MIN))
    if live.size == 0:
        return total, weighted
    q_nodes, which = np.unique(osnap.node[live], return_inverse=True)
    which = which.reshape(-1)
    # Blocks of nodes in spatial order, cut where their origins pass _BLOCK_ORIGINS.
    q_order = _spatial_order(graph.x[q_nodes], graph.y[q_nodes])
    o_count = np.bincount(which, minlength=q_nodes.size)
    block_of = np.empty(q_nodes.size, dtype=np.int64)
    block_of[q_order] = np.cumsum(o_count[q_order]) // _BLOCK_ORIGINS
    o_block = block_of[which]
    for b in np.unique(o_block):
        rows = live[o_block == b]
        total[rows], weighted[rows] = _pair_sums(
            graph, places, osnap.node[rows], osnap.minutes[rows], minutes
        )
    return total, weighted


def _place_table(
    graph: RoadGraph, xy: FloatArray, w: FloatArray, minutes: float, access: AccessLeg
) -> NodeReach:
    """The places of each node sorted by their legs, with running sums: the shape of a
    per-node reach table whose entries are the legs alone (the path from a node to itself).
    Places off the graph, of no weight or beyond ``minutes`` by their leg alone are left out.
    """
    psnap = _snap(graph, xy, access)
    keep = psnap.ok & (w > 0) & (psnap.minutes <= minutes + _TIME_TOLERANCE_MIN)
    nodes, row = np.unique(psnap.node[keep], return_inverse=True)
    table = _reach_table(nodes, row.reshape(-1), psnap.minutes[keep], w[keep], minutes)
    for value in vars(table).values():  # held and shared: read-only
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return table


def _pair_sums(
    graph: RoadGraph,
    places: NodeReach,
    o_node: IntArray,
    o_min: FloatArray,
    minutes: float,
) -> tuple[FloatArray, FloatArray]:
    """Weight within reach of each origin (joining ``o_node`` by ``o_min``) and the weighted
    sum of drive times: one block of :func:`_shed_from_pairs`."""
    q_nodes, which = np.unique(o_node, return_inverse=True)
    which = which.reshape(-1)
    q_leg = np.full(q_nodes.size, np.inf)
    np.minimum.at(q_leg, which, o_min)
    min_place = float(places.minutes.min())
    first = places.indptr[:-1]
    if places.nodes.size < q_nodes.size:  # fewer passes from the places' side (undirected)
        p_leg = places.minutes[first]  # a node's shortest leg leaves the most time
        limits = minutes - p_leg - float(q_leg.min())
        s, t, d = _bounded_pairs(graph, places.nodes, limits, q_nodes)
        pair_q, pair_p = t, s
    else:
        s, t, d = _bounded_pairs(graph, q_nodes, minutes - q_leg - min_place, places.nodes)
        pair_q, pair_p = s, t
    # (q node, place node) pairs, then (origin, place node) pairs.
    o_order = np.argsort(which, kind="stable")
    o_count = np.bincount(which, minlength=q_nodes.size)
    o_start = np.cumsum(o_count) - o_count
    # Each pair is read for the first origin of its node; a node of several origins zeroes
    # those and reads its pairs again, expanded to every origin. An origin's sums then add
    # its own pairs in their order, and zeros: the same bits either way.
    limit = minutes + _TIME_TOLERANCE_MIN
    origin = o_order[o_start[pair_q]]
    share, time_sum = _origin_sums(places, pair_p, d, o_min[origin], limit)
    many = np.flatnonzero(o_count[pair_q] > 1)
    share[many] = 0.0
    time_sum[many] = 0.0
    total = np.bincount(origin, weights=share, minlength=o_node.size)
    weighted = np.bincount(origin, weights=time_sum, minlength=o_node.size)
    if many.size:
        more, more_origin = _expand(pair_q[many], o_start, o_count, o_order)
        rows = many[more]
        m_share, m_time = _origin_sums(places, pair_p[rows], d[rows], o_min[more_origin], limit)
        total += np.bincount(more_origin, weights=m_share, minlength=o_node.size)
        weighted += np.bincount(more_origin, weights=m_time, minlength=o_node.size)
    return total.astype(np.float64, copy=False), weighted.astype(np.float64, copy=False)


def _origin_sums(
    places: NodeReach, pair_p: IntArray, d: FloatArray, leg: FloatArray, limit: float
) -> tuple[FloatArray, FloatArray]:
    """Weight and weighted minutes each (origin, place node) pair reaches: the node's whole
    sums where its longest leg fits (most pairs lie inside the ball), else a search among the
    node's places (:func:`_partial_sums`)."""
    last_of = places.indptr[1:] - 1
    part = np.flatnonzero((d + places.minutes[last_of][pair_p]) + leg > limit)
    share = places.cum_weight[last_of][pair_p]
    time_sum = (d + leg) * share + places.cum_weighted[last_of][pair_p]
    if part.size:
        share[part], time_sum[part] = _partial_sums(places, pair_p[part], d[part], leg[part], limit)
    return share, time_sum


def _partial_sums(
    places: NodeReach, node: IntArray, d: FloatArray, leg: FloatArray, limit: float
) -> tuple[FloatArray, FloatArray]:
    """Weight and weighted minutes of the places of ``node`` within reach of a pair whose
    node's longest leg does not fit: a binary search for the first place beyond ``limit``."""
    base = places.indptr[node]
    inside_n = np.diff(places.indptr)[node] - 1  # the last place is known to be beyond
    # Most of these pairs reach none of the node's places (its shortest leg does not fit
    # either): only the others search.
    none = (d + places.minutes[base]) + leg > limit
    inside_n[none] = 0
    todo = np.flatnonzero(~none)
    lo = np.zeros(todo.size, dtype=np.int64)
    hi = inside_n[todo]
    while todo.size:
        mid = (lo + hi) // 2
        inside = (d[todo] + places.minutes[base[todo] + mid]) + leg[todo] <= limit
        lo = np.where(inside, mid + 1, lo)
        hi = np.where(inside, hi, mid)
        done = lo >= hi
        inside_n[todo[done]] = hi[done]
        todo, lo, hi = todo[~done], lo[~done], hi[~done]
    some = inside_n > 0
    last = base + inside_n - 1
    share = np.where(some, places.cum_weight[last], 0.0)
    time_sum = np.where(some, (d + leg) * share + places.cum_weighted[last], 0.0)
    return share, time_sum


_DECAY_NODES = 1_000
"""Road nodes whose reach tables are held at once by :func:`compute_decayed_shed` (a table
holds every target within the drive time: thousands of establishments a node in a city)."""


def compute_decayed_shed(
    graph: RoadGraph,
    origins: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    half_life: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> tuple[FloatArray, FloatArray]:
    """Weights within ``minutes`` of each origin, each discounted ``0.5 ** (t / half_life)``
    by its drive time ``t``; and the plain sum.

    Per road node: an origin joining node ``n`` by a leg of ``a`` minutes reaches a target at
    ``t_n + a``, so its discounted sum is ``0.5 ** (a / half_life)`` times node ``n``'s sum over
    the targets with ``t_n <= minutes - a``, a prefix of the node's reach table
    (:func:`~siteselect.network.reach.compute_node_reach`). Nodes are taken a thousand at a
    time, so memory follows the targets within reach of those nodes, not of all origins.

    Parameters
    ----------
    graph, origins, points_xy, weights, minutes, access
        As for :func:`compute_shed`.
    half_life
        Minutes at which a target counts half (> 0).

    Returns
    -------
    tuple of numpy.ndarray
        Discounted and plain sums of weights per origin.
    """
    if not (math.isfinite(half_life) and half_life > 0):
        msg = f"half_life={half_life!r} must be a finite number of minutes > 0"
        raise ConfigError(msg)
    _check_minutes(minutes)
    origin_xy = _as_xy(origins, "origins")
    n = origin_xy.shape[0]
    decayed = np.zeros(n)
    plain = np.zeros(n)
    osnap = _snap(graph, origin_xy, access)
    live = np.flatnonzero(osnap.ok & (osnap.minutes <= minutes + _TIME_TOLERANCE_MIN))
    if live.size == 0 or np.size(points_xy) == 0:
        return decayed, plain
    nodes, which = np.unique(osnap.node[live], return_inverse=True)
    which = which.reshape(-1)
    # Origins grouped by node chunk: the chunk of origin i is which[i] // _DECAY_NODES.
    by_chunk = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[by_chunk], np.arange(0, nodes.size + _DECAY_NODES, _DECAY_NODES))
    for c in range(bounds.size - 1):
        rows = by_chunk[bounds[c] : bounds[c + 1]]
        if rows.size == 0:
            continue
        part = nodes[c * _DECAY_NODES : (c + 1) * _DECAY_NODES]
        table = compute_node_reach(graph, part, points_xy, weights, minutes, access=access)
        if table.n_entries == 0:
            continue
        who = live[rows]
        leg = osnap.minutes[who]
        end, has = table.prefix_end(osnap.node[who], leg, minutes)
        # The discounted running sums of the table's own entries, read at the same ends.
        segment = np.repeat(np.arange(part.size), np.diff(table.indptr))
        discounted = _segmented_cumsum(
            table.weight * np.power(0.5, table.minutes / half_life), segment
        )
        plain[who] = np.where(has, table.cum_weight[end], 0.0)
        decayed[who] = np.where(has, discounted[end], 0.0) * np.power(0.5, leg / half_life)
    return decayed, plain
