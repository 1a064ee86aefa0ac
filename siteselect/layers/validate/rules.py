"""The per-row rules (lon/lat, Mexico's extent, geometry, CRS) and the loaders' validators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from siteselect.constants import GEOGRAPHIC_CRS, MEXICO_BOUNDS
from siteselect.errors import DataError

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy as np
    import numpy.typing as npt


# The problems a row can have, in the order the rules test them.
LON_LAT_MISSING = "missing or non-numeric lon/lat"
LON_LAT_SWAPPED = "lon/lat look swapped"
LON_LAT_SIGN = "longitude without its minus sign"
LON_LAT_OUT_OF_RANGE = "lon/lat out of range"
LON_LAT_OUTSIDE = "outside Mexico's bounding box"
GEOMETRY_EMPTY = "empty or missing geometry"
GEOMETRY_INVALID = "invalid geometry"


@dataclass(frozen=True)
class RowProblem:
    """Why one row of a user's file cannot be used.

    Attributes
    ----------
    kind
        One of the problem names above (``lon/lat out of range``...), for counting.
    row
        1-based data row (the header not counted).
    detail
        The values concerned (``lon=-100.4, lat=95``).
    """

    kind: str
    row: int
    detail: str = ""

    def __str__(self) -> str:
        return f"row {self.row}: {self.kind}" + (f" ({self.detail})" if self.detail else "")


# --------------------------------------------------------------------------------------------
# per-row rules (pure), shared by the loaders and the data check


def in_mexico_bounds(xs: npt.ArrayLike, ys: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Whether each lon/lat point lies in Mexico's extent (``MEXICO_BOUNDS``)."""
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    x0, y0, x1, y1 = MEXICO_BOUNDS
    inside: npt.NDArray[np.bool_] = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    return inside


def lon_lat_problems(xs: npt.ArrayLike, ys: npt.ArrayLike) -> list[str]:
    """The problem of each lon/lat point, ``""`` where there is none.

    The first that applies of: missing (NaN), swapped (its (lat, lon) lies in Mexico while its
    (lon, lat) does not), a longitude without its minus sign (its (-lon, lat) lies in Mexico: a
    spreadsheet's west longitudes written as positive), out of range (beyond ±180/±90),
    outside Mexico's extent.
    """
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    inside = in_mexico_bounds(x, y)
    rules = (
        (np.isnan(x) | np.isnan(y), LON_LAT_MISSING),
        (~inside & in_mexico_bounds(y, x), LON_LAT_SWAPPED),
        (~inside & in_mexico_bounds(-x, y), LON_LAT_SIGN),
        ((np.abs(x) > 180) | (np.abs(y) > 90), LON_LAT_OUT_OF_RANGE),
        (~inside, LON_LAT_OUTSIDE),
    )
    out = [""] * len(x)
    for found, problem in reversed(rules):  # the earlier rule wins
        for row in np.flatnonzero(found).tolist():
            out[row] = problem
    return out


def geometry_problems(geometries: gpd.GeoSeries) -> list[str]:
    """The problem of each geometry (missing or empty, invalid), ``""`` where there is none."""
    import numpy as np

    empty = (geometries.isna() | geometries.is_empty).to_numpy()
    out = [""] * len(geometries)
    for row in np.flatnonzero(~geometries.is_valid.to_numpy()).tolist():
        out[row] = GEOMETRY_INVALID
    for row in np.flatnonzero(empty).tolist():
        out[row] = GEOMETRY_EMPTY
    return out


