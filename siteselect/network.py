"""Drive times on the road network: nearest facility, labour sheds and isochrones.

The road network is a weighted graph held as two ``scipy.sparse`` CSR matrices of the same
sparsity (edge minutes and edge kilometres). All shortest paths run through
:func:`scipy.sparse.csgraph.dijkstra`, many sources per call, never one Python loop per
candidate over the graph.

Points that are not on the graph (candidate parks, facilities, towns) join it through an
*access leg*: the straight line to the nearest graph node (a k-d tree query) times a detour
factor, driven at a local speed (:class:`AccessLeg`; defaults 1.3 and 30 km/h). Both ends of a
trip pay their access leg.

The graph is undirected (the embedded scgraph highway network has no one-way information, and
the OpenStreetMap reader merges both directions of a road into one edge), so the drive time
from a facility to a site equals the drive time from the site to the facility. That is what
lets :func:`compute_drive_to_nearest` answer "nearest facility of a kind" for every candidate
with ONE Dijkstra pass from a super-source joined to all the facilities.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from siteselect.constants import METRIC_CRS
from siteselect.errors import ConfigError, DataError, SiteselectWarning

if TYPE_CHECKING:
    import geopandas as gpd


TRUCK_SPEEDS_KPH: Mapping[str, float] = MappingProxyType(
    {
        "motorway": 80.0,
        "trunk": 70.0,
        "primary": 60.0,
        "secondary": 50.0,
        "tertiary": 40.0,
        "unclassified": 30.0,
        "residential": 30.0,
        "motorway_link": 50.0,
        "trunk_link": 50.0,
        "primary_link": 40.0,
        "secondary_link": 40.0,
        "tertiary_link": 30.0,
        "living_street": 10.0,
        "road": 30.0,
    }
)
"""Loaded-truck cruising speeds (km/h) by OpenStreetMap ``highway`` class.

Heavy goods vehicles in Mexico are limited to 80 km/h on federal motorways (NOM-012-SCT-2 and
the federal highway regulations) and travel slower than cars elsewhere; these speeds are caps
for a loaded tractor-trailer, not posted car limits. Link roads (ramps) run slower than their
class. A class missing here gets the builder's ``default_speed_kph``.
"""

DEFAULT_SPEED_KPH = 60.0
"""Speed of edges with neither a ``speed_kph`` value nor a road class: a truck average.

The embedded highways carry their own per-edge ``speed_kph`` (built by ``tools/build_data.py``
from terrain and junction density); this number applies to user networks without either.
"""

SPEED_COLUMN = "speed_kph"
"""Per-edge speed column (km/h) that :func:`build_road_graph` uses when no class column is given."""

MERGE_TOLERANCE_M = 1.0
"""Edge end points closer than this (metres) are the same node."""

DEFAULT_MAX_EDGE_KM = 2.0
"""Longer edges are split into pieces of at most this length when the graph is built.

