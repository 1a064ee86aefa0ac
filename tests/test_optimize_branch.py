"""Tests for siteselect.optimize.branch: the Lagrangian tree search over undecided sites.

The independent implementation is brute force: every k-subset enumerated with
``itertools.combinations`` and priced with numpy straight from the cost matrix (never through
the model's own evaluation). The penalty rule is that of Beasley (1993, "Lagrangean heuristics
for location problems", EJOR 65) and the tree that of Christofides & Beasley (1982, "A tree
search algorithm for the p-median problem", EJOR 10): a bound with a site forced open (closed)
must not exceed the best choice that contains (omits) it, for *any* multipliers.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siteselect.optimize import from_cost_matrix
from siteselect.optimize.bound import Bound, bound_p_median
from siteselect.optimize.branch import branch_p_median, compute_lagrangian, compute_penalties
from siteselect.optimize.model import LocationModel


def _instance(seed: int, n: int, nd: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    sites = rng.uniform(0, 100, (n, 2))
    demand = rng.uniform(0, 100, (nd, 2))
    costs = np.hypot(*(demand[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    return costs, rng.integers(1, 20, nd).astype(float)


def _brute_values(costs: np.ndarray, weights: np.ndarray, k: int) -> dict[tuple[int, ...], float]:
    """Every k-subset's p-median cost, from the dense matrix (inf entries: no pair)."""
    out = {}
    for subset in itertools.combinations(range(costs.shape[1]), k):
        nearest = costs[:, list(subset)].min(axis=1)
        reach = np.isfinite(costs).any(axis=1)
        out[subset] = float((weights * nearest)[reach].sum())
    return out


def _no_reductions(model: LocationModel) -> Bound:
    """A bound that decided nothing: the search starts from scratch."""
    return Bound(
        value=-np.inf,
        closed=np.zeros(0, dtype=np.int64),
        opened=np.zeros(0, dtype=np.int64),
        keep_pairs=None,
        iterations=0,
        relaxed_choice=np.zeros(0, dtype=np.int64),
    )


# ------------------------------------------------------------------- the fixing rule


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 100_000),
    k=st.integers(1, 4),
    scale=st.floats(0.0, 3.0),
    forced=st.integers(0, 2),
)
def test_the_penalties_never_exceed_the_best_choice_with_or_without_a_site(
    seed: int, k: int, scale: float, forced: int
) -> None:
    """For random multipliers and a random node (some sites forced open, some closed), the
    Lagrangian is at most the best choice of the node, and each penalty bound is at most the
    best choice of the node that contains (if_opened) or omits (if_closed) the site."""
    n, nd = 9, 20
    costs, weights = _instance(seed, n, nd)
    model = from_cost_matrix(costs, weights, k=k)
    assert model.pairs is not None
    rng = np.random.default_rng(seed + 1)
    lam = rng.uniform(0, scale, nd) * weights * costs.mean()
    opened = np.zeros(n, dtype=bool)
    opened[rng.choice(n, size=min(forced, k), replace=False)] = True
    closed = np.zeros(n, dtype=bool)
    closed[rng.choice(np.flatnonzero(~opened), size=2, replace=False)] = True
    free = ~opened & ~closed
    pairs = model.pairs
    value, rho, chosen, _ = compute_lagrangian(
        lam,
        pairs.rows,
        pairs.site,
        weights[pairs.rows] * pairs.cost,
        model.reachable,
        opened,
        free,
        k,
    )
    if_opened, if_closed = compute_penalties(value, rho, chosen, free)
    node = {
        s: v
        for s, v in _brute_values(costs, weights, k).items()
        if set(np.flatnonzero(opened)) <= set(s) and not set(np.flatnonzero(closed)) & set(s)
    }
    tol = 1e-9 * max(1.0, max(node.values()))
    assert value <= min(node.values()) + tol
    for j in np.flatnonzero(free):
        with_j = [v for s, v in node.items() if j in s]
        without_j = [v for s, v in node.items() if j not in s]
        assert not with_j or if_opened[j] <= min(with_j) + tol
        assert not without_j or if_closed[j] <= min(without_j) + tol
        if not without_j:  # every choice of the node needs j: forcing it closed is infinite
            assert if_closed[j] == np.inf


