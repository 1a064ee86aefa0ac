"""Allowed (demand, site) pairs of a location model, in CSR order, with their costs.

Its own module so that demand aggregation (:mod:`siteselect.optimize.aggregate`) builds pairs
without importing the model, which reaches the solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from siteselect.errors import DataError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Pairs:
    """Allowed (demand, site) pairs in CSR order by demand row, with their costs.

    ``site[indptr[i] : indptr[i + 1]]`` are the sites demand ``i`` may use, ``cost`` the cost
    of each (minutes, km); sites are sorted within a row.
    """

    indptr: IntArray
    site: IntArray
    cost: FloatArray
    n_sites: int

    @property
    def n_demand(self) -> int:
        """Number of demand rows."""
        return int(self.indptr.shape[0] - 1)

    @property
    def nnz(self) -> int:
        """Number of pairs."""
        return int(self.site.shape[0])

    @cached_property
    def rows(self) -> IntArray:
        """Demand row of each pair."""
        return np.repeat(np.arange(self.n_demand, dtype=np.int64), np.diff(self.indptr))

    @cached_property
    def row_count(self) -> IntArray:
        """Number of pairs of each demand row."""
        return np.diff(self.indptr).astype(np.int64)

    @classmethod
    def from_arrays(
        cls, rows: ArrayLike, sites: ArrayLike, costs: ArrayLike, n_demand: int, n_sites: int
    ) -> Pairs:
        """Pairs from coordinate arrays; a repeated pair keeps its smallest cost."""
        r = np.asarray(rows, dtype=np.int64).reshape(-1)
        s = np.asarray(sites, dtype=np.int64).reshape(-1)
        c = np.asarray(costs, dtype=np.float64).reshape(-1)
        if not (r.shape == s.shape == c.shape):
            msg = f"cost pairs: rows {r.shape}, sites {s.shape} and costs {c.shape} differ"
            raise DataError(msg)
        if r.size and (r.min() < 0 or r.max() >= n_demand or s.min() < 0 or s.max() >= n_sites):
            msg = "cost pairs: a demand or site index is out of range"
            raise DataError(msg)
        bad = ~np.isfinite(c) | (c < 0)
        if bad.any():
            msg = f"costs must be finite numbers >= 0; found {c[bad][0]!r}"
            raise DataError(msg)
        ascending = (r[1:] > r[:-1]) | ((r[1:] == r[:-1]) & (s[1:] > s[:-1]))
        if not ascending.all():  # already in order (e.g. from a dense matrix): nothing to do
            order = np.lexsort((c, s, r))
            r, s, c = r[order], s[order], c[order]
            first = np.ones(r.shape[0], dtype=bool)
            first[1:] = (r[1:] != r[:-1]) | (s[1:] != s[:-1])
            r, s, c = r[first], s[first], c[first]
        indptr = np.zeros(n_demand + 1, dtype=np.int64)
        np.cumsum(np.bincount(r, minlength=n_demand), out=indptr[1:])
        return cls(indptr=indptr, site=s, cost=c, n_sites=n_sites)

    @classmethod
    def from_matrix(cls, costs: Any) -> Pairs:
        """Pairs from a scipy sparse matrix (explicit entries, zeros included, are pairs) or a
        dense array (finite entries are pairs; ``inf`` and NaN mean "cannot serve")."""
        import scipy.sparse as sp

        if sp.issparse(costs):
            coo = sp.coo_matrix(costs)
            n_demand, n_sites = coo.shape
            return cls.from_arrays(coo.row, coo.col, coo.data, n_demand, n_sites)
        dense = np.asarray(costs, dtype=np.float64)
        if dense.ndim != 2:
            msg = f"costs: expected a 2-D demand x site matrix, got shape {dense.shape}"
            raise DataError(msg)
        r, s = np.nonzero(np.isfinite(dense))
        return cls.from_arrays(r, s, dense[r, s], dense.shape[0], dense.shape[1])

    def select(self, keep: BoolArray) -> Pairs:
        """The pairs where ``keep`` (one flag per pair) is true."""
        rows = self.rows[keep]
        indptr = np.zeros(self.n_demand + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=self.n_demand), out=indptr[1:])
        return Pairs(
            indptr=indptr, site=self.site[keep], cost=self.cost[keep], n_sites=self.n_sites
        )
