"""backup_drive_time: the nearest target and the nearest of another group, per site.

The vectorised pick (:func:`_first_two`) is checked against the per-origin loop it replaced,
and the measure's per-node shortcut (a site's trips are its road node's plus its own access
leg) against pairs computed from every site directly.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from siteselect.criteria.backup_drive_time import _first_two
from siteselect.network import AccessLeg, build_road_graph, compute_reach_pairs


def _loop(
    origin: np.ndarray, target: np.ndarray, minutes: np.ndarray, group: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The former implementation: one origin at a time."""
    first = np.full(n, np.inf)
    second = np.full(n, np.inf)
    backup = np.full(n, -1, dtype=np.int64)
    order = np.lexsort((target, minutes, origin))
    origin, target, minutes = origin[order], target[order], minutes[order]
    start = np.searchsorted(origin, np.arange(n))
    count = np.bincount(origin, minlength=n)
    for i in np.flatnonzero(count):
        rows = slice(start[i], start[i] + count[i])
        t, m = target[rows], minutes[rows]
        first[i] = m[0]
        other = np.flatnonzero(group[t] != group[t[0]])
        if other.size:
            second[i] = m[other[0]]
            backup[i] = t[other[0]]
    return first, second, backup


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 15),
    k=st.integers(1, 8),
    groups=st.integers(1, 4),
)
def test_first_two_equal_the_loop(seed: int, n: int, k: int, groups: int) -> None:
    rng = np.random.default_rng(seed)
    origin = np.repeat(np.arange(n), k)
    target = np.tile(np.arange(k), n)
    keep = rng.random(origin.size) < 0.8
    origin, target = origin[keep], target[keep]
    minutes = rng.integers(0, 20, origin.size).astype(float)  # ties on purpose
    group = rng.integers(0, groups, k)
    got = _first_two(origin, target, minutes, group, n)
    want = _loop(origin, target, minutes, group, n)
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a, b)


def test_sites_at_one_node_share_its_order_shifted_by_their_legs() -> None:
    rng = np.random.default_rng(7)
    pts = rng.uniform(0, 50_000, size=(30, 2))
    # A ring with chords: one connected network.
    lines = [shapely.LineString([pts[i], pts[(i + 1) % 30]]) for i in range(30)]
    lines += [shapely.LineString([pts[i], pts[(i + 7) % 30]]) for i in range(0, 30, 3)]
    edges = gpd.GeoDataFrame(geometry=lines, crs="EPSG:6372")
    graph = build_road_graph(edges, max_edge_km=None)
    access = AccessLeg(max_km=20.0)
    sites = rng.uniform(0, 50_000, size=(40, 2))
    targets = rng.uniform(0, 50_000, size=(6, 2))
    group = np.array([0, 0, 1, 1, 2, 3])
    # Directly from every site.
    o, t, m, _ = compute_reach_pairs(graph, sites, targets, access=access, with_km=False)
    want = _first_two(o, t, m, group, len(sites))
    # Through the sites' nodes, as the measure does.
    dist, node = graph.tree.query(sites)
    leg = dist / 1000 * access.detour_factor / access.speed_kph * 60
    nodes, which = np.unique(node, return_inverse=True)
    node_xy = np.column_stack([graph.x[nodes], graph.y[nodes]])
    o, t, m, _ = compute_reach_pairs(graph, node_xy, targets, access=access, with_km=False)
    n1, n2, b2 = _first_two(o, t, m, group, nodes.size)
    assert np.allclose(n1[which] + leg, want[0], rtol=1e-12)
    assert np.allclose(n2[which] + leg, want[1], rtol=1e-12)
    assert np.array_equal(b2[which], want[2])
