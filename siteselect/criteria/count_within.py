"""``count_within``: how many features of a layer lie within N minutes by road (a cluster),
optionally weighted by proximity (a gravity count)."""

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
from siteselect.criteria.features import Where, count_reachable, count_weighted, read_targets

THIN_CLUSTER = 20
"""A count over fewer features than this (in the whole layer, after ``where``) is a thin
signal: the output says so (RETC lists only establishments that report emissions, so a sector
of 8 records can hinge on one plant)."""


def describe_thin(params: CountWithinParams, n: int) -> tuple[str, ...]:
    """A note when the counted features are few."""
    if n >= THIN_CLUSTER:
        return ()
    return (
        f"counts {n} feature(s) of {params.to!s} in all (fewer than {THIN_CLUSTER}): a thin "
        "signal that one plant more or less changes",
    )


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
    # Suppliers deliver by truck: a cluster is what trucks reach within the time.
    traveller: Traveller = "truck"
    # Proximity: a feature t minutes away counts 0.5 ** (t / half_life) instead of 1, so a
    # supplier 10 minutes away counts more than one 3 hours away (None: plain count).
    half_life: float | None = Field(default=None, gt=0)

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

    def unit_of(self, params: CountWithinParams, context: MeasureContext) -> str:
        """``count``, or ``weighted count`` with a half-life."""
        return self.unit if params.half_life is None else "weighted count"

    def compute(
        self, candidates: Candidates, params: CountWithinParams, context: MeasureContext
    ) -> MeasureResult:
        """Counts of the selected features reachable within the time (lines and areas count
        once, at a point on them); with ``half_life``, each weighted by its drive time, and
        the plain count rides along as a detail."""
        targets = read_targets(context, params.to, params.where)
        thin = describe_thin(params, len(targets))
        if params.half_life is None:
            counts = count_reachable(candidates, targets, params.minutes, context, params.traveller)
            return MeasureResult(values=counts, unit=self.unit, notes=thin)
        weighted, plain = count_weighted(
            candidates, targets, params.minutes, params.half_life, context, params.traveller
        )
        return MeasureResult(
            values=weighted,
            unit="weighted count",
            details={"count": plain},
            notes=thin,
        )
