"""Warm starts: greedy construction, then vertex substitution (Teitz & Bart 1968).

Greedy adds, one at a time, the site that improves the objective most among those the
constraint families allow. Vertex substitution then swaps one chosen site for one unchosen site
while a swap improves the objective, taking the best swap each round. Every swap of a round is
priced at once, in O(pairs) vector operations, with the decomposition of Resende & Werneck
(2004, "A hybrid heuristic for the p-median problem", J. Heuristics 10): the gain of adding
``j``, the loss of removing ``r``, and an ``extra`` term for the demand that ``j`` and ``r``
share. The same decomposition prices coverage swaps, where a point's value is
``min(times covered, levels)``.

The result is a feasible choice (or ``None`` when none was found); its value is a bound the
exact stage must beat, and its choice is the MILP's warm start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from siteselect.optimize.model import BoolArray, FloatArray, IntArray, LocationModel


class _Objective(Protocol):
    def merit(self, open_mask: BoolArray) -> float:
        """Higher is better (p-median: minus the penalised cost)."""

    def add_gain(self, open_mask: BoolArray) -> FloatArray:
        """Merit gained by opening each site."""

    def swap_profit(self, open_idx: IntArray) -> FloatArray:
        """``(n_sites, len(open_idx))``: merit gained by opening ``j`` and closing ``r``."""


class _PMedian:
    """p-median: every demand point goes to its nearest open site among its pairs."""

    def __init__(self, model: LocationModel) -> None:
        assert model.pairs is not None and model.weights is not None
        pairs = model.pairs
        self.n = model.n_sites
        self.nd = pairs.n_demand
        self.rows = pairs.rows
        self.site = pairs.site
        self.cost = pairs.cost
        self.w = model.weights
        self.wr = self.w[self.rows]
        self.reach = model.reachable
        # A reachable point without an open site pays a penalty above any cost.
        self.penalty = 2.0 * float(self.cost.max()) + 1.0 if self.cost.size else 1.0

    def top2(self, open_mask: BoolArray) -> tuple[FloatArray, IntArray, FloatArray]:
        sel = open_mask[self.site]
        r, c, s = self.rows[sel], self.cost[sel], self.site[sel]
        order = np.lexsort((s, c, r))
        r, c, s = r[order], c[order], s[order]
        first = np.ones(r.shape[0], dtype=bool)
        first[1:] = r[1:] != r[:-1]
        second = np.zeros(r.shape[0], dtype=bool)
        second[1:] = first[:-1] & ~first[1:]
        d1 = np.full(self.nd, self.penalty)
        f1 = np.full(self.nd, -1, dtype=np.int64)
        d2 = np.full(self.nd, self.penalty)
        d1[r[first]] = c[first]
        f1[r[first]] = s[first]
        d2[r[second]] = c[second]
        return d1, f1, d2

    def merit(self, open_mask: BoolArray) -> float:
        d1, _, _ = self.top2(open_mask)
        return -float((self.w * d1)[self.reach].sum())

    def _gain(self, d1: FloatArray) -> FloatArray:
        delta = self.wr * np.maximum(0.0, d1[self.rows] - self.cost)
        out: FloatArray = np.bincount(self.site, weights=delta, minlength=self.n).astype(float)
        return out

    def add_gain(self, open_mask: BoolArray) -> FloatArray:
        d1, _, _ = self.top2(open_mask)
        return self._gain(d1)

    def swap_profit(self, open_idx: IntArray) -> FloatArray:
        open_mask = np.zeros(self.n, dtype=bool)
        open_mask[open_idx] = True
        d1, f1, d2 = self.top2(open_mask)
        p = open_idx.shape[0]
        pos = np.full(self.n, -1, dtype=np.int64)
        pos[open_idx] = np.arange(p)
        gain = self._gain(d1)
        served = f1 >= 0
        loss = np.bincount(pos[f1[served]], weights=(self.w * (d2 - d1))[served], minlength=p)
        fr = f1[self.rows]
        m = (fr >= 0) & (self.cost < d2[self.rows])
        val = self.wr[m] * (d2[self.rows[m]] - np.maximum(self.cost[m], d1[self.rows[m]]))
        key = self.site[m] * p + pos[fr[m]]
        extra = np.bincount(key, weights=val, minlength=self.n * p).reshape(self.n, p)
        out: FloatArray = gain[:, None] - loss[None, :] + extra
        return out


class _Coverage:
    """Coverage: a point is worth ``w * min(times covered, levels)``."""

    def __init__(self, model: LocationModel) -> None:
        assert model.pairs is not None and model.weights is not None
        pairs = model.pairs
        self.n = model.n_sites
        self.nd = pairs.n_demand
        self.rows = pairs.rows
        self.site = pairs.site
        self.w = model.weights
        self.wr = self.w[self.rows]
        self.levels = model.levels

    def count(self, open_mask: BoolArray) -> IntArray:
        return np.bincount(self.rows[open_mask[self.site]], minlength=self.nd)

    def merit(self, open_mask: BoolArray) -> float:
        return float((self.w * np.minimum(self.count(open_mask), self.levels)).sum())

    def add_gain(self, open_mask: BoolArray) -> FloatArray:
        c = self.count(open_mask)
        return np.asarray(
            np.bincount(
                self.site, weights=self.wr * (c[self.rows] < self.levels), minlength=self.n
            ),
            dtype=np.float64,
        )

    def swap_profit(self, open_idx: IntArray) -> FloatArray:
        open_mask = np.zeros(self.n, dtype=bool)
        open_mask[open_idx] = True
        p = open_idx.shape[0]
        pos = np.full(self.n, -1, dtype=np.int64)
        pos[open_idx] = np.arange(p)
        c = self.count(open_mask)
        cr = c[self.rows]
        gain = np.bincount(self.site, weights=self.wr * (cr < self.levels), minlength=self.n)
        on = open_mask[self.site]
        loss = np.bincount(
            pos[self.site[on]], weights=self.wr[on] * (cr[on] <= self.levels), minlength=p
        )
        # Points covered exactly `levels` times lose nothing when j replaces one of their
        # open sites r: add back what gain - loss counted for them.
        full = on & (cr == self.levels)
        r_of = np.full((self.nd, self.levels), -1, dtype=np.int64)
        fr, fs = self.rows[full], self.site[full]
        order = np.lexsort((fs, fr))
        fr, fs = fr[order], fs[order]
        slot = np.arange(fr.shape[0]) - np.searchsorted(fr, fr, side="left")
        r_of[fr, slot] = pos[fs]
        extra: FloatArray = np.zeros(self.n * p)
        m = cr == self.levels
        for level in range(self.levels):
            key = self.site[m] * p + r_of[self.rows[m], level]
            extra += np.bincount(key, weights=self.wr[m], minlength=self.n * p)
        out: FloatArray = gain[:, None] - loss[None, :] + extra.reshape(self.n, p)
        return out


class _Score:
    """Score: the worst scenario's sum of the chosen sites' scores."""

    def __init__(self, model: LocationModel) -> None:
        assert model.scores is not None
        self.s = model.scores
        self.n = model.n_sites

    def merit(self, open_mask: BoolArray) -> float:
        return float(self.s[:, open_mask].sum(axis=1).min())

    def add_gain(self, open_mask: BoolArray) -> FloatArray:
        t = self.s[:, open_mask].sum(axis=1)
        out: FloatArray = (t[:, None] + self.s).min(axis=0) - t.min()
        return out

    def swap_profit(self, open_idx: IntArray) -> FloatArray:
        t = self.s[:, open_idx].sum(axis=1)
        new = (t[:, None, None] - self.s[:, None, open_idx] + self.s[:, :, None]).min(axis=0)
        out: FloatArray = new - t.min()
        return out


def build_objective(model: LocationModel) -> _Objective:
    """The evaluator of the model's objective."""
    if model.objective == "p-median":
        return _PMedian(model)
    if model.objective == "coverage":
        return _Coverage(model)
    return _Score(model)


