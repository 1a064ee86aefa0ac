"""``raster``: the value of a raster layer at each site (e.g. ``solar``, kWh/m²/yr)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from siteselect.criteria.base import (
    Candidates,
    Measure,
    MeasureContext,
    MeasureParams,
    MeasureResult,
    register,
)


class RasterParams(MeasureParams):
    """``to``: a raster layer name or a GeoTIFF of the user's; ``band``; ``unit``."""

    path_fields: ClassVar[tuple[str, ...]] = ("to",)

    to: str = Field(min_length=1, description="a raster layer, e.g. 'solar', or a GeoTIFF")
    band: int = Field(default=1, ge=1)
    unit: str | None = None

    def layer_refs(self) -> tuple[str, ...]:
        """The raster."""
        return (self.to,)


@register
class Raster(Measure[RasterParams]):
    """The raster's value in the cell under each site (NaN outside it or on nodata)."""

    name = "raster"
    params = RasterParams
    summary = "the value of a raster layer at the site"
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
        """Sampled values."""
        from siteselect.layers.raster import sample_raster

        values = sample_raster(context.raster(params.to), candidates.frame.geometry, params.band)
        return MeasureResult(values=values, unit=self.unit_of(params, context))
