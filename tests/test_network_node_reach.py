"""Tests for the per-node reach tables of siteselect.network (sheds for many origins).

The per-node path (:func:`compute_shed_by_node`, a surface's) must give what the direct pass
(:func:`compute_shed`, a search's) gives: checked on random networks, from both ends, and by
hand on a four-node road. The direct pass itself is checked against networkx in
``tests/test_network.py``.
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
    compute_count_within,
    compute_node_reach,
    compute_shed_by_node,
    extend_node_reach,
    merge_node_reach,
)
from siteselect.network import shed as shed_module
from siteselect.network._common import _as_xy
from siteselect.network.reach import _segmented_cumsum

CRS = "EPSG:6372"
# 60 km/h: 1 km of road is 1 minute. A(0,0) - B(10 km) - C(20 km) - D(20 km, 10 km up).
A, B, C, D = (0.0, 0.0), (10_000.0, 0.0), (20_000.0, 0.0), (20_000.0, 10_000.0)


def _lines(pairs: list[tuple[tuple[float, float], tuple[float, float]]]) -> gpd.GeoDataFrame:
    geoms = [shapely.LineString([p, q]) for p, q in pairs]
    return gpd.GeoDataFrame(geometry=geoms, crs=CRS)


@pytest.fixture
def abcd() -> RoadGraph:
    return build_road_graph(_lines([(A, B), (B, C), (C, D)]), max_edge_km=None)


def _per_origin(
    graph: RoadGraph,
    origins: np.ndarray,
    places: np.ndarray,
    weights: np.ndarray,
    minutes: float,
    access: AccessLeg | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The direct pass (no per-node table), however many origins share a node."""
    w = np.asarray(weights, dtype=float)
    xy, p_xy = _as_xy(origins, "origins"), _as_xy(places, "places")
    leg = access if access is not None else AccessLeg()
    return shed_module._shed_from_pairs(graph, xy, p_xy, w, minutes, leg)


def test_node_reach_by_hand(abcd: RoadGraph) -> None:
    """Places 1 km off A (100 people) and off D (10); entries are path + the place's leg."""
    legs = compute_access_legs(abcd, np.array([A, B, C, D]))
    nodes = legs.node  # the node ids of A, B, C, D
    places = np.array([[0.0, -1000.0], [20_000.0, 11_000.0]])
    people = np.array([100.0, 10.0])
    reach = compute_node_reach(abcd, nodes, places, people, 45.0)
    assert reach.limit == 45.0
    row_b = int(reach.locate([nodes[1]])[0])
    entries = reach.minutes[reach.indptr[row_b] : reach.indptr[row_b + 1]]
    # From B: A is 10 min + 2.6 min leg; D is 20 min + 2.6 min.
    assert entries == pytest.approx([12.6, 22.6])
    assert reach.cum_weight[reach.indptr[row_b] : reach.indptr[row_b + 1]] == pytest.approx(
        [100.0, 110.0]
    )
    # An origin at B with a 5-minute leg and 20 minutes: 5 + 12.6 fits, 5 + 22.6 does not.
    total, weighted = reach.gather([nodes[1]], [5.0], 20.0)
    assert total == pytest.approx([100.0])
    assert weighted == pytest.approx([100.0 * 17.6])


def test_gather_counts_a_place_exactly_at_the_limit(abcd: RoadGraph) -> None:
    """Integer minutes land exactly on the limit: both paths count the place."""
    origin = np.array([[0.0, 0.0]])  # on A: no leg
    place = np.array([[20_000.0, 0.0]])  # on C: no leg, 20 minutes away
    for minutes in (20.0, 19.999):
        want = 1.0 if minutes == 20.0 else 0.0
        old, _ = _per_origin(abcd, origin, place, [1.0], minutes)
        new, _ = compute_shed_by_node(abcd, origin, place, [1.0], minutes)
        assert old[0] == new[0] == want


def test_unreachable_origins_get_nothing(abcd: RoadGraph) -> None:
    far = AccessLeg(max_km=0.5)
    origins = np.array([[0.0, -1000.0], [10_000.0, 100.0]])  # 1 km off A: beyond max_km
    places = np.array([[0.0, 0.0], [20_000.0, 0.0]])
    total, weighted = compute_shed_by_node(abcd, origins, places, [5.0, 7.0], 60.0, access=far)
    assert total[0] == 0.0 and weighted[0] == 0.0
    assert total[1] == pytest.approx(12.0)


