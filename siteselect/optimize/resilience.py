"""Resilience: closed crossings, ports and roads, and the scenarios that close them one at a time.

A :class:`Closures` names features to remove from the layers a search reads (``--close
border_crossings:world-trade-bridge``) and circles where the road network is cut
(``--close-road -99.5,27.5,5``). :func:`siteselect.api.build_context` applies them, so every
measure of a run sees the world with those features closed.

:func:`compute_scenarios` re-measures only the criteria that read a closed layer, once per
single closure, and re-scores: what ``siteselect stress`` reports (per park, the worst drive-time
increase and rank change) and what the robust optimiser maximises (the worst scenario's score).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.closures import (
    Closures,
    close_layers,
)
from siteselect.errors import ConfigError, InfeasibleError

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.config import SearchConfig
    from siteselect.criteria import MeasureContext, MeasureResult
    from siteselect.results import RankResult

MAIN_CROSSING_MIN_TRUCKS = 100_000
"""A "main freight crossing": commercial, with at least this many northbound trucks a year
(CBP counts in ``border_crossings.csv``; 11 crossings in 2024, the World Trade Bridge first)."""


# --------------------------------------------------------------------------------------------
# Scenarios: one closure at a time
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One closure: the layer, the feature's id and name."""

    layer: str
    id: str
    name: str

    @property
    def label(self) -> str:
        """``name (layer)``."""
        return f"{self.name} ({self.layer})"


def select_scenarios(
    context: MeasureContext, *, crossings: bool = True, ports: bool = True
) -> list[Scenario]:
    """The main freight crossings and the seaports among the layers a search reads.

    Main crossings are the commercial ones with at least :data:`MAIN_CROSSING_MIN_TRUCKS`
    northbound trucks a year, busiest first; every seaport counts.
    """
    import pandas as pd

    out = []
    if crossings and "border_crossings" in context.layers:
        frame = context.layers["border_crossings"]
        trucks = pd.to_numeric(frame.get("trucks_northbound"), errors="coerce").fillna(0)
        commercial = frame.get("commercial", pd.Series(True, index=frame.index))
        is_main = (trucks >= MAIN_CROSSING_MIN_TRUCKS) & commercial.astype(str).str.lower().isin(
            ["true", "1", "yes"]
        )
        for _, row in (
            frame.loc[is_main.to_numpy()]
            .assign(_t=trucks)
            .sort_values("_t", ascending=False)
            .iterrows()
        ):
            out.append(
                Scenario("border_crossings", str(row["id"]), str(row.get("name", row["id"])))
            )
    if ports and "seaports" in context.layers:
        for _, row in context.layers["seaports"].iterrows():
            out.append(Scenario("seaports", str(row["id"]), str(row.get("name", row["id"]))))
    return out


@dataclass(frozen=True)
class ScenarioOutcome:
    """A search re-measured and re-scored with one feature closed.

    ``result`` is ``None`` when the closure leaves no park through the hard constraints.
    """

    scenario: Scenario
    measures: Mapping[str, MeasureResult]
    result: RankResult | None
    affected: tuple[str, ...]


def compute_scenarios(
    config: SearchConfig,
    base: RankResult,
    context: MeasureContext,
    scenarios: Sequence[Scenario],
    progress: Callable[[int, int], None] | None = None,
) -> list[ScenarioOutcome]:
    """Re-measure the criteria that read each closed layer and re-score, one scenario each.

    ``progress`` is called with (scenarios done, scenarios in all) after each.
    """
    from siteselect.candidates import CandidateSet
    from siteselect.constraints import apply_constraints, check_feasible
    from siteselect.criteria import compute_measures
    from siteselect.results import score_result

    out = []
    for done, scenario in enumerate(scenarios, start=1):
        if progress is not None:
            progress(done - 1, len(scenarios))
        closed = Closures(features={scenario.layer: (scenario.id,)})
        try:
            layers = close_layers(context.layers, closed)
        except ConfigError:
            continue  # closing it would empty its layer: nothing to measure to
        ctx = replace(context, layers=layers, memo={})
        affected = [c for c in config.criteria if scenario.layer in c.params.layer_refs()]
        fresh = compute_measures(base.candidates, affected, ctx) if affected else {}
        measures = {**base.measures, **fresh}
        outcome = apply_constraints(
            base.candidates.frame,
            measures,
            config.constraints,
            illustrative_columns=context.illustrative_columns,
        )
        result: RankResult | None
        try:
            check_feasible(outcome, len(base.candidates.frame))
            chosen = CandidateSet(base.candidates, base.removed)
            result = score_result(config, chosen, measures, outcome, base.provenance)
        except InfeasibleError:
            result = None
        out.append(ScenarioOutcome(scenario, measures, result, tuple(c.name for c in affected)))
    if progress is not None:
        progress(len(scenarios), len(scenarios))
    return out


