"""How far the four methods agree, and rankings by their consensus: from rank arrays alone.

- :func:`compute_kendall_tau_b`: Kendall's tau-b between two rankings, ties handled (Knight's
  O(n log n) algorithm, vectorised merge counting).
- :func:`compute_agreement`: the ranks of every candidate under each method, tau-b between every
  pair of methods, each candidate's rank range, and the candidates that only the chosen method
  puts in its top ``n`` ("one method alone").
- :func:`compute_borda` and :func:`compute_copeland`: consensus rankings over voters (here: the
  methods, and optionally SMAA weight samples of each). Borda: a voter gives ``n - rank`` points
  (Borda 1781; the count on Wikipedia's "Borda count" page). Copeland: a candidate scores the
  candidates it beats in a majority of the voters' pairwise comparisons minus those it loses to
  (Copeland 1951); a tie in votes counts for neither.

Ranks are 1 (best) .. n. Nothing here knows geography or the methods' internals.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from siteselect.errors import ConfigError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

COPELAND_MAX_CANDIDATES = 5_000
"""Copeland compares every pair of candidates (an ``n x n`` table): beyond this many, use Borda."""


def _dense(values: NDArray[np.generic]) -> IntArray:
    """Dense integer codes of values (equal values share a code, order kept)."""
    if values.ndim == 1 and values.size and np.issubdtype(values.dtype, np.integer):
        # Whole numbers filling a range without gaps (ranks 1..n): each one's code is its
        # distance from the smallest, with no sort.
        shifted = values.astype(np.int64) - int(values.min())
        top = int(shifted.max())
        if top < values.size and np.bincount(shifted, minlength=top + 1).all():
            return shifted
    _, codes = np.unique(values, return_inverse=True)
    out: IntArray = np.asarray(codes, dtype=np.int64).ravel()
    return out


def _tied_pairs(codes: IntArray) -> int:
    """Pairs sharing a value: the sum of ``t (t - 1) / 2`` over groups of ``t`` equal values."""
    counts = np.bincount(codes)
    return int((counts * (counts - 1) // 2).sum())


_BLOCK = 16
"""Elements of the blocks whose inversions :func:`count_inversions` counts pair by pair (cheaper
than the four merge levels it replaces)."""


def count_inversions(values: IntArray) -> int:
    """Pairs ``i < j`` with ``values[i] > values[j]`` (strictly), by a bottom-up merge sort.

    Each level merges neighbouring sorted blocks; the elements of a left block greater than an
    element of its right block are counted with one :func:`numpy.searchsorted` over the whole
    array (blocks are kept apart by adding ``block * span`` to the values), so the cost is
    ``O(n log^2 n)`` in vectorised steps. The first levels (blocks of up to :data:`_BLOCK`
    elements) are one comparison of every pair inside each block instead.
    """
    a = np.asarray(values, dtype=np.int64).copy()
    n = a.size
    if n < 2:
        return 0
    a -= a.min()
    span = int(a.max()) + 1
    total = 0
    width = 1
    if n >= 2 * _BLOCK:
        # Padded with values above every other: a pad, always last, inverts with nothing.
        pad = (-n) % _BLOCK
        blocks = np.concatenate([a, np.full(pad, span, dtype=np.int64)]).reshape(-1, _BLOCK)
        i, j = np.triu_indices(_BLOCK, 1)
        total += int(np.count_nonzero(blocks[:, i] > blocks[:, j]))
        a = np.sort(blocks, axis=1).reshape(-1)[:n]
        width = _BLOCK
    pos = np.arange(n, dtype=np.int64)
    while width < n:
        block = pos // width
        pair = block // 2
        left = (block % 2) == 0
        keys = pair * span + a
        lkeys = keys[left]
        right = ~left
        rpair = pair[right]
        # Elements of the left block <= r: searchsorted gives the end of them in lkeys; the left
        # block of pair p starts at p * 2 * width // 2 = p * width in lkeys.
        upto = np.searchsorted(lkeys, keys[right], side="right") - rpair * width
        total += int((width - upto).sum())
        # merged: each pair's elements sorted, pairs in order (a stable sort merges the two
        # sorted runs of each pair: timsort finds them, far quicker than a quicksort)
        a = np.sort(keys, kind="stable") - pair * span
        width *= 2
    return total


def compute_kendall_tau_b(
    x: Sequence[float] | NDArray[np.generic], y: Sequence[float] | NDArray[np.generic]
) -> float:
    """Kendall's tau-b of two paired samples (ties in either sample handled).

    ``tau_b = (C - D) / sqrt((n0 - n1) (n0 - n2))`` with ``n0 = n (n - 1) / 2`` pairs, ``n1``
    and ``n2`` the pairs tied in ``x`` and in ``y``, and ``C - D = n0 - n1 - n2 + n3 - 2 S``
    where ``n3`` counts pairs tied in both and ``S`` the discordant swaps once the pairs are
    sorted by ``(x, y)`` (Knight 1966). NaN when either sample is constant.

    Parameters
    ----------
    x, y
        Equal-length samples (ranks or any ordered values).

    Returns
    -------
    float
    """
    xa = np.asarray(x)
    ya = np.asarray(y)
    if xa.shape != ya.shape or xa.ndim != 1:
        msg = f"tau-b needs two samples of the same length (got {xa.shape} and {ya.shape})"
        raise ValueError(msg)
    n = xa.size
    if n < 2:
        return float("nan")
    cx, cy = _dense(xa), _dense(ya)
    n1 = _tied_pairs(cx)
    n2 = _tied_pairs(cy)
    if n1 == 0:
        # No ties in x: its codes are 0..n-1, and the order by (x, y) is x's inverse.
        order = np.empty(n, dtype=np.int64)
        order[cx] = np.arange(n, dtype=np.int64)
    else:
        order = np.lexsort((cy, cx))
    cx, cy = cx[order], cy[order]
    n0 = n * (n - 1) // 2
    # Pairs tied in both need a tie in each.
    n3 = _tied_pairs(_dense(cx * (int(cy.max()) + 1) + cy)) if n1 and n2 else 0
    swaps = count_inversions(cy)
    denominator = float(n0 - n1) * float(n0 - n2)
    if denominator <= 0:
        return float("nan")
    return float(n0 - n1 - n2 + n3 - 2 * swaps) / float(np.sqrt(denominator))


@dataclass(frozen=True)
class MethodAgreement:
    """How far the methods agree on one ranking.

    Attributes
    ----------
    chosen
        The method the ranking uses (its flags are about this method).
    methods
        Every method compared, in column order of ``ranks``.
    top_n
        The top that ``alone`` and the reported rank ranges are about.
    ranks
        Index: candidate id, in the order of the chosen method's ranking; one column of ranks
        (1 = best) per method.
    tau
        ``((a, b), tau-b)`` for every pair of methods, ``a`` before ``b`` in ``methods``.
    alone
        Ids in the chosen method's top ``top_n`` that no other method puts in its top ``top_n``,
        in the chosen method's order.
    """

    chosen: str
    methods: tuple[str, ...]
    top_n: int
    ranks: pd.DataFrame
    tau: tuple[tuple[tuple[str, str], float], ...]
    alone: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rank_min(self) -> pd.Series:
        """Each candidate's best rank over the methods."""
        return self.ranks.min(axis=1)

    @property
    def rank_max(self) -> pd.Series:
        """Each candidate's worst rank over the methods."""
        return self.ranks.max(axis=1)

    @property
    def tau_range(self) -> tuple[float, float]:
        """The smallest and largest tau-b over the pairs of methods."""
        values = [t for _, t in self.tau if np.isfinite(t)]
        return (min(values), max(values)) if values else (float("nan"), float("nan"))

    def tau_with_chosen(self) -> list[tuple[str, float]]:
        """Tau-b between the chosen method and each other method."""
        out = []
        for (a, b), t in self.tau:
            if self.chosen in (a, b):
                out.append((b if a == self.chosen else a, t))
        return out


