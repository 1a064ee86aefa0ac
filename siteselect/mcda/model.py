"""Fit once, apply anywhere: :class:`Fitted`, :func:`fit`, :func:`apply`, :func:`score`.

:func:`fit` learns from a set of rows everything a method needs to score any other rows: the
active criteria (constant or all-missing columns dropped, with reasons), each criterion's
finite range (NaN cells take the worst fitted value, infinite and out-of-range cells the
nearest end of the range), the normalised weights and the method's own parameters (TOPSIS
norms and ideal points, PROMETHEE II sorted references, VIKOR ``S*``/``S-``/``R*``/``R-``).
:func:`apply` scores rows against a :class:`Fitted` and ranks them; :func:`apply_scores` only
scores them (row order kept), so rows scored in chunks equal rows scored at once.
``score(raw, ...)`` is ``apply(fit(raw, ...), raw)``.

Every criterion first becomes a value ``v`` in [0, 1] (higher is better): its absolute value
function when it has one (``linear``, ``piecewise``, ``logistic``, ``threshold``; these read
the raw values and do not depend on the fitted rows), else a min-max rescaling over the fitted
range. ``v`` is the ``normalised`` table of the result. See the method modules for what each
method consumes: :mod:`~siteselect.mcda.wsm`, :mod:`~siteselect.mcda.topsis`,
:mod:`~siteselect.mcda.promethee`, :mod:`~siteselect.mcda.vikor`.

Missing cells score as the worst: 0 under an absolute value function, the worst fitted finite
value for min-max values and raw-value steps (TOPSIS vector normalisation, PROMETHEE).
Infinite cells are clamped to the fitted finite extremes for those steps and score at the
limits of an absolute value function. Columns without any finite value, and constant columns
of criteria without an absolute value function, are dropped and the weights renormalised over
the rest. Ties (scores rounded to 12 decimals) go to the candidate with fewer missing cells,
then by candidate id (ascending).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from siteselect.errors import DataError
from siteselect.mcda.columns import (
    FittedColumns,
    IntArray,
    Rows,
    check_columns,
    check_unique_ids,
    clean_rows,
    fit_columns,
    ids_strictly_increasing,
    read_column,
    read_ids,
)
from siteselect.mcda.method import Method
from siteselect.mcda.promethee import PrometheeII
from siteselect.mcda.spec import (
    CriterionSpec,
    MethodOptions,
    ScoreResult,
    validate_criteria,
    validate_options,
)
from siteselect.mcda.topsis import TOPSIS
from siteselect.mcda.value import FloatArray
from siteselect.mcda.vikor import VIKOR
from siteselect.mcda.wsm import WSM

# Scores are rounded to this many decimals before ranking, so float noise never decides a tie.
RANK_DECIMALS = 12
# Beyond this many tied rows, checking whether the ids are sorted beats sorting the tied ids.
_FEW_TIES = 10_000

# The fit of each method's class (see the Method protocol).
METHOD_FIT: dict[str, Callable[[Rows, FloatArray, MethodOptions], Method]] = {
    "wsm": WSM.fit,
    "topsis": TOPSIS.fit,
    "promethee": PrometheeII.fit,
    "vikor": VIKOR.fit,
}


@dataclass(frozen=True)
class Fitted:
    """A method fitted on a set of rows: everything needed to score any other rows.

    Small and picklable: per-criterion arrays, plus the sorted reference values for
    PROMETHEE II (``O(n)`` per criterion, the only part that grows with the fitted rows).

    Attributes
    ----------
    method
        ``"wsm"``, ``"topsis"``, ``"promethee"`` or ``"vikor"``.
    options
        Method options.
    columns
        Active criteria and their finite ranges over the fitted rows.
    weights
        Weights normalised over the active criteria (sum 1), in ``columns`` order.
    model
        The method's fitted part (:class:`~siteselect.mcda.wsm.WSM`,
        :class:`~siteselect.mcda.topsis.TOPSIS`, :class:`~siteselect.mcda.promethee.PrometheeII`
        or :class:`~siteselect.mcda.vikor.VIKOR`).
    n_rows
        Number of fitted rows.
    dropped
        ``(criterion, reason)`` for criteria left out (constant or all missing).
    notes
        Remarks on the fitted rows (missing and infinite cells).
    """

    method: str
    options: MethodOptions
    columns: FittedColumns
    weights: FloatArray
    model: Method
    n_rows: int
    dropped: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the active criteria."""
        return self.columns.names

    @property
    def weight_map(self) -> dict[str, float]:
        """Criterion name to normalised weight."""
        return {name: float(w) for name, w in zip(self.names, self.weights, strict=True)}


