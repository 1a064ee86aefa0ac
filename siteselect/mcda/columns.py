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

from collections.abc import Iterator, Sequence
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
# Row blocks of this many rows keep per-column temporaries in the CPU cache.
BLOCK_ROWS = 1 << 15
# Pairwise or per-weight temporaries hold at most this many cells.
BLOCK_CELLS = 2_000_000


def _read_only(a: FloatArray) -> FloatArray:
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
    columns
        The fitted columns the rows were cleaned against.
    ids
        Candidate ids, in the order of the rows.
    x
        Per active criterion, the cleaned raw values (a view of the input when nothing needed
        cleaning).
    raw
        Per active criterion, the raw values as read (NaN and infinities kept).
    notes
        Missing, infinite and out-of-range cells found while cleaning.
    memo
        Per-row intermediates a method computes once and reuses (e.g. VIKOR's ``S`` and ``R``).
    sorted_ids
        Whether the ids are strictly increasing, when known.
    """

    columns: FittedColumns
    ids: pd.Index
    x: list[FloatArray]
    raw: list[FloatArray]
    notes: list[str]
    memo: dict[str, FloatArray] = field(default_factory=dict)
    sorted_ids: bool | None = None
    _values: FloatArray | None = None

    @property
    def n(self) -> int:
        """Number of rows."""
        return len(self.ids)

    def values(self) -> FloatArray:
        """Values in [0, 1], higher is better, as an ``m x n`` C-contiguous array (cached)."""
        if self._values is None:
            self._values = build_values(self.columns, self.x, self.raw)[0]
        return self._values

    def weighted(self, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Weighted values ``w_j v_ij`` (``m x n``) and their sum per row (cached per weights).

        Parameters
        ----------
        weights
            ``m`` weights.

        Returns
        -------
        tuple of numpy.ndarray
        """
        key = "weighted:" + weights.tobytes().hex()
        if key not in self.memo:
            if self._values is None:
                # One pass builds the values and weighs them while they are in cache.
                self._values, built, built_total = build_values(
                    self.columns, self.x, self.raw, weights
                )
                assert built is not None and built_total is not None
                weighted, total = built, built_total
            else:
                weighted, total = compute_weighted(self._values, weights)
            self.memo[key], self.memo[key + ":sum"] = weighted, total
        return self.memo[key], self.memo[key + ":sum"]


def row_blocks(n: int, rows: int = BLOCK_ROWS) -> Iterator[slice]:
    """Consecutive slices of at most ``rows`` rows covering ``range(n)``.

    Parameters
    ----------
    n
        Number of rows.
    rows
        Block size.

    Yields
    ------
    slice
    """
    for start in range(0, n, rows):
        yield slice(start, min(start + rows, n))


def compute_weighted_sum(values: FloatArray, weights: FloatArray) -> FloatArray:
    """Row sums of the weighted values ``sum_j w_j v_ij``, without keeping the weighted values.

    The same element-wise arithmetic as :func:`compute_weighted` (not BLAS), so a row's sum
    does not depend on which other rows are scored with it.

    Parameters
    ----------
    values
        ``m x n`` values.
    weights
        ``m`` weights.

    Returns
    -------
    numpy.ndarray
        ``n`` sums.
    """
    m, n = values.shape
    total: FloatArray = np.empty(n)
    buf = np.empty((m, min(n, BLOCK_ROWS)))
    w = weights[:, None]
    for block in row_blocks(n):
        part = buf[:, : block.stop - block.start]
        np.multiply(values[:, block], w, out=part)
        part.sum(axis=0, out=total[block])
    return total


def compute_weighted(values: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Weighted values ``w_j v_ij`` and their row sums, in one pass over the values.

    Parameters
    ----------
    values
        ``m x n`` values.
    weights
        ``m`` weights.

    Returns
    -------
    tuple of numpy.ndarray
        ``m x n`` weighted values and ``n`` sums.
    """
    m, n = values.shape
    out: FloatArray = np.empty((m, n))
    total: FloatArray = np.empty(n)
    w = weights[:, None]
    # Row blocks: each block's weighted values are summed while still in cache.
    for block in row_blocks(n):
        np.multiply(values[:, block], w, out=out[:, block])
        out[:, block].sum(axis=0, out=total[block])
    return out, total


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
        The ids as str (the index itself when it already is).
    """
    if raw.index.dtype == "str":
        return raw.index
    return raw.index.astype(str)


def ids_strictly_increasing(ids: pd.Index) -> bool:
    """Whether the ids are strictly increasing (so sorted and unique), in one cheap pass.

    Compares neighbours with the storage's own kernel (pyarrow or numpy); hashing a million
    fresh strings, as :attr:`pandas.Index.is_unique` does, costs several times more.

    Parameters
    ----------
    ids
        Candidate ids (str).

    Returns
    -------
    bool
        False also when the comparison is not possible (missing ids, mixed types).
    """
    if len(ids) < 2:
        return True
    if ids.hasnans:
        return False
    try:
        if getattr(ids.dtype, "storage", None) == "pyarrow":
            import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]
            import pyarrow.compute as pc  # type: ignore[import-untyped,import-not-found,unused-ignore]

            values = pa.chunked_array(pa.array(ids.array))
            return bool(pc.all(pc.greater(values[1:], values[:-1])).as_py())
        values = ids.to_numpy()
        return bool((values[1:] > values[:-1]).all())
    except (TypeError, ImportError):
        return False


def check_unique_ids(ids: pd.Index) -> bool:
    """Raise a :class:`~siteselect.errors.DataError` naming the first repeated id.

    Parameters
    ----------
    ids
        Candidate ids (str).

    Returns
    -------
    bool
        Whether the ids are sorted (strictly increasing), found on the way.

    Raises
    ------
    DataError
        When an id appears more than once.
    """
    if ids_strictly_increasing(ids):
        return True
    if ids.is_unique:
        return False
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
) -> tuple[FittedColumns, list[FloatArray], list[tuple[float, float]], tuple[tuple[str, str], ...]]:
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
        The fitted columns; the raw active columns as read and their ``(min, max)`` (NaN when
        a cell is NaN), both reused by :func:`clean_rows`; and ``(criterion, reason)`` for each
        dropped criterion.
    """
    kept: list[CriterionSpec] = []
    cols: list[FloatArray] = []
    extremes: list[tuple[float, float]] = []
    lo: list[float] = []
    hi: list[float] = []
    dropped: list[tuple[str, str]] = []
    for spec in criteria:
        col = read_column(raw, spec.name)
        raw_extremes = a, b = _extremes(col)
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
        extremes.append(raw_extremes)
        lo.append(a)
        hi.append(b)
    columns = FittedColumns(
        criteria=tuple(kept),
        lo=_read_only(np.asarray(lo, dtype=np.float64)),
        hi=_read_only(np.asarray(hi, dtype=np.float64)),
    )
    return columns, cols, extremes, tuple(dropped)


def clean_rows(
    columns: FittedColumns,
    ids: pd.Index,
    raw_cols: Sequence[FloatArray],
    *,
    report_range: BoolArray | None = None,
    extremes: Sequence[tuple[float, float]] | None = None,
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
    extremes
        ``(min, max)`` of each raw column when already known (saves a pass).

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
        a, b = _extremes(col) if extremes is None else extremes[j]
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
    columns: FittedColumns,
    x: Sequence[FloatArray],
    raw: Sequence[FloatArray],
    weights: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray | None, FloatArray | None]:
    """Values in [0, 1] (higher is better) of cleaned rows, as an ``m x n`` array.

    Parameters
    ----------
    columns
        The fitted columns.
    x
        Cleaned raw columns (within the fitted ranges).
    raw
        Raw columns as read, for the absolute value functions.
    weights
        When given, also the weighted values and their row sums (as
        :func:`compute_weighted`), in the same pass.

    Returns
    -------
    tuple
        ``m x n`` C-contiguous values; weighted values and sums, or None without weights.
    """
    m = len(columns.criteria)
    n = len(x[0]) if m else 0
    values: FloatArray = np.empty((m, n))
    weighted = None if weights is None else np.empty((m, n))
    total = None if weights is None else np.empty(n)
    relative = []
    for j, spec in enumerate(columns.criteria):
        if spec.is_absolute:
            values[j] = compute_absolute_values(raw[j], spec)
        else:
            lo, hi = float(columns.lo[j]), float(columns.hi[j])
            relative.append((j, spec.direction == "max", lo, hi, hi - lo))
    for block in row_blocks(n):
        for j, up, lo, hi, span in relative:
            # (x - lo) / span or (hi - x) / span, in place on a block in cache.
            out = values[j, block]
            if up:
                np.subtract(x[j][block], lo, out=out)
            else:
                np.subtract(hi, x[j][block], out=out)
            np.divide(out, span, out=out)
        if weights is not None:
            assert weighted is not None and total is not None
            np.multiply(values[:, block], weights[:, None], out=weighted[:, block])
            weighted[:, block].sum(axis=0, out=total[block])
    return values, weighted, total