def feature_problems(geoms: npt.ArrayLike, crs: Any) -> list[RowProblem | None]:
    """The problem of each geometry of a user's file in its own CRS, ``None`` where none.

    The first that applies of: empty or missing; coordinates that are not numbers; (in a
    geographic CRS) out of range, swapped, or a longitude without its minus sign; outside
    Mexico's extent (the centre of its bounds, in lon/lat); invalid (self-intersecting: the
    reader repairs these).

    Parameters
    ----------
    geoms
        Shapely geometries or ``None``.
    crs
        Their CRS (anything pyproj reads).
    """
    import numpy as np
    import shapely
    from pyproj import CRS

    values = np.asarray(geoms, dtype=object)
    n = len(values)
    out: list[RowProblem | None] = [None] * n
    present = np.array([g is not None for g in values], dtype=bool)
    present[present] = ~shapely.is_empty(values[present])
    for row in np.flatnonzero(~present).tolist():
        out[row] = RowProblem(GEOMETRY_EMPTY, row + 1)
    bounds = np.full((n, 4), np.nan)
    if present.any():
        bounds[present] = shapely.bounds(values[present])
    cx = (bounds[:, 0] + bounds[:, 2]) / 2
    cy = (bounds[:, 1] + bounds[:, 3]) / 2
    finite = present & np.isfinite(bounds).all(axis=1)
    for row in np.flatnonzero(present & ~finite).tolist():
        out[row] = RowProblem(LON_LAT_MISSING, row + 1, "coordinates are not numbers")
    parsed = CRS.from_user_input(crs)
    if parsed.is_geographic:
        swapped = finite & ~in_mexico_bounds(cx, cy) & in_mexico_bounds(cy, cx)
        unsigned = finite & ~swapped & ~in_mexico_bounds(cx, cy) & in_mexico_bounds(-cx, cy)
        beyond = (
            finite
            & ~swapped
            & ~unsigned
            & (
                (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1)
                | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
            )
        )
        for row in np.flatnonzero(beyond).tolist():
            out[row] = RowProblem(LON_LAT_OUT_OF_RANGE, row + 1, _lon_lat(cx[row], cy[row]))
        for row in np.flatnonzero(swapped).tolist():
            out[row] = RowProblem(LON_LAT_SWAPPED, row + 1, _lon_lat(cx[row], cy[row]))
        for row in np.flatnonzero(unsigned).tolist():
            out[row] = RowProblem(LON_LAT_SIGN, row + 1, _lon_lat(cx[row], cy[row]))
        placed = finite & ~beyond & ~swapped & ~unsigned
    else:
        placed = finite
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    if placed.any():
        lon[placed], lat[placed] = _to_lon_lat(parsed, cx[placed], cy[placed])
    unplaceable = placed & ~(np.isfinite(lon) & np.isfinite(lat))
    for row in np.flatnonzero(unplaceable).tolist():
        out[row] = RowProblem(LON_LAT_OUT_OF_RANGE, row + 1, f"x={cx[row]:g}, y={cy[row]:g}")
    placed &= ~unplaceable
    outside = placed & ~in_mexico_bounds(lon, lat)
    for row in np.flatnonzero(outside).tolist():
        out[row] = RowProblem(LON_LAT_OUTSIDE, row + 1, _lon_lat(lon[row], lat[row]))
    checked = placed & ~outside
    if checked.any():
        invalid = np.zeros(n, dtype=bool)
        invalid[checked] = ~shapely.is_valid(values[checked])
        for row in np.flatnonzero(invalid).tolist():
            out[row] = RowProblem(GEOMETRY_INVALID, row + 1)
    return out


def _lon_lat(x: float, y: float) -> str:
    return f"lon={x:.6g}, lat={y:.6g}"


def _to_lon_lat(crs: Any, xs: npt.NDArray[Any], ys: npt.NDArray[Any]) -> tuple[Any, Any]:
    import warnings

    import numpy as np
    from pyproj import CRS, Transformer

    if crs.equals(CRS.from_user_input(GEOGRAPHIC_CRS)):
        return xs, ys
    transformer = Transformer.from_crs(crs, GEOGRAPHIC_CRS, always_xy=True)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lon, lat = transformer.transform(xs, ys)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def crs_problem(crs: Any, expected: str | None = None) -> str:
    """What is wrong with a file's CRS (a pyproj or rasterio CRS), ``""`` if nothing.

    Parameters
    ----------
    crs
        The CRS read from the file, or None.
    expected
        The CRS the file must have (``"EPSG:6372"``); any CRS passes when None.
    """
    if crs is None:
        return "no CRS"
    if expected is None:
        return ""
    from pyproj import CRS

    epsg = crs.to_epsg()
    if epsg is None or epsg != CRS.from_user_input(expected).to_epsg():
        return f"CRS is {f'EPSG:{epsg}' if epsg else crs}, expected {expected}"
    return ""


# --------------------------------------------------------------------------------------------
# loader validators: raise at the first offending row