def fit_and_clean(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions | None = None,
) -> tuple[Fitted, Rows]:
    """Fit on the rows and return them cleaned against the fit (shared by score and sensitivity).

    Parameters
    ----------
    raw, criteria, method, options
        As for :func:`fit`.

    Returns
    -------
    tuple
        The :class:`Fitted` model and the fitted rows, cleaned (what :func:`apply` would
        prepare from ``raw``).

    Raises
    ------
    ConfigError
        Invalid method, options or criteria.
    DataError
        No rows, duplicate ids, a missing column, or no usable criterion left.
    """
    options = MethodOptions() if options is None else options
    validate_options(method, options)
    validate_criteria(criteria)
    if len(raw) == 0:
        msg = "the raw matrix has no candidates; check the filters that built it"
        raise DataError(msg)
    check_columns(raw, [c.name for c in criteria])
    ids = read_ids(raw)
    sorted_ids = check_unique_ids(ids)
    columns, cols, extremes, dropped = fit_columns(raw, criteria)
    reasons = "; ".join(f"{c}: {r}" for c, r in dropped)
    if not columns.criteria:
        hint = (
            "one candidate: give each criterion best and worst (as the shipped profiles do) "
            "so that it is scored on fixed scales"
            if len(raw) == 1
            else "add candidates or criteria"
        )
        msg = (
            "no usable criterion left: every criterion column is constant or missing "
            f"({reasons}); {hint}"
        )
        raise DataError(msg)
    raw_w = np.array([float(c.weight) for c in columns.criteria])
    if raw_w.sum() <= 0:
        msg = (
            f"every criterion with a weight > 0 was dropped ({reasons}); "
            "give a usable criterion a weight"
        )
        raise DataError(msg)
    weights = raw_w / raw_w.sum()
    weights.flags.writeable = False
    rows = clean_rows(columns, ids, cols, extremes=extremes)
    rows.sorted_ids = sorted_ids
    model = METHOD_FIT[method](rows, weights, options)
    fitted = Fitted(
        method=method,
        options=options,
        columns=columns,
        weights=weights,
        model=model,
        n_rows=rows.n,
        dropped=dropped,
        notes=tuple(rows.notes),
    )
    # Out-of-range cells cannot occur on the fitted rows, so these notes are final.
    return fitted, rows


def fit(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions | None = None,
) -> Fitted:
    """Learn from a set of rows everything a method needs to score any rows.

    Parameters
    ----------
    raw
        Index: unique candidate ids; one column per criterion name, in real units. NaN cells
        score as worst; +inf/-inf are allowed (e.g. an unreachable drive time).
    criteria
        The criteria, with weights (normalised over the active ones).
    method
        ``"wsm"``, ``"topsis"``, ``"promethee"`` or ``"vikor"``.
    options
        Method options.

    Returns
    -------
    Fitted

    Raises
    ------
    ConfigError
        Invalid method, options or criteria.
    DataError
        No rows, duplicate ids, a missing column, or no usable criterion left.

    Examples
    --------
    >>> import pandas as pd
    >>> parks = pd.DataFrame({"drive_min": [30.0, 60.0]}, index=["a", "b"])
    >>> model = fit(parks, [CriterionSpec("drive_min", "min", 1.0)])
    >>> grid = pd.DataFrame({"drive_min": [45.0, 90.0]}, index=["g1", "g2"])
    >>> apply_scores(model, grid).tolist()
    [0.5, 0.0]
    """
    return fit_and_clean(raw, criteria, method, options)[0]


def _prepare(fitted: Fitted, raw_rows: pd.DataFrame, ids: pd.Index) -> Rows:
    check_columns(raw_rows, fitted.names)
    cols = [read_column(raw_rows, name) for name in fitted.names]
    return clean_rows(
        fitted.columns, ids, cols, report_range=fitted.model.uses_range(fitted.columns)
    )


