"""``shed_ratio``: a shed's amount per feature of another layer within the same drive time
(people per manufacturing establishment: how many employers compete for the same workers)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field

from siteselect.criteria._layered import Traveller
from siteselect.criteria._shed import ShedParams, compute_shed
from siteselect.criteria.base import Candidates, Measure, MeasureContext, MeasureResult, register
from siteselect.criteria.features import LayerTo, Where, count_reachable, read_targets
from siteselect.layers.options import LayerRef


class ShedRatioParams(ShedParams):
    """A shed (``minutes``, ``to``, ``column``, ``where``, ``traveller``) over the features of
    ``per`` (with ``per_where``) reached within the same minutes by the same traveller."""

    path_fields: ClassVar[tuple[str, ...]] = ("to", "per")

    per: LayerTo = Field(
        description="the layer whose features divide the shed, e.g. 'establishments'"
    )
    per_where: Where | None = None
    traveller: Traveller = "car"

    def layer_refs(self) -> tuple[LayerRef, ...]:
        """The summed layer and the dividing layer."""
        return (self.to, self.per)


@register
class ShedRatio(Measure[ShedRatioParams]):
    """People (or a layer's column) within N minutes per feature of ``per`` within N minutes.

    A labour-market tightness: a big metro's depth weighed against the employers competing
    for the same people. A shed with no such feature divides by one (the site itself would
    be the first employer), so the ratio stays finite; the count rides along as a detail.
    """

    name = "shed_ratio"
    params = ShedRatioParams
    unit = "people per feature"
    summary = "a shed's people per feature of another layer within the same minutes (tightness)"
    needs_graph = True

    def unit_of(self, params: ShedRatioParams, context: MeasureContext) -> str:
        """``people per establishment`` for the embedded establishments (what a reader of
        "tightness" needs to see), else ``people per feature`` (or the column's name)."""
        what = "people" if params.column == "population" else params.column
        per = "establishment" if params.per == "establishments" else "feature"
        return f"{what} per {per}"

    def compute(
        self, candidates: Candidates, params: ShedRatioParams, context: MeasureContext
    ) -> MeasureResult:
        """The shed's total over max(1, the features reached)."""
        total, _, notes = compute_shed(candidates, params, context)
        per = read_targets(context, params.per, params.per_where)
        counts = count_reachable(candidates, per, params.minutes, context, params.traveller)
        ratio = total / np.maximum(counts, 1.0)
        return MeasureResult(
            values=ratio,
            unit=self.unit_of(params, context),
            details={"shed": total, "count": counts},
            notes=notes,
        )
