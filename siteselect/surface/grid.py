"""The H3 grid of a surface: cells over the corridors, planned in partitions of parent cells.

A grid at resolution ``res`` is every H3 cell whose centre lies inside the area (the corridors'
polygons, EPSG:4326): the same cells as ``h3.geo_to_cells(area, res)``, which uses centre
containment too. It is never built in one piece. Cells are grouped by their ancestor ``k``
levels up (a *parent*, holding ``7**k`` cells), parents are listed once (cheap: a few
thousand), and a partition is a run of consecutive parents. Whoever processes a partition
(this process or a Dask worker) makes its cells from its parents: children of each parent,
kept when their centre lies in the area. Every cell has exactly one parent, so the partitions
split the grid without gaps or overlaps, and a partition never holds more than
``partition_size`` cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from siteselect.errors import ConfigError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

MAX_PARENT_STEPS = 3
"""At most this many levels between a cell and its parent: 343 cells a parent."""


@dataclass(frozen=True)
class GridPlan:
    """How a grid is split into partitions; small and picklable (what a worker receives).

    Attributes
    ----------
    res
        H3 resolution of the cells.
    parent_res
        Resolution of the parents that partitions are made of.
    parents
        H3 indexes (int) of every parent that may hold a cell of the grid, sorted.
    bounds
        Partition ``i`` is ``parents[bounds[i]:bounds[i + 1]]``.
    area_wkb
        The area (union of the corridors), WKB in EPSG:4326 (lon, lat).
    corridors
        The corridors the area covers.
    """

    res: int
    parent_res: int
    parents: IntArray
    bounds: tuple[int, ...]
    area_wkb: bytes
    corridors: tuple[str, ...]

    @property
    def n_partitions(self) -> int:
        """Number of partitions."""
        return len(self.bounds) - 1

    @property
    def max_cells_per_partition(self) -> int:
        """An upper bound on the cells of one partition."""
        sizes = np.diff(np.asarray(self.bounds))
        return int(sizes.max(initial=0)) * int(7 ** (self.res - self.parent_res))

    def partition_parents(self, index: int) -> IntArray:
        """The parents of partition ``index``."""
        if not 0 <= index < self.n_partitions:
            msg = f"partition {index} does not exist (0..{self.n_partitions - 1})"
            raise IndexError(msg)
        return self.parents[self.bounds[index] : self.bounds[index + 1]]


def check_resolution(res: int) -> int:
    """An H3 resolution as an int in 0..15, or a :class:`ConfigError`."""
    if isinstance(res, bool) or not isinstance(res, int | np.integer) or not 0 <= res <= 15:
        msg = f"res={res!r}: an H3 resolution is an integer from 0 to 15 (e.g. 7 or 8)"
        raise ConfigError(msg)
    return int(res)  # numpy integers too


def check_surface_resolution(res: int) -> int:
    """A surface's resolution: one of :data:`~siteselect.constants.SURFACE_RESOLUTIONS` (the
    range ``siteselect surface --res`` offers), or a :class:`ConfigError`."""
    from siteselect.constants import SURFACE_RESOLUTIONS

    low, high = SURFACE_RESOLUTIONS[0], SURFACE_RESOLUTIONS[-1]
    if check_resolution(res) not in SURFACE_RESOLUTIONS:
        msg = (
            f"res={res!r}: a surface's H3 resolution is {low} to {high} (cells of about 36, 5, "
            f"0.7 and 0.1 km²); finer grids over a corridor run to millions of cells"
        )
        raise ConfigError(msg)
    return int(res)


def build_grid_plan(
    area: Any, res: int, *, partition_size: int = 100_000, corridors: tuple[str, ...] = ()
) -> GridPlan:
    """Plan the grid of an area: its parents and partitions, without making the cells.

    Parameters
    ----------
    area
        A shapely (Multi)Polygon in EPSG:4326 (lon, lat).
    res
        H3 resolution of the cells.
    partition_size
        Largest number of cells in one partition (>= 1).
    corridors
        Names of the corridors the area covers (kept for reports).

    Returns
    -------
    GridPlan
    """
    import h3
    import shapely

    res = check_resolution(res)
    bad = isinstance(partition_size, bool) or not isinstance(partition_size, int)
    if bad or partition_size < 1:
        msg = f"partition_size={partition_size!r} must be a whole number of cells >= 1"
        raise ConfigError(msg)
    steps = min(MAX_PARENT_STEPS, res, math.floor(math.log(partition_size, 7) + 1e-9))
    parent_res = res - steps
    # A child's centre lies within about one parent edge of the parent's own centre, so the
    # parents whose centre lies within two parent edges of the area hold every cell.
    pad_km = 2.0 * float(h3.average_hexagon_edge_length(parent_res, unit="km"))
    _, miny, _, maxy = shapely.bounds(area)
    widest = max(abs(miny), abs(maxy))
    km_per_degree = 111.32 * max(math.cos(math.radians(min(widest, 85.0))), 0.05)
    pad = pad_km / km_per_degree
    # Simplifying first moves the outline by at most pad / 4; the buffer makes up for it.
    padded = shapely.buffer(shapely.simplify(area, pad / 4), pad * 1.25, quad_segs=2)
    parents = np.array(
        sorted(h3.str_to_int(c) for c in h3.geo_to_cells(padded.__geo_interface__, parent_res)),
        dtype=np.int64,
    )
    per_parent = 7**steps
    per_partition = max(1, partition_size // per_parent)
    bounds = (*range(0, parents.size, per_partition), int(parents.size))
    if parents.size == 0:
        bounds = (0,)
    return GridPlan(
        res=res,
        parent_res=parent_res,
        parents=parents,
        bounds=tuple(int(b) for b in bounds),
        area_wkb=shapely.to_wkb(area),
        corridors=tuple(corridors),
    )


def build_partition_cells(plan: GridPlan, index: int) -> tuple[IntArray, FloatArray, FloatArray]:
    """The cells of one partition: H3 indexes (sorted) and their centres' lon and lat."""
    import shapely
    from h3.api import basic_int, numpy_int

    parents = plan.partition_parents(index)
    if parents.size == 0:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
    children = np.concatenate(
        [np.asarray(numpy_int.cell_to_children(int(p), plan.res)) for p in parents]
    ).astype(np.int64)
    children.sort()
    latlng = np.array([basic_int.cell_to_latlng(int(c)) for c in children]).reshape(-1, 2)
    lat = np.ascontiguousarray(latlng[:, 0], dtype=np.float64)
    lon = np.ascontiguousarray(latlng[:, 1], dtype=np.float64)
    area = shapely.from_wkb(plan.area_wkb)
    shapely.prepare(area)
    inside = shapely.contains_xy(area, lon, lat)
    return children[inside], lon[inside], lat[inside]


