"""Pieces every network module shares: array types, tolerances, point checks, grouping."""

from __future__ import annotations

from typing import Any

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


def _order_by(major: IntArray, minor: NDArray[Any]) -> IntArray:
    """``np.lexsort((minor, major))``, two to four times faster: one stable sort on a combined key.

    ``major`` holds integers >= 0. Integer ``minor`` values combine exactly; float ones
    combine to the nearest double, so two values closer than its spacing could swap: the
    result is then checked and, in that rare case, the lexsort is done after all. Either way
    the order is lexsort's, ties included (both sorts are stable).
    """
    n = major.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    lo = minor.min()
    hi = minor.max()
    top = int(major.max())
    if np.issubdtype(minor.dtype, np.integer):
        span = int(hi) - int(lo) + 1
        if (top + 1) * span < 2**62:
            key = major.astype(np.int64) * span + (minor.astype(np.int64) - int(lo))
            return np.argsort(key, kind="stable").astype(np.int64)
    elif np.isfinite(lo) and np.isfinite(hi):
        span_f = float(hi) - float(lo) + 1.0
        order = np.argsort(major * span_f + (minor - lo), kind="stable")
        m, v = major[order], minor[order]
        if not ((m[1:] == m[:-1]) & (v[1:] < v[:-1])).any():
            return order.astype(np.int64)
    return np.lexsort((minor, major)).astype(np.int64)
