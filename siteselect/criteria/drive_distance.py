"""``drive_distance``: km by road to the nearest feature of a layer (nearest by time)."""

from __future__ import annotations

from siteselect.criteria._drive import compute_drive
from siteselect.criteria._layered import DriveParams
from siteselect.criteria.base import Candidates, Measure, MeasureContext, MeasureResult, register


@register
class DriveDistance(Measure[DriveParams]):
    """Road km of the fastest trip to the nearest feature (drive minutes as a detail)."""

    name = "drive_distance"
    params = DriveParams
    unit = "km"
    summary = "km by road to the nearest feature (the fastest trip's length)"
    needs_graph = True

    def compute(
        self, candidates: Candidates, params: DriveParams, context: MeasureContext
    ) -> MeasureResult:
        """Kilometres, the nearest feature, drive minutes and straight km."""
        return compute_drive(candidates, params, context, value="drive_km")