def compute_agreement(ranks: pd.DataFrame, chosen: str, top_n: int = 10) -> MethodAgreement:
    """Tau-b between every pair of methods, rank ranges and "one method alone" flags.

    Parameters
    ----------
    ranks
        Index: candidate ids; one column of ranks (1 = best) per method, ``chosen`` among them.
    chosen
        The method whose top the flags are about.
    top_n
        The top considered (clipped to the number of candidates).

    Returns
    -------
    MethodAgreement
    """
    if chosen not in ranks.columns:
        msg = f"the chosen method {chosen!r} is not among {list(ranks.columns)}"
        raise ValueError(msg)
    methods = tuple(str(c) for c in ranks.columns)
    table = ranks.sort_values(chosen, kind="stable")
    taus = tuple(
        ((a, b), compute_kendall_tau_b(table[a].to_numpy(), table[b].to_numpy()))
        for a, b in itertools.combinations(methods, 2)
    )
    n = min(int(top_n), len(table))
    in_top = table.to_numpy() <= n
    own = table.columns.get_loc(chosen)
    others = np.delete(in_top, own, axis=1)
    alone_mask = in_top[:, own] & ~others.any(axis=1)
    alone = tuple(str(i) for i in table.index[alone_mask])
    return MethodAgreement(chosen, methods, n, table, taus, alone)


