"""Raster layers: values at points and zonal statistics, read window by window.

Nothing here reads a whole band unless the points cover it: points read the window around
them in one call (tile by tile when that window is large), a zone the window around it, so a
raster larger than memory works (rasterio reads only the blocks a window touches).
Rasters may be in any CRS; points and zones are reprojected to the raster's. Cells equal to
the raster's nodata value, or NaN, never count.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.errors import DataError
from siteselect.layers.validate import check_crs

if TYPE_CHECKING:
    import geopandas as gpd

STATS: dict[str, Callable[[np.ndarray], float]] = {
    "mean": lambda v: float(np.mean(v)),
    "max": lambda v: float(np.max(v)),
    "min": lambda v: float(np.min(v)),
    "sum": lambda v: float(np.sum(v)),
}
"""Zonal statistics over the valid cells of a zone (``sum`` adds cell values, not areas)."""

MAX_WINDOW_CELLS = 1 << 24
"""Largest window :func:`sample_raster` reads at once: 16.8 M cells, 64 MB of float32."""


@contextmanager
def open_raster(path: Path, band: int = 1) -> Iterator[Any]:
    """Open a raster for reading, checking it has a CRS and the band; errors as DataError."""
    import rasterio

    name = Path(path).name
    try:
        dataset = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        msg = f"cannot read raster {name}: {str(exc).splitlines()[0]}"
        raise DataError(msg) from None
    with dataset:
        check_crs(dataset.crs, source=f"raster {name}")
        if not 1 <= band <= dataset.count:
            msg = f"raster {name} has {dataset.count} band(s); band {band} does not exist"
            raise DataError(msg)
        yield dataset


def sample_raster(
    path: Path,
    points: gpd.GeoSeries,
    band: int = 1,
    *,
    max_window_cells: int = MAX_WINDOW_CELLS,
) -> np.ndarray:
    """The value of the cell under each point (no interpolation).

    The cells are read in one window, the box around the points, when it holds at most
    ``max_window_cells`` cells; otherwise tile by tile, each tile reading only the box around
    its own points, so memory stays bounded by ``max_window_cells`` however large the raster.

    Parameters
    ----------
    path
        A GeoTIFF (or any raster rasterio reads) with a CRS.
    points
        Point geometries with a CRS; they are reprojected to the raster's CRS.
    band
        1-based band number.
    max_window_cells
        The largest window read at once (cells).

    Returns
    -------
    numpy.ndarray
        One float per point; NaN where a point falls outside the raster or on nodata.
    """
    from rasterio.transform import rowcol
    from rasterio.windows import Window

    if points.crs is None:
        msg = "points to sample have no CRS"
        raise DataError(msg)
    if max_window_cells < 1:
        msg = f"max_window_cells must be >= 1, got {max_window_cells}"
        raise ValueError(msg)
    with open_raster(path, band) as dataset:
        local = points.to_crs(dataset.crs)
        xs = local.x.to_numpy(dtype=float)
        ys = local.y.to_numpy(dtype=float)
        values = np.full(len(xs), np.nan)
        where = np.flatnonzero(np.isfinite(xs) & np.isfinite(ys))
        if len(where) == 0:
            return values
        # rowcol floors, as rasterio's own per-point sampling does.
        r, c = rowcol(dataset.transform, xs[where], ys[where])
        rows = np.asarray(r, dtype=np.int64).reshape(-1)
        cols = np.asarray(c, dtype=np.int64).reshape(-1)
        inside = (rows >= 0) & (rows < dataset.height) & (cols >= 0) & (cols < dataset.width)
        where, rows, cols = where[inside], rows[inside], cols[inside]
        if len(where) == 0:
            return values
        span = (int(rows.max() - rows.min()) + 1) * (int(cols.max() - cols.min()) + 1)
        if span <= max_window_cells:
            groups = [np.arange(len(where))]
        else:
            side = max(math.isqrt(max_window_cells), 1)
            key = (rows // side) * (dataset.width // side + 1) + cols // side
            order = np.argsort(key, kind="stable")
            cuts = np.flatnonzero(np.diff(key[order])) + 1
            groups = np.split(order, cuts)
        for group in groups:
            rr, cc = rows[group], cols[group]
            r0, c0 = int(rr.min()), int(cc.min())
            window = Window(c0, r0, int(cc.max()) - c0 + 1, int(rr.max()) - r0 + 1)
            data = dataset.read(band, window=window, masked=True)
            picked = np.ma.getdata(data)[rr - r0, cc - c0].astype(float)
            picked[np.ma.getmaskarray(data)[rr - r0, cc - c0]] = np.nan
            values[where[group]] = picked
        if dataset.nodata is not None and not np.isnan(dataset.nodata):
            values[values == dataset.nodata] = np.nan
    return values


def compute_zonal_stats(
    path: Path, zones: gpd.GeoSeries, stat: str, band: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """A statistic of the raster's valid cells within each zone, and how many cells counted.

    A cell belongs to a zone when its centre lies inside it; a zone smaller than a cell
    (or a point) takes the cells it touches instead, so it is never empty only for being
    small.

    Parameters
    ----------
    path
        The raster (any CRS).
    zones
        Polygons (or any geometry) with a CRS; reprojected to the raster's CRS.
    stat
        ``mean``, ``max``, ``min`` or ``sum`` (see :data:`STATS`).
    band
        1-based band number.

    Returns
    -------
    tuple of numpy.ndarray
        The statistic per zone (NaN where the zone holds no valid cell) and the cell counts.
    """
    from affine import Affine
    from rasterio.features import geometry_mask
    from rasterio.windows import Window

    if stat not in STATS:
        msg = f"stat {stat!r}: use one of {', '.join(STATS)}"
        raise DataError(msg)
    if zones.crs is None:
        msg = "zones have no CRS"
        raise DataError(msg)
    reduce = STATS[stat]
    out = np.full(len(zones), np.nan)
    counts = np.zeros(len(zones), dtype=np.int64)
    with open_raster(path, band) as dataset:
        local = zones.to_crs(dataset.crs)
        inverse = ~dataset.transform
        for i, geom in enumerate(local.to_numpy()):
            if geom is None or geom.is_empty:
                continue
            x0, y0, x1, y1 = geom.bounds
            corners = [inverse @ (x, y) for x in (x0, x1) for y in (y0, y1)]
            cols = [c for c, _r in corners]
            rows = [r for _c, r in corners]
            c0 = max(int(np.floor(min(cols))), 0)
            r0 = max(int(np.floor(min(rows))), 0)
            c1 = min(int(np.floor(max(cols))) + 1, dataset.width)
            r1 = min(int(np.floor(max(rows))) + 1, dataset.height)
            if c1 <= c0 or r1 <= r0:
                continue
            window = Window(c0, r0, c1 - c0, r1 - r0)
            data = dataset.read(band, window=window, masked=True)
            # rasterio's window_transform multiplies affines with `*`, which affine 3 deprecates.
            transform = dataset.transform @ Affine.translation(c0, r0)
            inside = geometry_mask([geom], data.shape, transform, invert=True)
            if not inside.any():
                inside = geometry_mask([geom], data.shape, transform, invert=True, all_touched=True)
            cells = np.ma.filled(data.astype(float), np.nan)[inside]
            if dataset.nodata is not None and not np.isnan(dataset.nodata):
                cells = cells[cells != dataset.nodata]
            cells = cells[np.isfinite(cells)]
            counts[i] = len(cells)
            if len(cells):
                out[i] = reduce(cells)
    return out, counts
