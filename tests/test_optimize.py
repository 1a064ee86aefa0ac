"""Tests for siteselect.optimize: exact answers checked by enumerating every k-subset."""

from __future__ import annotations

import itertools
import math
import warnings
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from siteselect.errors import ConfigError, DataError, InfeasibleError
from siteselect.optimize import LocationModel, Pairs, from_cost_matrix
from siteselect.optimize.bound import bound_coverage, bound_p_median, bound_p_median_lp
from siteselect.optimize.heuristic import find_heuristic
from siteselect.optimize.milp import stdout_to_stderr

# ------------------------------------------------------------------------------ instances


def _instance(seed: int, n: int = 8, nd: int = 24) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    sites = rng.uniform(0, 100, (n, 2))
    demand = rng.uniform(0, 100, (nd, 2))
    costs = np.hypot(*(demand[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    weights = rng.integers(1, 20, nd).astype(float)
    return costs, weights, sites


def _brute(model: LocationModel) -> tuple[float | None, list[tuple[int, ...]]]:
    """The optimum over every feasible k-subset (None when none is feasible), and its argmins."""
    best: float | None = None
    argbest: list[tuple[int, ...]] = []
    for subset in itertools.combinations(range(model.n_sites), model.k):
        if model.violations(subset):
            continue
        value = model.evaluate(subset).value
        if best is None or (value < best if model.sense == "min" else value > best):
            best, argbest = value, [subset]
        elif math.isclose(value, best, rel_tol=1e-12, abs_tol=1e-9):
            argbest.append(subset)
    return best, argbest


def _with_family(model: LocationModel, family: str, sites: np.ndarray, seed: int) -> LocationModel:
    rng = np.random.default_rng(seed)
    n = model.n_sites
    if family == "budget":
        costs = rng.integers(1, 6, n).astype(float)
        return model.with_budget(costs, float(np.sort(costs)[: model.k].sum() + 2))
    if family == "max_per":
        return model.with_max_per("state", list(rng.integers(0, 3, n)), 1)
    if family == "min_spacing":
        return model.with_min_spacing(sites * 1000.0, 30.0)
    if family == "must_include":
        return model.with_must_include([int(rng.integers(n))])
    if family == "must_exclude":
        return model.with_must_exclude(rng.choice(n, size=2, replace=False).tolist())
    if family == "all":
        model = model.with_budget(rng.integers(1, 6, n).astype(float), 12.0)
        model = model.with_max_per("state", list(rng.integers(0, 4, n)), 2)
        return model.with_min_spacing(sites * 1000.0, 15.0).with_must_exclude([0])
    return model


FAMILIES = ("none", "budget", "max_per", "min_spacing", "must_include", "must_exclude", "all")


def _check_exact(model: LocationModel, solver: str = "cbc") -> None:
    best, argbest = _brute(model)
    if best is None:
        with pytest.raises(InfeasibleError, match="infeasible"):
            model.solve(solver, gap=0.0)
        return
    sol = model.solve(solver, gap=0.0)
    assert not model.violations(sol.chosen)
    assert sol.objective == pytest.approx(best, rel=1e-9, abs=1e-9)
    assert tuple(sol.chosen.tolist()) in argbest
    assert sol.status == "optimal"
    assert sol.gap <= 1e-6  # solver logs round the bound they print
    if model.sense == "min":
        assert sol.bound <= sol.objective + 1e-9
    else:
        assert sol.bound >= sol.objective - 1e-9


# ------------------------------------------------------------------- exact, by enumeration


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("seed", range(4))
def test_p_median_exact(family: str, seed: int) -> None:
    costs, weights, sites = _instance(seed)
    model = from_cost_matrix(costs, weights, k=3)
    _check_exact(_with_family(model, family, sites, seed))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("double", [False, True])
def test_coverage_exact(family: str, seed: int, double: bool) -> None:
    costs, weights, sites = _instance(seed + 10)
    model = from_cost_matrix(
        costs, weights, k=3, objective="coverage", threshold=28.0, double_coverage=double
    )
    _check_exact(_with_family(model, family, sites, seed))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("seed", range(4))
def test_score_exact(family: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    _, _, sites = _instance(seed)
    model = LocationModel.from_scores(rng.uniform(0, 1, 8), k=3)
    _check_exact(_with_family(model, family, sites, seed))


@pytest.mark.parametrize("seed", range(6))
def test_robust_score_exact(seed: int) -> None:
    """Worst case over scenarios: max over choices of min over scenarios of the sum."""
    rng = np.random.default_rng(seed)
    scores = rng.uniform(0, 1, (5, 9))
    model = LocationModel.from_scores(scores, k=3).with_max_per(
        "state", list(rng.integers(0, 3, 9)), 2
    )
    _check_exact(model)
    sol = model.solve(gap=0.0)
    assert sol.objective == pytest.approx(scores[:, sol.chosen].sum(axis=1).min())


@pytest.mark.parametrize("seed", range(6))
def test_sparse_p_median_with_service(seed: int) -> None:
    """Pairs beyond a cutoff are absent: every reachable point must keep a chosen site."""
    costs, weights, sites = _instance(seed + 20, n=8, nd=30)
    cut = np.where(costs <= 40.0, costs, np.inf)
    model = from_cost_matrix(cut, weights, k=2)
    assert model.needs_service == bool(np.isinf(cut[model.reachable]).any())
    _check_exact(model)
    _check_exact(model.with_min_spacing(sites * 1000.0, 20.0))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 100_000),
    k=st.integers(1, 4),
    objective=st.sampled_from(["p-median", "coverage"]),
)
# The LP's reduced-cost fixing closed site 6, which the Lagrangian bound had fixed open: the
# reductions then left rows 7 and 11 no pair and 4939.37 was called optimal (it is 4935.92).
@example(seed=228, k=4, objective="p-median")
def test_random_instances_exact(seed: int, k: int, objective: str) -> None:
    costs, weights, sites = _instance(seed, n=7, nd=15)
    model = from_cost_matrix(costs, weights, k=k, objective=objective, threshold=35.0)  # type: ignore[arg-type]
    _check_exact(_with_family(model, "all" if seed % 3 == 0 else "none", sites, seed))


KINDS = ("p-median", "p-median cutoff", "coverage", "double coverage", "score", "robust score")


def _random_model(seed: int, k: int, kind: str) -> tuple[LocationModel, np.ndarray]:
    costs, weights, sites = _instance(seed, n=7, nd=15)
    rng = np.random.default_rng(seed + 1)
    if kind == "p-median":
        return from_cost_matrix(costs, weights, k=k), sites
    if kind == "p-median cutoff":  # absent pairs: the service family
        return from_cost_matrix(np.where(costs <= 45.0, costs, np.inf), weights, k=k), sites
    if kind in ("coverage", "double coverage"):
        model = from_cost_matrix(
            costs,
            weights,
            k=k,
            objective="coverage",
            threshold=30.0,
            double_coverage=kind == "double coverage",
        )
        return model, sites
    scenarios = 1 if kind == "score" else 4
    return LocationModel.from_scores(rng.uniform(0, 1, (scenarios, 7)), k=k), sites


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 100_000),
    k=st.integers(1, 4),
    kind=st.sampled_from(KINDS),
    family=st.sampled_from(FAMILIES),
)
def test_random_instances_every_family_exact(seed: int, k: int, kind: str, family: str) -> None:
    """Every objective with every constraint family (infeasible draws included)."""
    model, sites = _random_model(seed, k, kind)
    _check_exact(_with_family(model, family, sites, seed))


