"""The stress test as a report shows it: per park, the cost of one closure at a time."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from siteselect.optimize.resilience import ScenarioOutcome
    from siteselect.report.i18n import Messages
    from siteselect.results import RankResult


@dataclass(frozen=True)
class ClosureCost:
    """What closing one main crossing or port at a time costs a park (the stress test).

    Attributes
    ----------
    rank
        The park's rank with everything open.
    worst_rank
        Its worst rank over the closures; ``None`` when a closure leaves it out of the
        ranking (it fails the hard constraints then).
    worst_rank_closure
        ``(layer, name)`` of the closure causing it, ``None`` when no closure lowers the rank.
    increase_min
        The largest increase of a drive time in minutes (``inf``: the target becomes
        unreachable; 0: no closure lengthens any drive time).
    increase_closure
        ``(layer, name)`` of the closure causing it, ``None`` when there is no increase.
    increase_criterion
        The criterion whose drive time grows most.
    """

    rank: int
    worst_rank: int | None
    worst_rank_closure: tuple[str, str] | None
    increase_min: float
    increase_closure: tuple[str, str] | None
    increase_criterion: str | None


@dataclass(frozen=True)
class Resilience:
    """The stress test of a search: per ranked park, the cost of one closure at a time.

    Attributes
    ----------
    costs
        Park id -> its :class:`ClosureCost`.
    closures
        How many crossings and ports were closed, one at a time.
    min_trucks
        Northbound trucks a year that make a crossing a main one.
    """

    costs: Mapping[str, ClosureCost]
    closures: int
    min_trucks: int


def _closure_name(closure: tuple[str, str] | None, m: Messages) -> str:
    if closure is None:
        return ""
    layer, name = closure
    kind = m.get(f"layer.{layer}", layer) or layer
    return m.t("resilience.closure", name=name, kind=kind)


def closure_texts(cost: ClosureCost, of: int, m: Messages) -> tuple[str, str]:
    """The cost of one closure as two short texts: the drive-time increase and the worst rank."""
    if cost.increase_closure is None or cost.increase_min <= 0:
        increase = m.t("resilience.increase_none")
    elif math.isinf(cost.increase_min):
        increase = m.t(
            "resilience.increase_unreachable", closure=_closure_name(cost.increase_closure, m)
        )
    else:
        increase = m.t(
            "resilience.increase_value",
            minutes=m.number(cost.increase_min, 0),
            closure=_closure_name(cost.increase_closure, m),
        )
    if cost.worst_rank_closure is None:
        worst = m.t("resilience.rank_holds", rank=cost.rank, of=of)
    elif cost.worst_rank is None:
        worst = m.t("resilience.rank_out", closure=_closure_name(cost.worst_rank_closure, m))
    else:
        worst = m.t(
            "resilience.rank_value",
            worst=cost.worst_rank,
            of=of,
            closure=_closure_name(cost.worst_rank_closure, m),
        )
    return increase, worst


def build_resilience(result: RankResult, outcomes: Sequence[ScenarioOutcome]) -> Resilience:
    """Per ranked park, the cost of one closure at a time, from the stress test's outcomes
    (:func:`siteselect.optimize.resilience.compute_scenarios` on ``result``, or
    ``siteselect.api.stress(...).outcomes`` with ``result`` its ranking)."""
    from siteselect.optimize.resilience import MAIN_CROSSING_MIN_TRUCKS, summarise_stress

    summary: pd.DataFrame = summarise_stress(result, outcomes)
    closures = {o.scenario.label: (o.scenario.layer, o.scenario.name) for o in outcomes}
    n_all = len(result.candidates.frame)
    costs: dict[str, ClosureCost] = {}
    for cid, row in summary.iterrows():
        worst = int(row["worst_rank"])
        costs[str(cid)] = ClosureCost(
            rank=int(row["rank"]),
            worst_rank=None if worst > n_all else worst,
            worst_rank_closure=closures.get(str(row["worst_rank_closure"])),
            increase_min=float(row["max_increase_min"]),
            increase_closure=closures.get(str(row["max_increase_closure"])),
            increase_criterion=(
                None
                if row["max_increase_criterion"] is None
                else str(row["max_increase_criterion"])
            ),
        )
    return Resilience(costs, len(outcomes), MAIN_CROSSING_MIN_TRUCKS)
