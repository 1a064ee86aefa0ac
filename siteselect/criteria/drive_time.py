"""``drive_time``: truck minutes by road to the nearest feature of a layer."""

from __future__ import annotations

from siteselect.criteria._drive import compute_drive
from siteselect.criteria._layered import LayerParams
from siteselect.criteria.base import Candidates, Measure, MeasureContext, MeasureResult, register


@register
class DriveTime(Measure[LayerParams]):
    """Minutes by road to the nearest feature (drive km and straight km as details)."""

    name = "drive_time"
    params = LayerParams
    unit = "min"
    summary = "minutes by road to the nearest feature"
    needs_graph = True

    def compute(
        self, candidates: Candidates, params: LayerParams, context: MeasureContext
    ) -> MeasureResult:
        """Minutes, the nearest feature, drive km and straight km."""
        return compute_drive(candidates, params, context, value="drive_min")