def test_a_site_the_rule_closes_is_in_no_choice_better_than_the_incumbent() -> None:
    """At the subgradient's multipliers and the optimum as incumbent, the rule closes sites,
    and every subset containing a closed site costs more than the optimum (brute force)."""
    costs, weights = _instance(3, 12, 40)
    model = from_cost_matrix(costs, weights, k=3)
    values = _brute_values(costs, weights, 3)
    best = min(values, key=values.__getitem__)
    bound = bound_p_median(model, values[best], np.array(best), gap=0.0, deadline=time.time() + 9)
    assert bound.multipliers is not None and model.pairs is not None
    pairs = model.pairs
    free = np.ones(12, dtype=bool)
    value, rho, chosen, _ = compute_lagrangian(
        bound.multipliers,
        pairs.rows,
        pairs.site,
        weights[pairs.rows] * pairs.cost,
        model.reachable,
        np.zeros(12, dtype=bool),
        free,
        3,
    )
    if_opened, _ = compute_penalties(value, rho, chosen, free)
    # The search's margin: a bound equal to the optimum, up to rounding, fixes nothing.
    closed = np.flatnonzero(if_opened > values[best] * (1 + 1e-9))
    assert closed.size  # the rule does fix sites here
    assert not set(closed) & set(best)
    for j in closed:
        assert min(v for s, v in values.items() if j in s) > values[best]


# ------------------------------------------------------------------- the search, exact


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 100_000), k=st.integers(1, 4), cutoff=st.booleans())
def test_the_search_from_nothing_finds_the_brute_force_optimum(
    seed: int, k: int, cutoff: bool
) -> None:
    """From the worst choice and no reductions, the exhausted tree holds the optimum and a
    bound no higher than it (with a cutoff, absent pairs: every point needs a site)."""
    costs, weights = _instance(seed, 8, 18)
    if cutoff:
        costs = np.where(costs <= 55.0, costs, np.inf)
    model = from_cost_matrix(costs, weights, k=k)
    values = {s: model.evaluate(s).value for s in itertools.combinations(range(8), k)}
    values = {s: v for s, v in values.items() if not model.violations(s)}
    if not values:
        return
    brute = _brute_values(costs, weights, k)
    for s, v in values.items():  # the independent pricing agrees with the model's
        assert v == pytest.approx(brute[s], rel=1e-12)
    optimum = min(values.values())
    worst = max(values, key=values.__getitem__)
    found = branch_p_median(
        model,
        values[worst],
        np.array(worst),
        _no_reductions(model),
        gap=0.0,
        deadline=time.perf_counter() + 60,
    )
    assert found.complete
    assert found.value == pytest.approx(optimum, rel=1e-12)
    assert model.evaluate(found.chosen).value == pytest.approx(optimum, rel=1e-12)
    assert found.bound <= optimum + 1e-9 * optimum


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 100_000), k=st.integers(2, 4))
def test_the_search_respects_the_families_it_leaves_out_of_the_relaxation(
    seed: int, k: int
) -> None:
    """max_per and a must-include: the relaxation ignores the cap, the leaves check it."""
    costs, weights = _instance(seed, 8, 18)
    labels = list(np.random.default_rng(seed).integers(0, 3, 8))
    model = from_cost_matrix(costs, weights, k=k).with_max_per("state", labels, 1)
    model = model.with_must_include([int(seed % 8)])
    brute = _brute_values(costs, weights, k)
    feasible = {s: v for s, v in brute.items() if not model.violations(s)}
    if not feasible:
        return
    worst = max(feasible, key=feasible.__getitem__)
    found = branch_p_median(
        model,
        feasible[worst],
        np.array(worst),
        _no_reductions(model),
        gap=0.0,
        deadline=time.perf_counter() + 60,
    )
    assert found.complete and not model.violations(found.chosen)
    assert found.value == pytest.approx(min(feasible.values()), rel=1e-12)