def check_lon_lat(
    xs: npt.ArrayLike,
    ys: npt.ArrayLike,
    *,
    source: str,
    columns: tuple[str, str] = ("lon", "lat"),
) -> None:
    """Raise :class:`DataError` when coordinates are missing, look swapped, lack the longitude's
    minus sign or are out of range.

    Mexico lies at longitudes -118..-86 and latitudes 14..33, so a point whose (lat, lon) falls
    there while its (lon, lat) does not is taken as swapped (see :func:`lon_lat_problems`).
    Points outside Mexico are left to :func:`check_in_mexico`, which sees the projected file.

    Parameters
    ----------
    xs, ys
        Longitudes and latitudes (degrees); NaN where a value is missing.
    source
        The file named in the message.
    columns
        Names of the longitude and latitude columns, for the message.
    """
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    for column, values in zip(columns, (x, y), strict=True):
        missing = np.flatnonzero(np.isnan(values))
        if len(missing):
            msg = f"{source}: column {column!r} row {int(missing[0]) + 1} is empty or not a number"
            raise DataError(msg)
    problems = lon_lat_problems(x, y)
    if LON_LAT_SWAPPED in problems:
        row = problems.index(LON_LAT_SWAPPED)
        msg = (
            f"{source}: row {row + 1} has lon={x[row]:g}, lat={y[row]:g}, which looks swapped "
            "(Mexico is at lon -118..-86, lat 14..33); exchange the lon and lat columns"
        )
        raise DataError(msg)
    if LON_LAT_SIGN in problems:
        row = problems.index(LON_LAT_SIGN)
        msg = (
            f"{source}: row {row + 1} has lon={x[row]:g}, lat={y[row]:g}: Mexico's longitudes "
            "are west, negative (-118..-86); add the minus sign"
        )
        raise DataError(msg)
    if LON_LAT_OUT_OF_RANGE in problems:
        row = problems.index(LON_LAT_OUT_OF_RANGE)
        msg = f"{source}: row {row + 1} has lon={x[row]:g}, lat={y[row]:g}, out of range"
        raise DataError(msg)


def check_in_mexico(frame: gpd.GeoDataFrame, source: str) -> None:
    """Raise :class:`DataError` when features lie outside Mexico's extent.

    Catches a wrong CRS (metres labelled as degrees, another country's grid) that the
    range checks alone let through.
    """
    import numpy as np

    if len(frame) == 0:
        return
    lonlat = frame.geometry.to_crs(GEOGRAPHIC_CRS).representative_point()
    xs = lonlat.x.to_numpy()
    ys = lonlat.y.to_numpy()
    outside = ~in_mexico_bounds(xs, ys)
    if bool(outside.any()):
        row = int(np.flatnonzero(outside)[0])
        msg = (
            f"{source}: row {row + 1} lies at lon={xs[row]:.4f}, lat={ys[row]:.4f}, outside "
            f"Mexico ({int(outside.sum())} of {len(frame)} features); check the file's CRS"
        )
        raise DataError(msg)


MEXICO_TOLERANCE_M = 2_000.0
"""How far outside the states' outline (simplified at 250 m) a point still counts as in Mexico:
a park on the coast or the river border."""


@dataclass(frozen=True)
class StateOutlines:
    """The states as :func:`locate_states` tests points against them, built once per states
    file (:func:`siteselect.layers.read_state_outlines`) and shared: nothing in it is ever
    changed.

    Attributes
    ----------
    names
        The states' names (a read-only array), in the layer's row order.
    shapes
        Their polygons (a read-only array, prepared), same order.
    nearest
        A tree of the polygons, as a nearest-state join builds it (``GeoSeries.sindex``).
    segments
        A tree of the segments of the polygons' rings (see :func:`_distance_to_outlines`).
    """

    names: Any
    shapes: Any
    nearest: Any
    segments: Any


def build_state_outlines(states: gpd.GeoDataFrame) -> StateOutlines:
    """The ``states`` layer (columns ``state``, ``geometry``) as :class:`StateOutlines`.

    The segments of 32 outlines (30,000 vertices) cost about 30 ms to build, most of a
    1,000-point check: held, they are built once a process.
    """
    import numpy as np
    import shapely

    names = np.array(states["state"].to_numpy(dtype=object), dtype=object)
    shapes = np.array(states.geometry.to_numpy(), dtype=object)
    # Prepared once: the point-in-state query prepares every state it tests otherwise (a
    # millisecond a search); a prepared polygon answers the same. Copies (through WKB, exact)
    # are prepared: the layer's own shapes are shared with every copy of the held layer.
    shapes = np.array(shapely.from_wkb(shapely.to_wkb(shapes)), dtype=object)
    shapely.prepare(shapes)
    names.flags.writeable = False
    shapes.flags.writeable = False
    # the tree geopandas' sindex builds (empty shapes as None), so that ties between two
    # equally near states are settled in the same order as the nearest-state join
    non_empty = shapes.copy()
    non_empty[shapely.is_empty(non_empty)] = None
    rings = shapely.get_parts(shapely.boundary(shapes))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    segments = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
    return StateOutlines(names, shapes, shapely.STRtree(non_empty), shapely.STRtree(segments))


