"""Tests for the sparse reach pairs and closed roads of siteselect.network."""

from __future__ import annotations

import itertools

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_roads import build_random_graph

from siteselect.errors import ConfigError
from siteselect.network import (
    AccessLeg,
    RoadGraph,
    build_road_graph,
    compute_drive_to_nearest,
    compute_reach_pairs,
    cut_road_graph,
)

CRS = "EPSG:6372"
# A 50 km square whose lines carry road classes (the graph derives their speeds).
PAIRS_ROADS: dict[str, object] = {
    "extent_m": 50_000.0,
    "column": "highway",
    "values": ("motorway", "primary", "tertiary"),
}


def _nx(graph: RoadGraph) -> nx.Graph:
    coo = graph.minutes.tocoo()
    km = graph.km.tocoo()
    g = nx.Graph()
    g.add_nodes_from(range(graph.n_nodes))
    for i, j, w, k in zip(coo.row, coo.col, coo.data, km.data, strict=True):
        g.add_edge(int(i), int(j), minutes=float(w), km=float(k))
    return g


def _brute_pairs(
    graph: RoadGraph, origins: np.ndarray, targets: np.ndarray, cutoff: float, access: AccessLeg
) -> dict[tuple[int, int], tuple[float, float]]:
    g = _nx(graph)
    xy = np.column_stack([graph.x, graph.y])

    def leg(p: np.ndarray) -> tuple[int, float, float]:
        d = np.hypot(*(xy - p).T)
        i = int(np.argmin(d))
        km = d[i] / 1000 * access.detour_factor
        return i, km / access.speed_kph * 60, km

    out = {}
    for a, o in enumerate(origins):
        oi, om, ok = leg(o)
        lengths, paths = nx.single_source_dijkstra(g, oi, weight="minutes")
        for b, t in enumerate(targets):
            ti, tm, tk = leg(t)
            if ti not in lengths:
                continue
            minutes = om + lengths[ti] + tm
            if minutes <= cutoff + 1e-9:
                km = ok + tk + sum(g[u][v]["km"] for u, v in itertools.pairwise(paths[ti]))
                out[(a, b)] = (minutes, km)
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n_orig=st.integers(1, 12),
    n_targ=st.integers(1, 12),
    cutoff=st.sampled_from([20.0, 45.0, 90.0, float("inf")]),
)
def test_reach_pairs_match_networkx(seed: int, n_orig: int, n_targ: int, cutoff: float) -> None:
    """Every pair within the cutoff, minutes and km, against networkx path by path."""
    graph = build_random_graph(seed, 30, **PAIRS_ROADS)
    rng = np.random.default_rng(seed + 7)
    origins = rng.uniform(-5_000, 55_000, size=(n_orig, 2))
    targets = rng.uniform(-5_000, 55_000, size=(n_targ, 2))
    access = AccessLeg()
    oi, ti, minutes, km = compute_reach_pairs(graph, origins, targets, cutoff, access=access)
    got = {(int(a), int(b)): (m, k) for a, b, m, k in zip(oi, ti, minutes, km, strict=True)}
    expected = _brute_pairs(graph, origins, targets, cutoff, access)
    assert set(got) == set(expected)
    for key, (m, k) in expected.items():
        assert got[key][0] == pytest.approx(m)
        assert got[key][1] == pytest.approx(k)
    # Sorted by origin then target.
    assert list(zip(oi, ti, strict=True)) == sorted(zip(oi, ti, strict=True))


def test_reach_pairs_agree_with_nearest() -> None:
    """The minimum over each origin's pairs is the nearest target's drive (on the graph: reach
    pairs take no direct local trip)."""
    graph = build_random_graph(3, 40, **PAIRS_ROADS)
    rng = np.random.default_rng(3)
    origins = rng.uniform(0, 50_000, size=(25, 2))
    targets = rng.uniform(0, 50_000, size=(4, 2))
    oi, _, minutes, _ = compute_reach_pairs(graph, origins, targets)
    nearest = compute_drive_to_nearest(
        graph, origins, targets, access=AccessLeg(direct_max_km=0.0, snap_nodes=1)
    )
    best = np.full(25, np.inf)
    np.minimum.at(best, oi, minutes)
    assert np.allclose(best, nearest["drive_min"].to_numpy())


