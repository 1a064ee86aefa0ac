"""Raster layers: values at points and zonal statistics, read window by window.

Nothing here reads a whole band: a point reads the cell under it, a zone the window around
it, so a raster larger than memory works (rasterio reads only the blocks a window touches).
Rasters may be in any CRS; points and zones are reprojected to the raster's. Cells equal to
the raster's nodata value, or NaN, never count.
"""

from __future__ import annotations

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


def sample_raster(path: Path, points: gpd.GeoSeries, band: int = 1) -> np.ndarray:
    """The value of the cell under each point (no interpolation).

    Parameters
    ----------
    path
        A GeoTIFF (or any raster rasterio reads) with a CRS.
    points
        Point geometries with a CRS; they are reprojected to the raster's CRS.
    band
        1-based band number.

    Returns
    -------
    numpy.ndarray
        One float per point; NaN where a point falls outside the raster or on nodata.
    """
    if points.crs is None:
        msg = "points to sample have no CRS"
        raise DataError(msg)
    with open_raster(path, band) as dataset:
        local = points.to_crs(dataset.crs)
        xs = local.x.to_numpy(dtype=float)
        ys = local.y.to_numpy(dtype=float)
        values = np.full(len(xs), np.nan)
        ok = np.isfinite(xs) & np.isfinite(ys)
        if ok.any():
            cells = dataset.sample(
                list(zip(xs[ok], ys[ok], strict=True)), indexes=band, masked=True
            )
            found = np.full(int(ok.sum()), np.nan)
            for i, cell in enumerate(cells):
                if not np.ma.getmaskarray(cell)[0]:
                    found[i] = float(np.ma.getdata(cell)[0])
            values[ok] = found
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
