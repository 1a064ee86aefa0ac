"""Pieces every network module shares: array types, tolerances, point checks, grouping."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from siteselect.errors import DataError

_TIME_TOLERANCE_MIN = 1e-9
_CHUNK_CELLS = 500_000  # rows x columns of one dense block of drive times (4 MB: stays in cache)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _as_xy(values: ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 1 and arr.shape[0] == 2:
        arr = arr.reshape(1, 2)
    if arr.ndim != 2 or arr.shape[1] != 2:
        msg = f"{name}: expected an (n, 2) array of x/y metres in EPSG:6372, got shape {arr.shape}"
        raise DataError(msg)
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = f"{name}: row {row + 1} has a missing or infinite coordinate; drop or fix it"
        raise DataError(msg)
    return arr


def _expand(
    keys: IntArray, start: IntArray, count: IntArray, members: IntArray
) -> tuple[IntArray, IntArray]:
    """Expand each key into its group's members: (position in ``keys``, member) pairs."""
    reps = count[keys]
    src = np.repeat(np.arange(keys.shape[0]), reps)
    offsets = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    return src, members[np.repeat(start[keys], reps) + offsets]