The scgraph highway edges run junction to junction and reach 480 km; a point beside such a road
would otherwise join the graph at a junction tens of kilometres away (median 26 km for random
points in the corridors). Splitting puts a node every 2 km or less along every road.
"""

_TIME_TOLERANCE_MIN = 1e-9
_CHUNK_CELLS = 500_000  # rows x columns of one dense block of drive times (4 MB: stays in cache)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class AccessLeg:
    """How a point off the graph reaches its nearest graph node.

    The leg is the straight line to the nearest node times ``detour_factor``, driven at
    ``speed_kph``. The defaults, a 1.3 detour (a common circuity factor for local roads) at
    30 km/h (urban and industrial-estate streets), are deliberately slow so that a point far
    from the network is not mistaken for a well-connected one.

    Parameters
    ----------
    detour_factor
        Road distance over straight-line distance on the access leg (>= 1).
    speed_kph
        Speed on the access leg, km/h.
    max_km
        Points whose straight line to the nearest node is longer than this are unreachable
        (infinite drive time, no target). Infinite by default: every point joins the graph.
    """

    detour_factor: float = 1.3
    speed_kph: float = 30.0
    max_km: float = math.inf

    def __post_init__(self) -> None:
        if not (math.isfinite(self.detour_factor) and self.detour_factor >= 1.0):
            msg = f"access detour_factor={self.detour_factor!r} must be a number >= 1"
            raise ConfigError(msg)
        if not (math.isfinite(self.speed_kph) and self.speed_kph > 0):
            msg = f"access speed_kph={self.speed_kph!r} must be a positive number"
            raise ConfigError(msg)
        if not self.max_km >= 0:
            msg = f"access max_km={self.max_km!r} must be >= 0 (or inf)"
            raise ConfigError(msg)


@dataclass(frozen=True, eq=False)
class RoadGraph:
    """An undirected road graph with travel times, built by :func:`build_road_graph`.

    Parameters
    ----------
    x, y
        Node coordinates, metres in ``crs``.
    minutes
        Symmetric CSR matrix of edge travel times in minutes (explicit zeros are zero-length
        edges, not missing ones).
    km
        Symmetric CSR matrix of edge lengths in km, with the same sparsity as ``minutes``.
    crs
        CRS of ``x``/``y``; always EPSG:6372.
    dropped_nodes, dropped_components
        Nodes and connected pieces left out because only the largest piece is kept.
    """

    x: FloatArray
    y: FloatArray
    minutes: Any
    km: Any
    crs: str
    dropped_nodes: int
    dropped_components: int

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.x.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of undirected edges."""
        return int(self.minutes.nnz // 2)

    @cached_property
    def tree(self) -> cKDTree:
        """k-d tree over the node coordinates, built on first use."""
        return cKDTree(np.column_stack([self.x, self.y]))

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The graph as plain arrays (for a cache file); :meth:`from_arrays` reads them back."""
        return {
            "x": self.x,
            "y": self.y,
            "indptr": self.minutes.indptr,
            "indices": self.minutes.indices,
            "minutes": self.minutes.data,
            "km": self.km.data,
            "dropped": np.array([self.dropped_nodes, self.dropped_components], dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> RoadGraph:
        """A graph from :meth:`to_arrays` output."""
        x = np.ascontiguousarray(arrays["x"], dtype=np.float64)
        n = x.shape[0]
        parts = (arrays["indices"], arrays["indptr"])
        minutes = sp.csr_matrix((arrays["minutes"], *parts), shape=(n, n))
        km = sp.csr_matrix((arrays["km"], *parts), shape=(n, n))
        dropped = arrays["dropped"]
        return cls(
            x=x,
            y=np.ascontiguousarray(arrays["y"], dtype=np.float64),
            minutes=minutes,
            km=km,
            crs=METRIC_CRS,
            dropped_nodes=int(dropped[0]),
            dropped_components=int(dropped[1]),
        )


# --------------------------------------------------------------------------------------------
# Building the graph
# --------------------------------------------------------------------------------------------


def build_road_graph(
    edges: gpd.GeoDataFrame,
    *,
    class_column: str | None = None,
    speeds_kph: Mapping[str, float] | None = None,
    default_speed_kph: float = DEFAULT_SPEED_KPH,
    max_edge_km: float | None = DEFAULT_MAX_EDGE_KM,
) -> RoadGraph:
    """Build a drivable graph from road edges.

    Edge end points within :data:`MERGE_TOLERANCE_M` (1 m) become one node. Edge lengths come
    from a ``length_km`` column when there is one, else from the geometry. Speeds come from the
    road class when ``class_column`` is given (OpenStreetMap extracts), else from a per-edge
    ``speed_kph`` column when there is one (the embedded highways; a blank value takes
    ``default_speed_kph``), else ``default_speed_kph`` everywhere. Parallel edges keep
    the fastest; self-loops (a zero-length edge whose ends merge) are dropped; a zero
    ``length_km`` between distinct nodes is kept as a zero-time edge. Only the largest
    connected piece is kept, with a :class:`~siteselect.errors.SiteselectWarning` naming what
    was dropped.

    Parameters
    ----------
    edges
        LineString (or MultiLineString) edges with a CRS; reprojected to EPSG:6372.
    class_column
        Column holding a road class per edge (e.g. OpenStreetMap ``highway``); ``None`` uses
        the ``speed_kph`` column if present, else ``default_speed_kph`` for every edge.
    speeds_kph
        Speed per class; defaults to :data:`TRUCK_SPEEDS_KPH` when ``class_column`` is given.
    default_speed_kph
        Speed of edges without a class, with a class missing from ``speeds_kph``, or with a
        blank ``speed_kph``.
    max_edge_km
        Split edges longer than this (by geometry) into equal pieces, so that points along long
        roads join the graph nearby; ``None`` keeps edges whole.

    Returns
    -------
    RoadGraph
        The graph in EPSG:6372.
    """
    import shapely

    frame = _prepare_edges(edges)
    n_in = len(frame)
    geoms = frame.geometry.to_numpy()
    geom_km = shapely.length(geoms) / 1000.0
    if "length_km" in frame.columns:
        km = pd.to_numeric(frame["length_km"], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(km) | (km < 0)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            msg = f"road edges: column 'length_km' row {row + 1} is missing or negative; fix it"
            raise DataError(msg)
    else:
        km = geom_km.astype(float)
    speed = _edge_speeds(frame, class_column, speeds_kph, default_speed_kph, n_in)
    minutes = km / speed * 60.0

    # End points, merged within 1 m.
    start = shapely.get_coordinates(shapely.get_point(geoms, 0))
    end = shapely.get_coordinates(shapely.get_point(geoms, -1))
    node_xy, labels = _merge_points(np.vstack([start, end]), MERGE_TOLERANCE_M)
    u = labels[:n_in]
    v = labels[n_in:]

    # Split long edges: interior points interpolated along the geometry, fresh node ids.
    if max_edge_km is not None:
        if not max_edge_km > 0:
            msg = f"max_edge_km={max_edge_km!r} must be positive (or None)"
            raise ConfigError(msg)
        pieces = np.maximum(1, np.ceil(geom_km / max_edge_km - 1e-9)).astype(np.int64)
    else:
        pieces = np.ones(n_in, dtype=np.int64)
    a, b, piece_km, piece_min, node_xy = _split_edges(
        geoms, u, v, km, minutes, pieces, node_xy, shapely
    )

    # Drop self-loops, keep the fastest of parallel edges.
    keep = a != b
    a, b, piece_km, piece_min = a[keep], b[keep], piece_km[keep], piece_min[keep]
    lo = np.minimum(a, b)
    hi = np.maximum(a, b)
    order = np.lexsort((piece_km, piece_min, hi, lo))
    lo, hi, piece_km, piece_min = lo[order], hi[order], piece_km[order], piece_min[order]
    first = np.ones(lo.shape[0], dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    lo, hi, piece_km, piece_min = lo[first], hi[first], piece_km[first], piece_min[first]
    if lo.shape[0] == 0:
        msg = "road edges: no edge joins two distinct points; the network is empty"
        raise DataError(msg)

    # Largest connected piece.
    n = node_xy.shape[0]
    adjacency = sp.coo_matrix((np.ones(lo.shape[0]), (lo, hi)), shape=(n, n))
    n_comp, comp = connected_components(adjacency, directed=False)
    dropped_nodes = 0
    dropped_components = 0
    if n_comp > 1:
        sizes = np.bincount(comp, minlength=n_comp)
        main = int(np.argmax(sizes))
        kept = comp == main
        dropped_nodes = int(n - sizes[main])
        dropped_components = int(n_comp - 1)
        new_id = np.full(n, -1, dtype=np.int64)
        new_id[kept] = np.arange(int(kept.sum()), dtype=np.int64)
        edge_kept = kept[lo]
        lo, hi = new_id[lo[edge_kept]], new_id[hi[edge_kept]]
        piece_km, piece_min = piece_km[edge_kept], piece_min[edge_kept]
        node_xy = node_xy[kept]
        n = node_xy.shape[0]
        msg = (
            f"road network: kept the largest connected piece ({n} nodes); dropped "
            f"{dropped_components} smaller piece(s) with {dropped_nodes} node(s) in all"
        )
        warnings.warn(msg, SiteselectWarning, stacklevel=2)

    rows = np.concatenate([lo, hi])
    cols = np.concatenate([hi, lo])
    minutes_m = _symmetric_csr(rows, cols, np.concatenate([piece_min, piece_min]), n)
    km_m = _symmetric_csr(rows, cols, np.concatenate([piece_km, piece_km]), n)
    return RoadGraph(
        x=np.ascontiguousarray(node_xy[:, 0], dtype=np.float64),
        y=np.ascontiguousarray(node_xy[:, 1], dtype=np.float64),
        minutes=minutes_m,
        km=km_m,
        crs=METRIC_CRS,
        dropped_nodes=dropped_nodes,
        dropped_components=dropped_components,
    )


def _prepare_edges(edges: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Check the CRS and geometry types, reproject to EPSG:6372, explode multi-lines."""
    if edges.crs is None:
        msg = "road edges have no CRS; set one (EPSG:6372 or EPSG:4326) before building a graph"
        raise DataError(msg)
    if len(edges) == 0:
        msg = "road edges: the layer is empty; a road graph needs at least one edge"
        raise DataError(msg)
    geom = edges.geometry
    missing = (geom.isna() | geom.is_empty).to_numpy()
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        msg = f"road edges: row {row + 1} has an empty or missing geometry; drop or fix it"
        raise DataError(msg)
    kinds = geom.geom_type.to_numpy()
    bad = ~np.isin(kinds, ["LineString", "MultiLineString"])
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = f"road edges: row {row + 1} is a {kinds[row]}, not a LineString; give line edges"
        raise DataError(msg)
    frame = edges.to_crs(METRIC_CRS) if not _is_metric(edges.crs) else edges
    if (kinds == "MultiLineString").any():
        if "length_km" in frame.columns:
            # Share an edge's length among its parts in proportion to their geometry.
            frame = frame.copy()
            frame["_total_m"] = frame.geometry.length
            frame = frame.explode(index_parts=False)
            share = frame.geometry.length / frame["_total_m"].where(frame["_total_m"] > 0, 1.0)
            frame["length_km"] = frame["length_km"] * share
            frame = frame.drop(columns="_total_m")
        else:
            frame = frame.explode(index_parts=False)
    return frame.reset_index(drop=True)


def _is_metric(crs: Any) -> bool:
    try:
        return bool(crs.to_epsg() == 6372)
    except Exception:  # pyproj raises on exotic CRSs; reprojecting is then the safe answer
        return False


def _edge_speeds(
    frame: gpd.GeoDataFrame,
    class_column: str | None,
    speeds_kph: Mapping[str, float] | None,
    default_speed_kph: float,
    n: int,
) -> FloatArray:
    """Speed (km/h) of each edge from its class, validated."""
    if not (math.isfinite(default_speed_kph) and default_speed_kph > 0):
        msg = f"default_speed_kph={default_speed_kph!r} must be a positive number"
        raise ConfigError(msg)
    if class_column is None:
        if SPEED_COLUMN not in frame.columns:
            return np.full(n, float(default_speed_kph))
        speed = pd.to_numeric(frame[SPEED_COLUMN], errors="coerce").to_numpy(dtype=float)
        bad = np.isinf(speed) | (speed <= 0)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            msg = (
                f"road edges: column {SPEED_COLUMN!r} row {row + 1} is {speed[row]!r}; "
                "speeds must be positive km/h (or blank for the default)"
            )
            raise DataError(msg)
        return np.where(np.isnan(speed), float(default_speed_kph), speed)
    if class_column not in frame.columns:
        msg = f"road edges: no {class_column!r} column for road classes; name an existing column"
        raise DataError(msg)
    table = dict(TRUCK_SPEEDS_KPH if speeds_kph is None else speeds_kph)
    for name, value in table.items():
        if not (math.isfinite(float(value)) and float(value) > 0):
            msg = f"speeds_kph[{name!r}]={value!r} must be a positive number"
            raise ConfigError(msg)
    classes = frame[class_column].to_numpy(dtype=object)
    speed = np.array(
        [
            float(table.get(c, default_speed_kph)) if isinstance(c, str) else default_speed_kph
            for c in classes
        ],
        dtype=float,
    )
    return speed


def _merge_points(points: FloatArray, tolerance: float) -> tuple[FloatArray, IntArray]:
    """Merge points closer than ``tolerance`` (transitively); return unique coords and labels."""
    uniq, inverse = np.unique(points, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    pairs = cKDTree(uniq).query_pairs(r=tolerance, output_type="ndarray")
    if pairs.shape[0] == 0:
        return uniq.astype(float), inverse.astype(np.int64)
    m = uniq.shape[0]
    link = sp.coo_matrix((np.ones(pairs.shape[0]), (pairs[:, 0], pairs[:, 1])), shape=(m, m))
    _, group = connected_components(link, directed=False)
    # Each group is represented by its first member's coordinates.
    _, first_idx, group_ids = np.unique(group, return_index=True, return_inverse=True)
    return uniq[first_idx].astype(float), group_ids.reshape(-1)[inverse].astype(np.int64)


def _split_edges(
    geoms: Any,
    u: IntArray,
    v: IntArray,
    km: FloatArray,
    minutes: FloatArray,
    pieces: IntArray,
    node_xy: FloatArray,
    shapely: Any,
) -> tuple[IntArray, IntArray, FloatArray, FloatArray, FloatArray]:
    """Split edge i into ``pieces[i]`` equal parts; interior points become new nodes."""
    m = u.shape[0]
    if int(pieces.max()) == 1:
        return u, v, km, minutes, node_xy
    n_interior = pieces - 1
    total_interior = int(n_interior.sum())
    owner = np.repeat(np.arange(m), n_interior)
    # Position of each interior point within its edge: 1 .. pieces-1.
    starts = np.cumsum(n_interior) - n_interior
    rank = np.arange(total_interior) - np.repeat(starts, n_interior) + 1
    frac = rank / pieces[owner]
    pts = shapely.line_interpolate_point(geoms[owner], frac, normalized=True)
    interior_xy = shapely.get_coordinates(pts)
    base = node_xy.shape[0]
    # Node sequence of each edge: u, interior..., v.
    counts = pieces + 1
    seq_start = np.cumsum(counts) - counts
    seq = np.empty(int(counts.sum()), dtype=np.int64)
    seq[seq_start] = u
    seq[seq_start + pieces] = v
    interior_pos = np.repeat(seq_start, n_interior) + rank
    seq[interior_pos] = base + np.arange(total_interior)
    is_end = np.zeros(seq.shape[0], dtype=bool)
    is_end[seq_start + pieces] = True
    a = seq[:-1][~is_end[:-1]]
    b = seq[1:][~is_end[:-1]]
    piece_owner = np.repeat(np.arange(m), pieces)
    return (
        a,
        b,
        km[piece_owner] / pieces[piece_owner],
        minutes[piece_owner] / pieces[piece_owner],
        np.vstack([node_xy, interior_xy]),
    )


def _symmetric_csr(rows: IntArray, cols: IntArray, data: FloatArray, n: int) -> Any:
    """CSR matrix keeping explicit zeros (zero-time edges) and sorted indices."""
    matrix = sp.csr_matrix((data.astype(np.float64), (rows, cols)), shape=(n, n))
    matrix.sort_indices()
    return matrix


# --------------------------------------------------------------------------------------------
# Access legs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Snap:
    node: IntArray
    minutes: FloatArray
    km: FloatArray
    ok: NDArray[np.bool_]


def _as_xy(values: ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 1 and arr.shape[0] == 2:
        arr = arr.reshape(1, 2)
    if arr.ndim != 2 or arr.shape[1] != 2:
        msg = f"{name}: expected an (n, 2) array of x/y metres in EPSG:6372, got shape {arr.shape}"
        raise DataError(msg)
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = f"{name}: row {row + 1} has a missing or infinite coordinate; drop or fix it"
        raise DataError(msg)
    return arr


def _snap(graph: RoadGraph, xy: FloatArray, access: AccessLeg) -> _Snap:
    """Nearest node of each point and the access leg's minutes and km."""
    if xy.shape[0] == 0:
        empty = np.zeros(0)
        return _Snap(np.zeros(0, dtype=np.int64), empty, empty, np.zeros(0, dtype=bool))
    dist_m, node = graph.tree.query(xy)
    straight_km = np.asarray(dist_m, dtype=float) / 1000.0
    leg_km = straight_km * access.detour_factor
    leg_min = leg_km / access.speed_kph * 60.0
    ok = straight_km <= access.max_km
    return _Snap(np.asarray(node, dtype=np.int64), leg_min, leg_km, ok)


# --------------------------------------------------------------------------------------------
# Nearest facility
# --------------------------------------------------------------------------------------------


def compute_drive_to_nearest(
    graph: RoadGraph,
    origins: ArrayLike,
    targets: ArrayLike,
    *,
    access: AccessLeg = AccessLeg(),
) -> pd.DataFrame:
    """Drive time and distance from each origin to its nearest target (by time).

    One Dijkstra pass from a super-source joined to every target's node by that target's
    access leg gives, for every node, the best ``access(target) + path`` over all targets; the
    graph being undirected, that is also the drive from the node to the target. The origin's
    own access leg is then added. Distances are summed along the fastest path by pointer
    doubling over the shortest-path tree.

    Parameters
    ----------
    graph
        The road graph.
    origins
        ``(n, 2)`` x/y metres in EPSG:6372.
    targets
        ``(k, 2)`` x/y metres in EPSG:6372 (facilities of one kind).
    access
        Access leg at both ends.

    Returns
    -------
    pandas.DataFrame
        One row per origin: ``drive_min``, ``drive_km`` and ``target`` (row index into
        ``targets``). An origin that reaches no target (no targets, or one of the ends beyond
        ``access.max_km``) has ``drive_min = inf``, ``drive_km = NaN`` and ``target = -1``.
    """
    origin_xy = _as_xy(origins, "origins")
    target_xy = _as_xy(targets, "targets")
    n_orig = origin_xy.shape[0]
    drive_min = np.full(n_orig, np.inf)
    drive_km = np.full(n_orig, np.nan)
    target = np.full(n_orig, -1, dtype=np.int64)
    tsnap = _snap(graph, target_xy, access)
    if n_orig and tsnap.ok.any():
        dist, dist_km, best = _nearest_field(graph, tsnap)
        osnap = _snap(graph, origin_xy, access)
        reach = osnap.ok & np.isfinite(dist[osnap.node])
        nodes = osnap.node[reach]
        drive_min[reach] = osnap.minutes[reach] + dist[nodes]
        drive_km[reach] = osnap.km[reach] + dist_km[nodes]
        target[reach] = best[nodes]
    return pd.DataFrame({"drive_min": drive_min, "drive_km": drive_km, "target": target})


def _nearest_field(graph: RoadGraph, tsnap: _Snap) -> tuple[FloatArray, FloatArray, IntArray]:
    """For every node: minutes and km to the nearest target, and which target."""
    n = graph.n_nodes
    idx = np.flatnonzero(tsnap.ok)
    # Per node, the target with the shortest access leg (others at that node never win).
    order = idx[np.lexsort((idx, tsnap.minutes[idx]))]
    roots, first = np.unique(tsnap.node[order], return_index=True)
    root_target = order[first]
    root_min = tsnap.minutes[root_target]
    root_km = tsnap.km[root_target]

    base = graph.minutes.tocoo()
    source = n
    rows = np.concatenate([base.row, np.full(roots.shape[0], source)])
    cols = np.concatenate([base.col, roots])
    data = np.concatenate([base.data, root_min])
    augmented = sp.csr_matrix((data, (rows, cols)), shape=(n + 1, n + 1))
    dist_all, pred_all = dijkstra(
        augmented, directed=True, indices=source, return_predecessors=True
    )
    dist = np.asarray(dist_all[:n], dtype=float)
    pred = np.asarray(pred_all[:n], dtype=np.int64)

    node_ids = np.arange(n, dtype=np.int64)
    reached = np.isfinite(dist)
    is_root = pred == source
    parent = np.where(reached & ~is_root & (pred >= 0), pred, node_ids)
    step_km = np.zeros(n)
    inner = parent != node_ids
    step_km[inner] = np.asarray(graph.km[parent[inner], node_ids[inner]]).ravel()
    km_to, root_of = _climb(parent, step_km)

    target_at = np.full(n, -1, dtype=np.int64)
    target_at[roots] = root_target
    km_at = np.zeros(n)
    km_at[roots] = root_km
    best = np.where(reached, target_at[root_of], -1)
    total_km = np.where(reached, km_to + km_at[root_of], np.nan)
    return dist, total_km, best


def _climb(parent: IntArray, step: FloatArray) -> tuple[FloatArray, IntArray]:
    """Sum ``step`` up a forest to its roots (``parent[r] == r``) by pointer doubling.

    O(n log depth) vector operations instead of a walk per node.
    """
    parent = parent.copy()
    total = step.copy()
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return total, parent
        total = total + total[parent] * (parent != np.arange(parent.shape[0]))
        parent = grand


# --------------------------------------------------------------------------------------------
# Sheds: everything within a drive time
# --------------------------------------------------------------------------------------------


def compute_population_within(
    graph: RoadGraph,
    origins: ArrayLike,
    population_xy: ArrayLike,
    population: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> FloatArray:
    """Population living within ``minutes`` of each origin (the labour shed).

    A place counts when ``access(origin) + path + access(place) <= minutes``.

    Parameters
    ----------
    graph
        The road graph.
    origins
        ``(n, 2)`` x/y metres in EPSG:6372.
    population_xy
        ``(p, 2)`` x/y metres of populated places.
    population
        ``(p,)`` people per place (finite, >= 0).
    minutes
        Drive-time threshold (inclusive).
    access
        Access leg at both ends.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` people within reach (0 for an unreachable origin).
    """
    total, _ = _shed(graph, origins, population_xy, population, minutes, access, "population")
    return total


def compute_commute_burden(
    graph: RoadGraph,
    origins: ArrayLike,
    population_xy: ArrayLike,
    population: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> FloatArray:
    """Population-weighted mean drive time (minutes) of each origin's shed within ``minutes``.

    Parameters
    ----------
    graph, origins, population_xy, population, minutes, access
        As for :func:`compute_population_within`.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` minutes; NaN where nobody lives within reach.
    """
    total, weighted = _shed(
        graph, origins, population_xy, population, minutes, access, "population"
    )
    out = np.full(total.shape[0], np.nan)
    has = total > 0
    out[has] = weighted[has] / total[has]
    return out


def compute_shed(
    graph: RoadGraph,
    origins: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> tuple[FloatArray, FloatArray]:
    """Sum of weights within ``minutes`` of each origin, and the weighted sum of drive times.

    The one pass behind :func:`compute_population_within` and :func:`compute_commute_burden`
    (``weighted / total`` is the commute burden).
    """
    return _shed(graph, origins, points_xy, weights, minutes, access, "population")


def compute_count_within(
    graph: RoadGraph,
    origins: ArrayLike,
    targets_xy: ArrayLike,
    minutes: float,
    *,
    access: AccessLeg = AccessLeg(),
) -> IntArray:
    """Number of targets (e.g. border crossings) within ``minutes`` of each origin.

    Parameters
    ----------
    graph
        The road graph.
    origins
        ``(n, 2)`` x/y metres in EPSG:6372.
    targets_xy
        ``(k, 2)`` x/y metres in EPSG:6372.
    minutes
        Drive-time threshold (inclusive).
    access
        Access leg at both ends.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` integer counts.
    """
    xy = _as_xy(targets_xy, "targets_xy")
    ones = np.ones(xy.shape[0])
    total, _ = _shed(graph, origins, xy, ones, minutes, access, "targets")
    return np.rint(total).astype(np.int64)


def _shed(
    graph: RoadGraph,
    origins: ArrayLike,
    points_xy: ArrayLike,
    weights: ArrayLike,
    minutes: float,
    access: AccessLeg,
    label: str,
) -> tuple[FloatArray, FloatArray]:
    """Sum of weights within ``minutes`` of each origin, and the weighted sum of drive times.

    Bounded Dijkstra (``limit``) from the origins' distinct nodes, chunked so that no dense
    block exceeds :data:`_CHUNK_CELLS` cells. Only the (origin, reached node) pairs are then
    expanded to the places at those nodes, so the work after Dijkstra grows with what is
    reached, not with origins x places.
    """
    origin_xy = _as_xy(origins, "origins")
    xy = _as_xy(points_xy, f"{label} coordinates")
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape[0] != xy.shape[0]:
        msg = f"{label}: {w.shape[0]} values for {xy.shape[0]} points; give one value per point"
        raise DataError(msg)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = f"{label}: value at row {row + 1} is {w[row]!r}; values must be finite and >= 0"
        raise DataError(msg)
    if not (math.isfinite(minutes) and minutes >= 0):
        msg = f"minutes={minutes!r} must be a finite number >= 0"
        raise ConfigError(msg)
    if origin_xy.shape[0] >= NODE_REACH_MIN_ORIGINS:  # many origins: per node, then gather
        return compute_shed_by_node(graph, origin_xy, xy, w, minutes, access=access)
    n_orig = origin_xy.shape[0]
    total = np.zeros(n_orig)
    weighted = np.zeros(n_orig)
    psnap = _snap(graph, xy, access)
    keep = psnap.ok & (w > 0) & (psnap.minutes <= minutes + _TIME_TOLERANCE_MIN)
    if n_orig == 0 or not keep.any():
        return total, weighted
    p_node = psnap.node[keep]
    p_min = psnap.minutes[keep]
    p_w = w[keep]
    # Places grouped by node: p_order[p_start[n] : p_start[n] + p_count[n]] are node n's.
    p_order = np.argsort(p_node, kind="stable")
    p_count = np.bincount(p_node, minlength=graph.n_nodes)
    p_start = np.cumsum(p_count) - p_count
    place_nodes = np.flatnonzero(p_count)
    osnap = _snap(graph, origin_xy, access)
    min_place = float(p_min.min())
    live = np.flatnonzero(osnap.ok & (osnap.minutes + min_place <= minutes + _TIME_TOLERANCE_MIN))
    chunk = int(max(1, min(1024, _CHUNK_CELLS // graph.n_nodes)))
    for start in range(0, live.shape[0], chunk):
        rows = live[start : start + chunk]
        o_min = osnap.minutes[rows]
        nodes, which = np.unique(osnap.node[rows], return_inverse=True)
        which = which.reshape(-1)
        limit = minutes - float(o_min.min()) - min_place + 1e-6
        dist = dijkstra(graph.minutes, directed=True, indices=nodes, limit=limit)
        # Only the columns of nodes that have places matter.
        r, j = np.nonzero(np.isfinite(dist[:, place_nodes]))
        nd = place_nodes[j]
        # (node row, place) pairs, then (origin, place) pairs.
        src, place = _expand(nd, p_start, p_count, p_order)
        pair_row = r[src]
        pair_min = dist[r, nd][src] + p_min[place]
        o_order = np.argsort(which, kind="stable")
        o_count = np.bincount(which, minlength=nodes.shape[0])
        o_start = np.cumsum(o_count) - o_count
        src2, origin = _expand(pair_row, o_start, o_count, o_order)
        place = place[src2]
        times = pair_min[src2] + o_min[origin]
        inside = times <= minutes + _TIME_TOLERANCE_MIN
        origin, place, times = origin[inside], place[inside], times[inside]
        total[rows] = np.bincount(origin, weights=p_w[place], minlength=rows.shape[0])
        weighted[rows] = np.bincount(origin, weights=p_w[place] * times, minlength=rows.shape[0])
    return total, weighted


def _expand(
    keys: IntArray, start: IntArray, count: IntArray, members: IntArray
) -> tuple[IntArray, IntArray]:
    """Expand each key into its group's members: (position in ``keys``, member) pairs."""
    reps = count[keys]
    src = np.repeat(np.arange(keys.shape[0]), reps)
    offsets = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    return src, members[np.repeat(start[keys], reps) + offsets]


# --------------------------------------------------------------------------------------------
# Isochrones
# --------------------------------------------------------------------------------------------


def build_isochrones(
    graph: RoadGraph,
    origin_xy: ArrayLike,
    minutes: Sequence[float],
    *,
    access: AccessLeg = AccessLeg(),
    quad_segs: int = 16,
) -> gpd.GeoDataFrame:
    """Areas reachable from one origin within each drive time.

    The area for ``m`` minutes is the set of points ``p`` whose trip from the origin,
    ``access(origin) + path(node(origin), node(p)) + access(p)``, takes at most ``m``, where
    ``node(p)`` is ``p``'s nearest node: exactly what :func:`compute_drive_to_nearest` computes
    for ``p``. It is built as the union, over reached nodes, of the node's Voronoi cell cut by a
    disc whose radius is the remaining time driven on the access leg. Discs are polygons with
    ``quad_segs`` segments per quarter, inscribed in the true circle, so every point inside a
    polygon is within the time.

    Parameters
    ----------
    graph
        The road graph.
    origin_xy
        ``(2,)`` or ``(1, 2)`` x/y metres in EPSG:6372.
    minutes
        Drive times (each finite and >= 0).
    access
        Access leg at both ends.
    quad_segs
        Segments per quarter circle of the discs.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per time, ascending, with column ``minutes`` and (Multi)Polygon geometry in
        EPSG:6372; an empty polygon where nothing is reachable.
    """
    import geopandas as gpd
    import shapely

    xy = _as_xy(origin_xy, "origin_xy")
    if xy.shape[0] != 1:
        msg = f"origin_xy: expected one point, got {xy.shape[0]}; call once per origin"
        raise DataError(msg)
    levels = sorted(float(m) for m in minutes)
    if not levels:
        msg = "minutes: give at least one drive time (e.g. 30,45,60)"
        raise ConfigError(msg)
    for m in levels:
        if not (math.isfinite(m) and m >= 0):
            msg = f"minutes: {m!r} is not a finite drive time >= 0"
            raise ConfigError(msg)
    snap = _snap(graph, xy, access)
    geoms: list[Any] = [shapely.Polygon() for _ in levels]
    top = levels[-1]
    if snap.ok[0] and snap.minutes[0] <= top:
        limit = top - float(snap.minutes[0])
        dist = dijkstra(graph.minutes, directed=True, indices=int(snap.node[0]), limit=limit)
        t = float(snap.minutes[0]) + np.asarray(dist, dtype=float)
        reached = np.flatnonzero(t <= top + _TIME_TOLERANCE_MIN)
        metres_per_min = access.speed_kph / access.detour_factor / 60.0 * 1000.0
        r_cap = access.max_km * 1000.0
        max_r = min((top - float(t[reached].min())) * metres_per_min, r_cap)
        cells = _voronoi_cells(graph, reached, max_r, shapely)
        px = graph.x[reached]
        py = graph.y[reached]
        for i, m in enumerate(levels):
            sel = t[reached] <= m + _TIME_TOLERANCE_MIN
            if not sel.any():
                continue
            radius = np.minimum((m - t[reached][sel]) * metres_per_min, r_cap)
            discs = shapely.buffer(shapely.points(px[sel], py[sel]), radius, quad_segs=quad_segs)
            pieces = shapely.intersection(cells[sel], discs)
            # Snap to a 1 cm grid: keeps the union valid through reprojection and export.
            geoms[i] = shapely.set_precision(shapely.union_all(pieces), 0.01)
    return gpd.GeoDataFrame({"minutes": levels}, geometry=geoms, crs=graph.crs)


def _voronoi_cells(graph: RoadGraph, reached: IntArray, max_r: float, shapely: Any) -> Any:
    """Voronoi cells of the reached nodes among all nodes that can compete with them.

    A point within ``max_r`` of node ``n`` lies in ``n``'s cell unless a node lies within
    ``2 max_r`` of ``n``, so only nodes in the reached nodes' box grown by ``2 max_r`` matter.
    """
    rx = graph.x[reached]
    ry = graph.y[reached]
    pad = 2.0 * max_r + 1.0
    x0, x1 = rx.min() - pad, rx.max() + pad
    y0, y1 = ry.min() - pad, ry.max() + pad
    near = np.flatnonzero((graph.x >= x0) & (graph.x <= x1) & (graph.y >= y0) & (graph.y <= y1))
    position = np.full(graph.n_nodes, -1, dtype=np.int64)
    position[near] = np.arange(near.shape[0])
    box = shapely.box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    if near.shape[0] == 1:
        return np.array([box], dtype=object)
    points = shapely.multipoints(np.column_stack([graph.x[near], graph.y[near]]))
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=box, ordered=True))
    return cells[position[reached]]


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
        src, dst, minutes, km = _reach_pairs(graph, osnap, tsnap, float(max_minutes))
    else:
        dst, src, minutes, km = _reach_pairs(graph, tsnap, osnap, float(max_minutes))
    order = np.lexsort((dst, src))
    return src[order], dst[order], minutes[order], km[order]


def _reach_pairs(
    graph: RoadGraph, ssnap: _Snap, psnap: _Snap, max_minutes: float
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
        dist, pred = dijkstra(
            graph.minutes,
            directed=True,
            indices=nodes_all[rows],
            limit=limit,
            return_predecessors=True,
        )
        dist = np.asarray(dist, dtype=float).reshape(rows.shape[0], n)
        r, j = np.nonzero(np.isfinite(dist[:, place_nodes]))
        if r.shape[0] == 0:
            continue
        nd = place_nodes[j]
        path_km = _tree_km(graph, np.asarray(pred, dtype=np.int64).reshape(rows.shape[0], n))
        # (source node row, place) pairs, then (source point, place) pairs.
        src_pair, place_pos = _expand(nd, p_start, p_count, p_order)
        place = p_idx[place_pos]
        pair_row = r[src_pair]
        pair_node = nd[src_pair]
        node_min = dist[pair_row, pair_node] + psnap.minutes[place]
        node_km = path_km[pair_row, pair_node] + psnap.km[place]
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
# Closed roads
# --------------------------------------------------------------------------------------------


def cut_road_graph(graph: RoadGraph, centres: ArrayLike, radii_km: ArrayLike) -> RoadGraph:
    """The graph with every road within a radius of each centre removed (a closed area).

    Nodes inside a circle go, and so does every edge whose segment passes through one, so
    points in or near the area join the network where it is still open. What is left is
    kept whole, even if the cut splits it: a trip that needs the closed roads becomes
    unreachable (infinite) rather than routed through them.

    Parameters
    ----------
    graph
        The road graph.
    centres
        ``(c, 2)`` x/y metres in EPSG:6372.
    radii_km
        ``(c,)`` radii in km (> 0), or one radius for every centre.

    Returns
    -------
    RoadGraph
        A new graph; ``dropped_nodes`` counts the nodes removed by the cut as well.
    """
    xy = _as_xy(centres, "centres")
    radii = np.broadcast_to(np.asarray(radii_km, dtype=float), (xy.shape[0],))
    if not np.all(np.isfinite(radii) & (radii > 0)):
        msg = f"closed road radii must be positive km, got {radii.tolist()!r}"
        raise ConfigError(msg)
    coo = sp.triu(graph.minutes, format="coo")
    km_coo = sp.triu(graph.km, format="coo")
    a, b = coo.row.astype(np.int64), coo.col.astype(np.int64)
    ax, ay, bx, by = graph.x[a], graph.y[a], graph.x[b], graph.y[b]
    node_out = np.zeros(graph.n_nodes, dtype=bool)
    edge_out = np.zeros(a.shape[0], dtype=bool)
    for (cx, cy), r_km in zip(xy, radii, strict=True):
        r = r_km * 1000.0
        node_out |= np.hypot(graph.x - cx, graph.y - cy) <= r
        # Distance from the centre to each segment.
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = np.where(length2 > 0, ((cx - ax) * dx + (cy - ay) * dy) / np.maximum(length2, 1e-12), 0)
        t = np.clip(t, 0.0, 1.0)
        edge_out |= np.hypot(ax + t * dx - cx, ay + t * dy - cy) <= r
    edge_out |= node_out[a] | node_out[b]
    kept_nodes = ~node_out
    if not kept_nodes.any():
        msg = "the closed roads cover the whole road network; nothing is left to drive on"
        raise ConfigError(msg)
    new_id = np.full(graph.n_nodes, -1, dtype=np.int64)
    new_id[kept_nodes] = np.arange(int(kept_nodes.sum()), dtype=np.int64)
    keep_edge = ~edge_out
    lo, hi = new_id[a[keep_edge]], new_id[b[keep_edge]]
    n = int(kept_nodes.sum())
    rows = np.concatenate([lo, hi])
    cols = np.concatenate([hi, lo])
    minutes = coo.data[keep_edge]
    # triu of both matrices lists the same edges in the same order (same sparsity).
    km = km_coo.data[keep_edge]
    return RoadGraph(
        x=np.ascontiguousarray(graph.x[kept_nodes]),
        y=np.ascontiguousarray(graph.y[kept_nodes]),
        minutes=_symmetric_csr(rows, cols, np.concatenate([minutes, minutes]), n),
        km=_symmetric_csr(rows, cols, np.concatenate([km, km]), n),
        crs=graph.crs,
        dropped_nodes=graph.dropped_nodes + int(node_out.sum()),
        dropped_components=graph.dropped_components,
    )


# --------------------------------------------------------------------------------------------
# Per-node reach: what lies within a drive time of each road node, for any time left
# --------------------------------------------------------------------------------------------

NODE_REACH_MIN_ORIGINS = 1_000
"""From this many origins on, a shed is computed per road node and gathered per origin.

:func:`compute_shed` (and the counts and populations built on it) then runs
:func:`compute_shed_by_node`: one table per distinct node that the origins join
(:func:`compute_node_reach`), instead of expanding (origin, place) pairs per origin chunk.
Both paths give the same values; ``tests/test_network_node_reach.py`` checks them against
each other.
"""

_REACH_SOURCES = 128  # sources of one bounded pass (spatially close, so their balls overlap)
_REACH_BLOCK = 2_000_000  # cells of one dense block of distances (16 MB)


@dataclass(frozen=True)
class AccessLegs:
    """Where points join the graph: the nearest node and the access leg of each point.

    Attributes
    ----------
    node
        Nearest graph node of each point.
    minutes, km
        The access leg (straight line x detour factor, at the access speed).
    ok
        False where the straight line is longer than :attr:`AccessLeg.max_km`.
    """

    node: IntArray
    minutes: FloatArray
    km: FloatArray
    ok: NDArray[np.bool_]


def compute_access_legs(
    graph: RoadGraph, points: ArrayLike, *, access: AccessLeg = AccessLeg()
) -> AccessLegs:
    """The node each point joins and its access leg (what every drive measure adds).

    Parameters
    ----------
    graph
        The road graph.
    points
        ``(n, 2)`` x/y metres in EPSG:6372.
    access
        The access leg.

    Returns
    -------
    AccessLegs
    """
    snap = _snap(graph, _as_xy(points, "points"), access)
    return AccessLegs(node=snap.node, minutes=snap.minutes, km=snap.km, ok=snap.ok)


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
        if minutes > self.limit + _TIME_TOLERANCE_MIN:
            msg = f"a reach table of {self.limit:g} min cannot answer {minutes:g} min"
            raise ValueError(msg)
        rows = self.locate(node_ids)
        if (rows < 0).any():
            msg = "some origins join nodes that the reach table does not hold"
            raise ValueError(msg)
        leg = np.asarray(access_minutes, dtype=np.float64).reshape(-1)
        start = self.indptr[rows]
        lo = start.copy()
        hi = self.indptr[rows + 1].copy()
        bound = minutes + _TIME_TOLERANCE_MIN
        last = max(self.n_entries - 1, 0)
        # Binary search for the first entry that is too far; the test is monotone in entries.
        while True:
            open_ = lo < hi
            if not open_.any():
                break
            mid = (lo + hi) // 2
            inside = np.zeros(lo.shape[0], dtype=bool)
            if self.n_entries:
                inside = (self.minutes[np.minimum(mid, last)] + leg) <= bound
            lo = np.where(open_ & inside, mid + 1, lo)
            hi = np.where(open_ & ~inside, mid, hi)
        has = lo > start
        end = np.maximum(lo - 1, 0)
        total = np.where(has, self.cum_weight[end] if self.n_entries else 0.0, 0.0)
        path = np.where(has, self.cum_weighted[end] if self.n_entries else 0.0, 0.0)
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
    if not (math.isfinite(minutes) and minutes >= 0):
        msg = f"minutes={minutes!r} must be a finite number >= 0"
        raise ConfigError(msg)
    query = np.unique(np.asarray(nodes, dtype=np.int64).reshape(-1))
    if query.size and (query[0] < 0 or query[-1] >= graph.n_nodes):
        msg = f"node ids must lie in 0..{graph.n_nodes - 1}"
        raise DataError(msg)
    xy = _as_xy(points_xy, "places") if np.size(points_xy) else np.zeros((0, 2))
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape[0] != xy.shape[0]:
        msg = f"places: {w.shape[0]} values for {xy.shape[0]} points; give one value per point"
        raise DataError(msg)
    if (~np.isfinite(w) | (w < 0)).any():
        msg = "places: values must be finite and >= 0"
        raise DataError(msg)
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
    origin_xy = _as_xy(origins, "origins")
    osnap = _snap(graph, origin_xy, access)
    total = np.zeros(origin_xy.shape[0])
    weighted = np.zeros(origin_xy.shape[0])
    live = np.flatnonzero(osnap.ok & (osnap.minutes <= minutes + _TIME_TOLERANCE_MIN))
    if live.size == 0:
        return total, weighted
    table = compute_node_reach(graph, osnap.node[live], points_xy, weights, minutes, access=access)
    total[live], weighted[live] = table.gather(osnap.node[live], osnap.minutes[live], minutes)
    return total, weighted


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
    order = np.lexsort((times, q))
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
    step = 1
    while step < out.shape[0]:
        same = segment[step:] == segment[:-step]
        if not same.any():
            break
        out[step:] = out[step:] + np.where(same, out[:-step], 0.0)
        step *= 2
    return out


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

    Returns positions into ``sources`` and ``targets`` and the minutes. Sources run in
    spatial chunks; each chunk's Dijkstra runs on the subgraph of nodes within the chunk's
    largest limit of some source in it (one multi-source pass finds them). Every node on a
    shortest path of at most that length lies in the subgraph, so the distances are those of
    the whole graph.
    """
    n = graph.n_nodes
    target_pos = np.full(n, -1, dtype=np.int64)
    target_pos[targets] = np.arange(targets.size)
    order = _spatial_order(graph.x[sources], graph.y[sources])
    out_s: list[IntArray] = []
    out_t: list[IntArray] = []
    out_d: list[FloatArray] = []
    for begin in range(0, order.size, _REACH_SOURCES):
        chunk = order[begin : begin + _REACH_SOURCES]
        lim = float(limits[chunk].max())
        if lim < 0:
            continue
        lim += 1e-6  # scipy drops nodes beyond the limit; the exact test comes later
        ball = dijkstra(
            graph.minutes, directed=True, indices=sources[chunk], limit=lim, min_only=True
        )
        inner = np.flatnonzero(np.isfinite(ball))
        sub = graph.minutes[inner][:, inner]
        src_local = np.searchsorted(inner, sources[chunk])
        cols = np.flatnonzero(target_pos[inner] >= 0)
        if cols.size == 0:
            continue
        batch = max(1, _REACH_BLOCK // max(inner.size, 1))
        for b in range(0, chunk.size, batch):
            rows = chunk[b : b + batch]
            dist = dijkstra(sub, directed=True, indices=src_local[b : b + batch], limit=lim)
            block = dist[:, cols]
            r, c = np.nonzero(block <= (limits[rows] + 1e-6)[:, None])
            out_s.append(rows[r].astype(np.int64))
            out_t.append(target_pos[inner[cols[c]]])
            out_d.append(np.asarray(block[r, c], dtype=np.float64))
    if not out_s:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_s), np.concatenate(out_t), np.concatenate(out_d)
