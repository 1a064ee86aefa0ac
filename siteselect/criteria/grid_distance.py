"""``grid_distance``: power for a park, from the park's own facts where its facts sheet gives
them, else straight-line km to the electric grid at a voltage (the nearest line or substation),
with how well the map covers the park's state.

A park whose facts sheet states its available power (``power_mva_available``) and its supply
voltage (``supply_voltage_kv``) is judged on them, not on the map (OSM 2016/17, incomplete):
when they meet the need (the tenant's ``power_mva`` and ``voltage_kv`` from
``[requirements]``; without them, any stated capacity at the criterion's ``voltage_kv``) its
raw value is 0 km (power at the park); when they fall short, the grid-distance fallback's worst
value (see :data:`SHORT_PENALTY`). A park without those facts keeps the grid distance, labelled
as the fallback. A search without a facts sheet measures exactly as before.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from siteselect.constants import USER_FILE_MARK
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
FACT_MVA = "power_mva_available"
FACT_KV = "supply_voltage_kv"
FACT_KEYS = (FACT_MVA, FACT_KV)
SHORT_PENALTY = "the farthest grid distance of the search"
"""What a park whose own facts fall short of the need scores: the largest grid distance of
any candidate of the search (never less than its own). A consultant would not credit a park
that says it cannot supply the tenant with its nearness to a line on an old map: the tenant
would have to bring the power in itself, so the park ranks with the worst-placed park on
this criterion (the worst value of a fitted scale; on a ``linear`` scale, the worst of the
search's measured values, clipped at the scale's ``worst``). Never a silent pass, never a
made-up distance."""
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
    # Filled from [requirements] power_mva / voltage_kv when left unset (config.requirements).
    need_mva: float | None = Field(default=None, gt=0, description="MVA a park must supply")
    need_kv: float | None = Field(default=None, gt=0, description="least supply voltage, kV")

    @model_serializer(mode="wrap")
    def _without_unset_needs(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A search that states no need dumps (and hashes: config_sha256) as before they existed.
        data: dict[str, Any] = handler(self)
        for key in ("need_mva", "need_kv"):
            if data.get(key, 0) is None:
                del data[key]
        return data

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
    and ``low_confidence`` (1 where that share is below :data:`COVERAGE_LOW_SHARE`). With a
    facts sheet, also ``from_facts`` (1 where the park's own facts decided), ``facts_short``
    (1 where they fall short of the need), ``facts_mva`` and ``facts_kv`` (the stated values,
    NaN where not given) and ``grid_km`` (the map's distance, for every park).
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
            ids=_either(use_sub, sub_near.ids, line_near.ids),
            names=_either(use_sub, sub_near.names, line_near.names),
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
        details = {
            "line_km": line_km,
            "substation_km": sub_km,
            "coverage": coverage,
            "low_confidence": low.astype(float),
        }
        if candidates.facts is None:
            # No facts sheet: the map alone, exactly as before facts existed.
            return MeasureResult(
                values=km, unit=self.unit, nearest=nearest, details=details, notes=tuple(notes)
            )
        values, from_details, fact_notes = _decide_from_facts(candidates, params, km)
        facts = candidates.facts
        from_facts = from_details["from_facts"] > 0
        return MeasureResult(
            values=values,
            unit=self.unit,
            nearest=nearest,
            details={**details, **from_details},
            notes=(*fact_notes, *notes),
            illustrative=bool(facts.illustrative and from_facts.any()),
            facts_read=FACT_KEYS,
        )


def _either(
    first: np.ndarray, yes: tuple[str | None, ...], no: tuple[str | None, ...]
) -> tuple[str | None, ...]:
    """``yes[i]`` where ``first[i]``, else ``no[i]`` (one ``where`` over object arrays)."""
    picked: list[str | None] = np.where(
        first, np.array(yes, dtype=object), np.array(no, dtype=object)
    ).tolist()
    return tuple(picked)


def _decide_from_facts(
    candidates: Candidates, params: GridDistanceParams, grid_km: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray], list[str]]:
    """Raw km per park from its own facts where they decide, else the grid distance."""
    mva = candidates.fact_values(FACT_MVA)
    kv = candidates.fact_values(FACT_KV)
    need_kv = params.need_kv if params.need_kv is not None else params.voltage_kv
    # Capacity is met when it covers the tenant's need; without a stated need, any capacity.
    mva_ok = mva >= params.need_mva if params.need_mva is not None else mva > 0
    mva_short = ~np.isnan(mva) & ~mva_ok
    kv_short = ~np.isnan(kv) & (kv < need_kv)
    both = ~np.isnan(mva) & ~np.isnan(kv)
    # One stated fact that falls short decides on its own; a pass needs both.
    short = mva_short | kv_short
    met = both & ~short
    from_facts = met | short
    finite = grid_km[np.isfinite(grid_km)]
    farthest = float(finite.max()) if finite.size else np.nan
    worst = np.fmax(np.where(np.isfinite(grid_km), grid_km, farthest), farthest)
    values = np.where(met, 0.0, np.where(short, worst, grid_km))
    n, n_met, n_short = len(values), int(met.sum()), int(short.sum())
    need = (
        f"{params.need_mva:g} MVA at {need_kv:g} kV"
        if params.need_mva is not None
        else f"stated capacity at {need_kv:g} kV"
    )
    sheet = candidates.facts.file if candidates.facts else ""
    notes = [
        f"{n_met + n_short} of {n} parks measured from their own facts "
        f"({FACT_MVA}, {FACT_KV} from {sheet} {USER_FILE_MARK}; "
        f"{n_met} meet {need}: 0 km, power at the park; {n_short} fall short: scored at "
        f"{SHORT_PENALTY}), {n - n_met - n_short} by the grid-distance fallback (the mapped "
        "grid, OSM 2016/17; the missing-fact policy does not apply: the map measures them)"
    ]
    details = {
        "from_facts": from_facts.astype(np.float64),
        "facts_short": short.astype(np.float64),
        "facts_mva": mva,
        "facts_kv": kv,
        "grid_km": grid_km.astype(np.float64),
    }
    return values, details, notes


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
    return np.array([table.get(s, np.nan) for s in cands["state"].tolist()], dtype=float)
