"""``attribute``: a column of the candidates, as a number (booleans and yes/no as 1/0)."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from siteselect.criteria.base import (
    Candidates,
    Measure,
    MeasureContext,
    MeasureParams,
    MeasureResult,
    register,
)
from siteselect.criteria.features import truthy_or_value
from siteselect.errors import DataError


class AttributeParams(MeasureParams):
    """``column``: the candidates' column; ``unit`` and ``illustrative`` declare it."""

    column: str = Field(min_length=1, description="a column of the candidates")
    unit: str | None = None
    # A column the user declares illustrative (not a real figure): every result says so.
    illustrative: bool = False


@register
class Attribute(Measure[AttributeParams]):
    """A candidate column in its own units."""

    name = "attribute"
    params = AttributeParams
    summary = "a column of the candidates (booleans count as 1/0)"
    needs_location = False

    def unit_of(self, params: AttributeParams, context: MeasureContext) -> str:
        """The declared unit, else the column's unit from the candidates' column table."""
        if params.unit is not None:
            return params.unit
        return context.column_units.get(params.column, "")

    def compute(
        self, candidates: Candidates, params: AttributeParams, context: MeasureContext
    ) -> MeasureResult:
        """The column as floats; a non-numeric cell is a data error naming the candidate."""
        import pandas as pd

        frame = candidates.frame
        column = params.column
        if column not in frame.columns:
            known = ", ".join(str(c) for c in frame.columns if c != "geometry")
            msg = f"column {column!r} is not a column of the candidates (columns: {known})"
            raise DataError(msg)
        series: Any = frame[column]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            series = series.astype(object).map(truthy_or_value)
        values = pd.to_numeric(series, errors="coerce")
        bad = values.isna() & series.notna()
        if bool(bad.any()):
            raise DataError(_describe_bad_cell(series, column))
        illustrative = params.illustrative or column in context.illustrative_columns
        notes = (
            (f"column {column!r} is illustrative, not a measured figure",) if illustrative else ()
        )
        return MeasureResult(
            values=values.to_numpy(dtype=np.float64),
            unit=self.unit_of(params, context),
            notes=notes,
            illustrative=illustrative,
        )


def _describe_bad_cell(series: Any, column: str) -> str:
    """Why a column that should hold numbers is text, naming the cell that made it so.

    A cell that is no number in either decimal mark nor a word for "no figure" is blamed
    first (rather than a valid ``5,87`` beside it); else the column mixes decimal marks and
    the cell that reads only with the other mark is named (rather than a ``consultar`` the
    reader would have taken as a gap).
    """
    from siteselect.layers.cells import is_missing_word, parse_numbers

    text = series.astype(object).where(series.notna(), "").astype(str)
    dot, comma = parse_numbers(text, ".").notna(), parse_numbers(text, ",").notna()
    wrong = ~(dot | comma) & ~is_missing_word(text)
    if bool(wrong.any()):
        row = str(series.index[np.flatnonzero(wrong.to_numpy())[0]])
        return f"column {column!r} has a non-numeric value {series[row]!r} for candidate {row!r}"
    comma_only = comma & ~dot  # "4,9" beside "7.2": the file was read with decimal points
    if bool(comma_only.any()):
        row = str(series.index[np.flatnonzero(comma_only.to_numpy())[0]])
        value = series[row]
        if bool((dot & text.str.contains(".", regex=False)).any()):
            return (
                f"column {column!r} mixes decimal marks: {value!r} (candidate {row!r}) has a "
                "decimal comma where the other cells have points; write every figure one way"
            )
        # Whole numbers or gaps beside it: no cell has a point, so "mixes" would be untrue.
        plain = str(value).strip()
        shown = f" ({plain.replace(',', '.')})" if plain.count(",") == 1 else ""
        return (
            f"column {column!r}: {value!r} (candidate {row!r}) has a decimal comma, but the "
            f"file's numbers are read with decimal points; write it with a point{shown}"
        )
    row = str(series.index[np.flatnonzero(series.notna().to_numpy())[0]])
    return f"column {column!r} has a non-numeric value {series[row]!r} for candidate {row!r}"