def test_gather_refuses_more_minutes_than_the_table(abcd: RoadGraph) -> None:
    reach = compute_node_reach(abcd, [0, 1], np.array([A]), [1.0], 30.0)
    with pytest.raises(ValueError, match="cannot answer"):
        reach.gather([0], [0.0], 31.0)
    with pytest.raises(ValueError, match="does not hold"):
        reach.gather([3], [0.0], 30.0)
    with pytest.raises(ConfigError, match="sources"):
        compute_node_reach(abcd, [0], np.array([A]), [1.0], 30.0, sources="both")


def test_empty_inputs(abcd: RoadGraph) -> None:
    reach = compute_node_reach(abcd, [0, 2], np.zeros((0, 2)), [], 30.0)
    assert reach.n_entries == 0
    total, weighted = reach.gather([0, 2], [1.0, 2.0], 30.0)
    assert total.tolist() == [0.0, 0.0] and weighted.tolist() == [0.0, 0.0]


def test_segmented_cumsum_restarts_per_segment() -> None:
    rng = np.random.default_rng(3)
    segment = np.sort(rng.integers(0, 40, size=500))
    values = rng.uniform(0, 1e6, size=500)
    got = _segmented_cumsum(values, segment)
    for s in np.unique(segment):
        sel = segment == s
        assert got[sel] == pytest.approx(np.cumsum(values[sel]), rel=1e-13)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 400), big=st.booleans())
def test_segmented_cumsum_of_whole_numbers_is_exact(seed: int, n: int, big: bool) -> None:
    """People and counts: every running sum equals the segment's own sum exactly."""
    rng = np.random.default_rng(seed)
    segment = np.sort(rng.integers(0, 30, size=n))
    values = rng.integers(0, 10**9 if big else 5, size=n).astype(float)
    got = _segmented_cumsum(values, segment)
    for s in np.unique(segment):
        sel = segment == s
        assert np.array_equal(got[sel], np.cumsum(values[sel]))


# ------------------------------------------------------------- against the per-origin path


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 100_000),
    n=st.integers(8, 60),
    minutes=st.sampled_from([5.0, 20.0, 45.0, 200.0]),
    zero_edges=st.booleans(),
)
def test_by_node_equals_per_origin(seed: int, n: int, minutes: float, zero_edges: bool) -> None:
    """Both directions of the per-node path equal the per-origin path, origin by origin."""
    graph = build_random_graph(seed, n, zero_edges=zero_edges)
    rng = np.random.default_rng(seed + 7)
    origins = rng.uniform(-5_000, 65_000, size=(40, 2))
    places = rng.uniform(0, 60_000, size=(25, 2))
    weights = rng.integers(0, 1000, size=25).astype(float)
    old_total, old_weighted = _per_origin(graph, origins, places, weights, minutes)
    legs = compute_access_legs(graph, origins)
    for sources in ("nodes", "places"):
        reach = compute_node_reach(graph, legs.node, places, weights, minutes, sources=sources)
        total, weighted = reach.gather(legs.node, legs.minutes, minutes)
        assert total == pytest.approx(old_total, rel=1e-12, abs=1e-9)
        assert weighted == pytest.approx(old_weighted, rel=1e-9, abs=1e-6)
    total, weighted = compute_shed_by_node(graph, origins, places, weights, minutes)
    assert total == pytest.approx(old_total, rel=1e-12, abs=1e-9)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_tables_built_in_pieces_equal_one_table(seed: int) -> None:
    """Extending a table chunk by chunk (as a grid does) answers like one table."""
    graph = build_random_graph(seed, 40)
    rng = np.random.default_rng(seed)
    places = rng.uniform(0, 60_000, size=(30, 2))
    weights = rng.uniform(0, 100, size=30)
    nodes = rng.permutation(graph.n_nodes)
    whole = compute_node_reach(graph, nodes, places, weights, 30.0)
    pieces = None
    for chunk in np.array_split(nodes, 4):
        pieces = extend_node_reach(pieces, graph, chunk, places, weights, 30.0)
    assert pieces is not None
    assert np.array_equal(pieces.nodes, whole.nodes)
    legs = rng.uniform(0, 10, size=nodes.size)
    a = whole.gather(nodes, legs, 30.0)
    b = pieces.gather(nodes, legs, 30.0)
    assert a[0] == pytest.approx(b[0]) and a[1] == pytest.approx(b[1])
    with pytest.raises(ValueError, match="share nodes"):
        merge_node_reach(whole, whole)


