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
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def tighten_p_median_lp(
    model: LocationModel, incumbent_value: float, bound: Bound, *, time_limit: float
) -> Bound:
    """The LP relaxation of what the Lagrangian reductions left, and its reduced-cost fixing.

    Solved with the HiGHS LP solver that ships inside scipy (``scipy.optimize.linprog``), so it
    needs nothing beyond the core dependencies. The LP bound of the reduced problem bounds
    every solution better than the incumbent, so ``min(incumbent, LP)`` bounds them all; a
    site or pair whose LP reduced cost lifts that bound past the incumbent is fixed out
    (Nemhauser & Wolsey 1988, II.5). The subgradient method of :func:`bound_p_median` stops
    short of the LP value on hard instances; this closes that distance.
    """
    import scipy.sparse as sp
    from scipy.optimize import linprog

    assert model.pairs is not None and model.weights is not None and bound.keep_pairs is not None
    pairs = model.pairs
    n = model.n_sites
    closed = np.zeros(n, dtype=bool)
    closed[bound.closed] = True
    keep = bound.keep_pairs & ~closed[pairs.site]
    rows_all, sites_all = pairs.rows[keep], pairs.site[keep]
    cost = model.weights[rows_all] * pairs.cost[keep]
    reach_rows = np.flatnonzero(model.reachable)
    m = rows_all.shape[0]
    if m == 0:
        return bound
    # Variables: y_0..y_{n-1}, then one x per kept pair.
    c = np.concatenate([np.zeros(n), cost])
    e = np.arange(m)
    row_of = np.full(pairs.n_demand, -1, dtype=np.int64)
    row_of[reach_rows] = np.arange(reach_rows.shape[0])
    a_eq = sp.vstack(
        [
            sp.csr_matrix((np.ones(n), (np.zeros(n), np.arange(n))), shape=(1, n + m)),
            sp.csr_matrix(
                (np.ones(m), (row_of[rows_all], n + e)), shape=(reach_rows.shape[0], n + m)
            ),
        ]
    ).tocsr()
    b_eq = np.concatenate([[model.k], np.ones(reach_rows.shape[0])])
    link = sp.csr_matrix(
        (np.r_[np.ones(m), -np.ones(m)], (np.r_[e, e], np.r_[n + e, sites_all])), shape=(m, n + m)
    )
    blocks = [link]
    rhs = [np.zeros(m)]
    if model.budget is not None:
        blocks.append(sp.csr_matrix(np.r_[model.budget.costs, np.zeros(m)].reshape(1, -1)))
        rhs.append(np.array([model.budget.limit]))
    for g in model.groups:
        labelled = np.flatnonzero(g.labels >= 0)
        blocks.append(
            sp.csr_matrix(
                (np.ones(labelled.shape[0]), (g.labels[labelled], labelled)),
                shape=(len(g.names), n + m),
            )
        )
        rhs.append(np.full(len(g.names), float(g.cap)))
    if model.conflicts.shape[0]:
        q = model.conflicts.shape[0]
        blocks.append(
            sp.csr_matrix(
                (np.ones(2 * q), (np.r_[np.arange(q), np.arange(q)], model.conflicts.T.ravel())),
                shape=(q, n + m),
            )
        )
        rhs.append(np.ones(q))
    lower = np.zeros(n + m)
    upper = np.ones(n + m)
    lower[list(model.include)] = 1.0
    lower[bound.opened] = 1.0
    upper[:n][closed] = 0.0
    res = linprog(
        c,
        A_ub=sp.vstack(blocks).tocsr(),
        b_ub=np.concatenate(rhs),
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=np.column_stack([lower, upper]),
        method="highs",
        options={"time_limit": max(1.0, time_limit), "presolve": True},
    )
    if res.status == 2:  # infeasible: nothing better than the incumbent exists
        return Bound(
            value=incumbent_value,
            closed=np.flatnonzero(np.ones(n, dtype=bool)).astype(np.int64),
            opened=bound.opened,
            keep_pairs=np.zeros(pairs.nnz, dtype=bool),
            iterations=bound.iterations,
            relaxed_choice=bound.relaxed_choice,
        )
    if res.status != 0 or res.fun is None:
        return bound
    lp = float(res.fun)
    value = max(bound.value, min(incumbent_value, lp))
    # Reduced costs of variables at their lower bound 0: forcing one up to 1 costs at least
    # that. Only variables free to move count: a site fixed open (lower = upper = 1, from
    # must_include or the Lagrangian's `opened`) also carries a lower-bound marginal, which
    # says what *relaxing* it would save, not what opening it costs; reading it as the
    # latter closed a site every better solution needs.
    reduced = np.asarray(res.lower.marginals, dtype=float)
    movable = (lower == 0.0) & (upper == 1.0)
    eps = 1e-7 * max(1.0, abs(incumbent_value))
    fixable = movable & (reduced > 0) & (lp + reduced > incumbent_value + eps)
    out_y, out_x = fixable[:n], fixable[n:]
    new_closed = np.union1d(bound.closed, np.flatnonzero(out_y)).astype(np.int64)
    keep_pairs = keep.copy()
    kept_idx = np.flatnonzero(keep)
    keep_pairs[kept_idx[out_x]] = False
    keep_pairs &= ~np.isin(pairs.site, new_closed)
    return Bound(
        value=value,
        closed=new_closed,
        opened=bound.opened,
        keep_pairs=keep_pairs,
        iterations=bound.iterations,
        relaxed_choice=bound.relaxed_choice,
    )
