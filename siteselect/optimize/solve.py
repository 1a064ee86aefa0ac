"""Solving a location model: aggregation, warm start, bounds, reductions, exact MILP, a verdict.

1. demand rows no choice of sites can tell apart are merged
   (:mod:`siteselect.optimize.aggregate`: exact for p-median and coverage);
2. greedy + vertex substitution gives a feasible choice (the incumbent);
3. for p-median and coverage, a Lagrangian bound, with vertex substitution restarted from its
   relaxed choice; if a bound meets the incumbent within the gap, the incumbent is proven
   optimal and no MILP is built;
4. for p-median, when a small gap is left (:data:`SEARCH_GAP`), a Lagrangian branch and
   bound over the sites the bound left undecided
   (:func:`~siteselect.optimize.branch.branch_p_median`, a quarter of the time left); then,
   if still open, the LP bound by cutting planes in the space of sites
   (:func:`~siteselect.optimize.bound.bound_p_median_lp`) and, when the LP's integrality gap
   remains, the search again from the LP's reductions (half the time left); a search that
   exhausts its tree proves the incumbent optimal and no MILP is built;
5. otherwise the MILP, reduced by the bounds (sites fixed, p-median pairs dropped) and
   warm-started from the incumbent, runs for the time left;
6. the answer is the best feasible choice seen, its objective *recomputed from the choice* on
   the full model, and the best proven bound; the status says ``optimal`` only when that gap
   is within the requested one, ``time_limit`` when the time ran out first.

The time limit holds for all of it, the infeasibility diagnosis included: each stage gets
what is left, and a stage that cannot finish in it is not started.

An infeasible model raises :class:`~siteselect.errors.InfeasibleError` naming the constraint
family that makes it so, found by solving again with each family relaxed in turn.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

from siteselect.errors import ConfigError, InfeasibleError, name_input
from siteselect.optimize.aggregate import aggregate_demand
from siteselect.optimize.bound import (
    LP_MAX_SITES,
    Bound,
    bound_coverage,
    bound_p_median,
    bound_p_median_lp,
)
from siteselect.optimize.branch import branch_p_median
from siteselect.optimize.heuristic import find_heuristic
from siteselect.optimize.milp import (
    CBC_GRACE_S,
    Solver,
    build_problem,
    get_solver,
    run_milp,
    set_warm_start,
)

if TYPE_CHECKING:
    from siteselect.optimize.model import Evaluation, IntArray, LocationModel

Status = Literal["optimal", "time_limit", "feasible"]

# How messages name each family: the config key a user would change.
FAMILY_TEXT = {
    "k": "k",
    "budget": "budget",
    "min_spacing": "min_spacing_km",
    "must_include": "must_include",
    "must_exclude": "must_exclude",
    "service": "the cutoff (cutoff_min / cutoff_km: some demand can reach only unchosen sites)",
}


@dataclass(frozen=True)
class SolveProgress:
    """Where a solve stands, for a progress display.

    Attributes
    ----------
    stage
        ``aggregate``, ``warm start``, ``bound``, ``milp`` or ``diagnosis`` (the API adds
        ``rank`` and ``costs`` before them).
    elapsed
        Seconds since the solve (or the command) started.
    incumbent, bound
        The best objective found and the best bound proven so far (``None``: none yet).
    sense
        ``min`` or ``max``.
    detail
        A few words on the stage (rows aggregated, the solver's name, ...).
    """

    stage: str
    elapsed: float
    incumbent: float | None = None
    bound: float | None = None
    sense: Literal["min", "max"] = "min"
    detail: str = ""

    @property
    def gap(self) -> float | None:
        """Relative gap between the incumbent and the bound (``None`` without both)."""
        if self.incumbent is None or self.bound is None or not math.isfinite(self.bound):
            return None
        return _gap(self.incumbent, self.bound)


ProgressFn = Callable[[SolveProgress], None]


@dataclass(frozen=True)
class Solution:
    """The answer of :func:`solve_model`, frozen.

    Attributes
    ----------
    chosen
        Indices of the chosen sites, sorted.
    objective
        The objective recomputed from ``chosen`` (never the solver's own figure).
    bound
        The best proven bound: a lower bound for p-median, an upper bound otherwise.
    gap
        ``|objective - bound| / |objective|`` (0 when both are 0).
    status
        ``optimal`` (gap within the requested gap), ``time_limit`` (the time ran out first),
        ``feasible`` (a solver stopped early for another reason).
    proof
        What proved the bound: ``bound`` (the Lagrangian and LP bounds, with their
        reductions, alone), ``bound and search`` (the bounds, then the tree search over the
        sites they left undecided), ``solver`` (the MILP), ``bound and solver`` (the MILP on
        what the bound's reductions left).
    solver, solver_status
        The MILP solver asked for and its own last word (``not run`` when the bound sufficed).
    assignment
        Per demand row, the chosen site serving it (-1: none), for p-median and coverage.
    timings
        Seconds spent per stage: ``aggregate``, ``heuristic``, ``bound``, ``search`` (when
        the tree search ran), ``build``, ``solve``, ``total``.
    demand_rows
        Demand rows the solve worked on after aggregation (0 for ``score``).
    """

    chosen: IntArray
    objective: float
    bound: float
    gap: float
    status: Status
    sense: Literal["min", "max"]
    proof: str
    solver: str
    solver_status: str
    assignment: IntArray
    served: np.ndarray
    timings: Mapping[str, float] = field(default_factory=dict)
    requested_gap: float = 0.0
    time_limit: float = 0.0
    demand_rows: int = 0

    @property
    def time_limit_reached(self) -> bool:
        """Whether the time limit stopped the search before the gap closed."""
        return self.status == "time_limit"


def _gap(objective: float, bound: float) -> float:
    if objective == bound:
        return 0.0
    return abs(objective - bound) / max(abs(objective), 1e-12)


def solve_model(
    model: LocationModel,
    *,
    solver: str | Solver = "cbc",
    time_limit: float = 60.0,
    gap: float = 1e-4,
    seed: int = 0,
    deadline: float | None = None,
    progress: ProgressFn | None = None,
) -> Solution:
    """Solve a model to a proven gap, or as close as the time limit allows.

    Parameters
    ----------
    model
        The model.
    solver
        ``cbc`` (bundled with pulp), ``highs`` (needs ``highspy``), or any object with the
        :class:`~siteselect.optimize.milp.Solver` interface.
    time_limit
        Seconds for the whole solve (aggregation, heuristic, bounds, MILP, diagnosis).
    gap
        Relative gap at which a solution counts as optimal (0 for exact).
    seed
        Seed of the random restarts of the heuristic.
    deadline
        When the solve must end (a :func:`time.perf_counter` value), if earlier than
        ``time_limit`` from now: a caller that spent part of the time limit building the
        model passes what is left this way.
    progress
        Called with a :class:`SolveProgress` as each stage starts and as the incumbent or
        the bound improve.

    Raises
    ------
    InfeasibleError
        No choice meets every constraint family; the message names the family.
    ConfigError
        A bad solver name, time limit or gap.
    """
    if not (math.isfinite(time_limit) and time_limit > 0):
        name = name_input("--time-limit")
        msg = f"{name}: must be a positive number of seconds, got {time_limit!r}"
        raise ConfigError(msg)
    if not (math.isfinite(gap) and 0 <= gap < 1):
        msg = f"{name_input('--gap')}: must be a fraction in [0, 1), got {gap!r}"
        raise ConfigError(msg)
    engine = get_solver(solver)
    start = time.perf_counter()
    end = start + time_limit if deadline is None else min(deadline, start + time_limit)
    timings: dict[str, float] = {}
    minimise = model.sense == "min"

    def better(a: float, b: float) -> bool:
        return a < b if minimise else a > b

    def report(stage: str, incumbent: float | None, bound: float | None, detail: str = "") -> None:
        if progress is not None:
            elapsed = time.perf_counter() - start
            progress(SolveProgress(stage, elapsed, incumbent, bound, model.sense, detail))

    report("aggregate", None, None)
    aggregation = aggregate_demand(model)
    work = aggregation.model
    timings["aggregate"] = time.perf_counter() - start
    rows = aggregation.rows
    if model.pairs is not None and rows < model.pairs.n_demand:
        report("aggregate", None, None, f"{model.pairs.n_demand:,} demand points -> {rows:,} rows")

    def finish(chosen: IntArray, bound: float, status: Status, proof: str, raw: str) -> Solution:
        timings["total"] = time.perf_counter() - start
        return _solution(
            model,
            chosen,
            bound,
            status,
            proof,
            engine.name,
            raw,
            timings,
            gap,
            time_limit,
            slack=aggregation.slack,
            rows=rows,
        )

    report("warm start", None, None)
    t0 = time.perf_counter()
    incumbent = find_heuristic(work, deadline=end)
    timings["heuristic"] = time.perf_counter() - t0
    if incumbent is None and work.families():
        # The heuristic found no choice that meets the families: a MILP of the openings
        # alone (the families and the service rows, no assignment variables) decides at
        # once whether any exists, and gives one to start from.
        report("warm start", None, None, "a feasible choice (MILP)")
        t0 = time.perf_counter()
        incumbent = _feasible_choice(
            work, engine, solver, end, lambda: report("diagnosis", None, None)
        )
        timings["heuristic"] += time.perf_counter() - t0
    best = work.evaluate(incumbent) if incumbent is not None else None
    bound: Bound | None = None
    reduced_against: float | None = None
    if best is not None:
        report("warm start", best.value, None)
    if best is not None and work.objective != "score":
        t0 = time.perf_counter()
        spent_heuristic = timings["heuristic"]
        # The Lagrangian and its restarts take at most half the time; the LP bound, for
        # p-median, what is left of the first three quarters.
        budget = start + 0.5 * (end - start)
        lp_follows = work.objective == "p-median" and work.n_sites <= LP_MAX_SITES
        for round_ in range(4):
            if work.objective == "p-median":
                bound = bound_p_median(
                    work,
                    best.value,
                    best.chosen,
                    gap=gap,
                    deadline=budget,
                    # The LP bound follows and is stronger: a short Lagrangian is enough
                    # for the restarts and the first reductions.
                    max_iter=LAGRANGIAN_STEPS_BEFORE_LP if lp_follows else 1000,
                )
            else:
                bound = bound_coverage(work, best.value, gap=gap, deadline=budget)
            bound = _within(bound, best.value, minimise)
            reduced_against = best.value
            report("bound", best.value, bound.value, "Lagrangian")
            if _gap(best.value, bound.value) <= gap or time.perf_counter() > budget:
                break
            if (
                work.objective == "p-median"
                and round_
                and _gap(best.value, bound.value) <= SEARCH_GAP
            ):
                # The tree search follows: it closes a small gap sooner than the random
                # restarts would improve the incumbent (and improves it on the way).
                break
            # A Lagrangian heuristic: substitute from the relaxation's choice; then random
            # restarts. A better incumbent means a tighter bound and a smaller MILP.
            h0 = time.perf_counter()
            more = find_heuristic(
                work,
                restarts=4 * round_,
                seed=seed + round_,
                start=bound.relaxed_choice,
                deadline=budget,
            )
            timings["heuristic"] += time.perf_counter() - h0
            other = work.evaluate(more) if more is not None else None
            if other is None or not better(other.value, best.value):
                break
            best = other
            bound = _within(bound, best.value, minimise)
            report("warm start", best.value, bound.value)
        assert bound is not None
        timings["bound"] = time.perf_counter() - t0 - (timings["heuristic"] - spent_heuristic)
        if work.objective == "p-median" and gap < _gap(best.value, bound.value) <= SEARCH_GAP:
            # A small gap left by the Lagrangian: the tree search over the sites it left
            # undecided often closes it in less time than the LP bound takes (a quarter of the
            # time left). A larger gap goes to the LP bound first: the Lagrangian's penalties
            # then decide too few sites for a small tree.
            best, bound = _tree_search(work, best, bound, gap, end, 0.25, timings, report)
            if _gap(best.value, bound.value) <= gap:
                return finish(best.chosen, bound.value, "optimal", "bound and search", "not run")
        if (
            work.objective == "p-median"
            and _gap(best.value, bound.value) > gap
            and lp_follows
            and end - time.perf_counter() > 1.0
        ):
            report("bound", best.value, bound.value, "LP")
            incumbent_value = best.value
            lp_end = max(time.perf_counter() + 0.5, start + 0.75 * (end - start))
            bound = bound_p_median_lp(
                work,
                best.value,
                best.chosen,
                bound,
                gap=gap,
                deadline=lp_end,
                progress=lambda value: report("bound", incumbent_value, value, "LP"),
            )
            bound = _within(bound, best.value, minimise)
            reduced_against = best.value
            report("bound", best.value, bound.value, "LP")
            if _gap(best.value, bound.value) > gap and bound.relaxed_choice.shape[0]:
                # The LP's choice, improved by vertex substitution, may beat the incumbent.
                h0 = time.perf_counter()
                more = find_heuristic(work, start=bound.relaxed_choice, deadline=lp_end)
                timings["heuristic"] += time.perf_counter() - h0
                other = work.evaluate(more) if more is not None else None
                if other is not None and better(other.value, best.value):
                    best = other
                    bound = _within(bound, best.value, minimise)
                    report("warm start", best.value, bound.value)
        timings["bound"] = (
            time.perf_counter()
            - t0
            - (timings["heuristic"] - spent_heuristic)
            - timings.get("search", 0.0)
        )
        if work.objective == "p-median" and _gap(best.value, bound.value) > gap:
            # The LP's integrality gap: search again from its reductions and multipliers, in
            # half the time left (the MILP, if it must run, gets the other half).
            best, bound = _tree_search(work, best, bound, gap, end, 0.5, timings, report)
            if _gap(best.value, bound.value) <= gap:
                return finish(best.chosen, bound.value, "optimal", "bound and search", "not run")
        bound_proves = _gap(best.value, bound.value) <= gap
        if bound_proves:
            return finish(best.chosen, bound.value, "optimal", "bound", "not run")
        too_big = _milp_too_big(work, bound)
        if too_big or not _milp_fits(work, bound, end):
            # No room (memory) or no time left to build and solve the MILP: the answer is
            # the incumbent with the gap the bounds prove (the limits hold).
            return finish(
                best.chosen,
                bound.value,
                "feasible" if too_big else "time_limit",
                "bound",
                too_big or NO_TIME_TEXT,
            )
    elif best is None:
        timings["total"] = time.perf_counter() - start
        if not work.families():  # nothing to meet but k: more than there are sites
            raise InfeasibleError(diagnose(work, solver, deadline=end))
        msg = (
            f"no feasible choice found within the time limit ({time_limit:g} s): the search "
            f"for one that meets every constraint did not finish; raise "
            f"{name_input('--time-limit')} or relax a constraint"
        )
        raise InfeasibleError(msg)

    report("milp", None if best is None else best.value, None if bound is None else bound.value)

    def milp_progress(value: float | None, proven: float | None) -> None:
        # As the final verdict reads them: the better of the MILP's solution and the
        # incumbent; the MILP's bound covers what the reductions left, the rest of the
        # choices cannot beat the value they were made against.
        if value is not None and best is not None and not better(value, best.value):
            value = best.value
        if proven is not None and reduced_against is not None:
            proven = min(proven, reduced_against) if minimise else max(proven, reduced_against)
        if proven is not None and bound is not None:
            proven = max(proven, bound.value) if minimise else min(proven, bound.value)
        report("milp", value, proven, engine.name)

    t0 = time.perf_counter()
    built = build_problem(
        work,
        closed=bound.closed if bound is not None else None,
        opened=bound.opened if bound is not None else None,
        keep_pairs=bound.keep_pairs if bound is not None else None,
    )
    warm = best is not None and set_warm_start(built, work, best.chosen)
    timings["build"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    left = max(MIN_MILP_S, end - time.perf_counter() - _grace(engine))
    reduced_away = bool(built.extra.get("empty"))
    if reduced_away:
        # The reductions left a demand point no pair: no choice beats the incumbent, and no
        # solver ran; the proof is the bound's alone.
        outcome_status, milp_chosen, milp_bound = "infeasible", None, None
        raw = "not run"
    else:
        report(
            "milp",
            None if best is None else best.value,
            None if bound is None else bound.value,
            engine.name,
        )
        outcome = run_milp(
            built,
            engine,
            time_limit=left,
            gap=gap,
            warm=warm,
            progress=None if progress is None else milp_progress,
        )
        outcome_status, milp_chosen = outcome.status, outcome.chosen
        milp_bound, raw = outcome.bound, outcome.raw_status
    timings["solve"] = time.perf_counter() - t0

    if milp_chosen is not None and not work.violations(milp_chosen):
        found = work.evaluate(milp_chosen)
        if best is None or better(found.value, best.value):
            best = found
    if best is None:
        timings["total"] = time.perf_counter() - start
        if outcome_status == "infeasible":
            report("diagnosis", None, None)
            raise InfeasibleError(diagnose(work, solver, deadline=end))
        msg = (
            f"no feasible choice found within the time limit ({time_limit:g} s; solver: "
            f"{raw}); raise {name_input('--time-limit')}"
        )
        raise InfeasibleError(msg)

    # The proven bound: the MILP's covers only what the reductions left, whose complement
    # cannot beat the value the reductions were made against.
    proof = "solver" if bound is None else ("bound" if reduced_away else "bound and solver")
    milp_side: float | None
    if outcome_status == "infeasible":
        milp_side = reduced_against if reduced_against is not None else best.value
    elif milp_bound is None:
        milp_side = best.value if outcome_status == "optimal" else None
    else:
        milp_side = milp_bound
    if milp_side is not None and reduced_against is not None:
        milp_side = min(milp_side, reduced_against) if minimise else max(milp_side, reduced_against)
    candidates = [b for b in (milp_side,) if b is not None]
    if bound is not None:
        candidates.append(bound.value)
    if not candidates:
        proven = -math.inf if minimise else math.inf
    else:
        proven = max(candidates) if minimise else min(candidates)
    # A bound never passes the objective it bounds (rounding in solver logs).
    proven = min(proven, best.value) if minimise else max(proven, best.value)
    g = _gap(best.value, proven)
    # Solver logs print bounds rounded (CBC: 3 to 8 decimals): a solver that says optimal is
    # taken at its word within that rounding, never beyond it.
    if g <= gap + 1e-9 or (outcome_status == "optimal" and g <= gap + 1e-6):
        status: Status = "optimal"
    elif outcome_status == "time_limit" or time.perf_counter() >= end - 0.5:
        status = "time_limit"
    else:
        status = "feasible"
    return finish(best.chosen, proven, status, proof, raw)


SEARCH_GAP = 0.005
"""Largest gap the Lagrangian may leave for the tree search to run before the LP bound
(0.14 % on the random 200 x 2,000 p-median, k = 5, where the search proves the optimum in
about a second; 5.8 % on the 16,848 GeoNames places x 178 parks, where one node took 2.4 s
and the LP bound then proved the answer)."""
LAGRANGIAN_STEPS_BEFORE_LP = 300
"""Subgradient steps of a p-median Lagrangian round when the LP bound comes after it."""
MIN_MILP_S = 1.0
"""The least time worth giving a MILP solver."""
BUILD_S_PER_PAIR = 3e-5
"""Seconds pulp takes to build the MILP per (demand, site) pair, with a margin: measured
at ~0.9e-5 for 80,000 pairs (0.73 s) on an idle machine, ~1.1e-5 for 1.7 million, and
4.6e-5 for 200,000 on the 2 cores shared by 8 processes (issue 20's measurements)."""
MILP_MAX_PAIRS = 600_000
"""Most (demand, site) pairs the MILP is built with: pulp holds ~1.4 KB a pair (273 MB for
200,000 measured), so this keeps the build under ~1 GB. Beyond it the answer is the
incumbent with the gap the bounds prove."""
NO_TIME_TEXT = "not run: no time left to build and solve the MILP"


def _grace(engine: Solver) -> float:
    """Seconds a solver may overrun its own limit before it is stopped (CBC's watchdog):
    taken off the limit it is given, so that the stop comes at the deadline."""
    return CBC_GRACE_S if engine.name == "cbc" else 0.0


def _within(bound: Bound, value: float, minimise: bool) -> Bound:
    """The bound, no better than a feasible choice's ``value``: a bound that passes it does
    so only by rounding (it was seen 1 ulp above, and then only a MILP could close the gap)."""
    if (bound.value > value) if minimise else (bound.value < value):
        return replace(bound, value=value)
    return bound


def _tree_search(
    model: LocationModel,
    best: Evaluation,
    bound: Bound,
    gap: float,
    end: float,
    share: float,
    timings: dict[str, float],
    report: Callable[[str, float | None, float | None, str], None],
) -> tuple[Evaluation, Bound]:
    """The Lagrangian tree search (:func:`~siteselect.optimize.branch.branch_p_median`) for
    ``share`` of the time left: the incumbent it leaves and the bound, raised by what it
    proved (a search stopped early proves the smallest bound of its open nodes)."""
    now = time.perf_counter()
    if end - now <= 1.0:
        return best, bound
    report("bound", best.value, bound.value, "tree search")
    search = branch_p_median(
        model, best.value, best.chosen, bound, gap=gap, deadline=now + share * (end - now)
    )
    timings["search"] = timings.get("search", 0.0) + time.perf_counter() - now
    if search.value < best.value:
        best = model.evaluate(search.chosen)
    if search.bound > bound.value:
        bound = replace(bound, value=min(search.bound, best.value))
    report("bound", best.value, bound.value, f"tree search, {search.nodes:,} nodes")
    return best, bound


def _feasible_choice(
    model: LocationModel,
    engine: Solver,
    solver: str | Solver,
    deadline: float,
    diagnosing: Callable[[], None],
) -> IntArray | None:
    """A choice meeting every family, found by the MILP of the openings alone; ``None`` when
    the time ran out first. An infeasible model raises with the diagnosis (``diagnosing``
    is called as it starts)."""
    left = deadline - time.perf_counter() - _grace(engine)
    if left < MIN_MILP_S:
        return None
    built = build_problem(model, feasibility_only=True)
    outcome = run_milp(built, engine, time_limit=left, gap=0.0, warm=False)
    if outcome.status == "infeasible":
        diagnosing()
        raise InfeasibleError(diagnose(model, solver, deadline=deadline))
    if outcome.chosen is not None and not model.violations(outcome.chosen):
        return outcome.chosen
    return None


def _milp_pairs(model: LocationModel, bound: Bound | None) -> int:
    pairs = model.pairs.nnz if model.pairs is not None else 0
    if bound is not None and bound.keep_pairs is not None:
        pairs = int(bound.keep_pairs.sum())
    return pairs


def _milp_fits(model: LocationModel, bound: Bound | None, deadline: float) -> bool:
    """Whether the MILP can be built with at least ``MIN_MILP_S`` left to solve it."""
    needed = MIN_MILP_S + BUILD_S_PER_PAIR * _milp_pairs(model, bound)
    return deadline - time.perf_counter() >= needed


def _milp_too_big(model: LocationModel, bound: Bound | None) -> str:
    """Why the MILP is not built (too many pairs for memory), or ``""``."""
    pairs = _milp_pairs(model, bound)
    if model.objective != "p-median" or pairs <= MILP_MAX_PAIRS:
        return ""
    return (
        f"not run: the reduced MILP would have {pairs:,} assignment pairs, more than the "
        f"{MILP_MAX_PAIRS:,} it is built with (memory)"
    )


def _solution(
    model: LocationModel,
    chosen: IntArray,
    bound: float,
    status: Status,
    proof: str,
    solver: str,
    raw: str,
    timings: Mapping[str, float],
    gap: float,
    time_limit: float,
    *,
    slack: float = 0.0,
    rows: int = 0,
) -> Solution:
    """The verdict on the full model: the choice evaluated on every demand row, the bound
    widened by the aggregation's slack (it was proven on the aggregated rows)."""
    evaluation = model.evaluate(chosen)
    if slack > 0 and math.isfinite(bound):
        bound = bound - slack if model.sense == "min" else bound + slack
        bound = min(bound, evaluation.value) if model.sense == "min" else bound
    g = _gap(evaluation.value, float(bound))
    return Solution(
        chosen=evaluation.chosen,
        objective=evaluation.value,
        bound=float(bound),
        gap=g,
        status=status,
        sense=model.sense,
        proof=proof,
        solver=solver,
        solver_status=raw,
        assignment=evaluation.assignment,
        served=evaluation.served,
        timings=dict(timings),
        requested_gap=gap,
        time_limit=time_limit,
        demand_rows=rows,
    )


DIAGNOSIS_STOPPED = "the diagnosis of which constraint to relax stopped at the time limit"


class _OutOfTime(Exception):
    """The diagnosis ran out of time."""


def check_feasible(
    model: LocationModel,
    solver: str | Solver = "cbc",
    time_limit: float = 30.0,
    *,
    deadline: float | None = None,
) -> bool:
    """Whether any choice meets every constraint family (the objective ignored).

    With ``deadline``, the MILP gets only the time left before it; a MILP stopped by it
    proves nothing either way and counts as feasible (the caller says it stopped).
    """
    eligible = model.n_sites - len(model.exclude)
    if eligible < model.k or len(model.include) > model.k:
        return False
    if find_heuristic(model, deadline=deadline) is not None:
        return True
    engine = get_solver(solver)
    if deadline is not None:
        time_limit = min(time_limit, deadline - time.perf_counter() - _grace(engine))
        if time_limit < MIN_MILP_S:
            raise _OutOfTime
    built = build_problem(model, feasibility_only=True)
    outcome = run_milp(built, engine, time_limit=time_limit, gap=0.0, warm=False)
    if deadline is not None and outcome.status == "no_solution":
        raise _OutOfTime
    return outcome.status != "infeasible"


def _family_text(family: str) -> str:
    if family.startswith("max_per "):
        return f"max_per {family.removeprefix('max_per ')!r}"
    return FAMILY_TEXT.get(family, family)


def diagnose(
    model: LocationModel, solver: str | Solver = "cbc", *, deadline: float | None = None
) -> str:
    """Why a model is infeasible: the constraint families whose relaxation alone fixes it.

    With ``deadline``, the families not tried by then are left unjudged, and the message says
    the diagnosis stopped.
    """
    families = model.families()
    fixes: list[str] = []
    try:
        for f in families:
            if check_feasible(model.without(f), solver, deadline=deadline):
                fixes.append(f)
    except _OutOfTime:
        names = " or ".join(_family_text(f) for f in fixes)
        found = f"; relaxing {names} alone makes it feasible" if fixes else ""
        return (
            f"infeasible: no choice meets every constraint{found} ({DIAGNOSIS_STOPPED}: "
            f"raise {name_input('--time-limit')} to learn more)"
        )
    k_text = f"choosing k = {model.k} of {model.n_sites} sites"
    if fixes:
        names = " or ".join(_family_text(f) for f in fixes)
        return (
            f"infeasible: no choice meets every constraint; relaxing {names} alone makes it "
            f"feasible ({k_text})"
        )
    relaxed = model
    for f in families:
        relaxed = relaxed.without(f)
    try:
        together = bool(families) and check_feasible(relaxed, solver, deadline=deadline)
    except _OutOfTime:
        names = ", ".join(_family_text(f) for f in families)
        return f"infeasible: no single constraint relaxed is enough ({names}); {DIAGNOSIS_STOPPED}"
    if together:
        names = ", ".join(_family_text(f) for f in families)
        return (
            f"infeasible: the constraints together leave no choice ({names}); no single one "
            f"relaxed is enough ({k_text})"
        )
    return f"infeasible: k = {model.k} is more than the {model.n_sites} candidate sites"