def build_cells(plan: GridPlan) -> tuple[IntArray, FloatArray, FloatArray]:
    """Every cell of a plan, in one piece (small grids and tests)."""
    parts = [build_partition_cells(plan, i) for i in range(plan.n_partitions)]
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
    cells, lon, lat = (np.concatenate(x) for x in zip(*parts, strict=True))
    return cells, lon, lat


def format_cell_ids(cells: IntArray) -> pd.Index:
    """H3 indexes as their usual 15-character hexadecimal strings, as a pandas Index."""
    import pandas as pd

    return pd.Index([format(int(c), "x") for c in cells], name="cell", dtype="str")


def parse_cell_ids(ids: Any) -> IntArray:
    """Hexadecimal H3 strings back to int indexes."""
    return np.array([int(str(c), 16) for c in ids], dtype=np.int64)


def build_cell_polygons(cells: IntArray) -> gpd.GeoSeries:
    """The hexagons of cells (EPSG:4326), exterior rings counter-clockwise (RFC 7946)."""
    import geopandas as gpd
    import shapely
    from h3.api import basic_int

    from siteselect.constants import GEOGRAPHIC_CRS

    rings = [basic_int.cell_to_boundary(int(c)) for c in cells]
    counts = np.array([len(r) + 1 for r in rings], dtype=np.int64)
    coords = np.empty((int(counts.sum()), 2))
    at = 0
    for ring, n in zip(rings, counts, strict=True):
        pts = np.asarray(ring)[:, ::-1]  # (lat, lng) -> (lon, lat)
        coords[at : at + n - 1] = pts
        coords[at + n - 1] = pts[0]
        at += int(n)
    ring_index = np.repeat(np.arange(len(rings)), counts)
    linear = shapely.linearrings(coords, indices=ring_index)
    polygons = shapely.orient_polygons(shapely.polygons(linear), exterior_cw=False)
    return gpd.GeoSeries(polygons, crs=GEOGRAPHIC_CRS)


def compute_cell_areas_km2(cells: IntArray) -> FloatArray:
    """Area of each cell on the sphere, km² (cells at 20-27° N are larger than the average)."""
    from h3.api import basic_int

    return np.array([basic_int.cell_area(int(c), unit="km^2") for c in cells], dtype=np.float64)


def build_corridor_area(
    corridors_layer: gpd.GeoDataFrame, names: list[str]
) -> tuple[Any, tuple[str, ...]]:
    """The union of the named corridors' polygons in EPSG:4326 (``all``: every corridor)."""
    from siteselect.constants import CORRIDOR_ALL, GEOGRAPHIC_CRS

    known = [str(c) for c in corridors_layer["corridor"]]
    chosen = known if CORRIDOR_ALL in names else names
    unknown = [c for c in chosen if c not in known]
    if unknown:
        msg = (
            f"unknown corridor {unknown[0]!r}; known corridors: {', '.join(known)} "
            f"(or '{CORRIDOR_ALL}')"
        )
        raise ConfigError(msg)
    frame = corridors_layer.loc[corridors_layer["corridor"].isin(chosen)].to_crs(GEOGRAPHIC_CRS)
    return frame.geometry.union_all(), tuple(chosen)


def read_area(area: Any) -> Any:
    """An area to cover as one shapely geometry in EPSG:4326.

    Accepts a shapely (Multi)Polygon in lon/lat, or a GeoDataFrame / GeoSeries with a CRS
    (dissolved into one geometry).
    """
    import geopandas as gpd
    import shapely

    from siteselect.constants import GEOGRAPHIC_CRS

    if isinstance(area, gpd.GeoDataFrame | gpd.GeoSeries):
        if area.crs is None:
            msg = "area: the GeoDataFrame/GeoSeries has no CRS; set one"
            raise ConfigError(msg)
        area = area.to_crs(GEOGRAPHIC_CRS).geometry.union_all()
    if not isinstance(area, shapely.Geometry) or area.is_empty:
        msg = "area: give a polygon in EPSG:4326 (lon, lat) or a GeoDataFrame with a CRS"
        raise ConfigError(msg)
    if shapely.get_dimensions(area) != 2:
        msg = f"area: a {area.geom_type} covers no cells; give a polygon"
        raise ConfigError(msg)
    minx, miny, maxx, maxy = area.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        msg = "area: coordinates are not lon/lat degrees; give EPSG:4326 or a GeoDataFrame"
        raise ConfigError(msg)
    return area
