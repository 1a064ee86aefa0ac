"""``raster``: a raster layer's value at each site, or a statistic over its footprint or a radius.

``to = "solar"`` samples the cell under the site's point. ``stat = "mean" | "max" | "min" |
"sum"`` summarises the cells within the candidate's footprint (parcels), or within
``radius_km`` of its point; rasters in any CRS, read window by window, nodata left out.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from siteselect.criteria.base import (
    Candidates,
    Measure,
    MeasureContext,
    MeasureParams,
    MeasureResult,
    register,
)
from siteselect.errors import ConfigError
from siteselect.layers.options import LayerRef, ref_key


class RasterParams(MeasureParams):
    """``to``: a raster layer name or a GeoTIFF; ``band``; ``unit``; ``stat``, ``radius_km``."""

    path_fields: ClassVar[tuple[str, ...]] = ("to",)

    to: str = Field(min_length=1, description="a raster layer, e.g. 'solar', or a GeoTIFF")
    band: int = Field(default=1, ge=1)
    unit: str | None = None
    stat: Literal["mean", "max", "min", "sum"] | None = None
    radius_km: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _radius_needs_stat(self) -> RasterParams:
        if self.radius_km is not None and self.stat is None:
            raise ValueError('radius_km needs stat ("mean", "max", "min" or "sum")')
        return self

    def layer_refs(self) -> tuple[LayerRef, ...]:
        """The raster."""
        return (self.to,)


@register
class Raster(Measure[RasterParams]):
    """The raster's value under each site, or a zonal statistic (NaN where no valid cell)."""

    name = "raster"
    params = RasterParams
    summary = "the value of a raster layer at the site, or a statistic over its footprint/radius"
    rasters = True

    def unit_of(self, params: RasterParams, context: MeasureContext) -> str:
        """The declared unit, else the registered layer's unit."""
        if params.unit is not None:
            return params.unit
        from siteselect.layers import LAYERS

        info = LAYERS.get(params.to)
        return info.unit if info else ""

    def compute(
        self, candidates: Candidates, params: RasterParams, context: MeasureContext
    ) -> MeasureResult:
        """Sampled values, or the statistic per zone with the number of cells it used."""
        from siteselect.layers.raster import compute_zonal_stats, sample_raster

        path = context.raster(ref_key(params.to))
        points = candidates.frame.geometry
        unit = self.unit_of(params, context)
        if params.stat is None:
            return MeasureResult(values=sample_raster(path, points, params.band), unit=unit)
        if params.radius_km is not None:
            zones = points.buffer(params.radius_km * 1000.0, quad_segs=16)
            where = f"within {params.radius_km:g} km"
        elif candidates.footprints is not None:
            zones = candidates.footprints.loc[candidates.frame.index]
            where = "within the footprint"
        else:
            msg = (
                f'stat = "{params.stat}" needs polygon candidates (footprints) or radius_km; '
                "these candidates are points"
            )
            raise ConfigError(msg)
        values, cells = compute_zonal_stats(path, zones, params.stat, params.band)
        empty = int((cells == 0).sum())
        notes = (f"{empty} candidate(s) have no valid raster cell {where}",) if empty else ()
        return MeasureResult(
            values=values,
            unit=unit,
            details={"cells": cells.astype(float)},
            notes=notes,
        )