def apply_scores(fitted: Fitted, raw_rows: pd.DataFrame) -> FloatArray:
    """Scores of any rows against a fitted model, in row order, without ranking.

    What a chunked scorer calls: scores do not depend on how the rows are split.

    Parameters
    ----------
    fitted
        Output of :func:`fit`.
    raw_rows
        One column per active criterion of ``fitted`` (other columns are ignored); the index
        is not read.

    Returns
    -------
    numpy.ndarray
        One score per row, higher is better.

    Raises
    ------
    DataError
        A criterion column is missing.
    """
    rows = _prepare(fitted, raw_rows, raw_rows.index)
    if rows.n == 0:
        return np.zeros(0)
    return fitted.model.apply_scores(rows, np.asarray(fitted.weights))


def apply(fitted: Fitted, raw_rows: pd.DataFrame) -> ScoreResult:
    """Score and rank any rows against a fitted model.

    Parameters
    ----------
    fitted
        Output of :func:`fit`.
    raw_rows
        Index: unique candidate ids; one column per active criterion of ``fitted``.

    Returns
    -------
    ScoreResult
        Notes describe the cells of ``raw_rows`` (missing, infinite, outside the fitted range)
        and, for VIKOR, the conditions on the ranked rows.

    Raises
    ------
    DataError
        Duplicate ids or a missing criterion column.
    """
    ids = read_ids(raw_rows)
    sorted_ids = check_unique_ids(ids)
    rows = _prepare(fitted, raw_rows, ids)
    rows.sorted_ids = sorted_ids
    return _result(fitted, rows)


def score(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions = MethodOptions(),  # noqa: B008 - frozen dataclass, safe default
) -> ScoreResult:
    """Score and rank candidates with one MCDA method: ``apply(fit(raw, ...), raw)``.

    Parameters
    ----------
    raw
        Index: unique candidate ids (str); one float column per criterion name (real units).
        NaN cells score as worst; +inf/-inf are allowed (e.g. unreachable drive time).
    criteria
        The criteria, with weights (normalised over the active ones).
    method
        ``"wsm"``, ``"topsis"``, ``"promethee"`` or ``"vikor"``; see the module docstring for
        what each consumes.
    options
        Method options.

    Returns
    -------
    ScoreResult

    Raises
    ------
    ConfigError
        Unknown method or invalid specification.
    DataError
        Duplicate ids, missing columns, or no usable criterion.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"drive_min": [30.0, 60.0]}, index=["a", "b"])
    >>> crit = [CriterionSpec("drive_min", "min", 1.0)]
    >>> score(raw, crit).table["rank"].to_dict()
    {'a': 1, 'b': 2}
    """
    # The fitted rows are the rows to score: clean them once and reuse them.
    fitted, rows = fit_and_clean(raw, criteria, method, options)
    return _result(fitted, rows)


def compute_ranks(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions = MethodOptions(),  # noqa: B008 - frozen dataclass, safe default
) -> IntArray:
    """The rank (1 = best) of each row of ``raw``, in ``raw``'s row order: the ranks of
    :func:`score` without its tables, notes or a look-up of each id (what a comparison of the
    methods over every candidate needs).

    Parameters
    ----------
    raw, criteria, method, options
        As for :func:`score`.

    Returns
    -------
    numpy.ndarray
        ``score(raw, ...).table["rank"]`` in the order of ``raw.index``.
    """
    fitted, rows = fit_and_clean(raw, criteria, method, options)
    ranks = np.zeros(rows.n, dtype=np.int64)
    if not rows.n:
        return ranks
    out = fitted.model.apply(rows, np.asarray(fitted.weights))
    missing = _count_missing(rows.raw, rows.n)
    order = compute_rank_order(out.score, rows.ids, rows.sorted_ids, missing)
    ranks[order] = np.arange(1, rows.n + 1, dtype=np.int64)
    return ranks


