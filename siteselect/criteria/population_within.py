"""``population_within``: the sum of a layer's column within N minutes by road (labour shed)."""

from __future__ import annotations

from siteselect.criteria._shed import ShedParams, compute_shed, shed_unit
from siteselect.criteria.base import Candidates, Measure, MeasureContext, MeasureResult, register


@register
class PopulationWithin(Measure[ShedParams]):
    """People (or any amount) that can drive to the site within ``minutes``."""

    name = "population_within"
    params = ShedParams
    unit = "people"
    summary = "people (or a layer's column) within N minutes by road: the labour shed"
    needs_graph = True

    def unit_of(self, params: ShedParams, context: MeasureContext) -> str:
        """``people``, or the summed column's unit."""
        return shed_unit(params)

    def compute(
        self, candidates: Candidates, params: ShedParams, context: MeasureContext
    ) -> MeasureResult:
        """The summed amount within the drive time (0 for an unreachable site)."""
        total, _, notes = compute_shed(candidates, params, context)
        return MeasureResult(values=total, unit=shed_unit(params), notes=notes)
