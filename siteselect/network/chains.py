"""Chains: the road graph with its runs of plain through-nodes folded into single edges.

Most nodes of a road graph join exactly two roads (the national car graph: 27,681 of 34,737):
a bend, a bridge's end, a change of speed. A shortest path that enters such a run leaves it at
the other end, so for distances between the kept nodes (junctions, dead ends, the nodes a
search reads) the run is one edge whose minutes are the run's sum. Dijkstra on the folded
graph settles about half as many nodes for the same answers.

A source inside a run (a user's point snapped to a bend) joins the folded graph as an extra
node with one edge to each end of its run, weighted by the minutes along the run: every path
from it leaves the run by one of the two ends, and no target lies inside a run (targets are
kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra

from siteselect.network._common import FloatArray, IntArray, _order_by


@dataclass(frozen=True)
class ChainGraph:
    """A symmetric graph with its runs of two-road nodes folded (see the module's text).

    Attributes
    ----------
    minutes
        CSR matrix of edge minutes between the kept nodes (explicit zeros are edges).
    kept
        Original id of each kept node (the folded graph's node ``i`` is ``kept[i]``).
    index
        Folded id of each original node, -1 for a node inside a run.
    run_of
        Run of each original node inside a run, -1 for a kept node.
    end_a, end_b
        Folded ids of the two ends of each run (the same node for a loop).
    to_a, to_b
        Minutes from each original node inside a run to its run's ``end_a`` / ``end_b``
        along the run (``inf`` for a kept node).
    """

    minutes: Any
    kept: IntArray
    index: IntArray
    run_of: IntArray
    end_a: IntArray
    end_b: IntArray
    to_a: FloatArray
    to_b: FloatArray

    @property
    def n_kept(self) -> int:
        """Nodes of the folded graph."""
        return int(self.kept.shape[0])

    def with_sources(self, sources: IntArray) -> tuple[Any, IntArray]:
        """The folded matrix with a node added for each source inside a run, and the folded
        id of every source (in the order given).

        An added node has edges out only (to its run's two ends): a path from a source never
        needs to enter another source.
        """
        k = self.n_kept
        ids = self.index[sources].copy()
        inside = np.flatnonzero(ids < 0)
        if inside.size == 0:
            return self.minutes, ids
        ids[inside] = k + np.arange(inside.size)
        run = self.run_of[sources[inside]]
        a, b = self.end_a[run], self.end_b[run]
        to_a, to_b = self.to_a[sources[inside]], self.to_b[sources[inside]]
        loop = a == b  # both ends at one node: the shorter way round
        rows = np.concatenate([np.arange(inside.size), np.flatnonzero(~loop)])
        cols = np.concatenate([a, b[~loop]])
        vals = np.concatenate([np.where(loop, np.minimum(to_a, to_b), to_a), to_b[~loop]])
        extra = sp.csr_matrix((vals, (rows, cols)), shape=(inside.size, k + inside.size))
        base = sp.csr_matrix(
            (self.minutes.data, self.minutes.indices, self.minutes.indptr),
            shape=(k, k + inside.size),
        )
        return sp.vstack([base, extra], format="csr"), ids


def build_chain_graph(minutes: Any, keep: IntArray) -> ChainGraph:
    """Fold the runs of ``minutes`` (a symmetric CSR matrix) whose nodes join exactly two
    other nodes and are not in ``keep``.

    Parameters
    ----------
    minutes
        Symmetric CSR matrix of edge minutes (explicit zeros are edges).
    keep
        Nodes that must stay (the targets a search reads).
    """
    n = minutes.shape[0]
    coo = minutes.tocoo()
    r = coo.row.astype(np.int64)
    c = coo.col.astype(np.int64)
    w = np.asarray(coo.data, dtype=np.float64)
    other = r != c  # a self-loop is never on a shortest path
    kept_mask = np.bincount(r[other], minlength=n) != 2
    kept_mask[keep] = True
    kept = np.flatnonzero(kept_mask)
    index = np.full(n, -1, dtype=np.int64)
    index[kept] = np.arange(kept.size)
    # Runs: the pieces of the graph of inner-to-inner edges.
    inner = other & ~kept_mask[r] & ~kept_mask[c]
    pieces = sp.csr_matrix((np.ones(int(inner.sum())), (r[inner], c[inner])), shape=(n, n))
    _, label = connected_components(pieces, directed=False)
    inner_nodes = np.flatnonzero(~kept_mask)
    runs, run_of_inner = np.unique(label[inner_nodes], return_inverse=True)
    n_runs = runs.size
    run_of = np.full(n, -1, dtype=np.int64)
    run_of[inner_nodes] = run_of_inner.reshape(-1)
    once = inner & (r < c)
    run_sum = np.bincount(run_of[r[once]], weights=w[once], minlength=n_runs)
    # The two edges leaving each run (a node inside joins exactly two others).
    leave = other & ~kept_mask[r] & kept_mask[c]
    l_run = run_of[r[leave]]
    ring = np.bincount(l_run, minlength=n_runs) != 2
    if ring.any():  # a ring of two-road nodes alone (no way out): nothing to fold there
        return build_chain_graph(
            minutes, np.concatenate([keep, inner_nodes[ring[run_of[inner_nodes]]]])
        )
    order = np.argsort(l_run, kind="stable")
    l_run, l_from, l_to, l_w = l_run[order], r[leave][order], c[leave][order], w[leave][order]
    first = np.searchsorted(l_run, np.arange(n_runs))
    a_from, a_to, a_w = l_from[first], l_to[first], l_w[first]
    b_from, b_to, b_w = l_from[first + 1], l_to[first + 1], l_w[first + 1]
    # Folded edges: kept-to-kept ones, and each run's end to end (a loop is never shorter).
    whole = (a_w + run_sum) + b_w
    through = a_to != b_to
    both = other & kept_mask[r] & kept_mask[c]
    er = np.concatenate([index[r[both]], index[a_to[through]], index[b_to[through]]])
    ec = np.concatenate([index[c[both]], index[b_to[through]], index[a_to[through]]])
    ew = np.concatenate([w[both], whole[through], whole[through]])
    # Parallel edges (two runs, or a run and a road, between the same ends): the shortest.
    key = er * kept.size + ec
    order = _order_by(key, ew)
    key, ew = key[order], ew[order]
    head = np.r_[True, key[1:] != key[:-1]]
    folded = sp.csr_matrix(
        (ew[head], (key[head] // kept.size, key[head] % kept.size)), shape=(kept.size,) * 2
    )
    # Minutes from each inner node to each end: one pass from an extra node per run end,
    # joined to the run by its leaving edge (the runs are apart, so each reaches its own).
    ends = n + np.arange(2 * n_runs)
    ar = np.concatenate([r[inner], ends[:n_runs], ends[n_runs:]])
    ac = np.concatenate([c[inner], a_from, b_from])
    aw = np.concatenate([w[inner], a_w, b_w])
    size = n + 2 * n_runs
    aux = sp.csr_matrix((aw, (ar, ac)), shape=(size, size))
    to_a = np.full(n, np.inf)
    to_b = np.full(n, np.inf)
    if n_runs:
        to_a[inner_nodes] = dijkstra(aux, directed=False, indices=ends[:n_runs], min_only=True)[
            inner_nodes
        ]
        to_b[inner_nodes] = dijkstra(aux, directed=False, indices=ends[n_runs:], min_only=True)[
            inner_nodes
        ]
    return ChainGraph(
        minutes=folded,
        kept=kept,
        index=index,
        run_of=run_of,
        end_a=index[a_to],
        end_b=index[b_to],
        to_a=to_a,
        to_b=to_b,
    )