def locate_states(
    points: gpd.GeoSeries, states: gpd.GeoDataFrame | StateOutlines
) -> tuple[Any, Any]:
    """The state each point lies in, and how far the others lie from Mexico.

    Parameters
    ----------
    points
        Point geometries in a metric CRS (EPSG:6372), indexed like the candidates.
    states
        The ``states`` layer (columns ``state``, ``geometry``) in the same CRS, or its
        :class:`StateOutlines` (:func:`siteselect.layers.read_state_outlines`: built once a
        process).

    Returns
    -------
    state, outside_km
        Series indexed like ``points``: the state's name (``None`` beyond
        ``MEXICO_TOLERANCE_M`` of every state), and for those points the distance to the
        nearest state in km (``NaN`` for the points in Mexico).
    """
    import numpy as np
    import pandas as pd
    import shapely

    outlines = states if isinstance(states, StateOutlines) else build_state_outlines(states)
    names, shapes = outlines.names, outlines.shapes
    n_states = len(shapes)
    # Most points lie inside a state: a vectorised point-in-polygon settles them (the first
    # state by row where a point is on a border). The tree is built on the points and queried
    # with the 32 states, so that each state's outline is prepared once (a tree of the states
    # queried with 100,000 points tests every point against an unprepared outline: 20x slower).
    xy = np.asarray(points.to_numpy())
    hit_state, hit_point = shapely.STRtree(xy).query(shapes, predicate="intersects")
    first = np.full(len(points), n_states, dtype=np.int64)
    np.minimum.at(first, hit_point, hit_state)
    inside = first < n_states
    values = np.full(len(points), None, dtype=object)
    values[inside] = names[first[inside]]
    rest = np.flatnonzero(~inside)
    far = np.zeros(len(points), dtype=bool)
    if rest.size:
        # Of the rest, only those within the tolerance of a state (found with a prepared
        # distance test) take the nearest state: what a nearest-state join
        # (``sjoin_nearest(..., max_distance=)``, its first row per point) gives, from the
        # same tree and query, without building two frames.
        _, near_hit = shapely.STRtree(xy[rest]).query(
            shapes, predicate="dwithin", distance=MEXICO_TOLERANCE_M
        )
        near = rest[np.unique(near_hit)]
        if near.size:
            point, state_row = outlines.nearest.query_nearest(
                xy[near], max_distance=MEXICO_TOLERANCE_M, all_matches=True
            )
            found, first_pair = np.unique(point, return_index=True)
            values[near[found]] = names[state_row[first_pair]]
        far[rest] = True
        far[near] = pd.isna(values[near])
    values[pd.isna(values)] = None  # a missing name is None, never NaN
    outside_km = pd.Series(np.nan, index=points.index, dtype=float)
    if bool(far.any()):
        gap = _distance_to_outlines(xy[far], outlines.segments)
        outside_km.iloc[np.flatnonzero(far)] = gap / 1000.0
    return pd.Series(values, index=points.index, dtype=object), outside_km


def _distance_to_outlines(xy: Any, segments: Any) -> Any:
    """Each point's distance to the nearest state, for points outside all of them.

    Outside a polygon, its distance is the distance to the nearest segment of its rings: a tree
    of the segments (``segments``, see :func:`build_state_outlines`) answers with a few segment
    distances per point, where a tree of whole polygons measures every segment of each nearby
    polygon (the same float, far slower). ``NaN`` for a missing point.
    """
    import numpy as np

    out = np.full(len(xy), np.nan)
    (point, _), gap = segments.query_nearest(xy, return_distance=True, all_matches=False)
    out[point] = gap
    return out


def check_geometries(frame: gpd.GeoDataFrame, source: str) -> None:
    """Raise :class:`DataError` for missing, empty or invalid geometries (first offender named)."""
    problems = geometry_problems(frame.geometry)
    if GEOMETRY_EMPTY in problems:
        row = problems.index(GEOMETRY_EMPTY)
        msg = f"{source}: row {row + 1} has an empty or missing geometry"
        raise DataError(msg)
    if GEOMETRY_INVALID in problems:
        row = problems.index(GEOMETRY_INVALID)
        msg = (
            f"{source}: row {row + 1} has an invalid geometry (self-intersection?); repair it first"
        )
        raise DataError(msg)


def check_crs(crs: Any, source: str) -> None:
    """Raise :class:`DataError` when a file has no CRS."""
    if crs_problem(crs):
        msg = f"{source}: the file has no CRS; set one (e.g. EPSG:4326) before using it"
        raise DataError(msg)
