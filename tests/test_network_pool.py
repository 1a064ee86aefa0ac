"""Tests for siteselect.network.pool: labour pools per road node.

The node-level answer (one per distinct node, shifted by each origin's access leg) must equal
the direct one: every (origin, place) pair within the limit from
:func:`compute_reach_pairs`, then, per origin, the nearest people in a plain loop.
"""

from __future__ import annotations

import geopandas as gpd
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
    compute_access_legs,
    compute_node_reach,
    compute_reach_pairs,
)
from siteselect.network import pool as pool_module
from siteselect.network._common import _order_by
from siteselect.network.pool import compute_pool_commute

CRS = "EPSG:6372"


def _direct(
    graph: RoadGraph,
    origins: np.ndarray,
    places: np.ndarray,
    people: np.ndarray,
    pool: float,
    minutes: float,
    access: AccessLeg,
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair within ``minutes``, then one origin at a time, nearest people first."""
    n = origins.shape[0]
    mean = np.full(n, np.inf)
    reach = np.full(n, np.inf)
    oi, pi, t, _ = compute_reach_pairs(graph, origins, places, minutes, access=access)
    for i in range(n):
        mine = oi == i
        order = np.argsort(t[mine], kind="stable")
        p, m = people[pi[mine]][order], t[mine][order]
        cum = np.cumsum(p)
        if cum.size == 0 or cum[-1] < pool:
            continue
        k = int(np.searchsorted(cum, pool))
        taken = p[: k + 1].copy()
        taken[k] -= cum[k] - pool
        mean[i] = float(np.dot(taken, m[: k + 1]) / pool)
        reach[i] = float(m[k])
    return mean, reach


def _clustered_case(
    seed: int,
) -> tuple[RoadGraph, np.ndarray, np.ndarray, np.ndarray, AccessLeg, np.random.Generator]:
    """A random graph, 24 origins in 6 clusters (so several share a node and its answer is
    shared and shifted), 60 places with people, an access leg, and the generator after them."""
    rng = np.random.default_rng(seed)
    graph = build_random_graph(seed, 40, keep_chain=False)
    centres = rng.uniform(0, 60_000, size=(6, 2))
    origins = np.repeat(centres, 4, axis=0) + rng.normal(0, 800, size=(24, 2))
    places = rng.uniform(-5_000, 65_000, size=(60, 2))
    people = rng.integers(0, 2_000, 60).astype(float)
    access = AccessLeg(detour_factor=1.3, speed_kph=30.0, max_km=6.0)
    return graph, origins, places, people, access, rng


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    pool=st.floats(50.0, 20_000.0),
    minutes=st.floats(5.0, 90.0),
    steps=st.sampled_from([(), (10.0,), (5.0, 20.0, 45.0)]),
)
def test_node_pools_equal_the_direct_loop(
    seed: int, pool: float, minutes: float, steps: tuple[float, ...]
) -> None:
    graph, origins, places, people, access, _ = _clustered_case(seed)
    saved = pool_module.POOL_STEPS_MIN
    pool_module.POOL_STEPS_MIN = steps
    try:
        got = compute_pool_commute(graph, origins, places, people, pool, minutes, access=access)
    finally:
        pool_module.POOL_STEPS_MIN = saved
    want = _direct(graph, origins, places, people, pool, minutes, access)
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(np.isinf(a), np.isinf(b))
        assert np.allclose(a[np.isfinite(a)], b[np.isfinite(b)], rtol=1e-9, atol=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    pool=st.floats(50.0, 20_000.0),
    minutes=st.floats(5.0, 90.0),
    held_minutes=st.floats(1.0, 120.0),
    share=st.floats(0.0, 1.0),
)
def test_a_held_table_gives_the_pools_a_search_gives(
    seed: int, pool: float, minutes: float, held_minutes: float, share: float
) -> None:
    # A labour shed's table (any limit, some of the origins' nodes) read for the pools: the
    # very values (not merely close) of the pools searched without it.
    graph, origins, places, people, access, rng = _clustered_case(seed)
    legs = compute_access_legs(graph, origins, access=access)
    nodes = np.unique(legs.node[legs.ok])
    held_nodes = nodes[rng.random(nodes.size) < share]
    table = compute_node_reach(graph, held_nodes, places, people, held_minutes, access=access)
    want = compute_pool_commute(graph, origins, places, people, pool, minutes, access=access)
    got = compute_pool_commute(
        graph, origins, places, people, pool, minutes, access=access, reach_table=table
    )
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a, b)


def test_a_pool_reached_at_a_place_counts_only_the_people_still_needed() -> None:
    # A(0) - B(10 km) - C(20 km) at 60 km/h; 100 people at A, 100 at B, 100 at C.
    edges = gpd.GeoDataFrame(
        geometry=[
            shapely.LineString([(0, 0), (10_000, 0)]),
            shapely.LineString([(10_000, 0), (20_000, 0)]),
        ],
        crs=CRS,
    )
    graph = build_road_graph(edges, max_edge_km=None)
    places = np.array([[0.0, 0.0], [10_000.0, 0.0], [20_000.0, 0.0]])
    people = np.array([100.0, 100.0, 100.0])
    access = AccessLeg(detour_factor=1.0, speed_kph=60.0, max_km=5.0)
    # An origin 1 km off A (1 minute of access): 100 people at 1 min, 50 more at 11 min.
    origins = np.array([[0.0, 1_000.0], [20_000.0, 0.0]])
    mean, reach = compute_pool_commute(graph, origins, places, people, 150.0, 30.0, access=access)
    assert mean[0] == pytest.approx((100 * 1 + 50 * 11) / 150)
    assert reach[0] == pytest.approx(11.0)
    # From C: 100 at 0 min, 50 of B's at 10 min.
    assert mean[1] == pytest.approx(50 * 10 / 150)
    # 400 people are not there within any time: the pool is never reached.
    mean, reach = compute_pool_commute(graph, origins, places, people, 400.0, 30.0, access=access)
    assert np.isinf(mean).all() and np.isinf(reach).all()
    # Within 10 minutes the first origin (1 min of access) reaches A only: 100 < 150.
    mean, _ = compute_pool_commute(graph, origins, places, people, 150.0, 10.5, access=access)
    assert np.isinf(mean[0]) and mean[1] == pytest.approx(50 * 10 / 150)


def test_a_pool_of_no_one_is_refused() -> None:
    graph = build_random_graph(1, 10, keep_chain=False)
    with pytest.raises(ConfigError, match="pool"):
        compute_pool_commute(graph, [[0.0, 0.0]], [[1.0, 1.0]], [5.0], 0.0, 30.0)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 300),
    kind=st.sampled_from(["int", "float", "close"]),
)
def test_order_by_is_lexsort(seed: int, n: int, kind: str) -> None:
    rng = np.random.default_rng(seed)
    major = rng.integers(0, 50, n)
    if kind == "int":
        minor: np.ndarray = rng.integers(-5, 40, n)
    elif kind == "float":
        minor = rng.uniform(0, 90, n).round(1)
    else:  # values closer than a combined key's spacing: the fallback must keep lexsort's order
        minor = 1e6 + rng.integers(0, 3, n) * 1e-10
    assert np.array_equal(_order_by(major, minor), np.lexsort((minor, major)))