def test_a_search_stopped_at_the_deadline_says_so_and_keeps_a_valid_bound() -> None:
    costs, weights = _instance(5, 10, 30)
    model = from_cost_matrix(costs, weights, k=3)
    brute = _brute_values(costs, weights, 3)
    worst = max(brute, key=brute.__getitem__)
    found = branch_p_median(
        model,
        brute[worst],
        np.array(worst),
        _no_reductions(model),
        gap=0.0,
        deadline=time.perf_counter() - 1.0,
    )
    assert not found.complete and found.nodes == 0
    assert found.bound <= min(brute.values())
    assert tuple(found.chosen.tolist()) == worst


# ---------------------------------------------------------- through the solve, exact


def _dense_brute(costs: np.ndarray, k: int) -> float:
    """The optimum by enumeration, vectorised over chunks of subsets."""
    subsets = np.array(list(itertools.combinations(range(costs.shape[1]), k)))
    best = np.inf
    for chunk in np.array_split(subsets, max(1, subsets.shape[0] // 4000)):
        best = min(best, float(costs[:, chunk].min(axis=2).sum(axis=0).min()))
    return best


def test_the_lp_gap_is_closed_by_the_search_without_a_milp() -> None:
    """Random costs, 120 x 25, k = 5 (the LP bound leaves a gap, and on the code before the
    search CBC had to prove it: proof "bound and solver"): the search proves the optimum of
    all 53,130 choices, found by enumeration, and no MILP is built."""
    rng = np.random.default_rng(0)
    costs = rng.uniform(1, 100, (120, 25))
    model = from_cost_matrix(costs, k=5)
    events: list[str] = []
    sol = model.solve("cbc", time_limit=60.0, gap=0.0, progress=lambda e: events.append(e.stage))
    assert sol.status == "optimal" and sol.proof == "bound and search"
    assert sol.solver_status == "not run" and "milp" not in events
    assert sol.objective == pytest.approx(_dense_brute(costs, 5), rel=1e-12)
    assert sol.bound <= sol.objective and sol.timings["search"] > 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 100_000), k=st.integers(1, 5))
def test_the_optimizer_equals_brute_force_on_random_instances(seed: int, k: int) -> None:
    """Uniform random costs (no geometry: integrality gaps are common), 30 x 12."""
    costs = np.random.default_rng(seed).uniform(1, 100, (30, 12))
    sol = from_cost_matrix(costs, k=k).solve("cbc", time_limit=60.0, gap=0.0)
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(_dense_brute(costs, k), rel=1e-12)
    assert sol.bound <= sol.objective + 1e-9 * sol.objective


def test_a_search_stopped_early_hands_over_to_the_milp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Random costs, 40 x 15, k = 4 (the search proves it in 7 nodes): stopped after one
    node, the search leaves an open bound, and the MILP on the bounds' reductions proves the
    enumerated optimum."""
    import siteselect.optimize.solve as solve

    costs = np.random.default_rng(0).uniform(1, 100, (40, 15))
    model = from_cost_matrix(costs, k=4)
    assert model.solve("cbc", gap=0.0).proof == "bound and search"
    searched: list[bool] = []

    def one_node(*args: object, **kwargs: object) -> object:
        found = branch_p_median(*args, **{**kwargs, "max_nodes": 1})  # type: ignore[arg-type]
        searched.append(found.complete)
        return found

    monkeypatch.setattr(solve, "branch_p_median", one_node)
    sol = model.solve("cbc", gap=0.0)
    assert searched and not any(searched)
    assert sol.status == "optimal" and sol.proof == "bound and solver"
    assert sol.objective == pytest.approx(_dense_brute(costs, 4), rel=1e-12)
    assert sol.bound <= sol.objective and "search" in sol.timings
