"""Seeded random road networks for the network tests (a Delaunay mesh with edges dropped).

Shared by the tests of ``siteselect.network`` that check a kernel against networkx or a
direct sum on a graph nobody drew by hand.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import shapely
from scipy.spatial import Delaunay

from siteselect.errors import SiteselectWarning
from siteselect.network import RoadGraph, build_road_graph

CRS = "EPSG:6372"


def build_random_edges(
    seed: int,
    n: int,
    *,
    extent_m: float = 60_000.0,
    column: str = "speed_kph",
    values: Sequence[object] = (30.0, 60.0, 80.0),
    keep_chain: bool = True,
    zero_edges: bool = False,
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Road lines between ``n`` seeded points of a square, and the points.

    The Delaunay mesh of the points, each edge kept with probability 0.7 so that paths
    wander; ``keep_chain`` keeps every edge ``(i, i + 1)`` too (a spanning chain when the mesh
    has it). ``column`` holds one of ``values`` per line (speeds or road classes).
    ``zero_edges`` merges points 0 and 1 into one node and gives three lines zero length.
    """
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, extent_m, size=(n, 2))
    if zero_edges:
        pts[1] = pts[0] + 0.5  # merged into one node: a zero-length edge if linked elsewhere
    tri = Delaunay(pts)
    pairs = sorted(
        {tuple(sorted((int(s[i]), int(s[(i + 1) % 3])))) for s in tri.simplices for i in range(3)}
    )
    # The draw comes first so that every edge takes one draw, chain or not.
    chosen = [p for p in pairs if rng.random() < 0.7 or (keep_chain and p[1] == p[0] + 1)]
    edges = gpd.GeoDataFrame(
        {column: rng.choice(np.asarray(values), size=len(chosen))},
        geometry=[shapely.LineString([pts[a], pts[b]]) for a, b in chosen],
        crs=CRS,
    )
    if zero_edges:
        edges["length_km"] = edges.length / 1000.0
        edges.loc[edges.index[:3], "length_km"] = 0.0
    return edges, pts


def build_random_graph(seed: int, n: int, **options: object) -> RoadGraph:
    """:func:`build_random_edges` as a road graph (a piece left unconnected is allowed)."""
    edges, _ = build_random_edges(seed, n, **options)
    class_column = "highway" if "highway" in edges.columns else None
    with warnings.catch_warnings():  # a random graph may leave a piece unconnected
        warnings.simplefilter("ignore", SiteselectWarning)
        if class_column is None:
            return build_road_graph(edges, max_edge_km=None)
        return build_road_graph(edges, class_column=class_column, max_edge_km=None)
