"""Raster layers: sampling GeoTIFF values at candidate points."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from siteselect.errors import DataError
from siteselect.layers.validate import check_crs

if TYPE_CHECKING:
    import geopandas as gpd


def sample_raster(path: Path, points: gpd.GeoSeries, band: int = 1) -> np.ndarray:
    """Sample a raster's values at points (bilinear-free: the value of the cell under each point).

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
    import rasterio

    if points.crs is None:
        msg = "points to sample have no CRS"
        raise DataError(msg)
    try:
        dataset = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        msg = f"cannot read raster {path}: {exc}"
        raise DataError(msg) from exc
    with dataset:
        check_crs(dataset.crs, source=f"raster {path}")
        local = points.to_crs(dataset.crs)
        xs = local.x.to_numpy()
        ys = local.y.to_numpy()
        rows, cols = rasterio.transform.rowcol(dataset.transform, xs, ys)
        rows = np.asarray(rows)
        cols = np.asarray(cols)
        inside = (rows >= 0) & (rows < dataset.height) & (cols >= 0) & (cols < dataset.width)
        data = dataset.read(band).astype(float)
        values = np.full(len(xs), np.nan)
        values[inside] = data[rows[inside], cols[inside]]
        if dataset.nodata is not None:
            values[values == dataset.nodata] = np.nan
    return values
