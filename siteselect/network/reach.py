"""Reach: every (origin, target) pair within a drive time, and per-node reach tables."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import dijkstra

from siteselect.errors import ConfigError, DataError
from siteselect.network._common import (
    _CHUNK_CELLS,
    _TIME_TOLERANCE_MIN,
    FloatArray,
    IntArray,
    _as_places,
    _as_xy,
    _check_minutes,
    _expand,
    _first_true,
    _order_by,
)
from siteselect.network.access import AccessLegs, _snap
from siteselect.network.chains import ChainGraph, build_chain_graph
from siteselect.network.graph import AccessLeg, RoadGraph
from siteselect.network.nearest import _climb

# --------------------------------------------------------------------------------------------
# Reach pairs: every (origin, target) within a drive time, sparse
# --------------------------------------------------------------------------------------------


def compute_reach_pairs(
    graph: RoadGraph,
    origins: ArrayLike,
    targets: ArrayLike,
    max_minutes: float = math.inf,
    *,
    access: AccessLeg = AccessLeg(),
    with_km: bool = True,
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """Every (origin, target) pair within ``max_minutes`` by road, as sparse arrays.

    One bounded multi-source pass: Dijkstra runs from the distinct graph nodes of whichever
    side has fewer of them (the graph is undirected, so either direction gives the same
    times), with ``limit`` set to the time left after the shortest access legs, chunked as in
    the sheds so that no dense block exceeds :data:`_CHUNK_CELLS` cells. The (source node,
    reached node) pairs are then expanded to the points at those nodes, so the work after
    Dijkstra grows with what is reached, never with a dense origins x targets matrix. The
    kilometres are summed along each fastest path (pointer doubling over the shortest-path
    trees), access legs included, as :func:`compute_drive_to_nearest` does.

    Parameters
    ----------
    graph
        The road graph.
    origins
        ``(n, 2)`` x/y metres in EPSG:6372 (e.g. demand points).
    targets
        ``(m, 2)`` x/y metres in EPSG:6372 (e.g. candidate parks).
    max_minutes
        Drive-time cutoff (inclusive); ``inf`` keeps every reachable pair.
    access
        Access leg at both ends.
    with_km
        Sum the kilometres along each path (the costliest step); ``False`` returns NaN km,
        for measures that need only the times (gravity counts, pools, backups).

    Returns
    -------
    tuple of numpy.ndarray
        ``origin_idx``, ``target_idx`` (rows of ``origins`` and ``targets``), ``minutes`` and
        ``km`` of each pair, sorted by origin then target.
    """
    origin_xy = _as_xy(origins, "origins")
    target_xy = _as_xy(targets, "targets")
    if not (max_minutes >= 0):
        msg = f"max_minutes={max_minutes!r} must be a number >= 0 (or inf)"
        raise ConfigError(msg)
    osnap = _snap(graph, origin_xy, access)
    tsnap = _snap(graph, target_xy, access)
    n_origin_nodes = np.unique(osnap.node[osnap.ok]).shape[0]
    n_target_nodes = np.unique(tsnap.node[tsnap.ok]).shape[0]
    if n_origin_nodes <= n_target_nodes:
        src, dst, minutes, km = _reach_pairs(graph, osnap, tsnap, float(max_minutes), with_km)
    else:
        dst, src, minutes, km = _reach_pairs(graph, tsnap, osnap, float(max_minutes), with_km)
    order = _order_by(src, dst)
    return src[order], dst[order], minutes[order], km[order]


def _reach_pairs(
    graph: RoadGraph,
    ssnap: AccessLegs,
    psnap: AccessLegs,
    max_minutes: float,
    with_km: bool = True,
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """(source point, place point, minutes, km) for every pair within ``max_minutes``.

    Dijkstra runs from the sources' distinct nodes; places are found at the nodes reached.
    """
    empty_i = np.zeros(0, dtype=np.int64)
    empty_f = np.zeros(0)
    tol = _TIME_TOLERANCE_MIN
    keep = psnap.ok & (psnap.minutes <= max_minutes + tol)
    live = np.flatnonzero(ssnap.ok)
    if not keep.any() or live.shape[0] == 0:
        return empty_i, empty_i, empty_f, empty_f
    p_idx = np.flatnonzero(keep)
    p_node = psnap.node[p_idx]
    p_order = np.argsort(p_node, kind="stable")
    p_count = np.bincount(p_node, minlength=graph.n_nodes)
    p_start = np.cumsum(p_count) - p_count
    place_nodes = np.flatnonzero(p_count)
    min_place = float(psnap.minutes[p_idx].min())
    live = live[ssnap.minutes[live] + min_place <= max_minutes + tol]
    nodes_all, which_all = np.unique(ssnap.node[live], return_inverse=True)
    which_all = which_all.reshape(-1)
    # Sources grouped by their node: s_order[s_start[u] : s_start[u] + s_count[u]].
    s_order = np.argsort(which_all, kind="stable")
    s_count = np.bincount(which_all, minlength=nodes_all.shape[0])
    s_start = np.cumsum(s_count) - s_count
    best_leg = np.full(nodes_all.shape[0], np.inf)
    np.minimum.at(best_leg, which_all, ssnap.minutes[live])
    chunk = int(max(1, min(1024, _CHUNK_CELLS // max(graph.n_nodes, 1))))
    parts: list[tuple[IntArray, IntArray, FloatArray, FloatArray]] = []
    n = graph.n_nodes
    for start in range(0, nodes_all.shape[0], chunk):
        rows = np.arange(start, min(start + chunk, nodes_all.shape[0]))
        limit = max_minutes - float(best_leg[rows].min()) - min_place + 1e-6
        if not limit >= 0:
            continue
        if with_km:
            dist, pred = dijkstra(
                graph.minutes,
                directed=True,
                indices=nodes_all[rows],
                limit=limit,
                return_predecessors=True,
            )
        else:
            dist = dijkstra(graph.minutes, directed=True, indices=nodes_all[rows], limit=limit)
        dist = np.asarray(dist, dtype=float).reshape(rows.shape[0], n)
        r, j = np.nonzero(np.isfinite(dist[:, place_nodes]))
        if r.shape[0] == 0:
            continue
        nd = place_nodes[j]
        path_km = (
            _tree_km(graph, np.asarray(pred, dtype=np.int64).reshape(rows.shape[0], n))
            if with_km
            else None
        )
        # (source node row, place) pairs, then (source point, place) pairs.
        src_pair, place_pos = _expand(nd, p_start, p_count, p_order)
        place = p_idx[place_pos]
        pair_row = r[src_pair]
        pair_node = nd[src_pair]
        node_min = dist[pair_row, pair_node] + psnap.minutes[place]
        node_km = (
            path_km[pair_row, pair_node] + psnap.km[place]
            if path_km is not None
            else np.full(pair_row.shape[0], np.nan)
        )
        src2, source_pos = _expand(rows[pair_row], s_start, s_count, s_order)
        source = live[source_pos]
        times = node_min[src2] + ssnap.minutes[source]
        inside = times <= max_minutes + tol
        parts.append(
            (
                source[inside],
                place[src2][inside],
                times[inside],
                (node_km[src2] + ssnap.km[source])[inside],
            )
        )
    if not parts:
        return empty_i, empty_i, empty_f, empty_f
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
    )


def _tree_km(graph: RoadGraph, pred: IntArray) -> FloatArray:
    """Kilometres from each Dijkstra source to every node along its shortest-path tree.

    ``pred`` is ``(s, n)`` (scipy's predecessors, -9999 for a source and unreached nodes);
    the ``s`` trees are climbed together as one forest of ``s x n`` nodes.
    """
    s, n = pred.shape
    flat_ids = np.arange(s * n, dtype=np.int64)
    node_of = flat_ids % n
    has = pred.reshape(-1) >= 0
    parent = flat_ids.copy()
    parent[has] = (flat_ids[has] // n) * n + pred.reshape(-1)[has]
    step = np.zeros(s * n)
    if has.any():
        step[has] = np.asarray(graph.km[pred.reshape(-1)[has], node_of[has]]).ravel()
    total, _ = _climb(parent, step)
    return total.reshape(s, n)


# --------------------------------------------------------------------------------------------
# Per-node reach: what lies within a drive time of each road node, for any time left
# --------------------------------------------------------------------------------------------

_REACH_SOURCES = 128  # sources of one bounded pass (spatially close, so their balls overlap)
_REACH_BLOCK = 2_000_000  # cells of one dense block of distances (16 MB)


@dataclass(frozen=True, eq=False)
class NodeReach:
    """Per road node, the places within a drive time, sorted by time, with running sums.

    Entry ``e`` of node ``nodes[k]`` (``indptr[k] <= e < indptr[k + 1]``) is one place and
    ``minutes[e] = path(node, place's node) + place's access leg``; entries ascend in minutes
    within a node, and every place with ``minutes[e] <= limit`` is present. An origin that
    joins node ``n`` by an access leg of ``a`` minutes reaches, within ``T`` minutes, exactly
    the entries of ``n`` with ``minutes[e] + a <= T``: a prefix of the node's entries, found by
    binary search (:meth:`gather`), whose sums are read from ``cum_weight`` and
    ``cum_weighted``. So one table answers every origin at that node, whatever its access leg.

    Attributes
    ----------
    nodes
        Graph node ids, strictly increasing.
    indptr
        ``len(nodes) + 1`` offsets into the entry arrays.
    minutes
        Drive minutes of each entry (see above).
    weight
        The place's weight (people, MW, 1 for counts).
    cum_weight, cum_weighted
        Running sums within each node of ``weight`` and ``weight * minutes`` (inclusive).
    limit
        Minutes the table covers (entries beyond it were not kept).
    """

    nodes: IntArray
    indptr: IntArray
    minutes: FloatArray
    weight: FloatArray
    cum_weight: FloatArray
    cum_weighted: FloatArray
    limit: float

    @property
    def n_entries(self) -> int:
        """Number of (node, place) entries."""
        return int(self.minutes.shape[0])

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays, bytes."""
        arrays = (self.nodes, self.indptr, self.minutes, self.weight)
        return int(sum(a.nbytes for a in arrays) + self.cum_weight.nbytes * 2)

    def locate(self, node_ids: ArrayLike) -> IntArray:
        """Row of each node in :attr:`nodes`; -1 for nodes the table does not hold."""
        ids = np.asarray(node_ids, dtype=np.int64).reshape(-1)
        pos = np.searchsorted(self.nodes, ids)
        found = pos < self.nodes.shape[0]
        found[found] = self.nodes[pos[found]] == ids[found]
        return np.where(found, pos, -1).astype(np.int64)

    def prefix_end(
        self, node_ids: ArrayLike, access_minutes: ArrayLike, minutes: float
    ) -> tuple[IntArray, NDArray[np.bool_]]:
        """Where each origin's places end: the last entry within ``minutes`` of an origin
        joining ``node_ids`` by its leg (``entry minutes + leg <= minutes``, the per-origin
        test of :func:`compute_shed` with its tolerance), and whether there is one.

        The running sums at that entry (:attr:`cum_weight`, or any sums of the same entries)
        are the origin's; :meth:`gather` reads the two the table keeps.
        """
        if minutes > self.limit + _TIME_TOLERANCE_MIN:
            msg = f"a reach table of {self.limit:g} min cannot answer {minutes:g} min"
            raise ValueError(msg)
        rows = self.locate(node_ids)
        if (rows < 0).any():
            msg = "some origins join nodes that the reach table does not hold"
            raise ValueError(msg)
        leg = np.asarray(access_minutes, dtype=np.float64).reshape(-1)
        start = self.indptr[rows]
        bound = minutes + _TIME_TOLERANCE_MIN
        # The first entry too far; entries ascend in minutes within a node.
        stop = _first_true(
            start, self.indptr[rows + 1], lambda e, r: self.minutes[e] + leg[r] > bound
        )
        return np.maximum(stop - 1, 0), stop > start

    def gather(
        self, node_ids: ArrayLike, access_minutes: ArrayLike, minutes: float
    ) -> tuple[FloatArray, FloatArray]:
        """Sum of weights within ``minutes`` of origins joining ``node_ids`` by their legs.

        A place counts when ``entry minutes + access_minutes <= minutes`` (the same test, with
        the same tolerance, as the per-origin path of :func:`compute_shed`).

        Parameters
        ----------
        node_ids
            The node each origin joins (every one must be in the table).
        access_minutes
            Each origin's access leg, minutes.
        minutes
            The drive time, at most :attr:`limit`.

        Returns
        -------
        tuple of numpy.ndarray
            Total weight and weighted sum of drive times (access legs included) per origin.
        """
        end, has = self.prefix_end(node_ids, access_minutes, minutes)
        leg = np.asarray(access_minutes, dtype=np.float64).reshape(-1)
        if self.n_entries == 0:
            zero = np.zeros(end.shape[0])
            return zero, zero.copy()
        total = np.where(has, self.cum_weight[end], 0.0)
        path = np.where(has, self.cum_weighted[end], 0.0)
        return total, path + leg * total


def compute_node_reach(
    graph: RoadGraph,
    nodes: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
    sources: str = "auto",
) -> NodeReach:
    """The places within ``minutes`` of each given road node, sorted, with running sums.

    Each place joins its nearest node by its access leg; its entry at node ``n`` is the
    shortest path from ``n`` to that node plus the leg. The pairs come from bounded Dijkstra
    passes started at the side with fewer distinct nodes (the given nodes or the places'
    nodes; the graph is undirected, so either direction gives the same minutes). Sources are
    taken in spatial order, a chunk at a time, and each chunk runs on the subgraph of the
    nodes within ``minutes`` of it (found by one multi-source pass), so a pass costs what it
    reaches rather than the whole graph. Memory grows with the (node, place) pairs within
    ``minutes``, never with nodes x places.

    Parameters
    ----------
    graph
        The road graph.
    nodes
        Graph node ids to build the table for (repeats are ignored).
    points_xy
        ``(p, 2)`` x/y metres of the places.
    weights
        ``(p,)`` finite weights >= 0 (people, MW, 1 to count).
    minutes
        Drive-time limit of the table.
    access
        Access leg of the places.
    sources
        ``"auto"``, ``"nodes"`` or ``"places"``: where the Dijkstra passes start.

    Returns
    -------
    NodeReach
    """
    if sources not in ("auto", "nodes", "places"):
        msg = f"sources={sources!r}: use 'auto', 'nodes' or 'places'"
        raise ConfigError(msg)
    _check_minutes(minutes)
    query = np.unique(np.asarray(nodes, dtype=np.int64).reshape(-1))
    if query.size and (query[0] < 0 or query[-1] >= graph.n_nodes):
        msg = f"node ids must lie in 0..{graph.n_nodes - 1}"
        raise DataError(msg)
    xy, w = _as_places(points_xy, weights)
    psnap = _snap(graph, xy, access)
    keep = psnap.ok & (w > 0) & (psnap.minutes <= minutes + _TIME_TOLERANCE_MIN)
    p_node = psnap.node[keep]
    p_min = psnap.minutes[keep]
    p_w = w[keep]
    place_nodes = np.unique(p_node)
    if query.size == 0 or place_nodes.size == 0:
        return _reach_table(query, np.zeros(0, np.int64), np.zeros(0), np.zeros(0), minutes)
    # Places grouped by node: p_order[p_start[n] : p_start[n] + p_count[n]] are node n's.
    p_order = np.argsort(p_node, kind="stable")
    p_count = np.bincount(p_node, minlength=graph.n_nodes)
    p_start = np.cumsum(p_count) - p_count
    from_places = sources == "places" or (sources == "auto" and place_nodes.size < query.size)
    if from_places:
        # Per source node, the tightest limit: its nearest place's leg leaves the most time.
        best_leg = np.full(graph.n_nodes, np.inf)
        np.minimum.at(best_leg, p_node, p_min)
        src_limit = minutes - best_leg[place_nodes]
        s, t, d = _bounded_pairs(graph, place_nodes, src_limit, query)
        src, place = _expand(place_nodes[s], p_start, p_count, p_order)
        q = t[src]
        times = d[src] + p_min[place]
    else:
        src_limit = np.full(query.size, minutes - float(p_min.min()))
        s, t, d = _bounded_pairs(graph, query, src_limit, place_nodes)
        src, place = _expand(place_nodes[t], p_start, p_count, p_order)
        q = s[src]
        times = d[src] + p_min[place]
    inside = times <= minutes + _TIME_TOLERANCE_MIN
    return _reach_table(query, q[inside], times[inside], p_w[place[inside]], minutes)


def compute_shed_by_node(
    graph: RoadGraph,
    origins: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> tuple[FloatArray, FloatArray]:
    """:func:`compute_shed` through a per-node table: one table per node, then a gather.

    The table (:func:`compute_node_reach`) holds the distinct nodes the origins join; each
    origin then reads its node's entries within ``minutes`` less its own access leg
    (:meth:`NodeReach.gather`). To reuse a table across calls (the chunks of a grid), build
    it with :func:`extend_node_reach` and gather from it.

    Parameters
    ----------
    graph, origins, points_xy, weights, minutes, access
        As for :func:`compute_shed`.

    Returns
    -------
    tuple of numpy.ndarray
        Total weight within reach of each origin and the weighted sum of drive times.
    """
    total, weighted, _ = compute_shed_with_reach(
        graph, origins, points_xy, weights, minutes, access=access
    )
    return total, weighted


def compute_shed_with_reach(
    graph: RoadGraph,
    origins: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> tuple[FloatArray, FloatArray, NodeReach | None]:
    """:func:`compute_shed_by_node` and the table it gathered from (``None`` when no origin
    lies within ``minutes`` of a node), kept by a caller whose later measures read the same
    places per node: a labour pool (:func:`~siteselect.network.compute_pool_commute`).
    """
    origin_xy = _as_xy(origins, "origins")
    osnap = _snap(graph, origin_xy, access)
    total = np.zeros(origin_xy.shape[0])
    weighted = np.zeros(origin_xy.shape[0])
    live = np.flatnonzero(osnap.ok & (osnap.minutes <= minutes + _TIME_TOLERANCE_MIN))
    if live.size == 0:
        return total, weighted, None
    table = compute_node_reach(graph, osnap.node[live], points_xy, weights, minutes, access=access)
    total[live], weighted[live] = table.gather(osnap.node[live], osnap.minutes[live], minutes)
    return total, weighted, table


def extend_node_reach(
    reach: NodeReach | None,
    graph: RoadGraph,
    nodes: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> NodeReach:
    """A table holding ``nodes``: ``reach`` itself when it has them all, else ``reach``
    merged with a table of the missing nodes (for the same places, weights and minutes)."""
    wanted = np.unique(np.asarray(nodes, dtype=np.int64).reshape(-1))
    if reach is not None:
        if reach.limit < minutes - _TIME_TOLERANCE_MIN:
            msg = f"a reach table of {reach.limit:g} min cannot answer {minutes:g} min"
            raise ValueError(msg)
        missing = wanted[reach.locate(wanted) < 0]
        if missing.size == 0:
            return reach
        wanted = missing
    fresh = compute_node_reach(graph, wanted, points_xy, weights, minutes, access=access)
    return fresh if reach is None else merge_node_reach(reach, fresh)


def merge_node_reach(a: NodeReach, b: NodeReach) -> NodeReach:
    """One table holding the nodes of two tables with no node in common (same limit)."""
    if a.limit != b.limit:
        msg = "cannot merge reach tables of different limits"
        raise ValueError(msg)
    nodes = np.concatenate([a.nodes, b.nodes])
    if np.unique(nodes).size != nodes.size:
        msg = "reach tables to merge share nodes"
        raise ValueError(msg)
    counts = np.concatenate([np.diff(a.indptr), np.diff(b.indptr)])
    starts = np.concatenate([a.indptr[:-1], b.indptr[:-1] + a.n_entries])
    order = np.argsort(nodes, kind="stable")
    take = _segments(starts[order], counts[order])
    indptr = np.zeros(nodes.size + 1, dtype=np.int64)
    np.cumsum(counts[order], out=indptr[1:])

    def cat(name: str) -> FloatArray:
        return np.concatenate([getattr(a, name), getattr(b, name)])[take]

    return NodeReach(
        nodes=nodes[order],
        indptr=indptr,
        minutes=cat("minutes"),
        weight=cat("weight"),
        cum_weight=cat("cum_weight"),
        cum_weighted=cat("cum_weighted"),
        limit=a.limit,
    )


def _segments(starts: IntArray, counts: IntArray) -> IntArray:
    """Indices ``starts[i] .. starts[i] + counts[i] - 1`` for every i, concatenated."""
    total = int(counts.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return (np.repeat(starts, counts) + offsets).astype(np.int64)


def _reach_table(
    query: IntArray, q: IntArray, times: FloatArray, w: FloatArray, limit: float
) -> NodeReach:
    """Sort (query row, minutes, weight) entries into a :class:`NodeReach`."""
    order = _order_by(q, times)
    q, times, w = q[order], times[order], w[order]
    indptr = np.zeros(query.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(q, minlength=query.size), out=indptr[1:])
    return NodeReach(
        nodes=query,
        indptr=indptr,
        minutes=times,
        weight=w,
        cum_weight=_segmented_cumsum(w, q),
        cum_weighted=_segmented_cumsum(w * times, q),
        limit=float(limit),
    )


def _segmented_cumsum(values: FloatArray, segment: IntArray) -> FloatArray:
    """Running sums that restart at each segment (``segment`` non-decreasing).

    A Hillis-Steele scan: log2(longest segment) vector passes, each sum built only from the
    segment's own values, so a small segment is not rounded against a large running total.
    """
    out = np.asarray(values, dtype=np.float64).copy()
    if out.size and _is_exact_integers(out):
        # Whole numbers (people, counts) sum exactly in doubles below 2**53: one running sum
        # less the sum before each segment is then exact, and a tenth of the scan's work.
        run = np.cumsum(out)
        head = np.flatnonzero(np.r_[True, segment[1:] != segment[:-1]])
        before = np.r_[0.0, run][head]
        exact: FloatArray = run - np.repeat(before, np.diff(np.r_[head, out.size]))
        return exact
    step = 1
    while step < out.shape[0]:
        same = segment[step:] == segment[:-step]
        if not same.any():
            break
        out[step:] = out[step:] + np.where(same, out[:-step], 0.0)
        step *= 2
    return out


def _is_exact_integers(values: FloatArray) -> bool:
    """Whether every value is a whole number >= 0 and their sum stays exact in a double."""
    total = float(values.sum())
    return bool(
        np.isfinite(total)
        and total < 2.0**53
        and (values >= 0).all()
        and (np.floor(values) == values).all()
    )


def _spatial_order(x: FloatArray, y: FloatArray) -> IntArray:
    """Indices in Z-order (Morton) of a 1 km grid: neighbours in space sit close together."""
    if x.size == 0:
        return np.zeros(0, dtype=np.int64)

    def spread(v: NDArray[np.uint64]) -> NDArray[np.uint64]:
        v = v & np.uint64(0xFFFFFFFF)
        for shift, mask in (
            (16, 0x0000FFFF0000FFFF),
            (8, 0x00FF00FF00FF00FF),
            (4, 0x0F0F0F0F0F0F0F0F),
            (2, 0x3333333333333333),
            (1, 0x5555555555555555),
        ):
            v = (v | (v << np.uint64(shift))) & np.uint64(mask)
        return v

    gx = ((x - x.min()) // 1000.0).astype(np.uint64)
    gy = ((y - y.min()) // 1000.0).astype(np.uint64)
    code = spread(gx) | (spread(gy) << np.uint64(1))
    return np.argsort(code, kind="stable").astype(np.int64)


def _bounded_pairs(
    graph: RoadGraph, sources: IntArray, limits: FloatArray, targets: IntArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Every (source, target) pair with ``path minutes <= limit of the source``.

    Returns positions into ``sources`` and ``targets`` and the minutes. The passes run on the
    graph with its runs of two-road nodes folded (:mod:`siteselect.network.chains`) when the
    folded graph for these targets is at hand or the sources are many enough to pay for it:
    the same distances, up to the order of a run's additions (a few 1e-14 minutes).
    """
    folded = _chain_graph(graph, targets, sources.size)
    if folded is None:
        sx, sy = graph.x[sources], graph.y[sources]
        return _pairs_on(graph.minutes, sx, sy, sources, limits, targets)
    matrix, ids = folded.with_sources(sources)
    return _pairs_on(matrix, graph.x[sources], graph.y[sources], ids, limits, folded.index[targets])


_LIMIT_BAND = 4.0
"""Minutes of limit the sources of one bounded pass may differ by (see :func:`_pairs_on`)."""

_FOLD_SOURCES = 500
"""Sources of one :func:`_bounded_pairs` call from which the folded graph is built when it is
not held yet. Measured on the national car graph with the nodes of ``population`` kept
(34,737 nodes, 18,132 kept): building it takes about 20 ms; 897 sources' passes take about
40 ms on it against 55-60 ms on the whole graph."""


def _chain_graph(graph: RoadGraph, targets: IntArray, n_sources: int) -> ChainGraph | None:
    """The graph folded around ``targets``: held with the graph's snapped points (one memo
    for every traveller, so the key names the traveller and the matrix is checked), or built
    when ``n_sources`` reaches :data:`_FOLD_SOURCES`."""
    memo: dict[Any, Any] = graph.__dict__.setdefault("_snap_memo", {})
    data = np.ascontiguousarray(targets, dtype=np.int64)
    key = ("chains", graph.traveller, hashlib.blake2b(data.tobytes(), digest_size=16).digest())
    held = memo.get(key)
    if held is not None and held[0] is graph.minutes:
        folded: ChainGraph = held[1]
        return folded
    if n_sources < _FOLD_SOURCES:
        return None
    folded = build_chain_graph(graph.minutes, data)
    memo[key] = (graph.minutes, folded)
    return folded


def _pairs_on(
    minutes: Any,
    sx: FloatArray,
    sy: FloatArray,
    sources: IntArray,
    limits: FloatArray,
    targets: IntArray,
) -> tuple[IntArray, IntArray, FloatArray]:
    """:func:`_bounded_pairs` on the matrix ``minutes`` (sources at ``sx``, ``sy``).

    Sources run in spatial chunks; each chunk's Dijkstra runs on the subgraph of nodes within
    the chunk's largest limit of some source in it (one multi-source pass finds them). Every
    node on a shortest path of at most that length lies in the subgraph, so the distances are
    those of the whole graph.
    """
    n = minutes.shape[0]
    target_pos = np.full(n, -1, dtype=np.int64)
    target_pos[targets] = np.arange(targets.size)
    local = np.empty(n, dtype=np.int64)
    order = _spatial_order(sx, sy)
    out_s: list[IntArray] = []
    out_t: list[IntArray] = []
    out_d: list[FloatArray] = []
    for begin in range(0, order.size, _REACH_SOURCES):
        chunk = order[begin : begin + _REACH_SOURCES]
        lim = float(limits[chunk].max())
        if lim < 0:
            continue
        lim += 1e-6  # scipy drops nodes beyond the limit; the exact test comes later
        ball = dijkstra(minutes, directed=True, indices=sources[chunk], limit=lim, min_only=True)
        inner = np.flatnonzero(np.isfinite(ball))
        # The targets first: their distances are then the leading columns, read in place.
        is_target = target_pos[inner] >= 0
        n_cols = int(np.count_nonzero(is_target))
        if n_cols == 0:
            continue
        inner = np.concatenate([inner[is_target], inner[~is_target]])
        sub = minutes[inner][:, inner]
        local[inner] = np.arange(inner.size)
        # Sources by their limit, longest first; a pass takes those within _LIMIT_BAND of its
        # first, so a source with a long access leg does not search as far as its neighbours.
        chunk = chunk[np.argsort(-limits[chunk], kind="stable")]
        src_local = local[sources[chunk]]
        drop = -limits[chunk]
        batch = max(1, _REACH_BLOCK // max(inner.size, 1))
        b = 0
        while b < chunk.size:
            end = min(b + batch, int(np.searchsorted(drop, drop[b] + _LIMIT_BAND, "right")))
            rows = chunk[b:end]
            reach = float(limits[rows[0]]) + 1e-6
            if reach < 0:  # this and every later source: nothing within reach
                break
            dist = dijkstra(sub, directed=True, indices=src_local[b:end], limit=reach)
            b = end
            block = dist[:, :n_cols]
            r, c = np.nonzero(block <= (limits[rows] + 1e-6)[:, None])
            out_s.append(rows[r].astype(np.int64))
            out_t.append(target_pos[inner[c]])
            out_d.append(np.asarray(block[r, c], dtype=np.float64))
    if not out_s:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_s), np.concatenate(out_t), np.concatenate(out_d)
