"""Frames: small typed accessors for pandas cells (pandas-stubs types `.at` as a wide union)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def cell(frame: pd.DataFrame, row: Any, column: Any) -> Any:
    """The value at ``(row, column)``, typed ``Any`` so callers convert it explicitly."""
    value: Any = frame.at[row, column]
    return value


def round_value(value: Any, digits: int = 6) -> float | None:
    """A JSON-safe rounded float (None for NaN/inf), so outputs are stable across runs."""
    if value is None:
        return None
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        return None
    r = round(x, digits)
    return 0.0 if r == 0 else r


def cell_float(frame: pd.DataFrame, row: Any, column: Any) -> float:
    """The value at ``(row, column)`` as a float."""
    return float(cell(frame, row, column))
