"""Nearest facility of a kind: one multi-source Dijkstra pass answers every origin."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import ArrayLike
from scipy.sparse.csgraph import dijkstra

from siteselect.network._common import FloatArray, IntArray, _as_xy
from siteselect.network.access import AccessChoices, _snap_choices
from siteselect.network.graph import AccessLeg, RoadGraph


def compute_drive_to_nearest(
    graph: RoadGraph,
    origins: ArrayLike,
    targets: ArrayLike,
    *,
    access: AccessLeg = AccessLeg(),
) -> pd.DataFrame:
    """Drive time and distance from each origin to its nearest target (by time).

    One Dijkstra pass from a super-source joined to every target's node by that target's
    access leg gives, for every node, the best ``access(target) + path`` over all targets; the
    graph being undirected, that is also the drive from the node to the target. The origin's
    own access leg is then added. Distances are summed along the fastest path by pointer
    doubling over the shortest-path tree.

    Parameters
    ----------
    graph
        The road graph.
    origins
        ``(n, 2)`` x/y metres in EPSG:6372.
    targets
        ``(k, 2)`` x/y metres in EPSG:6372 (facilities of one kind).
    access
        Access leg at both ends.

    Returns
    -------
    pandas.DataFrame
        One row per origin: ``drive_min``, ``drive_km`` and ``target`` (row index into
        ``targets``). An origin that reaches no target (no targets, or one of the ends beyond
        ``access.max_km``) has ``drive_min = inf``, ``drive_km = NaN`` and ``target = -1``.
    """
    origin_xy = _as_xy(origins, "origins")
    target_xy = _as_xy(targets, "targets")
    n_orig = origin_xy.shape[0]
    drive_min = np.full(n_orig, np.inf)
    drive_km = np.full(n_orig, np.nan)
    target = np.full(n_orig, -1, dtype=np.int64)
    tsnap = _snap_choices(graph, target_xy, access)
    if n_orig and tsnap.point.shape[0]:
        dist, dist_km, best = _nearest_field(graph, tsnap)
        osnap = _snap_choices(graph, origin_xy, access)
        total = osnap.minutes + dist[osnap.node]
        reach = np.isfinite(total)
        if reach.any():
            # Per origin, the node choice giving the fastest trip (ties: the nearer node).
            pick = _fastest_choice(osnap.point, total, osnap.minutes, np.flatnonzero(reach))
            who = osnap.point[pick]
            nodes = osnap.node[pick]
            drive_min[who] = total[pick]
            drive_km[who] = osnap.km[pick] + dist_km[nodes]
            target[who] = best[nodes]
    if n_orig and target_xy.shape[0] and access.direct_max_km > 0:
        _take_direct(graph, origin_xy, target_xy, access, drive_min, drive_km, target)
    return pd.DataFrame({"drive_min": drive_min, "drive_km": drive_km, "target": target})


def _fastest_choice(point: IntArray, total: FloatArray, leg: FloatArray, e: IntArray) -> IntArray:
    """Per point, the entry of ``e`` with the least ``total`` (ties: the least ``leg``, then
    the first): ``np.lexsort((leg, total, point))``'s first per point, without the sort.

    ``point[e]`` must be non-decreasing (choices come grouped by point).
    """
    if e.size == 0:
        return e
    pt, tot, lg = point[e], total[e], leg[e]
    starts = np.flatnonzero(np.r_[True, pt[1:] != pt[:-1]])
    group = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, e.size]))
    best = tot == np.minimum.reduceat(tot, starts)[group]
    least_leg = np.minimum.reduceat(np.where(best, lg, np.inf), starts)[group]
    win = np.flatnonzero(best & (lg == least_leg))
    first = np.r_[True, group[win][1:] != group[win][:-1]]
    return e[win[first]]


def _nearest_field(
    graph: RoadGraph, tsnap: AccessChoices
) -> tuple[FloatArray, FloatArray, IntArray]:
    """For every node: minutes and km to the nearest target, and which target."""
    n = graph.n_nodes
    idx = np.arange(tsnap.point.shape[0])
    # Per node, the choice with the shortest access leg (others at that node never win).
    order = idx[np.lexsort((tsnap.point[idx], tsnap.minutes[idx]))]
    roots, first = np.unique(tsnap.node[order], return_index=True)
    root_choice = order[first]
    root_target = tsnap.point[root_choice]
    root_min = tsnap.minutes[root_choice]
    root_km = tsnap.km[root_choice]

    base = graph.minutes.tocoo()
    source = n
    rows = np.concatenate([base.row, np.full(roots.shape[0], source)])
    cols = np.concatenate([base.col, roots])
    data = np.concatenate([base.data, root_min])
    augmented = sp.csr_matrix((data, (rows, cols)), shape=(n + 1, n + 1))
    dist_all, pred_all = dijkstra(
        augmented, directed=True, indices=source, return_predecessors=True
    )
    dist = np.asarray(dist_all[:n], dtype=float)
    pred = np.asarray(pred_all[:n], dtype=np.int64)

    node_ids = np.arange(n, dtype=np.int64)
    reached = np.isfinite(dist)
    is_root = pred == source
    parent = np.where(reached & ~is_root & (pred >= 0), pred, node_ids)
    step_km = np.zeros(n)
    inner = parent != node_ids
    step_km[inner] = np.asarray(graph.km[parent[inner], node_ids[inner]]).ravel()
    km_to, root_of = _climb(parent, step_km)

    target_at = np.full(n, -1, dtype=np.int64)
    target_at[roots] = root_target
    km_at = np.zeros(n)
    km_at[roots] = root_km
    best = np.where(reached, target_at[root_of], -1)
    total_km = np.where(reached, km_to + km_at[root_of], np.nan)
    return dist, total_km, best


def _climb(parent: IntArray, step: FloatArray) -> tuple[FloatArray, IntArray]:
    """Sum ``step`` up a forest to its roots (``parent[r] == r``) by pointer doubling.

    O(n log depth) vector operations instead of a walk per node.
    """
    parent = parent.copy()
    total = step.copy()
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return total, parent
        total = total + total[parent] * (parent != np.arange(parent.shape[0]))
        parent = grand


def _take_direct(
    graph: RoadGraph,
    origin_xy: FloatArray,
    target_xy: FloatArray,
    access: AccessLeg,
    drive_min: FloatArray,
    drive_km: FloatArray,
    target: IntArray,
) -> None:
    """Where a target within ``access.direct_max_km`` is faster to reach on local streets,
    take that trip instead (in place)."""
    from scipy.spatial import cKDTree

    coo = cKDTree(origin_xy).sparse_distance_matrix(
        cKDTree(target_xy), access.direct_max_km * 1000.0, output_type="coo_matrix"
    )
    if coo.nnz == 0:
        return
    i = np.asarray(coo.row, dtype=np.int64)
    j = np.asarray(coo.col, dtype=np.int64)
    straight = np.asarray(coo.data, dtype=float) / 1000.0
    minutes = access.direct_minutes(straight)
    if graph.closed_areas:
        minutes[graph.crosses_closed(origin_xy[i], target_xy[j])] = np.inf
    # Per origin the fastest direct trip (ties: the lowest target row).
    order = np.lexsort((j, minutes, i))
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = i[order][1:] != i[order][:-1]
    best = order[first]
    oi = i[best]
    better = minutes[best] < drive_min[oi]
    oi, best = oi[better], best[better]
    drive_min[oi] = minutes[best]
    drive_km[oi] = straight[best] * access.detour_factor
    target[oi] = j[best]


def compute_drive_between(
    graph: RoadGraph,
    origins: ArrayLike,
    destinations: ArrayLike,
    *,
    access: AccessLeg = AccessLeg(),
) -> pd.DataFrame:
    """Drive time and distance from each origin to ITS destination (row i to row i).

    One Dijkstra pass per pair, from the origin's node choices (see :class:`AccessLeg`); the
    kilometres are summed along the fastest path; both access legs are added, and a direct
    local trip replaces the route where it is faster. For routing checks (calibration pairs,
    the circuity screen of ``siteselect data check``), not for many-to-many questions.

    Returns
    -------
    pandas.DataFrame
        ``drive_min``, ``drive_km`` and ``straight_km`` per pair; ``inf`` / NaN where one end
        cannot join the graph.
    """

    o_xy = _as_xy(origins, "origins")
    d_xy = _as_xy(destinations, "destinations")
    if o_xy.shape[0] != d_xy.shape[0]:
        msg = f"{o_xy.shape[0]} origins but {d_xy.shape[0]} destinations: give one each"
        raise ValueError(msg)
    n = o_xy.shape[0]
    straight = np.hypot(*(d_xy - o_xy).T) / 1000.0 if n else np.zeros(0)
    drive_min = np.full(n, np.inf)
    drive_km = np.full(n, np.nan)
    osnap = _snap_choices(graph, o_xy, access)
    dsnap = _snap_choices(graph, d_xy, access)
    o_start = np.searchsorted(osnap.point, np.arange(n + 1))
    d_start = np.searchsorted(dsnap.point, np.arange(n + 1))
    for i in range(n):
        oe = np.arange(o_start[i], o_start[i + 1])
        de = np.arange(d_start[i], d_start[i + 1])
        if oe.size == 0 or de.size == 0:
            continue
        # One pass from a super-source joined to the origin's node choices by their legs.
        choices = AccessChoices(
            np.zeros(oe.size, dtype=np.int64), osnap.node[oe], osnap.minutes[oe], osnap.km[oe]
        )
        dist, dist_km, _ = _nearest_field(graph, choices)
        mins = dsnap.minutes[de] + dist[dsnap.node[de]]
        k = int(np.argmin(mins))
        if np.isfinite(mins[k]):
            drive_min[i] = float(mins[k])
            drive_km[i] = float(dsnap.km[de[k]] + dist_km[dsnap.node[de[k]]])
    direct = access.direct_minutes(straight) if access.direct_max_km > 0 else np.full(n, np.inf)
    if graph.closed_areas and n:
        direct[graph.crosses_closed(o_xy, d_xy)] = np.inf
    better = direct < drive_min
    drive_min[better] = direct[better]
    drive_km[better] = straight[better] * access.detour_factor
    return pd.DataFrame({"drive_min": drive_min, "drive_km": drive_km, "straight_km": straight})