class _Rules:
    """Which additions and swaps the constraint families allow."""

    def __init__(self, model: LocationModel) -> None:
        n = model.n_sites
        self.n = n
        self.k = model.k
        self.excluded = np.zeros(n, dtype=bool)
        self.excluded[list(model.exclude)] = True
        self.included = np.zeros(n, dtype=bool)
        self.included[list(model.include)] = True
        self.budget = model.budget
        self.groups = model.groups
        c = model.conflicts
        self.conflict = sp.csr_matrix(
            (np.ones(2 * c.shape[0]), (np.r_[c[:, 0], c[:, 1]], np.r_[c[:, 1], c[:, 0]])),
            shape=(n, n),
        )

    def can_add(self, open_mask: BoolArray) -> BoolArray:
        ok = ~open_mask & ~self.excluded
        idx = np.flatnonzero(open_mask)
        if self.budget is not None:
            costs = self.budget.costs
            used = float(costs[idx].sum())
            rest = self.k - idx.shape[0] - 1  # picks still to make after this one
            cheapest = np.zeros(self.n)
            if rest > 0:
                pool = np.flatnonzero(~open_mask & ~self.excluded)
                order = pool[np.argsort(costs[pool], kind="stable")]
                head = costs[order[: rest + 1]]
                s_rest = float(head[:rest].sum())
                s_more = float(head.sum())
                rank = np.full(self.n, self.n, dtype=np.int64)
                rank[order] = np.arange(order.shape[0])
                cheapest = np.where(rank < rest, s_more - costs, s_rest)
            ok &= used + costs + cheapest <= self.budget.limit * (1 + 1e-12) + 1e-9
        for g in self.groups:
            lab = g.labels[idx]
            counts = np.bincount(lab[lab >= 0], minlength=len(g.names) + 1)
            ok &= (g.labels < 0) | (counts[np.maximum(g.labels, 0)] < g.cap)
        if self.conflict.nnz:
            ok &= np.asarray(self.conflict @ open_mask.astype(float)).ravel() == 0
        return ok

    def can_swap(self, open_idx: IntArray) -> BoolArray:
        open_mask = np.zeros(self.n, dtype=bool)
        open_mask[open_idx] = True
        ok = (~open_mask & ~self.excluded)[:, None] & ~self.included[open_idx][None, :]
        if self.budget is not None:
            costs = self.budget.costs
            used = float(costs[open_idx].sum())
            ok &= (
                used - costs[open_idx][None, :] + costs[:, None]
                <= self.budget.limit * (1 + 1e-12) + 1e-9
            )
        for g in self.groups:
            lab = g.labels[open_idx]
            counts = np.bincount(lab[lab >= 0], minlength=len(g.names) + 1)
            lj = g.labels[:, None]
            after = counts[np.maximum(g.labels, 0)][:, None] - (lab[None, :] == lj) + 1
            ok &= (lj < 0) | (after <= g.cap)
        if self.conflict.nnz:
            hits = np.asarray(self.conflict @ open_mask.astype(float)).ravel()
            with_r = self.conflict[:, open_idx].toarray()
            ok &= (hits[:, None] - with_r) == 0
        return np.asarray(ok, dtype=bool)


