"""Results of the optimiser and of the stress test: frozen, complete, unrounded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from siteselect.constants import GEOGRAPHIC_CRS

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from siteselect.closures import Closures
    from siteselect.config.schema import OptimizeSection
    from siteselect.optimize.model import LocationModel
    from siteselect.optimize.resilience import ScenarioOutcome
    from siteselect.optimize.solve import Solution
    from siteselect.results import RankResult

OBJECTIVE_TEXT = {
    "score": "sum of MCDA scores",
    "p-median": "demand-weighted {measure}",
    "coverage": "demand weight covered",
}


@dataclass(frozen=True)
class OptimizeResult:
    """The best set of parks, how good it is and what each park does in it.

    Attributes
    ----------
    section
        The ``[optimize]`` settings that were run.
    ranking
        The ranking the choice was made from (its ranked parks are the candidate sites).
    site_ids
        Park id of each model site (the ranking's order).
    model
        The location model that was solved.
    solution
        Chosen sites, objective recomputed from the choice, bound, gap, status.
    demand
        Demand points (``demand_id``, ``weight``, EPSG:6372 points), for p-median and coverage.
    unit
        Unit of the costs (``min`` or ``km``) for p-median and coverage, else ``score``.
    scenario_scores
        For a robust choice: score per park (rows) and scenario (columns, ``base`` first).
    closures
        Features and roads closed for the run.
    notes
        What the user must know (demand no park can reach, closures, solver remarks).
    """

    section: OptimizeSection
    ranking: RankResult
    site_ids: tuple[str, ...]
    model: LocationModel
    solution: Solution
    demand: gpd.GeoDataFrame | None
    unit: str
    scenario_scores: pd.DataFrame | None
    closures: Closures
    notes: tuple[str, ...] = ()

    # ---- the verdict ----------------------------------------------------------------------

    @property
    def chosen(self) -> tuple[str, ...]:
        """Ids of the chosen parks, in rank order."""
        return tuple(self.site_ids[j] for j in self.solution.chosen)

    @property
    def status(self) -> str:
        """``optimal``, ``time_limit`` or ``feasible``."""
        return self.solution.status

    @property
    def objective(self) -> float:
        """The objective, recomputed from the chosen parks."""
        return self.solution.objective

    @property
    def bound(self) -> float:
        """The best proven bound (lower for p-median, upper otherwise)."""
        return self.solution.bound

    @property
    def gap(self) -> float:
        """Relative gap between the objective and the bound."""
        return self.solution.gap

    @property
    def objective_text(self) -> str:
        """What the objective measures, in words."""
        measure = {"drive_time": "drive time", "drive_distance": "drive distance"}.get(
            self.section.measure, "straight-line distance"
        )
        text = OBJECTIVE_TEXT[self.section.objective].format(measure=measure)
        if self.section.objective == "score" and self.scenario_scores is not None:
            text = "worst-case sum of MCDA scores over single-crossing closures"
        if self.section.objective == "coverage":
            limit = self.section.threshold_min or self.section.threshold_km
            unit = "min" if self.section.measure == "drive_time" else "km"
            text += f" within {limit:g} {unit}"
            if self.section.double_coverage:
                text += " (counted twice when covered twice)"
        return text

    @property
    def assignment(self) -> dict[str, str | None]:
        """Demand id -> the park serving it (``None``: no chosen park reaches or covers it)."""
        if self.demand is None:
            return {}
        ids = self.demand["demand_id"].tolist()
        a = self.solution.assignment
        return {str(d): (self.site_ids[j] if j >= 0 else None) for d, j in zip(ids, a, strict=True)}

    def demand_costs(self) -> np.ndarray:
        """Cost (``unit``) from each demand point to its assigned park (NaN where none)."""
        from siteselect.optimize.geo import pair_costs

        return pair_costs(self.model, self.solution.assignment)

    def roles(self) -> pd.DataFrame:
        """One row per chosen park: identity, rank and score, and what it serves.

        Columns: ``name``, ``corridor``, ``state`` (when known), ``rank``, ``score``, then for
        p-median and coverage ``demand_served`` (weight), ``share`` (of all demand weight),
        ``points`` (demand points), ``mean_<unit>`` (weighted mean cost to it) and
        ``max_<unit>``; for a robust choice ``worst_score`` and ``worst_closure``.
        """
        import pandas as pd

        ranking = self.ranking.scores.table
        frame = self.ranking.candidates.frame
        rows = []
        for position, j in enumerate(self.solution.chosen):
            cid = self.site_ids[j]
            row: dict[str, Any] = {"id": cid, "name": str(frame.loc[cid, "name"])}
            for col in ("corridor", "state"):
                if col in frame.columns:
                    value = frame.loc[cid, col]
                    row[col] = None if value != value else str(value)
            row["rank"] = int(ranking.loc[cid, "rank"])
            row["score"] = float(ranking.loc[cid, "score"])
            if self.demand is not None:
                served = self.solution.assignment == j
                weights = self.demand["weight"].to_numpy(dtype=float)
                total = float(weights.sum())
                costs = self.demand_costs()
                row["demand_served"] = float(self.solution.served[position])
                row["share"] = float(row["demand_served"] / total) if total > 0 else 0.0
                row["points"] = int(served.sum())
                w = weights[served]
                c = costs[served]
                row[f"mean_{self.unit}"] = (
                    float((w * c).sum() / w.sum()) if w.sum() > 0 else float("nan")
                )
                row[f"max_{self.unit}"] = float(c.max()) if c.size else float("nan")
            if self.scenario_scores is not None:
                series = self.scenario_scores.loc[cid]
                row["worst_score"] = float(series.min())
                row["worst_closure"] = str(series.idxmin())
            rows.append(row)
        out = pd.DataFrame(rows).set_index("id")
        return out.sort_values("rank")

    def describe(self) -> Mapping[str, Any]:
        """The run's settings and verdict, for outputs."""
        s = self.solution
        return {
            "objective_kind": self.section.objective,
            "objective_text": self.objective_text,
            "k": self.section.k,
            "measure": self.section.measure if self.section.objective != "score" else None,
            "unit": self.unit,
            "status": s.status,
            "objective": s.objective,
            "bound": s.bound,
            "gap": s.gap,
            "requested_gap": s.requested_gap,
            "time_limit_s": s.time_limit,
            "time_limit_reached": s.time_limit_reached,
            "proof": s.proof,
            "solver": s.solver,
            "solver_status": s.solver_status,
            "timings_s": dict(s.timings),
            "candidates": len(self.site_ids),
            "demand_points": 0 if self.demand is None else len(self.demand),
            "demand_rows": s.demand_rows,
        }

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """The chosen parks with their roles, as points in EPSG:4326."""
        import geopandas as gpd

        roles = self.roles()
        geoms = self.ranking.candidates.frame.geometry.loc[roles.index]
        out = gpd.GeoDataFrame(roles, geometry=geoms.to_numpy(), crs=geoms.crs)
        return out.to_crs(GEOGRAPHIC_CRS)

    def assignment_lines(self) -> gpd.GeoDataFrame:
        """One straight line per served demand point, from it to its park, in EPSG:4326."""
        import geopandas as gpd
        import shapely

        if self.demand is None:
            return gpd.GeoDataFrame({"demand_id": []}, geometry=[], crs=GEOGRAPHIC_CRS)
        a = self.solution.assignment
        served = np.flatnonzero(a >= 0)
        site_geoms = self.ranking.candidates.frame.geometry
        park_ids = [self.site_ids[j] for j in a[served]]
        start = self.demand.geometry.to_numpy()[served]
        end = site_geoms.loc[park_ids].to_numpy()
        lines = shapely.linestrings(
            np.stack(
                [
                    np.column_stack([shapely.get_x(start), shapely.get_y(start)]),
                    np.column_stack([shapely.get_x(end), shapely.get_y(end)]),
                ],
                axis=1,
            )
        )
        out = gpd.GeoDataFrame(
            {
                "demand_id": self.demand["demand_id"].to_numpy()[served],
                "park_id": park_ids,
                "weight": self.demand["weight"].to_numpy()[served],
                f"cost_{self.unit}": self.demand_costs()[served],
            },
            geometry=lines,
            crs=self.demand.crs,
        )
        return out.to_crs(GEOGRAPHIC_CRS)


@dataclass(frozen=True)
class StressResult:
    """Each main freight crossing and port closed in turn: what it does to every park.

    Attributes
    ----------
    ranking
        The ranking with nothing closed.
    outcomes
        One re-measured, re-scored search per closure.
    summary
        Per ranked park (rank order): worst drive-time increase and its closure, worst rank
        and its closure (see :func:`~siteselect.optimize.resilience.summarise_stress`).
    """

    ranking: RankResult
    outcomes: tuple[ScenarioOutcome, ...]
    summary: pd.DataFrame

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The closures, as ``name (layer)``."""
        return tuple(o.scenario.label for o in self.outcomes)