def scenario_scores(base: RankResult, outcomes: Sequence[ScenarioOutcome]) -> pd.DataFrame:
    """Score of every ranked park per scenario (``base`` first); 0 where a park fails."""
    import pandas as pd

    ids = base.scores.table.index
    columns = {"base": base.scores.table["score"].reindex(ids)}
    for o in outcomes:
        if o.result is None:
            columns[o.scenario.id] = pd.Series(0.0, index=ids)
        else:
            columns[o.scenario.id] = o.result.scores.table["score"].reindex(ids).fillna(0.0)
    return pd.DataFrame(columns, index=ids).astype(float)


def summarise_stress(base: RankResult, outcomes: Sequence[ScenarioOutcome]) -> pd.DataFrame:
    """Per ranked park: the worst drive-time increase and the worst rank over the scenarios.

    Columns: ``name``, ``rank``, ``score``, ``worst_rank``, ``rank_change`` (worst - base,
    positive = worse), ``worst_rank_closure``, ``max_increase_min``, ``max_increase_closure``,
    ``max_increase_criterion``. Drive-time increases are over the ``drive_time`` criteria of the
    closed layer: the trip to the feature a park uses (a backup's detour, which a closure of the
    backup lengthens while the park's own route is untouched, is not a drive-time increase).
    """
    import pandas as pd

    table = base.scores.table
    ids = table.index
    position = base.candidates.frame.index.get_indexer(ids)
    n_all = len(base.candidates.frame)
    rows: dict[str, dict[str, Any]] = {
        str(cid): {
            "name": str(base.candidates.frame.loc[cid, "name"]),
            "rank": int(table.loc[cid, "rank"]),
            "score": float(table.loc[cid, "score"]),
            "worst_rank": int(table.loc[cid, "rank"]),
            "worst_rank_closure": None,
            "max_increase_min": 0.0,
            "max_increase_closure": None,
            "max_increase_criterion": None,
        }
        for cid in ids
    }
    drives = {c.name for c in base.config.criteria if c.measure == "drive_time"}
    for o in outcomes:
        for name in o.affected:
            before = base.measures[name]
            if name not in drives or before.unit != "min":
                continue
            after = o.measures[name].values[position]
            delta = np.where(
                np.isfinite(after) & np.isfinite(before.values[position]),
                after - before.values[position],
                np.where(np.isinf(after) & np.isfinite(before.values[position]), np.inf, 0.0),
            )
            for cid, d in zip(ids, delta, strict=True):
                row = rows[str(cid)]
                if d > row["max_increase_min"] + 1e-9:
                    row.update(
                        max_increase_min=float(d),
                        max_increase_closure=o.scenario.label,
                        max_increase_criterion=name,
                    )
        ranks = o.result.scores.table["rank"] if o.result is not None else pd.Series(dtype=float)
        for cid in ids:
            rank = int(ranks.loc[cid]) if cid in ranks.index else n_all + 1
            row = rows[str(cid)]
            if rank > row["worst_rank"]:
                row.update(worst_rank=rank, worst_rank_closure=o.scenario.label)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "id"
    out["rank_change"] = out["worst_rank"] - out["rank"]
    return out[
        [
            "name",
            "rank",
            "score",
            "worst_rank",
            "rank_change",
            "worst_rank_closure",
            "max_increase_min",
            "max_increase_closure",
            "max_increase_criterion",
        ]
    ]
