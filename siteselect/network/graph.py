"""The road graph: truck and car speeds, the access leg, building a graph, closing roads."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from siteselect.constants import METRIC_CRS
from siteselect.errors import ConfigError, DataError, SiteselectWarning
from siteselect.network._common import FloatArray, IntArray, _as_xy

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

CAR_SPEEDS_KPH: Mapping[str, float] = MappingProxyType(
    {
        "motorway": 100.0,
        "trunk": 85.0,
        "primary": 65.0,
        "secondary": 55.0,
        "tertiary": 45.0,
        "unclassified": 35.0,
        "residential": 30.0,
        "motorway_link": 60.0,
        "trunk_link": 50.0,
        "primary_link": 45.0,
        "secondary_link": 40.0,
        "tertiary_link": 35.0,
        "living_street": 10.0,
        "road": 35.0,
    }
)
"""Car travel speeds (km/h) by OpenStreetMap ``highway`` class, for commuting measures.

Mexico's federal limit for cars is 110 km/h on motorways (Reglamento de Tránsito en Carreteras y
Puentes de Jurisdicción Federal); these are average travel speeds below the posted limits
(entrances, grades, traffic), not the limits. Used when a graph is built from an OpenStreetMap
extract; the embedded highways carry their own fitted ``car_speed_kph`` per edge.
"""

TRAVELLERS = ("truck", "car")
"""Who drives: ``truck`` for freight measures, ``car`` for commuting (labour sheds)."""

DEFAULT_SPEED_KPH = 60.0
"""Speed of edges with neither a ``speed_kph`` value nor a road class: a truck average.

The embedded highways carry their own per-edge ``speed_kph`` (built by ``tools/build_data.py``
from terrain and junction density); this number applies to user networks without either.
"""

SPEED_COLUMN = "speed_kph"
"""Per-edge truck speed column (km/h) :func:`build_road_graph` reads when no class is given."""

CAR_SPEED_COLUMN = "car_speed_kph"
"""Per-edge car speed column (km/h); without it (and no class), cars drive the truck speeds."""

MERGE_TOLERANCE_M = 1.0
"""Edge end points closer than this (metres) are the same node."""

DEFAULT_MAX_EDGE_KM = 2.0
"""Longer edges are split into pieces of at most this length when the graph is built.

