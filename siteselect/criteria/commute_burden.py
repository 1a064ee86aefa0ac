"""``commute_burden``: the amount-weighted mean drive time of a site's shed, in minutes."""

from __future__ import annotations

import numpy as np

from siteselect.criteria._shed import ShedParams, compute_shed
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
        total, weighted, notes = compute_shed(candidates, params, context)
        out = np.full(total.shape[0], np.nan)
        has = total > 0
        out[has] = weighted[has] / total[has]
        return MeasureResult(values=out, unit=self.unit, notes=notes)