@dataclass(frozen=True)
class Consensus:
    """A ranking by the consensus of several voters (methods, weight samples).

    Attributes
    ----------
    rule
        ``"borda"`` or ``"copeland"``.
    methods
        The methods that voted.
    samples
        SMAA weight samples per method that voted besides each method's own ranking (0: the
        methods' rankings only).
    seed
        Seed of the weight samples.
    table
        Index: candidate id in consensus order; columns ``score`` (the consensus in [0, 1]:
        Borda points over the most possible; Copeland ``(wins - losses + n - 1) / (2 (n - 1))``),
        ``rank`` (1..n) and ``points`` (Borda points or Copeland wins minus losses).
    method_ranks
        Index: candidate id (as ``table``); each method's own rank.
    """

    rule: str
    methods: tuple[str, ...]
    samples: int
    seed: int
    table: pd.DataFrame
    method_ranks: pd.DataFrame

    @property
    def voters(self) -> int:
        """How many rankings voted."""
        return len(self.methods) * (1 + self.samples)


def compute_borda(ranks: IntArray, weights: Sequence[float] | None = None) -> FloatArray:
    """Borda points: each voter (a row of ``ranks``) gives a candidate ``n - rank`` points.

    Parameters
    ----------
    ranks
        ``voters x n`` ranks (1 = best).
    weights
        How many voters each row stands for (default 1 each).

    Returns
    -------
    numpy.ndarray
        ``n`` points.
    """
    r = np.atleast_2d(np.asarray(ranks, dtype=np.float64))
    w = np.ones(r.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    points: FloatArray = w @ (r.shape[1] - r)
    return points


def compute_pairwise_wins(ranks: IntArray, weights: Sequence[float] | None = None) -> FloatArray:
    """``P[a, b]``: the voters (weighted) that rank ``a`` above ``b``.

    Parameters
    ----------
    ranks, weights
        As for :func:`compute_borda`.
    """
    r = np.atleast_2d(np.asarray(ranks, dtype=np.int64))
    n = r.shape[1]
    if n > COPELAND_MAX_CANDIDATES:
        msg = (
            f"copeland compares every pair of candidates; {n:,} candidates is more than "
            f"{COPELAND_MAX_CANDIDATES:,}: use borda"
        )
        raise ConfigError(msg)
    w = np.ones(r.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    wins = np.zeros((n, n))
    for row, weight in zip(r, w, strict=True):
        wins += weight * (row[:, None] < row[None, :])
    return wins


def compute_copeland(ranks: IntArray, weights: Sequence[float] | None = None) -> FloatArray:
    """Copeland scores: pairwise majority wins minus losses (a tie counts for neither).

    Parameters
    ----------
    ranks, weights
        As for :func:`compute_borda`.

    Returns
    -------
    numpy.ndarray
        ``n`` scores in ``[-(n - 1), n - 1]``.
    """
    wins = compute_pairwise_wins(ranks, weights)
    beats = wins > wins.T
    score: FloatArray = beats.sum(axis=1).astype(np.float64) - beats.sum(axis=0)
    return score


def rank_consensus(
    rule: str,
    ranks: IntArray,
    ids: pd.Index,
    tiebreak: IntArray,
    weights: Sequence[float] | None = None,
) -> pd.DataFrame:
    """The consensus table of :class:`Consensus` from voters' ranks.

    Parameters
    ----------
    rule
        ``"borda"`` or ``"copeland"``.
    ranks
        ``voters x n`` ranks, columns aligned with ``ids``.
    ids
        The candidates.
    tiebreak
        Ranks that settle equal consensus scores (the chosen method's).
    weights
        Voter weights.
    """
    n = len(ids)
    if rule == "borda":
        points = compute_borda(ranks, weights)
        total = float(np.sum(weights) if weights is not None else np.atleast_2d(ranks).shape[0])
        top = total * (n - 1)
        score = points / top if top > 0 else np.ones(n)
    elif rule == "copeland":
        points = compute_copeland(ranks, weights)
        score = (points + (n - 1)) / (2.0 * (n - 1)) if n > 1 else np.ones(n)
    else:
        msg = f"consensus rule {rule!r}: use borda or copeland"
        raise ConfigError(msg)
    order = np.lexsort((np.asarray(tiebreak), -np.round(points, 9)))
    table = pd.DataFrame(
        {
            "score": score[order],
            "rank": np.arange(1, n + 1, dtype=np.int64),
            "points": points[order],
        },
        index=ids.take(order).set_names("id"),
    )
    return table
