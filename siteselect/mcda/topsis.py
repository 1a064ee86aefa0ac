"""TOPSIS (Hwang & Yoon 1981): relative closeness to the ideal and anti-ideal points.

Criteria without a value function (``value=None``) are normalised as
``options.topsis_normalization`` says (``"vector"``: ``x / ||x||`` on the cleaned raw column,
``"minmax"``: the value ``v``); ``value="vector"`` forces vector normalisation and
``value="minmax"`` min-max. The fit keeps, per criterion, the vector norm over the fitted rows
and the unweighted ideal and anti-ideal: the best and worst fitted normalised value for vector
columns, the fixed 1 and 0 for value columns. Distances are Euclidean in the weighted space and
``score = closeness = d- / (d+ + d-)`` (0.5 when both distances are 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from siteselect.mcda.columns import (
    BLOCK_ROWS,
    BoolArray,
    FittedColumns,
    Rows,
    row_blocks,
)
from siteselect.mcda.method import MethodDefaults, MethodOutput
from siteselect.mcda.spec import MethodOptions
from siteselect.mcda.value import FloatArray


@dataclass(frozen=True)
class TOPSIS(MethodDefaults):
    """TOPSIS fitted on a set of rows.

    Attributes
    ----------
    vector
        Per criterion, True for vector normalisation of the raw values, False for the values.
    norm
        Per criterion, the Euclidean norm of the cleaned fitted column (1 for value columns).
    ideal, anti
        Per criterion, the unweighted ideal and anti-ideal normalised values.
    """

    vector: BoolArray
    norm: FloatArray
    ideal: FloatArray
    anti: FloatArray

    name: ClassVar[str] = "topsis"

    @classmethod
    def fit(cls, rows: Rows, weights: FloatArray, options: MethodOptions) -> TOPSIS:
        """Learn the vector norms and the ideal and anti-ideal points from the rows.

        Parameters
        ----------
        rows
            The fitted rows, cleaned.
        weights
            Normalised weights (the weighted ideal is ``w * ideal`` for any ``w >= 0``).
        options
            ``topsis_normalization`` decides columns without a value function.

        Returns
        -------
        TOPSIS
        """
        columns = rows.columns
        vector = np.array(
            [
                c.value == "vector"
                or (c.value is None and options.topsis_normalization == "vector")
                for c in columns.criteria
            ],
            dtype=bool,
        )
        m = len(columns.criteria)
        norm = np.ones(m)
        ideal = np.ones(m)
        anti = np.zeros(m)
        for j in np.flatnonzero(vector):
            x = rows.x[j]
            # einsum, not BLAS dot: no thread start-up on a busy machine, same sum.
            nj = float(np.sqrt(np.einsum("i,i->", x, x)))
            norm[j] = nj if nj > 0 else 1.0
            # Cleaned fitted columns span exactly [lo, hi]: their normalised extremes follow.
            top, bottom = columns.hi[j] / norm[j], columns.lo[j] / norm[j]
            maximise = columns.criteria[j].direction == "max"
            ideal[j], anti[j] = (top, bottom) if maximise else (bottom, top)
        for a in (vector, norm, ideal, anti):
            a.flags.writeable = False
        return cls(vector, norm, ideal, anti)

    def _distances(self, rows: Rows, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
        n = rows.n
        d_plus = np.zeros(n)
        d_minus = np.zeros(n)
        values = None if self.vector.all() else rows.values()
        # Weighted coordinates a_j * x - b_j: a_j folds the weight and the vector norm in.
        scale = weights / np.where(self.vector, self.norm, 1.0)
        ideal = weights * self.ideal
        anti = weights * self.anti
        buf = np.empty((2, min(n, BLOCK_ROWS)))
        # Row blocks keep the per-column temporaries in cache: no n x m temporary at all.
        for block in row_blocks(n):
            k = block.stop - block.start
            t, col = buf[0, :k], buf[1, :k]
            dp, dm = d_plus[block], d_minus[block]
            for j in range(len(weights)):
                if self.vector[j]:
                    np.multiply(rows.x[j][block], scale[j], out=col)
                else:
                    assert values is not None
                    np.multiply(values[j, block], scale[j], out=col)
                for target, dist in ((ideal[j], dp), (anti[j], dm)):
                    np.subtract(col, target, out=t)
                    np.square(t, out=t)
                    dist += t
        np.sqrt(d_plus, out=d_plus)
        np.sqrt(d_minus, out=d_minus)
        return d_plus, d_minus

    def apply_scores(self, rows: Rows, weights: FloatArray) -> FloatArray:
        """Closeness of the rows.

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
        d_plus, d_minus = self._distances(rows, weights)
        return _closeness(d_plus, d_minus)

    def apply(self, rows: Rows, weights: FloatArray) -> MethodOutput:
        """Closeness, plus contributions ``w_j v_ij`` (the weighted values).

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
        closeness = self.apply_scores(rows, weights)
        contributions = rows.weighted(weights)[0]
        return MethodOutput(closeness, {"closeness": closeness}, contributions)

    def weight_basis(self, rows: Rows) -> tuple[FloatArray, ...]:
        """Squared unweighted distances to the ideal and the anti-ideal, ``m x n`` each.

        Parameters
        ----------
        rows
            Cleaned rows.

        Returns
        -------
        tuple of numpy.ndarray
        """
        values = rows.values()
        matrix = np.array(
            [
                rows.x[j] / self.norm[j] if self.vector[j] else values[j]
                for j in range(len(self.norm))
            ]
        ).reshape(len(self.norm), rows.n)
        return (
            np.square(matrix - self.ideal[:, None]),
            np.square(matrix - self.anti[:, None]),
        )

    def score_weights(self, basis: tuple[FloatArray, ...], weights: FloatArray) -> FloatArray:
        """``k x n`` closeness under ``k x m`` weights.

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
        w2 = np.square(weights)
        d_plus = np.sqrt(np.maximum(w2 @ basis[0], 0.0))
        d_minus = np.sqrt(np.maximum(w2 @ basis[1], 0.0))
        return _closeness(d_plus, d_minus)

    def uses_range(self, columns: FittedColumns) -> BoolArray:
        """Vector and min-max columns depend on the fitted range; absolute values do not.

        Parameters
        ----------
        columns
            The fitted columns.

        Returns
        -------
        numpy.ndarray
        """
        return ~columns.absolute


def _closeness(d_plus: FloatArray, d_minus: FloatArray) -> FloatArray:
    total = d_plus + d_minus
    out: FloatArray = np.full_like(total, 0.5)
    np.divide(d_minus, total, out=out, where=total > 0)
    return out