def test_many_origins_direct_pass_equals_the_node_path() -> None:
    """300 origins on a 50-node road, 20 places: the direct pass and the per-node table give
    the same sheds and counts (compute_shed reads the table there: 6 origins a node)."""
    graph = build_random_graph(11, 50)
    rng = np.random.default_rng(5)
    origins = rng.uniform(0, 60_000, size=(300, 2))
    places = rng.uniform(0, 60_000, size=(20, 2))
    weights = rng.uniform(1, 50, size=20)
    direct = _per_origin(graph, origins, places, weights, 40.0)
    by_node = compute_shed_by_node(graph, origins, places, weights, 40.0)
    count, _ = _per_origin(graph, origins, places[:5], np.ones(5), 40.0)
    node_count = compute_count_within(graph, origins, places[:5], 40.0)  # 300 on 50: table
    assert (direct[0] > 0).sum() > 50  # not vacuous
    assert by_node[0] == pytest.approx(direct[0], rel=1e-12)
    assert by_node[1] == pytest.approx(direct[1], rel=1e-9)
    assert np.array_equal(np.rint(count).astype(np.int64), node_count)


def test_national_shed_paths_agree() -> None:
    """On the embedded national road graph, 2,000 random corridor points, the default
    profile's labour shed: both paths agree."""
    from siteselect.api import build_context
    from siteselect.config import load_search
    from siteselect.criteria._shed import read_shed_points
    from siteselect.layers.store import LayerStore

    store = LayerStore()
    config = load_search(profile="default")
    context = build_context(config, store)
    graph = context.road_graph()
    labour = next(c for c in config.criteria if c.measure == "population_within")
    xy, people, _ = read_shed_points(labour.params, context)  # the default profile's people
    rng = np.random.default_rng(0)
    corridors = store.layer("corridors")
    # the default corridors' box: the whole country's is mostly sea and desert
    default = corridors.loc[corridors["corridor"].isin(config.search.corridors)]
    minx, miny, maxx, maxy = default.total_bounds
    origins = np.column_stack([rng.uniform(minx, maxx, 2000), rng.uniform(miny, maxy, 2000)])
    old_total, old_weighted = _per_origin(graph, origins, xy, people, 60.0)
    new_total, new_weighted = compute_shed_by_node(graph, origins, xy, people, 60.0)
    assert (old_total > 0).sum() > 500  # the check is not vacuous
    assert new_total == pytest.approx(old_total, rel=1e-12)
    assert new_weighted == pytest.approx(old_weighted, rel=1e-9)


# ------------------------------------------------------------------------- decayed sheds


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    minutes=st.floats(5.0, 120.0),
    half_life=st.floats(5.0, 60.0),
    chunk=st.sampled_from([1, 3, 1_000]),
)
def test_decayed_shed_equals_the_pairs(
    seed: int, minutes: float, half_life: float, chunk: int
) -> None:
    """Per node and shifted by the legs, against every (origin, target) pair discounted."""
    from siteselect.network import compute_decayed_shed, compute_reach_pairs

    rng = np.random.default_rng(seed)
    graph = build_random_graph(seed, 40)
    centres = rng.uniform(0, 60_000, size=(5, 2))
    origins = np.repeat(centres, 3, axis=0) + rng.normal(0, 700, size=(15, 2))
    targets = rng.uniform(-3_000, 63_000, size=(25, 2))
    weights = rng.integers(0, 4, 25).astype(float)
    access = AccessLeg(max_km=8.0)
    saved = shed_module._DECAY_NODES
    shed_module._DECAY_NODES = chunk
    try:
        got_d, got_p = compute_decayed_shed(
            graph, origins, targets, weights, minutes, half_life, access=access
        )
    finally:
        shed_module._DECAY_NODES = saved
    o, t, m, _ = compute_reach_pairs(graph, origins, targets, minutes, access=access)
    want_d = np.zeros(len(origins))
    want_p = np.zeros(len(origins))
    np.add.at(want_d, o, weights[t] * 0.5 ** (m / half_life))
    np.add.at(want_p, o, weights[t])
    assert np.allclose(got_d, want_d, rtol=1e-9, atol=1e-12)
    assert np.allclose(got_p, want_p, rtol=1e-12, atol=1e-12)
