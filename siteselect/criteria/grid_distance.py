"""``grid_distance``: straight-line km to the electric grid at a voltage (the nearest line or
substation), with how well the map covers the park's state."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from siteselect.criteria.base import (
    Candidates,
    Measure,
    MeasureContext,
    MeasureParams,
    MeasureResult,
    Nearest,
    register,
)
from siteselect.criteria.distance import compute_nearest_distance_km
from siteselect.criteria.features import build_nearest, check_same_crs
from siteselect.layers.options import LayerRef

LINES = "power_lines"
SUBSTATIONS = "power_substations"

COVERAGE_LOW_SHARE = 0.5
"""A state whose mapped lines (of the voltage asked) per 1,000 km² are below this share of the
whole country's has a thin map: its parks' distances are flagged as low confidence (a line
missing from the map makes a park look farther, never nearer). The map's own national density
is the yardstick: no independent per-state figure of the real grid is embedded."""


class GridDistanceParams(MeasureParams):
    """``voltage_kv``: the least voltage that counts; ``unknown``: whether lines and
    substations of unrecorded voltage count (the embedded grid holds only transmission
    lines, so an unrecorded voltage is 115 kV or more)."""

    voltage_kv: float = Field(default=115.0, gt=0, description="the least voltage, e.g. 115")
    unknown: Literal["include", "exclude"] | None = None

    def layer_refs(self) -> tuple[LayerRef, ...]:
        """The lines and the substations."""
        return (LINES, SUBSTATIONS, "states")

    @property
    def include_unknown(self) -> bool:
        """Unrecorded voltages count for thresholds up to 115 kV unless told otherwise."""
        if self.unknown is not None:
            return self.unknown == "include"
        return self.voltage_kv <= 115.0


@register
class GridDistance(Measure[GridDistanceParams]):
    """Km to the nearest mapped line or substation of at least ``voltage_kv``.

    Details: ``line_km`` and ``substation_km`` (each kind's nearest), ``coverage`` (km of
    mapped lines of the voltage per km² of the park's state, each line counted in the state of
    its midpoint, over the national figure)
    and ``low_confidence`` (1 where that share is below :data:`COVERAGE_LOW_SHARE`).
    """

    name = "grid_distance"
    params = GridDistanceParams
    unit = "km"
    summary = "straight-line km to the nearest mapped power line or substation of a voltage"

    def compute(
        self, candidates: Candidates, params: GridDistanceParams, context: MeasureContext
    ) -> MeasureResult:
        """The nearer of the two kinds, which one, and the state's map coverage."""
        frame = candidates.frame
        lines = _select(context.layer(LINES), params)
        subs = _select(context.layer(SUBSTATIONS), params)
        check_same_crs(frame, lines.crs, LINES)
        line_km, line_row = compute_nearest_distance_km(frame.geometry, lines.geometry)
        sub_km, sub_row = compute_nearest_distance_km(frame.geometry, subs.geometry)
        use_sub = np.nan_to_num(sub_km, nan=np.inf) <= np.nan_to_num(line_km, nan=np.inf)
        km = np.where(use_sub, sub_km, line_km)
        line_near = build_nearest(lines, LINES, line_row)
        sub_near = build_nearest(subs, SUBSTATIONS, sub_row)
        nearest = Nearest(
            layer="power grid",
            row=np.where(use_sub, sub_row, line_row),
            ids=tuple(
                s if u else ln
                for u, s, ln in zip(use_sub, sub_near.ids, line_near.ids, strict=True)
            ),
            names=tuple(
                s if u else ln
                for u, s, ln in zip(use_sub, sub_near.names, line_near.names, strict=True)
            ),
        )
        coverage = _state_coverage(frame, lines, context)
        low = coverage < COVERAGE_LOW_SHARE
        notes = []
        if low.any():
            states = sorted({str(s) for s in frame.loc[low, "state"]}) if "state" in frame else []
            notes.append(
                f"the mapped grid of {params.voltage_kv:g} kV or more is thin (under "
                f"{COVERAGE_LOW_SHARE:.0%} of the national density of mapped lines) in "
                + (", ".join(states) if states else f"{int(low.sum())} candidates' states")
                + ": their distances are low-confidence (a line missing from the map makes a "
                "site look farther, never nearer)"
            )
        return MeasureResult(
            values=km,
            unit=self.unit,
            nearest=nearest,
            details={
                "line_km": line_km,
                "substation_km": sub_km,
                "coverage": coverage,
                "low_confidence": low.astype(float),
            },
            notes=tuple(notes),
        )


def _select(layer: Any, params: GridDistanceParams) -> Any:
    import pandas as pd

    frame: pd.DataFrame = layer
    volts = pd.to_numeric(frame["voltage_kv"], errors="coerce")
    keep = volts >= params.voltage_kv
    if params.include_unknown:
        keep |= volts.isna()
    return frame.loc[keep.to_numpy()]


def _state_coverage(frame: Any, lines: Any, context: MeasureContext) -> np.ndarray:
    """Each candidate's state's km of the selected lines per km², over the country's (NaN:
    state unknown)."""
    import pandas as pd

    cands: pd.DataFrame = frame
    grid: Any = lines
    out = np.full(len(cands), np.nan)
    if "state" not in cands.columns:
        return out
    states = context.layer("states")
    key = ("grid_coverage", len(grid), float(grid.length.sum()))
    table = context.memo.get(key)
    if table is None:
        import shapely

        # Each line counts in the state holding its midpoint (lines are straight node-to-node
        # links; a state-by-state clip would cost a second of geometry for no real gain).
        lines = grid.geometry.to_numpy()
        polys = states.geometry.to_numpy()
        mids = shapely.line_interpolate_point(lines, 0.5, normalized=True)
        pair_state, pair_line = shapely.STRtree(mids).query(polys, predicate="contains")
        length = shapely.length(lines[pair_line])
        km = np.bincount(pair_state, weights=length, minlength=len(polys)) / 1000.0
        area = shapely.area(polys) / 1e6
        national = float(km.sum() / area.sum()) if area.sum() > 0 else 0.0
        names = states["state"].astype(str).tolist()
        table = (
            {n: (k / a) / national for n, k, a in zip(names, km, area, strict=True)}
            if national > 0
            else {}
        )
        context.memo[key] = table
    return np.array([table.get(s, np.nan) for s in cands["state"]], dtype=float)
