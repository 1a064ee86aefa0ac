"""Demand aggregation and the LP bound by cutting planes: exact, checked against the full model.

Aggregation is checked by evaluating every k-subset on the aggregated and the full model, by
solving both (the full model by enumeration) and against PySAL spopt's PMedian on the full
cost matrix. The LP bound is checked against the LP relaxation of the strong p-median
formulation solved directly with scipy's HiGHS.
"""

from __future__ import annotations

import itertools
import math
import time
import warnings
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siteselect.optimize import LocationModel, from_cost_matrix
from siteselect.optimize.aggregate import SHIFT_TOLERANCE, aggregate_demand
from siteselect.optimize.bound import bound_p_median_lp
from siteselect.optimize.heuristic import find_heuristic


def _road_like(
    seed: int, n_sites: int = 7, n_nodes: int = 6, n_demand: int = 40, cutoff: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Costs built as a road network gives them: node-to-site times ``D`` plus each demand
    point's own access leg, ``c_ij = leg_i + D[node_i, j]`` (``inf`` beyond a cutoff)."""
    rng = np.random.default_rng(seed)
    node_site = rng.uniform(5.0, 120.0, (n_nodes, n_sites))
    node = rng.integers(0, n_nodes, n_demand)
    leg = rng.uniform(0.0, 9.0, n_demand)
    costs = leg[:, None] + node_site[node]
    if cutoff is not None:
        costs = np.where(costs <= cutoff, costs, np.inf)
    weights = rng.integers(0, 30, n_demand).astype(float)  # zero weights included
    return costs, weights, node


def _all_values(model: LocationModel) -> np.ndarray:
    return np.array(
        [model.evaluate(s).value for s in itertools.combinations(range(model.n_sites), model.k)]
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("cutoff", [None, 70.0])
def test_p_median_rows_at_one_node_merge_and_every_choice_keeps_its_objective(
    seed: int, cutoff: float | None
) -> None:
    costs, weights, node = _road_like(seed, cutoff=cutoff)
    model = from_cost_matrix(costs, weights, k=3)
    agg = aggregate_demand(model)
    assert agg.model.pairs is not None and model.pairs is not None
    if cutoff is None:
        # Without a cutoff every point at a node is the same row shifted by its leg.
        assert agg.rows == np.unique(node).shape[0]
    else:  # a cutoff can split a node's points (a long leg loses the far sites)
        assert np.unique(node).shape[0] <= agg.rows < model.pairs.n_demand
    # Rows merged only where they had the same sites.
    for i in range(model.pairs.n_demand):
        a, b = model.pairs.indptr[i], model.pairs.indptr[i + 1]
        g = agg.group[i]
        ga, gb = agg.model.pairs.indptr[g], agg.model.pairs.indptr[g + 1]
        assert model.pairs.site[a:b].tolist() == agg.model.pairs.site[ga:gb].tolist()
    assert agg.model.weights is not None
    assert agg.model.weights.sum() == pytest.approx(weights.sum())
    full, merged = _all_values(model), _all_values(agg.model)
    finite = np.isfinite(full)
    assert (np.isfinite(merged) == finite).all()
    assert np.abs(full[finite] - merged[finite]).max() <= agg.slack + 1e-9 * np.abs(full).max()
    assert agg.slack <= SHIFT_TOLERANCE * np.nanmax(costs[np.isfinite(costs)]) * weights.sum()


@pytest.mark.parametrize("seed", range(4))
def test_aggregated_solve_equals_the_full_models_optimum(seed: int) -> None:
    """The solve aggregates; its answer is the full model's optimum found by enumeration,
    with the assignment of every original demand point."""
    costs, weights, node = _road_like(seed, n_sites=8, n_nodes=5, n_demand=60)
    model = from_cost_matrix(costs, weights, k=3)
    full = _all_values(model)
    sol = model.solve(gap=0.0)
    assert sol.objective == pytest.approx(full.min(), rel=1e-12)
    assert sol.status == "optimal"
    assert sol.demand_rows == np.unique(node).shape[0] < 60
    assert sol.assignment.shape == (60,)
    # Every point goes to its nearest chosen site; points at one node to the same one.
    chosen = sol.chosen
    nearest = chosen[np.argmin(costs[:, chosen], axis=1)]
    assert (sol.assignment == nearest).all()
    assert sol.bound <= sol.objective + 1e-9


def test_aggregation_matches_spopt_on_the_full_matrix() -> None:
    """PySAL spopt's PMedian (Hakimi 1964) on the unaggregated costs gives the same optimum."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        locate = pytest.importorskip("spopt.locate")
    import pulp

    costs, weights, node = _road_like(11, n_sites=12, n_nodes=9, n_demand=150)
    weights = weights + 1.0  # spopt needs positive demand
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = locate.PMedian.from_cost_matrix(costs, weights, p_facilities=3)
        ref = ref.solve(pulp.PULP_CBC_CMD(msg=False, threads=1))
    model = from_cost_matrix(costs, weights, k=3)
    assert aggregate_demand(model).rows == np.unique(node).shape[0]
    ours = model.solve(gap=0.0)
    assert ours.objective == pytest.approx(float(pulp.value(ref.problem.objective)), rel=1e-7)


@pytest.mark.parametrize("double", [False, True])
def test_coverage_rows_with_the_same_covering_sites_merge_exactly(double: bool) -> None:
    costs, weights, _ = _road_like(5, n_sites=7, n_nodes=30, n_demand=80)
    model = from_cost_matrix(
        costs, weights, k=2, objective="coverage", threshold=60.0, double_coverage=double
    )
    agg = aggregate_demand(model)
    assert agg.slack == 0.0
    assert agg.rows < 80
    assert np.array_equal(_all_values(model), _all_values(agg.model))
    sol = model.solve(gap=0.0)
    assert sol.objective == pytest.approx(_all_values(model).max())
    assert sol.assignment.shape == (80,)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 100_000),
    k=st.integers(1, 3),
    cutoff=st.sampled_from([None, 60.0, 90.0]),
)
def test_aggregation_never_changes_a_choices_objective(
    seed: int, k: int, cutoff: float | None
) -> None:
    costs, weights, _ = _road_like(seed, n_sites=6, n_nodes=4, n_demand=25, cutoff=cutoff)
    model = from_cost_matrix(costs, weights, k=k)
    agg = aggregate_demand(model)
    full, merged = _all_values(model), _all_values(agg.model)
    finite = np.isfinite(full)
    assert (np.isfinite(merged) == finite).all()
    if finite.any():
        assert (
            np.abs(full[finite] - merged[finite]).max()
            <= agg.slack + 1e-9 * np.abs(full[finite]).max()
        )


def test_rows_that_are_not_shifts_stay_apart() -> None:
    costs = np.array([[1.0, 2.0, 3.0], [2.0, 3.0, 4.0], [1.0, 2.5, 3.0], [5.0, 6.0, 7.0]])
    agg = aggregate_demand(from_cost_matrix(costs, [1, 2, 3, 4], k=1))
    assert agg.group.tolist() == [0, 0, 1, 0]
    assert agg.model.weights is not None
    assert agg.model.weights.tolist() == [7.0, 3.0]
    assert agg.model.pairs is not None
    # The merged row is the weight-averaged row: (1*[1,2,3] + 2*[2,3,4] + 4*[5,6,7]) / 7.
    assert agg.model.pairs.cost[:3] == pytest.approx([25 / 7, 32 / 7, 39 / 7])


# ------------------------------------------------------------------- the LP bound


def _full_lp(model: LocationModel) -> float:
    """The LP relaxation of the strong p-median formulation (ReVelle & Swain 1970), with
    one column per pair, solved directly with scipy's HiGHS: the reference value."""
    from scipy.optimize import linprog

    assert model.pairs is not None and model.weights is not None
    pairs = model.pairs
    n, m = model.n_sites, pairs.nnz
    reach = np.flatnonzero(model.reachable)
    row_of = np.full(pairs.n_demand, -1)
    row_of[reach] = np.arange(reach.shape[0])
    e = np.arange(m)
    c = np.r_[np.zeros(n), model.weights[pairs.rows] * pairs.cost]
    a_eq = sp.vstack(
        [
            sp.csr_matrix((np.ones(n), (np.zeros(n), np.arange(n))), shape=(1, n + m)),
            sp.csr_matrix((np.ones(m), (row_of[pairs.rows], n + e)), shape=(reach.shape[0], n + m)),
        ]
    )
    a_ub = sp.csr_matrix(
        (np.r_[np.ones(m), -np.ones(m)], (np.r_[e, e], np.r_[n + e, pairs.site])), shape=(m, n + m)
    )
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(m),
        A_eq=a_eq,
        b_eq=np.r_[model.k, np.ones(reach.shape[0])],
        bounds=(0, 1),
        method="highs",
    )
    assert res.status == 0
    return float(res.fun)


def _uniform(seed: int, n: int, nd: int, k: int) -> LocationModel:
    rng = np.random.default_rng(seed)
    sites, demand = rng.uniform(0, 100, (n, 2)), rng.uniform(0, 100, (nd, 2))
    costs = np.hypot(*(demand[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    return from_cost_matrix(costs, rng.integers(1, 50, nd).astype(float), k=k)


@pytest.mark.parametrize(("seed", "k"), [(1, 2), (2, 3), (3, 4), (4, 6)])
def test_lp_bound_by_cutting_planes_equals_the_full_lp(seed: int, k: int) -> None:
    model = _uniform(seed, 15, 60, k)
    lp = _full_lp(model)
    incumbent = find_heuristic(model)
    assert incumbent is not None
    value = model.evaluate(incumbent).value
    # Against an incumbent far above the optimum the LP value itself is reached (not capped).
    bound = bound_p_median_lp(
        model, value * 2, incumbent, gap=0.0, deadline=time.perf_counter() + 60
    )
    assert bound.value == pytest.approx(lp, rel=1e-7)
    assert bound.value <= value + 1e-9


def test_lp_bound_with_a_cutoff_and_families_bounds_the_optimum() -> None:
    costs, weights, _ = _road_like(3, n_sites=8, n_nodes=12, n_demand=50, cutoff=80.0)
    model = from_cost_matrix(costs, weights, k=3).with_max_per(
        "state", ["a", "a", "a", "b", "b", "c", "c", "c"], 1
    )
    values = [
        model.evaluate(s).value
        for s in itertools.combinations(range(8), 3)
        if not model.violations(s)
    ]
    best = min(values)
    incumbent = find_heuristic(model)
    assert incumbent is not None
    bound = bound_p_median_lp(
        model, model.evaluate(incumbent).value, incumbent, gap=0.0, deadline=math.inf
    )
    assert bound.value <= best + 1e-6 * best


# ------------------------------------------------------------------- the time limit


def _stage_log() -> tuple[list[Any], Any]:
    events: list[Any] = []
    return events, events.append


def test_a_passed_deadline_stops_every_stage_after_the_first_answer() -> None:
    """A deadline already passed: the heuristic's first answer is returned with the gap the
    first bound step proves; no LP bound, no MILP is started (the mechanism behind
    ``--time-limit`` bounding the whole command; wall-clock figures are measured in bench)."""
    from siteselect.optimize.solve import NO_TIME_TEXT

    rng = np.random.default_rng(0)
    model = LocationModel.from_cost_matrix(rng.uniform(1, 100, (800, 100)), k=12)
    events, record = _stage_log()
    sol = model.solve(
        "cbc", time_limit=60.0, gap=0.0, deadline=time.perf_counter(), progress=record
    )
    assert sol.status == "time_limit"
    assert sol.solver_status == NO_TIME_TEXT
    assert 0 < sol.gap < 1
    stages = [e.stage for e in events]
    assert "milp" not in stages
    assert not any(e.detail == "LP" for e in events)


def test_the_infeasibility_diagnosis_stops_at_the_deadline() -> None:
    """Two caps that each allow two sites, k = 3: relaxing either leaves the other binding,
    the heuristic finds nothing and only a MILP could tell; past the deadline none is run."""
    from siteselect.optimize import diagnose
    from siteselect.optimize.solve import DIAGNOSIS_STOPPED

    costs = np.random.default_rng(1).uniform(1, 10, (6, 5))
    model = (
        from_cost_matrix(costs, k=3)
        .with_max_per("a", ["x", "x", "y", "y", "y"], 1)
        .with_max_per("b", ["u", "u", "u", "v", "v"], 1)
    )
    assert DIAGNOSIS_STOPPED in diagnose(model, deadline=time.perf_counter() - 1.0)
    assert "together leave no choice" in diagnose(model)  # with time, it completes


def test_a_milp_too_large_for_memory_is_not_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MILP_MAX_PAIRS the answer is the incumbent with the gap the bounds prove, and
    the verdict says why no solver ran (random costs: the LP leaves a gap; the tree search,
    which would close it, is turned off)."""
    import siteselect.optimize.solve as solve

    monkeypatch.setattr(solve, "MILP_MAX_PAIRS", 100)
    monkeypatch.setattr(solve, "_tree_search", lambda model, best, bound, *args: (best, bound))
    rng = np.random.default_rng(0)
    model = LocationModel.from_cost_matrix(rng.uniform(1, 100, (120, 25)), k=5)
    events, record = _stage_log()
    sol = model.solve("cbc", time_limit=60.0, gap=0.0, progress=record)
    assert sol.status == "feasible" and sol.proof == "bound"
    assert sol.solver_status.startswith("not run: the reduced MILP would have")
    assert 0 < sol.gap < 1 and sol.bound <= sol.objective
    assert "milp" not in [e.stage for e in events]
