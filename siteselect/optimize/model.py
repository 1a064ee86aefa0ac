"""Location models built from plain arrays: an objective, the candidate sites, and one method per
constraint family; any choice of sites can be evaluated and checked against them.

The three objectives, on ``n`` candidate sites of which exactly ``k`` are chosen:

* ``score``: maximise the sum of the chosen sites' scores (with scenarios, the worst scenario's
  sum: a robust choice);
* ``p-median``: minimise the demand-weighted cost (minutes or km) from every demand point to
  its nearest chosen site, over a *sparse* matrix of allowed (demand, site) pairs: a pair that
  is absent cannot serve (beyond a drive-time cutoff, say);
* ``coverage`` (maximal covering, Church & ReVelle 1974): maximise the demand weight that has a
  chosen site among its pairs (within the threshold); with ``double_coverage`` a point covered
  twice counts twice (the backup coverage model of Hogan & ReVelle 1986).

Constraint families: ``budget`` (a cost per site and a limit), ``max_per`` (at most n sites per
value of a label, e.g. per state), ``min_spacing`` (no two chosen sites closer than a
distance), ``must_include``, ``must_exclude``, and for p-median ``service`` (every demand point
that some site can reach must be reachable from a chosen one).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from siteselect.errors import ConfigError, DataError
from siteselect.optimize.pairs import Pairs

if TYPE_CHECKING:
    from siteselect.optimize.milp import Solver
    from siteselect.optimize.solve import ProgressFn, Solution

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

Objective = Literal["score", "p-median", "coverage"]
OBJECTIVES: tuple[str, ...] = ("score", "p-median", "coverage")


@dataclass(frozen=True, eq=False)
class Budget:
    """``budget``: the sum of ``costs`` over the chosen sites must not exceed ``limit``."""

    costs: FloatArray
    limit: float
    column: str = "cost"


@dataclass(frozen=True, eq=False)
class GroupCap:
    """``max_per``: at most ``cap`` chosen sites share a label (``labels[j] = -1``: no label).

    ``names[g]`` is the text of label ``g`` (a state's name, a crossing's id).
    """

    name: str
    labels: IntArray
    cap: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    """A choice of sites evaluated exactly.

    Attributes
    ----------
    value
        The objective recomputed from the choice (``inf`` for a p-median choice that leaves a
        reachable demand point without a site; ``nan`` for no choice).
    assignment
        Per demand row, the chosen site that serves it (the nearest chosen pair; for coverage
        the nearest chosen site within the threshold), ``-1`` where none does.
    served
        Per chosen site (in ``chosen`` order): the demand weight it serves.
    violated
        The constraint families the choice breaks (empty when feasible).
    """

    chosen: IntArray
    value: float
    assignment: IntArray
    served: FloatArray
    violated: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class LocationModel:
    """Choose exactly ``k`` of ``n_sites`` candidate sites under constraint families.

    Build one with :meth:`from_cost_matrix` (p-median, coverage) or :meth:`from_scores`, add
    constraints with the ``with_*`` methods (each returns a new model), then :meth:`solve`.
    """

    objective: Objective
    k: int
    n_sites: int
    pairs: Pairs | None = None
    weights: FloatArray | None = None
    scores: FloatArray | None = None  # (scenarios, n_sites)
    threshold: float | None = None
    double_coverage: bool = False
    budget: Budget | None = None
    groups: tuple[GroupCap, ...] = ()
    conflicts: IntArray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    spacing_km: float | None = None
    include: tuple[int, ...] = ()
    exclude: tuple[int, ...] = ()
    require_service: bool = True

    # ---- constructors ----------------------------------------------------------------------

    @classmethod
    def from_cost_matrix(
        cls,
        costs: Any,
        weights: ArrayLike | None = None,
        *,
        k: int,
        objective: Literal["p-median", "coverage"] = "p-median",
        threshold: float | None = None,
        double_coverage: bool = False,
    ) -> LocationModel:
        """A p-median or coverage model from a demand x site cost matrix.

        Parameters
        ----------
        costs
            ``(n_demand, n_sites)``: a scipy sparse matrix whose explicit entries are the
            allowed pairs (e.g. built from :func:`siteselect.network.compute_reach_pairs`), a
            :class:`Pairs`, or a dense array (``inf``/NaN: no pair).
        weights
            Demand weights (>= 0); 1 each when omitted.
        k
            Number of sites to choose.
        objective
            ``p-median`` or ``coverage``.
        threshold
            Coverage: a pair covers when its cost is at most this (default: every pair covers).
        double_coverage
            Coverage: a demand point covered by two chosen sites counts twice.
        """
        if objective not in ("p-median", "coverage"):
            msg = f"objective {objective!r}: a cost matrix serves 'p-median' or 'coverage'"
            raise ConfigError(msg)
        pairs = costs if isinstance(costs, Pairs) else Pairs.from_matrix(costs)
        if threshold is not None:
            if not (math.isfinite(threshold) and threshold >= 0):
                msg = f"threshold={threshold!r} must be a finite number >= 0"
                raise ConfigError(msg)
            if objective == "coverage":
                pairs = pairs.select(pairs.cost <= threshold)
        w = _weights(weights, pairs.n_demand)
        _check_k(k, pairs.n_sites)
        return cls(
            objective=objective,
            k=int(k),
            n_sites=pairs.n_sites,
            pairs=pairs,
            weights=w,
            threshold=threshold,
            double_coverage=bool(double_coverage) and objective == "coverage",
        )

    @classmethod
    def from_scores(cls, scores: ArrayLike, *, k: int) -> LocationModel:
        """A ``score`` model: maximise the sum of the chosen sites' scores.

        ``scores`` is ``(n_sites,)``, or ``(scenarios, n_sites)`` to maximise the worst
        scenario's sum (a robust choice).
        """
        s = np.asarray(scores, dtype=np.float64)
        if s.ndim == 1:
            s = s.reshape(1, -1)
        if s.ndim != 2 or s.shape[1] == 0:
            msg = f"scores: expected (n_sites,) or (scenarios, n_sites), got shape {s.shape}"
            raise DataError(msg)
        if not np.isfinite(s).all():
            msg = "scores must be finite numbers"
            raise DataError(msg)
        _check_k(k, s.shape[1])
        return cls(objective="score", k=int(k), n_sites=int(s.shape[1]), scores=s)

    # ---- constraint families (one method each) ---------------------------------------------

    def with_budget(self, costs: ArrayLike, limit: float, *, column: str = "cost") -> LocationModel:
        """At most ``limit`` in total of ``costs`` (one per site, >= 0) over the chosen sites."""
        c = np.asarray(costs, dtype=np.float64).reshape(-1)
        if c.shape[0] != self.n_sites:
            msg = f"budget: {c.shape[0]} costs for {self.n_sites} sites"
            raise DataError(msg)
        bad = ~np.isfinite(c) | (c < 0)
        if bad.any():
            msg = f"budget: {column!r} of site {int(np.flatnonzero(bad)[0])} is {c[bad][0]!r}"
            raise DataError(msg)
        if not (math.isfinite(limit) and limit >= 0):
            msg = f"budget={limit!r} must be a finite number >= 0"
            raise ConfigError(msg)
        return replace(self, budget=Budget(c, float(limit), column))

    def with_max_per(self, name: str, labels: Sequence[Any], cap: int) -> LocationModel:
        """At most ``cap`` chosen sites per distinct label (``None``/NaN labels: no limit)."""
        if isinstance(cap, bool) or not isinstance(cap, int | np.integer) or cap < 1:
            msg = f"max_per {name!r}: the limit must be an integer >= 1, got {cap!r}"
            raise ConfigError(msg)
        values = list(labels)
        if len(values) != self.n_sites:
            msg = f"max_per {name!r}: {len(values)} labels for {self.n_sites} sites"
            raise DataError(msg)
        names: dict[str, int] = {}
        codes = np.full(self.n_sites, -1, dtype=np.int64)
        for j, v in enumerate(values):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            codes[j] = names.setdefault(str(v), len(names))
        group = GroupCap(name=name, labels=codes, cap=int(cap), names=tuple(names))
        return replace(self, groups=(*self.groups, group))

    def with_min_spacing(self, xy: ArrayLike, km: float) -> LocationModel:
        """No two chosen sites closer than ``km`` (straight line; ``xy`` in metres)."""
        from scipy.spatial import cKDTree

        pts = np.asarray(xy, dtype=np.float64)
        if pts.shape != (self.n_sites, 2) or not np.isfinite(pts).all():
            msg = f"min_spacing: expected ({self.n_sites}, 2) finite x/y metres, got {pts.shape}"
            raise DataError(msg)
        if not (math.isfinite(km) and km > 0):
            msg = f"min_spacing_km={km!r} must be a positive number"
            raise ConfigError(msg)
        # "closer than km": pairs at distance < km conflict (query_pairs is <=, so shave it).
        pairs = cKDTree(pts).query_pairs(r=km * 1000.0 * (1 - 1e-12), output_type="ndarray")
        return replace(
            self, conflicts=np.asarray(pairs, dtype=np.int64).reshape(-1, 2), spacing_km=float(km)
        )

    def with_conflicts(self, pairs: ArrayLike) -> LocationModel:
        """Pairs of sites that must not both be chosen (the form min_spacing takes)."""
        arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        if arr.size and (arr.min() < 0 or arr.max() >= self.n_sites):
            msg = "conflicts: a site index is out of range"
            raise DataError(msg)
        return replace(self, conflicts=arr, spacing_km=self.spacing_km)

    def with_must_include(self, sites: Sequence[int]) -> LocationModel:
        """These sites are chosen."""
        idx = _indices(sites, self.n_sites, "must_include")
        both = sorted(set(idx) & set(self.exclude))
        if both:
            msg = f"must_include and must_exclude both name site {both[0]}"
            raise ConfigError(msg)
        return replace(self, include=tuple(sorted(set(self.include) | set(idx))))

    def with_must_exclude(self, sites: Sequence[int]) -> LocationModel:
        """These sites are never chosen."""
        idx = _indices(sites, self.n_sites, "must_exclude")
        both = sorted(set(idx) & set(self.include))
        if both:
            msg = f"must_include and must_exclude both name site {both[0]}"
            raise ConfigError(msg)
        return replace(self, exclude=tuple(sorted(set(self.exclude) | set(idx))))

    # ---- what the model is -----------------------------------------------------------------

    @property
    def sense(self) -> Literal["min", "max"]:
        """``min`` for p-median, ``max`` otherwise."""
        return "min" if self.objective == "p-median" else "max"

    @property
    def levels(self) -> int:
        """Coverage levels counted: 2 with double coverage, else 1."""
        return 2 if self.double_coverage else 1

    @cached_property
    def reachable(self) -> BoolArray:
        """Demand rows that at least one site can serve (the others cannot be served at all)."""
        if self.pairs is None:
            return np.zeros(0, dtype=bool)
        return self.pairs.row_count > 0

    @property
    def needs_service(self) -> bool:
        """Whether ``service`` is a family: some reachable p-median row lacks a site."""
        if self.objective != "p-median" or self.pairs is None or not self.require_service:
            return False
        counts = self.pairs.row_count[self.reachable]
        return bool((counts < self.n_sites).any())

    def families(self) -> tuple[str, ...]:
        """The constraint families this model has, as named in messages."""
        out = []
        if self.budget is not None:
            out.append("budget")
        out.extend(f"max_per {g.name}" for g in self.groups)
        if self.conflicts.shape[0]:
            out.append("min_spacing")
        if self.include:
            out.append("must_include")
        if self.exclude:
            out.append("must_exclude")
        if self.needs_service:
            out.append("service")
        return tuple(out)

    def without(self, family: str) -> LocationModel:
        """The model with one constraint family relaxed (for diagnosing infeasibility)."""
        if family == "budget":
            return replace(self, budget=None)
        if family.startswith("max_per "):
            name = family.removeprefix("max_per ")
            return replace(self, groups=tuple(g for g in self.groups if g.name != name))
        if family == "min_spacing":
            return replace(self, conflicts=np.zeros((0, 2), dtype=np.int64))
        if family == "must_include":
            return replace(self, include=())
        if family == "must_exclude":
            return replace(self, exclude=())
        if family == "service":
            # Rows no chosen site reaches may stay unserved: the cutoff no longer binds.
            return replace(self, require_service=False)
        msg = f"unknown constraint family {family!r}"
        raise ValueError(msg)

    # ---- evaluation -----------------------------------------------------------------------

    def violations(self, chosen: ArrayLike) -> tuple[str, ...]:
        """The families a choice breaks (``k`` when it has the wrong size)."""
        idx = np.unique(np.asarray(chosen, dtype=np.int64))
        out = []
        if idx.shape[0] != self.k:
            out.append("k")
        mask = np.zeros(self.n_sites, dtype=bool)
        mask[idx] = True
        if (
            self.budget is not None
            and self.budget.costs[idx].sum() > self.budget.limit * (1 + 1e-9) + 1e-9
        ):
            out.append("budget")
        for g in self.groups:
            lab = g.labels[idx]
            lab = lab[lab >= 0]
            if lab.size and np.bincount(lab).max() > g.cap:
                out.append(f"max_per {g.name}")
        if (
            self.conflicts.shape[0]
            and (mask[self.conflicts[:, 0]] & mask[self.conflicts[:, 1]]).any()
        ):
            out.append("min_spacing")
        if self.include and not mask[list(self.include)].all():
            out.append("must_include")
        if self.exclude and mask[list(self.exclude)].any():
            out.append("must_exclude")
        if self.needs_service and self.pairs is not None:
            hit = np.bincount(self.pairs.rows[mask[self.pairs.site]], minlength=self.pairs.n_demand)
            if ((hit == 0) & self.reachable).any():
                out.append("service")
        return tuple(out)

    def evaluate(self, chosen: ArrayLike) -> Evaluation:
        """The objective of a choice, recomputed from scratch, with its assignment."""
        idx = np.unique(np.asarray(chosen, dtype=np.int64))
        if idx.size and (idx.min() < 0 or idx.max() >= self.n_sites):
            msg = "chosen: a site index is out of range"
            raise DataError(msg)
        violated = self.violations(idx)
        if self.objective == "score":
            assert self.scores is not None
            value = float(self.scores[:, idx].sum(axis=1).min())
            empty = np.zeros(0, dtype=np.int64)
            return Evaluation(idx, value, empty, np.zeros(idx.shape[0]), violated)
        assert self.pairs is not None and self.weights is not None
        pairs, w = self.pairs, self.weights
        mask = np.zeros(self.n_sites, dtype=bool)
        mask[idx] = True
        sel = mask[pairs.site]
        rows, sites, costs = pairs.rows[sel], pairs.site[sel], pairs.cost[sel]
        order = np.lexsort((sites, costs, rows))
        rows, sites, costs = rows[order], sites[order], costs[order]
        first = np.ones(rows.shape[0], dtype=bool)
        first[1:] = rows[1:] != rows[:-1]
        assignment = np.full(pairs.n_demand, -1, dtype=np.int64)
        assignment[rows[first]] = sites[first]
        if self.objective == "p-median":
            best = np.zeros(pairs.n_demand)
            best[rows[first]] = costs[first]
            unserved = self.reachable & (assignment < 0)
            value = math.inf if unserved.any() else float((w * best).sum())
        else:
            count = np.bincount(rows, minlength=pairs.n_demand)
            value = float((w * np.minimum(count, self.levels)).sum())
        position = np.searchsorted(idx, assignment[assignment >= 0])
        served = np.bincount(position, weights=w[assignment >= 0], minlength=idx.shape[0])
        return Evaluation(idx, value, assignment, served.astype(np.float64), violated)

    def solve(
        self,
        solver: str | Solver = "cbc",
        *,
        time_limit: float = 60.0,
        gap: float = 1e-4,
        seed: int = 0,
        deadline: float | None = None,
        progress: ProgressFn | None = None,
    ) -> Solution:
        """Solve: heuristic warm start, bound, then the MILP if the bound does not prove it.

        See :func:`siteselect.optimize.solve.solve_model`.
        """
        from siteselect.optimize.solve import solve_model

        return solve_model(
            self,
            solver=solver,
            time_limit=time_limit,
            gap=gap,
            seed=seed,
            deadline=deadline,
            progress=progress,
        )


def _weights(weights: ArrayLike | None, n: int) -> FloatArray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=np.float64).reshape(-1)
    if w.shape[0] != n:
        msg = f"weights: {w.shape[0]} values for {n} demand points"
        raise DataError(msg)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = f"weights: row {row + 1} is {w[row]!r}; weights must be finite and >= 0"
        raise DataError(msg)
    return w


def _check_k(k: int, n: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        msg = f"k must be an integer >= 1, got {k!r}"
        raise ConfigError(msg)
    if n == 0:
        msg = "no candidate sites to choose from"
        raise DataError(msg)


def _indices(sites: Sequence[int], n: int, label: str) -> list[int]:
    out = []
    for s in sites:
        if isinstance(s, bool) or not isinstance(s, int | np.integer) or not 0 <= int(s) < n:
            msg = f"{label}: {s!r} is not a site index in 0..{n - 1}"
            raise ConfigError(msg)
        out.append(int(s))
    return out


def from_cost_matrix(
    costs: Any,
    weights: ArrayLike | None = None,
    *,
    k: int,
    objective: Literal["p-median", "coverage"] = "p-median",
    threshold: float | None = None,
    double_coverage: bool = False,
) -> LocationModel:
    """:meth:`LocationModel.from_cost_matrix` as a function."""
    return LocationModel.from_cost_matrix(
        costs,
        weights,
        k=k,
        objective=objective,
        threshold=threshold,
        double_coverage=double_coverage,
    )