The scgraph highway edges run junction to junction and reach 480 km; a point beside such a road
would otherwise join the graph at a junction tens of kilometres away (median 26 km for random
points in the corridors). Splitting puts a node every 2 km or less along every road.
"""


@dataclass(frozen=True)
class AccessLeg:
    """How a point off the graph reaches its nearest graph node.

    The leg is the straight line to the nearest node times ``detour_factor``, driven at
    ``speed_kph``. The defaults, a 1.3 detour (a common circuity factor for local roads) at
    30 km/h (urban and industrial-estate streets), are deliberately slow so that a point far
    from the network is not mistaken for a well-connected one.

    The embedded graph holds only main roads, so two points a few kilometres apart may join it
    at nodes far apart along it (a park and the town beside it on either side of a highway
    without a junction between). Points within ``direct_max_km`` of each other may also drive
    straight to each other on local streets, at the same detour and speed; the faster of the
    two trips counts (:func:`~siteselect.network.compute_drive_to_nearest`,
    :func:`~siteselect.network.compute_drive_between`). For the same reason a point may join
    the graph at any of its ``snap_nodes`` nearest nodes within ``snap_km`` (the nearest
    always), whichever gives the faster trip. Sheds and counts within a drive time join the
    nearest node only and take no direct trip: their thresholds (30 minutes and more) are far
    above such local differences.

    Parameters
    ----------
    detour_factor
        Road distance over straight-line distance on the access leg (>= 1).
    speed_kph
        Speed on the access leg, km/h.
    max_km
        Points whose straight line to the nearest node is longer than this are unreachable
        (infinite drive time, no target). Infinite by default: every point joins the graph.
    direct_max_km
        Straight-line km up to which two points may drive directly on local streets
        (0: never). 12 km: a local trip of at most 31 minutes at the defaults.
    snap_nodes, snap_km
        A point may join the graph at its ``snap_nodes`` nearest nodes within ``snap_km``
        (its nearest node always); 1 joins the nearest only.
    """

    detour_factor: float = 1.3
    speed_kph: float = 30.0
    max_km: float = math.inf
    direct_max_km: float = 12.0
    snap_nodes: int = 12
    snap_km: float = 5.0

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
        if not (math.isfinite(self.direct_max_km) and self.direct_max_km >= 0):
            msg = f"access direct_max_km={self.direct_max_km!r} must be a number >= 0"
            raise ConfigError(msg)
        if not (isinstance(self.snap_nodes, int) and self.snap_nodes >= 1):
            msg = f"access snap_nodes={self.snap_nodes!r} must be an integer >= 1"
            raise ConfigError(msg)
        if not (math.isfinite(self.snap_km) and self.snap_km >= 0):
            msg = f"access snap_km={self.snap_km!r} must be a number >= 0"
            raise ConfigError(msg)

    def direct_minutes(self, straight_km: FloatArray) -> FloatArray:
        """Minutes of a direct local trip of that straight length (``inf`` beyond reach)."""
        km = np.asarray(straight_km, dtype=float)
        allowed = km <= self.direct_max_km
        return np.where(allowed, km * self.detour_factor / self.speed_kph * 60.0, np.inf)


@dataclass(frozen=True, eq=False)
class RoadGraph:
    """An undirected road graph with travel times, built by :func:`build_road_graph`.

    Parameters
    ----------
    x, y
        Node coordinates, metres in ``crs``.
    minutes
        Symmetric CSR matrix of edge travel times in minutes of the graph's ``traveller``
        (explicit zeros are zero-length edges, not missing ones).
    km
        Symmetric CSR matrix of edge lengths in km, with the same sparsity as ``minutes``.
    crs
        CRS of ``x``/``y``; always EPSG:6372.
    dropped_nodes, dropped_components
        Nodes and connected pieces left out because only the largest piece is kept.
    car_minutes
        Edge minutes by car (same sparsity as ``minutes``) when they differ from the trucks';
        ``None``: cars drive the truck times.
    traveller
        Whose times ``minutes`` holds: ``truck`` (the default) or ``car``
        (:meth:`for_traveller`).
    """

    x: FloatArray
    y: FloatArray
    minutes: Any
    km: Any
    crs: str
    dropped_nodes: int
    dropped_components: int
    car_minutes: Any = None
    traveller: str = "truck"
    truck_minutes: Any = None  # the truck times, kept when ``minutes`` holds the car's
    # Closed areas (x, y, radius m) cut out by :func:`cut_road_graph`: no direct local trip
    # crosses them either.
    closed_areas: tuple[tuple[float, float, float], ...] = ()

    def crosses_closed(self, a: FloatArray, b: FloatArray) -> NDArray[np.bool_]:
        """Whether each straight segment ``a[i] -> b[i]`` passes through a closed area."""
        out = np.zeros(a.shape[0], dtype=bool)
        for cx, cy, r in self.closed_areas:
            d = b - a
            length2 = (d * d).sum(axis=1)
            t = np.where(
                length2 > 0,
                ((cx - a[:, 0]) * d[:, 0] + (cy - a[:, 1]) * d[:, 1]) / np.maximum(length2, 1e-12),
                0.0,
            )
            t = np.clip(t, 0.0, 1.0)
            out |= np.hypot(a[:, 0] + t * d[:, 0] - cx, a[:, 1] + t * d[:, 1] - cy) <= r
        return out

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

    def for_traveller(self, traveller: str) -> RoadGraph:
        """The same graph with ``minutes`` holding ``traveller``'s edge times.

        Nodes, kilometres and the k-d tree are shared; only the time matrix differs.
        """
        if traveller not in TRAVELLERS:
            msg = f"traveller {traveller!r}: use one of {', '.join(TRAVELLERS)}"
            raise ConfigError(msg)
        if traveller == self.traveller:
            return self
        if traveller == "car":
            if self.car_minutes is None:
                return self
            other = replace(
                self, minutes=self.car_minutes, traveller="car", truck_minutes=self.minutes
            )
        else:
            other = replace(self, minutes=self.truck_minutes, traveller="truck", truck_minutes=None)
        # Same nodes: one k-d tree and one memo of snapped points for every traveller, made
        # here on the graph itself, so that the next variant (the next search's) finds them.
        self.__dict__.setdefault("_snap_memo", {})
        other.__dict__["tree"] = self.tree
        other.__dict__["_snap_memo"] = self.__dict__["_snap_memo"]
        return other

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The graph as plain arrays (for a cache file); :meth:`from_arrays` reads them back."""
        truck = self.for_traveller("truck")
        arrays = {
            "x": self.x,
            "y": self.y,
            "indptr": truck.minutes.indptr,
            "indices": truck.minutes.indices,
            "minutes": truck.minutes.data,
            "km": self.km.data,
            "dropped": np.array([self.dropped_nodes, self.dropped_components], dtype=np.int64),
        }
        if truck.car_minutes is not None:
            arrays["car_minutes"] = truck.car_minutes.data
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> RoadGraph:
        """A graph from :meth:`to_arrays` output (truck times in ``minutes``)."""
        x = np.ascontiguousarray(arrays["x"], dtype=np.float64)
        n = x.shape[0]
        parts = (arrays["indices"], arrays["indptr"])
        minutes = sp.csr_matrix((arrays["minutes"], *parts), shape=(n, n))
        km = sp.csr_matrix((arrays["km"], *parts), shape=(n, n))
        car = None
        if "car_minutes" in arrays:
            car = sp.csr_matrix((arrays["car_minutes"], *parts), shape=(n, n))
        dropped = arrays["dropped"]
        return cls(
            x=x,
            y=np.ascontiguousarray(arrays["y"], dtype=np.float64),
            minutes=minutes,
            km=km,
            crs=METRIC_CRS,
            dropped_nodes=int(dropped[0]),
            dropped_components=int(dropped[1]),
            car_minutes=car,
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
    car_speeds_kph: Mapping[str, float] | None = None,
) -> RoadGraph:
    """Build a drivable graph from road edges.

    Edge end points within :data:`MERGE_TOLERANCE_M` (1 m) become one node. Edge lengths come
    from a ``length_km`` column when there is one, else from the geometry. Speeds come from the
    road class when ``class_column`` is given (OpenStreetMap extracts), else from a per-edge
    ``speed_kph`` column when there is one (the embedded highways; a blank value takes
    ``default_speed_kph``), else ``default_speed_kph`` everywhere. Those are the trucks'
    speeds. Cars get their own times from the class (``car_speeds_kph``, default
    :data:`CAR_SPEEDS_KPH`) or a per-edge ``car_speed_kph`` column; without either, cars drive
    the truck times. Parallel edges keep the fastest (by truck); self-loops (a zero-length
    edge whose ends merge) are dropped; a zero ``length_km`` between distinct nodes is kept
    as a zero-time edge. Only the largest connected piece is kept, with a
    :class:`~siteselect.errors.SiteselectWarning` naming what was dropped.

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
    car_speeds_kph
        Car speed per class when ``class_column`` is given; defaults to :data:`CAR_SPEEDS_KPH`.

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
    car_speed = _car_speeds(frame, class_column, car_speeds_kph, speed)
    car_minutes = None if car_speed is None else km / car_speed * 60.0

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
    timed = minutes if car_minutes is None else np.column_stack([minutes, car_minutes])
    a, b, piece_km, piece_times, node_xy = _split_edges(
        geoms, u, v, km, timed, pieces, node_xy, shapely
    )
    piece_times = piece_times.reshape(piece_km.shape[0], -1)

    # Drop self-loops, keep the fastest of parallel edges.
    keep = a != b
    a, b, piece_km, piece_times = a[keep], b[keep], piece_km[keep], piece_times[keep]
    lo = np.minimum(a, b)
    hi = np.maximum(a, b)
    order = np.lexsort((piece_km, piece_times[:, 0], hi, lo))
    lo, hi, piece_km, piece_times = lo[order], hi[order], piece_km[order], piece_times[order]
    first = np.ones(lo.shape[0], dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    lo, hi, piece_km, piece_times = lo[first], hi[first], piece_km[first], piece_times[first]
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
        piece_km, piece_times = piece_km[edge_kept], piece_times[edge_kept]
        node_xy = node_xy[kept]
        n = node_xy.shape[0]
        msg = (
            f"road network: kept the largest connected piece ({n} nodes); dropped "
            f"{dropped_components} smaller piece(s) with {dropped_nodes} node(s) in all"
        )
        warnings.warn(msg, SiteselectWarning, stacklevel=2)

    rows = np.concatenate([lo, hi])
    cols = np.concatenate([hi, lo])
    truck_min = piece_times[:, 0]
    minutes_m = _symmetric_csr(rows, cols, np.concatenate([truck_min, truck_min]), n)
    km_m = _symmetric_csr(rows, cols, np.concatenate([piece_km, piece_km]), n)
    car_m = None
    if piece_times.shape[1] > 1:
        car_min = piece_times[:, 1]
        car_m = _symmetric_csr(rows, cols, np.concatenate([car_min, car_min]), n)
    return RoadGraph(
        x=np.ascontiguousarray(node_xy[:, 0], dtype=np.float64),
        y=np.ascontiguousarray(node_xy[:, 1], dtype=np.float64),
        minutes=minutes_m,
        km=km_m,
        crs=METRIC_CRS,
        dropped_nodes=dropped_nodes,
        dropped_components=dropped_components,
        car_minutes=car_m,
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


def _car_speeds(
    frame: gpd.GeoDataFrame,
    class_column: str | None,
    car_speeds_kph: Mapping[str, float] | None,
    truck_speed: FloatArray,
) -> FloatArray | None:
    """Car speed (km/h) of each edge, or ``None`` where cars drive the truck speeds.

    A blank ``car_speed_kph`` takes the edge's truck speed.
    """
    if class_column is not None:
        table = dict(CAR_SPEEDS_KPH if car_speeds_kph is None else car_speeds_kph)
        for name, value in table.items():
            if not (math.isfinite(float(value)) and float(value) > 0):
                msg = f"car_speeds_kph[{name!r}]={value!r} must be a positive number"
                raise ConfigError(msg)
        classes = frame[class_column].to_numpy(dtype=object)
        car = np.array(
            [float(table[c]) if isinstance(c, str) and c in table else np.nan for c in classes],
            dtype=float,
        )
        # A class without a car speed: cars no faster than its truck speed.
        return np.where(np.isnan(car), truck_speed, np.maximum(car, truck_speed))
    if CAR_SPEED_COLUMN not in frame.columns:
        return None
    car = pd.to_numeric(frame[CAR_SPEED_COLUMN], errors="coerce").to_numpy(dtype=float)
    bad = np.isinf(car) | (car <= 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = (
            f"road edges: column {CAR_SPEED_COLUMN!r} row {row + 1} is {car[row]!r}; "
            "speeds must be positive km/h (or blank for the truck speed)"
        )
        raise DataError(msg)
    return np.where(np.isnan(car), truck_speed, car)


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
    """Split edge i into ``pieces[i]`` equal parts; interior points become new nodes.

    ``minutes`` is one column of times per edge, or one per traveller (``(m, t)``).
    """
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
    share = pieces[piece_owner]
    times = minutes[piece_owner] / (share if minutes.ndim == 1 else share[:, None])
    return (
        a,
        b,
        km[piece_owner] / share,
        times,
        np.vstack([node_xy, interior_xy]),
    )


def _symmetric_csr(rows: IntArray, cols: IntArray, data: FloatArray, n: int) -> Any:
    """CSR matrix keeping explicit zeros (zero-time edges) and sorted indices."""
    matrix = sp.csr_matrix((data.astype(np.float64), (rows, cols)), shape=(n, n))
    matrix.sort_indices()
    return matrix


# --------------------------------------------------------------------------------------------
# Closed roads
# --------------------------------------------------------------------------------------------


CLOSURE_REACH_M = 25_000.0
"""A closed area farther than this (beyond its radius) from every road node touches nothing a
search measures: it is refused as a mistyped place."""


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
    graph = graph.for_traveller("truck")
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
        # Distance from the centre to each segment.
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = np.where(length2 > 0, ((cx - ax) * dx + (cy - ay) * dy) / np.maximum(length2, 1e-12), 0)
        t = np.clip(t, 0.0, 1.0)
        gap = np.hypot(graph.x - cx, graph.y - cy)
        if float(gap.min(initial=np.inf)) > r + CLOSURE_REACH_M:
            # Far from every road (a dropped minus sign puts it in China), a closure changes
            # nothing: say so rather than rank as if something were closed. Nearer, a circle
            # that cuts no road still blocks the direct local trips across it.
            lon, lat = _to_lon_lat(graph, float(cx), float(cy))
            msg = (
                f"closed roads: no road of the network within {r_km + CLOSURE_REACH_M / 1000:g} "
                f"km of ({lon:.4f}, {lat:.4f}); check the point (LON,LAT,KM, the longitude is "
                "negative in Mexico)"
            )
            raise ConfigError(msg)
        node_out |= gap <= r
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
    car = None
    if graph.car_minutes is not None:
        kept_car = sp.triu(graph.car_minutes, format="coo").data[keep_edge]
        car = _symmetric_csr(rows, cols, np.concatenate([kept_car, kept_car]), n)
    return RoadGraph(
        x=np.ascontiguousarray(graph.x[kept_nodes]),
        y=np.ascontiguousarray(graph.y[kept_nodes]),
        minutes=_symmetric_csr(rows, cols, np.concatenate([minutes, minutes]), n),
        km=_symmetric_csr(rows, cols, np.concatenate([km, km]), n),
        crs=graph.crs,
        dropped_nodes=graph.dropped_nodes + int(node_out.sum()),
        dropped_components=graph.dropped_components,
        car_minutes=car,
        closed_areas=graph.closed_areas
        + tuple(
            (float(cx), float(cy), float(r) * 1000.0) for (cx, cy), r in zip(xy, radii, strict=True)
        ),
    )


def _to_lon_lat(graph: RoadGraph, x: float, y: float) -> tuple[float, float]:
    """A point of the graph's CRS as lon/lat, for messages."""
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(graph.crs, "EPSG:4326", always_xy=True).transform(x, y)
    return float(lon), float(lat)
