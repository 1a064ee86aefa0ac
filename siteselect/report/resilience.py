"""The stress test as a report shows it: per park, the cost of one closure at a time.

:class:`Resilience` is small (a few numbers and names per park) and is all a report reads of
the stress test, so it is what a cache keeps: :func:`resilience_to_arrays` and
:func:`resilience_from_arrays` turn it into plain arrays and back (see
:func:`siteselect.api.compute_resilience`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

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
        ``(layer, name, id)`` of the closure causing it, ``None`` when no closure lowers the
        rank.
    increase_min
        The largest increase of a drive time in minutes (``inf``: the target becomes
        unreachable; 0: no closure lengthens any drive time).
    increase_closure
        ``(layer, name, id)`` of the closure causing it, ``None`` when there is no increase.
    increase_criterion
        The criterion whose drive time grows most.
    """

    rank: int
    worst_rank: int | None
    worst_rank_closure: tuple[str, str, str] | None
    increase_min: float
    increase_closure: tuple[str, str, str] | None
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


def _closure_name(
    closure: tuple[str, str, str] | None,
    m: Messages,
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    if closure is None:
        return ""
    layer, name, fid = closure
    kind = m.get(f"layer.{layer}", layer) or layer
    local = (names or {}).get(layer, {}).get(fid) or name
    return m.t("resilience.closure", name=local, kind=kind)


def closure_texts(
    cost: ClosureCost,
    of: int,
    m: Messages,
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[str, str]:
    """The cost of one closure as two short texts: the drive-time increase and the worst rank
    (features named in the report's language where ``names``, layer -> id -> name, has
    them)."""
    if cost.increase_closure is None or cost.increase_min <= 0:
        increase = m.t("resilience.increase_none")
    elif math.isinf(cost.increase_min):
        increase = m.t(
            "resilience.increase_unreachable",
            closure=_closure_name(cost.increase_closure, m, names),
        )
    else:
        increase = m.t(
            "resilience.increase_value",
            minutes=m.number(cost.increase_min, 0),
            closure=_closure_name(cost.increase_closure, m, names),
        )
    if cost.worst_rank_closure is None:
        worst = m.t("resilience.rank_holds", rank=cost.rank, of=of)
    elif cost.worst_rank is None:
        worst = m.t("resilience.rank_out", closure=_closure_name(cost.worst_rank_closure, m, names))
    else:
        worst = m.t(
            "resilience.rank_value",
            worst=cost.worst_rank,
            of=of,
            closure=_closure_name(cost.worst_rank_closure, m, names),
        )
    return increase, worst


def build_resilience(result: RankResult, outcomes: Sequence[ScenarioOutcome]) -> Resilience:
    """Per ranked park, the cost of one closure at a time, from the stress test's outcomes
    (:func:`siteselect.optimize.resilience.compute_scenarios` on ``result``, or
    ``siteselect.api.stress(...).outcomes`` with ``result`` its ranking)."""
    from siteselect.optimize.resilience import MAIN_CROSSING_MIN_TRUCKS, summarise_stress

    summary: pd.DataFrame = summarise_stress(result, outcomes)
    closures = {
        o.scenario.label: (o.scenario.layer, o.scenario.name, o.scenario.id) for o in outcomes
    }
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


def _closure_columns(
    closures: Sequence[tuple[str, str, str] | None], prefix: str
) -> dict[str, np.ndarray]:
    parts = [c or ("", "", "") for c in closures]
    return {
        f"{prefix}_{what}": np.asarray([p[i] for p in parts], dtype=str)
        for i, what in enumerate(("layer", "name", "id"))
    }


def _closure(arrays: Mapping[str, Any], prefix: str, i: int) -> tuple[str, str, str] | None:
    layer = str(arrays[f"{prefix}_layer"][i])
    if not layer:
        return None
    return layer, str(arrays[f"{prefix}_name"][i]), str(arrays[f"{prefix}_id"][i])


def resilience_to_arrays(resilience: Resilience) -> dict[str, np.ndarray]:
    """A :class:`Resilience` as plain arrays (strings and numbers, no objects) for a cache."""
    ids = list(resilience.costs)
    costs = [resilience.costs[i] for i in ids]
    return {
        "ids": np.asarray(ids, dtype=str),
        "rank": np.asarray([c.rank for c in costs], dtype=np.int64),
        "worst_rank": np.asarray(
            [-1 if c.worst_rank is None else c.worst_rank for c in costs], dtype=np.int64
        ),
        "increase_min": np.asarray([c.increase_min for c in costs], dtype=float),
        "increase_criterion": np.asarray([c.increase_criterion or "" for c in costs], dtype=str),
        **_closure_columns([c.worst_rank_closure for c in costs], "worst"),
        **_closure_columns([c.increase_closure for c in costs], "increase"),
        "meta": np.asarray([resilience.closures, resilience.min_trucks], dtype=np.int64),
    }


def resilience_from_arrays(arrays: Mapping[str, Any]) -> Resilience:
    """The :class:`Resilience` :func:`resilience_to_arrays` stored."""
    costs: dict[str, ClosureCost] = {}
    for i, cid in enumerate(arrays["ids"]):
        worst = int(arrays["worst_rank"][i])
        criterion = str(arrays["increase_criterion"][i])
        costs[str(cid)] = ClosureCost(
            rank=int(arrays["rank"][i]),
            worst_rank=None if worst < 0 else worst,
            worst_rank_closure=_closure(arrays, "worst", i),
            increase_min=float(arrays["increase_min"][i]),
            increase_closure=_closure(arrays, "increase", i),
            increase_criterion=criterion or None,
        )
    closures, min_trucks = (int(x) for x in arrays["meta"])
    return Resilience(costs, closures, min_trucks)
