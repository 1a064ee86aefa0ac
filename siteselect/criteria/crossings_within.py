"""``crossings_within``: how many features of a layer lie within N hours by road (redundancy)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from siteselect.criteria._layered import Traveller
from siteselect.criteria.base import (
    Candidates,
    Measure,
    MeasureContext,
    MeasureParams,
    MeasureResult,
    register,
)
from siteselect.criteria.features import LayerTo, Where, count_reachable, read_targets
from siteselect.layers.options import LayerRef

BORDER_CROSSINGS = "border_crossings"
# Redundancy for trucks: only crossings open to commercial traffic count unless `where` says.
TRUCK_CROSSINGS: Where = {"commercial": True}


class CountWithinHoursParams(MeasureParams):
    """``hours``; ``to`` (default the border crossings, commercial only) and ``where``."""

    path_fields: ClassVar[tuple[str, ...]] = ("to",)

    hours: float = Field(gt=0, description="the drive time in hours, e.g. 4")
    to: LayerTo = BORDER_CROSSINGS
    where: Where | None = None
    traveller: Traveller = "truck"

    def layer_refs(self) -> tuple[LayerRef, ...]:
        """The counted layer."""
        return (self.to,)

    @property
    def selection(self) -> Where | None:
        """The filter applied: trucks-only crossings by default."""
        if self.where is None and self.to == BORDER_CROSSINGS:
            return TRUCK_CROSSINGS
        return self.where


@register
class CrossingsWithin(Measure[CountWithinHoursParams]):
    """Distinct features (commercial border crossings by default) within ``hours`` by road."""

    name = "crossings_within"
    params = CountWithinHoursParams
    unit = "count"
    summary = "features of a layer (commercial crossings by default) within N hours by road"
    needs_graph = True

    def compute(
        self, candidates: Candidates, params: CountWithinHoursParams, context: MeasureContext
    ) -> MeasureResult:
        """Counts of features reachable within the time."""
        targets = read_targets(context, params.to, params.selection)
        counts = count_reachable(
            candidates, targets, params.hours * 60.0, context, params.traveller
        )
        return MeasureResult(values=counts, unit=self.unit)
