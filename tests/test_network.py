"""Tests for siteselect.network: drive times, labour sheds, counts and isochrones."""

from __future__ import annotations

import itertools
import json
import math
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_roads import build_random_edges, build_random_graph

from siteselect.errors import ConfigError, DataError, SiteselectWarning
from siteselect.network import (
    AccessLeg,
    RoadGraph,
    build_isochrones,
    build_road_graph,
    compute_commute_burden,
    compute_count_within,
    compute_drive_to_nearest,
    compute_population_within,
    compute_shed,
)

REPO = Path(__file__).resolve().parents[1]
CRS = "EPSG:6372"
# A 50 km square whose lines carry road classes (the graph derives their speeds).
NETWORK_ROADS: dict[str, object] = {
    "extent_m": 50_000.0,
    "column": "highway",
    "values": ("motorway", "primary", "tertiary", "residential"),
}

# Hand-built network (metres; 60 km/h, so 1 km of road = 1 minute):
#
#   A(0,0) --10 km-- B(10000,0) --10 km-- C(20000,0)
#                                           |
#                                         10 km
#                                           |
#                                         D(20000,10000)
#
# Access leg defaults: 1 km straight -> 1.3 km road at 30 km/h -> 2.6 min.
A = (0.0, 0.0)
B = (10_000.0, 0.0)
C = (20_000.0, 0.0)
D = (20_000.0, 10_000.0)


def _lines(pairs: list[tuple[tuple[float, float], tuple[float, float]]], **cols: Any) -> Any:
    geoms = [shapely.LineString([p, q]) for p, q in pairs]
    return gpd.GeoDataFrame(cols, geometry=geoms, crs=CRS)


@pytest.fixture
def abcd() -> RoadGraph:
    """The hand-built network above, kept whole (no edge splitting)."""
    return build_road_graph(_lines([(A, B), (B, C), (C, D)]), max_edge_km=None)


# ----------------------------------------------------------------------------------- building


def test_build_hand_graph(abcd: RoadGraph) -> None:
    assert abcd.n_nodes == 4
    assert abcd.n_edges == 3
    assert abcd.crs == CRS
    assert (abcd.dropped_nodes, abcd.dropped_components) == (0, 0)
    # km and minutes share the same sparsity, both symmetric.
    assert np.array_equal(abcd.km.indptr, abcd.minutes.indptr)
    assert np.array_equal(abcd.km.indices, abcd.minutes.indices)
    assert abs(abcd.minutes - abcd.minutes.T).max() == 0
    assert abcd.km.sum() / 2 == pytest.approx(30.0)
    assert abcd.minutes.sum() / 2 == pytest.approx(30.0)


def test_build_drops_small_pieces_with_warning() -> None:
    edges = _lines([(A, B), (B, C), ((90_000.0, 0.0), (91_000.0, 0.0))])
    with pytest.warns(SiteselectWarning, match=r"dropped 1 smaller piece\(s\) with 2 node"):
        graph = build_road_graph(edges, max_edge_km=None)
    assert graph.n_nodes == 3
    assert (graph.dropped_nodes, graph.dropped_components) == (2, 1)


def test_build_merges_near_duplicate_nodes_and_parallel_edges() -> None:
    b_near = (B[0] + 0.4, B[1] + 0.3)  # 0.5 m from B: the same node
    slow = shapely.LineString([A, (5_000.0, 3_000.0), b_near])  # longer parallel road
    geoms = [shapely.LineString([A, B]), shapely.LineString([b_near, C]), slow]
    graph = build_road_graph(gpd.GeoDataFrame(geometry=geoms, crs=CRS), max_edge_km=None)
    assert graph.n_nodes == 3
    assert graph.n_edges == 2
    out = compute_drive_to_nearest(graph, [A], [C])
    assert out.loc[0, "drive_min"] == pytest.approx(20.0, abs=1e-3)  # b_near-C is 0.4 m short


def test_build_length_and_class_columns() -> None:
    edges = _lines([(A, B), (B, C)], length_km=[12.0, 10.0], highway=["motorway", "no-such-class"])
    graph = build_road_graph(edges, class_column="highway", max_edge_km=None)
    out = compute_drive_to_nearest(graph, [A], [C])
    # 12 km at 80 km/h (motorway) = 9 min; 10 km at the 60 km/h default = 10 min.
    assert out.loc[0, "drive_min"] == pytest.approx(19.0)
    assert out.loc[0, "drive_km"] == pytest.approx(22.0)