def compute_rank_order(
    scores: FloatArray,
    ids: pd.Index,
    sorted_ids: bool | None = None,
    missing: IntArray | None = None,
) -> IntArray:
    """Row order by score descending (rounded to 12 decimals), ties by the fewer missing
    values, then by id ascending.

    Parameters
    ----------
    scores
        ``n`` scores.
    ids
        The rows' ids (str).
    sorted_ids
        Whether ``ids`` are strictly increasing, when the caller knows.
    missing
        Missing raw values of each row. A missing value is scored as the worst, so a site
        that ties with one known to be the worst has not been shown to be as good: the known
        one ranks first.

    Returns
    -------
    numpy.ndarray
        Row indices from best to worst.
    """
    key = np.round(scores, RANK_DECIMALS)
    np.negative(key, out=key)
    order = np.argsort(key).astype(np.int64)  # not stable, but fast; ties are settled below
    ranked = key[order]
    tied = ranked[1:] == ranked[:-1]
    if not tied.any():
        return order
    # Re-order only the rows inside runs of equal keys (contiguous in sorted order) by id.
    in_run = np.zeros(len(order), dtype=bool)
    in_run[1:] |= tied
    in_run[:-1] |= tied
    pos = np.flatnonzero(in_run)
    sub = order[pos]
    if sorted_ids is None and pos.size > _FEW_TIES:
        sorted_ids = ids_strictly_increasing(ids)
    if sorted_ids:
        id_key: IntArray = sub  # rows are in id order: positions compare like ids
    else:
        sub_ids = ids.take(sub).to_numpy(dtype=object)
        id_key = np.argsort(np.argsort(sub_ids, kind="stable"), kind="stable")
    keys = (id_key, ranked[pos]) if missing is None else (id_key, missing[sub], ranked[pos])
    order[pos] = sub[np.lexsort(keys)]
    return order


def _count_missing(raw: Sequence[FloatArray], n: int) -> IntArray | None:
    """Missing (NaN) raw values of each row, or ``None`` when no row has one."""
    counts = np.zeros(n, dtype=np.int64)
    for col in raw:
        counts += np.isnan(col)
    return counts if counts.any() else None


def _result(fitted: Fitted, rows: Rows) -> ScoreResult:
    weights = np.asarray(fitted.weights)
    out = fitted.model.apply(rows, weights) if rows.n else None
    names = list(fitted.names)
    index = rows.ids.set_names("id")
    if out is None:
        empty = np.zeros((0, len(names)))
        cols = {"score": np.zeros(0), "rank": np.zeros(0, dtype=np.int64)}
        return ScoreResult(
            method=fitted.method,
            weights=fitted.weight_map,
            table=pd.DataFrame(cols, index=index),
            normalised=pd.DataFrame(empty, index=index, columns=names),
            contributions=pd.DataFrame(empty, index=index, columns=names),
            dropped=fitted.dropped,
            notes=tuple(rows.notes),
        )
    missing = _count_missing(rows.raw, rows.n)
    order = compute_rank_order(out.score, rows.ids, rows.sorted_ids, missing)
    labels = ["score", *out.columns]
    # Row-interleaved columns: gathering a row in rank order touches one cache line, not k.
    stack = np.empty((rows.n, len(labels)))
    for i, col in enumerate([out.score, *out.columns.values()]):
        stack[:, i] = col
    ranked_stack = stack.take(order, axis=0)
    ranked = {name: ranked_stack[:, i + 1] for i, name in enumerate(out.columns)}
    ranked_ids = rows.ids.take(order).set_names("id")
    table = pd.DataFrame(ranked_stack, index=ranked_ids, columns=labels, copy=False)
    table.insert(1, "rank", np.arange(1, rows.n + 1, dtype=np.int64))
    notes = [*rows.notes, *fitted.model.ranked_notes(ranked_ids, ranked)]
    # Per-criterion tables wrap the m x n arrays without a copy: rows in input order.
    normalised = pd.DataFrame(rows.values().T, index=index, columns=names, copy=False)
    contributions = pd.DataFrame(out.contributions.T, index=index, columns=names, copy=False)
    return ScoreResult(
        method=fitted.method,
        weights=fitted.weight_map,
        table=table,
        normalised=normalised,
        contributions=contributions,
        dropped=fitted.dropped,
        notes=tuple(notes),
    )
