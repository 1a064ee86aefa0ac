"""What an aggregation method provides: the :class:`Method` protocol and its output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

import pandas as pd

from siteselect.mcda.columns import BoolArray, FittedColumns, Rows
from siteselect.mcda.value import FloatArray


@dataclass(frozen=True)
class MethodOutput:
    """A method's scores for a set of rows, in row order.

    Attributes
    ----------
    score
        ``n`` scores, higher is better.
    columns
        The method's own table columns (``closeness``; ``phi_plus``, ``phi_minus``, ``phi``;
        ``S``, ``R``, ``Q``), in table order.
    contributions
        ``m x n``: each criterion's share of the score (see
        :class:`~siteselect.mcda.ScoreResult`).
    """

    score: FloatArray
    columns: dict[str, FloatArray]
    contributions: FloatArray


class MethodDefaults:
    """What most methods share: no remarks on the ranking, and scores linear in the weights
    (``weights @ basis[0]``). TOPSIS and VIKOR override :meth:`score_weights`; VIKOR also
    :meth:`ranked_notes` (its compromise conditions)."""

    def score_weights(self, basis: tuple[FloatArray, ...], weights: FloatArray) -> FloatArray:
        """``k x n`` scores under ``k x m`` weights, for a score linear in the weights.

        Parameters
        ----------
        basis
            Output of the method's ``weight_basis``: per-criterion rows, ``m x n``.
        weights
            ``k x m`` weight vectors.

        Returns
        -------
        numpy.ndarray
        """
        out: FloatArray = weights @ basis[0]
        return out

    def ranked_notes(self, ids: pd.Index, columns: dict[str, FloatArray]) -> list[str]:
        """No remarks.

        Parameters
        ----------
        ids, columns
            Ranked rows.

        Returns
        -------
        list of str
        """
        return []


class Method(Protocol):
    """A fitted aggregation method: the per-method part of a :class:`~siteselect.mcda.Fitted`.

    Each method is a frozen dataclass built by its ``fit(rows, weights, options)`` classmethod
    from the fitted rows; it then scores any rows cleaned against the same columns.
    """

    name: ClassVar[str]

    def apply(self, rows: Rows, weights: FloatArray) -> MethodOutput:
        """Scores, table columns and contributions of the rows."""
        ...

    def apply_scores(self, rows: Rows, weights: FloatArray) -> FloatArray:
        """Scores of the rows only (no per-criterion tables)."""
        ...

    def weight_basis(self, rows: Rows) -> tuple[FloatArray, ...]:
        """Per-criterion arrays of the rows from which any weight vector is scored quickly."""
        ...

    def score_weights(self, basis: tuple[FloatArray, ...], weights: FloatArray) -> FloatArray:
        """``k x n`` scores of the basis rows under ``k x m`` weight vectors (rows sum to 1)."""
        ...

    def ranked_notes(self, ids: pd.Index, columns: dict[str, FloatArray]) -> list[str]:
        """Remarks on the ranked rows (``ids`` and ``columns`` in rank order)."""
        ...

    def uses_range(self, columns: FittedColumns) -> BoolArray:
        """Per criterion, whether scores depend on the fitted range (out-of-range cells)."""
        ...