def construct_greedy(
    model: LocationModel,
    objective: _Objective,
    rules: _Rules,
    rng: np.random.Generator | None = None,
) -> BoolArray | None:
    """Greedy (or, with ``rng``, random) feasible construction; ``None`` if it gets stuck."""
    open_mask = rules.included.copy()
    if open_mask.sum() > model.k:
        return None
    while open_mask.sum() < model.k:
        ok = rules.can_add(open_mask)
        if not ok.any():
            return None
        gains = rng.random(model.n_sites) if rng is not None else objective.add_gain(open_mask)
        j = int(np.argmax(np.where(ok, gains, -np.inf)))
        open_mask[j] = True
    if model.violations(np.flatnonzero(open_mask)):
        return None
    return open_mask


def substitute_vertices(
    objective: _Objective,
    rules: _Rules,
    open_mask: BoolArray,
    max_rounds: int = 1000,
    deadline: float | None = None,
) -> BoolArray:
    """Best-improvement vertex substitution until no swap improves the objective (or the
    deadline passes: every round keeps the choice feasible, so it can stop after any)."""
    import time

    open_mask = open_mask.copy()
    value = objective.merit(open_mask)
    for _ in range(max_rounds):
        if deadline is not None and time.perf_counter() > deadline:
            break
        open_idx = np.flatnonzero(open_mask)
        profit = objective.swap_profit(open_idx)
        profit = np.where(rules.can_swap(open_idx), profit, -np.inf)
        flat = int(np.argmax(profit))
        j, pos = divmod(flat, open_idx.shape[0])
        if not profit[j, pos] > 1e-9 * max(1.0, abs(value)):
            break
        trial = open_mask.copy()
        trial[open_idx[pos]] = False
        trial[j] = True
        new = objective.merit(trial)
        if not new > value:  # guard against rounding: only real improvements
            break
        open_mask, value = trial, new
    return open_mask


def find_heuristic(
    model: LocationModel,
    *,
    restarts: int = 0,
    seed: int = 0,
    start: IntArray | None = None,
    deadline: float | None = None,
) -> IntArray | None:
    """Greedy + vertex substitution, then ``restarts`` random starts; the best feasible choice.

    With ``start`` (e.g. a Lagrangian relaxation's choice), vertex substitution starts from it
    instead of from greedy (when it is feasible). After ``deadline`` no restart begins and
    vertex substitution stops; the first construction always completes (an answer is owed).
    """
    import time

    objective = build_objective(model)
    rules = _Rules(model)
    best: BoolArray | None = None
    best_value = -np.inf
    rng = np.random.default_rng(seed)
    for attempt in range(restarts + 1):
        if attempt and deadline is not None and time.perf_counter() > deadline:
            break
        if attempt == 0 and start is not None:
            first = np.zeros(model.n_sites, dtype=bool)
            first[start] = True
            begin = None if model.violations(np.flatnonzero(first)) else first
        else:
            begin = construct_greedy(model, objective, rules, rng if attempt else None)
        if begin is None:
            continue
        start_mask = begin
        found = substitute_vertices(objective, rules, start_mask, deadline=deadline)
        if model.violations(np.flatnonzero(found)):
            continue
        value = objective.merit(found)
        if value > best_value:
            best, best_value = found, value
    return None if best is None else np.flatnonzero(best).astype(np.int64)
