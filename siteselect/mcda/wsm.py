"""Weighted sum model: ``score = sum_j w_j v_ij`` over the values in [0, 1].

With absolute value functions a candidate's score does not depend on the other candidates (no
rank reversal); with min-max values it depends on them only through the fitted ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from siteselect.mcda.columns import BoolArray, FittedColumns, Rows, compute_weighted_sum
from siteselect.mcda.method import MethodDefaults, MethodOutput
from siteselect.mcda.spec import MethodOptions
from siteselect.mcda.value import FloatArray


@dataclass(frozen=True)
class WSM(MethodDefaults):
    """Weighted sum model (nothing to fit beyond the shared column ranges)."""

    name: ClassVar[str] = "wsm"

    @classmethod
    def fit(cls, rows: Rows, weights: FloatArray, options: MethodOptions) -> WSM:
        """Fit on the rows (a no-op: the values carry everything).

        Parameters
        ----------
        rows
            The fitted rows, cleaned.
        weights
            Normalised weights.
        options
            Method options (unused).

        Returns
        -------
        WSM
        """
        return cls()

    def apply(self, rows: Rows, weights: FloatArray) -> MethodOutput:
        """Scores and contributions ``w_j v_ij`` (they sum to the score).

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
        contributions, total = rows.weighted(weights)
        return MethodOutput(total, {}, contributions)

    def apply_scores(self, rows: Rows, weights: FloatArray) -> FloatArray:
        """Scores only.

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
        # The same element-wise sums as apply(), not BLAS: chunked scores equal one-go ones.
        return compute_weighted_sum(rows.values(), weights)

    def weight_basis(self, rows: Rows) -> tuple[FloatArray, ...]:
        """The ``m x n`` values.

        Parameters
        ----------
        rows
            Cleaned rows.

        Returns
        -------
        tuple of numpy.ndarray
        """
        return (rows.values(),)

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