def test_build_reprojects_geographic_input() -> None:
    edges = _lines([(A, B)]).to_crs("EPSG:4326")
    graph = build_road_graph(edges, max_edge_km=None)
    assert graph.km.sum() / 2 == pytest.approx(10.0, rel=1e-6)
    assert graph.x.max() == pytest.approx(10_000.0, abs=0.01)


def test_split_long_edges_keeps_lengths() -> None:
    graph = build_road_graph(_lines([(A, B)]), max_edge_km=2.0)
    assert graph.n_nodes == 6  # 5 pieces of 2 km
    assert graph.km.sum() / 2 == pytest.approx(10.0)
    assert sorted(graph.x.tolist()) == pytest.approx([0, 2000, 4000, 6000, 8000, 10000])
    # A point beside the road joins it at the nearest 2 km mark, not at a far end.
    out = compute_drive_to_nearest(graph, [(4_000.0, 1_000.0)], [A])
    assert out.loc[0, "drive_min"] == pytest.approx(2.6 + 4.0)


@pytest.mark.parametrize(
    ("edges", "error", "match"),
    [
        (gpd.GeoDataFrame(geometry=[shapely.LineString([A, B])]), DataError, "no CRS"),
        (gpd.GeoDataFrame(geometry=[shapely.Point(A)], crs=CRS), DataError, "not a LineString"),
        (gpd.GeoDataFrame(geometry=[], crs=CRS), DataError, "empty"),
    ],
)
def test_build_rejects_bad_edges(edges: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        build_road_graph(edges)


def test_build_rejects_bad_speeds() -> None:
    with pytest.raises(ConfigError, match="positive"):
        build_road_graph(_lines([(A, B)]), default_speed_kph=0.0)
    with pytest.raises(DataError, match="no 'highway' column"):
        build_road_graph(_lines([(A, B)]), class_column="highway")


def test_access_leg_validates() -> None:
    with pytest.raises(ConfigError, match="detour_factor"):
        AccessLeg(detour_factor=0.5)
    with pytest.raises(ConfigError, match="speed_kph"):
        AccessLeg(speed_kph=0.0)


# ------------------------------------------------------------------------- nearest facility


def test_drive_to_nearest_by_hand(abcd: RoadGraph) -> None:
    """Hand-computed: 1 min per road km; access = straight km x 1.3 at 30 km/h."""
    origins = np.array([A, (10_000.0, 1_000.0), (500_000.0, 500_000.0)])
    targets = np.array([D, (20_000.0, -500.0), (60_000.0, 60_000.0)])
    access = AccessLeg(max_km=5.0)  # the third origin and third target are off the map
    out = compute_drive_to_nearest(abcd, origins, targets, access=access)
    assert list(out.columns) == ["drive_min", "drive_km", "target"]
    # Origin on node A -> C (20 min) + 0.5 km access (0.65 km, 1.3 min) beats D (30 min).
    assert out.loc[0, "drive_min"] == pytest.approx(21.3)
    assert out.loc[0, "drive_km"] == pytest.approx(20.65)
    assert out.loc[0, "target"] == 1
    # 1 km off B: 2.6 + 10 + 1.3 min; 1.3 + 10 + 0.65 km.
    assert out.loc[1, "drive_min"] == pytest.approx(13.9)
    assert out.loc[1, "drive_km"] == pytest.approx(11.95)
    assert out.loc[1, "target"] == 1
    # Unreachable origin.
    assert math.isinf(out.loc[2, "drive_min"])
    assert math.isnan(out.loc[2, "drive_km"])
    assert out.loc[2, "target"] == -1


def test_drive_to_unreachable_facility_only(abcd: RoadGraph) -> None:
    out = compute_drive_to_nearest(
        abcd, [A, B], [(60_000.0, 60_000.0)], access=AccessLeg(max_km=5.0)
    )
    assert np.isinf(out["drive_min"]).all()
    assert out["drive_km"].isna().all()
    assert (out["target"] == -1).all()
    none = compute_drive_to_nearest(abcd, [A], np.zeros((0, 2)))
    assert none.loc[0, "target"] == -1


def test_drive_with_zero_length_edges() -> None:
    """A zero-km edge between distinct nodes is a zero-time edge; a zero-length loop is dropped."""
    g = (10_000.0, 500.0)
    edges = _lines([(A, B), (B, g), (g, C), (C, C)], length_km=[10.0, 0.0, 10.0, 0.0])
    graph = build_road_graph(edges, max_edge_km=None)
    assert graph.n_nodes == 4
    assert graph.n_edges == 3
    out = compute_drive_to_nearest(graph, [A, g, B], [C])
    assert out["drive_min"].to_numpy() == pytest.approx([20.0, 10.0, 10.0])
    assert out["drive_km"].to_numpy() == pytest.approx([20.0, 10.0, 10.0])


def test_drive_on_node_and_same_node(abcd: RoadGraph) -> None:
    out = compute_drive_to_nearest(abcd, [B, C], [B])
    assert out["drive_min"].to_numpy() == pytest.approx([0.0, 10.0])
    assert out["drive_km"].to_numpy() == pytest.approx([0.0, 10.0])
    # Two targets at the same node: the one with the shorter access leg wins.
    out = compute_drive_to_nearest(abcd, [A], [(20_000.0, 2_000.0), (20_000.0, 1_000.0)])
    assert out.loc[0, "target"] == 1
    assert out.loc[0, "drive_min"] == pytest.approx(22.6)


def test_drive_rejects_bad_points(abcd: RoadGraph) -> None:
    with pytest.raises(DataError, match="row 2"):
        compute_drive_to_nearest(abcd, [A, (np.nan, 0.0)], [B])
    with pytest.raises(DataError, match="shape"):
        compute_drive_to_nearest(abcd, np.zeros((2, 3)), [B])


# ------------------------------------------------------------------- labour shed and counts

POP_XY = np.array([A, C, D, (10_000.0, 1_000.0)])
POP = np.array([1000.0, 2000.0, 4000.0, 500.0])


@pytest.mark.parametrize(
    ("minutes", "people", "burden"),
    [
        # From B: A and C at 10 min, D at 20, the place 1 km off B at 2.6 (access only).
        (15.0, 3500.0, (1000 * 10 + 2000 * 10 + 500 * 2.6) / 3500),
        (10.0, 3500.0, (1000 * 10 + 2000 * 10 + 500 * 2.6) / 3500),  # inclusive
        (9.99, 500.0, 2.6),
        (20.0, 7500.0, (1000 * 10 + 2000 * 10 + 4000 * 20 + 500 * 2.6) / 7500),
        (0.0, 0.0, math.nan),
    ],
)
def test_labour_shed_by_hand(abcd: RoadGraph, minutes: float, people: float, burden: float) -> None:
    pop = compute_population_within(abcd, [B], POP_XY, POP, minutes)
    assert pop[0] == pytest.approx(people)
    mean = compute_commute_burden(abcd, [B], POP_XY, POP, minutes)
    if math.isnan(burden):
        assert math.isnan(mean[0])
    else:
        assert mean[0] == pytest.approx(burden)


def test_labour_shed_origin_access(abcd: RoadGraph) -> None:
    """An origin 1 km off A pays 2.6 min first: A at 2.6, C at 22.6."""
    origins = np.array([(0.0, 1_000.0), A, (500_000.0, 0.0)])
    pop = compute_population_within(abcd, origins, POP_XY, POP, 22.6, access=AccessLeg(max_km=50.0))
    # Off-A: A (2.6), off-B (2.6 + 10 + 2.6 = 15.2), C (22.6); D at 32.6 is out.
    assert pop.tolist() == pytest.approx([3500.0, 3500.0, 0.0])
    burden = compute_commute_burden(abcd, origins, POP_XY, POP, 22.6, access=AccessLeg(max_km=50))
    assert burden[0] == pytest.approx((1000 * 2.6 + 500 * 15.2 + 2000 * 22.6) / 3500)
    assert math.isnan(burden[2])


def test_count_within_by_hand(abcd: RoadGraph) -> None:
    crossings = np.array([A, C, D])
    assert compute_count_within(abcd, [B], crossings, 20.0).tolist() == [3]
    assert compute_count_within(abcd, [B], crossings, 19.9).tolist() == [2]
    assert compute_count_within(abcd, [B, D], crossings, 10.0).tolist() == [2, 2]
    counts = compute_count_within(abcd, [A], crossings, 240.0)
    assert counts.dtype == np.int64


def test_shed_rejects_bad_population(abcd: RoadGraph) -> None:
    with pytest.raises(DataError, match="one value per point"):
        compute_population_within(abcd, [A], POP_XY, POP[:2], 10.0)
    with pytest.raises(DataError, match="finite and >= 0"):
        compute_population_within(abcd, [A], POP_XY, -POP, 10.0)
    with pytest.raises(ConfigError, match="minutes"):
        compute_population_within(abcd, [A], POP_XY, POP, math.nan)


# --------------------------------------------------------- independent implementation check


def _nx_graph(graph: RoadGraph) -> nx.Graph:
    coo = graph.minutes.tocoo()
    km = graph.km.tocoo()
    g = nx.Graph()
    g.add_nodes_from(range(graph.n_nodes))
    for i, j, w, k in zip(coo.row, coo.col, coo.data, km.data, strict=True):
        g.add_edge(int(i), int(j), minutes=float(w), km=float(k))
    return g


def _brute_leg(
    graph: RoadGraph, p: np.ndarray, access: AccessLeg
) -> tuple[int, float, float, bool]:
    """The nearest node of ``p`` by a scan of every node, the leg's minutes and km, and whether
    the straight line is within ``access.max_km``."""
    d = np.hypot(graph.x - p[0], graph.y - p[1])
    i = int(np.argmin(d))
    km = d[i] / 1000 * access.detour_factor
    return i, km / access.speed_kph * 60, km, d[i] / 1000 <= access.max_km


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(6, 40))
def test_matches_networkx(seed: int, n: int) -> None:
    """Independent check against networkx's Dijkstra, with access legs added by brute force."""
    edges, _ = build_random_edges(seed, n, **NETWORK_ROADS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SiteselectWarning)
        graph = build_road_graph(edges, class_column="highway", max_edge_km=None)
    rng = np.random.default_rng(seed + 1)
    origins = rng.uniform(-5_000, 55_000, size=(7, 2))
    targets = rng.uniform(-5_000, 55_000, size=(4, 2))
    access = AccessLeg()
    out = compute_drive_to_nearest(graph, origins, targets, access=access)

    g = _nx_graph(graph)
    nodes_xy = np.column_stack([graph.x, graph.y])

    def leg(p: np.ndarray) -> tuple[int, float, float]:
        i, minutes, km, _ = _brute_leg(graph, p, access)
        return i, minutes, km

    def choices(p: np.ndarray) -> list[tuple[int, float, float]]:
        """The nodes a point may join for a nearest-facility trip (AccessLeg.snap_*)."""
        d = np.hypot(*(nodes_xy - p).T)
        order = np.argsort(d, kind="stable")[: access.snap_nodes]
        keep = [i for k, i in enumerate(order) if k == 0 or d[i] / 1000 <= access.snap_km]
        return [
            (
                int(i),
                d[i] / 1000 * access.detour_factor / access.speed_kph * 60,
                d[i] / 1000 * access.detour_factor,
            )
            for i in keep
        ]

    def direct(o: np.ndarray, t: np.ndarray) -> tuple[float, float]:
        """A direct local trip (access detour and speed) where the two are close enough."""
        straight = float(np.hypot(*(t - o))) / 1000
        if straight > access.direct_max_km:
            return math.inf, math.nan
        km = straight * access.detour_factor
        return km / access.speed_kph * 60, km

    lengths = dict(nx.all_pairs_dijkstra_path_length(g, weight="minutes"))

    def by_graph(
        o: np.ndarray, t: np.ndarray
    ) -> tuple[float, tuple[int, float, float, int, float, float]]:
        best = (math.inf, (0, 0.0, 0.0, 0, 0.0, 0.0))
        for oi, om, ok in choices(o):
            for ti, tm, tk in choices(t):
                total = om + lengths[oi].get(ti, math.inf) + tm
                if total < best[0]:
                    best = (total, (oi, om, ok, ti, tm, tk))
        return best

    for row, o in enumerate(origins):
        best = min((min(by_graph(o, t)[0], direct(o, t)[0]), k) for k, t in enumerate(targets))
        assert out.loc[row, "drive_min"] == pytest.approx(best[0])
        k = int(out.loc[row, "target"])
        graph_min, (oi, _, ok, ti, _, tk) = by_graph(o, targets[k])
        d_min, d_km = direct(o, targets[k])
        if d_min < graph_min:
            assert d_min == pytest.approx(best[0])
            assert out.loc[row, "drive_km"] == pytest.approx(d_km)
            continue
        assert graph_min == pytest.approx(best[0])
        path = nx.dijkstra_path(g, oi, ti, weight="minutes")
        path_km = sum(g[a][b]["km"] for a, b in itertools.pairwise(path))
        assert out.loc[row, "drive_km"] == pytest.approx(ok + path_km + tk)

    # Sheds: brute force over every place with networkx lengths.
    pop_xy = rng.uniform(0, 50_000, size=(12, 2))
    pop = rng.integers(0, 1000, size=12).astype(float)
    minutes = 45.0
    got = compute_population_within(graph, origins, pop_xy, pop, minutes)
    got_burden = compute_commute_burden(graph, origins, pop_xy, pop, minutes)
    for row, o in enumerate(origins):
        oi, om, _ = leg(o)
        lengths = nx.single_source_dijkstra_path_length(g, oi, weight="minutes")
        times = np.array([om + lengths[leg(p)[0]] + leg(p)[1] for p in pop_xy])
        inside = times <= minutes
        assert got[row] == pytest.approx(pop[inside].sum())
        if pop[inside].sum() > 0:
            expected = (times[inside] * pop[inside]).sum() / pop[inside].sum()
            assert got_burden[row] == pytest.approx(expected)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n_orig=st.integers(1, 40),
    n_places=st.integers(1, 60),
    max_km=st.sampled_from([math.inf, 3.0]),
)
def test_shed_with_shared_nodes_matches_brute_force(
    seed: int, n_orig: int, n_places: int, max_km: float
) -> None:
    """Places in clusters (many join one node, with different legs), origins sharing nodes,
    fewer origin nodes than place nodes and the other way round, legs refused beyond
    ``max_km``: compute_shed equals a place-by-place sum over networkx's lengths."""
    edges, _ = build_random_edges(seed, 30, **NETWORK_ROADS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SiteselectWarning)
        graph = build_road_graph(edges, class_column="highway", max_edge_km=None)
    rng = np.random.default_rng(seed)
    centres = rng.uniform(5_000, 55_000, size=(3, 2))
    origins = centres[rng.integers(0, 3, n_orig)] + rng.normal(0, 700, size=(n_orig, 2))
    places = centres[rng.integers(0, 3, n_places)] + rng.normal(0, 2_000, size=(n_places, 2))
    people = rng.integers(0, 500, size=n_places).astype(float)
    minutes = float(rng.uniform(3.0, 60.0))
    access = AccessLeg(max_km=max_km)
    total, weighted = compute_shed(graph, origins, places, people, minutes, access=access)

    g = _nx_graph(graph)

    def leg(p: np.ndarray) -> tuple[int, float, bool]:
        i, minutes, _, ok = _brute_leg(graph, p, access)
        return i, minutes, ok

    place_legs = [leg(p) for p in places]
    for row, o in enumerate(origins):
        oi, om, ok = leg(o)
        lengths = nx.single_source_dijkstra_path_length(g, oi, weight="minutes")
        times = np.array([om + lengths.get(pi, math.inf) + pm for pi, pm, _ in place_legs])
        usable = np.array([pok for _, _, pok in place_legs]) & ok
        inside = usable & (times <= minutes + 1e-9)
        assert total[row] == pytest.approx(people[inside].sum(), abs=1e-9)
        assert weighted[row] == pytest.approx((people[inside] * times[inside]).sum(), abs=1e-6)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_target_order_does_not_matter(seed: int) -> None:
    edges, _ = build_random_edges(seed, 25, **NETWORK_ROADS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SiteselectWarning)
        graph = build_road_graph(edges, max_edge_km=None)
    rng = np.random.default_rng(seed)
    origins = rng.uniform(0, 50_000, size=(10, 2))
    targets = rng.uniform(0, 50_000, size=(6, 2))
    perm = rng.permutation(6)
    a = compute_drive_to_nearest(graph, origins, targets)
    b = compute_drive_to_nearest(graph, origins, targets[perm])
    assert a["drive_min"].to_numpy() == pytest.approx(b["drive_min"].to_numpy())
    # Monotone: more minutes never reach fewer people.
    pop = rng.uniform(0, 100, size=6)
    p30 = compute_population_within(graph, origins, targets, pop, 30.0)
    p60 = compute_population_within(graph, origins, targets, pop, 60.0)
    assert (p60 >= p30 - 1e-9).all()


