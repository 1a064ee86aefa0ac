"""Criterion columns: read from a DataFrame, fit their finite ranges, clean rows against them.

Every method starts here. :func:`fit_columns` learns, over the fitted rows, each criterion's
finite range ``[lo, hi]`` and drops the columns no method can use (all missing, or constant
without an absolute value function). :func:`clean_rows` then prepares any rows against those
ranges: NaN cells take the worst fitted value, infinite and out-of-range cells the nearest end
of the range (so a row is judged within the range the model was fitted on), and the values
``v`` in [0, 1] (higher is better) come from the absolute value function or the min-max
rescaling over the fitted range. Absolute value functions read the raw values, unclamped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from siteselect.errors import DataError
from siteselect.mcda.spec import CriterionSpec
from siteselect.mcda.value import FloatArray, compute_absolute_values

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

# Missing-cell notes list at most this many candidate ids.
_SHOWN_IDS = 5


def _frozen(a: NDArray[np.generic]) -> NDArray[np.generic]:
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class FittedColumns:
    """The active criteria and their finite ranges over the fitted rows.

    Attributes
    ----------
    criteria
        Active criteria, in the order given (dropped ones left out).
    lo, hi
        Smallest and largest finite value of each criterion over the fitted rows.
    """

    criteria: tuple[CriterionSpec, ...]
    lo: FloatArray
    hi: FloatArray

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the active criteria."""
        return tuple(c.name for c in self.criteria)

    @property
    def maximise(self) -> BoolArray:
        """True where more is better."""
        return np.array([c.direction == "max" for c in self.criteria], dtype=bool)

    @property
    def absolute(self) -> BoolArray:
        """True where the criterion has an absolute value function."""
        return np.array([c.is_absolute for c in self.criteria], dtype=bool)

    @property
    def fill(self) -> FloatArray:
        """The value a missing cell takes: the worst finite fitted value."""
        out: FloatArray = np.where(self.maximise, self.lo, self.hi)
        return out


@dataclass
class Rows:
    """Rows cleaned against fitted columns (internal working set of one apply call).

    Attributes
    ----------
    ids
        Candidate ids (str), in the order of the rows.
    x
        Per active criterion, the cleaned raw values (a view of the input when nothing needed
        cleaning).
    raw
        Per active criterion, the raw values as read (NaN and infinities kept).
    notes
        Missing, infinite and out-of-range cells found while cleaning.
    memo
        Per-row intermediates a method computes once and reuses (e.g. VIKOR's ``S`` and ``R``).
    """

    columns: FittedColumns
    ids: pd.Index
    x: list[FloatArray]
    raw: list[FloatArray]
    notes: list[str]
    memo: dict[str, FloatArray] = field(default_factory=dict)
    _values: FloatArray | None = None

    @property
    def n(self) -> int:
        """Number of rows."""
        return len(self.ids)

    def values(self) -> FloatArray:
        """Values in [0, 1], higher is better, as an ``m x n`` C-contiguous array (cached)."""
        if self._values is None:
            self._values = build_values(self.columns, self.x, self.raw)
        return self._values


def read_column(raw: pd.DataFrame, name: str) -> FloatArray:
    """One criterion column as float64, without a copy when it already is float64.

    Parameters
    ----------
    raw
        The raw matrix.
    name
        Column name.

    Returns
    -------
    numpy.ndarray
        The values; text that is not a number becomes NaN.
    """
    series = raw[name]
    if not pd.api.types.is_numeric_dtype(series.dtype) or series.dtype == bool:
        series = pd.to_numeric(series, errors="coerce")
    if series.dtype == np.float64:
        out: FloatArray = series.to_numpy()
        return out
    return series.to_numpy(dtype=np.float64, na_value=np.nan)


def read_ids(raw: pd.DataFrame) -> pd.Index:
    """Candidate ids of the rows, as strings.

    Parameters
    ----------
    raw
        The raw matrix; its index holds the ids.

    Returns
    -------
    pandas.Index
        The ids as str.
    """
    return raw.index.astype(str)


def check_unique_ids(ids: pd.Index) -> None:
    """Raise a :class:`~siteselect.errors.DataError` naming the first repeated id.

    Parameters
    ----------
    ids
        Candidate ids.

    Raises
    ------
    DataError
        When an id appears more than once.
    """
    if ids.is_unique:
        return
    dup = str(ids[ids.duplicated()][0])
    msg = f"candidate id {dup!r} appears more than once in the raw matrix; make ids unique"
    raise DataError(msg)


def check_columns(raw: pd.DataFrame, names: Sequence[str]) -> None:
    """Raise a :class:`~siteselect.errors.DataError` when a criterion column is missing.

    Parameters
    ----------
    raw
        The raw matrix.
    names
        Criterion names it must have.

    Raises
    ------
    DataError
        Listing the missing columns.
    """
    missing = [name for name in names if name not in raw.columns]
    if missing:
        msg = (
            f"raw matrix has no column for criteria {', '.join(map(repr, missing))}; "
            "compute them or remove the criteria"
        )
        raise DataError(msg)


def _extremes(x: FloatArray) -> tuple[float, float]:
    # min and max propagate NaN, so finite results mean a clean column in one cheap pass.
    if x.size == 0:
        return float("nan"), float("nan")
    return float(np.min(x)), float(np.max(x))