# ------------------------------------------------------------------------------ infeasible


def _tiny() -> LocationModel:
    costs, weights, _ = _instance(5, n=5, nd=10)
    return from_cost_matrix(costs, weights, k=3)


@pytest.mark.parametrize(
    ("build", "family"),
    [
        (lambda m: m.with_budget([5, 5, 5, 5, 5], 10.0), "budget"),
        (lambda m: m.with_max_per("state", ["a", "a", "a", "b", "b"], 1), "max_per 'state'"),
        (
            lambda m: m.with_min_spacing([[0, 0], [1, 0], [2, 0], [3, 0], [4, 0]], 100.0),
            "min_spacing_km",
        ),
        (lambda m: m.with_must_include([0, 1, 2, 3]), "must_include"),
        (lambda m: m.with_must_exclude([0, 1, 2]), "must_exclude"),
    ],
)
def test_infeasible_names_the_family(build: Any, family: str) -> None:
    model = build(_tiny())
    assert _brute(model)[0] is None
    with pytest.raises(InfeasibleError, match=f"relaxing {family}"):
        model.solve(gap=0.0)


def test_infeasible_combination_and_k() -> None:
    model = (
        _tiny()
        .with_budget([1, 1, 5, 5, 5], 7.0)
        .with_max_per("state", ["a", "a", "b", "b", "b"], 1)
    )
    # The budget alone allows {0, 1, x}; max_per alone allows {0 or 1, 2..4}: together none.
    assert _brute(model)[0] is None
    with pytest.raises(InfeasibleError, match="relaxing"):
        model.solve(gap=0.0)
    with pytest.raises(InfeasibleError, match="more than the 5 candidate"):
        costs, weights, _ = _instance(5, n=5, nd=10)
        from_cost_matrix(costs, weights, k=6).solve()


