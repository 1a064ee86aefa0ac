"""Tests for siteselect.network.chains: folding runs of two-road nodes keeps every distance.

The reference is networkx's Dijkstra on the unfolded graph (an independent implementation);
the graphs are built in code with long runs of two-road nodes, loops, rings, parallel runs and
zero-minute edges, the shapes a fold can get wrong.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from siteselect.network import RoadGraph
from siteselect.network import reach as reach_module
from siteselect.network.chains import build_chain_graph

CRS = "EPSG:6372"


def _graph(seed: int, *, zero: bool = False) -> RoadGraph:
    """A random connected mesh whose edges are cut into runs of 1 to 5 pieces, with a loop
    run on node 0, a second (parallel) run between two joined nodes and, apart from the rest,
    a ring of two-road nodes alone."""
    rng = np.random.default_rng(seed)
    n_core = 25
    xy = [tuple(p) for p in rng.uniform(0, 50_000, size=(n_core, 2))]
    edges: list[tuple[int, int, float]] = []
    core = [(i, i + 1) for i in range(n_core - 1)]
    core += [tuple(sorted(map(int, rng.choice(n_core, 2, replace=False)))) for _ in range(20)]
    core += [(0, 0)]  # a run from node 0 back to node 0
    core += [core[0]]  # a second run beside the first
    for a, b in core:
        pieces = int(rng.integers(1, 6)) if a != b else 3
        prev = a
        for _ in range(pieces - 1):
            xy.append(tuple(rng.uniform(0, 50_000, size=2)))
            node = len(xy) - 1
            edges.append((prev, node, float(rng.uniform(0.5, 6.0))))
            prev = node
        if prev != b or pieces > 1:
            edges.append((prev, b, float(rng.uniform(0.5, 6.0))))
    ring = [len(xy) + i for i in range(4)]
    xy.extend((60_000.0 + i, 60_000.0) for i in range(4))
    edges += [(ring[i], ring[(i + 1) % 4], 1.0) for i in range(4)]
    if zero:
        edges[:4] = [(a, b, 0.0) for a, b, _ in edges[:4]]
    n = len(xy)
    best: dict[tuple[int, int], float] = {}
    for a, b, w in edges:
        if a == b:
            continue
        key = (min(a, b), max(a, b))
        best[key] = min(best.get(key, np.inf), w)
    rows = [a for a, b in best] + [b for a, b in best]
    cols = [b for a, b in best] + [a for a, b in best]
    vals = list(best.values()) * 2
    minutes = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    arr = np.asarray(xy)
    return RoadGraph(
        x=arr[:, 0],
        y=arr[:, 1],
        minutes=minutes,
        km=minutes.copy(),
        crs=CRS,
        dropped_nodes=0,
        dropped_components=0,
    )


def _truth(
    graph: RoadGraph, sources: np.ndarray, limits: np.ndarray, targets: np.ndarray
) -> dict[tuple[int, int], float]:
    coo = graph.minutes.tocoo()
    g = nx.Graph()
    g.add_nodes_from(range(graph.n_nodes))
    g.add_weighted_edges_from(
        zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True)
    )
    where = {int(t): j for j, t in enumerate(targets)}
    out = {}
    for i, s in enumerate(sources):
        for node, d in nx.single_source_dijkstra_path_length(g, int(s)).items():
            if node in where and d <= limits[i] + 1e-6:
                out[(i, where[node])] = d
    return out


def _pairs(graph: RoadGraph, sources: np.ndarray, limits: np.ndarray, targets: np.ndarray) -> dict:
    s, t, d = reach_module._bounded_pairs(graph, sources, limits, targets)
    return {(int(a), int(b)): float(c) for a, b, c in zip(s, t, d, strict=True)}


def _degree(graph: RoadGraph) -> np.ndarray:
    coo = graph.minutes.tocoo()
    other = coo.row != coo.col
    return np.bincount(coo.row[other], minlength=graph.n_nodes)


@pytest.mark.parametrize("seed", range(6))
def test_folded_pairs_are_networkx_pairs(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _graph(seed, zero=seed % 2 == 1)
    rng = np.random.default_rng(100 + seed)
    deg = _degree(graph)
    inside = np.flatnonzero(deg == 2)
    # Targets: some junctions and some two-road nodes; sources: many inside runs.
    targets = np.unique(np.r_[rng.choice(graph.n_nodes, 15, replace=False), inside[:3]])
    sources = np.unique(np.r_[rng.choice(inside, 12, replace=False), 0, 1])
    limits = rng.uniform(5.0, 40.0, size=sources.size)
    monkeypatch.setattr(reach_module, "_FOLD_SOURCES", 0)  # fold however few the sources
    folded = _pairs(graph, sources, limits, targets)
    truth = _truth(graph, sources, limits, targets)
    assert folded.keys() == truth.keys()
    np.testing.assert_allclose(
        [folded[k] for k in truth], [truth[k] for k in truth], rtol=0, atol=1e-9
    )
    chains = build_chain_graph(graph.minutes, targets)
    assert chains.n_kept < graph.n_nodes  # something was folded
    assert (chains.index[targets] >= 0).all()


def test_a_fold_is_held_per_time_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _graph(7)
    targets = np.arange(0, graph.n_nodes, 3)
    sources = np.flatnonzero(_degree(graph) == 2)[:8]
    limits = np.full(sources.size, 30.0)
    monkeypatch.setattr(reach_module, "_FOLD_SOURCES", 0)
    first = reach_module._chain_graph(graph, targets, sources.size)
    assert reach_module._chain_graph(graph, targets, sources.size) is first
    monkeypatch.setattr(reach_module, "_FOLD_SOURCES", 10**9)
    assert reach_module._chain_graph(graph, targets, 1) is first  # held: used by any call
    # The same graph with other times (another traveller's, sharing the memo) folds anew.
    slower = RoadGraph(
        x=graph.x,
        y=graph.y,
        minutes=graph.minutes * 2.0,
        km=graph.km,
        crs=CRS,
        dropped_nodes=0,
        dropped_components=0,
    )
    slower.__dict__["_snap_memo"] = graph.__dict__["_snap_memo"]
    assert reach_module._chain_graph(slower, targets, 1) is None
    monkeypatch.setattr(reach_module, "_FOLD_SOURCES", 0)
    got = _pairs(slower, sources, limits, targets)
    truth = _truth(slower, sources, limits, targets)
    assert got.keys() == truth.keys()
    np.testing.assert_allclose([got[k] for k in truth], [truth[k] for k in truth], atol=1e-9)


def test_a_ring_alone_is_kept_whole() -> None:
    graph = _graph(3)
    ring = np.arange(graph.n_nodes - 4, graph.n_nodes)
    chains = build_chain_graph(graph.minutes, np.array([0]))
    assert (chains.index[ring] >= 0).all()


def _line_graph(weights: list[float], shortcut: float) -> RoadGraph:
    """Node 0 and node len(weights) joined by a run through 1 .. len(weights) - 1, and
    directly by an edge of ``shortcut`` minutes; node 0 also has a dead end (node n + 1)."""
    n = len(weights)
    edges = [(i, i + 1, w) for i, w in enumerate(weights)] + [(0, n, shortcut), (0, n + 1, 1.0)]
    rows = [a for a, _, _ in edges] + [b for _, b, _ in edges]
    cols = [b for _, b, _ in edges] + [a for a, _, _ in edges]
    vals = [w for _, _, w in edges] * 2
    minutes = sp.csr_matrix((vals, (rows, cols)), shape=(n + 2, n + 2))
    x = np.arange(n + 2) * 1000.0
    return RoadGraph(
        x=x,
        y=np.zeros(n + 2),
        minutes=minutes,
        km=minutes.copy(),
        crs=CRS,
        dropped_nodes=0,
        dropped_components=0,
    )


@pytest.mark.parametrize(
    ("weights", "shortcut", "source", "target", "limit"),
    [
        ([7.0, 2.0, 3.0, 7.0], 1.0, 1, 3, 6.0),  # straight along the run, the ends too far
        ([5.0, 2.0, 3.0, 5.0], 1.0, 1, 3, 6.0),  # straight, one end within reach
        ([1.0, 20.0, 20.0, 1.0], 1.0, 1, 3, 10.0),  # out by one end, round, in by the other
        ([1.0, 20.0, 20.0, 1.0], 1.0, 3, 1, 2.5),  # the same, from the other side
        ([2.0, 2.0, 2.0], 0.5, 2, 2, 0.0),  # a source that is its own target
        ([2.0, 3.0, 4.0], 9.0, 1, 2, 2.9),  # just out of reach
    ],
)
def test_a_source_inside_a_run_reaches_either_way(
    weights: list[float],
    shortcut: float,
    source: int,
    target: int,
    limit: float,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = _line_graph(weights, shortcut)
    sources, targets = np.array([source]), np.array([target, len(weights) + 1])
    limits = np.array([limit])
    monkeypatch.setattr(reach_module, "_FOLD_SOURCES", 0)
    got = _pairs(graph, sources, limits, targets)
    truth = _truth(graph, sources, limits, targets)
    assert got.keys() == truth.keys()
    for key, value in truth.items():
        assert got[key] == pytest.approx(value, abs=1e-12)