# ------------------------------------------------------------------------------ isochrones


def test_isochrones_agree_with_drive_times(abcd: RoadGraph) -> None:
    """Points inside an isochrone are within its time; points clearly within are inside."""
    levels = [5.0, 12.0, 25.0]
    iso = build_isochrones(abcd, B, levels)
    assert iso.crs == CRS
    assert iso["minutes"].tolist() == levels
    assert iso.is_valid.all()
    areas = iso.area.to_numpy()
    assert (np.diff(areas) > 0).all()
    # 5 min from B: only B's own disc, radius 5 min at 30 km/h / 1.3 = 1923 m.
    radius = 5.0 / 60 * 30 / 1.3 * 1000
    assert areas[0] == pytest.approx(math.pi * radius**2, rel=0.01)
    rng = np.random.default_rng(7)
    pts = rng.uniform([-5_000, -10_000], [25_000, 15_000], size=(3_000, 2))
    # Isochrones, like sheds, join each point's nearest node and take no direct local trip.
    graph_only = AccessLeg(direct_max_km=0.0, snap_nodes=1)
    back = compute_drive_to_nearest(abcd, pts, [B], access=graph_only)["drive_min"].to_numpy()
    # The graph is undirected, so origin->point equals point->origin.
    for p in pts[:20]:
        there = compute_drive_to_nearest(abcd, [B], [p]).loc[0, "drive_min"]
        assert there == pytest.approx(compute_drive_to_nearest(abcd, [p], [B]).loc[0, "drive_min"])
    for m, geom in zip(levels, iso.geometry, strict=True):
        inside = shapely.contains_xy(geom, pts[:, 0], pts[:, 1])
        assert (back[inside] <= m + 1e-6).all()
        assert inside[back <= 0.99 * m].all()
        assert inside.any()


