"""The optimizer: the best set of parks under ``[optimize]``, and the stress test that
closes each main crossing and seaport in turn."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.api._common import _load_search
from siteselect.api.search import prepare, resolve_search, run_in_context
from siteselect.config import SearchConfig
from siteselect.context import build_context, read_road_graph
from siteselect.errors import ConfigError, DataNote, name_input
from siteselect.layers.store import LayerStore

if TYPE_CHECKING:
    from siteselect.config.schema import OptimizeSection
    from siteselect.optimize import SolveProgress
    from siteselect.optimize.result import OptimizeResult, StressResult


def optimize(
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    *,
    objective: str | None = None,
    k: int | None = None,
    corridors: Sequence[str] | None = None,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    closed: Mapping[str, Sequence[str]] | None = None,
    closed_roads: Sequence[tuple[float, float, float]] | None = None,
    data_dir: Path | None = None,
    facts: str | Path | None = None,
    requirements: str | Path | Mapping[str, Any] | None = None,
    progress: Callable[[SolveProgress], None] | None = None,
) -> OptimizeResult:
    """The best set of ``k`` parks under the config's ``[optimize]`` section.

    Parameters
    ----------
    profile, config, corridors
        As for :func:`rank`: the search whose ranked parks are the candidates.
    objective, k, solver, time_limit, gap
        Overrides of ``[optimize]`` (a search without that section needs ``k``; its
        objective is then ``score``).
    closed, closed_roads
        As for :func:`rank`: run with crossings, ports or roads closed.
    data_dir
        Folder of the embedded data.
    facts, requirements
        As for :func:`rank`: park facts and a tenant's requirements (the parks that miss
        one are not candidates of the choice).
    progress
        Called with a :class:`~siteselect.optimize.SolveProgress` as each stage starts
        (``rank``, ``costs``, then the solve's) and as the incumbent or the bound improve.

    Returns
    -------
    OptimizeResult

    Raises
    ------
    InfeasibleError
        No set of parks meets the constraint families (the message names the one to relax).

    Notes
    -----
    The time limit counts from this call: ranking the parks and measuring the demand's costs
    come out of it, and the solve gets what is left. Demand points that no park can reach
    are said (a :class:`~siteselect.errors.DataNote` warning) before the solve starts.
    """
    from siteselect.closures import build_closures
    from siteselect.optimize.geo import from_result, read_demand
    from siteselect.optimize.resilience import (
        compute_scenarios,
        scenario_scores,
        select_scenarios,
    )
    from siteselect.optimize.result import OptimizeResult

    started = time.perf_counter()
    search = _load_search(profile, config, corridors, facts=facts, requirements=requirements)
    section = build_optimize_section(
        search, objective=objective, k=k, solver=solver, time_limit=time_limit, gap=gap
    )
    deadline = started + section.time_limit

    def report(stage: str, detail: str = "") -> None:
        if progress is not None:
            from siteselect.optimize import SolveProgress

            progress(SolveProgress(stage, time.perf_counter() - started, detail=detail))

    report("rank")
    closures = build_closures(closed, closed_roads)
    store = LayerStore(data_dir)
    search = resolve_search(search, store)
    chosen = prepare(search, store)
    context = build_context(search, store, closures)
    ranking = run_in_context(search, store, chosen, context, closures)
    demand = None
    if section.objective != "score" and section.demand is not None:
        demand = read_demand(section.demand, store)
    graph = context.graph
    driven = section.objective != "score" and section.measure != "distance"
    if driven and graph is None:
        from siteselect.closures import close_roads

        graph = close_roads(read_road_graph(search, store), closures)
    scores = None
    if section.robust:
        outcomes = compute_scenarios(
            search, ranking, context, select_scenarios(context, ports=False)
        )
        if not outcomes:
            msg = "robust = true: this search reads no border crossings to close"
            raise ConfigError(msg)
        scores = scenario_scores(ranking, outcomes)
    if demand is not None:
        report("costs", f"{len(demand):,} demand points x {len(ranking.scores.table):,} parks")
    model, cost = from_result(
        ranking, demand, section, graph=graph, access=context.access, scores=scores
    )
    notes = []  # the ranking's notes already say what was closed
    if model.pairs is not None and not model.reachable.all():
        lost = ~model.reachable
        assert model.weights is not None
        why = (
            "no park within the threshold: they cannot be covered"
            if section.objective == "coverage"
            else "no park within reach: they are left out of the objective"
        )
        notes.append(
            f"{int(lost.sum())} demand point(s) (weight {model.weights[lost].sum():g}) have {why}"
        )
        # Said now, before the solve, not only in the result: a user waiting on a long
        # solve learns at once that part of the demand does not count.
        warnings.warn(notes[-1], DataNote, stacklevel=2)
    solution = model.solve(
        section.solver,
        time_limit=section.time_limit,
        gap=section.gap,
        deadline=deadline,
        progress=None if progress is None else _offset_progress(progress, started),
    )
    if solution.time_limit_reached:
        notes.append(
            f"time limit reached ({section.time_limit:g} s): the answer is within "
            f"{solution.gap:.2%} of the optimum, not proven optimal"
        )
    return OptimizeResult(
        section=section,
        ranking=ranking,
        site_ids=tuple(str(i) for i in ranking.scores.table.index),
        model=model,
        solution=solution,
        demand=demand,
        unit="score" if cost is None else cost.unit,
        scenario_scores=scores,
        closures=closures,
        notes=tuple(notes),
    )


def _offset_progress(
    progress: Callable[[SolveProgress], None], started: float
) -> Callable[[SolveProgress], None]:
    """The solve's progress with its elapsed time counted from the command's start."""
    from dataclasses import replace

    offset = time.perf_counter() - started

    def forward(event: SolveProgress) -> None:
        progress(replace(event, elapsed=event.elapsed + offset))

    return forward


def build_optimize_section(
    search: SearchConfig,
    *,
    objective: str | None = None,
    k: int | None = None,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
) -> OptimizeSection:
    """The config's ``[optimize]`` section with overrides applied and validated again."""
    from pydantic import ValidationError

    from siteselect.config import _format_error, check_count
    from siteselect.config.schema import OptimizeSection

    k = check_count(name_input("--k"), k)  # as `top`: "3" or 3.0 is refused, never coerced
    base = search.optimize.model_dump() if search.optimize is not None else {}
    overrides = {
        "objective": objective,
        "k": k,
        "solver": solver,
        "time_limit": time_limit,
        "gap": gap,
    }
    base.update({key: value for key, value in overrides.items() if value is not None})
    if "k" not in base:
        msg = f"optimize: give {name_input('--k N', 'k')} or an [optimize] section with `k`"
        raise ConfigError(msg)
    try:
        return OptimizeSection.model_validate(base)
    except ValidationError as exc:
        problems = "; ".join(_format_error(e) for e in exc.errors())
        msg = f"[optimize]: {problems}"
        raise ConfigError(msg) from None


def stress(
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    *,
    corridors: Sequence[str] | None = None,
    crossings: bool = True,
    ports: bool = True,
    data_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> StressResult:
    """Close each main freight crossing and seaport in turn; per park, the worst case.

    Main crossings are the commercial ones with at least
    :data:`~siteselect.optimize.resilience.MAIN_CROSSING_MIN_TRUCKS` northbound trucks a year.
    Only the criteria that read the closed layer are measured again. ``progress`` is called
    with (scenarios done, scenarios in all).
    """
    from siteselect.optimize.resilience import (
        compute_scenarios,
        select_scenarios,
        summarise_stress,
    )
    from siteselect.optimize.result import StressResult

    if not (crossings or ports):
        msg = "stress: with neither crossings nor ports there is nothing to close"
        raise ConfigError(msg)
    search = _load_search(profile, config, corridors)
    store = LayerStore(data_dir)
    search = resolve_search(search, store)
    chosen = prepare(search, store)
    context = build_context(search, store)
    ranking = run_in_context(search, store, chosen, context)
    scenarios = select_scenarios(context, crossings=crossings, ports=ports)
    if not scenarios:
        msg = "stress: this search reads neither border_crossings nor seaports; nothing to close"
        raise ConfigError(msg)
    outcomes = compute_scenarios(search, ranking, context, scenarios, progress=progress)
    return StressResult(
        ranking=ranking,
        outcomes=tuple(outcomes),
        summary=summarise_stress(ranking, outcomes),
    )