def test_reach_pairs_empty_and_bad_cutoff() -> None:
    graph = build_random_graph(1, 10, **PAIRS_ROADS)
    none = compute_reach_pairs(graph, np.zeros((0, 2)), np.ones((2, 2)))
    assert all(a.shape == (0,) for a in none)
    zero = compute_reach_pairs(graph, [[0.0, 0.0]], [[40_000.0, 40_000.0]], 0.0)
    assert zero[0].shape == (0,)
    with pytest.raises(ConfigError, match="max_minutes"):
        compute_reach_pairs(graph, [[0.0, 0.0]], [[1.0, 1.0]], -1.0)


# ------------------------------------------------------------------------------ closed roads


def _chain() -> RoadGraph:
    # A - B - C in a line, 10 km apart, and a detour A - D - C (20 km + 20 km).
    pts = {"A": (0.0, 0.0), "B": (10_000.0, 0.0), "C": (20_000.0, 0.0), "D": (10_000.0, 17_320.5)}
    lines = [("A", "B"), ("B", "C"), ("A", "D"), ("D", "C")]
    edges = gpd.GeoDataFrame(
        geometry=[shapely.LineString([pts[a], pts[b]]) for a, b in lines], crs=CRS
    )
    return build_road_graph(edges, max_edge_km=None)


def test_cut_road_reroutes_and_counts() -> None:
    graph = _chain()
    a, c = [[0.0, 0.0]], [[20_000.0, 0.0]]
    before = compute_drive_to_nearest(graph, a, c)["drive_min"].iloc[0]
    assert before == pytest.approx(20.0)
    cut = cut_road_graph(graph, [[10_000.0, 0.0]], 1.0)  # node B goes
    assert cut.n_nodes == 3
    assert cut.dropped_nodes == graph.dropped_nodes + 1
    after = compute_drive_to_nearest(cut, a, c)["drive_min"].iloc[0]
    assert after == pytest.approx(40.0, rel=1e-4)
    # km stays aligned with minutes.
    assert np.array_equal(cut.km.indices, cut.minutes.indices)


def test_cut_removes_edges_passing_through() -> None:
    """A circle on the middle of the A-B edge, away from every node, still cuts it."""
    graph = _chain()
    cut = cut_road_graph(graph, [[5_000.0, 500.0]], 1.0)
    assert cut.n_nodes == graph.n_nodes
    assert cut.n_edges == graph.n_edges - 1
    out = compute_drive_to_nearest(cut, [[0.0, 0.0]], [[10_000.0, 0.0]])
    assert out["drive_min"].iloc[0] == pytest.approx(50.0, rel=1e-4)  # A-D-C-B


def test_cut_splitting_the_network_makes_trips_unreachable() -> None:
    graph = _chain()
    cut = cut_road_graph(graph, [[0.0, 0.0]], 0.5)  # A goes: B, C, D still joined
    assert cut.n_nodes == 3
    both = cut_road_graph(graph, [[10_000.0, 0.0], [10_000.0, 17_320.5]], [1.0, 1.0])
    out = compute_drive_to_nearest(both, [[0.0, 0.0]], [[20_000.0, 0.0]])
    assert np.isinf(out["drive_min"].iloc[0])


def test_cut_rejects_bad_input() -> None:
    graph = _chain()
    with pytest.raises(ConfigError, match="radii"):
        cut_road_graph(graph, [[0.0, 0.0]], 0.0)
    with pytest.raises(ConfigError, match="whole road network"):
        cut_road_graph(graph, [[10_000.0, 0.0]], 100.0)
    # A circle that touches no road (a dropped minus sign puts it in China): said, not ignored.
    with pytest.raises(ConfigError, match=r"no road of the network within 26 km of \("):
        cut_road_graph(graph, [[10_000.0, 900_000.0]], 1.0)