def test_isochrones_unreachable_origin(abcd: RoadGraph) -> None:
    iso = build_isochrones(abcd, (900_000.0, 0.0), [30.0], access=AccessLeg(max_km=10.0))
    assert iso.geometry.iloc[0].is_empty
    with pytest.raises(ConfigError, match="at least one"):
        build_isochrones(abcd, B, [])


# ------------------------------------------------------------------------------------- CLI


def _parks_and_highways() -> tuple[Any, Any]:
    parks = gpd.GeoDataFrame(
        {"id": ["p1", "p2"]}, geometry=[shapely.Point(B), shapely.Point(D)], crs=CRS
    )
    return parks, _lines([(A, B), (B, C), (C, D)])


@pytest.fixture
def fake_layers(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data folder holding only the toy parks and highways."""
    import pandas as pd

    folder = tmp_path_factory.mktemp("data")
    parks, highways = _parks_and_highways()
    lonlat = parks.to_crs("EPSG:4326").geometry
    pd.DataFrame({"id": parks["id"], "name": parks["id"], "lon": lonlat.x, "lat": lonlat.y}).to_csv(
        folder / "parks.csv", index=False
    )
    highways.to_file(folder / "highways.gpkg", layer="highways")
    monkeypatch.setenv("SITESELECT_DATA_DIR", str(folder))


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the CLI entry point as a user would; return the exit code and stderr."""
    from siteselect.cli import main

    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.usefixtures("fake_layers")
def test_cli_isochrone_writes_geojson(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "iso.geojson"
    code, err = _run(["isochrone", "p1", "--minutes", "30,10", "-o", str(out)], capsys)
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    assert [f["properties"]["minutes"] for f in data["features"]] == [10.0, 30.0]
    assert {f["properties"]["park_id"] for f in data["features"]} == {"p1"}
    # derived from OpenStreetMap roads: every polygon carries the ODbL credit
    assert all("OpenStreetMap" in f["properties"]["attribution"] for f in data["features"])
    geom = shapely.geometry.shape(data["features"][1]["geometry"])
    lon, lat = geom.centroid.x, geom.centroid.y
    assert abs(lon) <= 180 and abs(lat) <= 90  # EPSG:4326 degrees, not metres
    small = shapely.geometry.shape(data["features"][0]["geometry"])
    first = small.geoms[0] if hasattr(small, "geoms") else small
    assert first.exterior.is_ccw  # RFC 7946 right-hand rule
    assert not list(tmp_path.glob("*.tmp"))

    # Refuse to overwrite without --force (exit 2), then overwrite with it.
    code, err = _run(["isochrone", "p1", "-o", str(out)], capsys)
    assert code == 2
    assert "--force" in err
    code, err = _run(["isochrone", "p2", "--minutes", "15", "-o", str(out), "--force"], capsys)
    assert code == 0, err
    assert f"wrote 1 isochrone of p2 to {out}" in err  # not "1 isochrones"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["park_id"] for f in data["features"]] == ["p2"]


@pytest.mark.usefixtures("fake_layers")
def test_cli_isochrone_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    from siteselect.cli import main

    main(["isochrone", "p2", "--minutes", "20"])
    data = json.loads(capsys.readouterr().out)
    assert len(data["features"]) == 1


@pytest.mark.usefixtures("fake_layers")
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["isochrone", "nope"], 3, "unknown park 'nope'"),
        (["isochrone", "p1", "--minutes", "30,abc"], 2, "'abc' is not a number"),
        (["isochrone", "p1", "--minutes", "0"], 2, "out of range"),
    ],
)
def test_cli_isochrone_errors(
    args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    got, err = _run(args, capsys)
    assert got == code
    assert message in err


def test_cli_isochrone_help() -> None:
    from siteselect.cli.isochrone import isochrone

    result = CliRunner().invoke(isochrone, ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


# ------------------------------------------------------------------- the embedded network


@pytest.fixture(scope="module")
def national() -> RoadGraph:
    from siteselect.layers import default_data_dir

    path = default_data_dir() / "highways.gpkg"
    if not path.exists():
        pytest.skip("data/highways.gpkg is absent (run `make data`)")
    edges = gpd.read_file(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SiteselectWarning)  # small islands are dropped
        return build_road_graph(edges)


def _lonlat_to_xy(lonlat: list[tuple[float, float]]) -> np.ndarray:
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    lon, lat = np.array(lonlat).T
    x, y = tr.transform(lon, lat)
    return np.column_stack([x, y])


def test_national_known_distances(national: RoadGraph) -> None:
    """Monterrey -> World Trade Bridge ≈ 230 km by road; Querétaro -> Nuevo Laredo ≈ 920 km."""
    monterrey, queretaro, wtb = _lonlat_to_xy(
        [(-100.3090, 25.6714), (-100.3899, 20.5888), (-99.5369, 27.5972)]
    )
    out = compute_drive_to_nearest(national, [monterrey, queretaro], [wtb])
    assert 200 <= out.loc[0, "drive_km"] <= 260
    assert 850 <= out.loc[1, "drive_km"] <= 1000
    assert out.loc[0, "drive_min"] > out.loc[0, "drive_km"] * 0.9  # at most ≈ 60 km/h


def test_national_never_shorter_than_straight_line(national: RoadGraph) -> None:
    rng = np.random.default_rng(42)
    nodes = np.column_stack([national.x, national.y])
    a = nodes[rng.choice(national.n_nodes, 200, replace=False)]
    b = nodes[rng.choice(national.n_nodes, 200, replace=False)]
    # One target per pass: pair i is origin a[i] to target b[i].
    straight = np.hypot(*(a - b).T) / 1000
    road = np.array(
        [
            compute_drive_to_nearest(national, a[i : i + 1], b[i : i + 1]).loc[0, "drive_km"]
            for i in range(0, 200, 10)
        ]
    )
    # scgraph coordinates are rounded to 0.001° (≈100 m), so allow 0.3 km of slack.
    assert (road >= straight[::10] - 0.3).all()
    # Many pairs at once: every origin to every target, through the shed machinery.
    far = compute_drive_to_nearest(national, a, b)
    chosen = b[far["target"].to_numpy()]
    crow = np.hypot(*(a - chosen).T) / 1000
    assert (far["drive_km"].to_numpy() >= crow - 0.3).all()


def test_build_uses_speed_column() -> None:
    """A per-edge ``speed_kph`` sets each edge's minutes; blanks take the default."""
    edges = _lines([(A, B), (B, C)], speed_kph=[30.0, np.nan])
    graph = build_road_graph(edges, max_edge_km=None, default_speed_kph=60.0)
    out = compute_drive_to_nearest(graph, [A], [C], access=AccessLeg())
    assert out.loc[0, "drive_km"] == pytest.approx(20.0)
    assert out.loc[0, "drive_min"] == pytest.approx(20.0 + 10.0)  # 10 km at 30 + 10 km at 60
    # a class column wins over the speed column (OSM extracts keep their class speeds)
    classed = _lines([(A, B)], speed_kph=[30.0], highway=["motorway"])
    g2 = build_road_graph(classed, class_column="highway", max_edge_km=None)
    assert compute_drive_to_nearest(g2, [A], [B]).loc[0, "drive_min"] == pytest.approx(7.5)
    with pytest.raises(DataError, match="'speed_kph' row 2"):
        build_road_graph(_lines([(A, B), (B, C)], speed_kph=[30.0, -5.0]))


def test_national_cienega_de_flores_reaches_monterrey_directly(national: RoadGraph) -> None:
    """Issue 10: the Ciénega de Flores parks reached Monterrey by a 106 km detour (real ≈30 km)."""
    cienega, monterrey = _lonlat_to_xy([(-100.19, 25.94), (-100.3097, 25.6714)])
    out = compute_drive_to_nearest(national, [cienega], [monterrey])
    straight_km = float(np.hypot(*(cienega - monterrey))) / 1000
    assert out.loc[0, "drive_km"] < 1.6 * straight_km


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), k=st.integers(1, 5))
def test_fastest_choice_is_the_lexsort_pick(seed: int, n: int, k: int) -> None:
    """The nearest-facility pick per origin against the three-key sort it replaced."""
    from siteselect.network.nearest import _fastest_choice

    rng = np.random.default_rng(seed)
    point = np.repeat(np.arange(n), k)
    total = rng.integers(0, 4, n * k).astype(float)  # ties on purpose
    leg = rng.integers(0, 3, n * k).astype(float)
    total[rng.random(n * k) < 0.2] = np.inf
    e = np.flatnonzero(np.isfinite(total))
    order = e[np.lexsort((leg[e], total[e], point[e]))]
    first = np.r_[True, point[order][1:] != point[order][:-1]] if order.size else order
    want = order[first] if order.size else order
    assert np.array_equal(_fastest_choice(point, total, leg, e), want)


def test_a_held_place_table_is_not_reused_for_other_weights_or_minutes() -> None:
    """The places' table is held with the graph (the same places serve every search): new
    weights, a new drive time or new places must each give what a fresh graph gives."""
    graph = build_random_graph(11, 40)
    rng = np.random.default_rng(11)
    origins = rng.uniform(5_000, 55_000, size=(30, 2))
    places = rng.uniform(0, 60_000, size=(50, 2))
    people = rng.integers(1, 500, size=50).astype(float)
    first = compute_shed(graph, origins, places, people, 20.0)
    cases = [(places, people * 2 + 1, 20.0), (places, people, 35.0), (places[::-1], people, 20.0)]
    for xy, weights, minutes in cases:
        got = compute_shed(graph, origins, xy, weights, minutes)
        fresh = compute_shed(build_random_graph(11, 40), origins, xy, weights, minutes)
        np.testing.assert_array_equal(got[0], fresh[0])
        np.testing.assert_array_equal(got[1], fresh[1])
        assert not np.array_equal(got[0], first[0])
