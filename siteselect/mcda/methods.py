"""Aggregation methods (WSM, TOPSIS, PROMETHEE II, VIKOR) and :func:`score`.

What each method consumes
-------------------------
Every criterion is first turned into a value ``v`` in [0, 1] (higher is better): its absolute
value function when it has one (``linear``, ``piecewise``, ``logistic``, ``threshold``), else a
min-max rescaling over the candidates. ``v`` is the ``normalised`` table of the result.

* WSM: ``score = sum_j w_j v_ij``. With absolute value functions a candidate's score does not
  depend on the other candidates (no rank reversal).
* TOPSIS (Hwang & Yoon 1981): criteria without a value function (``value=None``) are
  normalised as ``options.topsis_normalization`` says (``"vector"``: ``x / ||x||`` on the raw
  column; ``"minmax"``: ``v``); ``value="vector"`` forces vector normalisation and
  ``value="minmax"`` min-max. Vector-normalised columns take their ideal and anti-ideal from the
  candidates (best and worst weighted value); value columns use the fixed ideal 1 and anti-ideal
  0. Distances are Euclidean in the weighted space; ``score = closeness = d- / (d+ + d-)``.
* PROMETHEE II (Brans & Vincke 1985): pairwise differences of the raw values, oriented by
  direction, with ``q``, ``p``, ``s`` in the criterion's raw units (minutes, km, people), as
  analysts state them; value functions do not enter the flows (they still give ``normalised``
  for display and explanations). Flows are divided
  by ``n - 1``; ``score = phi = phi_plus - phi_minus``. The flows are computed exactly in
  O(n log n) per criterion by sorting and prefix sums for the usual, u-shape, v-shape, level and
  linear functions, and in row blocks (O(n^2) time, O(n) memory) for the Gaussian one.
* VIKOR (Opricovic & Tzeng 2004): regrets ``1 - v`` (for min-max values this is exactly
  ``(f* - f) / (f* - f-)``), ``S = sum_j w_j (1 - v_ij)``, ``R = max_j w_j (1 - v_ij)``,
  ``Q = v (S - S*) / (S- - S*) + (1 - v) (R - R*) / (R- - R*)`` (a term is 0 when its range is
  0); ``score = 1 - Q``. Conditions C1 (acceptable advantage) and C2 (acceptable stability) are
  reported in ``notes``.

Missing cells (NaN) score as the worst: 0 under a value function, the worst finite value of the
column for raw-matrix steps (TOPSIS vector normalisation, PROMETHEE on raw values). Infinite
cells are clamped to the column's finite extremes for those steps, and score at the limits of
an absolute value function. Columns without any finite value, and constant columns of criteria
without an absolute value function, are dropped and the weights renormalised over the rest.
Ties are broken by candidate id (ascending), after rounding scores to 12 decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from siteselect.errors import DataError
from siteselect.mcda.spec import (
    CriterionSpec,
    MethodOptions,
    ScoreResult,
    validate_criteria,
    validate_options,
)
from siteselect.mcda.value import (
    FloatArray,
    clean_column,
    compute_absolute_values,
    compute_minmax_values,
)

IntArray = NDArray[np.int64]

# Pairwise blocks for the Gaussian preference function hold at most this many cells.
_BLOCK_CELLS = 2_000_000
# Scores are rounded to this many decimals before ranking, so float noise never decides a tie.
_RANK_DECIMALS = 12


# --------------------------------------------------------------------------------------------
# Array kernels (plain numpy; also used by the benchmark)
# --------------------------------------------------------------------------------------------


def compute_topsis_closeness(
    matrix: FloatArray,
    weights: FloatArray,
    ideal: FloatArray,
    anti_ideal: FloatArray,
) -> FloatArray:
    """TOPSIS relative closeness for one or many weight vectors.

    Parameters
    ----------
    matrix
        ``n x m`` normalised (unweighted) matrix.
    weights
        ``m`` weights, or ``k x m`` weight vectors (one per row).
    ideal, anti_ideal
        ``m`` unweighted ideal and anti-ideal points; with weights >= 0 the weighted ideal is
        ``w * ideal``.

    Returns
    -------
    numpy.ndarray
        ``n`` closeness values, or ``n x k`` for ``k`` weight vectors.
    """
    w2 = np.square(np.asarray(weights, dtype=np.float64))
    dp = np.sqrt(np.maximum(np.square(matrix - ideal) @ w2.T, 0.0))
    dm = np.sqrt(np.maximum(np.square(matrix - anti_ideal) @ w2.T, 0.0))
    total = dp + dm
    out: FloatArray = np.full_like(total, 0.5)
    np.divide(dm, total, out=out, where=total > 0)
    return out


def compute_topsis(
    matrix: FloatArray,
    weights: FloatArray,
    benefit: NDArray[np.bool_],
    normalization: str = "vector",
) -> FloatArray:
    """Classic TOPSIS on a raw matrix (Hwang & Yoon 1981).

    Parameters
    ----------
    matrix
        ``n x m`` raw matrix, finite.
    weights
        ``m`` weights (normalised by the caller or not: closeness is scale-free).
    benefit
        ``m`` booleans, True where more is better.
    normalization
        ``"vector"`` (``x / ||x||``) or ``"minmax"``.

    Returns
    -------
    numpy.ndarray
        ``n`` closeness values in [0, 1].
    """
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    benefit = np.asarray(benefit, dtype=bool)
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    if normalization == "vector":
        norm = np.sqrt(np.einsum("ij,ij->j", x, x))
        coef = w / np.where(norm > 0, norm, 1.0)  # weighted vector normalisation, one pass
        offset = np.zeros_like(coef)
    else:
        span = hi - lo
        coef = np.where(benefit, 1.0, -1.0) * w / np.where(span > 0, span, 1.0)
        offset = np.where(benefit, -lo, -hi) * coef
    # Weighted normalised matrix v = x * coef + offset; its ideal points follow from x's extremes.
    vhi = hi * coef + offset
    vlo = lo * coef + offset
    top = np.maximum(vhi, vlo)
    bottom = np.minimum(vhi, vlo)
    # Vector-normalised columns keep the raw orientation; min-max ones are already "more is better".
    oriented = benefit if normalization == "vector" else np.ones_like(benefit)
    ideal = np.where(oriented, top, bottom)
    anti = np.where(oriented, bottom, top)
    v = x * coef
    if normalization != "vector":
        v += offset
    # |v - a|^2 = |v|^2 - 2 v.a + |a|^2: three matrix-vector passes and no n x m temporaries.
    # (Two gemv calls beat one n x m @ m x 2 gemm here by an order of magnitude.)
    sq = np.einsum("ij,ij->i", v, v)
    dp = np.sqrt(np.maximum(sq - 2.0 * (v @ ideal) + ideal @ ideal, 0.0))
    dm = np.sqrt(np.maximum(sq - 2.0 * (v @ anti) + anti @ anti, 0.0))
    total = dp + dm
    out: FloatArray = np.full_like(total, 0.5)
    np.divide(dm, total, out=out, where=total > 0)
    return out


def compute_vikor_indices(
    values: FloatArray, weights: FloatArray, v: float = 0.5
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """VIKOR S, R and Q from values in [0, 1] (1 = best candidate's level).

    Parameters
    ----------
    values
        ``n x m`` values, higher is better; ``1 - values`` are the normalised regrets.
    weights
        ``m`` weights summing to 1.
    v
        Weight of the group-utility strategy.

    Returns
    -------
    tuple of numpy.ndarray
        ``S``, ``R`` and ``Q`` (lower is better for each).
    """
    regret = (1.0 - values) * weights
    s = regret.sum(axis=1)
    r = regret.max(axis=1)
    return s, r, _vikor_q(s, r, v)


def _vikor_q(s: FloatArray, r: FloatArray, v: float) -> FloatArray:
    s_lo, s_hi = s.min(axis=0), s.max(axis=0)
    r_lo, r_hi = r.min(axis=0), r.max(axis=0)
    s_span = s_hi - s_lo
    r_span = r_hi - r_lo
    qs = np.zeros_like(s)
    qr = np.zeros_like(r)
    np.divide(s - s_lo, s_span, out=qs, where=np.broadcast_to(s_span > 0, s.shape))
    np.divide(r - r_lo, r_span, out=qr, where=np.broadcast_to(r_span > 0, r.shape))
    out: FloatArray = v * qs + (1.0 - v) * qr
    return out


def compute_vikor(
    matrix: FloatArray, weights: FloatArray, benefit: NDArray[np.bool_], v: float = 0.5
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Classic VIKOR on a raw matrix (Opricovic & Tzeng 2004).

    Parameters
    ----------
    matrix
        ``n x m`` raw matrix, finite.
    weights
        ``m`` weights; normalised here to sum to 1.
    benefit
        ``m`` booleans, True where more is better.
    v
        Weight of the group-utility strategy.

    Returns
    -------
    tuple of numpy.ndarray
        ``S``, ``R`` and ``Q``.
    """
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    benefit = np.asarray(benefit, dtype=bool)
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    span = hi - lo
    best = np.where(benefit, hi, lo)
    # Weighted regret w_j (f*_j - f_ij) / (f*_j - f-_j) in two passes over the matrix.
    coef = np.where(benefit, 1.0, -1.0) * w / np.where(span > 0, span, np.inf)
    regret = np.subtract(best, x)
    regret *= coef
    s = regret.sum(axis=1)
    r = regret.max(axis=1)
    return s, r, _vikor_q(s, r, v)


def compute_preference_sums(
    x: FloatArray,
    preference: str = "usual",
    q: float | None = None,
    p: float | None = None,
    s: float | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Sum of one criterion's PROMETHEE preference degrees, leaving and entering, per candidate.

    ``leaving[a] = sum_b P(a, b)`` and ``entering[a] = sum_b P(b, a)`` with
    ``P(a, b) = F(x_a - x_b)`` and ``F`` the preference function (Brans & Vincke 1985).
    Exact and O(n log n) for every function except ``gaussian`` (row blocks, O(n^2) time).

    Parameters
    ----------
    x
        ``n`` finite values, oriented so that more is better.
    preference
        ``usual``, ``u-shape``, ``v-shape``, ``level``, ``linear`` or ``gaussian``.
    q, p, s
        Indifference, preference and Gaussian thresholds (same units as ``x``).

    Returns
    -------
    tuple of numpy.ndarray
        ``leaving`` and ``entering`` sums (not yet divided by ``n - 1``).
    """
    x = np.asarray(x, dtype=np.float64)
    if preference in ("v-shape", "linear") and x.size:
        # Centring keeps the prefix sums small; these functions are continuous, so the rounding
        # it adds never flips a threshold comparison by more than a rounding error.
        x = x - x.mean()
    if preference == "gaussian":
        assert s is not None
        return _gaussian_sums(x, float(s))
    return _sorted_sums(x, preference, q, p), _sorted_sums(-x, preference, q, p)


def compute_promethee_ii(
    matrix: FloatArray,
    weights: FloatArray,
    benefit: NDArray[np.bool_],
    preference: str = "usual",
    q: FloatArray | None = None,
    p: FloatArray | None = None,
    s: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """PROMETHEE II flows on a raw matrix, one preference function for all criteria.

    Parameters
    ----------
    matrix
        ``n x m`` raw matrix, finite.
    weights
        ``m`` weights; normalised here to sum to 1.
    benefit
        ``m`` booleans, True where more is better.
    preference
        Preference function name (see :func:`compute_preference_sums`).
    q, p, s
        Per-criterion thresholds (``m`` values each) where the function needs them.

    Returns
    -------
    tuple of numpy.ndarray
        ``phi_plus``, ``phi_minus`` and ``phi`` (divided by ``n - 1``).
    """
    x = np.asarray(matrix, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    n, m = x.shape
    plus = np.zeros(n)
    minus = np.zeros(n)
    for j in range(m):
        col = x[:, j] if benefit[j] else -x[:, j]
        lp, lm = compute_preference_sums(
            col,
            preference,
            None if q is None else float(q[j]),
            None if p is None else float(p[j]),
            None if s is None else float(s[j]),
        )
        plus += w[j] * lp
        minus += w[j] * lm
    denom = max(n - 1, 1)
    plus /= denom
    minus /= denom
    return plus, minus, plus - minus


def _sorted_sums(x: FloatArray, preference: str, q: float | None, p: float | None) -> FloatArray:
    xs = np.sort(x)
    csum = np.concatenate(([0.0], np.cumsum(xs)))

    def below(t: FloatArray) -> IntArray:
        return np.searchsorted(xs, t, side="left").astype(np.int64)  # count of x_b < t

    if preference == "usual":
        return below(x).astype(np.float64)
    if preference == "u-shape":
        assert q is not None
        return below(x - q).astype(np.float64)
    if preference == "level":
        assert q is not None and p is not None
        n_p = below(x - p)
        return n_p + 0.5 * (below(x - q) - n_p)
    if preference == "v-shape":
        assert p is not None
        n_p = below(x - p)
        n_0 = below(x)
        k = n_0 - n_p
        inner = (k * x - (csum[n_0] - csum[n_p])) / p
        v_sums: FloatArray = n_p + np.clip(inner, 0.0, k)
        return v_sums
    if preference == "linear":
        assert q is not None and p is not None
        n_p = below(x - p)
        n_q = below(x - q)
        k = n_q - n_p
        inner = (k * (x - q) - (csum[n_q] - csum[n_p])) / (p - q)
        l_sums: FloatArray = n_p + np.clip(inner, 0.0, k)
        return l_sums
    msg = f"unknown preference function {preference!r}"  # pragma: no cover - validated earlier
    raise ValueError(msg)  # pragma: no cover


def _gaussian_sums(x: FloatArray, s: float) -> tuple[FloatArray, FloatArray]:
    n = x.size
    leaving = np.zeros(n)
    entering = np.zeros(n)
    block = max(1, _BLOCK_CELLS // max(n, 1))
    two_s2 = 2.0 * s * s
    for start in range(0, n, block):
        d = x[start : start + block, None] - x[None, :]
        g = 1.0 - np.exp(-np.square(d) / two_s2)
        leaving[start : start + block] = np.where(d > 0, g, 0.0).sum(axis=1)
        entering[start : start + block] = np.where(d < 0, g, 0.0).sum(axis=1)
    return leaving, entering


# --------------------------------------------------------------------------------------------
# Preparation shared by score() and the sensitivity tools
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedScoring:
    """Everything a method needs to score candidates under any weight vector.

    Built once by :func:`build_prepared_scoring`; :func:`compute_scores` then scores one or
    many weight vectors. Rows are sorted by candidate id.
    """

    method: str
    options: MethodOptions
    ids: NDArray[np.str_]
    names: tuple[str, ...]
    raw_weights: FloatArray
    values: FloatArray
    topsis_matrix: FloatArray | None
    topsis_ideal: FloatArray | None
    topsis_anti: FloatArray | None
    flows_plus: FloatArray | None
    flows_minus: FloatArray | None
    dropped: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]

    @property
    def weights(self) -> FloatArray:
        """Weights normalised over the active criteria."""
        total = float(self.raw_weights.sum())
        out: FloatArray = self.raw_weights / total
        return out


def build_prepared_scoring(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions | None = None,
) -> PreparedScoring:
    """Validate inputs, resolve missing cells, drop useless columns and precompute per-method data.

    Parameters
    ----------
    raw
        Index: unique candidate ids; one float column per criterion name, in real units.
    criteria
        The criteria to use.
    method
        ``"wsm"``, ``"topsis"``, ``"promethee"`` or ``"vikor"``.
    options
        Method options.

    Returns
    -------
    PreparedScoring

    Raises
    ------
    ConfigError
        Invalid method, options or criteria.
    DataError
        Duplicate ids, a missing column, or no usable criterion left.
    """
    options = MethodOptions() if options is None else options
    validate_options(method, options)
    validate_criteria(criteria)
    ids = np.asarray(raw.index.astype(str), dtype=str)
    if len(ids) == 0:
        msg = "the raw matrix has no candidates; check the filters that built it"
        raise DataError(msg)
    missing = [c.name for c in criteria if c.name not in raw.columns]
    if missing:
        msg = (
            f"raw matrix has no column for criteria {', '.join(map(repr, missing))}; "
            "compute them or remove the criteria"
        )
        raise DataError(msg)
    order: IntArray | None = None
    if not pd.Index(ids).is_monotonic_increasing:
        order = np.argsort(ids, kind="stable").astype(np.int64)
        ids = ids[order]
    if len(ids) > 1 and bool((ids[1:] == ids[:-1]).any()):
        dup = str(ids[1:][ids[1:] == ids[:-1]][0])
        msg = f"candidate id {dup!r} appears more than once in the raw matrix; make ids unique"
        raise DataError(msg)

    names: list[str] = []
    weights: list[float] = []
    values: list[FloatArray] = []
    topsis_cols: list[FloatArray] = []
    ideal: list[float] = []
    anti: list[float] = []
    plus: list[FloatArray] = []
    minus: list[FloatArray] = []
    dropped: list[tuple[str, str]] = []
    notes: list[str] = []
    n = len(ids)
    for spec in criteria:
        series = raw[spec.name]
        if not pd.api.types.is_numeric_dtype(series.dtype) or series.dtype == bool:
            series = pd.to_numeric(series, errors="coerce")
        col = series.to_numpy(dtype=np.float64, na_value=np.nan)
        if order is not None:
            col = col[order]
        clean = clean_column(col, spec.direction)
        if clean is None:
            dropped.append((spec.name, "all values missing"))
            continue
        absolute = spec.is_absolute
        if not absolute and clean.hi == clean.lo:
            dropped.append((spec.name, f"constant ({clean.lo:g}) across candidates"))
            continue
        if clean.n_missing:
            nan_ids = ids[np.isnan(col)]
            shown = ", ".join(nan_ids[:5]) + (" ..." if len(nan_ids) > 5 else "")
            notes.append(
                f"{spec.name}: {clean.n_missing} missing cell(s) scored as worst ({shown})"
            )
        if clean.n_infinite:
            notes.append(
                f"{spec.name}: {clean.n_infinite} infinite cell(s) scored at the column's extremes"
            )
        if absolute:
            v = compute_absolute_values(col, spec)
        else:
            v = compute_minmax_values(clean, spec.direction)
        names.append(spec.name)
        weights.append(float(spec.weight))
        values.append(v)
        if method == "topsis":
            vector = spec.value == "vector" or (
                spec.value is None and options.topsis_normalization == "vector"
            )
            if vector:
                x = clean.values
                norm = float(np.sqrt(np.dot(x, x)))
                r = x / norm if norm > 0 else x
                hi, lo = float(r.max()), float(r.min())
                topsis_cols.append(r)
                ideal.append(hi if spec.direction == "max" else lo)
                anti.append(lo if spec.direction == "max" else hi)
            else:
                topsis_cols.append(v)
                ideal.append(1.0)
                anti.append(0.0)
        elif method == "promethee":
            oriented = clean.values if spec.direction == "max" else -clean.values
            lp, lm = compute_preference_sums(oriented, spec.preference, spec.q, spec.p, spec.s)
            denom = max(n - 1, 1)
            plus.append(lp / denom)
            minus.append(lm / denom)

    if not names:
        msg = (
            "no usable criterion left: every criterion column is constant or missing "
            f"({'; '.join(f'{c}: {r}' for c, r in dropped)}); add candidates or criteria"
        )
        raise DataError(msg)
    raw_w = np.asarray(weights, dtype=np.float64)
    if raw_w.sum() <= 0:
        msg = (
            "every criterion with a weight > 0 was dropped "
            f"({'; '.join(f'{c}: {r}' for c, r in dropped)}); give a usable criterion a weight"
        )
        raise DataError(msg)

    def stack(cols: list[FloatArray]) -> FloatArray | None:
        return np.column_stack(cols) if cols else None

    return PreparedScoring(
        method=method,
        options=options,
        ids=ids,
        names=tuple(names),
        raw_weights=raw_w,
        values=np.column_stack(values),
        topsis_matrix=stack(topsis_cols),
        topsis_ideal=np.asarray(ideal) if method == "topsis" else None,
        topsis_anti=np.asarray(anti) if method == "topsis" else None,
        flows_plus=stack(plus),
        flows_minus=stack(minus),
        dropped=tuple(dropped),
        notes=tuple(notes),
    )


def compute_scores(prep: PreparedScoring, weights: FloatArray) -> FloatArray:
    """Scores (higher is better) of every candidate under one or many weight vectors.

    Parameters
    ----------
    prep
        Output of :func:`build_prepared_scoring`.
    weights
        ``m`` weights or ``k x m`` weight vectors over ``prep.names``, each summing to 1.

    Returns
    -------
    numpy.ndarray
        ``n`` scores, or ``n x k``.
    """
    w = np.asarray(weights, dtype=np.float64)
    if prep.method == "wsm":
        out: FloatArray = prep.values @ w.T
        return out
    if prep.method == "topsis":
        assert prep.topsis_matrix is not None
        assert prep.topsis_ideal is not None and prep.topsis_anti is not None
        return compute_topsis_closeness(prep.topsis_matrix, w, prep.topsis_ideal, prep.topsis_anti)
    if prep.method == "promethee":
        assert prep.flows_plus is not None and prep.flows_minus is not None
        out = (prep.flows_plus - prep.flows_minus) @ w.T
        return out
    # vikor
    regret = 1.0 - prep.values
    v = prep.options.vikor_v
    if w.ndim == 1:
        return 1.0 - compute_vikor_indices(prep.values, w, v)[2]
    s = regret @ w.T
    r = np.empty_like(s)
    chunk = max(1, _BLOCK_CELLS // max(regret.size, 1))
    for start in range(0, w.shape[0], chunk):
        wb = w[start : start + chunk]
        r[:, start : start + chunk] = (regret[:, :, None] * wb.T[None, :, :]).max(axis=1)
    return 1.0 - _vikor_q(s, r, v)


def compute_rank_order(scores: FloatArray) -> IntArray:
    """Row order by score descending then row position (rows are sorted by id) ascending.

    Parameters
    ----------
    scores
        ``n`` scores, or ``n x k`` (ranked per column).

    Returns
    -------
    numpy.ndarray
        Row indices from best to worst (``n``, or ``n x k``).
    """
    key = -np.round(scores, _RANK_DECIMALS)
    return np.argsort(key, axis=0, kind="stable").astype(np.int64)


def score(
    raw: pd.DataFrame,
    criteria: Sequence[CriterionSpec],
    method: str = "wsm",
    options: MethodOptions = MethodOptions(),  # noqa: B008 - frozen dataclass, safe default
) -> ScoreResult:
    """Score and rank candidates with one MCDA method.

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
    prep = build_prepared_scoring(raw, criteria, method, options)
    w = prep.weights
    scores = compute_scores(prep, w)
    order = compute_rank_order(scores)
    ids = prep.ids[order]
    index = pd.Index(ids, name="id")
    table = pd.DataFrame({"score": scores[order]}, index=index)
    table["rank"] = np.arange(1, len(ids) + 1, dtype=np.int64)
    notes = list(prep.notes)
    values = prep.values[order]
    if method == "wsm":
        contrib = values * w
    elif method == "topsis":
        table["closeness"] = scores[order]
        contrib = values * w
    elif method == "promethee":
        assert prep.flows_plus is not None and prep.flows_minus is not None
        fp = prep.flows_plus[order]
        fm = prep.flows_minus[order]
        table["phi_plus"] = fp @ w
        table["phi_minus"] = fm @ w
        table["phi"] = scores[order]
        contrib = (fp - fm) * w
    else:
        s, r, q = compute_vikor_indices(values, w, options.vikor_v)
        table["S"] = s
        table["R"] = r
        table["Q"] = q
        contrib = values * w
        notes.extend(_vikor_conditions(ids, s, r, q))
    names = list(prep.names)
    normalised = pd.DataFrame(values, index=index, columns=names)
    contributions = pd.DataFrame(contrib, index=index, columns=names)
    return ScoreResult(
        method=method,
        weights={name: float(x) for name, x in zip(names, w, strict=False)},
        table=table,
        normalised=normalised,
        contributions=contributions,
        dropped=prep.dropped,
        notes=tuple(notes),
    )


def _vikor_conditions(
    ids: NDArray[np.str_], s: FloatArray, r: FloatArray, q: FloatArray
) -> list[str]:
    """VIKOR compromise conditions for rows already sorted by Q (Opricovic & Tzeng 2004)."""
    n = len(ids)
    if n < 2:
        return []
    dq = 1.0 / (n - 1)
    c1 = bool(q[1] - q[0] >= dq - 1e-12)
    best_s = bool(np.isclose(s[0], s.min()))
    best_r = bool(np.isclose(r[0], r.min()))
    c2 = best_s or best_r
    first = ids[0]
    out = [
        f"VIKOR C1 acceptable advantage: {'met' if c1 else 'not met'} "
        f"(Q2 - Q1 = {q[1] - q[0]:.4f}, DQ = {dq:.4f})",
        f"VIKOR C2 acceptable stability: {'met' if c2 else 'not met'} "
        f"({first} is {'best' if best_s else 'not best'} by S, "
        f"{'best' if best_r else 'not best'} by R)",
    ]
    if c1 and c2:
        out.append(f"VIKOR compromise solution: {first}")
    elif not c1:
        mask = q - q[0] < dq - 1e-12
        comp = ", ".join(ids[mask][:10]) + (" ..." if int(mask.sum()) > 10 else "")
        out.append(f"VIKOR compromise set (C1 not met): {comp}")
    else:
        out.append(f"VIKOR compromise set (C2 not met): {first}, {ids[1]}")
    return out
