"""Frames: small typed accessors for pandas cells (pandas-stubs types `.at` as a wide union)."""

from __future__ import annotations

from typing import Any

import pandas as pd


def cell(frame: pd.DataFrame, row: Any, column: Any) -> Any:
    """The value at ``(row, column)``, typed ``Any`` so callers convert it explicitly."""
    value: Any = frame.at[row, column]
    return value