def test_infeasible_service_cutoff() -> None:
    # Two clusters of demand, each reachable from one site only: k = 1 cannot serve both.
    costs = np.array([[1.0, np.inf], [2.0, np.inf], [np.inf, 1.0]])
    model = from_cost_matrix(costs, [1, 1, 1], k=1)
    with pytest.raises(InfeasibleError, match="cutoff"):
        model.solve()
    assert from_cost_matrix(costs, [1, 1, 1], k=2).solve().objective == pytest.approx(4.0)


# -------------------------------------------------------------------- bounds and reductions


@pytest.mark.parametrize("seed", range(8))
def test_lagrangian_bounds_are_valid_and_reductions_keep_better_solutions(seed: int) -> None:
    costs, weights, _ = _instance(seed + 40, n=9, nd=30)
    model = from_cost_matrix(costs, weights, k=3)
    best, argbest = _brute(model)
    assert best is not None
    # A deliberately poor incumbent: the reductions must keep the optimum's sites and pairs.
    worst = max(itertools.combinations(range(9), 3), key=lambda s: model.evaluate(s).value)
    value = model.evaluate(worst).value
    b = bound_p_median(model, value, np.array(worst), gap=0.0, deadline=math.inf)
    assert b.value <= best + 1e-6
    opt = np.array(argbest[0])
    assert not set(opt.tolist()) & set(b.closed.tolist())
    assert set(b.opened.tolist()) <= set(opt.tolist())
    assignment = model.evaluate(opt).assignment
    pairs = model.pairs
    assert pairs is not None and b.keep_pairs is not None
    used = pairs.site == assignment[pairs.rows]
    assert b.keep_pairs[used].all()

    cover = from_cost_matrix(costs, weights, k=3, objective="coverage", threshold=30.0)
    cbest, cargs = _brute(cover)
    assert cbest is not None
    cworst = min(itertools.combinations(range(9), 3), key=lambda s: cover.evaluate(s).value)
    cb = bound_coverage(cover, cover.evaluate(cworst).value, gap=0.0, deadline=math.inf)
    assert cb.value >= cbest - 1e-6
    assert not set(cargs[0]) & set(cb.closed.tolist())


@pytest.mark.parametrize("objective", ["p-median", "coverage", "double coverage"])
@pytest.mark.parametrize("family", ["none", "must_include", "all"])
@pytest.mark.parametrize("seed", range(12))
def test_reductions_against_the_runner_up_keep_every_optimum(
    objective: str, family: str, seed: int
) -> None:
    """Against the second-best value, the reductions must keep every optimal choice.

    The incumbent is the runner-up, so every reduction that can fire does; the optima are the
    only better solutions: their sites stay open (p-median: and their assignment pairs kept)
    by the Lagrangian bound and, for p-median, by the LP's reduced-cost fixing after it.
    """
    costs, weights, sites = _instance(seed + 300, n=7, nd=15)
    if objective == "p-median":
        base = from_cost_matrix(costs, weights, k=3)
    else:
        base = from_cost_matrix(
            costs,
            weights,
            k=3,
            objective="coverage",
            threshold=30.0,
            double_coverage=objective == "double coverage",
        )
    model = _with_family(base, family, sites, seed)
    feasible = [s for s in itertools.combinations(range(7), 3) if not model.violations(s)]
    values = sorted({model.evaluate(s).value for s in feasible}, reverse=model.sense == "max")
    if len(values) < 2 or math.isclose(values[0], values[1], rel_tol=1e-7):
        pytest.skip("fewer than two clearly distinct feasible values")
    runner_up = np.array(next(s for s in feasible if model.evaluate(s).value == values[1]))
    optima = [np.array(s) for s in feasible if model.evaluate(s).value == values[0]]
    if objective == "p-median":
        first = bound_p_median(
            model, values[1], runner_up, gap=0.0, deadline=math.inf, max_iter=200
        )
        reductions = [
            first,
            bound_p_median_lp(model, values[1], runner_up, first, gap=0.0, deadline=math.inf),
        ]
        assert reductions[1].value <= values[0] + 1e-6
    else:
        reductions = [bound_coverage(model, values[1], gap=0.0, deadline=math.inf)]
        assert reductions[0].value >= values[0] - 1e-6
    for reduced in reductions:
        for opt in optima:
            assert not set(opt.tolist()) & set(reduced.closed.tolist())
            assert set(reduced.opened.tolist()) <= set(opt.tolist())
            if reduced.keep_pairs is not None:
                assert model.pairs is not None
                used = model.pairs.site == model.evaluate(opt).assignment[model.pairs.rows]
                assert reduced.keep_pairs[used].all()


