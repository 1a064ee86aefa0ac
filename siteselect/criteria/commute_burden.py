"""``commute_burden``: the amount-weighted mean drive time of a site's shed, in minutes."""

from __future__ import annotations

from siteselect.criteria._shed import ShedParams, read_shed_points
from siteselect.criteria.base import Candidates, Measure, MeasureContext, MeasureResult, register


@register
class CommuteBurden(Measure[ShedParams]):
    """Population-weighted mean drive time of the shed within ``minutes``."""

    name = "commute_burden"
    params = ShedParams
    unit = "min"
    summary = "population-weighted mean drive time of the shed within N minutes"
    needs_graph = True

    def compute(
        self, candidates: Candidates, params: ShedParams, context: MeasureContext
    ) -> MeasureResult:
        """Minutes; NaN where nobody lives within reach."""
        from siteselect import network

        xy, amount = read_shed_points(params, context)
        access = context.access if context.access is not None else network.AccessLeg()
        values = network.compute_commute_burden(
            context.road_graph(), candidates.xy(), xy, amount, params.minutes, access=access
        )
        return MeasureResult(values=values, unit=self.unit)