def fit_columns(
    raw: pd.DataFrame, criteria: Sequence[CriterionSpec]
) -> tuple[FittedColumns, list[FloatArray], tuple[tuple[str, str], ...]]:
    """Learn each criterion's finite range over the rows and drop the unusable ones.

    Parameters
    ----------
    raw
        Index: candidate ids; one column per criterion name, in real units.
    criteria
        Validated criteria, all present in ``raw``.

    Returns
    -------
    tuple
        The fitted columns, the raw active columns as read (reused by :func:`clean_rows`), and
        ``(criterion, reason)`` for each dropped criterion.
    """
    kept: list[CriterionSpec] = []
    cols: list[FloatArray] = []
    lo: list[float] = []
    hi: list[float] = []
    dropped: list[tuple[str, str]] = []
    for spec in criteria:
        col = read_column(raw, spec.name)
        a, b = _extremes(col)
        if not (np.isfinite(a) and np.isfinite(b)):
            finite = np.isfinite(col)
            if not finite.any():
                dropped.append((spec.name, "all values missing"))
                continue
            a, b = float(col[finite].min()), float(col[finite].max())
        if not spec.is_absolute and a == b:
            dropped.append((spec.name, f"constant ({a:g}) across candidates"))
            continue
        kept.append(spec)
        cols.append(col)
        lo.append(a)
        hi.append(b)
    columns = FittedColumns(
        criteria=tuple(kept),
        lo=_frozen(np.asarray(lo, dtype=np.float64)),  # type: ignore[arg-type]
        hi=_frozen(np.asarray(hi, dtype=np.float64)),  # type: ignore[arg-type]
    )
    return columns, cols, tuple(dropped)


def clean_rows(
    columns: FittedColumns,
    ids: pd.Index,
    raw_cols: Sequence[FloatArray],
    *,
    report_range: BoolArray | None = None,
) -> Rows:
    """Resolve missing, infinite and out-of-range cells against the fitted ranges.

    Parameters
    ----------
    columns
        The fitted columns.
    ids
        Candidate ids of the rows.
    raw_cols
        One raw column per active criterion, as read by :func:`read_column`.
    report_range
        Per criterion, whether out-of-range cells deserve a note (the method uses the fitted
        range of that criterion); default: every criterion without an absolute value function.

    Returns
    -------
    Rows
    """
    if report_range is None:
        report_range = ~columns.absolute
    fill = columns.fill
    xs: list[FloatArray] = []
    notes: list[str] = []
    for j, (spec, col) in enumerate(zip(columns.criteria, raw_cols, strict=True)):
        lo, hi = float(columns.lo[j]), float(columns.hi[j])
        a, b = _extremes(col)
        if col.size == 0 or (lo <= a and b <= hi):
            xs.append(col)  # nothing to clean (NaN fails both comparisons)
            continue
        nan = np.isnan(col)
        n_nan = int(np.count_nonzero(nan))
        n_inf = int(np.count_nonzero(np.isinf(col)))
        n_out = int(np.count_nonzero((col < lo) | (col > hi))) - n_inf
        x = np.where(nan, fill[j], col)
        np.clip(x, lo, hi, out=x)
        xs.append(x)
        if n_nan:
            nan_ids = sorted(map(str, ids[nan]))
            shown = ", ".join(nan_ids[:_SHOWN_IDS])
            shown += " ..." if len(nan_ids) > _SHOWN_IDS else ""
            notes.append(f"{spec.name}: {n_nan} missing cell(s) scored as worst ({shown})")
        if n_inf:
            notes.append(f"{spec.name}: {n_inf} infinite cell(s) scored at the column's extremes")
        if n_out and report_range[j]:
            notes.append(
                f"{spec.name}: {n_out} cell(s) outside the fitted range [{lo:g}, {hi:g}] "
                "scored at its ends"
            )
    return Rows(columns=columns, ids=ids, x=xs, raw=list(raw_cols), notes=notes)


def build_values(
    columns: FittedColumns, x: Sequence[FloatArray], raw: Sequence[FloatArray]
) -> FloatArray:
    """Values in [0, 1] (higher is better) of cleaned rows, as an ``m x n`` array.

    Parameters
    ----------
    columns
        The fitted columns.
    x
        Cleaned raw columns (within the fitted ranges).
    raw
        Raw columns as read, for the absolute value functions.

    Returns
    -------
    numpy.ndarray
        ``m x n`` C-contiguous values.
    """
    m = len(columns.criteria)
    n = len(x[0]) if m else 0
    out: FloatArray = np.empty((m, n), dtype=np.float64)
    for j, spec in enumerate(columns.criteria):
        if spec.is_absolute:
            out[j] = compute_absolute_values(raw[j], spec)
            continue
        lo, hi = float(columns.lo[j]), float(columns.hi[j])
        span = hi - lo
        # In place, two passes per column: (x - lo) / span or (hi - x) / span.
        if spec.direction == "max":
            np.subtract(x[j], lo, out=out[j])
        else:
            np.subtract(hi, x[j], out=out[j])
        np.divide(out[j], span, out=out[j])
    return out