def test_heuristic_respects_every_family() -> None:
    costs, weights, sites = _instance(3, n=12, nd=40)
    model = _with_family(from_cost_matrix(costs, weights, k=4), "all", sites, 3)
    found = find_heuristic(model, restarts=5)
    if found is not None:
        assert not model.violations(found)


def test_large_instance_proven_by_the_bound() -> None:
    """A dense 60 x 600 p-median: the bound proves the heuristic optimal, no MILP is built."""
    costs, weights, _ = _instance(1, n=60, nd=600)
    sol = from_cost_matrix(costs, weights, k=5).solve(gap=1e-6)
    assert sol.status == "optimal"
    assert sol.proof == "bound"
    assert sol.solver_status == "not run"


@pytest.mark.parametrize(("seed", "budget"), [(15, False), (52, True)])
def test_a_bound_one_ulp_above_the_incumbent_proves_it(seed: int, budget: bool) -> None:
    """Random costs, 30 x 12, k = 5: the bound came out 1 ulp above the incumbent (rounding),
    the gap was then "positive" and CBC had to prove what the bound had (proof "bound and
    solver"). A bound is held no better than a feasible choice: the bound proves it."""
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6))
    costs = rng.uniform(1, 100, (30, 12))
    model = from_cost_matrix(costs, rng.integers(1, 20, 30).astype(float), k=k)
    if budget:
        model = model.with_budget(rng.integers(1, 6, 12).astype(float), 3.0 * k)
    sol = model.solve("cbc", gap=0.0)
    assert sol.status == "optimal" and sol.proof == "bound" and sol.solver_status == "not run"
    assert sol.objective == pytest.approx(_brute(model)[0], rel=1e-12)
    assert sol.bound == sol.objective and sol.gap == 0.0


# ------------------------------------------------------------------ solvers and the verdict


class _FakeSolver:
    """Stops "at the time limit" with a given choice and bound, and claims a wrong objective."""

    name = "fake"

    def __init__(self, choice: list[int], bound: float) -> None:
        self.choice = choice
        self.bound = bound

    def run(self, problem: Any, *, time_limit: float, gap: float, warm: bool) -> Any:
        for v in problem.variables():
            if v.name.startswith("y"):
                v.varValue = 1.0 if int(v.name[1:]) in self.choice else 0.0
        return "time_limit", self.bound, "Stopped on time limit (claims objective 1.0)"


def test_time_limit_is_said_and_objective_recomputed() -> None:
    rng = np.random.default_rng(0)
    scores = rng.uniform(0, 1, 6)
    model = LocationModel.from_scores(scores, k=2)
    fake = _FakeSolver([0, 1], bound=10.0)
    sol = model.solve(fake, gap=0.0)
    assert sol.status == "time_limit"
    assert sol.time_limit_reached
    # The heuristic's choice is better than the solver's; the objective is recomputed.
    best = np.sort(scores)[-2:].sum()
    assert sol.objective == pytest.approx(best)
    assert sol.bound == 10.0
    assert sol.gap == pytest.approx((10.0 - best) / best)


