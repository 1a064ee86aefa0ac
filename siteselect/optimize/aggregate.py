"""Demand aggregation: demand rows that no choice of sites can tell apart become one row.

Two rules, each exact (the aggregated model gives every choice of sites the objective of the
full model, so a bound on one is a bound on the other):

* **p-median**: rows with the same sites and costs that differ by one constant. A demand point
  that joins the road graph at node ``u`` through an access leg of ``a`` minutes costs
  ``a + D(u, j)`` to site ``j``: every point at ``u`` has the same row shifted by its own leg
  (and the same sites, unless a cutoff falls between them). For such a group every choice of
  sites serves all its rows from the same site (the one that minimises the shared shape), so
  ``sum_i w_i (a_i + D_j) = W (a_bar + D_j)``: one row of weight ``W = sum_i w_i`` whose costs
  are the rows' weight-averaged costs. Shifts are compared after rounding to
  :data:`SHIFT_TOLERANCE` of the largest cost (road times are sums of floats: the shifts agree
  to ~1e-13 here, not to the last bit); the objectives then differ by at most the tolerance
  times the total weight, which :attr:`Aggregation.slack` carries into every bound.
* **coverage**: rows with the same covering sites. A point's value depends only on how many
  chosen sites cover it, so the group is one row of summed weight, exactly (slack 0). This is
  the merge the coverage MILP always made, now done before the heuristic and the bound too.

Rows are grouped through a 64-bit hash of their (site, shift) pairs and every group is then
checked entry by entry against its first row, so a hash collision can only leave rows apart,
never merge rows that differ.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from siteselect.optimize.pairs import IntArray, Pairs

if TYPE_CHECKING:
    from siteselect.optimize.model import LocationModel

SHIFT_TOLERANCE = 1e-9
"""Rows count as shifts of each other when their cost differences agree to this fraction of
the largest cost in the model (1e-9 of 3,000 minutes is 0.2 milliseconds)."""


@dataclass(frozen=True, eq=False)
class Aggregation:
    """A model with its demand rows aggregated, and how to read answers back.

    Attributes
    ----------
    model
        The aggregated model (the same sites and constraint families).
    group
        Per row of the original model, its row in the aggregated one.
    slack
        For every choice of sites, ``|objective(aggregated) - objective(original)| <= slack``.
    """

    model: LocationModel
    group: IntArray
    slack: float

    @property
    def rows(self) -> int:
        """Demand rows of the aggregated model."""
        pairs = self.model.pairs
        return 0 if pairs is None else pairs.n_demand


def aggregate_demand(model: LocationModel) -> Aggregation:
    """The model with indistinguishable demand rows merged (see the module's rules).

    A ``score`` model, or one where nothing merges, comes back as it is.
    """
    pairs, weights = model.pairs, model.weights
    if model.objective == "score" or pairs is None or weights is None or pairs.n_demand < 2:
        n = 0 if pairs is None else pairs.n_demand
        return Aggregation(model, np.arange(n, dtype=np.int64), 0.0)
    shifts: IntArray | None = None
    tolerance = 0.0
    if model.objective == "p-median":
        scale = max(1.0, float(np.abs(pairs.cost).max())) if pairs.nnz else 1.0
        tolerance = SHIFT_TOLERANCE * scale
        filled = pairs.row_count > 0
        first = np.repeat(pairs.cost[pairs.indptr[:-1][filled]], pairs.row_count[filled])
        shifts = np.rint((pairs.cost - first) / tolerance).astype(np.int64)
    group = _group_rows(pairs, shifts)
    n_groups = int(group.max()) + 1
    if n_groups == pairs.n_demand:
        return Aggregation(model, np.arange(pairs.n_demand, dtype=np.int64), 0.0)
    total = np.bincount(group, weights=weights, minlength=n_groups)
    # The first row of each group gives its sites; costs are the weight-averaged costs (a
    # plain mean where the group weighs nothing: such a row adds nothing to any objective).
    rep = np.full(n_groups, pairs.n_demand, dtype=np.int64)
    np.minimum.at(rep, group, np.arange(pairs.n_demand, dtype=np.int64))
    zero = total[group] <= 0
    share = (
        np.where(zero, 1.0, weights)
        / np.where(total > 0, total, np.bincount(group, minlength=n_groups))[group]
    )
    # Pair t of a row lines up with pair t of its group's first row (same sites, same order).
    offset = np.arange(pairs.nnz, dtype=np.int64) - pairs.indptr[pairs.rows]
    target = pairs.indptr[rep[group[pairs.rows]]] + offset
    summed = np.bincount(target, weights=share[pairs.rows] * pairs.cost, minlength=pairs.nnz)
    keep_rows = np.zeros(pairs.n_demand, dtype=bool)
    keep_rows[rep] = True
    keep = keep_rows[pairs.rows]
    # Groups are numbered by their first row, so the kept rows come out in group order.
    new_pairs = Pairs.from_arrays(
        group[pairs.rows[keep]],
        pairs.site[keep],
        np.maximum(summed[keep], 0.0),
        n_groups,
        pairs.n_sites,
    )
    aggregated = replace(model, pairs=new_pairs, weights=total.astype(np.float64))
    slack = float(tolerance * weights.sum()) if model.objective == "p-median" else 0.0
    return Aggregation(aggregated, group, slack)


def _group_rows(pairs: Pairs, shifts: IntArray | None) -> IntArray:
    """Group number of each row (numbered in order of each group's first row): rows with the
    same sites (and, with ``shifts``, the same rounded shifts) share one."""
    rng = np.random.default_rng(20261206)  # fixed: groups must not depend on the run
    site_key = rng.integers(1, 2**63 - 1, size=pairs.n_sites, dtype=np.int64).astype(np.uint64)
    shift_key = np.uint64(rng.integers(1, 2**63 - 1, dtype=np.int64))
    with np.errstate(over="ignore"):
        terms = site_key[pairs.site] | np.uint64(1)
        if shifts is not None:
            terms = terms * (shifts.astype(np.uint64) * shift_key + np.uint64(0x9E3779B97F4A7C15))
        digest = np.zeros(pairs.n_demand, dtype=np.uint64)
        np.add.at(digest, pairs.rows, terms)
    keys = np.column_stack([digest.view(np.int64), pairs.row_count])
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    rep = first[inverse]
    # Check every row against its group's first row, entry by entry.
    offset = np.arange(pairs.nnz, dtype=np.int64) - pairs.indptr[pairs.rows]
    other = pairs.indptr[rep[pairs.rows]] + offset
    same = pairs.site == pairs.site[other]
    if shifts is not None:
        same &= shifts == shifts[other]
    bad_rows = np.unique(pairs.rows[~same])
    rep = rep.copy()
    rep[bad_rows] = bad_rows  # a collision: the row stays on its own
    # Number groups by their first row.
    _, group = np.unique(rep, return_inverse=True)
    return group.reshape(-1).astype(np.int64)
