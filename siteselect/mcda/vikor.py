"""VIKOR (Opricovic & Tzeng 2004): compromise ranking from group utility and individual regret.

Regrets are ``1 - v`` (for min-max values exactly ``(f* - f) / (f* - f-)``),
``S = sum_j w_j (1 - v_ij)``, ``R = max_j w_j (1 - v_ij)`` and
``Q = v (S - S*) / (S- - S*) + (1 - v) (R - R*) / (R- - R*)`` (a term is 0 when its range is
0); ``score = 1 - Q``. The fit keeps ``S*``, ``S-``, ``R*`` and ``R-`` over the fitted rows, so
rows outside the fitted set may reach ``Q`` below 0 or above 1. Conditions C1 (acceptable
advantage) and C2 (acceptable stability) are reported on the ranked rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from siteselect.mcda.columns import (
    BLOCK_CELLS,
    BLOCK_ROWS,
    BoolArray,
    FittedColumns,
    Rows,
    row_blocks,
)
from siteselect.mcda.method import MethodDefaults, MethodOutput
from siteselect.mcda.spec import MethodOptions
from siteselect.mcda.value import FloatArray

# Compromise-set notes list at most this many ids.
_SHOWN_IDS = 10


def compute_group_regret(
    weighted: FloatArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """VIKOR ``S`` (group utility) and ``R`` (individual regret) of rows.

    Parameters
    ----------
    weighted
        ``m x n`` weighted values ``w_j v_ij`` (values in [0, 1], higher is better).
    weights
        ``m`` weights summing to 1.

    Returns
    -------
    tuple of numpy.ndarray
        ``S = sum_j w_j (1 - v_ij)`` and ``R = max_j w_j (1 - v_ij)`` (lower is better).
    """
    m, n = weighted.shape
    s = np.empty(n)
    r = np.empty(n)
    buf = np.empty((m, min(n, BLOCK_ROWS)))
    w = weights[:, None]
    # Row blocks: the weighted regrets of a block stay in cache; no m x n temporary.
    for block in row_blocks(n):
        g = buf[:, : block.stop - block.start]
        np.subtract(w, weighted[:, block], out=g)
        g.sum(axis=0, out=s[block])
        g.max(axis=0, out=r[block])
    return s, r


def _scaled(x: FloatArray, lo: float, hi: float) -> FloatArray:
    """``(x - lo) / (hi - lo)``, or 0 where the range is 0."""
    if not hi > lo:
        return np.zeros_like(x)
    out = np.subtract(x, lo)
    out /= hi - lo
    return out


def _scaled_rows(x: FloatArray, lo: FloatArray, hi: FloatArray) -> FloatArray:
    """Row by row :func:`_scaled` of a ``k x n`` array with ``k x 1`` ranges."""
    span = hi - lo
    out = np.zeros_like(x)
    np.divide(x - lo, span, out=out, where=np.broadcast_to(span > 0, x.shape))
    return out


@dataclass(frozen=True)
class VIKOR(MethodDefaults):
    """VIKOR fitted on a set of rows.

    Attributes
    ----------
    v
        Weight of the strategy of maximum group utility.
    s_best, s_worst
        ``S*`` and ``S-``: smallest and largest ``S`` over the fitted rows.
    r_best, r_worst
        ``R*`` and ``R-``: smallest and largest ``R`` over the fitted rows.
    """

    v: float
    s_best: float
    s_worst: float
    r_best: float
    r_worst: float

    name: ClassVar[str] = "vikor"

    @classmethod
    def fit(cls, rows: Rows, weights: FloatArray, options: MethodOptions) -> VIKOR:
        """Learn ``S*``, ``S-``, ``R*`` and ``R-`` from the rows.

        Parameters
        ----------
        rows
            The fitted rows, cleaned.
        weights
            Normalised weights.
        options
            ``vikor_v``.

        Returns
        -------
        VIKOR
        """
        s, r = _group_regret(rows, weights)
        return cls(
            float(options.vikor_v), float(s.min()), float(s.max()), float(r.min()), float(r.max())
        )

    def _q(self, s: FloatArray, r: FloatArray) -> FloatArray:
        qs = _scaled(s, self.s_best, self.s_worst)
        qr = _scaled(r, self.r_best, self.r_worst)
        qs *= self.v
        qr *= 1.0 - self.v
        qs += qr
        return qs

    def apply(self, rows: Rows, weights: FloatArray) -> MethodOutput:
        """``S``, ``R``, ``Q`` and ``score = 1 - Q``; contributions ``w_j v_ij``.

        Parameters
        ----------
        rows
            Cleaned rows.
        weights
            Normalised weights.

        Returns
        -------
        MethodOutput
        """
        s, r = _group_regret(rows, weights)
        q = self._q(s, r)
        contributions = rows.weighted(weights)[0]
        return MethodOutput(1.0 - q, {"S": s, "R": r, "Q": q}, contributions)

    def apply_scores(self, rows: Rows, weights: FloatArray) -> FloatArray:
        """``1 - Q`` only.

        Parameters
        ----------
        rows
            Cleaned rows.
        weights
            Normalised weights.

        Returns
        -------
        numpy.ndarray
        """
        q = self._q(*_group_regret(rows, weights))
        np.subtract(1.0, q, out=q)
        return q

    def weight_basis(self, rows: Rows) -> tuple[FloatArray, ...]:
        """Unweighted regrets ``1 - v``, ``m x n``.

        Parameters
        ----------
        rows
            Cleaned rows.

        Returns
        -------
        tuple of numpy.ndarray
        """
        return (1.0 - rows.values(),)

    def score_weights(self, basis: tuple[FloatArray, ...], weights: FloatArray) -> FloatArray:
        """``k x n`` scores ``1 - Q`` under ``k x m`` weights.

        ``S*``, ``S-``, ``R*`` and ``R-`` are taken over the basis rows for each weight vector:
        re-weighting re-fits VIKOR on the same rows.

        Parameters
        ----------
        basis
            Output of :meth:`weight_basis`.
        weights
            ``k x m`` weight vectors.

        Returns
        -------
        numpy.ndarray
        """
        regret = basis[0]
        s = weights @ regret
        r = np.empty_like(s)
        chunk = max(1, BLOCK_CELLS // max(regret.size, 1))
        for start in range(0, weights.shape[0], chunk):
            wb = weights[start : start + chunk]
            r[start : start + chunk] = (wb[:, :, None] * regret[None, :, :]).max(axis=1)
        s_lo, s_hi = s.min(axis=1, keepdims=True), s.max(axis=1, keepdims=True)
        r_lo, r_hi = r.min(axis=1, keepdims=True), r.max(axis=1, keepdims=True)
        q = self.v * _scaled_rows(s, s_lo, s_hi) + (1.0 - self.v) * _scaled_rows(r, r_lo, r_hi)
        out: FloatArray = 1.0 - q
        return out

    def ranked_notes(self, ids: pd.Index, columns: dict[str, FloatArray]) -> list[str]:
        """Conditions C1 and C2 and the compromise solution or set (Opricovic & Tzeng 2004).

        Parameters
        ----------
        ids
            Candidate ids sorted by ``Q``.
        columns
            ``S``, ``R``, ``Q`` in the same order.

        Returns
        -------
        list of str
        """
        return compute_vikor_conditions(ids, columns["S"], columns["R"], columns["Q"])

    def uses_range(self, columns: FittedColumns) -> BoolArray:
        """Min-max values depend on the fitted range; absolute value functions do not.

        Parameters
        ----------
        columns
            The fitted columns.

        Returns
        -------
        numpy.ndarray
        """
        return ~columns.absolute


def _group_regret(rows: Rows, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    # The fit and the apply of one score() call see the same rows: compute S and R once.
    key = "vikor:" + weights.tobytes().hex()
    if key + ":s" not in rows.memo:
        weighted = rows.weighted(weights)[0]
        rows.memo[key + ":s"], rows.memo[key + ":r"] = compute_group_regret(weighted, weights)
    return rows.memo[key + ":s"], rows.memo[key + ":r"]


def compute_vikor_conditions(
    ids: pd.Index, s: FloatArray, r: FloatArray, q: FloatArray
) -> list[str]:
    """VIKOR compromise conditions for rows already sorted by ``Q`` (Opricovic & Tzeng 2004).

    Parameters
    ----------
    ids
        Candidate ids, best ``Q`` first.
    s, r, q
        ``S``, ``R`` and ``Q`` in the same order.

    Returns
    -------
    list of str
        C1, C2 and the compromise solution or set; empty for fewer than two rows.
    """
    n = len(ids)
    if n < 2:
        return []
    dq = 1.0 / (n - 1)
    c1 = bool(q[1] - q[0] >= dq - 1e-12)
    best_s = bool(np.isclose(s[0], s.min()))
    best_r = bool(np.isclose(r[0], r.min()))
    c2 = best_s or best_r
    first = ids[0]
    out = [
        f"VIKOR C1 acceptable advantage: {'met' if c1 else 'not met'} "
        f"(Q2 - Q1 = {q[1] - q[0]:.4f}, DQ = {dq:.4f})",
        f"VIKOR C2 acceptable stability: {'met' if c2 else 'not met'} "
        f"({first} is {'best' if best_s else 'not best'} by S, "
        f"{'best' if best_r else 'not best'} by R)",
    ]
    if c1 and c2:
        out.append(f"VIKOR compromise solution: {first}")
    elif not c1:
        mask = q - q[0] < dq - 1e-12
        shown = ", ".join(ids[mask][:_SHOWN_IDS])
        more = " ..." if int(mask.sum()) > _SHOWN_IDS else ""
        out.append(f"VIKOR compromise set (C1 not met): {shown}{more}")
    else:
        out.append(f"VIKOR compromise set (C2 not met): {first}, {ids[1]}")
    return out