def test_highs_agrees_with_cbc_and_keeps_stdout_clean(capfd: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("highspy")
    costs, weights, sites = _instance(7, n=10, nd=40)
    model = _with_family(
        from_cost_matrix(costs, weights, k=3, objective="coverage", threshold=25.0),
        "all",
        sites,
        7,
    )
    a = model.solve("cbc", gap=0.0)
    capfd.readouterr()
    b = model.solve("highs", gap=0.0)
    out, _ = capfd.readouterr()
    assert a.objective == pytest.approx(b.objective)
    assert "HiGHS" not in out
    robust = LocationModel.from_scores(np.random.default_rng(1).uniform(0, 1, (4, 10)), k=3)
    assert robust.solve("highs").objective == pytest.approx(robust.solve("cbc").objective)


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_robust_score_bound_is_not_loosened_by_solver_tolerance(solver: str) -> None:
    """HiGHS meets ``t <= sum s y`` only within 1e-6 (absolute): unscaled, its t and bound
    were 1e-6 above the true worst case of 0.42 (2.4e-6 relative), and an optimal choice
    could not be called optimal at gap 0. The rows are scaled; both solvers prove it."""
    if solver == "highs":
        pytest.importorskip("highspy")
    model, sites = _random_model(99999, 1, "robust score")
    model = _with_family(model, "max_per", sites, 99999)
    best, argbest = _brute(model)
    assert best is not None and best < 1.0
    sol = model.solve(solver, gap=0.0)
    assert tuple(sol.chosen.tolist()) in argbest
    assert sol.status == "optimal"
    assert best <= sol.bound <= best + 1e-9


def test_stdout_to_stderr_at_descriptor_level(capfd: pytest.CaptureFixture[str]) -> None:
    import os

    with stdout_to_stderr():
        os.write(1, b"to the descriptor\n")
    out, err = capfd.readouterr()
    assert "to the descriptor" not in out
    assert "to the descriptor" in err


def test_unknown_solver_and_bad_settings() -> None:
    model = LocationModel.from_scores([1.0, 2.0], k=1)
    with pytest.raises(ConfigError, match=r"^solver 'gurobi'"):
        model.solve("gurobi")
    with pytest.raises(ConfigError, match=r"^time_limit: "):
        model.solve(time_limit=0)
    with pytest.raises(ConfigError, match=r"^gap: "):
        model.solve(gap=1.5)


# ---------------------------------------------------------------------------- model input


def test_pairs_from_sparse_and_dense() -> None:
    m = sp.coo_matrix(([0.0, 3.0, 2.0], ([0, 1, 1], [1, 0, 0])), shape=(3, 2))
    pairs = Pairs.from_matrix(m)
    # Explicit zeros are pairs; a repeated pair keeps its smallest cost; row 2 has none.
    assert pairs.indptr.tolist() == [0, 1, 2, 2]
    assert pairs.site.tolist() == [1, 0]
    assert pairs.cost.tolist() == [0.0, 2.0]
    dense = Pairs.from_matrix(np.array([[1.0, np.inf], [np.nan, 2.0]]))
    assert dense.site.tolist() == [0, 1]


def test_model_rejects_bad_input() -> None:
    with pytest.raises(ConfigError, match="k must be"):
        from_cost_matrix(np.ones((2, 2)), k=0)
    with pytest.raises(DataError, match="weights"):
        from_cost_matrix(np.ones((2, 2)), [1.0, -1.0], k=1)
    with pytest.raises(DataError, match="costs"):
        from_cost_matrix(np.array([[1.0, -2.0]]), k=1)
    model = from_cost_matrix(np.ones((2, 3)), k=1)
    with pytest.raises(ConfigError, match="both name site 1"):
        model.with_must_include([1]).with_must_exclude([1])
    with pytest.raises(ConfigError, match="must_include"):
        model.with_must_include([7])
    with pytest.raises(DataError, match="budget"):
        model.with_budget([1.0, math.nan, 1.0], 3.0)
    with pytest.raises(ConfigError, match="max_per"):
        model.with_max_per("state", ["a", "b", "c"], 0)
    with pytest.raises(ConfigError, match="min_spacing"):
        model.with_min_spacing(np.zeros((3, 2)), -1.0)


def test_max_per_ignores_missing_labels() -> None:
    model = LocationModel.from_scores([3.0, 2.0, 1.0], k=2).with_max_per(
        "state", [None, float("nan"), "a"], 1
    )
    assert model.solve(gap=0.0).chosen.tolist() == [0, 1]


# ------------------------------------------------------------------ independent: PySAL spopt


def _spopt() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pytest.importorskip("spopt.locate")


@pytest.mark.parametrize("seed", range(3))
def test_p_median_matches_spopt(seed: int) -> None:
    """spopt's dense PMedian (Hakimi 1964; ReVelle & Swain 1970) on the same random instance."""
    locate = _spopt()
    import pulp

    costs, weights, _ = _instance(seed + 100, n=15, nd=80)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = locate.PMedian.from_cost_matrix(costs, weights, p_facilities=3)
        ref = ref.solve(pulp.PULP_CBC_CMD(msg=False, threads=1))
    ours = from_cost_matrix(costs, weights, k=3).solve(gap=0.0)
    assert ours.objective == pytest.approx(float(pulp.value(ref.problem.objective)), rel=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_coverage_matches_spopt_mclp(seed: int) -> None:
    """spopt's MCLP (Church & ReVelle 1974) on the same random instance."""
    locate = _spopt()
    import pulp

    costs, weights, _ = _instance(seed + 200, n=15, nd=80)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = locate.MCLP.from_cost_matrix(costs, weights, service_radius=25.0, p_facilities=3)
        ref = ref.solve(pulp.PULP_CBC_CMD(msg=False, threads=1))
    ours = from_cost_matrix(costs, weights, k=3, objective="coverage", threshold=25.0)
    assert ours.solve(gap=0.0).objective == pytest.approx(
        float(pulp.value(ref.problem.objective)), rel=1e-9
    )


def test_cbc_is_stopped_when_it_overruns_its_time_limit() -> None:
    """CBC checks its limit between nodes, never in its root LP: the watchdog kills the
    processes a solve started, and only those."""
    import subprocess
    import sys

    from siteselect.optimize.milp import stop_solver_after

    with stop_solver_after(0.3) as stopped:
        proc = subprocess.run([sys.executable, "-c", "import time; time.sleep(30)"], check=False)
    assert stopped and proc.returncode != 0
    with stop_solver_after(5.0) as stopped:
        quick = subprocess.run([sys.executable, "-c", "pass"], check=False)
    assert not stopped and quick.returncode == 0


def test_a_hard_model_keeps_the_time_limit_and_says_so() -> None:
    """Random p-median costs are hard (CBC spends ~20 s in the root LP here): with a 1 s
    limit the answer is the incumbent, its gap proven by the bound, status time_limit, and
    the MILP is not started (CBC's own word would be "Stopped on time limit")."""
    from siteselect.optimize.milp import STOPPED_TEXT
    from siteselect.optimize.solve import NO_TIME_TEXT

    rng = np.random.default_rng(0)
    model = LocationModel.from_cost_matrix(rng.uniform(1, 100, (800, 100)), k=12)
    solution = model.solve("cbc", time_limit=1.0, gap=0.0)
    assert solution.status == "time_limit"
    assert 0 < solution.gap < 1 and solution.bound <= solution.objective
    assert solution.solver_status in (NO_TIME_TEXT, STOPPED_TEXT)


# ------------------------------------------------------------------ progress of the MILP


def test_cbc_log_lines_give_solutions_and_bounds() -> None:
    from siteselect.optimize.milp import read_cbc_progress

    # Lines of a real CBC 2.10 log (a coverage model: CBC minimises the negation).
    line = "Cbc0010I After 0 nodes, 1 on tree, -281 best solution, best possible -300 (4.36 s)"
    assert read_cbc_progress(line, -1.0) == (281.0, 300.0)
    line = "Cbc0012I Integer solution of 4404.3507 found by feasibility pump after 0 iterations"
    assert read_cbc_progress(line, 1.0) == (4404.3507, None)
    line = "Cbc0005I Partial search - best objective -282 (best possible -300), took 8949 it"
    assert read_cbc_progress(line, -1.0) == (282.0, 300.0)
    assert read_cbc_progress("Cbc0038I Full problem 505 rows 500 columns", 1.0) is None


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_the_milp_reports_solutions_and_bounds_as_they_improve(solver: str) -> None:
    """A coverage model the Lagrangian does not prove: the MILP runs, and its better
    solutions and bounds reach the progress callback while it runs (CBC's log is read
    through a pseudo-terminal, HiGHS's through its callback)."""
    if solver == "highs":
        pytest.importorskip("highspy")
    rng = np.random.default_rng(0)
    model = from_cost_matrix(
        rng.uniform(1, 100, (120, 25)), k=5, objective="coverage", threshold=20.0
    )
    events: list[Any] = []
    sol = model.solve(solver, gap=0.0, time_limit=60, progress=events.append)
    assert sol.status == "optimal" and sol.proof == "bound and solver"
    during = [e for e in events if e.stage == "milp" and e.detail == solver]
    values = [e.incumbent for e in during]
    assert len(during) >= 3 and values == sorted(values)  # maximise: never worse
    assert max(values) == pytest.approx(sol.objective)
    bounds = [e.bound for e in during if e.bound is not None]
    assert bounds and all(b >= sol.objective - 1e-6 for b in bounds)
