"""``count_within``: how many features of a layer lie within N minutes by road (a cluster)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field

from siteselect.criteria.base import (
    Candidates,
    Measure,
    MeasureContext,
    MeasureParams,
    MeasureResult,
    register,
)
from siteselect.criteria.features import Where, read_targets, target_xy


class CountWithinParams(MeasureParams):
    """``minutes``, ``to`` (a layer or file) and an optional ``where`` selecting the features.

    For example the RETC establishments of one industry:
    ``to = "establishments"``, ``where = { scian_rama = "3363" }``.
    """

    path_fields: ClassVar[tuple[str, ...]] = ("to",)

    minutes: float = Field(gt=0, description="the drive time in minutes, e.g. 60")
    to: str = Field(
        min_length=1, description="the layer whose features are counted, e.g. 'establishments'"
    )
    where: Where | None = None

    def layer_refs(self) -> tuple[str, ...]:
        """The counted layer."""
        return (self.to,)


@register
class CountWithin(Measure[CountWithinParams]):
    """Features (establishments of an industry, substations, ...) within ``minutes`` by road."""

    name = "count_within"
    params = CountWithinParams
    unit = "count"
    summary = "features of a layer within N minutes by road (a supplier cluster)"
    needs_graph = True

    def compute(
        self, candidates: Candidates, params: CountWithinParams, context: MeasureContext
    ) -> MeasureResult:
        """Counts of the selected features reachable within the time (lines and areas count
        once, at a point on them)."""
        from siteselect import network

        targets = read_targets(context, params.to, params.where)
        geoms = targets.geometry
        if bool((geoms.geom_type == "Point").all()):
            xy, _ = target_xy(geoms)
        else:
            import shapely

            xy = np.asarray(shapely.get_coordinates(shapely.point_on_surface(geoms.to_numpy())))
        access = context.access if context.access is not None else network.AccessLeg()
        counts = network.compute_count_within(
            context.road_graph(), candidates.xy(), xy, params.minutes, access=access
        )
        return MeasureResult(values=np.asarray(counts, dtype=np.float64), unit=self.unit)
