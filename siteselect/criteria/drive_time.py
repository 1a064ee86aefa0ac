"""``drive_time``: minutes by road (truck, or car) to the nearest feature of a layer."""

from __future__ import annotations

from siteselect.criteria._drive import compute_drive
from siteselect.criteria._layered import DriveParams
from siteselect.criteria.base import Candidates, Measure, MeasureContext, MeasureResult, register


@register
class DriveTime(Measure[DriveParams]):
    """Minutes by road to the nearest feature (drive km and straight km as details)."""

    name = "drive_time"
    params = DriveParams
    unit = "min"
    summary = "minutes by road to the nearest feature"
    needs_graph = True

    def compute(
        self, candidates: Candidates, params: DriveParams, context: MeasureContext
    ) -> MeasureResult:
        """Minutes, the nearest feature, drive km and straight km."""
        return compute_drive(candidates, params, context, value="drive_min")
