"""Labour pools: the mean drive time of the nearest ``pool`` people, per road node.

An origin that joins road node ``n`` by an access leg of ``a`` minutes sees every place at
``path(n, place) + place leg + a``: the same places in the same order as node ``n`` itself,
shifted by ``a``. So the nearest ``pool`` people of the origin are the nearest ``pool`` of
its node, their mean drive time is the node's plus ``a``, and one answer per distinct node
serves every origin that joins it. The node answers come from per-node reach tables
(:func:`~siteselect.network.reach.compute_node_reach`) built with growing limits: most nodes
find their pool within a short drive, and only the rest are searched farther, so the work
follows how far each pool is rather than the whole ``max_minutes``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from siteselect.errors import ConfigError
from siteselect.network._common import (
    _TIME_TOLERANCE_MIN,
    FloatArray,
    IntArray,
    _as_places,
    _as_xy,
    _check_minutes,
    _first_true,
)
from siteselect.network.access import _snap
from siteselect.network.graph import AccessLeg, RoadGraph
from siteselect.network.reach import NodeReach, compute_node_reach

POOL_STEPS_MIN = (20.0, 45.0)
"""Limits tried before ``max_minutes`` itself: a node whose pool lies within one is done."""

_POOL_NODES = 4_000
"""Nodes whose tables are held at once (a table holds every place within the limit)."""


def compute_pool_commute(
    graph: RoadGraph,
    origins: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    pool: float,
    max_minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
    reach_table: NodeReach | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Mean drive time of each origin's nearest ``pool`` people, and when the pool is reached.

    Places are taken nearest first (access legs at both ends included); the last place counts
    only for the people the pool still needs. Where the people within ``max_minutes`` fall
    short of ``pool``, both values are ``inf``.

    Parameters
    ----------
    graph
        The road graph.
    origins
        ``(n, 2)`` x/y metres in EPSG:6372.
    points_xy
        ``(p, 2)`` x/y metres of the places.
    weights
        ``(p,)`` people at each place (finite, >= 0).
    pool
        People the plant needs (> 0).
    max_minutes
        The farthest a commute may reach (inclusive).
    access
        Access leg at both ends.
    reach_table
        A per-node table of these very places, weights, graph and access leg, built already
        (the labour shed's, :func:`~siteselect.network.compute_shed_with_reach`). A node it
        holds takes its pool from it when the pool lies within the table's limit (the answer
        reads only the node's entries up to the pool, which every limit beyond it holds
        alike); only the other nodes are searched, and a node it holds only beyond its limit.

    Returns
    -------
    tuple of numpy.ndarray
        ``mean`` minutes over the pool and ``reach``, the drive time of its farthest person.
    """
    origin_xy = _as_xy(origins, "origins")
    if not (math.isfinite(pool) and pool > 0):
        msg = f"pool={pool!r} must be a finite number of people > 0"
        raise ConfigError(msg)
    _check_minutes(max_minutes, "max_minutes")
    xy, w = _as_places(points_xy, weights)
    n = origin_xy.shape[0]
    mean = np.full(n, np.inf)
    reach = np.full(n, np.inf)
    osnap = _snap(graph, origin_xy, access)
    tol = _TIME_TOLERANCE_MIN
    live = np.flatnonzero(osnap.ok & (osnap.minutes <= max_minutes + tol))
    if live.size == 0 or xy.shape[0] == 0:
        return mean, reach
    nodes, which = np.unique(osnap.node[live], return_inverse=True)
    which = which.reshape(-1)
    # The origin nearest its node leaves the node the most time.
    best_leg = np.full(nodes.size, np.inf)
    np.minimum.at(best_leg, which, osnap.minutes[live])
    node_mean = np.full(nodes.size, np.inf)
    node_reach = np.full(nodes.size, np.inf)
    pending = np.arange(nodes.size)
    # Nodes whose pool lies beyond the given table's limit: no step within it can find it.
    beyond = np.zeros(nodes.size, dtype=bool)
    held_limit = -math.inf
    if reach_table is not None and reach_table.n_entries:
        held = np.flatnonzero(reach_table.locate(nodes) >= 0)
        node_mean[held], node_reach[held] = _pool_of_nodes(reach_table, nodes[held], pool)
        beyond[held] = ~np.isfinite(node_reach[held])
        held_limit = reach_table.limit
        pending = pending[~np.isfinite(node_reach)]
    steps = [s for s in POOL_STEPS_MIN if s < max_minutes] + [float(max_minutes)]
    for limit in steps:
        if pending.size == 0:
            break
        last = limit == steps[-1]
        # A node no origin can use beyond this limit is settled by the last step only.
        todo = pending[~beyond[pending]] if limit <= held_limit else pending
        for begin in range(0, todo.size, _POOL_NODES):
            part = todo[begin : begin + _POOL_NODES]
            part_limit = float(min(limit, max_minutes - best_leg[part].min()))
            table = compute_node_reach(graph, nodes[part], xy, w, part_limit, access=access)
            got_mean, got_reach = _pool_of_nodes(table, nodes[part], pool)
            node_mean[part] = got_mean
            node_reach[part] = got_reach
        if not last:
            pending = pending[~np.isfinite(node_reach[pending])]
    leg = osnap.minutes[live]
    r = node_reach[which] + leg
    ok = np.isfinite(r) & (r <= max_minutes + tol)
    mean[live[ok]] = node_mean[which[ok]] + leg[ok]
    reach[live[ok]] = r[ok]
    return mean, reach


def _pool_of_nodes(table: NodeReach, nodes: IntArray, pool: float) -> tuple[FloatArray, FloatArray]:
    """Each node's mean minutes over its nearest ``pool`` people in ``table``, and the minutes
    at which the pool is reached (``inf`` where the table's people fall short)."""
    rows = table.locate(nodes)
    mean = np.full(nodes.size, np.inf)
    reach = np.full(nodes.size, np.inf)
    if table.n_entries == 0:
        return mean, reach
    start = table.indptr[rows]
    end = table.indptr[rows + 1]
    has = end > start
    total = np.where(has, table.cum_weight[np.maximum(end - 1, 0)], 0.0)
    ok = np.flatnonzero(has & (total >= pool))
    if ok.size == 0:
        return mean, reach
    # The first entry whose running sum reaches the pool (running sums ascend within a node).
    k = _first_true(start[ok], end[ok], lambda e, _: table.cum_weight[e] >= pool)
    excess = table.cum_weight[k] - pool
    mean[ok] = (table.cum_weighted[k] - excess * table.minutes[k]) / pool
    reach[ok] = table.minutes[k]
    return mean, reach
