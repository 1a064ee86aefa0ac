"""Lagrangian bounds: proof of optimality (or a proven gap) without a MILP, and reductions.

p-median (minimise). Relaxing "each demand point is assigned once" with multipliers
``lam`` gives, for any ``lam``, the lower bound (Cornuéjols, Fisher & Nemhauser 1977; Beasley
1993, "Lagrangean heuristics for location problems", EJOR 65)::

    L(lam) = sum_i lam_i + min over k sites S of sum_{j in S} rho_j,
    rho_j  = sum_i min(0, w_i c_ij - lam_i)         (over the pairs of site j)

maximised by subgradient steps. Capping ``lam_i`` keeps every ``L(lam)`` a valid bound, so
``lam_i`` is capped at the weighted cost of point ``i``'s second-nearest site in the
incumbent, and pairs that cost more than the cap (which can never count) are dropped from the
iterations: the work per step shrinks with the instance's geography, not its size.

Coverage (maximise). Relaxing "a point counts only if a chosen site covers it" with
``mu >= 0`` gives the upper bound ``levels * sum_i max(0, w_i - mu_i) + max over k sites of
sum_j sigma_j``, ``sigma_j = sum_{i covered by j} mu_i`` (Galvão & ReVelle 1996).

With the best multipliers, reduced costs give *reductions*: a site whose forced opening (or
closing) lifts the bound past the incumbent is closed (opened) in every better solution, and a
p-median pair whose forced use does the same is dropped, which is what leaves the exact MILP
only the assignment variables that can matter. Must-include and must-exclude sites are fixed
in the relaxation; the other families (budget, max_per, spacing) are left out of it, which
keeps the bound valid (a relaxation of a relaxation).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from siteselect.optimize.model import BoolArray, FloatArray, IntArray, LocationModel


@dataclass(frozen=True)
class Bound:
    """A proven bound and the reductions it allows against an incumbent value.

    Attributes
    ----------
    value
        Lower bound (p-median) or upper bound (coverage) on the optimum.
    closed, opened
        Sites closed (opened) in every solution better than the incumbent.
    keep_pairs
        p-median: the pairs that can be used by a solution better than the incumbent.
    iterations
        Subgradient steps taken.
    relaxed_choice
        The sites the relaxation opens at the best multipliers: a good start for the
        heuristic (a Lagrangian heuristic).
    multipliers
        p-median: the best multipliers ``lam`` (per demand row) found, or ``None``.
    """

    value: float
    closed: IntArray
    opened: IntArray
    keep_pairs: BoolArray | None
    iterations: int
    relaxed_choice: IntArray
    multipliers: FloatArray | None = None


def _pick(
    rho: FloatArray, included: BoolArray, free: BoolArray, r: int, smallest: bool
) -> BoolArray:
    """The included sites plus the ``r`` best free ones by ``rho``."""
    chosen = included.copy()
    if r > 0:
        idx = np.flatnonzero(free)
        key = rho[idx] if smallest else -rho[idx]
        part = idx[np.argpartition(key, r - 1)[:r]] if r < idx.shape[0] else idx
        chosen[part] = True
    return chosen


def _masks(model: LocationModel) -> tuple[BoolArray, BoolArray, int]:
    included = np.zeros(model.n_sites, dtype=bool)
    included[list(model.include)] = True
    excluded = np.zeros(model.n_sites, dtype=bool)
    excluded[list(model.exclude)] = True
    free = ~included & ~excluded
    return included, free, model.k - int(included.sum())


def bound_p_median(
    model: LocationModel,
    incumbent_value: float,
    incumbent: IntArray,
    *,
    gap: float,
    deadline: float,
    max_iter: int = 1000,
    capped: bool = True,
    start: FloatArray | None = None,
    patience: int = 30,
) -> Bound:
    """Lagrangian lower bound of a p-median model, and the reductions against the incumbent.

    ``capped`` caps the multipliers (fast, sometimes weaker); ``start`` warm-starts them;
    ``patience`` is the number of steps without improvement before the step is halved.
    """
    assert model.pairs is not None and model.weights is not None
    pairs = model.pairs
    n, nd = model.n_sites, pairs.n_demand
    w = model.weights
    rows_all, site_all = pairs.rows, pairs.site
    wc_all = w[rows_all] * pairs.cost
    included, free, r = _masks(model)
    reach = model.reachable
    # Start from the incumbent: lam_i = its weighted cost; cap = second-nearest open site.
    open_mask = np.zeros(n, dtype=bool)
    open_mask[incumbent] = True
    sel = open_mask[site_all]
    order = np.lexsort((wc_all[sel], rows_all[sel]))
    rr, cc = rows_all[sel][order], wc_all[sel][order]
    first = np.ones(rr.shape[0], dtype=bool)
    first[1:] = rr[1:] != rr[:-1]
    second = np.zeros(rr.shape[0], dtype=bool)
    second[1:] = first[:-1] & ~first[1:]
    lam = np.zeros(nd)
    lam[rr[first]] = cc[first]
    cap = np.full(nd, np.inf)
    if capped:
        cap[rr[second]] = cc[second]
    if start is not None:
        lam = np.minimum(start, cap)
    live = wc_all < cap[rows_all]
    rows, site, wc = rows_all[live], site_all[live], wc_all[live]

    def evaluate(lam: FloatArray) -> tuple[float, FloatArray, BoolArray, FloatArray]:
        v = np.minimum(0.0, wc - lam[rows])
        rho: FloatArray = np.bincount(site, weights=v, minlength=n).astype(np.float64)
        chosen = _pick(rho, included, free, r, smallest=True)
        value = float(lam[reach].sum() + rho[chosen].sum())
        return value, rho, chosen, v

    best_value, _, _, _ = evaluate(lam)
    best_lam = lam.copy()
    target = incumbent_value
    theta, stall, it = 2.0, 0, 0
    tol = gap * max(abs(incumbent_value), 1e-12)
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        value, _, chosen, v = evaluate(lam)
        if value > best_value + 1e-12 * max(1.0, abs(best_value)):
            best_value, best_lam, stall = value, lam.copy(), 0
        else:
            stall += 1
            if stall >= patience:
                theta, stall = theta / 2.0, 0
        if target - best_value <= tol or theta < 1e-4 or time.perf_counter() > deadline:
            break
        assigned = np.bincount(rows[(v < 0) & chosen[site]], minlength=nd)
        g = np.where(reach, 1.0 - assigned, 0.0)
        norm = float(g @ g)
        if norm == 0.0:
            break  # the relaxation's answer is a feasible assignment: L is optimal
        step = theta * max(target - value, 1e-9 * max(1.0, abs(target))) / norm
        lam = np.minimum(lam + step * g, cap)
    value, rho, chosen, _ = evaluate(best_lam)
    best_value = max(best_value, value)
    # Reductions against the incumbent.
    eps = 1e-9 * max(1.0, abs(incumbent_value))
    limit = incumbent_value + eps
    closed: list[int] = []
    opened: list[int] = []
    worst_in = float(rho[chosen & free].max()) if r > 0 else np.inf
    unchosen = free & ~chosen
    best_out = float(rho[unchosen].min()) if unchosen.any() else np.inf
    if r > 0:
        forced_open = value - worst_in + rho
        closed = np.flatnonzero(unchosen & (forced_open > limit)).tolist()
        forced_closed = value - rho + best_out
        opened = np.flatnonzero(chosen & free & (forced_closed > limit)).tolist()
    reduced = np.maximum(0.0, wc_all - best_lam[rows_all])
    in_set = chosen[site_all]
    base = np.where(in_set, value, value - worst_in + rho[site_all])
    keep = (base + reduced <= limit) & ~np.isin(site_all, closed)
    keep &= ~np.isin(site_all, list(model.exclude))
    return Bound(
        value=best_value,
        closed=np.asarray(sorted(set(closed) | set(model.exclude)), dtype=np.int64),
        opened=np.asarray(opened, dtype=np.int64),
        keep_pairs=keep,
        iterations=it,
        relaxed_choice=np.flatnonzero(chosen).astype(np.int64),
        multipliers=best_lam,
    )


def bound_coverage(
    model: LocationModel,
    incumbent_value: float,
    *,
    gap: float,
    deadline: float,
    max_iter: int = 300,
) -> Bound:
    """Lagrangian upper bound of a coverage model, and site reductions against the incumbent."""
    assert model.pairs is not None and model.weights is not None
    pairs = model.pairs
    n, nd = model.n_sites, pairs.n_demand
    w = model.weights
    rows, site = pairs.rows, pairs.site
    levels = model.levels
    included, free, r = _masks(model)
    coverable = model.reachable

    def evaluate(mu: FloatArray) -> tuple[float, FloatArray, BoolArray]:
        sigma: FloatArray = np.bincount(site, weights=mu[rows], minlength=n).astype(np.float64)
        chosen = _pick(sigma, included, free, r, smallest=False)
        head = levels * np.maximum(0.0, w - mu)[coverable].sum()
        return float(head + sigma[chosen].sum()), sigma, chosen

    mu = np.where(coverable, w, 0.0)
    best_value, _, _ = evaluate(mu)
    best_mu = mu.copy()
    theta, stall, it = 2.0, 0, 0
    tol = gap * max(abs(incumbent_value), 1e-12)
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        value, _, chosen = evaluate(mu)
        if value < best_value - 1e-12 * max(1.0, abs(best_value)):
            best_value, best_mu, stall = value, mu.copy(), 0
        else:
            stall += 1
            if stall >= 15:
                theta, stall = theta / 2.0, 0
        if best_value - incumbent_value <= tol or theta < 1e-4 or time.perf_counter() > deadline:
            break
        count = np.bincount(rows[chosen[site]], minlength=nd)
        g = np.where(coverable, count - levels * (w > mu), 0.0)
        norm = float(g @ g)
        if norm == 0.0:
            break
        step = theta * max(value - incumbent_value, 1e-9 * max(1.0, abs(value))) / norm
        mu = np.maximum(0.0, mu - step * g)
    value, sigma, chosen = evaluate(best_mu)
    best_value = min(best_value, value)
    eps = 1e-9 * max(1.0, abs(incumbent_value))
    limit = incumbent_value - eps
    closed: list[int] = []
    opened: list[int] = []
    if r > 0:
        worst_in = float(sigma[chosen & free].min())
        unchosen = free & ~chosen
        best_out = float(sigma[unchosen].max()) if unchosen.any() else -np.inf
        closed = np.flatnonzero(unchosen & (value - worst_in + sigma < limit)).tolist()
        opened = np.flatnonzero(chosen & free & (value - sigma + best_out < limit)).tolist()
    return Bound(
        value=best_value,
        closed=np.asarray(sorted(set(closed) | set(model.exclude)), dtype=np.int64),
        opened=np.asarray(opened, dtype=np.int64),
        keep_pairs=None,
        iterations=it,
        relaxed_choice=np.flatnonzero(chosen).astype(np.int64),
    )


LP_MAX_SITES = 5_000
"""Largest number of sites for which the LP bound runs (its master problem is dense in sites)."""
STABILITY = 0.5
"""Weight of the best point so far in the next query point of the cutting planes."""
SERVICE_ROWS_MAX = 20_000
"""Most distinct ``service`` rows put in the master problem (beyond, the penalty stands in)."""


def bound_p_median_lp(
    model: LocationModel,
    incumbent_value: float,
    incumbent: IntArray,
    previous: Bound | None = None,
    *,
    gap: float,
    deadline: float,
    max_iter: int = 1_000,
    progress: Callable[[float], None] | None = None,
) -> Bound:
    """The LP bound of a p-median model, by cutting planes in the space of the sites.

    For fractional openings ``y`` (``sum y = k``, ``0 <= y <= 1``), the LP's best assignment
    fills each demand row from its nearest sites until it has one unit, so the LP is
    ``min over y of F(y)`` with ``F`` convex and piecewise linear in ``n_sites`` variables;
    ``F(y) = max over v of [sum_i v_i - sum_j y_j rho_j(v)]`` with
    ``rho_j(v) = sum_i max(0, v_i - w_i c_ij)`` (the Lagrangian of :func:`bound_p_median`), so
    every evaluation at a point ``y`` gives the cut ``F >= sum_i v_i - y . rho(v)``, valid
    everywhere, with ``v_i`` the weighted cost where row ``i`` reaches its unit. A small LP
    over the cuts (Kelley 1960, "The cutting-plane method for solving convex programs",
    J. SIAM 8) gives the next ``y`` and a lower bound at every step; it meets ``min F``, the LP
    value of the strong formulation (ReVelle & Swain 1970), usually in a few dozen steps.
    The work per step is one pass over the pairs, and the memory the pairs' own: the full LP
    with one column per pair (what this replaces) took 3.2 GB and more than 60 s on the
    16,848 GeoNames places x 102 parks, where this takes a few seconds.

    The master problem also carries the families that are linear in ``y`` (budget, max_per,
    min_spacing, must_include/exclude, the sites ``previous`` fixed, the distinct service
    rows), so the bound is the LP bound of the whole model. A row that cannot reach a unit
    from its sites at some ``y`` pays a penalty above any cost for the rest (a relaxation, so
    still a bound).

    Reductions against the incumbent: the master's reduced costs fix sites, and the
    Lagrangian at the master's dual combination of the cuts' ``v`` (at least as good a bound
    as the master's, by concavity) gives :func:`bound_p_median`'s site and pair reductions.
    ``progress`` is called with the bound each time it improves.
    """
    import scipy.sparse as sp
    from scipy.optimize import linprog

    assert model.pairs is not None and model.weights is not None
    pairs = model.pairs
    n, nd = model.n_sites, pairs.n_demand
    w = model.weights
    reach = model.reachable
    lower = np.zeros(n)
    upper = np.ones(n)
    lower[list(model.include)] = 1.0
    upper[list(model.exclude)] = 0.0
    if previous is not None:
        lower[previous.opened] = 1.0
        upper[previous.closed] = 0.0
    if (lower > upper).any() or lower.sum() > model.k or upper.sum() < model.k:
        # Nothing better than the incumbent is left (the reductions contradict each other).
        return _nothing_better(model, incumbent_value, previous)
    usable = upper[pairs.site] > 0
    rows, site = pairs.rows[usable], pairs.site[usable]
    wc = w[rows] * pairs.cost[usable]
    order = np.lexsort((site, wc, rows))
    rows, site, wc = rows[order], site[order], wc[order]
    counts = np.bincount(rows, minlength=nd)
    starts = np.cumsum(counts) - counts
    penalty = w * (2.0 * float(pairs.cost.max()) + 1.0) if pairs.nnz else w.copy()
    penalty = np.where(reach, penalty, 0.0)
    eps = 1e-9

    ends = starts + counts
    positions = np.arange(rows.shape[0], dtype=np.int64)

    def cut(y: FloatArray) -> tuple[float, FloatArray, FloatArray]:
        # The unit of each row comes from its nearest open (y > 0) sites, in cost order.
        sel = np.flatnonzero(y[site] > 0)
        r, yv, c = rows[sel], y[site[sel]], wc[sel]
        before = np.cumsum(yv) - yv
        first = np.ones(r.shape[0], dtype=bool)
        first[1:] = r[1:] != r[:-1]
        before -= np.repeat(before[first], np.diff(np.r_[np.flatnonzero(first), r.shape[0]]))
        take = np.clip(1.0 - before, 0.0, yv)
        mass = np.bincount(r, weights=take, minlength=nd)
        value = float(c @ take) + float(penalty @ np.maximum(0.0, 1.0 - mass))
        crossing = (before < 1.0 - eps) & (before + yv >= 1.0 - eps)
        v = penalty.copy()
        end = ends.copy()  # pairs of a row cheaper than v_i: a prefix of its cost order
        v[r[crossing]] = np.minimum(c[crossing], penalty[r[crossing]])
        end[r[crossing]] = positions[sel[crossing]]
        length = np.where(reach, end - starts, 0)
        idx = np.repeat(starts - np.cumsum(length) + length, length) + np.arange(
            int(length.sum()), dtype=np.int64
        )
        gain = np.maximum(0.0, v[rows[idx]] - wc[idx])
        rho = np.bincount(site[idx], weights=gain, minlength=n)
        return value, v, rho.astype(np.float64)

    families, family_rhs = _linear_families(model, n, reach, usable)
    y = np.zeros(n)
    y[incumbent] = 1.0
    rho_cuts: list[FloatArray] = []
    v_cuts: list[FloatArray] = []
    consts: list[float] = []
    best_f = np.inf
    lb = -np.inf
    tol = gap * max(abs(incumbent_value), 1e-12)
    res: Any = None
    n_cuts = 0
    c = np.zeros(n + 1)
    c[-1] = 1.0
    a_eq = np.r_[np.ones(n), 0.0].reshape(1, -1)
    bounds = np.column_stack([np.r_[lower, -np.inf], np.r_[upper, np.inf]])
    it = 0
    center = y.copy()
    alpha = STABILITY
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        value, v, rho = cut(y)
        if value < best_f:
            best_f, center = value, y.copy()
        rho_cuts.append(rho)
        v_cuts.append(v)
        consts.append(float(v.sum()))
        # theta >= sum(v) - y . rho   <=>   -rho . y - theta <= -sum(v)
        a_cuts = np.column_stack([-np.asarray(rho_cuts), -np.ones(len(rho_cuts))])
        a_ub = sp.vstack([sp.csr_matrix(a_cuts), families]).tocsr()
        b_ub = np.r_[-np.asarray(consts), family_rhs]
        step = linprog(
            c,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a_eq,
            b_eq=[float(model.k)],
            bounds=bounds,
            method="highs",
            options={"time_limit": max(0.1, deadline - time.perf_counter())},
        )
        if step.status == 2:  # infeasible: no opening meets the families and fixings
            return _nothing_better(model, incumbent_value, previous)
        if step.status != 0 or step.x is None:
            break
        res, n_cuts = step, len(v_cuts)
        if float(step.fun) <= lb + 1e-9 * max(1.0, abs(lb)):
            alpha *= 0.5  # the lower bound stalls: trust the cuts' point more
        floor = lb if previous is None else max(lb, previous.value)
        if progress is not None and float(step.fun) > floor:
            progress(min(incumbent_value, float(step.fun)))
        lb = max(lb, float(step.fun))
        master_y = np.clip(np.asarray(step.x[:n], dtype=float), lower, upper)
        # In-out stabilisation (Ben-Ameur & Neto 2007): query between the best point so far
        # and the master's, which damps Kelley's zigzag; the cut is valid wherever it is made.
        y = alpha * center + (1.0 - alpha) * master_y
        if (
            incumbent_value - lb <= tol
            or best_f - lb <= 1e-9 * max(1.0, abs(best_f))
            or time.perf_counter() > deadline
        ):
            break
    if res is None:
        return previous if previous is not None else _no_bound(model, incumbent_value)
    # Reductions: the master's reduced costs fix sites ...
    limit = incumbent_value + 1e-9 * max(1.0, abs(incumbent_value))
    movable = (lower == 0.0) & (upper == 1.0)
    at_zero = np.asarray(res.lower.marginals[:n], dtype=float)
    at_one = -np.asarray(res.upper.marginals[:n], dtype=float)
    closed = set(np.flatnonzero(movable & (at_zero > 0) & (lb + at_zero > limit)).tolist())
    opened = set(np.flatnonzero(movable & (at_one > 0) & (lb + at_one > limit)).tolist())
    # ... and the Lagrangian at the cuts' dual combination fixes sites and pairs.
    mu = np.maximum(0.0, -np.asarray(res.ineqlin.marginals[:n_cuts], dtype=float))
    value = min(incumbent_value, lb)
    keep_pairs = None if previous is None else previous.keep_pairs
    multipliers = None if previous is None else previous.multipliers
    if mu.sum() > 0:
        v_bar = (mu / mu.sum()) @ np.asarray(v_cuts[:n_cuts])
        lagrangian = bound_p_median(
            model,
            incumbent_value,
            incumbent,
            gap=gap,
            deadline=deadline,
            max_iter=1,
            capped=False,
            start=v_bar,
        )
        value = max(value, min(incumbent_value, lagrangian.value))
        multipliers = v_bar  # the LP's dual values: where a search below it starts
        closed |= set(lagrangian.closed.tolist())
        opened |= set(lagrangian.opened.tolist())
        assert lagrangian.keep_pairs is not None
        keep_pairs = (
            lagrangian.keep_pairs if keep_pairs is None else keep_pairs & lagrangian.keep_pairs
        )
    if previous is not None:
        value = max(value, previous.value)
        closed |= set(previous.closed.tolist())
        opened |= set(previous.opened.tolist())
    closed |= set(model.exclude)
    closed_arr = np.asarray(sorted(closed), dtype=np.int64)
    if keep_pairs is not None:
        keep_pairs = keep_pairs & ~np.isin(pairs.site, closed_arr)
    return Bound(
        value=value,
        closed=closed_arr,
        opened=np.asarray(sorted(opened - closed), dtype=np.int64),
        keep_pairs=keep_pairs,
        iterations=it,
        relaxed_choice=np.flatnonzero(y > 0.5).astype(np.int64),
        multipliers=multipliers,
    )


def _linear_families(
    model: LocationModel, n: int, reach: BoolArray, usable: BoolArray
) -> tuple[Any, FloatArray]:
    """The families linear in ``y`` as rows ``A [y, theta] <= b`` (sparse)."""
    import scipy.sparse as sp

    blocks: list[Any] = [sp.csr_matrix((0, n + 1))]
    rhs: list[FloatArray] = [np.zeros(0)]
    if model.budget is not None:
        blocks.append(sp.csr_matrix(np.r_[model.budget.costs, 0.0].reshape(1, -1)))
        rhs.append(np.array([model.budget.limit]))
    for g in model.groups:
        labelled = np.flatnonzero(g.labels >= 0)
        blocks.append(
            sp.csr_matrix(
                (np.ones(labelled.shape[0]), (g.labels[labelled], labelled)),
                shape=(len(g.names), n + 1),
            )
        )
        rhs.append(np.full(len(g.names), float(g.cap)))
    q = model.conflicts.shape[0]
    if q:
        blocks.append(
            sp.csr_matrix(
                (np.ones(2 * q), (np.r_[np.arange(q), np.arange(q)], model.conflicts.T.ravel())),
                shape=(q, n + 1),
            )
        )
        rhs.append(np.ones(q))
    if model.needs_service and model.pairs is not None:
        # -sum_{j serves i} y_j <= -1, once per distinct set of sites.
        pairs = model.pairs
        sets: dict[bytes, IntArray] = {}
        for i in np.flatnonzero(reach):
            a, b = int(pairs.indptr[i]), int(pairs.indptr[i + 1])
            sites = pairs.site[a:b][usable[a:b]]
            if sites.shape[0] < n:
                sets.setdefault(sites.tobytes(), sites)
            if len(sets) > SERVICE_ROWS_MAX:
                break
        if sets:
            members = list(sets.values())
            r = np.repeat(np.arange(len(members)), [m.shape[0] for m in members])
            cols = np.concatenate(members)
            blocks.append(
                sp.csr_matrix((-np.ones(cols.shape[0]), (r, cols)), shape=(len(members), n + 1))
            )
            rhs.append(-np.ones(len(members)))
    return sp.vstack(blocks).tocsr(), np.concatenate(rhs)


def _nothing_better(model: LocationModel, incumbent_value: float, previous: Bound | None) -> Bound:
    """No solution better than the incumbent exists: the bound is the incumbent's value."""
    assert model.pairs is not None
    return Bound(
        value=incumbent_value,
        closed=np.arange(model.n_sites, dtype=np.int64),
        opened=np.zeros(0, dtype=np.int64) if previous is None else previous.opened,
        keep_pairs=np.zeros(model.pairs.nnz, dtype=bool),
        iterations=0 if previous is None else previous.iterations,
        relaxed_choice=np.zeros(0, dtype=np.int64),
    )


def _no_bound(model: LocationModel, incumbent_value: float) -> Bound:
    """No bound was proven (the time ran out first)."""
    return Bound(
        value=-np.inf if model.sense == "min" else np.inf,
        closed=np.asarray(sorted(model.exclude), dtype=np.int64),
        opened=np.zeros(0, dtype=np.int64),
        keep_pairs=None,
        iterations=0,
        relaxed_choice=np.zeros(0, dtype=np.int64),
    )
