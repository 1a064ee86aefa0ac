"""``distance``: straight-line km to the nearest feature of a layer (EPSG:6372, spatial index)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from siteselect.criteria._layered import LayerParams
from siteselect.criteria.base import (
    Candidates,
    FloatArray,
    IntArray,
    Measure,
    MeasureContext,
    MeasureResult,
    register,
)
from siteselect.criteria.features import build_nearest, check_same_crs, read_targets

if TYPE_CHECKING:
    import geopandas as gpd


def compute_nearest_distance_km(
    points: gpd.GeoSeries, targets: gpd.GeoSeries
) -> tuple[FloatArray, IntArray]:
    """Straight-line km from each geometry to the nearest target, and that target's row.

    Both series share a projected CRS in metres (EPSG:6372). Lines and polygons are measured
    from their nearest edge, so a footprint touching a railway is 0 km from it.
    """
    n = len(points)
    dist_km = np.full(n, np.nan)
    rows = np.full(n, -1, dtype=np.int64)
    if n == 0 or len(targets) == 0:
        return dist_km, rows
    (src, tgt), dist = targets.sindex.nearest(
        points.to_numpy(), return_all=False, return_distance=True
    )
    dist_km[src] = dist / 1000.0
    rows[src] = tgt
    return dist_km, rows


@register
class Distance(Measure[LayerParams]):
    """Straight-line distance to the nearest feature."""

    name = "distance"
    params = LayerParams
    unit = "km"
    summary = "straight-line km to the nearest feature (EPSG:6372, spatial index)"

    def compute(
        self, candidates: Candidates, params: LayerParams, context: MeasureContext
    ) -> MeasureResult:
        """Kilometres and the nearest feature of ``to``."""
        targets = read_targets(context, params.to, params.where)
        frame = candidates.frame
        check_same_crs(frame, targets.crs, params.to)
        km, rows = compute_nearest_distance_km(frame.geometry, targets.geometry)
        return MeasureResult(
            values=km, unit=self.unit, nearest=build_nearest(targets, params.to, rows)
        )
