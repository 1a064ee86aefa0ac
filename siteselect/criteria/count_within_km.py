"""``count_within_km``: how many features of a layer lie within a straight-line radius."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

from siteselect.criteria._layered import LayerParams
from siteselect.criteria.base import (
    Candidates,
    FloatArray,
    Measure,
    MeasureContext,
    MeasureResult,
    register,
)
from siteselect.criteria.features import check_same_crs, read_targets

if TYPE_CHECKING:
    import geopandas as gpd


class CountWithinKmParams(LayerParams):
    """``to``, ``where`` and the radius ``km``."""

    km: float = Field(gt=0, description="the radius in km, e.g. 10")


def compute_count_within_km(points: gpd.GeoSeries, targets: gpd.GeoSeries, km: float) -> FloatArray:
    """Number of target features within ``km`` (straight line, inclusive) of each geometry."""
    src, _tgt = targets.sindex.query(points.to_numpy(), predicate="dwithin", distance=km * 1000.0)
    return np.bincount(src, minlength=len(points)).astype(np.float64)


@register
class CountWithinKm(Measure[CountWithinKmParams]):
    """Features of a layer within a radius."""

    name = "count_within_km"
    params = CountWithinKmParams
    unit = "count"
    summary = "features within a straight-line radius"

    def compute(
        self, candidates: Candidates, params: CountWithinKmParams, context: MeasureContext
    ) -> MeasureResult:
        """Counts of ``to`` features within ``km``."""
        targets = read_targets(context, params.to, params.where)
        frame = candidates.frame
        check_same_crs(frame, targets.crs, params.to)
        counts = compute_count_within_km(frame.geometry, targets.geometry, params.km)
        return MeasureResult(values=counts, unit=self.unit)
