"""Parameters and inputs of the shed measures (what lives within N minutes of a site)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field

from siteselect.criteria.base import Candidates, FloatArray, MeasureContext, MeasureParams
from siteselect.criteria.features import LayerTo, Where, layer_label, read_targets, target_xy
from siteselect.errors import DataError
from siteselect.layers.options import LayerRef


class ShedParams(MeasureParams):
    """``minutes``; what to sum: ``column`` of ``to`` (default: people in ``population``)."""

    path_fields: ClassVar[tuple[str, ...]] = ("to",)

    minutes: float = Field(gt=0, description="the drive time in minutes, e.g. 60")
    to: LayerTo = "population"
    column: str = Field(default="population", min_length=1)
    where: Where | None = None
    unit: str | None = None

    def layer_refs(self) -> tuple[LayerRef, ...]:
        """The layer whose features are summed."""
        return (self.to,)


def read_shed_points(params: ShedParams, context: MeasureContext) -> tuple[FloatArray, FloatArray]:
    """x/y and the amount (people, graduates, MW) of every feature a shed can sum."""
    import pandas as pd

    targets = read_targets(context, params.to, params.where)
    if params.column not in targets.columns:
        known = ", ".join(str(c) for c in targets.columns if c != "geometry")
        msg = (
            f"layer {layer_label(params.to)!r} has no column {params.column!r} to sum "
            f"(columns: {known}); set `column`"
        )
        raise DataError(msg)
    amount = pd.to_numeric(targets[params.column], errors="coerce").to_numpy(dtype=np.float64)
    bad = ~np.isfinite(amount) | (amount < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = (
            f"layer {layer_label(params.to)!r}: column {params.column!r} row {row + 1} is "
            f"{targets[params.column].iloc[row]!r}; values must be numbers >= 0"
        )
        raise DataError(msg)
    geoms = targets.geometry
    if not bool((geoms.geom_type == "Point").all()):
        import shapely

        xy = np.asarray(
            shapely.get_coordinates(shapely.point_on_surface(geoms.to_numpy())), dtype=np.float64
        )
        return xy, amount
    xy, _ = target_xy(geoms)
    return xy, amount


def compute_shed(
    candidates: Candidates, params: ShedParams, context: MeasureContext
) -> tuple[FloatArray, FloatArray]:
    """Amount within reach of each candidate and the amount-weighted sum of drive times.

    One bounded multi-source pass serves both the shed and its commute burden: the result is
    kept in the run's memo under the candidates, the layer, its filter and the minutes.
    """
    from siteselect import network

    where = repr(params.where)
    key = ("shed", id(candidates.frame), params.to, params.column, where, params.minutes)
    if key not in context.memo:
        xy, amount = read_shed_points(params, context)
        access = context.access if context.access is not None else network.AccessLeg()
        context.memo[key] = network.compute_shed(
            context.road_graph(), candidates.xy(), xy, amount, params.minutes, access=access
        )
    total, weighted = context.memo[key]
    return total, weighted


def shed_unit(params: ShedParams) -> str:
    """``people`` for populations, else the declared unit or the column's name."""
    if params.unit is not None:
        return params.unit
    return "people" if params.column == "population" else params.column
