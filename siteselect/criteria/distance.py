"""``distance``: straight-line km to the nearest feature of a layer (EPSG:6372, spatial index).

Measured from each candidate's representative point, or with ``from = "footprint"`` from the
candidate's polygon or line itself (a parcel touching a railway is 0 km from it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import ConfigDict, Field

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


class DistanceParams(LayerParams):
    """``to``, ``where`` and ``from``: ``point`` (default) or ``footprint``."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Literal["point", "footprint"] | None = Field(
        default=None,
        alias="from",
        description="measure from the candidate's 'point' (default) or its 'footprint'",
    )


@register
class Distance(Measure[DistanceParams]):
    """Straight-line distance to the nearest feature."""

    name = "distance"
    params = DistanceParams
    unit = "km"
    summary = "straight-line km to the nearest feature (EPSG:6372, spatial index)"

    def compute(
        self, candidates: Candidates, params: DistanceParams, context: MeasureContext
    ) -> MeasureResult:
        """Kilometres and the nearest feature of ``to``."""
        targets = read_targets(context, params.to, params.where)
        frame = candidates.frame
        check_same_crs(frame, targets.crs, params.to)
        origins = frame.geometry
        if params.from_ == "footprint" and candidates.footprints is not None:
            # Point candidates have no footprint but their point: the same distance.
            origins = candidates.footprints.loc[frame.index]
        km, rows = compute_nearest_distance_km(origins, targets.geometry)
        return MeasureResult(
            values=km, unit=self.unit, nearest=build_nearest(targets, params.to, rows)
        )
